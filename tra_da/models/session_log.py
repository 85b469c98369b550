"""What happened in a mentoring session: topic, both scores, support flag, notes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from tra_da.models.base import UTCDateTime, utcnow
from tra_da.validation import ACTIONS_MAX, COMMENT_MAX, NOTES_MAX, TOPIC_MAX


class SessionLog(SQLModel, table=True):
    __tablename__ = "session_log"
    __table_args__ = (
        CheckConstraint("mentor_score BETWEEN 1 AND 5", name="ck_session_log_mentor_score"),
        CheckConstraint(
            "mentee_score IS NULL OR mentee_score BETWEEN 1 AND 5",
            name="ck_session_log_mentee_score",
        ),
        CheckConstraint("length(topic) BETWEEN 1 AND 200", name="ck_session_log_topic_length"),
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
    session_date: date
    topic: str = Field(max_length=TOPIC_MAX)
    mentor_score: int
    mentee_score: int | None = None
    mentee_comment: str | None = Field(default=None, max_length=COMMENT_MAX)
    needs_support: bool = Field(default=False)
    notes: str = Field(default="", max_length=NOTES_MAX)  # private: mentor and admins only
    action_items: str = Field(default="", max_length=ACTIONS_MAX)  # the mentee sees these
    support_resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    support_resolved_by_user_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("user_account.id", ondelete="SET NULL")),
    )
    support_resolution_note: str | None = Field(default=None, max_length=COMMENT_MAX)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
