"""A paid session in a real browser: the mentor sets a price, the mentee is sent to Checkout,
a signed 'completed' webhook arrives, and the page back from Checkout shows it confirmed."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Browser, expect

from tests import stripe_stub
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_booking import _signed_in


def test_a_paid_session_goes_through_checkout_and_is_confirmed_by_the_webhook(
    browser: Browser, server: str, stripe: stripe_stub.StripeStub
) -> None:
    mentor = _signed_in(browser, server, "lan.nguyen@demo.trada.vn", "/availability")
    mentor.fill("#price-amount", "150000")
    mentor.locator("#price-currency").select_option("VND")
    mentor.get_by_role("button", name=re.compile("Save price|Lưu giá")).click()
    expect(mentor.get_by_test_id("price-now")).to_contain_text("150.000 ₫")
    mentor.context.close()

    # A mentee no other browser test signs in as (test_accounts locks some out on purpose).
    mentee = _signed_in(browser, server, "emma.ngo@demo.trada.vn", "/mentors")
    mentee.get_by_test_id("mentor-card").filter(has_text="Nguyễn Thị Lan").click()
    expect(mentee.get_by_test_id("mentor-price")).to_contain_text("150.000 ₫")
    mentee.get_by_role("button", name=re.compile(r"^(Book|Đặt lịch) ")).first.click()
    dialog = mentee.get_by_role("alertdialog")
    expect(dialog.get_by_test_id("checkout-note")).to_contain_text("150.000 ₫")
    dialog.get_by_role("button", name=re.compile("Book and pay|Đặt và thanh toán")).click()

    # Sent to Stripe's payment page (the stub's), in the same tab.
    expect(mentee).to_have_url(re.compile(re.escape(stripe.url) + r"/pay/cs_test_\w+$"))
    session_id = mentee.url.rsplit("/", 1)[-1]
    (call,) = [c for c in stripe.calls_to("/v1/checkout/sessions")]
    booking_id = int(call.form["client_reference_id"])
    assert call.idempotency_key == f"checkout:{booking_id}"
    assert call.form["line_items[0][price_data][unit_amount]"] == "150000"

    # Back from Checkout before Stripe's webhook: the page says so, and waits.
    mentee.goto(f"{server}/sessions?checkout={booking_id}&result=success", wait_until="networkidle")
    result = mentee.get_by_test_id("checkout-result")
    expect(result).to_contain_text(re.compile("Waiting for Stripe|Đang chờ Stripe"))
    card = mentee.get_by_test_id("session-card").filter(has_text="150.000 ₫")
    expect(card.get_by_test_id("payment-status")).to_contain_text(
        re.compile("Awaiting payment|Chờ thanh toán")
    )

    body = stripe_stub.event(
        "checkout.session.completed",
        stripe_stub.session_object(session_id, booking_id, 150_000, payment_intent="pi_e2e"),
    )
    answer = httpx.post(
        f"{server}/api/payments/stripe/webhook",
        content=body,
        headers={
            "Stripe-Signature": stripe_stub.signature(body),
            "Content-Type": "application/json",
        },
        timeout=10,
    )
    assert answer.status_code == 200 and answer.json()["outcome"] == "confirmed", answer.text

    # The page picks the confirmation up by itself, from the database.
    expect(result).to_contain_text(re.compile("Payment received|Đã nhận thanh toán"), timeout=15000)
    expect(card.get_by_test_id("payment-status")).to_contain_text(re.compile("Paid|Đã thanh toán"))
    expect(card).to_contain_text(re.compile("Confirmed|Đã xác nhận"))
    mentee.screenshot(
        path=str(ARTIFACTS / "screens" / "paid-session-confirmed.png"), full_page=True
    )
    mentee.context.close()
