"""Every failure is seen: an unexpected error shows a message with a ref that is in the server
log, the spinner stops, and the pages run under the CSP without a single violation."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import ARTIFACTS, new_page
from tra_da.i18n import translations
from tra_da.services.demo_data import ADMIN_EMAIL, DEMO_PASSWORD

EN = translations("en")
REF = re.compile(r"\(ref ([0-9a-f]{8})\)")


def _unexpected(ref: str) -> str:
    return EN["err.unexpected"].format(ref=ref)


def _logged_with_traceback(ref: str, cause: str) -> bool:
    log = (ARTIFACTS / "e2e-server.log").read_text(errors="replace")
    at = log.find(f"ref={ref}")
    return at >= 0 and "Traceback" in log[at:] and cause in log[at:]


def test_an_unexpected_error_reaches_the_person_and_the_log(browser: Browser, server: str) -> None:
    page, problems = new_page(browser, server, "/test/failure-probe")

    # An exception that escapes the event handler: Reflex's exception handler (ours) answers.
    button = page.locator("#probe-handler")
    button.click()
    toast = page.locator("[data-sonner-toast]").filter(has_text="Something went wrong")
    expect(toast).to_be_visible()
    ref = REF.search(toast.inner_text())
    assert ref, toast.inner_text()
    expect(toast).to_contain_text(_unexpected(ref.group(1)))
    expect(page.get_by_role("alert")).to_have_text(_unexpected(ref.group(1)))
    expect(button).to_be_enabled()  # the spinner stopped
    expect(button).not_to_have_attribute("data-loading", "true")
    for _ in range(20):
        if _logged_with_traceback(ref.group(1), "failure probe: the handler broke"):
            break
        page.wait_for_timeout(250)
    assert _logged_with_traceback(ref.group(1), "failure probe: the handler broke")

    # An exception inside a service call: the form's own message, same ref discipline.
    service = page.locator("#probe-service")
    service.click()
    alert = page.get_by_role("alert")
    expect(alert).not_to_have_text(_unexpected(ref.group(1)))
    expect(alert).to_contain_text("Something went wrong (ref ")
    second = REF.search(alert.inner_text())
    assert second and second.group(1) != ref.group(1)
    expect(service).to_be_enabled()
    for _ in range(20):
        if _logged_with_traceback(second.group(1), "failure probe: a service broke"):
            break
        page.wait_for_timeout(250)
    assert _logged_with_traceback(second.group(1), "failure probe: a service broke")
    page.screenshot(path=str(ARTIFACTS / "screens" / "failure-toast.png"))
    assert not problems, problems  # no CSP violation, no script error: the toast was not eval'd
    page.context.close()


PAGES = [
    "/",
    "/dashboard",
    "/mentors",
    "/sessions",
    "/account",
    "/admin/mentors",
    "/admin/mentors/new",
    "/admin/mentees",
    "/admin/groups",
    "/admin/import",
    "/admin/audit",
    "/admin/deliveries",
    "/admin/payments",
    "/admin/session-logs",
    "/admin/mailbox",
]


def test_main_pages_run_under_a_strict_csp_without_violations(
    browser: Browser, server: str
) -> None:
    policy = httpx.get(server + "/login").headers["content-security-policy"]
    scripts = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in scripts and "'sha256-" in scripts, scripts
    assert "'unsafe-eval'" not in policy
    connect = next(p for p in policy.split(";") if p.strip().startswith("connect-src"))
    assert connect.split()[1:] == ["'self'", server.replace("http://", "ws://")], connect

    page, problems = new_page(browser, server, "/login")
    page.fill("#email", ADMIN_EMAIL)
    page.fill("#password", DEMO_PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/dashboard/?$"))
    for path in PAGES:
        page.goto(server + path, wait_until="networkidle")  # a full load: inline scripts run
        expect(page.locator("main, h1").first).to_be_visible()
        page.get_by_role("link").first.hover()
    violations = [p for p in problems if "Content Security Policy" in p or "eval" in p]
    assert not violations, violations
    page.context.close()
