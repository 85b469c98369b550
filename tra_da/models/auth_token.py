"""Refresh tokens (stored hashed, rotated, grouped in families) and single-use account tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from tra_da.models.base import UTCDateTime, in_list, utcnow

ACCOUNT_TOKEN_PURPOSES = ("password_reset", "invitation")


class RefreshToken(SQLModel, table=True):
    __tablename__ = "refresh_token"
    __table_args__ = (Index("ix_refresh_token_family", "family_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    family_id: str = Field(max_length=64)
    token_hash: str = Field(max_length=128, unique=True)
    issued_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    user_agent: str | None = Field(default=None, max_length=300)


class AccountToken(SQLModel, table=True):
    """A single-use emailed link: password reset or mentor invitation."""

    __tablename__ = "account_token"
    __table_args__ = (
        CheckConstraint(
            in_list("purpose", ACCOUNT_TOKEN_PURPOSES), name="ck_account_token_purpose"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    purpose: str = Field(max_length=20)
    token_hash: str = Field(max_length=128, unique=True)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
