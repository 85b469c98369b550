"""Email delivery: SendGrid when its key is set, SMTP when a host is set, else the dev mailbox.

Every sender either delivers or raises: the outbox relay retries on any exception, so a failure
must never pass silently. Provider failures become EmailDeliveryError with a message an admin can
act on (status code, reason, host) and without secrets or message content, because the message is
stored in the outbox row and logged.
"""

from __future__ import annotations

import base64
import functools
import http.client
import smtplib
import ssl
import urllib.error
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Protocol

from tra_da.settings import Settings

# Seconds to wait for the provider. A hung provider must not hold the relay's lease for long;
# the relay's lease (5 minutes) covers a batch of these.
SENDGRID_TIMEOUT_SECONDS: float = 15
SMTP_TIMEOUT_SECONDS: float = 15


@dataclass(frozen=True)
class EmailAttachment:
    filename: str
    content_type: str  # e.g. "text/calendar; method=REQUEST; charset=UTF-8"
    data: bytes


@dataclass(frozen=True)
class OutgoingEmail:
    to: str
    subject: str
    text: str
    html: str
    attachments: tuple[EmailAttachment, ...] = ()


class EmailDeliveryError(RuntimeError):
    """The provider did not take the message. `permanent` when retrying the same message cannot
    help (a 400, a 5xx SMTP reply about this message): the outbox parks it for an admin at once;
    otherwise it is tried again later."""

    def __init__(self, message: str, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class EmailSender(Protocol):
    name: str

    def send(self, message: OutgoingEmail) -> None: ...


def _content_type(value: str) -> tuple[str, str, dict[str, str]]:
    """(maintype, subtype, parameters) of a Content-Type value, parsed by the standard library
    so quoting and case follow RFC 2045 rather than a hand-written split."""
    maintype, subtype, pairs = _parsed_content_type(value)
    return maintype, subtype, dict(pairs)


@functools.lru_cache(maxsize=64)
def _parsed_content_type(value: str) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """Remembered: a few content types recur (each invitation's), and the parser costs more
    than the rest of storing a message."""
    header = EmailMessage()
    header["Content-Type"] = value
    pairs = header.get_params(header="content-type") or []
    params = tuple((key, str(val)) for key, val in pairs[1:])  # the first pair is the type
    return header.get_content_maintype(), header.get_content_subtype(), params


class DevMailbox:
    """Stores messages in the database, readable by admins at /admin/mailbox."""

    name = "dev-mailbox"

    def send(self, message: OutgoingEmail) -> None:
        from tra_da import db
        from tra_da.models import MailboxMessage

        ics = None
        for attachment in message.attachments:
            maintype, subtype, params = _content_type(attachment.content_type)
            if (maintype, subtype) == ("text", "calendar"):
                ics = attachment.data.decode(params.get("charset", "utf-8"), errors="replace")
                break  # the mailbox shows one invitation; a booking email carries only one
        with db.session() as session:
            session.add(
                MailboxMessage(
                    to_email=message.to,
                    subject=message.subject,
                    text_body=message.text,
                    html_body=message.html,
                    ics=ics,
                )
            )
            session.commit()


class SmtpSender:
    name = "smtp"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def compose(self, message: OutgoingEmail) -> EmailMessage:
        """multipart/mixed: the text and HTML alternatives first, then each attachment. A
        text/calendar part keeps its method parameter, which mail programs need to offer
        accept/decline (REQUEST) or to remove the event (CANCEL)."""
        s = self.settings
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = s.email_from, message.to, message.subject
        mail["Message-ID"] = make_msgid(domain="trada")
        mail.set_content(message.text)
        mail.add_alternative(message.html, subtype="html")
        for attachment in message.attachments:
            maintype, subtype, params = _content_type(attachment.content_type)
            mail.add_attachment(
                attachment.data,
                maintype=maintype,
                subtype=subtype,
                filename=attachment.filename,
                params=params,
            )
        return mail

    def send(self, message: OutgoingEmail) -> None:
        s = self.settings
        assert s.smtp_host
        mail = self.compose(message)
        where = f"{s.smtp_host}:{s.smtp_port}"
        try:
            with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
                if s.smtp_starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if s.smtp_username and s.smtp_password:
                    smtp.login(s.smtp_username, s.smtp_password)
                smtp.send_message(mail)
        except smtplib.SMTPAuthenticationError as exc:
            raise EmailDeliveryError(
                f"SMTP server {where} refused the login ({exc.smtp_code}): check SMTP_USERNAME "
                "and SMTP_PASSWORD"
            ) from exc
        except smtplib.SMTPResponseException as exc:
            reply = exc.smtp_error
            if isinstance(reply, bytes):
                reply = reply.decode("utf-8", "replace")
            raise EmailDeliveryError(
                f"SMTP server {where} refused the message: {exc.smtp_code} {reply[:200]}",
                permanent=500 <= exc.smtp_code < 600,
            ) from exc
        except smtplib.SMTPRecipientsRefused as exc:
            codes = sorted({code for code, _reply in exc.recipients.values()})
            raise EmailDeliveryError(
                f"SMTP server {where} refused the recipient ({', '.join(map(str, codes))})"
            ) from exc
        except smtplib.SMTPException as exc:
            raise EmailDeliveryError(f"SMTP delivery through {where} failed: {exc}") from exc
        except TimeoutError as exc:
            raise EmailDeliveryError(
                f"SMTP server {where} did not answer within {SMTP_TIMEOUT_SECONDS:g} s"
            ) from exc
        except OSError as exc:  # refused, unreachable, DNS, TLS handshake
            raise EmailDeliveryError(
                f"SMTP server {where} unreachable: {exc.strerror or exc}"
            ) from exc


class SendGridSender:
    name = "sendgrid"

    def __init__(self, settings: Settings) -> None:
        from sendgrid import SendGridAPIClient

        assert settings.sendgrid_api_key
        self.settings = settings
        self.client = SendGridAPIClient(settings.sendgrid_api_key, host=settings.sendgrid_host)
        # The library waits forever by default; a hung request would stall the relay.
        self.client.client.timeout = SENDGRID_TIMEOUT_SECONDS

    def compose(self, message: OutgoingEmail) -> object:
        """The Mail helper object for the v3 Mail Send API, attachments base64-encoded."""
        from sendgrid.helpers.mail import (
            Attachment,
            Disposition,
            FileContent,
            FileName,
            FileType,
            Mail,
        )

        mail = Mail(
            from_email=self.settings.email_from,
            to_emails=message.to,
            subject=message.subject,
            plain_text_content=message.text,
            html_content=message.html,
        )
        for attachment in message.attachments:
            mail.add_attachment(
                Attachment(
                    FileContent(base64.b64encode(attachment.data).decode("ascii")),
                    FileName(attachment.filename),
                    FileType(attachment.content_type),
                    Disposition("attachment"),
                )
            )
        return mail

    def send(self, message: OutgoingEmail) -> None:
        from python_http_client.exceptions import HTTPError

        host = self.settings.sendgrid_host
        try:
            self.client.send(self.compose(message))
        except HTTPError as exc:
            # The status and reason only: the response body and headers stay out of the outbox.
            hint = " (check SENDGRID_API_KEY)" if exc.status_code in (401, 403) else ""
            raise EmailDeliveryError(
                f"SendGrid refused the message: HTTP {exc.status_code} {exc.reason}{hint}",
                permanent=exc.status_code in (400, 413),  # this message itself is refused
            ) from exc
        except TimeoutError as exc:
            raise EmailDeliveryError(
                f"SendGrid ({host}) did not answer within {SENDGRID_TIMEOUT_SECONDS:g} s"
            ) from exc
        except urllib.error.URLError as exc:
            raise EmailDeliveryError(f"SendGrid ({host}) unreachable: {exc.reason}") from exc
        except (OSError, http.client.HTTPException) as exc:  # connection dropped mid-answer
            raise EmailDeliveryError(
                f"SendGrid ({host}) connection failed: {type(exc).__name__}"
            ) from exc


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
