"""The app a person is using survives the tests, and a frontend that lost its server says so.

- `make test` beside `make run`: a test server builds in its own copy of the project, so the app
  served from the checkout keeps a frontend whose websocket reaches it (issue #19).
- When the websocket cannot connect (server down, or a frontend built for another address), the
  page shows the translated connection banner instead of silently ignoring every click.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests import stripe_stub
from tests.appcopy import Server, free_port, make_copy, start_server
from tests.e2e.conftest import ARTIFACTS, new_page, start_e2e_server
from tra_da.i18n import CATALOGUE
from tra_da.services.demo_data import ADMIN_EMAIL, ADMIN_NAME, DEMO_PASSWORD
from tra_da.state.session import SHOWN_LANGUAGE_KEY

# The browser's websocket to /_event goes to a port where nothing listens: what a frontend built
# for another server (or a server that has stopped) does.
DEAD_WEBSOCKET = """
(() => {
  const Native = window.WebSocket;
  function Redirected(url, protocols) {
    const target = new URL(url, window.location.href);
    if (target.pathname.startsWith("/_event")) target.port = "%d";
    return new Native(target.toString(), protocols);
  }
  Redirected.prototype = Native.prototype;
  Object.assign(Redirected, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  window.WebSocket = Redirected;
})();
"""


def _banner_title(lang: str) -> str:
    return CATALOGUE["connection.title"][lang]


def _context(browser: Browser, locale: str) -> BrowserContext:
    return browser.new_context(viewport={"width": 1280, "height": 800}, locale=locale)


def _cut_off(context: BrowserContext) -> None:
    context.add_init_script(DEAD_WEBSOCKET % free_port())


@pytest.mark.parametrize(("locale", "lang"), [("en-US", "en"), ("vi-VN", "vi")])
def test_a_page_without_its_server_says_so_in_the_browsers_language(
    browser: Browser, server: str, locale: str, lang: str
) -> None:
    context = _context(browser, locale)
    _cut_off(context)
    page = context.new_page()
    page.goto(server + "/login")
    banner = page.get_by_test_id("connection-banner")
    expect(banner).to_be_visible(timeout=15_000)
    expect(banner).to_have_attribute("role", "alert")
    expect(banner).to_contain_text(_banner_title(lang))
    expect(banner).to_contain_text(CATALOGUE["connection.body"][lang])
    expect(banner.get_by_role("button", name=CATALOGUE["connection.reload"][lang])).to_be_visible()
    # Reflex's own English toast is gone: one message, in the person's language.
    expect(page.get_by_text("Cannot connect to server")).to_have_count(0)
    (ARTIFACTS / "screens").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "screens" / f"connection-banner-{lang}.png"))
    context.close()


def test_the_banner_keeps_the_language_the_person_chose(browser: Browser, server: str) -> None:
    # An English browser whose user switched the app to Vietnamese while the server was there.
    context = _context(browser, "en-US")
    page = context.new_page()
    page.goto(server + "/", wait_until="networkidle")
    expect(page.get_by_test_id("connection-banner")).to_have_count(0)
    page.get_by_test_id("sidebar").get_by_role("button", name="Switch to Vietnamese").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gặp đúng mentor")
    page.wait_for_function(f"localStorage.getItem('{SHOWN_LANGUAGE_KEY}') === 'vi'")
    # Then the server is gone.
    _cut_off(context)
    page.reload()
    banner = page.get_by_test_id("connection-banner")
    expect(banner).to_contain_text(_banner_title("vi"), timeout=15_000)
    # Reloading is the way out once the server is back: the button does it.
    with page.expect_navigation():
        banner.get_by_role("button", name=CATALOGUE["connection.reload"]["vi"]).click()
    expect(page.get_by_test_id("connection-banner")).to_contain_text(_banner_title("vi"))
    context.close()


@pytest.fixture
def served_checkout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`make run` in a checkout: a copy of this project standing in for a person's checkout,
    serving its own production build from its own folder, as scripts/run.sh does."""
    checkout = make_copy()
    database = tmp_path_factory.mktemp("checkout") / "tra_da.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "SEED_DEMO_DATA": "true"}
    try:
        running = start_server(env, ARTIFACTS / "isolation-checkout.log", root=checkout)
    except RuntimeError as exc:
        shutil.rmtree(checkout, ignore_errors=True)
        pytest.fail(str(exc))
    try:
        yield running
    finally:
        running.stop()
        shutil.rmtree(checkout, ignore_errors=True)


def _sign_in(page: Page) -> None:
    # English labels come from the server's state: without it the page stays as prerendered.
    expect(
        page.get_by_role("button", name="Sign in"),
        "the page never reached its server (a frontend built for another address?)",
    ).to_be_visible(timeout=20_000)
    page.fill("#email", ADMIN_EMAIL)
    page.fill("#password", DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"^http://[^/]+/dashboard/?$"), timeout=20_000)
    expect(page.get_by_role("heading", level=1)).to_contain_text(ADMIN_NAME)


def test_a_test_server_leaves_the_app_served_from_the_checkout_working(
    browser: Browser,
    served_checkout: Server,
    tmp_path_factory: pytest.TempPathFactory,
    stripe: stripe_stub.StripeStub,
) -> None:
    checkout = served_checkout.root
    frontend_env = (checkout / ".web" / "env.json").read_text()
    assert served_checkout.base.rsplit(":", 1)[1] in frontend_env
    page, _ = new_page(browser, served_checkout.base, "/login")
    _sign_in(page)
    page.context.close()

    # The browser tests' own server, started from that checkout the way tests/e2e starts it,
    # built and then stopped: its port is dead afterwards, as after a test run.
    second = start_e2e_server(tmp_path_factory, stripe.url, "isolation-second.log", checkout)
    assert second.root != checkout
    second.stop()

    assert (checkout / ".web" / "env.json").read_text() == frontend_env
    # A fresh visit to the app being served: its frontend still talks to its own server.
    page, problems = new_page(browser, served_checkout.base, "/login")
    _sign_in(page)
    expect(page.get_by_test_id("connection-banner")).to_have_count(0)
    assert not problems, problems
    page.context.close()
