"""/api/auth/google: the browser's round trip through Google's sign-in page."""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping
from urllib.parse import quote

import jwt
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from tra_da.api.deps import SessionDep
from tra_da.integrations import google_auth
from tra_da.services import auth
from tra_da.services.auth import safe_next
from tra_da.services.errors import NotFound, ServiceError
from tra_da.settings import get_settings

router = APIRouter(prefix="/api/auth/google", tags=["auth"], include_in_schema=False)
COOKIE = "td_google_flow"
BINDING_COOKIE = "td_google_binding"  # read back by the /login page over its websocket
FLOW_SECONDS = 600


def _signed(data: Mapping[str, object]) -> str:
    data = {**data, "exp": int(time.time()) + FLOW_SECONDS, "aud": "tra-da-google-flow"}
    return jwt.encode(data, get_settings().session_signing_key(), algorithm="HS256")


def _unsigned(token: str) -> dict[str, str] | None:
    try:
        return jwt.decode(
            token,
            get_settings().session_signing_key(),
            algorithms=["HS256"],
            audience="tra-da-google-flow",
        )
    except jwt.PyJWTError:
        return None


def _back_to_login(
    error: str | None = None, code: str | None = None, next_path: str = ""
) -> RedirectResponse:
    query = f"google_error={quote(error)}" if error else f"google_code={quote(code or '')}"
    if next_path:
        query += f"&next={quote(next_path)}"
    response = RedirectResponse(f"/login?{query}", status_code=303)
    response.delete_cookie(COOKIE, path="/api/auth/google")
    return response


@router.get("/start")
def start(request: Request, next: str = "/dashboard") -> RedirectResponse:  # noqa: A002
    settings = get_settings()
    if not google_auth.is_configured(settings):
        raise NotFound("Google sign-in is not configured on this server.")
    state, verifier = secrets.token_urlsafe(24), secrets.token_urlsafe(48)
    response = RedirectResponse(
        google_auth.authorization_url(settings, state, verifier), status_code=303
    )
    secure = settings.public_url.startswith("https://")
    binding = secrets.token_urlsafe(24)
    flow = {"state": state, "verifier": verifier, "next": safe_next(next), "binding": binding}
    response.set_cookie(
        COOKIE,
        _signed(flow),
        max_age=FLOW_SECONDS,
        httponly=True,
        samesite="lax",
        path="/api/auth/google",
        secure=secure,
    )
    response.set_cookie(
        BINDING_COOKIE,
        binding,
        max_age=FLOW_SECONDS,
        httponly=True,
        samesite="lax",
        path="/",
        secure=secure,
    )
    return response


@router.get("/callback")
def callback(
    request: Request, session: SessionDep, code: str = "", state: str = "", error: str = ""
) -> RedirectResponse:
    settings = get_settings()
    flow = _unsigned(request.cookies.get(COOKIE, ""))
    if flow is None:
        return _back_to_login("expired")
    if error or not code:
        return _back_to_login("cancelled", next_path=flow["next"])
    if not secrets.compare_digest(state.encode(), str(flow["state"]).encode()):
        return _back_to_login("state")
    try:
        token = google_auth.exchange_code(settings, code, flow["verifier"])
        claims = google_auth.verify(token, settings)
        user = auth.sign_in_with_google(session, claims)
    except (google_auth.GoogleSignInError, ServiceError):
        return _back_to_login("refused", next_path=flow["next"])
    code = auth.google_handover_code(session, user, flow["binding"])
    return _back_to_login(code=code, next_path=flow["next"])
