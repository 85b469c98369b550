"""Issue 17's shortcuts keep their promises: the browse order and the API session check."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import update
from sqlmodel import Session, col

from tests import factories
from tra_da import db as database
from tra_da.models import AuthSession, User
from tra_da.services import auth, directory
from tra_da.services.errors import Unauthorized


def _names(db: Session, **filters: object) -> tuple[list[str], int]:
    cards, total = directory.search(db, None, **filters)  # type: ignore[arg-type]
    return [c.name for c in cards], total


def test_browsing_sees_every_write_of_this_process_at_once(db: Session) -> None:
    admin = factories.admin(db)
    lan = factories.mentor(db, admin, "lan@example.com", name="Lan")
    assert _names(db) == (["Lan"], 1)  # the order is now kept
    minh = factories.mentor(db, admin, "minh@example.com", name="Minh")
    assert _names(db) == (["Lan", "Minh"], 2)
    # A plain UPDATE (no ORM object) from another session of this process drops it too.
    with database.session() as other:
        other.execute(update(User).where(col(User.id) == minh.user_id).values(name="Anh"))
        other.commit()
    assert _names(db) == (["Anh", "Lan"], 2)
    with database.session() as other:
        other.execute(update(User).where(col(User.id) == lan.user_id).values(is_active=False))
        other.commit()
    assert _names(db) == (["Anh"], 1)
    assert _names(db, offset=12) == ([], 1)


def test_a_stale_order_never_shows_a_deactivated_mentor(db: Session) -> None:
    """Another process's change reaches this one's order within BROWSE_SECONDS; meanwhile the
    cards, read live, leave out a mentor who is no longer active."""
    admin = factories.admin(db)
    lan = factories.mentor(db, admin, "lan@example.com", name="Lan")
    factories.mentor(db, admin, "minh@example.com", name="Minh")
    assert _names(db)[1] == 2
    kept = dict(directory._browse)
    with database.session() as other:
        other.execute(update(User).where(col(User.id) == lan.user_id).values(is_active=False))
        other.commit()
    # As if the write had happened in another process: this one keeps its order.
    for key, stale in kept.items():
        directory._browse[key] = directory._Order(
            time.monotonic(), directory._generation[0], stale.order
        )  # its filters are computed anew from the kept order
    assert _names(db)[0] == ["Minh"]


def _expire_orders() -> None:
    for key, kept in list(directory._browse.items()):
        directory._browse[key] = directory._Order(
            kept.at - directory.BROWSE_SECONDS - 1, kept.generation, kept.order
        )


def test_while_one_thread_reads_the_next_order_the_others_are_served_the_expired_one(
    db: Session,
) -> None:
    """Under load every database thread once queued behind the others' reads of the order
    whenever it expired: now one reads, and the rest keep the one just expired meanwhile."""
    admin = factories.admin(db)
    factories.mentor(db, admin, "lan@example.com", name="Lan")
    assert _names(db) == (["Lan"], 1)
    kept = dict(directory._browse)
    factories.mentor(db, admin, "minh@example.com", name="Minh")
    # As if Minh had come from another process: this one still has the order without him,
    # now just expired, and another thread is reading the next one.
    for key, stale in kept.items():
        directory._browse[key] = directory._Order(
            time.monotonic() - directory.BROWSE_SECONDS - 1, directory._generation[0], stale.order
        )
    assert directory._browse_lock.acquire(timeout=5)
    with ThreadPoolExecutor(1) as pool:
        served = pool.submit(_names, db)
        try:
            assert served.result(timeout=5) == (["Lan"], 1)  # not left waiting for the lock
        finally:
            directory._browse_lock.release()
    assert _names(db) == (["Lan", "Minh"], 2)  # the next caller reads it anew


def test_an_order_long_expired_is_not_served_while_the_next_is_read(db: Session) -> None:
    admin = factories.admin(db)
    factories.mentor(db, admin, "lan@example.com", name="Lan")
    assert _names(db) == (["Lan"], 1)
    kept = dict(directory._browse)
    factories.mentor(db, admin, "minh@example.com", name="Minh")
    for key, stale in kept.items():  # as if idle for a while, Minh added by another process
        directory._browse[key] = directory._Order(
            time.monotonic() - 2 * directory.BROWSE_SECONDS - 1,
            directory._generation[0],
            stale.order,
        )
    assert directory._browse_lock.acquire(timeout=5)
    with ThreadPoolExecutor(1) as pool:
        served = pool.submit(_names, db)
        try:
            time.sleep(0.2)
            waited = not served.done()
        finally:
            directory._browse_lock.release()  # before the pool waits for its thread
        assert waited  # for the next order
        assert served.result(timeout=5) == (["Lan", "Minh"], 2)


def test_after_a_write_here_nobody_is_served_the_old_order(db: Session) -> None:
    admin = factories.admin(db)
    factories.mentor(db, admin, "lan@example.com", name="Lan")
    assert _names(db) == (["Lan"], 1)
    _expire_orders()
    factories.mentor(db, admin, "minh@example.com", name="Minh")  # this process: forgotten
    assert _names(db) == (["Lan", "Minh"], 2)


@pytest.mark.parametrize(
    ("statement", "touches"),
    [
        ("UPDATE user_account SET name=? WHERE user_account.id = ?", True),
        ('UPDATE "user_account" SET is_active=%(x)s', True),
        ("INSERT INTO mentor_profile (user_id) VALUES (?)", True),
        ("DELETE FROM mentor_profile WHERE id = ?", True),
        ("UPDATE slot SET status=? WHERE EXISTS (SELECT 1 FROM mentor_profile)", False),
        ("INSERT INTO booking (slot_id) SELECT id FROM user_account", False),
        ("SELECT count(*) FROM user_account", False),
        ("ALTER TABLE mentor_profile ADD COLUMN x INTEGER", True),
    ],
)
def test_which_writes_drop_the_order(statement: str, touches: bool) -> None:
    assert directory._touches_directory(statement) is touches


def test_an_ended_api_session_is_refused_at_once_although_it_was_just_verified(
    db: Session,
) -> None:
    mentee = factories.mentee(db)
    token = auth.open_api_session(db, mentee).access_token
    identity = auth.identity_from_access_token(db, token)
    assert auth.identity_from_access_token(db, token).user.id == mentee.id  # remembered
    auth.sign_out(db, identity)
    with pytest.raises(Unauthorized):
        auth.identity_from_access_token(db, token)


def test_a_deactivated_user_is_refused_at_once_although_the_session_was_just_verified(
    db: Session,
) -> None:
    mentee = factories.mentee(db)
    token = auth.open_api_session(db, mentee).access_token
    auth.identity_from_access_token(db, token)
    with database.session() as other:  # not through the services: the session row stays live
        other.execute(update(User).where(col(User.id) == mentee.id).values(is_active=False))
        other.commit()
    db.expire_all()
    with pytest.raises(Unauthorized):
        auth.identity_from_access_token(db, token)


def test_a_session_ended_elsewhere_is_refused_once_the_recheck_window_passes(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    mentee = factories.mentee(db)
    token = auth.open_api_session(db, mentee).access_token
    identity = auth.identity_from_access_token(db, token)
    with database.session() as other:  # as another process would: no in-process forgetting
        other.execute(
            update(AuthSession)
            .where(col(AuthSession.id) == identity.session_id)
            .values(revoked_at=AuthSession.created_at)
        )
        other.commit()
    db.expire_all()
    assert auth.identity_from_access_token(db, token).session_id == identity.session_id
    monkeypatch.setattr(auth, "WEB_SESSION_RECHECK_SECONDS", 0.0)
    with pytest.raises(Unauthorized):
        auth.identity_from_access_token(db, token)


def test_the_order_filters_in_memory_and_bounds_what_it_remembers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Text and track filters are answered from the kept order: the folded words anywhere in
    the search text, the track exactly; each result is remembered, within a bound."""
    order = directory._Order(
        time.monotonic(),
        0,
        [(1, "data", "lan nguyen python"), (2, "design", "minh ux python"), (3, "data", "an sql")],
    )
    assert order.ids() == [1, 2, 3]
    assert order.ids("data") == [1, 3]
    assert order.ids("", "python") == [1, 2]
    assert order.ids("data", "python") == [1]
    assert order.ids("", "python%") == []  # no wildcard: what LIKE's escaped pattern meant
    monkeypatch.setattr(directory, "FILTERED_IDS_KEPT", 3)
    order.ids("design")  # 1 id more than the bound allows: what was kept is forgotten
    assert list(order._found) == [("design", "")]
