"""People: every account, whatever its role."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, func, text
from sqlmodel import Field, SQLModel

from tra_da.models.base import UTCDateTime, in_list, utcnow
from tra_da.validation import EMAIL_MAX, NAME_MAX

ROLES = ("admin", "mentor", "mentee")
LOCALES = ("vi", "en")


class User(SQLModel, table=True):
    __tablename__ = "user_account"
    __table_args__ = (
        # Email is unique whatever its case: the index is on lower(email), enforced by the database.
        Index("uq_user_email_lower", func.lower(text("email")), unique=True),
        CheckConstraint(in_list("role", ROLES), name="ck_user_role"),
        CheckConstraint(in_list("locale", LOCALES), name="ck_user_locale"),
        CheckConstraint("length(email) BETWEEN 3 AND 254", name="ck_user_email_length"),
        CheckConstraint("length(name) BETWEEN 1 AND 120", name="ck_user_name_length"),
        Index("ix_user_role_active", "role", "is_active"),
        Index("ix_user_role_name", "role", "name"),
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=EMAIL_MAX)
    password_hash: str | None = Field(default=None, max_length=100)
    name: str = Field(max_length=NAME_MAX)
    role: str = Field(max_length=10)
    avatar_url: str | None = Field(default=None, max_length=300)
    is_active: bool = Field(default=True)
    timezone: str = Field(default="Asia/Ho_Chi_Minh", max_length=64)
    locale: str = Field(default="vi", max_length=5)
    google_sub: str | None = Field(default=None, max_length=255, unique=True)
    # Set once the person proved they read this mailbox (invitation, reset link, Google).
    email_verified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
