"""Stripe: Checkout Sessions, refunds and webhook verification. The only module importing stripe.

Every call goes through one StripeClient with network retries (a retry carries the same
idempotency key, so Stripe replays the first answer instead of acting twice). Failures become
PaymentError with a message an admin can act on and without the secret key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import stripe

from tra_da.settings import Settings

NETWORK_RETRIES = 2
SIGNATURE_TOLERANCE_SECONDS = 300


class PaymentError(Exception):
    """Stripe did not do what was asked. ``permanent``: retrying the same request cannot help."""

    def __init__(self, message: str, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class SignatureError(Exception):
    """A webhook whose Stripe-Signature does not verify (forged, altered, stale or unsigned)."""


@dataclass(frozen=True)
class CheckoutRequest:
    booking_id: int
    amount: int  # smallest currency unit
    currency: str  # ISO 4217, upper case
    description: str
    customer_email: str
    locale: str
    success_url: str
    cancel_url: str
    expires_at: datetime
    idempotency_key: str


@dataclass(frozen=True)
class Checkout:
    session_id: str
    url: str
    expires_at: datetime


@dataclass(frozen=True)
class RefundResult:
    refund_id: str
    status: str  # pending | succeeded | failed


def _failure(exc: stripe.StripeError) -> PaymentError:
    status = getattr(exc, "http_status", None)
    detail = getattr(exc, "user_message", None) or type(exc).__name__
    # 4xx other than 409/429 means Stripe refused this request as it stands.
    permanent = status is not None and 400 <= status < 500 and status not in (409, 429)
    return PaymentError(f"Stripe answered {status or 'nothing'}: {detail}", permanent=permanent)


def refund_state(stripe_status: str | None) -> str:
    if stripe_status == "succeeded":
        return "succeeded"
    if stripe_status in ("failed", "canceled"):
        return "failed"
    return "pending"


class StripeGateway:
    def __init__(self, secret_key: str, webhook_secret: str, api_base: str) -> None:
        self._client = stripe.StripeClient(
            secret_key,
            base_addresses={"api": api_base},
            max_network_retries=NETWORK_RETRIES,
        )
        self._webhook_secret = webhook_secret

    def create_checkout(self, request: CheckoutRequest) -> Checkout:
        params: dict[str, Any] = {
            "mode": "payment",
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": request.currency.lower(),
                        "unit_amount": request.amount,
                        "product_data": {"name": request.description},
                    },
                }
            ],
            "client_reference_id": str(request.booking_id),
            "metadata": {"booking_id": str(request.booking_id)},
            "payment_intent_data": {"metadata": {"booking_id": str(request.booking_id)}},
            "customer_email": request.customer_email,
            "locale": request.locale,
            "success_url": request.success_url,
            "cancel_url": request.cancel_url,
            "expires_at": int(request.expires_at.timestamp()),
        }
        try:
            session = self._client.v1.checkout.sessions.create(
                params,  # type: ignore[arg-type]
                {"idempotency_key": request.idempotency_key},
            )
        except stripe.StripeError as exc:
            raise _failure(exc) from None
        if not session.url:
            raise PaymentError("Stripe returned a Checkout Session without a payment page URL")
        expires = datetime.fromtimestamp(int(session.expires_at), UTC)
        return Checkout(session_id=session.id, url=session.url, expires_at=expires)

    def refund(self, payment_intent_id: str, amount: int, idempotency_key: str) -> RefundResult:
        try:
            refund = self._client.v1.refunds.create(
                {
                    "payment_intent": payment_intent_id,
                    "amount": amount,
                    "metadata": {"idempotency_key": idempotency_key},
                },
                {"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as exc:
            raise _failure(exc) from None
        return RefundResult(refund_id=refund.id, status=refund_state(refund.status))

    def parse_event(self, raw_body: bytes, signature: str | None) -> dict[str, Any]:
        """The event, only if its signature over the raw body verifies with the signing secret
        and its timestamp is recent (a replayed old event is refused)."""
        try:
            stripe.Webhook.construct_event(
                raw_body, signature, self._webhook_secret, tolerance=SIGNATURE_TOLERANCE_SECONDS
            )
        except stripe.SignatureVerificationError as exc:
            raise SignatureError(str(exc)) from None
        except ValueError:
            raise SignatureError("the body is not JSON") from None
        event: dict[str, Any] = json.loads(raw_body)
        return event


def gateway_for(settings: Settings) -> StripeGateway | None:
    """The Stripe gateway when both keys are set; None means every session is free."""
    if not (settings.stripe_secret_key and settings.stripe_webhook_secret):
        return None
    return StripeGateway(
        settings.stripe_secret_key, settings.stripe_webhook_secret, settings.stripe_api_base
    )
