"""An admin runs the programme from a phone: create a mentor, assign a mentee, see the overview."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.e2e.conftest import ARTIFACTS, new_page
from tra_da.services.demo_data import ADMIN_EMAIL, DEMO_PASSWORD


def test_admin_creates_a_mentor_assigns_a_mentee_and_sees_both(
    browser: Browser, server: str
) -> None:
    page, problems = new_page(browser, server, "/login?next=/admin/mentors/new", 375, 812)
    page.fill("#email", ADMIN_EMAIL)
    page.fill("#password", DEMO_PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/mentors/new/?$"))

    page.fill("#name", "Trịnh Công Sơn")
    page.fill("#email", "son.trinh@example.com")
    page.fill("#track", "Design")
    page.fill("#expertise", "ux research, figma")
    page.fill("#max_mentees", "2")
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/mentors/\d+/?$"))
    expect(page.locator("#name")).to_have_value("Trịnh Công Sơn")
    page.screenshot(path=str(ARTIFACTS / "screens" / "admin-mentor-phone.png"), full_page=True)

    page.goto(server + "/admin/mentees", wait_until="networkidle")
    page.get_by_role("textbox", name=re.compile("Search|Tìm")).fill("emma")
    page.locator("form button[type=submit]").first.click()
    expect(page.get_by_role("row")).to_have_count(2)  # the header and Emma
    row = page.get_by_role("row").filter(has_text="Emma Ngô")
    row.get_by_role("button").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    dialog.locator("select[name=mentor_id]").select_option(label="Trịnh Công Sơn (0/2)")
    dialog.locator("button[type=submit]").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("row").filter(has_text="Emma Ngô")).to_contain_text("Trịnh Công Sơn")

    page.goto(server + "/dashboard", wait_until="networkidle")
    expect(page.get_by_text("Trịnh Công Sơn")).to_be_visible()
    expect(page.get_by_role("img", name="Trịnh Công Sơn: 1 / 2")).to_be_attached()
    page.screenshot(path=str(ARTIFACTS / "screens" / "admin-overview-phone.png"), full_page=True)
    assert not [p for p in problems if "Content Security Policy" in p], problems
    page.context.close()


def test_admin_pages_are_not_for_mentees(browser: Browser, server: str) -> None:
    page, _ = new_page(browser, server, "/login?next=/admin/mentees")
    page.fill("#email", "dung.bui@demo.trada.vn")  # binh.do is locked by the throttle test
    page.fill("#password", DEMO_PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page.get_by_test_id("not-allowed")).to_be_visible()
    expect(page.get_by_role("table")).to_have_count(0)
    page.context.close()


def test_the_sample_csv_link_downloads_the_demo_people(browser: Browser, server: str) -> None:
    """It used to open the app's 404 page: the client router took the link for a page."""
    page, problems = new_page(browser, server, "/login?next=/admin/import", 1280, 800)
    page.fill("#email", ADMIN_EMAIL)
    page.fill("#password", DEMO_PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/import/?$"))
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download the sample file|Tải tệp mẫu")).click()
    download = download_info.value
    assert download.suggested_filename == "tra-da-mentors.csv"
    content = Path(download.path()).read_text(encoding="utf-8-sig")
    assert content.splitlines()[1].startswith("lan.nguyen@demo.trada.vn,")
    expect(page).to_have_url(re.compile(r"/admin/import/?$"))  # still on the page, no 404
    assert not problems, problems
