"""The mentor directory: search, filters, next open slot, public profiles.

Public: signed-out visitors (``actor`` None) read it too, so everything returned here is what
anyone may see (MentorCardPublic: no email); a signed-in actor must still be active."""

from __future__ import annotations

import threading
import time
import unicodedata
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, event, exists, func, or_, update
from sqlalchemy import select as columns
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col, select

from tra_da.models import MentorExpertise, MentorProfile, Slot, User
from tra_da.models.base import as_utc, utcnow
from tra_da.models.mentor import MentorCardPublic
from tra_da.services.access import require_active
from tra_da.services.errors import NotFound
from tra_da.services.payments import prices
from tra_da.services.reviews import mentor_ratings
from tra_da.settings import get_settings
from tra_da.validation import check_id, check_instant

MAX_PAGE = 50
# How long a directory total (how many mentors a text or track filter matches) is reused. Counting
# reads every mentor (a LIKE over each one's search text, or 10,000 index probes): 3-6 ms of CPU
# on each directory load and search, where the page itself is a short walk of the name index. A
# write to a mentor or an account in this process forgets every total at once (the engine events
# below, through forget_browse_order); one made by another worker process shows within this many
# seconds.
TOTAL_SECONDS = 5.0

# --- the browsing order, in memory ------------------------------------------------------------
# Browsing (no text, expertise or availability filter; optionally a track) reads the active
# mentors in name order. At 10,000 mentors the page at a deep offset and its total walked and
# counted every mentor per request (two joins of 10,000 rows, most of a directory request's
# time), so each process keeps that order, (mentor id, track) in name order, for at most
# BROWSE_SECONDS. Any write to user_account or mentor_profile through this process's engines
# drops it at once (the statement and again at its commit, so an order read between the two is
# not kept); a change made by another process (a second worker, a CLI import) shows here within
# BROWSE_SECONDS. The cards themselves are always read live, of active mentors only: a mentor
# deactivated elsewhere drops out of the page at once (the page is one card short until then).
BROWSE_SECONDS = 5.0
_DIRECTORY_TABLES = ("user_account", "mentor_profile")
_browse_lock = threading.Lock()
_browse: dict[str, tuple[float, int, list[tuple[int, str]]]] = {}
_generation = [0]


def forget_browse_order() -> None:
    """Drop every process-local browsing order and directory total (writes call this through
    the engine events, ORM or not)."""
    _generation[0] += 1
    _browse.clear()
    _totals.forget()


def _touches_directory(statement: str) -> bool:
    """Does this statement write user_account or mentor_profile? By the table it writes: a
    booking's UPDATE of slot that reads mentor_profile in its WHERE leaves the order alone."""
    words = statement.split(None, 3)
    verb = words[0].upper() if words else ""
    if verb in ("SELECT", "PRAGMA", "SAVEPOINT", "RELEASE", "BEGIN", "COMMIT", "ROLLBACK"):
        return False
    if verb == "UPDATE" and len(words) > 1:
        table = words[1]
    elif verb in ("INSERT", "DELETE") and len(words) > 2:
        table = words[2]  # INSERT INTO t, DELETE FROM t
    else:  # anything else (WITH ..., DDL): by mention
        return any(name in statement for name in _DIRECTORY_TABLES)
    return table.strip('"').split("(")[0] in _DIRECTORY_TABLES


@event.listens_for(Engine, "after_cursor_execute")
def _after_write(conn: Connection, cursor: Any, statement: str, *_: Any, **__: Any) -> None:
    if _touches_directory(statement):
        conn.info["directory_written"] = True
        forget_browse_order()


@event.listens_for(Engine, "commit")
def _after_commit(conn: Connection) -> None:
    if conn.info.pop("directory_written", False):
        forget_browse_order()


@event.listens_for(Engine, "rollback")
def _after_rollback(conn: Connection) -> None:
    conn.info.pop("directory_written", None)


def _browse_order(db: Session) -> list[tuple[int, str]]:
    """Every active mentor (id, track) in name order: this process's copy, or read now."""
    key = str(db.get_bind().engine.url)
    found = _browse.get(key)
    now = time.monotonic()
    if found is not None and now - found[0] < BROWSE_SECONDS and found[1] == _generation[0]:
        return found[2]
    with _browse_lock:
        generation = _generation[0]
        rows = db.execute(
            select(MentorProfile.id, MentorProfile.track)
            .join(User, col(User.id) == MentorProfile.user_id)
            .where(col(User.is_active).is_(True), col(User.role) == "mentor")
            .order_by(col(User.name), col(User.id))
        ).all()
        order = [(int(mentor_id), track) for mentor_id, track in rows]
        if generation == _generation[0]:  # nothing written meanwhile: keep it
            _browse[key] = (now, generation, order)
        return order


def fold(text: str) -> str:
    """Case- and accent-folded text, so "nguyen" finds "Nguyễn" and "DUNG" finds "Dũng"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def index_mentor(db: Session, mentor_id: int) -> None:
    """Rewrite one mentor's search text after their name, profile or tags changed."""
    row = db.exec(
        select(MentorProfile, User)
        .join(User, col(User.id) == MentorProfile.user_id)
        .where(MentorProfile.id == mentor_id)
    ).first()
    if row is None:
        return
    profile, user = row
    tags = db.exec(select(MentorExpertise.tag).where(MentorExpertise.mentor_id == mentor_id)).all()
    parts = [user.name, profile.headline, profile.bio, profile.track, *tags]
    profile.search_text = fold(" ".join(parts))[:6000]
    db.add(profile)


def refresh_next_open(db: Session, now: datetime | None = None) -> int:
    """Recompute each mentor's next open slot where the stored one differs.

    Triggers keep `next_open_at` right whenever a slot changes; the clock makes it fall behind,
    and on PostgreSQL two transactions committing slot changes for the same mentor at once can
    leave the value of the older snapshot. The relay calls this every few minutes, so either
    case lasts minutes at most; only rows whose value is wrong are written.
    """
    now = now or utcnow()
    first_open = (
        select(func.min(Slot.start_at))
        .where(
            col(Slot.mentor_id) == MentorProfile.id,
            col(Slot.status) == "open",
            col(Slot.start_at) >= now,
        )
        .scalar_subquery()
    )
    result = db.execute(
        update(MentorProfile)
        .where(col(MentorProfile.next_open_at).is_distinct_from(first_open))
        .values(next_open_at=first_open)
        .execution_options(synchronize_session=False)
    )
    db.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _open_between(start: datetime, end: datetime) -> Any:
    """Mentors with an open slot starting in [start, end).

    `next_open_at` is exact as of the last slot change (triggers), so a value at or after
    `start` decides alone; an older value has fallen behind the clock and the mentor's own
    slots are probed on the (mentor_id, start_at) index.
    """
    stored = col(MentorProfile.next_open_at)
    # A correlated scalar MIN, not EXISTS: PostgreSQL would turn EXISTS into one hashed scan of
    # every open slot in the window, even when no mentor needs the probe.
    probed = (
        select(func.min(Slot.start_at))
        .where(
            col(Slot.mentor_id) == MentorProfile.id,
            col(Slot.status) == "open",
            col(Slot.start_at) >= start,
        )
        .correlate(MentorProfile)
        .scalar_subquery()
    )
    return or_(and_(stored >= start, stored < end), and_(stored < start, probed < end))


def _check_reader(actor: User | None) -> None:
    """Anyone may read the directory; a deactivated account may not (it is signed out)."""
    if actor is not None:
        require_active(actor)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _earliest(now: datetime) -> datetime:
    return now + timedelta(hours=get_settings().booking_min_notice_hours)


class _Totals:
    """Directory totals by filter: reused for TOTAL_SECONDS unless a mentor or an account was
    written in this process since the count began (the generation moved on)."""

    def __init__(self) -> None:
        self.generation = 0
        self._lock = threading.Lock()
        self._found: dict[tuple[Any, ...], tuple[float, int, int]] = {}

    def get(self, key: tuple[Any, ...]) -> int | None:
        found = self._found.get(key)
        if found is None:
            return None
        at, generation, total = found
        if generation != self.generation or time.monotonic() - at > TOTAL_SECONDS:
            return None
        return total

    def put(self, key: tuple[Any, ...], generation: int, total: int) -> None:
        with self._lock:
            if len(self._found) > 1000:  # one entry per filter typed: bounded
                self._found.clear()
            self._found[key] = (time.monotonic(), generation, total)

    def forget(self) -> None:
        with self._lock:
            self.generation += 1


_totals = _Totals()


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
    ranking: Any = None,
) -> tuple[list[MentorCardPublic], int]:
    """Active mentors matching the filters, one page, with each one's next open slot; by name,
    or with ``ranking`` (a subquery of mentor ``id`` and ``score``) best score first, then id."""
    _check_reader(actor)
    for bound in (available_from, available_to):
        if bound is not None:
            check_instant(bound, "availability range")
    limit, offset = max(1, min(limit, 50)), max(0, min(offset, 1_000_000))
    now = now or utcnow()
    earliest = _earliest(now)
    filters: list[Any] = [col(User.is_active).is_(True)]
    words = fold(query)[:100]
    if words:
        filters.append(col(MentorProfile.search_text).like(_like(words), escape="\\"))
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
        filters.append(_open_between(start, end))
    reads_every_candidate = bool(
        words or expertise or available_from is not None or available_to is not None
    )
    if not reads_every_candidate:
        # role = 'mentor' lets browsing walk the (role, name) index in order, with no sort of
        # every mentor; with a filter it would steer the planner away from the filter's index.
        filters.append(col(User.role) == "mentor")
    matching = (
        select(MentorProfile.id).join(User, col(User.id) == MentorProfile.user_id).where(*filters)
    )
    size = max(1, min(limit, MAX_PAGE))
    if ranking is None:
        ordered = matching.order_by(col(User.name), col(User.id))
    else:
        ordered = matching.join(ranking, ranking.c.id == MentorProfile.id).order_by(
            ranking.c.score.desc(), col(MentorProfile.id)
        )
    page = ordered.offset(max(offset, 0)).limit(size)
    total: int | None = None
    page_ids: list[Any]
    # Text and track filters (and none): their total does not move with the clock or the slots.
    reusable = not expertise and available_from is None and available_to is None
    key = (str(db.get_bind().engine.url), words, track, ranking is None)
    generation = _totals.generation
    if ranking is None and not reads_every_candidate:
        # Browsing (optionally by track): a slice of this process's name order (_browse_order);
        # the page at a deep offset no longer walks every mentor before it.
        listed = [mentor_id for mentor_id, t in _browse_order(db) if not track or t == track]
        page_ids, total = listed[offset : offset + size], len(listed)
    elif reusable and (known := _totals.get(key)) is not None:
        total = known
        if words:
            # The name index walked in order, each mentor's text tested until the page is full
            # (only mentors have a mentor profile: the role adds no condition, it picks the index).
            page = page.where(col(User.role) == "mentor")
        page_ids = list(db.exec(page).all()) if offset < total else []
    elif reads_every_candidate:
        # A filter that reads every candidate anyway: the page and the count in one pass.
        rows = db.execute(page.add_columns(func.count().over())).all()
        page_ids = [row[0] for row in rows]
        total = rows[0][1] if rows else (0 if offset <= 0 else None)
    else:
        # Browsing (optionally by track): the page is a short walk of the name index and the
        # count an index-only scan; a window count here would sort every mentor for 12 rows.
        page_ids = list(db.exec(page).all())
        if offset <= 0 and len(page_ids) < size:
            total = len(page_ids)
    if total is None:
        total = db.exec(select(func.count()).select_from(matching.subquery())).one()
    if reusable:
        _totals.put(key, generation, int(total))
    cards = _cards(db, page_ids, earliest)
    if ranking is not None:  # _cards reads them by name
        position = {mentor_id: n for n, mentor_id in enumerate(page_ids)}
        cards.sort(key=lambda card: position[card.id])
    return cards, int(total)


def _cards(db: Session, mentor_ids: list[int], earliest: datetime) -> list[MentorCardPublic]:
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
    # Columns, not entities: building 24 ORM objects (bio, search_text and all) per page cost
    # more than the three queries themselves.
    rows = db.execute(
        columns(
            col(MentorProfile.id),
            col(User.id),
            col(User.name),
            col(MentorProfile.headline),
            col(MentorProfile.bio),
            col(MentorProfile.track),
            col(User.avatar_url),
            next_slot,
        )
        .join(User, col(User.id) == MentorProfile.user_id)
        .where(col(MentorProfile.id).in_(mentor_ids), col(User.is_active).is_(True))
        .order_by(col(User.name), col(User.id))
    ).all()
    tags: dict[int, list[str]] = {i: [] for i in mentor_ids}
    for mentor_id, tag in db.execute(
        select(MentorExpertise.mentor_id, MentorExpertise.tag)
        .where(col(MentorExpertise.mentor_id).in_(mentor_ids))
        .order_by(col(MentorExpertise.tag))
    ):
        tags[mentor_id].append(tag)
    ratings = mentor_ratings(db, mentor_ids)
    return [
        MentorCardPublic(
            id=mentor_id,
            user_id=user_id,
            name=name,
            headline=headline,
            bio=bio,
            track=track,
            expertise=tags[mentor_id],
            avatar_url=avatar_url,
            next_open_slot=as_utc(at),
            rating=ratings[mentor_id],
        )
        for mentor_id, user_id, name, headline, bio, track, avatar_url, at in rows
    ]


def profile(
    db: Session, actor: User | None, mentor_id: int, now: datetime | None = None
) -> MentorCardPublic:
    """One active mentor's public profile with their price (a deactivated one is not found)."""
    _check_reader(actor)
    check_id(mentor_id, "mentor")
    now = now or utcnow()
    cards = _cards(db, [mentor_id], _earliest(now))  # active mentors only
    if not cards:
        raise NotFound(NOT_LISTED)
    card = cards[0]
    card.price = prices.price_of(db, mentor_id)
    return card


def check_listed(db: Session, actor: User | None, mentor_id: int) -> None:
    """NotFound unless the mentor is in the directory (active): what a mentor's slots need,
    without reading the whole card."""
    _check_reader(actor)
    check_id(mentor_id, "mentor")
    active = db.exec(
        select(MentorProfile.id)
        .join(User, col(User.id) == MentorProfile.user_id)
        .where(MentorProfile.id == mentor_id, col(User.is_active).is_(True))
    ).first()
    if active is None:
        raise NotFound(NOT_LISTED)


NOT_LISTED = "This mentor is not in the directory; search for another one."


def expertise_tags(db: Session) -> list[str]:
    return list(
        db.exec(
            select(MentorExpertise.tag).distinct().order_by(col(MentorExpertise.tag)).limit(200)
        ).all()
    )
