"""Directory, slots and bookings (contract: shared/API.md). Thin: every rule is in services."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from tra_da.api.deps import MenteeDep, MentorOrAdminDep, SessionDep, SignedInDep
from tra_da.api.payments import PaymentOut
from tra_da.services import availability, booking, directory, payments
from tra_da.validation import AwareDatetime, CancelReason, Id, Offset, SearchText, Tag, Track

router = APIRouter(tags=["booking"])


class MentorCardOut(BaseModel):
    id: int
    user_id: int
    name: str
    headline: str
    bio: str
    track: str
    expertise: list[str]
    avatar_url: str | None
    next_open_slot: datetime | None
    price: MentorPriceOut | None = None  # on GET /api/mentors/{id}; null: sessions are free


class MentorPriceOut(BaseModel):
    amount: int  # smallest currency unit
    currency: str
    label: str


class MentorPage(BaseModel):
    items: list[MentorCardOut]
    total: int


class SlotIn(BaseModel):
    start_at: AwareDatetime
    end_at: AwareDatetime


class SlotOut(BaseModel):
    id: int
    start_at: datetime
    end_at: datetime


class DeliveryOut(BaseModel):
    email: str  # sent | sending | retrying | failed | none
    calendar: str  # created | sending | retrying | failed | off
    error: str = ""


class BookingOut(BaseModel):
    id: int
    slot_id: int
    status: str
    start_at: datetime
    end_at: datetime
    meeting_link: str | None
    mentor_id: int
    mentor_name: str | None = None
    mentee_name: str | None = None
    cancel_reason: str | None = None
    delivery: DeliveryOut | None = None
    payment: PaymentOut | None = None  # paid sessions only
    checkout_url: str | None = None  # a pending booking's Stripe payment page, for its mentee


class CancelIn(BaseModel):
    reason: CancelReason | None = None


class RescheduleIn(BaseModel):
    slot_id: Id


def _card(card: directory.MentorCard) -> MentorCardOut:
    return MentorCardOut(**card.__dict__)


def _booking(b: object) -> BookingOut:
    return BookingOut.model_validate(b, from_attributes=True)


@router.get("/api/mentors", response_model=MentorPage)
def list_mentors(
    identity: SignedInDep,
    session: SessionDep,
    q: SearchText = "",
    track: Track = "",
    expertise: Tag = "",
    available_from: AwareDatetime | None = None,
    available_to: AwareDatetime | None = None,
    limit: int = Query(12, ge=1, le=50),
    offset: Offset = 0,
) -> MentorPage:
    cards, total = directory.search(
        session,
        identity.user,
        query=q,
        track=track,
        expertise=expertise,
        available_from=available_from,
        available_to=available_to,
        limit=limit,
        offset=offset,
    )
    return MentorPage(items=[_card(c) for c in cards], total=total)


@router.get("/api/mentors/{mentor_id}", response_model=MentorCardOut)
def get_mentor(mentor_id: Id, identity: SignedInDep, session: SessionDep) -> MentorCardOut:
    out = _card(directory.profile(session, identity.user, mentor_id))
    price = payments.price_of(session, mentor_id)
    if price is not None:
        out.price = MentorPriceOut(amount=price.amount, currency=price.currency, label=price.label)
    return out


@router.post("/api/mentors/{mentor_id}/slots", status_code=201, response_model=SlotOut)
def create_slot(
    mentor_id: Id, body: SlotIn, identity: MentorOrAdminDep, session: SessionDep
) -> SlotOut:
    slot = availability.add_slot(session, identity.user, mentor_id, body.start_at, body.end_at)
    return SlotOut(id=slot.id or 0, start_at=slot.start_at, end_at=slot.end_at)


@router.get("/api/mentors/{mentor_id}/slots", response_model=list[SlotOut])
def open_slots(
    mentor_id: Id,
    identity: SignedInDep,
    session: SessionDep,
    from_: AwareDatetime | None = Query(None, alias="from"),
    to: AwareDatetime | None = None,
) -> list[SlotOut]:
    directory.profile(session, identity.user, mentor_id)  # 404 for unknown or inactive
    return [
        SlotOut(id=s.id, start_at=s.start_at, end_at=s.end_at)
        for s in availability.open_slots(session, mentor_id, from_, to)
    ]


@router.post("/api/slots/{slot_id}/book", status_code=201, response_model=BookingOut)
def book(slot_id: Id, identity: MenteeDep, session: SessionDep) -> BookingOut:
    made = booking.book_slot(session, identity.user, slot_id)
    out = _booking(made)
    if made.status == "pending":  # a paid session: where to pay, and what is owed
        state = booking.payment_state(session, identity.user, made.id or 0)
        out.checkout_url = state.checkout_url
        out.payment = PaymentOut.model_validate(state.payment, from_attributes=True)
    return out


@router.get("/api/bookings", response_model=list[BookingOut])
def my_bookings(
    identity: SignedInDep, session: SessionDep, scope: Literal["upcoming", "past"] = "upcoming"
) -> list[BookingOut]:
    return [_booking(b) for b in booking.list_bookings(session, identity.user, scope)]


@router.post("/api/bookings/{booking_id}/cancel", response_model=BookingOut)
def cancel(
    booking_id: Id, identity: SignedInDep, session: SessionDep, body: CancelIn | None = None
) -> BookingOut:
    reason = body.reason if body and body.reason else ""
    return _booking(booking.cancel_booking(session, identity.user, booking_id, reason))


@router.post("/api/bookings/{booking_id}/reschedule", response_model=BookingOut)
def move(
    booking_id: Id, body: RescheduleIn, identity: MenteeDep, session: SessionDep
) -> BookingOut:
    return _booking(booking.reschedule(session, identity.user, booking_id, body.slot_id))
