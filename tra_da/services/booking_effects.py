"""What a booking change sets off: the calendar event, emails with .ics invitations, reminders.

Each effect is an outbox row added to the caller's transaction (nothing here commits), with a
unique dedupe key: it is delivered at least once after the change commits, and never without it.
The calendar rows are delivered here too (registered as the outbox's "calendar" handler).
"""

from __future__ import annotations

import functools
import secrets
from datetime import UTC, timedelta
from typing import Any

from sqlalchemy import bindparam, update
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from tra_da.i18n import format_moment, text, zone_label
from tra_da.integrations import google_calendar
from tra_da.models import Booking, MenteeProfile, MentorProfile, OutboxMessage, User
from tra_da.models.base import utcnow
from tra_da.models.booking import LIVE_BOOKING_STATUSES
from tra_da.services import calendar_connections, notifications, outbox
from tra_da.services.outbox import Permanent, Queued, Skipped
from tra_da.settings import get_settings

# Reminder emails: the template and how long before the start it goes out.
REMINDERS = (("reminder_24h", timedelta(hours=24)), ("reminder_1h", timedelta(hours=1)))


def new_meeting_link() -> str:
    """A unique meeting room per booking from MEETING_LINK_TEMPLATE (default: Jitsi Meet)."""
    return get_settings().meeting_link_template.format(token=secrets.token_hex(10))


@functools.cache
def _person_statements() -> tuple[SelectOfScalar[User], SelectOfScalar[User]]:
    """Built once: the mentor's and the mentee's account by their profile ids."""
    mentor = (
        select(User)
        .join(MentorProfile, col(MentorProfile.user_id) == User.id)
        .where(MentorProfile.id == bindparam("profile_id"))
    )
    mentee = (
        select(User)
        .join(MenteeProfile, col(MenteeProfile.user_id) == User.id)
        .where(MenteeProfile.id == bindparam("profile_id"))
    )
    return mentor, mentee


def people(db: Session, booking: Booking, mentee: User | None = None) -> tuple[User, User]:
    """The booking's mentor and mentee accounts; ``mentee``: the mentee's account when the
    caller holds it already (the mentee who just booked), not read again."""
    of_mentor, of_mentee = _person_statements()
    mentor = db.exec(of_mentor, params={"profile_id": booking.mentor_id}).one()
    if mentee is None:
        mentee = db.exec(of_mentee, params={"profile_id": booking.mentee_id}).one()
    return mentor, mentee


def booked(db: Session, booking: Booking, mentee: User | None = None) -> None:
    """A new booking: calendar event, confirmation with an invitation to both, reminders.
    ``mentee``: the booking mentee's account, when the caller holds it."""
    assert booking.id is not None
    if not booking.calendar_event_id:
        booking.calendar_event_id = calendar_connections.event_id_for(booking.id)
        db.add(booking)
    mentor, mentee = people(db, booking, mentee)
    emails = _tell_both(booking, mentor, mentee, "booking_confirmed", "REQUEST")
    notifications.queue_all(
        db, [*_calendar(db, booking, "create"), *emails, *_reminders(booking, mentor, mentee)]
    )


def rescheduled(db: Session, old: Booking, new: Booking) -> None:
    """The same event moves (same calendar id and .ics UID, a higher SEQUENCE); the old
    booking's reminders lapse on their own because it is no longer live."""
    new.calendar_event_id = old.calendar_event_id
    new.ics_sequence = old.ics_sequence + 1
    db.add(new)
    mentor, mentee = people(db, new)
    emails = _tell_both(new, mentor, mentee, "booking_rescheduled", "REQUEST")
    notifications.queue_all(
        db, [*_calendar(db, new, "move"), *emails, *_reminders(new, mentor, mentee)]
    )


def cancelled(db: Session, booking: Booking, reason: str = "") -> None:
    """The event is cancelled, and both get a METHOD:CANCEL invitation with the reason."""
    mentor, mentee = people(db, booking)
    emails = _tell_both(booking, mentor, mentee, "booking_cancelled", "CANCEL", reason)
    notifications.queue_all(db, [*_calendar(db, booking, "cancel"), *emails])


def _calendar(db: Session, booking: Booking, action: str) -> list[Queued]:
    """The calendar row of a change, when the mentor's calendar is connected (none else)."""
    if not calendar_connections.available_for(db, booking.mentor_id):
        return []
    return [
        Queued(
            kind="calendar",
            dedupe_key=f"calendar.{action}:{booking.id}",
            booking_id=booking.id,
            payload={"booking_id": booking.id, "action": action},
        )
    ]


def event_summary(mentor: User, mentee: User, language: str) -> str:
    """The title of the session in calendars (the .ics and the Google Calendar event)."""
    return text("calendar.event.summary", language, mentor=mentor.name, mentee=mentee.name)


def invite_uid(booking: Booking) -> str:
    """The .ics UID of a booking chain: the invitations and the calendar feeds share it."""
    return f"{booking.calendar_event_id or booking.id}@trada"


def _invite(
    booking: Booking, mentor: User, mentee: User, method: str, language: str
) -> dict[str, Any]:
    sequence = booking.ics_sequence + (1 if method == "CANCEL" else 0)
    return {
        "uid": invite_uid(booking),
        "sequence": sequence,
        "method": method,
        "start": booking.start_at.astimezone(UTC).isoformat(),
        "end": booking.end_at.astimezone(UTC).isoformat(),
        "summary": event_summary(mentor, mentee, language),
        "organizer": [mentor.email, mentor.name],
        "attendees": [[mentor.email, mentor.name], [mentee.email, mentee.name]],
    }


def when_and_zone(booking: Booking, reader: User) -> dict[str, str]:
    """The session's start and zone as ``reader`` reads them: in their zone and language."""
    return {
        "when": format_moment(booking.start_at, reader.timezone, reader.locale, weekday=True),
        "zone": zone_label(reader.timezone, reader.locale),
    }


def _context(booking: Booking, recipient: User, other: User, reason: str = "") -> dict[str, Any]:
    return {
        "other": other.name,
        **when_and_zone(booking, recipient),
        "reason": reason or "—",
        "link": "/sessions",
        "meeting": booking.meeting_link or "",
    }


def _tell_both(
    booking: Booking,
    mentor: User,
    mentee: User,
    template: str,
    method: str,
    reason: str = "",
) -> list[Queued]:
    out = []
    for recipient, other in ((mentor, mentee), (mentee, mentor)):
        invite = _invite(booking, mentor, mentee, method, recipient.locale)
        message = notifications.email_message(
            recipient,
            template,
            _context(booking, recipient, other, reason),
            dedupe_key=f"email.{template}:{booking.id}:{recipient.id}",
            booking_id=booking.id,
            extra={"invite": invite, "await_calendar": method == "REQUEST"},
        )
        out.append(message)
    return out


def _reminders(booking: Booking, mentor: User, mentee: User) -> list[Queued]:
    now = utcnow()
    out = []
    for template, before in REMINDERS:
        due = booking.start_at - before
        if due <= now:  # booked closer than that: this reminder has nothing left to remind
            continue
        for recipient, other in ((mentor, mentee), (mentee, mentor)):
            message = notifications.email_message(
                recipient,
                template,
                _context(booking, recipient, other),
                dedupe_key=f"email.{template}:{booking.id}:{recipient.id}",
                booking_id=booking.id,
                extra={"only_if_live": True},
                not_before=due,
            )
            out.append(message)
    return out


# --- delivering the calendar event (the outbox's "calendar" handler) --------------------------


def _sync_calendar(db: Session, message: OutboxMessage) -> None:
    """Create, move or cancel the booking's Google Calendar event (same id every time)."""
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
    mentor, mentee = people(db, booking)
    spec = google_calendar.EventSpec(
        event_id=booking.calendar_event_id,
        # One event in the mentor's calendar (the mentee is a guest): the mentor's language.
        summary=event_summary(mentor, mentee, mentor.locale),
        description=text("calendar.event.description", mentor.locale),
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
        db.execute(
            update(Booking)
            .where(col(Booking.id) == booking.id)
            .values(meeting_link=link, updated_at=utcnow())  # calendar feeds see the change
        )
        db.commit()


outbox.register("calendar", _sync_calendar)
