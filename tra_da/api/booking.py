"""Directory, slots and bookings (contract: shared/API.md). Thin: every rule is in services."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlmodel import Session

from tra_da.api.deps import (
    MenteeDep,
    MentorOrAdminDep,
    SessionDep,
    SignedInDep,
    TokenDep,
    VisitorTokenDep,
    identify,
    identify_visitor,
    in_one_thread,
)
from tra_da.models.booking import BookingPublic, SlotPublic
from tra_da.models.mentor import MentorCardPublic, MentorCardsPublic
from tra_da.services import availability, booking, directory, matching
from tra_da.validation import (
    AwareDatetime,
    BodyId,
    CancelReason,
    Id,
    Offset,
    SearchText,
    Tag,
    Track,
)

router = APIRouter(tags=["booking"])


class SlotIn(BaseModel):
    start_at: AwareDatetime
    end_at: AwareDatetime


class CancelIn(BaseModel):
    reason: CancelReason | None = None


class RescheduleIn(BaseModel):
    slot_id: BodyId


# The hot reads and booking run in one thread hop each (deps.in_one_thread): the identity, the
# work and closing the session in the same thread.


@router.get("/api/mentors", response_model=MentorCardsPublic)
async def list_mentors(
    token: VisitorTokenDep,
    q: SearchText = "",
    track: Track = "",
    expertise: Tag = "",
    available_from: AwareDatetime | None = None,
    available_to: AwareDatetime | None = None,
    limit: int = Query(12, ge=1, le=50),
    offset: Offset = 0,
    sort: Literal["name", "match"] = "name",
) -> MentorCardsPublic:
    """``sort=match``: best match for the signed-in mentee first (README "Matching"); for
    anyone else it is the name order."""

    def work(session: Session) -> MentorCardsPublic:
        identity = identify_visitor(session, token)
        cards, total = matching.search(
            session,
            identity.user if identity else None,
            sort=sort,
            query=q,
            track=track,
            expertise=expertise,
            available_from=available_from,
            available_to=available_to,
            limit=limit,
            offset=offset,
        )
        return MentorCardsPublic(items=cards, total=total)

    return await in_one_thread(work)


@router.get("/api/mentors/{mentor_id}", response_model=MentorCardPublic)
async def get_mentor(mentor_id: Id, token: VisitorTokenDep) -> MentorCardPublic:
    def work(session: Session) -> MentorCardPublic:
        identity = identify_visitor(session, token)
        return directory.profile(session, identity.user if identity else None, mentor_id)

    return await in_one_thread(work)


@router.post("/api/mentors/{mentor_id}/slots", status_code=201, response_model=SlotPublic)
def create_slot(
    mentor_id: Id, body: SlotIn, identity: MentorOrAdminDep, session: SessionDep
) -> SlotPublic:
    return availability.add_slot(session, identity.user, mentor_id, body.start_at, body.end_at)


@router.get("/api/mentors/{mentor_id}/slots", response_model=list[SlotPublic])
async def open_slots(
    mentor_id: Id,
    token: VisitorTokenDep,
    from_: AwareDatetime | None = Query(None, alias="from"),
    to: AwareDatetime | None = None,
) -> list[SlotPublic]:
    def work(session: Session) -> list[SlotPublic]:
        identity = identify_visitor(session, token)
        # 404 for unknown or inactive
        directory.check_listed(session, identity.user if identity else None, mentor_id)
        return availability.open_slots(session, mentor_id, from_, to)

    return await in_one_thread(work)


@router.post("/api/slots/{slot_id}/book", status_code=201, response_model=BookingPublic)
async def book(slot_id: Id, token: TokenDep) -> BookingPublic:
    """A paid session comes back pending, with its payment and the page where to pay."""

    def work(session: Session) -> BookingPublic:
        return booking.book_slot(session, identify(session, token, "mentee").user, slot_id)

    return await in_one_thread(work)


@router.get("/api/bookings", response_model=list[BookingPublic])
async def my_bookings(
    token: TokenDep, scope: Literal["upcoming", "past"] = "upcoming"
) -> list[BookingPublic]:
    def work(session: Session) -> list[BookingPublic]:
        return booking.list_bookings(session, identify(session, token).user, scope)

    return await in_one_thread(work)


@router.post("/api/bookings/{booking_id}/cancel", response_model=BookingPublic)
def cancel(
    booking_id: Id, identity: SignedInDep, session: SessionDep, body: CancelIn | None = None
) -> BookingPublic:
    reason = body.reason if body and body.reason else ""
    return booking.cancel_booking(session, identity.user, booking_id, reason)


@router.post("/api/bookings/{booking_id}/reschedule", response_model=BookingPublic)
def move(
    booking_id: Id, body: RescheduleIn, identity: MenteeDep, session: SessionDep
) -> BookingPublic:
    return booking.reschedule(session, identity.user, booking_id, body.slot_id)
