"""Typed dependencies for route handlers: the database session and the signed-in identity."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from tra_da import db
from tra_da.request_context import set_user_id
from tra_da.services import auth
from tra_da.services.access import require_active, require_role
from tra_da.services.errors import Unauthorized


async def get_db() -> AsyncIterator[Session]:
    """The request's session. Async, so opening it (no I/O: the connection is taken at the first
    query, in the route's thread) costs no thread hop; closing it returns the connection to the
    pool, a rollback: on SQLite in-process and quick, so here; elsewhere a round trip to the
    server, so in the thread pool rather than on the event loop."""
    session = Session(db.get_engine(), expire_on_commit=False)
    try:
        yield session
    finally:
        if session.get_bind().dialect.name == "sqlite":
            session.close()
        else:
            await run_in_threadpool(session.close)


SessionDep = Annotated[Session, Depends(get_db)]
_bearer = HTTPBearer(auto_error=False)
T = TypeVar("T")


BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def bearer_token(credentials: HTTPAuthorizationCredentials | None) -> str:
    """The access token of a route that needs one (401 without)."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("Sign in first: send 'Authorization: Bearer <access token>'.")
    return credentials.credentials


def _visitor_token(request: Request) -> str | None:
    """A public read's access token: None for a caller with no token; a header that is sent
    must be a bearer token (401 otherwise), so a client whose session ended learns it rather
    than silently reading as a visitor. Read by hand: declared as a security scheme, the OpenAPI
    would say these routes need it (schemathesis holds the server to that)."""
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Send 'Authorization: Bearer <access token>', or no token at all.")
    return token.strip()


def _caller(session: Session, token: str) -> auth.Identity:
    """Whose ``token`` this is (401 if it is not valid); logs and error reports of this request
    name that user from here on."""
    identity = auth.identity_from_access_token(session, token)
    set_user_id(identity.user.id)
    return identity


def identify(session: Session, token: str, *roles: str) -> auth.Identity:
    """The caller of ``token``, active, and in one of ``roles`` when any are given."""
    identity = _caller(session, token)
    if roles:
        require_role(identity.user, *roles)
    else:
        require_active(identity.user)
    return identity


def identify_visitor(session: Session, token: str | None) -> auth.Identity | None:
    """A public read's caller: None without a token, else an active account."""
    return None if token is None else identify(session, token)


async def in_one_thread(work: Callable[[Session], T]) -> T:
    """``work`` with a session of its own, in one hop to the thread pool: the session is opened,
    used (the caller's identity included) and closed in that thread, so a request holds a
    connection only while its thread runs, and needs no further hop to give it back. The hot
    routes use it; the dependencies below take one hop for the identity, one for the route and,
    on PostgreSQL, one for closing."""

    def run() -> T:
        with db.session() as session:
            return work(session)

    return await run_in_threadpool(run)


def get_identity(session: SessionDep, credentials: BearerDep) -> auth.Identity:
    """The caller, not yet checked for being active or for a role (the role checks below)."""
    return _caller(session, bearer_token(credentials))


IdentityDep = Annotated[auth.Identity, Depends(get_identity)]


def get_visitor(request: Request, session: SessionDep) -> auth.Identity | None:
    """Public reads: None for a caller with no token; see ``visitor_token``."""
    return identify_visitor(session, _visitor_token(request))


VisitorDep = Annotated[auth.Identity | None, Depends(get_visitor)]


# The hot routes' forms (``in_one_thread``): the token only, read on the event loop (async: no
# thread hop), and checked with ``identify`` in the route's own thread.
async def visitor_token(request: Request) -> str | None:
    return _visitor_token(request)


async def signed_in_token(credentials: BearerDep) -> str:
    return bearer_token(credentials)


VisitorTokenDep = Annotated[str | None, Depends(visitor_token)]
TokenDep = Annotated[str, Depends(signed_in_token)]


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


# --- role checks: dependencies solved before the body is validated, so a caller without the
# role gets 401/403 whatever it sent (the services check the same roles again) ---------------


def _role_check(*roles: str) -> Callable[[auth.Identity], auth.Identity]:
    def check(identity: IdentityDep) -> auth.Identity:
        require_role(identity.user, *roles)
        return identity

    check.__name__ = "require_" + "_or_".join(roles)
    ROLE_CHECKS[check] = roles
    return check


def _signed_in(identity: IdentityDep) -> auth.Identity:
    require_active(identity.user)
    return identity


ROLE_CHECKS: dict[Callable[..., object], tuple[str, ...]] = {}
ROLE_CHECKS[_signed_in] = ()
SignedInDep = Annotated[auth.Identity, Depends(_signed_in)]
AdminDep = Annotated[auth.Identity, Depends(_role_check("admin"))]
MentorDep = Annotated[auth.Identity, Depends(_role_check("mentor"))]
MenteeDep = Annotated[auth.Identity, Depends(_role_check("mentee"))]
MentorOrAdminDep = Annotated[auth.Identity, Depends(_role_check("mentor", "admin"))]


def check_route_roles(request: Request, calls: list[Callable[..., object]]) -> None:
    """The role check of a route whose body could not even be parsed (malformed JSON is refused
    by FastAPI before any dependency runs): raises 401/403 as the route's dependency would."""
    for call in calls:
        if call not in ROLE_CHECKS:
            continue
        roles = ROLE_CHECKS[call]
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("Sign in first: send 'Authorization: Bearer <access token>'.")
        with db.session() as session:
            identify(session, token.strip(), *roles)
        return
