"""Every email in both languages, from the catalogue: filled placeholders, escaped HTML, the
session's time and zone as the recipient reads them."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from tra_da.i18n import text
from tra_da.services import booking_effects, emails

CONTEXT: dict[str, Any] = {
    "name": "An <Trần>",
    "other": "Lan Nguyễn",
    "when": "Thứ 4, 25/11/2026 18:00",
    "zone": "Việt Nam (TP Hồ Chí Minh)",
    "reason": "—",
    "link": "/sessions",
    "meeting": "https://meet.jit.si/abc",
    "amount": "200.000 ₫",
    "inviter": "Admin",
    "role": "mentor",
    "days": 7,
    "minutes": 30,
}


def test_every_template_is_in_the_catalogue() -> None:
    assert {
        "invitation",
        "booking_confirmed",
        "booking_rescheduled",
        "booking_cancelled",
        "reminder_24h",
        "reminder_1h",
        "payment_refunded",
        "payment_refunded_manual",
        "payment_late_refunded",
        "password_reset",
        "waitlist_open",
    } == emails.TEMPLATES


@pytest.mark.parametrize("template", sorted(emails.TEMPLATES))
def test_each_email_renders_in_both_languages(template: str) -> None:
    vi = emails.render(template, "vi", CONTEXT)
    en = emails.render(template, "en", CONTEXT)
    assert vi.subject != en.subject and vi.text != en.text
    for mail, lang in ((vi, "vi"), (en, "en")):
        assert not re.search(r"\{\w*\}", mail.subject + mail.text + mail.html)  # all filled
        assert mail.text.startswith(text(f"email.{template}.intro", lang, name="An <Trần>"))
        assert "http://testserver/sessions" in mail.text and "— Trà Đá" in mail.text
        assert "An &lt;Trần&gt;" in mail.html and "<Trần>" not in mail.html  # text, not HTML
        assert text(f"email.{template}.action", lang) in mail.html


def test_the_booking_email_names_time_and_zone_in_the_readers_words() -> None:
    vi = emails.render("booking_confirmed", "vi", CONTEXT)
    assert vi.subject == "Đã đặt: buổi hẹn lúc Thứ 4, 25/11/2026 18:00"
    assert "(Việt Nam (TP Hồ Chí Minh))" in vi.text


def test_an_unknown_language_gets_english_and_an_unknown_template_fails() -> None:
    assert emails.render("password_reset", "", CONTEXT).subject == "Reset your Trà Đá password"
    assert emails.render("password_reset", "fr", CONTEXT).subject == "Reset your Trà Đá password"
    with pytest.raises(KeyError):
        emails.render("no_such_template", "en", CONTEXT)


def test_an_invitation_queued_before_the_catalogues_still_names_the_role() -> None:
    old = {k: v for k, v in CONTEXT.items() if k != "role"} | {"role_en": "mentee"}
    assert "as a mentee." in emails.render("invitation", "en", old).text


@pytest.mark.parametrize(
    ("locale", "zone", "when", "zone_name"),
    [
        ("vi", "Asia/Ho_Chi_Minh", "Thứ 4, 25/11/2026 18:00", "Việt Nam (TP Hồ Chí Minh)"),
        ("en", "Europe/Berlin", "Wed, 25/11/2026 12:00", "Germany (Berlin)"),
        ("en", "UTC", "Wed, 25/11/2026 11:00", "UTC (Coordinated Universal Time)"),
    ],
)
def test_the_session_time_in_emails_is_the_recipients(
    locale: str, zone: str, when: str, zone_name: str
) -> None:
    start = datetime(2026, 11, 25, 11, 0, tzinfo=UTC)
    booking = SimpleNamespace(start_at=start, end_at=start + timedelta(hours=1))
    reader = SimpleNamespace(timezone=zone, locale=locale)
    assert booking_effects.when_and_zone(booking, reader) == {  # type: ignore[arg-type]
        "when": when,
        "zone": zone_name,
    }


def test_the_calendar_title_and_description_follow_the_language() -> None:
    mentor, mentee = SimpleNamespace(name="Lan"), SimpleNamespace(name="An")
    assert booking_effects.event_summary(mentor, mentee, "en") == "Trà Đá: Lan × An"  # type: ignore[arg-type]
    assert text("calendar.event.description", "vi") != text("calendar.event.description", "en")
    assert text("calendar.invite.meeting", "vi", meeting="https://x") == "Link phòng họp: https://x"
