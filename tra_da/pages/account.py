"""/account: the signed-in person's profile, picture, password and sessions."""

import reflex as rx

from tra_da.components.forms import (
    avatar_uploader,
    error_message,
    field,
    labelled,
    load_failed,
    notice_message,
    select_field,
)
from tra_da.components.guard import guarded
from tra_da.components.routes import SIGNED_IN, Nav, template
from tra_da.state.account import ZONE_OPTIONS, AccountState
from tra_da.state.calendar import CalendarState
from tra_da.state.calendar_feed import CalendarFeedState
from tra_da.state.session import SessionState, T
from tra_da.validation import BACKGROUND_MAX, GOALS_MAX, INTERESTS_MAX

AVATAR_UPLOAD = "avatar"


def _section(title_key: str, *children: rx.Component) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(T[title_key], size="4", as_="h2"), *children, spacing="4", width="100%"
        ),
        size="3",
        width="100%",
    )


def _profile() -> rx.Component:
    zones = ZONE_OPTIONS
    return _section(
        "settings.profile",
        rx.form(
            rx.vstack(
                field(
                    "signup.name",
                    "name",
                    "text",
                    "name",
                    max_length=120,
                    default_value=SessionState.user_name,
                ),
                select_field(
                    "signup.timezone",
                    "timezone",
                    zones,
                    value=SessionState.user_timezone,
                    on_change=AccountState.set_timezone_choice,
                ),
                select_field(
                    "settings.language",
                    "locale",
                    [("vi", "Tiếng Việt"), ("en", "English")],
                    value=SessionState.lang,
                    on_change=AccountState.set_locale_choice,
                ),
                error_message(AccountState.error),
                notice_message(AccountState.notice),
                rx.button(
                    T["settings.save"], type="submit", size="3", loading=AccountState.working
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=AccountState.save_profile,
            width="100%",
        ),
    )


def _text_area(label_key: str, name: str, value: rx.Var[str], limit: int) -> rx.Component:
    return labelled(
        label_key,
        rx.text_area(
            id=name, name=name, default_value=value, max_length=limit, rows="4", width="100%"
        ),
        name,
    )


def _mentee_profile() -> rx.Component:
    """A mentee's goals, interests and background: what their mentor and the matching read."""
    m = AccountState.mentee
    return _section(
        "settings.mentee_profile",
        rx.text(T["settings.mentee_hint"], size="2", color=rx.color("gray", 11)),
        rx.form(
            rx.vstack(
                _text_area("dashboard.goals", "goals", m.goals, GOALS_MAX),
                _text_area("settings.interests", "interests", m.interests, INTERESTS_MAX),
                _text_area("settings.background", "background", m.background, BACKGROUND_MAX),
                error_message(AccountState.mentee_error),
                notice_message(AccountState.mentee_notice),
                rx.button(
                    T["settings.save"],
                    type="submit",
                    size="3",
                    loading=AccountState.mentee_working,
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=AccountState.save_mentee_profile,
            # Mounted again once the profile has loaded, so the fields show it.
            key=m.id.to_string(),
            width="100%",
        ),
    )


def _avatar() -> rx.Component:
    return _section(
        "settings.avatar",
        *avatar_uploader(
            AVATAR_UPLOAD,
            SessionState.user_avatar,
            SessionState.user_name,
            AccountState.avatar_error,
            AccountState.upload_avatar,
        ),
    )


def _password() -> rx.Component:
    return _section(
        "settings.password",
        rx.text(T["settings.password_hint"], size="2", color=rx.color("gray", 11)),
        rx.form(
            rx.vstack(
                field(
                    "settings.current", "current", "password", "current-password", max_length=200
                ),
                field(
                    "reset.new",
                    "new",
                    "password",
                    "new-password",
                    hint_key="signup.password_hint",
                    max_length=200,
                ),
                field("reset.repeat", "repeat", "password", "new-password", max_length=200),
                error_message(AccountState.password_error),
                notice_message(AccountState.password_notice),
                rx.button(
                    T["settings.password"], type="submit", size="3", loading=AccountState.working
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=AccountState.change_password,
            reset_on_submit=True,
            width="100%",
        ),
    )


def _sessions() -> rx.Component:
    return _section(
        "settings.everywhere",
        rx.text(T["settings.everywhere_hint"], size="2", color=rx.color("gray", 11)),
        rx.button(
            rx.icon("log-out", size=16, aria_hidden="true"),
            T["settings.everywhere"],
            color_scheme="red",
            variant="soft",
            size="3",
            on_click=AccountState.sign_out_everywhere,
        ),
    )


def _calendar() -> rx.Component:
    c = CalendarState
    status = rx.cond(
        c.connected,
        rx.callout.root(
            rx.callout.icon(rx.icon("calendar-check")),
            rx.callout.text(T["calendar.connected_as"], " ", rx.text(c.google_email, as_="b")),
            color_scheme="green",
        ),
        rx.cond(
            c.broken,
            rx.callout.root(
                rx.callout.icon(rx.icon("calendar-x")),
                rx.callout.text(
                    T["calendar.broken"], " ", rx.text(c.problem, as_="span", size="1")
                ),
                color_scheme="red",
                role="alert",
            ),
            rx.text(
                rx.cond(
                    c.by_service_account, T["calendar.by_programme"], T["calendar.not_connected"]
                ),
                size="2",
                color=rx.color("gray", 11),
            ),
        ),
    )
    return rx.cond(
        (SessionState.user_role == "mentor")
        & (c.can_connect | c.by_service_account | (c.load_error != "")),
        _section(
            "calendar.title",
            rx.text(T["calendar.hint"], size="2", color=rx.color("gray", 11)),
            # Its read refused: why, and "Try again", instead of what it could not read.
            load_failed(c),
            rx.cond(c.load_error == "", status),
            error_message(c.error),
            notice_message(c.notice),
            rx.cond(
                c.can_connect & (c.load_error == ""),
                rx.flex(
                    # A plain link: the consent is a full page load through Google and back.
                    rx.el.a(
                        rx.button(
                            rx.icon("calendar-plus", size=16, aria_hidden="true"),
                            rx.cond(c.connected, T["calendar.reconnect"], T["calendar.connect"]),
                            size="3",
                            type="button",
                        ),
                        href="/api/calendar/google/start",
                        reload_document=True,  # not client-side routing: the server answers
                        data_testid="calendar-connect",
                    ),
                    rx.cond(
                        c.connected | c.broken,
                        rx.button(
                            T["calendar.disconnect"],
                            size="3",
                            variant="soft",
                            color_scheme="red",
                            on_click=c.disconnect,
                        ),
                    ),
                    gap="8px",
                    wrap="wrap",
                ),
            ),
        ),
    )


def _feed_address(label_key: str, name: str, value: rx.Var[str]) -> rx.Component:
    return labelled(
        label_key,
        rx.flex(
            rx.input(
                id=name,
                value=value,
                read_only=True,
                width="100%",
                style={"minWidth": "0", "flex": "1 1 12rem"},
                data_testid=name,
            ),
            rx.button(
                rx.icon("copy", size=16, aria_hidden="true"),
                T["feed.copy"],
                type="button",
                variant="soft",
                on_click=[rx.set_clipboard(value), CalendarFeedState.copied],
                aria_label=T[label_key] + ": " + T["feed.copy"],
            ),
            gap="8px",
            wrap="wrap",
            width="100%",
        ),
        name,
    )


def _calendar_feed() -> rx.Component:
    """The secret .ics subscription of the person's sessions (any calendar app, no Google)."""
    f = CalendarFeedState
    read = f.load_error == ""  # its read refused: the message, not the address's state
    return _section(
        "feed.title",
        rx.text(T["feed.hint"], size="2", color=rx.color("gray", 11)),
        rx.cond(
            read,
            rx.cond(
                f.url != "",
                rx.vstack(
                    rx.text(T["feed.shown_once"], size="2", weight="medium"),
                    _feed_address("feed.webcal", "feed-webcal", f.webcal_url),
                    _feed_address("feed.https", "feed-https", f.url),
                    rx.link(
                        rx.icon("calendar-plus", size=16, aria_hidden="true"),
                        T["feed.subscribe"],
                        href=f.webcal_url,
                        is_external=True,
                        size="2",
                    ),
                    spacing="3",
                    width="100%",
                ),
                rx.text(
                    rx.cond(f.active, T["feed.active_since"] + " " + f.since, T["feed.none"]),
                    size="2",
                    data_testid="feed-state",
                ),
            ),
        ),
        # Why it could not be read, and "Try again"; or what an action here failed on.
        load_failed(f, error=f.feed_error),
        notice_message(f.feed_notice),
        # Not before it is read: making an address anew would replace one that may be in use.
        rx.cond(
            read,
            rx.flex(
                rx.button(
                    rx.icon("refresh-cw", size=16, aria_hidden="true"),
                    rx.cond(f.active, T["feed.rotate"], T["feed.create"]),
                    size="3",
                    type="button",
                    on_click=f.rotate,
                    loading=f.feed_working,
                ),
                rx.cond(
                    f.active,
                    rx.button(
                        T["feed.stop"],
                        size="3",
                        type="button",
                        variant="soft",
                        color_scheme="red",
                        on_click=f.stop,
                    ),
                ),
                gap="8px",
                wrap="wrap",
            ),
        ),
    )


@template(
    "/account",
    title="My account",
    on_load=AccountState.open_account,
    roles=SIGNED_IN,
    nav=Nav("nav.settings", "user-cog", 100),
)
def account() -> rx.Component:
    return guarded(
        heading=rx.heading(T["settings.title"], size="7", as_="h1"),
        content=rx.vstack(
            rx.box(_profile(), _avatar(), class_name="td-grid td-grid-2", width="100%"),
            rx.cond(
                AccountState.mentee,
                _mentee_profile(),
                # Its read refused: why, and "Try again"; no empty form to save over it.
                rx.cond(
                    AccountState.load_error != "",
                    _section("settings.mentee_profile", load_failed(AccountState)),
                ),
            ),
            rx.box(_password(), _sessions(), class_name="td-grid td-grid-2", width="100%"),
            rx.box(_calendar(), width="100%", on_mount=CalendarState.load),
            rx.box(_calendar_feed(), width="100%", on_mount=CalendarFeedState.load),
            spacing="5",
            width="100%",
        ),
        page=AccountState,
    )
