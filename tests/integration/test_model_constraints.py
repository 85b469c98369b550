"""The database itself refuses bad data, not only the Python code in front of it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from tra_da.models import (
    Booking,
    MenteeProfile,
    MentorProfile,
    SessionLog,
    Slot,
    User,
)


def _user(db: Session, email: str, role: str = "mentee") -> User:
    user = User(email=email, name="Người dùng", role=role, password_hash="x")
    db.add(user)
    db.flush()
    return user


def _mentor_and_mentee(db: Session) -> tuple[MentorProfile, MenteeProfile]:
    mentor = MentorProfile(user_id=_user(db, "mentor@example.com", "mentor").id)
    mentee = MenteeProfile(user_id=_user(db, "mentee@example.com").id)
    db.add_all([mentor, mentee])
    db.flush()
    return mentor, mentee


def _refused(db: Session, statement: str, params: dict | None = None) -> None:
    """Raw SQL, bypassing every Python-side check: the constraint must fire in the database."""
    with pytest.raises(IntegrityError), db.begin_nested():
        db.execute(text(statement), params or {})


def test_email_is_unique_whatever_its_case(db: Session) -> None:
    _user(db, "lan@example.com")
    db.commit()
    _refused(
        db,
        "INSERT INTO user_account (email, name, role, is_active, timezone, locale, created_at, "
        "updated_at) VALUES ('LAN@Example.COM', 'Lan', 'mentee', true, 'UTC', 'vi', "
        "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
    )


def test_role_and_locale_are_closed_sets(db: Session) -> None:
    base = (
        "INSERT INTO user_account (email, name, role, is_active, timezone, locale, created_at, "
        "updated_at) VALUES (:email, 'X', :role, true, 'UTC', :locale, CURRENT_TIMESTAMP, "
        "CURRENT_TIMESTAMP)"
    )
    _refused(db, base, {"email": "a@example.com", "role": "superuser", "locale": "vi"})
    _refused(db, base, {"email": "b@example.com", "role": "mentee", "locale": "fr"})


def test_session_log_scores_stay_between_1_and_5(db: Session) -> None:
    mentor, mentee = _mentor_and_mentee(db)
    db.commit()
    insert = (
        "INSERT INTO session_log (mentor_id, mentee_id, session_date, topic, mentor_score, "
        "mentee_score, needs_support, notes, action_items, created_at, updated_at) VALUES "
        "(:mentor, :mentee, '2026-11-20', 'Topic', :ms, :es, false, '', '', CURRENT_TIMESTAMP, "
        "CURRENT_TIMESTAMP)"
    )
    ids = {"mentor": mentor.id, "mentee": mentee.id}
    _refused(db, insert, {**ids, "ms": 6, "es": None})
    _refused(db, insert, {**ids, "ms": 0, "es": None})
    _refused(db, insert, {**ids, "ms": 3, "es": 6})
    with db.begin_nested():
        db.execute(text(insert), {**ids, "ms": 5, "es": 1})


def test_slot_must_end_after_it_starts(db: Session) -> None:
    mentor, _ = _mentor_and_mentee(db)
    db.commit()
    start = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)
    with pytest.raises(IntegrityError), db.begin_nested():
        db.add(Slot(mentor_id=mentor.id, start_at=start, end_at=start - timedelta(minutes=30)))
        db.flush()
    with pytest.raises(IntegrityError), db.begin_nested():
        db.add(Slot(mentor_id=mentor.id, start_at=start, end_at=start))
        db.flush()


def test_one_live_booking_per_slot(db: Session) -> None:
    mentor, mentee = _mentor_and_mentee(db)
    start = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)
    slot = Slot(mentor_id=mentor.id, start_at=start, end_at=start + timedelta(hours=1))
    db.add(slot)
    db.flush()
    fields = dict(
        slot_id=slot.id,
        mentor_id=mentor.id,
        mentee_id=mentee.id,
        start_at=slot.start_at,
        end_at=slot.end_at,
    )
    db.add(Booking(**fields, status="confirmed"))
    db.commit()
    with pytest.raises(IntegrityError), db.begin_nested():
        db.add(Booking(**fields, status="pending"))
        db.flush()
    # A cancelled booking does not hold the slot: history may hold many of them.
    with db.begin_nested():
        db.add(Booking(**fields, status="cancelled"))
        db.add(Booking(**fields, status="cancelled"))
        db.flush()


def test_foreign_keys_are_enforced(db: Session) -> None:
    start = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)
    with pytest.raises(IntegrityError), db.begin_nested():
        db.add(Slot(mentor_id=999_999, start_at=start, end_at=start + timedelta(hours=1)))
        db.flush()


def test_times_come_back_as_utc(db: Session) -> None:
    mentor, mentee = _mentor_and_mentee(db)
    hanoi = datetime(2026, 12, 1, 18, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    slot = Slot(mentor_id=mentor.id, start_at=hanoi, end_at=hanoi + timedelta(minutes=45))
    db.add(slot)
    db.commit()
    db.expunge_all()
    loaded = db.get(Slot, slot.id)
    assert loaded is not None and loaded.start_at == hanoi
    assert loaded.start_at.tzinfo == UTC and loaded.start_at.hour == 11
    log = SessionLog(
        mentor_id=mentor.id,
        mentee_id=mentee.id,
        session_date=date(2026, 11, 1),
        topic="x",
        mentor_score=4,
    )
    db.add(log)
    db.commit()
    assert log.id is not None


def test_naive_datetimes_are_refused(db: Session) -> None:
    mentor, _ = _mentor_and_mentee(db)
    naive = datetime(2026, 12, 1, 11, 0)
    db.add(Slot(mentor_id=mentor.id, start_at=naive, end_at=naive + timedelta(hours=1)))
    with pytest.raises(Exception, match="naive datetime"):
        db.flush()
