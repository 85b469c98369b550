"""/dashboard : each role's home. Content renders only after the session is checked.

Admins: counts, utilisation, needs-support flags to resolve, upcoming sessions, sessions per
week. Mentors: the mentor board (pages/mentor_board.py). Mentees: their mentor, upcoming sessions,
their logged sessions and the prompt to rate each one."""

from __future__ import annotations

import reflex as rx
from reflex_base.vars.object import ObjectVar

from tra_da.components.dialogs import form_dialog
from tra_da.components.forms import labelled, load_failed
from tra_da.components.layout import SHOWN_NAME
from tra_da.components.matching import recommended_for_you
from tra_da.components.mentoring import muted, sessions_chart
from tra_da.components.reviews import review_text
from tra_da.components.routes import SIGNED_IN, Nav, template
from tra_da.components.tables import placeholder, until_loaded
from tra_da.components.text import joined, zone_note
from tra_da.pages.mentor_board import mentor_board
from tra_da.state.calendar import CalendarState
from tra_da.state.dashboard import (
    DashboardState,
    LoadRow,
    SupportRow,
    UpcomingRow,
    WaitlistRow,
)
from tra_da.state.matching import RecommendationsState
from tra_da.state.mentoring import MenteeLogRow, MentoringState
from tra_da.state.session import SessionState, T
from tra_da.validation import COMMENT_MAX


def _stat(label_key: str, value: rx.Var[int]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(T[label_key], size="2", color=rx.color("gray", 11)),
            rx.text(value, size="7", weight="bold"),
            spacing="1",
        ),
        size="2",
    )


def _upcoming_item(s: ObjectVar[UpcomingRow]) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(s.when, weight="medium"),
            rx.text(
                T["dashboard.with"],
                " ",
                s.other_person,
                size="2",
                color=rx.color("gray", 11),
            ),
            spacing="0",
        ),
        rx.spacer(),
        rx.cond(
            s.join_link != "",
            rx.link(
                rx.button(
                    rx.icon("video", size=16, aria_hidden="true"),
                    T["dashboard.join"],
                    size="2",
                    variant="soft",
                ),
                href=s.join_link,
                is_external=True,
            ),
        ),
        width="100%",
        align="center",
        wrap="wrap",
    )


def _upcoming() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(T["dashboard.upcoming"], size="4", as_="h2"),
            zone_note(),
            rx.cond(
                DashboardState.upcoming.length() > 0,
                rx.vstack(
                    rx.foreach(DashboardState.upcoming, _upcoming_item),
                    spacing="3",
                    width="100%",
                ),
                rx.text(T["dashboard.no_upcoming"], color=rx.color("gray", 11)),
            ),
            spacing="3",
            width="100%",
        ),
        size="3",
        width="100%",
    )


def _load_bar(m: ObjectVar[LoadRow]) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(m.name, size="2"),
            rx.spacer(),
            rx.text(joined(m.assigned, " / ", m.max_mentees), size="2"),
            width="100%",
        ),
        rx.box(
            rx.box(class_name="td-bar-fill", width=joined(m.share, "%")),
            class_name="td-bar-track",
            width="100%",
            role="img",
            aria_label=joined(m.name, ": ", m.assigned, " / ", m.max_mentees),
        ),
        spacing="1",
        width="100%",
    )


def _utilisation() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(T["dashboard.utilisation"], size="4", as_="h2"),
            rx.link(
                T["dashboard.utilisation_hint"],
                href="/admin/mentors",
                size="2",
                color=rx.color("gray", 11),
            ),
            rx.foreach(DashboardState.utilisation, _load_bar),
            spacing="3",
            width="100%",
        ),
        size="3",
        width="100%",
    )


def _waitlist_row(w: ObjectVar[WaitlistRow]) -> rx.Component:
    return rx.hstack(
        rx.link(w.mentor_name, href=joined("/mentors/", w.mentor_id), size="2"),
        rx.spacer(),
        rx.badge(w.waiting, color_scheme="amber", variant="soft", size="2"),
        width="100%",
        align="center",
    )


def _waitlists() -> rx.Component:
    """Mentors with mentees waiting for new times: where more slots are wanted."""
    return rx.card(
        rx.vstack(
            rx.heading(T["dashboard.waitlists"], size="4", as_="h2"),
            rx.text(T["dashboard.waitlists_hint"], size="2", color=rx.color("gray", 11)),
            rx.cond(
                DashboardState.waitlists.length() > 0,
                rx.vstack(
                    rx.foreach(DashboardState.waitlists, _waitlist_row),
                    spacing="2",
                    width="100%",
                    data_testid="waitlist-counts",
                ),
                rx.text(T["dashboard.waitlists_none"], size="2", color=rx.color("gray", 11)),
            ),
            spacing="3",
            width="100%",
        ),
        size="3",
        width="100%",
    )


def _linked_stat(label_key: str, value: rx.Var[int], href: str) -> rx.Component:
    return rx.link(_stat(label_key, value), href=href, underline="none", color="inherit")


# --- the admin's support follow-up --------------------------------------------------------


def _support_flag(f: ObjectVar[SupportRow]) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(f.mentee, " · ", f.topic, weight="medium"),
            rx.text(
                f.day,
                " · ",
                T["admin.mentor"],
                ": ",
                f.mentor,
                size="2",
                color=rx.color("gray", 11),
            ),
            spacing="0",
        ),
        rx.spacer(),
        rx.button(
            T["logs.resolve"],
            size="1",
            variant="soft",
            on_click=MentoringState.ask_resolve(f),
            aria_label=joined(T["logs.resolve"], ": ", f.mentee),
        ),
        width="100%",
        align="center",
        wrap="wrap",
        data_testid="support-flag",
    )


def _resolve_dialog() -> rx.Component:
    s = MentoringState
    return form_dialog(
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
        title=T["logs.resolve_title"],
        description=joined(s.resolving.mentee, " · ", s.resolving.topic),
        on_submit=s.resolve,
        open=s.resolve_open,
        on_open_change=s.set_resolve_open,
        error=s.error,
        submit_key="logs.resolve",
        working=s.working,
    )


def _support() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(T["dashboard.support_flags"], size="4", as_="h2"),
            rx.cond(
                DashboardState.support.length() > 0,
                rx.vstack(
                    rx.foreach(DashboardState.support, _support_flag),
                    spacing="3",
                    width="100%",
                ),
                rx.text(T["dashboard.no_support"], color=rx.color("gray", 11)),
            ),
            spacing="3",
            width="100%",
        ),
        size="3",
        width="100%",
    )


def _admin() -> rx.Component:
    counts = DashboardState.counts
    return rx.vstack(
        rx.box(
            _linked_stat("dashboard.mentors", counts.mentors, "/admin/mentors"),
            _linked_stat("dashboard.mentees", counts.mentees, "/admin/mentees"),
            _linked_stat(
                "dashboard.unassigned", counts.unassigned, "/admin/mentees?filter=unassigned"
            ),
            _linked_stat("dashboard.groups", counts.groups, "/admin/groups"),
            _stat("dashboard.sessions_week", counts.sessions_week),
            _linked_stat(
                "dashboard.support_flags",
                counts.support_flags,
                "/admin/mentees?filter=needs-support",
            ),
            class_name="td-grid td-stats",
            width="100%",
        ),
        # The counts above come first; the lists follow in the same event's next answer.
        rx.cond(
            DashboardState.details_loaded,
            rx.fragment(
                rx.box(_utilisation(), _support(), class_name="td-grid td-grid-2", width="100%"),
                rx.box(_waitlists(), class_name="td-grid td-grid-2", width="100%"),
                rx.box(
                    _upcoming(),
                    sessions_chart(
                        MentoringState.programme_week, "logs.per_week_programme", "chart"
                    ),
                    class_name="td-grid td-grid-2",
                    width="100%",
                ),
            ),
            placeholder(3),
        ),
        rx.link(
            rx.hstack(
                rx.icon("file-spreadsheet", size=16, aria_hidden="true"),
                rx.text(T["logs.export_title"]),
                spacing="2",
                align="center",
            ),
            href="/admin/session-logs",
        ),
        _resolve_dialog(),
        spacing="4",
        width="100%",
    )


def _calendar_warning() -> rx.Component:
    """A mentor whose Google Calendar connection broke hears it where they look every day."""
    return rx.box(
        rx.cond(
            CalendarState.broken,
            rx.callout.root(
                rx.callout.icon(rx.icon("calendar-x")),
                rx.callout.text(
                    T["calendar.broken"],
                    " ",
                    rx.link(T["calendar.reconnect"], href="/account"),
                ),
                color_scheme="red",
                role="alert",
            ),
        ),
        on_mount=CalendarState.load,
        width="100%",
    )


def _mentor() -> rx.Component:
    return rx.vstack(
        _calendar_warning(),
        rx.box(
            _stat("dashboard.my_mentees", DashboardState.counts.mentees),
            _stat("dashboard.open_slots", DashboardState.counts.open_slots),
            class_name="td-grid td-stats",
            width="100%",
        ),
        mentor_board(),
        spacing="4",
        width="100%",
    )


# --- the mentee's sessions and feedback ---------------------------------------------------


def _my_log(log: ObjectVar[MenteeLogRow]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(log.day, weight="bold"),
                rx.text(log.topic, weight="medium"),
                spacing="2",
                wrap="wrap",
            ),
            muted(T["dashboard.with"], " ", log.mentor_name),
            rx.cond(
                log.action_items != "",
                rx.vstack(
                    rx.text(T["logs.action_items"], size="2", weight="bold"),
                    rx.text(log.action_items, size="2", style={"whiteSpace": "pre-wrap"}),
                    spacing="1",
                ),
            ),
            rx.cond(
                log.mentee_score,
                muted(T["logs.your_rating"], ": ", log.mentee_score.to_string(), "/5"),
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


def _to_rate(r: ObjectVar[MenteeLogRow]) -> rx.Component:
    return rx.hstack(
        rx.text(r.day, " · ", r.topic, " · ", r.mentor_name, size="2"),
        rx.spacer(),
        rx.button(T["logs.rate"], size="2", on_click=MentoringState.ask_rate(r)),
        width="100%",
        align="center",
        wrap="wrap",
    )


def _rate_dialog() -> rx.Component:
    s = MentoringState
    return form_dialog(
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
            rx.text_area(id="comment", name="comment", max_length=COMMENT_MAX, width="100%"),
            "comment",
        ),
        # A booked session's rating is its review (services.reviews): it may say more.
        rx.cond(s.rating.booking_id, review_text("review")),
        title=T["logs.rate_title"],
        description=joined(s.rating.day, " · ", s.rating.topic),
        on_submit=s.rate,
        open=s.rate_open,
        on_open_change=s.set_rate_open,
        error=s.error,
        submit_key="logs.send_rating",
        working=s.working,
    )


def _mentee_feedback() -> rx.Component:
    s = MentoringState
    return rx.vstack(
        rx.cond(
            s.to_rate.length() > 0,
            rx.callout.root(
                rx.callout.icon(rx.icon("star")),
                rx.vstack(
                    rx.text(T["logs.rate_prompt"], weight="bold"),
                    rx.foreach(s.to_rate, _to_rate),
                    spacing="2",
                    width="100%",
                ),
                color_scheme="amber",
                width="100%",
            ),
        ),
        rx.heading(T["logs.my_sessions"], size="5", as_="h2"),
        until_loaded(
            s.loaded,
            rx.cond(
                s.my_logs.length() > 0,
                rx.box(
                    rx.foreach(s.my_logs, _my_log), class_name="td-grid td-grid-2", width="100%"
                ),
                muted(T["logs.none_yet"]),
            ),
            lines=2,
        ),
        _rate_dialog(),
        spacing="4",
        width="100%",
    )


def _mentee() -> rx.Component:
    return rx.vstack(
        rx.card(
            rx.vstack(
                rx.heading(T["dashboard.my_mentor"], size="4", as_="h2"),
                rx.cond(
                    DashboardState.mentor_name != "",
                    rx.text(DashboardState.mentor_name, size="4", weight="medium"),
                    rx.text(T["dashboard.no_mentor"], color=rx.color("gray", 11)),
                ),
                rx.cond(
                    DashboardState.goals != "",
                    rx.text(
                        T["dashboard.goals"], ": ", DashboardState.goals, color=rx.color("gray", 11)
                    ),
                ),
                spacing="2",
            ),
            size="3",
            width="100%",
            data_testid="my-mentor",
        ),
        recommended_for_you(),
        _upcoming(),
        _mentee_feedback(),
        spacing="4",
        width="100%",
    )


@template(
    "/dashboard",
    title="Dashboard",
    on_load=[
        DashboardState.open_dashboard,
        MentoringState.open_board,
        RecommendationsState.open_recommendations,
    ],
    roles=SIGNED_IN,
    nav=Nav("nav.dashboard", "layout-dashboard", 0),
)
def dashboard() -> rx.Component:
    # The greeting shows at once (the name as the browser last knew it), placeholders below it
    # until the dashboard's numbers arrive: never a page that is only a spinner.
    return rx.vstack(
        rx.heading(
            T["dashboard.hello"],
            rx.cond(SHOWN_NAME != "", ", " + SHOWN_NAME, ""),
            size="7",
            as_="h1",
        ),
        # Any of the page's reads refused (the server too busy, say): one message, one button
        # that reads again what failed; what is shown stays.
        load_failed(DashboardState, MentoringState, RecommendationsState),
        rx.cond(
            DashboardState.loaded & SessionState.signed_in,
            rx.match(
                SessionState.user_role,
                ("admin", _admin()),
                ("mentor", _mentor()),
                _mentee(),
            ),
            placeholder(4),
        ),
        spacing="5",
        width="100%",
    )
