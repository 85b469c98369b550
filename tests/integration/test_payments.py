"""Paid sessions against a local Stripe stub: holds, verified webhooks in any order, refunds.

The real stripe client talks to tests/stripe_stub.py; webhook signatures are computed offline
with the signing secret. Every test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, col, select

from tests import factories, stripe_stub
from tests.integration.test_booking_effects import _deliver_all
from tra_da.models import (
    Booking,
    MailboxMessage,
    OutboxMessage,
    Payment,
    PaymentRefund,
    Slot,
    StripeEvent,
    User,
)
from tra_da.services import booking, payments
from tra_da.services.errors import Conflict, Forbidden, Invalid, Unavailable
from tra_da.settings import get_settings

DAY = timedelta(days=1)
PRICE = 200_000  # VND, zero-decimal


@pytest.fixture
def world(db: Session, stub: stripe_stub.StripeStub):
    admin = factories.admin(db)
    row = factories.mentor(db, admin)
    mentor_id, mentor_user = row.id, factories.account(db, row.user_id)
    payments.set_price(db, mentor_user, None, PRICE, "VND")
    mentee = factories.mentee(db)
    _deliver_all()  # the mentor's invitation to the programme is out of the way
    return admin, mentor_id, mentor_user, mentee


def _book(db: Session, world, days: float = 3, mentee: User | None = None) -> Booking:
    _, mentor_id, _, default = world
    start = (datetime.now(UTC) + timedelta(days=days)).replace(microsecond=0)
    return booking.book_slot(db, mentee or default, factories.slot(db, mentor_id, start))


def _payment(db: Session, booking_id: int) -> Payment:
    db.expire_all()
    return db.exec(select(Payment).where(Payment.booking_id == booking_id)).one()


def _send(db: Session, kind: str, obj: dict, event_id: str | None = None) -> str:
    body = stripe_stub.event(kind, obj, event_id)
    outcome = payments.handle_webhook(db, body, stripe_stub.signature(body))
    db.expire_all()
    return outcome


def _completed(db: Session, made: Booking, event_id: str | None = None, **kw: str) -> str:
    p = _payment(db, made.id)
    obj = stripe_stub.session_object(p.checkout_session_id, made.id, p.amount, **kw)
    return _send(db, "checkout.session.completed", obj, event_id)


def _session_event(db: Session, made: Booking, kind: str) -> str:
    p = _payment(db, made.id)
    obj = stripe_stub.session_object(p.checkout_session_id, made.id, p.amount, "unpaid")
    return _send(db, kind, obj)


def _slot_status(db: Session, made: Booking) -> str:
    db.expire_all()
    return db.get(Slot, made.slot_id).status


def _effects(db: Session, booking_id: int) -> list[OutboxMessage]:
    db.expire_all()
    return list(
        db.exec(
            select(OutboxMessage).where(
                OutboxMessage.booking_id == booking_id, OutboxMessage.kind == "email"
            )
        ).all()
    )


# --- signatures -------------------------------------------------------------------------------


def test_webhook_signatures_are_checked_on_the_raw_body(db: Session, world) -> None:
    made = _book(db, world)
    p = _payment(db, made.id)
    body = stripe_stub.event(
        "checkout.session.completed",
        stripe_stub.session_object(p.checkout_session_id, made.id, p.amount),
    )
    tampered = body.replace(b'"paid"', b'"PAID"')
    stale = int(time.time()) - 600
    for raw, header in (
        (tampered, stripe_stub.signature(body)),  # body changed after signing
        (body, stripe_stub.signature(body, timestamp=stale)),  # an old event replayed
        (body, stripe_stub.signature(body, secret="whsec_someone_else")),  # wrong secret
        (body, None),  # unsigned
        (body, "t=1,v1=nonsense"),
    ):
        with pytest.raises(payments.BadSignature):
            payments.handle_webhook(db, raw, header)
    db.expire_all()
    assert db.get(Booking, made.id).status == "pending"
    assert db.exec(select(StripeEvent)).all() == []
    assert payments.handle_webhook(db, body, stripe_stub.signature(body)) == "confirmed"


# --- creating the checkout --------------------------------------------------------------------


def test_a_paid_booking_holds_the_slot_and_opens_checkout(db: Session, world) -> None:
    made = _book(db, world)
    assert made.status == "pending" and db.get(Booking, made.id).payment_expires_at is not None
    p = _payment(db, made.id)
    assert p.status == "awaiting" and p.amount == PRICE and p.currency == "VND"
    assert p.checkout_url and p.checkout_url.endswith(p.checkout_session_id)
    assert _slot_status(db, made) == "booked"
    assert made.meeting_link is None  # no room to join before it is paid for
    assert _effects(db, made.id) == []  # no invitation, no reminder before the money arrives


def test_checkout_request_names_the_booking_with_an_idempotency_key(
    db: Session, world, stub: stripe_stub.StripeStub
) -> None:
    before = datetime.now(UTC)
    made = _book(db, world)
    (call,) = stub.calls_to("/v1/checkout/sessions")
    assert call.idempotency_key == f"checkout:{made.id}"
    assert call.form["client_reference_id"] == str(made.id)
    assert call.form["metadata[booking_id]"] == str(made.id)
    assert call.form["mode"] == "payment"
    assert call.form["line_items[0][price_data][currency]"] == "vnd"
    assert call.form["line_items[0][price_data][unit_amount]"] == str(PRICE)  # no "x100" on VND
    expires = datetime.fromtimestamp(int(call.form["expires_at"]), UTC)
    assert timedelta(minutes=30) < expires - before < timedelta(minutes=32)
    assert call.form["success_url"].endswith(f"/sessions?checkout={made.id}&result=success")
    db.expire_all()
    hold = db.get(Booking, made.id).payment_expires_at
    assert hold == expires + payments.HOLD_GRACE  # never released while Stripe can still charge


def test_a_500_is_retried_with_the_same_idempotency_key(
    db: Session, world, stub: stripe_stub.StripeStub
) -> None:
    stub.failures["/v1/checkout/sessions"] = [500]
    made = _book(db, world)
    calls = stub.calls_to("/v1/checkout/sessions")
    assert len(calls) == 2
    assert {c.idempotency_key for c in calls} == {f"checkout:{made.id}"}
    assert _payment(db, made.id).checkout_url


def test_stripe_down_releases_the_slot_at_once(
    db: Session, world, stub: stripe_stub.StripeStub
) -> None:
    _, mentor_id, _, mentee = world
    stub.failures["/v1/checkout/sessions"] = [500, 500, 500]
    slot_id = factories.slot(db, mentor_id, datetime.now(UTC) + 3 * DAY)
    with pytest.raises(Unavailable):
        booking.book_slot(db, mentee, slot_id)
    db.expire_all()
    assert db.get(Slot, slot_id).status == "open"
    held = db.exec(select(Booking).where(Booking.slot_id == slot_id)).one()
    assert held.status == "cancelled" and held.cancel_reason == payments.REASON_NOT_STARTED
    stub.failures.clear()
    assert booking.book_slot(db, mentee, slot_id).status == "pending"  # and it can be tried again


def test_booking_the_same_slot_again_resumes_the_same_payment(
    db: Session, world, stub: stripe_stub.StripeStub
) -> None:
    _, _, _, mentee = world
    made = _book(db, world)
    again = booking.book_slot(db, mentee, made.slot_id)
    assert again.id == made.id
    assert len(stub.calls_to("/v1/checkout/sessions")) == 1
    state = booking.payment_state(db, mentee, made.id)
    assert state.outcome == "waiting" and state.checkout_url == _payment(db, made.id).checkout_url


# --- confirmation, duplicates, order ----------------------------------------------------------


def test_only_a_verified_paid_event_confirms_and_only_then_side_effects_start(
    db: Session, world
) -> None:
    _, _, _, mentee = world
    made = _book(db, world)
    assert _completed(db, made, payment_status="unpaid") == "processing"
    assert db.get(Booking, made.id).status == "pending"
    assert _effects(db, made.id) == []
    assert _session_event(db, made, "checkout.session.async_payment_succeeded") == "confirmed"
    confirmed = db.get(Booking, made.id)
    assert confirmed.status == "confirmed" and confirmed.payment_expires_at is None
    assert confirmed.meeting_link and confirmed.meeting_link.startswith("https://meet.jit.si/")
    p = _payment(db, made.id)
    assert p.status == "paid" and p.payment_intent_id == "pi_test_1" and p.paid_at
    templates = {m.payload["template"] for m in _effects(db, made.id)}
    assert {"booking_confirmed", "reminder_24h", "reminder_1h"} <= templates
    state = booking.payment_state(db, mentee, made.id)
    assert state.outcome == "confirmed" and state.checkout_url is None


def test_the_same_event_twice_changes_nothing(db: Session, world) -> None:
    made = _book(db, world)
    assert _completed(db, made, event_id="evt_same") == "confirmed"
    count = len(_effects(db, made.id))
    assert _completed(db, made, event_id="evt_same") == "duplicate"
    assert _completed(db, made) == "noop"  # a second event saying the same: still nothing
    assert len(_effects(db, made.id)) == count
    assert db.exec(select(PaymentRefund)).all() == []


def test_an_expired_event_after_payment_does_not_undo_it(db: Session, world) -> None:
    made = _book(db, world)
    assert _completed(db, made) == "confirmed"
    assert _session_event(db, made, "checkout.session.expired") == "noop"
    assert db.get(Booking, made.id).status == "confirmed"
    assert _payment(db, made.id).status == "paid"
    assert _slot_status(db, made) == "booked"


@pytest.mark.parametrize(
    ("kind", "status", "reason"),
    [
        ("checkout.session.expired", "expired", payments.REASON_EXPIRED),
        ("checkout.session.async_payment_failed", "failed", payments.REASON_FAILED),
    ],
)
def test_expired_or_failed_checkout_releases_the_slot(
    db: Session, world, kind: str, status: str, reason: str
) -> None:
    _, _, _, mentee = world
    made = _book(db, world)
    if status == "failed":
        _completed(db, made, payment_status="unpaid")
    assert _session_event(db, made, kind) == "released"
    cancelled = db.get(Booking, made.id)
    assert cancelled.status == "cancelled" and cancelled.cancel_reason == reason
    assert _payment(db, made.id).status == status
    assert _slot_status(db, made) == "open"
    assert _effects(db, made.id) == []  # nobody is told about a session that never was
    assert booking.payment_state(db, mentee, made.id).outcome == "released"


def test_late_payment_after_the_slot_went_to_someone_else_is_refunded(
    db: Session, world, stub: stripe_stub.StripeStub
) -> None:
    _, _, _, first = world
    made = _book(db, world)
    assert _session_event(db, made, "checkout.session.expired") == "released"
    second = factories.mentee(db, "binh@example.com")
    taken = booking.book_slot(db, second, made.slot_id)
    assert taken.status == "pending" and taken.id != made.id
    assert _completed(db, made) == "refunded_late"
    assert db.get(Booking, made.id).status == "cancelled"  # the slot stays with the second one
    assert db.get(Booking, taken.id).status == "pending"
    p = _payment(db, made.id)
    assert p.status == "paid" and p.late
    refund = db.exec(select(PaymentRefund).where(PaymentRefund.payment_id == p.id)).one()
    assert refund.amount == PRICE and refund.status == "pending"
    _deliver_all()
    (call,) = stub.calls_to("/v1/refunds")
    assert call.idempotency_key == f"refund:{refund.id}"
    assert call.form["payment_intent"] == "pi_test_1" and call.form["amount"] == str(PRICE)
    db.expire_all()
    assert db.get(PaymentRefund, refund.id).status == "succeeded"
    mail = db.exec(select(MailboxMessage).where(MailboxMessage.to_email == first.email)).all()
    assert any("200.000 ₫" in m.subject for m in mail)
    state = booking.payment_state(db, first, made.id)
    assert state.outcome == "refunded_late" and state.payment.refund_status == "succeeded"


# --- holds released without a webhook ---------------------------------------------------------


def test_an_abandoned_hold_is_released_when_someone_else_books(db: Session, world) -> None:
    made = _book(db, world)
    later = db.get(Booking, made.id).payment_expires_at + timedelta(seconds=1)
    other = factories.mentee(db, "chi@example.com")
    taken = booking.book_slot(db, other, made.slot_id, now=later)
    db.expire_all()
    assert db.get(Booking, made.id).status == "cancelled"
    assert db.get(Booking, made.id).cancel_reason == payments.REASON_EXPIRED
    assert _payment(db, made.id).status == "expired"
    assert db.get(Booking, taken.id).status == "pending"


def test_the_chore_releases_expired_holds_and_leaves_live_ones(db: Session, world) -> None:
    made = _book(db, world)
    fresh = _book(db, world, days=4)
    db.execute(
        Booking.__table__.update()
        .where(Booking.__table__.c.id == made.id)
        .values(payment_expires_at=datetime.now(UTC) - timedelta(minutes=1))
    )
    db.commit()
    assert payments.release_expired_holds() == 1
    db.expire_all()
    assert db.get(Booking, made.id).status == "cancelled"
    assert _slot_status(db, made) == "open"
    assert db.get(Booking, fresh.id).status == "pending"
    assert payments.release_expired_holds() == 0


def test_a_mentee_can_let_an_unpaid_hold_go_and_book_again_paying_again(
    db: Session, world, stub: stripe_stub.StripeStub
) -> None:
    _, _, _, mentee = world
    made = _book(db, world)
    booking.cancel_booking(db, mentee, made.id, "changed my mind")
    assert _payment(db, made.id).status == "expired"
    assert _slot_status(db, made) == "open"
    assert _effects(db, made.id) == []  # no CANCEL invitation for a session never confirmed
    again = booking.book_slot(db, mentee, made.slot_id)
    assert again.status == "pending"  # booking again never skips the payment
    assert len(stub.calls_to("/v1/checkout/sessions")) == 2
    assert _completed(db, made) == "refunded_late"  # paid on the old page anyway: money back


# --- refunds on cancellation and by hand ------------------------------------------------------


def test_cancelling_refunds_by_the_policy(
    db: Session, world, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, mentor_id, mentor_user, mentee = world
    early = _book(db, world, days=5)
    _completed(db, early)
    booking.cancel_booking(db, mentee, early.id)
    assert [r.amount for r in _refunds(db, early.id)] == [PRICE]

    monkeypatch.setenv("REFUND_FULL_HOURS", "72")
    monkeypatch.setenv("REFUND_LATE_PERCENT", "50")
    get_settings.cache_clear()
    late = _book(db, world, days=2)
    _completed(db, late, payment_intent="pi_test_2")
    booking.cancel_booking(db, mentee, late.id)
    assert [r.amount for r in _refunds(db, late.id)] == [PRICE // 2]

    by_mentor = _book(db, world, days=2.5)
    _completed(db, by_mentor, payment_intent="pi_test_3")
    booking.cancel_booking(db, mentor_user, by_mentor.id, "ốm")
    assert [r.amount for r in _refunds(db, by_mentor.id)] == [PRICE]
    views = booking.list_bookings(db, mentee, "past")
    shown = {v.id: v.payment.refund_status for v in views if v.payment}
    assert shown[by_mentor.id] == "pending"
    _deliver_all()
    shown = {v.id: v.payment.refund_status for v in booking.list_bookings(db, mentee, "past")}
    assert shown[by_mentor.id] == "succeeded"


def _refunds(db: Session, booking_id: int) -> list[PaymentRefund]:
    p = _payment(db, booking_id)
    return list(db.exec(select(PaymentRefund).where(PaymentRefund.payment_id == p.id)).all())


def test_admins_refund_by_hand_within_what_was_paid(db: Session, world) -> None:
    admin, _, mentor_user, _ = world
    made = _book(db, world)
    p = _payment(db, made.id)
    with pytest.raises(Conflict):
        payments.refund(db, admin, p.id)  # not paid yet
    _completed(db, made)
    with pytest.raises(Forbidden):
        payments.refund(db, mentor_user, p.id)
    with pytest.raises(Invalid):
        payments.refund(db, admin, p.id, PRICE + 1)
    view = payments.refund(db, admin, p.id, 50_000, "goodwill")
    assert view.refunded == 50_000 and view.refund_status == "pending"
    view = payments.refund(db, admin, p.id)  # the rest
    assert view.refunded == PRICE
    with pytest.raises(Conflict):
        payments.refund(db, admin, p.id, 1)
    rows = payments.list_payments(db, admin)
    assert rows[0].payment.id == p.id and len(rows[0].payment.refunds) == 2
    assert rows[0].payment.checkout_session_id == p.checkout_session_id


def test_a_refund_stripe_refuses_is_marked_failed_and_refund_events_update_it(
    db: Session, world, stub: stripe_stub.StripeStub
) -> None:
    admin = world[0]
    made = _book(db, world)
    _completed(db, made)
    p = _payment(db, made.id)
    stub.failures["/v1/refunds"] = [400]
    payments.refund(db, admin, p.id, 10_000)
    _deliver_all()
    (failed,) = _refunds(db, made.id)
    assert failed.status == "failed" and "400" in (failed.last_error or "")
    stub.refund_status = "pending"
    payments.refund(db, admin, p.id, 20_000)
    _deliver_all()
    pending = [r for r in _refunds(db, made.id) if r.status == "pending"][0]
    assert pending.stripe_refund_id
    obj = {"id": pending.stripe_refund_id, "object": "refund", "status": "succeeded"}
    assert _send(db, "refund.updated", obj) == "refund_succeeded"
    assert db.get(PaymentRefund, pending.id).status == "succeeded"


def test_rescheduling_a_paid_session_carries_its_payment(db: Session, world) -> None:
    _, mentor_id, _, mentee = world
    made = _book(db, world)
    with pytest.raises(Conflict):
        booking.reschedule(
            db, mentee, made.id, factories.slot(db, mentor_id, datetime.now(UTC) + 6 * DAY)
        )
    _completed(db, made)
    target = factories.slot(db, mentor_id, datetime.now(UTC) + 7 * DAY)
    moved = booking.reschedule(db, mentee, made.id, target)
    assert _payment(db, moved.id).status == "paid"
    assert db.exec(select(Payment).where(col(Payment.booking_id) == made.id)).first() is None


# --- prices and Stripe switched off -----------------------------------------------------------


def test_prices_follow_the_currency_and_need_stripe(
    db: Session, world, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin, mentor_id, mentor_user, mentee = world
    other_id = factories.mentor(db, admin, "khoa@example.com").id
    with pytest.raises(Forbidden):
        payments.set_price(db, mentor_user, other_id, 100_000, "VND")
    assert payments.set_price(db, admin, other_id, 2550, "usd").currency == "USD"
    with pytest.raises(Invalid):
        payments.set_price(db, admin, other_id, 10, "USD")  # under Stripe's minimum
    with pytest.raises(Invalid):
        payments.set_price(db, admin, other_id, 100, "JPY")
    monkeypatch.delenv("STRIPE_SECRET_KEY")
    get_settings.cache_clear()
    with pytest.raises(Invalid) as off:
        payments.set_price(db, mentor_user, None, 300_000, "VND")
    assert off.value.key == "err.payments_off"
    assert payments.price_setting(db, mentor_user).enabled is False
    free = _book(db, world)  # the stored price is ignored: every session is free
    assert free.status == "confirmed"
    assert db.exec(select(Payment)).all() == []


def test_twin_events_racing_confirm_once_and_refund_nothing(db: Session, world) -> None:
    """'completed' and 'async_payment_succeeded' for one payment at the same moment."""
    import threading

    from tra_da import db as database

    made = _book(db, world)
    p = _payment(db, made.id)
    bodies = [
        stripe_stub.event(kind, stripe_stub.session_object(p.checkout_session_id, made.id, PRICE))
        for kind in ("checkout.session.completed", "checkout.session.async_payment_succeeded")
    ]
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def deliver(body: bytes) -> None:
        start.wait()
        with database.session() as session:
            outcomes.append(payments.handle_webhook(session, body, stripe_stub.signature(body)))

    threads = [threading.Thread(target=deliver, args=(b,)) for b in bodies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["confirmed", "noop"]
    db.expire_all()
    assert db.get(Booking, made.id).status == "confirmed"
    assert db.exec(select(PaymentRefund)).all() == []
