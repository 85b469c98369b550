"""Sign-in sessions, their rotating refresh tokens, and single-use emailed account tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, String
from sqlmodel import Field, SQLModel

from tra_da.models.base import UTCDateTime, in_list, utcnow

SESSION_KINDS = ("web", "api")
ACCOUNT_TOKEN_PURPOSES = ("password_reset", "invitation", "google_login")


class AuthSession(SQLModel, table=True):
    """One signed-in device: a web browser (opaque token) or an API client (refresh family).

    Ending a session (sign out, password change, deactivation) revokes it at once; every request
    checks it, so a revoked session stops working immediately, not when a token expires.
    """

    __tablename__ = "auth_session"
    __table_args__ = (
        CheckConstraint(in_list("kind", SESSION_KINDS), name="ck_auth_session_kind"),
        Index("ix_auth_session_user", "user_id", "revoked_at"),
    )

    id: str = Field(primary_key=True, max_length=32)
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False)
    )
    kind: str = Field(max_length=8)
    # Web sessions only: the hash of the opaque token the browser keeps.
    token_hash: str | None = Field(default=None, max_length=128, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)  # absolute: never extended
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_reason: str | None = Field(default=None, max_length=40)
    user_agent: str | None = Field(default=None, max_length=300)


class RefreshToken(SQLModel, table=True):
    """One link of a session's rotation chain; presenting a used link revokes the session."""

    __tablename__ = "refresh_token"

    id: int | None = Field(default=None, primary_key=True)
    session_id: str = Field(
        sa_column=Column(
            String(32),
            ForeignKey("auth_session.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        )
    )
    token_hash: str = Field(max_length=128, unique=True)
    issued_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AccountToken(SQLModel, table=True):
    """A single-use link or code: password reset, mentor invitation, Google sign-in hand-over."""

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
