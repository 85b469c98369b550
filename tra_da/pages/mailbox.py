"""/admin/mailbox: email kept in the database when no provider is configured (admins only)."""

import reflex as rx
from reflex_base.vars.object import ObjectVar

from tra_da.components.guard import guarded
from tra_da.components.routes import ADMIN, Nav, template
from tra_da.state.mailbox import MailboxState, MessageRow
from tra_da.state.session import T


def _message(m: ObjectVar[MessageRow]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(m.subject, weight="bold"),
                rx.spacer(),
                rx.text(m.at, size="1", color=rx.color("gray", 10)),
                width="100%",
                wrap="wrap",
            ),
            rx.text(T["mailbox.to"], ": ", m.to_email, size="2", color=rx.color("gray", 11)),
            rx.cond(
                m.ics,
                rx.badge(
                    rx.icon("calendar", size=12, aria_hidden="true"),
                    T["mailbox.ics"],
                    variant="soft",
                    color_scheme="blue",
                    data_testid="mailbox-ics",
                ),
            ),
            rx.el.pre(
                m.text_body,
                style={
                    "whiteSpace": "pre-wrap",
                    "wordBreak": "break-word",
                    "fontFamily": "inherit",
                    "margin": 0,
                },
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


@template(
    "/admin/mailbox",
    title="Dev mailbox",
    on_load=MailboxState.open_mailbox,
    roles=ADMIN,
    nav=Nav("nav.mailbox", "mail", 90),
)
def mailbox() -> rx.Component:
    return guarded(
        rx.vstack(
            rx.heading(T["mailbox.title"], size="7", as_="h1"),
            rx.text(T["mailbox.subtitle"], color=rx.color("gray", 11)),
            rx.cond(
                MailboxState.messages.length() > 0,
                rx.vstack(rx.foreach(MailboxState.messages, _message), spacing="3", width="100%"),
                rx.text(T["mailbox.empty"], color=rx.color("gray", 11)),
            ),
            spacing="4",
            width="100%",
        )
    )
