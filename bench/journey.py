"""`make bench`: the real HTTP server under a user journey, both set-ups, against a bare baseline.

    .venv/bin/python bench/journey.py [--seconds 30] [--users 50,200] [--only embedded|scaled]

1. Seeds 10,000 mentors, 200,000 slots, 50,000 mentees and 100,000 session logs, once into an
   SQLite file (the embedded default) and once into PostgreSQL (a server started here).
2. For each set-up, in a throw-away copy of the project (tests/appcopy.py, so a `make run` beside
   it keeps working): (a) embedded = `scripts/run.sh` as `make run` starts it (SQLite, disk state
   manager, one worker, relay inside); (b) scaled = `scripts/run.sh` with DATABASE_URL, REDIS_URL,
   WEB_WORKERS=2, RUN_OUTBOX_RELAY=false and `python -m tra_da.worker` beside it.
   locust drives browse -> open mentor -> book -> my sessions (think time 1-3 s) at each user count
   for --seconds; then bench/baseline.py (bare Starlette, same service calls, same worker count)
   on the same database gets the same load.
   Before that, the service-time model (bench/service_time.py): one user, sequential requests on
   one keep-alive connection, p50/p95/p99 and server CPU per request for each step, against
   issue 17's targets; the baseline gets the same. Alone: `--only embedded --models service`.
3. Embedded only, headless Chromium (bench/first_load.py): the landing page's first load
   (JavaScript KB gzip and requests; first contentful paint, interactive, median of 9 cold
   loads) and click "Book" -> confirmation; then the signed-in pages, cold and in-app, and the
   in-page interactions (bench/signed_in.py: admin, mentor and mentee, 7 runs each, with the
   load average of each). Its tables replace the generated part of docs/performance.md's
   "First load" section, beside the blank Reflex app's anchor.
Prints a Markdown table and writes bench-results/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pwd
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
# The tree being measured (its tra_da and tests.appcopy), not whichever checkout the
# virtualenv's editable install names.
sys.path.insert(0, str(ROOT))
from bench import first_load, matching, service_time, signed_in  # noqa: E402
from bench.host import HostSampler  # noqa: E402
from tests import chromium  # noqa: E402
from tests.appcopy import copy_env, make_copy  # noqa: E402

VENV_BIN = ROOT / ".venv" / "bin"
OUT = ROOT / "bench-results"
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
MENTORS, SLOTS_PER_MENTOR, MENTEES, SESSION_LOGS = 10_000, 20, 50_000, 100_000
if os.environ.get("BENCH_SMALL"):  # tooling checks only: a tenth of the dataset
    MENTORS, MENTEES, SESSION_LOGS = 1_000, 10_000, 10_000
TAGS = ["python", "sql", "design", "product", "data", "go", "career", "ml", "ux", "cloud"]
BROWSER_EMAIL, BROWSER_PASSWORD = "mentee0@bench.trada.vn", "bench-passphrase-0001"
# The signed-in pages of bench/signed_in.py, one person per role (the admin is made by
# `prepare` from ADMIN_EMAIL / ADMIN_PASSWORD).
BROWSER_PEOPLE = {
    "admin": ("admin@bench.trada.vn", BROWSER_PASSWORD),
    "mentor": ("mentor0@bench.trada.vn", BROWSER_PASSWORD),
    "mentee": (BROWSER_EMAIL, BROWSER_PASSWORD),
}
SIGNED_IN_RUNS = 7
SECRET = "bench-secret-key-long-enough-for-hs256-0123456789abcdef"
FIRST_LOAD_RUNS = 9
# Issue 17's targets for the first load of / (embedded default, idle machine).
FIRST_LOAD_TARGETS = {"js_gzip_kb": 300, "js_files": 15, "fcp_ms": 400, "interactive_ms": 600}
STEPS = ["1 browse directory", "2 open mentor", "2 open mentor: slots", "3 book", "4 my sessions"]


def say(text: str) -> None:
    print(f"\033[1m==> {text}\033[0m", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- data -------------------------------------------------------------------------------------


def seed(url: str) -> None:
    """Bulk-load the large dataset (the same shape on SQLite and PostgreSQL)."""
    from sqlalchemy import insert, text, update
    from sqlmodel import Session, col, select

    from tra_da.cli import migrate
    from tra_da.db import engine_for
    from tra_da.models import MenteeProfile, MentorExpertise, MentorProfile, Slot, User
    from tra_da.models.session_log import SessionLog
    from tra_da.services import directory, passwords

    rng = random.Random(8)
    migrate(url)
    engine = engine_for(url)
    now = datetime.now(UTC)
    start = (now + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)

    def person(role: str, i: int) -> dict[str, Any]:
        return {
            "email": f"{role}{i}@bench.trada.vn",
            "name": f"{role.title()} {i:05d}",
            "role": role,
            "is_active": True,
            "timezone": "Asia/Ho_Chi_Minh",
            "locale": "en",
            "created_at": now,
            "updated_at": now,
        }

    with engine.begin() as conn:
        conn.execute(insert(User), [person("mentor", i) for i in range(MENTORS)])
        for lo in range(0, MENTEES, 10_000):
            conn.execute(insert(User), [person("mentee", i) for i in range(lo, lo + 10_000)])
        conn.execute(
            update(User)
            .where(col(User.email).in_([BROWSER_EMAIL, BROWSER_PEOPLE["mentor"][0]]))
            .values(password_hash=passwords.hash_password(BROWSER_PASSWORD))
        )
    with Session(engine) as db:
        mentor_users = db.exec(select(User.id).where(User.role == "mentor").order_by(User.id)).all()
        mentee_users = db.exec(select(User.id).where(User.role == "mentee").order_by(User.id)).all()
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
        mentee_ids = db.exec(select(MenteeProfile.id).order_by(MenteeProfile.id)).all()
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
            # The per-row trigger would queue 200,000 deferred updates: load without it and
            # compute every mentor's next open slot once afterwards (as bench/booking.py does).
            conn.execute(text("SET LOCAL session_replication_role = replica"))
        rows: list[dict[str, Any]] = []
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
        logs = [
            {
                "mentor_id": rng.choice(mentor_ids),
                "mentee_id": rng.choice(mentee_ids),
                "session_date": date.today() - timedelta(days=rng.randrange(1, 365)),
                "topic": f"Session topic {n}",
                "mentor_score": rng.randint(1, 5),
                "mentee_score": rng.choice([None, 3, 4, 5]),
                "needs_support": n % 50 == 0,
                "notes": "Notes of the session.",
                "action_items": "Read chapter 3.",
                "created_at": now,
                "updated_at": now,
            }
            for n in range(SESSION_LOGS)
        ]
        for lo in range(0, SESSION_LOGS, 20_000):
            conn.execute(insert(SessionLog), logs[lo : lo + 20_000])
    with engine.begin() as conn:
        # Statistics first: without them the backfill below plans a scan of slot per mentor.
        conn.execute(text("ANALYZE"))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(
                text(
                    "UPDATE mentor_profile SET next_open_at = (SELECT min(start_at) FROM slot "
                    "WHERE slot.mentor_id = mentor_profile.id AND status = 'open' "
                    "AND start_at >= now())"
                )
            )
            conn.execute(text("ANALYZE mentor_profile"))
    if engine.dialect.name == "postgresql":
        # Autovacuum visits every bulk-loaded table about a minute after the load (inserted
        # rows, the backfill's dead ones): inside the app's measured window, which runs first,
        # and never in the baseline's. Done here, before anything is timed, it lands in
        # neither (docs/performance.md, 1 Dec 06:40-08:25). On a fresh connection: the
        # loading ones, closed first, hand over their counts of dead rows as they end (a count
        # handed over after the VACUUM would bring autovacuum back for those rows).
        engine.dispose()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM (ANALYZE)"))
    engine.dispose()


def mint_tokens(url: str, first: int, count: int) -> Path:
    """API sessions for mentees first..first+count (no bcrypt: the journey starts signed in)."""
    from sqlmodel import Session, select

    from tra_da.db import engine_for
    from tra_da.models import User
    from tra_da.services import auth

    engine = engine_for(url)
    with Session(engine) as db:
        users = db.exec(
            select(User).where(User.role == "mentee").order_by(User.id).offset(first).limit(count)
        ).all()
        tokens = [auth.open_api_session(db, user).access_token for user in users]
    engine.dispose()
    path = Path(tempfile.mkstemp(prefix="bench-tokens-", suffix=".json")[1])
    path.write_text(json.dumps(tokens))
    return path


def give_passwords(url: str, first: int, count: int) -> None:
    """Mentees first..first+count sign in with BROWSER_PASSWORD (one bcrypt hash, shared)."""
    from sqlalchemy import update
    from sqlmodel import col

    from tra_da.db import engine_for
    from tra_da.models import User
    from tra_da.services import passwords

    digest = passwords.hash_password(BROWSER_PASSWORD)
    emails = [f"mentee{i}@bench.trada.vn" for i in range(first, first + count)]
    engine = engine_for(url)
    with engine.begin() as conn:
        conn.execute(update(User).where(col(User.email).in_(emails)).values(password_hash=digest))
    engine.dispose()


# --- servers ----------------------------------------------------------------------------------


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class Services:
    """PostgreSQL (default durability settings) and Redis on loopback, for the scaled set-up."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="bench-pg-"))
        if os.geteuid() == 0:
            pg = pwd.getpwnam("postgres")
            os.chown(self.dir, pg.pw_uid, pg.pw_gid)
        self.pg_port, self.redis_port = free_port(), free_port()
        self.redis: subprocess.Popen[bytes] | None = None
        try:
            self._start()
        except BaseException:  # interrupted or failed half-way: leave nothing running
            self.stop()
            raise

    def _start(self) -> None:
        data = self.dir / "data"
        subprocess.run(
            _as_postgres(
                [str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"]
                + ["-E", "UTF8", "--locale=C.UTF-8"]
            ),
            check=True,
            capture_output=True,
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.pg_port} -k {self.dir} "
            "-c max_connections=200 -c shared_buffers=256MB"
        )
        subprocess.run(
            _as_postgres(
                [str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-w"]
                + ["-l", str(self.dir / "log"), "start"]
            ),
            check=True,
            capture_output=True,
        )
        self.redis = subprocess.Popen(
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        import psycopg

        with psycopg.connect(
            f"postgresql://postgres@127.0.0.1:{self.pg_port}/postgres", autocommit=True
        ) as conn:
            conn.execute("CREATE DATABASE bench")
        self.database_url = f"postgresql+psycopg://postgres@127.0.0.1:{self.pg_port}/bench"
        self.redis_url = f"redis://127.0.0.1:{self.redis_port}/0"

    def stop(self) -> None:
        if self.redis is not None:
            self.redis.terminate()
            self.redis.wait(timeout=10)
        subprocess.run(
            _as_postgres(
                [str(PG_BIN / "pg_ctl"), "-D", str(self.dir / "data"), "stop", "-m", "fast"]
            ),
            capture_output=True,
        )
        if (self.dir / "log").exists():  # checkpoints and slow statements, for reading later
            shutil.copyfile(self.dir / "log", OUT / "scaled-postgres.log")
        shutil.rmtree(self.dir, ignore_errors=True)


def base_env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "WEB_WORKERS"}}
    env.update(
        {
            "APP_ENV": "development",
            "SECRET_KEY": SECRET,
            "DATABASE_URL": database_url,
            "SEED_DEMO_DATA": "false",
            "HOST": "127.0.0.1",
            # One machine plays every user: the per-address limit would stop the load itself.
            "RATE_LIMIT_API": "10000000/minute",
            "RATE_LIMIT_EVENTS": "10000000/minute",
            "RATE_LIMIT_LOGIN": "10000000/minute",
            # The UI driver and the burst give each simulated browser its own address
            # (X-Forwarded-For), as a reverse proxy in front of the app would.
            "REFLEX_TRUSTED_PROXY_HOPS": "1",
            # A journey books every few seconds: lift the 3-upcoming rule for the run.
            "BOOKING_MAX_UPCOMING": "50",
            "ADMIN_EMAIL": BROWSER_PEOPLE["admin"][0],
            "ADMIN_PASSWORD": BROWSER_PASSWORD,
            "REFLEX_LOGLEVEL": "warning",
        }
    )
    return env


_APP_COPY: list[Path] = []


def app_copy() -> Path:
    """The copy of the project that every app server of this run builds and serves in
    (tests/appcopy.py): the benchmark never rebuilds the checkout's .web under `make run`."""
    if not _APP_COPY:
        _APP_COPY.append(make_copy(ROOT))
    return _APP_COPY[0]


class Server:
    def __init__(
        self, name: str, cmd: list[str], env: dict[str, str], base: str, cwd: Path = ROOT
    ) -> None:
        OUT.mkdir(exist_ok=True)
        self.name, self.base = name, base
        with (OUT / f"{name}.log").open("w") as log:
            self.process = subprocess.Popen(
                cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def wait(self, path: str, timeout: float = 900) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = (OUT / f"{self.name}.log").read_text()[-2000:]
                raise SystemExit(f"{self.name} exited early:\n{tail}")
            try:
                if httpx.get(self.base + path, timeout=3).status_code < 500:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(1)
        raise SystemExit(f"{self.name} did not answer {path} in time")

    def check_alive(self, during: str) -> None:
        """A run against a server that went away measures nothing: stop and say so."""
        if self.process.poll() is not None:
            tail = (OUT / f"{self.name}.log").read_text()[-1500:]
            raise SystemExit(
                f"{self.name} exited (code {self.process.returncode}) during {during}; the "
                f"numbers of that run are connection errors, not the server's. Log tail:\n{tail}"
            )

    def tree(self) -> list[psutil.Process]:
        try:
            root = psutil.Process(self.process.pid)
            return [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def rss_mib(self) -> float:
        """Resident memory of every process of the server (launcher, Granian, its workers)."""
        return sum(p["rss_mib"] for p in self.memory())

    def memory(self) -> list[dict[str, Any]]:
        rows = []
        for p in self.tree():
            try:
                info = p.memory_full_info()
                rows.append(
                    {
                        "pid": p.pid,
                        "cmd": " ".join(p.cmdline())[-80:],
                        "rss_mib": info.rss / 2**20,
                        "uss_mib": info.uss / 2**20,
                    }
                )
            except psutil.Error:
                pass
        return rows

    def cpu_seconds(self) -> float:
        total = 0.0
        for p in self.tree():
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except psutil.NoSuchProcess:
                pass
        return total

    def answers(self) -> bool:
        """Does /api/health answer 200 within 5 s (twice, in case of a passing stall)?"""
        for _ in range(2):
            try:
                if httpx.get(self.base + "/api/health", timeout=5).status_code == 200:
                    return True
            except httpx.HTTPError:
                pass
        return False

    def stop(self, grace: float = 30) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def app_command() -> tuple[list[str], Path]:
    """How the app under test is started, and in which directory: the only place that knows.

    The same two steps as scripts/run.sh (`make run`): migrate and prepare, then `reflex run --env
    prod --single-port`. run.sh's own install steps are left out: bench.sh has done them, and run
    from a worktree whose pyproject.toml differs from the shared virtualenv's stamp they would
    `pip install -e` that worktree into it. The working directory is the checkout: `reflex run`
    runs in a throw-away copy of the project (tests/appcopy.py, shared by every server of this
    run), so `reflex run` never compiles into the checkout's .web nor writes its .states.
    """
    script = (
        '"$BENCH_VENV_BIN/python" -m tra_da.cli prepare && exec "$BENCH_VENV_BIN/reflex" run '
        '--env prod --single-port --frontend-port "$PORT" --backend-host "$HOST" '
        '--loglevel "$REFLEX_LOGLEVEL"'
    )
    return ["bash", "-c", script], app_copy()


def start_app(name: str, env: dict[str, str]) -> Server:
    port = free_port()
    env = {**env, "PORT": str(port), "PUBLIC_URL": f"http://127.0.0.1:{port}"}
    env["BENCH_VENV_BIN"] = str(VENV_BIN)
    cmd, cwd = app_command()
    server = Server(name, cmd, copy_env(env), f"http://127.0.0.1:{port}", cwd)
    try:
        server.wait("/api/health")
        server.wait("/")
    except BaseException:  # interrupted or failed while starting: leave nothing running
        server.stop()
        raise
    return server


def start_baseline(name: str, env: dict[str, str], workers: int) -> Server:
    port = free_port()
    cmd = [str(VENV_BIN / "granian"), "--interface", "asgi", "--factory", "--working-dir"]
    cmd += [str(ROOT / "bench"), "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--workers", str(workers), "--log-level", "warning", "baseline:create_app"]
    server = Server(name, cmd, env, f"http://127.0.0.1:{port}")
    try:
        server.wait("/api/mentors")
    except BaseException:
        server.stop()
        raise
    return server


# --- load -------------------------------------------------------------------------------------


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else 0.0


def run_locust(
    server: Server, tokens: Path, users: int, seconds: int, label: str, think: bool = True
) -> dict[str, Any]:
    """Realistic load (think time 1-3 s) or, think=False, saturation (none)."""
    outcomes = OUT / f"{label}-raw.json"
    env = {
        **os.environ,
        "BENCH_TOKENS": str(tokens),
        "BENCH_OUTCOMES": str(outcomes),
        "BENCH_DIRECTORY_PAGES": str(MENTORS // 12),
        "BENCH_THINK": "1" if think else "0",
    }
    cmd = [str(VENV_BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless"]
    # Ramp in 2 s; the measured window starts when every user runs (see locustfile.py).
    cmd += ["-u", str(users), "-r", str(max(10, users // 2)), "-t", f"{seconds + 2}s"]
    cmd += ["--host", server.base, "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "5"]
    cpu0 = server.cpu_seconds()
    with HostSampler() as host, (OUT / f"{label}-locust.log").open("w") as log:
        locust = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, _, usage = os.wait4(locust.pid, 0)
    locust.returncode = 0
    server.check_alive(label)
    server_cpu = server.cpu_seconds() - cpu0
    raw = json.loads(outcomes.read_text())
    elapsed = raw["elapsed"]
    steps = {}
    for step in STEPS:
        samples = raw["times"].get(step, [])
        steps[step] = {
            "count": len(samples),
            "errors": raw["errors"].get(step, 0),
            "p50": pct(samples, 0.50),
            "p95": pct(samples, 0.95),
            "p99": pct(samples, 0.99),
            "rps": len(samples) / elapsed if elapsed else 0.0,
        }
    return {
        "users": users,
        "think": think,
        "seconds": elapsed,
        "rps": sum(s["count"] for s in steps.values()) / elapsed if elapsed else 0.0,
        "errors": sum(s["errors"] for s in steps.values()),
        "steps": steps,
        "booked": raw["booked"],
        "taken": raw["taken"],
        "server_cpu_pct": 100 * server_cpu / elapsed,
        "locust_cpu_pct": 100 * (usage.ru_utime + usage.ru_stime) / elapsed,
        "rss_mib_after": server.rss_mib(),
        "memory_after": server.memory(),
        "host": host.report(),
    }


def run_ui(app: Server, first: int, users: int, seconds: int, label: str) -> dict[str, Any]:
    """bench/ui_driver.py: simulated browsers over the websocket; its report is printed as is."""
    out = OUT / f"{label}.json"
    cmd = [str(VENV_BIN / "python"), str(ROOT / "bench" / "ui_driver.py"), "--base", app.base]
    cmd += ["--users", str(users), "--seconds", str(seconds), "--first-mentee", str(first)]
    cmd += ["--server-pid", str(app.process.pid), "--out", str(out)]
    cpu0 = app.cpu_seconds()
    t0 = time.monotonic()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    app.check_alive(label)
    if done.returncode != 0:
        raise SystemExit(f"ui_driver failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    result = json.loads(out.read_text())
    result["report"] = done.stdout.strip()
    result["server_cpu_pct"] = 100 * (app.cpu_seconds() - cpu0) / (time.monotonic() - t0)
    return result


def run_burst(
    server: Server, tokens: Path, login_first: int, api: int, logins: int, label: str
) -> dict[str, Any]:
    """bench/burst.py: --api requests and --logins sign-ins at once; its report printed as is."""
    out = OUT / f"{label}.json"
    cmd = [str(VENV_BIN / "python"), str(ROOT / "bench" / "burst.py"), "--base", server.base]
    cmd += ["--tokens", str(tokens), "--login-first", str(login_first), "--api", str(api)]
    cmd += ["--logins", str(logins), "--pages", str(MENTORS // 12), "--label", label]
    cmd += ["--out", str(out)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"burst failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    result = json.loads(out.read_text())
    result["report"] = done.stdout.strip()
    result["rss_mib_after"] = server.rss_mib()
    return result


# --- browser ----------------------------------------------------------------------------------


def open_mentors(base: str, count: int, slots: int = 3) -> list[int]:
    """``count`` mentors with at least ``slots`` open slots each, from the last id down: the
    browser's mentee books one on each and opens a dialog on each several times."""
    with httpx.Client(base_url=base, timeout=10) as client:
        answer = client.post(
            "/api/auth/login", json={"email": BROWSER_EMAIL, "password": BROWSER_PASSWORD}
        )
        answer.raise_for_status()
        client.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"
        found: list[int] = []
        for mentor_id in range(MENTORS, 0, -1):
            answer = client.get(f"/api/mentors/{mentor_id}/slots")
            if answer.status_code == 200 and len(answer.json()) >= slots:
                found.append(mentor_id)
                if len(found) == count:
                    return found
    raise SystemExit(f"fewer than {count} mentors with {slots} open slots left")


def browser_metrics(base: str) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    out: dict[str, Any] = {}
    # Mentors with slots left: the load models before this one book the directory's first
    # mentors out (the UI path books hundreds from the first pages of its searches).
    mentors = open_mentors(base, 14)
    with sync_playwright() as pw:
        browser = chromium.launch(pw.chromium)
        # First load of the landing page (bench/first_load.py): downloads, then FIRST_LOAD_RUNS
        # cold loads for the timings.
        out["first_load"] = first_load.measure(browser, base, "/", FIRST_LOAD_RUNS)
        out["first_load_load_avg"] = os.getloadavg()
        # Click "Book this session" -> the session card on /sessions, timed inside the page.
        clicks = []
        for mentor_id in mentors[:7]:
            context = browser.new_context(locale="en-US")
            page = context.new_page()
            page.goto(f"{base}/login?next=/mentors/{mentor_id}", wait_until="networkidle")
            page.fill("#email", BROWSER_EMAIL)
            page.fill("#password", BROWSER_PASSWORD)
            page.locator("button[type=submit]").click()
            page.wait_for_url(f"**/mentors/{mentor_id}**")
            page.get_by_role("button", name="Book ").first.click()
            dialog = page.get_by_role("alertdialog")
            confirm = dialog.get_by_role("button", name="Book this session")
            confirm.wait_for()
            page.evaluate(
                """() => {
                  window.__t0 = null; window.__t1 = null;
                  const seen = () => document.querySelectorAll('[data-testid=session-card]').length;
                  const before = seen();
                  document.addEventListener('click', e => {
                    if (window.__t0 === null && e.target.closest('[role=alertdialog]'))
                      window.__t0 = performance.now();
                  }, true);
                  new MutationObserver(() => {
                    if (window.__t0 !== null && window.__t1 === null && seen() > before
                        && location.pathname.startsWith('/sessions'))
                      window.__t1 = performance.now();
                  }).observe(document.body, {childList: true, subtree: true});
                }"""
            )
            confirm.click()
            # Polled from outside (the CSP forbids wait_for_function's eval); the time itself
            # is taken inside the page, so the polling does not add to it.
            deadline = time.monotonic() + 30
            while page.evaluate("() => window.__t1") is None:
                if time.monotonic() > deadline:
                    raise SystemExit("the booking confirmation did not appear within 30 s")
                time.sleep(0.05)
            clicks.append(page.evaluate("() => window.__t1 - window.__t0"))
            context.close()
        out["book_click_ms"] = clicks
        out["book_click_p50_ms"] = statistics.median(clicks)
        # Signed-in pages (cold and in-app) and in-page interactions (bench/signed_in.py); the
        # mentee books on seven other mentors, clear of the clicks above.
        out["signed_in"] = signed_in.measure(
            browser, base, BROWSER_PEOPLE, mentors[7:], SIGNED_IN_RUNS
        )
        browser.close()
    return out


# --- report -----------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


def table(results: dict[str, Any]) -> str:
    lines = [
        "| set-up | users | step | p50 ms | p95 ms | p99 ms | req/s | errors "
        "| baseline p50 / p95 ms | ratio p50 / p95 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for setup, runs in results["runs"].items():
        for users, run in runs["app"].items():
            base = runs["baseline"].get(users)
            for step, s in run["steps"].items():
                b = base["steps"][step] if base else None
                ratio = (
                    f"{s['p50'] / b['p50']:.1f} / {s['p95'] / b['p95']:.1f}"
                    if b and b["p50"] and b["p95"]
                    else "-"
                )
                bl = f"{b['p50']:.1f} / {b['p95']:.1f}" if b else "-"
                lines.append(
                    f"| {setup} | {users} | {step} | {s['p50']:.1f} | {s['p95']:.1f} "
                    f"| {s['p99']:.1f} | {s['rps']:.1f} | {s['errors']} | {bl} | {ratio} |"
                )
    return "\n".join(lines)


def _host(run: dict[str, Any]) -> str:
    h = run.get("host")
    if not h:
        return "-"
    return (
        f"{h['busy_pct']:.0f} / {h['iowait_pct']:.1f} ({h['iowait_worst_pct']:.0f}) "
        f"/ {h['steal_pct']:.1f}"
    )


def summary(results: dict[str, Any]) -> str:
    lines = [
        "",
        "| set-up | load | users | server CPU % | locust CPU % | RSS MiB | booked / taken "
        "| host busy / iowait (worst 0.5 s) / steal % |",
    ]
    lines.append("|---|---|---|---|---|---|---|---|")
    for setup, runs in results["runs"].items():
        for kind in ("app", "baseline"):
            for users, run in runs[kind].items():
                lines.append(
                    f"| {setup} {kind} | realistic | {users} | {run['server_cpu_pct']:.0f} "
                    f"| {run['locust_cpu_pct']:.0f} | {run['rss_mib_after']:.0f} "
                    f"| {run['booked']} / {run['taken']} | {_host(run)} |"
                )
            if run := runs.get("saturation", {}).get(kind):
                lines.append(
                    f"| {setup} {kind} | saturation | {run['users']} | {run['server_cpu_pct']:.0f} "
                    f"| {run['locust_cpu_pct']:.0f} | {run['rss_mib_after']:.0f} "
                    f"| {run['booked']} / {run['taken']} | {_host(run)} |"
                )
    for setup, runs in results["runs"].items():
        if "rss_idle_mib" in runs:
            lines.append(f"\n{setup}: backend RSS idle {runs['rss_idle_mib']:.0f} MiB")
        if b := runs.get("browser"):
            samples = [round(x) for x in b["book_click_ms"]]
            lines.append(
                f"{setup}: {first_load.report(b['first_load'])}; click Book -> confirmation "
                f"p50 {b['book_click_p50_ms']:.0f} ms (samples {samples})"
            )
            if "signed_in" in b:
                lines.append(signed_in.report(b["signed_in"]))
    return "\n".join(lines)


def saturation_table(results: dict[str, Any]) -> str:
    """Saturation (no think time): throughput per step against the baseline's."""
    lines = [
        "| set-up | users | step | req/s | baseline req/s | ratio | errors | p50 / p95 ms "
        "| baseline p50 / p95 ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for setup, runs in results["runs"].items():
        sat = runs.get("saturation", {})
        app, base = sat.get("app"), sat.get("baseline")
        if not app:
            continue
        rows = [
            (step, st, base["steps"].get(step) if base else None)
            for step, st in app["steps"].items()
        ]
        rows.append(("all steps", app, base))
        for step, st, b in rows:
            brps = b["rps"] if b else 0.0
            ratio = f"{st['rps'] / brps:.2f}" if brps else "-"
            lat = f"{st['p50']:.0f} / {st['p95']:.0f}" if "p50" in st else "-"
            blat = f"{b['p50']:.0f} / {b['p95']:.0f}" if b and "p50" in b else "-"
            lines.append(
                f"| {setup} | {app['users']} | {step} | {st['rps']:.1f} | {brps:.1f} | {ratio} "
                f"| {st['errors']} | {lat} | {blat} |"
            )
    return "\n".join(lines)


def verdicts(results: dict[str, Any]) -> list[str]:
    """One PASS/FAIL line per criterion of every model that ran."""
    out: list[str] = []

    def line(ok: bool, text: str) -> None:
        out.append(f"{'PASS' if ok else 'FAIL'} {text}")

    for setup, runs in results["runs"].items():
        if app_service := runs.get("service", {}).get("app"):
            out += service_time.verdicts(setup, app_service, runs["service"].get("baseline"))
        for kind, wedged in runs.get("wedged_after", {}).items():
            line(
                not wedged,
                f"{setup} {kind}: answered /api/health after every model"
                + (f" (restarted after: {', '.join(wedged)})" if wedged else ""),
            )
        for users, run in runs["app"].items():
            base = runs["baseline"].get(users)
            line(run["errors"] == 0, f"{setup} realistic {users} users: 0 errors ({run['errors']})")
            silent = [k for k, s in run["steps"].items() if not s["count"]]
            line(
                not silent,
                f"{setup} realistic {users} users: every step answered"
                + (f" (none of: {', '.join(silent)})" if silent else ""),
            )
            if not base:
                continue
            worst = max(
                (
                    (s["p95"] / base["steps"][k]["p95"] if s["count"] else float("inf"), k)
                    for k, s in run["steps"].items()
                    if base["steps"][k]["p95"]
                ),
                default=(float("inf"), "no step measured"),
            )
            line(
                worst[0] <= 2.0,
                f"{setup} realistic {users} users: every step's p95 within 2x the baseline's "
                f"(worst {worst[1]}: {worst[0]:.1f}x)",
            )
        sat = runs.get("saturation", {})
        if (app := sat.get("app")) and (base := sat.get("baseline")):
            for step, s in app["steps"].items():
                b = base["steps"][step]["rps"]
                ratio = s["rps"] / b if b else 0.0
                line(
                    ratio >= 0.5,
                    f"{setup} saturation {app['users']} users, {step}: throughput >= 0.5x the "
                    f"baseline's ({s['rps']:.1f} vs {b:.1f} req/s, {ratio:.2f}x)",
                )
            line(app["errors"] == 0, f"{setup} saturation: 0 errors ({app['errors']})")
        if ui := runs.get("ui"):
            out += [
                f"{ln[:5]}{setup} {ln[5:]}"
                for ln in ui["report"].splitlines()
                if ln.startswith(("PASS ", "FAIL "))
            ]
        if b := runs.get("burst", {}).get("app"):
            out += [ln for ln in b["report"].splitlines() if ln.startswith(("PASS ", "FAIL "))]
        if b := runs.get("browser"):
            fl = b["first_load"]
            for key, target in FIRST_LOAD_TARGETS.items():
                value = fl.get(key)
                line(
                    value is not None and value <= target,
                    f"{setup} first load of /: {key} <= {target} "
                    f"({'-' if value is None else f'{value:.0f}'})",
                )
            si = b.get("signed_in", {})
            for name, r in si.get("pages", {}).items():
                for way in ("cold", "in_app"):
                    p50 = r[way]["p50_ms"]
                    line(
                        p50 <= signed_in.TARGET_PAGE_MS,
                        f"{setup} signed-in {name} {way}: p50 <= {signed_in.TARGET_PAGE_MS} ms "
                        f"({p50:.0f}; p95 {r[way]['p95_ms']:.0f})",
                    )
            for name, r in si.get("interactions", {}).items():
                line(
                    r["p95_ms"] <= signed_in.TARGET_INTERACTION_MS,
                    f"{setup} {name}: p95 <= {signed_in.TARGET_INTERACTION_MS} ms "
                    f"({r['p95_ms']:.0f})",
                )
    return out


# The generated part of docs/performance.md's "First load" section.
DOCS = ROOT / "docs" / "performance.md"
DOCS_BEGIN = "<!-- first-load: written by `make bench` (bench/journey.py); edits here are lost -->"
DOCS_END = "<!-- /first-load -->"
# performance-anchors.md (shared/docs): a blank Reflex 0.10.1 app on this kind of machine.
BLANK_REFLEX = (
    "| blank Reflex 0.10.1 app (anchor) | 241 | 9 | - | - | - | ~300 (hydrated) | ~150 | - |"
)


def first_load_section(results: dict[str, Any]) -> str | None:
    """The generated Markdown (between DOCS_BEGIN and DOCS_END), or None without a browser run."""
    browser = results["runs"].get("embedded", {}).get("browser")
    if not browser:
        return None
    fl = browser["first_load"]

    def ms(key: str) -> str:
        return "-" if fl.get(key) is None else f"{fl[key]:.0f}"

    load = browser.get("first_load_load_avg") or results["load_avg_start"]
    largest = ", ".join(
        f"{f['name'].split('-')[0]} {f['gzip'] / 1024:.0f}" for f in fl["js_by_file"][:5]
    )
    return "\n".join(
        [
            DOCS_BEGIN,
            f"Last run {results['started'][:16].replace('T', ' ')} UTC, "
            f"{results['machine']['nproc']} cores, load average (1, 5, 15 min) "
            f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f} during the browser model; "
            f"times are medians of {fl['runs']} cold loads (a new browser context each).",
            "",
            "| `/` | JS KB gzip | JS files | requests in all | first contentful paint ms "
            "| interactive ms | state ms | DOMContentLoaded ms | total blocking ms |",
            "|---|---|---|---|---|---|---|---|---|",
            f"| Trà Đá | {fl['js_gzip_kb']:.0f} ({fl['js_sent_kb']:.0f} as sent) | "
            f"{fl['js_files']} | {fl['requests']} | {ms('fcp_ms')} | {ms('interactive_ms')} | "
            f"{ms('state_ms')} | {ms('dcl_ms')} | {ms('tbt_ms')} |",
            BLANK_REFLEX,
            "| target (issue 17) | <= 300 | <= 15 | | <= 400 | <= 600 | | | |",
            "",
            f"Largest files (KB gzip): {largest}. Click Book -> confirmation: p50 "
            f"{browser['book_click_p50_ms']:.0f} ms.",
            *signed_in_lines(browser),
            DOCS_END,
        ]
    )


def signed_in_lines(browser: dict[str, Any]) -> list[str]:
    """The signed-in pages and in-page interactions (bench/signed_in.py), each with the load
    average while it was measured."""
    if "signed_in" not in browser:
        return []
    result = browser["signed_in"]
    return [
        "",
        f"Signed-in pages and in-page interactions (bench/signed_in.py), {result['runs']} runs "
        "each, times inside the page: cold = a full load in a signed-in tab, from navigation "
        "start; in-app = a click on the page's navigation entry; to the <h1> and the first "
        "data row both visible.",
        "",
        signed_in.report(result),
    ]


def write_first_load_docs(results: dict[str, Any]) -> None:
    section = first_load_section(results)
    if section is None or not DOCS.is_file():
        return
    text = DOCS.read_text()
    if DOCS_BEGIN not in text or DOCS_END not in text:
        print(f"(docs not updated: {DOCS} has no {DOCS_BEGIN!r} section)")
        return
    head, rest = text.split(DOCS_BEGIN, 1)
    tail = rest.split(DOCS_END, 1)[1]
    DOCS.write_text(head + section + tail)
    print(f"first load written to {DOCS}")


# --- main -------------------------------------------------------------------------------------


class Mentees:
    """Mentee accounts in seed order, so no two runs share one (mentee 0 is the browser's)."""

    def __init__(self, url: str) -> None:
        self.url, self.next = url, 1
        self.files: list[Path] = []

    def take(self, count: int) -> int:
        first, self.next = self.next, self.next + count
        if self.next > MENTEES:
            raise SystemExit(f"the dataset has {MENTEES} mentees; the runs asked for {self.next}")
        return first

    def tokens(self, count: int) -> Path:
        path = mint_tokens(self.url, self.take(count), count)
        self.files.append(path)
        return path

    def clean(self) -> None:
        for path in self.files:
            path.unlink(missing_ok=True)

    def with_passwords(self, count: int) -> int:
        first = self.take(count)
        give_passwords(self.url, first, count)
        return first


class Target:
    """The server the models run against, started again when a run left it unable to answer.

    Today's server can wedge under load (issue #13: the thread pool and the database pool
    exhausted, requests waiting on each other). A run against a wedged server measures timeouts,
    so each model gets a server that answers /api/health, and the run records after which
    model it had to restart one ("wedged_after" in results.json, a FAIL line in the report).
    """

    def __init__(self, kind: str, start: Any, runs: dict[str, Any]) -> None:
        """start(n) starts the server for the n-th time (0: the first)."""
        self.kind, self._start = kind, start
        self.wedged: list[str] = runs.setdefault("wedged_after", {}).setdefault(kind, [])
        self.server: Server = start(0)

    def after(self, label: str) -> None:
        if self.server.answers():
            return
        say(f"{self.server.name} does not answer /api/health after {label}: restarting it")
        self.wedged.append(label)
        self.server.stop(grace=5)
        self.server = self._start(len(self.wedged))  # its own log: <name>-<n>.log


def load_models(
    setup: str,
    kind: str,
    target: Target,
    mentees: Mentees,
    args: argparse.Namespace,
    models: set[str],
    runs: dict[str, Any],
) -> None:
    """The API load models against one server (the app or the baseline)."""
    tag = "app" if kind == "app" else "base"
    if "realistic" in models:
        for n in args.users:
            say(f"{setup}: {kind}, realistic, {n} users, {args.seconds} s")
            tokens = mentees.tokens(n)
            label = f"{setup}-{tag}-{n}"
            runs[kind][n] = run_locust(target.server, tokens, n, args.seconds, label)
            target.after(f"realistic {n} users")
    if "saturation" in models:
        n = args.saturation_users
        say(f"{setup}: {kind}, saturation (no think time), {n} users, {args.seconds} s")
        tokens = mentees.tokens(n * 20)  # a fresh mentee per journey: no booking cap reached
        runs.setdefault("saturation", {})[kind] = run_locust(
            target.server, tokens, n, args.seconds, f"{setup}-{tag}-saturation", think=False
        )
        target.after("saturation")


def service_model(
    setup: str, kind: str, server: Server, mentees: Mentees, args: argparse.Namespace
) -> dict[str, Any]:
    """bench/service_time.py: one user, sequential requests on one keep-alive connection."""
    say(
        f"{setup}: {kind}, service time: {args.service_requests} sequential requests per step "
        f"after {args.service_warmup} warm-up"
    )
    per = service_time.BOOKINGS_PER_TOKEN
    bookers = -(-(args.service_requests + args.service_warmup) // per)
    tokens = json.loads(mentees.tokens(1 + bookers).read_text())
    result = service_time.run(
        server.base,
        tokens,
        requests=args.service_requests,
        warmup=args.service_warmup,
        mentors=MENTORS,
        cpu=server.cpu_seconds,
    )
    server.check_alive(f"{kind} service time")
    return result


def burst_model(
    setup: str,
    kind: str,
    server: Server,
    mentees: Mentees,
    args: argparse.Namespace,
    runs: dict[str, Any],
) -> None:
    say(f"{setup}: {kind}, burst: {args.burst_api} API requests + {args.burst_logins} sign-ins")
    tokens = mentees.tokens(args.burst_api)
    logins = mentees.with_passwords(args.burst_logins)
    label = f"{setup} {'baseline ' if kind == 'baseline' else ''}burst"
    runs.setdefault("burst", {})[kind] = run_burst(
        server, tokens, logins, args.burst_api, args.burst_logins, label.replace(" ", "-")
    )


def bench_setup(
    setup: str,
    url: str,
    env: dict[str, str],
    workers: int,
    args: argparse.Namespace,
    models: set[str],
) -> dict[str, Any]:
    runs: dict[str, Any] = {"app": {}, "baseline": {}}
    mentees = Mentees(url)
    relay = None
    app: Target | None = None
    try:
        if setup == "scaled":
            relay = Server(
                f"{setup}-relay",
                [str(VENV_BIN / "python"), "-m", "tra_da.worker"],
                copy_env(env),
                "",
                cwd=app_copy(),
            )
        say(f"{setup}: starting the app ({' '.join(app_command()[0][:2])} ...: migrate, serve)")
        app = Target("app", lambda n: start_app(f"{setup}-app" + (f"-{n}" if n else ""), env), runs)
        time.sleep(3)
        runs["rss_idle_mib"] = app.server.rss_mib()
        runs["memory_idle"] = app.server.memory()
        if "service" in models:  # first: the server idle, nothing queued by earlier models
            runs.setdefault("service", {})["app"] = service_model(
                setup, "app", app.server, mentees, args
            )
            print(service_time.table(setup, runs["service"]), flush=True)
            app.after("service time")
        load_models(setup, "app", app, mentees, args, models, runs)
        if "ui" in models:
            n = args.ui_users
            say(f"{setup}: UI over the websocket, {n} browsers (sign in, then {args.ui_seconds} s)")
            first = mentees.with_passwords(n)
            runs["ui"] = run_ui(app.server, first, n, args.ui_seconds, f"{setup}-ui")
            print(runs["ui"]["report"], flush=True)
            app.after("ui")
        if "browser" in models and setup == "embedded":
            say(f"{setup}: browser timings")
            try:
                runs["browser"] = browser_metrics(app.server.base)
            except Exception as exc:  # a timing that failed is reported, not fatal
                runs["browser_error"] = f"{type(exc).__name__}: {str(exc)[:300]}"
                print(f"browser timings failed: {runs['browser_error']}", flush=True)
            app.after("browser timings")
        if "burst" in models:  # last: today's server may not come back from it (issue #13)
            burst_model(setup, "app", app.server, mentees, args, runs)
            print(runs["burst"]["app"]["report"], flush=True)
    finally:
        if app:
            app.server.stop()
        if relay:
            relay.stop()
    if not models & {"realistic", "saturation", "burst", "service"}:
        mentees.clean()
        return runs
    say(f"{setup}: starting the bare baseline ({workers} worker(s))")
    baseline = Target(
        "baseline",
        lambda n: start_baseline(f"{setup}-baseline" + (f"-{n}" if n else ""), env, workers),
        runs,
    )
    try:
        if "service" in models:
            runs.setdefault("service", {})["baseline"] = service_model(
                setup, "baseline", baseline.server, mentees, args
            )
            baseline.after("service time")
        load_models(setup, "baseline", baseline, mentees, args, models, runs)
        if "burst" in models:
            burst_model(setup, "baseline", baseline.server, mentees, args, runs)
            print(runs["burst"]["baseline"]["report"], flush=True)
    finally:
        baseline.server.stop()
        mentees.clean()
    return runs


MODELS = ["service", "realistic", "saturation", "ui", "browser", "burst"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=40, help="each realistic/saturation run")
    parser.add_argument("--users", default="50,200", help="realistic load levels")
    parser.add_argument("--saturation-users", type=int, default=50)
    parser.add_argument("--ui-users", type=int, default=200)
    parser.add_argument("--ui-seconds", type=int, default=30, help="UI journey window")
    parser.add_argument("--service-requests", type=int, default=200, help="per step, measured")
    parser.add_argument("--service-warmup", type=int, default=20, help="per step, not measured")
    parser.add_argument("--burst-api", type=int, default=300)
    parser.add_argument("--burst-logins", type=int, default=50)
    parser.add_argument("--models", default=",".join(MODELS), help="embedded set-up")
    parser.add_argument("--scaled-models", default="realistic,saturation,burst")
    parser.add_argument("--only", choices=["embedded", "scaled"])
    args = parser.parse_args()
    args.users = [int(u) for u in args.users.split(",") if u]
    embedded_models, scaled_models = set(args.models.split(",")), set(args.scaled_models.split(","))
    for chosen in (embedded_models, scaled_models):
        if unknown := chosen - set(MODELS) - {""}:
            parser.error(f"unknown model(s) {sorted(unknown)}; choose from {MODELS}")
    OUT.mkdir(exist_ok=True)
    os.environ["SECRET_KEY"] = SECRET  # the tokens minted here must verify in the servers
    os.environ["APP_ENV"] = "development"
    results: dict[str, Any] = {"machine": machine(), "started": datetime.now(UTC).isoformat()}
    results["load_avg_start"] = os.getloadavg()
    results["runs"] = {}
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        if args.only in (None, "embedded"):
            url = f"sqlite:///{work / 'bench.db'}"
            say(
                f"Seeding SQLite: {MENTORS:,} mentors, {MENTORS * SLOTS_PER_MENTOR:,} slots, "
                f"{MENTEES:,} mentees, {SESSION_LOGS:,} logs"
            )
            t0 = time.perf_counter()
            seed(url)
            results["seed_sqlite_s"] = time.perf_counter() - t0
            say("A mentee's recommendations (in-process, bench/matching.py)")
            results["matching"] = {"embedded": matching.measure(url)}
            env = base_env(url)
            results["runs"]["embedded"] = bench_setup(
                "embedded", url, env, 1, args, embedded_models
            )
        if args.only in (None, "scaled"):
            say("Starting PostgreSQL 15 and Redis on loopback")
            services = Services()
            try:
                say("Seeding PostgreSQL: the same dataset")
                t0 = time.perf_counter()
                seed(services.database_url)
                results["seed_postgresql_s"] = time.perf_counter() - t0
                say("A mentee's recommendations (in-process, bench/matching.py)")
                results.setdefault("matching", {})["scaled"] = matching.measure(
                    services.database_url
                )
                env = base_env(services.database_url)
                env.update(
                    {
                        "REDIS_URL": services.redis_url,
                        "WEB_WORKERS": "2",
                        "RUN_OUTBOX_RELAY": "false",
                    }
                )
                results["runs"]["scaled"] = bench_setup(
                    "scaled", services.database_url, env, 2, args, scaled_models
                )
            finally:
                services.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
        for copy in _APP_COPY:
            shutil.rmtree(copy, ignore_errors=True)
    results["load_avg_end"] = os.getloadavg()
    (OUT / "results.json").write_text(json.dumps(results, indent=2, default=str))
    write_first_load_docs(results)
    print()
    print(f"Machine: {results['machine']}")
    print(
        "Load average (1, 5, 15 min) at start {:.1f} {:.1f} {:.1f}, at end "
        "{:.1f} {:.1f} {:.1f}".format(*results["load_avg_start"], *results["load_avg_end"])
    )
    if any(runs["app"] for runs in results["runs"].values()):
        print("\nRealistic load (think time 1-3 s)")
        print(table(results))
    print(summary(results))
    if any("saturation" in r for r in results["runs"].values()):
        print("\nSaturation (no think time)")
        print(saturation_table(results))
    for setup, runs in results["runs"].items():
        if service := runs.get("service"):
            print(f"\n{service_time.table(setup, service)}")
        if ui := runs.get("ui"):
            print(f"\n{setup}: {ui['report']}")
        for b in runs.get("burst", {}).values():
            print(f"\n{b['report']}")
    print("\nAgainst the targets")
    print("\n".join(verdicts(results)))
    for setup, measured in results.get("matching", {}).items():
        print(matching.verdict(setup, measured))
    print(f"\nraw results: {OUT / 'results.json'}")


if __name__ == "__main__":
    sys.exit(main())
