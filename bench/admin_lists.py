"""How fast is a page of the admin's mentee list with 10 versus 10,000 mentees?

    .venv/bin/python bench/admin_lists.py [--database-url URL]

Builds two throw-away SQLite databases (or uses the given empty PostgreSQL database for the large
one), fills them, and times the service call behind /admin/mentees: first page, a search, a
filtered page and a late page. Prints p50/p95 in milliseconds over 50 runs each.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sqlmodel import Session

from tra_da.cli import migrate
from tra_da.db import engine_for
from tra_da.models import MenteeGroup, MenteeProfile, MentorProfile, User
from tra_da.services.mentees import list_mentees

RUNS = 50


def fill(url: str, mentees: int) -> None:
    migrate(url)
    with Session(engine_for(url)) as db:
        admin = User(email="admin@bench.local", name="Admin", role="admin")
        db.add(admin)
        mentors = []
        for i in range(50):
            user = User(email=f"mentor{i}@bench.local", name=f"Mentor {i:02d}", role="mentor")
            db.add(user)
            db.flush()
            mentor = MentorProfile(user_id=user.id, track=f"Track {i % 5}", max_mentees=500)
            db.add(mentor)
            mentors.append(mentor)
        group = MenteeGroup(name="Bench", cohort="2026")
        db.add(group)
        db.flush()
        for i in range(mentees):
            user = User(email=f"mentee{i}@bench.local", name=f"Người học {i:05d}", role="mentee")
            db.add(user)
            db.flush()
            db.add(
                MenteeProfile(
                    user_id=user.id,
                    track=f"Track {i % 5}",
                    mentor_id=mentors[i % 50].id if i % 3 else None,
                    group_id=group.id if i % 7 == 0 else None,
                )
            )
            if i % 1000 == 999:
                db.flush()
        db.commit()


def timed(url: str, **filters: object) -> tuple[float, float]:
    samples = []
    with Session(engine_for(url)) as db:
        admin = db.exec(__import__("sqlmodel").select(User).where(User.role == "admin")).one()
        for _ in range(RUNS):
            start = time.perf_counter()
            list_mentees(db, admin, page_size=20, **filters)  # type: ignore[arg-type]
            samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", help="an empty database for the 10,000 case")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tra-da-bench-"))
    small = f"sqlite:///{folder / 'small.db'}"
    large = args.database_url or f"sqlite:///{folder / 'large.db'}"
    fill(small, 10)
    fill(large, 10_000)
    cases = {
        "first page": {},
        "search 'học 0042'": {"query": "học 0042"},
        "track + unassigned": {"track": "Track 3", "unassigned": True},
        "page 40": {"page": 40},
    }
    print(f"{'case':<22} {'10 mentees p50/p95 ms':>24} {'10,000 mentees p50/p95 ms':>28}")
    for name, filters in cases.items():
        s50, s95 = timed(small, **filters)
        l50, l95 = timed(large, **filters)
        print(f"{name:<22} {s50:>12.2f} / {s95:<9.2f} {l50:>14.2f} / {l95:<9.2f}")


if __name__ == "__main__":
    main()
