"""Which slots can be booked: the one rule the profile's open slots and the waitlist share.

Its own module because both ``availability`` (which tells ``waitlist`` when slots open) and
``waitlist`` (which asks whether a mentor has any) read it: neither may import the other.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import bindparam
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from tra_da.models import MentorProfile, Slot, User
from tra_da.models.base import instant_param
from tra_da.settings import get_settings


def earliest_bookable(now: datetime) -> datetime:
    """The first start a booking made ``now`` may have (the minimum notice)."""
    return now + timedelta(hours=get_settings().booking_min_notice_hours)


@functools.cache
def _bookable() -> SelectOfScalar[Slot]:
    """Built once with bound parameters (building it cost more than running it)."""
    return (
        select(Slot)
        .join(MentorProfile, col(MentorProfile.id) == Slot.mentor_id)
        .join(User, col(User.id) == MentorProfile.user_id)
        .where(
            Slot.mentor_id == bindparam("mentor_id"),
            col(Slot.status) == "open",
            col(Slot.start_at) >= instant_param("start"),
            col(Slot.start_at) < instant_param("end"),
            col(User.is_active).is_(True),
        )
        .order_by(col(Slot.start_at))
        .limit(bindparam("limit"))
    )


def bookable(
    db: Session, mentor_id: int, start: datetime, end: datetime, limit: int
) -> Sequence[Slot]:
    """A mentor's open slots starting in [start, end) while the mentor is active, earliest
    first, at most ``limit``. Callers clamp ``start`` to ``earliest_bookable``."""
    params = {"mentor_id": mentor_id, "start": start, "end": end, "limit": limit}
    return db.exec(_bookable(), params=params).all()
