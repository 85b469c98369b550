"""What may come in and what goes out of the REST API (never ORM rows as they are)."""

from __future__ import annotations

from pydantic import BaseModel

from tra_da.models import User
from tra_da.validation import Email, LocaleCode, Password, PersonName, TimezoneName, Token


class RegisterIn(BaseModel):
    email: Email
    password: Password
    name: PersonName
    timezone: TimezoneName = "Asia/Ho_Chi_Minh"
    locale: LocaleCode = "vi"


class LoginIn(BaseModel):
    email: Email
    password: Password


class RefreshIn(BaseModel):
    refresh_token: Token


class UserOut(BaseModel):
    id: int
    email: str
    name: str
    role: str
    timezone: str
    locale: str
    avatar_url: str | None

    @classmethod
    def of(cls, user: User) -> UserOut:
        assert user.id is not None
        return cls(
            id=user.id,
            email=user.email,
            name=user.name,
            role=user.role,
            timezone=user.timezone,
            locale=user.locale,
            avatar_url=user.avatar_url,
        )


class TokensOut(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"  # noqa: S105  (the OAuth token type, not a secret)
    expires_in: int
    user: UserOut


class MeOut(UserOut):
    profile: dict[str, object] | None
