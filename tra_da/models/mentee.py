"""Mentee profiles: goals, track, the assigned mentor and the group; the mentee family
(``MenteeBase`` -> ``MenteeProfile`` table, ``MenteePublic`` out: the admin's list row)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from tra_da.models.base import UTCDateTime, utcnow
from tra_da.models.limits import BACKGROUND_MAX, GOALS_MAX, INTERESTS_MAX, TRACK_MAX


class MenteeBase(SQLModel):
    goals: str = Field(default="", max_length=GOALS_MAX)
    interests: str = Field(default="", max_length=INTERESTS_MAX)
    track: str = Field(default="", max_length=TRACK_MAX)
    background: str = Field(default="", max_length=BACKGROUND_MAX)


class MenteeProfile(MenteeBase, table=True):
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


class MenteeUpdate(SQLModel):
    """What a mentee changes on their own profile: fields left out stay as they are."""

    goals: str | None = Field(default=None, max_length=GOALS_MAX)
    interests: str | None = Field(default=None, max_length=INTERESTS_MAX)
    background: str | None = Field(default=None, max_length=BACKGROUND_MAX)


class MenteeOwnPublic(MenteeBase):
    """A mentee's own profile as they edit it."""

    id: int


class MenteePublic(MenteeBase):
    """A mentee as admins list them: the person, their mentor and group by name, and whether a
    support flag is open."""

    id: int
    name: str
    email: str
    mentor_id: int | None
    mentor_name: str | None
    group_id: int | None
    group_name: str | None
    needs_support: bool
    capacity_override: bool
