"""Dates, times, weekdays and time zones as a reader sees them, in both languages (Babel)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from tra_da.i18n import WEEKDAYS, zone_label
from tra_da.services import accounts
from tra_da.state import timefmt

# Wednesday 25 November 2026, 11:00 UTC = 18:00 in Ho Chi Minh City.
START = datetime(2026, 11, 25, 11, 0, tzinfo=UTC)
END = START + timedelta(minutes=45)
VN = "Asia/Ho_Chi_Minh"


def test_a_session_reads_with_its_weekday_in_the_readers_language_and_zone() -> None:
    assert timefmt.when(START, END, VN, "vi") == "Thứ 4, 25/11/2026 18:00–18:45"
    assert timefmt.when(START, END, VN, "en") == "Wed, 25/11/2026 18:00–18:45"
    assert timefmt.when(START, None, "Europe/Berlin", "en") == "Wed, 25/11/2026 12:00"
    # Across midnight in the reader's zone the day is the local one.
    assert timefmt.when(START, None, "Pacific/Auckland", "en") == "Thu, 26/11/2026 00:00"


def test_english_never_shows_vietnamese_weekdays() -> None:
    monday = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)
    english = [timefmt.when(monday + timedelta(days=i), None, VN, "en") for i in range(7)]
    vietnamese = [timefmt.when(monday + timedelta(days=i), None, VN, "vi") for i in range(7)]
    assert [line.split(",")[0] for line in english] == list(WEEKDAYS["en"])
    assert [line.split(",")[0] for line in english] == [
        "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
    ]  # fmt: skip
    assert [line.split(",")[0] for line in vietnamese] == list(WEEKDAYS["vi"])
    for line in english:
        assert not re.search(r"Thứ|CN|\bT\d", line)  # no "T4", "CN"


def test_one_format_per_language_for_days_and_times() -> None:
    assert timefmt.local(START, VN) == timefmt.local(START, VN, "en") == "25/11/2026 18:00"
    assert timefmt.local(None, VN) == ""
    assert timefmt.day_of(START, "vi", VN) == "Thứ 4, 25/11/2026"
    assert timefmt.day_of(date(2026, 11, 29), "en") == "Sun, 29/11/2026"
    assert timefmt.clock(START, "America/New_York") == "06:00"
    # Summer time moves the clock, not the format.
    assert timefmt.local(datetime(2026, 7, 1, 11, 0, tzinfo=UTC), "Europe/London") == (
        "01/07/2026 12:00"
    )


@pytest.mark.parametrize(
    ("zone", "vi", "en"),
    [
        (VN, "Việt Nam (TP Hồ Chí Minh)", "Vietnam (Ho Chi Minh City)"),
        ("Asia/Saigon", "Việt Nam (TP Hồ Chí Minh)", "Vietnam (Ho Chi Minh City)"),
        ("America/Los_Angeles", "Hoa Kỳ (Los Angeles)", "United States (Los Angeles)"),
        ("UTC", "UTC (Giờ phối hợp quốc tế)", "UTC (Coordinated Universal Time)"),
        ("Etc/UTC", "UTC (Giờ phối hợp quốc tế)", "UTC (Coordinated Universal Time)"),
    ],
)
def test_time_zones_have_readable_names(zone: str, vi: str, en: str) -> None:
    assert (zone_label(zone, "vi"), zone_label(zone, "en")) == (vi, en)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_zone_choices_offer_utc_first_and_name_every_zone_once(language: str) -> None:
    choices = accounts.timezone_choices(language)
    ids = [zone for zone, _ in choices]
    labels = [label for _, label in choices]
    assert ids[0] == "UTC" and set(ids) == set(accounts.TIMEZONE_IDS)
    assert len(set(labels)) == len(labels)  # no two options read the same
    names = [label.split(" · ")[0] for label in labels]
    assert not any("_" in name or "/" in name for name in names)  # no raw IANA ids
    named = dict(choices)
    assert named[VN] == zone_label(VN, language)
    assert named["Asia/Saigon"].endswith("· Asia/Saigon")  # the old alias stays selectable
    # Sorted by name in the reader's language (accents ignored): India sorts under A/I, not Z.
    keys = [accounts._sort_key(label) for label in labels[1:]]
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    ("browser", "chosen"),
    [
        ("UTC", "UTC"),
        ("Etc/UTC", "UTC"),
        ("Etc/GMT", "UTC"),
        ("Asia/Ho_Chi_Minh", "Asia/Ho_Chi_Minh"),
        ("Asia/Saigon", "Asia/Saigon"),
        ("Mars/Olympus_Mons", ""),
    ],
)
def test_a_browser_zone_selects_its_own_choice_never_another(browser: str, chosen: str) -> None:
    assert accounts.zone_choice(browser) == chosen


def test_a_remembered_moment_reads_as_a_fresh_one_whatever_zone_it_came_in() -> None:
    """format_moment is remembered (lru_cache): the same instant given in another zone, or a
    naive time with the same fields, must read exactly as Babel formats it afresh."""
    from zoneinfo import ZoneInfo

    from tra_da.i18n import format_moment

    fresh = format_moment.__wrapped__
    same_instant = START.astimezone(ZoneInfo("America/Los_Angeles"))
    naive = START.replace(tzinfo=None)
    for value in (START, same_instant, naive, START):
        for zone in (VN, "Europe/Berlin"):
            for lang in ("vi", "en"):
                for weekday, end in ((False, None), (True, END)):
                    assert format_moment(value, zone, lang, weekday, end) == fresh(
                        value, zone, lang, weekday, end
                    )
