"""Ratings and reviews: mentees review their sessions, everyone reads mentors' ratings and
visible reviews, admins hide and unhide reviews.

The rules live here so the UI and the REST API share them:
- one review per booking, written by the booking's mentee, for a session that took place
  (confirmed or completed, ended) and at most ``REVIEW_WINDOW_DAYS`` after its end;
- the mentee may edit their own review inside the same window (a hidden one no longer);
- the review is the single source of truth for a session's rating: writing it also sets the
  mentee score of the session log of that booking, which the mentors' score trends read;
- a rating shows an average only from ``RATING_MIN_COUNT`` visible reviews (the count always);
- admins hide a review with a reason, and may unhide it; both are audited. A hidden review
  leaves the average and the profile page.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from tra_da.models import Booking, MenteeProfile, MentorProfile, Review, SessionLog, User
from tra_da.models.base import utcnow
from tra_da.models.limits import HIDE_REASON_MAX, REVIEW_MAX
from tra_da.models.review import (
    RATING_MAX,
    RATING_MIN,
    RatingPublic,
    ReviewAdminPagePublic,
    ReviewAdminPublic,
    ReviewMinePublic,
    ReviewPagePublic,
    ReviewPublic,
)
from tra_da.services import audit
from tra_da.services.access import require_role
from tra_da.services.errors import Conflict, Invalid, NotFound
from tra_da.validation import check_controls, check_id

# Below this many visible reviews a mentor shows no average (one early 1 or 5 says little).
RATING_MIN_COUNT = 3
REVIEW_WINDOW_DAYS = 30
REVIEW_WINDOW = timedelta(days=REVIEW_WINDOW_DAYS)
REVIEWABLE_STATUSES = ("confirmed", "completed")  # a session that took place
MAX_PAGE = 50
ADMIN_FILTERS = ("all", "visible", "hidden")


def no_rating() -> RatingPublic:
    return RatingPublic(average=None, count=0)


@functools.cache
def _ratings_statement() -> Any:
    """Built once: the statement cost more to build than to run."""
    return (
        select(Review.mentor_id, func.count(), func.avg(Review.rating))
        .where(col(Review.mentor_id).in_(bindparam("ids", expanding=True)))
        .where(col(Review.hidden_at).is_(None))
        .group_by(col(Review.mentor_id))
    )


def mentor_ratings(db: Session, mentor_ids: Sequence[int]) -> dict[int, RatingPublic]:
    """Each mentor's rating from their visible reviews, in one grouped query; every id asked for
    is a key (a mentor without reviews: count 0, average None)."""
    ratings = {mentor_id: no_rating() for mentor_id in mentor_ids}
    if not ratings:
        return ratings
    for mentor_id, count, average in db.execute(_ratings_statement(), {"ids": list(ratings)}):
        ratings[mentor_id] = RatingPublic(
            average=round(float(average), 1) if count >= RATING_MIN_COUNT else None,
            count=int(count),
        )
    return ratings


def reviewer_name(name: str, locale: str) -> str:
    """How a review names its writer: the given name only. Vietnamese names put it last
    ("Võ Minh An" -> "An"), English ones first ("Sarah Johnson" -> "Sarah"); the writer's own
    language setting says which."""
    words = name.split()
    if not words:
        return ""
    return words[-1] if locale == "vi" else words[0]


def _public(review: Review, reviewer: str) -> ReviewPublic:
    """A review as the directory shows it, signed ``reviewer`` (reviewer_name)."""
    assert review.id is not None
    return ReviewPublic(
        id=review.id,
        mentor_id=review.mentor_id,
        rating=review.rating,
        text=review.text,
        reviewer_name=reviewer,
        created_at=review.created_at,
        updated_at=review.updated_at,
    )


def _window_open(booking: Booking, now: datetime) -> bool:
    return booking.end_at <= now <= booking.end_at + REVIEW_WINDOW


def _mine(review: Review, writer: User, booking: Booking, now: datetime) -> ReviewMinePublic:
    return ReviewMinePublic(
        **_public(review, reviewer_name(writer.name, writer.locale)).model_dump(),
        booking_id=review.booking_id,
        editable=review.hidden_at is None and _window_open(booking, now),
        hidden=review.hidden_at is not None,
    )


def _mentee(db: Session, user: User) -> MenteeProfile:
    mentee = db.exec(select(MenteeProfile).where(MenteeProfile.user_id == user.id)).first()
    if mentee is None:
        raise NotFound("Your mentee profile is missing; contact your programme admin.")
    return mentee


def clean_review(rating: Any, text: Any) -> tuple[int, str]:
    if isinstance(rating, bool) or not isinstance(rating, int):
        raise Invalid("Rate the session from 1 to 5 stars.", "err.rate_score")
    if not RATING_MIN <= rating <= RATING_MAX:
        raise Invalid("Rate the session from 1 to 5 stars.", "err.rate_score")
    if not isinstance(text, str):
        raise Invalid("The review must be text.", "err.review_text", limit=REVIEW_MAX)
    text = text.strip()
    check_controls(text, "review", multiline=True)
    if len(text) > REVIEW_MAX:
        raise Invalid(
            f"Keep the review to {REVIEW_MAX} characters.", "err.review_text", limit=REVIEW_MAX
        )
    return rating, text


def reviewable_booking(db: Session, user: User, booking_id: int, now: datetime) -> Booking:
    """The mentee's own booking, if a review of it may be written or changed now."""
    check_id(booking_id, "booking")
    mentee = _mentee(db, user)
    booking = db.get(Booking, booking_id)
    if booking is None or booking.mentee_id != mentee.id:
        raise NotFound(
            "This session is not one of yours; open it from My sessions.", "err.review_booking"
        )
    if booking.status not in REVIEWABLE_STATUSES:
        raise Conflict(
            "This session did not take place, so it cannot be reviewed.", "err.review_not_held"
        )
    if booking.end_at > now:
        raise Conflict("You can review a session once it has ended.", "err.review_too_early")
    if now > booking.end_at + REVIEW_WINDOW:
        raise Conflict(
            f"Reviews are open for {REVIEW_WINDOW_DAYS} days after a session; this one is closed.",
            "err.review_window",
            days=REVIEW_WINDOW_DAYS,
        )
    return booking


def write_review(
    db: Session,
    booking: Booking,
    rating: int,
    text: str,
    now: datetime,
) -> tuple[Review, bool]:
    """Insert or change the review of ``booking`` (checked by the caller) without committing;
    the session log of the booking gets the same rating. True when it is new."""
    existing = db.exec(select(Review).where(Review.booking_id == booking.id)).first()
    created = existing is None
    if existing is None:
        try:
            with db.begin_nested():
                review = Review(
                    booking_id=booking.id or 0,
                    mentor_id=booking.mentor_id,
                    mentee_id=booking.mentee_id,
                    rating=rating,
                    text=text,
                    created_at=now,
                    updated_at=now,
                )
                db.add(review)
        except IntegrityError:
            # Another tab wrote it a moment ago: this one becomes an edit of that one.
            existing = db.exec(select(Review).where(Review.booking_id == booking.id)).one()
            created = False
    if existing is not None:
        if existing.hidden_at is not None:
            raise Conflict(
                "An admin hid this review, so it can no longer be changed.", "err.review_hidden"
            )
        existing.rating, existing.text, existing.updated_at = rating, text, now
        db.add(existing)
        review = existing
    db.execute(
        update(SessionLog)
        .where(col(SessionLog.booking_id) == booking.id)
        .values(mentee_score=rating, updated_at=now)
    )
    db.flush()
    return review, created


def save_review(
    db: Session,
    actor: User | None,
    booking_id: int,
    rating: int,
    text: str = "",
    now: datetime | None = None,
) -> tuple[ReviewMinePublic, bool]:
    """The booking's mentee rates and reviews it, or changes their review; True when new."""
    user = require_role(actor, "mentee")
    now = now or utcnow()
    rating, text = clean_review(rating, text)
    booking = reviewable_booking(db, user, booking_id, now)
    review, created = write_review(db, booking, rating, text, now)
    db.commit()
    return _mine(review, user, booking, now), created


def my_reviews(
    db: Session, actor: User | None, booking_ids: Sequence[int], now: datetime | None = None
) -> dict[int, ReviewMinePublic | None]:
    """Of these bookings of the mentee: the ones they may review now (None: not yet reviewed)
    and the ones they already reviewed. Bookings in neither case are not keys."""
    user = require_role(actor, "mentee")
    now = now or utcnow()
    if not booking_ids:
        return {}
    mentee = _mentee(db, user)
    rows = db.exec(
        select(Booking, Review)
        .outerjoin(Review, col(Review.booking_id) == Booking.id)
        .where(col(Booking.id).in_(list(booking_ids)), col(Booking.mentee_id) == mentee.id)
    ).all()
    found: dict[int, ReviewMinePublic | None] = {}
    for booking, review in rows:
        assert booking.id is not None
        if review is not None:
            found[booking.id] = _mine(review, user, booking, now)
        elif booking.status in REVIEWABLE_STATUSES and _window_open(booking, now):
            found[booking.id] = None
    return found


@functools.cache
def _mentor_reviews_statements() -> tuple[Any, Any, Any]:
    """Built once (a profile opens with them): whether the mentor is active, how many visible
    reviews they have, and one page of them with each writer's name and language."""
    mentor_id: Any = bindparam("mentor_id")
    active = (
        select(MentorProfile.id)
        .join(User, col(User.id) == MentorProfile.user_id)
        .where(MentorProfile.id == mentor_id, col(User.is_active).is_(True))
    )
    visible = (col(Review.mentor_id) == mentor_id, col(Review.hidden_at).is_(None))
    total = select(func.count()).select_from(Review).where(*visible)
    page = (
        select(Review, User.name, User.locale)
        .join(MenteeProfile, col(MenteeProfile.id) == Review.mentee_id)
        .join(User, col(User.id) == MenteeProfile.user_id)
        .where(*visible)
        .order_by(col(Review.created_at).desc(), col(Review.id).desc())
        .offset(bindparam("offset"))
        .limit(bindparam("limit"))
    )
    return active, total, page


def _active_mentor(db: Session, mentor_id: int) -> None:
    check_id(mentor_id, "mentor")
    active, _, _ = _mentor_reviews_statements()
    if db.exec(active, params={"mentor_id": mentor_id}).first() is None:
        raise NotFound("This mentor is not in the directory; search for another one.")


def mentor_reviews(
    db: Session, actor: User | None, mentor_id: int, limit: int = 10, offset: int = 0
) -> ReviewPagePublic:
    """One page of an active mentor's visible reviews, newest first. Anyone may read them,
    signed in or not: they carry no email and only the writer's given name."""
    _active_mentor(db, mentor_id)
    limit, offset = max(1, min(limit, MAX_PAGE)), max(0, min(offset, 1_000_000))
    _, count, page = _mentor_reviews_statements()
    total = db.exec(count, params={"mentor_id": mentor_id}).one()
    params = {"mentor_id": mentor_id, "limit": limit, "offset": offset}
    items = [
        _public(review, reviewer_name(name, locale))
        for review, name, locale in db.exec(page, params=params).all()
    ]
    return ReviewPagePublic(items=items, total=int(total))


# --- moderation ---------------------------------------------------------------------------


def _admin_rows(
    db: Session, where: Sequence[Any], limit: int, offset: int
) -> list[ReviewAdminPublic]:
    mentor_user = aliased(User)
    rows = db.exec(
        select(Review, User, mentor_user.name)
        .join(MenteeProfile, col(MenteeProfile.id) == Review.mentee_id)
        .join(User, col(User.id) == MenteeProfile.user_id)
        .join(MentorProfile, col(MentorProfile.id) == Review.mentor_id)
        .join(mentor_user, col(mentor_user.id) == MentorProfile.user_id)
        .where(*where)
        .order_by(col(Review.created_at).desc(), col(Review.id).desc())
        .offset(offset)
        .limit(limit)
    ).all()
    return [
        ReviewAdminPublic(
            **_public(review, reviewer_name(writer.name, writer.locale)).model_dump(),
            booking_id=review.booking_id,
            mentor_name=mentor_name,
            mentee_name=writer.name,
            hidden_at=review.hidden_at,
            hidden_reason=review.hidden_reason,
        )
        for review, writer, mentor_name in rows
    ]


def list_reviews(
    db: Session, actor: User | None, shown: str = "all", limit: int = 20, offset: int = 0
) -> ReviewAdminPagePublic:
    """Every review for admins, newest first; ``shown``: all, visible or hidden."""
    require_role(actor, "admin")
    if shown not in ADMIN_FILTERS:
        raise Invalid("Show all, visible or hidden reviews.", "err.review_filter")
    limit, offset = max(1, min(limit, MAX_PAGE)), max(0, min(offset, 1_000_000))
    where: list[Any] = []
    if shown == "visible":
        where.append(col(Review.hidden_at).is_(None))
    elif shown == "hidden":
        where.append(col(Review.hidden_at).is_not(None))
    total = db.exec(select(func.count()).select_from(Review).where(*where)).one()
    return ReviewAdminPagePublic(items=_admin_rows(db, where, limit, offset), total=int(total))


def _one(db: Session, review_id: int) -> ReviewAdminPublic:
    return _admin_rows(db, [col(Review.id) == review_id], 1, 0)[0]


def _review(db: Session, review_id: int) -> Review:
    check_id(review_id, "review")
    review = db.get(Review, review_id)
    if review is None:
        raise NotFound("This review does not exist (any more); reload the list.", "err.review_gone")
    return review


def hide_review(
    db: Session, actor: User | None, review_id: int, reason: str, now: datetime | None = None
) -> ReviewAdminPublic:
    """An admin hides a review, saying why: it leaves the profile and the average. Audited."""
    admin = require_role(actor, "admin")
    now = now or utcnow()
    if not isinstance(reason, str):
        reason = ""
    reason = reason.strip()
    check_controls(reason, "reason")
    if not 1 <= len(reason) <= HIDE_REASON_MAX:
        raise Invalid(
            f"Say why the review is hidden (1 to {HIDE_REASON_MAX} characters).",
            "err.review_reason",
            limit=HIDE_REASON_MAX,
        )
    review = _review(db, review_id)
    # Conditional, so two admins hiding at once leave one reason and one audit entry.
    hidden = db.execute(
        update(Review)
        .where(col(Review.id) == review_id, col(Review.hidden_at).is_(None))
        .values(hidden_at=now, hidden_reason=reason, hidden_by_user_id=admin.id)
    )
    if hidden.rowcount != 1:  # type: ignore[attr-defined]
        db.rollback()
        raise Conflict("This review is already hidden.", "err.review_already_hidden")
    audit.record(
        db,
        admin,
        "review.hide",
        "review",
        review_id,
        {"hidden": False, "reason": None},
        {"hidden": True, "reason": reason},
    )
    db.commit()
    db.refresh(review)
    return _one(db, review_id)


def unhide_review(db: Session, actor: User | None, review_id: int) -> ReviewAdminPublic:
    """An admin shows a hidden review again. Audited, with the reason it had."""
    admin = require_role(actor, "admin")
    review = _review(db, review_id)
    reason = review.hidden_reason
    shown = db.execute(
        update(Review)
        .where(col(Review.id) == review_id, col(Review.hidden_at).is_not(None))
        .values(hidden_at=None, hidden_reason=None, hidden_by_user_id=None)
    )
    if shown.rowcount != 1:  # type: ignore[attr-defined]
        db.rollback()
        raise Conflict("This review is not hidden.", "err.review_not_hidden")
    audit.record(
        db,
        admin,
        "review.unhide",
        "review",
        review_id,
        {"hidden": True, "reason": reason},
        {"hidden": False, "reason": None},
    )
    db.commit()
    db.refresh(review)
    return _one(db, review_id)
