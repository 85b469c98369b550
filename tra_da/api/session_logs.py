"""Mentors' mentees and session logs (contract: shared/API.md). Thin: the rules are in services.

A mentee's answer is a different model without the private fields: ``notes`` is not even a key.
"""

from __future__ import annotations

from datetime import date, datetime

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from tra_da.api.deps import MentorDep, SessionDep, SignedInDep
from tra_da.services import mentor_dashboard, session_logs
from tra_da.validation import ActionItems, BoundedDate, Id, Notes, Score, Topic

router = APIRouter(tags=["session logs"])


class MenteeOut(BaseModel):
    id: int
    name: str
    email: str
    track: str
    goals: str
    group: str | None
    assigned: bool
    last_session: datetime | None
    next_session: datetime | None
    sessions: int
    latest_score: int | None
    scores: list[int]
    trend: int = Field(description="+1 improving, -1 slipping, 0 flat (last two scores)")
    needs_support: bool


class SessionLogIn(BaseModel):
    mentee_id: Id
    session_date: BoundedDate
    topic: Topic
    mentor_score: Score
    needs_support: bool = False
    notes: Notes = ""
    action_items: ActionItems = ""
    booking_id: Id | None = None


class MenteeSessionLogOut(BaseModel):
    """What a mentee sees of a log about them."""

    id: int
    mentee_id: int
    mentor_id: int
    mentor_name: str
    booking_id: int | None
    session_date: date
    topic: str
    action_items: str
    mentee_score: int | None
    mentee_comment: str | None


class SessionLogOut(MenteeSessionLogOut):
    """What the mentor who wrote it and admins see."""

    mentee_name: str
    mentor_score: int
    needs_support: bool
    notes: str
    support_resolved_at: datetime | None
    support_resolution_note: str | None
    created_at: datetime
    editable: bool


def _out(view: session_logs.LogView) -> SessionLogOut | MenteeSessionLogOut:
    if view.private:
        return SessionLogOut.model_validate(view, from_attributes=True)
    return MenteeSessionLogOut.model_validate(view, from_attributes=True)


@router.get("/api/mentors/me/mentees", response_model=list[MenteeOut])
def my_mentees(identity: MentorDep, session: SessionDep) -> list[MenteeOut]:
    board = mentor_dashboard.mentor_board(session, identity.user)
    return [
        MenteeOut(
            id=m.id,
            name=m.name,
            email=m.email,
            track=m.track,
            goals=m.goals,
            group=m.group,
            assigned=m.assigned,
            last_session=m.last_session,
            next_session=m.next_session,
            sessions=m.sessions,
            latest_score=m.latest_score,
            scores=m.scores,
            trend=m.trend,
            needs_support=m.needs_support,
        )
        for m in board.mentees
    ]


@router.post("/api/session-logs", status_code=201, response_model=SessionLogOut)
def create_session_log(
    body: SessionLogIn, identity: MentorDep, session: SessionDep
) -> SessionLogOut | MenteeSessionLogOut:
    log = session_logs.create_log(
        session, identity.user, session_logs.LogInput(**body.model_dump())
    )
    return _out(session_logs.get_log(session, identity.user, log.id or 0))


@router.get("/api/session-logs", response_model=list[SessionLogOut | MenteeSessionLogOut])
def list_session_logs(
    identity: SignedInDep,
    session: SessionDep,
    mentee_id: Id | None = None,
    limit: int = Query(200, ge=1, le=1000),
) -> list[SessionLogOut | MenteeSessionLogOut]:
    return [_out(v) for v in session_logs.list_logs(session, identity.user, mentee_id, limit=limit)]
