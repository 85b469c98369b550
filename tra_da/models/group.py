"""Groups of mentees: a cohort and a track, optionally led by one mentor; the group family
(``GroupBase`` -> ``MenteeGroup`` table, ``GroupCreate`` in, ``GroupPublic`` and
``GroupMemberPublic`` out)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from tra_da.models.base import UTCDateTime, utcnow
from tra_da.models.limits import NAME_MAX, TRACK_MAX


class GroupBase(SQLModel):
    name: str = Field(max_length=NAME_MAX)
    cohort: str = Field(default="", max_length=TRACK_MAX)
    track: str = Field(default="", max_length=TRACK_MAX)


class MenteeGroup(GroupBase, table=True):
    __tablename__ = "mentee_group"
    __table_args__ = (
        UniqueConstraint("name", "cohort", name="uq_mentee_group_name_cohort"),
        Index("ix_mentee_group_archived_track", "archived", "track"),
    )

    id: int | None = Field(default=None, primary_key=True)
    mentor_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("mentor_profile.id", ondelete="SET NULL"), index=True),
    )
    archived: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class GroupCreate(GroupBase):
    """A group as an admin enters it, to create or to edit (the whole group each time)."""

    mentor_id: int | None = None


class GroupPublic(GroupBase):
    id: int
    mentor_id: int | None
    mentor_name: str | None
    archived: bool
    members: int


class GroupMemberPublic(SQLModel):
    """One mentee of a group with their last and next session."""

    mentee_id: int
    name: str
    email: str
    last_session: datetime | None
    next_session: datetime | None
