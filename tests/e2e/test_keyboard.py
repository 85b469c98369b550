"""Booking, cancelling and logging a session by keyboard alone (issue 16): Tab, Shift+Tab,
Enter, Space, arrow keys and typing, no clicks. Dialogs take the focus when they open, keep it
inside while open, and give it back to what opened them when they close.

The server is this module's own: the demo programme's one session waiting for its log is logged
here, and tests/e2e/test_session_logs.py logs it too on the shared server.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests import stripe_stub
from tests.appcopy import Server
from tests.e2e.conftest import next_client_address, sibling_server
from tests.e2e.tour import Visitor, sign_in_visitor
from tra_da.services.demo_data import DEMO_PASSWORD, UNLOGGED

TAB_LIMIT = 150

# What has the focus, as "tag#id name": the name as a person would hear it (aria-label, else
# its text, else its value).
_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "";
  const name = el.getAttribute("aria-label") || el.innerText || el.value || "";
  return el.tagName.toLowerCase() + "#" + (el.id || "") + " " + name.replace(/\\s+/g, " ");
}"""


@pytest.fixture(scope="module")
def keyboard_server(
    tmp_path_factory: pytest.TempPathFactory,
    stripe: stripe_stub.StripeStub,
    e2e_server: Server,
) -> Iterator[str]:
    database = tmp_path_factory.mktemp("keyboard") / "e2e.db"
    with sibling_server(e2e_server, database, stripe.url, "keyboard") as base:
        yield base


def focused(page: Page) -> str:
    return str(page.evaluate(_FOCUSED))


def tab_to(page: Page, pattern: str, back: bool = False) -> str:
    """Press Tab (Shift+Tab when ``back``) until the focused element matches ``pattern``."""
    wanted = re.compile(pattern)
    seen = []
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        now = focused(page)
        if wanted.search(now):
            return now
        seen.append(now)
    raise AssertionError(f"no Tab stop matches {pattern!r}; stops: {seen[-40:]}")


def focus_is_inside(box: Locator) -> bool:
    return bool(box.evaluate("(d) => d.contains(document.activeElement)"))


def tab_into(page: Page, box: Locator) -> str:
    """Press Tab until the focus is inside ``box``."""
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        if focus_is_inside(box):
            return focused(page)
    raise AssertionError("no Tab stop inside the box")


def signed_in_by_keyboard(browser: Browser, base: str, email: str) -> Visitor:
    """A new context signed in as ``email``, typing into the sign-in form."""
    visitor = sign_in_visitor(browser, base, "visitor", "en", next_client_address())
    page = visitor.page
    visitor.open("/login")
    tab_to(page, r"^input#email ")
    page.keyboard.type(email)
    tab_to(page, r"^input#password ")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"^(?!.*/login).*$"), timeout=30_000)
    return visitor


def test_a_mentee_books_and_cancels_by_keyboard(browser: Browser, keyboard_server: str) -> None:
    visitor = signed_in_by_keyboard(browser, keyboard_server, "giang.ly@demo.trada.vn")
    page = visitor.page
    visitor.open("/mentors")
    tab_to(page, r"^a#.* .*David Lê")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("David Lê")

    # A slot's dialog: Escape closes it and the focus is back on the slot.
    slot = tab_to(page, r"^button#.* Book ")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible()
    assert focus_is_inside(dialog), focused(page)
    for _ in range(6):  # the focus stays inside while the dialog is open
        page.keyboard.press("Tab")
        assert focus_is_inside(dialog), focused(page)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert focused(page) == slot, (focused(page), slot)

    # Open it again and book.
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    tab_to(page, r"^button#.* Book this session")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/sessions/?$"))
    card = page.get_by_test_id("session-card").filter(has_text="David Lê")
    expect(card).to_have_count(1)

    # Cancel it from My sessions, with a reason typed in the dialog.
    tab_to(page, r"^button#.* Cancel session")
    page.keyboard.press("Enter")
    cancel = page.get_by_role("dialog")
    expect(cancel).to_be_visible()
    assert focus_is_inside(cancel), focused(page)
    tab_to(page, r"^textarea#reason |^input#reason ")
    page.keyboard.type("Clashes with my exam, sorry")
    tab_to(page, r"^button#.* Cancel session")
    page.keyboard.press("Enter")
    expect(cancel).to_be_hidden()
    expect(
        page.get_by_test_id("session-card").filter(has_text="Clashes with my exam")
    ).to_have_count(1)
    visitor.close()


def test_a_mentor_logs_a_session_by_keyboard(browser: Browser, keyboard_server: str) -> None:
    assert UNLOGGED == "chi.hoang@demo.trada.vn"  # their session with Minh waits for its log
    visitor = signed_in_by_keyboard(browser, keyboard_server, "minh.tran@demo.trada.vn")
    page = visitor.page
    visitor.open("/dashboard")
    prompt = page.get_by_test_id("log-prompt").filter(has_text="Hoàng Linh Chi")
    expect(prompt).to_have_count(1)
    tab_into(page, prompt)
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Hoàng Linh Chi")
    assert focus_is_inside(dialog), focused(page)

    tab_to(page, r"^input#topic ")
    page.keyboard.type("Feature store review")
    tab_to(page, r"^select#mentor_score ")
    page.keyboard.press("ArrowDown")  # the score moves by the arrow keys
    score = dialog.locator("#mentor_score").input_value()
    tab_to(page, r"^button#needs_support ")
    page.keyboard.press("Space")
    expect(dialog.locator("#needs_support")).to_have_attribute("data-state", "checked")
    tab_to(page, r"^textarea#action_items ")
    page.keyboard.type("Write the evaluation plan.")
    # Shift+Tab goes back to the topic, kept as typed.
    tab_to(page, r"^input#topic ", back=True)
    assert dialog.locator("#topic").input_value() == "Feature store review"
    tab_to(page, r"^button#.* Save log")
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(page.get_by_test_id("log-prompt")).to_have_count(0)
    card = page.get_by_test_id("mentee-card").filter(has_text="Hoàng Linh Chi")
    expect(card).to_contain_text("Needs support")
    expect(card).to_contain_text(f"{score}/5")
    visitor.close()
