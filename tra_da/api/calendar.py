"""/api/calendar/google: a mentor connects their own Google Calendar (OAuth consent)."""

from __future__ import annotations

import logging
import secrets
import time
from urllib.parse import quote

import jwt
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from tra_da.api.deps import SessionDep
from tra_da.integrations import google_auth
from tra_da.services import calendar_connections
from tra_da.services.errors import NotFound, ServiceError
from tra_da.settings import get_settings

log = logging.getLogger("tra_da.calendar")
router = APIRouter(prefix="/api/calendar/google", tags=["calendar"], include_in_schema=False)
COOKIE = "td_calendar_flow"
FLOW_SECONDS = 600
AUDIENCE = "tra-da-calendar-flow"


def _back(result: str) -> RedirectResponse:
    response = RedirectResponse(f"/account?calendar={quote(result)}", status_code=303)
    response.delete_cookie(COOKIE, path="/api/calendar/google")
    return response


TICKET_COOKIE = "td_calendar_ticket"  # set by the Settings page (state/calendar.py)


@router.get("/start")
def start(request: Request, session: SessionDep, ticket: str = "") -> RedirectResponse:
    settings = get_settings()
    if not calendar_connections.oauth_configured():
        raise NotFound("Google Calendar connection is not configured on this server.")
    ticket = ticket or request.cookies.get(TICKET_COOKIE, "")
    user = calendar_connections.ticket_holder(session, ticket)
    if user is None:
        return _back("expired")
    state, verifier = secrets.token_urlsafe(24), secrets.token_urlsafe(48)
    flow = {
        "state": state,
        "verifier": verifier,
        "sub": str(user.id),
        "aud": AUDIENCE,
        "exp": int(time.time()) + FLOW_SECONDS,
    }
    response = RedirectResponse(
        google_auth.calendar_authorization_url(settings, state, verifier), status_code=303
    )
    response.set_cookie(
        COOKIE,
        jwt.encode(flow, settings.session_signing_key(), algorithm="HS256"),
        max_age=FLOW_SECONDS,
        httponly=True,
        samesite="lax",
        path="/api/calendar/google",
        secure=settings.public_url.startswith("https://"),
    )
    return response


@router.get("/callback")
def callback(
    request: Request, session: SessionDep, code: str = "", state: str = "", error: str = ""
) -> RedirectResponse:
    settings = get_settings()
    try:
        flow = jwt.decode(
            request.cookies.get(COOKIE, ""),
            settings.session_signing_key(),
            algorithms=["HS256"],
            audience=AUDIENCE,
        )
    except jwt.PyJWTError:
        return _back("expired")
    if error or not code:
        return _back("cancelled")
    if not secrets.compare_digest(state.encode(), str(flow["state"]).encode()):
        return _back("state")
    try:
        tokens = google_auth.exchange_calendar_code(settings, code, flow["verifier"])
        claims = google_auth.verify(str(tokens["id_token"]), settings)
        calendar_connections.connect_from_consent(
            session, int(flow["sub"]), str(tokens["refresh_token"]), str(claims["email"])
        )
    except (google_auth.GoogleSignInError, ServiceError) as exc:
        log.warning("calendar connection refused: %s", exc)
        return _back("refused")
    return _back("connected")
