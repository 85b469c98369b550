"""The slot held while a mentee pays: the Stripe Checkout Session, and releasing the hold.

A paid booking is created 'pending' with its slot claimed and a hold end. An expired or failed
checkout, or a hold that ran out without word from Stripe, cancels the booking and reopens the
slot. Every change is a conditional UPDATE, so it may run twice or race a webhook safely.
"""

from __future__ import annotations

import functools
import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, update
from sqlmodel import Session, col, select

from tra_da import db as database
from tra_da.db import write_lock
from tra_da.i18n import text
from tra_da.integrations import stripe_payments
from tra_da.models import Booking, BookingStatusChange, Payment, Slot
from tra_da.models.base import instant_param, utcnow
from tra_da.models.payment import MentorPricePublic
from tra_da.services import booking_effects
from tra_da.services.errors import Unavailable
from tra_da.settings import get_settings

log = logging.getLogger("tra_da.payments")

# The local hold outlasts Stripe's checkout by this much, so the slot is never released while
# the payment page can still take money (a payment even later is refunded).
HOLD_GRACE = timedelta(minutes=5)
REASON_EXPIRED = "payment expired"
REASON_FAILED = "payment failed"
REASON_NOT_STARTED = "payment could not start"


def hold_until(now: datetime) -> datetime:
    return now + timedelta(minutes=get_settings().payment_hold_minutes) + HOLD_GRACE


def stripe_expiry(now: datetime, hold_minutes: int) -> datetime:
    """When Stripe's page stops taking money: the hold, kept a minute inside Stripe's own
    30 min .. 24 h window (measured from when Stripe receives the request, a moment later)."""
    seconds = min(max(hold_minutes * 60, 31 * 60), 24 * 3600 - 60)
    return now + timedelta(seconds=seconds)


def add_payment(db: Session, booking: Booking, price: MentorPricePublic) -> Payment:
    """The payment of a booking being created as pending (in the caller's transaction)."""
    assert booking.id is not None
    payment = Payment(booking_id=booking.id, amount=price.amount, currency=price.currency)
    db.add(payment)
    return payment


def _payment_of(db: Session, booking_id: int) -> Payment | None:
    return db.exec(select(Payment).where(Payment.booking_id == booking_id)).first()


def _gateway() -> stripe_payments.StripeGateway:
    gateway = stripe_payments.gateway_for(get_settings())
    if gateway is None:
        raise Unavailable(
            "Payments are not set up on this platform; sessions are free.", "err.payments_off"
        )
    return gateway


def open_checkout(db: Session, booking: Booking, now: datetime | None = None) -> Payment:
    """Create the Stripe Checkout Session of a pending booking (after its hold has committed).

    The idempotency key names the booking, so a retry (by the client or by us) gets the same
    session back. If Stripe cannot be reached the hold is released at once and the mentee is
    told to try again: a slot is never left blocked by a checkout that never opened."""
    assert booking.id is not None
    payment = _payment_of(db, booking.id)
    assert payment is not None
    if payment.checkout_url:
        return payment
    now = now or utcnow()
    settings = get_settings()
    mentor, mentee = booking_effects.people(db, booking)
    base = settings.public_url.rstrip("/")
    back = f"{base}/sessions?checkout={booking.id}"
    request = stripe_payments.CheckoutRequest(
        booking_id=booking.id,
        amount=payment.amount,
        currency=payment.currency,
        description=text(
            "checkout.description",
            mentee.locale,
            mentor=mentor.name,
            **booking_effects.when_and_zone(booking, mentee),
        ),
        customer_email=mentee.email,
        locale=mentee.locale if mentee.locale in ("vi", "en") else "auto",
        success_url=f"{back}&result=success",
        cancel_url=f"{back}&result=cancel",
        expires_at=stripe_expiry(now, settings.payment_hold_minutes),
        idempotency_key=f"checkout:{booking.id}",
    )
    booking_id, payment_id = booking.id, payment.id
    db.rollback()  # no transaction stays open while Stripe answers
    try:
        checkout = _gateway().create_checkout(request)
    except stripe_payments.PaymentError as exc:
        log.error("checkout for booking %s could not start: %s", booking_id, exc)
        with write_lock(db):
            _release(db, booking_id, REASON_NOT_STARTED, "expired")
            db.commit()
        raise Unavailable(
            "The payment page could not be opened (Stripe did not answer); nothing was charged "
            "and the slot is free again. Try again in a few minutes.",
            "err.checkout_failed",
        ) from None
    with write_lock(db):
        db.execute(
            update(Payment)
            .where(col(Payment.id) == payment_id)
            .values(
                checkout_session_id=checkout.session_id,
                checkout_url=checkout.url,
                expires_at=checkout.expires_at,
                updated_at=utcnow(),
            )
        )
        # The local hold ends a little after Stripe's page stops taking money.
        db.execute(
            update(Booking)
            .where(col(Booking.id) == booking_id, col(Booking.status) == "pending")
            .values(payment_expires_at=checkout.expires_at + HOLD_GRACE)
        )
        db.commit()
    db.refresh(payment)
    db.refresh(booking)
    return payment


def resume_url(db: Session, booking: Booking, now: datetime | None = None) -> str | None:
    """The payment page of a pending booking while its hold lasts (to finish paying)."""
    now = now or utcnow()
    if booking.status != "pending" or booking.id is None:
        return None
    payment = _payment_of(db, booking.id)
    if payment is None or payment.status != "awaiting" or not payment.checkout_url:
        return None
    if payment.expires_at is not None and payment.expires_at <= now:
        return None
    return payment.checkout_url


# --- releasing holds --------------------------------------------------------------------------


def _history(db: Session, booking_id: int, old: str, new: str, reason: str) -> None:
    db.add(
        BookingStatusChange(booking_id=booking_id, from_status=old, to_status=new, reason=reason)
    )


def _release(db: Session, booking_id: int, reason: str, payment_status: str) -> bool:
    """Cancel a pending booking and reopen its slot (conditional: only while still pending)."""
    now = utcnow()
    done = db.execute(
        update(Booking)
        .where(col(Booking.id) == booking_id, col(Booking.status) == "pending")
        .values(status="cancelled", cancel_reason=reason, updated_at=now, payment_expires_at=None)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        return False
    booking = db.get(Booking, booking_id)
    assert booking is not None
    db.refresh(booking)
    db.execute(
        update(Slot)
        .where(col(Slot.id) == booking.slot_id, col(Slot.status) == "booked")
        .values(status="open")
    )
    db.execute(
        update(Payment)
        .where(
            col(Payment.booking_id) == booking_id,
            col(Payment.status).in_(("awaiting", "processing")),
        )
        .values(status=payment_status, updated_at=now)
    )
    _history(db, booking_id, "pending", "cancelled", reason)
    return True


@functools.cache
def _expired_statement(one_slot: bool) -> Any:
    """Built once (every booking asks, for its slot): pending holds whose time ran out."""
    query = select(Booking.id).where(
        Booking.status == "pending",
        col(Booking.payment_expires_at).is_not(None),
        col(Booking.payment_expires_at) <= instant_param("now"),
    )
    return query.where(Booking.slot_id == bindparam("slot_id")) if one_slot else query


def release_expired(db: Session, now: datetime | None = None, slot_id: int | None = None) -> int:
    """Release pending bookings whose hold has run out (no commit: the caller's transaction).
    Called by the periodic chore, and before anyone books a slot, so no webhook is needed."""
    now = now or utcnow()
    query = _expired_statement(slot_id is not None)
    params: dict[str, object] = {"now": now}
    if slot_id is not None:
        params["slot_id"] = slot_id
    released = 0
    for booking_id in db.exec(query, params=params).all():
        assert booking_id is not None
        released += _release(db, booking_id, REASON_EXPIRED, "expired")
    return released


def release_expired_holds() -> int:
    """The periodic chore: every expired hold released, its slot open again."""
    with database.session() as db, write_lock(db):
        released = release_expired(db)
        db.commit()
    if released:
        log.info("released %s expired payment holds", released)
    return released


def _locked(db: Session, payment: Payment) -> Payment:
    """Hold the payment's booking row (PostgreSQL: FOR UPDATE; SQLite: the write lock is
    held already), then read the payment afresh: two events about one payment act one after
    the other. Booking before payment, the same order as cancelling and releasing take."""
    db.exec(select(Booking.id).where(Booking.id == payment.booking_id).with_for_update()).one()
    db.refresh(payment)
    return payment
