"""Prices: what one session with a mentor costs, set by the mentor or an admin."""

from __future__ import annotations

from sqlmodel import Session, select

from tra_da.models import MentorProfile, User
from tra_da.models.base import utcnow
from tra_da.models.payment import MentorPricePublic, PricePublic
from tra_da.services import audit
from tra_da.services.access import require_role
from tra_da.services.errors import Forbidden, Invalid, NotFound
from tra_da.services.payments.money import (
    MAX_AMOUNT,
    MIN_AMOUNT,
    check_currency,
    format_amount,
)
from tra_da.settings import get_settings


def enabled() -> bool:
    return get_settings().payments_enabled


def _public(amount: int, currency: str) -> MentorPricePublic:
    return MentorPricePublic(
        amount=amount, currency=currency, label=format_amount(amount, currency)
    )


def price_of(db: Session, mentor_id: int) -> MentorPricePublic | None:
    """What one session with this mentor costs; None when free (or payments are off)."""
    if not enabled():
        return None
    mentor = db.get(MentorProfile, mentor_id)
    if mentor is None or mentor.price_amount <= 0:
        return None
    return _public(mentor.price_amount, mentor.price_currency)


def _setting(on: bool, amount: int, currency: str) -> PricePublic:
    return PricePublic(
        enabled=on, amount=amount, currency=currency, label=format_amount(amount, currency)
    )


def _own_or_admin(db: Session, actor: User | None, mentor_id: int | None) -> MentorProfile:
    user = require_role(actor, "mentor", "admin")
    if user.role == "mentor":
        own = db.exec(select(MentorProfile).where(MentorProfile.user_id == user.id)).first()
        if own is None or (mentor_id is not None and own.id != mentor_id):
            raise Forbidden("You can set the price of your own sessions only.")
        return own
    if mentor_id is None:
        raise Invalid("Choose the mentor whose price to set.")
    mentor = db.get(MentorProfile, mentor_id)
    if mentor is None:
        raise NotFound("This mentor does not exist.")
    return mentor


def price_setting(db: Session, actor: User | None, mentor_id: int | None = None) -> PricePublic:
    mentor = _own_or_admin(db, actor, mentor_id)
    return _setting(enabled(), mentor.price_amount, mentor.price_currency)


def set_price(
    db: Session, actor: User | None, mentor_id: int | None, amount: int, currency: str
) -> PricePublic:
    """A mentor's own price per session, or an admin's for a mentor; 0 makes sessions free."""
    mentor = _own_or_admin(db, actor, mentor_id)
    assert actor is not None
    if not enabled():
        raise Invalid(
            "Payments are not set up on this platform, so every session is free. Ask the "
            "operator to set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET.",
            "err.payments_off",
        )
    code = check_currency(currency)
    if amount < 0:
        raise Invalid("A price cannot be negative; use 0 for free sessions.", "err.price_range")
    if amount and not MIN_AMOUNT[code] <= amount <= MAX_AMOUNT[code]:
        raise Invalid(
            f"Choose a price between {format_amount(MIN_AMOUNT[code], code)} and "
            f"{format_amount(MAX_AMOUNT[code], code)}, or 0 for free sessions.",
            "err.price_range",
            low=format_amount(MIN_AMOUNT[code], code),
            high=format_amount(MAX_AMOUNT[code], code),
        )
    before = {"price_amount": mentor.price_amount, "price_currency": mentor.price_currency}
    mentor.price_amount, mentor.price_currency = amount, code
    mentor.updated_at = utcnow()
    db.add(mentor)
    audit.record(
        db,
        actor,
        "mentor.price",
        "mentor",
        mentor.id,
        before=before,
        after={"price_amount": amount, "price_currency": code},
    )
    db.commit()
    return _setting(True, amount, code)
