"""The rules a booking is made under, as the booking dialog states them (services/policy.py)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import SQLModel

from tra_da.models.base import PUBLIC


class BookingPolicyPublic(SQLModel):
    """For one slot: how late it may still be booked, until when it may be changed, and (paid
    sessions) until when a mentee's cancellation is refunded in full and how much after that."""

    model_config = PUBLIC
    notice_hours: float
    change_until: datetime
    paid: bool
    full_refund_until: datetime | None = None
    late_refund_percent: int | None = None
