"""The outbox relay: delivers queued side effects at least once, with retries and a dead letter.

Rows are claimed with a lease (a conditional UPDATE, plus SKIP LOCKED on PostgreSQL), so several
relays can run side by side; the provider is called outside any transaction; failures back off
exponentially with jitter; after OUTBOX_MAX_ATTEMPTS a row is parked as dead for an admin to see.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from tra_da import db as database
from tra_da.integrations.email import OutgoingEmail, sender_for
from tra_da.models import OutboxMessage
from tra_da.services import emails
from tra_da.settings import get_settings

log = logging.getLogger("tra_da.outbox")
LEASE = timedelta(seconds=300)  # > a claim batch times the slowest provider timeout
BATCH = 5
BASE_DELAY_SECONDS = 10
MAX_DELAY_SECONDS = 3600


def _deliver_email(message: OutboxMessage) -> None:
    payload = message.payload
    rendered = emails.render(payload["template"], payload.get("locale", "vi"), payload["context"])
    sender_for(get_settings()).send(
        OutgoingEmail(
            to=payload["to"], subject=rendered.subject, text=rendered.text, html=rendered.html
        )
    )


HANDLERS: dict[str, Callable[[OutboxMessage], None]] = {"email": _deliver_email}


def claim_due(db: Session, now: datetime, limit: int = 20) -> list[OutboxMessage]:
    due = (
        select(OutboxMessage.id)
        .where(
            OutboxMessage.status == "pending",
            OutboxMessage.next_attempt_at <= now,
            or_(col(OutboxMessage.locked_until).is_(None), col(OutboxMessage.locked_until) < now),
        )
        .order_by(col(OutboxMessage.id))
        .limit(limit)
    )
    if db.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    claimed: list[OutboxMessage] = []
    for message_id in db.exec(due).all():
        result = db.execute(
            update(OutboxMessage)
            .where(
                col(OutboxMessage.id) == message_id,
                col(OutboxMessage.status) == "pending",
                or_(
                    col(OutboxMessage.locked_until).is_(None), col(OutboxMessage.locked_until) < now
                ),
            )
            .values(locked_until=now + LEASE)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            message = db.get(OutboxMessage, message_id)
            assert message is not None
            claimed.append(message)
    db.commit()
    return claimed


def backoff_seconds(attempts: int) -> float:
    delay = min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * 2 ** (attempts - 1))
    return delay * random.uniform(0.5, 1.0)  # noqa: S311  (jitter, not security)


def deliver_due(limit: int = BATCH, now: datetime | None = None) -> int:
    """Deliver what is due; returns how many messages were attempted."""
    now = now or datetime.now(UTC)
    with database.session() as db:
        claimed = claim_due(db, now, limit)
        for message in claimed:
            handler = HANDLERS.get(message.kind)
            try:
                if handler is None:
                    raise LookupError(f"no handler for outbox kind {message.kind!r}")
                handler(message)
            except Exception as exc:  # any provider failure: retry later, never lose the row
                _record_failure(db, message, exc)
            else:
                _record_success(message)
            db.add(message)
            db.commit()
    return len(claimed)


def _record_success(message: OutboxMessage) -> None:
    message.status, message.done_at, message.locked_until = "done", datetime.now(UTC), None
    message.attempts += 1
    # A link in an email is a credential: once delivered it has no business in this table.
    context = message.payload.get("context", {})
    if "link" in context:
        message.payload = {**message.payload, "context": {**context, "link": "(delivered)"}}


def _record_failure(db: Session, message: OutboxMessage, exc: Exception) -> None:
    message.attempts += 1
    message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    message.locked_until = None
    if message.attempts >= get_settings().outbox_max_attempts:
        message.status = "dead"
        log.error(
            "outbox message %s is dead after %s attempts: %s",
            message.id,
            message.attempts,
            message.last_error,
        )
    else:
        message.next_attempt_at = datetime.now(UTC) + timedelta(
            seconds=backoff_seconds(message.attempts)
        )
        log.warning(
            "outbox message %s failed (attempt %s): %s",
            message.id,
            message.attempts,
            message.last_error,
        )
