"""Waitlists (one email per waiting mentee per batch of openings, in their language) and
calendar feeds (same UIDs as the invitations, cancellations, SEQUENCE, rotation, ETag)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import icalendar
import pytest
from sqlmodel import Session, col, select

from tests import factories
from tra_da.models import Booking, MailboxMessage, OutboxMessage, User, WaitlistEntry
from tra_da.services import availability, booking, calendar_feed, outbox, waitlist
from tra_da.services.errors import Conflict, Forbidden, NotFound

DAY = timedelta(days=1)


def _deliver_all(now: datetime | None = None) -> int:
    total = 0
    while (count := outbox.deliver_due(limit=50, now=now)) > 0:
        total += count
    return total


def _mail(db: Session) -> list[MailboxMessage]:
    db.expire_all()
    return list(db.exec(select(MailboxMessage).order_by(col(MailboxMessage.id))).all())


def _later() -> datetime:
    """Past the batching delay: the announcement is due."""
    return datetime.now(UTC) + waitlist.BATCH_DELAY + timedelta(seconds=5)


@pytest.fixture
def world(db: Session) -> tuple[User, int, User, User, User]:
    admin = factories.admin(db)
    row = factories.mentor(db, admin)
    mentor_user = factories.account(db, row.user_id)
    vi = factories.mentee(db, "an@example.com")
    en = factories.mentee(db, "ben@example.com")
    en.locale = "en"
    db.add(en)
    db.commit()
    _deliver_all()  # the mentor's own invitation
    db.exec(select(MailboxMessage)).all()
    for message in _mail(db):
        db.delete(message)
    db.commit()
    return admin, row.id, mentor_user, vi, en


def test_ten_slots_in_a_minute_send_one_email_per_mentee_in_their_language(
    db: Session, world
) -> None:
    _, mentor_id, mentor_user, vi, en = world
    first, started = waitlist.join(db, vi, mentor_id)
    assert started and first.waiting
    again, started = waitlist.join(db, vi, mentor_id)
    assert not started and again.waiting  # idempotent
    waitlist.join(db, en, mentor_id)
    start = (datetime.now(UTC) + 3 * DAY).replace(minute=0, second=0, microsecond=0)
    for i in range(10):
        availability.add_slot(
            db,
            mentor_user,
            None,
            start + i * timedelta(hours=1),
            start + (i + 1) * 2 * timedelta(minutes=30),
        )
    rows = list(db.exec(select(OutboxMessage).where(OutboxMessage.kind == "waitlist")).all())
    assert len(rows) == 1  # one announcement for the batch
    assert _deliver_all() == 0  # not due yet: it waits for more openings
    assert _mail(db) == []
    _deliver_all(now=_later())
    mails = _mail(db)
    assert sorted(m.to_email for m in mails) == ["an@example.com", "ben@example.com"]
    by_to = {m.to_email: m for m in mails}
    assert (
        "đã mở lịch" in by_to["an@example.com"].subject
        or "mở lịch" in by_to["an@example.com"].subject
    )
    assert "opened new session times" in by_to["ben@example.com"].subject
    assert mentor_user.name in by_to["ben@example.com"].text_body
    assert f"/mentors/{mentor_id}" in by_to["ben@example.com"].text_body
    # Told once: they no longer wait; more openings tell nobody again.
    assert not waitlist.status(db, vi, mentor_id).waiting
    assert waitlist.status(db, vi, mentor_id).notified_at is not None
    availability.add_slot(
        db, mentor_user, None, start + 20 * timedelta(hours=1), start + 21 * timedelta(hours=1)
    )
    _deliver_all(now=_later())
    assert len(_mail(db)) == 2


def test_joining_is_refused_while_the_mentor_has_open_slots(db: Session, world) -> None:
    _, mentor_id, mentor_user, vi, _ = world
    factories.slot(db, mentor_id, datetime.now(UTC) + 5 * DAY)
    with pytest.raises(Conflict) as refused:
        waitlist.join(db, vi, mentor_id)
    assert refused.value.key == "err.waitlist_has_slots"
    with pytest.raises(Forbidden):
        waitlist.join(db, mentor_user, mentor_id)
    with pytest.raises(NotFound):
        waitlist.join(db, vi, 999_999)


def test_a_slot_beyond_fourteen_days_does_not_count(db: Session, world) -> None:
    _, mentor_id, _, vi, _ = world
    factories.slot(db, mentor_id, datetime.now(UTC) + 20 * DAY)
    assert waitlist.join(db, vi, mentor_id)[1]


def test_leaving_means_no_email(db: Session, world) -> None:
    _, mentor_id, mentor_user, vi, en = world
    waitlist.join(db, vi, mentor_id)
    waitlist.join(db, en, mentor_id)
    waitlist.leave(db, vi, mentor_id)
    waitlist.leave(db, vi, mentor_id)  # leaving twice is fine
    assert not waitlist.status(db, vi, mentor_id).waiting
    start = datetime.now(UTC) + 3 * DAY
    availability.add_slot(db, mentor_user, None, start, start + timedelta(hours=1))
    _deliver_all(now=_later())
    assert [m.to_email for m in _mail(db)] == ["ben@example.com"]


def test_weekly_availability_and_a_cancellation_announce_too(db: Session, world) -> None:
    admin, mentor_id, mentor_user, vi, en = world
    waitlist.join(db, vi, mentor_id)
    rule = availability.WeeklyRule(
        weekday=(datetime.now(UTC) + 3 * DAY).weekday(),
        start=datetime.strptime("09:00", "%H:%M").time(),
        end=datetime.strptime("12:00", "%H:%M").time(),
    )
    availability.add_weekly_rule(db, mentor_user, None, rule)
    assert (
        len(list(db.exec(select(OutboxMessage).where(OutboxMessage.kind == "waitlist")).all())) == 1
    )
    _deliver_all(now=_later())
    assert [m.to_email for m in _mail(db)] == ["an@example.com"]

    # Fully booked again: the other mentee books the one slot left in 14 days, then cancels.
    db.exec(select(WaitlistEntry)).all()
    for s in availability.open_slots(db, mentor_id):
        availability.remove_slot(db, mentor_user, s.id)
    start = datetime.now(UTC) + 4 * DAY
    slot_id = factories.slot(db, mentor_id, start)
    made = booking.book_slot(db, en, slot_id)
    waitlist.join(db, vi, mentor_id)  # told before: joins again
    assert waitlist.status(db, vi, mentor_id).waiting
    _deliver_all()
    booking.cancel_booking(db, en, made.id)
    _deliver_all(now=_later())
    assert [m.to_email for m in _mail(db)].count("an@example.com") == 2


def test_nobody_is_told_when_the_new_slots_are_gone_again(db: Session, world) -> None:
    _, mentor_id, mentor_user, vi, _ = world
    waitlist.join(db, vi, mentor_id)
    start = datetime.now(UTC) + 3 * DAY
    made = availability.add_slot(db, mentor_user, None, start, start + timedelta(hours=1))
    availability.remove_slot(db, mentor_user, made.id)
    _deliver_all(now=_later())
    assert _mail(db) == []
    assert waitlist.status(db, vi, mentor_id).waiting


def test_admins_see_waitlist_counts(db: Session, world) -> None:
    admin, mentor_id, mentor_user, vi, en = world
    waitlist.join(db, vi, mentor_id)
    waitlist.join(db, en, mentor_id)
    counts = waitlist.counts(db, admin)
    assert [(c.mentor_id, c.mentor_name, c.waiting) for c in counts] == [
        (mentor_id, mentor_user.name, 2)
    ]
    with pytest.raises(Forbidden):
        waitlist.counts(db, vi)


# --- calendar feeds -----------------------------------------------------------------------


def _token(url: str) -> str:
    return url.rsplit("/", 1)[1].removesuffix(".ics")


def _events(body: bytes) -> list[Any]:
    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))


def _invitation_uids(db: Session) -> set[str]:
    uids = set()
    for message in _mail(db):
        if message.ics:
            uids.add(
                str(next(iter(icalendar.Calendar.from_ical(message.ics).walk("VEVENT")))["UID"])
            )
    return uids


def test_feed_carries_the_invitations_uids_cancellations_and_sequence(db: Session, world) -> None:
    _, mentor_id, mentor_user, vi, en = world
    start = (datetime.now(UTC) + 3 * DAY).replace(microsecond=0)
    kept = booking.book_slot(db, vi, factories.slot(db, mentor_id, start))
    dropped = booking.book_slot(db, vi, factories.slot(db, mentor_id, start + DAY))
    _deliver_all()
    booking.cancel_booking(db, vi, dropped.id, "ốm")
    moved = booking.reschedule(db, vi, kept.id, factories.slot(db, mentor_id, start + 2 * DAY))
    _deliver_all()

    made = calendar_feed.rotate(db, vi)
    assert made.url and made.url.endswith(".ics") and made.webcal_url
    assert made.webcal_url.startswith("webcal://")
    assert not calendar_feed.status(db, vi).url  # shown once only
    assert calendar_feed.status(db, vi).active
    found = calendar_feed.feed(db, _token(made.url))
    events = {str(e["UID"]): e for e in _events(found.body)}
    assert set(events) == _invitation_uids(db)  # one event per chain, the invitations' UIDs
    moved_row = db.get(Booking, moved.id)
    dropped_row = db.get(Booking, dropped.id)
    live = events[f"{moved_row.calendar_event_id}@trada"]
    assert str(live["STATUS"]) == "CONFIRMED"
    assert int(live["SEQUENCE"]) == 1  # raised by the reschedule
    assert live.decoded("DTSTART") == start + 2 * DAY
    gone = events[f"{dropped_row.calendar_event_id}@trada"]
    assert str(gone["STATUS"]) == "CANCELLED"
    assert int(gone["SEQUENCE"]) == 1  # as the cancellation email's
    # The mentor's own feed has the same events.
    mentor_feed = calendar_feed.rotate(db, mentor_user)
    assert {
        str(e["UID"]) for e in _events(calendar_feed.feed(db, _token(mentor_feed.url)).body)
    } == set(events)
    # Unchanged: same ETag; a change: a new one.
    assert calendar_feed.feed(db, _token(made.url)).etag == found.etag
    booking.cancel_booking(db, vi, moved.id)
    assert calendar_feed.feed(db, _token(made.url)).etag != found.etag


def test_rotating_ends_the_old_address_and_unknown_is_not_found(db: Session, world) -> None:
    _, _, _, vi, _ = world
    first = calendar_feed.rotate(db, vi)
    second = calendar_feed.rotate(db, vi)
    assert first.url != second.url
    with pytest.raises(NotFound):
        calendar_feed.feed(db, _token(first.url))
    assert calendar_feed.feed(db, _token(second.url)).body.startswith(b"BEGIN:VCALENDAR")
    calendar_feed.stop(db, vi)
    with pytest.raises(NotFound):
        calendar_feed.feed(db, _token(second.url))
    with pytest.raises(NotFound):
        calendar_feed.feed(db, "nope")
    stored = db.exec(select(OutboxMessage)).all()  # nothing leaks the token into the outbox
    assert all(_token(second.url) not in str(m.payload) for m in stored)
