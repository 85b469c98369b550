"""/admin/payments: every payment with its booking, Stripe ids and refunds."""

import reflex as rx
from reflex_base.vars.object import ObjectVar

from tra_da.components.dialogs import form_dialog
from tra_da.components.forms import load_failed, notice_message
from tra_da.components.guard import guarded
from tra_da.components.payments import payment_badge, refund_badge
from tra_da.components.routes import ADMIN, Nav, template
from tra_da.components.tables import until_loaded
from tra_da.components.text import joined, or_text, translated
from tra_da.state.payments import PaymentLine, PaymentsAdminState, RefundLine
from tra_da.state.session import T

# --- /admin/payments ----------------------------------------------------------------------


def _refund_line(r: ObjectVar[RefundLine]) -> rx.Component:
    return rx.hstack(
        refund_badge(r.status),
        rx.text(r.amount_label, size="2", weight="medium"),
        rx.text(
            rx.match(
                r.reason,
                ("cancelled", T["refund.reason.cancelled"]),
                ("late payment", T["refund.reason.late"]),
                ("refunded by an admin", T["refund.reason.admin"]),
                r.reason,  # what the admin typed
            ),
            size="1",
            color=rx.color("gray", 11),
        ),
        rx.code(or_text(r.stripe_refund_id, "—"), size="1"),
        wrap="wrap",
        align="center",
    )


def _payment_card(row: ObjectVar[PaymentLine]) -> rx.Component:
    s = PaymentsAdminState
    p = row.payment
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(p.label, weight="bold", size="4"),
                payment_badge(p.status),
                rx.cond(
                    p.late,
                    rx.badge(T["payments.late"], color_scheme="red", variant="soft"),
                ),
                rx.spacer(),
                rx.text(row.created, size="1", color=rx.color("gray", 10)),
                width="100%",
                wrap="wrap",
                align="center",
            ),
            rx.text(
                T["deliveries.booking"],
                " #",
                p.booking_id,
                " · ",
                row.when,
                " · ",
                translated("status.", row.booking_status),
                size="2",
            ),
            rx.text(row.mentee_name, " → ", row.mentor_name, size="2", color=rx.color("gray", 11)),
            rx.text(
                T["payments.session_id"],
                ": ",
                rx.code(or_text(p.checkout_session_id, "—"), size="1"),
                size="1",
            ),
            rx.text(
                T["payments.intent_id"],
                ": ",
                rx.code(or_text(p.payment_intent_id, "—"), size="1"),
                size="1",
            ),
            rx.cond(
                p.refund_status != "none",
                rx.vstack(
                    rx.text(T["payments.refunded"], ": ", row.refunded_label, size="2"),
                    rx.foreach(row.refund_lines, _refund_line),
                    spacing="1",
                ),
            ),
            rx.cond(
                row.can_refund,
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
        heading=rx.heading(T["payments.title"], size="7", as_="h1"),
        content=rx.vstack(
            rx.text(T["payments.subtitle"], color=rx.color("gray", 11)),
            load_failed(s, error=s.error),
            notice_message(s.notice),
            until_loaded(
                s.loaded,
                rx.cond(
                    s.rows.length() > 0,
                    rx.box(
                        rx.foreach(s.rows, _payment_card),
                        class_name="td-grid td-grid-2",
                        width="100%",
                    ),
                    rx.callout(T["payments.none"], icon="info", width="100%"),
                ),
            ),
            form_dialog(
                rx.el.label(T["payments.refund_amount"], html_for="refund-amount"),
                rx.input(
                    id="refund-amount",
                    name="amount",
                    default_value=s.refunding.left,
                    key=s.refunding.payment.id.to_string(),
                    input_mode="decimal",
                    max_length=20,
                    width="100%",
                ),
                rx.el.label(T["booking.reason"], html_for="refund-reason"),
                rx.input(id="refund-reason", name="reason", max_length=200, width="100%"),
                title=T["payments.refund"],
                description=joined(T["payments.left"], ": ", s.refunding.left_label),
                on_submit=s.refund,
                open=s.refund_open,
                on_open_change=s.set_refund_open,
                error=s.error,
                submit_key="payments.refund",
                working=s.working,
                danger=True,
            ),
            spacing="4",
            width="100%",
        ),
        page=s,
    )
