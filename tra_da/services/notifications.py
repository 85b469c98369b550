"""Queueing side effects: written to the outbox in the caller's transaction, delivered later;
and delivering the emails among them (the outbox's "email" handler)."""

from __future__ import annotations

import functools
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from tra_da.i18n import text
from tra_da.integrations import ics
from tra_da.integrations.email import EmailAttachment, OutgoingEmail, sender_for
from tra_da.models import Booking, OutboxMessage, User
from tra_da.models.base import as_utc, utcnow
from tra_da.models.booking import LIVE_BOOKING_STATUSES
from tra_da.services import emails, outbox
from tra_da.services.outbox import Deferred, Queued, Skipped
from tra_da.settings import get_settings


def queue(db: Session, message: Queued) -> None:
    """Add an outbox row unless one with its dedupe key exists (no commit: it lands with the
    change that causes it; the unique key also stops a concurrent twin)."""
    queue_all(db, [message])


@functools.cache
def _insert(dialect: str) -> Any:
    """INSERT ... ON CONFLICT (dedupe_key) DO NOTHING, on either database."""
    table = OutboxMessage.__table__  # type: ignore[attr-defined]
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    return insert(table).on_conflict_do_nothing(index_elements=["dedupe_key"])


def queue_all(db: Session, messages: list[Queued]) -> None:
    """``queue`` for the rows one change sets off, in one statement: a row whose dedupe key is
    taken is left out by the database (a booking's six emails: one INSERT, no look-up, no ORM
    objects to build and flush)."""
    if not messages:
        return
    now = utcnow()
    rows = [
        {
            "kind": m.kind,
            "dedupe_key": m.dedupe_key,
            "payload": m.payload,
            "booking_id": m.booking_id,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": m.not_before or now,
            "created_at": now,
        }
        for m in messages
    ]
    db.execute(_insert(db.get_bind().dialect.name), rows)


def email_message(
    recipient: User,
    template: str,
    context: dict[str, Any],
    dedupe_key: str,
    *,
    booking_id: int | None = None,
    extra: dict[str, Any] | None = None,
    not_before: datetime | None = None,
) -> Queued:
    """An email to one person, in their language, as an outbox row (``queue`` or ``queue_all``
    it). `extra` carries delivery options (an .ics invitation, wait for the calendar, send only
    while the booking is live); `not_before` schedules it (reminders)."""
    return Queued(
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
        not_before=not_before,
    )


# --- delivering emails (the outbox's "email" handler) -----------------------------------------

# How long a confirmation waits for the calendar event (and its Meet link) before going out
# with the link the booking already has.
CALENDAR_WAIT = timedelta(minutes=10)


@functools.cache
def _calendar_pending_statement() -> Any:
    """Built once: a booking's calendar row still waiting to be delivered."""
    return select(OutboxMessage.id).where(
        OutboxMessage.booking_id == bindparam("booking_id"),
        OutboxMessage.kind == "calendar",
        OutboxMessage.status == "pending",
    )


def _calendar_pending(db: Session, booking_id: int) -> bool:
    params = {"booking_id": booking_id}
    return db.exec(_calendar_pending_statement(), params=params).first() is not None


def _invite_attachment(payload: dict[str, Any], meeting: str) -> EmailAttachment:
    spec = payload["invite"]
    where = text("calendar.invite.meeting", payload.get("locale", ""), meeting=meeting)
    invite = ics.Invite(
        uid=spec["uid"],
        sequence=int(spec["sequence"]),
        method=spec["method"],
        start=datetime.fromisoformat(spec["start"]),
        end=datetime.fromisoformat(spec["end"]),
        summary=spec["summary"],
        description=f"{spec['summary']}\n{where}" if meeting else spec["summary"],
        location=meeting,
        organizer_email=spec["organizer"][0],
        organizer_name=spec["organizer"][1],
        attendees=tuple((email, name) for email, name in spec["attendees"]),
    )
    return ics.attachment(invite)


def _deliver_email(db: Session, message: OutboxMessage) -> None:
    payload = message.payload
    context = dict(payload["context"])
    if message.booking_id is not None:
        booking = db.get(Booking, message.booking_id)
        live = booking is not None and booking.status in LIVE_BOOKING_STATUSES
        if (payload.get("only_if_live") or payload.get("await_calendar")) and not live:
            # A reminder, or an invitation overtaken by its own cancellation or move: sending
            # it now would put a cancelled session back in people's calendars.
            raise Skipped("the session was cancelled or moved")
        now = utcnow()
        waited = now - (as_utc(message.created_at) or now)
        if (
            payload.get("await_calendar")
            and waited < CALENDAR_WAIT
            and _calendar_pending(db, message.booking_id)
        ):
            raise Deferred("waiting for the calendar event and its Meet link", 15)
        if booking is not None and booking.meeting_link:
            context["meeting"] = booking.meeting_link  # the Meet link once Google made one
    rendered = emails.render(payload["template"], payload.get("locale", "vi"), context)
    attachments: tuple[EmailAttachment, ...] = ()
    if "invite" in payload:
        attachments = (_invite_attachment(payload, str(context.get("meeting", ""))),)
    # No transaction stays open while the provider answers. Nothing was written: ending it
    # with a commit keeps the claimed rows loaded (a rollback expired them all, and the relay
    # then read each one again to record its delivery).
    db.commit()
    sender_for(get_settings()).send(
        OutgoingEmail(
            to=payload["to"],
            subject=rendered.subject,
            text=rendered.text,
            html=rendered.html,
            attachments=attachments,
        )
    )


outbox.register("email", _deliver_email)
