"""In a real browser: a mentee joins and leaves a fully booked mentor's waitlist (and is refused
once the mentor has opened a slot); admins see the demand; a person makes and rotates their
calendar subscription address on /account and a calendar app can read it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ARTIFACTS, new_page
from tests.e2e.test_accessibility import check, report
from tra_da.i18n import translations
from tra_da.services.demo_data import DEMO_PASSWORD

EN, VI = translations("en"), translations("vi")
_people = count(1)


def _either(key: str) -> re.Pattern[str]:
    return re.compile(f"{re.escape(EN[key])}|{re.escape(VI[key])}")


def _signed_in(browser: Browser, server: str, email: str, path: str, width: int = 1280) -> Page:
    page, _ = new_page(browser, server, f"/login?next={path}", width, 900)
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"^http://[^/]+{re.escape(path)}/?$"))
    return page


def _api(server: str, email: str) -> httpx.Client:
    api = httpx.Client(base_url=server, headers={"X-Forwarded-For": "203.0.113.91"})
    login = api.post("/api/auth/login", json={"email": email, "password": DEMO_PASSWORD})
    assert login.status_code == 200, login.text
    api.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
    return api


def _new_mentee(server: str) -> str:
    email = f"waiting.{next(_people)}@example.com"
    with httpx.Client(base_url=server, headers={"X-Forwarded-For": "203.0.113.92"}) as api:
        made = api.post(
            "/api/auth/register",
            json={"email": email, "password": DEMO_PASSWORD, "name": "Người Chờ"},
        )
        assert made.status_code == 201, made.text
    return email


def test_a_mentee_joins_and_leaves_a_waitlist_and_is_refused_once_slots_open(
    browser: Browser, server: str, axe_source: Path
) -> None:
    admin = _api(server, "admin@demo.trada.vn")
    made = admin.post(
        "/api/mentors",
        json={
            "email": "kin.lich@example.com",
            "name": "Kín Lịch",
            "expertise": ["sql"],
            "bio": "Always booked",
            "track": "Data",
            "max_mentees": 3,
        },
    )
    assert made.status_code == 201, made.text
    mentor_id = made.json()["id"]

    page = _signed_in(browser, server, _new_mentee(server), f"/mentors/{mentor_id}", 375)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kín Lịch")
    expect(page.get_by_test_id("waitlist-state")).to_have_text(_either("waitlist.offer"))
    page.get_by_role("button", name=_either("waitlist.join")).click()
    expect(
        page.get_by_role("status").filter(has_text=_either("waitlist.joined_notice"))
    ).to_be_visible()
    expect(page.get_by_test_id("waitlist-state")).to_contain_text(_either("waitlist.on_it"))
    page.screenshot(path=str(ARTIFACTS / "screens" / "waitlist-phone.png"), full_page=True)
    page.context.add_init_script(path=str(axe_source))
    page.reload(wait_until="networkidle")  # it is stored, not just shown
    expect(page.get_by_test_id("waitlist-state")).to_contain_text(_either("waitlist.on_it"))
    found = check(page)  # the card as it is now: no serious or critical axe violation
    assert not any(found.values()), report("waitlist card", found)
    page.set_viewport_size({"width": 375, "height": 900})

    # Admins see the demand on their dashboard.
    board = _signed_in(browser, server, "admin@demo.trada.vn", "/dashboard")
    counts = board.get_by_test_id("waitlist-counts")
    expect(counts).to_contain_text("Kín Lịch")
    expect(counts.get_by_role("link", name="Kín Lịch")).to_have_attribute(
        "href", f"/mentors/{mentor_id}"
    )
    board.context.close()

    page.get_by_role("button", name=_either("waitlist.leave")).click()
    expect(
        page.get_by_role("status").filter(has_text=_either("waitlist.left_notice"))
    ).to_be_visible()
    join = page.get_by_role("button", name=_either("waitlist.join"))
    expect(join).to_be_visible()

    # The mentor opens a slot while the page still offers the waitlist: joining is refused
    # with the reason, and the new time is shown to book instead.
    start = (datetime.now(UTC) + timedelta(days=4)).replace(minute=0, second=0, microsecond=0)
    slot = admin.post(
        f"/api/mentors/{mentor_id}/slots",
        json={"start_at": start.isoformat(), "end_at": (start + timedelta(hours=1)).isoformat()},
    )
    assert slot.status_code == 201, slot.text
    join.click()
    expect(page.get_by_role("alert")).to_have_text(_either("err.waitlist_has_slots"))
    expect(page.get_by_role("button", name=_either("waitlist.join"))).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile(r"^(Book|Đặt lịch) ")).first).to_be_visible()
    admin.close()
    page.context.close()


def test_a_person_makes_and_rotates_their_calendar_address(
    browser: Browser, server: str, axe_source: Path
) -> None:
    page = _signed_in(browser, server, _new_mentee(server), "/account", 375)
    page.context.add_init_script(path=str(axe_source))
    page.reload(wait_until="networkidle")
    card = page.get_by_role("heading", name=_either("feed.title"))
    expect(card).to_be_visible()
    expect(page.get_by_test_id("feed-state")).to_have_text(_either("feed.none"))
    page.get_by_role("button", name=_either("feed.create")).click()
    expect(page.get_by_role("status").filter(has_text=_either("feed.created"))).to_be_visible()
    webcal = page.get_by_test_id("feed-webcal")
    expect(webcal).to_have_value(re.compile(r"^webcal://[^/]+/api/calendar/feed/[\w-]+\.ics$"))
    first = page.get_by_test_id("feed-https").input_value()
    assert first.startswith("http") and first.endswith(".ics")
    page.screenshot(path=str(ARTIFACTS / "screens" / "calendar-feed-phone.png"), full_page=True)
    found = check(page)  # with the addresses shown
    assert not any(found.values()), report("calendar feed card", found)

    reader = httpx.Client(headers={"X-Forwarded-For": "203.0.113.93"})
    path = "/" + first.split("://", 1)[1].split("/", 1)[1]
    feed = reader.get(server + path)  # a calendar app: no sign-in, the address is the key
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    assert feed.text.startswith("BEGIN:VCALENDAR")

    page.get_by_role("button", name=_either("feed.rotate")).click()
    expect(page.get_by_role("status").filter(has_text=_either("feed.rotated"))).to_be_visible()
    expect(page.get_by_test_id("feed-https")).not_to_have_value(first)
    second = page.get_by_test_id("feed-https").input_value()
    assert reader.get(server + path).status_code == 404  # the old address ended at once
    assert reader.get(server + "/" + second.split("://", 1)[1].split("/", 1)[1]).status_code == 200

    page.reload(wait_until="networkidle")  # shown once: afterwards only that one is active
    expect(page.get_by_test_id("feed-state")).to_contain_text(_either("feed.active_since"))
    expect(page.get_by_test_id("feed-https")).to_have_count(0)
    reader.close()
    page.context.close()
