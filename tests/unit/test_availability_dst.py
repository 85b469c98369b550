"""Weekly availability keeps its local wall-clock time across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tra_da.services.availability import WeeklyRule, local_slot_times
from tra_da.services.errors import Invalid


def _sessions(
    zone: str, day: date, start: time, end: time, minutes: int = 60, buffer: int = 0
) -> list[tuple[datetime, datetime]]:
    rule = WeeklyRule(
        weekday=day.weekday(), start=start, end=end, session_minutes=minutes, buffer_minutes=buffer
    )
    return local_slot_times(rule, day, ZoneInfo(zone))


@pytest.mark.parametrize(
    ("zone", "before", "after", "utc_before", "utc_after"),
    [
        # New York: clocks go forward 2026-03-08, back 2026-11-01.
        ("America/New_York", date(2026, 3, 3), date(2026, 3, 10), 23, 22),
        ("America/New_York", date(2026, 10, 27), date(2026, 11, 3), 22, 23),
        # Berlin: forward 2026-03-29, back 2026-10-25.
        ("Europe/Berlin", date(2026, 3, 24), date(2026, 3, 31), 17, 16),
        ("Europe/Berlin", date(2026, 10, 20), date(2026, 10, 27), 16, 17),
        # Hanoi: no daylight saving at all.
        ("Asia/Ho_Chi_Minh", date(2026, 3, 3), date(2026, 11, 3), 11, 11),
    ],
)
def test_tuesday_18_00_stays_18_00_local(
    zone: str, before: date, after: date, utc_before: int, utc_after: int
) -> None:
    for day, utc_hour in ((before, utc_before), (after, utc_after)):
        ((start, end),) = _sessions(zone, day, time(18), time(19))
        assert start.astimezone(ZoneInfo(zone)).time() == time(18)
        assert start.tzinfo == UTC and start.hour == utc_hour
        assert end - start == timedelta(hours=1)


def test_sessions_and_buffers_fill_the_window() -> None:
    sessions = _sessions("Asia/Ho_Chi_Minh", date(2026, 12, 1), time(18), time(20), 45, 15)
    local = [s.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%H:%M") for s, _ in sessions]
    assert local == ["18:00", "19:00"]  # 18:00-18:45, 19:00-19:45; 20:00 would end too late


def test_times_skipped_by_the_clock_change_make_no_session() -> None:
    # 2026-03-08 02:00-03:00 does not exist in New York.
    sessions = _sessions("America/New_York", date(2026, 3, 8), time(1), time(4), 60)
    local = [s.astimezone(ZoneInfo("America/New_York")).strftime("%H:%M") for s, _ in sessions]
    assert local == ["01:00", "03:00"]
    for start, end in sessions:
        assert end - start == timedelta(hours=1)


def test_the_repeated_hour_when_clocks_go_back_is_a_real_hour() -> None:
    # 2026-11-01 01:00-02:00 happens twice in New York; the session is still one hour long.
    ((start, end),) = _sessions("America/New_York", date(2026, 11, 1), time(1), time(2))
    assert end - start == timedelta(hours=1)


@pytest.mark.parametrize(
    "rule",
    [
        WeeklyRule(7, time(18), time(20)),
        WeeklyRule(1, time(18), time(20), session_minutes=50),
        WeeklyRule(1, time(18), time(18, 30), session_minutes=45),
        WeeklyRule(1, time(18), time(20), buffer_minutes=90),
    ],
)
def test_bad_rules_are_refused(rule: WeeklyRule) -> None:
    with pytest.raises(Invalid):
        rule.check()
