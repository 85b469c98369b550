"""A page whose own read the server refuses as busy says so in the page, in the reader's
language, keeps what it shows, and reads again on "Try again" (state/page_load.py).

Overload made real from outside, with no hook in the app: a server of its own (the shared
build, `make serve`) admits one unit of work at a time and queues none
(MAX_CONCURRENT_REQUESTS=1, ADMISSION_QUEUE=0), and a REST client that sent a request's
headers but holds back its body keeps that one place (the gate admits a request before its body
is read; this server waits for a body up to REQUEST_BODY_SECONDS=120 instead of 10). Every UI
read is refused at once until the body goes.
"""

from __future__ import annotations

import json
import re
import select
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests import stripe_stub
from tests.appcopy import Server
from tests.e2e.conftest import ARTIFACTS, AXE, next_client_address, sibling_server
from tests.e2e.test_accessibility import check, report
from tests.e2e.tour import sign_in_visitor
from tra_da.i18n import translations

EN, VI = translations("en"), translations("vi")


@pytest.fixture(scope="module")
def busy_server(
    tmp_path_factory: pytest.TempPathFactory,
    stripe: stripe_stub.StripeStub,
    e2e_server: Server,
) -> Iterator[str]:
    with sibling_server(
        e2e_server,
        tmp_path_factory.mktemp("busy") / "e2e.db",
        stripe.url,
        "busy",
        {"MAX_CONCURRENT_REQUESTS": "1", "ADMISSION_QUEUE": "0", "REQUEST_BODY_SECONDS": "120"},
    ) as base:
        yield base


def _gate_answers(base: str) -> int:
    """The status of a request that needs a place at the gate (503: refused)."""
    with httpx.Client(base_url=base, headers={"X-Forwarded-For": next_client_address()}) as api:
        return api.get("/api/mentors", params={"limit": 1}).status_code


def _until(base: str, status: int) -> None:
    deadline = time.monotonic() + 20
    while (found := _gate_answers(base)) != status:
        assert time.monotonic() < deadline, f"the gate still answers {found}, not {status}"
        time.sleep(0.1)


@contextmanager
def gate_held(base: str) -> Iterator[None]:
    """The server's one place taken, for the block, by a request whose body has not arrived.
    With no queue, that request is itself refused when it comes while the place is busy (a
    page's read of the signed-in tab, say): then it is sent again."""
    url = urlsplit(base)
    body = json.dumps({"refresh_token": "held-back"}).encode()
    head = (
        f"POST /api/auth/refresh HTTP/1.1\r\nHost: {url.netloc}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        f"X-Forwarded-For: {next_client_address()}\r\n\r\n"
    )
    for _ in range(10):
        held = socket.create_connection((url.hostname or "127.0.0.1", url.port or 80), 10)
        held.sendall(head.encode())
        if _holds_the_place(base, held):
            break
        held.close()
    else:
        raise AssertionError("the held request never got the server's place")
    with held:
        try:
            yield
        finally:
            held.sendall(body)
            assert held.recv(4096).startswith(b"HTTP/1.1 401"), "the held request was not run"
    _until(base, 200)


def _holds_the_place(base: str, held: socket.socket) -> bool:
    """True once the gate refuses others; False if the held request was answered (refused)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if select.select([held], [], [], 0)[0]:
            return False  # an answer before its body: refused as busy
        if _gate_answers(base) == 503:
            return True
        time.sleep(0.1)
    return False


def _shoot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / "screens" / f"{name}.png"), full_page=True)


def _visit(browser: Browser, base: str, path: str) -> tuple[Page, list[str]]:
    """A visitor's new tab at ``path`` (1280 px wide, English), with axe-core loaded as the
    accessibility test loads it (an init script: the page keeps its CSP)."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 800},
        locale="en-US",
        extra_http_headers={"X-Forwarded-For": next_client_address()},
    )
    context.add_init_script(path=str(AXE))  # installed by the axe_source fixture
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(base + path, wait_until="networkidle")
    return page, problems


def test_a_refused_directory_says_why_keeps_its_cards_and_reads_again(
    browser: Browser, busy_server: str, axe_source: Path
) -> None:
    with gate_held(busy_server):
        page, problems = _visit(browser, busy_server, "/mentors")
        failed = page.get_by_test_id("load-failed")
        expect(failed.get_by_role("alert")).to_have_text(EN["err.server_busy"])
        expect(page.get_by_test_id("mentor-card")).to_have_count(0)
        expect(page.get_by_text(EN["directory.empty"])).to_have_count(0)  # not "no mentors"
        _shoot(page, "busy-directory-desktop")
        # WCAG 2.2 AA at 1280, 900 and 375 px, and nothing wider than a phone (ends at 375).
        found = check(page)
        assert not any(found.values()), report("/mentors, refused as busy", found)
        _shoot(page, "busy-directory-phone")
        # Read again in the other language (the language button opens the page again): the
        # message and its button speak it.
        page.get_by_role("button", name=re.compile(EN["nav.language"])).first.click()
        expect(failed.get_by_role("alert")).to_have_text(VI["err.server_busy"])
        try_again = failed.get_by_role("button", name=VI["common.try_again"])
        try_again.click()  # still busy: the message stays
        expect(failed.get_by_role("alert")).to_have_text(VI["err.server_busy"])

    try_again.click()
    cards = page.get_by_test_id("mentor-card")
    expect(cards.first).to_be_visible()
    expect(failed).to_have_count(0)
    shown = cards.count()

    # A search refused while cards are shown: they stay, under the message.
    with gate_held(busy_server):
        page.locator("input[name=query]").fill("Lan")
        expect(failed.get_by_role("alert")).to_have_text(VI["err.server_busy"])
        expect(cards).to_have_count(shown)
    failed.get_by_role("button", name=VI["common.try_again"]).click()
    expect(failed).to_have_count(0)
    expect(cards.first).to_contain_text("Lan")
    assert cards.count() < shown
    assert not problems, problems


def test_a_refused_dashboard_says_why_and_try_again_shows_it(
    browser: Browser, busy_server: str
) -> None:
    visitor = sign_in_visitor(browser, busy_server, "mentee", "en", next_client_address())
    page = visitor.page
    page.goto(busy_server + "/dashboard", wait_until="networkidle")
    mentor_card = page.get_by_test_id("my-mentor")
    expect(mentor_card).to_be_visible()

    with gate_held(busy_server):
        page.reload(wait_until="networkidle")
        failed = page.get_by_test_id("load-failed")
        expect(failed.get_by_role("alert")).to_have_text(EN["err.server_busy"])
        expect(mentor_card).to_have_count(0)
        _shoot(page, "busy-dashboard-desktop")

    failed.get_by_role("button", name=EN["common.try_again"]).click()
    expect(mentor_card).to_be_visible()
    expect(failed).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/dashboard/?$"))  # never sent to sign in
    visitor.context.close()


def test_a_guarded_page_whose_session_check_is_refused_says_why_and_opens_on_try_again(
    browser: Browser, busy_server: str, axe_source: Path
) -> None:
    visitor = sign_in_visitor(
        browser, busy_server, "mentee", "en", next_client_address(), init_scripts=[AXE]
    )
    with gate_held(busy_server):
        page = visitor.context.new_page()  # a new tab: its session not checked yet
        page.goto(busy_server + "/account", wait_until="networkidle")
        failed = page.get_by_test_id("load-failed")
        expect(failed.get_by_role("alert")).to_have_text(EN["err.server_busy"])
        expect(page.get_by_role("heading", name=EN["settings.title"])).to_be_visible()
        _shoot(page, "busy-account-check-desktop")
        found = check(page)  # ends at 375 px
        assert not any(found.values()), report("/account, its session check refused", found)
        _shoot(page, "busy-account-check-phone")
        page.set_viewport_size({"width": 1280, "height": 800})
        try_again = failed.get_by_role("button", name=EN["common.try_again"])
        try_again.click()  # still busy: the message stays
        expect(failed.get_by_role("alert")).to_have_text(EN["err.server_busy"])

    try_again.click()
    expect(failed).to_have_count(0)
    expect(page.locator("textarea[name=goals]")).to_be_visible()  # the mentee's own profile
    expect(page).to_have_url(re.compile(r"/account/?$"))  # never sent to sign in
    visitor.context.close()


def test_the_account_pages_cards_say_why_their_read_was_refused_and_read_again(
    browser: Browser, busy_server: str, axe_source: Path
) -> None:
    visitor = sign_in_visitor(
        browser, busy_server, "mentee", "en", next_client_address(), init_scripts=[AXE]
    )
    page = visitor.page
    page.goto(busy_server + "/dashboard", wait_until="networkidle")
    failed = page.get_by_test_id("load-failed")
    # Opened within the few seconds the tab reuses its session check (auth.
    # WEB_SESSION_RECHECK_SECONDS): the page opens, its cards' reads are refused.
    with gate_held(busy_server):
        page.locator("a.td-nav-link[href='/account']").first.click()
        expect(page.get_by_role("heading", name=EN["settings.title"])).to_be_visible()
        expect(failed).to_have_count(2)  # the mentee's profile, the calendar subscription
        for box in failed.all():
            expect(box.get_by_role("alert")).to_have_text(EN["err.server_busy"])
        expect(page.locator("textarea[name=goals]")).to_have_count(0)  # no form to save over
        expect(page.get_by_test_id("feed-state")).to_have_count(0)
        _shoot(page, "busy-account-cards-desktop")
        found = check(page)  # WCAG 2.2 AA at 1280, 900 and 375 px, nothing wider than a phone
        assert not any(found.values()), report("/account, its cards' reads refused", found)
        _shoot(page, "busy-account-cards-phone")

    for left in (1, 0):
        failed.first.get_by_role("button", name=EN["common.try_again"]).click()
        expect(failed).to_have_count(left)
    expect(page.locator("textarea[name=goals]")).to_be_visible()
    expect(page.get_by_test_id("feed-state")).to_be_visible()
    visitor.context.close()
