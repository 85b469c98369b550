"""Running the programme (admins): mentors, mentees, groups, assignments within capacity.

Every function takes the acting user first and checks the admin role itself; every change is
written to the audit log in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import exists, func, or_, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, col, select

from tra_da.models import (
    Booking,
    BookingStatusChange,
    MenteeGroup,
    MenteeProfile,
    MentorExpertise,
    MentorProfile,
    SessionLog,
    Slot,
    User,
)
from tra_da.models.base import as_utc
from tra_da.models.booking import LIVE_BOOKING_STATUSES
from tra_da.services import accounts, audit, auth, booking_effects, directory, payments, profile
from tra_da.services.access import require_role
from tra_da.services.errors import Conflict, Invalid, NotFound
from tra_da.validation import COHORT_MAX, GROUP_NAME_MAX, TRACK_MAX, check_controls

MAX_PAGE_SIZE = 100
MENTOR_FIELDS = ("name", "email", "headline", "bio", "track", "max_mentees", "expertise")


def _now() -> datetime:
    return datetime.now(UTC)


# --- mentors ------------------------------------------------------------------------------


@dataclass
class MentorInput:
    email: str
    name: str
    track: str = ""
    headline: str = ""
    bio: str = ""
    expertise: list[str] = field(default_factory=list)
    max_mentees: int = 5

    def cleaned(self) -> MentorInput:
        tags = []
        for raw in self.expertise:
            tag = raw.strip().lower()
            if tag and tag not in tags:
                tags.append(tag)
        if any(len(tag) > 40 for tag in tags) or len(tags) > 15:
            raise Invalid(
                "Use at most 15 expertise tags of at most 40 characters each.", "err.expertise"
            )
        for tag in tags:
            check_controls(tag, "expertise tag")
        check_controls(self.name, "name")
        check_controls(self.headline, "headline")
        check_controls(self.track, "track")
        check_controls(self.bio, "bio", multiline=True)
        if len(self.headline.strip()) > 160:
            raise Invalid("Keep the headline to 160 characters.", "err.headline")
        if len(self.bio.strip()) > 4000:
            raise Invalid("Keep the bio to 4,000 characters.", "err.bio")
        if len(self.track.strip()) > 80:
            raise Invalid("Keep the track name to 80 characters.", "err.track")
        if not isinstance(self.max_mentees, int) or not 0 <= self.max_mentees <= 500:
            raise Invalid("Max mentees must be a whole number from 0 to 500.", "err.max_mentees")
        name = self.name.strip()
        if not 1 <= len(name) <= 120:
            raise Invalid("Enter a name of 1 to 120 characters.", "err.name")
        return MentorInput(
            email=accounts.normalise_email(self.email),
            name=name,
            track=self.track.strip(),
            headline=self.headline.strip(),
            bio=self.bio.strip(),
            expertise=tags,
            max_mentees=self.max_mentees,
        )


@dataclass(frozen=True)
class MentorRow:
    id: int
    user_id: int
    name: str
    email: str
    track: str
    headline: str
    bio: str
    expertise: list[str]
    max_mentees: int
    assigned: int
    active: bool
    invited: bool  # invitation sent, password not chosen yet
    avatar_url: str | None


def _mentor(db: Session, mentor_id: int) -> tuple[MentorProfile, User]:
    row = db.exec(
        select(MentorProfile, User)
        .join(User, col(User.id) == MentorProfile.user_id)
        .where(MentorProfile.id == mentor_id)
    ).first()
    if row is None:
        raise NotFound("This mentor does not exist (any more); reload the list.")
    return row


def _tags(db: Session, mentor_ids: list[int]) -> dict[int, list[str]]:
    tags: dict[int, list[str]] = {i: [] for i in mentor_ids}
    if mentor_ids:
        rows = db.exec(
            select(MentorExpertise)
            .where(col(MentorExpertise.mentor_id).in_(mentor_ids))
            .order_by(col(MentorExpertise.tag))
        )
        for row in rows:
            tags[row.mentor_id].append(row.tag)
    return tags


def _row(profile: MentorProfile, user: User, tags: list[str]) -> MentorRow:
    assert profile.id is not None and user.id is not None
    return MentorRow(
        profile.id,
        user.id,
        user.name,
        user.email,
        profile.track,
        profile.headline,
        profile.bio,
        tags,
        profile.max_mentees,
        profile.assigned_count,
        user.is_active,
        user.password_hash is None,
        user.avatar_url,
    )


def _mentor_snapshot(profile: MentorProfile, user: User, tags: list[str]) -> dict[str, Any]:
    return {
        "name": user.name,
        "email": user.email,
        "headline": profile.headline,
        "bio": profile.bio,
        "track": profile.track,
        "max_mentees": profile.max_mentees,
        "expertise": tags,
        "active": user.is_active,
    }


def _set_tags(db: Session, mentor_id: int, tags: list[str]) -> None:
    for existing in db.exec(select(MentorExpertise).where(MentorExpertise.mentor_id == mentor_id)):
        db.delete(existing)
    db.flush()
    db.add_all(MentorExpertise(mentor_id=mentor_id, tag=tag) for tag in tags)
    db.flush()
    directory.index_mentor(db, mentor_id)  # callers set name and profile before the tags


def create_mentor(
    db: Session, actor: User | None, data: MentorInput, send_invitation: bool = True
) -> MentorRow:
    admin = require_role(actor, "admin")
    clean = data.cleaned()
    user = accounts.create_user(
        db, email=clean.email, name=clean.name, role="mentor", password=None
    )
    profile = db.exec(select(MentorProfile).where(MentorProfile.user_id == user.id)).one()
    profile.track, profile.headline, profile.bio = clean.track, clean.headline, clean.bio
    profile.max_mentees = clean.max_mentees
    assert profile.id is not None
    _set_tags(db, profile.id, clean.expertise)
    if send_invitation:
        auth.invite(db, user, admin)
    audit.record(
        db,
        admin,
        "mentor.create",
        "mentor",
        profile.id,
        after=_mentor_snapshot(profile, user, clean.expertise),
    )
    db.commit()
    return _row(profile, user, clean.expertise)


def update_mentor(db: Session, actor: User | None, mentor_id: int, data: MentorInput) -> MentorRow:
    admin = require_role(actor, "admin")
    clean = data.cleaned()
    profile, user = _mentor(db, mentor_id)
    before = _mentor_snapshot(profile, user, _tags(db, [mentor_id])[mentor_id])
    if clean.max_mentees < profile.assigned_count:
        raise Invalid(
            f"{profile.assigned_count} mentees are assigned to this mentor; set max mentees to "
            f"at least {profile.assigned_count}, or unassign some mentees first.",
            "err.max_below_assigned",
            assigned=profile.assigned_count,
        )
    if clean.email != user.email:
        other = accounts.find_by_email(db, clean.email)
        if other is not None and other.id != user.id:
            raise Conflict(
                f"An account with {clean.email} already exists; use another email.",
                "err.email_taken",
            )
    user.name, user.email, user.updated_at = clean.name, clean.email, _now()
    profile.track, profile.headline, profile.bio = clean.track, clean.headline, clean.bio
    profile.max_mentees, profile.updated_at = clean.max_mentees, _now()
    _set_tags(db, mentor_id, clean.expertise)
    # Guarded again in the database: a concurrent assignment may have raised the count.
    result = db.execute(
        update(MentorProfile)
        .where(
            col(MentorProfile.id) == mentor_id,
            col(MentorProfile.assigned_count) <= clean.max_mentees,
        )
        .values(max_mentees=clean.max_mentees)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        db.rollback()
        raise Conflict("Mentees were assigned meanwhile; reload and try again.", "err.stale")
    audit.record(
        db,
        admin,
        "mentor.update",
        "mentor",
        mentor_id,
        before=before,
        after=_mentor_snapshot(profile, user, clean.expertise),
    )
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise Conflict(
            f"An account with {clean.email} already exists; use another email.", "err.email_taken"
        ) from None
    return _row(profile, user, clean.expertise)


def set_mentor_active(
    db: Session, actor: User | None, mentor_id: int, active: bool, reason: str = ""
) -> int:
    """(De)activate a mentor. Deactivating ends their sessions, cancels their future bookings
    and tells both sides; returns how many bookings were cancelled."""
    admin = require_role(actor, "admin")
    profile, user = _mentor(db, mentor_id)
    if user.is_active == active:
        return 0
    user.is_active, user.updated_at = active, _now()
    cancelled = 0
    if not active:
        assert user.id is not None
        auth.end_user_sessions(db, user.id, "deactivated")
        cancelled = _cancel_future_bookings(
            db, admin, mentor_id, reason or "the mentor is no longer available"
        )
        db.execute(
            update(Slot)
            .where(
                col(Slot.mentor_id) == mentor_id,
                col(Slot.status) == "open",
                col(Slot.start_at) > _now(),
            )
            .values(status="blocked")
        )
    audit.record(
        db,
        admin,
        "mentor.activate" if active else "mentor.deactivate",
        "mentor",
        mentor_id,
        before={"active": not active},
        after={"active": active, "bookings_cancelled": cancelled},
    )
    db.commit()
    return cancelled


def _cancel_future_bookings(db: Session, admin: User, mentor_id: int, reason: str) -> int:
    bookings = db.exec(
        select(Booking).where(
            Booking.mentor_id == mentor_id,
            col(Booking.status).in_(LIVE_BOOKING_STATUSES),
            col(Booking.start_at) > _now(),
        )
    ).all()
    for booking in bookings:
        assert booking.id is not None
        db.add(
            BookingStatusChange(
                booking_id=booking.id,
                from_status=booking.status,
                to_status="cancelled",
                changed_by_user_id=admin.id,
                reason=reason,
            )
        )
        was = booking.status
        booking.status, booking.cancel_reason = "cancelled", reason
        booking.cancelled_by_user_id, booking.updated_at = admin.id, _now()
        if was != "pending":
            booking_effects.cancelled(db, booking, reason)
        payments.refund_on_cancel(db, booking, admin, _now())
    return len(bookings)


def set_mentor_avatar(
    db: Session, actor: User | None, mentor_id: int, data: bytes, upload_dir: Path
) -> None:
    admin = require_role(actor, "admin")
    _, user = _mentor(db, mentor_id)
    before = {"avatar_url": user.avatar_url}
    profile.replace_avatar(db, user, data, upload_dir)
    audit.record(
        db,
        admin,
        "mentor.avatar",
        "mentor",
        mentor_id,
        before=before,
        after={"avatar_url": user.avatar_url},
    )
    db.commit()


def resend_invitation(db: Session, actor: User | None, mentor_id: int) -> None:
    admin = require_role(actor, "admin")
    _, user = _mentor(db, mentor_id)
    if user.password_hash is not None:
        raise Conflict(
            "This mentor has already chosen a password; they can sign in or use "
            "'Forgot your password?'.",
            "err.invitation_accepted",
        )
    if not user.is_active:
        raise Conflict("Reactivate this mentor before inviting them again.", "err.inactive")
    auth.invite(db, user, admin)
    audit.record(db, admin, "mentor.invite", "mentor", mentor_id)
    db.commit()


def _page(page: int, page_size: int) -> tuple[int, int]:
    size = max(1, min(page_size, MAX_PAGE_SIZE))
    return (max(page, 1) - 1) * size, size


def list_mentors(
    db: Session,
    actor: User | None,
    *,
    query: str = "",
    track: str = "",
    status: str = "all",
    page: int = 1,
    page_size: int = 20,
) -> tuple[list[MentorRow], int]:
    require_role(actor, "admin")
    statement = select(MentorProfile, User).join(User, col(User.id) == MentorProfile.user_id)
    if query.strip():
        like = f"%{query.strip().lower()}%"
        statement = statement.where(
            or_(func.lower(User.name).like(like), func.lower(User.email).like(like))
        )
    if track:
        statement = statement.where(MentorProfile.track == track)
    if status in ("active", "inactive"):
        statement = statement.where(col(User.is_active).is_(status == "active"))
    total = db.exec(select(func.count()).select_from(statement.subquery())).one()
    offset, size = _page(page, page_size)
    rows = db.exec(
        statement.order_by(col(User.name), col(MentorProfile.id)).offset(offset).limit(size)
    ).all()
    tags = _tags(db, [p.id for p, _ in rows if p.id is not None])
    return [_row(p, u, tags[p.id]) for p, u in rows if p.id is not None], int(total)


def get_mentor(db: Session, actor: User | None, mentor_id: int) -> MentorRow:
    require_role(actor, "admin")
    profile, user = _mentor(db, mentor_id)
    return _row(profile, user, _tags(db, [mentor_id])[mentor_id])


def tracks(db: Session) -> list[str]:
    """Every track in use, for filters."""
    names = set(db.exec(select(MentorProfile.track)).all())
    names |= set(db.exec(select(MenteeProfile.track)).all())
    names |= set(db.exec(select(MenteeGroup.track)).all())
    return sorted(n for n in names if n)


# --- mentees ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MenteeRow:
    id: int
    name: str
    email: str
    track: str
    goals: str
    mentor_id: int | None
    mentor_name: str | None
    group_id: int | None
    group_name: str | None
    needs_support: bool
    capacity_override: bool


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
) -> tuple[list[MenteeRow], int]:
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
            MenteeRow(
                mentee.id,
                name,
                email,
                mentee.track,
                mentee.goals,
                mentee.mentor_id,
                mentor_name,
                mentee.group_id,
                group_name,
                bool(flagged),
                mentee.capacity_override,
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
    if len(track.strip()) > 80:
        raise Invalid("Keep the track name to 80 characters.", "err.track")
    if len(goals.strip()) > 2000:
        raise Invalid("Keep the goals to 2,000 characters.", "err.goals")
    before = audit.snapshot(mentee, ("track", "goals"))
    mentee.track, mentee.goals, mentee.updated_at = track.strip(), goals.strip(), _now()
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
    mentee.mentor_id, mentee.assigned_at, mentee.updated_at = mentor_id, _now(), _now()
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
    mentee.updated_at = _now()
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
    mentee.group_id, mentee.updated_at = group_id, _now()
    db.add(mentee)
    audit.record(
        db, admin, "mentee.group", "mentee", mentee_id, before=before, after={"group_id": group_id}
    )
    db.commit()


# --- groups -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupRow:
    id: int
    name: str
    cohort: str
    track: str
    mentor_id: int | None
    mentor_name: str | None
    archived: bool
    members: int


@dataclass(frozen=True)
class GroupMember:
    mentee_id: int
    name: str
    email: str
    last_session: datetime | None
    next_session: datetime | None


def _group_input(
    db: Session, name: str, cohort: str, track: str, mentor_id: int | None
) -> tuple[str, str, str]:
    name, cohort, track = name.strip(), cohort.strip(), track.strip()
    check_controls(name, "group name")
    check_controls(cohort, "cohort")
    check_controls(track, "track")
    if not 1 <= len(name) <= GROUP_NAME_MAX:
        raise Invalid("Enter a group name of 1 to 120 characters.", "err.group_name")
    if len(cohort) > COHORT_MAX or len(track) > TRACK_MAX:
        raise Invalid("Keep cohort and track to 80 characters each.", "err.track")
    if mentor_id is not None:
        _mentor(db, mentor_id)
    return name, cohort, track


def _group_snapshot(group: MenteeGroup) -> dict[str, Any]:
    return audit.snapshot(group, ("name", "cohort", "track", "mentor_id", "archived"))


def save_group(
    db: Session,
    actor: User | None,
    group_id: int | None,
    *,
    name: str,
    cohort: str = "",
    track: str = "",
    mentor_id: int | None = None,
) -> int:
    """Create (group_id None) or edit a group; returns its id."""
    admin = require_role(actor, "admin")
    name, cohort, track = _group_input(db, name, cohort, track, mentor_id)
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
        group.updated_at = _now()
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
    group.archived, group.updated_at = archived, _now()
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


def list_groups(db: Session, actor: User | None, include_archived: bool = False) -> list[GroupRow]:
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
        GroupRow(g.id, g.name, g.cohort, g.track, g.mentor_id, mentor_name, g.archived, int(n))
        for g, mentor_name, n in db.exec(statement).all()
        if g.id is not None
    ]


def group_members(
    db: Session, actor: User | None, group_id: int, now: datetime | None = None
) -> tuple[GroupRow, list[GroupMember]]:
    """A group with each mentee's last and next session (two grouped queries, any size)."""
    require_role(actor, "admin")
    now = now or _now()
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
    return group, [GroupMember(int(i), n, e, as_utc(a), as_utc(b)) for i, n, e, a, b in rows]
