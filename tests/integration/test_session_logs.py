"""Session logs: who may write, read, edit, rate and resolve; the 7-day window; the CSV export;
the mentor dashboard's contents and its fixed query count. Both databases."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from tests import factories
from tra_da.models import AuditEntry, Booking, MenteeGroup, MenteeProfile, SessionLog, Slot, User
from tra_da.models.booking import shown_status
from tra_da.models.session_log import SessionLogCreate, SessionLogPublic
from tra_da.services import accounts, mentees, mentor_dashboard, overview, session_logs
from tra_da.services.errors import Conflict, Forbidden, Invalid, NotFound

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday


@dataclass
class World:
    admin: User
    mentor: User
    mentor_id: int
    other_mentor: User
    other_mentor_id: int
    mentee: User
    mentee_id: int
    other_mentee: User
    other_mentee_id: int


@pytest.fixture
def world(db: Session) -> World:
    admin = factories.admin(db, name="Admin")
    lan = factories.mentor(db, admin, "lan@example.com", name="Nguyễn Thị Lan", max_mentees=60)
    minh = factories.mentor(db, admin, "minh@example.com", name="Trần Đức Minh", max_mentees=60)
    mentor, mentor_id = factories.account(db, lan.user_id), lan.id
    other_mentor, other_mentor_id = factories.account(db, minh.user_id), minh.id
    mentee = factories.mentee(db, "an@example.com", name="Võ Minh An")
    other_mentee = factories.mentee(db, "chi@example.com", name="Hoàng Linh Chi")
    mentee_id = factories.mentee_id(db, mentee)
    other_mentee_id = factories.mentee_id(db, other_mentee)
    mentees.assign_mentor(db, admin, mentee_id, mentor_id)
    mentees.assign_mentor(db, admin, other_mentee_id, other_mentor_id)
    return World(
        admin,
        mentor,
        mentor_id,
        other_mentor,
        other_mentor_id,
        mentee,
        mentee_id,
        other_mentee,
        other_mentee_id,
    )


def _booking(
    db: Session, mentor_id: int, mentee_id: int, start: datetime, status: str = "confirmed"
) -> int:
    slot = Slot(
        mentor_id=mentor_id, start_at=start, end_at=start + timedelta(hours=1), status="booked"
    )
    db.add(slot)
    db.flush()
    booking = Booking(
        slot_id=slot.id or 0,
        mentor_id=mentor_id,
        mentee_id=mentee_id,
        start_at=slot.start_at,
        end_at=slot.end_at,
        status=status,
        meeting_link="https://meet.jit.si/test",
    )
    db.add(booking)
    db.commit()
    return booking.id or 0


def _input(mentee_id: int, **changes: object) -> SessionLogCreate:
    values: dict[str, object] = {
        "mentee_id": mentee_id,
        "session_date": date(2026, 11, 24),
        "topic": "Thiết kế hệ thống",
        "mentor_score": 4,
        "needs_support": False,
        "notes": "Riêng tư: lo lắng về phỏng vấn",
        "action_items": "Viết tài liệu thiết kế một trang",
    }
    values.update(changes)
    # Unvalidated on purpose: the service checks every field whoever built the input.
    return SessionLogCreate.model_construct(**values)


# --- writing ------------------------------------------------------------------------------


def test_a_mentor_logs_a_past_booking_once_and_it_stops_prompting(
    db: Session, world: World
) -> None:
    booking_id = _booking(db, world.mentor_id, world.mentee_id, NOW - timedelta(hours=20))
    prompts = session_logs.pending_logs(db, world.mentor, now=NOW)
    assert [(p.booking_id, p.mentee_name) for p in prompts] == [(booking_id, "Võ Minh An")]
    assert prompts[0].session_date == date(2026, 11, 24)  # in the mentor's zone (Hanoi)
    log = session_logs.create_log(
        db, world.mentor, _input(world.mentee_id, booking_id=booking_id), now=NOW
    )
    assert log.id and log.mentor_id == world.mentor_id and log.topic == "Thiết kế hệ thống"
    assert session_logs.pending_logs(db, world.mentor, now=NOW) == []
    with pytest.raises(Conflict, match="already logged"):
        session_logs.create_log(
            db, world.mentor, _input(world.mentee_id, booking_id=booking_id), now=NOW
        )
    assert len(db.exec(select(SessionLog)).all()) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"topic": "   "}, "topic"),
        ({"topic": "x" * 201}, "topic"),
        ({"mentor_score": 0}, "1 to 5"),
        ({"mentor_score": 6}, "1 to 5"),
        ({"session_date": date(2026, 11, 27)}, "taken place"),
        ({"notes": "n" * 5001}, "private notes"),
        ({"action_items": "a" * 2001}, "action items"),
    ],
)
def test_bad_input_says_what_to_fix_and_writes_nothing(
    db: Session, world: World, changes: dict, message: str
) -> None:
    with pytest.raises(Invalid, match=message):
        session_logs.create_log(db, world.mentor, _input(world.mentee_id, **changes), now=NOW)
    assert db.exec(select(SessionLog)).all() == []


def test_bookings_that_cannot_be_logged(db: Session, world: World) -> None:
    future = _booking(db, world.mentor_id, world.mentee_id, NOW + timedelta(days=2))
    cancelled = _booking(
        db, world.mentor_id, world.mentee_id, NOW - timedelta(days=2), status="cancelled"
    )
    others = _booking(db, world.other_mentor_id, world.mentee_id, NOW - timedelta(days=2))
    for booking_id, message in ((future, "once it has started"), (cancelled, "cancelled")):
        with pytest.raises(Invalid, match=message):
            session_logs.create_log(
                db, world.mentor, _input(world.mentee_id, booking_id=booking_id), now=NOW
            )
    with pytest.raises(Invalid, match="not one of your sessions"):
        session_logs.create_log(
            db, world.mentor, _input(world.mentee_id, booking_id=others), now=NOW
        )


def test_only_mentors_write_and_only_about_their_mentees(db: Session, world: World) -> None:
    with pytest.raises(NotFound, match="not one of yours"):
        session_logs.create_log(db, world.mentor, _input(world.other_mentee_id), now=NOW)
    for person in (world.mentee, world.admin):
        with pytest.raises(Forbidden):
            session_logs.create_log(db, person, _input(world.mentee_id), now=NOW)
    # A mentee booked with me in the last 90 days is mine too, even if assigned elsewhere.
    _booking(db, world.mentor_id, world.other_mentee_id, NOW - timedelta(days=80))
    assert session_logs.create_log(db, world.mentor, _input(world.other_mentee_id), now=NOW).id


# --- reading ------------------------------------------------------------------------------


def test_who_sees_which_logs_and_notes(db: Session, world: World) -> None:
    session_logs.create_log(db, world.mentor, _input(world.mentee_id), now=NOW)
    session_logs.create_log(
        db, world.other_mentor, _input(world.other_mentee_id, topic="SQL"), now=NOW
    )

    mine = session_logs.list_logs(db, world.mentor, now=NOW)
    assert [v.topic for v in mine] == ["Thiết kế hệ thống"]
    assert isinstance(mine[0], SessionLogPublic)
    assert mine[0].notes == "Riêng tư: lo lắng về phỏng vấn"

    own = session_logs.list_logs(db, world.mentee, now=NOW)
    assert [v.topic for v in own] == ["Thiết kế hệ thống"]
    assert not isinstance(own[0], SessionLogPublic)
    assert {"notes", "needs_support", "mentor_score"}.isdisjoint(own[0].model_dump())
    assert own[0].action_items == "Viết tài liệu thiết kế một trang"

    assert {v.topic for v in session_logs.list_logs(db, world.admin, now=NOW)} == {
        "Thiết kế hệ thống",
        "SQL",
    }
    admin_view = session_logs.list_logs(db, world.admin, world.mentee_id, now=NOW)
    assert [getattr(v, "notes", None) for v in admin_view] == ["Riêng tư: lo lắng về phỏng vấn"]

    with pytest.raises(NotFound):
        session_logs.list_logs(db, world.other_mentor, world.mentee_id, now=NOW)
    with pytest.raises(NotFound):
        session_logs.list_logs(db, world.other_mentee, world.mentee_id, now=NOW)
    assert session_logs.list_logs(db, world.other_mentee, now=NOW)[0].topic == "SQL"
    log_id = mine[0].id
    with pytest.raises(NotFound):
        session_logs.get_log(db, world.other_mentor, log_id, now=NOW)
    with pytest.raises(NotFound):
        session_logs.get_log(db, world.other_mentee, log_id, now=NOW)


# --- the 7-day window ---------------------------------------------------------------------


def _log_audit(db: Session) -> list[AuditEntry]:
    return list(db.exec(select(AuditEntry).where(AuditEntry.entity == "session_log")).all())


def test_the_author_edits_for_seven_days_then_only_an_admin_corrects_audited(
    db: Session, world: World
) -> None:
    log = session_logs.create_log(db, world.mentor, _input(world.mentee_id), now=NOW)
    assert log.id is not None
    six_days = NOW + timedelta(days=6, hours=23)
    edited = session_logs.update_log(
        db, world.mentor, log.id, _input(world.mentee_id, mentor_score=5), now=six_days
    )
    assert edited.mentor_score == 5
    assert _log_audit(db) == []  # the author's own edits are not corrections
    with pytest.raises(NotFound):
        session_logs.update_log(
            db, world.other_mentor, log.id, _input(world.mentee_id), now=six_days
        )
    eight_days = NOW + timedelta(days=7, minutes=1)
    with pytest.raises(Forbidden, match="locked"):
        session_logs.update_log(
            db, world.mentor, log.id, _input(world.mentee_id, mentor_score=1), now=eight_days
        )
    assert db.get(SessionLog, log.id).mentor_score == 5  # type: ignore[union-attr]
    view = session_logs.get_log(db, world.mentor, log.id, now=eight_days)
    assert view.editable is False

    corrected = session_logs.update_log(
        db,
        world.admin,
        log.id,
        _input(world.mentee_id, mentor_score=2, topic="Phỏng vấn"),
        now=NOW + timedelta(days=30),
    )
    assert (corrected.mentor_score, corrected.topic) == (2, "Phỏng vấn")
    (entry,) = _log_audit(db)
    assert entry.action == "session_log.correct" and entry.entity_id == str(log.id)
    assert entry.before == {"mentor_score": 5, "topic": "Thiết kế hệ thống"}
    assert entry.after == {"mentor_score": 2, "topic": "Phỏng vấn"}
    with pytest.raises(Forbidden):
        session_logs.update_log(db, world.mentee, log.id, _input(world.mentee_id), now=NOW)


# --- the mentee's feedback ----------------------------------------------------------------


def test_a_mentee_rates_their_own_past_session_once(db: Session, world: World) -> None:
    log = session_logs.create_log(db, world.mentor, _input(world.mentee_id), now=NOW)
    assert log.id is not None
    prompts = session_logs.rating_prompts(db, world.mentee, now=NOW)
    assert [p.id for p in prompts] == [log.id]
    assert "notes" not in prompts[0].model_dump()
    with pytest.raises(NotFound):
        session_logs.rate_session(db, world.other_mentee, log.id, 5, now=NOW)
    with pytest.raises(Forbidden):
        session_logs.rate_session(db, world.mentor, log.id, 5, now=NOW)
    for bad in (0, 6):
        with pytest.raises(Invalid, match="1 to 5"):
            session_logs.rate_session(db, world.mentee, log.id, bad, now=NOW)
    rated = session_logs.rate_session(db, world.mentee, log.id, 5, "  Rất hữu ích  ", now=NOW)
    assert (rated.mentee_score, rated.mentee_comment) == (5, "Rất hữu ích")
    assert session_logs.rating_prompts(db, world.mentee, now=NOW) == []
    with pytest.raises(Conflict, match="already rated"):
        session_logs.rate_session(db, world.mentee, log.id, 1, now=NOW)
    mentor_view = session_logs.list_logs(db, world.mentor, now=NOW)[0]
    assert (mentor_view.mentee_score, mentor_view.mentee_comment) == (5, "Rất hữu ích")


def test_a_session_in_the_future_cannot_be_rated(db: Session, world: World) -> None:
    log = session_logs.create_log(db, world.mentor, _input(world.mentee_id), now=NOW)
    assert log.id is not None
    with pytest.raises(Invalid, match="taken place"):
        session_logs.rate_session(db, world.mentee, log.id, 4, now=NOW - timedelta(days=3))


# --- needs support ------------------------------------------------------------------------


def test_a_flag_stays_on_the_overview_until_an_admin_resolves_it(db: Session, world: World) -> None:
    log = session_logs.create_log(
        db, world.mentor, _input(world.mentee_id, needs_support=True), now=NOW
    )
    assert log.id is not None
    board = overview.dashboard_for(db, world.admin)
    assert board.counts["support_flags"] == 1
    assert [(f.log_id, f.mentee, f.topic) for f in board.support] == [
        (log.id, "Võ Minh An", "Thiết kế hệ thống")
    ]
    with pytest.raises(Forbidden):
        session_logs.resolve_support(db, world.mentor, log.id, "done", now=NOW)
    with pytest.raises(Invalid, match="what was done"):
        session_logs.resolve_support(db, world.admin, log.id, "   ", now=NOW)
    resolved = session_logs.resolve_support(
        db, world.admin, log.id, "Đã gọi điện, hẹn buổi thêm", now=NOW
    )
    assert resolved.support_resolved_at is not None
    row = db.get(SessionLog, log.id)
    assert row is not None and row.support_resolved_by_user_id == world.admin.id
    assert overview.dashboard_for(db, world.admin).counts["support_flags"] == 0
    (entry,) = _log_audit(db)
    assert entry.action == "session_log.resolve_support"
    with pytest.raises(Conflict, match="no open support flag"):
        session_logs.resolve_support(db, world.admin, log.id, "again", now=NOW)


# --- CSV ----------------------------------------------------------------------------------


def _parse(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_export_filters_and_is_safe_in_a_spreadsheet(db: Session, world: World) -> None:
    group = MenteeGroup(name="Backend Guild", cohort="2026-Q4", track="Data")
    db.add(group)
    db.commit()
    mentees.move_to_group(db, world.admin, world.mentee_id, group.id)
    session_logs.create_log(
        db,
        world.mentor,
        _input(world.mentee_id, topic='=HYPERLINK("http://evil","x")', notes="@SUM(A1)"),
        now=NOW,
    )
    session_logs.create_log(
        db,
        world.mentor,
        _input(world.mentee_id, topic="Phỏng vấn", session_date=date(2026, 10, 1)),
        now=NOW,
    )
    session_logs.create_log(
        db, world.other_mentor, _input(world.other_mentee_id, topic="SQL"), now=NOW
    )
    with pytest.raises(Forbidden):
        session_logs.export_csv(db, world.mentor, session_logs.ExportFilter())

    rows = _parse(session_logs.export_csv(db, world.admin, session_logs.ExportFilter()))
    assert rows[0] == list(session_logs.EXPORT_COLUMNS)
    assert len(rows) == 4
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))  # ordered by date: October first
    assert (first["topic"], first["mentee"], first["group"], first["cohort"]) == (
        "Phỏng vấn",
        "Võ Minh An",
        "Backend Guild",
        "2026-Q4",
    )
    injected = next(dict(zip(header, r, strict=True)) for r in rows[1:] if "HYPERLINK" in r[8])
    assert injected["topic"].startswith("'=HYPERLINK")
    assert injected["notes"] == "'@SUM(A1)"
    assert injected["mentor_score"] == "4" and injected["needs_support"] == "no"

    by_group = _parse(
        session_logs.export_csv(db, world.admin, session_logs.ExportFilter(group_id=group.id))
    )
    assert len(by_group) == 3
    by_cohort = _parse(
        session_logs.export_csv(db, world.admin, session_logs.ExportFilter(cohort="2026-Q4"))
    )
    assert len(by_cohort) == 3
    by_mentor = _parse(
        session_logs.export_csv(
            db, world.admin, session_logs.ExportFilter(mentor_id=world.other_mentor_id)
        )
    )
    assert [r[8] for r in by_mentor[1:]] == ["SQL"]
    by_dates = _parse(
        session_logs.export_csv(
            db,
            world.admin,
            session_logs.ExportFilter(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30)),
        )
    )
    assert len(by_dates) == 3
    with pytest.raises(Invalid, match="start date"):
        session_logs.export_csv(
            db,
            world.admin,
            session_logs.ExportFilter(date_from=date(2026, 12, 1), date_to=date(2026, 11, 1)),
        )


def test_safe_cell_leaves_ordinary_values_alone() -> None:
    assert session_logs.safe_cell("Thiết kế") == "Thiết kế"
    assert session_logs.safe_cell("-1") == "'-1"
    assert session_logs.safe_cell(-1) == "-1"
    assert session_logs.safe_cell("+84 90") == "'+84 90"
    assert session_logs.safe_cell(None) == ""
    assert session_logs.safe_cell(True) == "yes"


# --- the dashboard read-model -------------------------------------------------------------


def test_the_mentor_dashboard_shows_each_mentee(db: Session, world: World) -> None:
    past = _booking(db, world.mentor_id, world.mentee_id, NOW - timedelta(days=1, hours=2))
    today = _booking(db, world.mentor_id, world.mentee_id, NOW + timedelta(hours=3))
    _booking(db, world.mentor_id, world.mentee_id, NOW + timedelta(days=20))
    for days, score in ((30, 2), (20, 3), (10, 4)):
        session_logs.create_log(
            db,
            world.mentor,
            _input(
                world.mentee_id,
                session_date=(NOW - timedelta(days=days)).date(),
                mentor_score=score,
                needs_support=days == 20,
            ),
            now=NOW,
        )
    board = mentor_dashboard.mentor_board(db, world.mentor, now=NOW)
    assert [m.name for m in board.mentees] == ["Võ Minh An"]
    an = board.mentees[0]
    assert an.scores == [2, 3, 4] and an.latest_score == 4 and an.trend == 1
    assert an.sessions == 3 and an.needs_support is True and an.assigned
    assert an.last_session == NOW - timedelta(days=1, hours=2)
    assert an.next_session == NOW + timedelta(hours=3)
    assert [(s.booking_id, s.today) for s in board.week] == [(past, False), (today, True)]
    assert [p.booking_id for p in board.prompts] == [past]
    assert len(board.per_week) == mentor_dashboard.CHART_WEEKS
    assert sum(w.sessions for w in board.per_week) == 3
    with pytest.raises(Forbidden):
        mentor_dashboard.mentor_board(db, world.mentee, now=NOW)
    other = mentor_dashboard.mentor_board(db, world.other_mentor, now=NOW)
    assert [m.name for m in other.mentees] == ["Hoàng Linh Chi"]


def test_the_mentee_page_marks_a_moved_booking_rescheduled(db: Session, world: World) -> None:
    start = NOW + timedelta(days=3)
    moved = _booking(db, world.mentor_id, world.mentee_id, start, status="cancelled")
    called_off = _booking(
        db, world.mentor_id, world.mentee_id, start + timedelta(hours=2), status="cancelled"
    )
    later = _booking(db, world.mentor_id, world.mentee_id, start + timedelta(days=1))
    row = db.get(Booking, later)
    assert row is not None
    row.rescheduled_from_id = moved
    db.add(row)
    db.commit()
    page = mentor_dashboard.mentee_page(db, world.mentor, world.mentee_id, now=NOW)
    found = {b.id: b for b in page.bookings}
    assert found[moved].rescheduled and found[moved].status == "cancelled"
    assert not found[called_off].rescheduled and not found[later].rescheduled
    assert [shown_status(found[i].status, found[i].rescheduled) for i in (moved, called_off)] == [
        "rescheduled",
        "cancelled",
    ]


def test_the_mentee_page_is_for_their_mentor_and_admins(db: Session, world: World) -> None:
    session_logs.create_log(db, world.mentor, _input(world.mentee_id), now=NOW)
    page = mentor_dashboard.mentee_page(db, world.mentor, world.mentee_id, now=NOW)
    assert page.summary.name == "Võ Minh An" and [v.topic for v in page.logs] == [
        "Thiết kế hệ thống"
    ]
    assert mentor_dashboard.mentee_page(db, world.admin, world.mentee_id, now=NOW).logs
    with pytest.raises(NotFound):
        mentor_dashboard.mentee_page(db, world.other_mentor, world.mentee_id, now=NOW)
    with pytest.raises(Forbidden):
        mentor_dashboard.mentee_page(db, world.mentee, world.mentee_id, now=NOW)


def _fill(db: Session, world: World, first: int, mentees: int, logs_each: int) -> None:
    for i in range(first, first + mentees):
        mentee_id = factories.mentee_id(
            db, factories.mentee(db, f"m{i}@example.com", name=f"Mentee {i:02d}")
        )
        db.get(MenteeProfile, mentee_id).mentor_id = world.mentor_id  # type: ignore[union-attr]
        db.commit()
        _booking(db, world.mentor_id, mentee_id, NOW - timedelta(days=2, hours=i))
        _booking(db, world.mentor_id, mentee_id, NOW + timedelta(days=3, hours=i))
        for k in range(logs_each):
            db.add(
                SessionLog(
                    mentor_id=world.mentor_id,
                    mentee_id=mentee_id,
                    session_date=(NOW - timedelta(days=7 * k + 3)).date(),
                    topic=f"Topic {k}",
                    mentor_score=1 + (i + k) % 5,
                    needs_support=k == 0 and i % 7 == 0,
                )
            )
        db.commit()


def _count_queries(db: Session, fn: object, actor: User) -> int:
    """Statements run by ``fn`` from a cold session (the actor's own row already loaded)."""
    db.expire_all()
    db.refresh(actor)
    engine = db.get_bind()
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        fn()  # type: ignore[operator]
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def test_the_dashboard_query_count_does_not_grow_with_mentees(db: Session, world: World) -> None:
    def board() -> None:
        mentor_dashboard.mentor_board(db, world.mentor, now=NOW)

    _fill(db, world, 0, 5, 4)
    small = _count_queries(db, board, world.mentor)
    _fill(db, world, 5, 45, 4)
    assert len(mentor_dashboard.mentor_board(db, world.mentor, now=NOW).mentees) == 51
    large = _count_queries(db, board, world.mentor)
    assert small == large == 7


def test_a_cancelled_booking_does_not_make_someone_my_mentee(db: Session, world: World) -> None:
    _booking(
        db, world.mentor_id, world.other_mentee_id, NOW - timedelta(days=5), status="cancelled"
    )
    board = mentor_dashboard.mentor_board(db, world.mentor, now=NOW)
    assert [m.name for m in board.mentees] == ["Võ Minh An"]
    with pytest.raises(NotFound):
        session_logs.create_log(db, world.mentor, _input(world.other_mentee_id), now=NOW)


def test_the_demo_programme_has_something_to_show(db: Session) -> None:
    from tra_da.services import demo_data

    demo_data.seed(db)
    minh = accounts.find_by_email(db, "minh.tran@demo.trada.vn")
    board = mentor_dashboard.mentor_board(db, minh)
    assert [p.mentee_name for p in board.prompts] == ["Hoàng Linh Chi"]
    assert sum(w.sessions for w in board.per_week) > 0
    an = accounts.find_by_email(db, "an.vo@demo.trada.vn")
    assert [v.topic for v in session_logs.rating_prompts(db, an)] == ["Làm chủ hệ thống production"]
    admin = accounts.find_by_email(db, demo_data.ADMIN_EMAIL)
    assert [f.mentee for f in overview.dashboard_for(db, admin).support] == ["Đỗ Thanh Bình"]
