"""/login and /signup."""

import reflex as rx

from tra_da.components.forms import error_message, field, form_card, select_field, submit_button
from tra_da.components.routes import Nav, template
from tra_da.state.account import ZONE_OPTIONS
from tra_da.state.login import LoginState
from tra_da.state.session import T

BROWSER_TIMEZONE: rx.Var[str] = rx.Var("Intl.DateTimeFormat().resolvedOptions().timeZone")


def _google_button() -> rx.Component:
    return rx.cond(
        LoginState.google_enabled,
        rx.vstack(
            rx.el.a(
                rx.button(
                    rx.icon("globe", size=16, aria_hidden="true"),
                    T["login.google"],
                    variant="outline",
                    size="3",
                    width="100%",
                    type="button",
                ),
                href="/api/auth/google/start" + LoginState.next_query,
                reload_document=True,  # a server redirect to Google, not a page of the app
                style={"width": "100%"},
            ),
            rx.text(
                T["login.or"], size="1", color=rx.color("gray", 10), align="center", width="100%"
            ),
            width="100%",
            spacing="2",
        ),
    )


@template(
    "/login", title="Sign in", on_load=LoginState.open_login, nav=Nav("nav.sign_in", "log-in", 10)
)
def login() -> rx.Component:
    return form_card(
        rx.heading(T["login.title"], size="6", as_="h1"),
        rx.text(T["login.subtitle"], color=rx.color("gray", 11)),
        _google_button(),
        field("login.email", "email", "email", "username"),
        field("login.password", "password", "password", "current-password", max_length=200),
        error_message(LoginState.error),
        submit_button("login.submit", LoginState.working),
        rx.hstack(
            rx.link(T["login.forgot"], href="/forgot-password", size="2"),
            rx.link(T["login.no_account"], href="/signup" + LoginState.next_query, size="2"),
            justify="between",
            width="100%",
            wrap="wrap",
        ),
        on_submit=LoginState.submit,
    )


@template(
    "/signup",
    title="Sign up",
    on_load=LoginState.open_signup,
    nav=Nav("nav.sign_up", "user-plus", 20),
)
def signup() -> rx.Component:
    zones = ZONE_OPTIONS
    return form_card(
        rx.heading(T["signup.title"], size="6", as_="h1"),
        rx.text(T["signup.subtitle"], color=rx.color("gray", 11)),
        field("signup.name", "name", "text", "name", max_length=120),
        field("login.email", "email", "email", "email"),
        field(
            "login.password",
            "password",
            "password",
            "new-password",
            hint_key="signup.password_hint",
            max_length=200,
        ),
        select_field(
            "signup.timezone",
            "timezone",
            zones,
            value=rx.cond(
                LoginState.browser_timezone != "", LoginState.browser_timezone, "Asia/Ho_Chi_Minh"
            ),
            on_change=LoginState.set_browser_timezone,
        ),
        error_message(LoginState.error),
        submit_button("signup.submit", LoginState.working),
        rx.link(T["signup.have_account"], href="/login" + LoginState.next_query, size="2"),
        # The time zone defaults to the browser's own (compiled JS, no eval: CSP allows it).
        rx.fragment(on_mount=LoginState.set_browser_timezone(BROWSER_TIMEZONE)),
        on_submit=LoginState.submit_signup,
    )
