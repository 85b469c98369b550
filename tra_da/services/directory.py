"""The mentor directory: search, filters, next open slot, public profiles.

Public: signed-out visitors (``actor`` None) read it too, so everything returned here is what
anyone may see (MentorCardPublic: no email); a signed-in actor must still be active."""

from __future__ import annotations

import functools
import threading
import time
import unicodedata
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, exists, func, or_, update
from sqlalchemy import select as columns
from sqlmodel import Session, col, select

from tra_da.db import forget_on_write
from tra_da.models import MentorExpertise, MentorProfile, Slot, User
from tra_da.models.base import as_utc, instant_param, utcnow
from tra_da.models.mentor import MentorCardPublic
from tra_da.services.access import require_active
from tra_da.services.errors import NotFound
from tra_da.services.payments import prices
from tra_da.services.reviews import mentor_ratings
from tra_da.settings import get_settings
from tra_da.validation import check_id, check_instant

MAX_PAGE = 50

# --- the browsing order, in memory ------------------------------------------------------------
# Browsing and text search (no expertise or availability filter; optionally a track) read the
# active mentors in name order. At 10,000 mentors a page at a deep offset walked every mentor
# before it, a total counted every one, and a text search tested each one's search text with a
# LIKE (a table scan of 2 ms for a rare word): most of a directory request's time. So each
# process keeps that order, (mentor id, track, search text) in name order, for at most
# BROWSE_SECONDS, and filters it in memory (a plain substring test: search texts and queries are
# both folded, which is exactly what the LIKE compared); each filter's result is kept with the
# order. Any write to user_account or mentor_profile through this process's engines drops it at
# once (the statement and again at its commit, so an order read between the two is not kept); a
# change made by another process (a second worker, a CLI import) shows here within
# BROWSE_SECONDS. The cards themselves are always read live, of active mentors only: a mentor
# deactivated elsewhere drops out of the page at once (the page is one card short until then).
BROWSE_SECONDS = 5.0
# What an order remembers of its filters' results, at most (mentor ids in all, ~8 bytes each):
# beyond it they are forgotten and computed anew, so no stream of odd queries can grow memory.
FILTERED_IDS_KEPT = 200_000
_DIRECTORY_TABLES = ("user_account", "mentor_profile")
_browse_lock = threading.Lock()


class _Order:
    """One process's browsing order, read at ``at`` (monotonic) in write generation
    ``generation``: mentor ids in name order with each one's track and search text; each filter's
    ids computed once, when first asked."""

    def __init__(self, at: float, generation: int, order: list[tuple[int, str, str]]) -> None:
        self.at, self.generation, self.order = at, generation, order
        self._found: dict[tuple[str, str], list[int]] = {}
        self._kept = 0

    def ids(self, track: str = "", words: str = "") -> list[int]:
        """Mentors in name order on ``track`` (any when empty) whose search text holds the folded
        ``words`` (any when empty)."""
        key = (track, words)
        found = self._found.get(key)
        if found is None:
            found = [
                mentor_id
                for mentor_id, t, text in self.order
                if (not track or t == track) and (not words or words in text)
            ]
            if self._kept + len(found) > FILTERED_IDS_KEPT:
                self._found.clear()
                self._kept = 0
            self._found[key] = found
            self._kept += len(found)
        return found


_browse: dict[str, _Order] = {}
_generation = [0]


def forget_browse_order() -> None:
    """Drop every process-local browsing order (writes call this through the engine events, ORM
    or not)."""
    _generation[0] += 1
    _browse.clear()


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


forget_on_write("directory", _touches_directory, forget_browse_order)


# The order's one read: plain SQL through the driver's own cursor, no row objects (10,000
# mentors in about 10 ms; through the ORM's result, 17-20 ms, all of it holding the GIL).
_ORDER_SQL = (
    "SELECT p.id, p.track, p.search_text FROM mentor_profile p "
    "JOIN user_account u ON u.id = p.user_id "
    "WHERE u.is_active AND u.role = 'mentor' ORDER BY u.name, u.id"
)


def _browse_order(db: Session) -> _Order:
    """Every active mentor (id, track, search text) in name order: this process's copy, or
    read now.

    One thread reads a new order at a time. While it does, the others keep serving the order
    that has just expired (less than another BROWSE_SECONDS ago), rather than queueing behind
    the read: under load every database thread once stalled there for each other's read every
    5 s. Older than that, or after a write in this process (another generation), nobody is
    served the old one: they wait for the new one."""
    key = str(db.get_bind().engine.url)
    found = _browse.get(key)
    locked = False
    if found is not None and found.generation == _generation[0]:
        age = time.monotonic() - found.at
        if age < BROWSE_SECONDS:
            return found
        if age < 2 * BROWSE_SECONDS:
            locked = _browse_lock.acquire(blocking=False)
            if not locked:
                return found
    if not locked:
        _browse_lock.acquire()
    try:
        fresh = _browse.get(key)
        if (
            fresh is not None
            and fresh is not found
            and fresh.generation == _generation[0]
            and time.monotonic() - fresh.at < BROWSE_SECONDS
        ):
            return fresh  # read by the thread this one waited for
        generation, at = _generation[0], time.monotonic()
        cursor = db.connection().connection.cursor()
        try:
            cursor.execute(_ORDER_SQL)
            rows = cursor.fetchall()
        finally:
            cursor.close()
        order = _Order(at, generation, [(int(i), t, text) for i, t, text in rows])
        if generation == _generation[0]:  # nothing written meanwhile: keep it
            _browse[key] = order
        return order
    finally:
        _browse_lock.release()


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


def _open_between(start: Any, end: Any) -> Any:
    """Mentors with an open slot starting in [start, end) (values or bound parameters).

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


# --- the directory's statements, built once per shape ---------------------------------------
# Building a statement (and its cache key) cost more Python time than SQLite spent running it
# (0.2-0.7 ms each, three or four per directory request). Each shape of filter (which filters
# are on) is built once per process with bound parameters for the values.
def _param(name: str) -> Any:
    return instant_param(name) if name in ("start", "end", "earliest") else bindparam(name)


@functools.cache
def _matching(words: bool, track: bool, tag: bool, window: bool, by_role: bool) -> Any:
    """Active mentors matching the filters that are on (as bound parameters)."""
    filters: list[Any] = [col(User.is_active).is_(True)]
    if words:
        filters.append(col(MentorProfile.search_text).like(_param("words"), escape="\\"))
    if track:
        filters.append(col(MentorProfile.track) == _param("track"))
    if tag:
        filters.append(
            exists().where(
                col(MentorExpertise.mentor_id) == MentorProfile.id,
                col(MentorExpertise.tag) == _param("tag"),
            )
        )
    if window:
        filters.append(_open_between(_param("start"), _param("end")))
    if by_role:
        # role = 'mentor' lets browsing walk the (role, name) index in order, with no sort of
        # every mentor; with a filter that reads every candidate it would steer the planner
        # away from that filter's index.
        filters.append(col(User.role) == "mentor")
    return (
        select(MentorProfile.id).join(User, col(User.id) == MentorProfile.user_id).where(*filters)
    )


@functools.cache
def _page(shape: tuple[bool, ...]) -> Any:
    """One page of ``_matching(*shape)`` by name, with the count of every match."""
    return (
        _matching(*shape)
        .order_by(col(User.name), col(User.id))
        .add_columns(func.count().over())
        .offset(bindparam("offset"))
        .limit(bindparam("limit"))
    )


@functools.cache
def _count(shape: tuple[bool, ...]) -> Any:
    return select(func.count()).select_from(_matching(*shape).subquery())


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
    limit, offset = max(1, min(limit, MAX_PAGE)), max(0, min(offset, 1_000_000))
    now = now or utcnow()
    earliest = _earliest(now)
    words = fold(query)[:100]
    tag = expertise.strip().lower()
    window = available_from is not None or available_to is not None
    params: dict[str, Any] = {"offset": offset, "limit": limit}
    if words:
        params["words"] = _like(words)
    if track:
        params["track"] = track
    if tag:
        params["tag"] = tag
    if window:
        params["start"] = max(available_from or earliest, earliest)
        params["end"] = available_to or params["start"] + timedelta(days=60)
    in_memory = not tag and not window  # text and track: the process's name order
    shape = (bool(words), bool(track), bool(tag), window, in_memory)
    if in_memory and ranking is None:
        listed = _browse_order(db).ids(track, words)
        page_ids, total = listed[offset : offset + limit], len(listed)
    elif ranking is None:
        # A filter that reads every candidate anyway: the page and the count in one pass.
        rows = db.execute(_page(shape), params).all()
        page_ids = [int(row[0]) for row in rows]
        total = int(rows[0][1]) if rows else _total(db, shape, params, offset)
    else:
        page_ids = [int(i) for i in db.execute(_ranked_page(shape, ranking), params).scalars()]
        if in_memory:
            total = len(_browse_order(db).ids(track, words))
        else:
            total = int(db.execute(_count(shape), params).scalar_one())
    cards = _cards(db, page_ids, earliest)
    if ranking is not None:  # _cards reads them by name
        position = {mentor_id: n for n, mentor_id in enumerate(page_ids)}
        cards.sort(key=lambda card: position[card.id])
    return cards, total


def _total(db: Session, shape: tuple[bool, ...], params: dict[str, Any], offset: int) -> int:
    """How many match, when the page came back empty: none at the first page, else counted."""
    if offset <= 0:
        return 0
    return int(db.execute(_count(shape), params).scalar_one())


def _ranked_page(shape: tuple[bool, ...], ranking: Any) -> Any:
    """One page best ``ranking`` score first, then id (built per request: the ranking holds the
    mentee's own signals)."""
    return (
        _matching(*shape)
        .join(ranking, ranking.c.id == MentorProfile.id)
        .order_by(ranking.c.score.desc(), col(MentorProfile.id))
        .offset(bindparam("offset"))
        .limit(bindparam("limit"))
    )


@functools.cache
def _card_statement() -> Any:
    # A correlated MIN per mentor walks the (mentor_id, start_at) index: 12 short probes,
    # where a grouped subquery made SQLite read every open slot of the programme.
    next_slot = (
        select(func.min(Slot.start_at))
        .where(
            col(Slot.mentor_id) == MentorProfile.id,
            col(Slot.status) == "open",
            col(Slot.start_at) >= _param("earliest"),
        )
        .correlate(MentorProfile)
        .scalar_subquery()
    )
    # Columns, not entities: building 24 ORM objects (bio, search_text and all) per page cost
    # more than the three queries themselves.
    return (
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
        .where(col(MentorProfile.id).in_(bindparam("ids", expanding=True)))
        .where(col(User.is_active).is_(True))
        .order_by(col(User.name), col(User.id))
    )


@functools.cache
def _tags_statement() -> Any:
    return (
        select(MentorExpertise.mentor_id, MentorExpertise.tag)
        .where(col(MentorExpertise.mentor_id).in_(bindparam("ids", expanding=True)))
        .order_by(col(MentorExpertise.tag))
    )


def _cards(db: Session, mentor_ids: list[int], earliest: datetime) -> list[MentorCardPublic]:
    if not mentor_ids:
        return []
    rows = db.execute(_card_statement(), {"ids": mentor_ids, "earliest": earliest}).all()
    tags: dict[int, list[str]] = {i: [] for i in mentor_ids}
    for mentor_id, tag in db.execute(_tags_statement(), {"ids": mentor_ids}):
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


@functools.cache
def _listed() -> Any:
    return (
        select(MentorProfile.id)
        .join(User, col(User.id) == MentorProfile.user_id)
        .where(MentorProfile.id == bindparam("mentor_id"), col(User.is_active).is_(True))
    )


def check_listed(db: Session, actor: User | None, mentor_id: int) -> None:
    """NotFound unless the mentor is in the directory (active): what a mentor's slots need,
    without reading the whole card."""
    _check_reader(actor)
    check_id(mentor_id, "mentor")
    active = db.exec(_listed(), params={"mentor_id": mentor_id}).first()
    if active is None:
        raise NotFound(NOT_LISTED)


NOT_LISTED = "This mentor is not in the directory; search for another one."


def expertise_tags(db: Session) -> list[str]:
    return list(
        db.exec(
            select(MentorExpertise.tag).distinct().order_by(col(MentorExpertise.tag)).limit(200)
        ).all()
    )
