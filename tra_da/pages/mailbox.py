"""/admin/mailbox: email kept in the database when no provider is configured (admins only):
20 messages a page, found by recipient or subject, web links clickable, invitations as .ics."""

import reflex as rx
from reflex_base.vars.object import ObjectVar

from tra_da.components.forms import load_failed
from tra_da.components.guard import guarded
from tra_da.components.routes import ADMIN, Nav, template
from tra_da.components.tables import pager, search_bar, until_loaded
from tra_da.state.mailbox import BodyPart, MailboxState, MessageRow
from tra_da.state.session import T


def _part(part: ObjectVar[BodyPart]) -> rx.Component:
    # Text stays text (React escapes it); only what the server found as an http(s) address
    # becomes a link, opened in a new tab that cannot reach back to this one.
    return rx.cond(
        part.href != "",
        rx.link(
            part.text,
            href=part.href,
            is_external=True,
            rel="noopener noreferrer",
            underline="always",  # told apart from the text around it by more than colour
        ),
        rx.el.span(part.text),
    )


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
                m.has_ics,
                rx.hstack(
                    rx.badge(
                        rx.icon("calendar", size=12, aria_hidden="true"),
                        T["mailbox.ics"],
                        variant="soft",
                        color_scheme="blue",
                        data_testid="mailbox-ics",
                    ),
                    rx.button(
                        rx.icon("download", size=14, aria_hidden="true"),
                        T["mailbox.download_ics"],
                        size="1",
                        variant="soft",
                        on_click=MailboxState.download_ics(m.id),
                        data_testid="mailbox-ics-download",
                    ),
                    align="center",
                    wrap="wrap",
                ),
            ),
            rx.el.pre(
                rx.foreach(m.parts, _part),
                style={
                    "whiteSpace": "pre-wrap",
                    "wordBreak": "break-word",
                    "overflowWrap": "anywhere",
                    "fontFamily": "inherit",
                    "margin": 0,
                },
                data_testid="mailbox-body",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="mailbox-message",
    )


@template(
    "/admin/mailbox",
    title="Dev mailbox",
    on_load=MailboxState.open_mailbox,
    roles=ADMIN,
    nav=Nav("nav.mailbox", "mail", 90),
)
def mailbox() -> rx.Component:
    s = MailboxState
    return guarded(
        heading=rx.heading(T["mailbox.title"], size="7", as_="h1"),
        content=rx.vstack(
            rx.text(T["mailbox.subtitle"], color=rx.color("gray", 11)),
            search_bar(s.search, placeholder_key="mailbox.search_placeholder"),
            load_failed(s, error=s.error),
            until_loaded(
                s.loaded,
                rx.cond(
                    s.messages.length() > 0,
                    rx.vstack(rx.foreach(s.messages, _message), spacing="3", width="100%"),
                    rx.text(
                        rx.cond(s.query != "", T["admin.no_results"], T["mailbox.empty"]),
                        color=rx.color("gray", 11),
                    ),
                ),
            ),
            pager(s),
            spacing="4",
            width="100%",
        ),
        page=s,
    )
