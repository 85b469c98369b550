"""Mentees waiting for a fully booked mentor to open slots, and each person's calendar feed.

A waitlist entry is one (mentor, mentee) pair. ``notified_at`` is set when the mentee is told that
the mentor opened slots: from then on the entry no longer waits (they are told once; joining again
starts a new wait on the same row). The calendar feed keeps only the SHA-256 of its secret token.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from tra_da.models.base import PUBLIC, UTCDateTime, utcnow


class WaitlistEntry(SQLModel, table=True):
    __tablename__ = "waitlist_entry"
    __table_args__ = (
        UniqueConstraint("mentor_id", "mentee_id", name="uq_waitlist_entry_mentor_mentee"),
        Index("ix_waitlist_entry_mentee", "mentee_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    mentor_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("mentor_profile.id", ondelete="CASCADE"), nullable=False
        )
    )
    mentee_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("mentee_profile.id", ondelete="CASCADE"), nullable=False
        )
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # When the mentee was told that slots opened; None while they are still waiting.
    notified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class WaitlistPublic(SQLModel):
    """A mentee's place on one mentor's waitlist, as they see it."""

    model_config = PUBLIC

    mentor_id: int
    waiting: bool  # on the list now (joined and not yet told)
    joined_at: datetime | None
    notified_at: datetime | None


class WaitlistCountPublic(SQLModel):
    """For admins: how many mentees wait for one mentor (a demand signal)."""

    model_config = PUBLIC

    mentor_id: int
    mentor_name: str
    waiting: int


class CalendarFeed(SQLModel, table=True):
    __tablename__ = "calendar_feed"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("user_account.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        )
    )
    # sha256 hex of the secret token in the URL; the token itself is never stored.
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CalendarFeedPublic(SQLModel):
    """The caller's feed: whether one exists, and its addresses right after creating/rotating
    only (afterwards the token cannot be shown again: it is stored hashed)."""

    model_config = PUBLIC

    active: bool
    created_at: datetime | None
    url: str | None  # https://.../api/calendar/feed/<token>.ics, only when just created
    webcal_url: str | None  # the same address with webcal://, which calendar apps subscribe to
