"""Protected content renders only after the session (and role) is checked on the server."""

from __future__ import annotations

import reflex as rx

from tra_da.components.layout import loading
from tra_da.state.session import SessionState, T


def not_allowed() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon("shield-x", size=48, color=rx.color("red", 9), aria_hidden="true"),
            rx.heading(T["forbidden.title"], size="6", as_="h1", text_align="center"),
            rx.text(T["forbidden.body"], color=rx.color("gray", 11), text_align="center"),
            rx.link(rx.button(T["nav.dashboard"], size="3"), href="/dashboard"),
            align="center",
            spacing="4",
            max_width="520px",
        ),
        padding_top="48px",
        width="100%",
        data_testid="not-allowed",
    )


def guarded(content: rx.Component) -> rx.Component:
    return rx.cond(
        SessionState.allowed & SessionState.signed_in,
        content,
        rx.cond(SessionState.forbidden, not_allowed(), loading()),
    )
