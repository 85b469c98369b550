"""What may come in and what goes out of the REST API (never ORM rows as they are)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from tra_da.models import User


class RegisterIn(BaseModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=200)
    name: str = Field(max_length=120)
    timezone: str = Field(default="Asia/Ho_Chi_Minh", max_length=64)
    locale: str = Field(default="vi", max_length=5)


class LoginIn(BaseModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=200)


class RefreshIn(BaseModel):
    refresh_token: str = Field(max_length=200)


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
