"""/api/auth: register, login, refresh, logout, me (contract: shared/API.md)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from tra_da.api.deps import SessionDep, SignedInDep, client_ip
from tra_da.models.user import (
    TokenRefresh,
    TokensPublic,
    User,
    UserLogin,
    UserMePublic,
    UserRegister,
)
from tra_da.services import accounts, auth

router = APIRouter(prefix="/api/auth", tags=["auth"])


def _tokens(pair: auth.TokenPair, user: User) -> TokensPublic:
    return TokensPublic(
        access_token=pair.access_token,
        refresh_token=pair.refresh_token,
        expires_in=pair.expires_in,
        user=accounts.public(user),
    )


@router.post("/register", status_code=201, response_model=TokensPublic)
def register(body: UserRegister, session: SessionDep, request: Request) -> TokensPublic:
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


@router.post("/login", response_model=TokensPublic)
def login(body: UserLogin, session: SessionDep, request: Request) -> TokensPublic:
    user = auth.authenticate(session, body.email, body.password, client_ip(request))
    pair = auth.open_api_session(session, user, request.headers.get("user-agent"))
    return _tokens(pair, user)


@router.post("/refresh", response_model=TokensPublic)
def refresh(body: TokenRefresh, session: SessionDep) -> TokensPublic:
    pair = auth.rotate_refresh_token(session, body.refresh_token)
    identity = auth.identity_from_access_token(session, pair.access_token)
    return _tokens(pair, identity.user)


@router.post("/logout", status_code=204)
def logout(body: TokenRefresh, identity: SignedInDep, session: SessionDep) -> Response:
    auth.sign_out(session, identity, body.refresh_token)
    return Response(status_code=204)


@router.get("/me", response_model=UserMePublic)
def me(identity: SignedInDep, session: SessionDep) -> UserMePublic:
    return accounts.me(session, identity.user)
