"""Google sign-in: OAuth 2.0 authorisation code flow with PKCE, and ID token verification."""

from __future__ import annotations

import base64
import hashlib
from typing import Any
from urllib.parse import urlencode

import requests
from google.auth.exceptions import GoogleAuthError
from google.auth.transport import Request as GoogleRequest
from google.auth.transport.requests import Request as RequestsTransport
from google.oauth2 import id_token

from tra_da.settings import Settings

AUTHORIZE_URL = "https://accounts.google.com/o/oauth2/v2/auth"
SCOPES = "openid email profile"


class GoogleSignInError(Exception):
    """Google did not vouch for this person; the message says what went wrong."""


def is_configured(settings: Settings) -> bool:
    return bool(settings.google_client_id and settings.google_client_secret)


def redirect_uri(settings: Settings) -> str:
    return f"{settings.public_url.rstrip('/')}/api/auth/google/callback"


def code_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


CALENDAR_SCOPES = "openid email https://www.googleapis.com/auth/calendar.events"


def calendar_redirect_uri(settings: Settings) -> str:
    return f"{settings.public_url.rstrip('/')}/api/calendar/google/callback"


def authorization_url(settings: Settings, state: str, verifier: str) -> str:
    return _authorization_url(
        settings, state, verifier, SCOPES, redirect_uri(settings), {"prompt": "select_account"}
    )


def calendar_authorization_url(settings: Settings, state: str, verifier: str) -> str:
    """A mentor lets Trà Đá write their calendar: offline access for a refresh token, and
    consent every time so Google always returns one."""
    extra = {"access_type": "offline", "prompt": "consent", "include_granted_scopes": "true"}
    return _authorization_url(
        settings, state, verifier, CALENDAR_SCOPES, calendar_redirect_uri(settings), extra
    )


def _authorization_url(
    settings: Settings, state: str, verifier: str, scopes: str, redirect: str, extra: dict[str, str]
) -> str:
    params = {
        "client_id": settings.google_client_id,
        "redirect_uri": redirect,
        "response_type": "code",
        "scope": scopes,
        "state": state,
        "code_challenge": code_challenge(verifier),
        "code_challenge_method": "S256",
        **extra,
    }
    return f"{AUTHORIZE_URL}?{urlencode(params)}"


def exchange_code(settings: Settings, code: str, verifier: str) -> str:
    """Trade the authorisation code (plus the PKCE verifier) for an ID token."""
    return str(_tokens(settings, code, verifier, redirect_uri(settings))["id_token"])


def exchange_calendar_code(settings: Settings, code: str, verifier: str) -> dict[str, Any]:
    """Trade a calendar consent code for tokens: `refresh_token` and `id_token` are required."""
    tokens = _tokens(settings, code, verifier, calendar_redirect_uri(settings))
    if not tokens.get("refresh_token"):
        raise GoogleSignInError("Google sent no refresh token; connect the calendar again")
    return tokens


def _tokens(settings: Settings, code: str, verifier: str, redirect: str) -> dict[str, Any]:
    try:
        response = requests.post(
            settings.google_token_uri,
            data={
                "code": code,
                "client_id": settings.google_client_id,
                "client_secret": settings.google_client_secret,
                "redirect_uri": redirect,
                "grant_type": "authorization_code",
                "code_verifier": verifier,
            },
            timeout=10,
        )
    except requests.RequestException as exc:
        raise GoogleSignInError(f"could not reach Google ({type(exc).__name__})") from None
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.status_code != 200 or not isinstance(body, dict) or "id_token" not in body:
        raise GoogleSignInError(f"Google refused the code (HTTP {response.status_code})")
    return body


def verify(token: str, settings: Settings, request: GoogleRequest | None = None) -> dict[str, Any]:
    """Claims of a Google ID token checked for signature, audience, issuer, expiry and a
    verified email. Never call the verifier with audience=None: that skips the audience check."""
    if not settings.google_client_id:
        raise GoogleSignInError("Google sign-in is not configured")
    try:
        claims: dict[str, Any] = id_token.verify_oauth2_token(
            token, request or RequestsTransport(), audience=settings.google_client_id
        )
    except (ValueError, GoogleAuthError) as exc:
        raise GoogleSignInError(f"Google's answer did not check out: {exc}") from None
    if claims.get("iss") not in ("accounts.google.com", "https://accounts.google.com"):
        raise GoogleSignInError("the token was not issued by Google")
    if claims.get("email_verified") is not True or not claims.get("email"):
        raise GoogleSignInError("Google has not verified this email address")
    return claims
