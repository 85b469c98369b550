"""The mentor dashboard's data: a mentor with 50 mentees and 2,000 logs, in a programme of 200
mentors, 5,000 mentees and 100,000 logs.

    .venv/bin/python bench/mentor_dashboard.py [--database-url URL]   # default: a temporary SQLite

Prints p50/p95 (ms, in-process, 100 runs) of mentor_dashboard.mentor_board for the big mentor and
for a mentor with 5 mentees, and the SQL statements each run (counted with SQLAlchemy's
before_cursor_execute): the count must be the same for 5 and 50 mentees. Target: p95 <= 50 ms.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, insert
from sqlmodel import Session, select

from tra_da.cli import migrate
from tra_da.db import engine_for
from tra_da.models import Booking, MenteeProfile, MentorProfile, SessionLog, Slot, User
from tra_da.services import mentor_dashboard

MENTORS, MENTEES, RUNS = 200, 5_000, 100
BIG_MENTEES, BIG_LOGS = 50, 2_000  # mentor #0
SMALL_MENTEES = 5  # mentor #1
OTHER_LOGS = 98_000  # spread over the other mentors


def _users(conn: Any, role: str, count: int, now: datetime) -> None:
    conn.execute(
        insert(User),
        [
            {
                "email": f"{role}{i}@bench.local",
                "name": f"{role.title()} {i:05d}",
                "role": role,
                "is_active": True,
                "timezone": "Asia/Ho_Chi_Minh",
                "locale": "vi",
                "created_at": now,
                "updated_at": now,
            }
            for i in range(count)
        ],
    )


def fill(url: str) -> None:
    migrate(url)
    engine = engine_for(url)
    now = datetime.now(UTC).replace(microsecond=0)
    today = now.date()
    with engine.begin() as conn:
        _users(conn, "mentor", MENTORS, now)
        _users(conn, "mentee", MENTEES, now)
    with Session(engine) as db:
        mentor_users = db.exec(select(User.id).where(User.role == "mentor").order_by(User.id)).all()
        mentee_users = db.exec(select(User.id).where(User.role == "mentee").order_by(User.id)).all()
    with engine.begin() as conn:
        conn.execute(
            insert(MentorProfile),
            [
                {
                    "user_id": uid,
                    "track": f"Track {i % 8}",
                    "max_mentees": 60,
                    "assigned_count": 0,
                    "created_at": now,
                    "updated_at": now,
                }
                for i, uid in enumerate(mentor_users)
            ],
        )
    with Session(engine) as db:
        mentor_ids = list(db.exec(select(MentorProfile.id).order_by(MentorProfile.id)).all())

    def mentor_of(i: int) -> int:
        if i < BIG_MENTEES:
            return mentor_ids[0]
        if i < BIG_MENTEES + SMALL_MENTEES:
            return mentor_ids[1]
        return mentor_ids[2 + i % (MENTORS - 2)]

    with engine.begin() as conn:
        conn.execute(
            insert(MenteeProfile),
            [
                {
                    "user_id": uid,
                    "goals": "Grow as an engineer",
                    "interests": "",
                    "track": f"Track {i % 8}",
                    "background": "",
                    "mentor_id": mentor_of(i),
                    "capacity_override": False,
                    "created_at": now,
                    "updated_at": now,
                }
                for i, uid in enumerate(mentee_users)
            ],
        )
    with Session(engine) as db:
        mentee_ids = list(db.exec(select(MenteeProfile.id).order_by(MenteeProfile.id)).all())

    # Past and upcoming bookings of the two measured mentors: weekly, one hour apart per mentee.
    slots, bookings = [], []
    for i, mentee_id in enumerate(mentee_ids[: BIG_MENTEES + SMALL_MENTEES]):
        mentor_id = mentor_of(i)
        for week in range(-40, 3):
            start = now + timedelta(weeks=week, hours=i)
            slots.append(
                {
                    "mentor_id": mentor_id,
                    "start_at": start,
                    "end_at": start + timedelta(minutes=45),
                    "status": "booked",
                    "created_at": now,
                }
            )
            bookings.append((mentor_id, mentee_id, start))
    with engine.begin() as conn:
        conn.execute(insert(Slot), slots)
    with Session(engine) as db:
        slot_ids = list(db.exec(select(Slot.id).order_by(Slot.id)).all())
    with engine.begin() as conn:
        conn.execute(
            insert(Booking),
            [
                {
                    "slot_id": slot_id,
                    "mentor_id": mentor_id,
                    "mentee_id": mentee_id,
                    "start_at": start,
                    "end_at": start + timedelta(minutes=45),
                    "status": "completed" if start < now else "confirmed",
                    "meeting_link": "https://meet.jit.si/bench",
                    "created_at": now,
                    "updated_at": now,
                }
                for slot_id, (mentor_id, mentee_id, start) in zip(slot_ids, bookings, strict=True)
            ],
        )

    def log(mentor_id: int, mentee_id: int, k: int) -> dict[str, Any]:
        return {
            "mentor_id": mentor_id,
            "mentee_id": mentee_id,
            "session_date": today - timedelta(days=k % 700),
            "topic": f"Topic {k}",
            "mentor_score": 1 + k % 5,
            "mentee_score": 1 + (k * 7) % 5,
            "needs_support": k % 97 == 0,
            "notes": "private",
            "action_items": "Do the thing",
            "created_at": now,
            "updated_at": now,
        }

    rows = [log(mentor_ids[0], mentee_ids[k % BIG_MENTEES], k) for k in range(BIG_LOGS)]
    rows += [log(mentor_ids[1], mentee_ids[BIG_MENTEES + k % SMALL_MENTEES], k) for k in range(200)]
    with engine.begin() as conn:
        conn.execute(insert(SessionLog), rows)
        others = mentee_ids[BIG_MENTEES + SMALL_MENTEES :]
        batch: list[dict[str, Any]] = []
        for k in range(OTHER_LOGS):
            i = BIG_MENTEES + SMALL_MENTEES + k % len(others)
            batch.append(log(mentor_of(i), mentee_ids[i], k))
            if len(batch) >= 20_000:
                conn.execute(insert(SessionLog), batch)
                batch = []
        if batch:
            conn.execute(insert(SessionLog), batch)


def p50_p95(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def measure(db: Session, mentor: User) -> tuple[float, float, int, int]:
    engine = db.get_bind()
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    mentor_dashboard.mentor_board(db, mentor)  # warm the caches once
    samples = []
    event.listen(engine, "before_cursor_execute", count)
    try:
        for _ in range(RUNS):
            db.expire_all()
            db.refresh(mentor)
            before = len(statements)
            t0 = time.perf_counter()
            board = mentor_dashboard.mentor_board(db, mentor)
            samples.append((time.perf_counter() - t0) * 1000)
            per_run = len(statements) - before
    finally:
        event.remove(engine, "before_cursor_execute", count)
    p50, p95 = p50_p95(samples)
    return p50, p95, per_run, len(board.mentees)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    t0 = time.perf_counter()
    fill(url)
    print(
        f"filled {MENTORS} mentors, {MENTEES} mentees, {BIG_LOGS + 200 + OTHER_LOGS} logs in "
        f"{time.perf_counter() - t0:.1f} s ({url.split(':')[0]})"
    )
    engine = engine_for(url)
    with Session(engine) as db:
        mentors = db.exec(select(User).where(User.role == "mentor").order_by(User.id)).all()
        print(f"{'mentor_board':<34} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        for label, mentor in (("50 mentees, 2,000 logs", mentors[0]), ("5 mentees", mentors[1])):
            p50, p95, queries, mentees = measure(db, mentor)
            print(f"{label:<34} {p50:8.2f} {p95:8.2f} {queries:8d}   ({mentees} mentees)")
        print("target: p95 <= 50 ms, the same query count for 5 and 50 mentees")


if __name__ == "__main__":
    main()
