"""Money is integers in the currency's smallest unit: parsing, formatting, Stripe's windows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tra_da.services import payments
from tra_da.services.errors import Invalid
from tra_da.settings import SettingsError, load_settings


@pytest.mark.parametrize(
    ("text", "currency", "amount"),
    [
        ("200000", "VND", 200_000),
        ("200.000", "VND", 200_000),  # Vietnamese thousands separator
        ("1,500,000", "vnd", 1_500_000),
        ("25", "USD", 2500),
        ("25.5", "USD", 2550),
        ("0.10", "USD", 10),
        ("1,234.56", "USD", 123_456),
        ("1,250", "USD", 125_000),
        ("25,50", "USD", 2550),  # a decimal comma, never US$2,550
        ("1,5", "USD", 150),
        ("", "USD", 0),
    ],
)
def test_prices_typed_in_major_units_become_integers(text: str, currency: str, amount: int) -> None:
    parsed = payments.parse_amount(text, currency)
    assert parsed == amount and isinstance(parsed, int)


@pytest.mark.parametrize(
    ("text", "currency", "key"),
    [
        ("25.555", "USD", "err.price_decimals"),
        ("abc", "USD", "err.price_number"),
        ("10", "EURO", "err.currency"),
        ("1e400", "USD", "err.price_number"),
        ("2,5,0", "USD", "err.price_number"),
    ],
)
def test_bad_prices_say_what_to_fix(text: str, currency: str, key: str) -> None:
    with pytest.raises(Invalid) as refused:
        payments.parse_amount(text, currency)
    assert refused.value.key == key


def test_amounts_are_shown_per_currency_without_floats() -> None:
    assert payments.format_amount(200_000, "VND") == "200.000 ₫"
    assert payments.format_amount(2550, "USD") == "US$25.50"
    assert payments.format_amount(5, "USD") == "US$0.05"
    assert payments.major_text(2550, "USD") == "25.50"
    assert payments.major_text(200_000, "VND") == "200000"


def test_late_refund_percent_rounds_down_in_integers() -> None:
    assert 99_999 * 33 // 100 == 32_999  # what policy_refund computes: never a float


@pytest.mark.parametrize(("hold", "minutes"), [(30, 31), (90, 90), (1440, 1439)])
def test_checkout_expiry_stays_inside_stripes_window(hold: int, minutes: int) -> None:
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    assert payments.stripe_expiry(now, hold) - now == timedelta(minutes=minutes)


@pytest.mark.parametrize("value", ["29", "1441"])
def test_the_hold_must_fit_stripes_checkout_window(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("PAYMENT_HOLD_MINUTES", value)
    with pytest.raises(SettingsError, match="PAYMENT_HOLD_MINUTES"):
        load_settings()
