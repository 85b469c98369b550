"""ASGI middleware around everything the server answers, pages and API alike.

- request id: accepted from X-Request-ID when sane, else generated; echoed on the response.
- body limit: API request bodies over the configured size get 413, even without Content-Length.
- security headers: CSP the compiled frontend works under (inline scripts by hash, the
  websocket by origin, no eval), HSTS, no framing, nosniff, Referrer-Policy.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import secure
from secure.middleware import SecureASGIMiddleware

from tra_da import csp
from tra_da.admission import ARRIVED, send_error
from tra_da.request_context import reset_request_id, set_request_id
from tra_da.settings import get_settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def content_security_policy() -> secure.ContentSecurityPolicy:
    """The pages' policy (tra_da/csp.py says why each source is there).

    Scripts: our own files plus the hashes of the built pages' inline scripts; no eval (the UI
    shows toasts from state, components/flash.py). Styles stay 'unsafe-inline': Emotion and
    Radix set style attributes at run time. Connections: this origin and its websocket (and the
    backend's, when REFLEX_API_URL puts it elsewhere).
    Images: this origin, data: URLs (generated avatars), Google's avatar host when Google
    sign-in is configured.
    """
    settings = get_settings()
    hashes = csp.built_script_hashes()
    scripts = ("'self'", *hashes) if hashes else ("'self'", "'unsafe-inline'")
    images = ["'self'", "data:"]
    if settings.google_client_id:
        images.append("https://lh3.googleusercontent.com")
    return (
        secure.ContentSecurityPolicy()
        .default_src("'self'")
        .script_src(*scripts)
        .style_src("'self'", "'unsafe-inline'")
        .img_src(*images)
        .font_src("'self'", "data:")
        .connect_src(*csp.connect_sources(settings.public_url, os.environ.get("REFLEX_API_URL")))
        .object_src("'none'")
        .base_uri("'self'")
        .form_action("'self'")
        .frame_ancestors("'none'")
    )


def security_headers() -> secure.Secure:
    return secure.Secure(
        csp=content_security_policy(),
        hsts=secure.StrictTransportSecurity().max_age(63072000).include_subdomains(),
        xfo=secure.XFrameOptions().deny(),
        xcto=secure.XContentTypeOptions().nosniff(),
        referrer=secure.ReferrerPolicy().strict_origin_when_cross_origin(),
        permissions=secure.PermissionsPolicy().geolocation().microphone().camera(),
        coop=secure.CrossOriginOpenerPolicy().same_origin(),
    )


class RequestIdMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope.setdefault(ARRIVED, time.monotonic())
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = set_request_id(request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            reset_request_id(token)


class BodyLimitMiddleware:
    """Refuse API request bodies larger than ``limit`` bytes with a 413 error object."""

    def __init__(self, app: ASGIApp, limit: int, prefix: str = "/api") -> None:
        self.app = app
        self.limit = limit
        self.prefix = prefix

    async def _reject(self, send: Send) -> None:
        await send_error(
            send,
            413,
            "payload_too_large",
            f"The request body is larger than {self.limit // 1024} KB; "
            "send less data in one request.",
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._reject(send)
            return

        if declared is not None:
            await self.app(scope, receive, send)
            return

        # No Content-Length (chunked upload): read up to the limit first, then replay it.
        messages: list[Message] = []
        received = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            received += len(message.get("body", b""))
            if received > self.limit:
                await self._reject(send)
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)


UPLOAD_LIMIT = 3 * 1024 * 1024  # the largest upload (a 2 MB avatar) plus multipart overhead


def wrap(
    app: ASGIApp, max_body_bytes: int, measure: Callable[[ASGIApp], ASGIApp] | None = None
) -> ASGIApp:
    """The full stack of cross-cutting middleware, outermost first: headers, id, ``measure``
    (metrics: it sees every answer, refusals included), body limits."""
    limited: ASGIApp = BodyLimitMiddleware(
        BodyLimitMiddleware(app, limit=UPLOAD_LIMIT, prefix="/_upload"),
        limit=max_body_bytes,
    )
    with_id = RequestIdMiddleware(measure(limited) if measure else limited)
    return SecureASGIMiddleware(with_id, secure=security_headers())  # type: ignore[return-value]
