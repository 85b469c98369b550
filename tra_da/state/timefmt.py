"""How times read on screen: always in the viewer's zone (pages name the zone nearby), in the
reader's language, formatted by Babel (tra_da/i18n.py holds the one format per language)."""

from __future__ import annotations

from datetime import date, datetime

from tra_da.i18n import DEFAULT_LANGUAGE, format_clock, format_day, format_moment


def local(value: datetime | None, zone: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """'27/11/2026 18:00' in ``zone``; empty for no time. Both languages write the day first and
    a 24-hour clock, so callers that do not pass ``lang`` still show the reader's format."""
    return "" if value is None else format_moment(value, zone, lang)


def when(start: datetime, end: datetime | None, zone: str, lang: str) -> str:
    """'Thứ 6, 27/11/2026 18:00–18:45' / 'Fri, 27/11/2026 18:00–18:45' (weekday in the reader's
    language)."""
    return format_moment(start, zone, lang, weekday=True, end=end)


def day_of(value: date | datetime, lang: str, zone: str | None = None) -> str:
    """'Thứ 6, 27/11/2026' / 'Fri, 27/11/2026': the day of a date, or of a time in ``zone``."""
    return format_day(value, lang, zone, weekday=True)


def clock(value: datetime, zone: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """'18:00' in ``zone``."""
    return format_clock(value, lang, zone)
