"""The REST API as a FastAPI app; Reflex is mounted inside it so API routes win."""

from __future__ import annotations

from fastapi import Depends, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from tra_da import __version__
from tra_da import metrics as measures
from tra_da.admission import AdmissionMiddleware
from tra_da.api import (
    auth,
    booking,
    calendar,
    google,
    health,
    mentors,
    metrics,
    payments,
    samples,
    session_logs,
)
from tra_da.api.errors import error_response, install_error_handlers
from tra_da.api.middleware import ASGIApp, wrap
from tra_da.api.ratelimit import limit_api
from tra_da.settings import get_settings

API_ROUTERS = [
    health.router,
    auth.router,
    google.router,
    calendar.router,
    mentors.router,
    session_logs.router,  # before booking: /api/mentors/me/... must not read 'me' as an id
    booking.router,
    payments.router,
    samples.router,
]


def create_api() -> FastAPI:
    api = FastAPI(
        dependencies=[Depends(limit_api)],  # every /api route, in one place
        title="Trà Đá API",
        version=__version__,
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    install_error_handlers(api)
    for router in API_ROUTERS:
        api.include_router(router)
    api.include_router(metrics.router)

    # Swagger UI is served from the swagger-ui-bundle package: no CDN, works offline and under CSP.
    api.mount("/api/docs/assets", StaticFiles(directory=swagger_ui_path), name="swagger-assets")

    @api.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json",
            title="Trà Đá API",
            swagger_js_url="/api/docs/assets/swagger-ui-bundle.js",
            swagger_css_url="/api/docs/assets/swagger-ui.css",
            swagger_favicon_url="/api/docs/assets/favicon-32x32.png",
        )

    # Unknown API paths answer with the error object instead of falling through to the pages.
    @api.api_route(
        "/api/{path:path}",
        methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        include_in_schema=False,
    )
    def unknown_api_route(path: str) -> JSONResponse:
        return error_response(404, "not_found", f"No API route /api/{path}; see /api/docs.")

    return api


def transform(reflex_asgi: ASGIApp) -> ASGIApp:
    """Reflex's api_transformer: API in front of the pages, cross-cutting middleware around all."""
    api = create_api()
    if get_settings().serve_exported_frontend:
        _mount_exported_frontend(reflex_asgi)
    api.mount("", reflex_asgi)
    return wrap(
        AdmissionMiddleware(api),
        max_body_bytes=get_settings().max_json_body_bytes,
        measure=measures.MetricsMiddleware,
    )


def _mount_exported_frontend(reflex_asgi: ASGIApp) -> None:
    """`reflex run --backend-only` serves the frontend exported at build time (containers: no
    Node.js and no build at start). `--single-port` mounts it itself: nothing to do then."""
    from reflex.utils.exec import get_frontend_mount
    from reflex_base.environment import environment
    from starlette.applications import Starlette

    if environment.REFLEX_MOUNT_FRONTEND_COMPILED_APP.get():
        return
    if not isinstance(reflex_asgi, Starlette):
        raise RuntimeError("SERVE_EXPORTED_FRONTEND needs Reflex's Starlette app to mount into")
    reflex_asgi.routes.append(get_frontend_mount())
