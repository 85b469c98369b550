"""The mentor's board on /dashboard: today's and this week's sessions, sessions waiting for a
log, sessions per week, and my mentees (filtered, sorted) with the log dialog."""

from __future__ import annotations

import reflex as rx
from reflex_base.vars.object import ObjectVar

from tra_da.components.mentoring import (
    fact,
    join_button,
    log_dialog,
    muted,
    sessions_chart,
    sparkline,
    trend_icon,
)
from tra_da.components.tables import until_loaded
from tra_da.components.text import joined, zone_note
from tra_da.state.mentoring import (
    MenteeRow,
    MentoringState,
    PromptRow,
    SessionLogFormState,
    WeekRow,
)
from tra_da.state.session import T


def _week_item(s: ObjectVar[WeekRow]) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(s.when, weight="medium"),
            muted(T["dashboard.with"], " ", s.mentee_name),
            spacing="0",
        ),
        rx.spacer(),
        rx.cond(
            s.over,
            rx.badge(T["logs.over"], variant="soft"),
            join_button(s.join_link),
        ),
        width="100%",
        align="center",
        wrap="wrap",
    )


def _week_card() -> rx.Component:
    s = MentoringState
    return rx.card(
        rx.vstack(
            rx.heading(T["logs.today"], size="4", as_="h2"),
            zone_note(),
            until_loaded(
                s.loaded,
                rx.cond(
                    s.today_sessions.length() > 0,
                    rx.vstack(rx.foreach(s.today_sessions, _week_item), spacing="3", width="100%"),
                    muted(T["logs.nothing_today"]),
                ),
                lines=1,
            ),
            rx.divider(),
            rx.heading(T["logs.this_week"], size="3", as_="h3"),
            until_loaded(
                s.loaded,
                rx.cond(
                    s.later_sessions.length() > 0,
                    rx.vstack(rx.foreach(s.later_sessions, _week_item), spacing="3", width="100%"),
                    muted(T["logs.nothing_week"]),
                ),
                lines=2,
            ),
            spacing="3",
            width="100%",
        ),
        size="3",
        width="100%",
        data_testid="week-card",
    )


def _prompt(p: ObjectVar[PromptRow]) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(p.mentee_name, weight="medium"),
            muted(p.when),
            spacing="0",
        ),
        rx.spacer(),
        rx.button(
            rx.icon("notebook-pen", size=16, aria_hidden="true"),
            T["logs.log_it"],
            size="2",
            on_click=SessionLogFormState.start_from_prompt(p),
            aria_label=joined(T["logs.log_it"], " ", p.mentee_name, " ", p.when),
        ),
        width="100%",
        align="center",
        wrap="wrap",
        data_testid="log-prompt",
    )


def _prompts() -> rx.Component:
    s = MentoringState
    return rx.cond(
        s.prompts.length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("notebook-pen")),
            rx.vstack(
                rx.text(T["logs.prompt_title"], weight="bold"),
                rx.foreach(s.prompts, _prompt),
                spacing="3",
                width="100%",
            ),
            color_scheme="amber",
            width="100%",
        ),
    )


def _mentee_card(m: ObjectVar[MenteeRow]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.link(
                    rx.heading(m.name, size="4", as_="h3"),
                    href="/mentees/" + m.id.to_string(),
                ),
                rx.spacer(),
                rx.cond(
                    m.needs_support,
                    rx.badge(
                        rx.icon("life-buoy", size=14, aria_hidden="true"),
                        T["logs.needs_support"],
                        color_scheme="red",
                    ),
                ),
                width="100%",
                align="center",
                wrap="wrap",
            ),
            rx.text(
                m.track,
                rx.cond(m.group, joined(" · ", m.group), ""),
                size="2",
                color=rx.color("amber", 11),
            ),
            rx.cond(m.goals != "", muted(T["dashboard.goals"], ": ", m.goals)),
            rx.grid(
                fact("logs.last", m.last),
                fact("logs.next", m.next),
                fact("logs.sessions", m.sessions.to_string()),
                rx.vstack(
                    rx.text(T["logs.score"], size="1", color=rx.color("gray", 10)),
                    rx.hstack(
                        rx.text(
                            rx.cond(m.latest_score, joined(m.latest_score, "/5"), "—"),
                            size="2",
                            weight="medium",
                        ),
                        trend_icon(m.trend),
                        rx.cond(m.points.length() > 1, sparkline(m.points)),
                        align="center",
                        spacing="2",
                    ),
                    spacing="0",
                    grid_column="span 2",
                    aria_label=joined(T["logs.scores"], ": ", m.scores_text),
                ),
                columns="2",
                spacing="3",
                width="100%",
            ),
            rx.hstack(
                rx.button(
                    T["logs.new"],
                    size="2",
                    variant="soft",
                    on_click=SessionLogFormState.start_for_mentee(m),
                    aria_label=joined(T["logs.new"], ": ", m.name),
                ),
                rx.link(
                    rx.button(T["logs.history"], size="2", variant="outline"),
                    href="/mentees/" + m.id.to_string(),
                ),
                spacing="2",
                wrap="wrap",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="mentee-card",
    )


def _mentee_filters() -> rx.Component:
    s = MentoringState
    return rx.flex(
        rx.input(
            value=s.search_text,
            on_change=s.set_search_text,
            placeholder=T["logs.search"],
            aria_label=T["logs.search"],
            max_length=100,
            size="3",  # 40 px, as tall as the select beside it (.td-select)
            flex="1",
            min_width="180px",
        ),
        rx.el.select(
            rx.el.option(T["logs.sort_support"], value="support"),
            rx.el.option(T["logs.sort_name"], value="name"),
            rx.el.option(T["logs.sort_next"], value="next"),
            rx.el.option(T["logs.sort_last"], value="last"),
            rx.el.option(T["logs.sort_score"], value="score"),
            value=s.sort_by,
            on_change=s.set_sort_by,
            aria_label=T["logs.sort"],
            class_name="td-select",
            style={"width": "auto", "minWidth": "160px"},
        ),
        rx.el.label(
            rx.checkbox(
                checked=s.only_support,
                on_change=s.set_only_support,
                aria_label=T["logs.only_support"],
            ),
            rx.text(T["logs.only_support"], size="2"),
            style={"display": "flex", "gap": "8px", "alignItems": "center", "flex": "0 0 auto"},
        ),
        gap="8px",
        wrap="wrap",
        align="center",
        width="100%",
        max_width="100%",
    )


def mentor_board() -> rx.Component:
    s = MentoringState
    return rx.vstack(
        _prompts(),
        rx.box(
            _week_card(),
            sessions_chart(s.per_week, "logs.per_week_mine", "mentor-chart"),
            class_name="td-grid td-grid-2",
            width="100%",
        ),
        rx.heading(T["logs.my_mentees"], size="5", as_="h2"),
        _mentee_filters(),
        until_loaded(
            s.loaded,
            rx.cond(
                s.shown_mentees.length() > 0,
                rx.box(
                    rx.foreach(s.shown_mentees, _mentee_card), class_name="td-grid", width="100%"
                ),
                rx.callout(T["logs.no_mentees"], icon="users", width="100%"),
            ),
        ),
        log_dialog(),
        spacing="4",
        width="100%",
    )
