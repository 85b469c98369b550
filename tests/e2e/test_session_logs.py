"""Session logs in a real browser: a mentor logs yesterday's session with a needs-support flag,
an admin sees the flag on the overview and resolves it; a mentee rates a session; CSV export."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ARTIFACTS, new_page, pick_day
from tra_da.services import demo_data
from tra_da.services.demo_data import ADMIN_EMAIL, DEMO_PASSWORD


def _signed_in(browser: Browser, server: str, email: str, path: str, width: int = 1280) -> Page:
    page, _ = new_page(browser, server, f"/login?next={path}", width, 900)
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"^http://[^/]+{path}/?$"))
    return page


def test_a_flagged_log_reaches_the_admin_who_resolves_it(browser: Browser, server: str) -> None:
    mentor = _signed_in(browser, server, "minh.tran@demo.trada.vn", "/dashboard", 375)
    prompt = mentor.get_by_test_id("log-prompt").filter(has_text="Hoàng Linh Chi")
    expect(prompt).to_have_count(1)
    prompt.get_by_role("button").click()
    dialog = mentor.get_by_role("dialog")
    expect(dialog).to_contain_text("Hoàng Linh Chi")
    # Prefilled from the booking: the session's day, month and year.
    for part in ("day", "month", "year"):
        expect(dialog.locator(f"#session_date-{part}")).not_to_have_value("")
    dialog.locator("#topic").fill("")
    dialog.locator("button[type=submit]").click()
    expect(dialog).to_be_visible()  # the browser asks for the topic first: nothing is saved
    dialog.locator("#topic").fill("Đánh giá mô hình churn")
    dialog.locator("select[name=mentor_score]").select_option("2")
    dialog.locator("#needs_support").click()
    dialog.locator("#notes").fill("Chi is overwhelmed by the new job; talk to her team lead.")
    dialog.locator("#action_items").fill("Rút gọn phạm vi dự án xuống một mô hình.")
    dialog.locator("button[type=submit]").click()
    expect(dialog).to_be_hidden()
    expect(mentor.get_by_test_id("log-prompt")).to_have_count(0)
    card = mentor.get_by_test_id("mentee-card").filter(has_text="Hoàng Linh Chi")
    expect(card).to_contain_text(re.compile("Needs support|Cần hỗ trợ"))
    expect(card).to_contain_text("2/5")
    mentor.screenshot(
        path=str(ARTIFACTS / "screens" / "mentor-dashboard-phone.png"), full_page=True
    )
    mentor.context.close()

    admin = _signed_in(browser, server, ADMIN_EMAIL, "/dashboard")
    flag = admin.get_by_test_id("support-flag").filter(has_text="Đánh giá mô hình churn")
    expect(flag).to_have_count(1)
    expect(flag).to_contain_text("Hoàng Linh Chi")
    admin.screenshot(path=str(ARTIFACTS / "screens" / "admin-support-desktop.png"), full_page=True)
    flag.get_by_role("button").click()
    resolve = admin.get_by_role("dialog")
    resolve.locator("#resolution").fill("   ")
    resolve.locator("button[type=submit]").click()
    expect(resolve.get_by_role("alert")).to_be_visible()  # says what to write; still open
    resolve.locator("#resolution").fill("Đã gọi cho Chi và trưởng nhóm; giảm phạm vi dự án.")
    resolve.locator("button[type=submit]").click()
    expect(resolve).to_be_hidden()
    expect(admin.get_by_test_id("support-flag").filter(has_text="churn")).to_have_count(0)
    admin.context.close()


def test_a_mentee_rates_their_latest_session(browser: Browser, server: str) -> None:
    page = _signed_in(browser, server, "an.vo@demo.trada.vn", "/dashboard", 375)
    latest = page.get_by_test_id("my-log").filter(has_text="Làm chủ hệ thống production")
    expect(latest).to_contain_text("Theo một ca trực.")  # Lan writes her logs in Vietnamese
    # Never the private notes.
    expect(page.get_by_text(demo_data.NOTES["vi"])).to_have_count(0)
    latest.get_by_role("button").click()
    dialog = page.get_by_role("dialog")
    dialog.locator("#rate-4").click()
    dialog.locator("#comment").fill("Rất thực tế, cảm ơn chị!")
    # A booked session: the rating is its review, which may say more for everyone to read.
    dialog.locator("#review").fill("Chị Lan cho mình trực on-call cùng, học được rất nhiều.")
    dialog.locator("button[type=submit]").click()
    expect(dialog).to_be_hidden()
    expect(
        page.get_by_test_id("my-log").filter(has_text="Làm chủ hệ thống production")
    ).to_contain_text("4/5")
    page.context.close()


def test_an_admin_downloads_the_filtered_csv(browser: Browser, server: str) -> None:
    page = _signed_in(browser, server, ADMIN_EMAIL, "/admin/session-logs")
    page.locator("select[name=mentor_id]").select_option(label="Nguyễn Thị Lan")
    expect(page.get_by_role("row").filter(has_text="Trần Đức Minh")).to_have_count(0)
    expect(page.get_by_role("row").filter(has_text="Võ Minh An").first).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("Download CSV|Tải CSV")).click()
    data = info.value.path().read_bytes()
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert "Võ Minh An" in text and "Trần Đức Minh" not in text

    # The date filters are the app's own fields: a whole date applies at once, 31 February is
    # refused with the days the month has, and clearing the filters empties them.
    an = page.get_by_role("row").filter(has_text="Võ Minh An")
    pick_day(page, "date_from", (date.today() + timedelta(days=1)).isoformat())
    expect(an).to_have_count(0)  # every demo log is in the past
    pick_day(page, "date_to", f"{date.today().year + 1}-02-31")
    refused = page.get_by_role("alert").filter(
        has_text=re.compile(r"There is no 31 February|Không có ngày 31 tháng 2")
    )
    expect(refused).to_have_count(1)
    page.get_by_role("button", name=re.compile("^(Clear filters|Bỏ lọc)$")).click()
    expect(refused).to_have_count(0)
    expect(page.locator("#date_to-day")).to_have_value("")
    expect(an.first).to_be_visible()
    page.context.close()
