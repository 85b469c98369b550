"""/api/mentors/{id}/waitlist: a mentee waits for a fully booked mentor. Thin: services.waitlist."""

from __future__ import annotations

from fastapi import APIRouter, Response

from tra_da.api.deps import MenteeDep, SessionDep, SignedInDep
from tra_da.models.waitlist import WaitlistPublic
from tra_da.services import waitlist
from tra_da.validation import Id

router = APIRouter(prefix="/api/mentors/{mentor_id}/waitlist", tags=["waitlist"])


@router.get("", response_model=WaitlistPublic)
def waitlist_status(mentor_id: Id, identity: SignedInDep, session: SessionDep) -> WaitlistPublic:
    return waitlist.status(session, identity.user, mentor_id)


@router.post(
    "",
    status_code=201,
    response_model=WaitlistPublic,
    responses={200: {"model": WaitlistPublic, "description": "Already waiting: nothing changed"}},
)
def join_waitlist(
    mentor_id: Id, response: Response, identity: MenteeDep, session: SessionDep
) -> WaitlistPublic:
    entry, started = waitlist.join(session, identity.user, mentor_id)
    if not started:
        response.status_code = 200
    return entry


@router.delete("", status_code=204)
def leave_waitlist(mentor_id: Id, identity: MenteeDep, session: SessionDep) -> Response:
    waitlist.leave(session, identity.user, mentor_id)
    return Response(status_code=204)
