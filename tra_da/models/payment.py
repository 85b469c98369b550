"""Payments for paid sessions: one per booking attempt, its refunds, and the Stripe events seen.

Money is always an integer in the currency's smallest unit (VND: đồng, USD: cents); never a float.
Each table has its family beside it: ``...Base`` (the shared fields), the table, and what goes
out (``...Public``: REST responses, the services' results, the pages' rows).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from tra_da.models.base import PUBLIC, UTCDateTime, in_list, utcnow
from tra_da.models.limits import REFUND_REASON_MAX
from tra_da.models.numbers import JsonInt

# awaiting: checkout open; processing: paid by a delayed method, not yet settled;
# paid; expired: the checkout ran out (or was abandoned); failed: the delayed payment failed.
PAYMENT_STATUSES = ("awaiting", "processing", "paid", "expired", "failed")
REFUND_STATUSES = ("pending", "succeeded", "failed")


class PaymentBase(SQLModel):
    booking_id: int
    amount: int  # smallest currency unit
    currency: str = Field(max_length=3)
    status: str = Field(default="awaiting", max_length=10)  # one of PAYMENT_STATUSES
    checkout_session_id: str | None = Field(default=None, max_length=255)
    payment_intent_id: str | None = Field(default=None, max_length=255)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    paid_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Paid after its hold was released (the slot may be someone else's): refunded in full.
    late: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})


class Payment(PaymentBase, table=True):
    __tablename__ = "payment"
    __table_args__ = (
        CheckConstraint(in_list("status", PAYMENT_STATUSES), name="ck_payment_status"),
        CheckConstraint("amount > 0", name="ck_payment_amount"),
        Index("ix_payment_created", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    booking_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("booking.id", ondelete="RESTRICT"),
            nullable=False,
            unique=True,
        )
    )
    checkout_session_id: str | None = Field(default=None, max_length=255, unique=True)
    checkout_url: str | None = Field(default=None, max_length=2000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class RefundBase(SQLModel):
    amount: int
    status: str = Field(default="pending", max_length=10)  # one of REFUND_STATUSES
    reason: str = Field(default="", max_length=REFUND_REASON_MAX)
    stripe_refund_id: str | None = Field(default=None, max_length=255)


class PaymentRefund(RefundBase, table=True):
    """One refund asked of Stripe; sent by the outbox relay with its own idempotency key."""

    __tablename__ = "payment_refund"
    __table_args__ = (
        CheckConstraint(in_list("status", REFUND_STATUSES), name="ck_payment_refund_status"),
        CheckConstraint("amount > 0", name="ck_payment_refund_amount"),
    )

    id: int | None = Field(default=None, primary_key=True)
    payment_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("payment.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    stripe_refund_id: str | None = Field(default=None, max_length=255, unique=True)
    requested_by_user_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("user_account.id", ondelete="SET NULL")),
    )
    last_error: str | None = Field(default=None, max_length=1000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class StripeEvent(SQLModel, table=True):
    """Every webhook event handled once: its id is recorded in the transaction that acts on it."""

    __tablename__ = "stripe_event"

    id: str = Field(primary_key=True, max_length=255)
    type: str = Field(max_length=100)
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


# --- what goes out ----------------------------------------------------------------------------


class RefundPublic(RefundBase):
    model_config = PUBLIC
    id: int
    created_at: datetime


class PaymentPublic(PaymentBase):
    """A booking's payment with its refunds."""

    model_config = PUBLIC
    id: int
    label: str  # the amount as people read it: "200.000 ₫"
    refunded: int  # refunded or being refunded, smallest unit
    refund_status: str  # none | pending | succeeded | failed
    created_at: datetime
    refunds: list[RefundPublic] = Field(default_factory=list)


class PaymentStatePublic(SQLModel):
    """A booking and its payment as they stand, for someone back from the payment page."""

    model_config = PUBLIC
    booking_id: int
    booking_status: str
    outcome: str  # confirmed | processing | waiting | released | refunded_late | free
    payment: PaymentPublic | None
    checkout_url: str | None


class PaymentRowPublic(SQLModel):
    """One line of the admins' payments list: the payment, its booking and its people."""

    model_config = PUBLIC
    payment: PaymentPublic
    booking_status: str
    start_at: datetime
    mentor_name: str
    mentee_name: str


class PriceBase(SQLModel):
    amount: int  # smallest currency unit; 0: free
    currency: str = Field(max_length=3)  # VND or USD


class PriceUpdate(PriceBase):
    """A mentor's price per session as it comes in."""

    amount: JsonInt = Field(
        ge=0, le=10**12, description="smallest currency unit (VND: đồng, USD: cents); 0 = free"
    )
    currency: str = Field(min_length=3, max_length=3, description="VND or USD")


class MentorPricePublic(PriceBase):
    """What one session with a mentor costs."""

    model_config = PUBLIC
    label: str


class PricePublic(MentorPricePublic):
    """A mentor's price setting, and whether payments are set up at all."""

    enabled: bool


class WebhookPublic(SQLModel):
    """What the Stripe webhook answers: received, and what was done."""

    model_config = PUBLIC
    received: bool
    outcome: str
