"""Cross-origin requests: only the origins in CORS_ORIGINS (default: PUBLIC_URL's) are admitted.

Reflex puts Starlette's CORSMiddleware around the whole app with every origin allowed and
credentials on, which echoes any Origin (even ``null``) back with credentials. Here the same
middleware gets the configured list, and an origin not on it gets no CORS header at all:
Starlette would still send Access-Control-Allow-Credentials to it.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import PlainTextResponse, Response

from tra_da.settings import get_settings


class ListedOriginsCORS(CORSMiddleware):
    def __init__(self, app: Any, **kwargs: Any) -> None:
        origins = [o for o in kwargs.pop("allow_origins", []) if o not in ("*", "null")]
        super().__init__(app, allow_origins=origins, **kwargs)
        # Credentials only beside an allowed origin (allow_explicit_origin below), never alone.
        self.simple_headers.pop("Access-Control-Allow-Credentials", None)

    def allow_explicit_origin(self, headers: MutableHeaders, origin: str) -> None:  # type: ignore[override]
        CORSMiddleware.allow_explicit_origin(headers, origin)
        if self.allow_credentials:
            headers["Access-Control-Allow-Credentials"] = "true"

    def preflight_response(self, request_headers: Headers) -> Response:
        if not self.is_allowed_origin(origin=request_headers["origin"]):
            return PlainTextResponse(
                "Disallowed CORS origin", status_code=400, headers={"Vary": "Origin"}
            )
        return super().preflight_response(request_headers)


def _add_cors(api: Any) -> None:
    api.add_middleware(
        ListedOriginsCORS,
        allow_credentials=True,
        allow_methods=["*"],
        allow_headers=["*"],
        allow_origins=get_settings().cors_origin_list(),
    )


def install() -> None:
    """Replace Reflex's CORS set-up (called before the app is built; the websocket's own origin
    check reads the same list from rxconfig.py)."""
    from reflex.app import App

    App._add_cors = staticmethod(_add_cors)  # type: ignore[method-assign]
