"""Lists for admins: a scrollable table, a pager, a search bar, and the placeholder a list shows
until its rows arrive (never "nothing here" before the first load)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx
from reflex_base.vars.object import ObjectVar
from reflex_base.vars.sequence import ArrayVar

from tra_da.components.types import OnChange, OnClick, OnSubmit
from tra_da.state.options import Option
from tra_da.state.paging import PagedState
from tra_da.state.session import T


def until_loaded(loaded: rx.Var[bool], content: rx.Component, lines: int = 3) -> rx.Component:
    """``content`` once the list is loaded; before that, grey placeholder bars (busy, and named
    "Loading" for a screen reader) rather than an empty state that is not true yet."""
    return rx.cond(loaded, content, placeholder(lines))


def placeholder(lines: int = 3) -> rx.Component:
    """Grey bars where rows are coming: busy, and named "Loading" for a screen reader."""
    return rx.vstack(
        *[rx.skeleton(rx.box(height="44px", width="100%"), width="100%") for _ in range(lines)],
        rx.el.span(T["common.loading"], class_name="td-visually-hidden"),
        aria_busy="true",
        data_testid="list-loading",
        spacing="2",
        width="100%",
    )


def table(
    header_keys: list[str],
    rows: ArrayVar[Any],
    render_row: Callable[[Any], rx.Component],
    empty_key: str | rx.Var[str],
    label_key: str = "common.table",
    loaded: rx.Var[bool] | bool = True,
) -> rx.Component:
    """A table that scrolls sideways on a phone instead of squeezing its columns. The scrolling
    box is a named region in the Tab order (a keyboard scrolls it with the arrow keys) and shows
    a shadow at an edge with more to see (assets/trada.css .td-table-scroll). Until ``loaded``
    it shows placeholders, not ``empty_key``."""
    if isinstance(loaded, rx.Var):
        return until_loaded(
            loaded, table(header_keys, rows, render_row, empty_key, label_key=label_key)
        )
    return rx.cond(
        rows.length() > 0,
        rx.box(
            rx.table.root(
                rx.table.header(
                    rx.table.row(*[rx.table.column_header_cell(T[key]) for key in header_keys])
                ),
                rx.table.body(rx.foreach(rows, render_row)),
                variant="surface",
                size="2",
                width="100%",
            ),
            class_name="td-table-scroll",
            tab_index=0,
            role="region",
            aria_label=T[label_key],
        ),
        rx.callout(
            T[empty_key] if isinstance(empty_key, str) else empty_key, icon="info", width="100%"
        ),
    )


def pager(s: type[PagedState]) -> rx.Component:
    """The pager of a list state that mixes in PagedState."""
    return page_turner(s.page_label, s.previous_page, s.next_page, s.total)


def page_turner(
    label: rx.Var[str], previous: OnClick, following: OnClick, total: rx.Var[int]
) -> rx.Component:
    """Total, previous, "2 / 5", next; nothing for an empty list (its empty state says so)."""
    return rx.cond(
        total.bool(),
        rx.hstack(
            rx.text(T["admin.total"], ": ", total, size="2", color=rx.color("gray", 11)),
            rx.spacer(),
            rx.icon_button(
                rx.icon("chevron-left"),
                on_click=previous,
                variant="soft",
                aria_label=T["admin.previous_page"],
            ),
            rx.text(label, size="2"),
            rx.icon_button(
                rx.icon("chevron-right"),
                on_click=following,
                variant="soft",
                aria_label=T["admin.next_page"],
            ),
            align="center",
            width="100%",
        ),
    )


def search_bar(
    on_submit: OnSubmit,
    *filters: rx.Component,
    placeholder_key: str = "admin.search_placeholder",
) -> rx.Component:
    return rx.form(
        rx.flex(
            rx.input(
                name="query",
                placeholder=T[placeholder_key],
                aria_label=T["admin.search"],
                max_length=100,
                size="3",  # 40 px, as tall as the filters beside it (.td-select)
                min_width="200px",
                flex="1",
            ),
            *filters,
            rx.button(
                rx.icon("search", size=16, aria_hidden="true"),
                T["admin.search"],
                type="submit",
                size="3",
            ),
            gap="8px",
            wrap="wrap",
            align="center",
            class_name="td-filters",
            width="100%",
        ),
        on_submit=on_submit,
        width="100%",
    )


def native_select(
    name: str,
    label_key: str,
    options: list[tuple[str, Any]] | ArrayVar[list[Option]],
    value: rx.Var | str | None = None,
    first: tuple[str, str] | None = None,
    on_change: OnChange | None = None,
) -> rx.Component:
    """A compact native select for filters; ``options`` may be static or a state list of
    ``Option``s. With ``on_change`` the select is controlled: ``value`` is the state var it
    shows, so resetting the var resets the select."""
    head = [rx.el.option(T[first[1]], value=first[0])] if first else []
    if isinstance(options, list):
        body: list[rx.Component] = [rx.el.option(text, value=val) for val, text in options]
    else:
        body = [rx.foreach(options, _option)]
    return rx.el.select(
        *head,
        *body,
        id=name,
        name=name,
        aria_label=T[label_key],
        class_name="td-select",
        style={"width": "auto", "minWidth": "140px"},
        **(
            {"value": value, "on_change": on_change}
            if on_change is not None
            else {"default_value": value}
        ),
    )


def _option(option: ObjectVar[Option]) -> rx.Component:
    return rx.el.option(option.label, value=option.id)
