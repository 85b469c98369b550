"""What each person sees first after signing in: their own slice of the programme."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from tra_da.db import forget_on_write
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
from tra_da.models.limits import UTILISATION_ROWS
from tra_da.models.overview import (
    DashboardPublic,
    MentorLoadPublic,
    SupportFlagPublic,
    UpcomingSessionPublic,
)
from tra_da.models.waitlist import WaitlistCountPublic
from tra_da.services import session_logs, waitlist
from tra_da.services.access import require_role

# --- the admin dashboard's programme figures, kept a few seconds per process ------------------
# The counts, the utilisation list and the waitlist demand read every mentor, mentee and open slot
# (a grouped count of every mentee, a count over two weeks of slots): a few ms at 1,000 mentors,
# ten times that at 10,000, on every load of an admin's dashboard. They are figures, not a to-do
# list, so each process keeps them for at most FIGURES_SECONDS. A write through this process's
# engines to a table they read forgets them at once (the statement, and again at its commit, so
# figures read between the two are not kept); a change made by another process shows within
# FIGURES_SECONDS. The open needs-support flags and the upcoming sessions are always read live:
# an admin resolves a flag there and expects it gone.
FIGURES_SECONDS = 5.0
_FIGURE_TABLES = (
    "user_account",
    "mentor_profile",
    "mentee_profile",
    "mentee_group",
    "slot",
    "booking",
    "waitlist_entry",
)
_READ_VERBS = ("SELECT", "PRAGMA", "SAVEPOINT", "RELEASE", "BEGIN", "COMMIT", "ROLLBACK")
_figures_lock = threading.Lock()
_figures: dict[str, tuple[float, int, AdminFigures]] = {}
_generation = [0]


class AdminFigures:
    """What an admin's dashboard shows of the whole programme that may be seconds old."""

    __slots__ = ("counts", "utilisation", "waitlists")

    def __init__(
        self,
        counts: dict[str, int],
        utilisation: list[MentorLoadPublic],
        waitlists: list[WaitlistCountPublic],
    ) -> None:
        self.counts, self.utilisation, self.waitlists = counts, utilisation, waitlists


def forget_figures() -> None:
    """Drop this process's programme figures (writes call this through the engine events)."""
    _generation[0] += 1
    _figures.clear()


def _touches_figures(statement: str) -> bool:
    verb = statement.split(None, 1)[0].upper() if statement.strip() else ""
    return verb not in _READ_VERBS and any(name in statement for name in _FIGURE_TABLES)


forget_on_write("figures", _touches_figures, forget_figures)


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
        return _admin_dashboard(db, user, now)
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


def admin_figures(db: Session, now: datetime | None = None) -> AdminFigures:
    """The programme's counts, the mentors closest to capacity and the waitlist demand: this
    process's copy if at most FIGURES_SECONDS old and nothing was written since, else read now."""
    now = now or utcnow()
    key = str(db.get_bind().engine.url)
    found = _figures.get(key)
    clock = time.monotonic()
    if found is not None and clock - found[0] < FIGURES_SECONDS and found[1] == _generation[0]:
        return found[2]
    with _figures_lock:
        generation = _generation[0]
        figures = AdminFigures(
            _programme_counts(db, now), _utilisation(db), waitlist.most_waited_for(db)
        )
        if generation == _generation[0]:  # nothing written meanwhile: keep them
            _figures[key] = (clock, generation, figures)
        return figures


def admin_counts(db: Session, actor: User | None, now: datetime | None = None) -> dict[str, int]:
    """The admin dashboard's first row: the programme's counts (seconds old at most, as
    admin_figures) and the open needs-support flags (live)."""
    require_role(actor, "admin")
    counts = dict(admin_figures(db, now).counts)
    counts["support_flags"] = _count(
        db,
        select(func.count())
        .select_from(SessionLog)
        .where(
            col(SessionLog.needs_support).is_(True),
            col(SessionLog.support_resolved_at).is_(None),
        ),
    )
    return counts


def _programme_counts(db: Session, now: datetime) -> dict[str, int]:
    """Every count but the support flags, in one statement (a scalar subquery per figure)."""
    active_mentors = (
        select(func.count())
        .select_from(MentorProfile)
        .join(User, col(User.id) == MentorProfile.user_id)
        .where(col(User.is_active).is_(True))
    )
    week_start = (now - timedelta(days=now.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    figures = {
        "mentors": active_mentors,
        "mentees": select(func.count()).select_from(MenteeProfile),
        "unassigned": select(func.count())
        .select_from(MenteeProfile)
        .where(col(MenteeProfile.mentor_id).is_(None)),
        "groups": select(func.count())
        .select_from(MenteeGroup)
        .where(col(MenteeGroup.archived).is_(False)),
        "open_slots": select(func.count())
        .select_from(Slot)
        .where(
            Slot.status == "open", Slot.start_at > now, Slot.start_at < now + timedelta(days=14)
        ),
        "sessions_week": select(func.count())
        .select_from(Booking)
        .where(
            col(Booking.status).in_((*LIVE_BOOKING_STATUSES, "completed")),
            Booking.start_at >= week_start,
            Booking.start_at < week_start + timedelta(days=7),
        ),
    }
    row = db.execute(
        select(*(q.scalar_subquery().label(name) for name, q in figures.items()))
    ).one()
    return {name: int(value) for name, value in zip(figures, row, strict=True)}


def _utilisation(db: Session) -> list[MentorLoadPublic]:
    """The UTILISATION_ROWS active mentors with the largest share of their capacity taken
    (then by name): the dashboard draws a bar per row, and a bar per mentor of 10,000 was most
    of the page's time; every mentor's load is on /admin/mentors."""
    assigned = (
        select(MenteeProfile.mentor_id, func.count().label("n"))
        .where(col(MenteeProfile.mentor_id).is_not(None))
        .group_by(col(MenteeProfile.mentor_id))
        .subquery()
    )
    n = func.coalesce(assigned.c.n, 0)
    share = case(
        (col(MentorProfile.max_mentees) > 0, n * 1.0 / col(MentorProfile.max_mentees)),
        else_=0.0,
    )
    rows = db.exec(
        select(User.name, n, MentorProfile.max_mentees)
        .join(User, col(User.id) == MentorProfile.user_id)
        .outerjoin(assigned, assigned.c.mentor_id == MentorProfile.id)
        .where(col(User.is_active).is_(True))
        .order_by(share.desc(), col(User.name), col(MentorProfile.id))
        .limit(UTILISATION_ROWS)
    ).all()
    return [
        MentorLoadPublic(name=name, assigned=int(count), max_mentees=int(m))
        for name, count, m in rows
    ]


def admin_details(db: Session, actor: User | None, now: datetime | None = None) -> DashboardPublic:
    """Everything of an admin's dashboard below its counts: utilisation and waitlist demand
    (seconds old at most), the next sessions and the open needs-support flags (live)."""
    require_role(actor, "admin")
    now = now or utcnow()
    figures = admin_figures(db, now)
    return DashboardPublic(
        role="admin",
        utilisation=figures.utilisation,
        upcoming=_programme_upcoming(db, now),
        support=_open_support_flags(db),
        waitlists=figures.waitlists,
    )


def _admin_dashboard(db: Session, admin: User, now: datetime) -> DashboardPublic:
    board = admin_details(db, admin, now)
    board.counts = admin_counts(db, admin, now)
    return board


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
