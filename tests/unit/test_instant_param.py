"""Instants bound into statements built once: UTC on the way in, naive datetimes refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from tra_da.models.base import instant_param


def test_an_instant_is_bound_in_utc() -> None:
    bind = instant_param("now").type.bind_processor(sqlite.dialect())
    assert bind is not None
    hanoi = datetime(2026, 12, 1, 9, 0, tzinfo=timezone(timedelta(hours=7)))
    assert bind(hanoi) == datetime(2026, 12, 1, 2, 0)  # SQLite: UTC, without the zone
    pg = instant_param("now").type.bind_processor(postgresql.dialect())
    assert pg is not None
    assert pg(hanoi) == datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


def test_a_naive_datetime_is_refused() -> None:
    bind = instant_param("now").type.bind_processor(sqlite.dialect())
    assert bind is not None
    with pytest.raises(ValueError, match="naive datetime"):
        bind(datetime(2026, 12, 1, 9, 0))
