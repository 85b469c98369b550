"""/api/mentors: creating mentors (admins). The directory routes arrive with booking."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from tra_da.api.deps import AdminDep, SessionDep
from tra_da.services import programme
from tra_da.validation import TAGS_MAX, Bio, Email, Headline, PersonName, Tag, Track

router = APIRouter(prefix="/api/mentors", tags=["mentors"])


class MentorIn(BaseModel):
    email: Email
    name: PersonName
    expertise: list[Tag] = Field(default_factory=list, max_length=TAGS_MAX)
    headline: Headline = ""
    bio: Bio = ""
    track: Track = ""
    max_mentees: int = Field(default=5, ge=0, le=500)


class MentorOut(BaseModel):
    id: int
    user_id: int
    name: str
    email: str
    expertise: list[str]
    headline: str
    bio: str
    track: str
    max_mentees: int
    assigned_mentees: int
    active: bool
    invitation_pending: bool
    avatar_url: str | None


def mentor_out(row: programme.MentorRow) -> MentorOut:
    return MentorOut(
        id=row.id,
        user_id=row.user_id,
        name=row.name,
        email=row.email,
        expertise=row.expertise,
        headline=row.headline,
        bio=row.bio,
        track=row.track,
        max_mentees=row.max_mentees,
        assigned_mentees=row.assigned,
        active=row.active,
        invitation_pending=row.invited,
        avatar_url=row.avatar_url,
    )


@router.post("", status_code=201, response_model=MentorOut)
def create_mentor(body: MentorIn, identity: AdminDep, session: SessionDep) -> MentorOut:
    data = programme.MentorInput(**body.model_dump())
    return mentor_out(programme.create_mentor(session, identity.user, data))
