"""Email delivery: SendGrid when its key is set, SMTP when a host is set, else the dev mailbox."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Protocol

from tra_da.settings import Settings


@dataclass(frozen=True)
class OutgoingEmail:
    to: str
    subject: str
    text: str
    html: str


class EmailSender(Protocol):
    name: str

    def send(self, message: OutgoingEmail) -> None: ...


class DevMailbox:
    """Stores messages in the database, readable by admins at /admin/mailbox."""

    name = "dev-mailbox"

    def send(self, message: OutgoingEmail) -> None:
        from tra_da import db
        from tra_da.models import MailboxMessage

        with db.session() as session:
            session.add(
                MailboxMessage(
                    to_email=message.to,
                    subject=message.subject,
                    text_body=message.text,
                    html_body=message.html,
                )
            )
            session.commit()


class SmtpSender:
    name = "smtp"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def send(self, message: OutgoingEmail) -> None:
        s = self.settings
        assert s.smtp_host
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = s.email_from, message.to, message.subject
        mail["Message-ID"] = make_msgid(domain="trada")
        mail.set_content(message.text)
        mail.add_alternative(message.html, subtype="html")
        with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=15) as smtp:
            if s.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if s.smtp_username and s.smtp_password:
                smtp.login(s.smtp_username, s.smtp_password)
            smtp.send_message(mail)


class SendGridSender:
    name = "sendgrid"

    def __init__(self, settings: Settings, host: str | None = None) -> None:
        from sendgrid import SendGridAPIClient

        assert settings.sendgrid_api_key
        self.settings = settings
        kwargs = {"host": host} if host else {}
        self.client = SendGridAPIClient(settings.sendgrid_api_key, **kwargs)
        self.client.client.timeout = 15

    def send(self, message: OutgoingEmail) -> None:
        from sendgrid.helpers.mail import Mail

        mail = Mail(
            from_email=self.settings.email_from,
            to_emails=message.to,
            subject=message.subject,
            plain_text_content=message.text,
            html_content=message.html,
        )
        self.client.send(mail)


class EmailNotConfigured(RuntimeError):
    """Production without SendGrid or SMTP: messages wait in the outbox instead of vanishing."""


def sender_for(settings: Settings) -> EmailSender:
    if settings.sendgrid_api_key:
        return SendGridSender(settings)
    if settings.smtp_host:
        return SmtpSender(settings)
    if settings.app_env == "production":
        raise EmailNotConfigured(
            "no email provider: set SENDGRID_API_KEY or SMTP_HOST (the development mailbox is "
            "off in production, where admins could read people's links)"
        )
    return DevMailbox()
