"""/api/mentors: creating mentors (admins). The directory routes arrive with booking."""

from __future__ import annotations

from fastapi import APIRouter

from tra_da.api.deps import AdminDep, SessionDep
from tra_da.models.mentor import MentorCreate, MentorPublic
from tra_da.services import mentors

router = APIRouter(prefix="/api/mentors", tags=["mentors"])


@router.post("", status_code=201, response_model=MentorPublic)
def create_mentor(body: MentorCreate, identity: AdminDep, session: SessionDep) -> MentorPublic:
    return mentors.create_mentor(session, identity.user, body)
