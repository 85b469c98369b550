"""Booking in a real browser: a mentee books and cancels; a mentor publishes weekly availability."""

from __future__ import annotations

import re
from datetime import date, timedelta

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ARTIFACTS, new_page, pick_day, pick_time
from tra_da.i18n import MONTHS, format_day, translations
from tra_da.services.demo_data import DEMO_PASSWORD

# Watches the booking dialog's "Book" button from inside the page: when it first showed its busy
# state (disabled, labelled ``busy``), and when the dialog's confirmation or its refusal first
# showed, in the page's own clock; the click's time too.
_WATCH_BOOK = """(busy) => {
  const w = (window.__tdBook = { click: null, busy: null, confirmed: null, refused: null });
  document.addEventListener("click", () => { if (w.click === null) w.click = performance.now(); },
    { capture: true, once: true });
  const check = () => {
    const dialog = document.querySelector("[role=alertdialog]");
    if (!dialog) return;
    const now = performance.now();
    const button = dialog.querySelector("[data-testid=book-button]");
    if (w.busy === null && button && button.disabled && button.textContent.trim() === busy)
      w.busy = now;
    if (w.confirmed === null && dialog.querySelector("[data-testid=booking-confirmed]"))
      w.confirmed = now;
    if (w.refused === null && dialog.querySelector("[role=alert]")) w.refused = now;
  };
  new MutationObserver(check).observe(document.body,
    { childList: true, subtree: true, characterData: true, attributes: true });
}"""


def _watched(page: Page) -> dict[str, float | None]:
    return page.evaluate("() => window.__tdBook")  # type: ignore[no-any-return]


def _signed_in(browser: Browser, server: str, email: str, path: str, width: int = 1280) -> Page:
    page, _ = new_page(browser, server, f"/login?next={path}", width, 900)
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"^http://[^/]+{path}/?$"))
    return page


def test_switching_language_rewrites_the_dates_already_on_screen(
    browser: Browser, server: str
) -> None:
    page = _signed_in(browser, server, "giang.ly@demo.trada.vn", "/mentors")
    weekday = {
        "en": re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d/\d\d/\d{4}"),
        "vi": re.compile(r"(Thứ [2-7]|CN), \d\d/\d\d/\d{4}"),
    }
    cards = page.get_by_test_id("mentor-card")
    either = re.compile(f"{weekday['en'].pattern}|{weekday['vi'].pattern}")
    expect(cards.filter(has_text=either).first).to_be_visible()
    first = "en" if cards.filter(has_text=weekday["en"]).count() else "vi"
    second = "vi" if first == "en" else "en"
    for before, after in ((first, second), (second, first)):
        page.get_by_role("button", name=translations(before)["nav.language_label"]).click()
        expect(cards.filter(has_text=weekday[after]).first).to_be_visible()
        expect(cards.filter(has_text=weekday[before])).to_have_count(0)


def test_a_mentee_finds_books_and_cancels(browser: Browser, server: str) -> None:
    page = _signed_in(browser, server, "giang.ly@demo.trada.vn", "/mentors", 375)
    page.locator("select[name=expertise]").select_option("accessibility")
    page.get_by_role("button", name=re.compile("^(Search|Tìm)$")).click()
    cards = page.get_by_test_id("mentor-card")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("David Lê")
    # No picture: the avatar shows initials, first and last word (not "DA").
    expect(cards.first.locator(".rt-AvatarFallback")).to_have_text("DL")
    cards.first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("David Lê")
    expect(page.locator("main .rt-AvatarFallback").first).to_have_text("DL")
    first_slot = page.get_by_role("button", name=re.compile(r"^(Book|Đặt lịch) ")).first
    first_slot.click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("David Lê")
    dialog.get_by_role("button", name=re.compile("Book this session|Đặt lịch")).click()
    expect(page).to_have_url(re.compile(r"/sessions/?$"))
    card = page.get_by_test_id("session-card").filter(has_text="David Lê")
    expect(card).to_have_count(1)
    expect(card.get_by_role("link")).to_have_attribute(
        "href", re.compile(r"^https://meet\.jit\.si/")
    )
    # The relay inside the app sends the invitations within seconds; the card says so.
    for _ in range(20):
        if (
            card.get_by_test_id("delivery-email")
            .filter(has_text=re.compile("Invitation sent|Đã gửi lời mời"))
            .count()
        ):
            break
        page.wait_for_timeout(500)
        page.reload()
    expect(card.get_by_test_id("delivery-email")).to_contain_text(
        re.compile("Invitation sent|Đã gửi lời mời")
    )
    page.screenshot(path=str(ARTIFACTS / "screens" / "sessions-phone.png"), full_page=True)
    card.get_by_role("button", name=re.compile("Cancel session|Huỷ buổi")).click()
    cancel = page.get_by_role("dialog")
    cancel.locator("#reason").fill("Trùng lịch học, xin lỗi")
    cancel.get_by_role("button", name=re.compile("Cancel session|Huỷ buổi")).click()
    expect(page.get_by_test_id("session-card").filter(has_text="Trùng lịch học")).to_have_count(1)
    expect(page.get_by_role("button", name=re.compile("Cancel session|Huỷ buổi"))).to_have_count(0)
    page.context.close()


def test_a_mentor_publishes_weekly_availability_and_sees_it_booked(
    browser: Browser, server: str
) -> None:
    mentor = _signed_in(browser, server, "hoa.pham@demo.trada.vn", "/availability")
    mentor.locator("select[name=weekday]").select_option("6")  # Sundays: no demo slots there
    pick_time(mentor, "start", "09:00")
    pick_time(mentor, "end", "10:30")
    mentor.locator("select[name=minutes]").first.select_option("45")
    mentor.get_by_role(
        "button", name=re.compile("Add weekly availability|Thêm lịch hằng tuần")
    ).click()
    expect(mentor.get_by_text(re.compile(r"09:00–10:30 · 45′"))).to_be_visible()
    sunday = mentor.get_by_text(re.compile(r"(Sun|CN), \d\d/\d\d/\d{4} 09:00–09:45")).first
    expect(sunday).to_be_visible()

    mentee = _signed_in(browser, server, "an.vo@demo.trada.vn", "/mentors")
    mentee.get_by_test_id("mentor-card").filter(has_text="Phạm Thu Hoà").click()
    mentee.get_by_role("button", name=re.compile(r" (Sun|CN), .* 09:00–09:45")).first.click()
    mentee.get_by_role("alertdialog").get_by_role(
        "button", name=re.compile("Book this session|Đặt lịch")
    ).click()
    expect(mentee).to_have_url(re.compile(r"/sessions/?$"))
    mentee.context.close()

    mentor.reload(wait_until="networkidle")
    expect(
        mentor.get_by_text(re.compile(r"(Booked|Đã có người đặt) · Võ Minh An")).first
    ).to_be_visible()
    mentor.screenshot(path=str(ARTIFACTS / "screens" / "availability-desktop.png"), full_page=True)
    mentor.context.close()


def test_date_and_time_fields_follow_the_ui_language_and_refuse_a_day_that_does_not_exist(
    browser: Browser, server: str
) -> None:
    """The app draws its own date and time fields (Chromium draws native pickers in the
    browser's locale, this context's en-US: 12/02/2026, 06:30 PM): months named in the UI
    language, a 24-hour clock, and 31 February refused with what to choose instead."""
    page = _signed_in(browser, server, "lan.nguyen@demo.trada.vn", "/availability")
    vi, en = translations("vi"), translations("en")
    month, hour = page.locator("#slot_day-month"), page.locator("#slot_start-hour")
    for lang, t in (("vi", vi), ("en", en)):
        if lang == "en":
            page.get_by_role("button", name=vi["nav.language_label"]).click()
        # One named group per field, each part named.
        group = page.get_by_role("group", name=t["availability.day"]).first
        expect(group.get_by_role("combobox", name=t["picker.month"])).to_have_count(1)
        expect(month.locator("option")).to_have_text(
            [t["picker.month"], *MONTHS[lang]]  # "Tháng 1".. / "January"..
        )
        expect(hour).to_have_value("18")  # the default, on a 24-hour clock in both languages
        expect(hour.locator("option")).to_have_text(
            [t["picker.hour"], *[f"{h:02d}" for h in range(24)]]
        )
    assert MONTHS["vi"][1] == "Tháng 2" and MONTHS["en"][1] == "February"

    year = date.today().year + 1
    pick_day(page, "slot_day", f"{year}-02-31")
    pick_time(page, "slot_start", "06:30")
    page.get_by_role("button", name=en["availability.add_slot"]).click()
    expect(page.get_by_role("alert")).to_contain_text(
        f"There is no 31 February {year}: that month has {28 + (year % 4 == 0)} days"
    )
    day = date.today() + timedelta(days=20)
    pick_day(page, "slot_day", day.isoformat())
    page.get_by_role("button", name=en["availability.add_slot"]).click()
    expect(page.get_by_role("status").filter(has_text=en["availability.saved"])).to_be_visible()
    expect(page.get_by_text(f"{format_day(day, 'en', weekday=True)} 06:30").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "screens" / "availability-en.png"), full_page=True)
    page.get_by_role("button", name=en["nav.language_label"]).click()
    expect(month.locator("option").nth(2)).to_have_text("Tháng 2")
    page.context.close()


def test_a_slot_taken_meanwhile_is_refused_with_its_reason(browser: Browser, server: str) -> None:
    """Someone books the slot through the REST API while the dialog is open: the booking is
    refused with the reason, the list is read again, and another slot books (with its toast)."""
    vi = translations("vi")  # the demo mentee's own language
    page = _signed_in(browser, server, "an.vo@demo.trada.vn", "/mentors")
    page.get_by_test_id("mentor-card").filter(has_text="Phạm Thu Hoà").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phạm Thu Hoà")
    mentor_id = int(page.url.rstrip("/").split("/")[-1])

    api = httpx.Client(base_url=server, headers={"X-Forwarded-For": "203.0.113.77"})
    # A mentee of its own: other tests change the demo mentees' passwords.
    login = api.post(
        "/api/auth/register",
        json={"email": "quick.taker@example.com", "password": DEMO_PASSWORD, "name": "Quick Taker"},
    )
    assert login.status_code == 201, login.text
    api.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
    slots = api.get(f"/api/mentors/{mentor_id}/slots").json()
    first = min(slots, key=lambda s: s["start_at"])

    offered = page.get_by_role("button", name=re.compile("^" + vi["booking.book"] + " "))
    expect(offered.first).to_be_visible()
    before = offered.count()
    offered.first.click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible()
    taken = api.post(f"/api/slots/{first['id']}/book")
    assert taken.status_code == 201, taken.text

    confirm = dialog.get_by_role("button", name=vi["booking.confirm"])
    page.evaluate(_WATCH_BOOK, vi["booking.booking"])
    confirm.click()
    expect(dialog.get_by_role("alert")).to_have_text(vi["err.slot_taken"])
    expect(confirm).to_be_enabled()  # busy until the refusal, then ready again
    watched = _watched(page)
    assert watched["busy"] is not None and watched["refused"] is not None, watched
    assert watched["busy"] <= watched["refused"], watched
    dialog.get_by_role("button", name=vi["admin.cancel"]).click()
    left = page.get_by_role("button", name=re.compile("^" + vi["booking.book"] + " "))
    expect(left).to_have_count(before - 1)

    left.first.click()
    page.get_by_role("alertdialog").get_by_role("button", name=vi["booking.confirm"]).click()
    expect(page).to_have_url(re.compile(r"/sessions/?$"))
    toast = page.locator("[data-sonner-toast]").filter(has_text=vi["booking.booked"])
    expect(toast).to_be_visible()  # shown from state: no eval under the CSP
    api.close()
    page.context.close()


def test_book_shows_busy_at_once_then_confirms_in_the_dialog(browser: Browser, server: str) -> None:
    """ "Book" turns into a disabled "Booking…" on the click, in the browser, before the server
    answers; the booking's confirmation then shows in the dialog (and as a toast) where the
    person is, before the page moves on to My sessions."""
    en = translations("en")
    api = httpx.Client(base_url=server, headers={"X-Forwarded-For": "203.0.113.78"})
    made = api.post(
        "/api/auth/register",
        json={"email": "busy.booker@example.com", "password": DEMO_PASSWORD, "name": "Busy Booker"},
    )
    assert made.status_code == 201, made.text
    api.close()
    page, _ = new_page(browser, server, "/login?next=/mentors", 1280, 900)
    page.evaluate("() => window.localStorage.setItem('td_lang', 'en')")
    page.reload()
    page.fill("#email", "busy.booker@example.com")
    page.fill("#password", DEMO_PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/mentors/?$"))
    page.get_by_test_id("mentor-card").filter(has_text="Nguyễn Thị Lan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nguyễn Thị Lan")
    page.get_by_role("button", name=re.compile("^" + en["booking.book"] + " ")).first.click()
    dialog = page.get_by_role("alertdialog")
    confirm = dialog.get_by_role("button", name=en["booking.confirm"])
    expect(confirm).to_be_enabled()
    page.wait_for_load_state("networkidle")
    page.evaluate(_WATCH_BOOK, en["booking.booking"])
    confirm.click()
    toast = page.locator("[data-sonner-toast]").filter(has_text=en["booking.booked"])
    expect(toast).to_be_visible()
    expect(page).to_have_url(re.compile(r"/sessions/?$"))
    watched = _watched(page)
    assert watched["click"] is not None, watched
    assert watched["busy"] is not None, watched  # the disabled "Booking…" button was shown
    assert watched["confirmed"] is not None, watched  # "Booked!" in the dialog, in place
    assert watched["refused"] is None, watched
    assert watched["click"] <= watched["busy"] < watched["confirmed"], watched
    card = page.get_by_test_id("session-card").filter(has_text="Nguyễn Thị Lan")
    expect(card).to_have_count(1)
    page.context.close()


def test_a_rescheduled_session_shows_as_rescheduled_to_mentee_and_mentor(
    browser: Browser, server: str
) -> None:
    mentee = _signed_in(browser, server, "dung.bui@demo.trada.vn", "/mentors")
    mentee.get_by_test_id("mentor-card").filter(has_text="Phạm Thu Hoà").click()
    expect(mentee.get_by_role("heading", level=1)).to_contain_text("Phạm Thu Hoà")
    # The last slot keeps clear of the other tests' bookings; its name holds its time.
    slot = mentee.get_by_role("button", name=re.compile(r"^(Book|Đặt lịch) ")).last
    booked_at = (slot.get_attribute("aria-label") or "").split(" ", 1)[1]
    booked_at = re.sub(r"^lịch ", "", booked_at)  # "Đặt lịch <time>"
    slot.click()
    mentee.get_by_role("alertdialog").get_by_role(
        "button", name=re.compile("Book this session|Đặt lịch")
    ).click()
    expect(mentee).to_have_url(re.compile(r"/sessions/?$"))
    card = mentee.get_by_test_id("session-card").filter(has_text=booked_at)
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Phạm Thu Hoà")
    card.get_by_role("button", name=re.compile("^(Reschedule|Đổi lịch)$")).click()
    move = mentee.get_by_role("dialog")
    expect(move.locator("select[name=slot_id] option").first).to_be_attached()
    move.locator("select[name=slot_id]").select_option(index=0)
    move.locator("button[type=submit]").click()
    expect(move).to_have_count(0)

    # The old time stays in the history, marked as moved: not "Cancelled", no raw reason.
    badge = re.compile(r"^(Rescheduled|Đã đổi lịch)$")
    expect(card.get_by_test_id("session-status")).to_have_text(badge)
    expect(card).not_to_contain_text(re.compile("rescheduled|Cancelled|Đã huỷ"))
    expect(card.get_by_role("button")).to_have_count(0)
    mentee.context.close()

    mentor = _signed_in(browser, server, "hoa.pham@demo.trada.vn", "/sessions")
    moved = mentor.get_by_test_id("session-card").filter(has_text=booked_at)
    expect(moved).to_contain_text("Bùi Tiến Dũng")
    expect(moved.get_by_test_id("session-status")).to_have_text(badge)
    expect(moved).not_to_contain_text(re.compile("rescheduled|Cancelled|Đã huỷ"))

    # The mentee's page, from the mentor's dashboard, says the same.
    mentor.goto(f"{server}/dashboard")
    history = mentor.get_by_role("link", name="Bùi Tiến Dũng").first
    mentor.goto(server + (history.get_attribute("href") or ""))
    expect(mentor.get_by_role("heading", level=1)).to_contain_text("Bùi Tiến Dũng")
    listed = mentor.get_by_test_id("mentee-booking").filter(has_text=booked_at)
    expect(listed.get_by_test_id("session-status")).to_have_text(badge)
    expect(listed).not_to_contain_text(re.compile("Cancelled|Đã huỷ"))
    mentor.context.close()


def test_directory_filters_apply_on_change_and_search_as_the_user_types(
    browser: Browser, server: str
) -> None:
    page = _signed_in(browser, server, "giang.ly@demo.trada.vn", "/mentors")
    cards = page.get_by_test_id("mentor-card")
    expect(cards.filter(has_text="Nguyễn Thị Lan")).to_have_count(1)
    everyone = cards.count()
    assert everyone > 1

    # A filter applies as soon as it is picked: no Search click.
    page.locator("select[name=expertise]").select_option("accessibility")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("David Lê")
    page.locator("select[name=expertise]").select_option("")
    expect(cards).to_have_count(everyone)

    # Typing searches once the person pauses, without Enter or a click.
    page.locator("input[name=query]").press_sequentially("Trần Đức")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Trần Đức Minh")

    page.locator("select[name=expertise]").select_option("sql")
    expect(cards).to_have_count(1)
    # Clearing resets the controls too, so what is shown matches what they say.
    page.get_by_role("button", name=re.compile("^(Clear filters|Xoá bộ lọc)$")).click()
    expect(cards).to_have_count(everyone)
    expect(page.locator("input[name=query]")).to_have_value("")
    expect(page.locator("select[name=expertise]")).to_have_value("")

    # The Search button still works for keyboard users.
    page.locator("input[name=query]").fill("David")
    page.get_by_role("button", name=re.compile("^(Search|Tìm)$")).press("Enter")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("David Lê")
    page.context.close()


def test_past_sessions_come_ten_to_a_page(browser: Browser, server: str) -> None:
    api = httpx.Client(base_url=server, headers={"X-Forwarded-For": "203.0.113.79"})
    email = "long.history@example.com"  # a mentee of its own, with eleven sessions called off
    login = api.post(
        "/api/auth/register",
        json={"email": email, "password": DEMO_PASSWORD, "name": "Long History"},
    )
    assert login.status_code == 201, login.text
    api.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
    found = api.get("/api/mentors", params={"q": "Trần Đức Minh"}).json()["items"]
    slots = api.get(f"/api/mentors/{found[0]['id']}/slots").json()
    assert len(slots) >= 11
    for slot in sorted(slots, key=lambda s: s["start_at"], reverse=True)[:11]:
        made = api.post(f"/api/slots/{slot['id']}/book")
        assert made.status_code == 201, made.text
        gone = api.post(f"/api/bookings/{made.json()['id']}/cancel", json={"reason": "x"})
        assert gone.status_code == 200, gone.text
    api.close()

    page, _ = new_page(browser, server, "/login?next=/sessions")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/sessions/?$"))
    cards = page.get_by_test_id("session-card")
    expect(cards).to_have_count(10)
    expect(page.get_by_text("1 / 2", exact=True)).to_be_visible()
    first_page = cards.first.inner_text()
    page.get_by_role("button", name=re.compile("Next page|Trang sau")).click()
    expect(page.get_by_text("2 / 2", exact=True)).to_be_visible()
    expect(cards).to_have_count(1)
    assert cards.first.inner_text() != first_page
    page.get_by_role("button", name=re.compile("Previous page|Trang trước")).click()
    expect(cards).to_have_count(10)
    page.context.close()


def test_a_mentor_filters_sessions_by_mentee_status_and_month(
    browser: Browser, server: str
) -> None:
    api = httpx.Client(base_url=server, headers={"X-Forwarded-For": "203.0.113.81"})
    name = "Filter Mentee"
    login = api.post(
        "/api/auth/register",
        json={"email": "filter.mentee@example.com", "password": DEMO_PASSWORD, "name": name},
    )
    assert login.status_code == 201, login.text
    api.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
    found = api.get("/api/mentors", params={"q": "Trần Đức Minh"}).json()["items"]
    slots = api.get(f"/api/mentors/{found[0]['id']}/slots").json()
    made = api.post(f"/api/slots/{slots[len(slots) // 2]['id']}/book")
    assert made.status_code == 201, made.text
    api.close()

    page = _signed_in(browser, server, "minh.tran@demo.trada.vn", "/sessions")
    cards = page.get_by_test_id("session-card")
    expect(cards.first).to_be_visible()
    everyone = cards.count()
    past = page.get_by_role("heading", name=re.compile("^(Past and cancelled|Đã qua hoặc đã huỷ)$"))
    upcoming = page.get_by_role("heading", name=re.compile("^(Upcoming sessions|Buổi sắp tới)$"))

    # By mentee: only their session, applied as soon as it is picked.
    page.locator("select[name=filter_with]").select_option(label=name)
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text(name)

    # By month: the month of that session keeps it; every card shown is in that month.
    month = page.locator("select[name=filter_month] option").nth(1).get_attribute("value")
    assert month and re.fullmatch(r"\d{4}-\d{2}", month)
    page.locator("select[name=filter_with]").select_option("")
    page.locator("select[name=filter_month]").select_option(month)
    year, number = month.split("-")
    expect(cards.filter(has_not_text=f"/{number}/{year}")).to_have_count(0)
    expect(cards.first).to_be_visible()

    # By status: cancelled ones (moved ones included) only, and no upcoming section.
    page.locator("select[name=filter_month]").select_option("")
    page.locator("select[name=filter_status]").select_option("cancelled")
    expect(upcoming).to_have_count(0)
    expect(past).to_be_visible()
    called_off = re.compile("^(Cancelled|Rescheduled|Đã huỷ|Đã đổi lịch)$")
    expect(page.get_by_test_id("session-status").filter(has_not_text=called_off)).to_have_count(0)
    page.locator("select[name=filter_status]").select_option("upcoming")
    expect(past).to_have_count(0)
    expect(upcoming).to_be_visible()

    # Nothing matches: the page says so, and how to get everything back.
    page.locator("select[name=filter_with]").select_option(label=name)
    page.locator("select[name=filter_status]").select_option("cancelled")
    no_match = page.get_by_test_id("no-match")
    expect(no_match).to_contain_text(
        re.compile("No sessions match these filters|Không có buổi hẹn nào khớp bộ lọc")
    )
    expect(cards).to_have_count(0)
    no_match.get_by_role("button", name=re.compile("^(Clear filters|Xoá bộ lọc)$")).click()
    expect(cards).to_have_count(everyone)
    expect(page.locator("select[name=filter_with]")).to_have_value("")
    expect(page.locator("select[name=filter_status]")).to_have_value("")
    page.context.close()


# Watches the page for a list's placeholder and for its empty-state text: whether the empty
# text was ever shown before the placeholder (a false "nothing here" while the rows load).
_WATCH_LIST = """
(empty) => {
  window.__list = { loading: false, falseEmpty: false };
  const look = () => {
    if (document.querySelector('[data-testid=list-loading]')) window.__list.loading = true;
    const main = document.querySelector('main') || document.body;
    if (!window.__list.loading && main.textContent.includes(empty)) window.__list.falseEmpty = true;
  };
  if (window.__listObserver) window.__listObserver.disconnect();
  window.__listObserver = new MutationObserver(look);
  const all = { childList: true, subtree: true, characterData: true };
  window.__listObserver.observe(document.body, all);
}
"""


def test_signed_in_lists_show_placeholders_never_a_false_empty_state(
    browser: Browser, server: str
) -> None:
    """A mentor moving between their pages in the app: the mentees on the board, My sessions
    and the availability slots each show placeholders until their rows arrive, never their
    "nothing here" text first."""
    vi = translations("vi")
    # Lan: the demo mentor with an upcoming session, mentees and open slots.
    mentor = _signed_in(browser, server, "lan.nguyen@demo.trada.vn", "/account")
    for nav_key, path, empty_key, shown in (
        ("nav.dashboard", "/dashboard", "logs.no_mentees", "mentee-card"),
        ("nav.sessions", "/sessions", "dashboard.no_upcoming", "session-card"),
        ("nav.availability", "/availability", "availability.none", "slot-row"),
    ):
        mentor.evaluate(_WATCH_LIST, vi[empty_key])
        mentor.get_by_role("link", name=vi[nav_key], exact=True).first.click()
        expect(mentor).to_have_url(re.compile(rf"{path}/?$"))
        expect(mentor.get_by_test_id("list-loading")).to_have_count(0)
        expect(mentor.get_by_test_id(shown).first).to_be_visible()
        seen = mentor.evaluate("window.__list")
        assert not seen["falseEmpty"], (path, seen)
    mentor.context.close()
