"""The REST API as a FastAPI app; Reflex is mounted inside it so API routes win."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.routing import APIRoute
from starlette.convertors import PathConvertor, register_url_convertor
from starlette.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from tra_da import __version__, static_assets
from tra_da import metrics as measures
from tra_da.admission import AdmissionMiddleware
from tra_da.api import (
    auth,
    booking,
    calendar,
    calendar_feed,
    google,
    health,
    matching,
    mentors,
    metrics,
    payments,
    reviews,
    samples,
    session_logs,
    sharing,
    waitlist,
)
from tra_da.api.deps import (
    ROLE_CHECKS,
    get_identity,
    get_visitor,
    signed_in_token,
    visitor_token,
)
from tra_da.api.errors import DESCRIPTIONS, ErrorOut, error_response, install_error_handlers
from tra_da.api.middleware import ASGIApp, wrap
from tra_da.api.ratelimit import EXEMPT, limit_api
from tra_da.observability import AccessLogMiddleware
from tra_da.settings import get_settings

# Matched in this order, router by router (a few us a route, on the event loop): the directory
# and booking, nearly every request, come right after health (50-100 us a request saved against
# ninth place). tests/api/test_routes.py fails when a router answers a path that a later one
# declares.
API_ROUTERS = [
    health.router,
    session_logs.router,  # before booking: /api/mentors/me/... must not read 'me' as an id
    booking.router,
    auth.router,
    google.router,
    calendar.router,
    calendar_feed.router,
    mentors.router,
    waitlist.router,
    payments.router,
    reviews.router,
    samples.router,
    matching.router,
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

    declare_error_responses(api)

    # Unknown API paths answer with the error object instead of falling through to the pages;
    # a known path with another method gets 405 and the methods it has in Allow.
    async def unknown_api_route(request: Request) -> JSONResponse:
        await limit_api(request)  # a plain route: the app's dependencies do not apply here
        path = request.path_params["path"]
        allowed = _allowed_methods(api, request)
        if allowed:
            return error_response(
                405,
                "method_not_allowed",
                f"{request.method} is not supported on /api/{path}; use "
                + ", ".join(allowed)
                + ".",
                headers={"Allow": ", ".join(allowed)},
            )
        return error_response(404, "not_found", f"No API route /api/{path}; see /api/docs.")

    api.add_route(
        "/api/{path:path}",
        unknown_api_route,
        methods=CATCH_ALL_METHODS,
        name="unknown_api_route",
        include_in_schema=False,
    )

    return api


class AnyPathConvertor(PathConvertor):
    """Starlette's ``path`` with line breaks included: an encoded newline (%0A) in a URL must not
    slip past every mount (Reflex's own included) to a bare text/plain 404."""

    regex = r"[\s\S]*"


register_url_convertor("path", AnyPathConvertor())

# Every method a client may send (QUERY and TRACE included): none falls through to the pages.
CATCH_ALL_METHODS = [
    *("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "QUERY", "CONNECT"),
]


def _allowed_methods(api: FastAPI, request: Request) -> list[str]:
    path = request.url.path
    methods: set[str] = set()
    for route in _api_routes(api.routes):
        if route.path_regex.match(path):
            methods |= set(route.methods or ())
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


def _api_routes(routes: Any) -> Iterator[APIRoute]:
    """Every APIRoute, including those of included routers (FastAPI may keep them nested)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from _api_routes(route.original_router.routes)


def _dependency_calls(dependant: Dependant) -> list[object]:
    calls: list[object] = []
    for sub in dependant.dependencies:
        calls.append(sub.call)
        calls.extend(_dependency_calls(sub))
    return calls


def _error_statuses(route: APIRoute) -> list[int]:
    """What a route can answer besides success, from what it depends on: signed in -> 401/403,
    ids or a body -> 404, changes -> 409, a body -> 413; every route 422 and 503, 429 unless
    exempt from the rate limit."""
    calls = _dependency_calls(route.dependant)
    if route.path == "/api/health":
        return []  # its 503 is the health report itself (declared on the route)
    statuses = {422, 503}
    if route.path not in EXEMPT:
        statuses.add(429)
    signed_in = (get_identity, signed_in_token)
    if any(call in signed_in or call in ROLE_CHECKS for call in calls):
        statuses |= {401, 403}
    if get_visitor in calls or visitor_token in calls:
        statuses.add(401)  # public reads: only a token that is sent and no longer valid
    if route.path in ("/api/auth/login", "/api/auth/refresh"):
        statuses.add(401)
    if route.dependant.path_params or route.path in BODY_IDS:
        statuses.add(404)
    if route.dependant.body_params or route.path == WEBHOOK:
        statuses.add(413)
    if (route.methods or set()) & {"POST", "PUT", "PATCH", "DELETE"} and (
        route.path.startswith(
            ("/api/mentors", "/api/slots", "/api/bookings", "/api/payments/", "/api/reviews")
        )
        or route.path in ("/api/session-logs", "/api/auth/register")
    ):
        statuses.add(409)
    if route.path == WEBHOOK:
        statuses = {400, 413, 422, 503}
    return sorted(statuses)


BODY_IDS = ("/api/session-logs", "/api/bookings/{booking_id}/reschedule")
WEBHOOK = "/api/payments/stripe/webhook"


def declare_error_responses(api: FastAPI) -> None:
    """OpenAPI lists each operation's error answers with the error object's schema."""

    def openapi() -> dict[str, Any]:
        if api.openapi_schema:
            return api.openapi_schema
        spec = get_openapi(
            title=api.title, version=api.version, routes=api.routes, openapi_version="3.1.0"
        )
        schemas = spec.setdefault("components", {}).setdefault("schemas", {})
        error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(error_schema.pop("$defs", {}))
        schemas["ErrorOut"] = error_schema
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        for route in _api_routes(api.routes):
            if not route.include_in_schema:
                continue
            statuses = _error_statuses(route)
            for method in route.methods or ():
                operation = spec["paths"].get(route.path_format, {}).get(method.lower())
                if operation is None:
                    continue
                responses = operation.setdefault("responses", {})
                for status in statuses:
                    responses[str(status)] = {
                        "description": DESCRIPTIONS[status],
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ErrorOut"}
                            }
                        },
                    }
        api.openapi_schema = spec
        return spec

    api.openapi = openapi  # type: ignore[method-assign]


def transform(reflex_asgi: ASGIApp) -> ASGIApp:
    """Reflex's api_transformer: API in front of the pages, cross-cutting middleware around all."""
    api = create_api()
    if get_settings().serve_exported_frontend:
        _mount_exported_frontend(reflex_asgi)
    static_assets.add_cache_headers(reflex_asgi)
    api.mount("", sharing.ProfileHead(reflex_asgi))
    return wrap(
        AccessLogMiddleware(AdmissionMiddleware(api)),
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
