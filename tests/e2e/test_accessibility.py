"""WCAG 2.2 AA with axe-core: every route, as every role that may open it, at 1280, 900 and
375 px, in both languages, has no critical or serious violation (issue 16).

axe-core comes from the npm registry, pinned with its integrity in tests/tools/package-lock.json
(scripts/lib.sh ensure_test_tools installs it; this module does so when it is missing). It is
added to every page of a browser context as an init script, which the page's
Content-Security-Policy does not govern, so the policy under test stays the real one.

One browser context per role and language (tests/e2e/tour.py): it signs in once, then visits
its routes; each page is checked at the three widths by resizing the viewport, not reloading.
Each run's findings are also written to test-artifacts/axe/.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.conftest import ARTIFACTS, ROOT, next_client_address
from tests.e2e.tour import WIDTHS, Visitor, sign_in_visitor, visits

AXE = ROOT / "tests" / "tools" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = ("critical", "serious")

# Rules that pages still break (issue 16) and that no theme, CSS or shared component can fix:
# names and labels of page-specific controls, the sparkline's focusable chart, a page's own
# scrolling table. A page whose only blocking violations are of these rules is reported as an
# expected failure (xfail) listing every one; any other rule fails the test.
# The page engineers fix them and empty this set.
PAGE_RULES_TO_FIX: frozenset[str] = frozenset(
    {
        "aria-hidden-focus",
        "button-name",
        "label",
        "scrollable-region-focusable",
    }
)

_AXE_RUN = """async (tags) => {
  const result = await window.axe.run(document, {
    runOnly: { type: "tag", values: tags },
    resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    count: v.nodes.length,
    target: v.nodes[0] ? v.nodes[0].target.join(" ") : "",
    summary: v.nodes[0] ? (v.nodes[0].failureSummary || "").split("\\n").slice(0, 2).join(" ") : "",
  }));
}"""


def check(page: Page) -> dict[int, list[dict[str, Any]]]:
    """axe-core's blocking violations at each width (the page is open at the first)."""
    found: dict[int, list[dict[str, Any]]] = {}
    for width in WIDTHS:
        if width != WIDTHS[0]:
            page.set_viewport_size({"width": width, "height": page.viewport_size["height"]})
            page.wait_for_timeout(250)  # layout and transitions settle
        violations = page.evaluate(_AXE_RUN, TAGS)
        found[width] = [v for v in violations if v["impact"] in BLOCKING]
    return found


def report(where: str, found: dict[int, list[dict[str, Any]]]) -> str:
    """One line per rule and width: rule, impact, node count, what it asks, one node."""
    lines = [where]
    for width, violations in found.items():
        for v in violations:
            lines.append(
                f"  {width:>4} px  {v['id']} [{v['impact']}] x{v['count']}: {v['help']}\n"
                f"           e.g. {v['target']}  {v['summary']}"
            )
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe_source() -> Path:
    if not AXE.is_file():
        subprocess.run(["bash", str(ROOT / "scripts" / "test-tools.sh")], check=True)
    return AXE


@pytest.fixture(scope="module")
def visitors() -> Iterator[dict[str, Visitor]]:
    """The open context (one at a time), by role and language."""
    cache: dict[str, Visitor] = {}
    yield cache
    for visitor in cache.values():
        visitor.close()


def _visitor(
    cache: dict[str, Visitor], browser: Browser, base: str, axe: Path, role: str, lang: str
) -> Visitor:
    key = f"{role}-{lang}"
    if key not in cache:
        for old in cache.values():
            old.close()
        cache.clear()
        cache[key] = sign_in_visitor(
            browser, base, role, lang, next_client_address(), init_scripts=[axe]
        )
    return cache[key]


@pytest.mark.parametrize(("role", "lang", "path"), visits())
def test_route_has_no_serious_violation(
    browser: Browser,
    server: str,
    axe_source: Path,
    visitors: dict[str, Visitor],
    role: str,
    lang: str,
    path: str,
) -> None:
    visitor = _visitor(visitors, browser, server, axe_source, role, lang)
    url = visitor.open(path)
    page = visitor.page
    assert page.evaluate("() => typeof window.axe") == "object", "axe-core was not injected"
    assert page.evaluate("() => document.documentElement.lang") == lang, "<html lang>"
    found = check(page)
    where = f"{url} as {role}, {lang}"
    out = ARTIFACTS / "axe"
    out.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9]+", "_", f"{role}-{lang}-{url}").strip("_")
    (out / f"{name}.json").write_text(json.dumps({"url": url, "found": found}, indent=1))
    rules = {v["id"] for violations in found.values() for v in violations}
    if rules - PAGE_RULES_TO_FIX:
        pytest.fail(report(where, found), pytrace=False)
    if rules:
        pytest.xfail(report(where + " (only PAGE_RULES_TO_FIX)", found))
