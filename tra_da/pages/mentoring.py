"""Mentoring views: the mentor's board, the log dialog, the mentee's feedback, the admin's support
follow-up and charts (on /dashboard); one mentee's page; the session-log export."""

from __future__ import annotations

import reflex as rx

from tra_da.components.forms import error_message, labelled
from tra_da.components.guard import guarded
from tra_da.components.routes import ADMIN, SIGNED_IN, Nav, template
from tra_da.components.types import Row
from tra_da.state.mentoring import (
    MenteeDetailState,
    MentoringState,
    SessionLogExportState,
    SessionLogFormState,
)
from tra_da.state.session import SessionState, T
from tra_da.validation import ACTIONS_MAX, COMMENT_MAX, NOTES_MAX, TOPIC_MAX

SCORES = [(str(n), str(n)) for n in range(1, 6)]


def _muted(*children: rx.Component | rx.Var | str, size: str = "2") -> rx.Component:
    return rx.text(*children, size=size, color=rx.color("gray", 11))


def _zone_note() -> rx.Component:
    return rx.text(
        T["dashboard.times_in"],
        " ",
        SessionState.user_timezone,
        size="1",
        color=rx.color("gray", 10),
    )


def _join(link: rx.Var) -> rx.Component:
    return rx.cond(
        link.to(str) != "",
        rx.link(
            rx.button(rx.icon("video", size=16, aria_hidden="true"), T["dashboard.join"], size="2"),
            href=link.to(str),
            is_external=True,
        ),
    )


# --- charts -------------------------------------------------------------------------------


def sessions_chart(data: rx.Var, title_key: str, test_id: str) -> rx.Component:
    """Sessions per week as bars; the numbers are also in the bars' tooltip and the summary."""
    return rx.card(
        rx.vstack(
            rx.heading(T[title_key], size="4", as_="h2"),
            rx.box(
                rx.recharts.bar_chart(
                    rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
                    rx.recharts.x_axis(data_key="week", interval="preserveStartEnd"),
                    rx.recharts.y_axis(allow_decimals=False, width=28),
                    rx.recharts.tooltip(),
                    rx.recharts.bar(
                        data_key="sessions", name=T["logs.sessions"], fill="var(--accent-9)"
                    ),
                    data=data,
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


def _sparkline(points: rx.Var) -> rx.Component:
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
            data=points,
            margin={"top": 4, "right": 2, "left": 2, "bottom": 4},
            width=96,
            height=32,
        ),
        width="96px",
        aria_hidden="true",
    )


def _trend_icon(trend: rx.Var) -> rx.Component:
    return rx.match(
        trend.to(int),
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


# --- the mentor's board -------------------------------------------------------------------


def _week_item(s: Row) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(s["when"], weight="medium"),
            _muted(T["dashboard.with"], " ", s["who"]),
            spacing="0",
        ),
        rx.spacer(),
        rx.cond(s["over"].to(bool), rx.badge(T["logs.over"], variant="soft"), _join(s["link"])),
        width="100%",
        align="center",
        wrap="wrap",
    )


def _week_card() -> rx.Component:
    s = MentoringState
    return rx.card(
        rx.vstack(
            rx.heading(T["logs.today"], size="4", as_="h2"),
            _zone_note(),
            rx.cond(
                s.today_sessions.length() > 0,
                rx.vstack(rx.foreach(s.today_sessions, _week_item), spacing="3", width="100%"),
                _muted(T["logs.nothing_today"]),
            ),
            rx.divider(),
            rx.heading(T["logs.this_week"], size="3", as_="h3"),
            rx.cond(
                s.later_sessions.length() > 0,
                rx.vstack(rx.foreach(s.later_sessions, _week_item), spacing="3", width="100%"),
                _muted(T["logs.nothing_week"]),
            ),
            spacing="3",
            width="100%",
        ),
        size="3",
        width="100%",
        data_testid="week-card",
    )


def _prompt(p: Row) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(p["mentee"], weight="medium"),
            _muted(p["when"]),
            spacing="0",
        ),
        rx.spacer(),
        rx.button(
            rx.icon("notebook-pen", size=16, aria_hidden="true"),
            T["logs.log_it"],
            size="2",
            on_click=SessionLogFormState.start_from_prompt(p),
            aria_label=T["logs.log_it"] + " " + p["mentee"].to(str) + " " + p["when"].to(str),
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


def _fact(label_key: str, value: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(T[label_key], size="1", color=rx.color("gray", 10)),
        rx.text(rx.cond(value.to(str) != "", value, "—"), size="2", weight="medium"),
        spacing="0",
        min_width="0",
    )


def _mentee_card(m: Row) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.link(
                    rx.heading(m["name"], size="4", as_="h3"),
                    href="/mentees/" + m["id"].to_string(),
                ),
                rx.spacer(),
                rx.cond(
                    m["support"].to(bool),
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
                m["track"],
                rx.cond(m["group"].to(str) != "", " · " + m["group"].to(str), ""),
                size="2",
                color=rx.color("amber", 11),
            ),
            rx.cond(
                m["goals"].to(str) != "",
                _muted(T["dashboard.goals"], ": ", m["goals"]),
            ),
            rx.grid(
                _fact("logs.last", m["last"]),
                _fact("logs.next", m["next"]),
                _fact("logs.sessions", m["sessions"].to_string()),
                rx.vstack(
                    rx.text(T["logs.score"], size="1", color=rx.color("gray", 10)),
                    rx.hstack(
                        rx.text(
                            rx.cond(m["score"].to(int) > 0, m["score"].to_string() + "/5", "—"),
                            size="2",
                            weight="medium",
                        ),
                        _trend_icon(m["trend"]),
                        rx.cond(m["points"].to(list).length() > 1, _sparkline(m["points"])),
                        align="center",
                        spacing="2",
                    ),
                    spacing="0",
                    grid_column="span 2",
                    aria_label=T["logs.scores"] + ": " + m["scores"].to(str),
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
                    aria_label=T["logs.new"] + ": " + m["name"].to(str),
                ),
                rx.link(
                    rx.button(T["logs.history"], size="2", variant="outline"),
                    href="/mentees/" + m["id"].to_string(),
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
            size="2",
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
            rx.checkbox(checked=s.only_support, on_change=s.set_only_support),
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
        rx.cond(
            s.shown_mentees.length() > 0,
            rx.box(rx.foreach(s.shown_mentees, _mentee_card), class_name="td-grid", width="100%"),
            rx.callout(T["logs.no_mentees"], icon="users", width="100%"),
        ),
        log_dialog(),
        spacing="4",
        width="100%",
    )


# --- the log dialog -----------------------------------------------------------------------


def log_dialog() -> rx.Component:
    f = SessionLogFormState
    v = f.values
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(f.log_id > 0, T["logs.edit_title"], T["logs.new_title"])),
            rx.dialog.description(
                v["mentee"].to(str),
                rx.cond(v["when"].to(str) != "", " · " + v["when"].to(str), ""),
            ),
            rx.form(
                rx.vstack(
                    labelled(
                        "logs.topic",
                        rx.input(
                            id="topic",
                            name="topic",
                            default_value=v["topic"].to(str),
                            max_length=TOPIC_MAX,
                            required=True,
                            width="100%",
                        ),
                        "topic",
                    ),
                    rx.flex(
                        labelled(
                            "logs.date",
                            rx.input(
                                id="session_date",
                                name="session_date",
                                type="date",
                                default_value=v["session_date"].to(str),
                                required=True,
                                width="100%",
                            ),
                            "session_date",
                        ),
                        labelled(
                            "logs.mentor_score",
                            rx.el.select(
                                *[rx.el.option(text, value=val) for val, text in SCORES],
                                id="mentor_score",
                                name="mentor_score",
                                default_value=v["mentor_score"].to(str),
                                class_name="td-select",
                            ),
                            "mentor_score",
                        ),
                        gap="12px",
                        width="100%",
                    ),
                    _muted(T["logs.mentor_score_hint"], size="1"),
                    rx.el.label(
                        rx.checkbox(
                            name="needs_support",
                            id="needs_support",
                            default_checked=v["needs_support"].to(bool),
                        ),
                        rx.text(T["logs.needs_support_label"], size="2"),
                        style={"display": "flex", "gap": "8px", "alignItems": "center"},
                    ),
                    labelled(
                        "logs.action_items",
                        rx.text_area(
                            id="action_items",
                            name="action_items",
                            default_value=v["action_items"].to(str),
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
                            default_value=v["notes"].to(str),
                            max_length=NOTES_MAX,
                            width="100%",
                        ),
                        "notes",
                    ),
                    _muted(T["logs.notes_hint"], size="1"),
                    error_message(f.error),
                    rx.flex(
                        rx.dialog.close(
                            rx.button(T["admin.cancel"], variant="soft", type="button")
                        ),
                        rx.button(
                            T["logs.save"], type="submit", loading=f.working, disabled=f.working
                        ),
                        gap="12px",
                        justify="end",
                        width="100%",
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=f.save,
                width="100%",
            ),
            max_width="560px",
        ),
        open=f.form_open,
        on_open_change=f.set_form_open,
    )


# --- the mentee's sessions and feedback ---------------------------------------------------


def _stars(score: rx.Var) -> rx.Component:
    return rx.cond(
        score.to(int) > 0,
        rx.text(
            T["logs.your_rating"],
            ": ",
            score.to_string(),
            "/5",
            size="2",
            color=rx.color("gray", 11),
        ),
    )


def _my_log(log: Row) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(log["date"], weight="bold"),
                rx.text(log["topic"], weight="medium"),
                spacing="2",
                wrap="wrap",
            ),
            _muted(T["dashboard.with"], " ", log["mentor"]),
            rx.cond(
                log["action_items"].to(str) != "",
                rx.vstack(
                    rx.text(T["logs.action_items"], size="2", weight="bold"),
                    rx.text(log["action_items"], size="2", style={"whiteSpace": "pre-wrap"}),
                    spacing="1",
                ),
            ),
            _stars(log["mentee_score"]),
            rx.cond(
                log["mentee_score"].to(int) == 0,
                rx.button(
                    T["logs.rate"],
                    size="2",
                    variant="soft",
                    on_click=MentoringState.ask_rate(log),
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="my-log",
    )


def mentee_feedback() -> rx.Component:
    s = MentoringState
    return rx.vstack(
        rx.cond(
            s.to_rate.length() > 0,
            rx.callout.root(
                rx.callout.icon(rx.icon("star")),
                rx.vstack(
                    rx.text(T["logs.rate_prompt"], weight="bold"),
                    rx.foreach(
                        s.to_rate,
                        lambda r: rx.hstack(
                            rx.text(r["date"], " · ", r["topic"], " · ", r["mentor"], size="2"),
                            rx.spacer(),
                            rx.button(
                                T["logs.rate"],
                                size="2",
                                on_click=s.ask_rate(r),
                            ),
                            width="100%",
                            align="center",
                            wrap="wrap",
                        ),
                    ),
                    spacing="2",
                    width="100%",
                ),
                color_scheme="amber",
                width="100%",
            ),
        ),
        rx.heading(T["logs.my_sessions"], size="5", as_="h2"),
        rx.cond(
            s.my_logs.length() > 0,
            rx.box(rx.foreach(s.my_logs, _my_log), class_name="td-grid td-grid-2", width="100%"),
            _muted(T["logs.none_yet"]),
        ),
        rx.dialog.root(
            rx.dialog.content(
                rx.dialog.title(T["logs.rate_title"]),
                rx.dialog.description(s.rating["date"].to(str) + " · " + s.rating["topic"].to(str)),
                rx.form(
                    rx.vstack(
                        rx.el.fieldset(
                            rx.el.legend(T["logs.rate_label"], style={"fontWeight": 500}),
                            rx.radio_group.root(
                                rx.hstack(
                                    *[
                                        rx.el.label(
                                            rx.radio_group.item(value=str(n), id=f"rate-{n}"),
                                            rx.text(f"{n}/5", size="2"),
                                            html_for=f"rate-{n}",
                                            class_name="td-rating",
                                        )
                                        for n in range(1, 6)
                                    ],
                                    spacing="3",
                                    wrap="wrap",
                                ),
                                name="mentee_score",
                                required=True,
                                size="3",
                                margin_top="8px",
                            ),
                            style={"border": "none", "padding": 0, "margin": 0},
                        ),
                        labelled(
                            "logs.comment",
                            rx.text_area(
                                id="comment", name="comment", max_length=COMMENT_MAX, width="100%"
                            ),
                            "comment",
                        ),
                        error_message(s.error),
                        rx.flex(
                            rx.dialog.close(
                                rx.button(T["admin.cancel"], variant="soft", type="button")
                            ),
                            rx.button(
                                T["logs.send_rating"],
                                type="submit",
                                loading=s.working,
                                disabled=s.working,
                            ),
                            gap="12px",
                            justify="end",
                            width="100%",
                        ),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=s.rate,
                    width="100%",
                ),
            ),
            open=s.rate_open,
            on_open_change=s.set_rate_open,
        ),
        spacing="4",
        width="100%",
    )


# --- the admin's support follow-up --------------------------------------------------------


def resolve_button(flag: Row) -> rx.Component:
    return rx.button(
        T["logs.resolve"],
        size="1",
        variant="soft",
        on_click=MentoringState.ask_resolve(flag),
        aria_label=T["logs.resolve"] + ": " + flag["mentee"].to(str),
    )


def resolve_dialog() -> rx.Component:
    s = MentoringState
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(T["logs.resolve_title"]),
            rx.dialog.description(
                s.resolving["mentee"].to(str) + " · " + s.resolving["topic"].to(str)
            ),
            rx.form(
                rx.vstack(
                    labelled(
                        "logs.resolution",
                        rx.text_area(
                            id="resolution",
                            name="resolution",
                            max_length=COMMENT_MAX,
                            required=True,
                            width="100%",
                        ),
                        "resolution",
                    ),
                    error_message(s.error),
                    rx.flex(
                        rx.dialog.close(
                            rx.button(T["admin.cancel"], variant="soft", type="button")
                        ),
                        rx.button(
                            T["logs.resolve"], type="submit", loading=s.working, disabled=s.working
                        ),
                        gap="12px",
                        justify="end",
                        width="100%",
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=s.resolve,
                width="100%",
            ),
        ),
        open=s.resolve_open,
        on_open_change=s.set_resolve_open,
    )


# --- one mentee's page --------------------------------------------------------------------


def _history_item(log: Row) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(log["date"], weight="bold"),
                rx.text(log["topic"], weight="medium"),
                rx.spacer(),
                rx.badge(T["logs.score"], ": ", log["mentor_score"].to_string(), "/5"),
                rx.cond(
                    log["support"].to(bool),
                    rx.badge(
                        rx.cond(
                            log["resolved"].to(str) != "",
                            T["logs.support_resolved"],
                            T["logs.needs_support"],
                        ),
                        color_scheme=rx.cond(log["resolved"].to(str) != "", "gray", "red"),
                    ),
                ),
                width="100%",
                wrap="wrap",
                align="center",
            ),
            rx.cond(
                SessionState.user_role == "admin",
                _muted(T["admin.mentor"], ": ", log["mentor"]),
            ),
            rx.cond(
                log["action_items"].to(str) != "",
                rx.text(
                    rx.text.strong(T["logs.action_items"], ": "),
                    log["action_items"],
                    size="2",
                    style={"whiteSpace": "pre-wrap"},
                ),
            ),
            rx.cond(
                log["notes"].to(str) != "",
                rx.text(
                    rx.text.strong(T["logs.notes"], ": "),
                    log["notes"],
                    size="2",
                    style={"whiteSpace": "pre-wrap"},
                ),
            ),
            rx.cond(
                log["mentee_score"].to(int) > 0,
                _muted(
                    T["logs.mentee_rating"],
                    ": ",
                    log["mentee_score"].to_string(),
                    "/5",
                    rx.cond(log["comment"].to(str) != "", " — " + log["comment"].to(str), ""),
                ),
            ),
            rx.cond(
                log["resolution"].to(str) != "",
                _muted(T["logs.resolution"], ": ", log["resolution"]),
            ),
            rx.cond(
                log["editable"].to(bool),
                rx.button(
                    rx.cond(SessionState.user_role == "admin", T["logs.correct"], T["logs.edit"]),
                    size="1",
                    variant="soft",
                    on_click=SessionLogFormState.start_edit(log),
                ),
                rx.hstack(
                    rx.icon("lock", size=12, aria_hidden="true"),
                    rx.text(T["logs.locked"], size="1", color=rx.color("gray", 10)),
                    spacing="1",
                    align="center",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="history-log",
    )


@template(
    "/mentees/[mentee_id]", title="Mentee", on_load=MenteeDetailState.open_page, roles=SIGNED_IN
)
def mentee_detail() -> rx.Component:
    s = MenteeDetailState
    m = s.mentee
    trend_chart = rx.card(
        rx.vstack(
            rx.heading(T["logs.trend"], size="4", as_="h2"),
            rx.cond(
                s.trend.length() > 1,
                rx.box(
                    rx.recharts.line_chart(
                        rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
                        rx.recharts.x_axis(data_key="date", interval="preserveStartEnd"),
                        rx.recharts.y_axis(domain=[1, 5], allow_decimals=False, width=24),
                        rx.recharts.tooltip(),
                        rx.recharts.line(
                            data_key="score",
                            name=T["logs.score"],
                            stroke="var(--accent-9)",
                            stroke_width=2,
                        ),
                        data=s.trend,
                        margin={"top": 8, "right": 8, "left": 0, "bottom": 0},
                        width="100%",
                        height=220,
                    ),
                    width="100%",
                    role="img",
                    aria_label=T["logs.scores"] + ": " + m["scores"].to(str),
                ),
                _muted(T["logs.trend_needs_two"]),
            ),
            spacing="3",
            width="100%",
        ),
        size="3",
        width="100%",
        data_testid="trend-chart",
    )
    facts = rx.card(
        rx.vstack(
            rx.text(
                m["track"].to(str),
                rx.cond(m["group"].to(str) != "", " · " + m["group"].to(str), ""),
                color=rx.color("amber", 11),
            ),
            rx.cond(
                m["goals"].to(str) != "",
                rx.text(T["dashboard.goals"], ": ", m["goals"].to(str)),
            ),
            rx.grid(
                _fact("logs.last", m["last"]),
                _fact("logs.next", m["next"]),
                _fact("logs.sessions", m["sessions"].to_string()),
                _fact("logs.score", rx.cond(m["score"].to(int) > 0, m["score"].to_string(), "")),
                columns="2",
                spacing="3",
                width="100%",
            ),
            _zone_note(),
            rx.cond(
                SessionState.user_role == "mentor",
                rx.button(
                    T["logs.new"],
                    on_click=SessionLogFormState.start_for_mentee(m),
                ),
            ),
            spacing="3",
            width="100%",
        ),
        size="3",
        width="100%",
    )
    return guarded(
        rx.vstack(
            rx.link(T["logs.back"], href="/dashboard", size="2"),
            error_message(s.error),
            rx.hstack(
                rx.heading(m["name"].to(str), size="7", as_="h1"),
                rx.cond(
                    m["support"].to(bool),
                    rx.badge(T["logs.needs_support"], color_scheme="red", size="2"),
                ),
                align="center",
                wrap="wrap",
            ),
            rx.box(facts, trend_chart, class_name="td-grid td-grid-2", width="100%"),
            rx.heading(T["logs.history_title"], size="5", as_="h2"),
            rx.cond(
                s.logs.length() > 0,
                rx.vstack(rx.foreach(s.logs, _history_item), spacing="3", width="100%"),
                _muted(T["logs.none_yet"]),
            ),
            rx.heading(T["logs.bookings"], size="5", as_="h2"),
            rx.cond(
                s.bookings.length() > 0,
                rx.vstack(
                    rx.foreach(
                        s.bookings,
                        lambda b: rx.hstack(
                            rx.text(b["when"], size="2", weight="medium"),
                            rx.badge(T["status." + b["status"].to(str)], variant="soft"),
                            rx.spacer(),
                            _join(b["link"]),
                            width="100%",
                            align="center",
                            wrap="wrap",
                        ),
                    ),
                    spacing="2",
                    width="100%",
                ),
                _muted(T["common.none"]),
            ),
            log_dialog(),
            spacing="4",
            width="100%",
        )
    )


# --- export -------------------------------------------------------------------------------


def _filter_select(name: str, label_key: str, options: rx.Var, first_key: str) -> rx.Component:
    s = SessionLogExportState
    return labelled(
        label_key,
        rx.el.select(
            rx.el.option(T[first_key], value=""),
            rx.foreach(options, lambda o: rx.el.option(o["label"], value=o["id"])),
            id=name,
            name=name,
            value=s.filters[name].to(str),
            on_change=lambda value: s.set_filter(name, value),
            class_name="td-select",
        ),
        name,
    )


def _filter_date(name: str, label_key: str) -> rx.Component:
    s = SessionLogExportState
    return labelled(
        label_key,
        rx.input(
            id=name,
            name=name,
            type="date",
            value=s.filters[name].to(str),
            on_change=lambda value: s.set_filter(name, value),
            width="100%",
        ),
        name,
    )


@template(
    "/admin/session-logs",
    title="Session logs",
    on_load=SessionLogExportState.open_page,
    roles=ADMIN,
    nav=Nav("nav.session_logs", "notebook-pen", 40),
)
def export_page() -> rx.Component:
    s = SessionLogExportState
    return guarded(
        rx.vstack(
            rx.heading(T["logs.export_title"], size="7", as_="h1"),
            _muted(T["logs.export_hint"]),
            rx.card(
                rx.vstack(
                    rx.box(
                        _filter_select("group_id", "logs.group", s.groups, "logs.all_groups"),
                        _filter_select("cohort", "logs.cohort", s.cohorts, "logs.all_cohorts"),
                        _filter_select("mentor_id", "admin.mentor", s.mentors, "logs.all_mentors"),
                        _filter_date("date_from", "logs.from"),
                        _filter_date("date_to", "logs.to"),
                        class_name="td-grid",
                        width="100%",
                    ),
                    error_message(s.error),
                    rx.flex(
                        rx.text(T["logs.matching"], ": ", s.matching, weight="medium"),
                        rx.spacer(),
                        rx.button(T["logs.clear"], variant="ghost", on_click=s.clear_filters),
                        rx.button(
                            rx.icon("download", size=16, aria_hidden="true"),
                            T["logs.download"],
                            on_click=s.download,
                            loading=s.working,
                            disabled=s.working,
                        ),
                        gap="8px",
                        align="center",
                        wrap="wrap",
                        width="100%",
                    ),
                    spacing="3",
                    width="100%",
                ),
                size="3",
                width="100%",
            ),
            rx.heading(T["logs.latest"], size="4", as_="h2"),
            rx.cond(
                s.preview.length() > 0,
                rx.box(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                rx.table.column_header_cell(T["logs.date"]),
                                rx.table.column_header_cell(T["admin.mentor"]),
                                rx.table.column_header_cell(T["logs.mentee"]),
                                rx.table.column_header_cell(T["logs.topic"]),
                                rx.table.column_header_cell(T["logs.score"]),
                                rx.table.column_header_cell(T["logs.needs_support"]),
                            )
                        ),
                        rx.table.body(
                            rx.foreach(
                                s.preview,
                                lambda r: rx.table.row(
                                    rx.table.cell(r["session_date"]),
                                    rx.table.cell(r["mentor"]),
                                    rx.table.cell(r["mentee"]),
                                    rx.table.cell(r["topic"]),
                                    rx.table.cell(r["mentor_score"]),
                                    rx.table.cell(
                                        rx.cond(
                                            r["needs_support"].to(str) == "yes",
                                            T["common.yes"],
                                            T["common.no"],
                                        )
                                    ),
                                ),
                            )
                        ),
                        variant="surface",
                        size="2",
                        width="100%",
                    ),
                    overflow_x="auto",
                    width="100%",
                ),
                rx.callout(T["logs.no_logs"], icon="info", width="100%"),
            ),
            spacing="4",
            width="100%",
        )
    )
