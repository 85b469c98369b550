"""The mentor's mentee list: filter and sort as a mentor would expect."""

from __future__ import annotations

from typing import Any

from tra_da.state.mentoring import arrange_mentees


def _row(name: str, **values: Any) -> dict[str, Any]:
    base = {
        "name": name,
        "track": "Data",
        "group": "",
        "support": False,
        "score": 0,
        "next_sort": "",
        "last_sort": "",
    }
    return base | values


ROWS = [
    _row("Chi", score=4, next_sort="2026-12-02T11:00:00+00:00", last_sort="2026-11-20"),
    _row("An", score=2, support=True, last_sort="2026-10-01", group="Backend Guild"),
    _row("Bình", track="Design", next_sort="2026-11-30T11:00:00+00:00"),
]


def _names(rows: list[dict[str, Any]]) -> list[str]:
    return [r["name"] for r in rows]


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
