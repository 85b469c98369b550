"""Booking, cancelling and rescheduling sessions: never double-booked, whatever the concurrency.

A slot is taken by one conditional UPDATE (status 'open' -> 'booked', only if still open, far
enough ahead and its mentor active); the partial unique index on live bookings backs it up. No
check-then-insert anywhere. On SQLite contended writes take the write lock at BEGIN.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, exists, func, or_, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select, SelectOfScalar

from tra_da.db import write_lock
from tra_da.models import (
    Booking,
    BookingStatusChange,
    MenteeProfile,
    MentorProfile,
    Payment,
    Slot,
    User,
)
from tra_da.models.base import instant_param, utcnow
from tra_da.models.booking import (
    LIVE_BOOKING_STATUSES,
    SESSION_FILTER_STATUSES,
    BookingPublic,
    DeliveryPublic,
    SessionChoicesPublic,
    SessionFilter,
)
from tra_da.models.limits import REASON_MAX
from tra_da.models.payment import MentorPricePublic, PaymentStatePublic
from tra_da.services import booking_effects, outbox, waitlist
from tra_da.services.access import require_active, require_role
from tra_da.services.errors import Conflict, Forbidden, Invalid, NotFound
from tra_da.services.payments import checkout, prices, refunds, views
from tra_da.settings import get_settings
from tra_da.validation import check_controls


def meeting_link() -> str:
    """A unique meeting room per booking from MEETING_LINK_TEMPLATE (default: Jitsi Meet)."""
    return booking_effects.new_meeting_link()


# The statements of a booking, built once with bound parameters: building them cost more than
# SQLite spent running them (see docs/performance.md, "Service time", Round 2).
@functools.cache
def _mentee_statement(lock: bool) -> SelectOfScalar[MenteeProfile]:
    query = select(MenteeProfile).where(MenteeProfile.user_id == bindparam("user_id"))
    return query.with_for_update() if lock else query


def _mentee(db: Session, user: User, lock: bool = False) -> MenteeProfile:
    """The mentee's profile; `lock` holds its row until commit (PostgreSQL: FOR UPDATE), so one
    mentee's concurrent bookings count each other's and the upcoming limit holds."""
    return db.exec(_mentee_statement(lock), params={"user_id": user.id}).one()


@functools.cache
def _claim_statement() -> Any:
    active_mentor = exists().where(
        col(MentorProfile.id) == Slot.mentor_id,
        col(User.id) == MentorProfile.user_id,
        col(User.is_active).is_(True),
    )
    return (
        update(Slot)
        .where(
            col(Slot.id) == bindparam("slot_id"),
            col(Slot.status) == "open",
            col(Slot.start_at) >= instant_param("earliest"),
            active_mentor,
        )
        .values(status="booked")
        # The session's copy of the slot is set by _claim itself: SQLAlchemy's own
        # synchronisation tried to evaluate the EXISTS in Python, gave up and fetched the rows
        # again, half of the statement's cost (docs/performance.md, 30 Nov 19:40 UTC).
        .execution_options(synchronize_session=False)
    )


def _claim(db: Session, slot: Slot, earliest: datetime) -> bool:
    """Take an open slot of an active mentor that starts after ``earliest``: one statement.
    On success the session's copy of ``slot`` reads 'booked' too."""
    result = db.execute(_claim_statement(), {"slot_id": slot.id, "earliest": earliest})
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    set_committed_value(slot, "status", "booked")
    return True


def _refusal(db: Session, slot_id: int, earliest: datetime) -> Exception:
    """Why a slot could not be taken, in words a mentee can act on (the slot read again: a
    concurrent booking may have changed it since this session loaded it)."""
    slot = db.get(Slot, slot_id, populate_existing=True)
    if slot is None:
        return NotFound("This slot no longer exists; pick another time.")
    if slot.start_at < earliest:
        hours = get_settings().booking_min_notice_hours
        return Invalid(
            f"Sessions must be booked at least {hours:g} hours ahead; pick a later time.",
            "err.too_soon",
            hours=f"{hours:g}",
        )
    if slot.status != "open":
        return Conflict("Someone just booked this slot; pick another time.", "err.slot_taken")
    return Conflict(
        "This mentor is not taking bookings; choose another mentor.", "err.mentor_unavailable"
    )


def _history(
    db: Session, booking: Booking, actor: User, old: str | None, new: str, reason: str | None = None
) -> None:
    assert booking.id is not None
    db.add(
        BookingStatusChange(
            booking_id=booking.id,
            from_status=old,
            to_status=new,
            changed_by_user_id=actor.id,
            reason=reason,
        )
    )


@functools.cache
def _upcoming_statement() -> SelectOfScalar[int]:
    return (
        select(func.count())
        .select_from(Booking)
        .where(
            Booking.mentee_id == bindparam("mentee_id"),
            col(Booking.status).in_(LIVE_BOOKING_STATUSES),
            col(Booking.start_at) > instant_param("now"),
            col(Booking.id) != bindparam("replacing"),
        )
    )


def _check_limits(
    db: Session,
    mentee: MenteeProfile,
    slot_mentor_id: int,
    now: datetime,
    replacing: int | None = None,
) -> None:
    settings = get_settings()
    if settings.booking_scope == "assigned" and mentee.mentor_id != slot_mentor_id:
        raise Forbidden(
            "Your programme books sessions with your assigned mentor only.", "err.assigned_only"
        )
    params = {"mentee_id": mentee.id, "now": now, "replacing": replacing or -1}
    upcoming = db.exec(_upcoming_statement(), params=params).one()
    if upcoming >= settings.booking_max_upcoming:
        raise Conflict(
            f"You already have {upcoming} upcoming sessions, the most allowed; "
            "cancel one or wait until it has taken place.",
            "err.too_many_bookings",
            count=upcoming,
        )


@functools.cache
def _own_hold_statement() -> SelectOfScalar[Booking]:
    return select(Booking).where(
        Booking.slot_id == bindparam("slot_id"),
        Booking.mentee_id == bindparam("mentee_id"),
        Booking.status == "pending",
    )


def _own_hold(db: Session, mentee_id: int, slot_id: int) -> Booking | None:
    """This mentee's own unpaid hold on this slot (they left the payment page and came back)."""
    params = {"slot_id": slot_id, "mentee_id": mentee_id}
    return db.exec(_own_hold_statement(), params=params).first()


def _public(booking: Booking) -> BookingPublic:
    return BookingPublic.model_validate(booking)


def _held(db: Session, booking: Booking, now: datetime | None) -> BookingPublic:
    """A booking its mentee just made: a pending one with what is owed and where to pay."""
    if booking.status != "pending" or booking.id is None:
        return _public(booking)
    return BookingPublic.model_validate(
        booking,
        update={
            "payment": views.payment_views(db, [booking.id]).get(booking.id),
            "checkout_url": checkout.resume_url(db, booking, now),
        },
    )


def book_slot(
    db: Session, actor: User | None, slot_id: int, now: datetime | None = None
) -> BookingPublic:
    """Book a slot. Free sessions are confirmed at once. A paid one is held as 'pending' for
    its mentee, and the Stripe payment page is opened; only the verified payment confirms it
    (services.payments): the result then carries the payment and its page. Booking the same
    slot again while holding it resumes that payment."""
    user = require_role(actor, "mentee")
    now = now or utcnow()
    earliest = now + timedelta(hours=get_settings().booking_min_notice_hours)
    price: MentorPricePublic | None = None
    with write_lock(db):
        try:
            mentee = _mentee(db, user, lock=True)
            slot = db.get(Slot, slot_id)
            if slot is None:
                raise NotFound("This slot no longer exists; pick another time.")
            # A hold whose time ran out never blocks the slot, chore or webhook aside.
            checkout.release_expired(db, now, slot_id=slot_id)
            own = _own_hold(db, mentee.id or 0, slot_id)
            if own is not None:
                db.commit()
                return _held(db, own, now)
            _check_limits(db, mentee, slot.mentor_id, now)
            if not _claim(db, slot, earliest):
                refusal = _refusal(db, slot_id, earliest)
                db.rollback()
                raise refusal
            booking = Booking(
                slot_id=slot_id,
                mentor_id=slot.mentor_id,
                mentee_id=mentee.id or 0,
                booked_by_user_id=user.id,
                start_at=slot.start_at,
                end_at=slot.end_at,
                status="confirmed",
                meeting_link=meeting_link(),
            )
            price = prices.price_of(db, slot.mentor_id)
            if price is not None:  # the room is made once the session is paid for
                booking.status, booking.meeting_link = "pending", None
                booking.payment_expires_at = checkout.hold_until(now)
            db.add(booking)
            db.flush()
            _history(db, booking, user, None, booking.status)
            if price is not None:
                checkout.add_payment(db, booking, price)
            else:
                booking_effects.booked(db, booking, mentee=user)
            db.commit()
        except (IntegrityError, OperationalError):
            db.rollback()
            raise Conflict(
                "Someone just booked this slot; pick another time.", "err.slot_taken"
            ) from None
    if price is not None:
        checkout.open_checkout(db, booking, now)
    return _held(db, booking, now)


def _booking_for(db: Session, user: User, booking_id: int) -> Booking:
    booking = db.get(Booking, booking_id)
    if booking is None:
        raise NotFound("This session does not exist.")
    if user.role == "admin":
        return booking
    if user.role == "mentee":
        owner = db.exec(select(MenteeProfile.id).where(MenteeProfile.user_id == user.id)).first()
        if owner == booking.mentee_id:
            return booking
    if user.role == "mentor":
        owner = db.exec(select(MentorProfile.id).where(MentorProfile.user_id == user.id)).first()
        if owner == booking.mentor_id:
            return booking
    raise NotFound("This session does not exist.")  # never reveal other people's sessions


def change_deadline(start_at: datetime) -> datetime:
    """The last moment a session starting at ``start_at`` may be rescheduled or cancelled by its
    mentee or mentor (BOOKING_CHANGE_CUTOFF_HOURS before it); the booking dialog states it."""
    return start_at - timedelta(hours=get_settings().booking_change_cutoff_hours)


def _check_cutoff(db: Session, user: User, booking: Booking, now: datetime, action: str) -> None:
    cutoff = get_settings().booking_change_cutoff_hours
    if user.role != "admin" and now > change_deadline(booking.start_at):
        mentor, _ = booking_effects.people(db, booking)
        raise Invalid(
            f"Sessions can be {action} up to {cutoff:g} hours before they start. Contact "
            f"{mentor.name} ({mentor.email}) or your programme admin.",
            "err.cutoff",
            hours=f"{cutoff:g}",
            name=mentor.name,
            email=mentor.email,
        )


def cancel_booking(
    db: Session, actor: User | None, booking_id: int, reason: str = "", now: datetime | None = None
) -> BookingPublic:
    """Cancel as its mentee, its mentor or an admin; the slot opens again; both are told."""
    user = require_active(actor)
    now = now or utcnow()
    reason = reason.strip()
    check_controls(reason, "reason", multiline=True)
    if len(reason) > REASON_MAX:
        raise Invalid(f"Keep the reason to {REASON_MAX} characters.", "err.reason")
    booking = _booking_for(db, user, booking_id)
    if booking.status not in LIVE_BOOKING_STATUSES:
        raise Conflict("This session is already cancelled or over.", "err.not_live")
    old_status = booking.status
    if old_status != "pending":  # an unpaid hold can always be let go
        _check_cutoff(db, user, booking, now, "cancelled")
    with write_lock(db):
        done = db.execute(
            update(Booking)
            # Still in the status read above: a payment confirming it meanwhile must not be
            # cancelled as if it were an unpaid hold (nobody would be told, no refund).
            .where(col(Booking.id) == booking_id, col(Booking.status) == old_status)
            .values(
                status="cancelled",
                cancel_reason=reason or None,
                cancelled_by_user_id=user.id,
                updated_at=now,
            )
        )
        if done.rowcount != 1:  # type: ignore[attr-defined]
            db.rollback()
            raise Conflict("This session changed meanwhile; reload and try again.", "err.stale")
        db.execute(
            update(Slot)
            .where(col(Slot.id) == booking.slot_id, col(Slot.status) == "booked")
            .values(status="open")
        )
        waitlist.slots_opened(db, booking.mentor_id, now)
        db.refresh(booking)
        _history(db, booking, user, old_status, "cancelled", reason or None)
        if old_status != "pending":  # nobody was invited to a session never paid for
            booking_effects.cancelled(db, booking, reason)
        refunds.refund_on_cancel(db, booking, user, now)
        db.commit()
    return _public(booking)


def reschedule(
    db: Session, actor: User | None, booking_id: int, new_slot_id: int, now: datetime | None = None
) -> BookingPublic:
    """Move a booking to another slot of the same mentor in one transaction: the new slot is
    taken and the old one freed together, or nothing changes."""
    user = require_role(actor, "mentee")
    now = now or utcnow()
    earliest = now + timedelta(hours=get_settings().booking_min_notice_hours)
    old = _booking_for(db, user, booking_id)
    if old.status not in LIVE_BOOKING_STATUSES:
        raise Conflict("This session is already cancelled or over.", "err.not_live")
    if old.status == "pending":
        raise Conflict(
            "This session is waiting for your payment: pay for it, or cancel it and book the "
            "other time.",
            "err.pending_payment",
        )
    _check_cutoff(db, user, old, now, "rescheduled")
    with write_lock(db):
        try:
            target = db.get(Slot, new_slot_id)
            if target is None:
                raise NotFound("This slot no longer exists; pick another time.")
            if target.mentor_id != old.mentor_id:
                raise Invalid(
                    "Reschedule to a slot of the same mentor, or cancel and book another mentor.",
                    "err.other_mentor",
                )
            if not _claim(db, target, earliest):
                refusal = _refusal(db, new_slot_id, earliest)
                db.rollback()
                raise refusal
            moved = db.execute(
                update(Booking)
                .where(
                    col(Booking.id) == booking_id, col(Booking.status).in_(LIVE_BOOKING_STATUSES)
                )
                .values(
                    status="cancelled",
                    cancel_reason="rescheduled",
                    cancelled_by_user_id=user.id,
                    updated_at=now,
                )
            )
            if moved.rowcount != 1:  # type: ignore[attr-defined]
                db.rollback()
                raise Conflict("This session changed meanwhile; reload and try again.", "err.stale")
            db.execute(update(Slot).where(col(Slot.id) == old.slot_id).values(status="open"))
            waitlist.slots_opened(db, old.mentor_id, now)
            new = Booking(
                slot_id=new_slot_id,
                mentor_id=old.mentor_id,
                mentee_id=old.mentee_id,
                booked_by_user_id=user.id,
                start_at=target.start_at,
                end_at=target.end_at,
                status="confirmed",
                meeting_link=old.meeting_link or meeting_link(),
                rescheduled_from_id=old.id,
            )
            db.add(new)
            db.flush()
            # What was paid for the old time pays for the new one.
            db.execute(
                update(Payment).where(col(Payment.booking_id) == old.id).values(booking_id=new.id)
            )
            db.refresh(old)
            _history(db, old, user, "confirmed", "cancelled", "rescheduled")
            _history(db, new, user, None, "confirmed", f"rescheduled from #{old.id}")
            booking_effects.rescheduled(db, old, new)
            db.commit()
        except (IntegrityError, OperationalError):
            db.rollback()
            raise Conflict(
                "Someone just booked this slot; pick another time.", "err.slot_taken"
            ) from None
    return _public(new)


def payment_state(
    db: Session, actor: User | None, booking_id: int, now: datetime | None = None
) -> PaymentStatePublic:
    """The real state of a booking's payment, read from the database (the mentee, the mentor
    and admins only)."""
    user = require_active(actor)
    found = _booking_for(db, user, booking_id)
    assert found.id is not None
    view = views.payment_views(db, [found.id]).get(found.id)
    return PaymentStatePublic(
        booking_id=found.id,
        booking_status=found.status,
        outcome=views.checkout_outcome(found.status, view),
        payment=view,
        checkout_url=checkout.resume_url(db, found, now) if user.role == "mentee" else None,
    )


@functools.cache
def _bookings_base(role: str, scope: str) -> Select[Booking, Any, str]:
    """The statement of ``_bookings_of`` for a role and scope, built once (building it cost more
    than running it); the caller and the clock are bound parameters: ``_who``."""
    mentor_user = User.__table__.alias("mentor_user")  # type: ignore[attr-defined]
    statement = (
        select(Booking, mentor_user.c.name, User.name)
        .join(MentorProfile, col(MentorProfile.id) == Booking.mentor_id)
        .join(mentor_user, mentor_user.c.id == MentorProfile.user_id)
        .join(MenteeProfile, col(MenteeProfile.id) == Booking.mentee_id)
        .join(User, col(User.id) == MenteeProfile.user_id)
    )
    if role == "mentee":
        statement = statement.where(col(MenteeProfile.user_id) == bindparam("who"))
    elif role == "mentor":
        statement = statement.where(col(MentorProfile.user_id) == bindparam("who"))
    if scope == "all":
        return statement
    now = instant_param("now")
    if scope == "past":  # over, or called off: the full history
        return statement.where(
            or_(col(Booking.end_at) <= now, col(Booking.status).not_in(LIVE_BOOKING_STATUSES))
        ).order_by(col(Booking.start_at).desc())
    return statement.where(
        col(Booking.end_at) > now, col(Booking.status).in_(LIVE_BOOKING_STATUSES)
    ).order_by(col(Booking.start_at))


def _who(user: User, now: datetime) -> dict[str, Any]:
    """The parameters of ``_bookings_of``'s statement."""
    return {"who": user.id, "now": now}


def _bookings_of(
    user: User, scope: str, now: datetime, narrow: SessionFilter | None = None
) -> Select[Booking, Any, str]:
    """The caller's bookings in ``scope`` (an admin's: everyone's), with both names, in the
    order the pages show them; ``narrow`` filters them (see SessionFilter). Run it with
    ``params=_who(user, now)``."""
    statement = _bookings_base(user.role if user.role in ("mentee", "mentor") else "", scope)
    if narrow is not None:
        statement = _narrowed(statement, user, narrow, now)
    return statement


def _narrowed(
    statement: Select[Booking, Any, str], user: User, narrow: SessionFilter, now: datetime
) -> Select[Booking, Any, str]:
    if narrow.status and narrow.status not in SESSION_FILTER_STATUSES:
        raise Invalid(
            f"Pick a status from: {', '.join(SESSION_FILTER_STATUSES)}.", "err.session_status"
        )
    if narrow.with_id:
        other = MentorProfile.id if user.role == "mentee" else MenteeProfile.id
        statement = statement.where(col(other) == narrow.with_id)
    if narrow.starts_from is not None:
        statement = statement.where(col(Booking.start_at) >= narrow.starts_from)
    if narrow.starts_before is not None:
        statement = statement.where(col(Booking.start_at) < narrow.starts_before)
    if narrow.status == "upcoming":
        statement = statement.where(
            col(Booking.end_at) > now, col(Booking.status).in_(LIVE_BOOKING_STATUSES)
        )
    elif narrow.status == "held":
        statement = statement.where(
            col(Booking.end_at) <= now, col(Booking.status).in_(("confirmed", "completed"))
        )
    elif narrow.status == "cancelled":
        statement = statement.where(col(Booking.status) == "cancelled")
    return statement


def session_choices(db: Session, actor: User | None) -> SessionChoicesPublic:
    """The people the caller has sessions with and when those sessions start: what the
    filters on /sessions offer (a mentor's mentees, a mentee's mentors)."""
    user = require_active(actor)
    now = utcnow()
    found = db.exec(_bookings_of(user, "all", now).order_by(None), params=_who(user, now)).all()
    people: dict[int, str] = {}
    for b, mentor_name, mentee_name in found:
        if user.role == "mentee":
            people[b.mentor_id] = mentor_name or ""
        else:
            people[b.mentee_id] = mentee_name or ""
    return SessionChoicesPublic(
        people=sorted(people.items(), key=lambda p: (p[1].casefold(), p[0])),
        starts=[b.start_at for b, _, _ in found],
    )


def count_bookings(
    db: Session,
    actor: User | None,
    scope: str = "past",
    now: datetime | None = None,
    narrow: SessionFilter | None = None,
) -> int:
    """How many bookings ``list_bookings`` pages through for this caller and scope."""
    user = require_active(actor)
    now = now or utcnow()
    found = _bookings_of(user, scope, now, narrow).order_by(None).subquery()
    return int(db.exec(select(func.count()).select_from(found), params=_who(user, now)).one())


def list_bookings(
    db: Session,
    actor: User | None,
    scope: str = "upcoming",
    now: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
    narrow: SessionFilter | None = None,
) -> list[BookingPublic]:
    """The caller's sessions (an admin's: everyone's): upcoming live ones, or past ones
    (including cancelled, so the history is complete), ``limit`` from ``offset``."""
    user = require_active(actor)
    now = now or utcnow()
    statement = _bookings_of(user, scope, now, narrow)
    cutoff = timedelta(hours=get_settings().booking_change_cutoff_hours)
    rows = db.exec(statement.limit(limit).offset(offset), params=_who(user, now)).all()
    ids = [b.id for b, _, _ in rows if b.id is not None]
    delivery = outbox.deliveries(db, ids)
    paid = views.payment_views(db, ids)
    moved = rescheduled_ids(db, [b.id for b, _, _ in rows if b.status == "cancelled"])
    return [
        BookingPublic.model_validate(
            b,
            update={
                "mentor_name": mentor_name,
                "mentee_name": mentee_name,
                "delivery": _delivery(delivery.get(b.id or 0)),
                "payment": paid.get(b.id or 0),
                "checkout_url": checkout.resume_url(db, b, now) if user.role == "mentee" else None,
                "can_change": b.status in LIVE_BOOKING_STATUSES
                and (user.role == "admin" or b.status == "pending" or b.start_at - now >= cutoff),
                "rescheduled": b.id in moved,
            },
        )
        for b, mentor_name, mentee_name in rows
    ]


def rescheduled_ids(db: Session, ids: list[int | None]) -> set[int]:
    """Which of these cancelled bookings were moved: a later booking was rescheduled from them."""
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return set()
    found = db.exec(
        select(Booking.rescheduled_from_id).where(col(Booking.rescheduled_from_id).in_(wanted))
    ).all()
    return {i for i in found if i is not None}


def _delivery(found: outbox.Delivery | None) -> DeliveryPublic | None:
    if found is None:
        return None
    return DeliveryPublic(email=found.email, calendar=found.calendar, error=found.error)
