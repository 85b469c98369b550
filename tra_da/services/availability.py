"""Mentors' availability: one-off slots, weekly rules in their own time zone, exceptions.

Slots are stored in UTC. Weekly rules are wall-clock times in the mentor's zone, so a Tuesday
18:00 rule stays 18:00 local across a daylight-saving change (its UTC time moves instead).
A mentor's slots never overlap: PostgreSQL's exclusion constraint guarantees it; on SQLite this
module checks inside the same transaction as the insert.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from tra_da.models import (
    AvailabilityException,
    Booking,
    MenteeProfile,
    MentorProfile,
    Slot,
    User,
    WeeklyAvailability,
)
from tra_da.models.availability import AvailabilityExceptionPublic, WeeklyAvailabilityPublic
from tra_da.models.base import utcnow
from tra_da.models.booking import LIVE_BOOKING_STATUSES, ManagedSlotPublic, SlotPublic
from tra_da.models.limits import EXCEPTION_NOTE_MAX
from tra_da.services import slots, waitlist
from tra_da.services.access import require_active
from tra_da.services.errors import Conflict, Forbidden, Invalid, NotFound
from tra_da.settings import get_settings
from tra_da.validation import check_controls, check_date, check_instant

SESSION_LENGTHS = (30, 45, 60)
MIN_SLOT = timedelta(minutes=15)
MAX_SLOT = timedelta(hours=4)


def mentor_for(db: Session, actor: User | None, mentor_id: int | None = None) -> MentorProfile:
    """The mentor profile the actor may manage: their own, or any one for an admin."""
    user = require_active(actor)
    if mentor_id is None:
        if user.role != "mentor":
            raise Forbidden("Only mentors publish availability.")
        return db.exec(select(MentorProfile).where(MentorProfile.user_id == user.id)).one()
    found = db.get(MentorProfile, mentor_id)
    if found is None:
        raise NotFound("This mentor does not exist.")
    if user.role != "admin" and found.user_id != user.id:
        raise Forbidden("You can only manage your own availability.")
    return found


def _overlaps(db: Session, mentor_id: int, start: datetime, end: datetime) -> bool:
    return (
        db.exec(
            select(Slot.id).where(
                Slot.mentor_id == mentor_id, col(Slot.start_at) < end, col(Slot.end_at) > start
            )
        ).first()
        is not None
    )


def _insert_slot(db: Session, mentor_id: int, start: datetime, end: datetime) -> Slot | None:
    """Insert unless it would overlap one of the mentor's slots (then None)."""
    if _overlaps(db, mentor_id, start, end):
        return None
    slot = Slot(mentor_id=mentor_id, start_at=start, end_at=end)
    try:
        with db.begin_nested():
            db.add(slot)
            db.flush()
    except IntegrityError:  # PostgreSQL's exclusion constraint: a concurrent insert won
        return None
    return slot


def add_slot(
    db: Session, actor: User | None, mentor_id: int | None, start: datetime, end: datetime
) -> SlotPublic:
    mentor = mentor_for(db, actor, mentor_id)
    if start.tzinfo is None or end.tzinfo is None:
        raise Invalid("Give times with a time zone offset, e.g. 2026-12-01T18:00:00+07:00.")
    check_instant(start, "start")
    check_instant(end, "end")
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    if end - start < MIN_SLOT or end - start > MAX_SLOT:
        raise Invalid(
            "A slot lasts between 15 minutes and 4 hours; check the end time.", "err.slot_length"
        )
    if start <= utcnow():
        raise Invalid("This time has passed; choose a time in the future.", "err.slot_past")
    assert mentor.id is not None
    slot = _insert_slot(db, mentor.id, start, end)
    if slot is None:
        db.rollback()
        raise Conflict(
            "This time overlaps another of your slots; choose a free time.", "err.slot_overlap"
        )
    waitlist.slots_opened(db, mentor.id)
    db.commit()
    return SlotPublic.model_validate(slot)


@dataclass(frozen=True)
class WeeklyRule:
    weekday: int
    start: time
    end: time
    session_minutes: int = 60
    buffer_minutes: int = 0

    def check(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise Invalid("Choose a day of the week.", "err.weekday")
        if self.session_minutes not in SESSION_LENGTHS:
            raise Invalid("Sessions last 30, 45 or 60 minutes.", "err.session_minutes")
        if not 0 <= self.buffer_minutes <= 60:
            raise Invalid("The break between sessions is 0 to 60 minutes.", "err.buffer")
        span = datetime.combine(date.min, self.end) - datetime.combine(date.min, self.start)
        if span < timedelta(minutes=self.session_minutes):
            raise Invalid(
                "The end must come at least one session after the start.", "err.rule_span"
            )


def add_weekly_rule(
    db: Session, actor: User | None, mentor_id: int | None, rule: WeeklyRule
) -> WeeklyAvailabilityPublic:
    mentor = mentor_for(db, actor, mentor_id)
    rule.check()
    assert mentor.id is not None
    row = WeeklyAvailability(
        mentor_id=mentor.id,
        weekday=rule.weekday,
        start_time=rule.start,
        end_time=rule.end,
        session_minutes=rule.session_minutes,
        buffer_minutes=rule.buffer_minutes,
    )
    db.add(row)
    db.commit()
    generate_slots(db, mentor)
    return WeeklyAvailabilityPublic.model_validate(row)


def remove_weekly_rule(db: Session, actor: User | None, rule_id: int) -> None:
    rule = db.get(WeeklyAvailability, rule_id)
    if rule is None:
        raise NotFound("This availability no longer exists; reload the page.")
    mentor_for(db, actor, rule.mentor_id)
    db.delete(rule)
    db.commit()


def add_exception(
    db: Session, actor: User | None, mentor_id: int | None, day: date, note: str = ""
) -> int:
    """Mark a day off; its open slots are removed. Returns how many were removed."""
    mentor = mentor_for(db, actor, mentor_id)
    check_date(day, "day off")
    check_controls(note, "note")
    assert mentor.id is not None
    if (
        db.exec(
            select(AvailabilityException.id).where(
                AvailabilityException.mentor_id == mentor.id, AvailabilityException.day == day
            )
        ).first()
        is None
    ):
        db.add(
            AvailabilityException(
                mentor_id=mentor.id, day=day, note=note.strip()[:EXCEPTION_NOTE_MAX]
            )
        )
    zone = _zone(db, mentor)
    start = datetime.combine(day, time.min, zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time.min, zone).astimezone(UTC)
    removed = _delete_open_slots(db, mentor.id, start, end)
    db.commit()
    return removed


def _delete_open_slots(db: Session, mentor_id: int, start: datetime, end: datetime) -> int:
    never_booked = ~select(Booking.id).where(Booking.slot_id == Slot.id).exists()
    result = db.execute(
        delete(Slot).where(
            col(Slot.mentor_id) == mentor_id,
            col(Slot.status) == "open",
            col(Slot.start_at) >= start,
            col(Slot.start_at) < end,
            never_booked,
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _zone(db: Session, mentor: MentorProfile) -> ZoneInfo:
    user = db.get(User, mentor.user_id)
    return ZoneInfo(user.timezone if user else "UTC")


def local_slot_times(
    rule: WeeklyAvailability | WeeklyRule, day: date, zone: ZoneInfo
) -> list[tuple[datetime, datetime]]:
    """The sessions a rule makes on one local date, in UTC. A start time that does not exist
    that day (the hour skipped when clocks go forward) makes no session; in the hour repeated
    when clocks go back, the first occurrence is used."""
    weekday = rule.weekday
    start_t = rule.start_time if isinstance(rule, WeeklyAvailability) else rule.start
    end_t = rule.end_time if isinstance(rule, WeeklyAvailability) else rule.end
    if day.weekday() != weekday:
        return []
    length = timedelta(minutes=rule.session_minutes)
    step = length + timedelta(minutes=rule.buffer_minutes)
    sessions = []
    cursor = datetime.combine(day, start_t)
    limit = datetime.combine(day, end_t)
    while cursor + length <= limit:
        local_start = cursor.replace(tzinfo=zone)
        if _exists(local_start):
            # The length is real time: across a clock change a 60-minute session still lasts
            # 60 minutes, even if its wall-clock end reads differently.
            start = local_start.astimezone(UTC)
            sessions.append((start, start + length))
        cursor += step
    return sessions


def _exists(moment: datetime) -> bool:
    """False for wall-clock times skipped by a daylight-saving jump."""
    round_trip = moment.astimezone(UTC).astimezone(moment.tzinfo)
    return round_trip.replace(tzinfo=None) == moment.replace(tzinfo=None)


def generate_slots(
    db: Session, mentor: MentorProfile, now: datetime | None = None, weeks: int | None = None
) -> int:
    """Create the weekly rules' slots for the coming weeks (idempotent: existing or overlapping
    times are skipped). Returns how many were created."""
    now = now or utcnow()
    weeks = weeks or get_settings().availability_weeks_ahead
    assert mentor.id is not None
    rules = db.exec(
        select(WeeklyAvailability).where(WeeklyAvailability.mentor_id == mentor.id)
    ).all()
    if not rules:
        return 0
    zone = _zone(db, mentor)
    off = set(
        db.exec(
            select(col(AvailabilityException.day)).where(
                AvailabilityException.mentor_id == mentor.id
            )
        ).all()
    )
    today = now.astimezone(zone).date()
    created = 0
    for offset in range(weeks * 7 + 1):
        day = today + timedelta(days=offset)
        if day in off:
            continue
        for rule in rules:
            for start, end in local_slot_times(rule, day, zone):
                if start > now and _insert_slot(db, mentor.id, start, end) is not None:
                    created += 1
    if created:
        waitlist.slots_opened(db, mentor.id, now)
    db.commit()
    return created


def set_slot_blocked(db: Session, actor: User | None, slot_id: int, blocked: bool) -> SlotPublic:
    slot = db.get(Slot, slot_id)
    if slot is None:
        raise NotFound("This slot no longer exists; reload the page.")
    mentor_for(db, actor, slot.mentor_id)
    wanted, current = ("blocked", "open") if blocked else ("open", "blocked")
    result = db.execute(
        update(Slot)
        .where(col(Slot.id) == slot_id, col(Slot.status) == current)
        .values(status=wanted)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        db.rollback()
        raise Conflict(
            "Only an open slot can be blocked (and only a blocked one reopened); a "
            "booked slot is cancelled from the booking.",
            "err.slot_state",
        )
    if not blocked:
        waitlist.slots_opened(db, slot.mentor_id)
    db.commit()
    db.refresh(slot)
    return SlotPublic.model_validate(slot)


def remove_slot(db: Session, actor: User | None, slot_id: int) -> None:
    slot = db.get(Slot, slot_id)
    if slot is None:
        raise NotFound("This slot no longer exists; reload the page.")
    mentor = mentor_for(db, actor, slot.mentor_id)
    assert mentor.id is not None
    live = db.exec(
        select(Booking.id).where(
            Booking.slot_id == slot_id, col(Booking.status).in_(LIVE_BOOKING_STATUSES)
        )
    ).first()
    if live is not None:
        raise Conflict(
            "This slot is booked; cancel the booking instead (the mentee is told).",
            "err.slot_booked",
        )
    if db.exec(select(Booking.id).where(Booking.slot_id == slot_id)).first() is not None:
        slot.status = "blocked"  # keeps the history of its cancelled bookings
    else:
        db.delete(slot)
    db.commit()


def open_slots(
    db: Session,
    mentor_id: int,
    start: datetime | None = None,
    end: datetime | None = None,
    now: datetime | None = None,
) -> list[SlotPublic]:
    """Bookable slots: open, after the minimum notice, of an active mentor."""
    for bound in (start, end):
        if bound is not None:
            check_instant(bound, "time range")
    now = now or utcnow()
    earliest = slots.earliest_bookable(now)
    start = max(start or earliest, earliest)
    end = end or now + timedelta(days=60)
    rows = slots.bookable(db, mentor_id, start, end, 500)
    return [SlotPublic.model_validate(s) for s in rows]


def upcoming_slots(
    db: Session, actor: User | None, mentor_id: int | None = None, now: datetime | None = None
) -> list[ManagedSlotPublic]:
    """Everything on a mentor's calendar from now on, with who booked what."""
    mentor = mentor_for(db, actor, mentor_id)
    now = now or utcnow()
    rows = db.exec(
        select(Slot, User.name)
        .outerjoin(
            Booking,
            and_(col(Booking.slot_id) == Slot.id, col(Booking.status).in_(LIVE_BOOKING_STATUSES)),
        )
        .outerjoin(MenteeProfile, col(MenteeProfile.id) == Booking.mentee_id)
        .outerjoin(User, col(User.id) == MenteeProfile.user_id)
        .where(Slot.mentor_id == mentor.id, col(Slot.end_at) > now)
        .order_by(col(Slot.start_at))
        .limit(300)
    ).all()
    return [ManagedSlotPublic.model_validate(s, update={"mentee": name}) for s, name in rows]


def weekly_rules(
    db: Session, actor: User | None, mentor_id: int | None = None
) -> list[WeeklyAvailabilityPublic]:
    mentor = mentor_for(db, actor, mentor_id)
    return [
        WeeklyAvailabilityPublic.model_validate(rule)
        for rule in db.exec(
            select(WeeklyAvailability)
            .where(WeeklyAvailability.mentor_id == mentor.id)
            .order_by(col(WeeklyAvailability.weekday), col(WeeklyAvailability.start_time))
        ).all()
    ]


def exceptions(
    db: Session, actor: User | None, mentor_id: int | None = None
) -> list[AvailabilityExceptionPublic]:
    mentor = mentor_for(db, actor, mentor_id)
    return [
        AvailabilityExceptionPublic.model_validate(day)
        for day in db.exec(
            select(AvailabilityException)
            .where(
                AvailabilityException.mentor_id == mentor.id,
                col(AvailabilityException.day) >= utcnow().date(),
            )
            .order_by(col(AvailabilityException.day))
        ).all()
    ]


def generate_all(db: Session, now: datetime | None = None) -> int:
    """Top up every active mentor's weekly slots (the relay runs this every hour)."""
    mentors = db.exec(
        select(MentorProfile)
        .join(User, col(User.id) == MentorProfile.user_id)
        .where(
            col(User.is_active).is_(True),
            col(MentorProfile.id).in_(select(WeeklyAvailability.mentor_id)),
        )
    ).all()
    return sum(generate_slots(db, mentor, now=now) for mentor in mentors)
