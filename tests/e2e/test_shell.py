"""The production build in headless Chromium: layout per width, sign-in, headers, 404."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ARTIFACTS, new_page
from tra_da.services.demo_data import ADMIN_EMAIL, ADMIN_NAME, DEMO_PASSWORD

WIDTHS = {"desktop": (1280, 800), "tablet": (900, 1100), "phone": (375, 812)}
# Which navigation each width must show, and only there.
EXPECTED = {
    "desktop": {"sidebar": True, "drawer-button": False, "bottom-nav": False},
    "tablet": {"sidebar": False, "drawer-button": True, "bottom-nav": False},
    "phone": {"sidebar": False, "drawer-button": False, "bottom-nav": True},
}


def _open(browser: Browser, base: str, path: str, width: str) -> tuple[Page, list[str]]:
    return new_page(browser, base, path, *WIDTHS[width])


@pytest.mark.parametrize("width", list(WIDTHS))
def test_navigation_matches_the_width(browser: Browser, server: str, width: str) -> None:
    page, problems = _open(browser, server, "/", width)
    expect(page.get_by_role("heading", level=1)).to_contain_text("mentor")
    for testid, visible in EXPECTED[width].items():
        locator = page.get_by_test_id(testid)
        if visible:
            expect(locator).to_be_visible()
        else:
            expect(locator).to_be_hidden()
    (ARTIFACTS / "screens").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "screens" / f"landing-{width}.png"), full_page=True)
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    page.context.close()


def test_drawer_opens_on_tablet(browser: Browser, server: str) -> None:
    page, _ = _open(browser, server, "/", "tablet")
    page.get_by_test_id("drawer-button").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("link", name="Sign in")).to_be_visible()
    page.wait_for_timeout(800)  # let the slide-in finish before the picture
    page.screenshot(path=str(ARTIFACTS / "screens" / "drawer-tablet.png"))
    dialog.get_by_role("link", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"^http://[^/]+/login/?$"))
    expect(page.get_by_role("dialog")).to_be_hidden()
    page.context.close()


def test_pages_carry_security_headers(server: str) -> None:
    for path in ("/", "/login", "/api/health"):
        response = httpx.get(server + path, follow_redirects=True)
        assert response.status_code == 200
        headers = response.headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "ws:" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["strict-transport-security"].startswith("max-age=")
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_sign_in_round_trip_at_every_width(browser: Browser, server: str) -> None:
    for width in WIDTHS:
        page, problems = _open(browser, server, "/dashboard", width)
        expect(page).to_have_url(re.compile(r"/login\?next=/dashboard"))
        page.fill("#email", ADMIN_EMAIL)
        page.fill("#password", "wrong-password")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).to_contain_text("do not match")
        page.fill("#password", DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(re.compile(r"^http://[^/]+/dashboard/?$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text(ADMIN_NAME)
        expect(page.get_by_text("Mức sử dụng mentor")).to_be_visible()  # the admin's own language
        page.screenshot(
            path=str(ARTIFACTS / "screens" / f"dashboard-admin-{width}.png"), full_page=True
        )
        page.reload(wait_until="networkidle")
        expect(page.get_by_role("heading", level=1)).to_contain_text(ADMIN_NAME)
        assert not problems, problems
        page.context.close()


def test_unknown_pages_get_the_404_page(browser: Browser, server: str) -> None:
    page, _ = _open(browser, server, "/no-such-page", "phone")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_role("link", name="Back to home")).to_be_visible()
    page.context.close()


def test_language_and_colour_mode_switch(browser: Browser, server: str) -> None:
    page, _ = _open(browser, server, "/", "desktop")
    sidebar = page.get_by_test_id("sidebar")
    sidebar.get_by_role("button", name="Switch to Vietnamese").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gặp đúng mentor")
    page.reload(wait_until="networkidle")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gặp đúng mentor")
    sidebar.get_by_role("button", name="Chế độ sáng/tối").click()
    expect(page.locator("html")).to_have_class(re.compile("dark"))
    page.context.close()


def test_the_notification_region_speaks_the_page_language(browser: Browser, server: str) -> None:
    """Sonner's region ("Notifications alt+T" in English only) and Reflex's "Connection Error"
    (its connection toast and icon, replaced by the layout's banner) follow the language."""
    page, _ = _open(browser, server, "/", "desktop")
    region = page.locator("section[aria-label*='Alt+T']")
    expect(region).to_have_attribute("aria-label", "Notifications (Alt+T)")
    page.get_by_test_id("sidebar").get_by_role("button", name="Switch to Vietnamese").click()
    expect(region).to_have_attribute("aria-label", "Thông báo (Alt+T)")
    assert "Connection Error" not in page.content()
    page.context.close()
