"""What the app's own date and time fields (components/pickers.py) submit, read back as ISO.

Chromium draws <input type=date|time> in the browser's locale whatever the page's `lang` says
(12/02/2026, 06:30 PM on a Vietnamese page), so the app draws its own: a date is three selects
(day, month named in the UI language, year), a time two (hour 00-23, minute). A form submits
the parts as ``<name>-day``, ``<name>-month``, ``<name>-year`` / ``<name>-hour``,
``<name>-minute``; ``with_picked`` puts the ISO value ("2026-12-02", "18:30") under ``<name>``
before a handler reads the form, so services and their validation see what they always saw.
A day the month does not have (31 February) is refused with a message that says which days it
has, never shifted into the next month."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import reflex as rx

from tra_da.i18n import MONTHS_IN_TEXT, text
from tra_da.state.session import SessionState
from tra_da.validation import MAX_DATE, MIN_DATE

DATE_PARTS = ("day", "month", "year")
CLOCK_PARTS = ("hour", "minute")
# The years a date field offers around this one: logs of past years, slots of the next.
YEARS_BACK, YEARS_AHEAD = 10, 2


class PickError(ValueError):
    """A date or time field holds no valid value: ``key`` is the catalogue message."""

    def __init__(self, key: str, **params: int) -> None:
        super().__init__(key)
        self.key, self.params = key, params

    def message(self, language: str) -> str:
        params: dict[str, Any] = dict(self.params)
        if "month" in params:
            names = MONTHS_IN_TEXT[language if language in MONTHS_IN_TEXT else "vi"]
            params["month"] = names[params["month"] - 1]
        return text(self.key, language, **params)


def part_name(name: str, part: str) -> str:
    return f"{name}-{part}"


def _number(value: str, low: int, high: int) -> int | None:
    return int(value) if value.isdigit() and low <= int(value) <= high else None


def compose_day(year: str, month: str, day: str) -> str:
    """The ISO day the three parts name; "" when none is chosen (an optional field).

    Raises PickError when some part is missing or out of range, or the month has no such day."""
    parts = (str(year).strip(), str(month).strip(), str(day).strip())
    if not any(parts):
        return ""
    y = _number(parts[0], MIN_DATE.year, MAX_DATE.year)
    m = _number(parts[1], 1, 12)
    d = _number(parts[2], 1, 31)
    if y is None or m is None or d is None:
        raise PickError("picker.incomplete_day")
    days = calendar.monthrange(y, m)[1]
    if d > days:
        raise PickError("picker.no_such_day", day=d, month=m, year=y, days=days)
    return date(y, m, d).isoformat()


def compose_clock(hour: str, minute: str) -> str:
    """ "HH:MM" from the two parts; "" when neither is chosen. Raises PickError otherwise."""
    parts = (str(hour).strip(), str(minute).strip())
    if not any(parts):
        return ""
    h, m = _number(parts[0], 0, 23), _number(parts[1], 0, 59)
    if h is None or m is None:
        raise PickError("picker.incomplete_time")
    return f"{h:02d}:{m:02d}"


def with_picked(
    form: Mapping[str, Any], days: Iterable[str] = (), clocks: Iterable[str] = ()
) -> dict[str, Any]:
    """``form`` with the ISO value of each date field in ``days`` and time field in ``clocks``
    under its own name. Raises PickError for the first field that holds no valid value."""
    out = dict(form)

    def part(name: str, p: str) -> str:
        return str(form.get(part_name(name, p), "") or "")

    for name in days:
        out[name] = compose_day(part(name, "year"), part(name, "month"), part(name, "day"))
    for name in clocks:
        out[name] = compose_clock(part(name, "hour"), part(name, "minute"))
    return out


def split_day(value: str) -> list[str]:
    """ "2026-12-02" -> ["2026", "12", "02"]; a partial value keeps its empty parts."""
    parts = (value or "").split("-")
    return (parts + ["", "", ""])[:3]


def with_part(value: str, part: str, chosen: str) -> str:
    """The stored "year-month-day" of a date field whose ``part`` changed to ``chosen``: the
    parts chosen so far, "" for the others ("2026--" after only the year)."""
    year, month, day = split_day(value)
    chosen = str(chosen)[:4]
    if part == "year":
        year = chosen
    elif part == "month":
        month = chosen
    elif part == "day":
        day = chosen
    return "" if not (year or month or day) else f"{year}-{month}-{day}"


class PickerState(SessionState):
    """The years a date field offers: a few back (logs, filters) and ahead (slots)."""

    @rx.var
    def years(self) -> list[str]:
        this_year = date.today().year
        first = max(this_year - YEARS_BACK, MIN_DATE.year)
        last = min(this_year + YEARS_AHEAD, MAX_DATE.year)
        return [str(y) for y in range(first, last + 1)]
