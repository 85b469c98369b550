"""Database engine and sessions: one engine per URL, SQLite tuned for a web app."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import String, event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session, create_engine

from tra_da.errors import NotFound
from tra_da.settings import get_settings


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached; the message names DATABASE_URL and what to check."""


_write_lock: ContextVar[bool] = ContextVar("sqlite_write_lock", default=False)


@contextmanager
def write_lock(db: Session) -> Iterator[None]:
    """On SQLite, take the write lock now (BEGIN IMMEDIATE), before the first read: writers
    queue up, and what they read before writing (a count, a status) cannot go stale. The
    session may already be in a transaction from earlier reads; the driver only sends BEGIN
    before a write, so those ran in autocommit and the lock can still be taken here.
    PostgreSQL needs nothing: row locks and conditional UPDATEs serialise the contenders."""
    token = _write_lock.set(True)
    try:
        raw = db.connection().connection.dbapi_connection  # begins; see _on_begin
        if db.get_bind().dialect.name == "sqlite" and not raw.in_transaction:  # type: ignore[union-attr]
            raw.execute("BEGIN IMMEDIATE")  # type: ignore[union-attr]
        yield
    finally:
        _write_lock.reset(token)


def dialect_function(name: str, sqlite_name: str, type_: Any = None) -> type[FunctionElement[Any]]:
    """A SQL function called ``name`` on PostgreSQL and ``sqlite_name`` on SQLite, for the
    few where the two databases differ (``least``/``min``, ``lower``)."""

    attributes: dict[str, Any] = {"name": name, "inherit_cache": True}
    if type_ is not None:
        attributes["type"] = type_
    function: type[FunctionElement[Any]] = type(name, (FunctionElement,), attributes)

    @compiles(function)
    def _default(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> str:
        return f"{name}({compiler.process(element.clauses, **kw)})"

    @compiles(function, "sqlite")
    def _sqlite(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> str:
        return f"{sqlite_name}({compiler.process(element.clauses, **kw)})"

    return function


_SQLITE_LOWER = "trada_lower"


# ``lower()`` that folds every letter on both databases: SQLite's own folds only A-Z ("ĐẶT"
# stays "ĐẶT"), so there it calls Python's ``str.lower``, which every SQLite connection
# registers (``_on_connect``); PostgreSQL's ``lower()`` already follows the database's (UTF-8)
# locale. Not for indexes: the lower(email) index is SQLite's built-in lower().
lower_text = dialect_function("lower", _SQLITE_LOWER, String())


def forget_on_write(name: str, touches: Callable[[str], bool], forget: Callable[[], None]) -> None:
    """Keep a process-local copy honest: ``forget()`` whenever a statement that ``touches`` it
    runs through any engine of this process, ORM or not, and again when that transaction
    commits (so a copy read between the write and its commit is not kept either)."""
    written = f"{name}_written"

    @event.listens_for(Engine, "after_cursor_execute")
    def _after_write(conn: Connection, cursor: Any, statement: str, *_: Any, **__: Any) -> None:
        if touches(statement):
            conn.info[written] = True
            forget()

    @event.listens_for(Engine, "commit")
    def _after_commit(conn: Connection) -> None:
        if conn.info.pop(written, False):
            forget()

    @event.listens_for(Engine, "rollback")
    def _after_rollback(conn: Connection) -> None:
        conn.info.pop(written, None)


def _python_lower(value: str | None) -> str | None:
    return None if value is None else value.lower()


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "handle_error")
    def _on_error(context: Any) -> None:
        # Backstop behind tra_da.validation: an integer no SQLite column can hold (> 2**63 - 1)
        # that reached a query names nothing that exists. PostgreSQL compares it as numeric.
        if isinstance(context.original_exception, OverflowError):
            raise NotFound("No such record.", "err.not_found")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Otherwise the driver begins lazily before the first write, as usual.
        if _write_lock.get():
            raw = connection.connection.dbapi_connection
            if not raw.in_transaction:
                raw.execute("BEGIN IMMEDIATE")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # Foreign keys are off by default in SQLite; WAL lets readers run beside one writer.
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()
        dbapi_connection.create_function(_SQLITE_LOWER, 1, _python_lower, deterministic=True)


# Which pool a unit of work draws from: the web worker's ("web"), the outbox relay's own
# ("relay", so deliveries never wait behind a burst of requests, nor starve it), or the health
# check's single connection ("health", so /api/health answers while the web pool is busy).
# A ContextVar: asyncio.to_thread copies it, so a relay task's threads keep the relay pool.
Pool = str
_pool: ContextVar[Pool] = ContextVar("db_pool", default="web")


@contextmanager
def using_pool(name: Pool) -> Iterator[None]:
    token = _pool.set(name)
    try:
        yield
    finally:
        _pool.reset(token)


def pool_sizes() -> dict[Pool, int]:
    settings = get_settings()
    return {"web": settings.pool_size, "relay": settings.relay_pool_size, "health": 1}


# The engines of this process, one per (URL, pool): the cache itself, so that
# `engine_for(url)` and `engine_for(url, "web")` are one engine and `dispose(url)` reaches all.
_opened: dict[tuple[str, Pool], Engine] = {}
_opening = threading.Lock()


def engine_for(url: str, pool: Pool = "web") -> Engine:
    """One engine per URL and pool. Pools are fixed-size (no overflow) and a checkout waits
    at most DB_POOL_TIMEOUT_SECONDS: admission control keeps the web pool from running dry,
    and if it ever does, the caller gets a quick "busy" (503) instead of a 30 s hang."""
    key = (url, pool)
    engine = _opened.get(key)
    if engine is not None:
        return engine
    with _opening:
        if key not in _opened:
            _opened[key] = _create_engine(url, pool)
        return _opened[key]


def _create_engine(url: str, pool: Pool) -> Engine:
    settings = get_settings()
    size = pool_sizes().get(pool, 1)
    timeout = settings.db_pool_timeout_seconds
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 5},
            pool_size=size,
            max_overflow=0,
            pool_timeout=timeout,
        )
        _configure_sqlite(engine)
        return engine
    connect_args: dict[str, object] = {"connect_timeout": 5}
    if pool == "relay":  # beside any server options DATABASE_URL sets, not instead of them
        own = parsed.query.get("options") or ()
        connect_args["options"] = " ".join(
            [*([own] if isinstance(own, str) else own), RELAY_OPTIONS]
        )
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=size,
        max_overflow=0,
        pool_timeout=timeout,
        connect_args=connect_args,
    )


# The relay's commits on PostgreSQL do not wait for the disk. Each delivery commits two or three
# times (the local mailbox's copy or the meeting link, then the row's state): 2.2 WAL flushes per
# message, 4.4 per booking, against the booking's own one, and each a wait on the same disk as
# the bookings' commits. Without the wait PostgreSQL still writes them within a fraction of a
# second and in order; what a crash of the database server can lose is the last of them, and a
# delivery whose state is lost is only sent again (at least once, as after any crash), never
# lost. The chores on this pool (slots rolled forward, next open slots, expired payment holds)
# are all done again on their next pass. Any transaction that waits for the disk (a booking)
# also makes every relay commit before it durable.
RELAY_OPTIONS = "-c synchronous_commit=off"


def dispose(url: str) -> None:
    """Close every pooled connection to ``url`` (tests dropping a database, shutdown)."""
    for (engine_url, _pool_name), engine in list(_opened.items()):
        if engine_url == url:
            engine.dispose()


def forget_engines() -> None:
    """Close and drop every engine, so the next use reads the settings again (tests)."""
    with _opening:
        for engine in _opened.values():
            engine.dispose()
        _opened.clear()


def get_engine() -> Engine:
    return engine_for(get_settings().database_url, _pool.get())


def connections_in_use() -> dict[Pool, int]:
    """Checked-out connections per pool that this process has opened (for /metrics)."""
    url = get_settings().database_url
    found: dict[Pool, int] = {}
    for (engine_url, pool), engine in list(_opened.items()):
        if engine_url != url:
            continue
        checkedout = getattr(engine.pool, "checkedout", None)
        found[pool] = int(checkedout()) if callable(checkedout) else 0
    return found


@contextmanager
def session() -> Iterator[Session]:
    """A session for one unit of work; services decide when to commit."""
    with Session(get_engine(), expire_on_commit=False) as db:
        yield db


def ping(engine: Engine | None = None) -> None:
    """Raise DatabaseUnavailable unless a trivial query succeeds."""
    engine = engine or get_engine()
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        reason = (
            str(getattr(exc, "orig", exc)).strip().splitlines()[0]
            if str(exc)
            else type(exc).__name__
        )
        raise DatabaseUnavailable(
            f"DATABASE_URL: cannot reach the database ({reason}); check the host, port, "
            "credentials and that the server is running"
        ) from None
