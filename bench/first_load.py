"""First load of a page in headless Chromium, cold: what it downloads and when it is usable.

    .venv/bin/python bench/first_load.py --base http://127.0.0.1:3000 [--path /] [--runs 9]

`make bench` runs it on the embedded set-up (bench/journey.py, the browser model) and writes the
result into docs/performance.md; alone it measures any running server.

- Downloads, one cold load (a new browser context: empty cache): every script response (files,
  raw KB, gzip KB at level 9 as the build's .gz files and tests/e2e/test_static_assets.py count
  them, KB as sent: brotli when the server has it) and every request the page made.
- Timings, median of --runs cold loads (each in a new context), on the page's own clock
  (performance.now(); 0 = navigation start), so Playwright's overhead is not in them:
  first contentful paint; interactive = the page's <h1> and its first link or button in <main>
  are visible and hydrated (React has attached its props to them: a click is handled); state =
  the first websocket message carrying state from the server (Reflex's hydrate); DOMContentLoaded
  and load; total blocking time = the part over 50 ms of each long task before interactive.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run alone, too
from tests import chromium  # noqa: E402

# Injected before the page's own scripts (an init script: the page's CSP does not apply to it).
TIMING_SCRIPT = """(() => {
  const t = (window.__tdFirstLoad = { longTasks: [] });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) t.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch (e) {}
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (m) => {
        if (t.state === undefined && String(m.data).includes("delta")) t.state = performance.now();
      });
    }
  };
  const hydrated = (el) => Object.keys(el).some((k) => k.startsWith("__reactProps$"));
  const shown = (el) => el.getClientRects().length > 0;
  const check = () => {
    const heading = document.querySelector("h1");
    const control = [...document.querySelectorAll("main a[href], main button")].find(shown);
    if (heading && control && shown(heading) && hydrated(heading) && hydrated(control)) {
      t.interactive = performance.now();
      return;
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();"""

READ_TIMES = """() => {
  const t = window.__tdFirstLoad;
  const nav = performance.getEntriesByType("navigation")[0];
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  const blocking = t.longTasks
    .filter(([start]) => t.interactive === undefined || start < t.interactive)
    .reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0);
  return {
    fcp_ms: fcp ? fcp.startTime : null,
    interactive_ms: t.interactive ?? null,
    state_ms: t.state ?? null,
    dcl_ms: nav.domContentLoadedEventEnd,
    load_ms: nav.loadEventEnd,
    tbt_ms: blocking,
  };
}"""

TIMINGS = ["fcp_ms", "interactive_ms", "state_ms", "dcl_ms", "load_ms", "tbt_ms"]


def _is_script(url: str, resource_type: str) -> bool:
    return resource_type == "script" or url.split("?")[0].endswith((".js", ".mjs"))


def downloads(browser: Any, url: str) -> dict[str, Any]:
    """What one cold load of ``url`` fetches (every request that finished: the websocket's
    upgrade never does)."""
    context = browser.new_context()
    page = context.new_page()
    finished: list[Any] = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="networkidle")
    sent = {id(r): r.sizes()["responseBodySize"] for r in finished}
    scripts = [r for r in finished if _is_script(r.url, r.resource_type)]
    files = []
    for request in scripts:
        response = request.response()
        body = response.body()
        files.append(
            {
                "name": request.url.rsplit("/", 1)[-1],
                "raw": len(body),
                "gzip": len(gzip.compress(body, 9, mtime=0)),
                "sent": sent[id(request)],
                "encoding": response.headers.get("content-encoding"),
            }
        )
    files.sort(key=lambda f: -f["gzip"])
    context.close()
    return {
        "js_files": len(files),
        "js_raw_kb": sum(f["raw"] for f in files) / 1024,
        "js_gzip_kb": sum(f["gzip"] for f in files) / 1024,
        "js_sent_kb": sum(f["sent"] for f in files) / 1024,
        "js_by_file": files,
        "requests": len(finished),
        "sent_kb": sum(sent.values()) / 1024,
    }


def timings(browser: Any, url: str, runs: int) -> dict[str, Any]:
    """Median of ``runs`` cold loads of ``url``, each in a new context (empty cache)."""
    samples: dict[str, list[float]] = {name: [] for name in TIMINGS}
    for _ in range(runs):
        context = browser.new_context()
        context.add_init_script(TIMING_SCRIPT)
        page = context.new_page()
        page.goto(url, wait_until="load")
        deadline = time.monotonic() + 20
        while page.evaluate("() => window.__tdFirstLoad.interactive") is None:
            if time.monotonic() > deadline:
                raise SystemExit(f"{url}: no hydrated heading and control within 20 s")
            time.sleep(0.05)
        page.wait_for_load_state("networkidle")
        measured = page.evaluate(READ_TIMES)
        for name in TIMINGS:
            if measured[name] is not None:
                samples[name].append(measured[name])
        context.close()
    out: dict[str, Any] = {"runs": runs, "samples": samples}
    for name, values in samples.items():
        out[name] = statistics.median(values) if values else None
    return out


def measure(browser: Any, base: str, path: str = "/", runs: int = 9) -> dict[str, Any]:
    url = base.rstrip("/") + path
    return {"path": path, **downloads(browser, url), **timings(browser, url, runs)}


def report(result: dict[str, Any]) -> str:
    def ms(name: str) -> str:
        value = result.get(name)
        return "-" if value is None else f"{value:.0f} ms"

    return (
        f"first load of {result['path']}: JS {result['js_gzip_kb']:.0f} KB gzip "
        f"({result['js_raw_kb']:.0f} KB raw, {result['js_sent_kb']:.0f} KB as sent) in "
        f"{result['js_files']} files, {result['requests']} requests in all; median of "
        f"{result['runs']} cold loads: first contentful paint {ms('fcp_ms')}, interactive "
        f"{ms('interactive_ms')}, state {ms('state_ms')}, DOMContentLoaded {ms('dcl_ms')}, "
        f"load {ms('load_ms')}, total blocking time {ms('tbt_ms')}"
    )


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--path", default="/")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--out", help="also write the result as JSON here")
    args = parser.parse_args()
    with sync_playwright() as pw:
        browser = chromium.launch(pw.chromium)
        result = measure(browser, args.base, args.path, args.runs)
        browser.close()
    for f in result["js_by_file"]:
        print(f"{f['gzip'] / 1024:8.1f} KB gzip {f['raw'] / 1024:8.1f} KB raw  {f['name']}")
    print(report(result))
    if args.out:
        with open(args.out, "w") as out:
            json.dump(result, out, indent=2)


if __name__ == "__main__":
    main()
