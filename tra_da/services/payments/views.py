"""What people see of payments: a booking's payment with its refunds, the admin's list."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from tra_da.models import Booking, MenteeProfile, MentorProfile, Payment, PaymentRefund, User
from tra_da.services.access import require_role
from tra_da.services.payments.money import format_amount


@dataclass(frozen=True)
class RefundView:
    id: int
    amount: int
    status: str
    reason: str
    stripe_refund_id: str | None
    created_at: datetime


@dataclass(frozen=True)
class PaymentView:
    id: int
    booking_id: int
    amount: int
    currency: str
    label: str  # formatted amount
    status: str
    checkout_session_id: str | None
    payment_intent_id: str | None
    expires_at: datetime | None
    paid_at: datetime | None
    late: bool
    refunded: int
    refund_status: str  # none | pending | succeeded | failed
    created_at: datetime
    refunds: list[RefundView] = field(default_factory=list)


def _refund_status(refunds: list[RefundView]) -> str:
    if not refunds:
        return "none"
    if any(r.status == "pending" for r in refunds):
        return "pending"
    if any(r.status == "succeeded" for r in refunds):
        return "succeeded"
    return "failed"


def payment_views(db: Session, booking_ids: list[int]) -> dict[int, PaymentView]:
    """The payment (with its refunds) of each of these bookings that has one."""
    if not booking_ids:
        return {}
    payments = db.exec(select(Payment).where(col(Payment.booking_id).in_(booking_ids))).all()
    ids = [p.id for p in payments if p.id is not None]
    refunds: dict[int, list[RefundView]] = {i: [] for i in ids}
    if ids:
        for r in db.exec(
            select(PaymentRefund)
            .where(col(PaymentRefund.payment_id).in_(ids))
            .order_by(col(PaymentRefund.id))
        ).all():
            refunds[r.payment_id].append(
                RefundView(
                    r.id or 0, r.amount, r.status, r.reason, r.stripe_refund_id, r.created_at
                )
            )
    out = {}
    for p in payments:
        mine = refunds.get(p.id or 0, [])
        out[p.booking_id] = PaymentView(
            id=p.id or 0,
            booking_id=p.booking_id,
            amount=p.amount,
            currency=p.currency,
            label=format_amount(p.amount, p.currency),
            status=p.status,
            checkout_session_id=p.checkout_session_id,
            payment_intent_id=p.payment_intent_id,
            expires_at=p.expires_at,
            paid_at=p.paid_at,
            late=p.late,
            refunded=sum(r.amount for r in mine if r.status != "failed"),
            refund_status=_refund_status(mine),
            created_at=p.created_at,
            refunds=mine,
        )
    return out


@dataclass(frozen=True)
class PaymentRow:
    payment: PaymentView
    booking_status: str
    start_at: datetime
    mentor_name: str
    mentee_name: str


def list_payments(db: Session, actor: User | None, limit: int = 100) -> list[PaymentRow]:
    """For admins: the latest payments with their booking, people and refunds."""
    require_role(actor, "admin")
    mentor_user = User.__table__.alias("mentor_user")  # type: ignore[attr-defined]
    rows = db.exec(
        select(Booking, mentor_user.c.name, User.name)
        .join(Payment, col(Payment.booking_id) == Booking.id)
        .join(MentorProfile, col(MentorProfile.id) == Booking.mentor_id)
        .join(mentor_user, mentor_user.c.id == MentorProfile.user_id)
        .join(MenteeProfile, col(MenteeProfile.id) == Booking.mentee_id)
        .join(User, col(User.id) == MenteeProfile.user_id)
        .order_by(col(Payment.id).desc())
        .limit(limit)
    ).all()
    views = payment_views(db, [b.id for b, _, _ in rows if b.id is not None])
    return [
        PaymentRow(views[b.id or 0], b.status, b.start_at, mentor_name, mentee_name)
        for b, mentor_name, mentee_name in rows
    ]


def checkout_outcome(booking_status: str, payment: PaymentView | None) -> str:
    """What a mentee coming back from Checkout is told, read from the database (never guessed):
    confirmed | processing | waiting | released | refunded_late | free."""
    if payment is None:
        return "free"
    if payment.late:
        return "refunded_late"
    if booking_status in ("confirmed", "completed"):
        return "confirmed"
    if payment.status == "processing":
        return "processing"
    if booking_status == "pending":
        return "waiting"
    return "released"
