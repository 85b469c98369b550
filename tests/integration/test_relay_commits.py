"""The relay's commits on PostgreSQL do not wait for the disk; requests' commits do (db.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tra_da import db


@pytest.mark.parametrize("migrated_url", ["postgresql"], indirect=True)
def test_only_the_relay_pool_commits_without_waiting_for_the_disk(use_database: str) -> None:
    def synchronous_commit() -> str:
        with db.session() as session:
            return str(session.execute(text("SHOW synchronous_commit")).scalar_one())

    assert synchronous_commit() == "on"  # bookings and every request: durable at commit
    with db.using_pool("relay"):
        assert synchronous_commit() == "off"
    with db.using_pool("health"):
        assert synchronous_commit() == "on"


@pytest.mark.parametrize("migrated_url", ["postgresql"], indirect=True)
def test_the_relay_keeps_the_options_the_database_url_sets(
    migrated_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An operator's own server options in DATABASE_URL (here a statement timeout) still hold on
    the relay's connections, beside its synchronous_commit."""
    from tra_da.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", migrated_url + "?options=-c%20statement_timeout%3D4321")
    get_settings.cache_clear()
    try:
        with db.using_pool("relay"), db.session() as session:
            shown = [
                str(session.execute(text(f"SHOW {name}")).scalar_one())
                for name in ("statement_timeout", "synchronous_commit")
            ]
        assert shown == ["4321ms", "off"]
    finally:
        db.forget_engines()
        get_settings.cache_clear()
