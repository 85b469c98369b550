"""Refunds: the cancellation policy, refunds by hand, and asking Stripe for them.

Each refund is a row queued in the caller's transaction; the outbox's "refund" handler
(registered here) asks Stripe with the same idempotency key on every retry.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from tra_da.db import write_lock
from tra_da.integrations import stripe_payments
from tra_da.models import Booking, OutboxMessage, Payment, PaymentRefund, User
from tra_da.models.base import utcnow
from tra_da.models.limits import REFUND_REASON_MAX
from tra_da.models.payment import PaymentPublic
from tra_da.services import audit, booking_effects, notifications, outbox
from tra_da.services.access import require_role
from tra_da.services.errors import Conflict, Invalid, NotFound
from tra_da.services.outbox import Permanent, Queued, Skipped
from tra_da.services.payments.checkout import _locked, _payment_of
from tra_da.services.payments.money import format_amount
from tra_da.services.payments.views import payment_views
from tra_da.settings import get_settings

# The email a mentee gets with each kind of refund.
REFUND_TEMPLATES = {
    "cancel": "payment_refunded",
    "late": "payment_late_refunded",
    "manual": "payment_refunded_manual",
}


def refunded_total(db: Session, payment_id: int) -> int:
    """What has been given back or is on its way (failed refunds do not count)."""
    total = db.exec(
        select(func.coalesce(func.sum(PaymentRefund.amount), 0)).where(
            PaymentRefund.payment_id == payment_id, PaymentRefund.status != "failed"
        )
    ).one()
    return int(total)


def policy_refund(payment: Payment, booking: Booking, actor: User, now: datetime) -> int:
    """The programme's cancellation policy: a mentor or admin cancelling refunds in full; a
    mentee in full when at least REFUND_FULL_HOURS ahead, else REFUND_LATE_PERCENT of it."""
    if actor.role != "mentee":
        return payment.amount
    if now <= full_refund_deadline(booking.start_at):
        return payment.amount
    return payment.amount * get_settings().refund_late_percent // 100


def full_refund_deadline(start_at: datetime) -> datetime:
    """The last moment a mentee's cancellation of a session starting at ``start_at`` is
    refunded in full (REFUND_FULL_HOURS before it); the booking dialog states it."""
    return start_at - timedelta(hours=get_settings().refund_full_hours)


def _request_refund(
    db: Session,
    payment: Payment,
    booking: Booking,
    amount: int,
    reason: str,
    actor: User | None,
    template: str,
) -> PaymentRefund:
    assert payment.id is not None
    refund = PaymentRefund(
        payment_id=payment.id,
        amount=amount,
        reason=reason[:REFUND_REASON_MAX],
        requested_by_user_id=actor.id if actor else None,
    )
    db.add(refund)
    db.flush()
    notifications.queue(
        db,
        Queued(
            kind="refund",
            dedupe_key=f"refund:{refund.id}",
            booking_id=booking.id,
            payload={"refund_id": refund.id},
        ),
    )
    mentor, mentee = booking_effects.people(db, booking)
    notifications.queue(
        db,
        notifications.email_message(
            mentee,
            REFUND_TEMPLATES[template],
            {
                "other": mentor.name,
                **booking_effects.when_and_zone(booking, mentee),
                "amount": format_amount(amount, payment.currency),
                "link": "/sessions",
            },
            dedupe_key=f"email.refund:{refund.id}",
            booking_id=booking.id,
        ),
    )
    return refund


def refund_on_cancel(db: Session, booking: Booking, actor: User, now: datetime) -> int:
    """Called in a cancellation's transaction: what the policy gives back is queued for Stripe.
    An unpaid checkout is marked abandoned (a payment arriving anyway is refunded as late)."""
    assert booking.id is not None
    payment = _payment_of(db, booking.id)
    if payment is None:
        return 0
    if payment.status == "awaiting":
        payment.status, payment.updated_at = "expired", now
        db.add(payment)
        return 0
    if payment.status != "paid" or payment.id is None:
        return 0
    amount = min(
        policy_refund(payment, booking, actor, now),
        payment.amount - refunded_total(db, payment.id),
    )
    if amount <= 0:
        return 0
    _request_refund(db, payment, booking, amount, "cancelled", actor, "cancel")
    return amount


def refund(
    db: Session, actor: User | None, payment_id: int, amount: int | None = None, reason: str = ""
) -> PaymentPublic:
    """An admin gives money back by hand (all that is left unless an amount is given)."""
    admin = require_role(actor, "admin")
    reason = reason.strip()
    if len(reason) > REFUND_REASON_MAX:
        raise Invalid(f"Keep the reason to {REFUND_REASON_MAX} characters.", "err.reason")
    with write_lock(db):
        payment = db.get(Payment, payment_id)
        if payment is None or payment.id is None:
            raise NotFound("This payment does not exist; reload the list.")
        payment = _locked(db, payment)  # a cancel or another admin refunds one after the other
        if payment.status != "paid" or not payment.payment_intent_id:
            db.rollback()
            raise Conflict(
                "Only a paid payment can be refunded; this one is " + payment.status + ".",
                "err.not_paid",
            )
        left = payment.amount - refunded_total(db, payment_id)
        amount = left if amount is None else amount
        if left <= 0:
            db.rollback()
            raise Conflict("This payment has already been refunded in full.", "err.refunded")
        if not 0 < amount <= left:
            db.rollback()
            raise Invalid(
                f"Refund between 1 and {left} (smallest unit of {payment.currency}).",
                "err.refund_amount",
                left=format_amount(left, payment.currency),
            )
        booking = db.get(Booking, payment.booking_id)
        assert booking is not None
        refund_row = _request_refund(
            db, payment, booking, amount, reason or "refunded by an admin", admin, "manual"
        )
        audit.record(
            db,
            admin,
            "payment.refund",
            "payment",
            payment.id,
            after={"amount": amount, "refund_id": refund_row.id, "reason": reason},
        )
        db.commit()
    return payment_views(db, [payment.booking_id])[payment.booking_id]


def deliver_refund(db: Session, message: OutboxMessage) -> None:
    """The outbox handler: ask Stripe for one refund (same idempotency key on every retry)."""
    refund = db.get(PaymentRefund, message.payload["refund_id"])
    if refund is None or refund.status != "pending" or refund.stripe_refund_id:
        raise Skipped("the refund was already asked for")
    payment = db.get(Payment, refund.payment_id)
    if payment is None or not payment.payment_intent_id:
        raise Permanent("the payment has no Stripe payment intent to refund")
    gateway = stripe_payments.gateway_for(get_settings())
    if gateway is None:
        raise Permanent("Stripe is no longer configured; refund by hand in the Stripe dashboard")
    refund_id, intent, amount = refund.id, payment.payment_intent_id, refund.amount
    db.rollback()  # no transaction stays open while Stripe answers
    try:
        result = gateway.refund(intent, amount, f"refund:{refund_id}")
    except stripe_payments.PaymentError as exc:
        if exc.permanent:
            db.execute(
                update(PaymentRefund)
                .where(col(PaymentRefund.id) == refund_id)
                .values(status="failed", last_error=str(exc)[:1000], updated_at=utcnow())
            )
            db.commit()
            raise Permanent(str(exc)) from None
        raise
    db.execute(
        update(PaymentRefund)
        .where(col(PaymentRefund.id) == refund_id)
        .values(stripe_refund_id=result.refund_id, status=result.status, updated_at=utcnow())
    )
    db.commit()


outbox.register("refund", deliver_refund)
