"""The app's own date and time fields, drawn in the UI language (not the browser's).

A date is day / month / year selects, in the order both languages write a date (day first:
the app's one format, dd/MM/y, in Vietnamese and in en_GB English), the months named by Babel
in the UI language; a time is hour (00-23) / minute selects, a 24-hour clock as the app writes
times. Each group is a fieldset whose legend names it, each select names its part; native
selects keep the keyboard (arrows, type-ahead) and phone pickers. The form submits the parts
(``<name>-day``...); state/pickers.py ``with_picked`` reads them back as ISO values.

Two ways to hold a value: in the form (``value`` is what the selects start with, the form's
submit reads them) or in the state (``on_part(part, chosen)`` is called on each change and
``value`` is the state's "year-month-day", e.g. a filter that applies as it changes)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import reflex as rx

from tra_da.i18n import LANGUAGES, MONTHS
from tra_da.state.pickers import PickerState, part_name, split_day
from tra_da.state.session import SessionState, T

_DAYS = [(f"{d:02d}", str(d)) for d in range(1, 32)]
_HOURS = [(f"{h:02d}", f"{h:02d}") for h in range(24)]
# [value, name] pairs of the months in the reader's language; both languages ship in the page.
_MONTHS = rx.Var.create(
    {lang: [[f"{i + 1:02d}", name] for i, name in enumerate(MONTHS[lang])] for lang in LANGUAGES}
)[SessionState.lang].to(list[list[str]])

OnPart = Callable[[str, Any], Any]


def _options(choices: Sequence[tuple[str, str]] | rx.Var | None) -> list[rx.Component]:
    if choices is None:  # the years: plain strings, each its own name
        return [rx.foreach(PickerState.years, lambda y: rx.el.option(y, value=y))]
    if isinstance(choices, rx.Var):
        return [rx.foreach(choices, lambda o: rx.el.option(o[1], value=o[0]))]
    return [rx.el.option(text, value=val) for val, text in choices]


def _part(
    name: str,
    part: str,
    choices: Sequence[tuple[str, str]] | rx.Var | None,
    start: rx.Var | str | None,
    on_part: OnPart | None,
    required: bool,
    grow: str,
) -> rx.Component:
    held: dict[str, Any] = (
        {"value": start if start is not None else "", "on_change": lambda v: on_part(part, v)}
        if on_part is not None
        else {"default_value": start if start is not None else ""}
    )
    return rx.el.select(
        # The empty first choice names the part, so an empty field reads "Day Month Year".
        rx.el.option(T[f"picker.{part}"], value=""),
        *_options(choices),
        id=part_name(name, part),
        name=part_name(name, part),
        aria_label=T[f"picker.{part}"],
        required=required,
        class_name="td-select",
        style={"flex": grow, "minWidth": "0"},
        **held,
    )


def _group(label: rx.Var | str, name: str, parts: list[rx.Component], kind: str) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(label, class_name="td-picker-legend"),
        rx.el.div(*parts, class_name="td-picker-parts"),
        id=name,
        class_name="td-picker",
        data_testid=f"{name}-{kind}",
    )


def date_field(
    label_key: str,
    name: str,
    value: rx.Var[str] | str | None = None,
    on_part: OnPart | None = None,
    required: bool = True,
    label: rx.Var | None = None,
) -> rx.Component:
    """Day / month / year under one legend; ``value`` "2026-12-02" (or "" for none)."""
    year: rx.Var | str
    month: rx.Var | str
    day: rx.Var | str
    if isinstance(value, rx.Var):
        # Padded so that "" and a partial "2026--" still give three parts ("" for none): a
        # missing part would be `undefined`, and a select given no value keeps its old one.
        pieces = (value.to(str) + "--").split("-")
        year, month, day = pieces[0], pieces[1], pieces[2]
    else:
        year, month, day = split_day(value or "")
    return _group(
        label if label is not None else T[label_key],
        name,
        [
            _part(name, "day", _DAYS, day, on_part, required, "1 1 64px"),
            _part(name, "month", _MONTHS, month, on_part, required, "2 1 96px"),
            _part(
                name,
                "year",
                None,
                year,
                on_part,
                required,
                "1.3 1 76px",
            ),
        ],
        "date",
    )


def time_field(
    label_key: str, name: str, value: str = "", minute_step: int = 5, required: bool = True
) -> rx.Component:
    """Hour (00-23) / minute (every ``minute_step`` minutes) under one legend; ``value``
    "18:30"."""
    hour, _, minute = value.partition(":")
    minutes = [(f"{m:02d}", f"{m:02d}") for m in range(0, 60, minute_step)]
    return _group(
        T[label_key],
        name,
        [
            _part(name, "hour", _HOURS, hour, None, required, "1 1 0"),
            _part(name, "minute", minutes, minute, None, required, "1 1 0"),
        ],
        "time",
    )
