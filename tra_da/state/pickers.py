"""What a native date or time picker holds, written the UI language's way beside it.

Chromium draws <input type=date|time> in the browser's locale, whatever the page's `lang`
says: an English browser shows 12/02/2026 and 06:30 PM on a Vietnamese page. The picker stays
native (keyboard and screen-reader support come with it) and the text beside it, which the
input names with aria-describedby, says the chosen value as the rest of the app writes dates:
"Thứ 4, 02/12/2026", "18:30" (i18n.format_day / format_clock)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

import reflex as rx
from pydantic import BaseModel

from tra_da.i18n import format_clock, format_day
from tra_da.state.events import event
from tra_da.state.fields import ListField, list_field
from tra_da.state.session import SessionState

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_CLOCK = re.compile(r"\d{2}:\d{2}(:\d{2})?")
KEY_MAX = 40  # picker ids are short ("slot_day")
PICKERS_MAX = 20  # a page has a handful


def shown_value(value: str, language: str) -> str:
    """A picker's value ("2026-12-02", "18:30") in ``language``; "" for empty or malformed."""
    try:
        if _DAY.fullmatch(value):
            return format_day(date.fromisoformat(value), language, weekday=True)
        if _CLOCK.fullmatch(value):
            moment = datetime.combine(date(2000, 1, 1), time.fromisoformat(value), UTC)
            return format_clock(moment, language)
    except ValueError:
        pass
    return ""


class Picked(BaseModel):
    key: str  # the picker's id
    value: str  # what the input holds: "2026-12-02", "18:30"
    shown: str = ""  # the value in the UI language


class PickerState(SessionState):
    # What each picker on the page holds; `shown` writes it in the UI language, and follows
    # the language when the person switches it.
    picked: ListField[Picked] = list_field()

    @rx.var
    def shown(self) -> list[Picked]:
        return [
            p.model_copy(update={"shown": shown_value(p.value, self.lang)}) for p in self.picked
        ]

    @event
    def pick(self, key: str, value: str) -> None:
        key, value = str(key)[:KEY_MAX], str(value)[:10]
        kept = [p for p in self.picked if p.key != key]
        if len(kept) < PICKERS_MAX:
            self.picked = [*kept, Picked(key=key, value=value)]
