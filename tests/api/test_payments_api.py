"""Paid sessions over REST: price, book -> checkout URL, signed webhook, real state, refund."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from tests import stripe_stub
from tests.api.helpers import sign_in
from tra_da import db
from tra_da.models import MentorProfile, Slot, User

WEBHOOK = "/api/payments/stripe/webhook"


def _open_slot(mentor_email: str) -> int:
    start = (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0)
    with db.session() as session:
        user = session.exec(select(User).where(User.email == mentor_email)).one()
        mentor = session.exec(select(MentorProfile).where(MentorProfile.user_id == user.id)).one()
        slot = Slot(mentor_id=mentor.id, start_at=start, end_at=start + timedelta(hours=1))
        session.add(slot)
        session.commit()
        return slot.id or 0


def _post_event(client: TestClient, body: bytes, header: str | None) -> object:
    headers = {"Content-Type": "application/json"}
    if header is not None:
        headers["Stripe-Signature"] = header
    return client.post(WEBHOOK, content=body, headers=headers)


def test_paying_over_rest_from_price_to_confirmed(
    client: TestClient, stub: stripe_stub.StripeStub
) -> None:
    mentor = sign_in(client, "lan@example.com", "mentor")
    mentee = sign_in(client, "an@example.com", "mentee")
    admin = sign_in(client, "admin@example.com", "admin")
    with db.session() as session:
        mentor_id = session.exec(
            select(MentorProfile.id).where(MentorProfile.user_id == mentor.user_id)
        ).one()

    bad = client.put(
        f"/api/mentors/{mentor_id}/price",
        json={"amount": 100, "currency": "VND"},
        headers=mentor.headers,
    )
    assert bad.status_code == 422 and "between" in bad.json()["error"]["message"]
    price = client.put(
        f"/api/mentors/{mentor_id}/price",
        json={"amount": 250_000, "currency": "VND"},
        headers=mentor.headers,
    )
    assert price.status_code == 200
    assert price.json() == {
        "enabled": True,
        "amount": 250_000,
        "currency": "VND",
        "label": "250.000 ₫",
    }

    shown = client.get(f"/api/mentors/{mentor_id}", headers=mentee.headers).json()
    assert shown["price"] == {"amount": 250_000, "currency": "VND", "label": "250.000 ₫"}

    made = client.post(f"/api/slots/{_open_slot('lan@example.com')}/book", headers=mentee.headers)
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["status"] == "pending"
    assert body["checkout_url"].startswith(stub.url + "/pay/cs_test_")
    assert body["payment"]["amount"] == 250_000 and body["payment"]["status"] == "awaiting"
    booking_id = body["id"]
    state = client.get(f"/api/bookings/{booking_id}/payment", headers=mentee.headers).json()
    assert state["outcome"] == "waiting" and state["checkout_url"] == body["checkout_url"]

    session_id = body["payment"]["checkout_session_id"]
    event = stripe_stub.event(
        "checkout.session.completed",
        stripe_stub.session_object(session_id, booking_id, 250_000),
        "evt_api_1",
    )
    tampered = _post_event(client, event.replace(b"250000", b"1"), stripe_stub.signature(event))
    assert tampered.status_code == 400
    assert tampered.json()["error"]["code"] == "bad_signature"
    assert _post_event(client, event, None).status_code == 400
    ok = _post_event(client, event, stripe_stub.signature(event))
    assert ok.status_code == 200 and ok.json() == {"received": True, "outcome": "confirmed"}
    again = _post_event(client, event, stripe_stub.signature(event))
    assert again.json()["outcome"] == "duplicate"

    state = client.get(f"/api/bookings/{booking_id}/payment", headers=mentee.headers).json()
    assert state["outcome"] == "confirmed" and state["booking_status"] == "confirmed"
    assert state["checkout_url"] is None

    listed = client.get("/api/payments", headers=admin.headers).json()
    assert listed[0]["payment"]["booking_id"] == booking_id
    assert listed[0]["payment"]["payment_intent_id"] == "pi_test_1"
    payment_id = listed[0]["payment"]["id"]
    refunded = client.post(
        f"/api/payments/{payment_id}/refund", json={"amount": 50_000}, headers=admin.headers
    )
    assert refunded.status_code == 202
    assert refunded.json()["refunded"] == 50_000
    assert refunded.json()["refunds"][0]["status"] == "pending"
    too_much = client.post(
        f"/api/payments/{payment_id}/refund", json={"amount": 500_000}, headers=admin.headers
    )
    assert too_much.status_code == 422


def test_the_webhook_keeps_the_body_limit_and_needs_payments_configured(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = b'{"id": "evt_big", "pad": "' + b"x" * 200_000 + b'"}'
    assert _post_event(client, huge, "t=1,v1=x").status_code == 413
    unconfigured = _post_event(client, b"{}", "t=1,v1=x")
    assert unconfigured.status_code == 503
    assert unconfigured.json()["error"]["code"] == "unavailable"
