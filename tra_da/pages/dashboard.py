"""/dashboard : each role's home. Content renders only after the session is checked."""

import reflex as rx

from tra_da.components.layout import loading
from tra_da.components.routes import SIGNED_IN, Nav, template
from tra_da.pages.mentoring import (
    mentee_feedback,
    mentor_board,
    resolve_button,
    resolve_dialog,
    sessions_chart,
)
from tra_da.state.calendar import CalendarState
from tra_da.state.dashboard import DashboardState
from tra_da.state.mentoring import MentoringState
from tra_da.state.session import SessionState, T


def _stat(label_key: str, key: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(T[label_key], size="2", color=rx.color("gray", 11)),
            rx.text(DashboardState.counts[key], size="7", weight="bold"),
            spacing="1",
        ),
        size="2",
    )


def _upcoming() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(T["dashboard.upcoming"], size="4", as_="h2"),
            rx.text(
                T["dashboard.times_in"],
                " ",
                SessionState.user_timezone,
                size="1",
                color=rx.color("gray", 10),
            ),
            rx.cond(
                DashboardState.upcoming.length() > 0,
                rx.vstack(
                    rx.foreach(
                        DashboardState.upcoming,
                        lambda s: rx.hstack(
                            rx.vstack(
                                rx.text(s["when"], weight="medium"),
                                rx.text(
                                    T["dashboard.with"],
                                    " ",
                                    s["who"],
                                    size="2",
                                    color=rx.color("gray", 11),
                                ),
                                spacing="0",
                            ),
                            rx.spacer(),
                            rx.cond(
                                s["link"] != "",
                                rx.link(
                                    rx.button(
                                        rx.icon("video", size=16, aria_hidden="true"),
                                        T["dashboard.join"],
                                        size="2",
                                        variant="soft",
                                    ),
                                    href=s["link"],
                                    is_external=True,
                                ),
                            ),
                            width="100%",
                            align="center",
                            wrap="wrap",
                        ),
                    ),
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


def _utilisation() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(T["dashboard.utilisation"], size="4", as_="h2"),
            rx.foreach(
                DashboardState.utilisation,
                lambda m: rx.vstack(
                    rx.hstack(
                        rx.text(m["name"], size="2"),
                        rx.spacer(),
                        rx.text(m["assigned"].to_string() + " / " + m["max"].to_string(), size="2"),
                        width="100%",
                    ),
                    rx.box(
                        rx.box(
                            class_name="td-bar-fill",
                            width=(
                                rx.cond(
                                    m["max"].to(int) > 0,
                                    m["assigned"].to(int) * 100 / m["max"].to(int),
                                    0,
                                )
                            ).to_string()
                            + "%",
                        ),
                        class_name="td-bar-track",
                        width="100%",
                        role="img",
                        aria_label=m["name"].to(str)
                        + ": "
                        + m["assigned"].to_string()
                        + " / "
                        + m["max"].to_string(),
                    ),
                    spacing="1",
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        size="3",
        width="100%",
    )


def _linked_stat(label_key: str, key: str, href: str) -> rx.Component:
    return rx.link(_stat(label_key, key), href=href, underline="none", color="inherit")


def _support() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(T["dashboard.support_flags"], size="4", as_="h2"),
            rx.cond(
                DashboardState.support.length() > 0,
                rx.vstack(
                    rx.foreach(
                        DashboardState.support,
                        lambda f: rx.hstack(
                            rx.vstack(
                                rx.text(f["mentee"], " · ", f["topic"], weight="medium"),
                                rx.text(
                                    f["date"],
                                    " · ",
                                    T["admin.mentor"],
                                    ": ",
                                    f["mentor"],
                                    size="2",
                                    color=rx.color("gray", 11),
                                ),
                                spacing="0",
                            ),
                            rx.spacer(),
                            resolve_button(f),
                            width="100%",
                            align="center",
                            wrap="wrap",
                            data_testid="support-flag",
                        ),
                    ),
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
    return rx.vstack(
        rx.box(
            _linked_stat("dashboard.mentors", "mentors", "/admin/mentors"),
            _linked_stat("dashboard.mentees", "mentees", "/admin/mentees"),
            _linked_stat("dashboard.unassigned", "unassigned", "/admin/mentees?filter=unassigned"),
            _linked_stat("dashboard.groups", "groups", "/admin/groups"),
            _stat("dashboard.sessions_week", "sessions_week"),
            _linked_stat(
                "dashboard.support_flags", "support_flags", "/admin/mentees?filter=needs-support"
            ),
            class_name="td-grid td-stats",
            width="100%",
        ),
        rx.box(_utilisation(), _support(), class_name="td-grid td-grid-2", width="100%"),
        rx.box(
            _upcoming(),
            sessions_chart(MentoringState.programme_week, "logs.per_week_programme", "chart"),
            class_name="td-grid td-grid-2",
            width="100%",
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
        resolve_dialog(),
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
            _stat("dashboard.my_mentees", "mentees"),
            _stat("dashboard.open_slots", "open_slots"),
            class_name="td-grid td-stats",
            width="100%",
        ),
        mentor_board(),
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
        ),
        _upcoming(),
        mentee_feedback(),
        spacing="4",
        width="100%",
    )


@template(
    "/dashboard",
    title="Dashboard",
    on_load=[DashboardState.open_dashboard, MentoringState.open_board],
    roles=SIGNED_IN,
    nav=Nav("nav.dashboard", "layout-dashboard", 0),
)
def dashboard() -> rx.Component:
    return rx.cond(
        DashboardState.loaded & SessionState.signed_in,
        rx.vstack(
            rx.heading(T["dashboard.hello"], ", ", SessionState.user_name, size="7", as_="h1"),
            rx.match(
                SessionState.user_role,
                ("admin", _admin()),
                ("mentor", _mentor()),
                _mentee(),
            ),
            spacing="5",
            width="100%",
        ),
        loading(),
    )
