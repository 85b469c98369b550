"""The mentor's mentee list: filter and sort as a mentor would expect."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tra_da.models.session_log import MenteeSummaryPublic
from tra_da.state.mentoring import arrange_mentees


def _row(name: str, **values: Any) -> MenteeSummaryPublic:
    base: dict[str, Any] = {
        "id": 1,
        "name": name,
        "email": "",
        "track": "Data",
        "goals": "",
        "group": None,
        "assigned": True,
    }
    return MenteeSummaryPublic(**(base | values))


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


ROWS = [
    _row(
        "Chi",
        latest_score=4,
        next_session=_at("2026-12-02T11:00:00"),
        last_session=_at("2026-11-20T00:00:00"),
    ),
    _row(
        "An",
        latest_score=2,
        needs_support=True,
        last_session=_at("2026-10-01T00:00:00"),
        group="Backend Guild",
    ),
    _row("Bình", track="Design", next_session=_at("2026-11-30T11:00:00")),
]


def _names(rows: list[MenteeSummaryPublic]) -> list[str]:
    return [r.name for r in rows]


def test_sorts() -> None:
    assert _names(arrange_mentees(ROWS, "name", "", False)) == ["An", "Bình", "Chi"]
    assert _names(arrange_mentees(ROWS, "support", "", False)) == ["An", "Bình", "Chi"]
    assert _names(arrange_mentees(ROWS, "next", "", False)) == ["Bình", "Chi", "An"]
    assert _names(arrange_mentees(ROWS, "last", "", False)) == ["Bình", "An", "Chi"]
    assert _names(arrange_mentees(ROWS, "score", "", False)) == ["An", "Chi", "Bình"]


def test_filters() -> None:
    assert _names(arrange_mentees(ROWS, "name", "", True)) == ["An"]
    assert _names(arrange_mentees(ROWS, "name", "  design ", False)) == ["Bình"]
    assert _names(arrange_mentees(ROWS, "name", "guild", False)) == ["An"]
    assert arrange_mentees(ROWS, "name", "nobody", False) == []
