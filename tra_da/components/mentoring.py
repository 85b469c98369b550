"""Widgets the mentoring views share (/dashboard for each role, /mentees/<id>): quiet text, the
viewer's zone, join buttons, facts, score trends, the sessions-per-week chart and the log dialog."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_base.vars.sequence import ArrayVar

from tra_da.components.dialogs import form_dialog
from tra_da.components.forms import labelled
from tra_da.components.pickers import date_field
from tra_da.components.text import joined, translated
from tra_da.state.mentoring import SessionLogFormState, WeekBar
from tra_da.state.session import T
from tra_da.validation import ACTIONS_MAX, NOTES_MAX, TOPIC_MAX

SCORES = [(str(n), str(n)) for n in range(1, 6)]


def records(rows: rx.Var[Any]) -> rx.Var[list[dict[str, Any]]]:
    """Typed rows as the charts take their data: each row is a JSON object already, so this
    only tells Recharts' prop check what it gets."""
    return rows.to(list[dict[str, Any]])


def muted(*children: rx.Component | rx.Var | str, size: str = "2") -> rx.Component:
    return rx.text(*children, size=size, color=rx.color("gray", 11))


def join_button(link: rx.Var[str]) -> rx.Component:
    return rx.cond(
        link != "",
        rx.link(
            rx.button(rx.icon("video", size=16, aria_hidden="true"), T["dashboard.join"], size="2"),
            href=link,
            is_external=True,
        ),
    )


def session_status_badge(shown_status: rx.Var[Any]) -> rx.Component:
    """A booking's state in words, "Rescheduled" included: the row's ``shown_status``
    (tra_da.models.booking.shown_status), on My sessions and on a mentee's page alike."""
    return rx.badge(translated("status.", shown_status), data_testid="session-status")


def fact(label_key: str, value: rx.Var[str]) -> rx.Component:
    return rx.vstack(
        rx.text(T[label_key], size="1", color=rx.color("gray", 10)),
        rx.text(rx.cond(value != "", value, "—"), size="2", weight="medium"),
        spacing="0",
        min_width="0",
    )


def sessions_chart(data: ArrayVar[list[WeekBar]], title_key: str, test_id: str) -> rx.Component:
    """Sessions per week as bars; the numbers are also in the bars' tooltip and the summary."""
    return rx.card(
        rx.vstack(
            rx.heading(T[title_key], size="4", as_="h2"),
            rx.box(
                rx.recharts.bar_chart(
                    rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
                    # Every week keeps its label at every width: twelve "dd/mm" labels do
                    # not fit side by side in a phone's ~250 px, so they slant (interval 0: none
                    # is dropped, as recharts would to avoid overlap).
                    rx.recharts.x_axis(
                        data_key="week",
                        interval=0,
                        angle=-45,
                        height=44,
                        tick={"fontSize": 11, "textAnchor": "end"},
                    ),
                    rx.recharts.y_axis(allow_decimals=False, width=28),
                    rx.recharts.tooltip(),
                    rx.recharts.bar(
                        data_key="sessions", name=T["logs.sessions"], fill="var(--accent-9)"
                    ),
                    data=records(data),
                    margin={"top": 8, "right": 8, "left": 0, "bottom": 0},
                    width="100%",
                    height=200,
                ),
                width="100%",
                role="img",
                aria_label=T[title_key],
            ),
            spacing="3",
            width="100%",
        ),
        size="3",
        width="100%",
        data_testid=test_id,
    )


def sparkline(points: rx.Var[Any]) -> rx.Component:
    return rx.box(
        rx.recharts.line_chart(
            rx.recharts.y_axis(domain=[1, 5], hide=True),
            rx.recharts.line(
                data_key="score",
                stroke="var(--accent-9)",
                stroke_width=2,
                dot=False,
                is_animation_active=False,
            ),
            data=records(points),
            margin={"top": 4, "right": 2, "left": 2, "bottom": 4},
            width=96,
            height=32,
            # Recharts makes a chart a Tab stop (its keyboard tooltip) by default; this one is
            # hidden from assistive technology (the scores are named beside it), so it must not
            # take focus either (axe: aria-hidden-focus).
            custom_attrs={"accessibilityLayer": False},
        ),
        width="96px",
        aria_hidden="true",
    )


def trend_icon(trend: rx.Var[int]) -> rx.Component:
    return rx.match(
        trend,
        (
            1,
            rx.icon(
                "trending-up", size=18, color=rx.color("green", 10), aria_label=T["logs.trend_up"]
            ),
        ),
        (
            -1,
            rx.icon(
                "trending-down", size=18, color=rx.color("red", 10), aria_label=T["logs.trend_down"]
            ),
        ),
        rx.icon("minus", size=18, color=rx.color("gray", 10), aria_label=T["logs.trend_flat"]),
    )


def log_dialog() -> rx.Component:
    """Write or edit a session log: from a finished booking, for a mentee, or a correction."""
    f = SessionLogFormState
    v = f.values
    return form_dialog(
        labelled(
            "logs.topic",
            rx.input(
                id="topic",
                name="topic",
                default_value=v.topic,
                max_length=TOPIC_MAX,
                required=True,
                width="100%",
            ),
            "topic",
        ),
        rx.flex(
            date_field("logs.date", "session_date", v.session_date),
            labelled(
                "logs.mentor_score",
                rx.el.select(
                    *[rx.el.option(text, value=val) for val, text in SCORES],
                    id="mentor_score",
                    name="mentor_score",
                    default_value=v.mentor_score,
                    class_name="td-select",
                ),
                "mentor_score",
            ),
            gap="12px",
            width="100%",
        ),
        muted(T["logs.mentor_score_hint"], size="1"),
        rx.el.label(
            rx.checkbox(
                name="needs_support",
                id="needs_support",
                default_checked=v.needs_support,
                # Radix's checkbox is a button: the wrapping label does not name it for axe.
                aria_label=T["logs.needs_support_label"],
            ),
            rx.text(T["logs.needs_support_label"], size="2"),
            style={"display": "flex", "gap": "8px", "alignItems": "center"},
        ),
        labelled(
            "logs.action_items",
            rx.text_area(
                id="action_items",
                name="action_items",
                default_value=v.action_items,
                max_length=ACTIONS_MAX,
                width="100%",
            ),
            "action_items",
        ),
        labelled(
            "logs.notes",
            rx.text_area(
                id="notes",
                name="notes",
                default_value=v.notes,
                max_length=NOTES_MAX,
                width="100%",
            ),
            "notes",
        ),
        muted(T["logs.notes_hint"], size="1"),
        title=rx.cond(f.log_id > 0, T["logs.edit_title"], T["logs.new_title"]),
        description=rx.cond(v.when != "", joined(v.mentee_name, " · ", v.when), v.mentee_name),
        on_submit=f.save,
        open=f.form_open,
        on_open_change=f.set_form_open,
        error=f.error,
        submit_key="logs.save",
        working=f.working,
        max_width="560px",
    )
