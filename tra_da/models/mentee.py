"""Mentee profiles: goals, track, the assigned mentor and the group."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from tra_da.models.base import UTCDateTime, utcnow
from tra_da.validation import GOALS_MAX, TRACK_MAX


class MenteeProfile(SQLModel, table=True):
    __tablename__ = "mentee_profile"
    __table_args__ = (
        Index("ix_mentee_profile_track", "track"),
        Index("ix_mentee_profile_mentor", "mentor_id"),
        Index("ix_mentee_profile_group", "group_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, unique=True
        )
    )
    goals: str = Field(default="", max_length=GOALS_MAX)
    interests: str = Field(default="", max_length=1000)
    track: str = Field(default="", max_length=TRACK_MAX)
    background: str = Field(default="", max_length=2000)
    mentor_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("mentor_profile.id", ondelete="SET NULL")),
    )
    group_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("mentee_group.id", ondelete="SET NULL")),
    )
    assigned_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # True when an admin assigned past the mentor's max_mentees on purpose (recorded, audited).
    capacity_override: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
