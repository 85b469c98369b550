"""Paid sessions (contract: shared/API.md): prices, payment state, admin refunds, Stripe webhook.

Thin: every rule is in services.payments. The webhook is authenticated by its Stripe signature,
not by a bearer token, and is read as the raw body (the signature covers those exact bytes).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from pydantic import BaseModel, BeforeValidator, Field
from starlette.concurrency import run_in_threadpool

from tra_da import db
from tra_da.api.deps import AdminDep, MentorOrAdminDep, SessionDep, SignedInDep
from tra_da.models.numbers import a_number
from tra_da.models.payment import (
    PaymentPublic,
    PaymentRowPublic,
    PaymentStatePublic,
    PricePublic,
    PriceUpdate,
    WebhookPublic,
)
from tra_da.services import booking, payments
from tra_da.validation import Id, RefundReason

router = APIRouter(tags=["payments"])


class RefundIn(BaseModel):
    amount: Annotated[int, Field(gt=0, le=10**12), BeforeValidator(a_number)] | None = Field(
        default=None, description="default: all that is left"
    )
    reason: RefundReason = ""


@router.put("/api/mentors/{mentor_id}/price", response_model=PricePublic)
def set_price(
    mentor_id: Id, body: PriceUpdate, identity: MentorOrAdminDep, session: SessionDep
) -> PricePublic:
    return payments.set_price(session, identity.user, mentor_id, body.amount, body.currency)


@router.get("/api/bookings/{booking_id}/payment", response_model=PaymentStatePublic)
def payment_state(booking_id: Id, identity: SignedInDep, session: SessionDep) -> PaymentStatePublic:
    return booking.payment_state(session, identity.user, booking_id)


@router.get("/api/payments", response_model=list[PaymentRowPublic])
def list_payments(identity: AdminDep, session: SessionDep) -> list[PaymentRowPublic]:
    return payments.list_payments(session, identity.user)


@router.post("/api/payments/{payment_id}/refund", status_code=202, response_model=PaymentPublic)
def refund(
    payment_id: Id, body: RefundIn, identity: AdminDep, session: SessionDep
) -> PaymentPublic:
    return payments.refund(session, identity.user, payment_id, body.amount, body.reason)


def _handle_webhook(raw: bytes, signature: str | None) -> str:
    with db.session() as session:
        return payments.handle_webhook(session, raw, signature)


@router.post(
    "/api/payments/stripe/webhook",
    response_model=WebhookPublic,
    openapi_extra={
        "parameters": [
            {
                "name": "Stripe-Signature",
                "in": "header",
                "required": True,
                "schema": {"type": "string"},
            }
        ],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object"}}},
        },
    },
)
async def stripe_webhook(request: Request) -> WebhookPublic:
    """Stripe's events; 400 unless the Stripe-Signature header verifies on the raw body."""
    raw = await request.body()  # exactly the bytes Stripe signed (the 100 KB limit applies)
    signature = request.headers.get("stripe-signature")
    outcome = await run_in_threadpool(_handle_webhook, raw, signature)
    return WebhookPublic(received=True, outcome=outcome)
