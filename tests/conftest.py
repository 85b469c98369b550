"""Test set-up shared by every suite: an isolated environment and both databases.

PostgreSQL: the suite starts its own server on loopback (initdb into a temporary folder, run as
the postgres user when the tests run as root) and stops it at the end. TEST_POSTGRES_URL points
the suite at an existing server instead (a superuser URL; each test gets its own database).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

_TMP = Path(tempfile.mkdtemp(prefix="tra-da-tests-"))
os.environ.update(
    {
        "APP_ENV": "test",
        "DATABASE_URL": f"sqlite:///{_TMP / 'app.db'}",
        "SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256-0123456789",
        "SEED_DEMO_DATA": "false",
        # Generous limits so ordinary tests never trip them; the rate-limit tests lower them.
        "RATE_LIMIT_API": "100000/minute",
        "RATE_LIMIT_EVENTS": "100000/minute",
        "RUN_OUTBOX_RELAY": "false",
        "PUBLIC_URL": "http://testserver",
    }
)
for var in ("ADMIN_EMAIL", "ADMIN_PASSWORD", "REDIS_URL", "SENDGRID_API_KEY", "SMTP_HOST"):
    os.environ.pop(var, None)
# The app run in-process (tests/api: TestClient(app())) neither compiles into the checkout's
# .web nor keeps states or uploads there: an app served from the checkout by `make run` reads
# them. Servers the tests start run in copies (tests/appcopy.py), without these variables.
os.environ.update(
    {
        # What `reflex run` sets for its backend workers (reflex/utils/exec.py): no compile.
        "__REFLEX_SKIP_COMPILE": "true",
        "REFLEX_WEB_WORKDIR": str(_TMP / "web"),
        "REFLEX_STATES_WORKDIR": str(_TMP / "states"),
        "REFLEX_UPLOADED_FILES_DIR": str(_TMP / "uploaded_files"),
    }
)

# Reflex needs Node >= 22.22 even to compile in-process; use the project's copy when present.
_NODE_BIN = Path(__file__).resolve().parent.parent / ".tools" / "node" / "node_modules" / ".bin"
if _NODE_BIN.is_dir():
    os.environ["PATH"] = f"{_NODE_BIN}{os.pathsep}{os.environ['PATH']}"
os.environ.setdefault("REFLEX_USE_NPM", "1")

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@pytest.fixture(autouse=True)
def _fresh_settings_and_rate_limits() -> Iterator[None]:
    from tra_da.services import ratelimit
    from tra_da.settings import get_settings

    # Settings read afresh before every test, from the environment the last one restored: a
    # test that changed the environment and read the (cached) settings could otherwise hand its
    # values to the next (one's PUBLIC_URL reached another's email links in some orders).
    get_settings.cache_clear()
    ratelimit.reset()
    yield
    ratelimit.reset()


# bcrypt at its real cost (12: ~0.25 s of CPU a hash or check) was most of the CPU time of the
# unit, integration and API tests, where every test user with a password pays it. In-process tests
# hash at bcrypt's lowest cost; a test about the cost itself asks for ``real_bcrypt_cost``.
# Servers the tests start (browser, contract, scale) run the application's own cost.
_CHEAP_BCRYPT_ROUNDS = 4
_cheap_dummy_hash: list[bytes] = []


@pytest.fixture
def real_bcrypt_cost() -> None:
    """bcrypt at the application's own cost (tra_da.services.passwords.BCRYPT_ROUNDS)."""


@pytest.fixture(autouse=True)
def _cheap_bcrypt(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if "real_bcrypt_cost" in request.fixturenames:
        return
    import bcrypt

    from tra_da.services import passwords

    if not _cheap_dummy_hash:
        salt = bcrypt.gensalt(_CHEAP_BCRYPT_ROUNDS)
        _cheap_dummy_hash.append(bcrypt.hashpw(b"timing-equaliser", salt))
    monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", _CHEAP_BCRYPT_ROUNDS)
    monkeypatch.setattr(passwords, "_DUMMY_HASH", _cheap_dummy_hash[0])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A superuser URL (without database name) of a PostgreSQL server for this test run."""
    if url := os.environ.get("TEST_POSTGRES_URL"):
        yield url.rstrip("/")
        return
    if not (PG_BIN / "initdb").exists():
        pytest.fail(f"PostgreSQL binaries not found in {PG_BIN}; run `make test` to install them")
    workdir = Path(tempfile.mkdtemp(prefix="tra-da-pg-"))
    if os.geteuid() == 0:
        pg = pwd.getpwnam("postgres")
        os.chown(workdir, pg.pw_uid, pg.pw_gid)
    data, port = workdir / "data", free_port()
    subprocess.run(
        _as_postgres(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {workdir} -c fsync=off"
    subprocess.run(
        _as_postgres(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-w",
                "-l",
                str(workdir / "log"),
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A Redis server of this test run on loopback (no persistence), stopped at the end."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server not found; run `make test` to install it")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        import redis

        client = redis.Redis(host="127.0.0.1", port=port)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                import time

                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _fresh_postgres_database(server: str, template: str | None = None) -> str:
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    plain = server.replace("postgresql+psycopg://", "postgresql://")
    copy_of = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(f"{plain}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"{copy_of}')
    return f"{server}/{name}"


# Migrating takes about a second per database; hundreds of tests each want a migrated one. So
# each run migrates once per kind into a template, and every test gets a copy of it (a file
# copy on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL).
@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tra_da.cli import migrate
    from tra_da.db import dispose

    path = tmp_path_factory.mktemp("template") / "migrated.db"
    url = f"sqlite:///{path}"
    migrate(url)
    dispose(url)
    return path


@pytest.fixture(scope="session")
def _postgres_template(postgres_server: str) -> str:
    from tra_da.cli import migrate
    from tra_da.db import dispose

    url = _fresh_postgres_database(postgres_server)
    migrate(url)
    dispose(url)  # a template must have no connections when it is copied
    return url.rsplit("/", 1)[1]


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return _fresh_postgres_database(request.getfixturevalue("postgres_server"))


@pytest.fixture(params=["sqlite", "postgresql"])
def migrated_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database at the newest migration (a copy of the run's template), on each kind."""
    from tra_da.db import dispose

    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        server = request.getfixturevalue("postgres_server")
        url = _fresh_postgres_database(server, request.getfixturevalue("_postgres_template"))
    yield url
    dispose(url)


@pytest.fixture
def use_database(migrated_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point the application's settings at the migrated test database."""
    from tra_da.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", migrated_url)
    get_settings.cache_clear()
    yield migrated_url
    get_settings.cache_clear()


@pytest.fixture
def db(use_database: str) -> Iterator[object]:
    from tra_da import db as database

    with database.session() as session:
        yield session


@pytest.fixture
def stub(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Payments on, against the local Stripe stub (tests/stripe_stub.py) for this one test."""
    from tests import stripe_stub
    from tra_da.settings import get_settings

    with stripe_stub.running_stub() as running:
        monkeypatch.setenv("STRIPE_SECRET_KEY", stripe_stub.SECRET_KEY)
        monkeypatch.setenv("STRIPE_WEBHOOK_SECRET", stripe_stub.WEBHOOK_SECRET)
        monkeypatch.setenv("STRIPE_API_BASE", running.url)
        get_settings.cache_clear()
        yield running
        get_settings.cache_clear()
