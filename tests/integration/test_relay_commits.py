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
