"""Each person's calendar feed: a secret, revocable ICS subscription address of their sessions.

The address holds a random token (``secrets.token_urlsafe(32)``); only its SHA-256 is stored, so
the address is shown once, when it is made or rotated (like a calendar's "secret address" that
you reset to see a new one). Rotating replaces the hash: the old address answers 404 at once.

The feed carries the same events as the invitation emails (same UID per booking chain, the same
SEQUENCE, raised on every reschedule; cancelled sessions as STATUS:CANCELLED with the cancel's
sequence), from 30 days ago onwards, so a calendar app that got both keeps one event per session.
DTSTAMP is each booking's last change, so an unchanged feed is byte for byte the same and its
ETag (a hash of the body) holds; Last-Modified is the latest change of its bookings.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import exists, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from tra_da.i18n import text
from tra_da.integrations import ics
from tra_da.models import Booking, CalendarFeed, MenteeProfile, MentorProfile, User
from tra_da.models.base import as_utc, utcnow
from tra_da.models.waitlist import CalendarFeedPublic
from tra_da.services import booking_effects
from tra_da.services.access import require_active
from tra_da.services.errors import NotFound
from tra_da.settings import get_settings

PAST = timedelta(days=30)  # recently past sessions stay in the feed this long
MAX_EVENTS = 500
PATH = "/api/calendar/feed/{token}.ics"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _addresses(token: str) -> tuple[str, str]:
    url = get_settings().public_url.rstrip("/") + PATH.format(token=token)
    return url, "webcal://" + url.split("://", 1)[1]


def status(db: Session, actor: User | None) -> CalendarFeedPublic:
    """Whether the caller has a feed (its address cannot be shown again: rotate for a new one)."""
    user = require_active(actor)
    feed = db.exec(select(CalendarFeed).where(CalendarFeed.user_id == user.id)).first()
    return CalendarFeedPublic(
        active=feed is not None,
        created_at=feed.created_at if feed else None,
        url=None,
        webcal_url=None,
    )


def rotate(db: Session, actor: User | None) -> CalendarFeedPublic:
    """Make the caller's feed address, or replace it (the old one stops working at once).
    The only moment the address is returned."""
    user = require_active(actor)
    token = secrets.token_urlsafe(32)
    now = utcnow()
    feed = db.exec(select(CalendarFeed).where(CalendarFeed.user_id == user.id)).first()
    if feed is None:
        assert user.id is not None
        feed = CalendarFeed(user_id=user.id, token_hash=_hash(token), created_at=now)
    else:
        feed.token_hash, feed.created_at = _hash(token), now
    db.add(feed)
    db.commit()
    url, webcal = _addresses(token)
    return CalendarFeedPublic(active=True, created_at=now, url=url, webcal_url=webcal)


def stop(db: Session, actor: User | None) -> None:
    """Turn the caller's feed off: its address answers 404 from now on."""
    user = require_active(actor)
    feed = db.exec(select(CalendarFeed).where(CalendarFeed.user_id == user.id)).first()
    if feed is not None:
        db.delete(feed)
        db.commit()


@dataclass(frozen=True)
class FeedBody:
    body: bytes
    etag: str  # quoted, strong
    last_modified: datetime  # whole seconds, UTC


def _invites(db: Session, user: User, since: datetime) -> tuple[list[ics.Invite], datetime | None]:
    mentor_user, mentee_user = aliased(User), aliased(User)
    later = aliased(Booking)
    mine = []
    mentor_id = db.exec(select(MentorProfile.id).where(MentorProfile.user_id == user.id)).first()
    mentee_id = db.exec(select(MenteeProfile.id).where(MenteeProfile.user_id == user.id)).first()
    if mentor_id is not None:
        mine.append(col(Booking.mentor_id) == mentor_id)
    if mentee_id is not None:
        mine.append(col(Booking.mentee_id) == mentee_id)
    if not mine:
        return [], None
    rows = db.exec(
        select(Booking, mentor_user, mentee_user)
        .join(MentorProfile, col(MentorProfile.id) == Booking.mentor_id)
        .join(mentor_user, col(mentor_user.id) == MentorProfile.user_id)
        .join(MenteeProfile, col(MenteeProfile.id) == Booking.mentee_id)
        .join(mentee_user, col(mentee_user.id) == MenteeProfile.user_id)
        .where(
            or_(*mine),
            col(Booking.end_at) >= since,
            # Only sessions people were invited to (a never-paid hold was not), ...
            col(Booking.calendar_event_id).is_not(None),
            col(Booking.status) != "pending",
            # ... and of a rescheduled chain only its latest booking: one event per UID.
            ~exists().where(col(later.rescheduled_from_id) == Booking.id),
        )
        .order_by(col(Booking.start_at))
        .limit(MAX_EVENTS)
    ).all()
    invites, latest = [], None
    for booking, mentor, mentee in rows:
        live = booking.status != "cancelled"  # completed and no-show sessions happened
        summary = booking_effects.event_summary(mentor, mentee, user.locale)
        meeting = booking.meeting_link or ""
        where = text("calendar.invite.meeting", user.locale, meeting=meeting)
        changed = as_utc(booking.updated_at) or booking.created_at
        latest = changed if latest is None or changed > latest else latest
        invites.append(
            ics.Invite(
                uid=booking_effects.invite_uid(booking),
                sequence=booking.ics_sequence + (0 if live else 1),
                method="REQUEST" if live else "CANCEL",
                start=booking.start_at,
                end=booking.end_at,
                summary=summary,
                description=f"{summary}\n{where}" if meeting else summary,
                location=meeting,
                organizer_email=mentor.email,
                organizer_name=mentor.name,
                attendees=((mentor.email, mentor.name), (mentee.email, mentee.name)),
                stamp=changed,
            )
        )
    return invites, latest


def feed(db: Session, token: str, now: datetime | None = None) -> FeedBody:
    """The feed of the address holding ``token``; NotFound for an unknown or rotated one."""
    now = now or utcnow()
    found = db.exec(
        select(CalendarFeed, User)
        .join(User, col(User.id) == CalendarFeed.user_id)
        .where(CalendarFeed.token_hash == _hash(token))
    ).first()
    if found is None or not found[1].is_active:
        raise NotFound("This calendar address does not exist or was replaced.")
    subscription, user = found
    invites, latest = _invites(db, user, now - PAST)
    body = ics.feed(invites, text("calendar.feed.name", user.locale, name=user.name))
    modified = max(d for d in (latest, as_utc(subscription.created_at)) if d is not None)
    return FeedBody(
        body=body,
        etag='"' + hashlib.sha256(body).hexdigest()[:32] + '"',
        last_modified=modified.astimezone(UTC).replace(microsecond=0),
    )
