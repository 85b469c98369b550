"""/api/auth: register, login, refresh, logout, me (contract: shared/API.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter, Request, Response

from tra_da.api.deps import SessionDep, SignedInDep, client_ip
from tra_da.api.schemas import LoginIn, MeOut, RefreshIn, RegisterIn, TokensOut, UserOut
from tra_da.services import accounts, auth

if TYPE_CHECKING:
    from tra_da.models import User

router = APIRouter(prefix="/api/auth", tags=["auth"])


def _tokens(pair: auth.TokenPair, user: User) -> TokensOut:
    return TokensOut(
        access_token=pair.access_token,
        refresh_token=pair.refresh_token,
        expires_in=pair.expires_in,
        user=UserOut.of(user),
    )


@router.post("/register", status_code=201, response_model=TokensOut)
def register(body: RegisterIn, session: SessionDep, request: Request) -> TokensOut:
    user = auth.register(
        session,
        email=body.email,
        password=body.password,
        name=body.name,
        timezone=body.timezone,
        locale=body.locale,
    )
    pair = auth.open_api_session(session, user, request.headers.get("user-agent"))
    return _tokens(pair, user)


@router.post("/login", response_model=TokensOut)
def login(body: LoginIn, session: SessionDep, request: Request) -> TokensOut:
    user = auth.authenticate(session, body.email, body.password, client_ip(request))
    pair = auth.open_api_session(session, user, request.headers.get("user-agent"))
    return _tokens(pair, user)


@router.post("/refresh", response_model=TokensOut)
def refresh(body: RefreshIn, session: SessionDep) -> TokensOut:
    pair = auth.rotate_refresh_token(session, body.refresh_token)
    identity = auth.identity_from_access_token(session, pair.access_token)
    return _tokens(pair, identity.user)


@router.post("/logout", status_code=204)
def logout(body: RefreshIn, identity: SignedInDep, session: SessionDep) -> Response:
    auth.sign_out(session, identity, body.refresh_token)
    return Response(status_code=204)


@router.get("/me", response_model=MeOut)
def me(identity: SignedInDep, session: SessionDep) -> MeOut:
    user = identity.user
    return MeOut(**UserOut.of(user).model_dump(), profile=accounts.profile_of(session, user))
