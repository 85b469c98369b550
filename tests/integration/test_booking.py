"""Booking is never wrong: the rules, the race, rescheduling, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session, col, func, select

from tests import factories
from tra_da import db as database
from tra_da.models import Booking, BookingStatusChange, OutboxMessage, Slot, User
from tra_da.models.booking import SessionFilter
from tra_da.models.mentor import MentorUpdate
from tra_da.models.user import UserUpdate
from tra_da.services import availability, booking, directory, mentors
from tra_da.services.errors import Conflict, Forbidden, Invalid, NotFound
from tra_da.settings import get_settings

DAY = timedelta(days=1)


@pytest.fixture
def world(db: Session):
    admin = factories.admin(db)
    row = factories.mentor(db, admin)
    mentor_id, mentor_user = row.id, factories.account(db, row.user_id)
    return admin, mentor_id, mentor_user, factories.mentee(db)


def test_booking_takes_the_slot_and_tells_both(db: Session, world) -> None:
    _, mentor_id, _, mentee = world
    slot_id = factories.slot(db, mentor_id, datetime.now(UTC) + 3 * DAY)
    made = booking.book_slot(db, mentee, slot_id)
    assert made.status == "confirmed" and made.meeting_link.startswith("https://meet.jit.si/")
    assert db.get(Slot, slot_id).status == "booked"
    assert db.exec(select(BookingStatusChange)).one().to_status == "confirmed"
    emails = db.exec(
        select(OutboxMessage).where(OutboxMessage.dedupe_key.like("email.booking_confirmed%"))
    ).all()
    assert len(emails) == 2
    with pytest.raises(Conflict, match="just booked"):
        booking.book_slot(db, factories.mentee(db, "other@example.com"), slot_id)


def test_a_slot_taken_since_this_session_read_it_is_refused_as_taken(db: Session, world) -> None:
    """This session read the slot as 'open' before another booking took it: the mentee is told
    it was just booked (not that the mentor stopped taking bookings), whatever the session's
    copy of the slot still says."""
    _, mentor_id, _, mentee = world
    slot_id = factories.slot(db, mentor_id, datetime.now(UTC) + 3 * DAY)
    db.commit()
    assert db.get(Slot, slot_id).status == "open"
    with database.session() as other:
        booking.book_slot(other, factories.mentee(other, "first@example.com"), slot_id)
    with pytest.raises(Conflict, match="just booked"):
        booking.book_slot(db, mentee, slot_id)


def test_slots_inside_the_notice_past_or_of_inactive_mentors_are_not_bookable(
    db: Session, world
) -> None:
    admin, mentor_id, _, mentee = world
    soon = factories.slot(db, mentor_id, datetime.now(UTC) + timedelta(hours=1))
    past = factories.slot(db, mentor_id, datetime.now(UTC) - DAY)
    with pytest.raises(Invalid, match="at least 2 hours ahead"):
        booking.book_slot(db, mentee, soon)
    with pytest.raises(Invalid, match="at least 2 hours ahead"):
        booking.book_slot(db, mentee, past)
    later = factories.slot(db, mentor_id, datetime.now(UTC) + 5 * DAY)
    mentors.set_mentor_active(db, admin, mentor_id, False)
    db.execute(Slot.__table__.update().values(status="open"))  # even if a slot were open
    db.commit()
    with pytest.raises(Conflict, match="not taking bookings"):
        booking.book_slot(db, mentee, later)
    assert availability.open_slots(db, mentor_id) == []
    with pytest.raises(NotFound):
        directory.profile(db, mentee, mentor_id)


def test_at_most_three_upcoming_bookings(db: Session, world) -> None:
    _, mentor_id, _, mentee = world
    start = datetime.now(UTC) + 3 * DAY
    slots = [factories.slot(db, mentor_id, start + timedelta(hours=2 * i)) for i in range(4)]
    for slot_id in slots[:3]:
        booking.book_slot(db, mentee, slot_id)
    with pytest.raises(Conflict, match="3 upcoming sessions"):
        booking.book_slot(db, mentee, slots[3])


def test_assigned_only_scope(db: Session, world, monkeypatch: pytest.MonkeyPatch) -> None:
    _, mentor_id, _, mentee = world
    monkeypatch.setenv("BOOKING_SCOPE", "assigned")
    get_settings.cache_clear()
    slot_id = factories.slot(db, mentor_id, datetime.now(UTC) + 3 * DAY)
    with pytest.raises(Forbidden, match="assigned mentor only"):
        booking.book_slot(db, mentee, slot_id)


def test_cancel_frees_the_slot_within_the_rules(db: Session, world) -> None:
    _, mentor_id, mentor_user, mentee = world
    far = factories.slot(db, mentor_id, datetime.now(UTC) + 3 * DAY)
    near = factories.slot(db, mentor_id, datetime.now(UTC) + timedelta(hours=5))
    first = booking.book_slot(db, mentee, far)
    second = booking.book_slot(db, mentee, near)
    with pytest.raises(Invalid, match="up to 24 hours before.*lan@example.com"):
        booking.cancel_booking(db, mentee, second.id, "ốm")
    stranger = factories.mentee(db, "stranger@example.com")
    with pytest.raises(NotFound):
        booking.cancel_booking(db, stranger, first.id)
    cancelled = booking.cancel_booking(db, mentee, first.id, "Bị ốm, xin lỗi")
    assert cancelled.status == "cancelled" and cancelled.cancel_reason == "Bị ốm, xin lỗi"
    assert db.get(Slot, far).status == "open"
    with pytest.raises(Conflict, match="already cancelled"):
        booking.cancel_booking(db, mentor_user, first.id)
    rebook = booking.book_slot(db, factories.mentee(db, "next@example.com"), far)
    assert rebook.slot_id == far


def test_reschedule_is_atomic(db: Session, world) -> None:
    _, mentor_id, _, mentee = world
    start = datetime.now(UTC) + 3 * DAY
    a, b, c = (factories.slot(db, mentor_id, start + timedelta(hours=2 * i)) for i in range(3))
    original = booking.book_slot(db, mentee, a)
    booking.book_slot(db, factories.mentee(db, "x@example.com"), c)
    with pytest.raises(Conflict, match="just booked"):
        booking.reschedule(db, mentee, original.id, c)
    db.rollback()
    assert db.get(Booking, original.id).status == "confirmed"  # nothing changed
    assert db.get(Slot, a).status == "booked"
    moved = booking.reschedule(db, mentee, original.id, b)
    assert moved.slot_id == b and db.get(Booking, moved.id).rescheduled_from_id == original.id
    assert db.get(Booking, original.id).status == "cancelled"
    assert db.get(Slot, a).status == "open" and db.get(Slot, b).status == "booked"
    assert [v.id for v in booking.list_bookings(db, mentee)] == [moved.id]


def test_two_hundred_attempts_on_twenty_slots_make_exactly_twenty_bookings(
    use_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 200 threads call the service straight at a pool of 20, with no admission gate in front
    # (in the app it keeps the pool from running dry, and a dry pool's quick 503 is the burst
    # tests' subject). What this proves is one booking per slot; on 2 busy cores a thread can
    # wait more than the default 3 s for a connection, so this engine waits up to 60 s.
    monkeypatch.setenv("DB_POOL_TIMEOUT_SECONDS", "60")
    get_settings.cache_clear()
    with database.session() as db:
        admin = factories.admin(db)
        mentor_id = factories.mentor(db, admin).id
        start = datetime.now(UTC) + 3 * DAY
        slots = [factories.slot(db, mentor_id, start + timedelta(hours=i)) for i in range(20)]
        mentees = [factories.mentee(db, f"m{i}@example.com").id for i in range(200)]
    # The first 20 start together; none holds a connection while it waits (the pool is 20).
    barrier = threading.Barrier(20, timeout=30)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(index: int) -> None:
        if index < 20:
            barrier.wait()
        try:
            with database.session() as db:
                actor = db.get(User, mentees[index])
                try:
                    booking.book_slot(db, actor, slots[index % 20])
                    result = "booked"
                except Conflict:
                    result = "refused"
        except Exception as exc:  # neither booked nor refused: named in the failure
            result = f"{type(exc).__name__}: {exc}"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    others = [o for o in outcomes if o not in ("booked", "refused")]
    assert len(outcomes) == 200 and not others, others[:3]
    assert outcomes.count("booked") == 20 and outcomes.count("refused") == 180
    with database.session() as db:
        live = db.exec(
            select(func.count()).select_from(Booking).where(Booking.status == "confirmed")
        ).one()
        assert live == 20
        per_slot = db.exec(select(Booking.slot_id, func.count()).group_by(Booking.slot_id)).all()
        assert all(n == 1 for _, n in per_slot)


def test_a_mentors_slots_never_overlap(db: Session, world) -> None:
    _, mentor_id, mentor_user, _ = world
    start = (datetime.now(UTC) + 3 * DAY).replace(minute=0, second=0, microsecond=0)
    availability.add_slot(db, mentor_user, None, start, start + timedelta(hours=1))
    with pytest.raises(Conflict, match="overlaps"):
        availability.add_slot(
            db, mentor_user, None, start + timedelta(minutes=30), start + timedelta(minutes=90)
        )
    availability.add_slot(
        db, mentor_user, None, start + timedelta(hours=1), start + timedelta(hours=2)
    )  # touching is fine
    with pytest.raises(Forbidden):
        availability.add_slot(
            db, factories.mentee(db, "z@example.com"), mentor_id, start, start + DAY
        )


def test_the_database_refuses_overlapping_slots_on_postgresql(postgres_server: str) -> None:
    """PostgreSQL only: SQLite has no exclusion constraints (the service test above covers it)."""
    from sqlalchemy.exc import IntegrityError

    from tests.conftest import _fresh_postgres_database
    from tra_da.cli import migrate
    from tra_da.db import engine_for

    url = _fresh_postgres_database(postgres_server)
    migrate(url)
    with Session(engine_for(url)) as db:
        admin = factories.admin(db)
        mentor_id = factories.mentor(db, admin).id
        start = datetime.now(UTC) + 3 * DAY
        factories.slot(db, mentor_id, start)
        with pytest.raises(IntegrityError, match="ex_slot_no_overlap"):
            factories.slot(db, mentor_id, start + timedelta(minutes=30))
    engine_for(url).dispose()


def test_weekly_availability_generates_slots_in_the_mentors_zone(db: Session, world) -> None:
    admin, mentor_id, mentor_user, mentee = world
    mentor_user.timezone = "Europe/Berlin"
    db.commit()
    now = datetime(2026, 10, 15, 9, 0, tzinfo=UTC)  # two weeks before Berlin's clock change
    from datetime import time as clock

    from tra_da.models import MentorProfile

    rule = availability.WeeklyRule(weekday=1, start=clock(18), end=clock(20), session_minutes=60)
    availability.add_weekly_rule(db, mentor_user, None, rule)  # generates from the real now
    db.execute(Slot.__table__.delete())
    db.commit()
    mentor = db.get(MentorProfile, mentor_id)
    created = availability.generate_slots(db, mentor, now=now, weeks=4)
    assert created == 8  # 4 Tuesdays × 2 sessions
    assert availability.generate_slots(db, mentor, now=now, weeks=4) == 0  # idempotent
    starts = [s.start_at for s in db.exec(select(Slot).order_by(Slot.start_at))]
    berlin = {
        s.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Berlin")).strftime("%H:%M")
        for s in starts
    }
    assert berlin == {"18:00", "19:00"}
    assert {s.hour for s in starts} == {16, 17, 18}  # UTC shifts by an hour on 25 October
    removed = availability.add_exception(db, mentor_user, None, starts[0].date(), "Holiday")
    assert removed == 2
    assert availability.generate_slots(db, mentor, now=now, weeks=4) == 0  # the day stays off


def test_directory_search_filters_and_next_open_slot(db: Session, world) -> None:
    admin, mentor_id, _, mentee = world
    other = factories.mentor(db, admin, "minh@example.com").id
    mentors.update_mentor(
        db,
        admin,
        other,
        MentorUpdate(
            email="minh@example.com",
            name="Trần Minh",
            track="Product",
            expertise=["roadmaps"],
            bio="Product discovery",
        ),
    )
    soon = datetime.now(UTC) + 3 * DAY
    factories.slot(db, mentor_id, soon)
    factories.slot(db, other, datetime.now(UTC) + 20 * DAY)

    def names(**filters: object) -> list[str]:
        cards, total = directory.search(db, mentee, **filters)  # type: ignore[arg-type]
        assert total == len(cards)
        return [c.name for c in cards]

    assert names() == ["Nguyễn Thị Lan", "Trần Minh"]
    assert names(query="thống kê") == ["Nguyễn Thị Lan"]  # bio, Vietnamese
    assert names(query="ROADMAP") == ["Trần Minh"]  # expertise tag, any case
    assert names(expertise="sql") == ["Nguyễn Thị Lan"]
    assert names(track="Product") == ["Trần Minh"]
    now = datetime.now(UTC)
    assert names(available_from=now, available_to=now + 7 * DAY) == ["Nguyễn Thị Lan"]
    assert names(available_from=now, available_to=now + 30 * DAY) == ["Nguyễn Thị Lan", "Trần Minh"]
    card = directory.search(db, mentee, expertise="sql")[0][0]
    assert card.next_open_slot == soon
    cards, total = directory.search(db, mentee, limit=1, offset=1)
    assert total == 2 and [c.name for c in cards] == ["Trần Minh"]
    mentors.set_mentor_active(db, admin, other, False)
    assert names() == ["Nguyễn Thị Lan"]


def test_directory_totals_are_reused_until_a_mentor_changes(db: Session, world) -> None:
    admin, mentor_id, _, mentee = world
    assert directory.search(db, mentee, query="lan")[1] == 1
    # Written by another worker process: the order (and what a text matched in it) is reused
    # for BROWSE_SECONDS, while the cards themselves are read again.
    kept = dict(directory._browse)
    with database.session() as other:
        other.execute(update(User).where(col(User.role) == "mentor").values(is_active=False))
        other.commit()
    for key, stale in kept.items():  # as if the write had not been seen here
        stale.generation = directory._generation[0]
        directory._browse[key] = stale
    cards, total = directory.search(db, mentee, query="lan")
    assert (cards, total) == ([], 1)
    # Written in this process, even behind the ORM's back (engine events): seen at once.
    with database.session() as other:
        other.execute(update(User).where(col(User.role) == "mentor").values(is_active=False))
        other.commit()
    assert directory.search(db, mentee, query="lan") == ([], 0)
    # A change through this process's sessions forgets every total at once.
    factories.mentor(db, admin, "minh@example.com")
    cards, total = directory.search(db, mentee)
    assert total == len(cards) == 1 and cards[0].id != mentor_id


def test_weekly_slots_roll_forward_for_every_active_mentor(db: Session, world) -> None:
    from datetime import time as clock

    _, mentor_id, mentor_user, _ = world
    rule = availability.WeeklyRule(weekday=2, start=clock(9), end=clock(10))
    availability.add_weekly_rule(db, mentor_user, None, rule)
    later = datetime.now(UTC) + timedelta(weeks=3)
    assert availability.generate_all(db, now=later) >= 2  # new weeks came into range
    assert availability.generate_all(db, now=later) == 0


def _stored_next_open(db: Session, mentor_id: int) -> datetime | None:
    from tra_da.models import MentorProfile

    db.expire_all()
    profile = db.get(MentorProfile, mentor_id)
    assert profile is not None
    return profile.next_open_at


def test_next_open_slot_is_kept_by_the_database_on_every_change(db: Session, world) -> None:
    admin, mentor_id, mentor_user, mentee = world
    assert _stored_next_open(db, mentor_id) is None
    later = factories.slot(db, mentor_id, datetime.now(UTC) + 5 * DAY)
    assert _stored_next_open(db, mentor_id) == db.get(Slot, later).start_at
    sooner = factories.slot(db, mentor_id, datetime.now(UTC) + 2 * DAY)
    sooner_at = db.get(Slot, sooner).start_at
    assert _stored_next_open(db, mentor_id) == sooner_at
    taken = booking.book_slot(db, mentee, sooner)  # booked: the later one is next
    assert _stored_next_open(db, mentor_id) == db.get(Slot, later).start_at
    booking.cancel_booking(db, mentee, taken.id, "Ốm")  # freed again
    assert _stored_next_open(db, mentor_id) == sooner_at
    availability.set_slot_blocked(db, mentor_user, sooner, True)
    availability.set_slot_blocked(db, mentor_user, later, True)
    assert _stored_next_open(db, mentor_id) is None
    availability.set_slot_blocked(db, mentor_user, later, False)
    assert _stored_next_open(db, mentor_id) == db.get(Slot, later).start_at
    mentors.set_mentor_active(db, admin, mentor_id, False)  # open slots are blocked
    assert _stored_next_open(db, mentor_id) is None


def test_directory_finds_mentors_whose_stored_next_slot_fell_behind_the_clock(
    db: Session, world
) -> None:
    _, mentor_id, _, mentee = world
    factories.slot(db, mentor_id, datetime.now(UTC) + 3 * DAY)
    factories.slot(db, mentor_id, datetime.now(UTC) + 9 * DAY)
    now = datetime.now(UTC)
    # A week later the first slot has passed but nothing changed the slots: the stored value
    # is behind the clock, and the directory probes the mentor's slots instead of trusting it.
    week_later = now + 7 * DAY
    found, _ = directory.search(
        db, mentee, available_from=week_later, available_to=week_later + 7 * DAY, now=week_later
    )
    assert [c.id for c in found] == [mentor_id]
    found, _ = directory.search(
        db, mentee, available_from=week_later, available_to=week_later + DAY, now=week_later
    )
    assert found == []
    assert directory.refresh_next_open(db, now=now + 4 * DAY) == 1
    assert _stored_next_open(db, mentor_id) is not None


def test_search_ignores_case_and_vietnamese_accents_and_treats_wildcards_as_text(
    db: Session, world
) -> None:
    admin, mentor_id, mentor_user, mentee = world

    def names(query: str) -> list[str]:
        return [c.name for c in directory.search(db, mentee, query=query)[0]]

    assert names("nguyen thi lan") == ["Nguyễn Thị Lan"]
    assert names("NGUYỄN") == ["Nguyễn Thị Lan"]
    assert names("du lieu") == ["Nguyễn Thị Lan"]  # bio without accents
    assert names("%") == [] and names("_") == []
    from tra_da.services import profile

    profile.update_profile(
        db, mentor_user, UserUpdate(name="Lan Đỗ", timezone="Asia/Ho_Chi_Minh", locale="vi")
    )
    assert names("lan do") == ["Lan Đỗ"]
    assert names("nguyen") == []


def test_one_mentee_booking_ten_slots_at_once_gets_exactly_the_limit(use_database: str) -> None:
    with database.session() as db:
        admin = factories.admin(db)
        mentor_id = factories.mentor(db, admin).id
        start = datetime.now(UTC) + 3 * DAY
        slots = [factories.slot(db, mentor_id, start + timedelta(hours=i)) for i in range(10)]
        mentee_id = factories.mentee(db).id
    barrier = threading.Barrier(10, timeout=30)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(index: int) -> None:
        barrier.wait()
        with database.session() as db:
            try:
                booking.book_slot(db, db.get(User, mentee_id), slots[index])
                result = "booked"
            except Conflict as refusal:
                result = refusal.key or "conflict"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("booked") == 3, outcomes
    assert outcomes.count("err.too_many_bookings") == 7, outcomes


def test_a_moved_booking_is_marked_rescheduled_for_the_pages_only(db: Session, world) -> None:
    _, mentor_id, mentor_user, mentee = world
    start = datetime.now(UTC) + 3 * DAY
    a, b, c = (factories.slot(db, mentor_id, start + timedelta(hours=2 * i)) for i in range(3))
    original = booking.book_slot(db, mentee, a)
    booking.reschedule(db, mentee, original.id, b)
    # Typing "rescheduled" as a reason does not make a cancellation a move.
    called_off = booking.book_slot(db, mentee, c)
    booking.cancel_booking(db, mentee, called_off.id, "rescheduled")
    for viewer in (mentee, mentor_user):
        past = {v.id: v for v in booking.list_bookings(db, viewer, "past")}
        assert past[original.id].rescheduled and past[original.id].status == "cancelled"
        assert not past[called_off.id].rescheduled
        assert "rescheduled" not in past[original.id].model_dump()  # not in the REST contract


def test_past_sessions_page_through_the_whole_history(db: Session, world) -> None:
    _, mentor_id, mentor_user, mentee = world
    start = datetime.now(UTC) + 3 * DAY
    for i in range(12):  # cancelled sessions are history too
        made = booking.book_slot(db, mentee, factories.slot(db, mentor_id, start + i * DAY))
        booking.cancel_booking(db, mentee, made.id)
    for viewer in (mentee, mentor_user):
        everything = [v.id for v in booking.list_bookings(db, viewer, "past")]
        assert booking.count_bookings(db, viewer, "past") == len(everything) == 12
        first = booking.list_bookings(db, viewer, "past", limit=10)
        second = booking.list_bookings(db, viewer, "past", limit=10, offset=10)
        assert (len(first), len(second)) == (10, 2)
        assert [v.id for v in first + second] == everything
    assert booking.count_bookings(db, factories.mentee(db, "new@example.com"), "past") == 0


def test_sessions_filter_by_person_status_and_month(db: Session, world) -> None:
    _, mentor_id, mentor_user, ann = world
    bob = factories.mentee(db, "bob@example.com", name="Bob")
    start = (datetime.now(UTC) + 3 * DAY).replace(minute=0, second=0, microsecond=0)
    kept = booking.book_slot(db, ann, factories.slot(db, mentor_id, start))
    called_off = booking.book_slot(db, ann, factories.slot(db, mentor_id, start + DAY))
    booking.cancel_booking(db, ann, called_off.id)
    moved = booking.book_slot(db, bob, factories.slot(db, mentor_id, start + 2 * DAY))
    booking.reschedule(db, bob, moved.id, factories.slot(db, mentor_id, start + 40 * DAY))
    bob_id = factories.mentee_id(db, bob)
    later = start + 20 * DAY  # the first sessions are over by then; the moved one is not

    def ids(scope: str, now: datetime | None = None, **narrow: object) -> set[int]:
        found = booking.list_bookings(
            db, mentor_user, scope, now=now, narrow=SessionFilter(**narrow)
        )
        assert len(found) == booking.count_bookings(
            db, mentor_user, scope, now=now, narrow=SessionFilter(**narrow)
        )
        return {b.id for b in found}

    assert ids("past", with_id=bob_id) == {moved.id}
    assert ids("past", status="cancelled") == {called_off.id, moved.id}  # moved is history
    assert ids("past", later, status="held") == {kept.id}
    assert ids("upcoming", status="held") == set()
    assert ids("upcoming", later, status="upcoming", with_id=bob_id) != set()
    assert ids("past", later, starts_from=start + DAY, starts_before=start + 2 * DAY) == {
        called_off.id
    }
    with pytest.raises(Invalid):
        ids("past", status="gone")
    choices = booking.session_choices(db, mentor_user)
    assert [name for _, name in choices.people] == sorted([ann.name, "Bob"], key=str.casefold)
    assert len(choices.starts) == 4
    assert [name for _, name in booking.session_choices(db, ann).people] == [mentor_user.name]
