"""Session logs: what a mentor writes after a session, what the mentee may see and rate, and how
admins follow up on a needs-support flag or correct a log.

The rules live here so the UI and the REST API share them:
- only mentors write logs, about their own mentees (assigned, booked or logged before), at most
  one per booking, and only for a session that has started;
- the author may edit a log for ``EDIT_WINDOW`` after writing it, then it is locked; an admin may
  still correct it, and every admin correction is audited;
- a mentee sees their own logs without the private notes and rates each logged session once;
- a needs-support flag stays open on the admin overview until an admin resolves it with a note.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, exists, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from tra_da.models import (
    Booking,
    MenteeGroup,
    MenteeProfile,
    MentorProfile,
    Review,
    SessionLog,
    User,
)
from tra_da.models.base import utcnow
from tra_da.models.booking import LIVE_BOOKING_STATUSES
from tra_da.models.limits import ACTIONS_MAX, COMMENT_MAX, NOTES_MAX, RESOLUTION_MAX, TOPIC_MAX
from tra_da.models.session_log import (
    LogPromptPublic,
    SessionLogCreate,
    SessionLogMenteePublic,
    SessionLogPublic,
    SessionLogUpdate,
)
from tra_da.services import audit, reviews
from tra_da.services.access import require_active, require_role
from tra_da.services.errors import Conflict, Forbidden, Invalid, NotFound
from tra_da.validation import check_controls, check_date, check_id

EDIT_WINDOW = timedelta(days=7)
RECENT_BOOKINGS = timedelta(days=90)  # a mentee booked within this is "my mentee"
PROMPT_WINDOW = timedelta(days=30)  # sessions older than this no longer prompt for a log
HELD_STATUSES = (*LIVE_BOOKING_STATUSES, "completed")  # a session that was not called off
LOG_FIELDS = (
    "mentee_id",
    "booking_id",
    "session_date",
    "topic",
    "mentor_score",
    "needs_support",
    "notes",
    "action_items",
)


def _cleaned(data: SessionLogCreate, today: date) -> SessionLogCreate:
    """Every field checked (whoever built ``data``, validated or not), saying what to fix."""
    check_id(data.mentee_id, "mentee")
    if data.booking_id is not None:
        check_id(data.booking_id, "booking")
    check_date(data.session_date, "session date")
    check_controls(data.topic, "topic")
    check_controls(data.notes, "private notes", multiline=True)
    check_controls(data.action_items, "action items", multiline=True)
    topic = data.topic.strip()
    if not 1 <= len(topic) <= TOPIC_MAX:
        raise Invalid(f"Enter the session's topic (1 to {TOPIC_MAX} characters).", "err.log_topic")
    if isinstance(data.mentor_score, bool) or data.mentor_score not in range(1, 6):
        raise Invalid("Give a progress score from 1 to 5.", "err.log_score")
    if data.session_date > today:
        raise Invalid(
            "A session can be logged once it has taken place; pick today or an earlier date.",
            "err.log_future",
        )
    notes, actions = data.notes.strip(), data.action_items.strip()
    if len(notes) > NOTES_MAX:
        raise Invalid(f"Keep the private notes to {NOTES_MAX} characters.", "err.log_notes")
    if len(actions) > ACTIONS_MAX:
        raise Invalid(f"Keep the action items to {ACTIONS_MAX} characters.", "err.log_action_items")
    return SessionLogCreate(
        mentee_id=data.mentee_id,
        session_date=data.session_date,
        topic=topic,
        mentor_score=data.mentor_score,
        needs_support=bool(data.needs_support),
        notes=notes,
        action_items=actions,
        booking_id=data.booking_id,
    )


def _mentor_profile(db: Session, user: User) -> MentorProfile:
    profile = db.exec(select(MentorProfile).where(MentorProfile.user_id == user.id)).first()
    if profile is None:
        raise Forbidden("This needs a mentor profile; ask your programme admin.")
    return profile


def _mentee_profile(db: Session, user: User) -> MenteeProfile:
    profile = db.exec(select(MenteeProfile).where(MenteeProfile.user_id == user.id)).first()
    if profile is None:
        raise Forbidden("This needs a mentee profile; ask your programme admin.")
    return profile


def mentor_today(user: User, now: datetime) -> date:
    """Today in the mentor's own zone: a session on their evening is 'today' for them."""
    return now.astimezone(ZoneInfo(user.timezone)).date()


def my_mentees_clause(mentor_id: int, now: datetime) -> ColumnElement[bool]:
    """Which mentee profiles are the mentor's on their dashboard: assigned to them, or booked
    with them (not called off) in the last 90 days or ahead. The list and its count share it."""
    recent = (
        select(Booking.mentee_id)
        .where(
            col(Booking.mentor_id) == mentor_id,
            col(Booking.status).in_(HELD_STATUSES),
            col(Booking.start_at) >= now - RECENT_BOOKINGS,
        )
        .distinct()
    )
    return or_(col(MenteeProfile.mentor_id) == mentor_id, col(MenteeProfile.id).in_(recent))


def is_my_mentee(db: Session, mentor_id: int, mentee_id: int, now: datetime) -> bool:
    """Assigned to the mentor, booked with them (and not called off) in the last 90 days or
    ahead, or logged by them before."""
    assigned = exists().where(
        col(MenteeProfile.id) == mentee_id, col(MenteeProfile.mentor_id) == mentor_id
    )
    booked = exists().where(
        col(Booking.mentor_id) == mentor_id,
        col(Booking.mentee_id) == mentee_id,
        col(Booking.status).in_(HELD_STATUSES),
        col(Booking.start_at) >= now - RECENT_BOOKINGS,
    )
    logged = exists().where(
        col(SessionLog.mentor_id) == mentor_id, col(SessionLog.mentee_id) == mentee_id
    )
    return bool(db.exec(select(or_(assigned, booked, logged))).one())


def _not_found() -> NotFound:
    # Never reveal whether another mentor's mentee or log exists.
    return NotFound("No such session log among yours.", "err.log_not_found")


def _check_booking(
    db: Session, booking_id: int, mentor_id: int, mentee_id: int, now: datetime
) -> Booking:
    booking = db.get(Booking, booking_id)
    if booking is None or booking.mentor_id != mentor_id or booking.mentee_id != mentee_id:
        raise Invalid(
            "That booking is not one of your sessions with this mentee; pick the session again.",
            "err.log_booking",
        )
    if booking.status not in HELD_STATUSES:
        raise Invalid("That session was cancelled; there is nothing to log.", "err.log_cancelled")
    if booking.start_at > now:
        raise Invalid(
            "A session can be logged once it has started; log it after the meeting.",
            "err.log_future",
        )
    return booking


def _check_date_against_booking(day: date, booking: Booking, user: User) -> None:
    """A log of a booked session is dated on or before that session's day (the mentor's zone)."""
    held = booking.start_at.astimezone(ZoneInfo(user.timezone)).date()
    if day > held:
        raise Invalid(
            f"The log's date cannot be after the booked session's day ({held.isoformat()}).",
            "err.log_after_session",
            day=held.isoformat(),
        )


def create_log(
    db: Session, actor: User | None, data: SessionLogCreate, now: datetime | None = None
) -> SessionLogPublic:
    """A mentor logs a session with one of their mentees; one log per booking."""
    user = require_role(actor, "mentor")
    now = now or utcnow()
    mentor = _mentor_profile(db, user)
    assert mentor.id is not None
    clean = _cleaned(data, mentor_today(user, now))
    if not is_my_mentee(db, mentor.id, clean.mentee_id, now):
        raise NotFound(
            "This mentee is not one of yours; choose a mentee from your dashboard.",
            "err.log_mentee",
        )
    if clean.booking_id is not None:
        booking = _check_booking(db, clean.booking_id, mentor.id, clean.mentee_id, now)
        _check_date_against_booking(clean.session_date, booking, user)
    log = SessionLog(
        mentor_id=mentor.id,
        mentee_id=clean.mentee_id,
        booking_id=clean.booking_id,
        session_date=clean.session_date,
        topic=clean.topic,
        mentor_score=clean.mentor_score,
        needs_support=clean.needs_support,
        notes=clean.notes,
        action_items=clean.action_items,
        created_at=now,
        updated_at=now,
    )
    if clean.booking_id is not None:
        # Reviewed before it was logged: the review's rating is the session's.
        log.mentee_score = db.exec(
            select(Review.rating).where(Review.booking_id == clean.booking_id)
        ).first()
    db.add(log)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise Conflict(
            "This session is already logged; open its log to edit it.", "err.log_exists"
        ) from None
    return _private_by_id(db, user, log.id or 0, now)


def _editable(log: SessionLog, user: User, now: datetime) -> bool:
    if user.role == "admin":
        return True
    return user.role == "mentor" and now - log.created_at <= EDIT_WINDOW


def update_log(
    db: Session,
    actor: User | None,
    log_id: int,
    data: SessionLogUpdate,
    now: datetime | None = None,
) -> SessionLogPublic:
    """The author edits within 7 days of writing; afterwards only an admin corrects it, audited.
    Fields left out keep their value. The mentee and the booking of a log never change: log the
    other session instead."""
    user = require_role(actor, "mentor", "admin")
    now = now or utcnow()
    log = db.get(SessionLog, log_id)
    if log is None:
        raise _not_found()
    if user.role == "mentor":
        mentor = _mentor_profile(db, user)
        if log.mentor_id != mentor.id:
            raise _not_found()
        if not _editable(log, user, now):
            raise Forbidden(
                "This log is locked: logs can be edited for 7 days after they are written. "
                "Ask your programme admin to correct it.",
                "err.log_locked",
            )
        today = mentor_today(user, now)
    else:
        today = (now + timedelta(days=1)).date()  # admins correct from any zone
    changes = data.model_dump(exclude_unset=True, include=set(SessionLogUpdate.model_fields))
    current = {name: getattr(log, name) for name in SessionLogUpdate.model_fields}
    merged = {**current, **{k: v for k, v in changes.items() if v is not None}}
    clean = _cleaned(
        SessionLogCreate.model_construct(
            mentee_id=log.mentee_id, booking_id=log.booking_id, **merged
        ),
        today,
    )
    before = audit.snapshot(log, LOG_FIELDS)
    log.session_date = clean.session_date
    log.topic = clean.topic
    log.mentor_score = clean.mentor_score
    if clean.needs_support and not log.needs_support:
        log.support_resolved_at = None  # a newly raised flag is open again
        log.support_resolved_by_user_id = None
        log.support_resolution_note = None
    log.needs_support = clean.needs_support
    log.notes = clean.notes
    log.action_items = clean.action_items
    log.updated_at = now
    if user.role == "admin":
        audit.record(
            db,
            user,
            "session_log.correct",
            "session_log",
            log.id,
            before,
            audit.snapshot(log, LOG_FIELDS),
        )
    db.add(log)
    db.commit()
    return _private_by_id(db, user, log_id, now)


def rate_session(
    db: Session,
    actor: User | None,
    log_id: int,
    score: int,
    comment: str = "",
    review: str = "",
    now: datetime | None = None,
) -> SessionLogMenteePublic:
    """The mentee rates one of their own past sessions, once: 1 to 5, an optional comment for
    the mentor and, when the session was booked, an optional public review. The rating of a
    booked session is its review (services.reviews), so the review's rules apply to it too."""
    user = require_role(actor, "mentee")
    now = now or utcnow()
    mentee = _mentee_profile(db, user)
    log = db.get(SessionLog, log_id)
    if log is None or log.mentee_id != mentee.id:
        raise _not_found()
    if log.session_date > now.astimezone(ZoneInfo(user.timezone)).date():
        raise Invalid("You can rate a session once it has taken place.", "err.rate_future")
    score, review = reviews.clean_review(score, review)
    comment = comment.strip()
    check_controls(comment, "comment", multiline=True)
    if len(comment) > COMMENT_MAX:
        raise Invalid(f"Keep the comment to {COMMENT_MAX} characters.", "err.rate_comment")
    booking = None
    if log.booking_id is not None and log.mentee_score is None:
        booking = reviews.reviewable_booking(db, user, log.booking_id, now)
    # One conditional UPDATE: of two tabs rating at once, exactly one wins.
    rated = db.execute(
        update(SessionLog)
        .where(col(SessionLog.id) == log_id, col(SessionLog.mentee_score).is_(None))
        .values(mentee_score=score, mentee_comment=comment or None, updated_at=now)
    )
    if rated.rowcount != 1:  # type: ignore[attr-defined]
        db.rollback()
        raise Conflict("You have already rated this session; thank you.", "err.rate_done")
    if booking is not None:
        reviews.write_review(db, booking, score, review, now)
    db.commit()
    return get_log(db, user, log_id, now)


def resolve_support(
    db: Session, actor: User | None, log_id: int, note: str, now: datetime | None = None
) -> SessionLogPublic:
    """An admin closes a needs-support flag with a note of what was done; audited."""
    user = require_role(actor, "admin")
    now = now or utcnow()
    note = note.strip()
    check_controls(note, "resolution note", multiline=True)
    if not 1 <= len(note) <= RESOLUTION_MAX:
        raise Invalid(
            f"Write what was done (1 to {RESOLUTION_MAX} characters) before resolving.",
            "err.resolve_note",
        )
    log = db.get(SessionLog, log_id)
    if log is None:
        raise NotFound("This session log does not exist.", "err.log_not_found")
    # Conditional, so two admins resolving at once cannot both write a resolution.
    resolved = db.execute(
        update(SessionLog)
        .where(
            col(SessionLog.id) == log_id,
            col(SessionLog.needs_support).is_(True),
            col(SessionLog.support_resolved_at).is_(None),
        )
        .values(
            support_resolved_at=now,
            support_resolved_by_user_id=user.id,
            support_resolution_note=note,
        )
    )
    if resolved.rowcount != 1:  # type: ignore[attr-defined]
        db.rollback()
        raise Conflict(
            "This log has no open support flag (already resolved?); reload the overview.",
            "err.resolve_done",
        )
    audit.record(
        db,
        user,
        "session_log.resolve_support",
        "session_log",
        log.id,
        None,
        {"resolution_note": note},
    )
    db.commit()
    return _private_by_id(db, user, log_id, now)


def _private(
    log: SessionLog, mentor_name: str, mentee_name: str, user: User, now: datetime
) -> SessionLogPublic:
    return SessionLogPublic.model_validate(
        log,
        from_attributes=True,
        update={
            "mentor_name": mentor_name,
            "mentee_name": mentee_name,
            "editable": _editable(log, user, now),
        },
    )


def _public(
    log: SessionLog, mentor_name: str, mentee_name: str, user: User, now: datetime
) -> SessionLogMenteePublic:
    """The log as its reader may see it: the full log for its mentor and admins, a mentee's
    view (no ``notes``, ``needs_support`` or ``mentor_score`` at all) for the mentee."""
    if user.role in ("mentor", "admin"):
        return _private(log, mentor_name, mentee_name, user, now)
    return SessionLogMenteePublic.model_validate(
        log, from_attributes=True, update={"mentor_name": mentor_name}
    )


def _with_names() -> Any:
    mentor_user = User.__table__.alias("mentor_user")  # type: ignore[attr-defined]
    return (
        select(SessionLog, mentor_user.c.name, User.name)
        .join(MentorProfile, col(MentorProfile.id) == SessionLog.mentor_id)
        .join(mentor_user, mentor_user.c.id == MentorProfile.user_id)
        .join(MenteeProfile, col(MenteeProfile.id) == SessionLog.mentee_id)
        .join(User, col(User.id) == MenteeProfile.user_id)
    )


def list_logs(
    db: Session,
    actor: User | None,
    mentee_id: int | None = None,
    limit: int = 200,
    now: datetime | None = None,
) -> list[SessionLogMenteePublic]:
    """Newest first. A mentor: the logs they wrote; a mentee: their own, without private
    fields; an admin: everyone's. Asking about someone else's mentee is 404, never an empty
    list that would confirm they exist."""
    user = require_active(actor)
    now = now or utcnow()
    statement = _with_names()
    if user.role == "mentor":
        mentor = _mentor_profile(db, user)
        assert mentor.id is not None
        if mentee_id is not None and not is_my_mentee(db, mentor.id, mentee_id, now):
            raise NotFound("This mentee is not one of yours.", "err.log_mentee")
        statement = statement.where(col(SessionLog.mentor_id) == mentor.id)
    elif user.role == "mentee":
        own = _mentee_profile(db, user)
        if mentee_id is not None and mentee_id != own.id:
            raise NotFound("You can only see your own sessions.", "err.log_mentee")
        mentee_id = own.id
    elif mentee_id is not None and db.get(MenteeProfile, mentee_id) is None:
        raise NotFound("This mentee does not exist.", "err.log_mentee")
    if mentee_id is not None:
        statement = statement.where(col(SessionLog.mentee_id) == mentee_id)
    rows = db.exec(
        statement.order_by(col(SessionLog.session_date).desc(), col(SessionLog.id).desc()).limit(
            max(1, min(limit, 1000))
        )
    ).all()
    return [
        _public(log, mentor_name, mentee_name, user, now) for log, mentor_name, mentee_name in rows
    ]


def private_logs(
    db: Session, user: User, mentee_id: int, now: datetime, limit: int = 1000
) -> list[SessionLogPublic]:
    """One mentee's logs in full, newest first, for a reader already checked to be their mentor
    (only the logs they wrote) or an admin (everyone's)."""
    statement = _with_names().where(col(SessionLog.mentee_id) == mentee_id)
    if user.role == "mentor":
        statement = statement.where(col(SessionLog.mentor_id) == _mentor_profile(db, user).id)
    rows = db.exec(
        statement.order_by(col(SessionLog.session_date).desc(), col(SessionLog.id).desc()).limit(
            limit
        )
    ).all()
    return [
        _private(log, mentor_name, mentee_name, user, now) for log, mentor_name, mentee_name in rows
    ]


def _private_by_id(db: Session, user: User, log_id: int, now: datetime) -> SessionLogPublic:
    """A log just written by ``user`` (its mentor or an admin), as they see it."""
    log, mentor_name, mentee_name = db.exec(_with_names().where(col(SessionLog.id) == log_id)).one()
    return _private(log, mentor_name, mentee_name, user, now)


def get_log(
    db: Session, actor: User | None, log_id: int, now: datetime | None = None
) -> SessionLogMenteePublic:
    """One log for its author, its mentee (without private fields) or an admin."""
    user = require_active(actor)
    now = now or utcnow()
    row = db.exec(_with_names().where(col(SessionLog.id) == log_id)).first()
    if row is None:
        raise _not_found()
    log, mentor_name, mentee_name = row
    if user.role == "mentor" and log.mentor_id != _mentor_profile(db, user).id:
        raise _not_found()
    if user.role == "mentee" and log.mentee_id != _mentee_profile(db, user).id:
        raise _not_found()
    return _public(log, mentor_name, mentee_name, user, now)


def pending_logs(
    db: Session, actor: User | None, now: datetime | None = None, limit: int = 20
) -> list[LogPromptPublic]:
    """Sessions of the last 30 days that have ended and that the mentor has not logged."""
    user = require_role(actor, "mentor")
    mentor = _mentor_profile(db, user)
    assert mentor.id is not None
    return pending_logs_for(db, user, mentor.id, now or utcnow(), limit)


def pending_logs_for(
    db: Session, user: User, mentor_id: int, now: datetime, limit: int = 20
) -> list[LogPromptPublic]:
    """``pending_logs`` for a mentor already checked (the dashboard's read-model)."""
    zone = ZoneInfo(user.timezone)
    logged = exists().where(col(SessionLog.booking_id) == Booking.id)
    rows = db.exec(
        select(Booking, User.name)
        .join(MenteeProfile, col(MenteeProfile.id) == Booking.mentee_id)
        .join(User, col(User.id) == MenteeProfile.user_id)
        .where(
            col(Booking.mentor_id) == mentor_id,
            col(Booking.status).in_(HELD_STATUSES),
            col(Booking.end_at) <= now,
            col(Booking.end_at) >= now - PROMPT_WINDOW,
            ~logged,
        )
        .order_by(col(Booking.start_at).desc())
        .limit(limit)
    ).all()
    return [
        LogPromptPublic(
            booking_id=b.id or 0,
            mentee_id=b.mentee_id,
            mentee_name=name,
            start_at=b.start_at,
            end_at=b.end_at,
            session_date=b.start_at.astimezone(zone).date(),
        )
        for b, name in rows
    ]


def rating_prompts(
    db: Session, actor: User | None, now: datetime | None = None, limit: int = 10
) -> list[SessionLogMenteePublic]:
    """The mentee's logged sessions of the last 30 days that they have not rated yet."""
    user = require_role(actor, "mentee")
    now = now or utcnow()
    mentee = _mentee_profile(db, user)
    since = (now - PROMPT_WINDOW).date()
    rows = db.exec(
        _with_names()
        .where(
            col(SessionLog.mentee_id) == mentee.id,
            col(SessionLog.mentee_score).is_(None),
            col(SessionLog.session_date) >= since,
        )
        .order_by(col(SessionLog.session_date).desc())
        .limit(limit)
    ).all()
    return [
        _public(log, mentor_name, mentee_name, user, now) for log, mentor_name, mentee_name in rows
    ]


# --- export -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportFilter:
    group_id: int | None = None
    cohort: str = ""
    mentor_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


EXPORT_COLUMNS = (
    "log_id",
    "session_date",
    "mentor",
    "mentee",
    "mentee_email",
    "group",
    "cohort",
    "track",
    "topic",
    "mentor_score",
    "mentee_score",
    "mentee_comment",
    "needs_support",
    "support_resolved_at",
    "support_resolution_note",
    "action_items",
    "notes",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: object) -> str:
    """A text cell a spreadsheet will not run: one starting like a formula gets a leading
    apostrophe (OWASP's advice), so '=HYPERLINK(...)' stays text. Numbers pass unchanged."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_rows(
    db: Session, actor: User | None, filters: ExportFilter, limit: int = 100_000
) -> list[list[str]]:
    """The rows of the export (header first), filtered in the database; admins only."""
    require_role(actor, "admin")
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise Invalid("The start date must be on or before the end date.", "err.export_dates")
    mentor_user = User.__table__.alias("mentor_user")  # type: ignore[attr-defined]
    statement = (
        select(  # type: ignore[call-overload]
            SessionLog,
            mentor_user.c.name,
            User.name,
            User.email,
            MenteeGroup.name,
            MenteeGroup.cohort,
            MenteeProfile.track,
        )
        .join(MentorProfile, col(MentorProfile.id) == SessionLog.mentor_id)
        .join(mentor_user, mentor_user.c.id == MentorProfile.user_id)
        .join(MenteeProfile, col(MenteeProfile.id) == SessionLog.mentee_id)
        .join(User, col(User.id) == MenteeProfile.user_id)
        .outerjoin(MenteeGroup, col(MenteeGroup.id) == MenteeProfile.group_id)
    )
    if filters.group_id is not None:
        statement = statement.where(col(MenteeProfile.group_id) == filters.group_id)
    if filters.cohort:
        statement = statement.where(col(MenteeGroup.cohort) == filters.cohort)
    if filters.mentor_id is not None:
        statement = statement.where(col(SessionLog.mentor_id) == filters.mentor_id)
    if filters.date_from is not None:
        statement = statement.where(col(SessionLog.session_date) >= filters.date_from)
    if filters.date_to is not None:
        statement = statement.where(col(SessionLog.session_date) <= filters.date_to)
    rows = db.exec(
        statement.order_by(col(SessionLog.session_date), col(SessionLog.id)).limit(limit)
    ).all()
    out = [list(EXPORT_COLUMNS)]
    for log, mentor, mentee, email, group, cohort, track in rows:
        out.append(
            [
                safe_cell(v)
                for v in (
                    log.id,
                    log.session_date,
                    mentor,
                    mentee,
                    email,
                    group,
                    cohort,
                    track,
                    log.topic,
                    log.mentor_score,
                    log.mentee_score,
                    log.mentee_comment,
                    log.needs_support,
                    log.support_resolved_at,
                    log.support_resolution_note,
                    log.action_items,
                    log.notes,
                )
            ]
        )
    return out


def export_csv(db: Session, actor: User | None, filters: ExportFilter) -> bytes:
    """UTF-8 with a byte order mark (so spreadsheets read Vietnamese right), CRLF rows,
    every cell quoted and formula-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerows(export_rows(db, actor, filters))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_choices(db: Session, actor: User | None) -> dict[str, list[tuple[str, str]]]:
    """Options for the export filters: groups, cohorts and mentors."""
    require_role(actor, "admin")
    groups = db.exec(
        select(MenteeGroup.id, MenteeGroup.name, MenteeGroup.cohort).order_by(col(MenteeGroup.name))
    ).all()
    mentors = db.exec(
        select(MentorProfile.id, User.name)
        .join(User, col(User.id) == MentorProfile.user_id)
        .order_by(col(User.name))
    ).all()
    cohorts = sorted({c for _, _, c in groups if c})
    return {
        "groups": [(str(i), f"{n} ({c})" if c else n) for i, n, c in groups],
        "cohorts": [(c, c) for c in cohorts],
        "mentors": [(str(i), n) for i, n in mentors],
    }
