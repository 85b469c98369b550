"""Booking side effects: invitations, reminders, the calendar event, delivery state, the relay."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import icalendar
import pytest
from sqlmodel import Session, col, select

from tests import factories
from tra_da import db as database
from tra_da.integrations import google_calendar
from tra_da.models import Booking, CalendarConnection, MailboxMessage, OutboxMessage, User
from tra_da.models.base import as_utc
from tra_da.services import booking, calendar_connections, outbox
from tra_da.services.errors import Forbidden

DAY = timedelta(days=1)
MEET = "https://meet.google.com/abc-defg-hij"


@pytest.fixture
def world(db: Session):
    admin = factories.admin(db)
    row = factories.mentor(db, admin)
    mentor_id, mentor_user = row.id, factories.account(db, row.user_id)
    mentee = factories.mentee(db)
    _deliver_all()  # the mentor's invitation to the programme is out of the way
    return admin, mentor_id, mentor_user, mentee


def _rows(db: Session, **where: Any) -> list[OutboxMessage]:
    db.expire_all()
    query = select(OutboxMessage).order_by(col(OutboxMessage.id))
    for key, value in where.items():
        query = query.where(getattr(OutboxMessage, key) == value)
    return list(db.exec(query).all())


def _events(db: Session) -> list[tuple[str, icalendar.Event]]:
    db.expire_all()
    out = []
    for message in db.exec(select(MailboxMessage).order_by(col(MailboxMessage.id))).all():
        if message.ics:
            calendar = icalendar.Calendar.from_ical(message.ics)
            out.append((str(calendar["METHOD"]), next(iter(calendar.walk("VEVENT")))))
    return out


def _deliver_all(now: datetime | None = None) -> int:
    total = 0
    while (count := outbox.deliver_due(limit=50, now=now)) > 0:
        total += count
    return total


def test_booking_sends_both_an_invitation_and_schedules_reminders(db: Session, world) -> None:
    _, mentor_id, mentor_user, mentee = world
    start = (datetime.now(UTC) + 3 * DAY).replace(microsecond=0)
    made = booking.book_slot(db, mentee, factories.slot(db, mentor_id, start))
    assert made.meeting_link and made.meeting_link.startswith("https://meet.jit.si/tra-da-")
    assert _rows(db, kind="calendar") == []  # no Google configured: the link is the room above
    reminders = [m for m in _rows(db, kind="email") if m.payload.get("only_if_live")]
    due = sorted({r.next_attempt_at for r in reminders})
    assert due == [start - timedelta(hours=24), start - timedelta(hours=1)]
    assert len(reminders) == 4  # two reminders for each of the two people
    assert _deliver_all() == 2  # the confirmations now; the reminders wait for their time
    events = _events(db)
    assert [method for method, _ in events] == ["REQUEST", "REQUEST"]
    event = events[0][1]
    assert event.decoded("DTSTART") == start
    assert str(event["UID"]) == f"{db.get(Booking, made.id).calendar_event_id}@trada"
    assert str(event["LOCATION"]) == made.meeting_link
    assert {str(a) for a in event.get("ATTENDEE")} == {
        f"mailto:{mentor_user.email}",
        f"mailto:{mentee.email}",
    }
    assert _deliver_all(now=start - timedelta(hours=23)) == 2  # the 24 h reminders
    assert _deliver_all(now=start - timedelta(minutes=59)) == 2  # the 1 h reminders
    subjects = [m.subject for m in db.exec(select(MailboxMessage)).all()]
    assert sum("Nhắc" in s or "Ngày mai" in s or "Tomorrow" in s for s in subjects) >= 2


def test_reschedule_moves_the_same_invitation_and_cancel_withdraws_it(db: Session, world) -> None:
    _, mentor_id, _, mentee = world
    start = datetime.now(UTC) + 3 * DAY
    first = booking.book_slot(db, mentee, factories.slot(db, mentor_id, start))
    _deliver_all()
    moved = booking.reschedule(db, mentee, first.id, factories.slot(db, mentor_id, start + DAY))
    stored, before = db.get(Booking, moved.id), db.get(Booking, first.id)
    assert stored.calendar_event_id == before.calendar_event_id and stored.ics_sequence == 1
    _deliver_all()
    booking.cancel_booking(db, mentee, moved.id, "Ốm")
    _deliver_all()
    events = _events(db)
    assert [(m, int(e["SEQUENCE"])) for m, e in events] == [
        ("REQUEST", 0),
        ("REQUEST", 0),
        ("REQUEST", 1),
        ("REQUEST", 1),
        ("CANCEL", 2),
        ("CANCEL", 2),
    ]
    assert len({str(e["UID"]) for _, e in events}) == 1
    assert str(events[-1][1]["STATUS"]) == "CANCELLED"
    cancelled = db.exec(select(MailboxMessage).order_by(col(MailboxMessage.id).desc())).first()
    assert cancelled is not None and "Ốm" in cancelled.text_body


def test_an_invitation_overtaken_by_its_cancellation_is_not_sent(db: Session, world) -> None:
    _, mentor_id, _, mentee = world
    made = booking.book_slot(db, mentee, factories.slot(db, mentor_id, datetime.now(UTC) + 3 * DAY))
    booking.cancel_booking(db, mentee, made.id)  # before the relay got to the confirmation
    _deliver_all()
    assert [method for method, _ in _events(db)] == ["CANCEL", "CANCEL"]


def test_reminders_of_a_cancelled_session_are_skipped(db: Session, world) -> None:
    _, mentor_id, _, mentee = world
    start = datetime.now(UTC) + 3 * DAY
    made = booking.book_slot(db, mentee, factories.slot(db, mentor_id, start))
    booking.cancel_booking(db, mentee, made.id)
    _deliver_all()
    sent_before = len(db.exec(select(MailboxMessage)).all())
    _deliver_all(now=start - timedelta(minutes=30))
    assert len(db.exec(select(MailboxMessage)).all()) == sent_before
    reminders = [m for m in _rows(db, kind="email") if m.payload.get("only_if_live")]
    assert reminders and all(m.status == "done" for m in reminders)
    assert all((m.last_error or "").startswith("skipped") for m in reminders)


class FakeCalendar:
    """Stands in for google_calendar.CalendarClient; fails as told, records every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.failures: list[Exception] = []

    def _maybe_fail(self) -> None:
        if self.failures:
            raise self.failures.pop(0)

    def create(self, spec: google_calendar.EventSpec) -> str:
        self.calls.append(("create", spec.event_id))
        self._maybe_fail()
        return MEET

    def move(self, spec: google_calendar.EventSpec) -> str:
        self.calls.append(("move", spec.event_id))
        self._maybe_fail()
        return MEET

    def cancel(self, event_id: str) -> None:
        self.calls.append(("cancel", event_id))
        self._maybe_fail()


@pytest.fixture
def google(monkeypatch: pytest.MonkeyPatch) -> FakeCalendar:
    """A programme with Google configured (service account), talking to a fake calendar."""
    from tra_da.settings import get_settings

    monkeypatch.setenv("GOOGLE_SERVICE_ACCOUNT_FILE", "/etc/trada/google.json")
    get_settings.cache_clear()
    fake = FakeCalendar()

    def client_for(db: Session, mentor_id: int) -> Any:
        connection = db.exec(
            select(CalendarConnection).where(CalendarConnection.mentor_id == mentor_id)
        ).first()
        if connection is not None and connection.status != "connected":
            raise calendar_connections.ConnectionBroken(connection.last_error or "broken")
        return fake, connection

    monkeypatch.setattr(calendar_connections, "client_for", client_for)
    yield fake
    get_settings.cache_clear()


def test_the_calendar_event_brings_the_meet_link_and_the_emails_wait_for_it(
    db: Session, world, google: FakeCalendar
) -> None:
    _, mentor_id, _, mentee = world
    made = booking.book_slot(db, mentee, factories.slot(db, mentor_id, datetime.now(UTC) + 3 * DAY))
    google.failures.append(google_calendar.CalendarRetryLater("Google is busy (HTTP 503)"))
    assert outbox.deliver_due(limit=50) == 3  # calendar fails; both emails wait, uncounted
    calendar_row, *emails = _rows(db, booking_id=made.id)[:3]
    assert calendar_row.kind == "calendar" and calendar_row.attempts == 1
    assert all(m.attempts == 0 and m.status == "pending" for m in emails)
    listed = booking.list_bookings(db, mentee)[0]
    assert listed.delivery is not None
    assert (listed.delivery.email, listed.delivery.calendar) == ("sending", "retrying")
    later = datetime.now(UTC) + timedelta(hours=1)
    _deliver_all(now=later)
    db.expire_all()
    assert db.get(Booking, made.id).meeting_link == MEET
    event_id = db.get(Booking, made.id).calendar_event_id
    assert google.calls == [("create", event_id)] * 2  # the same event id
    invitations = db.exec(select(MailboxMessage).where(col(MailboxMessage.ics).is_not(None))).all()
    assert len(invitations) == 2 and all(MEET in m.text_body for m in invitations)
    listed = booking.list_bookings(db, mentee)[0]
    assert (listed.delivery.email, listed.delivery.calendar) == ("sent", "created")
    moved = booking.reschedule(
        db, mentee, made.id, factories.slot(db, mentor_id, datetime.now(UTC) + 4 * DAY)
    )
    _deliver_all(now=later)
    booking.cancel_booking(db, mentee, moved.id)
    _deliver_all(now=later)
    assert [c for c, _ in google.calls] == ["create", "create", "move", "cancel"]
    assert {e for _, e in google.calls} == {db.get(Booking, made.id).calendar_event_id}


def test_a_revoked_connection_is_shown_and_retried_after_reconnecting(
    db: Session, world, google: FakeCalendar, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin, mentor_id, mentor_user, mentee = world
    monkeypatch.delenv("GOOGLE_SERVICE_ACCOUNT_FILE")
    from tra_da.settings import get_settings

    get_settings.cache_clear()
    calendar_connections.connect(db, mentor_user, "1//refresh-token", "lan@gmail.com")
    stored = db.exec(select(CalendarConnection)).one()
    assert "refresh-token" not in stored.refresh_token_encrypted  # encrypted at rest
    assert calendar_connections.decrypt_token(stored.refresh_token_encrypted) == "1//refresh-token"
    made = booking.book_slot(db, mentee, factories.slot(db, mentor_id, datetime.now(UTC) + 3 * DAY))
    google.failures.append(google_calendar.CalendarAuthError("invalid_grant"))
    _deliver_all()
    calendar_row = _rows(db, kind="calendar")[0]
    assert calendar_row.status == "dead"  # no point retrying with revoked credentials
    status = calendar_connections.status_for(db, mentor_user)
    assert status.broken and "invalid_grant" in status.error
    assert [b.mentor_name for b in calendar_connections.broken_connections(db)] == [
        mentor_user.name
    ]
    assert [p.id for p in outbox.problems(db, admin)] == [calendar_row.id]
    assert booking.list_bookings(db, mentee)[0].delivery.calendar == "failed"
    calendar_connections.connect(db, mentor_user, "1//new-token", "lan@gmail.com")
    assert _rows(db, kind="calendar")[0].status == "pending"  # retried at once
    _deliver_all()
    assert _rows(db, kind="calendar")[0].status == "done"
    db.expire_all()
    assert db.get(Booking, made.id).meeting_link == MEET


def test_admins_retry_a_dead_message_and_nobody_else_can(
    db: Session, world, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin, mentor_id, _, mentee = world

    def down(_db: Session, _message: OutboxMessage) -> None:
        raise outbox.Permanent("refused for good")

    monkeypatch.setitem(outbox.HANDLERS, "email", down)
    booking.book_slot(db, mentee, factories.slot(db, mentor_id, datetime.now(UTC) + 3 * DAY))
    _deliver_all()
    dead = [p for p in outbox.problems(db, admin) if p.status == "dead"]
    assert len(dead) == 2 and outbox.counts(db)["dead"] == 2
    with pytest.raises(Forbidden):
        outbox.retry(db, mentee, dead[0].id)
    with pytest.raises(Forbidden):
        outbox.problems(db, mentee)
    monkeypatch.undo()
    outbox.retry(db, admin, dead[0].id)
    assert _deliver_all() == 1
    assert outbox.counts(db)["dead"] == 1


def test_a_relay_that_dies_after_claiming_leaves_the_row_to_the_next_one(use_database: str) -> None:
    with database.session() as db:
        db.add(
            OutboxMessage(
                kind="email",
                dedupe_key="email.test:1",
                payload={
                    "to": "an@example.com",
                    "template": "password_reset",
                    "locale": "en",
                    "context": {"name": "An", "minutes": 30, "link": "/reset"},
                },
            )
        )
        db.commit()
        now = datetime.now(UTC)
        assert len(outbox.claim_due(db, now)) == 1  # ... and the relay is killed here
    assert outbox.deliver_due(now=now + timedelta(minutes=1)) == 0  # still leased
    assert outbox.deliver_due(now=now + outbox.LEASE + timedelta(seconds=1)) == 1
    assert outbox.deliver_due(now=now + 2 * outbox.LEASE) == 0
    with database.session() as db:
        assert len(db.exec(select(MailboxMessage)).all()) == 1


def test_a_claim_takes_the_free_due_rows_oldest_first_and_leases_them(
    use_database: str,
) -> None:
    now = datetime.now(UTC)
    with database.session() as db:
        for n in range(4):
            db.add(
                OutboxMessage(
                    kind="email",
                    dedupe_key=f"email.test:{n}",
                    payload={"to": "an@example.com", "template": "password_reset"},
                    # the second row is another relay's; the last is not due yet
                    locked_until=now + timedelta(minutes=1) if n == 1 else None,
                    next_attempt_at=now + timedelta(hours=1) if n == 3 else now,
                )
            )
        db.commit()
        claimed = outbox.claim_due(db, now)
        assert [m.dedupe_key for m in claimed] == ["email.test:0", "email.test:2"]
        assert all(as_utc(m.locked_until) == now + outbox.LEASE for m in claimed)
        assert outbox.claim_due(db, now) == []  # leased now, to this relay


def test_four_relays_deliver_each_of_200_rows_exactly_once(
    use_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    delivered: list[int] = []
    lock = threading.Lock()

    def count(_db: Session, message: OutboxMessage) -> None:
        with lock:
            delivered.append(message.payload["n"])

    monkeypatch.setitem(outbox.HANDLERS, "count", count)
    with database.session() as db:
        db.add_all(
            OutboxMessage(kind="count", dedupe_key=f"count:{n}", payload={"n": n})
            for n in range(200)
        )
        db.commit()
    barrier = threading.Barrier(4, timeout=30)

    def relay() -> None:
        barrier.wait()
        while outbox.deliver_due(limit=5) > 0:
            pass

    threads = [threading.Thread(target=relay) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(delivered) == list(range(200))
    with database.session() as db:
        done = db.exec(select(OutboxMessage).where(OutboxMessage.status == "done")).all()
        assert len(done) == 200 and all(m.attempts == 1 for m in done)


def test_a_mentor_who_is_deactivated_gets_the_calendar_cancelled(
    db: Session, world, google: FakeCalendar
) -> None:
    from tra_da.services import mentors

    admin, mentor_id, _, mentee = world
    made = booking.book_slot(db, mentee, factories.slot(db, mentor_id, datetime.now(UTC) + 3 * DAY))
    _deliver_all()
    mentors.set_mentor_active(db, admin, mentor_id, False)
    _deliver_all()
    event_id = db.get(Booking, made.id).calendar_event_id
    assert google.calls == [("create", event_id), ("cancel", event_id)]
    assert [m for m, _ in _events(db)].count("CANCEL") == 2


def test_deliveries_of_other_bookings_are_not_mixed_up(db: Session, world) -> None:
    _, mentor_id, _, mentee = world
    a = booking.book_slot(db, mentee, factories.slot(db, mentor_id, datetime.now(UTC) + 3 * DAY))
    other = factories.mentee(db, "binh@example.com")
    b = booking.book_slot(db, other, factories.slot(db, mentor_id, datetime.now(UTC) + 4 * DAY))
    outbox.deliver_due(limit=2)  # only the first booking's two emails
    states = outbox.deliveries(db, [a.id, b.id])
    assert states[a.id].email == "sent" and states[b.id].email == "sending"
    assert states[a.id].calendar == "off"
    assert isinstance(db.get(User, mentee.id), User)


def test_a_booking_cancelled_before_its_event_was_made_only_gets_the_cancel(
    db: Session, world, google: FakeCalendar
) -> None:
    _, mentor_id, _, mentee = world
    made = booking.book_slot(db, mentee, factories.slot(db, mentor_id, datetime.now(UTC) + 3 * DAY))
    booking.cancel_booking(db, mentee, made.id)
    _deliver_all()
    assert google.calls == [
        ("cancel", db.get(Booking, made.id).calendar_event_id)
    ]  # "already gone" is fine


def test_a_late_retry_of_the_first_event_never_writes_old_times_over_a_move(
    db: Session, world, google: FakeCalendar
) -> None:
    _, mentor_id, _, mentee = world
    made = booking.book_slot(db, mentee, factories.slot(db, mentor_id, datetime.now(UTC) + 3 * DAY))
    google.failures.append(google_calendar.CalendarRetryLater("Google is busy"))
    outbox.deliver_due(limit=1)  # the create fails and waits for its retry
    booking.reschedule(
        db, mentee, made.id, factories.slot(db, mentor_id, datetime.now(UTC) + 5 * DAY)
    )
    _deliver_all(now=datetime.now(UTC) + timedelta(hours=1))
    assert [c for c, _ in google.calls] == ["create", "move"]  # the old create was skipped
    create_row = _rows(db, kind="calendar", booking_id=made.id)[0]
    assert create_row.status == "done" and "superseded" in (create_row.last_error or "")
