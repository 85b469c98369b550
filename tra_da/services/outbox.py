"""The outbox relay: delivers queued side effects at least once, with retries and a dead letter.

Rows are claimed with a lease (a conditional UPDATE, plus SKIP LOCKED on PostgreSQL), so several
relays can run side by side; the provider is called outside any transaction; failures back off
exponentially with jitter; after OUTBOX_MAX_ATTEMPTS a row is parked as dead for an admin to see.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, update
from sqlmodel import Session, col, select

from tra_da import db as database
from tra_da.integrations import ics
from tra_da.integrations.email import EmailAttachment, OutgoingEmail, sender_for
from tra_da.models import Booking, OutboxMessage, User
from tra_da.models.base import as_utc
from tra_da.models.booking import LIVE_BOOKING_STATUSES
from tra_da.services import audit, emails
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


# How long a confirmation waits for the calendar event (and its Meet link) before going out
# with the link the booking already has.
CALENDAR_WAIT = timedelta(minutes=10)


def _calendar_pending(db: Session, booking_id: int) -> bool:
    return (
        db.exec(
            select(OutboxMessage.id).where(
                OutboxMessage.booking_id == booking_id,
                OutboxMessage.kind == "calendar",
                OutboxMessage.status == "pending",
            )
        ).first()
        is not None
    )


def _invite_attachment(payload: dict[str, Any], meeting: str) -> EmailAttachment:
    spec = payload["invite"]
    invite = ics.Invite(
        uid=spec["uid"],
        sequence=int(spec["sequence"]),
        method=spec["method"],
        start=datetime.fromisoformat(spec["start"]),
        end=datetime.fromisoformat(spec["end"]),
        summary=spec["summary"],
        description=f"{spec['summary']}\n{meeting}".strip(),
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
        now = datetime.now(UTC)
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
    db.rollback()  # no transaction stays open while the provider answers
    sender_for(get_settings()).send(
        OutgoingEmail(
            to=payload["to"],
            subject=rendered.subject,
            text=rendered.text,
            html=rendered.html,
            attachments=attachments,
        )
    )


def _sync_calendar(db: Session, message: OutboxMessage) -> None:
    """Create, move or cancel the booking's Google Calendar event (same id every time)."""
    from tra_da.integrations import google_calendar
    from tra_da.services import booking_effects, calendar_connections

    booking = db.get(Booking, message.payload["booking_id"])
    if booking is None or not booking.calendar_event_id:
        raise Skipped("the booking is gone")
    action = message.payload["action"]
    if action != "cancel" and booking.status not in LIVE_BOOKING_STATUSES:
        # Moved or cancelled since: the row written by that change puts the event right, and
        # this one must not write the old times over it.
        raise Skipped("superseded by a later change of the booking")
    try:
        access = calendar_connections.client_for(db, booking.mentor_id)
    except calendar_connections.ConnectionBroken as exc:
        raise Permanent(f"the mentor's Google Calendar connection is broken: {exc}") from None
    except google_calendar.CalendarError as exc:  # e.g. an unreadable service account file
        raise Permanent(f"Google Calendar is misconfigured: {exc}") from None
    if access is None:
        raise Skipped("Google Calendar is no longer configured")
    client, connection = access
    mentor, mentee = booking_effects.people(db, booking)
    spec = google_calendar.EventSpec(
        event_id=booking.calendar_event_id,
        summary=f"Trà Đá: {mentor.name} × {mentee.name}",
        description="Mentoring session booked on Trà Đá.",
        start=booking.start_at,
        end=booking.end_at,
        attendees=(mentor.email, mentee.email),
        time_zone=mentor.timezone,
    )
    db.rollback()  # no transaction stays open while Google answers
    try:
        if action == "cancel":
            client.cancel(spec.event_id)
            return
        link = client.create(spec) if action == "create" else client.move(spec)
    except google_calendar.CalendarAuthError as exc:
        if connection is not None and connection.id is not None:
            calendar_connections.mark_broken(db, connection.id, str(exc))
        raise Permanent(f"Google refused the credentials: {exc}") from None
    except google_calendar.CalendarRetryLater:
        raise
    except google_calendar.CalendarError as exc:
        raise Permanent(str(exc)) from None
    if link:
        db.execute(update(Booking).where(col(Booking.id) == booking.id).values(meeting_link=link))
        db.commit()


def _refund(db: Session, message: OutboxMessage) -> None:
    """Ask Stripe for a refund (services.payments owns the rules)."""
    from tra_da.services import payments

    payments.deliver_refund(db, message)


HANDLERS: dict[str, Callable[[Session, OutboxMessage], None]] = {
    "email": _deliver_email,
    "calendar": _sync_calendar,
    "refund": _refund,
}


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
                    raise Permanent(f"no handler for outbox kind {message.kind!r}")
                handler(db, message)
            except Deferred as wait:
                db.rollback()
                message.locked_until = None
                message.next_attempt_at = datetime.now(UTC) + timedelta(seconds=wait.seconds)
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
    message.status, message.done_at, message.locked_until = "done", datetime.now(UTC), None
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
        message.next_attempt_at = datetime.now(UTC) + timedelta(
            seconds=backoff_seconds(message.attempts)
        )
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
    now = datetime.now(UTC)
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
    return int(count), max(0.0, (datetime.now(UTC) - oldest_at).total_seconds())


def retry(db: Session, actor: User | None, message_id: int) -> None:
    """An admin sends a dead or retrying row again now, with a fresh set of attempts."""
    admin = require_role(actor, "admin")
    message = db.get(OutboxMessage, message_id)
    if message is None or message.status == "done":
        raise NotFound("This message is no longer waiting; reload the list.")
    message.status, message.attempts = "pending", 0
    message.next_attempt_at, message.locked_until = datetime.now(UTC), None
    db.add(message)
    audit.record(
        db, admin, "outbox.retry", "outbox", message_id, before={"error": message.last_error}
    )
    db.commit()


@dataclass(frozen=True)
class Delivery:
    """How a booking's side effects are doing, for the people in it."""

    email: str  # sent | sending | retrying | failed | none
    calendar: str  # created | sending | retrying | failed | off
    error: str


def _state(rows: list[OutboxMessage], done: str, empty: str) -> str:
    if not rows:
        return empty
    if any(m.status == "dead" for m in rows):
        return "failed"
    if any(m.status == "pending" and m.attempts > 0 for m in rows):
        return "retrying"
    if any(m.status == "pending" for m in rows):
        return "sending"
    return done


def deliveries(db: Session, booking_ids: list[int]) -> dict[int, Delivery]:
    """Delivery state of each booking's invitation emails and calendar event (one query;
    scheduled reminders are not part of it)."""
    if not booking_ids:
        return {}
    rows = db.exec(
        select(OutboxMessage).where(col(OutboxMessage.booking_id).in_(booking_ids))
    ).all()
    by_booking: dict[int, list[OutboxMessage]] = {i: [] for i in booking_ids}
    for m in rows:
        if m.kind == "email" and m.payload.get("only_if_live"):
            continue  # reminders
        by_booking[m.booking_id or 0].append(m)
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
