"""What each person sees first after signing in: their own slice of the programme."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from tra_da.models import (
    Booking,
    MenteeGroup,
    MenteeProfile,
    MentorProfile,
    SessionLog,
    Slot,
    User,
)
from tra_da.models.base import utcnow
from tra_da.models.booking import LIVE_BOOKING_STATUSES
from tra_da.models.overview import (
    DashboardPublic,
    MentorLoadPublic,
    SupportFlagPublic,
    UpcomingSessionPublic,
)
from tra_da.services import session_logs, waitlist


def _count(db: Session, statement: object) -> int:
    return int(db.exec(statement).one())  # type: ignore[call-overload]


def _upcoming(
    db: Session,
    now: datetime,
    *,
    mentor_id: int | None = None,
    mentee_id: int | None = None,
    limit: int = 5,
) -> list[UpcomingSessionPublic]:
    other_profile = MenteeProfile if mentor_id is not None else MentorProfile
    other_key = Booking.mentee_id if mentor_id is not None else Booking.mentor_id
    statement = (
        select(Booking, User.name)
        .join(other_profile, col(other_profile.id) == other_key)
        .join(User, col(User.id) == other_profile.user_id)
        .where(col(Booking.status).in_(LIVE_BOOKING_STATUSES), Booking.end_at > now)
        .order_by(col(Booking.start_at))
        .limit(limit)
    )
    if mentor_id is not None:
        statement = statement.where(Booking.mentor_id == mentor_id)
    if mentee_id is not None:
        statement = statement.where(Booking.mentee_id == mentee_id)
    return [
        UpcomingSessionPublic(
            booking_id=b.id or 0,
            start_at=b.start_at,
            end_at=b.end_at,
            other_person=name,
            meeting_link=b.meeting_link,
        )
        for b, name in db.exec(statement).all()
    ]


def dashboard_for(db: Session, user: User, now: datetime | None = None) -> DashboardPublic:
    now = now or utcnow()
    if user.role == "admin":
        return _admin_dashboard(db, now)
    if user.role == "mentor":
        mentor = db.exec(select(MentorProfile).where(MentorProfile.user_id == user.id)).one()
        assert mentor.id is not None
        # The same people the dashboard's "My mentees" list shows, not only the assigned ones.
        mentees = _count(
            db,
            select(func.count())
            .select_from(MenteeProfile)
            .where(session_logs.my_mentees_clause(mentor.id, now)),
        )
        open_slots = _count(
            db,
            select(func.count())
            .select_from(Slot)
            .where(
                Slot.mentor_id == mentor.id,
                Slot.status == "open",
                Slot.start_at > now,
                Slot.start_at < now + timedelta(days=14),
            ),
        )
        return DashboardPublic(
            role="mentor",
            counts={"mentees": mentees, "open_slots": open_slots},
            upcoming=_upcoming(db, now, mentor_id=mentor.id),
        )
    mentee = db.exec(select(MenteeProfile).where(MenteeProfile.user_id == user.id)).one()
    mentor_name = None
    if mentee.mentor_id is not None:
        mentor_name = db.exec(
            select(User.name)
            .join(MentorProfile, col(MentorProfile.user_id) == User.id)
            .where(MentorProfile.id == mentee.mentor_id)
        ).first()
    return DashboardPublic(
        role="mentee",
        upcoming=_upcoming(db, now, mentee_id=mentee.id),
        mentor_name=mentor_name,
        goals=mentee.goals,
    )


def _admin_dashboard(db: Session, now: datetime) -> DashboardPublic:
    active_mentors = (
        select(MentorProfile.id)
        .join(User, col(User.id) == MentorProfile.user_id)
        .where(col(User.is_active).is_(True))
    )
    counts = {
        "mentors": _count(db, select(func.count()).select_from(active_mentors.subquery())),
        "mentees": _count(db, select(func.count()).select_from(MenteeProfile)),
        "unassigned": _count(
            db,
            select(func.count())
            .select_from(MenteeProfile)
            .where(col(MenteeProfile.mentor_id).is_(None)),
        ),
        "groups": _count(
            db,
            select(func.count())
            .select_from(MenteeGroup)
            .where(col(MenteeGroup.archived).is_(False)),
        ),
        "open_slots": _count(
            db,
            select(func.count())
            .select_from(Slot)
            .where(
                Slot.status == "open", Slot.start_at > now, Slot.start_at < now + timedelta(days=14)
            ),
        ),
        "support_flags": _count(
            db,
            select(func.count())
            .select_from(SessionLog)
            .where(
                col(SessionLog.needs_support).is_(True),
                col(SessionLog.support_resolved_at).is_(None),
            ),
        ),
    }
    assigned = (
        select(MenteeProfile.mentor_id, func.count().label("n"))
        .group_by(col(MenteeProfile.mentor_id))
        .subquery()
    )
    rows = db.exec(
        select(User.name, func.coalesce(assigned.c.n, 0), MentorProfile.max_mentees)
        .join(User, col(User.id) == MentorProfile.user_id)
        .outerjoin(assigned, assigned.c.mentor_id == MentorProfile.id)
        .where(col(User.is_active).is_(True))
        .order_by(col(User.name))
    ).all()
    week_start = (now - timedelta(days=now.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    counts["sessions_week"] = _count(
        db,
        select(func.count())
        .select_from(Booking)
        .where(
            col(Booking.status).in_((*LIVE_BOOKING_STATUSES, "completed")),
            Booking.start_at >= week_start,
            Booking.start_at < week_start + timedelta(days=7),
        ),
    )
    return DashboardPublic(
        role="admin",
        counts=counts,
        utilisation=[
            MentorLoadPublic(name=name, assigned=int(n), max_mentees=int(m)) for name, n, m in rows
        ],
        upcoming=_programme_upcoming(db, now),
        support=_open_support_flags(db),
        waitlists=waitlist.most_waited_for(db),
    )


def _programme_upcoming(db: Session, now: datetime, limit: int = 8) -> list[UpcomingSessionPublic]:
    """The next bookings across the programme, as 'mentee · mentor'."""
    mentor_user = User.__table__.alias("mentor_user")  # type: ignore[attr-defined]
    rows = db.exec(
        select(Booking, User.name, mentor_user.c.name)
        .join(MenteeProfile, col(MenteeProfile.id) == Booking.mentee_id)
        .join(User, col(User.id) == MenteeProfile.user_id)
        .join(MentorProfile, col(MentorProfile.id) == Booking.mentor_id)
        .join(mentor_user, mentor_user.c.id == MentorProfile.user_id)
        .where(col(Booking.status).in_(LIVE_BOOKING_STATUSES), Booking.end_at > now)
        .order_by(col(Booking.start_at))
        .limit(limit)
    ).all()
    return [
        UpcomingSessionPublic(
            booking_id=b.id or 0,
            start_at=b.start_at,
            end_at=b.end_at,
            other_person=f"{mentee} · {mentor}",
            meeting_link=b.meeting_link,
        )
        for b, mentee, mentor in rows
    ]


def _open_support_flags(db: Session, limit: int = 10) -> list[SupportFlagPublic]:
    mentor_user = User.__table__.alias("mentor_user")  # type: ignore[attr-defined]
    rows = db.exec(
        select(  # type: ignore[call-overload]
            SessionLog.id,
            User.name,
            mentor_user.c.name,
            SessionLog.topic,
            SessionLog.session_date,
        )
        .join(MenteeProfile, col(MenteeProfile.id) == SessionLog.mentee_id)
        .join(User, col(User.id) == MenteeProfile.user_id)
        .join(MentorProfile, col(MentorProfile.id) == SessionLog.mentor_id)
        .join(mentor_user, mentor_user.c.id == MentorProfile.user_id)
        .where(
            col(SessionLog.needs_support).is_(True), col(SessionLog.support_resolved_at).is_(None)
        )
        .order_by(col(SessionLog.session_date).desc())
        .limit(limit)
    ).all()
    return [
        SupportFlagPublic(
            log_id=int(i), mentee=mentee, mentor=mentor, topic=topic, session_date=day
        )
        for i, mentee, mentor, topic, day in rows
    ]
