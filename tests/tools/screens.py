"""`make screens`: a screenshot of every route, as every role that may open it, at 1280, 900 and
375 px, in both languages, into screens/ (ignored by git), with an index.html to look at them
in one go.

    python -m tests.tools.screens                         # serves a throw-away copy itself
    python -m tests.tools.screens --base http://localhost:3000   # or a running server
    python -m tests.tools.screens --lang en --role mentor        # a part

A server it starts is the production build exactly as `make run` starts it (tests/appcopy.py),
on a free port with a fresh demo database. It signs in as the demo people (README "Demo
logins") with Debian's Chromium.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests import chromium
from tests.appcopy import ROOT, Server, start_server
from tests.e2e.tour import HEIGHT, LANGUAGES, PEOPLE, WIDTHS, Visitor, sign_in_visitor, visits


def _serve(log: Path) -> Server:
    database = Path(tempfile.mkdtemp(prefix="tra-da-screens-")) / "screens.db"
    env = {
        **os.environ,
        "APP_ENV": "development",
        "DATABASE_URL": f"sqlite:///{database}",
        "SEED_DEMO_DATA": "true",
        "REFLEX_TRUSTED_PROXY_HOPS": "1",
    }
    print(f"Starting the production build in a throw-away copy (log: {log})", flush=True)
    return start_server(env, log)


def _shoot(visitor: Visitor, out: Path, url: str, width: int) -> str:
    """The whole page at ``width`` in a window as tall as the page, so that fixed bars (the
    phone's bottom navigation) sit where a person sees them, not halfway down the picture."""
    page = visitor.page
    page.set_viewport_size({"width": width, "height": HEIGHT})
    page.wait_for_timeout(400)  # layout and transitions settle
    height = page.evaluate("() => document.documentElement.scrollHeight")
    page.set_viewport_size({"width": width, "height": min(max(height, HEIGHT), 12_000)})
    page.wait_for_timeout(150)
    slug = re.sub(r"[^A-Za-z0-9]+", "_", url).strip("_") or "home"
    name = f"{visitor.lang}/{visitor.role}/{slug}-{width}.png"
    (out / name).parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out / name))
    return name


def _index(out: Path, shots: list[tuple[str, str, str, int, str]]) -> None:
    rows = []
    for (role, lang, url), group in _grouped(shots).items():
        cells = "".join(
            f'<figure><a href="{html.escape(f)}"><img src="{html.escape(f)}" loading="lazy" '
            f'alt="{html.escape(url)} {width} px"></a><figcaption>{width} px</figcaption></figure>'
            for width, f in group
        )
        rows.append(f"<section><h2>{html.escape(f'{url} · {role} · {lang}')}</h2>{cells}</section>")
    (out / "index.html").write_text(
        "<!doctype html><meta charset=utf-8><title>Trà Đá screens</title><style>"
        "body{font:14px system-ui;margin:16px}section{margin-bottom:24px}"
        "figure{display:inline-block;vertical-align:top;margin:0 12px 0 0}"
        "img{border:1px solid #ccc;max-height:480px}</style><h1>Trà Đá screens</h1>"
        + "".join(rows),
        encoding="utf-8",
    )


def _grouped(
    shots: list[tuple[str, str, str, int, str]],
) -> dict[tuple[str, str, str], list[tuple[int, str]]]:
    grouped: dict[tuple[str, str, str], list[tuple[int, str]]] = {}
    for role, lang, url, width, name in shots:
        grouped.setdefault((role, lang, url), []).append((width, name))
    return grouped


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", help="a running server (default: start one)")
    parser.add_argument("--out", default=str(ROOT / "screens"))
    parser.add_argument("--lang", choices=LANGUAGES, action="append")
    parser.add_argument("--role", choices=list(PEOPLE), action="append")
    parser.add_argument("--chromium", default=chromium.EXECUTABLE)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    server = None if args.base else _serve(ROOT / "test-artifacts" / "screens-server.log")
    base = (args.base or (server.base if server else "")).rstrip("/")
    started = time.monotonic()
    shots: list[tuple[str, str, str, int, str]] = []
    try:
        with sync_playwright() as playwright:
            browser = chromium.launch(playwright.chromium, args.chromium)
            visitor: Visitor | None = None
            for n, (role, lang, path) in enumerate(visits(args.lang or LANGUAGES)):
                if args.role and role not in args.role:
                    continue
                if visitor is None or (visitor.role, visitor.lang) != (role, lang):
                    if visitor is not None:
                        visitor.close()
                    visitor = sign_in_visitor(browser, base, role, lang, f"198.51.100.{n % 250}")
                url = visitor.open(path)
                for width in WIDTHS:
                    name = _shoot(visitor, out, url, width)
                    shots.append((role, lang, url, width, name))
                print(f"{lang} {role:8} {url}", flush=True)
            if visitor is not None:
                visitor.close()
            browser.close()
    finally:
        if server is not None:
            server.stop()
    _index(out, shots)
    took = time.monotonic() - started
    print(f"{len(shots)} screenshots in {out} ({took:.0f} s); open {out}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
