"""Email delivery against real protocol servers on loopback, and the .ics invitations.

SendGrid: a stub of the v3 Mail Send endpoint (stdlib http.server) that can fail or hang on
purpose; SMTP: aiosmtpd, a real SMTP server. The fault-injection tests drive the real outbox relay
and check the end result a person sees: exactly one message delivered once the provider recovers.
"""

from __future__ import annotations

import base64
import email
import email.policy
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session, select

from tests.conftest import free_port
from tra_da.integrations import email as email_integration
from tra_da.integrations import ics
from tra_da.integrations.email import (
    DevMailbox,
    EmailDeliveryError,
    OutgoingEmail,
    SendGridSender,
    SmtpSender,
)
from tra_da.models import MailboxMessage, OutboxMessage
from tra_da.services import outbox
from tra_da.settings import Settings, get_settings

API_KEY = "SG.test-key-never-in-errors"


def _invite(**changes: Any) -> ics.Invite:
    values: dict[str, Any] = {
        "uid": "booking-42@trada",
        "sequence": 0,
        "method": "REQUEST",
        "start": datetime(2026, 12, 1, 11, 0, tzinfo=UTC),
        "end": datetime(2026, 12, 1, 12, 0, tzinfo=UTC),
        "summary": "Trà Đá: Lan × An",
        "description": "Career chat\nBring your CV",
        "location": "https://meet.google.com/abc-defg-hij",
        "organizer_email": "lan@example.com",
        "organizer_name": "Lan Nguyễn",
        "attendees": (("an@example.com", "An Trần"), ("lan@example.com", "Lan Nguyễn")),
    }
    values.update(changes)
    return ics.Invite(**values)


def _email_with_invite(invite: ics.Invite | None = None) -> OutgoingEmail:
    return OutgoingEmail(
        to="an@example.com",
        subject="Phiên mentoring đã được đặt",
        text="Xin chào An, phiên của bạn đã được xác nhận.",
        html="<p>Xin chào An, phiên của bạn đã được <b>xác nhận</b>.</p>",
        attachments=(ics.attachment(invite or _invite()),),
    )


def _event(data: bytes) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def _queue_reset_email(db: Session, to: str = "an@example.com") -> OutboxMessage:
    row = OutboxMessage(
        kind="email",
        dedupe_key=f"email.test:{to}",
        payload={
            "to": to,
            "template": "password_reset",
            "locale": "en",
            "context": {"name": "An", "minutes": 30, "link": "/reset"},
        },
    )
    db.add(row)
    db.commit()
    return row


def _relay(db: Session, hours_later: int) -> OutboxMessage:
    """One relay run `hours_later` hours from now, so every backoff so far has passed."""
    assert outbox.deliver_due(now=datetime.now(UTC) + timedelta(hours=hours_later)) == 1
    db.expire_all()
    return db.exec(select(OutboxMessage)).one()


# --- .ics -------------------------------------------------------------------------------------


def test_invite_parses_with_uid_sequence_method_people_and_reminder() -> None:
    data = ics.build(_invite(sequence=3))
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")  # CRLF line endings only
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["PRODID"]) == "-//Trà Đá//Mentoring//EN"
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["METHOD"]) == "REQUEST"
    event = _event(data)
    assert str(event["UID"]) == "booking-42@trada" and int(event["SEQUENCE"]) == 3
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["DTSTART"].dt == datetime(2026, 12, 1, 11, 0, tzinfo=UTC)
    assert event["DTEND"].dt == datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    assert abs(event["DTSTAMP"].dt - datetime.now(UTC)) < timedelta(minutes=1)
    assert str(event["SUMMARY"]) == "Trà Đá: Lan × An"
    assert str(event["DESCRIPTION"]) == "Career chat\nBring your CV"
    assert str(event["LOCATION"]) == str(event["URL"]) == "https://meet.google.com/abc-defg-hij"
    organizer = event["ORGANIZER"]
    assert str(organizer) == "mailto:lan@example.com" and organizer.params["CN"] == "Lan Nguyễn"
    attendees = event["ATTENDEE"]
    assert [str(a) for a in attendees] == ["mailto:an@example.com", "mailto:lan@example.com"]
    assert attendees[0].params["CN"] == "An Trần"
    for attendee in attendees:
        assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
        assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
        assert attendee.params["RSVP"] == "TRUE"
    alarms = event.walk("VALARM")
    assert len(alarms) == 1 and alarms[0]["TRIGGER"].dt == timedelta(minutes=-15)


def test_cancel_keeps_the_uid_and_says_cancelled_without_a_reminder() -> None:
    event_data = ics.build(_invite(method="CANCEL", sequence=2))
    calendar = icalendar.Calendar.from_ical(event_data)
    assert str(calendar["METHOD"]) == "CANCEL"
    event = _event(event_data)
    assert str(event["UID"]) == "booking-42@trada" and int(event["SEQUENCE"]) == 2
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.walk("VALARM") == []
    attachment = ics.attachment(_invite(method="CANCEL", sequence=2))
    assert attachment.content_type == "text/calendar; method=CANCEL; charset=UTF-8"
    assert attachment.filename == "cancel.ics"


def test_a_location_that_is_not_a_web_link_is_not_a_url() -> None:
    event = _event(ics.build(_invite(location="Phòng 3, Trà Đá café")))
    assert str(event["LOCATION"]) == "Phòng 3, Trà Đá café" and "URL" not in event
    assert "LOCATION" not in _event(ics.build(_invite(location="")))


@pytest.mark.parametrize(
    ("zone", "day", "utc_hour"),
    [
        ("America/New_York", datetime(2026, 3, 7, 18), 23),  # EST, the day before DST starts
        ("America/New_York", datetime(2026, 3, 9, 18), 22),  # EDT, the day after
        ("Europe/Berlin", datetime(2026, 10, 24, 18), 16),  # CEST, the day before DST ends
        ("Europe/Berlin", datetime(2026, 10, 26, 18), 17),  # CET, the day after
        ("Asia/Ho_Chi_Minh", datetime(2026, 3, 8, 18), 11),  # no DST at all
    ],
)
def test_times_are_utc_and_come_back_as_18_00_local_across_dst(
    zone: str, day: datetime, utc_hour: int
) -> None:
    tz = ZoneInfo(zone)
    start = day.replace(tzinfo=tz)
    data = ics.build(_invite(start=start, end=start + timedelta(hours=1)))
    assert b"DTSTART:" in data and b"TZID" not in data  # UTC, no zone definitions to get wrong
    event = _event(data)
    assert event["DTSTART"].dt.utcoffset() == timedelta(0)
    assert event["DTSTART"].dt.hour == utc_hour
    local_start = event["DTSTART"].dt.astimezone(tz)
    assert (local_start.date(), local_start.hour, local_start.minute) == (day.date(), 18, 0)
    assert event["DTEND"].dt - event["DTSTART"].dt == timedelta(hours=1)


def test_naive_times_and_bad_invites_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        ics.build(_invite(start=datetime(2026, 12, 1, 18, 0)))
    with pytest.raises(ValueError, match="timezone-aware"):
        ics.build(_invite(end=datetime(2026, 12, 1, 19, 0)))
    with pytest.raises(ValueError, match="method"):
        ics.build(_invite(method="PUBLISH"))
    with pytest.raises(ValueError, match="after start"):
        ics.build(_invite(end=datetime(2026, 12, 1, 11, 0, tzinfo=UTC)))


# --- dev mailbox --------------------------------------------------------------------------------


def test_dev_mailbox_keeps_the_invitation(db: Session) -> None:
    DevMailbox().send(_email_with_invite())
    DevMailbox().send(OutgoingEmail(to="lan@example.com", subject="Hi", text="t", html="<p>h</p>"))
    with_invite, plain = db.exec(select(MailboxMessage).order_by(MailboxMessage.id)).all()
    assert with_invite.ics is not None and with_invite.ics.startswith("BEGIN:VCALENDAR")
    assert "UID:booking-42@trada" in with_invite.ics and "Lan Nguyễn" in with_invite.ics
    assert plain.ics is None


# --- SendGrid -----------------------------------------------------------------------------------


@dataclass
class _Request:
    path: str
    authorization: str
    body: dict[str, Any]
    status: int


@dataclass
class SendGridStub:
    """The v3 Mail Send endpoint. `script` lists (status, delay in seconds) for the first
    requests; after that it answers 202 Accepted at once, as SendGrid does."""

    port: int
    script: list[tuple[int, float]] = field(default_factory=list)
    requests: list[_Request] = field(default_factory=list)

    @property
    def accepted(self) -> list[_Request]:
        return [r for r in self.requests if r.status == 202]


@pytest.fixture
def sendgrid_stub() -> Iterator[SendGridStub]:
    stub = SendGridStub(port=free_port())
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with lock:
                status, delay = stub.script.pop(0) if stub.script else (202, 0.0)
                stub.requests.append(
                    _Request(self.path, self.headers.get("Authorization", ""), body, status)
                )
            time.sleep(delay)
            payload = b"" if status == 202 else b'{"errors":[{"message":"stub failure"}]}'
            try:
                self.send_response(status)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                pass  # the client gave up waiting (the timeout test)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", stub.port), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _sendgrid_settings(stub: SendGridStub) -> Settings:
    return Settings(sendgrid_api_key=API_KEY, sendgrid_host=f"http://127.0.0.1:{stub.port}")


@pytest.fixture
def sendgrid_env(
    use_database: str, sendgrid_stub: SendGridStub, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SendGridStub]:
    """The application configured for SendGrid at the stub, on the test database."""
    monkeypatch.setenv("SENDGRID_API_KEY", API_KEY)
    monkeypatch.setenv("SENDGRID_HOST", f"http://127.0.0.1:{sendgrid_stub.port}")
    get_settings.cache_clear()
    assert get_settings().sendgrid_host == f"http://127.0.0.1:{sendgrid_stub.port}"
    yield sendgrid_stub
    get_settings.cache_clear()


def test_sendgrid_request_carries_the_message_and_the_invitation(
    sendgrid_stub: SendGridStub,
) -> None:
    SendGridSender(_sendgrid_settings(sendgrid_stub)).send(_email_with_invite())
    (request,) = sendgrid_stub.requests
    assert request.path == "/v3/mail/send" and request.status == 202
    assert request.authorization == f"Bearer {API_KEY}"
    body = request.body
    assert body["from"] == {"email": "no-reply@trada.local", "name": "Trà Đá"}
    assert body["personalizations"][0]["to"] == [{"email": "an@example.com"}]
    assert body["subject"] == "Phiên mentoring đã được đặt"
    contents = {c["type"]: c["value"] for c in body["content"]}
    assert contents["text/plain"] == "Xin chào An, phiên của bạn đã được xác nhận."
    assert "<b>xác nhận</b>" in contents["text/html"]
    (attachment,) = body["attachments"]
    assert attachment["filename"] == "invite.ics" and attachment["disposition"] == "attachment"
    assert attachment["type"] == "text/calendar; method=REQUEST; charset=UTF-8"
    event = _event(base64.b64decode(attachment["content"]))
    assert str(event["UID"]) == "booking-42@trada"


def test_sendgrid_refusal_is_a_clear_error_without_secrets(sendgrid_stub: SendGridStub) -> None:
    sendgrid_stub.script = [(401, 0.0)]
    with pytest.raises(EmailDeliveryError) as caught:
        SendGridSender(_sendgrid_settings(sendgrid_stub)).send(_email_with_invite())
    message = str(caught.value)
    assert "HTTP 401" in message and "SENDGRID_API_KEY" in message
    assert API_KEY not in message and "stub failure" not in message and "Xin chào" not in message


def test_sendgrid_unreachable_is_a_clear_error() -> None:
    settings = Settings(sendgrid_api_key=API_KEY, sendgrid_host=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(EmailDeliveryError, match="unreachable") as caught:
        SendGridSender(settings).send(_email_with_invite())
    assert API_KEY not in str(caught.value)


def test_sendgrid_outage_is_retried_until_delivered_exactly_once(
    db: Session, sendgrid_env: SendGridStub
) -> None:
    sendgrid_env.script = [(500, 0.0), (500, 0.0)]
    _queue_reset_email(db)
    row = _relay(db, hours_later=1)
    assert row.status == "pending" and row.attempts == 1
    error = row.last_error or ""
    assert "EmailDeliveryError" in error and "HTTP 500" in error and API_KEY not in error
    assert _relay(db, hours_later=2).status == "pending"
    row = _relay(db, hours_later=3)
    assert row.status == "done" and row.attempts == 3
    assert outbox.deliver_due(now=datetime.now(UTC) + timedelta(days=2)) == 0
    assert [r.status for r in sendgrid_env.requests] == [500, 500, 202]
    (accepted,) = sendgrid_env.accepted
    assert accepted.body["personalizations"][0]["to"] == [{"email": "an@example.com"}]


def test_sendgrid_timeout_is_retried_and_delivered_exactly_once(
    db: Session, sendgrid_env: SendGridStub, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first answer comes after the client stopped waiting, and it is a failure (like a
    # gateway timeout): Mail Send has no idempotency key, so a request that SendGrid accepted
    # after the client gave up would be sent twice. The outbox can only promise at least once.
    monkeypatch.setattr(email_integration, "SENDGRID_TIMEOUT_SECONDS", 0.5)
    sendgrid_env.script = [(504, 2.0)]
    _queue_reset_email(db)
    started = time.monotonic()
    row = _relay(db, hours_later=1)
    assert time.monotonic() - started < 1.9  # the relay did not wait for the slow answer
    assert row.status == "pending" and "did not answer within 0.5 s" in (row.last_error or "")
    row = _relay(db, hours_later=2)
    assert row.status == "done" and row.attempts == 2
    assert outbox.deliver_due(now=datetime.now(UTC) + timedelta(days=2)) == 0
    assert [r.status for r in sendgrid_env.requests] == [504, 202]
    assert len(sendgrid_env.accepted) == 1


# --- SMTP ---------------------------------------------------------------------------------------


class _Collector:
    """aiosmtpd handler: keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    port: int
    collector: _Collector = field(default_factory=_Collector)
    controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.collector, hostname="127.0.0.1", port=self.port)
        self.controller.start()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A port for an SMTP server that is started only when the test says so."""
    server = SmtpServer(port=free_port())
    try:
        yield server
    finally:
        if server.controller is not None:
            server.controller.stop()


def _smtp_settings(server: SmtpServer) -> Settings:
    return Settings(smtp_host="127.0.0.1", smtp_port=server.port, smtp_starttls=False)


def test_smtp_message_has_text_html_and_the_calendar_part(smtp_server: SmtpServer) -> None:
    smtp_server.start()
    SmtpSender(_smtp_settings(smtp_server)).send(_email_with_invite())
    (message,) = smtp_server.collector.messages
    assert smtp_server.collector.recipients == [["an@example.com"]]
    assert message["To"] == "an@example.com" and message["Subject"] == "Phiên mentoring đã được đặt"
    assert message["From"].addresses[0].display_name == "Trà Đá"
    assert message.get_content_type() == "multipart/mixed"
    body = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert body is not None and html is not None
    assert body.get_content().strip() == "Xin chào An, phiên của bạn đã được xác nhận."
    assert "<b>xác nhận</b>" in html.get_content()
    (part,) = list(message.iter_attachments())
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST" and part.get_filename() == "invite.ics"
    raw = part.get_payload(decode=True)
    assert isinstance(raw, bytes)
    assert str(_event(raw)["UID"]) == "booking-42@trada"


def test_smtp_unreachable_is_a_clear_error(smtp_server: SmtpServer) -> None:
    with pytest.raises(EmailDeliveryError, match=f"127.0.0.1:{smtp_server.port} unreachable"):
        SmtpSender(_smtp_settings(smtp_server)).send(_email_with_invite())


def test_smtp_server_down_then_up_delivers_exactly_once(
    db: Session, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(smtp_server.port))
    monkeypatch.setenv("SMTP_STARTTLS", "false")
    get_settings.cache_clear()
    _queue_reset_email(db)
    row = _relay(db, hours_later=1)  # nobody listening yet
    assert row.status == "pending" and "unreachable" in (row.last_error or "")

    smtp_server.start()
    row = _relay(db, hours_later=2)
    assert row.status == "done" and row.attempts == 2
    assert outbox.deliver_due(now=datetime.now(UTC) + timedelta(days=2)) == 0
    (message,) = smtp_server.collector.messages
    assert smtp_server.collector.recipients == [["an@example.com"]]
    assert message.get_body(preferencelist=("plain",)) is not None
    assert message.get_body(preferencelist=("html",)) is not None


def test_a_message_sendgrid_refuses_for_good_is_parked_at_once(
    db: Session, sendgrid_stub: SendGridStub, sendgrid_env: None
) -> None:
    sendgrid_stub.script = [(400, 0.0)]
    row = _queue_reset_email(db)
    outbox.deliver_due(now=datetime.now(UTC))
    db.expire_all()
    parked = db.get(OutboxMessage, row.id)
    assert parked is not None and parked.status == "dead" and parked.attempts == 1
    assert "HTTP 400" in (parked.last_error or "")
