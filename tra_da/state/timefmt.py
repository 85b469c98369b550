"""How times read on screen: always in the viewer's zone (pages name the zone nearby)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tra_da.i18n import WEEKDAYS


def local(value: datetime | None, zone: str) -> str:
    """'27/11/2026 18:00' in ``zone``; empty for no time."""
    return "" if value is None else f"{value.astimezone(ZoneInfo(zone)):%d/%m/%Y %H:%M}"


def when(start: datetime, end: datetime | None, zone: str, lang: str) -> str:
    """'T6 27/11/2026 18:00–18:45' (weekday in the reader's language)."""
    tz = ZoneInfo(zone)
    start_local = start.astimezone(tz)
    day = WEEKDAYS.get(lang, WEEKDAYS["en"])[start_local.weekday()]
    text = f"{day} {local(start, zone)}"
    return f"{text}–{end.astimezone(tz):%H:%M}" if end else text
