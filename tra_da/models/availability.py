"""A mentor's weekly availability (in their own time zone) and the dates it does not apply,
each table with its family: ``...Base``, the table, ``...Public`` (what goes out)."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from tra_da.models.base import UTCDateTime, utcnow
from tra_da.models.limits import EXCEPTION_NOTE_MAX


class WeeklyAvailabilityBase(SQLModel):
    weekday: int  # Monday = 0, in the mentor's time zone
    start_time: time
    end_time: time
    session_minutes: int = 60
    buffer_minutes: int = 0


class WeeklyAvailability(WeeklyAvailabilityBase, table=True):
    """E.g. Tuesdays 18:00-20:00 in 45-minute sessions with 15 minutes between them."""

    __tablename__ = "weekly_availability"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="ck_weekly_weekday"),
        CheckConstraint("end_time > start_time", name="ck_weekly_end_after_start"),
        CheckConstraint("session_minutes IN (30, 45, 60)", name="ck_weekly_session_minutes"),
        CheckConstraint("buffer_minutes BETWEEN 0 AND 60", name="ck_weekly_buffer"),
    )

    id: int | None = Field(default=None, primary_key=True)
    mentor_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("mentor_profile.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        )
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AvailabilityExceptionBase(SQLModel):
    day: date
    note: str = Field(default="", max_length=EXCEPTION_NOTE_MAX)


class AvailabilityException(AvailabilityExceptionBase, table=True):
    """A date (holiday, trip) on which the weekly availability makes no slots."""

    __tablename__ = "availability_exception"
    __table_args__ = (UniqueConstraint("mentor_id", "day", name="uq_availability_exception_day"),)

    id: int | None = Field(default=None, primary_key=True)
    mentor_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("mentor_profile.id", ondelete="CASCADE"), nullable=False
        )
    )


# --- what goes out ----------------------------------------------------------------------------


class WeeklyAvailabilityPublic(WeeklyAvailabilityBase):
    id: int


class AvailabilityExceptionPublic(AvailabilityExceptionBase):
    id: int
