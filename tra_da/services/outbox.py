"""The outbox relay: delivers queued side effects at least once, with retries and a dead letter.

Rows are claimed with a lease (a conditional UPDATE, plus SKIP LOCKED on PostgreSQL), so several
relays can run side by side; the provider is called outside any transaction; failures back off
exponentially with jitter; after OUTBOX_MAX_ATTEMPTS a row is parked as dead for an admin to see.
What delivers each kind of row is registered by the capability that queues it (`register`), so
the relay knows no email, calendar or payment code.
"""

from __future__ import annotations

import functools
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, or_, update
from sqlalchemy import select as columns
from sqlmodel import Session, col, select

from tra_da import db as database
from tra_da.models import OutboxMessage, User
from tra_da.models.base import as_utc, utcnow
from tra_da.services import audit
from tra_da.services.access import require_role
from tra_da.services.errors import NotFound
from tra_da.settings import get_settings

log = logging.getLogger("tra_da.outbox")
LEASE = timedelta(seconds=300)  # > a claim batch times the slowest provider timeout
BATCH = 5
BASE_DELAY_SECONDS = 10
MAX_DELAY_SECONDS = 3600


class Deferred(Exception):  # noqa: N818 (an outcome, not an error)
    """Not yet: try again in `seconds` without counting an attempt."""

    def __init__(self, reason: str, seconds: float) -> None:
        super().__init__(reason)
        self.seconds = seconds


class Skipped(Exception):  # noqa: N818
    """Nothing to deliver any more (the session was cancelled before its reminder)."""


class Permanent(Exception):
    """Retrying cannot help (credentials revoked, request refused): park as dead now."""


Handler = Callable[[Session, OutboxMessage], None]

# What delivers each kind of row. Each capability registers its own handlers when imported
# (tra_da.services.capabilities imports them all), so this module knows none of them.
HANDLERS: dict[str, Handler] = {}


def register(kind: str, handler: Handler) -> None:
    """Name the handler of one kind of outbox row (called at import by the capability that
    queues rows of that kind)."""
    HANDLERS[kind] = handler


def claim_due(db: Session, now: datetime, limit: int = 20) -> list[OutboxMessage]:
    """Lease up to ``limit`` due rows to this relay (LEASE long) and return them, oldest
    first: one SELECT of the due ids, one UPDATE that leases those still free (RETURNING the
    ones it took: a concurrent relay may have taken some), one read of the rows."""
    free = or_(col(OutboxMessage.locked_until).is_(None), col(OutboxMessage.locked_until) < now)
    due = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now, free)
        .order_by(col(OutboxMessage.id))
        .limit(limit)
    )
    if db.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    ids = db.exec(due).all()
    if not ids:
        db.commit()
        return []
    leased = db.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.id).in_(ids), col(OutboxMessage.status) == "pending", free)
        .values(locked_until=now + LEASE)
        .returning(col(OutboxMessage.id))
        .execution_options(synchronize_session=False)
    )
    taken = list(leased.scalars())
    claimed = list(
        db.exec(
            select(OutboxMessage)
            .where(col(OutboxMessage.id).in_(taken))
            .order_by(col(OutboxMessage.id))
            .execution_options(populate_existing=True)
        ).all()
    )
    db.commit()
    return claimed


def backoff_seconds(attempts: int) -> float:
    delay = min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * 2.0 ** (attempts - 1))
    return delay * random.uniform(0.5, 1.0)  # noqa: S311  (jitter, not security)


def deliver_due(limit: int = BATCH, now: datetime | None = None) -> int:
    """Deliver what is due; returns how many messages were attempted."""
    now = now or utcnow()
    with database.session() as db:
        claimed = claim_due(db, now, limit)
        for message in claimed:
            handler = HANDLERS.get(message.kind)
            try:
                if handler is None:
                    raise Permanent(f"no handler for outbox kind {message.kind!r}")
                handler(db, message)
            except Deferred as wait:
                db.rollback()
                message.locked_until = None
                message.next_attempt_at = utcnow() + timedelta(seconds=wait.seconds)
            except Skipped as skipped:
                db.rollback()
                _record_success(message, note=f"skipped: {skipped}")
            except Exception as exc:  # any provider failure: retry later, never lose the row
                db.rollback()
                _record_failure(db, message, exc)
            else:
                _record_success(message)
            db.add(message)
            db.commit()
    return len(claimed)


def _record_success(message: OutboxMessage, note: str | None = None) -> None:
    message.status, message.done_at, message.locked_until = "done", utcnow(), None
    message.attempts += 1
    message.last_error = note
    # A link in an email is a credential: once delivered it has no business in this table.
    context = message.payload.get("context", {})
    if "link" in context:
        message.payload = {**message.payload, "context": {**context, "link": "(delivered)"}}


def _record_failure(db: Session, message: OutboxMessage, exc: Exception) -> None:
    message.attempts += 1
    message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    message.locked_until = None
    permanent = isinstance(exc, Permanent) or getattr(exc, "permanent", False)
    if permanent or message.attempts >= get_settings().outbox_max_attempts:
        message.status = "dead"
        log.error(
            "outbox message %s is dead after %s attempts: %s",
            message.id,
            message.attempts,
            message.last_error,
        )
    else:
        message.next_attempt_at = utcnow() + timedelta(seconds=backoff_seconds(message.attempts))
        log.warning(
            "outbox message %s failed (attempt %s): %s",
            message.id,
            message.attempts,
            message.last_error,
        )


@dataclass(frozen=True)
class OutboxRow:
    id: int
    kind: str
    what: str  # the email template or the calendar action
    recipient: str
    booking_id: int | None
    status: str
    attempts: int
    last_error: str
    next_attempt_at: datetime
    created_at: datetime


def _describe(message: OutboxMessage) -> tuple[str, str]:
    payload = message.payload
    if message.kind == "email":
        return str(payload.get("template", "")), str(payload.get("to", ""))
    return str(payload.get("action", message.kind)), ""


def problems(db: Session, actor: User | None, limit: int = 100) -> list[OutboxRow]:
    """For admins: dead rows, and pending rows that already failed at least once."""
    require_role(actor, "admin")
    rows = db.exec(
        select(OutboxMessage)
        .where(
            or_(
                col(OutboxMessage.status) == "dead",
                (col(OutboxMessage.status) == "pending") & (col(OutboxMessage.attempts) > 0),
            )
        )
        .order_by(col(OutboxMessage.status), col(OutboxMessage.id).desc())
        .limit(limit)
    ).all()
    out = []
    for m in rows:
        what, recipient = _describe(m)
        out.append(
            OutboxRow(
                m.id or 0,
                m.kind,
                what,
                recipient,
                m.booking_id,
                m.status,
                m.attempts,
                m.last_error or "",
                m.next_attempt_at,
                m.created_at,
            )
        )
    return out


def counts(db: Session) -> dict[str, int]:
    """Pending (due now or retrying) and dead rows, for the admin overview."""
    now = utcnow()
    dead = db.exec(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "dead")
    ).one()
    retrying = db.exec(
        select(func.count())
        .select_from(OutboxMessage)
        .where(
            OutboxMessage.status == "pending",
            (col(OutboxMessage.attempts) > 0) | (col(OutboxMessage.next_attempt_at) <= now),
        )
    ).one()
    return {"dead": int(dead), "retrying": int(retrying)}


def backlog(db: Session) -> tuple[int, float]:
    """Rows waiting for delivery and the age in seconds of the oldest one (for /metrics)."""
    count, oldest = db.exec(
        select(func.count(), func.min(OutboxMessage.created_at)).where(
            OutboxMessage.status == "pending"
        )
    ).one()
    oldest_at = as_utc(oldest)
    if not count or oldest_at is None:
        return 0, 0.0
    return int(count), max(0.0, (utcnow() - oldest_at).total_seconds())


def retry(db: Session, actor: User | None, message_id: int) -> None:
    """An admin sends a dead or retrying row again now, with a fresh set of attempts."""
    admin = require_role(actor, "admin")
    message = db.get(OutboxMessage, message_id)
    if message is None or message.status == "done":
        raise NotFound("This message is no longer waiting; reload the list.")
    message.status, message.attempts = "pending", 0
    message.next_attempt_at, message.locked_until = utcnow(), None
    db.add(message)
    audit.record(
        db, admin, "outbox.retry", "outbox", message_id, before={"error": message.last_error}
    )
    db.commit()


@dataclass(frozen=True)
class Queued:
    """An outbox row to add (notifications.queue_all writes it): its kind, unique dedupe key and
    payload, the booking it belongs to, and when it may go out (now when None)."""

    kind: str
    dedupe_key: str
    payload: dict[str, Any]
    booking_id: int | None = None
    not_before: datetime | None = None


@dataclass(frozen=True)
class Delivery:
    """How a booking's side effects are doing, for the people in it."""

    email: str  # sent | sending | retrying | failed | none
    calendar: str  # created | sending | retrying | failed | off
    error: str


def _state(rows: list[_Row], done: str, empty: str) -> str:
    if not rows:
        return empty
    if any(m.status == "dead" for m in rows):
        return "failed"
    if any(m.status == "pending" and m.attempts > 0 for m in rows):
        return "retrying"
    if any(m.status == "pending" for m in rows):
        return "sending"
    return done


@dataclass(frozen=True)
class _Row:
    kind: str
    status: str
    attempts: int
    last_error: str | None


@functools.cache
def _deliveries_statement() -> Any:
    """Built once: the statement cost more to build than to run."""
    reminder = col(OutboxMessage.payload)["only_if_live"].as_boolean()
    return columns(
        col(OutboxMessage.booking_id),
        col(OutboxMessage.kind),
        col(OutboxMessage.status),
        col(OutboxMessage.attempts),
        col(OutboxMessage.last_error),
        reminder,
    ).where(col(OutboxMessage.booking_id).in_(bindparam("ids", expanding=True)))


def deliveries(db: Session, booking_ids: list[int]) -> dict[int, Delivery]:
    """Delivery state of each booking's invitation emails and calendar event (one query;
    scheduled reminders are not part of it). Columns, not messages: a message's payload (the
    whole email) is neither needed nor parsed here."""
    if not booking_ids:
        return {}
    rows = db.execute(_deliveries_statement(), {"ids": booking_ids}).all()
    by_booking: dict[int, list[_Row]] = {i: [] for i in booking_ids}
    for booking_id, kind, status, attempts, last_error, is_reminder in rows:
        if kind == "email" and is_reminder:
            continue  # reminders
        by_booking[booking_id or 0].append(_Row(kind, status, attempts, last_error))
    out = {}
    for booking_id, messages in by_booking.items():
        mails = [m for m in messages if m.kind == "email"]
        calendar = [
            m
            for m in messages
            if m.kind == "calendar"
            and not (m.status == "done" and (m.last_error or "").startswith("skipped"))
        ]
        errors = [m.last_error for m in messages if m.status != "done" and m.last_error]
        out[booking_id] = Delivery(
            _state(mails, "sent", "none"), _state(calendar, "created", "off"), (errors or [""])[0]
        )
    return out
