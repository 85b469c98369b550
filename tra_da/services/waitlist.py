"""Waitlists: a mentee waits for a mentor with no open slot in the next 14 days, and is told by
email when that mentor opens slots.

Batching. Every path that opens slots (a one-off slot, weekly availability generation, a blocked
slot reopened, a booking cancelled or moved away) calls ``slots_opened`` in its own transaction.
If anyone waits for that mentor and no announcement is already pending for them, it adds ONE
outbox row of kind "waitlist" due ``BATCH_DELAY`` later; further openings before it is delivered
find that row and add nothing. So a mentor who adds ten slots in a minute sets off one row, and
the row (delivered by ``_announce``) queues one email per waiting mentee, in their language.
Each entry is marked told by a conditional UPDATE before its email is queued (with a dedupe key
per entry and wait), so even two rows racing each other never email a mentee twice.

Policy: a mentee is told once; the entry then stops waiting (``notified_at`` is set), and their
profile page says they were told. If the slots are booked up again, they can join again (the
same row starts a new wait). If the new slots are gone again by the time the row is delivered,
nobody is told and everyone keeps waiting.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from tra_da.i18n import format_moment, zone_label
from tra_da.models import MenteeProfile, MentorProfile, OutboxMessage, Slot, User, WaitlistEntry
from tra_da.models.base import utcnow
from tra_da.models.waitlist import WaitlistCountPublic, WaitlistPublic
from tra_da.services import notifications, outbox, slots
from tra_da.services.access import require_role
from tra_da.services.errors import Conflict, NotFound
from tra_da.services.outbox import Queued, Skipped

# Only a mentor with no open slot this far ahead can be waited for.
WINDOW = timedelta(days=14)
# How long an announcement waits for more openings of the same mentor before it goes out.
BATCH_DELAY = timedelta(minutes=3)
KIND = "waitlist"


def _first_open_slot(db: Session, mentor_id: int, now: datetime, until: datetime) -> Slot | None:
    """The first bookable slot before ``until``: the same rule as the profile's open slots."""
    found = slots.bookable(db, mentor_id, slots.earliest_bookable(now), until, 1)
    return found[0] if found else None


def _active_mentor(db: Session, mentor_id: int) -> MentorProfile:
    mentor = db.get(MentorProfile, mentor_id)
    user = db.get(User, mentor.user_id) if mentor is not None else None
    if mentor is None or user is None or not user.is_active:
        raise NotFound("This mentor does not exist.")
    return mentor


def _mentee_id(db: Session, user: User) -> int:
    profile_id = db.exec(select(MenteeProfile.id).where(MenteeProfile.user_id == user.id)).one()
    assert profile_id is not None
    return profile_id


def _public(mentor_id: int, entry: WaitlistEntry | None) -> WaitlistPublic:
    if entry is None:
        return WaitlistPublic(mentor_id=mentor_id, waiting=False, joined_at=None, notified_at=None)
    return WaitlistPublic(
        mentor_id=mentor_id,
        waiting=entry.notified_at is None,
        joined_at=entry.created_at,
        notified_at=entry.notified_at,
    )


def _entry(db: Session, mentor_id: int, mentee_id: int) -> WaitlistEntry | None:
    return db.exec(
        select(WaitlistEntry).where(
            WaitlistEntry.mentor_id == mentor_id, WaitlistEntry.mentee_id == mentee_id
        )
    ).first()


def status(db: Session, actor: User | None, mentor_id: int) -> WaitlistPublic:
    """The caller's place on one mentor's waitlist (nothing for someone who is not a mentee)."""
    user = require_role(actor, "mentee", "mentor", "admin")
    if db.get(MentorProfile, mentor_id) is None:
        raise NotFound("This mentor does not exist.")
    if user.role != "mentee":
        return _public(mentor_id, None)
    return _public(mentor_id, _entry(db, mentor_id, _mentee_id(db, user)))


def can_join(db: Session, mentor_id: int, now: datetime | None = None) -> bool:
    """Whether the mentor has no bookable slot in the next 14 days (so waiting makes sense)."""
    now = now or utcnow()
    return _first_open_slot(db, mentor_id, now, now + WINDOW) is None


def join(
    db: Session, actor: User | None, mentor_id: int, now: datetime | None = None
) -> tuple[WaitlistPublic, bool]:
    """Put the mentee on the mentor's waitlist. Returns the entry and whether it started a new
    wait (False: they were already waiting, nothing changed)."""
    user = require_role(actor, "mentee")
    now = now or utcnow()
    _active_mentor(db, mentor_id)
    mentee_id = _mentee_id(db, user)
    entry = _entry(db, mentor_id, mentee_id)
    if entry is not None and entry.notified_at is None:
        return _public(mentor_id, entry), False
    if not can_join(db, mentor_id, now):
        raise Conflict(
            "This mentor has open slots in the next 14 days: book one of them instead.",
            "err.waitlist_has_slots",
        )
    if entry is None:
        entry = WaitlistEntry(mentor_id=mentor_id, mentee_id=mentee_id, created_at=now)
    else:  # told before: a new wait on the same row
        entry.created_at, entry.notified_at = now, None
    db.add(entry)
    try:
        db.commit()
    except IntegrityError:  # the same mentee joined twice at once: the other one won
        db.rollback()
        return _public(mentor_id, _entry(db, mentor_id, mentee_id)), False
    db.refresh(entry)
    return _public(mentor_id, entry), True


def leave(db: Session, actor: User | None, mentor_id: int) -> None:
    """Take the mentee off the mentor's waitlist (nothing to do when they are not on it)."""
    user = require_role(actor, "mentee")
    if db.get(MentorProfile, mentor_id) is None:
        raise NotFound("This mentor does not exist.")
    entry = _entry(db, mentor_id, _mentee_id(db, user))
    if entry is not None:
        db.delete(entry)
        db.commit()


def counts(db: Session, actor: User | None, limit: int = 10) -> list[WaitlistCountPublic]:
    """For admins: the mentors most waited for, with how many mentees wait."""
    require_role(actor, "admin")
    return most_waited_for(db, limit)


def most_waited_for(db: Session, limit: int = 10) -> list[WaitlistCountPublic]:
    """The mentors with the most mentees waiting (the admin dashboard's demand signal)."""
    waiting = func.count(col(WaitlistEntry.id))
    rows = db.exec(
        select(MentorProfile.id, User.name, waiting)
        .join(MentorProfile, col(MentorProfile.id) == WaitlistEntry.mentor_id)
        .join(User, col(User.id) == MentorProfile.user_id)
        .where(col(WaitlistEntry.notified_at).is_(None))
        .group_by(col(MentorProfile.id), col(User.name))
        .order_by(waiting.desc(), col(User.name))
        .limit(limit)
    ).all()
    return [
        WaitlistCountPublic(mentor_id=mentor_id or 0, mentor_name=name, waiting=int(n))
        for mentor_id, name, n in rows
    ]


# --- telling them: one outbox row per batch of openings ------------------------------------


def slots_opened(db: Session, mentor_id: int, now: datetime | None = None) -> None:
    """Slots of this mentor opened in the caller's transaction (nothing here commits): queue
    the announcement unless one is already waiting to go out or nobody waits."""
    now = now or utcnow()
    anyone = db.exec(
        select(WaitlistEntry.id).where(
            WaitlistEntry.mentor_id == mentor_id, col(WaitlistEntry.notified_at).is_(None)
        )
    ).first()
    if anyone is None:
        return
    prefix = f"waitlist.opened:{mentor_id}:"
    pending = db.exec(
        select(OutboxMessage.id).where(
            OutboxMessage.kind == KIND,
            OutboxMessage.status == "pending",
            col(OutboxMessage.dedupe_key).startswith(prefix),
        )
    ).first()
    if pending is not None:
        return
    notifications.queue(
        db,
        Queued(
            kind=KIND,
            dedupe_key=f"{prefix}{now.isoformat()}",
            payload={"mentor_id": mentor_id},
            not_before=now + BATCH_DELAY,
        ),
    )


def _announce(db: Session, message: OutboxMessage) -> None:
    """The outbox's "waitlist" handler: one email per waiting mentee (queued as outbox rows
    in this transaction), each in the mentee's language and time zone."""
    mentor_id = int(message.payload["mentor_id"])
    now = utcnow()
    mentor = db.get(MentorProfile, mentor_id)
    mentor_user = db.get(User, mentor.user_id) if mentor is not None else None
    if mentor_user is None or not mentor_user.is_active:
        raise Skipped("the mentor is gone or deactivated")
    first = _first_open_slot(db, mentor_id, now, now + timedelta(days=366))
    if first is None:
        raise Skipped("the mentor's new slots are gone again; everyone keeps waiting")
    waiting = db.exec(
        select(WaitlistEntry, User)
        .join(MenteeProfile, col(MenteeProfile.id) == WaitlistEntry.mentee_id)
        .join(User, col(User.id) == MenteeProfile.user_id)
        .where(WaitlistEntry.mentor_id == mentor_id, col(WaitlistEntry.notified_at).is_(None))
        .order_by(col(WaitlistEntry.id))
    ).all()
    for entry, mentee in waiting:
        told = db.execute(
            update(WaitlistEntry)
            .where(col(WaitlistEntry.id) == entry.id, col(WaitlistEntry.notified_at).is_(None))
            .values(notified_at=now)
        )
        if told.rowcount != 1 or not mentee.is_active:  # type: ignore[attr-defined]
            continue
        notifications.queue(
            db,
            notifications.email_message(
                mentee,
                "waitlist_open",
                {
                    "other": mentor_user.name,
                    "when": format_moment(
                        first.start_at, mentee.timezone, mentee.locale, weekday=True
                    ),
                    "zone": zone_label(mentee.timezone, mentee.locale),
                    "link": f"/mentors/{mentor_id}",
                },
                dedupe_key=f"email.waitlist_open:{entry.id}:{entry.created_at.isoformat()}",
            ),
        )


outbox.register(KIND, _announce)
