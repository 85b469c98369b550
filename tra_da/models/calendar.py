"""A mentor's own Google Calendar, connected with OAuth: the refresh token, encrypted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, Text
from sqlmodel import Field, SQLModel

from tra_da.models.base import UTCDateTime, in_list, utcnow

CONNECTION_STATUSES = ("connected", "broken")


class CalendarConnection(SQLModel, table=True):
    __tablename__ = "calendar_connection"
    __table_args__ = (
        CheckConstraint(in_list("status", CONNECTION_STATUSES), name="ck_calendar_status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    mentor_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("mentor_profile.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        )
    )
    google_email: str = Field(default="", max_length=254)
    # Fernet token (AES-128-CBC + HMAC) under a key derived from SECRET_KEY.
    refresh_token_encrypted: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="connected", max_length=10)
    last_error: str | None = Field(default=None, max_length=1000)
    connected_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
