"""Public mentor pages in a real browser and over plain HTTP (issue 18, sections 1 and 6):
visitors browse the directory and profiles (never an email), a visitor's slot leads through
sign in or sign up back to that slot's booking dialog, which states the rules that apply;
the profile's HTML carries its own title and Open Graph tags for a crawler that runs no
JavaScript; a return path to another site is refused."""

from __future__ import annotations

import re
from typing import Any

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ARTIFACTS, new_page, next_client_address
from tra_da.i18n import translations
from tra_da.services.demo_data import ADMIN_EMAIL, DEMO_PASSWORD

EN = translations("en")
VI = translations("vi")
SLOT_BUTTON = re.compile(r"^Book ")


def _api(server: str) -> httpx.Client:
    return httpx.Client(base_url=server, headers={"X-Forwarded-For": next_client_address()})


def _mentor(server: str, name: str) -> dict[str, Any]:
    with _api(server) as api:
        listing = api.get("/api/mentors", params={"limit": 50})
    assert listing.status_code == 200, listing.text  # no token: the directory is public
    return next(m for m in listing.json()["items"] if m["name"] == name)


def _no_email_on(page: Page) -> None:
    html = page.content()
    assert "@demo.trada.vn" not in html and "@example.com" not in html


def test_a_visitor_browses_and_signs_in_to_book_and_returns_to_that_slot(
    browser: Browser, server: str
) -> None:
    # Lan's sessions are paid (as in test_payments): the dialog then states the refund rule.
    with _api(server) as api:
        admin = api.post("/api/auth/login", json={"email": ADMIN_EMAIL, "password": DEMO_PASSWORD})
        token = admin.json()["access_token"]
        lan = _mentor(server, "Nguyễn Thị Lan")
        priced = api.put(
            f"/api/mentors/{lan['id']}/price",
            json={"amount": 150000, "currency": "vnd"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert priced.status_code == 200, priced.text
        made = api.post(
            "/api/auth/register",
            json={
                "email": "khach.moi@example.com",
                "password": "tra-da-khach-moi-2026",
                "name": "Khách",
            },
        )
        assert made.status_code == 201, made.text

    page, problems = new_page(browser, server, "/mentors", 375, 812)
    cards = page.get_by_test_id("mentor-card")
    expect(cards.first).to_be_visible()
    # The signed-out shell: sign in and sign up, the language switch, nothing they cannot use.
    nav = page.get_by_test_id("bottom-nav")
    expect(nav.get_by_role("link", name=EN["nav.sign_in"])).to_be_visible()
    expect(nav.get_by_role("link", name=EN["nav.sign_up"])).to_be_visible()
    expect(nav.get_by_role("link", name=EN["nav.sessions"])).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile(EN["nav.language"]))).to_be_visible()
    _no_email_on(page)
    page.screenshot(path=str(ARTIFACTS / "screens" / "directory-visitor-phone.png"), full_page=True)
    # The search box is as tall as the selects, and each card's calendar icon stays on the
    # line of its text.
    box = page.locator(".rt-TextFieldRoot:has(input[name=query])").bounding_box()
    select = page.locator("select[name=track]").bounding_box()
    assert box and select and abs(box["height"] - select["height"]) <= 1
    next_slot = cards.first.get_by_text(re.compile("^Next open slot"))
    icon = cards.first.locator("svg.lucide-calendar-clock").bounding_box()
    text = next_slot.bounding_box()
    assert icon and text and abs(icon["y"] - text["y"]) < text["height"] / 2

    cards.filter(has_text="Nguyễn Thị Lan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nguyễn Thị Lan")
    _no_email_on(page)
    slot = page.get_by_role("button", name=SLOT_BUTTON).first
    slot_name = slot.get_attribute("aria-label")
    slot.click()

    # Sent to sign in, with the way back to this very slot.
    expect(page).to_have_url(re.compile(r"/login/?\?next=%2Fmentors%2F\d+%3Fslot%3D\d+$"))
    page.fill("#email", "khach.moi@example.com")
    page.fill("#password", "tra-da-khach-moi-2026")
    page.get_by_role("button", name=re.compile("^Sign in$")).click()
    expect(page).to_have_url(re.compile(rf"/mentors/{lan['id']}/?\?slot=\d+$"))
    # Back at that slot's dialog, now in the account's language (Vietnamese: its default).
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Nguyễn Thị Lan")
    assert slot_name is not None
    expect(dialog).to_contain_text(slot_name.split(", ", 1)[1])  # the same day and time
    policy = dialog.get_by_test_id("booking-policy")
    expect(policy).to_contain_text(VI["policy.notice"].format(hours="2"))
    moment = r"(Thứ [2-7]|CN), \d\d/\d\d/\d{4} \d\d:\d\d"
    until = VI["policy.change_until"].split("{when}")[0]
    expect(policy).to_contain_text(re.compile(re.escape(until) + moment))
    refund = VI["policy.refund_full_until"].split("{when}")[0]
    expect(policy).to_contain_text(re.compile(re.escape(refund) + moment))
    expect(policy).to_contain_text(VI["policy.refund_by_mentor"])
    page.screenshot(path=str(ARTIFACTS / "screens" / "booking-policy-phone.png"), full_page=True)
    dialog.get_by_role("button", name=VI["admin.cancel"]).click()
    expect(dialog).to_have_count(0)
    assert not [p for p in problems if "Content Security Policy" in p], problems


def test_a_visitor_signs_up_to_book_and_books_that_slot(browser: Browser, server: str) -> None:
    minh = _mentor(server, "Trần Đức Minh")
    # Opened directly: the page with its own head (api/sharing.py) still runs as the app.
    page, problems = new_page(browser, server, f"/mentors/{minh['id']}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trần Đức Minh")
    _no_email_on(page)
    page.get_by_role("button", name=SLOT_BUTTON).first.click()
    expect(page).to_have_url(re.compile(r"/login/?\?next="))
    page.get_by_role("link", name=EN["login.no_account"]).click()
    expect(page).to_have_url(re.compile(r"/signup/?\?next=%2Fmentors%2F\d+%3Fslot%3D\d+$"))
    page.fill("#name", "Khách Đăng Ký")
    page.fill("#email", "khach.dang.ky@example.com")
    page.fill("#password", "password")  # refused: the way back survives the refusal
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert")).to_contain_text("most common")
    page.fill("#password", "tra-da-dang-ky-2026")
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(rf"/mentors/{minh['id']}/?\?slot=\d+$"))
    dialog = page.get_by_role("alertdialog")
    expect(dialog.get_by_test_id("booking-policy")).to_contain_text(
        EN["policy.notice"].format(hours="2")
    )
    expect(dialog.get_by_test_id("booking-policy")).not_to_contain_text("refund")  # free
    dialog.get_by_role("button", name="Book this session").click()
    expect(page).to_have_url(re.compile(r"/sessions/?$"))
    expect(page.get_by_test_id("session-card").filter(has_text="Trần Đức Minh")).to_have_count(1)


def test_sign_in_never_sends_anyone_to_another_site(browser: Browser, server: str) -> None:
    with _api(server) as api:
        made = api.post(
            "/api/auth/register",
            json={
                "email": "khach.la@example.com",
                "password": "tra-da-khach-la-2026",
                "name": "Lạ",
            },
        )
        assert made.status_code == 201, made.text
    for target in ("https://evil.example.com/", "//evil.example.com", "/%09/evil.example.com"):
        page, _ = new_page(browser, server, "/login?next=" + target)
        page.fill("#email", "khach.la@example.com")
        page.fill("#password", "tra-da-khach-la-2026")
        page.get_by_role("button", name=re.compile("^Sign in$")).click()
        expect(page).to_have_url(re.compile(r"^http://[^/]+/dashboard/?$"))
        page.context.close()


def test_a_profile_tab_carries_the_mentors_name(browser: Browser, server: str) -> None:
    lan = _mentor(server, "Nguyễn Thị Lan")
    page, _ = new_page(browser, server, f"/mentors/{lan['id']}")
    # The heading comes from the state: the app has loaded and drawn the page over the
    # server-written one, whose title already named her.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nguyễn Thị Lan")
    expect(page).to_have_title("Nguyễn Thị Lan — Trà Đá")
    page.get_by_role("link", name=EN["directory.back"]).click()  # in-app, no page load
    expect(page).to_have_url(re.compile(r"/mentors/?$"))
    expect(page).to_have_title("Trà Đá — Mentors")
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nguyễn Thị Lan")
    expect(page).to_have_title("Nguyễn Thị Lan — Trà Đá")


def test_a_profile_page_has_its_own_head_for_crawlers(server: str) -> None:
    lan = _mentor(server, "Nguyễn Thị Lan")
    with _api(server) as crawler:
        page = crawler.get(f"/mentors/{lan['id']}", headers={"Accept-Language": "en"})
        missing = crawler.get("/mentors/987654")
        listing = crawler.get("/api/mentors", params={"limit": 50})
        one = crawler.get(f"/api/mentors/{lan['id']}")
        slots = crawler.get(f"/api/mentors/{lan['id']}/slots")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "<title>Nguyễn Thị Lan — Trà Đá</title>" in html
    assert html.count("<title>") == 1
    assert "__reactRouterContext" in html  # the whole app's page, with the head added
    assert '<meta property="og:title" content="Nguyễn Thị Lan — Trà Đá"/>' in html
    assert '<meta property="og:type" content="profile"/>' in html
    og_url = rf'<meta property="og:url" content="http[^"]+/mentors/{lan["id"]}"/>'
    assert re.search(og_url, html)
    assert re.search(r'<meta name="description" content="[^"]+"/>', html)
    assert "@demo.trada.vn" not in html
    assert missing.status_code == 404 and "og:title" not in missing.text
    for answer in (listing, one, slots):
        assert answer.status_code == 200 and "@" not in answer.text
