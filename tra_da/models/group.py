"""Groups of mentees: a cohort and a track, optionally led by one mentor."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from tra_da.models.base import UTCDateTime, utcnow
from tra_da.validation import COHORT_MAX, GROUP_NAME_MAX, TRACK_MAX


class MenteeGroup(SQLModel, table=True):
    __tablename__ = "mentee_group"
    __table_args__ = (
        UniqueConstraint("name", "cohort", name="uq_mentee_group_name_cohort"),
        Index("ix_mentee_group_archived_track", "archived", "track"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=GROUP_NAME_MAX)
    cohort: str = Field(default="", max_length=COHORT_MAX)
    track: str = Field(default="", max_length=TRACK_MAX)
    mentor_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("mentor_profile.id", ondelete="SET NULL"), index=True),
    )
    archived: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
