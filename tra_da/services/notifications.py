"""Queueing messages to people: written to the outbox in the caller's transaction, sent later."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from tra_da.models import OutboxMessage, User


def queue_email(
    db: Session, recipient: User, template: str, context: dict[str, Any], dedupe_key: str
) -> None:
    """Add an email to the outbox (no commit: it lands with the change that causes it)."""
    if db.exec(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)).first():
        return
    db.add(
        OutboxMessage(
            kind="email",
            dedupe_key=dedupe_key,
            payload={
                "to": recipient.email,
                "template": template,
                "locale": recipient.locale,
                "context": {"name": recipient.name, **context},
            },
        )
    )
