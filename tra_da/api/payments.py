"""Paid sessions (contract: shared/API.md): prices, payment state, admin refunds, Stripe webhook.

Thin: every rule is in services.payments. The webhook is authenticated by its Stripe signature,
not by a bearer token, and is read as the raw body (the signature covers those exact bytes).
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from tra_da import db
from tra_da.api.deps import AdminDep, MentorOrAdminDep, SessionDep, SignedInDep
from tra_da.services import booking, payments
from tra_da.validation import Id, RefundReason

router = APIRouter(tags=["payments"])


class PriceIn(BaseModel):
    amount: int = Field(
        ge=0, le=10**12, description="smallest currency unit (VND: đồng, USD: cents); 0 = free"
    )
    currency: str = Field(min_length=3, max_length=3, description="VND or USD")


class PriceOut(BaseModel):
    enabled: bool
    amount: int
    currency: str
    label: str


class RefundOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    amount: int
    status: str  # pending | succeeded | failed
    reason: str
    stripe_refund_id: str | None
    created_at: datetime


class PaymentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    booking_id: int
    amount: int
    currency: str
    label: str
    status: str  # awaiting | processing | paid | expired | failed
    checkout_session_id: str | None
    payment_intent_id: str | None
    expires_at: datetime | None
    paid_at: datetime | None
    late: bool
    refunded: int
    refund_status: str  # none | pending | succeeded | failed
    created_at: datetime
    refunds: list[RefundOut]


class PaymentStateOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    booking_id: int
    booking_status: str
    outcome: str  # confirmed | processing | waiting | released | refunded_late | free
    payment: PaymentOut | None
    checkout_url: str | None


class PaymentRowOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    payment: PaymentOut
    booking_status: str
    start_at: datetime
    mentor_name: str
    mentee_name: str


class RefundIn(BaseModel):
    amount: int | None = Field(
        default=None, gt=0, le=10**12, description="default: all that is left"
    )
    reason: RefundReason = ""


class WebhookOut(BaseModel):
    received: bool
    outcome: str


def _price(setting: payments.PriceSetting) -> PriceOut:
    return PriceOut(
        enabled=setting.enabled,
        amount=setting.amount,
        currency=setting.currency,
        label=payments.format_amount(setting.amount, setting.currency),
    )


@router.put("/api/mentors/{mentor_id}/price", response_model=PriceOut)
def set_price(
    mentor_id: Id, body: PriceIn, identity: MentorOrAdminDep, session: SessionDep
) -> PriceOut:
    return _price(payments.set_price(session, identity.user, mentor_id, body.amount, body.currency))


@router.get("/api/bookings/{booking_id}/payment", response_model=PaymentStateOut)
def payment_state(booking_id: Id, identity: SignedInDep, session: SessionDep) -> PaymentStateOut:
    state = booking.payment_state(session, identity.user, booking_id)
    return PaymentStateOut.model_validate(state, from_attributes=True)


@router.get("/api/payments", response_model=list[PaymentRowOut])
def list_payments(identity: AdminDep, session: SessionDep) -> list[PaymentRowOut]:
    return [
        PaymentRowOut.model_validate(row, from_attributes=True)
        for row in payments.list_payments(session, identity.user)
    ]


@router.post("/api/payments/{payment_id}/refund", status_code=202, response_model=PaymentOut)
def refund(payment_id: Id, body: RefundIn, identity: AdminDep, session: SessionDep) -> PaymentOut:
    view = payments.refund(session, identity.user, payment_id, body.amount, body.reason)
    return PaymentOut.model_validate(view, from_attributes=True)


def _handle_webhook(raw: bytes, signature: str | None) -> str:
    with db.session() as session:
        return payments.handle_webhook(session, raw, signature)


@router.post(
    "/api/payments/stripe/webhook",
    response_model=WebhookOut,
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
async def stripe_webhook(request: Request) -> WebhookOut:
    """Stripe's events; 400 unless the Stripe-Signature header verifies on the raw body."""
    raw = await request.body()  # exactly the bytes Stripe signed (the 100 KB limit applies)
    signature = request.headers.get("stripe-signature")
    outcome = await run_in_threadpool(_handle_webhook, raw, signature)
    return WebhookOut(received=True, outcome=outcome)
