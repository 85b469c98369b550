"""Ratings and reviews in a real browser: a mentee rates and reviews yesterday's session from My
sessions at phone width, the review and the rating show on the mentor's profile and card; an
admin hides it with a reason (a blank reason is refused), it leaves the profile, and its writer's
edit, begun before, is then refused with a message."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ARTIFACTS, new_page
from tra_da.services.demo_data import ADMIN_EMAIL, DEMO_PASSWORD

REVIEW = "Anh Minh giải thích rất rõ cách theo dõi mô hình, kèm ví dụ thật."


def _signed_in(browser: Browser, server: str, email: str, path: str, width: int = 1280) -> Page:
    page, _ = new_page(browser, server, f"/login?next={path}", width, 900)
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"^http://[^/]+{path}/?$"))
    return page


def _minh_profile(page: Page, server: str, reviews: int) -> None:
    page.goto(server + "/mentors", wait_until="networkidle")
    # Other modules add mentors to the shared server: Minh may be past the first page.
    page.locator("input[name=query]").fill("Trần Đức Minh")
    page.locator("input[name=query]").press("Enter")
    card = page.get_by_test_id("mentor-card").filter(has_text="Trần Đức Minh")
    expect(page.get_by_test_id("mentor-card")).to_have_count(1)
    expect(card.get_by_test_id("mentor-rating")).to_contain_text(f"({reviews})")
    card.click()
    expect(page.get_by_role("heading", name="Trần Đức Minh")).to_be_visible()


def test_a_review_is_written_shown_then_hidden_by_an_admin(browser: Browser, server: str) -> None:
    # Chi's session with Minh yesterday has no log yet: she reviews it from My sessions.
    mentee = _signed_in(browser, server, "chi.hoang@demo.trada.vn", "/sessions", 375)
    write = mentee.get_by_role("button", name=re.compile("Rate and review|Chấm điểm và đánh giá"))
    expect(write).to_have_count(1)
    write.click()
    dialog = mentee.get_by_role("dialog")
    expect(dialog).to_contain_text("Trần Đức Minh")
    dialog.locator("#rating-5").click()
    dialog.locator("#review_text").fill(REVIEW)
    dialog.locator("button[type=submit]").click()
    expect(dialog).to_be_hidden()
    expect(
        mentee.get_by_text(re.compile("Thank you for your review|Cảm ơn bạn đã đánh giá")).first
    ).to_be_visible()
    reviewed = (
        mentee.get_by_test_id("session-card")
        .filter(has_text="Trần Đức Minh")
        .filter(has=mentee.get_by_test_id("my-review-rating").filter(has_text="5/5"))
    )
    expect(reviewed.first).to_be_visible()
    mentee.screenshot(path=str(ARTIFACTS / "screens" / "review-sessions-phone.png"), full_page=True)

    # Chi's 3 and Giang's 1 demo reviews, and now this one.
    _minh_profile(mentee, server, 5)
    reviews = mentee.get_by_test_id("profile-reviews")
    expect(reviews.get_by_test_id("review").first).to_contain_text(REVIEW)
    expect(reviews.get_by_test_id("review").first).to_contain_text("Chi")
    expect(reviews).not_to_contain_text("chi.hoang@")  # never an email
    expect(mentee.get_by_test_id("mentor-rating").first).to_be_visible()
    assert mentee.evaluate("document.scrollingElement.scrollWidth") <= 375
    mentee.screenshot(path=str(ARTIFACTS / "screens" / "review-profile-phone.png"), full_page=True)

    # Chi opens her review to edit it; meanwhile an admin hides it.
    mentee.goto(server + "/sessions", wait_until="networkidle")
    mentee.get_by_role("button", name=re.compile("Edit review|Sửa đánh giá")).first.click()
    dialog = mentee.get_by_role("dialog")
    expect(dialog.locator("#review_text")).to_have_value(REVIEW)

    admin = _signed_in(browser, server, ADMIN_EMAIL, "/admin/reviews")
    row = admin.get_by_test_id("review-row").filter(has_text=REVIEW)
    expect(row).to_have_count(1)
    row.get_by_role("button", name=re.compile("^(Hide|Ẩn)")).click()
    hide = admin.get_by_role("dialog")
    hide.locator("#reason").fill("   ")
    hide.locator("button[type=submit]").click()
    expect(hide.get_by_role("alert")).to_contain_text(re.compile("Say why|Hãy ghi lý do"))
    hide.locator("#reason").fill("Kiểm tra ẩn đánh giá")
    hide.locator("button[type=submit]").click()
    expect(hide).to_be_hidden()
    expect(row).to_contain_text("Kiểm tra ẩn đánh giá")
    expect(row).to_contain_text(re.compile("Hidden|Đã ẩn"))
    admin.locator("select[name=shown]").select_option("hidden")
    expect(admin.get_by_test_id("review-row")).to_have_count(1)
    admin.screenshot(path=str(ARTIFACTS / "screens" / "admin-reviews-desktop.png"), full_page=True)
    admin.goto(server + "/admin/audit", wait_until="networkidle")
    hidden_entry = admin.get_by_role("row").filter(has_text=re.compile("Review hidden|Ẩn đánh giá"))
    expect(hidden_entry.first).to_be_visible()
    admin.context.close()

    # Chi's edit is refused with a message that says why; the card then says it was hidden.
    dialog.locator("#review_text").fill(REVIEW + " (sửa)")
    dialog.locator("button[type=submit]").click()
    expect(dialog.get_by_role("alert")).to_contain_text(re.compile("admin hid|Quản trị viên đã ẩn"))
    mentee.reload(wait_until="networkidle")
    expect(
        mentee.get_by_text(re.compile("An admin hid this review|Quản trị viên đã ẩn"))
    ).to_be_visible()

    # It left the profile, and the average: 4 visible reviews again.
    _minh_profile(mentee, server, 4)
    expect(mentee.get_by_test_id("profile-reviews")).not_to_contain_text(REVIEW)
    expect(mentee.get_by_test_id("mentor-rating").first).to_contain_text("(4)")
    mentee.context.close()
