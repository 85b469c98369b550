"""/mentees/<id>: one mentee's page for their mentor or an admin: facts, the score trend, every
log (editable while its window is open) and their sessions."""

from __future__ import annotations

import reflex as rx
from reflex_base.vars.object import ObjectVar

from tra_da.components.forms import load_failed
from tra_da.components.guard import guarded
from tra_da.components.mentoring import (
    fact,
    join_button,
    log_dialog,
    muted,
    records,
    session_status_badge,
)
from tra_da.components.routes import SIGNED_IN, template
from tra_da.components.tables import until_loaded
from tra_da.components.text import joined, zone_note
from tra_da.state.mentoring import BookingRow, LogRow, MenteeDetailState, SessionLogFormState
from tra_da.state.session import SessionState, T


def _history_item(log: ObjectVar[LogRow]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(log.day, weight="bold"),
                rx.text(log.topic, weight="medium"),
                rx.spacer(),
                rx.badge(T["logs.score"], ": ", log.mentor_score.to_string(), "/5"),
                rx.cond(
                    log.needs_support,
                    rx.badge(
                        rx.cond(
                            log.resolved != "",
                            T["logs.support_resolved"],
                            T["logs.needs_support"],
                        ),
                        color_scheme=rx.cond(log.resolved != "", "gray", "red"),
                    ),
                ),
                width="100%",
                wrap="wrap",
                align="center",
            ),
            rx.cond(
                SessionState.user_role == "admin",
                muted(T["admin.mentor"], ": ", log.mentor_name),
            ),
            rx.cond(
                log.action_items != "",
                rx.text(
                    rx.text.strong(T["logs.action_items"], ": "),
                    log.action_items,
                    size="2",
                    style={"whiteSpace": "pre-wrap"},
                ),
            ),
            rx.cond(
                log.notes != "",
                rx.text(
                    rx.text.strong(T["logs.notes"], ": "),
                    log.notes,
                    size="2",
                    style={"whiteSpace": "pre-wrap"},
                ),
            ),
            rx.cond(
                log.mentee_score,
                muted(
                    T["logs.mentee_rating"],
                    ": ",
                    log.mentee_score.to_string(),
                    "/5",
                    rx.cond(log.mentee_comment, joined(" — ", log.mentee_comment), ""),
                ),
            ),
            rx.cond(
                log.support_resolution_note,
                muted(T["logs.resolution"], ": ", log.support_resolution_note),
            ),
            rx.cond(
                log.editable,
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


def _booking_item(b: ObjectVar[BookingRow]) -> rx.Component:
    return rx.hstack(
        rx.text(b.when, size="2", weight="medium"),
        session_status_badge(b.shown_status),
        rx.spacer(),
        join_button(b.join_link),
        width="100%",
        align="center",
        wrap="wrap",
        data_testid="mentee-booking",
    )


def _trend_chart() -> rx.Component:
    s = MenteeDetailState
    return rx.card(
        rx.vstack(
            rx.heading(T["logs.trend"], size="4", as_="h2"),
            rx.cond(
                s.trend.length() > 1,
                rx.box(
                    rx.recharts.line_chart(
                        rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
                        rx.recharts.x_axis(data_key="day", interval="preserveStartEnd"),
                        rx.recharts.y_axis(domain=[1, 5], allow_decimals=False, width=24),
                        rx.recharts.tooltip(),
                        rx.recharts.line(
                            data_key="score",
                            name=T["logs.score"],
                            stroke="var(--accent-9)",
                            stroke_width=2,
                        ),
                        data=records(s.trend),
                        margin={"top": 8, "right": 8, "left": 0, "bottom": 0},
                        width="100%",
                        height=220,
                    ),
                    width="100%",
                    role="img",
                    aria_label=joined(T["logs.scores"], ": ", s.mentee.scores_text),
                ),
                muted(T["logs.trend_needs_two"]),
            ),
            spacing="3",
            width="100%",
        ),
        size="3",
        width="100%",
        data_testid="trend-chart",
    )


def _facts() -> rx.Component:
    m = MenteeDetailState.mentee
    return rx.card(
        rx.vstack(
            rx.text(
                m.track,
                rx.cond(m.group, joined(" · ", m.group), ""),
                color=rx.color("amber", 11),
            ),
            rx.cond(m.goals, rx.text(T["dashboard.goals"], ": ", m.goals)),
            rx.cond(
                MenteeDetailState.interests,
                rx.text(T["settings.interests"], ": ", MenteeDetailState.interests),
            ),
            rx.cond(
                MenteeDetailState.background,
                rx.text(T["settings.background"], ": ", MenteeDetailState.background),
            ),
            rx.grid(
                fact("logs.last", m.last),
                fact("logs.next", m.next),
                fact("logs.sessions", m.sessions.to_string()),
                fact("logs.score", rx.cond(m.latest_score, m.latest_score.to_string(), "")),
                columns="2",
                spacing="3",
                width="100%",
            ),
            zone_note(),
            rx.cond(
                SessionState.user_role == "mentor",
                rx.button(T["logs.new"], on_click=SessionLogFormState.start_for_mentee(m)),
            ),
            spacing="3",
            width="100%",
        ),
        size="3",
        width="100%",
    )


@template(
    "/mentees/[mentee_id]", title="Mentee", on_load=MenteeDetailState.open_page, roles=SIGNED_IN
)
def mentee_detail() -> rx.Component:
    s = MenteeDetailState
    m = s.mentee
    return guarded(
        rx.vstack(
            rx.link(T["logs.back"], href="/dashboard", size="2"),
            load_failed(s, error=s.error),
            rx.hstack(
                # "Mentee" until the mentee is read (a refused first read leaves no name)
                rx.heading(rx.cond(m.name, m.name, T["logs.mentee"]), size="7", as_="h1"),
                rx.cond(
                    m.needs_support,
                    rx.badge(T["logs.needs_support"], color_scheme="red", size="2"),
                ),
                align="center",
                wrap="wrap",
            ),
            rx.box(_facts(), _trend_chart(), class_name="td-grid td-grid-2", width="100%"),
            rx.heading(T["logs.history_title"], size="5", as_="h2"),
            until_loaded(
                s.loaded,
                rx.cond(
                    s.logs.length() > 0,
                    rx.vstack(rx.foreach(s.logs, _history_item), spacing="3", width="100%"),
                    muted(T["logs.none_yet"]),
                ),
            ),
            rx.heading(T["logs.bookings"], size="5", as_="h2"),
            until_loaded(
                s.loaded,
                rx.cond(
                    s.bookings.length() > 0,
                    rx.vstack(rx.foreach(s.bookings, _booking_item), spacing="2", width="100%"),
                    muted(T["common.none"]),
                ),
                lines=2,
            ),
            log_dialog(),
            spacing="4",
            width="100%",
        ),
        page=s,
    )
