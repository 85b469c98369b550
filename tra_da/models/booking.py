"""Slots a mentor opens, bookings mentees make on them, and each booking's status history.

Each table has its family beside it: ``...Base`` (the fields the table and what goes out share),
the table, and ``...Public`` (what goes out: REST responses, the services' results, the pages'
rows). A field added to ``BookingBase`` is stored, served by the REST API and readable on a page.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, text
from sqlmodel import Field, SQLModel

from tra_da.models.base import PUBLIC, UTCDateTime, in_list, utcnow
from tra_da.models.limits import REASON_MAX
from tra_da.models.payment import PaymentPublic

SLOT_STATUSES = ("open", "booked", "blocked")
BOOKING_STATUSES = ("pending", "confirmed", "cancelled", "completed", "no_show")
LIVE_BOOKING_STATUSES = ("pending", "confirmed")
_LIVE = in_list("status", LIVE_BOOKING_STATUSES)


class SlotBase(SQLModel):
    start_at: datetime = Field(sa_type=UTCDateTime)
    end_at: datetime = Field(sa_type=UTCDateTime)


class Slot(SlotBase, table=True):
    __tablename__ = "slot"
    __table_args__ = (
        CheckConstraint("end_at > start_at", name="ck_slot_end_after_start"),
        CheckConstraint(in_list("status", SLOT_STATUSES), name="ck_slot_status"),
        Index("ix_slot_mentor_start", "mentor_id", "start_at"),
        # Covering for "who has open slots in this window": an index-only range scan.
        Index("ix_slot_status_start", "status", "start_at", "mentor_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    mentor_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("mentor_profile.id", ondelete="CASCADE"), nullable=False
        )
    )
    status: str = Field(default="open", max_length=10)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class BookingBase(SQLModel):
    slot_id: int
    mentor_id: int
    # Copied from the slot so history stays right if the slot is later changed or removed.
    start_at: datetime = Field(sa_type=UTCDateTime)
    end_at: datetime = Field(sa_type=UTCDateTime)
    status: str = Field(default="confirmed", max_length=12)  # one of BOOKING_STATUSES
    meeting_link: str | None = Field(default=None, max_length=500)
    cancel_reason: str | None = Field(default=None, max_length=REASON_MAX)


class Booking(BookingBase, table=True):
    __tablename__ = "booking"
    __table_args__ = (
        CheckConstraint(in_list("status", BOOKING_STATUSES), name="ck_booking_status"),
        CheckConstraint("end_at > start_at", name="ck_booking_end_after_start"),
        # At most one live booking per slot, whatever the concurrency: the database decides.
        Index(
            "uq_booking_live_slot",
            "slot_id",
            unique=True,
            postgresql_where=text(_LIVE),
            sqlite_where=text(_LIVE),
        ),
        Index("ix_booking_mentee_start", "mentee_id", "start_at"),
        Index("ix_booking_mentor_start", "mentor_id", "start_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slot_id: int = Field(
        sa_column=Column(Integer, ForeignKey("slot.id", ondelete="RESTRICT"), nullable=False)
    )
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
    booked_by_user_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("user_account.id", ondelete="SET NULL")),
    )
    # The Google Calendar event id, derived from the first booking of a reschedule chain and
    # inherited by the next ones, so a retry or a reschedule never creates a second event.
    calendar_event_id: str | None = Field(default=None, max_length=1024)
    # The invitation's version for calendar clients (.ics SEQUENCE): raised on each reschedule.
    ics_sequence: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # A pending booking holds its slot while its mentee pays, until this moment.
    payment_expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    cancelled_by_user_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("user_account.id", ondelete="SET NULL")),
    )
    rescheduled_from_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("booking.id", ondelete="SET NULL"))
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class BookingStatusChange(SQLModel, table=True):
    """Append-only history: who moved a booking from one status to another, when and why."""

    __tablename__ = "booking_status_change"
    __table_args__ = (
        CheckConstraint(in_list("to_status", BOOKING_STATUSES), name="ck_booking_change_to"),
    )

    id: int | None = Field(default=None, primary_key=True)
    booking_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("booking.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    from_status: str | None = Field(default=None, max_length=12)
    to_status: str = Field(max_length=12)
    changed_by_user_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("user_account.id", ondelete="SET NULL")),
    )
    reason: str | None = Field(default=None, max_length=REASON_MAX)
    changed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


# --- what goes out ----------------------------------------------------------------------------


class SlotPublic(SlotBase):
    """An open slot a mentee may book."""

    model_config = PUBLIC
    id: int


class ManagedSlotPublic(SlotPublic):
    """A slot on its mentor's own calendar, with who booked it."""

    status: str  # one of SLOT_STATUSES
    mentee: str | None = None


class DeliveryPublic(SQLModel):
    """How a booking's side effects are doing, for the people in it."""

    model_config = PUBLIC
    email: str  # sent | sending | retrying | failed | none
    calendar: str  # created | sending | retrying | failed | off
    error: str = ""


class BookingPublic(BookingBase):
    """A booking as its people (and the REST API) see it."""

    model_config = PUBLIC
    id: int
    mentor_name: str | None = None
    mentee_name: str | None = None
    delivery: DeliveryPublic | None = None  # invitation emails and calendar event
    payment: PaymentPublic | None = None  # paid sessions only
    checkout_url: str | None = None  # a pending booking's Stripe payment page, for its mentee
    # Whether the viewer may still cancel or reschedule it: for the pages, not in the API.
    can_change: bool = Field(default=False, exclude=True)
    # Called off because it was moved to another slot (a later booking names it in
    # rescheduled_from_id): the pages show "Rescheduled", not "Cancelled"; not in the API.
    rescheduled: bool = Field(default=False, exclude=True)


def shown_status(status: str, rescheduled: bool) -> str:
    """What a booking's badge says: "rescheduled" for one moved to another slot (its row is
    cancelled, but nobody called the session off), else its status."""
    return "rescheduled" if rescheduled else status
