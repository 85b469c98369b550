"""/forgot-password and /reset-password?token=..."""

import reflex as rx

from tra_da.components.forms import error_message, field, form_card, notice_message, submit_button
from tra_da.components.routes import template
from tra_da.state.password import PasswordResetState
from tra_da.state.session import T


@template("/forgot-password", title="Forgot password", on_load=PasswordResetState.open_page)
def forgot_password() -> rx.Component:
    return form_card(
        rx.heading(T["forgot.title"], size="6", as_="h1"),
        rx.text(T["forgot.subtitle"], color=rx.color("gray", 11)),
        field("login.email", "email", "email", "username"),
        error_message(PasswordResetState.error),
        notice_message(rx.cond(PasswordResetState.sent, T["forgot.sent"], "")),
        submit_button("forgot.submit", PasswordResetState.working),
        rx.link(T["nav.sign_in"], href="/login", size="2"),
        on_submit=PasswordResetState.request_link,
    )


@template("/reset-password", title="New password", on_load=PasswordResetState.open_page)
def reset_password() -> rx.Component:
    return _new_password("reset.title", "reset.done")


@template("/set-password", title="Choose a password", on_load=PasswordResetState.open_page)
def set_password() -> rx.Component:
    """The page an invitation links to: same form, the first password instead of a new one."""
    return _new_password("invite.title", "invite.done")


def _new_password(title_key: str, done_key: str) -> rx.Component:
    """``done_key``: what success says; a first password ends no earlier sessions, so an
    invitation's must not claim that it did."""
    return form_card(
        rx.heading(T[title_key], size="6", as_="h1"),
        rx.cond(
            PasswordResetState.done,
            rx.vstack(
                notice_message(T[done_key]),
                rx.link(rx.button(T["nav.sign_in"], size="3"), href="/login"),
                spacing="3",
                width="100%",
            ),
            rx.vstack(
                field(
                    "reset.new",
                    "password",
                    "password",
                    "new-password",
                    hint_key="signup.password_hint",
                    max_length=200,
                ),
                field("reset.repeat", "repeat", "password", "new-password", max_length=200),
                error_message(PasswordResetState.error),
                submit_button("reset.submit", PasswordResetState.working),
                rx.link(T["forgot.title"], href="/forgot-password", size="2"),
                spacing="4",
                width="100%",
            ),
        ),
        on_submit=PasswordResetState.save_new_password,
    )
