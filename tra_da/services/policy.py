"""The booking policy of one slot, from the very settings and functions that enforce it
(booking.book_slot's notice, booking.change_deadline, refunds.full_refund_deadline), so what the
booking dialog says cannot drift from what the services do."""

from __future__ import annotations

from datetime import datetime

from tra_da.models.policy import BookingPolicyPublic
from tra_da.services.booking import change_deadline
from tra_da.services.payments.refunds import full_refund_deadline
from tra_da.settings import get_settings


def booking_policy(start_at: datetime, paid: bool) -> BookingPolicyPublic:
    settings = get_settings()
    return BookingPolicyPublic(
        notice_hours=settings.booking_min_notice_hours,
        change_until=change_deadline(start_at),
        paid=paid,
        full_refund_until=full_refund_deadline(start_at) if paid else None,
        late_refund_percent=settings.refund_late_percent if paid else None,
    )
