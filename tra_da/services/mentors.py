"""Mentors, run by admins: create, edit, (de)activate, invite, list; their expertise tags.

Every function takes the acting user first and checks the admin role itself; every change is
written to the audit log in the same transaction.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from tra_da.models import (
    Booking,
    BookingStatusChange,
    MenteeGroup,
    MenteeProfile,
    MentorExpertise,
    MentorProfile,
    Slot,
    User,
)
from tra_da.models.base import utcnow
from tra_da.models.booking import LIVE_BOOKING_STATUSES
from tra_da.models.limits import (
    BIO_MAX,
    EXPERTISE_TAG_MAX,
    EXPERTISE_TAGS_MAX,
    HEADLINE_MAX,
    MAX_MENTEES_MAX,
    NAME_MAX,
    TRACK_MAX,
)
from tra_da.models.mentor import MentorCreate, MentorPublic, MentorUpdate
from tra_da.models.review import RatingPublic
from tra_da.services import accounts, audit, auth, booking_effects, directory, profile, reviews
from tra_da.services.access import require_role
from tra_da.services.errors import Conflict, Invalid, NotFound
from tra_da.services.payments import refunds
from tra_da.validation import check_controls

MAX_PAGE_SIZE = 100


def clean_mentor(data: MentorCreate) -> MentorCreate:
    """The mentor as entered, trimmed and checked with messages that say what to fix (the same
    rules whether it came from the form, the REST API or a CSV file)."""
    tags: list[str] = []
    for raw in data.expertise:
        tag = raw.strip().lower()
        if tag and tag not in tags:
            tags.append(tag)
    if any(len(tag) > EXPERTISE_TAG_MAX for tag in tags) or len(tags) > EXPERTISE_TAGS_MAX:
        raise Invalid(
            f"Use at most {EXPERTISE_TAGS_MAX} expertise tags of at most {EXPERTISE_TAG_MAX} "
            "characters each.",
            "err.expertise",
        )
    for tag in tags:
        check_controls(tag, "expertise tag")
    check_controls(data.name, "name")
    check_controls(data.headline, "headline")
    check_controls(data.track, "track")
    check_controls(data.bio, "bio", multiline=True)
    if len(data.headline.strip()) > HEADLINE_MAX:
        raise Invalid(f"Keep the headline to {HEADLINE_MAX} characters.", "err.headline")
    if len(data.bio.strip()) > BIO_MAX:
        raise Invalid(f"Keep the bio to {BIO_MAX:,} characters.", "err.bio")
    if len(data.track.strip()) > TRACK_MAX:
        raise Invalid(f"Keep the track name to {TRACK_MAX} characters.", "err.track")
    if not isinstance(data.max_mentees, int) or not 0 <= data.max_mentees <= MAX_MENTEES_MAX:
        raise Invalid(
            f"Max mentees must be a whole number from 0 to {MAX_MENTEES_MAX}.",
            "err.max_mentees",
        )
    name = data.name.strip()
    if not 1 <= len(name) <= NAME_MAX:
        raise Invalid(f"Enter a name of 1 to {NAME_MAX} characters.", "err.name")
    # Checked above with the service's own messages: built without a second validation.
    return MentorCreate.model_construct(
        email=accounts.normalise_email(data.email),
        name=name,
        track=data.track.strip(),
        headline=data.headline.strip(),
        bio=data.bio.strip(),
        expertise=tags,
        max_mentees=data.max_mentees,
    )


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


def _public(
    profile: MentorProfile, user: User, tags: list[str], rating: RatingPublic | None = None
) -> MentorPublic:
    assert profile.id is not None and user.id is not None
    return MentorPublic(
        id=profile.id,
        user_id=user.id,
        name=user.name,
        email=user.email,
        track=profile.track,
        headline=profile.headline,
        bio=profile.bio,
        expertise=tags,
        max_mentees=profile.max_mentees,
        assigned_mentees=profile.assigned_count,
        active=user.is_active,
        invitation_pending=user.password_hash is None,
        avatar_url=user.avatar_url,
        rating=rating or reviews.no_rating(),
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
    db: Session, actor: User | None, data: MentorCreate, send_invitation: bool = True
) -> MentorPublic:
    admin = require_role(actor, "admin")
    clean = clean_mentor(data)
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
    return _public(profile, user, clean.expertise)


def update_mentor(
    db: Session, actor: User | None, mentor_id: int, data: MentorUpdate
) -> MentorPublic:
    """Edit a mentor: the fields ``data`` sets replace theirs, the others stay."""
    admin = require_role(actor, "admin")
    profile, user = _mentor(db, mentor_id)
    before = _mentor_snapshot(profile, user, _tags(db, [mentor_id])[mentor_id])
    current = {k: v for k, v in before.items() if k != "active"}
    clean = clean_mentor(
        MentorCreate.model_construct(**{**current, **data.model_dump(exclude_unset=True)})
    )
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
    user.name, user.email, user.updated_at = clean.name, clean.email, utcnow()
    profile.track, profile.headline, profile.bio = clean.track, clean.headline, clean.bio
    profile.max_mentees, profile.updated_at = clean.max_mentees, utcnow()
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
    rating = reviews.mentor_ratings(db, [mentor_id])[mentor_id]
    return _public(profile, user, clean.expertise, rating)


def set_mentor_active(
    db: Session, actor: User | None, mentor_id: int, active: bool, reason: str = ""
) -> int:
    """(De)activate a mentor. Deactivating ends their sessions, cancels their future bookings
    and tells both sides; returns how many bookings were cancelled."""
    admin = require_role(actor, "admin")
    profile, user = _mentor(db, mentor_id)
    if user.is_active == active:
        return 0
    user.is_active, user.updated_at = active, utcnow()
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
                col(Slot.start_at) > utcnow(),
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
            col(Booking.start_at) > utcnow(),
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
        booking.cancelled_by_user_id, booking.updated_at = admin.id, utcnow()
        if was != "pending":
            booking_effects.cancelled(db, booking, reason)
        refunds.refund_on_cancel(db, booking, admin, utcnow())
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
) -> tuple[list[MentorPublic], int]:
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
    ids = [p.id for p, _ in rows if p.id is not None]
    tags, ratings = _tags(db, ids), reviews.mentor_ratings(db, ids)
    return [_public(p, u, tags[p.id], ratings[p.id]) for p, u in rows if p.id is not None], int(
        total
    )


def get_mentor(db: Session, actor: User | None, mentor_id: int) -> MentorPublic:
    require_role(actor, "admin")
    profile, user = _mentor(db, mentor_id)
    rating = reviews.mentor_ratings(db, [mentor_id])[mentor_id]
    return _public(profile, user, _tags(db, [mentor_id])[mentor_id], rating)


def tracks(db: Session) -> list[str]:
    """Every track in use, for filters."""
    # DISTINCT per table, each on its track index: the directory reads this on every page load,
    # and fetching every profile's track (60,000 rows at 50,000 mentees) took 120 ms on SQLite.
    names: set[str] = set()
    for column in (MentorProfile.track, MenteeProfile.track, MenteeGroup.track):
        names.update(db.exec(select(column).distinct()).all())
    return sorted(n for n in names if n)
