"""Money: the accepted currencies and their limits, amounts typed and shown.

Money is an integer in the currency's smallest unit everywhere (VND has no minor unit in Stripe).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from tra_da.services.errors import Invalid

# Decimal places of each accepted currency as Stripe counts them (VND is zero-decimal).
CURRENCIES: dict[str, int] = {"VND": 0, "USD": 2}
# Stripe refuses charges below about US$0.50; the most one session may cost.
MIN_AMOUNT = {"VND": 20_000, "USD": 50}
MAX_AMOUNT = {"VND": 100_000_000, "USD": 500_000}


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
