"""Signing in: checking credentials and the signed session token the web UI keeps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
from sqlmodel import Session

from tra_da.models import User
from tra_da.services.accounts import find_by_email
from tra_da.services.errors import Unauthorized
from tra_da.services.passwords import verify_password
from tra_da.settings import get_settings

ISSUER = "tra-da"
WEB_AUDIENCE = "tra-da-web"
WEB_SESSION_HOURS = 12
WRONG_CREDENTIALS = "That email and password do not match an account. Check both and try again."


def sign_in(db: Session, email: str, password: str) -> User:
    user = find_by_email(db, email)
    ok = verify_password(password, user.password_hash if user else None)
    if user is None or not ok:
        raise Unauthorized(WRONG_CREDENTIALS)
    if not user.is_active:
        raise Unauthorized("This account is deactivated; contact your programme admin.")
    return user


def web_session_token(user: User, now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    claims = {
        "sub": str(user.id),
        "typ": "web",
        "aud": WEB_AUDIENCE,
        "iss": ISSUER,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(hours=WEB_SESSION_HOURS)).timestamp()),
    }
    return jwt.encode(claims, get_settings().session_signing_key(), algorithm="HS256")


def user_for_web_session(db: Session, token: str) -> User | None:
    """The signed-in user, or None when the token is missing, forged, expired or revoked."""
    if not token:
        return None
    try:
        claims = jwt.decode(
            token,
            get_settings().session_signing_key(),
            algorithms=["HS256"],
            audience=WEB_AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "aud", "iss"]},
        )
    except jwt.PyJWTError:
        return None
    if claims.get("typ") != "web":
        return None
    user = db.get(User, int(claims["sub"]))
    if user is None or not user.is_active:
        return None
    valid_after = user.sessions_valid_after
    if valid_after is not None and claims["iat"] < int(valid_after.timestamp()):
        return None
    return user
