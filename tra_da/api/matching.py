"""A mentee's recommended mentors (README "Matching"). Thin: the scoring is in services."""

from __future__ import annotations

from fastapi import APIRouter, Query

from tra_da.api.deps import MenteeDep, SessionDep
from tra_da.models.limits import RECOMMENDATIONS_MAX
from tra_da.models.matching import RecommendationsPublic
from tra_da.services import matching

router = APIRouter(tags=["matching"])


@router.get("/api/mentees/me/recommendations", response_model=RecommendationsPublic)
def my_recommendations(
    identity: MenteeDep,
    session: SessionDep,
    limit: int = Query(5, ge=1, le=RECOMMENDATIONS_MAX),
) -> RecommendationsPublic:
    """The best-matching mentors with a free seat, best first, each with its reason in the
    mentee's language; an empty list until their profile names a track, goals or interests."""
    return RecommendationsPublic(items=matching.recommendations(session, identity.user, limit))
