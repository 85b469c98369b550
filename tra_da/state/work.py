"""The one way state reaches the database: a service call inside one unit of work (one session,
committed or rolled back by the service), either as the person behind a browser token or, for
signing in and the like, as nobody yet. No other module in state/ opens a session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlmodel import Session

from tra_da import db
from tra_da.observability import report_exception
from tra_da.request_context import set_user_id
from tra_da.services import auth
from tra_da.services.errors import ServiceError, Unauthorized

R = TypeVar("R")


def _identity(session: Session, token: str) -> auth.Identity:
    # Checked on every action: a session ended in this process stops working at once, one ended
    # by another process within auth.WEB_SESSION_RECHECK_SECONDS, a deactivated user at once.
    identity = auth.identity_from_web_token(session, token)
    if identity is None:
        raise Unauthorized("Your session has ended; sign in again.", "err.session_ended")
    set_user_id(identity.user.id)
    return identity


def _reported(fn: Callable[[], R]) -> R:
    try:
        return fn()
    except ServiceError:
        raise
    except Exception as exc:
        # Reported here, where the user is known; Reflex's handler reports it again and Sentry
        # drops the duplicate.
        report_exception(exc)
        raise


def as_signed_in(token: str, fn: Callable[..., R], args: tuple[Any, ...]) -> R:
    """``fn(session, user, *args)`` for the person behind ``token``."""
    with db.session() as session:
        user = _identity(session, token).user
        return _reported(lambda: fn(session, user, *args))


def as_identity(token: str, fn: Callable[..., R], args: tuple[Any, ...]) -> R:
    """``fn(session, identity, *args)``: for what acts on the browser session itself
    (change password, sign out everywhere)."""
    with db.session() as session:
        identity = _identity(session, token)
        return _reported(lambda: fn(session, identity, *args))


def anonymously(fn: Callable[..., R], args: tuple[Any, ...]) -> R:
    """``fn(session, *args)`` before anyone is known: sign in, sign up, password links, and
    reading who a token belongs to."""
    with db.session() as session:
        return _reported(lambda: fn(session, *args))
