"""Queueing side effects: written to the outbox in the caller's transaction, delivered later."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from tra_da.models import OutboxMessage, User


def queue(db: Session, message: OutboxMessage) -> None:
    """Add an outbox row unless one with its dedupe key exists (no commit: it lands with the
    change that causes it; the unique key also stops a concurrent twin at commit)."""
    exists = db.exec(
        select(OutboxMessage.id).where(OutboxMessage.dedupe_key == message.dedupe_key)
    ).first()
    if exists is None:
        db.add(message)


def queue_email(
    db: Session,
    recipient: User,
    template: str,
    context: dict[str, Any],
    dedupe_key: str,
    *,
    booking_id: int | None = None,
    extra: dict[str, Any] | None = None,
    not_before: datetime | None = None,
) -> None:
    """An email to one person, in their language. `extra` carries delivery options (an .ics
    invitation, wait for the calendar, send only while the booking is live); `not_before`
    schedules it (reminders)."""
    message = OutboxMessage(
        kind="email",
        dedupe_key=dedupe_key,
        booking_id=booking_id,
        payload={
            "to": recipient.email,
            "template": template,
            "locale": recipient.locale,
            "context": {"name": recipient.name, **context},
            **(extra or {}),
        },
    )
    if not_before is not None:
        message.next_attempt_at = not_before
    queue(db, message)
