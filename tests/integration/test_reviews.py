"""Ratings and reviews: the mentors' ratings (one grouped query, the 3-review threshold, hidden
reviews left out) and the backfill of ratings given before reviews existed. Both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import event
from sqlmodel import Session, select

from tests import factories
from tra_da.cli import downgrade, migrate
from tra_da.db import engine_for
from tra_da.models import Booking, Review, SessionLog, Slot, User
from tra_da.services import directory, mentors, reviews

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def _booking(
    db: Session, mentor_id: int, mentee_id: int, start: datetime, status: str = "completed"
) -> Booking:
    slot = Slot(mentor_id=mentor_id, start_at=start, end_at=start + timedelta(hours=1))
    slot.status = "booked"
    db.add(slot)
    db.flush()
    assert slot.id is not None
    booking = Booking(
        slot_id=slot.id,
        mentor_id=mentor_id,
        mentee_id=mentee_id,
        start_at=slot.start_at,
        end_at=slot.end_at,
        status=status,
    )
    db.add(booking)
    db.commit()
    return booking


def _people(db: Session, mentees: int = 3) -> tuple[User, int, list[int]]:
    admin = factories.admin(db)
    mentor = factories.mentor(db, admin)
    ids = [
        factories.mentee_id(db, factories.mentee(db, f"m{i}@example.com", name=f"Mentee {i}"))
        for i in range(mentees)
    ]
    return admin, mentor.id, ids


def _review(db: Session, mentor_id: int, mentee_id: int, rating: int, days_ago: int) -> Review:
    booking = _booking(db, mentor_id, mentee_id, NOW - timedelta(days=days_ago))
    assert booking.id is not None
    review = Review(booking_id=booking.id, mentor_id=mentor_id, mentee_id=mentee_id, rating=rating)
    db.add(review)
    db.commit()
    return review


def test_a_rating_shows_its_average_from_three_visible_reviews(db: Session) -> None:
    admin, mentor_id, mentees = _people(db, 4)
    _review(db, mentor_id, mentees[0], 5, 3)
    _review(db, mentor_id, mentees[1], 4, 2)
    assert reviews.mentor_ratings(db, [mentor_id])[mentor_id].model_dump() == {
        "average": None,
        "count": 2,
    }
    _review(db, mentor_id, mentees[2], 4, 1)
    rating = reviews.mentor_ratings(db, [mentor_id])[mentor_id]
    assert (rating.average, rating.count) == (4.3, 3)  # 13 / 3 rounded to one decimal
    hidden = _review(db, mentor_id, mentees[3], 1, 4)
    assert reviews.mentor_ratings(db, [mentor_id])[mentor_id].count == 4
    hidden.hidden_at = NOW
    db.add(hidden)
    db.commit()
    assert reviews.mentor_ratings(db, [mentor_id])[mentor_id].average == 4.3  # left out
    # A mentor without reviews is still a key; no ids, no query.
    assert reviews.mentor_ratings(db, [mentor_id, 999_999])[999_999].model_dump() == {
        "average": None,
        "count": 0,
    }
    assert reviews.mentor_ratings(db, []) == {}


def test_directory_and_admin_mentor_objects_carry_the_rating_in_one_query_per_page(
    db: Session,
) -> None:
    admin, mentor_id, mentees = _people(db, 3)
    for i, mentee_id in enumerate(mentees):
        _review(db, mentor_id, mentee_id, 5 - i, i + 1)
    other = factories.mentor(db, admin, "minh@example.com", name="Trần Đức Minh")
    mentee = factories.mentee(db, "an@example.com", name="Võ Minh An")
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    engine = db.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        cards, total = directory.search(db, mentee, now=NOW)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert total == 2
    by_id = {card.id: card.rating for card in cards}
    assert (by_id[mentor_id].average, by_id[mentor_id].count) == (4.0, 3)
    assert (by_id[other.id].average, by_id[other.id].count) == (None, 0)
    assert sum("FROM review" in s for s in statements) == 1
    profile = directory.profile(db, mentee, mentor_id, now=NOW)
    assert profile.rating.average == 4.0
    listed, _ = mentors.list_mentors(db, admin)
    assert {m.id: m.rating.count for m in listed} == {mentor_id: 3, other.id: 0}
    assert mentors.get_mentor(db, admin, mentor_id).rating.average == 4.0


def test_upgrading_turns_every_rated_booked_log_into_a_review(migrated_url: str) -> None:
    engine = engine_for(migrated_url)
    with Session(engine) as db:
        admin, mentor_id, mentees = _people(db, 3)
        rated = _booking(db, mentor_id, mentees[0], NOW - timedelta(days=2))
        unrated = _booking(db, mentor_id, mentees[1], NOW - timedelta(days=3))
        assert rated.id is not None and unrated.id is not None
        logs = [
            SessionLog(
                mentor_id=mentor_id,
                mentee_id=mentees[0],
                booking_id=rated.id,
                session_date=date(2026, 11, 23),
                topic="SQL",
                mentor_score=4,
                mentee_score=5,
                mentee_comment="Rất hay",
            ),
            SessionLog(
                mentor_id=mentor_id,
                mentee_id=mentees[1],
                booking_id=unrated.id,
                session_date=date(2026, 11, 22),
                topic="SQL",
                mentor_score=3,
            ),
            # Rated but never booked: no booking to hang a review on.
            SessionLog(
                mentor_id=mentor_id,
                mentee_id=mentees[2],
                session_date=date(2026, 11, 21),
                topic="SQL",
                mentor_score=3,
                mentee_score=2,
            ),
        ]
        db.add_all(logs)
        db.commit()
        rated_id = rated.id
    downgrade(migrated_url, "0006")
    migrate(migrated_url)
    with Session(engine) as db:
        backfilled = db.exec(select(Review)).all()
        assert [(r.booking_id, r.mentor_id, r.mentee_id, r.rating, r.text) for r in backfilled] == [
            (rated_id, mentor_id, mentees[0], 5, "")
        ]
        assert backfilled[0].hidden_at is None
        assert reviews.mentor_ratings(db, [mentor_id])[mentor_id].count == 1
    engine.dispose()
