"""A tour of the product as each person sees it: every route of the route table
(tra_da/components/routes.py), as every role that may open it, in both languages. Used by the
accessibility test (tests/e2e/test_accessibility.py) and `make screens` (tests/tools/screens.py).
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import tra_da.pages
from tra_da.components.routes import ROUTES, Route
from tra_da.services.demo_data import ADMIN_EMAIL, DEMO_PASSWORD

WIDTHS = (1280, 900, 375)
HEIGHT = 900
LANGUAGES = ("vi", "en")
# Signed-in people of the demo programme (README "Demo logins"), and a visitor (signed out).
VISITOR = "visitor"
PEOPLE = {
    VISITOR: "",
    "admin": ADMIN_EMAIL,
    "mentor": "lan.nguyen@demo.trada.vn",
    "mentee": "an.vo@demo.trada.vn",
}
# For a dynamic route that no visited page links to (a mentee's own /mentees/<id>): a demo id.
FALLBACK_ID = "1"


# The page's width, and the outermost elements that stick out past the window (not those inside
# a box that scrolls or clips them, such as a table's scrolling region).
WIDEST = """(width) => {
  const page = document.documentElement.scrollWidth;
  if (page <= width) return null;
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") return true;
    }
    return false;
  };
  const out = [...document.querySelectorAll("body *")].filter(
    (el) => el.getBoundingClientRect().right > width + 1 && !clipped(el)
      && !(el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1)
  );
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + [...el.classList].slice(0, 2).map((c) => "." + c).join("");
  return { page, count: out.length, target: out.slice(0, 3).map(name).join(", ") };
}"""


def routes() -> list[Route]:
    """The route table with every page module imported (importing one declares its routes),
    without the test-only pages (/test/...)."""
    for module in pkgutil.iter_modules(tra_da.pages.__path__):
        importlib.import_module(f"tra_da.pages.{module.name}")
    return [r for r in ROUTES if not r.path.startswith("/test/")]


def visits(languages: Sequence[str] = LANGUAGES) -> list[tuple[str, str, str]]:
    """(role, language, path): public routes as a visitor, the others as each role they admit;
    for each person the fixed routes first, so that dynamic ones find their ids among links."""
    table = routes()
    found = []
    for lang in languages:
        for role in PEOPLE:
            mine = [r.path for r in table if (r.public if role == VISITOR else role in r.roles)]
            mine.sort(key=lambda path: ("[" in path, path))
            found += [(role, lang, path) for path in mine]
    return found


def settle(page: Page) -> None:
    """Until the page shows its content: hydrated, the on-load data in, no spinner left."""
    try:
        page.wait_for_selector("#main-content", state="attached", timeout=15_000)
        page.wait_for_function(
            """() => {
  const main = document.getElementById("main-content");
  return main && main.innerText.trim().length > 0 && !main.querySelector(".rt-Spinner");
}""",
            timeout=10_000,
        )
    except PlaywrightTimeout:
        pass  # a page still loading is shown as it is: what a person would meet
    page.wait_for_timeout(300)


@dataclass
class Visitor:
    """One browser context: a person signed in (or a visitor) in one language."""

    role: str
    lang: str
    context: BrowserContext
    page: Page
    base: str
    links: set[str] = field(default_factory=set)

    def resolve(self, path: str) -> str:
        """A dynamic route (/admin/groups/[group_id]) as a real page: the first link to one
        seen on the pages visited so far, else one the list it belongs to links to."""
        pattern = re.compile("^" + re.sub(r"\\\[[a-z_]+\\\]", r"\\d+", re.escape(path)) + "$")
        for attempt in range(2):
            found = sorted(link for link in self.links if pattern.match(link))
            if found:
                return found[0]
            if attempt == 0:
                self.open(path.split("/[")[0] or "/")
        return re.sub(r"\[[a-z_]+\]", FALLBACK_ID, path)

    def open(self, path: str, width: int = WIDTHS[0]) -> str:
        """Load ``path`` (dynamic routes resolved) at ``width``; the URL path opened."""
        if "[" in path:
            path = self.resolve(path)
        self.page.set_viewport_size({"width": width, "height": HEIGHT})
        self.page.goto(self.base + path, wait_until="networkidle")
        settle(self.page)
        hrefs = self.page.eval_on_selector_all(
            "a[href]", "(links) => links.map((a) => a.getAttribute('href'))"
        )
        self.links.update(h.split("?")[0].rstrip("/") for h in hrefs if h and h.startswith("/"))
        return path

    def close(self) -> None:
        self.context.close()


def sign_in_visitor(
    browser: Browser,
    base: str,
    role: str,
    lang: str,
    client_address: str,
    init_scripts: Sequence[Path] = (),
) -> Visitor:
    """A new context in ``lang`` (stored as the language button stores it), signed in as the
    demo person of ``role`` (VISITOR stays signed out)."""
    context = browser.new_context(
        viewport={"width": WIDTHS[0], "height": HEIGHT},
        locale="en-US",
        extra_http_headers={"X-Forwarded-For": client_address},
    )
    for script in init_scripts:
        context.add_init_script(path=str(script))
    context.add_init_script(f"window.localStorage.setItem('td_lang', {json.dumps(lang)});")
    visitor = Visitor(role, lang, context, context.new_page(), base)
    if role != VISITOR:
        page = visitor.page
        page.goto(base + "/login", wait_until="networkidle")
        page.fill("#email", PEOPLE[role])
        page.fill("#password", DEMO_PASSWORD)
        page.locator("form button[type=submit]").click()
        page.wait_for_url(re.compile(r"^(?!.*/login).*$"), timeout=30_000)
    return visitor
