"""404: a page for addresses that do not exist."""

import reflex as rx

from tra_da.components.routes import template
from tra_da.state.session import SessionState, T


@template("/404", title="Page not found", on_load=SessionState.load_session)
def not_found() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.heading("404", size="9", color=rx.color("amber", 11)),
            rx.heading(T["notfound.title"], size="6", as_="h1"),
            rx.text(T["notfound.body"], color=rx.color("gray", 11), text_align="center"),
            rx.link(rx.button(T["notfound.home"], size="3"), href="/"),
            align="center",
            spacing="4",
            max_width="520px",
        ),
        padding_top="48px",
        width="100%",
    )
