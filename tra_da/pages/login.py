"""/login : email and password sign-in."""

import reflex as rx

from tra_da.components.layout import page
from tra_da.state.login import LoginState
from tra_da.state.session import T


def _field(label_key: str, name: str, kind: str, autocomplete: str) -> rx.Component:
    return rx.vstack(
        rx.el.label(T[label_key], html_for=name, style={"fontWeight": 500}),
        rx.input(
            id=name,
            name=name,
            type=kind,
            auto_complete=autocomplete,
            required=True,
            size="3",
            width="100%",
            max_length=254,
        ),
        spacing="1",
        width="100%",
    )


@page
def login() -> rx.Component:
    return rx.center(
        rx.card(
            rx.form(
                rx.vstack(
                    rx.heading(T["login.title"], size="6", as_="h1"),
                    rx.text(T["login.subtitle"], color=rx.color("gray", 11)),
                    _field("login.email", "email", "email", "username"),
                    _field("login.password", "password", "password", "current-password"),
                    rx.cond(
                        LoginState.error_key != "",
                        rx.callout(
                            T[LoginState.error_key],
                            icon="triangle-alert",
                            color_scheme="red",
                            role="alert",
                            width="100%",
                        ),
                    ),
                    rx.button(
                        rx.cond(LoginState.working, T["login.working"], T["login.submit"]),
                        type="submit",
                        size="3",
                        width="100%",
                        loading=LoginState.working,
                        disabled=LoginState.working,
                    ),
                    spacing="4",
                    width="100%",
                ),
                on_submit=LoginState.submit,
                width="100%",
            ),
            size="4",
            width="100%",
            max_width="420px",
        ),
        width="100%",
        padding_top="24px",
    )
