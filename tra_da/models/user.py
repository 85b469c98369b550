"""People: every account, whatever its role, and what of an account goes in and out of the
REST API (the user family: ``UserBase`` -> ``User`` table, ``UserRegister`` in, ``UserPublic`` /
``UserMePublic`` / ``TokensPublic`` out; never the row itself, which holds the password hash)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, func, text
from sqlmodel import Field, SQLModel

from tra_da.models.base import PUBLIC, UTCDateTime, in_list, utcnow
from tra_da.models.limits import EMAIL_MAX, NAME_MAX, TIMEZONE_MAX
from tra_da.models.text import Email, LocaleCode, Password, PersonName, TimezoneName, Token

ROLES = ("admin", "mentor", "mentee")
LOCALES = ("vi", "en")


class UserBase(SQLModel):
    """What every account has and may be shown to its owner."""

    email: str = Field(max_length=EMAIL_MAX)
    name: str = Field(max_length=NAME_MAX)
    role: str = Field(max_length=10)
    avatar_url: str | None = Field(default=None, max_length=300)
    timezone: str = Field(default="Asia/Ho_Chi_Minh", max_length=TIMEZONE_MAX)
    locale: str = Field(default="vi", max_length=5)


class User(UserBase, table=True):
    __tablename__ = "user_account"
    __table_args__ = (
        # Email is unique whatever its case: the index is on lower(email), enforced by the database.
        Index("uq_user_email_lower", func.lower(text("email")), unique=True),
        CheckConstraint(in_list("role", ROLES), name="ck_user_role"),
        CheckConstraint(in_list("locale", LOCALES), name="ck_user_locale"),
        CheckConstraint(f"length(email) BETWEEN 3 AND {EMAIL_MAX}", name="ck_user_email_length"),
        CheckConstraint(f"length(name) BETWEEN 1 AND {NAME_MAX}", name="ck_user_name_length"),
        Index("ix_user_role_active", "role", "is_active"),
        Index("ix_user_role_name", "role", "name"),
    )

    id: int | None = Field(default=None, primary_key=True)
    password_hash: str | None = Field(default=None, max_length=100)
    is_active: bool = Field(default=True)
    google_sub: str | None = Field(default=None, max_length=255, unique=True)
    # Set once the person proved they read this mailbox (invitation, reset link, Google).
    email_verified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class UserRegister(SQLModel):
    """What signing up takes (POST /api/auth/register): a new account is always a mentee."""

    email: Email
    password: Password
    name: PersonName
    timezone: TimezoneName = "Asia/Ho_Chi_Minh"
    locale: LocaleCode = "vi"


class UserLogin(SQLModel):
    email: Email
    password: Password


class TokenRefresh(SQLModel):
    """A refresh token, to rotate the pair or to end that session."""

    refresh_token: Token


class UserUpdate(SQLModel):
    """A person's own settings: the fields given replace theirs (checked by the service)."""

    name: str | None = None
    timezone: str | None = None
    locale: str | None = None


class UserPublic(UserBase):
    """An account as its owner reads it."""

    model_config = PUBLIC
    id: int


class UserMePublic(UserPublic):
    """GET /api/auth/me: the account with the profile of its role (None for admins)."""

    profile: dict[str, object] | None


class TokensPublic(SQLModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"  # noqa: S105  (the OAuth token type, not a secret)
    expires_in: int
    user: UserPublic
