"""Stripe's verdict: verified webhook events, each acted on exactly once.

A paid booking becomes 'confirmed' only through a verified webhook saying the money arrived, and
only then are its side effects queued. Events may come twice or in any order: a payment arriving
after its hold was released is refunded in full automatically and the mentee is told.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from tra_da.db import write_lock
from tra_da.integrations import stripe_payments
from tra_da.models import Booking, Payment, PaymentRefund, StripeEvent
from tra_da.models.base import utcnow
from tra_da.services import booking_effects
from tra_da.services.errors import Invalid, Unavailable
from tra_da.services.payments.checkout import (
    REASON_EXPIRED,
    REASON_FAILED,
    _history,
    _locked,
    _payment_of,
    _release,
)
from tra_da.services.payments.refunds import _request_refund
from tra_da.settings import get_settings

log = logging.getLogger("tra_da.payments")


class BadSignature(Invalid):
    """Answered with 400: Stripe (or an impostor) sent something we cannot trust."""

    code = "bad_signature"


def handle_webhook(db: Session, raw_body: bytes, signature: str | None) -> str:
    """Verify a Stripe event on its raw body and act on it exactly once; returns what was done
    (confirmed, processing, released, refunded_late, duplicate, ignored, ...)."""
    gateway = stripe_payments.gateway_for(get_settings())
    if gateway is None:
        raise Unavailable("Payments are not configured on this server.")
    try:
        event = gateway.parse_event(raw_body, signature)
    except stripe_payments.SignatureError as exc:
        raise BadSignature(f"The Stripe-Signature header does not verify: {exc}") from None
    event_id, kind = str(event.get("id", "")), str(event.get("type", ""))
    if not event_id:
        raise BadSignature("The event has no id.")
    obj: dict[str, Any] = event.get("data", {}).get("object", {}) or {}
    try:
        with write_lock(db):
            if db.get(StripeEvent, event_id) is not None:
                db.rollback()
                return "duplicate"
            db.add(StripeEvent(id=event_id, type=kind[:100]))
            db.flush()
            outcome = _dispatch(db, kind, obj)
            db.commit()
    except IntegrityError:  # the same event delivered twice at once: the other one acted
        db.rollback()
        return "duplicate"
    log.info("stripe event %s %s: %s", event_id, kind, outcome)
    return outcome


def _dispatch(db: Session, kind: str, obj: dict[str, Any]) -> str:
    if kind.startswith("refund."):
        return _refund_changed(db, obj)
    if not kind.startswith("checkout.session."):
        return "ignored"
    payment = _payment_for_session(db, obj)
    if payment is None:
        return "unknown_session"
    if kind == "checkout.session.completed":
        if obj.get("payment_status") == "paid":
            return _paid(db, payment, obj)
        if obj.get("payment_status") == "unpaid":
            return _processing(db, payment)
        return "ignored"
    if kind == "checkout.session.async_payment_succeeded":
        return _paid(db, payment, obj)
    if kind == "checkout.session.expired":
        return "released" if _release(db, payment.booking_id, REASON_EXPIRED, "expired") else "noop"
    if kind == "checkout.session.async_payment_failed":
        return "released" if _release(db, payment.booking_id, REASON_FAILED, "failed") else "noop"
    return "ignored"


def _payment_for_session(db: Session, obj: dict[str, Any]) -> Payment | None:
    session_id = str(obj.get("id", ""))
    payment = db.exec(select(Payment).where(Payment.checkout_session_id == session_id)).first()
    if payment is not None:
        return _locked(db, payment)
    # The session was created but its id not saved yet (a crash in between): the booking id
    # travels in client_reference_id, and the amount must match what we asked for.
    reference = str(obj.get("client_reference_id") or "")
    if not reference.isdigit():
        return None
    payment = _payment_of(db, int(reference))
    if payment is not None:
        payment = _locked(db, payment)
    if payment is None or payment.checkout_session_id not in (None, session_id):
        return None
    if obj.get("amount_total") not in (None, payment.amount):
        return None
    payment.checkout_session_id = session_id
    db.add(payment)
    return payment


def _paid(db: Session, payment: Payment, obj: dict[str, Any]) -> str:
    if payment.status == "paid":
        return "noop"
    now = utcnow()
    payment.payment_intent_id = obj.get("payment_intent") or payment.payment_intent_id
    payment.status, payment.paid_at, payment.updated_at = "paid", now, now
    db.add(payment)
    confirmed = db.execute(
        update(Booking)
        .where(col(Booking.id) == payment.booking_id, col(Booking.status) == "pending")
        .values(status="confirmed", payment_expires_at=None, updated_at=now)
    )
    booking = db.get(Booking, payment.booking_id)
    assert booking is not None
    db.refresh(booking)
    if confirmed.rowcount == 1:  # type: ignore[attr-defined]
        _history(db, payment.booking_id, "pending", "confirmed", "payment received")
        if not booking.meeting_link:  # an unpaid hold never shows a room to join
            booking.meeting_link = booking_effects.new_meeting_link()
            db.add(booking)
        booking_effects.booked(db, booking)
        return "confirmed"
    if booking.status in ("confirmed", "completed", "no_show"):
        return "noop"  # confirmed by this same payment already (a twin event)
    # The hold was released (expired, failed or cancelled) before the money came: the slot may
    # belong to someone else now. Give it all back and say so.
    payment.late = True
    db.add(payment)
    db.flush()
    _request_refund(db, payment, booking, payment.amount, "late payment", None, "late")
    return "refunded_late"


def _processing(db: Session, payment: Payment) -> str:
    """Paid by a delayed method: keep the hold until Stripe says succeeded or failed (at the
    latest until the session starts, when the slot is worth nothing to anyone else)."""
    if payment.status != "awaiting":
        return "noop"
    booking = db.get(Booking, payment.booking_id)
    assert booking is not None
    payment.status, payment.updated_at = "processing", utcnow()
    db.add(payment)
    db.execute(
        update(Booking)
        .where(col(Booking.id) == booking.id, col(Booking.status) == "pending")
        .values(payment_expires_at=booking.start_at)
    )
    return "processing"


def _refund_changed(db: Session, obj: dict[str, Any]) -> str:
    refund = db.exec(
        select(PaymentRefund).where(PaymentRefund.stripe_refund_id == str(obj.get("id", "")))
    ).first()
    if refund is None:
        return "unknown_refund"
    state = stripe_payments.refund_state(obj.get("status"))
    # Stripe does not promise order: a final state never goes back to pending, and only a
    # failure may follow a success.
    if refund.status == "failed" or (refund.status == "succeeded" and state != "failed"):
        return f"refund_{refund.status}"
    refund.status = state
    refund.updated_at = utcnow()
    if refund.status == "failed":
        refund.last_error = str(obj.get("failure_reason") or "Stripe reported the refund failed")
    db.add(refund)
    return f"refund_{refund.status}"
