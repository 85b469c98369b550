"""The development mailbox as an admin uses it: 20 messages a page, search by recipient or
subject (found, and nothing found), web links clickable and nothing else, the invitation's .ics
downloaded."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import new_page
from tra_da.i18n import translations
from tra_da.services.demo_data import ADMIN_EMAIL, DEMO_PASSWORD

VI = translations("vi")  # the demo admin reads Vietnamese
ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
BODY = "Mở https://example.com/welcome?x=1 ngay. Không phải javascript:alert(1) hay <b>đậm</b>."


@pytest.fixture(scope="module")
def full_mailbox(server: str, server_database: Path) -> str:
    """25 messages to page through, and one with a link and an invitation (a mailbox fills
    this way only after weeks of bookings)."""
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    rows = [
        (f"paging{n:02}@example.com", f"Phân trang {n:02}", "Xin chào", "<p>x</p>", None, now)
        for n in range(25)
    ]
    rows.append(("links@example.com", "Lời mời có liên kết", BODY, "<p>x</p>", ICS, now))
    db = sqlite3.connect(server_database, timeout=30)
    with db:
        db.executemany(
            "INSERT INTO mailbox_message (to_email, subject, text_body, html_body, ics, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
    db.close()
    return server


def _search(page: Page, text: str) -> None:
    page.get_by_role("textbox", name=VI["admin.search"]).fill(text)
    page.get_by_role("button", name=VI["admin.search"]).click()


def test_an_admin_pages_searches_follows_a_link_and_downloads_the_invitation(
    browser: Browser, full_mailbox: str
) -> None:
    page, problems = new_page(browser, full_mailbox, "/login?next=/admin/mailbox", 375, 812)
    page.fill("#email", ADMIN_EMAIL)
    page.fill("#password", DEMO_PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/mailbox/?$"))
    cards = page.get_by_test_id("mailbox-message")

    # Found by recipient: 25, twenty on the first page, five on the second.
    _search(page, "PAGING")
    expect(page.get_by_text(re.compile(rf"{VI['admin.total']}: 25"))).to_be_visible()
    expect(cards).to_have_count(20)
    expect(cards.first).to_contain_text("paging24@example.com")
    page.get_by_role("button", name=VI["admin.next_page"]).click()
    expect(cards).to_have_count(5)
    expect(page.get_by_text("2 / 2")).to_be_visible()
    expect(cards.last).to_contain_text("paging00@example.com")

    # Nothing found says so (and is not the empty mailbox).
    _search(page, "không-có-ai-cả")
    expect(cards).to_have_count(0)
    expect(page.get_by_text(VI["admin.no_results"])).to_be_visible()

    # Found by subject; only the web address is a link, opened apart from this tab.
    _search(page, "có liên kết")
    expect(cards).to_have_count(1)
    body = cards.get_by_test_id("mailbox-body")
    expect(body).to_have_text(BODY)
    link = body.get_by_role("link")
    expect(link).to_have_count(1)
    expect(link).to_have_attribute("href", "https://example.com/welcome?x=1")
    expect(link).to_have_attribute("rel", re.compile(r"\bnoopener\b"))
    expect(link).to_have_attribute("target", "_blank")
    expect(body.locator("b")).to_have_count(0)  # the typed tag stays text

    with page.expect_download() as info:
        cards.get_by_role("button", name=VI["mailbox.download_ics"]).click()
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    assert Path(download.path()).read_text(encoding="utf-8").replace("\r\n", "\n") == (
        ICS.replace("\r\n", "\n")
    )
    assert not [p for p in problems if "Content Security Policy" in p], problems
    page.context.close()
