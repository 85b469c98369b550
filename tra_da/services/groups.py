"""Mentee groups (cohorts), run by admins: create, edit, archive, list, and who is in one.

Every function takes the acting user first and checks the admin role itself; every change is
written to the audit log in the same transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from tra_da.models import Booking, MenteeGroup, MenteeProfile, MentorProfile, User
from tra_da.models.base import as_utc, utcnow
from tra_da.models.booking import LIVE_BOOKING_STATUSES
from tra_da.models.group import GroupCreate, GroupMemberPublic, GroupPublic
from tra_da.models.limits import NAME_MAX, TRACK_MAX
from tra_da.services import audit
from tra_da.services.access import require_role
from tra_da.services.errors import Conflict, Invalid, NotFound
from tra_da.services.mentors import _mentor
from tra_da.validation import check_controls


def _group_input(
    db: Session, name: str, cohort: str, track: str, mentor_id: int | None
) -> tuple[str, str, str]:
    name, cohort, track = name.strip(), cohort.strip(), track.strip()
    check_controls(name, "group name")
    check_controls(cohort, "cohort")
    check_controls(track, "track")
    if not 1 <= len(name) <= NAME_MAX:
        raise Invalid(f"Enter a group name of 1 to {NAME_MAX} characters.", "err.group_name")
    if len(cohort) > TRACK_MAX or len(track) > TRACK_MAX:
        raise Invalid(f"Keep cohort and track to {TRACK_MAX} characters each.", "err.track")
    if mentor_id is not None:
        _mentor(db, mentor_id)
    return name, cohort, track


def _group_snapshot(group: MenteeGroup) -> dict[str, Any]:
    return audit.snapshot(group, ("name", "cohort", "track", "mentor_id", "archived"))


def save_group(db: Session, actor: User | None, group_id: int | None, data: GroupCreate) -> int:
    """Create (group_id None) or edit a group; returns its id."""
    admin = require_role(actor, "admin")
    mentor_id = data.mentor_id
    name, cohort, track = _group_input(db, data.name, data.cohort, data.track, mentor_id)
    clash = db.exec(
        select(MenteeGroup.id).where(MenteeGroup.name == name, MenteeGroup.cohort == cohort)
    ).first()
    if clash is not None and clash != group_id:
        raise Conflict(
            f"A group named {name} already exists in cohort {cohort or '—'}; choose another name.",
            "err.group_taken",
            name=name,
        )
    if group_id is None:
        group = MenteeGroup(name=name, cohort=cohort, track=track, mentor_id=mentor_id)
        db.add(group)
        db.flush()
        before = None
    else:
        existing = db.get(MenteeGroup, group_id)
        if existing is None:
            raise NotFound("This group does not exist (any more); reload the page.")
        group = existing
        before = _group_snapshot(group)
        group.name, group.cohort, group.track, group.mentor_id = name, cohort, track, mentor_id
        group.updated_at = utcnow()
    assert group.id is not None
    audit.record(
        db,
        admin,
        "group.create" if before is None else "group.update",
        "group",
        group.id,
        before=before,
        after=_group_snapshot(group),
    )
    db.commit()
    return group.id


def set_group_archived(db: Session, actor: User | None, group_id: int, archived: bool) -> None:
    admin = require_role(actor, "admin")
    group = db.get(MenteeGroup, group_id)
    if group is None:
        raise NotFound("This group does not exist (any more); reload the page.")
    before = _group_snapshot(group)
    group.archived, group.updated_at = archived, utcnow()
    audit.record(
        db,
        admin,
        "group.archive" if archived else "group.restore",
        "group",
        group_id,
        before=before,
        after=_group_snapshot(group),
    )
    db.commit()


def list_groups(
    db: Session, actor: User | None, include_archived: bool = False
) -> list[GroupPublic]:
    require_role(actor, "admin")
    members = (
        select(MenteeProfile.group_id, func.count().label("n"))
        .group_by(col(MenteeProfile.group_id))
        .subquery()
    )
    statement = (
        select(MenteeGroup, User.name, func.coalesce(members.c.n, 0))
        .outerjoin(MentorProfile, col(MentorProfile.id) == MenteeGroup.mentor_id)
        .outerjoin(User, col(User.id) == MentorProfile.user_id)
        .outerjoin(members, members.c.group_id == MenteeGroup.id)
        .order_by(col(MenteeGroup.archived), col(MenteeGroup.cohort).desc(), col(MenteeGroup.name))
    )
    if not include_archived:
        statement = statement.where(col(MenteeGroup.archived).is_(False))
    return [
        GroupPublic(
            id=g.id,
            name=g.name,
            cohort=g.cohort,
            track=g.track,
            mentor_id=g.mentor_id,
            mentor_name=mentor_name,
            archived=g.archived,
            members=int(n),
        )
        for g, mentor_name, n in db.exec(statement).all()
        if g.id is not None
    ]


def group_members(
    db: Session, actor: User | None, group_id: int, now: datetime | None = None
) -> tuple[GroupPublic, list[GroupMemberPublic]]:
    """A group with each mentee's last and next session (two grouped queries, any size)."""
    require_role(actor, "admin")
    now = now or utcnow()
    group = next(
        (g for g in list_groups(db, actor, include_archived=True) if g.id == group_id), None
    )
    if group is None:
        raise NotFound("This group does not exist (any more); reload the page.")
    live = col(Booking.status).in_((*LIVE_BOOKING_STATUSES, "completed"))
    last = (
        select(Booking.mentee_id, func.max(Booking.start_at).label("at"))
        .where(live, Booking.start_at <= now)
        .group_by(col(Booking.mentee_id))
        .subquery()
    )
    upcoming = (
        select(Booking.mentee_id, func.min(Booking.start_at).label("at"))
        .where(col(Booking.status).in_(LIVE_BOOKING_STATUSES), Booking.start_at > now)
        .group_by(col(Booking.mentee_id))
        .subquery()
    )
    rows = db.exec(
        select(  # type: ignore[call-overload]
            MenteeProfile.id, User.name, User.email, last.c.at, upcoming.c.at
        )
        .join(User, col(User.id) == MenteeProfile.user_id)
        .outerjoin(last, last.c.mentee_id == MenteeProfile.id)
        .outerjoin(upcoming, upcoming.c.mentee_id == MenteeProfile.id)
        .where(MenteeProfile.group_id == group_id)
        .order_by(col(User.name))
    ).all()
    return group, [
        GroupMemberPublic(
            mentee_id=int(i), name=n, email=e, last_session=as_utc(a), next_session=as_utc(b)
        )
        for i, n, e, a, b in rows
    ]
