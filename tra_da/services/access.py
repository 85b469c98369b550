"""Who may act: every service call starts here, so the UI and the REST API cannot drift apart."""

from __future__ import annotations

from tra_da.models import User
from tra_da.services.errors import Forbidden, Unauthorized


def require_active(actor: User | None) -> User:
    if actor is None:
        raise Unauthorized("Sign in to continue.")
    if not actor.is_active:
        raise Unauthorized(
            "This account is deactivated; contact your programme admin.", "login.inactive"
        )
    return actor


def require_role(actor: User | None, *roles: str) -> User:
    user = require_active(actor)
    if user.role not in roles:
        raise Forbidden(
            "You are not allowed to do this; it needs the " + " or ".join(roles) + " role."
        )
    return user
