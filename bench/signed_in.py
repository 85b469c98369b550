"""Signed-in pages and in-page interactions in headless Chromium, timed inside the page.

    .venv/bin/python bench/signed_in.py --base http://127.0.0.1:3000 [--runs 7] [--demo]

`make bench` runs it in its browser model (bench/journey.py) and writes the result into
docs/performance.md; alone it measures any running server (``--demo``: the demo programme's
people, as `make run` seeds them; else the bench's data set).

Every time is taken on the page's own clock (performance.now() and a MutationObserver), as the
"click Book" timing does, so Playwright's polling from outside is not in it:
- page, cold: a full load of the address in a signed-in tab (the token in localStorage, files
  in the cache): from navigation start (0) to the page's <h1> in <main> and its first data row
  both visible;
- page, in-app: a click on the page's entry in the navigation, from another page, to the same;
- directory filter: a track chosen in /mentors -> the cards shown are other cards;
- open a slot: a click on a slot of a mentor's profile -> its booking dialog visible;
- book: "Book this session" -> the booking confirmed where the person is: "Booked!" in the
  dialog or its toast, whichever shows first (both come in the same answer; then the page goes
  to My sessions).
Each sample is listed with the machine's load average when it was taken.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run alone, too
from tests import chromium  # noqa: E402

TARGET_PAGE_MS, TARGET_INTERACTION_MS = 500, 50  # issue 17: p50 and p95 of pages, p95 of clicks

# The page and what counts as its first data row there (never a placeholder: placeholders carry
# data-testid=list-loading and are not matched).
PAGES: list[tuple[str, str, str]] = [
    ("admin", "/dashboard", ".td-stats > *"),
    ("mentor", "/dashboard", ".td-stats > *"),
    ("mentee", "/dashboard", "[data-testid=my-mentor]"),
    ("mentee", "/sessions", "[data-testid=session-card], [data-testid=no-upcoming]"),
    ("mentee", "/mentors", "[data-testid=mentor-card]"),
    ("admin", "/admin/mentees", "main table tbody tr"),
]

DEMO_PASSWORD = "TraDa-demo-2026"
DEMO_PEOPLE = {
    "admin": ("admin@demo.trada.vn", DEMO_PASSWORD),
    "mentor": ("lan.nguyen@demo.trada.vn", DEMO_PASSWORD),
    "mentee": ("an.vo@demo.trada.vn", DEMO_PASSWORD),
}

# Installed in every document of a context before the page's scripts (an init script: the
# page's CSP does not apply to it). window.__tdPaint.done: when the <h1> of <main> and a row
# matching the address's selector were first both visible, 0 = navigation start.
PAINT_SCRIPT = r"""((rows) => {
  const row = rows[location.pathname.replace(/\/+$/, "") || "/"];
  if (!row) return;
  const shown = (el) => !!el && el.getClientRects().length > 0;
  const p = (window.__tdPaint = { heading: null, done: null });
  const check = () => {
    if (p.done !== null) return;
    const now = performance.now();
    if (p.heading === null && shown(document.querySelector("main h1"))) p.heading = now;
    if (p.heading !== null && shown(document.querySelector(row))) {
      p.done = now;
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, characterData: true });
  // And once a frame, for what no mutation of the observed tree announces.
  const frame = () => { check(); if (p.done === null) requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
})(__ROWS__);"""

# An in-app navigation: armed before the click; done when the address is the target's and its
# heading and first row are visible.
ARM_NAVIGATION = r"""([path, row]) => {
  const shown = (el) => !!el && el.getClientRects().length > 0;
  const n = (window.__tdNav = { t0: null, done: null });
  document.addEventListener("click", () => { if (n.t0 === null) n.t0 = performance.now(); },
    { capture: true, once: true });
  const observer = new MutationObserver(() => {
    if (n.t0 === null || n.done !== null || location.pathname.replace(/\/+$/, "") !== path) return;
    if (shown(document.querySelector("main h1")) && shown(document.querySelector(row))) {
      n.done = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
}"""

# The cards shown, as a signature: which mentor cards are visible, in order.
_CARDS = """(() => [...document.querySelectorAll("[data-testid=mentor-card]")]
  .filter((el) => el.getClientRects().length > 0).map((el) => el.getAttribute("href")).join(" "))"""

# Armed before an interaction: t0 at the first event of ``kind`` (click, change) on the page,
# done at the first mutation after it where ``condition`` holds.
ARM_INTERACTION = """([kind, condition]) => {
  const cards = __CARDS__;
  const before = cards();
  const test = {
    cards: () => cards() !== before,
    dialog: () => [...document.querySelectorAll("[role=alertdialog]")]
      .some((el) => el.getClientRects().length > 0),
    // The booking confirmed where the person is: "Booked!" in its dialog or the toast, before
    // My sessions (where the booking lands) has loaded its module and rows.
    booked: () => [...document.querySelectorAll(
      "[data-sonner-toast], [role=alertdialog] [data-testid=booking-confirmed]")]
      .some((el) => el.getClientRects().length > 0),
  }[condition];
  const i = (window.__tdAct = { t0: null, done: null });
  document.addEventListener(kind, () => { if (i.t0 === null) i.t0 = performance.now(); },
    { capture: true, once: true });
  const observer = new MutationObserver(() => {
    if (i.t0 !== null && i.done === null && test()) {
      i.done = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document.body,
    { childList: true, subtree: true, characterData: true, attributes: true });
}""".replace("__CARDS__", _CARDS)


def pct(samples: list[float], q: float) -> float:
    """Percentile ``q`` (0-100) by linear interpolation between the closest ranks."""
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _wait(page: Any, expression: str, what: str, timeout: float = 30) -> Any:
    """Poll a value set inside the page (the CSP forbids wait_for_function's eval); the time
    itself is taken inside the page, so the polling does not add to it."""
    deadline = time.monotonic() + timeout
    while (value := page.evaluate(expression)) is None:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not seen within {timeout:.0f} s")
        time.sleep(0.03)
    return value


def _sample(ms: float) -> dict[str, Any]:
    return {"ms": round(ms, 1), "load_avg": round(os.getloadavg()[0], 2)}


def summarise(samples: list[dict[str, Any]]) -> dict[str, Any]:
    times = [s["ms"] for s in samples]
    loads = [s["load_avg"] for s in samples]
    return {
        "n": len(times),
        "p50_ms": statistics.median(times),
        "p95_ms": pct(times, 95),
        "max_ms": max(times),
        "load_avg_min": min(loads),
        "load_avg_max": max(loads),
        "samples": samples,
    }


_CLIENTS = itertools.count(1)


def sign_in(browser: Any, base: str, email: str, password: str, rows: dict[str, str]) -> Any:
    # An address of its own (X-Forwarded-For, trusted by the bench's and the tests' servers):
    # the per-address sign-in limit must not refuse the sign-ins of one run.
    n = next(_CLIENTS)
    context = browser.new_context(
        locale="en-US",
        viewport={"width": 1280, "height": 900},
        extra_http_headers={"X-Forwarded-For": f"10.17.{n // 250}.{n % 250 + 1}"},
    )
    context.add_init_script(PAINT_SCRIPT.replace("__ROWS__", json.dumps(rows)))
    # English whatever the account's language: the buttons are found by their English names.
    context.add_init_script("window.localStorage.setItem('td_lang', 'en');")
    page = context.new_page()
    page.goto(f"{base}/login", wait_until="networkidle")
    page.fill("#email", email)
    page.fill("#password", password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url, timeout=30_000)
    return context, page


def cold_load(page: Any, base: str, path: str) -> float:
    page.goto(base + path, wait_until="commit")
    return float(_wait(page, "() => window.__tdPaint && window.__tdPaint.done", f"{path} (cold)"))


def in_app(page: Any, base: str, path: str, row: str, via: str) -> float:
    """From ``via`` (another page of the navigation), a click on ``path``'s entry."""
    page.goto(base + via, wait_until="commit")
    page.locator("main h1").first.wait_for()
    link = page.locator(f"[data-testid=sidebar] a[href='{path}']")
    link.wait_for()
    page.wait_for_load_state("networkidle")
    page.evaluate(ARM_NAVIGATION, [path, row])
    link.click()
    return float(
        _wait(
            page,
            "() => window.__tdNav.done && window.__tdNav.done - window.__tdNav.t0",
            f"{path} (in-app)",
        )
    )


def _interaction(page: Any, kind: str, condition: str, act: Callable[[], None], what: str) -> float:
    page.evaluate(ARM_INTERACTION, [kind, condition])
    act()
    return float(
        _wait(page, "() => window.__tdAct.done && window.__tdAct.done - window.__tdAct.t0", what)
    )


def filter_runs(page: Any, base: str, runs: int) -> list[dict[str, Any]]:
    """A track chosen in the directory, then all tracks again: each change is a sample."""
    page.goto(base + "/mentors", wait_until="commit")
    page.locator("[data-testid=mentor-card]").first.wait_for()
    page.wait_for_load_state("networkidle")
    select = page.locator("select[name=track]")
    tracks = [v for v in select.locator("option").evaluate_all("os => os.map(o => o.value)") if v]
    out = []
    for i in range(runs * 2):
        value = "" if i % 2 else tracks[(i // 2) % len(tracks)]
        out.append(
            _sample(
                _interaction(
                    page,
                    "change",
                    "cards",
                    lambda v=value: select.select_option(v),
                    "filter -> cards",
                )
            )
        )
        # Settled (the server's answer shown) before the next change.
        page.wait_for_load_state("networkidle")
        time.sleep(0.3)
    return out


def slot_runs(
    page: Any, base: str, mentor_ids: list[int], runs: int, book: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Open a slot's dialog on each mentor's profile (and close it), ``runs`` times; then, with
    ``book``, book one slot per mentor: "Book this session" -> the confirmation."""
    opened: list[dict[str, Any]] = []
    booked: list[dict[str, Any]] = []
    if not mentor_ids:  # the directory's mentors that show an open slot
        page.goto(f"{base}/mentors", wait_until="commit")
        page.locator("[data-testid=mentor-card]").first.wait_for()
        mentor_ids = page.locator("[data-testid=mentor-card]").evaluate_all(
            """cards => cards.filter(c => c.querySelector("[data-testid=next-slot]")
                || /Next open slot/.test(c.textContent)).map(c => +c.href.split("/").pop())"""
        )
    for i in range(runs):
        mentor_id = mentor_ids[i % len(mentor_ids)]
        page.goto(f"{base}/mentors/{mentor_id}", wait_until="commit")
        slot = page.get_by_role("button", name="Book ").first
        slot.wait_for()
        page.wait_for_load_state("networkidle")
        opened.append(_sample(_interaction(page, "click", "dialog", slot.click, "open a slot")))
        dialog = page.get_by_role("alertdialog")
        confirm = dialog.get_by_role("button", name="Book this session")
        confirm.wait_for()
        if not book:
            page.keyboard.press("Escape")
            dialog.wait_for(state="hidden")
            continue
        page.wait_for_load_state("networkidle")
        booked.append(_sample(_interaction(page, "click", "booked", confirm.click, "book")))
    return opened, booked


def measure(
    browser: Any,
    base: str,
    people: dict[str, tuple[str, str]],
    mentor_ids: list[int],
    runs: int = 7,
    book: bool = True,
    parts: tuple[str, ...] = ("pages", "interactions"),
) -> dict[str, Any]:
    """Every page of PAGES cold and in-app, and the three interactions, ``runs`` times each."""
    pages: dict[str, dict[str, Any]] = {}
    filtered: list[dict[str, Any]] = []
    opened: list[dict[str, Any]] = []
    booked: list[dict[str, Any]] = []
    for role in ("admin", "mentor", "mentee"):
        rows = {path: row for who, path, row in PAGES if who == role}
        context, page = sign_in(browser, base, *people[role], rows)
        try:
            for who, path, row in PAGES:
                if who != role or "pages" not in parts:
                    continue
                via = "/account"
                cold = [_sample(cold_load(page, base, path)) for _ in range(runs)]
                nav = [_sample(in_app(page, base, path, row, via)) for _ in range(runs)]
                pages[f"{path} ({role})"] = {"cold": summarise(cold), "in_app": summarise(nav)}
            if role == "mentee" and "interactions" in parts:
                filtered = filter_runs(page, base, runs)
                opened, booked = slot_runs(page, base, mentor_ids, runs, book)
        finally:
            context.close()
    interactions = {}
    if "interactions" in parts:
        interactions["directory filter -> cards"] = summarise(filtered)
        interactions["open a slot's dialog"] = summarise(opened)
    if booked:
        interactions["book -> confirmation"] = summarise(booked)
    return {"runs": runs, "pages": pages, "interactions": interactions}


def report(result: dict[str, Any]) -> str:
    """Markdown: each page and interaction with p50, p95 and the load average during it."""
    lines = [
        "| signed-in page (first data row) | cold p50 ms | cold p95 ms | in-app p50 ms "
        "| in-app p95 ms | load average |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in result["pages"].items():
        c, n = r["cold"], r["in_app"]
        lo = min(c["load_avg_min"], n["load_avg_min"])
        hi = max(c["load_avg_max"], n["load_avg_max"])
        lines.append(
            f"| {name} | {c['p50_ms']:.0f} | {c['p95_ms']:.0f} | {n['p50_ms']:.0f} "
            f"| {n['p95_ms']:.0f} | {lo:.1f}-{hi:.1f} |"
        )
    lines.append(f"| target (issue 17) | <= {TARGET_PAGE_MS} | | <= {TARGET_PAGE_MS} | | |")
    lines += [
        "",
        "| in-page interaction | p50 ms | p95 ms | max ms | samples | load average |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in result["interactions"].items():
        lines.append(
            f"| {name} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | {r['max_ms']:.0f} | {r['n']} "
            f"| {r['load_avg_min']:.1f}-{r['load_avg_max']:.1f} |"
        )
    lines.append(f"| target (issue 17) | | <= {TARGET_INTERACTION_MS} | | | |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:3000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--mentors",
        default="",
        help="mentor ids to open and book "
        "(default: the directory's first mentors with an open slot)",
    )
    parser.add_argument("--no-book", action="store_true", help="open slots, book none")
    parser.add_argument("--only", choices=["pages", "interactions"], help="one part only")
    parser.add_argument("--json", help="also write the raw result here")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = chromium.launch(pw.chromium)
        try:
            result = measure(
                browser,
                args.base,
                DEMO_PEOPLE,
                [int(m) for m in args.mentors.split(",") if m],
                args.runs,
                book=not args.no_book,
                parts=(args.only,) if args.only else ("pages", "interactions"),
            )
        finally:
            browser.close()
    if args.json:
        with open(args.json, "w") as out:
            json.dump(result, out, indent=1)
    print(report(result))


if __name__ == "__main__":
    main()
