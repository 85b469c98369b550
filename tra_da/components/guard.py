"""Protected content renders only after the session (and role) is checked on the server."""

from __future__ import annotations

from typing import Any

import reflex as rx

from tra_da.components.forms import load_failed
from tra_da.components.tables import placeholder
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


def not_found_view() -> rx.Component:
    """What an address that leads nowhere shows: the 404 page, and a page whose subject is gone
    (a mentor no longer in the directory)."""
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
        data_testid="not-found",
    )


def guarded(
    content: rx.Component, heading: rx.Component | None = None, page: Any = None
) -> rx.Component:
    """``content`` once the server has checked the session and role. ``heading`` (the page's
    <h1>, which holds nothing private) shows at once, from the prerendered page on, above grey
    placeholders where the content is coming: a page is never only a spinner while its
    on_load runs. ``page``: the page's state (state/page_load.py PageLoad); when the session
    check itself is refused (the server too busy), its message and "Try again" show above the
    placeholders."""
    waiting = placeholder() if page is None else rx.fragment(load_failed(page), placeholder())
    if heading is None:
        return rx.cond(
            SessionState.allowed & SessionState.signed_in,
            content,
            rx.cond(SessionState.forbidden, not_allowed(), waiting),
        )
    return rx.cond(
        SessionState.forbidden,
        not_allowed(),
        rx.vstack(
            heading,
            rx.cond(SessionState.allowed & SessionState.signed_in, content, waiting),
            spacing="4",
            width="100%",
        ),
    )


def visible_to_all(content: rx.Component, heading: rx.Component | None = None) -> rx.Component:
    """A public page's content: for everyone, once the server has said who is reading
    (SessionState._visit), so a signed-in reader never sees the visitor's version first.
    ``heading`` (the same for every reader) shows at once, above placeholders."""
    body = rx.cond(SessionState.allowed, content, placeholder())
    if heading is None:
        return body
    return rx.vstack(heading, body, spacing="4", width="100%")
