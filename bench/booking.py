"""Directory and booking speed with 10,000 mentors and 200,000 slots, plus the booking race.

    .venv/bin/python bench/booking.py [--database-url URL]   # default: a temporary SQLite file

Prints p50/p95 (ms, in-process, 50 runs) for directory pages and for bookings, then races 200
booking attempts (threads) on 20 slots and counts bookings and refusals.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text
from sqlmodel import Session, select

from tra_da.cli import migrate
from tra_da.db import engine_for
from tra_da.models import MenteeProfile, MentorExpertise, MentorProfile, Slot, User
from tra_da.services import booking, directory
from tra_da.services.errors import Conflict

MENTORS, SLOTS_PER_MENTOR, RUNS = 10_000, 20, 50
TAGS = ["python", "sql", "design", "product", "data", "go", "career", "ml", "ux", "cloud"]


def fill(url: str) -> None:
    migrate(url)
    engine = engine_for(url)
    start = (datetime.now(UTC) + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    with engine.begin() as conn:
        now = datetime.now(UTC)
        conn.execute(
            insert(User),
            [
                {
                    "email": f"mentor{i}@bench.local",
                    "name": f"Mentor {i:05d}",
                    "role": "mentor",
                    "is_active": True,
                    "timezone": "Asia/Ho_Chi_Minh",
                    "locale": "vi",
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(MENTORS)
            ],
        )
        conn.execute(
            insert(User),
            [
                {
                    "email": f"mentee{i}@bench.local",
                    "name": f"Mentee {i:03d}",
                    "role": "mentee",
                    "is_active": True,
                    "timezone": "Asia/Ho_Chi_Minh",
                    "locale": "vi",
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(300)
            ],
        )
    with Session(engine) as db:
        mentor_users = db.exec(select(User.id).where(User.role == "mentor").order_by(User.id)).all()
        mentee_users = db.exec(select(User.id).where(User.role == "mentee")).all()
    with engine.begin() as conn:
        conn.execute(
            insert(MentorProfile),
            [
                {
                    "user_id": uid,
                    "headline": f"Headline {i}",
                    "bio": f"Mentor bio number {i}",
                    "track": f"Track {i % 8}",
                    "search_text": directory.fold(
                        f"Mentor {i:05d} Headline {i} Mentor bio number {i} Track {i % 8} "
                        f"{TAGS[i % len(TAGS)]} {TAGS[(i + 1) % len(TAGS)]}"
                    ),
                    "max_mentees": 5,
                    "assigned_count": 0,
                    "created_at": now,
                    "updated_at": now,
                }
                for i, uid in enumerate(mentor_users)
            ],
        )
        conn.execute(
            insert(MenteeProfile),
            [
                {
                    "user_id": uid,
                    "goals": "",
                    "interests": "",
                    "track": "",
                    "background": "",
                    "capacity_override": False,
                    "created_at": now,
                    "updated_at": now,
                }
                for uid in mentee_users
            ],
        )
    with Session(engine) as db:
        mentor_ids = db.exec(select(MentorProfile.id).order_by(MentorProfile.id)).all()
    with engine.begin() as conn:
        conn.execute(
            insert(MentorExpertise),
            [
                {"mentor_id": m, "tag": TAGS[(i + k) % len(TAGS)]}
                for i, m in enumerate(mentor_ids)
                for k in range(2)
            ],
        )
        if conn.dialect.name == "postgresql":
            # A bulk load: the per-row trigger would queue 200,000 deferred updates at commit;
            # load without it and compute every mentor's next open slot once afterwards.
            conn.execute(text("SET LOCAL session_replication_role = replica"))
        rows = []
        for i, m in enumerate(mentor_ids):
            for k in range(SLOTS_PER_MENTOR):
                s = start + timedelta(days=k % 30, hours=(i % 12) + (k // 30) * 13)
                rows.append(
                    {
                        "mentor_id": m,
                        "start_at": s,
                        "end_at": s + timedelta(minutes=45),
                        "status": "open",
                        "created_at": now,
                    }
                )
            if len(rows) >= 20_000:
                conn.execute(insert(Slot), rows)
                rows = []
        if rows:
            conn.execute(insert(Slot), rows)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("ANALYZE"))
            conn.execute(
                text(
                    "UPDATE mentor_profile SET next_open_at = (SELECT min(start_at) FROM slot "
                    "WHERE slot.mentor_id = mentor_profile.id AND status = 'open' "
                    "AND start_at >= now())"
                )
            )


def p50_p95(samples: list[float]) -> str:
    samples = sorted(samples)
    return f"{statistics.median(samples):7.2f} / {samples[int(len(samples) * 0.95) - 1]:7.2f}"


def timed(fn) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    t0 = time.perf_counter()
    fill(url)
    print(
        f"filled {MENTORS} mentors, {MENTORS * SLOTS_PER_MENTOR} slots in "
        f"{time.perf_counter() - t0:.1f} s ({url.split(':')[0]})"
    )
    engine = engine_for(url)
    with Session(engine) as db:
        viewer = db.exec(select(User).where(User.role == "mentee")).first()
        now = datetime.now(UTC)
        cases = {
            "directory first page": dict(),
            "directory page 300": dict(offset=3600),
            "directory search text": dict(query="number 4242"),
            "directory expertise": dict(expertise="ux"),
            "directory open in 7 days": dict(
                available_from=now, available_to=now + timedelta(days=7)
            ),
            "directory open in 30 days": dict(
                available_from=now, available_to=now + timedelta(days=30)
            ),
            "directory accent-free name": dict(query="mentor 0424"),
        }
        print(f"{'case':<28} p50 / p95 ms")
        for name, kwargs in cases.items():
            samples = timed(lambda kw=kwargs: directory.search(db, viewer, limit=12, **kw))
            print(f"{name:<28} {p50_p95(samples)}")
        mentees = db.exec(select(User).where(User.role == "mentee")).all()
        free = db.exec(select(Slot.id).where(Slot.status == "open").limit(RUNS)).all()
        samples = []
        for mentee, slot_id in zip(mentees, free, strict=False):
            t1 = time.perf_counter()
            booking.book_slot(db, mentee, slot_id)
            samples.append((time.perf_counter() - t1) * 1000)
        print(f"{'booking':<28} {p50_p95(samples)}")
        race_slots = db.exec(
            select(Slot.id).where(Slot.status == "open").offset(500).limit(20)
        ).all()
        racers = [m.id for m in mentees[100:300]]
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(i: int) -> None:
        with Session(engine) as db:
            try:
                booking.book_slot(db, db.get(User, racers[i]), race_slots[i % 20])
                result = "booked"
            except Conflict:
                result = "refused"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(200)]
    t2 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    booked, refused = outcomes.count("booked"), outcomes.count("refused")
    print(
        f"race: 200 attempts on 20 slots -> {booked} booked, {refused} refused, "
        f"{len(outcomes) - booked - refused} other, {time.perf_counter() - t2:.2f} s"
    )


if __name__ == "__main__":
    main()
