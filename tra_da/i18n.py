"""The one translation catalogue: every text a person reads (pages, errors, emails, calendar
events) in Tiếng Việt and English, and how dates, times and time zones read in each language.

The texts are gettext catalogues, ``tra_da/locale/<lang>/LC_MESSAGES/messages.po``, the format
translators' tools (Poedit, Weblate) read: msgid is the key the code uses ("nav.home"), msgstr
the text, with ``{name}`` placeholders. They are parsed once at import with Babel's ``read_po``
rather than compiled to .mo at build time: 600 messages parse in a few milliseconds, there is no
build step or generated binary that could fall behind the .po a translator just edited, and
``make run`` / the browser tests' app copies need nothing more than the files in git.
``scripts/catalogue.py`` checks and updates them (README "Translations").

Dates and times are formatted by Babel (CLDR data: weekday names, patterns) in the reader's
language and zone, with one format per language everywhere (DATE_PATTERNS). English uses en_GB
(day before month, 24-hour clock, the catalogue's spelling), Vietnamese vi_VN.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.core import get_global
from babel.dates import (
    format_date,
    format_time,
    get_day_names,
    get_month_names,
    get_timezone_location,
)
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LANGUAGES = ("vi", "en")
# The product's name: the same in every language (browser tabs, shared links, the catalogue).
BRAND = "Trà Đá"
DEFAULT_LANGUAGE = "vi"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# The Babel (CLDR) locale behind each UI language.
BABEL_LOCALES = {"vi": "vi_VN", "en": "en_GB"}
# Names a browser or an old account may use for UTC; the choices offer "UTC" itself.
_UTC = ("UTC", "UCT", "GMT", "GMT0", "GMT+0", "GMT-0", "Universal", "Zulu", "Greenwich")
UTC_NAMES = frozenset(name for short in _UTC for name in (short, f"Etc/{short}"))


def _read(lang: str) -> dict[str, str]:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    return {m.id: str(m.string) for m in catalog if m.id and isinstance(m.id, str)}


_TEXTS: dict[str, dict[str, str]] = {lang: _read(lang) for lang in LANGUAGES}

# {key: {"vi": text, "en": text}}, read-only: the catalogues as one table (tests and the
# connection banner, which must show both languages, read it).
CATALOGUE: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        key: MappingProxyType({lang: _TEXTS[lang].get(key, "") for lang in LANGUAGES})
        for key in dict.fromkeys([k for lang in LANGUAGES for k in _TEXTS[lang]])
    }
)


def _language(language: str) -> str:
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def text(key: str, language: str, **params: Any) -> str:
    """One message in ``language`` (Vietnamese for an unknown one), placeholders filled. A text
    missing in that language falls back to the other one, then to the key itself, so a gap in a
    catalogue (which make test refuses) never breaks a page or an email."""
    lang = _language(language)
    found = _TEXTS[lang].get(key) or next(
        (_TEXTS[other][key] for other in LANGUAGES if _TEXTS[other].get(key)), key
    )
    return found.format(**params) if params else found


def describe(error: object, language: str) -> str:
    """A service error in the reader's language (its English message when not catalogued)."""
    key = getattr(error, "key", None)
    if key and key in CATALOGUE:
        return text(key, language, **getattr(error, "params", {}))
    return str(getattr(error, "message", error))


@cache
def _translations(lang: str) -> Mapping[str, str]:
    return MappingProxyType({key: text(key, lang) for key in CATALOGUE})


def translations(language: str) -> dict[str, str]:
    return dict(_translations(_language(language)))


def pick_language(stored: str, accept_language: str) -> str:
    """The user's choice if made, else the browser's first supported language, else Vietnamese."""
    if stored in LANGUAGES:
        return stored
    for part in accept_language.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


# --- dates, times, weekdays -------------------------------------------------------------------


def babel_locale(language: str) -> Locale:
    return Locale.parse(BABEL_LOCALES[_language(language)])


def format_count(value: int, language: str) -> str:
    """A whole number as the reader writes it: "1.200" in Vietnamese, "1,200" in English."""
    return format_decimal(value, locale=babel_locale(language))


# One format per language, as CLDR patterns Babel fills in: the day before the month, a 24-hour
# clock, two-digit days and months so that columns line up (CLDR's own Vietnamese short date,
# "1/7/2026", drops the zeros; Vietnamese forms write 01/07/2026).
DATE_PATTERNS: dict[str, dict[str, str]] = {
    "vi": {"day": "dd/MM/y", "weekday_day": "EEE, dd/MM/y", "clock": "HH:mm"},
    "en": {"day": "dd/MM/y", "weekday_day": "EEE, dd/MM/y", "clock": "HH:mm"},
}

# Short weekday names, Monday first (Python's date.weekday()): "Thứ 2".."CN", "Mon".."Sun".
WEEKDAYS: dict[str, tuple[str, ...]] = {
    lang: tuple(get_day_names("abbreviated", locale=BABEL_LOCALES[lang])[i] for i in range(7))
    for lang in LANGUAGES
}


# Month names as a date field lists them, January first: "Tháng 1".."Tháng 12", "January"...
MONTHS: dict[str, tuple[str, ...]] = {
    lang: tuple(
        get_month_names("wide", context="stand-alone", locale=BABEL_LOCALES[lang])[i]
        for i in range(1, 13)
    )
    for lang in LANGUAGES
}
# ... and inside a sentence: "tháng 2", "February" (CLDR's format context).
MONTHS_IN_TEXT: dict[str, tuple[str, ...]] = {
    lang: tuple(
        get_month_names("wide", context="format", locale=BABEL_LOCALES[lang])[i]
        for i in range(1, 13)
    )
    for lang in LANGUAGES
}


def _in_zone(value: datetime, zone: str | None) -> datetime:
    return value.astimezone(ZoneInfo(zone)) if zone else value


def format_day(
    value: date | datetime, language: str, zone: str | None = None, weekday: bool = False
) -> str:
    """'27/11/2026', with ``weekday`` 'Thứ 6, 27/11/2026' / 'Fri, 27/11/2026'. A datetime is
    first moved into ``zone``."""
    if isinstance(value, datetime):
        value = _in_zone(value, zone)
    pattern = DATE_PATTERNS[_language(language)]["weekday_day" if weekday else "day"]
    return format_date(value, pattern, locale=babel_locale(language))


def format_month(value: date, language: str) -> str:
    """'November 2026' / 'tháng 11 năm 2026': a month as a filter names it."""
    return format_date(value, "LLLL y", locale=babel_locale(language))


def format_clock(value: datetime, language: str, zone: str | None = None) -> str:
    """'18:00': the time of day in ``zone``."""
    pattern = DATE_PATTERNS[_language(language)]["clock"]
    return format_time(_in_zone(value, zone), pattern, locale=babel_locale(language))


@lru_cache(maxsize=8192)
def format_moment(
    value: datetime, zone: str, language: str, weekday: bool = False, end: datetime | None = None
) -> str:
    """A moment as the reader sees it, day then time, in their zone: '27/11/2026 18:00';
    with ``weekday`` 'Fri, 27/11/2026 18:00'; with ``end`` '... 18:00–18:45'. Remembered:
    the directory and the profiles show the same slot times to every reader (Babel's
    formatting is most of a page's text work)."""
    result = f"{format_day(value, language, zone, weekday)} {format_clock(value, language, zone)}"
    return f"{result}–{format_clock(end, language, zone)}" if end is not None else result


# --- time zones -------------------------------------------------------------------------------


def canonical_zone(zone: str) -> str:
    """The current IANA name of a zone: "Asia/Ho_Chi_Minh" for the old "Asia/Saigon"."""
    return str(get_global("zone_aliases").get(zone, zone))


@lru_cache(maxsize=2048)
def zone_label(zone: str, language: str) -> str:
    """A readable name for an IANA zone: 'Việt Nam (TP Hồ Chí Minh)', 'United States (Los
    Angeles)', 'UTC (Coordinated Universal Time)'. An old alias (Asia/Saigon) reads as its
    current zone."""
    if zone in UTC_NAMES:
        return text("zone.utc", language)
    canonical = canonical_zone(zone)
    locale = babel_locale(language)
    try:
        city = str(get_timezone_location(canonical, locale=locale, return_city=True))
    except LookupError:
        return zone
    territory = get_global("zone_territories").get(canonical, "")
    country = locale.territories.get(territory) if territory not in ("", "001", "ZZ") else None
    return f"{country} ({city})" if country and country != city else city
