"""Ratings and reviews (README, REST section): a mentee reviews a session, anyone reads a
mentor's visible reviews, admins list, hide and unhide them. Thin: every rule is in
services.reviews."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Response

from tra_da.api.deps import AdminDep, MenteeDep, SessionDep
from tra_da.models.review import (
    ReviewAdminPagePublic,
    ReviewAdminPublic,
    ReviewCreate,
    ReviewHide,
    ReviewMinePublic,
    ReviewPagePublic,
)
from tra_da.services import reviews
from tra_da.validation import Id, Offset

router = APIRouter(tags=["reviews"])


@router.post(
    "/api/bookings/{booking_id}/review",
    status_code=201,
    response_model=ReviewMinePublic,
    responses={200: {"model": ReviewMinePublic, "description": "The review was changed"}},
)
def review_booking(
    booking_id: Id,
    body: ReviewCreate,
    identity: MenteeDep,
    session: SessionDep,
    response: Response,
) -> ReviewMinePublic:
    """201 with the new review; 200 when the mentee changes their review (same window)."""
    review, created = reviews.save_review(
        session, identity.user, booking_id, body.rating, body.text
    )
    if not created:
        response.status_code = 200
    return review


@router.get("/api/mentors/{mentor_id}/reviews", response_model=ReviewPagePublic)
def mentor_reviews(
    mentor_id: Id,
    session: SessionDep,
    limit: int = Query(10, ge=1, le=50),
    offset: Offset = 0,
) -> ReviewPagePublic:
    """A mentor's visible reviews, newest first; no sign-in needed."""
    return reviews.mentor_reviews(session, None, mentor_id, limit, offset)


@router.get("/api/reviews", response_model=ReviewAdminPagePublic)
def list_reviews(
    identity: AdminDep,
    session: SessionDep,
    shown: Literal["all", "visible", "hidden"] = "all",
    limit: int = Query(20, ge=1, le=50),
    offset: Offset = 0,
) -> ReviewAdminPagePublic:
    return reviews.list_reviews(session, identity.user, shown, limit, offset)


@router.post("/api/reviews/{review_id}/hide", response_model=ReviewAdminPublic)
def hide_review(
    review_id: Id, body: ReviewHide, identity: AdminDep, session: SessionDep
) -> ReviewAdminPublic:
    return reviews.hide_review(session, identity.user, review_id, body.reason)


@router.post("/api/reviews/{review_id}/unhide", response_model=ReviewAdminPublic)
def unhide_review(review_id: Id, identity: AdminDep, session: SessionDep) -> ReviewAdminPublic:
    return reviews.unhide_review(session, identity.user, review_id)
