"""Payment widgets more than one page shows: the payment and refund badges, and the "Price per
session" card (a mentor's availability page, an admin's mentor page)."""

from typing import Any

import reflex as rx

from tra_da.components.forms import error_message, notice_message
from tra_da.components.text import translated
from tra_da.state.payments import PriceState
from tra_da.state.session import T

_PAYMENT_COLOURS = {
    "paid": "green",
    "awaiting": "amber",
    "processing": "amber",
    "expired": "gray",
    "failed": "red",
}
_REFUND_COLOURS = {"succeeded": "green", "pending": "amber", "failed": "red"}


def payment_badge(status: rx.Var[Any]) -> rx.Component:
    return rx.badge(
        translated("payment.status.", status),
        color_scheme=rx.match(status, *_PAYMENT_COLOURS.items(), "gray"),
        variant="soft",
        data_testid="payment-status",
    )


def refund_badge(status: rx.Var[Any]) -> rx.Component:
    return rx.badge(
        translated("refund.status.", status),
        color_scheme=rx.match(status, *_REFUND_COLOURS.items(), "gray"),
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
