"""Issue 13 on the scaled set-up: PostgreSQL + Redis, one app process with 2 web workers
(`reflex run --env prod --backend-only`, as containers run it), the outbox relay in its own
process. A burst is answered without a 500, no booking is doubled and no outbox row is lost,
and SIGTERM under load stops the app within 10 s."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import text

from tests import burst
from tests.appcopy import copy_env, make_copy
from tests.conftest import _fresh_postgres_database
from tests.scale.test_two_processes import ROOT, App, _start, _start_app, _wait_healthy

pytestmark = pytest.mark.scale


def _env(url: str, redis_url: str, **extra: str) -> dict[str, str]:
    return {
        **copy_env(),
        "DATABASE_URL": url,
        "REDIS_URL": redis_url,
        "SEED_DEMO_DATA": "true",
        "RUN_OUTBOX_RELAY": "false",
        "REFLEX_TRUSTED_PROXY_HOPS": "1",
        "OUTBOX_POLL_SECONDS": "0.5",
        **extra,
    }


@pytest.fixture(scope="module")
def scaled(postgres_server: str, redis_url: str) -> Iterator[tuple[str, App]]:
    url = _fresh_postgres_database(postgres_server)
    env = _env(url, redis_url, WEB_WORKERS="2")
    host = make_copy()  # never the checkout's .states (tests/appcopy.py)
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run(
        [python, "-m", "tra_da.cli", "prepare"], cwd=host, env=env, check=True, capture_output=True
    )
    app = _start_app("burst-pg", env, host)
    relay = _start("burst-relay", [python, "-m", "tra_da.worker"], env, host)
    try:
        _wait_healthy(app)
        yield url, app
    finally:
        app.stop()
        if relay.poll() is None:
            os.killpg(relay.pid, signal.SIGTERM)
            relay.wait(timeout=20)
        shutil.rmtree(host, ignore_errors=True)


def test_a_burst_on_postgresql_with_two_workers(scaled: tuple[str, App]) -> None:
    url, app = scaled
    clients = burst.run(burst.register(app.base, 20, "pg-burst"))
    # Backend-only serves no pages; the API docs' assets are its static files.
    report = burst.run(
        burst.burst(app.base, clients, static_path="/api/docs/assets/swagger-ui.css")
    )
    print(
        f"burst on PostgreSQL: {dict(report.statuses)}, "
        f"slowest per status {report.slowest_by_status}"
    )
    assert not report.problems(), report.problems()
    assert report.statuses[200] > 0, report.statuses

    # Each live booking made in the burst has its side effects queued (none lost), and the
    # relay process delivers every one that is due (reminders wait for their time).
    from tra_da.db import engine_for

    booking_ids = [booking for _, booking, _ in report.bookings_seen]
    deadline = time.monotonic() + 60
    with engine_for(url).connect() as conn:
        while True:
            rows = conn.execute(
                text(
                    "SELECT b.id, count(o.id), count(o.id) FILTER (WHERE o.status = 'dead' OR "
                    "(o.status = 'pending' AND o.next_attempt_at <= now())) "
                    "FROM booking b LEFT JOIN outbox_message o ON o.booking_id = b.id "
                    "WHERE b.id = ANY(:ids) GROUP BY b.id"
                ),
                {"ids": booking_ids},
            ).all()
            conn.rollback()
            assert len(rows) == len(booking_ids)
            assert all(queued >= 2 for _, queued, _ in rows), rows
            if all(undelivered == 0 for *_, undelivered in rows) or time.monotonic() > deadline:
                break
            time.sleep(1)
    assert all(undelivered == 0 for *_, undelivered in rows), f"not delivered: {rows}"


def test_sigterm_under_load_stops_the_app_within_10_seconds(
    scaled: tuple[str, App], postgres_server: str
) -> None:
    _, app = scaled
    clients = burst.run(burst.register(app.base, 5, "pg-stop"))
    stop = threading.Event()
    answered: list[int | str] = []

    def hammer() -> None:
        with httpx.Client(base_url=app.base, timeout=20) as http:
            while not stop.is_set():
                try:
                    who = clients[len(answered) % len(clients)]
                    answered.append(http.get("/api/mentors", headers=who.headers()).status_code)
                except httpx.HTTPError as exc:
                    answered.append(type(exc).__name__)

    workers = [threading.Thread(target=hammer) for _ in range(30)]
    for worker in workers:
        worker.start()
    try:
        time.sleep(2)
        started = time.monotonic()
        os.killpg(app.process.pid, signal.SIGTERM)
        app.process.wait(timeout=15)
        stopped_in = time.monotonic() - started
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=30)
    print(f"stopped in {stopped_in:.1f} s after {len(answered)} requests")
    assert stopped_in <= 10
    assert 500 not in answered
