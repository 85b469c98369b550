"""/admin/deliveries: emails and calendar updates that are retrying or failed (admins only)."""

import reflex as rx
from reflex_base.vars.object import ObjectVar

from tra_da.components.forms import load_failed, notice_message
from tra_da.components.guard import guarded
from tra_da.components.routes import ADMIN, Nav, template
from tra_da.components.tables import until_loaded
from tra_da.state.deliveries import BrokenCalendarRow, DeliveriesState, DeliveryRow
from tra_da.state.session import T


def _count(label_key: str, value: rx.Var, colour: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(T[label_key], size="2", color=rx.color("gray", 11)),
            rx.heading(value, size="7", color=rx.color(colour, 11)),
            spacing="1",
        ),
        width="100%",
    )


def _row(r: ObjectVar[DeliveryRow]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.badge(
                    T[r.status_key],
                    color_scheme=rx.cond(r.status == "dead", "red", "amber"),
                ),
                rx.text(T[r.kind_key], weight="bold"),
                rx.code(r.what),
                rx.spacer(),
                rx.text(r.created, size="1", color=rx.color("gray", 10)),
                width="100%",
                wrap="wrap",
                align="center",
            ),
            rx.cond(
                r.recipient != "",
                rx.text(T["mailbox.to"], ": ", r.recipient, size="2", color=rx.color("gray", 11)),
            ),
            rx.cond(
                r.booking_id,
                rx.text(T["deliveries.booking"], " #", r.booking_id, size="2"),
            ),
            rx.text(
                T["deliveries.attempts"],
                ": ",
                r.attempts,
                rx.cond(
                    r.status == "pending",
                    rx.fragment(" · ", T["deliveries.next"], ": ", r.next),
                ),
                size="2",
            ),
            rx.el.pre(
                r.last_error,
                style={
                    "whiteSpace": "pre-wrap",
                    "wordBreak": "break-word",
                    "margin": 0,
                    "fontSize": "0.8rem",
                },
                color=rx.color("red", 11),
            ),
            rx.button(
                rx.icon("rotate-cw", size=14, aria_hidden="true"),
                T["deliveries.retry"],
                size="2",
                variant="soft",
                on_click=DeliveriesState.retry(r.id),
                data_testid="retry-delivery",
            ),
            spacing="2",
            width="100%",
            align="start",
        ),
        width="100%",
        data_testid="delivery-row",
    )


def _broken(c: ObjectVar[BrokenCalendarRow]) -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("calendar-x")),
        rx.callout.text(
            rx.text(c.mentor_name, weight="bold", as_="span"),
            " (",
            c.google_email,
            ") — ",
            T["deliveries.broken_calendar"],
            " ",
            rx.text(c.error, as_="span", size="1"),
        ),
        color_scheme="red",
        width="100%",
    )


@template(
    "/admin/deliveries",
    title="Deliveries",
    on_load=DeliveriesState.open_page,
    roles=ADMIN,
    nav=Nav("nav.deliveries", "send", 70),
)
def deliveries() -> rx.Component:
    s = DeliveriesState
    return guarded(
        heading=rx.heading(T["deliveries.title"], size="7", as_="h1"),
        content=rx.vstack(
            rx.text(T["deliveries.subtitle"], color=rx.color("gray", 11)),
            load_failed(s, error=s.error),
            notice_message(s.notice),
            rx.box(
                _count("deliveries.retrying", s.retrying, "amber"),
                _count("deliveries.dead", s.dead, "red"),
                class_name="td-grid td-grid-2",
                width="100%",
            ),
            rx.foreach(s.broken, _broken),
            until_loaded(
                s.loaded,
                rx.cond(
                    s.rows.length() > 0,
                    rx.box(rx.foreach(s.rows, _row), class_name="td-grid td-grid-2", width="100%"),
                    rx.text(T["deliveries.all_good"], color=rx.color("gray", 11)),
                ),
            ),
            spacing="4",
            width="100%",
        ),
        page=s,
    )
