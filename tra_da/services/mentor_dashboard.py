"""The mentor's dashboard as one read-model, in a fixed number of queries whatever the number of
mentees or logs: this week's sessions, my mentees with their last/next session, session count,
latest scores and support flag, the log prompts, and sessions per week.

Also the programme's sessions per week (admins) and one mentee's page (history and trend).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func
from sqlmodel import Session, col, select

from tra_da.models import Booking, MenteeGroup, MenteeProfile, MentorProfile, SessionLog, User
from tra_da.models.base import as_utc, utcnow
from tra_da.models.booking import LIVE_BOOKING_STATUSES
from tra_da.models.session_log import (
    MenteeBookingPublic,
    MenteePagePublic,
    MenteeSummaryPublic,
    MentorBoardPublic,
    WeekCountPublic,
    WeekSessionPublic,
    score_trend,
)
from tra_da.services import booking, session_logs
from tra_da.services.access import require_role
from tra_da.services.errors import NotFound

TREND_POINTS = 6  # latest scores shown per mentee
CHART_WEEKS = 12


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weeks(counts: dict[date, int], last_week: date, weeks: int) -> list[WeekCountPublic]:
    first = last_week - timedelta(weeks=weeks - 1)
    starts = [first + timedelta(weeks=i) for i in range(weeks)]
    return [WeekCountPublic(week_start=day, sessions=counts.get(day, 0)) for day in starts]


def _per_week(
    db: Session, today: date, mentor_id: int | None = None, weeks: int = CHART_WEEKS
) -> list[WeekCountPublic]:
    """Logged sessions per ISO week (Monday first), the last ``weeks`` weeks up to this one.
    Counted by date in one grouped query, bucketed here: week arithmetic differs by database."""
    last_week = _week_start(today)
    since = last_week - timedelta(weeks=weeks - 1)
    statement = (
        select(col(SessionLog.session_date), func.count())
        .where(col(SessionLog.session_date) >= since, col(SessionLog.session_date) <= today)
        .group_by(col(SessionLog.session_date))
    )
    if mentor_id is not None:
        statement = statement.where(col(SessionLog.mentor_id) == mentor_id)
    counts: dict[date, int] = {}
    for day, n in db.exec(statement).all():
        day = date.fromisoformat(day) if isinstance(day, str) else day
        counts[_week_start(day)] = counts.get(_week_start(day), 0) + int(n)
    return _weeks(counts, last_week, weeks)


def programme_per_week(
    db: Session, actor: User | None, now: datetime | None = None, weeks: int = CHART_WEEKS
) -> list[WeekCountPublic]:
    """Sessions per week across the programme (admins)."""
    user = require_role(actor, "admin")
    now = now or utcnow()
    return _per_week(db, now.astimezone(ZoneInfo(user.timezone)).date(), None, weeks)


def _scored(summary: MenteeSummaryPublic) -> MenteeSummaryPublic:
    """The summary with its latest score and trend, once ``scores`` (oldest first) is filled."""
    summary.latest_score = summary.scores[-1] if summary.scores else None
    summary.trend = score_trend(summary.scores)
    return summary


def mentor_board(db: Session, actor: User | None, now: datetime | None = None) -> MentorBoardPublic:
    """Everything the mentor's dashboard shows, in seven queries for any number of mentees."""
    user = require_role(actor, "mentor")
    now = now or utcnow()
    zone = ZoneInfo(user.timezone)
    mentor = db.exec(select(MentorProfile).where(MentorProfile.user_id == user.id)).first()
    if mentor is None:
        raise NotFound("This account has no mentor profile; ask your programme admin.")
    mentor_id = mentor.id
    assert mentor_id is not None
    today = now.astimezone(zone).date()

    # 1. My mentees: assigned, or booked with me (not called off) in the last 90 days or ahead.
    people = db.exec(
        select(MenteeProfile, User.name, User.email, MenteeGroup.name)
        .join(User, col(User.id) == MenteeProfile.user_id)
        .outerjoin(MenteeGroup, col(MenteeGroup.id) == MenteeProfile.group_id)
        .where(session_logs.my_mentees_clause(mentor_id, now))
        .order_by(col(User.name))
    ).all()
    mentees: dict[int, MenteeSummaryPublic] = {}
    for profile, name, email, group in people:
        assert profile.id is not None
        mentees[profile.id] = MenteeSummaryPublic(
            id=profile.id,
            name=name,
            email=email,
            track=profile.track,
            goals=profile.goals,
            group=group,
            assigned=profile.mentor_id == mentor_id,
        )

    # 2. Last and next session per mentee with me, one grouped query.
    held = col(Booking.status).in_(session_logs.HELD_STATUSES)
    past = and_(held, col(Booking.end_at) <= now)
    ahead = and_(col(Booking.status).in_(LIVE_BOOKING_STATUSES), col(Booking.end_at) > now)
    for mentee_id, last, following in db.exec(
        select(
            Booking.mentee_id,
            func.max(case((past, Booking.start_at))),
            func.min(case((ahead, Booking.start_at))),
        )
        .where(col(Booking.mentor_id) == mentor_id)
        .group_by(col(Booking.mentee_id))
    ).all():
        if mentee_id in mentees:
            mentees[mentee_id].last_session = as_utc(last)
            mentees[mentee_id].next_session = as_utc(following)

    # 3. Logs per mentee: count, open flags and the latest scores, with window functions.
    partition = col(SessionLog.mentee_id)
    order = (col(SessionLog.session_date).desc(), col(SessionLog.id).desc())
    ranked = (
        select(  # type: ignore[call-overload]
            SessionLog.mentee_id,
            SessionLog.session_date,
            SessionLog.mentor_score,
            func.row_number().over(partition_by=partition, order_by=order).label("rank"),
            func.count().over(partition_by=partition).label("total"),
            func.sum(
                case(
                    (
                        and_(
                            col(SessionLog.needs_support).is_(True),
                            col(SessionLog.support_resolved_at).is_(None),
                        ),
                        1,
                    ),
                    else_=0,
                )
            )
            .over(partition_by=partition)
            .label("open_flags"),
        )
        .where(col(SessionLog.mentor_id) == mentor_id)
        .subquery()
    )
    for mentee_id, day, score, rank, total, open_flags in db.exec(
        select(*ranked.c).where(ranked.c.rank <= TREND_POINTS).order_by(ranked.c.rank.desc())
    ).all():
        summary = mentees.get(mentee_id)
        if summary is None:
            continue
        summary.sessions = int(total)
        summary.needs_support = int(open_flags or 0) > 0
        summary.scores.append(int(score))
        day = date.fromisoformat(day) if isinstance(day, str) else day
        last = summary.last_session
        if rank == 1 and (last is None or last.astimezone(zone).date() < day):
            # A session logged without a booking (met in person) still counts as the last.
            summary.last_session = datetime.combine(day, time(12), zone).astimezone(UTC)

    # 4. This week's sessions (Monday to Sunday in my zone), with join links.
    week_start = datetime.combine(_week_start(today), time(0), zone).astimezone(UTC)
    week = [
        WeekSessionPublic(
            booking_id=b.id or 0,
            mentee_id=b.mentee_id,
            mentee_name=name,
            start_at=b.start_at,
            end_at=b.end_at,
            meeting_link=b.meeting_link,
            today=b.start_at.astimezone(zone).date() == today,
        )
        for b, name in db.exec(
            select(Booking, User.name)
            .join(MenteeProfile, col(MenteeProfile.id) == Booking.mentee_id)
            .join(User, col(User.id) == MenteeProfile.user_id)
            .where(
                col(Booking.mentor_id) == mentor_id,
                col(Booking.status).in_(session_logs.HELD_STATUSES),
                col(Booking.start_at) >= week_start,
                col(Booking.start_at) < week_start + timedelta(days=7),
            )
            .order_by(col(Booking.start_at))
        ).all()
    ]

    # 5. Sessions to log, 6. sessions per week.
    prompts = session_logs.pending_logs_for(db, user, mentor_id, now)
    return MentorBoardPublic(
        mentor_id=mentor_id,
        zone=user.timezone,
        week=week,
        mentees=[_scored(m) for m in mentees.values()],
        prompts=prompts,
        per_week=_per_week(db, today, mentor_id),
    )


def mentee_page(
    db: Session, actor: User | None, mentee_id: int, now: datetime | None = None
) -> MenteePagePublic:
    """One mentee's full history for their mentor (or an admin): profile, every log, sessions."""
    user = require_role(actor, "mentor", "admin")
    now = now or utcnow()
    row = db.exec(
        select(MenteeProfile, User.name, User.email, MenteeGroup.name)
        .join(User, col(User.id) == MenteeProfile.user_id)
        .outerjoin(MenteeGroup, col(MenteeGroup.id) == MenteeProfile.group_id)
        .where(col(MenteeProfile.id) == mentee_id)
    ).first()
    mentor_id: int | None = None
    if user.role == "mentor":
        mentor = db.exec(select(MentorProfile).where(MentorProfile.user_id == user.id)).first()
        mentor_id = mentor.id if mentor else None
        if (
            row is None
            or mentor_id is None
            or not session_logs.is_my_mentee(db, mentor_id, mentee_id, now)
        ):
            raise NotFound("This mentee is not one of yours.", "err.log_mentee")
    if row is None:
        raise NotFound("This mentee does not exist.", "err.log_mentee")
    profile, name, email, group = row
    logs = session_logs.private_logs(db, user, mentee_id, now)
    statement = (
        select(Booking, User.name)
        .join(MentorProfile, col(MentorProfile.id) == Booking.mentor_id)
        .join(User, col(User.id) == MentorProfile.user_id)
        .where(col(Booking.mentee_id) == mentee_id)
        .order_by(col(Booking.start_at).desc())
        .limit(100)
    )
    if mentor_id is not None:
        statement = statement.where(col(Booking.mentor_id) == mentor_id)
    rows = db.exec(statement).all()
    moved = booking.rescheduled_ids(db, [b.id for b, _ in rows if b.status == "cancelled"])
    bookings = [
        MenteeBookingPublic(
            id=b.id or 0,
            start_at=b.start_at,
            end_at=b.end_at,
            status=b.status,
            mentor_name=mentor_name,
            meeting_link=b.meeting_link,
            upcoming=b.end_at > now and b.status in LIVE_BOOKING_STATUSES,
            rescheduled=b.id in moved,
        )
        for b, mentor_name in rows
    ]
    held = [b for b, _ in rows if b.status in session_logs.HELD_STATUSES]
    summary = MenteeSummaryPublic(
        id=mentee_id,
        name=name,
        email=email,
        track=profile.track,
        goals=profile.goals,
        group=group,
        assigned=mentor_id is not None and profile.mentor_id == mentor_id,
        last_session=max((b.start_at for b in held if b.end_at <= now), default=None),
        next_session=min(
            (b.start_at for b in held if b.end_at > now and b.status in LIVE_BOOKING_STATUSES),
            default=None,
        ),
        sessions=len(logs),
        scores=[log.mentor_score for log in reversed(logs)],
        needs_support=any(log.needs_support and log.support_resolved_at is None for log in logs),
    )
    return MenteePagePublic(
        summary=_scored(summary),
        logs=logs,
        bookings=bookings,
        interests=profile.interests,
        background=profile.background,
    )
