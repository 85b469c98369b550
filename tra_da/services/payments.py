"""Paid sessions: prices, the slot held while a mentee pays, Stripe's verdict, refunds.

A paid booking is created 'pending' with its slot claimed and a hold end; it becomes 'confirmed'
only through a verified webhook saying the money arrived, and only then are its side effects
(calendar, invitations, reminders) queued. An expired or failed checkout, or a hold that ran out
without word from Stripe, cancels the booking and reopens the slot. Every change is a conditional
UPDATE, so webhooks may come twice or in any order: a payment arriving after its hold was released
is refunded in full automatically and the mentee is told.

Money is an integer in the currency's smallest unit everywhere (VND has no minor unit in Stripe).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from tra_da.db import write_lock
from tra_da.integrations import stripe_payments
from tra_da.models import (
    Booking,
    BookingStatusChange,
    MenteeProfile,
    MentorProfile,
    OutboxMessage,
    Payment,
    PaymentRefund,
    Slot,
    StripeEvent,
    User,
)
from tra_da.services import audit, booking_effects, notifications
from tra_da.services.access import require_role
from tra_da.services.errors import Conflict, Forbidden, Invalid, NotFound, Unavailable
from tra_da.settings import get_settings
from tra_da.validation import check_controls

log = logging.getLogger("tra_da.payments")

# Decimal places of each accepted currency as Stripe counts them (VND is zero-decimal).
CURRENCIES: dict[str, int] = {"VND": 0, "USD": 2}
# Stripe refuses charges below about US$0.50; the most one session may cost.
MIN_AMOUNT = {"VND": 20_000, "USD": 50}
MAX_AMOUNT = {"VND": 100_000_000, "USD": 500_000}
# The local hold outlasts Stripe's checkout by this much, so the slot is never released while
# the payment page can still take money (a payment even later is refunded).
HOLD_GRACE = timedelta(minutes=5)
REASON_EXPIRED = "payment expired"
REASON_FAILED = "payment failed"
REASON_NOT_STARTED = "payment could not start"
# The email a mentee gets with each kind of refund.
REFUND_TEMPLATES = {
    "cancel": "payment_refunded",
    "late": "payment_late_refunded",
    "manual": "payment_refunded_manual",
}


def _now() -> datetime:
    return datetime.now(UTC)


# --- money ------------------------------------------------------------------------------------


def check_currency(currency: str) -> str:
    code = currency.strip().upper()
    if code not in CURRENCIES:
        raise Invalid(
            "Choose a currency Trà Đá accepts: " + ", ".join(CURRENCIES) + ".",
            "err.currency",
            currencies=", ".join(CURRENCIES),
        )
    return code


def parse_amount(text: str, currency: str) -> int:
    """A price typed in major units ("25.50" USD, "200000" or "200.000" VND) in minor units."""
    code = check_currency(currency)
    decimals = CURRENCIES[code]
    cleaned = text.strip().replace(" ", "").replace("_", "")
    if decimals == 0:
        cleaned = cleaned.replace(".", "").replace(",", "")  # thousands separators only
    elif re.fullmatch(r"\d+,\d{1,2}", cleaned):
        cleaned = cleaned.replace(",", ".")  # a decimal comma, as Vietnamese writes "25,50"
    elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d*)?", cleaned):
        cleaned = cleaned.replace(",", "")  # "1,250.50": thousands separators
    elif "," in cleaned:
        raise Invalid(f"Write {code} amounts with a decimal point, e.g. 25.50.", "err.price_number")
    try:
        value = Decimal(cleaned or "0")
    except InvalidOperation:
        raise Invalid("Type the price as a number, e.g. 200000.", "err.price_number") from None
    if not value.is_finite() or abs(value) >= 10**12:
        raise Invalid("Type the price as a number, e.g. 200000.", "err.price_number")
    scaled = value.scaleb(decimals)
    if scaled != scaled.to_integral_value():
        raise Invalid(
            f"{code} prices have at most {decimals} decimals.",
            "err.price_decimals",
            currency=code,
            decimals=decimals,
        )
    return int(scaled)


def format_amount(amount: int, currency: str) -> str:
    """200000 VND -> "200.000 ₫"; 2550 USD -> "US$25.50" (integers only, never floats)."""
    decimals = CURRENCIES.get(currency, 2)
    if currency == "VND":
        return f"{amount:,}".replace(",", ".") + " ₫"
    major, minor = divmod(amount, 10**decimals)
    prefix = "US$" if currency == "USD" else f"{currency} "
    return f"{prefix}{major:,}.{minor:0{decimals}d}" if decimals else f"{prefix}{major:,}"


def major_text(amount: int, currency: str) -> str:
    """The price as a person types it (no separators), for a form's default value."""
    decimals = CURRENCIES.get(currency, 2)
    if not decimals:
        return str(amount)
    major, minor = divmod(amount, 10**decimals)
    return f"{major}.{minor:0{decimals}d}"


# --- prices -----------------------------------------------------------------------------------


def enabled() -> bool:
    return get_settings().payments_enabled


@dataclass(frozen=True)
class Price:
    amount: int
    currency: str

    @property
    def label(self) -> str:
        return format_amount(self.amount, self.currency)


def price_of(db: Session, mentor_id: int) -> Price | None:
    """What one session with this mentor costs; None when free (or payments are off)."""
    if not enabled():
        return None
    mentor = db.get(MentorProfile, mentor_id)
    if mentor is None or mentor.price_amount <= 0:
        return None
    return Price(mentor.price_amount, mentor.price_currency)


@dataclass(frozen=True)
class PriceSetting:
    enabled: bool
    amount: int
    currency: str
    currencies: tuple[str, ...] = tuple(CURRENCIES)


def _own_or_admin(db: Session, actor: User | None, mentor_id: int | None) -> MentorProfile:
    user = require_role(actor, "mentor", "admin")
    if user.role == "mentor":
        own = db.exec(select(MentorProfile).where(MentorProfile.user_id == user.id)).first()
        if own is None or (mentor_id is not None and own.id != mentor_id):
            raise Forbidden("You can set the price of your own sessions only.")
        return own
    if mentor_id is None:
        raise Invalid("Choose the mentor whose price to set.")
    mentor = db.get(MentorProfile, mentor_id)
    if mentor is None:
        raise NotFound("This mentor does not exist.")
    return mentor


def price_setting(db: Session, actor: User | None, mentor_id: int | None = None) -> PriceSetting:
    mentor = _own_or_admin(db, actor, mentor_id)
    return PriceSetting(enabled(), mentor.price_amount, mentor.price_currency)


def set_price(
    db: Session, actor: User | None, mentor_id: int | None, amount: int, currency: str
) -> PriceSetting:
    """A mentor's own price per session, or an admin's for a mentor; 0 makes sessions free."""
    mentor = _own_or_admin(db, actor, mentor_id)
    assert actor is not None
    if not enabled():
        raise Invalid(
            "Payments are not set up on this platform, so every session is free. Ask the "
            "operator to set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET.",
            "err.payments_off",
        )
    code = check_currency(currency)
    if amount < 0:
        raise Invalid("A price cannot be negative; use 0 for free sessions.", "err.price_range")
    if amount and not MIN_AMOUNT[code] <= amount <= MAX_AMOUNT[code]:
        raise Invalid(
            f"Choose a price between {format_amount(MIN_AMOUNT[code], code)} and "
            f"{format_amount(MAX_AMOUNT[code], code)}, or 0 for free sessions.",
            "err.price_range",
            low=format_amount(MIN_AMOUNT[code], code),
            high=format_amount(MAX_AMOUNT[code], code),
        )
    before = {"price_amount": mentor.price_amount, "price_currency": mentor.price_currency}
    mentor.price_amount, mentor.price_currency = amount, code
    mentor.updated_at = _now()
    db.add(mentor)
    audit.record(
        db,
        actor,
        "mentor.price",
        "mentor",
        mentor.id,
        before=before,
        after={"price_amount": amount, "price_currency": code},
    )
    db.commit()
    return PriceSetting(True, amount, code)


# --- the hold and the checkout ----------------------------------------------------------------


def hold_until(now: datetime) -> datetime:
    return now + timedelta(minutes=get_settings().payment_hold_minutes) + HOLD_GRACE


def stripe_expiry(now: datetime, hold_minutes: int) -> datetime:
    """When Stripe's page stops taking money: the hold, kept a minute inside Stripe's own
    30 min .. 24 h window (measured from when Stripe receives the request, a moment later)."""
    seconds = min(max(hold_minutes * 60, 31 * 60), 24 * 3600 - 60)
    return now + timedelta(seconds=seconds)


def add_payment(db: Session, booking: Booking, price: Price) -> Payment:
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
    now = now or _now()
    settings = get_settings()
    mentor, mentee = booking_effects.people(db, booking)
    local = booking.start_at.astimezone(ZoneInfo(mentee.timezone))
    base = settings.public_url.rstrip("/")
    back = f"{base}/sessions?checkout={booking.id}"
    request = stripe_payments.CheckoutRequest(
        booking_id=booking.id,
        amount=payment.amount,
        currency=payment.currency,
        description=f"Trà Đá: {mentor.name} · {local:%d/%m/%Y %H:%M} ({mentee.timezone})",
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
                updated_at=_now(),
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
    now = now or _now()
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
    now = _now()
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


def release_expired(db: Session, now: datetime | None = None, slot_id: int | None = None) -> int:
    """Release pending bookings whose hold has run out (no commit: the caller's transaction).
    Called by the periodic chore, and before anyone books a slot, so no webhook is needed."""
    now = now or _now()
    query = select(Booking.id).where(
        Booking.status == "pending",
        col(Booking.payment_expires_at).is_not(None),
        col(Booking.payment_expires_at) <= now,
    )
    if slot_id is not None:
        query = query.where(Booking.slot_id == slot_id)
    released = 0
    for booking_id in db.exec(query).all():
        assert booking_id is not None
        released += _release(db, booking_id, REASON_EXPIRED, "expired")
    return released


def release_expired_holds() -> int:
    """The periodic chore: every expired hold released, its slot open again."""
    from tra_da import db as database

    with database.session() as db, write_lock(db):
        released = release_expired(db)
        db.commit()
    if released:
        log.info("released %s expired payment holds", released)
    return released


# --- webhooks ---------------------------------------------------------------------------------


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


def _locked(db: Session, payment: Payment) -> Payment:
    """Hold the payment's booking row (PostgreSQL: FOR UPDATE; SQLite: the write lock is
    held already), then read the payment afresh: two events about one payment act one after
    the other. Booking before payment, the same order as cancelling and releasing take."""
    db.exec(select(Booking.id).where(Booking.id == payment.booking_id).with_for_update()).one()
    db.refresh(payment)
    return payment


def _paid(db: Session, payment: Payment, obj: dict[str, Any]) -> str:
    if payment.status == "paid":
        return "noop"
    now = _now()
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
    payment.status, payment.updated_at = "processing", _now()
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
    refund.updated_at = _now()
    if refund.status == "failed":
        refund.last_error = str(obj.get("failure_reason") or "Stripe reported the refund failed")
    db.add(refund)
    return f"refund_{refund.status}"


# --- refunds ----------------------------------------------------------------------------------


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
    settings = get_settings()
    if actor.role != "mentee":
        return payment.amount
    if booking.start_at - now >= timedelta(hours=settings.refund_full_hours):
        return payment.amount
    return payment.amount * settings.refund_late_percent // 100


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
        reason=reason[:200],
        requested_by_user_id=actor.id if actor else None,
    )
    db.add(refund)
    db.flush()
    notifications.queue(
        db,
        OutboxMessage(
            kind="refund",
            dedupe_key=f"refund:{refund.id}",
            booking_id=booking.id,
            payload={"refund_id": refund.id},
        ),
    )
    mentor, mentee = booking_effects.people(db, booking)
    local = booking.start_at.astimezone(ZoneInfo(mentee.timezone))
    notifications.queue_email(
        db,
        mentee,
        REFUND_TEMPLATES[template],
        {
            "other": mentor.name,
            "when": f"{local:%d/%m/%Y %H:%M}",
            "zone": mentee.timezone,
            "amount": format_amount(amount, payment.currency),
            "link": "/sessions",
        },
        dedupe_key=f"email.refund:{refund.id}",
        booking_id=booking.id,
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
) -> PaymentView:
    """An admin gives money back by hand (all that is left unless an amount is given)."""
    admin = require_role(actor, "admin")
    reason = reason.strip()
    check_controls(reason, "reason")
    if len(reason) > 200:
        raise Invalid("Keep the reason to 200 characters.", "err.reason")
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
    from tra_da.services.outbox import Permanent, Skipped

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
                .values(status="failed", last_error=str(exc)[:1000], updated_at=_now())
            )
            db.commit()
            raise Permanent(str(exc)) from None
        raise
    db.execute(
        update(PaymentRefund)
        .where(col(PaymentRefund.id) == refund_id)
        .values(stripe_refund_id=result.refund_id, status=result.status, updated_at=_now())
    )
    db.commit()


# --- what people see --------------------------------------------------------------------------


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
