"""Typed dependencies for route handlers: the database session and the signed-in identity."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from tra_da import db
from tra_da.services import auth
from tra_da.services.errors import Unauthorized


def get_db() -> Iterator[Session]:
    with db.session() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_db)]
_bearer = HTTPBearer(auto_error=False)


def get_identity(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> auth.Identity:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("Sign in first: send 'Authorization: Bearer <access token>'.")
    return auth.identity_from_access_token(session, credentials.credentials)


IdentityDep = Annotated[auth.Identity, Depends(get_identity)]


def client_ip(request: Request) -> str | None:
    """The caller's address, trusting X-Forwarded-For exactly as far as the UI does
    (REFLEX_TRUSTED_PROXY_HOPS), so both fronts count limits against the same address."""
    from reflex.config import get_config

    hops = get_config().trusted_proxy_hops
    if hops:
        forwarded = [
            ip.strip() for ip in request.headers.get("x-forwarded-for", "").split(",") if ip.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.client.host if request.client else None
