"""Every capability that delivers outbox rows, imported once so each has registered its handler
(email: notifications, calendar: booking_effects, refund: payments.refunds, waitlist:
waitlist) before a relay runs.

Imported by the services package itself, so any process that can reach the outbox relay has
them all; the outbox module stays ignorant of what it delivers.
"""

from tra_da.services import booking_effects, notifications, waitlist
from tra_da.services.payments import refunds

__all__ = ["booking_effects", "notifications", "refunds", "waitlist"]
