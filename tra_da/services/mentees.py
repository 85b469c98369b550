"""Mentees, run by admins: the list with its filters, their track and goals, assignment to a
mentor within capacity, and membership of a group.

Every function takes the acting user first and checks the admin role itself; every change is
written to the audit log in the same transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, func, or_, update
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from tra_da.models import MenteeGroup, MenteeProfile, MentorProfile, SessionLog, User
from tra_da.models.base import utcnow
from tra_da.models.limits import BACKGROUND_MAX, GOALS_MAX, INTERESTS_MAX, TRACK_MAX
from tra_da.models.mentee import MenteeBase, MenteeOwnPublic, MenteePublic, MenteeUpdate
from tra_da.services import audit
from tra_da.services.access import require_role
from tra_da.services.errors import Conflict, Invalid, NotFound
from tra_da.services.mentors import _mentor, _page
from tra_da.validation import check_controls

SORTS = {
    "name": col(User.name),
    "track": col(MenteeProfile.track),
    "newest": col(MenteeProfile.id).desc(),
}


def _open_flag() -> Any:
    return exists().where(
        col(SessionLog.mentee_id) == MenteeProfile.id,
        col(SessionLog.needs_support).is_(True),
        col(SessionLog.support_resolved_at).is_(None),
    )


def list_mentees(
    db: Session,
    actor: User | None,
    *,
    query: str = "",
    track: str = "",
    group_id: int | None = None,
    mentor_id: int | None = None,
    needs_support: bool = False,
    unassigned: bool = False,
    sort: str = "name",
    page: int = 1,
    page_size: int = 20,
) -> tuple[list[MenteePublic], int]:
    """One page of mentees, filtered and sorted in the database. The filters and the count touch
    only the indexed columns; names, groups and support flags are fetched for the page alone."""
    require_role(actor, "admin")
    flag = _open_flag()
    filters: list[Any] = [col(User.role) == "mentee"]  # lets the (role, name) index order pages
    if query.strip():
        like = f"%{query.strip().lower()}%"
        filters.append(or_(func.lower(User.name).like(like), func.lower(User.email).like(like)))
    if track:
        filters.append(col(MenteeProfile.track) == track)
    if group_id is not None:
        filters.append(col(MenteeProfile.group_id) == group_id)
    if mentor_id is not None:
        filters.append(col(MenteeProfile.mentor_id) == mentor_id)
    if unassigned:
        filters.append(col(MenteeProfile.mentor_id).is_(None))
    if needs_support:
        filters.append(flag)
    matching = select(MenteeProfile.id).join(User, col(User.id) == MenteeProfile.user_id)
    matching = matching.where(*filters)
    total = db.exec(select(func.count()).select_from(matching.subquery())).one()
    offset, size = _page(page, page_size)
    order = SORTS.get(sort, SORTS["name"])
    page_ids = list(
        db.exec(matching.order_by(order, col(MenteeProfile.id)).offset(offset).limit(size)).all()
    )
    mentor_user = User.__table__.alias("mentor_user")  # type: ignore[attr-defined]
    rows = db.exec(
        select(  # type: ignore[call-overload]
            MenteeProfile,
            User.name,
            User.email,
            mentor_user.c.name,
            MenteeGroup.name,
            flag.label("needs_support"),
        )
        .join(User, col(User.id) == MenteeProfile.user_id)
        .outerjoin(MentorProfile, col(MentorProfile.id) == MenteeProfile.mentor_id)
        .outerjoin(mentor_user, mentor_user.c.id == MentorProfile.user_id)
        .outerjoin(MenteeGroup, col(MenteeGroup.id) == MenteeProfile.group_id)
        .where(col(MenteeProfile.id).in_(page_ids or [-1]))
        .order_by(order, col(MenteeProfile.id))
    )
    result = []
    for mentee, name, email, mentor_name, group_name, flagged in rows.all():
        assert mentee.id is not None
        result.append(
            MenteePublic(
                **MenteeBase.model_validate(mentee, from_attributes=True).model_dump(),
                id=mentee.id,
                name=name,
                email=email,
                mentor_id=mentee.mentor_id,
                mentor_name=mentor_name,
                group_id=mentee.group_id,
                group_name=group_name,
                needs_support=bool(flagged),
                capacity_override=mentee.capacity_override,
            )
        )
    return result, int(total)


def _mentee(db: Session, mentee_id: int) -> MenteeProfile:
    mentee = db.get(MenteeProfile, mentee_id)
    if mentee is None:
        raise NotFound("This mentee does not exist (any more); reload the list.")
    return mentee


def update_mentee(db: Session, actor: User | None, mentee_id: int, track: str, goals: str) -> None:
    admin = require_role(actor, "admin")
    mentee = _mentee(db, mentee_id)
    check_controls(track, "track")
    check_controls(goals, "goals", multiline=True)
    if len(track.strip()) > TRACK_MAX:
        raise Invalid(f"Keep the track name to {TRACK_MAX} characters.", "err.track")
    if len(goals.strip()) > GOALS_MAX:
        raise Invalid(f"Keep the goals to {GOALS_MAX:,} characters.", "err.goals")
    before = audit.snapshot(mentee, ("track", "goals"))
    mentee.track, mentee.goals, mentee.updated_at = track.strip(), goals.strip(), utcnow()
    audit.record(
        db,
        admin,
        "mentee.update",
        "mentee",
        mentee_id,
        before=before,
        after=audit.snapshot(mentee, ("track", "goals")),
    )
    db.commit()


# What a mentee may change on their own profile, its limit and the message that names it.
_OWN_FIELDS = (
    ("goals", GOALS_MAX, "err.goals"),
    ("interests", INTERESTS_MAX, "err.interests"),
    ("background", BACKGROUND_MAX, "err.background"),
)


def _own(db: Session, actor: User | None) -> MenteeProfile:
    user = require_role(actor, "mentee")
    profile = db.exec(select(MenteeProfile).where(MenteeProfile.user_id == user.id)).first()
    if profile is None:  # every sign-up makes one; a mentee imported before that gets it now
        assert user.id is not None
        profile = MenteeProfile(user_id=user.id)
        db.add(profile)
        db.flush()
    return profile


def own_profile(db: Session, actor: User | None) -> MenteeOwnPublic:
    """The signed-in mentee's goals, interests, background and track."""
    return MenteeOwnPublic.model_validate(_own(db, actor), from_attributes=True)


def update_own_profile(db: Session, actor: User | None, data: MenteeUpdate) -> MenteeOwnPublic:
    """A mentee edits their own goals, interests and background (mentors and the matching read
    them); fields left out keep their value. Nothing is saved when one field is refused."""
    profile = _own(db, actor)
    given = data.model_dump(exclude_unset=True)
    cleaned: dict[str, str] = {}
    for name, limit, key in _OWN_FIELDS:
        value = given.get(name)
        if value is None:
            continue
        value = check_controls(str(value), name, multiline=True).strip()
        if len(value) > limit:
            raise Invalid(f"Keep the {name} to {limit:,} characters.", key, field=name)
        cleaned[name] = value
    for name, value in cleaned.items():
        setattr(profile, name, value)
    profile.updated_at = utcnow()
    db.commit()
    return MenteeOwnPublic.model_validate(profile, from_attributes=True)


def _release_seat(db: Session, mentor_id: int) -> None:
    db.execute(
        update(MentorProfile)
        .where(col(MentorProfile.id) == mentor_id, col(MentorProfile.assigned_count) > 0)
        .values(assigned_count=MentorProfile.assigned_count - 1)
    )


def assign_mentor(
    db: Session, actor: User | None, mentee_id: int, mentor_id: int, override: bool = False
) -> None:
    """Assign within the mentor's capacity. The seat is taken by one conditional UPDATE, so two
    admins racing for the last seat cannot both win; ``override`` assigns past capacity on
    purpose and is recorded."""
    admin = require_role(actor, "admin")
    mentee = _mentee(db, mentee_id)
    profile, mentor_user = _mentor(db, mentor_id)
    if not mentor_user.is_active:
        raise Conflict(
            f"{mentor_user.name} is deactivated; choose an active mentor.",
            "err.mentor_inactive",
            name=mentor_user.name,
        )
    if mentee.mentor_id == mentor_id:
        return
    seat = update(MentorProfile).where(col(MentorProfile.id) == mentor_id)
    if not override:
        seat = seat.where(col(MentorProfile.assigned_count) < col(MentorProfile.max_mentees))
    try:
        taken = db.execute(seat.values(assigned_count=MentorProfile.assigned_count + 1))
    except OperationalError:  # SQLite: another admin's write won the race for the lock
        db.rollback()
        raise Conflict(
            "Someone else changed this mentor's mentees at the same moment; reload and try again.",
            "err.stale",
        ) from None
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        db.rollback()
        raise Conflict(
            f"{mentor_user.name} already has {profile.max_mentees} mentees, the maximum. "
            "Choose another mentor, raise their maximum, or assign anyway with the override.",
            "err.mentor_full",
            name=mentor_user.name,
            max=profile.max_mentees,
        )
    previous = mentee.mentor_id
    if previous is not None:
        _release_seat(db, previous)
    db.refresh(profile)
    over = profile.assigned_count > profile.max_mentees
    mentee.mentor_id, mentee.assigned_at, mentee.updated_at = mentor_id, utcnow(), utcnow()
    mentee.capacity_override = over
    db.add(mentee)
    audit.record(
        db,
        admin,
        "mentee.assign",
        "mentee",
        mentee_id,
        before={"mentor_id": previous},
        after={"mentor_id": mentor_id, "capacity_override": over},
    )
    db.commit()


def unassign_mentor(db: Session, actor: User | None, mentee_id: int) -> None:
    admin = require_role(actor, "admin")
    mentee = _mentee(db, mentee_id)
    previous = mentee.mentor_id
    if previous is None:
        return
    _release_seat(db, previous)
    mentee.mentor_id, mentee.assigned_at, mentee.capacity_override = None, None, False
    mentee.updated_at = utcnow()
    db.add(mentee)
    audit.record(
        db,
        admin,
        "mentee.unassign",
        "mentee",
        mentee_id,
        before={"mentor_id": previous},
        after={"mentor_id": None},
    )
    db.commit()


def move_to_group(db: Session, actor: User | None, mentee_id: int, group_id: int | None) -> None:
    admin = require_role(actor, "admin")
    mentee = _mentee(db, mentee_id)
    if group_id is not None:
        group = db.get(MenteeGroup, group_id)
        if group is None:
            raise NotFound("This group does not exist (any more); reload the page.")
        if group.archived:
            raise Conflict(
                f"The group {group.name} is archived; restore it first.",
                "err.group_archived",
                name=group.name,
            )
    before = {"group_id": mentee.group_id}
    mentee.group_id, mentee.updated_at = group_id, utcnow()
    db.add(mentee)
    audit.record(
        db, admin, "mentee.group", "mentee", mentee_id, before=before, after={"group_id": group_id}
    )
    db.commit()
