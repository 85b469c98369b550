"""/sessions' month filter: the months offered are those of the person's sessions in their own
zone, newest first, named in their language; only "yyyy-mm" is taken as a month."""

from __future__ import annotations

from datetime import UTC, datetime

from tra_da.state.booking import _is_month, _months


def test_months_are_the_sessions_months_in_the_viewers_zone_newest_first() -> None:
    starts = [
        datetime(2026, 11, 30, 18, 0, tzinfo=UTC),  # 1 December in Hanoi
        datetime(2026, 11, 2, 3, 0, tzinfo=UTC),
        datetime(2026, 11, 20, 3, 0, tzinfo=UTC),
    ]
    hanoi = _months(starts, "Asia/Ho_Chi_Minh", "en")
    assert [(o.id, o.label) for o in hanoi] == [
        ("2026-12", "December 2026"),
        ("2026-11", "November 2026"),
    ]
    assert [o.id for o in _months(starts, "UTC", "vi")] == ["2026-11"]
    assert _months(starts, "UTC", "vi")[0].label.lower() == "tháng 11 2026"
    assert _months([], "UTC", "en") == []


def test_only_a_year_and_month_is_a_month() -> None:
    assert _is_month("2026-01") and _is_month("2026-12")
    for bad in ("", "2026", "2026-13", "2026-00", "26-01", "2026-1x", "../../x"):
        assert not _is_month(bad), bad
