"""Prices (a mentor's own, or an admin's for a mentor) and the admin's payments list."""

from __future__ import annotations

from typing import Any, ClassVar

import reflex as rx
from pydantic import Field
from sqlmodel import Session

from tra_da.models import User
from tra_da.models.payment import PaymentPublic, PaymentRowPublic, PricePublic, RefundPublic
from tra_da.services import payments
from tra_da.state.events import event
from tra_da.state.fields import ListField, ObjectField, list_field, object_field
from tra_da.state.forms import FormState
from tra_da.state.page_load import PageLoad
from tra_da.state.timefmt import local, when


def _mentor_in_path(path: str) -> int | None:
    """/admin/mentors/<id>: that mentor; elsewhere (a mentor's own pages): themselves."""
    parts = path.rstrip("/").split("/")
    if len(parts) >= 3 and parts[-2] == "mentors" and parts[-1].isdigit():
        return int(parts[-1])
    return None


def _save_price(
    db: Session, actor: User, mentor_id: int | None, text: str, currency: str
) -> PricePublic:
    amount = payments.parse_amount(text, currency)
    return payments.set_price(db, actor, mentor_id, amount, currency)


class PriceState(FormState):
    """The "Price per session" card: on /availability and on an admin's mentor page."""

    BUSY_FLAGS: ClassVar[tuple[str, ...]] = ("working", "saving")

    payments_on: rx.Field[bool] = rx.field(False)
    loaded: rx.Field[bool] = rx.field(False)
    amount_text: rx.Field[str] = rx.field("")
    currency: rx.Field[str] = rx.field("VND")
    label: rx.Field[str] = rx.field("")
    free: rx.Field[bool] = rx.field(True)
    currencies: rx.Field[list[str]] = rx.field(default_factory=lambda: list(payments.CURRENCIES))
    # Its own messages: error/notice are shared by every form state of the page (inherited vars
    # live on the parent), and this card sits beside other forms.
    price_error: rx.Field[str] = rx.field("")
    price_notice: rx.Field[str] = rx.field("")
    saving: rx.Field[bool] = rx.field(False)

    def _show(self, setting: PricePublic) -> None:
        self.payments_on, self.loaded = setting.enabled, True
        self.currency = setting.currency
        self.free = setting.amount == 0
        self.amount_text = payments.major_text(setting.amount, setting.currency)
        self.label = setting.label

    def _take_messages(self) -> None:
        self.price_error, self.error = self.error, ""
        self.price_notice, self.notice = self.notice, ""

    @event
    async def load(self) -> None:
        self.loaded, self.price_error, self.price_notice = False, "", ""
        if self.user_role not in ("mentor", "admin"):
            return
        setting = await self._act(payments.price_setting, _mentor_in_path(self.router.url.path))
        self._take_messages()
        if setting is not None:
            self._show(setting)

    @event
    def set_currency(self, value: str) -> None:
        self.currency = value

    @event
    async def save(self, form: dict[str, str]) -> Any:
        self.saving = True
        yield
        try:
            setting = await self._act(
                _save_price,
                _mentor_in_path(self.router.url.path),
                form.get("amount", ""),
                form.get("currency", self.currency),
            )
        finally:
            self.saving = False
        self._take_messages()
        if setting is not None:
            self._show(setting)
            self.price_notice = self.t["price.saved"]


class RefundLine(RefundPublic):
    amount_label: str = ""  # the amount as text, in the payment's currency


class PaymentLine(PaymentRowPublic):
    """One payment on /admin/payments, with what the page shows as text."""

    when: str = ""  # the session's start, in the viewer's zone and language
    created: str = ""  # when the payment started, in the viewer's zone
    refunded_label: str = ""
    left: str = ""  # what is left to refund, as typed in the refund form
    left_label: str = ""
    can_refund: bool = False
    refund_lines: list[RefundLine] = Field(default_factory=list)


def _line(row: PaymentRowPublic, zone: str, lang: str) -> PaymentLine:
    p: PaymentPublic = row.payment
    left = p.amount - p.refunded
    return PaymentLine.model_validate(
        row,
        update={
            "when": when(row.start_at, None, zone, lang),
            "created": local(p.created_at, zone),
            "refunded_label": payments.format_amount(p.refunded, p.currency),
            "left": payments.major_text(left, p.currency),
            "left_label": payments.format_amount(left, p.currency),
            "can_refund": p.status == "paid" and left > 0,
            "refund_lines": [
                RefundLine.model_validate(
                    r, update={"amount_label": payments.format_amount(r.amount, p.currency)}
                )
                for r in p.refunds
            ],
        },
    )


class PaymentsAdminState(PageLoad, FormState):
    """/admin/payments: every payment with its booking, Stripe ids and refunds."""

    rows: ListField[PaymentLine] = list_field()
    refund_open: rx.Field[bool] = rx.field(False)
    refunding: ObjectField[PaymentLine] = object_field()
    loaded: rx.Field[bool] = rx.field(False)  # placeholders, not "no payments", until then

    @event
    async def open_page(self) -> Any:
        self.refund_open = False
        return await self._open_for("admin")

    async def _load(self) -> None:
        zone, lang = self.user_timezone, self.lang

        def load(db: Session, actor: User) -> list[PaymentLine]:
            return [_line(row, zone, lang) for row in payments.list_payments(db, actor)]

        result = await self._read_data(self._act(load))
        if result is not None:
            self.rows, self.loaded = result, True

    @event
    def ask_refund(self, row: PaymentLine) -> None:
        self.refunding, self.refund_open, self.error, self.notice = row, True, "", ""

    @event
    def set_refund_open(self, value: bool) -> None:
        self.refund_open = value

    @event
    async def refund(self, form: dict[str, str]) -> Any:
        paying = self.refunding.payment if self.refunding else None
        currency = paying.currency if paying else "VND"
        payment_id = paying.id if paying else 0

        def act(db: Session, actor: User, text: str, reason: str) -> PaymentPublic:
            amount = payments.parse_amount(text, currency)
            return payments.refund(db, actor, payment_id, amount, reason)

        self.working = True
        yield
        try:
            done = await self._act(act, form.get("amount", ""), form.get("reason", ""))
        finally:
            self.working = False
        if done is not None:
            self.refund_open = False
            await self._load()
            self.notice = self.t["payments.refund_queued"]
