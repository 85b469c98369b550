"""What a first-time visitor of the landing page downloads, and how the built files are served
to browsers and to a CDN in front of the server (tra_da/static_assets.py, issue 17).

Byte counts are deterministic: the budget is checked on the JavaScript the browser actually
fetched for `/` (every script response, gzip level 9 as the build's .gz siblings), not on times.
"""

from __future__ import annotations

import gzip
import re

import httpx
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import new_page

FIRST_LOAD_JS_GZIP_BUDGET = 300 * 1024
FIRST_LOAD_JS_REQUESTS = 15
YEAR_IMMUTABLE = "public, max-age=31536000, immutable"


def _is_script(url: str, resource_type: str) -> bool:
    return resource_type == "script" or url.split("?")[0].endswith((".js", ".mjs"))


def test_first_load_javascript_of_the_landing_page_stays_in_budget(
    browser: Browser, server: str
) -> None:
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(server + "/", wait_until="networkidle")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    scripts = [r for r in responses if _is_script(r.url, r.request.resource_type)]
    sizes = sorted(
        ((len(gzip.compress(r.body(), 9, mtime=0)), r.url.rsplit("/", 1)[-1]) for r in scripts),
        reverse=True,
    )
    total = sum(size for size, _ in sizes)
    listing = "\n".join(f"{size / 1024:8.1f} KB  {name}" for size, name in sizes)
    assert total <= FIRST_LOAD_JS_GZIP_BUDGET, (
        f"first-load JavaScript of / is {total / 1024:.1f} KB gzip, over the "
        f"{FIRST_LOAD_JS_GZIP_BUDGET // 1024} KB budget (docs/performance.md):\n{listing}"
    )
    assert len(scripts) <= FIRST_LOAD_JS_REQUESTS, (
        f"/ fetches {len(scripts)} JavaScript files, over {FIRST_LOAD_JS_REQUESTS}:\n{listing}"
    )
    # Chromium accepts brotli, so that is what it is sent (and the page above ran on it).
    compressed = [r for r in scripts if len(r.body()) > 1024]
    assert compressed
    assert {r.headers.get("content-encoding") for r in compressed} == {"br"}
    context.close()


def _assets(server: str) -> list[str]:
    html = httpx.get(server + "/").text
    return sorted(set(re.findall(r'"(/assets/[^"]+\.(?:js|css))"', html)))


def _raw(url: str, accept_encoding: str) -> tuple[httpx.Response, bytes]:
    """The response and its body as sent (not decoded)."""
    with httpx.stream("GET", url, headers={"Accept-Encoding": accept_encoding}) as response:
        return response, b"".join(response.iter_raw())


def test_hashed_files_are_cached_for_a_year_and_sent_precompressed(server: str) -> None:
    assets = _assets(server)
    assert any(a.endswith(".css") for a in assets) and any(a.endswith(".js") for a in assets)
    checked = 0
    for path in assets:
        plain, body = _raw(server + path, "identity")
        assert plain.status_code == 200, path
        assert plain.headers["cache-control"] == YEAR_IMMUTABLE, path
        assert "content-encoding" not in plain.headers, path
        if len(body) < 1024:
            continue  # too small to be worth compressing: the build writes no sibling
        checked += 1
        for accepted, encoding in (("br, gzip", "br"), ("gzip;q=0, br", "br"), ("gzip", "gzip")):
            sent, raw = _raw(server + path, accepted)
            assert sent.headers.get("content-encoding") == encoding, (path, accepted)
            assert "accept-encoding" in sent.headers["vary"].lower(), path
            assert sent.headers["cache-control"] == YEAR_IMMUTABLE, path
            assert len(raw) < len(body), (path, accepted)
        assert gzip.decompress(raw) == body, path
        # A revalidation of an immutable file keeps its policy.
        again = httpx.get(
            server + path,
            headers={"Accept-Encoding": "gzip", "If-None-Match": sent.headers["etag"]},
        )
        assert again.status_code == 304 and again.headers["cache-control"] == YEAR_IMMUTABLE
    assert checked >= 3, assets


def test_pages_and_unhashed_files_are_revalidated(server: str) -> None:
    # Prerendered, client-routed and unhashed public files keep their names across deploys.
    for path in ("/", "/login/", "/mentors/1", "/favicon.svg", "/trada.css"):
        response = httpx.get(server + path, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == "no-cache", path
        assert "accept-encoding" in response.headers["vary"].lower(), path
    page, _ = _raw(server + "/", "br, gzip")
    assert page.headers["content-encoding"] == "br"
    # Neither the API nor an unknown file gets a cache policy from the frontend's files.
    assert httpx.get(server + "/api/health").headers.get("cache-control") != "no-cache"
    missing = httpx.get(server + "/assets/missing-AAAAAAAA.js")
    assert missing.status_code == 404
    assert missing.headers.get("cache-control") != YEAR_IMMUTABLE


def test_landing_page_runs_from_brotli_under_the_csp(browser: Browser, server: str) -> None:
    page, problems = new_page(browser, server, "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("mentor")
    # The layout's icons, now one chunk, are drawn (the sidebar's navigation links).
    expect(page.get_by_test_id("sidebar").locator("svg").first).to_be_visible()
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    page.context.close()
