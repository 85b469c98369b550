"""Calendar invitations (.ics, RFC 5545 / iTIP RFC 5546) attached to booking emails.

Calendar programs match an invitation to the event they already hold by its UID and take the one
with the highest SEQUENCE as current. So one booking chain keeps one UID for life, every
reschedule raises the sequence, and a cancellation is the same UID with METHOD:CANCEL and a higher
sequence still: the attendee's calendar then moves or removes the event instead of adding a copy.
Times are written in UTC only, which leaves no time-zone definitions to get wrong across DST
changes: each calendar shows the event in its owner's own zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event, vCalAddress

from tra_da.integrations.email import EmailAttachment

PRODID = "-//Trà Đá//Mentoring//EN"
METHODS = ("REQUEST", "CANCEL")
REMINDER_BEFORE = timedelta(minutes=15)


@dataclass(frozen=True)
class Invite:
    """One invitation or cancellation of one booked session."""

    uid: str  # stable per booking chain, e.g. "booking-42@trada"
    sequence: int  # raised on every reschedule; a cancel passes the last sequence + 1
    method: str  # "REQUEST" or "CANCEL"
    start: datetime  # aware; written in UTC
    end: datetime
    summary: str
    description: str
    location: str  # the meeting link (also written as URL when it is http(s))
    organizer_email: str
    organizer_name: str
    attendees: tuple[tuple[str, str], ...]  # (email, name)
    # DTSTAMP: now for an invitation; a subscription feed passes the booking's last change, so
    # an unchanged feed is byte for byte the same (its ETag holds).
    stamp: datetime | None = None


def _utc(value: datetime, name: str) -> datetime:
    """A naive time has no defined instant (whose 18:00?), so it is refused rather than guessed."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value.isoformat()}")
    return value.astimezone(UTC)


def _address(email: str, name: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = name  # icalendar quotes and escapes parameter values (RFC 6868)
    return address


def event(invite: Invite) -> Event:
    """The VEVENT of one invitation: CONFIRMED for REQUEST, CANCELLED for CANCEL."""
    if invite.method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {invite.method!r}")
    if invite.sequence < 0:
        raise ValueError(f"sequence must not be negative, got {invite.sequence}")
    start, end = _utc(invite.start, "start"), _utc(invite.end, "end")
    if end <= start:
        raise ValueError("end must be after start")

    event = Event()
    event.add("uid", invite.uid)
    event.add("sequence", invite.sequence)
    stamp = _utc(invite.stamp, "stamp") if invite.stamp else datetime.now(UTC)
    event.add("dtstamp", stamp.replace(microsecond=0))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", invite.summary)
    event.add("description", invite.description)
    if invite.location:
        event.add("location", invite.location)
    if invite.location.startswith(("https://", "http://")):
        event.add("url", invite.location)  # clickable in clients that do not link LOCATION
    event.add("organizer", _address(invite.organizer_email, invite.organizer_name))
    for email, name in invite.attendees:
        attendee = _address(email, name)
        attendee.params["ROLE"] = "REQ-PARTICIPANT"
        attendee.params["PARTSTAT"] = "NEEDS-ACTION"
        attendee.params["RSVP"] = "TRUE"
        event.add("attendee", attendee)
    event.add("status", "CONFIRMED" if invite.method == "REQUEST" else "CANCELLED")

    if invite.method == "REQUEST":  # a cancelled event needs no reminder
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", invite.summary)
        alarm.add("trigger", -REMINDER_BEFORE)
        event.add_component(alarm)
    return event


def build(invite: Invite) -> bytes:
    """The invitation as an iCalendar file: one VCALENDAR holding one VEVENT, CRLF line endings."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", invite.method)
    calendar.add_component(event(invite))
    return calendar.to_ical()


def feed(invites: list[Invite], name: str) -> bytes:
    """A subscription calendar (RFC 5545, no METHOD: it is published, not an invitation) of
    the same events the invitations carry: same UIDs and sequences, cancelled ones as
    STATUS:CANCELLED, so a calendar app holding both keeps one event per session."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for invite in invites:
        calendar.add_component(event(invite))
    return calendar.to_ical()


def attachment(invite: Invite) -> EmailAttachment:
    """The invitation ready to attach to an email. The method parameter in the content type is
    what makes mail programs show accept/decline buttons (or remove the event, for CANCEL)."""
    return EmailAttachment(
        filename="invite.ics" if invite.method == "REQUEST" else "cancel.ics",
        content_type=f"text/calendar; method={invite.method}; charset=UTF-8",
        data=build(invite),
    )
