"""Ratings and reviews: mentees review their sessions, everyone reads mentors' ratings and
visible reviews, admins hide and unhide reviews.

The rules live here: one review per booking, only the booking's mentee, only after the session
and within ``REVIEW_WINDOW_DAYS`` of its end (editing the own review is allowed inside the same
window); a rating shows as an average only from ``RATING_MIN_COUNT`` visible reviews.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func
from sqlmodel import Session, col, select

from tra_da.models import Review
from tra_da.models.review import RatingPublic

# Below this many visible reviews a mentor shows no average (one early 1 or 5 says little).
RATING_MIN_COUNT = 3
REVIEW_WINDOW_DAYS = 30


def no_rating() -> RatingPublic:
    return RatingPublic(average=None, count=0)


def mentor_ratings(db: Session, mentor_ids: Sequence[int]) -> dict[int, RatingPublic]:
    """Each mentor's rating from their visible reviews, in one grouped query; every id asked for
    is a key (a mentor without reviews: count 0, average None)."""
    ratings = {mentor_id: no_rating() for mentor_id in mentor_ids}
    if not ratings:
        return ratings
    rows = db.exec(
        select(Review.mentor_id, func.count(), func.avg(Review.rating))
        .where(col(Review.mentor_id).in_(list(ratings)), col(Review.hidden_at).is_(None))
        .group_by(col(Review.mentor_id))
    ).all()
    for mentor_id, count, average in rows:
        ratings[mentor_id] = RatingPublic(
            average=round(float(average), 1) if count >= RATING_MIN_COUNT else None,
            count=int(count),
        )
    return ratings
