"""Matching on a real database (SQLite and PostgreSQL): each signal, capacity, the tie-break,
the reason, the directory's Best match order and the admins' suggestions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from tests import factories
from tra_da.models import Booking, Review, Slot
from tra_da.models.mentee import MenteeUpdate
from tra_da.models.mentor import MentorUpdate
from tra_da.services import matching, mentees, mentors
from tra_da.services.errors import Forbidden, NotFound

DAY = timedelta(days=1)


@pytest.fixture
def admin(db: Session):
    return factories.admin(db)


def _mentor(db: Session, admin, n: int, **kw):
    kw.setdefault("expertise", ())
    kw.setdefault("track", "")
    kw.setdefault("bio", "")
    return factories.mentor(db, admin, f"m{n}@example.com", name=f"Mentor {n}", **kw)


def _mentee(db: Session, admin, *, goals="", interests="", background="", track=""):
    user = factories.mentee(db)
    mentees.update_own_profile(
        db, user, MenteeUpdate(goals=goals, interests=interests, background=background)
    )
    if track:
        mentees.update_mentee(db, admin, factories.mentee_id(db, user), track, goals)
    return user


def _ids(found) -> list[int]:
    return [r.mentor.id for r in found]


def test_shared_expertise_is_folded_and_counted_per_tag(db: Session, admin) -> None:
    one = _mentor(db, admin, 1, expertise=["sql"])
    two = _mentor(db, admin, 2, expertise=["sql", "phân tích dữ liệu"])
    _mentor(db, admin, 3, expertise=["design"])
    user = _mentee(db, admin, goals="Learn SQL; then PHAN TICH DU LIEU for my job")
    found = matching.recommendations(db, user)
    assert _ids(found) == [two.id, one.id]  # the design mentor shares nothing: not recommended
    assert [r.score for r in found] == [2 * matching.W_EXPERTISE, matching.W_EXPERTISE]
    assert found[0].reason.code == "match.reason.expertise"
    assert found[0].reason.params == {"tags": "phân tích dữ liệu, sql"}
    assert found[0].reason.text == "Cùng chuyên môn: phân tích dữ liệu, sql"  # vi: the default


def test_a_tag_must_be_named_as_whole_words(db: Session, admin) -> None:
    _mentor(db, admin, 1, expertise=["go", "machine learning"])
    user = _mentee(db, admin, interests="good learning machines", track="")
    assert matching.recommendations(db, user) == []


def test_same_track_and_free_this_week(db: Session, admin) -> None:
    now = datetime.now(UTC)
    track = _mentor(db, admin, 1, track="Data")
    free = _mentor(db, admin, 2, track="Design")
    later = _mentor(db, admin, 3, track="Design")
    factories.slot(db, free.id, now + 3 * DAY)
    factories.slot(db, later.id, now + 9 * DAY)  # beyond the week
    factories.slot(db, later.id, now + timedelta(minutes=30))  # inside the booking notice
    user = _mentee(db, admin, goals="grow", track="Data")
    found = matching.recommendations(db, user)
    assert _ids(found) == [track.id, free.id]
    assert [r.score for r in found] == [matching.W_TRACK, matching.W_FREE_WEEK]
    assert found[0].reason.code == "match.reason.track"
    assert found[0].reason.params == {"track": "Data"}
    assert found[1].reason.code == "match.reason.free_week"


def test_the_reason_is_the_strongest_signal(db: Session, admin) -> None:
    now = datetime.now(UTC)
    both = _mentor(db, admin, 1, track="Data", expertise=["sql"])
    factories.slot(db, both.id, now + 2 * DAY)
    user = _mentee(db, admin, goals="sql", track="Data")
    (found,) = matching.recommendations(db, user)
    assert found.score == matching.W_EXPERTISE + matching.W_TRACK + matching.W_FREE_WEEK
    assert found.reason.code == "match.reason.track"  # 40 > 30 > 20
    many = _mentor(db, admin, 2, expertise=["sql", "python", "go", "ml"])
    user.locale = "en"
    mentees.update_own_profile(db, user, MenteeUpdate(goals="sql python go ml"))
    first, second = matching.recommendations(db, user)
    # At most 3 tags count (90), as many as the first mentor's 30 + 40 + 20: the lower id first.
    assert (first.mentor.id, second.mentor.id) == (both.id, many.id)
    assert second.score == matching.MAX_SHARED_TAGS * matching.W_EXPERTISE == first.score
    assert second.reason.text == "Shared expertise: go, ml, python"


def test_ties_go_to_the_lower_id_and_the_order_is_stable(db: Session, admin) -> None:
    made = [_mentor(db, admin, n, track="Data") for n in range(4)]
    user = _mentee(db, admin, track="Data")
    first = _ids(matching.recommendations(db, user, limit=10))
    assert first == sorted(m.id for m in made)
    assert _ids(matching.recommendations(db, user, limit=10)) == first
    assert len(matching.recommendations(db, user, limit=3)) == 3


def test_full_inactive_and_own_mentors_are_not_recommended(db: Session, admin) -> None:
    full = _mentor(db, admin, 1, track="Data", max_mentees=1)
    gone = _mentor(db, admin, 2, track="Data")
    own = _mentor(db, admin, 3, track="Data")
    kept = _mentor(db, admin, 4, track="Data")
    other = factories.mentee(db, "other@example.com")
    mentees.assign_mentor(db, admin, factories.mentee_id(db, other), full.id)
    mentors.set_mentor_active(db, admin, gone.id, False)
    user = _mentee(db, admin, track="Data")
    mentees.assign_mentor(db, admin, factories.mentee_id(db, user), own.id)
    assert _ids(matching.recommendations(db, user)) == [kept.id]


def test_an_empty_profile_gets_no_recommendations(db: Session, admin) -> None:
    now = datetime.now(UTC)
    free = _mentor(db, admin, 1)
    factories.slot(db, free.id, now + DAY)
    user = _mentee(db, admin)
    assert matching.recommendations(db, user) == []
    mentees.update_own_profile(db, user, MenteeUpdate(interests="anything at all"))
    assert _ids(matching.recommendations(db, user)) == [free.id]  # free this week alone


def test_only_mentees_get_recommendations(db: Session, admin) -> None:
    with pytest.raises(Forbidden):
        matching.recommendations(db, admin)


def test_best_match_orders_the_directory_for_a_mentee_only(db: Session, admin) -> None:
    a = _mentor(db, admin, 1, expertise=["design"])  # "Mentor 1" first by name
    b = _mentor(db, admin, 2, expertise=["sql"], max_mentees=0)  # full: still listed
    c = _mentor(db, admin, 3, track="Data")
    user = _mentee(db, admin, goals="sql", track="Data")
    by_name, total = matching.search(db, user, sort="name")
    assert [m.id for m in by_name] == [a.id, b.id, c.id] and total == 3
    by_match, total = matching.search(db, user, sort="match")
    assert [m.id for m in by_match] == [c.id, b.id, a.id] and total == 3
    page, _ = matching.search(db, user, sort="match", limit=1, offset=1)
    assert [m.id for m in page] == [b.id]
    filtered, total = matching.search(db, user, sort="match", query="mentor", track="Data")
    assert [m.id for m in filtered] == [c.id] and total == 1
    for other in (admin, factories.account(db, a.user_id)):
        cards, _ = matching.search(db, other, sort="match")
        assert [m.id for m in cards] == [a.id, b.id, c.id]  # the name order


def test_admins_see_suggestions_with_a_free_seat(db: Session, admin) -> None:
    made = [_mentor(db, admin, n, track="Data") for n in range(7)]
    mentors.update_mentor(db, admin, made[0].id, MentorUpdate(max_mentees=0))
    user = _mentee(db, admin, track="Data")
    found = matching.suggestions(db, admin, factories.mentee_id(db, user))
    assert _ids(found) == [m.id for m in made[1:6]]
    assert all(r.reason.code == "match.reason.track" for r in found)
    with pytest.raises(NotFound):
        matching.suggestions(db, admin, 999_999)
    with pytest.raises(Forbidden):
        matching.suggestions(db, user, factories.mentee_id(db, user))


def _reviews(db: Session, mentor_id: int, ratings: list[int]) -> None:
    """Visible reviews of past sessions, each by a mentee of its own booking."""
    start = datetime.now(UTC) - 3 * DAY
    for n, rating in enumerate(ratings):
        mentee = factories.mentee(db, f"reviewer{mentor_id}-{n}@example.com")
        slot = Slot(
            mentor_id=mentor_id, start_at=start - n * DAY, end_at=start - n * DAY + DAY / 24
        )
        slot.status = "booked"
        db.add(slot)
        db.flush()
        booking = Booking(
            slot_id=slot.id,
            mentor_id=mentor_id,
            mentee_id=factories.mentee_id(db, mentee),
            start_at=slot.start_at,
            end_at=slot.end_at,
            status="completed",
        )
        db.add(booking)
        db.flush()
        db.add(
            Review(
                booking_id=booking.id,
                mentor_id=mentor_id,
                mentee_id=booking.mentee_id,
                rating=rating,
            )
        )
    db.commit()


def test_a_shown_rating_adds_points_per_star(db: Session, admin) -> None:
    rated = _mentor(db, admin, 1)
    two_reviews = _mentor(db, admin, 2)
    _reviews(db, rated.id, [5, 5, 4])  # 4.7 shown: 4 * 14 // 3 = 18
    _reviews(db, two_reviews.id, [5, 5])  # no average shown yet: no points
    user = _mentee(db, admin, goals="anything")
    (found,) = matching.recommendations(db, user)
    assert found.mentor.id == rated.id
    assert found.score == matching.W_RATING * 14 // 3 == 18
    assert found.reason.code == "match.reason.rating"
    assert found.reason.text == "Được đánh giá 4,7"
    user.locale = "en"
    assert matching.recommendations(db, user)[0].reason.text == "Rated 4.7"
    # Free this week (20) outweighs 18 points of rating: the reason names the stronger signal.
    factories.slot(db, rated.id, datetime.now(UTC) + 2 * DAY)
    (found,) = matching.recommendations(db, user)
    assert found.score == 38 and found.reason.code == "match.reason.free_week"
    by_match, _ = matching.search(db, user, sort="match")
    assert [m.id for m in by_match][:1] == [rated.id]
