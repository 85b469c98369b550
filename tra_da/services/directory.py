"""The mentor directory mentees browse: search, filters, next open slot, public profiles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import exists, func, or_
from sqlmodel import Session, col, select

from tra_da.models import MentorExpertise, MentorProfile, Slot, User
from tra_da.models.base import as_utc
from tra_da.services.access import require_active
from tra_da.services.errors import NotFound
from tra_da.settings import get_settings

MAX_PAGE = 50


@dataclass(frozen=True)
class MentorCard:
    id: int
    user_id: int
    name: str
    headline: str
    bio: str
    track: str
    expertise: list[str]
    avatar_url: str | None
    next_open_slot: datetime | None


def _earliest(now: datetime) -> datetime:
    return now + timedelta(hours=get_settings().booking_min_notice_hours)


def search(
    db: Session,
    actor: User | None,
    *,
    query: str = "",
    track: str = "",
    expertise: str = "",
    available_from: datetime | None = None,
    available_to: datetime | None = None,
    limit: int = 12,
    offset: int = 0,
    now: datetime | None = None,
) -> tuple[list[MentorCard], int]:
    """Active mentors matching the filters, by name, one page, with each one's next open slot."""
    require_active(actor)
    now = now or datetime.now(UTC)
    earliest = _earliest(now)
    filters: list[Any] = [col(User.is_active).is_(True)]
    if query.strip():
        like = f"%{query.strip().lower()[:100]}%"
        tag_match = exists().where(
            col(MentorExpertise.mentor_id) == MentorProfile.id,
            func.lower(MentorExpertise.tag).like(like),
        )
        filters.append(
            or_(
                func.lower(User.name).like(like),
                func.lower(MentorProfile.bio).like(like),
                func.lower(MentorProfile.headline).like(like),
                tag_match,
            )
        )
    if track:
        filters.append(col(MentorProfile.track) == track)
    if expertise:
        filters.append(
            exists().where(
                col(MentorExpertise.mentor_id) == MentorProfile.id,
                col(MentorExpertise.tag) == expertise.strip().lower(),
            )
        )
    if available_from is not None or available_to is not None:
        start = max(available_from or earliest, earliest)
        end = available_to or start + timedelta(days=60)
        # One range scan of open slots (status, start_at index), not a probe per mentor.
        with_slots = select(Slot.mentor_id).where(
            col(Slot.status) == "open", col(Slot.start_at) >= start, col(Slot.start_at) < end
        )
        filters.append(col(MentorProfile.id).in_(with_slots))
    matching = (
        select(MentorProfile.id).join(User, col(User.id) == MentorProfile.user_id).where(*filters)
    )
    total = db.exec(select(func.count()).select_from(matching.subquery())).one()
    page_ids = list(
        db.exec(
            matching.order_by(col(User.name), col(MentorProfile.id))
            .offset(max(offset, 0))
            .limit(max(1, min(limit, MAX_PAGE)))
        ).all()
    )
    return _cards(db, [i for i in page_ids if i is not None], earliest), int(total)


def _cards(db: Session, mentor_ids: list[int], earliest: datetime) -> list[MentorCard]:
    if not mentor_ids:
        return []
    # A correlated MIN per mentor walks the (mentor_id, start_at) index: 12 short probes,
    # where a grouped subquery made SQLite read every open slot of the programme.
    next_slot = (
        select(func.min(Slot.start_at))
        .where(
            col(Slot.mentor_id) == MentorProfile.id,
            col(Slot.status) == "open",
            col(Slot.start_at) >= earliest,
        )
        .correlate(MentorProfile)
        .scalar_subquery()
    )
    rows = db.exec(
        select(MentorProfile, User, next_slot)
        .join(User, col(User.id) == MentorProfile.user_id)
        .where(col(MentorProfile.id).in_(mentor_ids))
        .order_by(col(User.name), col(MentorProfile.id))
    ).all()
    tags: dict[int, list[str]] = {i: [] for i in mentor_ids}
    for tag in db.exec(
        select(MentorExpertise)
        .where(col(MentorExpertise.mentor_id).in_(mentor_ids))
        .order_by(col(MentorExpertise.tag))
    ):
        tags[tag.mentor_id].append(tag.tag)
    return [
        MentorCard(
            p.id or 0,
            u.id or 0,
            u.name,
            p.headline,
            p.bio,
            p.track,
            tags[p.id or 0],
            u.avatar_url,
            as_utc(at),
        )
        for p, u, at in rows
    ]


def profile(
    db: Session, actor: User | None, mentor_id: int, now: datetime | None = None
) -> MentorCard:
    """One active mentor's public profile (a deactivated one is not found)."""
    require_active(actor)
    now = now or datetime.now(UTC)
    active = db.exec(
        select(MentorProfile.id)
        .join(User, col(User.id) == MentorProfile.user_id)
        .where(MentorProfile.id == mentor_id, col(User.is_active).is_(True))
    ).first()
    if active is None:
        raise NotFound("This mentor is not in the directory; search for another one.")
    return _cards(db, [mentor_id], _earliest(now))[0]


def expertise_tags(db: Session) -> list[str]:
    return list(
        db.exec(
            select(MentorExpertise.tag).distinct().order_by(col(MentorExpertise.tag)).limit(200)
        ).all()
    )
