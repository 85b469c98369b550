"""Payments for paid sessions: one per booking attempt, its refunds, and the Stripe events seen.

Money is always an integer in the currency's smallest unit (VND: đồng, USD: cents); never a float.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from tra_da.models.base import UTCDateTime, in_list, utcnow
from tra_da.models.limits import REFUND_REASON_MAX

# awaiting: checkout open; processing: paid by a delayed method, not yet settled;
# paid; expired: the checkout ran out (or was abandoned); failed: the delayed payment failed.
PAYMENT_STATUSES = ("awaiting", "processing", "paid", "expired", "failed")
REFUND_STATUSES = ("pending", "succeeded", "failed")


class Payment(SQLModel, table=True):
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
    amount: int
    currency: str = Field(max_length=3)
    status: str = Field(default="awaiting", max_length=10)
    checkout_session_id: str | None = Field(default=None, max_length=255, unique=True)
    checkout_url: str | None = Field(default=None, max_length=2000)
    payment_intent_id: str | None = Field(default=None, max_length=255)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    paid_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Paid after its hold was released (the slot may be someone else's): refunded in full.
    late: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PaymentRefund(SQLModel, table=True):
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
    amount: int
    status: str = Field(default="pending", max_length=10)
    reason: str = Field(default="", max_length=REFUND_REASON_MAX)
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
