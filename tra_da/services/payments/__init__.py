"""Paid sessions: prices, the slot held while a mentee pays, Stripe's verdict, refunds.

One module per part: `money` (currencies, amounts), `prices`, `checkout` (the hold and its
release), `webhooks`, `refunds` (registers the outbox's "refund" handler) and `views` (what
people see, as the Public types of tra_da.models.payment). This package re-exports the names its
callers use.

Money is an integer in the currency's smallest unit everywhere (VND has no minor unit in Stripe).
"""

from tra_da.services.payments.checkout import (
    HOLD_GRACE,
    REASON_EXPIRED,
    REASON_FAILED,
    REASON_NOT_STARTED,
    add_payment,
    hold_until,
    open_checkout,
    release_expired,
    release_expired_holds,
    resume_url,
    stripe_expiry,
)
from tra_da.services.payments.money import (
    CURRENCIES,
    MAX_AMOUNT,
    MIN_AMOUNT,
    check_currency,
    format_amount,
    major_text,
    parse_amount,
)
from tra_da.services.payments.prices import (
    enabled,
    price_of,
    price_setting,
    set_price,
)
from tra_da.services.payments.refunds import (
    REFUND_TEMPLATES,
    deliver_refund,
    policy_refund,
    refund,
    refund_on_cancel,
    refunded_total,
)
from tra_da.services.payments.views import (
    checkout_outcome,
    list_payments,
    payment_views,
)
from tra_da.services.payments.webhooks import BadSignature, handle_webhook

__all__ = [
    "CURRENCIES",
    "HOLD_GRACE",
    "MAX_AMOUNT",
    "MIN_AMOUNT",
    "REASON_EXPIRED",
    "REASON_FAILED",
    "REASON_NOT_STARTED",
    "REFUND_TEMPLATES",
    "BadSignature",
    "add_payment",
    "check_currency",
    "checkout_outcome",
    "deliver_refund",
    "enabled",
    "format_amount",
    "handle_webhook",
    "hold_until",
    "list_payments",
    "major_text",
    "open_checkout",
    "parse_amount",
    "payment_views",
    "policy_refund",
    "price_of",
    "price_setting",
    "refund",
    "refund_on_cancel",
    "refunded_total",
    "release_expired",
    "release_expired_holds",
    "resume_url",
    "set_price",
    "stripe_expiry",
]
