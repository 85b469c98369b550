"""/ : what Trà Đá is, for whom, and the way in."""

import reflex as rx

from tra_da.components.routes import Nav, template
from tra_da.state.session import SessionState, T


def _audience_card(icon: str, title_key: str, body_key: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.icon(icon, size=28, color=rx.color("amber", 10), aria_hidden="true"),
            rx.heading(T[title_key], size="4", as_="h2"),
            rx.text(T[body_key], color=rx.color("gray", 11)),
            spacing="3",
        ),
        size="3",
    )


@template(
    "/", title="mentoring 1:1", on_load=SessionState.load_session, nav=Nav("nav.home", "house", 0)
)
def landing() -> rx.Component:
    return rx.vstack(
        rx.vstack(
            rx.image(src="/logo.svg", alt="", width="72px", height="72px"),
            rx.text(T["app.tagline"], color=rx.color("amber", 11), weight="medium"),
            rx.heading(T["landing.title"], size="8", as_="h1"),
            rx.text(T["landing.lead"], size="4", color=rx.color("gray", 11), max_width="720px"),
            rx.cond(
                SessionState.signed_in,
                rx.link(rx.button(T["landing.cta_dashboard"], size="3"), href="/dashboard"),
                rx.link(rx.button(T["landing.cta"], size="3"), href="/login"),
            ),
            spacing="4",
            class_name="td-hero",
        ),
        rx.box(
            _audience_card("search", "landing.mentee.title", "landing.mentee.body"),
            _audience_card("notebook-pen", "landing.mentor.title", "landing.mentor.body"),
            _audience_card("users", "landing.admin.title", "landing.admin.body"),
            class_name="td-grid",
            width="100%",
        ),
        rx.text(T["footer.text"], size="2", color=rx.color("gray", 10), padding_top="24px"),
        spacing="6",
        width="100%",
    )
