"""The development mailbox: where email goes when neither SendGrid nor SMTP is configured."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel

from tra_da.models.base import UTCDateTime, utcnow


class MailboxMessageBase(SQLModel):
    to_email: str = Field(max_length=254, index=True)
    subject: str = Field(max_length=300)
    text_body: str = Field(sa_type=Text)
    html_body: str = Field(sa_type=Text)
    # An attached calendar invitation (.ics text), when the message carried one.
    ics: str | None = Field(default=None, sa_type=Text)


class MailboxMessage(MailboxMessageBase, table=True):
    __tablename__ = "mailbox_message"
    __table_args__ = (Index("ix_mailbox_message_created", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class MailboxMessagePublic(MailboxMessageBase):
    id: int
    created_at: datetime


class BodyPart(SQLModel):
    """A run of a message's plain-text body: text, or a web link (``href`` set, http(s) only)."""

    text: str
    href: str = ""
