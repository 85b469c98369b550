"""Side effects waiting for delivery: written with the change that causes them, sent by a relay."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from tra_da.models.base import UTCDateTime, in_list, utcnow

OUTBOX_STATUSES = ("pending", "done", "dead")


class OutboxMessage(SQLModel, table=True):
    __tablename__ = "outbox_message"
    __table_args__ = (
        CheckConstraint(in_list("status", OUTBOX_STATUSES), name="ck_outbox_status"),
        CheckConstraint("attempts >= 0", name="ck_outbox_attempts"),
        Index("ix_outbox_due", "status", "next_attempt_at"),
        Index("ix_outbox_booking", "booking_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=60)
    dedupe_key: str = Field(max_length=200, unique=True)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # The booking this side effect belongs to, so its page can show how delivery is going.
    booking_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("booking.id", ondelete="SET NULL"), nullable=True),
    )
    status: str = Field(default="pending", max_length=10)
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str | None = Field(default=None, max_length=2000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
