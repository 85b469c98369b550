"""Database engine and sessions: one engine per URL, SQLite tuned for a web app."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

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


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "handle_error")
    def _on_error(context: Any) -> None:
        # Backstop behind tra_da.validation: an integer no SQLite column can hold (> 2**63 - 1)
        # that reached a query names nothing that exists. PostgreSQL compares it as numeric.
        if isinstance(context.original_exception, OverflowError):
            from tra_da.services.errors import NotFound

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


@functools.cache
def engine_for(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 5})
        _configure_sqlite(engine)
        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=10,
        connect_args={"connect_timeout": 5},
    )


def get_engine() -> Engine:
    return engine_for(get_settings().database_url)


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
