"""Matching mentees with mentors: "Recommended for you", the directory's "Best match" order and
the admins' assignment suggestions, all from one deterministic, explainable score.

A mentor's score for a mentee is the sum of fixed points (README "Matching"):

- shared expertise: W_EXPERTISE for each of the mentor's expertise tags that the mentee's goals,
  interests or background name as whole words, case- and accent-folded like the directory's
  search ("phan tich du lieu" names the tag "phân tích dữ liệu"), at most MAX_SHARED_TAGS tags;
- same track: W_TRACK when the mentor's track is the mentee's;
- free this week: W_FREE_WEEK when the mentor has an open slot that can still be booked
  (minimum notice) and starts within FREE_WITHIN;
- rating: once the mentor's rating is shown (reviews.RATING_MIN_COUNT visible reviews),
  W_RATING per star of the average, rounded down in whole numbers (W_RATING * sum // count, the
  same in SQL and in Python).

Ties go to the lower mentor id, so the same data always gives the same order. The score is one
SQL expression over the mentor rows (a correlated count on the (mentor_id, tag) primary key, the
stored next open slot, the visible reviews on their partial index), so ranking 10,000 mentors is
one query, bounded by a LIMIT; the few mentors it returns are then read as directory cards.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from babel.numbers import format_decimal
from sqlalchemy import case, func, literal
from sqlmodel import Session, col, select

from tra_da.db import dialect_function
from tra_da.i18n import babel_locale, text
from tra_da.models import MenteeProfile, MentorExpertise, MentorProfile, Review, User
from tra_da.models.base import utcnow
from tra_da.models.limits import RECOMMENDATIONS_MAX
from tra_da.models.matching import MatchReasonPublic, RecommendationPublic
from tra_da.models.mentor import MentorCardPublic
from tra_da.services import directory
from tra_da.services.access import require_role
from tra_da.services.errors import NotFound
from tra_da.services.reviews import RATING_MIN_COUNT
from tra_da.validation import check_id

W_EXPERTISE = 30  # per shared expertise tag
MAX_SHARED_TAGS = 3  # shared tags beyond these add nothing
W_TRACK = 40
W_FREE_WEEK = 20
W_RATING = 4  # per star of the shown average: 4.7 stars -> 18
FREE_WITHIN = timedelta(days=7)
# The distinct expertise tags read to find the ones a mentee's words name (a programme has a few
# hundred; the bound keeps one request's work fixed).
TAGS_SCANNED = 10_000
# The signals in the order that breaks a tie between them when choosing the reason.
SIGNALS = ("expertise", "track", "free_week", "rating")
REASON_KEYS = {
    "expertise": "match.reason.expertise",
    "track": "match.reason.track",
    "free_week": "match.reason.free_week",
    "rating": "match.reason.rating",
}

_NOT_WORD = re.compile(r"[\W_]+")


def words(value: str) -> str:
    """``value`` folded (case, accents, đ) with punctuation as spaces, one space between words."""
    return " ".join(_NOT_WORD.sub(" ", directory.fold(value)).split())


@lru_cache(maxsize=TAGS_SCANNED)
def _tag_words(tag: str) -> str:
    return words(tag)


@dataclass(frozen=True)
class MenteeSignals:
    """What the score reads of one mentee."""

    track: str
    tags: tuple[str, ...]  # the programme's expertise tags that the mentee's words name
    mentor_id: int | None  # their assigned mentor, never recommended to them again
    described: bool  # a track or some goals, interests or background to match on


def named_tags(text_words: str, tags: Sequence[str]) -> tuple[str, ...]:
    """The tags (as stored) whose folded words appear, whole and in order, in ``text_words``."""
    vocabulary = set(text_words.split())
    padded = f" {text_words} "
    found = []
    for tag in tags:
        tag_words = _tag_words(tag)
        if not tag_words:
            continue
        first = tag_words.split(" ", 1)[0]
        if first in vocabulary and (" " not in tag_words or f" {tag_words} " in padded):
            found.append(tag)
    return tuple(sorted(set(found)))


def signals_of(db: Session, mentee: MenteeProfile | None) -> MenteeSignals:
    if mentee is None:
        return MenteeSignals("", (), None, False)
    text_words = words(" ".join((mentee.goals, mentee.interests, mentee.background)))
    tags: tuple[str, ...] = ()
    if text_words:
        known = db.exec(
            select(MentorExpertise.tag)
            .distinct()
            .order_by(col(MentorExpertise.tag))
            .limit(TAGS_SCANNED)
        ).all()
        tags = named_tags(text_words, known)
    track = mentee.track.strip()
    return MenteeSignals(track, tags, mentee.mentor_id, bool(text_words or track))


# The smaller of two values: LEAST on PostgreSQL, the two-argument MIN on SQLite.
_least = dialect_function("least", "min")


def _score(db: Session, signals: MenteeSignals, now: datetime) -> tuple[Any, Any]:
    """The mentor rows to rank (``mentor_profile``, joined as needed) and the score as one SQL
    expression over them, each part evaluated once (a CASE to cap the tags would count twice).

    The shared tags and the rating come per mentor: on SQLite as correlated probes of the
    (mentor_id, tag) key and the visible reviews' partial index, which it runs fastest; on
    PostgreSQL as two grouped subqueries hash-joined to the mentors (a subplan per row there
    cost three times as much at 10,000 mentors). Same numbers either way."""
    source: Any = MentorProfile.__table__  # type: ignore[attr-defined]
    grouped = db.get_bind().dialect.name == "postgresql"
    score: Any = literal(0)
    if signals.tags:
        if grouped:
            hits = (
                select(MentorExpertise.mentor_id, func.count().label("n"))
                .where(col(MentorExpertise.tag).in_(signals.tags))
                .group_by(col(MentorExpertise.mentor_id))
                .subquery()
            )
            source = source.outerjoin(hits, hits.c.mentor_id == MentorProfile.id)
            count: Any = func.coalesce(hits.c.n, 0)
        else:
            count = (
                select(func.count())
                .where(
                    col(MentorExpertise.mentor_id) == MentorProfile.id,
                    # As an expression the tag reads the mentor's few keys in one range
                    # instead of seeking each named tag (a third less time on SQLite).
                    col(MentorExpertise.tag).concat("").in_(signals.tags),
                )
                .correlate(MentorProfile)
                .scalar_subquery()
            )
        score = score + _least(count, literal(MAX_SHARED_TAGS)) * W_EXPERTISE
    if signals.track:
        score = score + case((col(MentorProfile.track) == signals.track, W_TRACK), else_=0)
    earliest = directory._earliest(now)
    free = directory._open_between(earliest, max(earliest, now + FREE_WITHIN))
    score = score + case((free, W_FREE_WEEK), else_=0)
    # Integer arithmetic on both databases (no rounding rule to differ).
    points = case(
        (
            func.count() >= RATING_MIN_COUNT,
            (W_RATING * func.sum(Review.rating)) / func.count(),
        ),
        else_=0,
    )
    visible = col(Review.hidden_at).is_(None)
    if grouped:
        rated = (
            select(Review.mentor_id, points.label("points"))
            .where(visible)
            .group_by(col(Review.mentor_id))
            .subquery()
        )
        source = source.outerjoin(rated, rated.c.mentor_id == MentorProfile.id)
        return source, score + func.coalesce(rated.c.points, 0)
    probe = (
        select(points)
        .where(col(Review.mentor_id) == MentorProfile.id, visible)
        .correlate(MentorProfile)
        .scalar_subquery()
    )
    return source, score + probe


def _stars(average: float | None, lang: str) -> str:
    """An average as the reader writes decimals: "4.7", "4,7"."""
    if average is None:
        return ""
    return format_decimal(average, format="0.0", locale=babel_locale(lang))


def _reason(points: dict[str, int], params: dict[str, dict[str, str]], lang: str) -> Any:
    strongest = max(SIGNALS, key=lambda s: (points[s], -SIGNALS.index(s)))
    key = REASON_KEYS[strongest]
    return MatchReasonPublic(
        code=key, text=text(key, lang, **params[strongest]), params=params[strongest]
    )


def rank(
    db: Session,
    signals: MenteeSignals,
    lang: str,
    limit: int,
    now: datetime | None = None,
) -> list[RecommendationPublic]:
    """The ``limit`` best-scoring active mentors with a free seat (score above 0), best first,
    excluding the mentee's own mentor; each with its reason in ``lang``."""
    if not signals.described:
        return []
    now = now or utcnow()
    limit = max(1, min(limit, RECOMMENDATIONS_MAX))
    where: list[Any] = [col(MentorProfile.assigned_count) < col(MentorProfile.max_mentees)]
    if signals.mentor_id is not None:
        where.append(col(MentorProfile.id) != signals.mentor_id)
    source, points = _score(db, signals, now)
    score = points.label("score")
    ranked = (
        select(MentorProfile.id, score)
        .select_from(source)
        .where(*where)
        .order_by(score.desc(), col(MentorProfile.id))
    )
    # Deactivated mentors are few: rank without the join to their accounts (a third of the
    # query's time at 10,000 mentors), then drop them, reading further only when needed. The
    # order puts every score of 0 last: the first one ends the list.
    picked: list[tuple[int, int]] = []
    offset, window = 0, limit * 2
    while len(picked) < limit:
        rows = [
            (int(i), int(points)) for i, points in db.execute(ranked.offset(offset).limit(window))
        ]
        active = set(
            db.exec(
                select(MentorProfile.id)
                .join(User, col(User.id) == MentorProfile.user_id)
                .where(col(MentorProfile.id).in_([i for i, _ in rows]))
                .where(col(User.is_active).is_(True))
            ).all()
        )
        scored = [(i, points) for i, points in rows if points > 0]
        picked += [(i, points) for i, points in scored if i in active][: limit - len(picked)]
        if len(scored) < window:
            break
        offset, window = offset + window, window * 2
    ids = [i for i, _ in picked]
    if not ids:
        return []
    shared_tags: dict[int, list[str]] = {i: [] for i in ids}
    if signals.tags:
        for mentor_id, tag in db.execute(
            select(MentorExpertise.mentor_id, MentorExpertise.tag)
            .where(
                col(MentorExpertise.mentor_id).in_(ids),
                col(MentorExpertise.tag).in_(signals.tags),
            )
            .order_by(col(MentorExpertise.tag))
        ):
            shared_tags[mentor_id].append(tag)
    rating_points = {
        mentor_id: (W_RATING * int(total)) // int(count) if count >= RATING_MIN_COUNT else 0
        for mentor_id, count, total in db.execute(
            select(Review.mentor_id, func.count(), func.sum(Review.rating))
            .where(col(Review.mentor_id).in_(ids), col(Review.hidden_at).is_(None))
            .group_by(col(Review.mentor_id))
        )
    }
    earliest = directory._earliest(now)
    cards = {c.id: c for c in directory._cards(db, ids, earliest)}
    out = []
    for mentor_id, total in picked:
        # The parts again, for the reason: the same rules as _score, on the page's few cards.
        card = cards[mentor_id]
        shared = shared_tags[mentor_id][:MAX_SHARED_TAGS]
        free = card.next_open_slot is not None and card.next_open_slot < now + FREE_WITHIN
        points = {
            "expertise": len(shared) * W_EXPERTISE,
            "track": W_TRACK if signals.track and card.track == signals.track else 0,
            "free_week": W_FREE_WEEK if free else 0,
            "rating": rating_points.get(mentor_id, 0),
        }
        params = {
            "expertise": {"tags": ", ".join(shared)},
            "track": {"track": card.track},
            "free_week": {},
            "rating": {"rating": _stars(card.rating.average, lang)},
        }
        out.append(
            RecommendationPublic(mentor=card, score=total, reason=_reason(points, params, lang))
        )
    return out


def _own_profile(db: Session, user: User) -> MenteeProfile | None:
    return db.exec(select(MenteeProfile).where(MenteeProfile.user_id == user.id)).first()


def recommendations(
    db: Session, actor: User | None, limit: int = 5, now: datetime | None = None
) -> list[RecommendationPublic]:
    """ "Recommended for you": the signed-in mentee's best-matching mentors with a free seat."""
    user = require_role(actor, "mentee")
    signals = signals_of(db, _own_profile(db, user))
    return rank(db, signals, user.locale, limit, now)


def suggestions(
    db: Session, actor: User | None, mentee_id: int, limit: int = 5, now: datetime | None = None
) -> list[RecommendationPublic]:
    """For an admin assigning ``mentee_id``: the best-matching mentors who still have a seat."""
    admin = require_role(actor, "admin")
    check_id(mentee_id, "mentee")
    mentee = db.get(MenteeProfile, mentee_id)
    if mentee is None:
        raise NotFound("This mentee does not exist; reload the list.")
    return rank(db, signals_of(db, mentee), admin.locale, limit, now)


def search(
    db: Session,
    actor: User | None,
    *,
    sort: str = "name",
    now: datetime | None = None,
    **filters: Any,
) -> tuple[list[MentorCardPublic], int]:
    """The directory with its filters, by name, or for a mentee with ``sort="match"`` by score
    (best first, then mentor id). Anyone else asking for "match" gets the name order: the score
    is a mentee's."""
    if sort != "match" or actor is None or actor.role != "mentee" or not actor.is_active:
        return directory.search(db, actor, now=now, **filters)
    now = now or utcnow()
    source, score = _score(db, signals_of(db, _own_profile(db, actor)), now)
    ranking = (
        select(col(MentorProfile.id).label("id"), score.label("score"))
        .select_from(source)
        .subquery()
    )
    return directory.search(db, actor, now=now, ranking=ranking, **filters)
