"""Matching in a real browser: a mentee's "Recommended for you", the directory's Best match
sort, and an admin assigning from the 5 best-matching mentors (success, and the refusal when the
mentor became full meanwhile)."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ARTIFACTS, new_page, next_client_address
from tra_da.services.demo_data import ADMIN_EMAIL, DEMO_PASSWORD

PASSWORD = "matching-passphrase-1"


def _api(server: str) -> httpx.Client:
    return httpx.Client(
        base_url=server, headers={"X-Forwarded-For": next_client_address()}, timeout=30
    )


def _register(server: str, email: str, name: str) -> None:
    with _api(server) as api:
        made = api.post(
            "/api/auth/register", json={"email": email, "password": PASSWORD, "name": name}
        )
        assert made.status_code == 201, made.text


def _signed_in(
    browser: Browser, server: str, email: str, password: str, path: str, width: int = 1280
) -> Page:
    page, _ = new_page(browser, server, f"/login?next={path}", width, 900)
    page.fill("#email", email)
    page.fill("#password", password)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"^http://[^/]+{path}/?$"))
    return page


def test_a_mentee_fills_interests_sees_recommendations_and_opens_one(
    browser: Browser, server: str
) -> None:
    _register(server, "mai.match@example.com", "Mai Matching")
    page = _signed_in(browser, server, "mai.match@example.com", PASSWORD, "/dashboard", 375)
    empty = page.get_by_test_id("recommendations-empty")
    expect(empty).to_be_visible()
    empty.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/account/?$"))
    page.locator("#interests").fill("Accessibility audits, then some SQL")
    page.locator("#interests").locator("xpath=ancestor::form").locator(
        "button[type=submit]"
    ).click()
    expect(page.get_by_role("status").first).to_be_visible()

    page.goto(server + "/dashboard", wait_until="networkidle")
    cards = page.get_by_test_id("recommendation")
    david = cards.filter(has_text="David Lê")
    expect(david).to_have_count(1)
    expect(david.get_by_test_id("match-reason")).to_have_text(
        re.compile(r"(Shared expertise|Cùng chuyên môn): accessibility$")
    )
    expect(cards.filter(has_text="Trần Đức Minh").get_by_test_id("match-reason")).to_have_text(
        re.compile(r"(Shared expertise|Cùng chuyên môn): sql$")
    )
    page.screenshot(path=str(ARTIFACTS / "screens" / "recommended-phone.png"), full_page=True)
    david.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/mentors/\d+/?$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("David Lê")
    page.context.close()


def test_best_match_sort_changes_the_directory_order(browser: Browser, server: str) -> None:
    # Giang is on the Data track: Trần Đức Minh (Data) comes first by best match.
    page = _signed_in(browser, server, "giang.ly@demo.trada.vn", DEMO_PASSWORD, "/mentors")
    first = page.get_by_test_id("mentor-card").first.get_by_role("heading")
    expect(first).to_be_visible()
    by_name = first.inner_text()
    assert by_name != "Trần Đức Minh"
    page.locator("select[name=sort]").select_option("match")
    expect(first).to_have_text("Trần Đức Minh")
    page.locator("select[name=sort]").select_option("name")
    expect(first).to_have_text(by_name)
    page.context.close()
    admin = _signed_in(browser, server, ADMIN_EMAIL, DEMO_PASSWORD, "/mentors")
    expect(admin.get_by_test_id("mentor-card").first).to_be_visible()
    expect(admin.locator("select[name=sort]")).to_have_count(0)  # the score is a mentee's
    admin.context.close()


def _open_mentee(page: Page, name: str) -> None:
    page.get_by_role("textbox", name=re.compile("Search|Tìm")).fill(name)
    page.locator("form button[type=submit]").first.click()
    expect(page.get_by_role("row")).to_have_count(2)
    page.get_by_role("row").filter(has_text=name).get_by_role("button").click()
    expect(page.get_by_role("dialog")).to_be_visible()


def _on_the_lab_track(page: Page, name: str) -> None:
    _open_mentee(page, name)
    dialog = page.get_by_role("dialog")
    dialog.locator("#track").fill("Matching Lab")
    dialog.locator("button[type=submit]").click()
    expect(dialog).to_be_hidden()
    page.get_by_role("row").filter(has_text=name).get_by_role("button").click()
    expect(dialog).to_be_visible()


def _assign(name: str) -> re.Pattern[str]:
    return re.compile(rf"^(Assign|Phân công): {name}$")


def test_admin_assigns_from_the_best_matches_and_is_refused_when_full(
    browser: Browser, server: str
) -> None:
    with _api(server) as api:
        login = api.post("/api/auth/login", json={"email": ADMIN_EMAIL, "password": DEMO_PASSWORD})
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        for n in range(1, 7):
            made = api.post(
                "/api/mentors",
                json={
                    "email": f"lab{n}@example.com",
                    "name": f"Lab Mentor {n}",
                    "track": "Matching Lab",
                    "expertise": [],
                    "bio": "",
                    "max_mentees": 1,
                },
                headers=headers,
            )
            assert made.status_code == 201, made.text
    _register(server, "lab.mentee@example.com", "Lab Mentee")
    _register(server, "lab.rival@example.com", "Lab Rival")

    page = _signed_in(browser, server, ADMIN_EMAIL, DEMO_PASSWORD, "/admin/mentees", 375)
    _on_the_lab_track(page, "Lab Mentee")
    dialog = page.get_by_role("dialog")
    suggestions = dialog.get_by_test_id("suggestion")
    expect(suggestions).to_have_count(5)
    for n in range(1, 6):
        expect(suggestions.nth(n - 1)).to_contain_text(f"Lab Mentor {n}")
    expect(suggestions.first.get_by_test_id("match-reason")).to_have_text(
        re.compile(r"(Same track|Cùng lĩnh vực): Matching Lab$")
    )
    page.screenshot(path=str(ARTIFACTS / "screens" / "admin-suggestions-phone.png"), full_page=True)

    # Meanwhile another admin gives Lab Mentor 1's only seat to the rival, in one click.
    other = _signed_in(browser, server, ADMIN_EMAIL, DEMO_PASSWORD, "/admin/mentees")
    _on_the_lab_track(other, "Lab Rival")
    other.get_by_role("dialog").get_by_role("button", name=_assign("Lab Mentor 1")).click()
    expect(other.get_by_role("dialog")).to_be_hidden()
    expect(other.get_by_role("row").filter(has_text="Lab Rival")).to_contain_text("Lab Mentor 1")
    other.context.close()

    dialog.get_by_role("button", name=_assign("Lab Mentor 1")).click()
    expect(dialog.get_by_role("alert")).to_contain_text("Lab Mentor 1")
    expect(suggestions.filter(has_text="Lab Mentor 1")).to_have_count(0)
    expect(suggestions.last).to_contain_text("Lab Mentor 6")
    dialog.get_by_role("button", name=_assign("Lab Mentor 2")).click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("row").filter(has_text="Lab Mentee")).to_contain_text("Lab Mentor 2")
    expect(page.get_by_role("status").first).to_contain_text("Lab Mentor 2")
    page.context.close()
