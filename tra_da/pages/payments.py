"""The "Price per session" card (mentor availability, admin mentor page) and /admin/payments."""

import reflex as rx

from tra_da.components.forms import error_message, notice_message
from tra_da.components.guard import guarded
from tra_da.components.routes import ADMIN, Nav, template
from tra_da.components.types import Row
from tra_da.state.payments import PaymentsAdminState, PriceState
from tra_da.state.session import T

_PAYMENT_COLOURS = {
    "paid": "green",
    "awaiting": "amber",
    "processing": "amber",
    "expired": "gray",
    "failed": "red",
}
_REFUND_COLOURS = {"succeeded": "green", "pending": "amber", "failed": "red"}


def payment_badge(status: rx.Var) -> rx.Component:
    return rx.badge(
        T["payment.status." + status.to(str)],
        color_scheme=rx.match(status.to(str), *_PAYMENT_COLOURS.items(), "gray"),
        variant="soft",
        data_testid="payment-status",
    )


def refund_badge(status: rx.Var) -> rx.Component:
    return rx.badge(
        T["refund.status." + status.to(str)],
        color_scheme=rx.match(status.to(str), *_REFUND_COLOURS.items(), "gray"),
        variant="soft",
        data_testid="refund-status",
    )


def price_card() -> rx.Component:
    """Set the price of one session; says plainly when payments are not set up at all."""
    s = PriceState
    form = rx.form(
        rx.vstack(
            rx.flex(
                rx.vstack(
                    rx.el.label(T["price.amount"], html_for="price-amount"),
                    rx.input(
                        id="price-amount",
                        name="amount",
                        default_value=s.amount_text,
                        key=s.amount_text,
                        input_mode="decimal",
                        max_length=20,
                        width="100%",
                        aria_describedby="price-hint",
                    ),
                    spacing="1",
                    flex="1",
                ),
                rx.vstack(
                    rx.el.label(T["price.currency"], html_for="price-currency"),
                    rx.el.select(
                        rx.foreach(s.currencies, lambda c: rx.el.option(c, value=c)),
                        id="price-currency",
                        name="currency",
                        value=s.currency,
                        on_change=s.set_currency,
                        class_name="td-select",
                    ),
                    spacing="1",
                ),
                gap="8px",
                width="100%",
                align="end",
            ),
            rx.text(T["price.hint"], size="1", color=rx.color("gray", 10), id="price-hint"),
            error_message(s.price_error),
            notice_message(s.price_notice),
            rx.button(T["price.save"], type="submit", loading=s.saving),
            spacing="3",
            width="100%",
        ),
        on_submit=s.save,
        width="100%",
    )
    return rx.card(
        rx.vstack(
            rx.heading(T["price.title"], size="4", as_="h2"),
            rx.cond(
                s.loaded,
                rx.cond(
                    s.payments_on,
                    rx.vstack(
                        rx.text(
                            T["price.now"],
                            ": ",
                            rx.cond(s.free, T["price.free"], s.label),
                            weight="medium",
                            data_testid="price-now",
                        ),
                        form,
                        spacing="3",
                        width="100%",
                    ),
                    rx.callout(T["price.payments_off"], icon="info", width="100%"),
                ),
                rx.spinner(),
            ),
            spacing="3",
            width="100%",
        ),
        size="3",
        width="100%",
        on_mount=s.load,
    )


# --- /admin/payments ----------------------------------------------------------------------


def _refund_line(r: Row) -> rx.Component:
    return rx.hstack(
        refund_badge(r["status"]),
        rx.text(r["amount"], size="2", weight="medium"),
        rx.text(
            rx.match(
                r["reason"].to(str),
                ("cancelled", T["refund.reason.cancelled"]),
                ("late payment", T["refund.reason.late"]),
                ("refunded by an admin", T["refund.reason.admin"]),
                r["reason"].to(str),  # what the admin typed
            ),
            size="1",
            color=rx.color("gray", 11),
        ),
        rx.code(r["stripe"], size="1"),
        wrap="wrap",
        align="center",
    )


def _payment_card(row: Row) -> rx.Component:
    s = PaymentsAdminState
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(row["label"], weight="bold", size="4"),
                payment_badge(row["status"]),
                rx.cond(
                    row["late"].to(bool),
                    rx.badge(T["payments.late"], color_scheme="red", variant="soft"),
                ),
                rx.spacer(),
                rx.text(row["created"], size="1", color=rx.color("gray", 10)),
                width="100%",
                wrap="wrap",
                align="center",
            ),
            rx.text(
                T["deliveries.booking"],
                " #",
                row["booking"],
                " · ",
                row["when"],
                " · ",
                T["status." + row["booking_status"].to(str)],
                size="2",
            ),
            rx.text(row["mentee"], " → ", row["mentor"], size="2", color=rx.color("gray", 11)),
            rx.text(T["payments.session_id"], ": ", rx.code(row["session"], size="1"), size="1"),
            rx.text(T["payments.intent_id"], ": ", rx.code(row["intent"], size="1"), size="1"),
            rx.cond(
                row["refund_status"].to(str) != "none",
                rx.vstack(
                    rx.text(T["payments.refunded"], ": ", row["refunded"], size="2"),
                    rx.foreach(row["refunds"].to(list[dict]), _refund_line),
                    spacing="1",
                ),
            ),
            rx.cond(
                row["can_refund"].to(bool),
                rx.button(
                    rx.icon("undo-2", size=14, aria_hidden="true"),
                    T["payments.refund"],
                    size="2",
                    variant="soft",
                    color_scheme="red",
                    on_click=s.ask_refund(row),
                    data_testid="refund-button",
                ),
            ),
            spacing="2",
            width="100%",
            align="start",
        ),
        width="100%",
        data_testid="payment-row",
    )


@template(
    "/admin/payments",
    title="Payments",
    on_load=PaymentsAdminState.open_page,
    roles=ADMIN,
    nav=Nav("nav.payments", "credit-card", 80),
)
def payments_admin() -> rx.Component:
    s = PaymentsAdminState
    return guarded(
        rx.vstack(
            rx.heading(T["payments.title"], size="7", as_="h1"),
            rx.text(T["payments.subtitle"], color=rx.color("gray", 11)),
            error_message(s.error),
            notice_message(s.notice),
            rx.cond(
                s.rows.length() > 0,
                rx.box(
                    rx.foreach(s.rows, _payment_card), class_name="td-grid td-grid-2", width="100%"
                ),
                rx.callout(T["payments.none"], icon="info", width="100%"),
            ),
            rx.dialog.root(
                rx.dialog.content(
                    rx.dialog.title(T["payments.refund"]),
                    rx.dialog.description(
                        T["payments.left"], ": ", s.refunding["left_label"].to(str)
                    ),
                    rx.form(
                        rx.vstack(
                            rx.el.label(T["payments.refund_amount"], html_for="refund-amount"),
                            rx.input(
                                id="refund-amount",
                                name="amount",
                                default_value=s.refunding["left"].to(str),
                                key=s.refunding["id"].to_string(),
                                input_mode="decimal",
                                max_length=20,
                                width="100%",
                            ),
                            rx.el.label(T["booking.reason"], html_for="refund-reason"),
                            rx.input(
                                id="refund-reason", name="reason", max_length=200, width="100%"
                            ),
                            error_message(s.error),
                            rx.flex(
                                rx.dialog.close(
                                    rx.button(T["admin.cancel"], variant="soft", type="button")
                                ),
                                rx.button(
                                    T["payments.refund"],
                                    color_scheme="red",
                                    type="submit",
                                    loading=s.working,
                                ),
                                gap="12px",
                                justify="end",
                                width="100%",
                            ),
                            spacing="2",
                            width="100%",
                        ),
                        on_submit=s.refund,
                        width="100%",
                    ),
                ),
                open=s.refund_open,
                on_open_change=s.set_refund_open,
            ),
            spacing="4",
            width="100%",
        )
    )
