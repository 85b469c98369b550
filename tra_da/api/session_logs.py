"""Mentors' mentees and session logs (contract: shared/API.md). Thin: the rules are in services.

A mentee's answer is a different model without the private fields: ``notes`` is not even a key.
"""

from __future__ import annotations

from fastapi import APIRouter, Query
from pydantic import StrictBool

from tra_da.api.deps import MentorDep, SessionDep, SignedInDep
from tra_da.models.session_log import (
    MenteeSummaryPublic,
    SessionLogCreate,
    SessionLogMenteePublic,
    SessionLogPublic,
)
from tra_da.services import mentor_dashboard, session_logs
from tra_da.validation import ActionItems, BodyId, BodyScore, BoundedDate, Id, Notes, Topic

router = APIRouter(tags=["session logs"])


class SessionLogIn(SessionLogCreate):
    """A ``SessionLogCreate`` as the REST front parses it: JSON-safe ids, dates within
    2000..2100, no control characters, a score from 1 to 5 (validation.py's shared rules)."""

    mentee_id: BodyId
    session_date: BoundedDate
    topic: Topic
    mentor_score: BodyScore
    needs_support: StrictBool = False
    notes: Notes = ""
    action_items: ActionItems = ""
    booking_id: BodyId | None = None


@router.get("/api/mentors/me/mentees", response_model=list[MenteeSummaryPublic])
def my_mentees(identity: MentorDep, session: SessionDep) -> list[MenteeSummaryPublic]:
    return mentor_dashboard.mentor_board(session, identity.user).mentees


@router.post("/api/session-logs", status_code=201, response_model=SessionLogPublic)
def create_session_log(
    body: SessionLogIn, identity: MentorDep, session: SessionDep
) -> SessionLogPublic:
    return session_logs.create_log(session, identity.user, body)


@router.get("/api/session-logs", response_model=list[SessionLogPublic | SessionLogMenteePublic])
def list_session_logs(
    identity: SignedInDep,
    session: SessionDep,
    mentee_id: Id | None = None,
    limit: int = Query(200, ge=1, le=1000),
) -> list[SessionLogMenteePublic]:
    return session_logs.list_logs(session, identity.user, mentee_id, limit=limit)
