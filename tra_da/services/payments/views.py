"""What people see of payments: a booking's payment with its refunds, the admin's list."""

from __future__ import annotations

import functools

from sqlalchemy import bindparam
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from tra_da.models import Booking, MenteeProfile, MentorProfile, Payment, PaymentRefund, User
from tra_da.models.payment import PaymentPublic, PaymentRowPublic, RefundPublic
from tra_da.services.access import require_role
from tra_da.services.payments.money import format_amount


def _refund_status(refunds: list[RefundPublic]) -> str:
    if not refunds:
        return "none"
    if any(r.status == "pending" for r in refunds):
        return "pending"
    if any(r.status == "succeeded" for r in refunds):
        return "succeeded"
    return "failed"


@functools.cache
def _payments_statement() -> SelectOfScalar[Payment]:
    """Built once (every My sessions page asks): building it cost more than running it."""
    return select(Payment).where(col(Payment.booking_id).in_(bindparam("ids", expanding=True)))


def payment_views(db: Session, booking_ids: list[int]) -> dict[int, PaymentPublic]:
    """The payment (with its refunds) of each of these bookings that has one."""
    if not booking_ids:
        return {}
    payments = db.exec(_payments_statement(), params={"ids": booking_ids}).all()
    ids = [p.id for p in payments if p.id is not None]
    refunds: dict[int, list[RefundPublic]] = {i: [] for i in ids}
    if ids:
        for r in db.exec(
            select(PaymentRefund)
            .where(col(PaymentRefund.payment_id).in_(ids))
            .order_by(col(PaymentRefund.id))
        ).all():
            refunds[r.payment_id].append(RefundPublic.model_validate(r))
    out = {}
    for p in payments:
        mine = refunds.get(p.id or 0, [])
        out[p.booking_id] = PaymentPublic.model_validate(
            p,
            update={
                "label": format_amount(p.amount, p.currency),
                "refunded": sum(r.amount for r in mine if r.status != "failed"),
                "refund_status": _refund_status(mine),
                "refunds": mine,
            },
        )
    return out


def list_payments(db: Session, actor: User | None, limit: int = 100) -> list[PaymentRowPublic]:
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
        PaymentRowPublic(
            payment=views[b.id or 0],
            booking_status=b.status,
            start_at=b.start_at,
            mentor_name=mentor_name,
            mentee_name=mentee_name,
        )
        for b, mentor_name, mentee_name in rows
    ]


def checkout_outcome(booking_status: str, payment: PaymentPublic | None) -> str:
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
