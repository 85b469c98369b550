"""Scale-out: two app processes share one PostgreSQL and one Redis, a separate relay delivers.

Each app process is `reflex run --env prod --backend-only` (the API and the websocket, no
frontend build) configured only through the environment: DATABASE_URL, REDIS_URL, WEB_WORKERS,
RUN_OUTBOX_RELAY=false. What it proves:
- a mentee signed in on process A books; process B refuses the same slot at once;
- a token issued by A works on B, and B's sign-in limit counts A's failures (Redis);
- 200 concurrent attempts spread over both processes give exactly one booking per slot;
- killing B (SIGKILL) mid-load loses no booking and no outbox row: every 201 the clients saw is
  in the database with its two confirmation emails queued, and the relay process delivers them.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import insert, text
from sqlmodel import Session, select

from tests.appcopy import copy_env, make_copy
from tests.conftest import _fresh_postgres_database, free_port

pytestmark = pytest.mark.scale

ROOT = Path(__file__).resolve().parents[2]
LOGS = ROOT / "test-artifacts"
MENTEES, SLOTS_PER_ROUND, ATTEMPTS = 200, 20, 200
SHED_RETRIES = 5
PASSWORD = "scale-out-passphrase-2026"


@dataclass
class App:
    name: str
    base: str
    process: subprocess.Popen[bytes]

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class World:
    url: str
    a: App
    b: App
    mentees: list[tuple[int, str]] = field(default_factory=list)  # (user id, access token)
    round_slots: list[list[int]] = field(default_factory=list)


def _env(database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    return {
        **copy_env(),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "RUN_OUTBOX_RELAY": "false",
        "SEED_DEMO_DATA": "false",
        "RATE_LIMIT_LOGIN": "3/15minutes",
        "OUTBOX_POLL_SECONDS": "0.3",
        **extra,
    }


def _start(name: str, cmd: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen[bytes]:
    LOGS.mkdir(exist_ok=True)
    with (LOGS / f"scale-{name}.log").open("w") as log:
        return subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )


def _start_app(name: str, env: dict[str, str], cwd: Path) -> App:
    port = free_port()
    cmd = [
        str(ROOT / ".venv" / "bin" / "reflex"),
        "run",
        "--env",
        "prod",
        "--backend-only",
        "--backend-host",
        "127.0.0.1",
        "--backend-port",
        str(port),
        "--loglevel",
        "warning",
    ]
    return App(name, f"http://127.0.0.1:{port}", _start(name, cmd, env, cwd))


def _wait_healthy(app: App) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if app.process.poll() is not None:
            log = (LOGS / f"scale-{app.name}.log").read_text()[-3000:]
            pytest.fail(f"app process {app.name} exited early:\n{log}")
        try:
            if httpx.get(f"{app.base}/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    pytest.fail(f"app process {app.name} did not become healthy in 3 minutes")


def _seed(url: str) -> tuple[list[tuple[int, str]], list[list[int]]]:
    """A mentor with three rounds of slots and 200 signed-in mentees (API sessions)."""
    from tra_da.db import engine_for
    from tra_da.models import MentorProfile, Slot, User
    from tra_da.services import accounts, auth

    engine = engine_for(url)
    start = (datetime.now(UTC) + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    with Session(engine) as db:
        mentor = accounts.create_user(
            db, email="mentor@scale.trada.vn", name="Cô Lan", role="mentor", password=None
        )
        profile = db.exec(select(MentorProfile).where(MentorProfile.user_id == mentor.id)).one()
        mentees = [
            accounts.create_user(
                db,
                email=f"mentee{i}@scale.trada.vn",
                name=f"Mentee {i}",
                role="mentee",
                password=PASSWORD if i == 0 else None,  # mentee0 signs in through the API
            )
            for i in range(MENTEES)
        ]
        db.commit()
        rounds = []
        for r in range(3):
            rows = [
                {
                    "mentor_id": profile.id,
                    "start_at": start + timedelta(days=r, hours=k // 2, minutes=30 * (k % 2)),
                    "end_at": start + timedelta(days=r, hours=k // 2, minutes=30 * (k % 2) + 25),
                    "status": "open",
                    "created_at": datetime.now(UTC),
                }
                for k in range(SLOTS_PER_ROUND)
            ]
            db.execute(insert(Slot), rows)
            db.commit()
            rounds.append(
                list(
                    db.exec(
                        select(Slot.id)
                        .where(Slot.start_at >= start + timedelta(days=r))
                        .where(Slot.start_at < start + timedelta(days=r + 1))
                        .order_by(Slot.id)
                    ).all()
                )
            )
        tokens = []
        for user in mentees:
            pair = auth.open_api_session(db, db.get(User, user.id))
            tokens.append((user.id, pair.access_token))
    return tokens, rounds


@pytest.fixture(scope="module")
def world(postgres_server: str, redis_url: str) -> Iterator[World]:
    from tra_da.cli import migrate

    url = _fresh_postgres_database(postgres_server)
    migrate(url)
    mentees, rounds = _seed(url)
    # Both processes in one copy of the project, as on one host (tests/appcopy.py): never in
    # the checkout, where `reflex run` would clear the .states of an app `make run` serves.
    host = make_copy()
    # One after the other: `reflex run` clears the disk state folder (.states) as it starts,
    # and two processes clearing it at once trip over each other's deletions.
    a = _start_app("app-a", _env(url, redis_url, WEB_WORKERS="2"), host)
    apps = [a]
    relay = None
    try:
        _wait_healthy(a)
        b = _start_app("app-b", _env(url, redis_url, WEB_WORKERS="1"), host)
        apps.append(b)
        _wait_healthy(b)
        relay = _start(
            "relay",
            [str(ROOT / ".venv" / "bin" / "python"), "-m", "tra_da.worker"],
            _env(url, redis_url),
            host,
        )
        yield World(url, a, b, mentees, rounds)
    finally:
        for app in apps:
            app.stop()
        if relay is not None and relay.poll() is None:
            os.killpg(relay.pid, signal.SIGTERM)
            relay.wait(timeout=20)
        shutil.rmtree(host, ignore_errors=True)


def _book(base: str, token: str, slot_id: int) -> httpx.Response:
    """Book as a well-behaved client does: a 503 (the process shed the request) is tried again
    after its Retry-After. Shedding is the admission gate's answer to a busy machine, not a
    booking outcome; the guarantees under test are about what the retries finally get."""
    for _ in range(SHED_RETRIES):
        response = httpx.post(
            f"{base}/api/slots/{slot_id}/book",
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        if response.status_code != 503:
            return response
        retry_after = response.headers.get("Retry-After")
        assert retry_after is not None, "a shed request must say when to come back"
        time.sleep(min(float(retry_after), 5.0))
    return response


def _bookings_per_slot(url: str, slot_ids: list[int]) -> dict[int, list[int]]:
    from tra_da.db import engine_for

    with engine_for(url).connect() as conn:
        rows = conn.execute(
            text(
                "SELECT slot_id, id FROM booking WHERE status = 'confirmed' AND slot_id = ANY(:ids)"
            ),
            {"ids": slot_ids},
        ).all()
    out: dict[int, list[int]] = {s: [] for s in slot_ids}
    for slot_id, booking_id in rows:
        out[slot_id].append(booking_id)
    return out


def test_one_process_books_and_the_other_refuses_at_once(world: World) -> None:
    slot = world.round_slots[0][0]
    signed_in = httpx.post(
        f"{world.a.base}/api/auth/login",
        json={"email": "mentee0@scale.trada.vn", "password": PASSWORD},
        timeout=30,
    )
    assert signed_in.status_code == 200, signed_in.text
    first, (_, second) = signed_in.json()["access_token"], world.mentees[1]
    booked = _book(world.a.base, first, slot)
    assert booked.status_code == 201, booked.text
    refused = _book(world.b.base, second, slot)
    assert refused.status_code == 409, refused.text
    # The booking made on A is the first mentee's on B too (same database, same signing key).
    mine = httpx.get(
        f"{world.b.base}/api/bookings", headers={"Authorization": f"Bearer {first}"}, timeout=10
    )
    assert mine.status_code == 200 and [b["id"] for b in mine.json()] == [booked.json()["id"]]


def test_sign_in_limit_is_shared_through_redis(world: World) -> None:
    wrong = {"email": "mentee5@scale.trada.vn", "password": "not-the-password"}
    statuses = [
        httpx.post(f"{app.base}/api/auth/login", json=wrong, timeout=10).status_code
        for app in (world.a, world.b, world.a, world.b)
    ]
    # RATE_LIMIT_LOGIN=3/15minutes: three failures on two processes, then the fourth is refused.
    assert statuses == [401, 401, 401, 429], statuses


def test_200_attempts_over_both_processes_give_one_booking_per_slot(world: World) -> None:
    slots = world.round_slots[1]
    bases = [world.a.base, world.b.base]

    def attempt(i: int) -> int:
        _, token = world.mentees[i]
        return _book(bases[i % 2], token, slots[i % len(slots)]).status_code

    with ThreadPoolExecutor(max_workers=40) as pool:
        statuses = list(pool.map(attempt, range(ATTEMPTS)))
    assert sorted(set(statuses)) == [201, 409], statuses
    assert statuses.count(201) == len(slots)
    per_slot = _bookings_per_slot(world.url, slots)
    assert all(len(ids) == 1 for ids in per_slot.values()), per_slot


def test_killing_a_process_mid_load_loses_no_booking_and_no_outbox_row(world: World) -> None:
    from tra_da.db import engine_for

    slots = world.round_slots[2]
    answered = threading.Semaphore(0)
    created: list[int] = []
    lock = threading.Lock()
    failovers = 0

    def attempt(i: int) -> int:
        nonlocal failovers
        _, token = world.mentees[i]
        slot = slots[i % len(slots)]
        first = world.b if i % 2 else world.a
        try:
            response = _book(first.base, token, slot)
        except httpx.HTTPError:
            # What a load balancer does when a backend dies: the client tries the other one.
            with lock:
                failovers += 1
            response = _book(world.a.base, token, slot)
        if response.status_code == 201:
            with lock:
                created.append(response.json()["id"])
        answered.release()
        return response.status_code

    with ThreadPoolExecutor(max_workers=40) as pool:
        futures = [pool.submit(attempt, i) for i in range(ATTEMPTS)]
        for _ in range(30):  # let the load get going, then kill B with requests in flight
            answered.acquire(timeout=60)
        world.b.kill()
        statuses = [f.result() for f in futures]

    assert world.b.process.returncode is not None
    assert failovers > 0, "B died only after the load ended: the kill did not happen mid-load"
    assert set(statuses) <= {201, 409}, statuses
    per_slot = _bookings_per_slot(world.url, slots)
    assert all(len(ids) == 1 for ids in per_slot.values()), per_slot
    in_db = sorted(ids[0] for ids in per_slot.values())
    # Every booking a client was told about exists; a booking whose answer was lost with B
    # exists too and its slot refused the retry (409), so no slot is left double or empty.
    assert set(created) <= set(in_db)
    engine = engine_for(world.url)
    with engine.connect() as conn:
        confirmations = dict(
            conn.execute(
                text(
                    "SELECT booking_id, count(*) FROM outbox_message "
                    "WHERE kind = 'email' AND dedupe_key LIKE 'email.booking_confirmed:%' "
                    "AND booking_id = ANY(:ids) GROUP BY booking_id"
                ),
                {"ids": in_db},
            ).all()
        )
    assert confirmations == dict.fromkeys(in_db, 2), confirmations

    # The separate relay process delivers every one of them.
    deadline = time.monotonic() + 90
    while True:
        with engine.connect() as conn:
            pending = conn.execute(
                text(
                    "SELECT count(*) FROM outbox_message WHERE booking_id = ANY(:ids) "
                    "AND dedupe_key LIKE 'email.booking_confirmed:%' AND status <> 'done'"
                ),
                {"ids": in_db},
            ).scalar_one()
        if pending == 0 or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert pending == 0, f"{pending} confirmation emails were not delivered by the relay"
