"""Every table of Trà Đá; importing this package registers them all on SQLModel.metadata."""

from tra_da.models.audit import AuditEntry
from tra_da.models.auth_token import AccountToken, AuthSession, RefreshToken
from tra_da.models.availability import AvailabilityException, WeeklyAvailability
from tra_da.models.booking import Booking, BookingStatusChange, Slot
from tra_da.models.calendar import CalendarConnection
from tra_da.models.group import MenteeGroup
from tra_da.models.mailbox import MailboxMessage
from tra_da.models.mentee import MenteeProfile
from tra_da.models.mentor import MentorExpertise, MentorProfile
from tra_da.models.outbox import OutboxMessage
from tra_da.models.payment import Payment, PaymentRefund, StripeEvent
from tra_da.models.review import Review
from tra_da.models.session_log import SessionLog
from tra_da.models.user import User
from tra_da.models.waitlist import CalendarFeed, WaitlistEntry

__all__ = [
    "AccountToken",
    "AuditEntry",
    "AvailabilityException",
    "AuthSession",
    "Booking",
    "BookingStatusChange",
    "CalendarConnection",
    "CalendarFeed",
    "MailboxMessage",
    "MenteeGroup",
    "MenteeProfile",
    "MentorExpertise",
    "MentorProfile",
    "OutboxMessage",
    "Payment",
    "PaymentRefund",
    "RefreshToken",
    "Review",
    "SessionLog",
    "Slot",
    "StripeEvent",
    "User",
    "WaitlistEntry",
    "WeeklyAvailability",
]
