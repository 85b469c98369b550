"""What happened in a mentoring session: topic, both scores, support flag, notes.

The model family (``SessionLogBase`` -> the table, ``SessionLogCreate`` / ``SessionLogUpdate`` in,
``SessionLogPublic`` / ``SessionLogMenteePublic`` out) and the read projections the mentoring
views and the REST API share: a mentor's mentees (``MenteeSummaryPublic``), the sessions waiting
for a log, this week's sessions and sessions per week.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel
from sqlmodel.main import SQLModelConfig

from tra_da.models.base import UTCDateTime, utcnow
from tra_da.models.limits import ACTIONS_MAX, COMMENT_MAX, NOTES_MAX, RESOLUTION_MAX, TOPIC_MAX

# What leaves the server states every key it always sends (the OpenAPI output schemas too).
_PUBLIC = SQLModelConfig(json_schema_serialization_defaults_required=True)


class SessionLogBase(SQLModel):
    """What a mentor writes about a session."""

    session_date: date
    topic: str = Field(max_length=TOPIC_MAX)
    mentor_score: int
    needs_support: bool = Field(default=False)
    notes: str = Field(default="", max_length=NOTES_MAX)  # private: mentor and admins only
    action_items: str = Field(default="", max_length=ACTIONS_MAX)  # the mentee sees these


class SessionLog(SessionLogBase, table=True):
    __tablename__ = "session_log"
    __table_args__ = (
        CheckConstraint("mentor_score BETWEEN 1 AND 5", name="ck_session_log_mentor_score"),
        CheckConstraint(
            "mentee_score IS NULL OR mentee_score BETWEEN 1 AND 5",
            name="ck_session_log_mentee_score",
        ),
        CheckConstraint(
            f"length(topic) BETWEEN 1 AND {TOPIC_MAX}", name="ck_session_log_topic_length"
        ),
        Index("ix_session_log_mentor_date", "mentor_id", "session_date"),
        Index("ix_session_log_mentee_date", "mentee_id", "session_date"),
        Index("ix_session_log_needs_support", "needs_support", "support_resolved_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    mentor_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("mentor_profile.id", ondelete="RESTRICT"), nullable=False
        )
    )
    mentee_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("mentee_profile.id", ondelete="RESTRICT"), nullable=False
        )
    )
    booking_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("booking.id", ondelete="SET NULL"), unique=True),
    )
    mentee_score: int | None = None
    mentee_comment: str | None = Field(default=None, max_length=COMMENT_MAX)
    support_resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    support_resolved_by_user_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("user_account.id", ondelete="SET NULL")),
    )
    support_resolution_note: str | None = Field(default=None, max_length=RESOLUTION_MAX)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SessionLogCreate(SessionLogBase):
    """A new log: about which mentee and, when it was booked, which session."""

    mentee_id: int
    booking_id: int | None = None


class SessionLogUpdate(SQLModel):
    """An edit or an admin's correction; the mentee and the booking of a log never change."""

    session_date: date | None = None
    topic: str | None = Field(default=None, max_length=TOPIC_MAX)
    mentor_score: int | None = None
    needs_support: bool | None = None
    notes: str | None = Field(default=None, max_length=NOTES_MAX)
    action_items: str | None = Field(default=None, max_length=ACTIONS_MAX)


class SessionLogMenteePublic(SQLModel):
    """What a mentee sees of a log about them: ``notes``, ``needs_support`` and
    ``mentor_score`` are not even keys."""

    model_config = _PUBLIC

    id: int
    mentee_id: int
    mentor_id: int
    mentor_name: str
    booking_id: int | None
    session_date: date
    topic: str
    action_items: str
    mentee_score: int | None
    mentee_comment: str | None


class SessionLogPublic(SessionLogBase, SessionLogMenteePublic):
    """What the mentor who wrote it and admins see."""

    model_config = _PUBLIC

    mentee_name: str
    support_resolved_at: datetime | None
    support_resolution_note: str | None
    created_at: datetime
    editable: bool


class LogPromptPublic(SQLModel):
    """A past booking of the mentor with nothing logged yet: the log form's prefill."""

    booking_id: int
    mentee_id: int
    mentee_name: str
    start_at: datetime
    end_at: datetime
    session_date: date


class WeekSessionPublic(SQLModel):
    """One of the mentor's sessions this week, with its join link."""

    booking_id: int
    mentee_id: int
    mentee_name: str
    start_at: datetime
    end_at: datetime
    meeting_link: str | None
    today: bool


class WeekCountPublic(SQLModel):
    """Logged sessions in the ISO week (Monday first) starting ``week_start``."""

    week_start: date
    sessions: int


class MenteeSummaryPublic(SQLModel):
    """One of a mentor's mentees as the board and ``GET /api/mentors/me/mentees`` show them."""

    model_config = _PUBLIC

    id: int
    name: str
    email: str
    track: str
    goals: str
    group: str | None
    assigned: bool
    last_session: datetime | None = None
    next_session: datetime | None = None
    sessions: int = 0
    latest_score: int | None = None
    scores: list[int] = Field(default_factory=list)  # oldest to newest, the latest few
    trend: int = Field(default=0, description="+1 improving, -1 slipping, 0 flat (last two scores)")
    needs_support: bool = False


def score_trend(scores: list[int]) -> int:
    """+1 improving, -1 slipping, 0 flat or too few scores, from the last two scores."""
    if len(scores) < 2:
        return 0
    return (scores[-1] > scores[-2]) - (scores[-1] < scores[-2])


class MentorBoardPublic(SQLModel):
    """Everything the mentor's dashboard shows."""

    mentor_id: int
    zone: str
    week: list[WeekSessionPublic]
    mentees: list[MenteeSummaryPublic]
    prompts: list[LogPromptPublic]
    per_week: list[WeekCountPublic]


class MenteeBookingPublic(SQLModel):
    """A session of one mentee, on their page."""

    id: int
    start_at: datetime
    end_at: datetime
    status: str
    mentor_name: str
    meeting_link: str | None
    upcoming: bool
    rescheduled: bool = False  # cancelled because it was moved to another slot


class MenteePagePublic(SQLModel):
    """One mentee's page: summary, every log (newest first) and their latest sessions."""

    summary: MenteeSummaryPublic
    logs: list[SessionLogPublic]
    bookings: list[MenteeBookingPublic]
    # What the mentee wrote about themselves on their account page.
    interests: str = ""
    background: str = ""
