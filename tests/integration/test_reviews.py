"""Ratings and reviews: the mentors' ratings (one grouped query, the 3-review threshold, hidden
reviews left out) and the backfill of ratings given before reviews existed. Both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import Session, col, select

from tests import factories
from tra_da.cli import downgrade, migrate
from tra_da.db import engine_for
from tra_da.models import (
    AuditEntry,
    Booking,
    MenteeProfile,
    MentorProfile,
    Review,
    SessionLog,
    Slot,
    User,
)
from tra_da.models.session_log import SessionLogCreate
from tra_da.services import directory, mentees, mentors, reviews, session_logs
from tra_da.services.errors import Conflict, Forbidden, Invalid, NotFound

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


# --- writing a review -----------------------------------------------------------------------


def test_only_the_bookings_mentee_reviews_it_once_after_it_ended_within_30_days(
    db: Session,
) -> None:
    admin, mentor_id, (mine, theirs) = _people(db, 2)
    mentee = db.exec(
        select(User)
        .join(MenteeProfile, MenteeProfile.user_id == User.id)
        .where(MenteeProfile.id == mine)
    ).one()
    other = db.exec(
        select(User)
        .join(MenteeProfile, MenteeProfile.user_id == User.id)
        .where(MenteeProfile.id == theirs)
    ).one()
    booking = _booking(db, mentor_id, mine, NOW - timedelta(days=2))
    assert booking.id is not None
    mentor_user = db.exec(
        select(User)
        .join(MentorProfile, MentorProfile.user_id == User.id)
        .where(MentorProfile.id == mentor_id)
    ).one()
    with pytest.raises(NotFound, match="not one of yours"):
        reviews.save_review(db, other, booking.id, 5, now=NOW)
    for someone in (mentor_user, admin):
        with pytest.raises(Forbidden):
            reviews.save_review(db, someone, booking.id, 5, now=NOW)
    for bad in (0, 6, True):
        with pytest.raises(Invalid, match="1 to 5"):
            reviews.save_review(db, mentee, booking.id, bad, now=NOW)  # type: ignore[arg-type]
    with pytest.raises(Invalid, match="1000 characters"):
        reviews.save_review(db, mentee, booking.id, 5, "x" * 1001, now=NOW)
    with pytest.raises(Conflict, match="once it has ended"):
        reviews.save_review(db, mentee, booking.id, 5, now=booking.start_at + timedelta(minutes=5))
    with pytest.raises(Conflict, match="30 days"):
        reviews.save_review(
            db, mentee, booking.id, 5, now=booking.end_at + timedelta(days=30, seconds=1)
        )
    review, created = reviews.save_review(db, mentee, booking.id, 4, "  Rất rõ ràng  ", now=NOW)
    assert created and (review.rating, review.text, review.editable) == (4, "Rất rõ ràng", True)
    # Editing inside the window: the same review, changed.
    edited, created = reviews.save_review(db, mentee, booking.id, 5, "Tuyệt vời", now=NOW)
    assert not created and (edited.id, edited.rating, edited.text) == (review.id, 5, "Tuyệt vời")
    assert len(db.exec(select(Review)).all()) == 1
    assert reviews.my_reviews(db, mentee, [booking.id], now=NOW)[booking.id] == edited
    closed = NOW + timedelta(days=40)
    assert reviews.my_reviews(db, mentee, [booking.id], now=closed)[booking.id].editable is False
    with pytest.raises(Conflict, match="30 days"):
        reviews.save_review(db, mentee, booking.id, 1, now=closed)


def test_a_called_off_session_cannot_be_reviewed(db: Session) -> None:
    _, mentor_id, (mine,) = _people(db, 1)
    mentee = db.exec(
        select(User)
        .join(MenteeProfile, MenteeProfile.user_id == User.id)
        .where(MenteeProfile.id == mine)
    ).one()
    cancelled = _booking(db, mentor_id, mine, NOW - timedelta(days=2), status="cancelled")
    assert cancelled.id is not None
    with pytest.raises(Conflict, match="did not take place"):
        reviews.save_review(db, mentee, cancelled.id, 5, now=NOW)
    assert reviews.my_reviews(db, mentee, [cancelled.id], now=NOW) == {}


def test_the_review_is_the_sessions_rating_on_its_log_both_ways(db: Session) -> None:
    admin, mentor_id, (mine, later) = _people(db, 2)
    mentee = db.exec(
        select(User)
        .join(MenteeProfile, MenteeProfile.user_id == User.id)
        .where(MenteeProfile.id == mine)
    ).one()
    mentor_user = db.exec(
        select(User)
        .join(MentorProfile, MentorProfile.user_id == User.id)
        .where(MentorProfile.id == mentor_id)
    ).one()
    mentees.assign_mentor(db, admin, mine, mentor_id)
    mentees.assign_mentor(db, admin, later, mentor_id)
    booking = _booking(db, mentor_id, mine, NOW - timedelta(days=2))
    assert booking.id is not None
    log = session_logs.create_log(
        db,
        mentor_user,
        SessionLogCreate(
            mentee_id=mine,
            booking_id=booking.id,
            session_date=booking.start_at.date(),
            topic="SQL",
            mentor_score=4,
        ),
        now=NOW,
    )
    assert log.id is not None
    # Rated from the dashboard prompt, with a review: the review is written.
    rated = session_logs.rate_session(
        db, mentee, log.id, 3, "cho mentor", now=NOW, review="Bài tập hay"
    )
    assert rated.mentee_score == 3
    review = db.exec(select(Review).where(Review.booking_id == booking.id)).one()
    assert (review.rating, review.text, review.mentee_id) == (3, "Bài tập hay", mine)
    # Changed as a review: the log follows (the mentor's score trends read it).
    reviews.save_review(db, mentee, booking.id, 5, "Bài tập hay", now=NOW)
    assert session_logs.get_log(db, mentor_user, log.id, NOW).mentee_score == 5
    # Reviewed before the mentor logs it: the new log starts with that rating.
    other = db.exec(
        select(User)
        .join(MenteeProfile, MenteeProfile.user_id == User.id)
        .where(MenteeProfile.id == later)
    ).one()
    second = _booking(db, mentor_id, later, NOW - timedelta(days=3))
    assert second.id is not None
    reviews.save_review(db, other, second.id, 2, now=NOW)
    logged = session_logs.create_log(
        db,
        mentor_user,
        SessionLogCreate(
            mentee_id=later,
            booking_id=second.id,
            session_date=second.start_at.date(),
            topic="SQL",
            mentor_score=3,
        ),
        now=NOW,
    )
    assert logged.mentee_score == 2


# --- reading and moderation -----------------------------------------------------------------


def test_reviews_read_newest_first_without_email_and_hiding_is_audited(db: Session) -> None:
    admin, mentor_id, ids = _people(db, 4)
    users = {
        i: db.exec(
            select(User)
            .join(MenteeProfile, MenteeProfile.user_id == User.id)
            .where(MenteeProfile.id == i)
        ).one()
        for i in ids
    }
    users[ids[0]].name, users[ids[0]].locale = "Võ Minh An", "vi"
    users[ids[1]].name, users[ids[1]].locale = "Sarah Johnson", "en"
    db.add_all(users.values())
    db.commit()
    written = []
    for n, mentee_id in enumerate(ids):
        booking = _booking(db, mentor_id, mentee_id, NOW - timedelta(days=10 - n))
        assert booking.id is not None
        written.append(
            reviews.save_review(
                db,
                users[mentee_id],
                booking.id,
                5 - n % 2,
                f"review {n}",
                now=booking.end_at + timedelta(hours=1),
            )[0]
        )
    page = reviews.mentor_reviews(db, None, mentor_id, limit=2)
    assert page.total == 4
    assert [r.text for r in page.items] == ["review 3", "review 2"]
    assert "email" not in str(page.model_dump()) and "mentee_id" not in page.items[0].model_dump()
    older = reviews.mentor_reviews(db, None, mentor_id, limit=2, offset=2)
    assert [(r.text, r.reviewer_name) for r in older.items] == [
        ("review 1", "Sarah"),
        ("review 0", "An"),
    ]
    assert reviews.mentor_ratings(db, [mentor_id])[mentor_id].average == 4.5

    target = written[1].id
    mentee_user = users[ids[0]]
    with pytest.raises(Forbidden):
        reviews.hide_review(db, mentee_user, target, "spam")
    with pytest.raises(Invalid, match="Say why"):
        reviews.hide_review(db, admin, target, "   ")
    hidden = reviews.hide_review(db, admin, target, "Nêu tên người khác", now=NOW)
    assert (hidden.hidden_reason, hidden.hidden_at) == ("Nêu tên người khác", NOW)
    with pytest.raises(Conflict, match="already hidden"):
        reviews.hide_review(db, admin, target, "again")
    assert reviews.mentor_reviews(db, None, mentor_id).total == 3
    assert target not in [r.id for r in reviews.mentor_reviews(db, None, mentor_id).items]
    rating = reviews.mentor_ratings(db, [mentor_id])[mentor_id]
    assert (rating.average, rating.count) == (4.7, 3)  # 5, 5, 4: the hidden 4 left
    assert [r.id for r in reviews.list_reviews(db, admin, "hidden").items] == [target]
    assert reviews.list_reviews(db, admin, "visible").total == 3
    assert reviews.list_reviews(db, admin).items[0].mentee_name == users[ids[3]].name
    # Its writer sees that it was hidden, and can no longer change it.
    booking_id = written[1].booking_id
    mine = reviews.my_reviews(db, users[ids[1]], [booking_id], now=NOW - timedelta(days=8))
    assert (mine[booking_id].hidden, mine[booking_id].editable) == (True, False)
    with pytest.raises(Conflict, match="hid this review"):
        reviews.save_review(db, users[ids[1]], booking_id, 5, now=NOW - timedelta(days=8))

    shown = reviews.unhide_review(db, admin, target)
    assert shown.hidden_at is None and shown.hidden_reason is None
    with pytest.raises(Conflict, match="not hidden"):
        reviews.unhide_review(db, admin, target)
    entries = db.exec(
        select(AuditEntry).where(AuditEntry.entity == "review").order_by(col(AuditEntry.id))
    ).all()
    assert [(e.action, e.entity_id, e.actor_user_id) for e in entries] == [
        ("review.hide", str(target), admin.id),
        ("review.unhide", str(target), admin.id),
    ]
    assert entries[0].after == {"hidden": True, "reason": "Nêu tên người khác"}
    assert entries[1].before == {"hidden": True, "reason": "Nêu tên người khác"}


def test_a_deactivated_or_unknown_mentor_has_no_reviews_to_read(db: Session) -> None:
    admin, mentor_id, _ = _people(db, 0)
    with pytest.raises(NotFound):
        reviews.mentor_reviews(db, None, 999_999)
    mentors.set_mentor_active(db, admin, mentor_id, False, "leaving")
    with pytest.raises(NotFound):
        reviews.mentor_reviews(db, None, mentor_id)


def test_the_demo_programme_shows_ratings_on_several_mentors(db: Session) -> None:
    from tra_da.services import demo_data

    demo_data.seed(db, now=NOW)
    mentee = db.exec(select(User).where(User.email == "an.vo@demo.trada.vn")).one()
    cards, _ = directory.search(db, mentee, now=NOW)
    shown = {c.name: (c.rating.average, c.rating.count) for c in cards}
    assert sum(average is not None for average, _ in shown.values()) >= 3
    assert shown["Phạm Thu Hoà"] == (None, 2)  # below the threshold: the count only
    page = reviews.mentor_reviews(db, None, next(c.id for c in cards if c.name == "David Lê"))
    assert {r.reviewer_name for r in page.items} == {"Emma"}
    assert any(r.text.startswith("David made WCAG") for r in page.items)
