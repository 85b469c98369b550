"""The burst load model of `make bench`: everything at once, then see what the server answers.

    .venv/bin/python bench/burst.py --base http://127.0.0.1:3000 --tokens tokens.json \
        --login-first 5000 [--api 300] [--logins 50] [--timeout 20] [--out burst.json]

--api requests (the journey's: browse a directory page, open a mentor, its slots, book a slot,
my sessions; each a different signed-in mentee from --tokens) and --logins sign-ins (POST
/api/auth/login, mentees --login-first.., password BROWSER_PASSWORD) leave at the same instant,
each on its own connection and from its own address (X-Forwarded-For; the server trusts one hop).
Client timeout --timeout s. Meanwhile /api/health is asked every 0.2 s with a 2 s timeout.

Reports answered / 2xx / 409 / 429 / 503 / other / connection errors / timeouts, latency of the
answers, Retry-After on refusals, and the health probe; then whether the server answers normally
within 10 s after the burst. Prints one PASS/FAIL line per criterion:
- every request answered within the client timeout (an overloaded server says 503 or 429 fast,
  it does not leave callers hanging or drop connections);
- no error status: nothing but 2xx, 409 (slot taken: a correct answer), 429 and 503;
- every 429/503 carries Retry-After;
- /api/health answers 200 in < 2 s throughout the burst;
- afterwards the server recovers: health and a directory page answer 200 within 10 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

PASSWORD = "bench-passphrase-0001"
HEALTH_TIMEOUT = 2.0
RECOVERY_S = 10.0


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else 0.0


def address(n: int) -> str:
    return f"10.{200 + (n >> 16) % 50}.{(n >> 8) & 255}.{n & 255 or 1}"


async def discover(client: httpx.AsyncClient, token: str) -> tuple[list[int], list[int]]:
    """A few mentors and their open slots, so the burst's requests name real rows."""
    auth = {"Authorization": f"Bearer {token}", "X-Forwarded-For": address(65000)}
    r = await client.get("/api/mentors?limit=24&offset=0", headers=auth)
    r.raise_for_status()
    mentors = [m["id"] for m in r.json()["items"]]
    slots: list[int] = []
    for m in mentors[:24]:
        r = await client.get(f"/api/mentors/{m}/slots", headers=auth)
        if r.status_code == 200:
            slots += [s["id"] for s in r.json()]
    return mentors, slots


async def run(args: argparse.Namespace) -> dict[str, Any]:
    tokens: list[str] = json.loads(Path(args.tokens).read_text())
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=0)
    timeout = httpx.Timeout(args.timeout)
    async with httpx.AsyncClient(base_url=args.base, timeout=timeout) as probe_client:
        mentors, slots = await discover(probe_client, tokens[-1])
    random.shuffle(slots)
    pages = max(1, args.pages)

    def api_request(n: int) -> tuple[str, str, str, dict[str, str]]:
        token = tokens[n % len(tokens)]
        headers = {"Authorization": f"Bearer {token}", "X-Forwarded-For": address(n)}
        kind = n % 5
        mentor = random.choice(mentors)
        if kind == 0:
            return (
                "browse directory",
                "GET",
                f"/api/mentors?limit=12&offset={random.randrange(pages) * 12}",
                headers,
            )
        if kind == 1:
            return "open mentor", "GET", f"/api/mentors/{mentor}", headers
        if kind == 2:
            return "open mentor: slots", "GET", f"/api/mentors/{mentor}/slots", headers
        if kind == 3 and slots:
            return "book", "POST", f"/api/slots/{slots[n % len(slots)]}/book", headers
        return "my sessions", "GET", "/api/bookings", headers

    results: list[dict[str, Any]] = []
    start = asyncio.Event()
    # Own connections: a pool would queue the burst in the client instead of the server.
    client = httpx.AsyncClient(base_url=args.base, timeout=timeout, limits=limits)

    async def one(kind: str, method: str, path: str, headers: dict[str, str], body: Any) -> None:
        await start.wait()
        t0 = time.perf_counter()
        row: dict[str, Any] = {"kind": kind}
        try:
            r = await client.request(method, path, headers=headers, json=body)
            row["status"] = r.status_code
            row["retry_after"] = r.headers.get("retry-after")
        except httpx.TimeoutException:
            row["status"] = "timeout"
        except httpx.HTTPError as exc:
            row["status"] = "error"
            row["error"] = type(exc).__name__
        row["ms"] = (time.perf_counter() - t0) * 1000
        results.append(row)

    tasks = []
    for n in range(args.api):
        kind, method, path, headers = api_request(n)
        tasks.append(asyncio.create_task(one(kind, method, path, headers, None)))
    for k in range(args.logins):
        body = {"email": f"mentee{args.login_first + k}@bench.trada.vn", "password": PASSWORD}
        headers = {"X-Forwarded-For": address(args.api + k)}
        tasks.append(asyncio.create_task(one("sign in", "POST", "/api/auth/login", headers, body)))

    health: list[dict[str, Any]] = []
    done = asyncio.Event()

    async def probe() -> None:
        async with httpx.AsyncClient(
            base_url=args.base, timeout=HEALTH_TIMEOUT, limits=limits
        ) as hc:
            await start.wait()
            while not done.is_set():
                t0 = time.perf_counter()
                try:
                    r = await hc.get("/api/health")
                    status: Any = r.status_code
                except httpx.TimeoutException:
                    status = "timeout"
                except httpx.HTTPError:
                    status = "error"
                health.append({"status": status, "ms": (time.perf_counter() - t0) * 1000})
                await asyncio.sleep(0.2)

    prober = asyncio.create_task(probe())
    await asyncio.sleep(0.5)  # every task is waiting on the start line
    t0 = time.perf_counter()
    start.set()
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - t0
    done.set()
    await prober
    await client.aclose()

    # Recovery: does the server answer normally again soon after?
    recovered_after = None
    async with httpx.AsyncClient(base_url=args.base, timeout=HEALTH_TIMEOUT) as rc:
        t1 = time.perf_counter()
        while time.perf_counter() - t1 < RECOVERY_S:
            try:
                h = await rc.get("/api/health")
                d = await rc.get(
                    "/api/mentors?limit=12",
                    headers={
                        "Authorization": f"Bearer {tokens[0]}",
                        "X-Forwarded-For": address(65001),
                    },
                )
                if h.status_code == 200 and d.status_code == 200:
                    recovered_after = time.perf_counter() - t1
                    break
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.5)

    statuses = Counter(str(r["status"]) for r in results)
    by_kind: dict[str, Counter[str]] = {}
    for r in results:
        by_kind.setdefault(r["kind"], Counter())[str(r["status"])] += 1
    answered = [r for r in results if isinstance(r["status"], int)]
    ok = [r for r in answered if 200 <= r["status"] < 300 or r["status"] == 409]
    refused = [r for r in answered if r["status"] in (429, 503)]
    other = [r for r in answered if r not in ok and r not in refused]
    health_ms = [h["ms"] for h in health]
    return {
        "requests": len(results),
        "api": args.api,
        "logins": args.logins,
        "timeout_s": args.timeout,
        "elapsed_s": elapsed,
        "statuses": dict(statuses),
        "by_kind": {k: dict(v) for k, v in by_kind.items()},
        "answered": len(answered),
        "ok": len(ok),
        "refused": len(refused),
        "refused_with_retry_after": sum(1 for r in refused if r.get("retry_after")),
        "other_status": len(other),
        "timeouts": statuses.get("timeout", 0),
        "connection_errors": statuses.get("error", 0),
        "latency_ms": {
            "p50": pct([r["ms"] for r in answered], 0.5),
            "p95": pct([r["ms"] for r in answered], 0.95),
            "max": max((r["ms"] for r in answered), default=0.0),
        },
        "ok_latency_ms": {
            "p50": pct([r["ms"] for r in ok], 0.5),
            "p95": pct([r["ms"] for r in ok], 0.95),
        },
        "refused_latency_ms": {
            "p50": pct([r["ms"] for r in refused], 0.5),
            "p95": pct([r["ms"] for r in refused], 0.95),
        },
        "health": {
            "probes": len(health),
            "ok_under_2s": sum(1 for h in health if h["status"] == 200),
            "statuses": dict(Counter(str(h["status"]) for h in health)),
            "p50_ms": pct(health_ms, 0.5),
            "max_ms": max(health_ms, default=0.0),
        },
        "recovered_after_s": recovered_after,
    }


def verdicts(r: dict[str, Any], label: str = "burst") -> list[tuple[bool, str]]:
    h = r["health"]
    out = [
        (
            r["answered"] == r["requests"],
            f"every request answered within {r['timeout_s']:.0f} s "
            f"({r['answered']}/{r['requests']}; timeouts {r['timeouts']}, "
            f"connection errors {r['connection_errors']})",
        ),
        (
            r["other_status"] == 0,
            f"only 2xx/409/429/503 (other statuses: {r['other_status']})",
        ),
        (
            r["refused_with_retry_after"] == r["refused"],
            f"every 429/503 carries Retry-After ({r['refused_with_retry_after']}/{r['refused']}"
            + (", none refused)" if not r["refused"] else ")"),
        ),
        (
            h["probes"] > 0 and h["ok_under_2s"] == h["probes"],
            f"/api/health answered 200 in < 2 s throughout ({h['ok_under_2s']}/{h['probes']} "
            f"probes, max {h['max_ms']:.0f} ms)",
        ),
        (
            r["recovered_after_s"] is not None,
            "recovers: health and a directory page answer 200 within 10 s after"
            + (f" ({r['recovered_after_s']:.1f} s)" if r["recovered_after_s"] is not None else ""),
        ),
    ]
    return [(ok, f"{label}: {text}") for ok, text in out]


def report(r: dict[str, Any], label: str = "burst") -> str:
    lat, okl, ref = r["latency_ms"], r["ok_latency_ms"], r["refused_latency_ms"]
    lines = [
        f"{label}: {r['api']} API requests + {r['logins']} sign-ins at once, client timeout "
        f"{r['timeout_s']:.0f} s; all back after {r['elapsed_s']:.1f} s",
        f"  answered {r['answered']}/{r['requests']}: ok (2xx, 409) {r['ok']}, refused (429/503) "
        f"{r['refused']}, other {r['other_status']}; timeouts {r['timeouts']}, connection errors "
        f"{r['connection_errors']}; statuses {r['statuses']}",
        f"  latency of answers p50 {lat['p50']:.0f} / p95 {lat['p95']:.0f} / max "
        f"{lat['max']:.0f} ms"
        f" (ok p50 {okl['p50']:.0f} / p95 {okl['p95']:.0f}; refused p50 {ref['p50']:.0f} / "
        f"p95 {ref['p95']:.0f})",
        f"  by kind: {r['by_kind']}",
        f"  /api/health: {r['health']['statuses']}, p50 {r['health']['p50_ms']:.0f} ms, max "
        f"{r['health']['max_ms']:.0f} ms",
    ]
    lines += [f"{'PASS' if ok else 'FAIL'} {text}" for ok, text in verdicts(r, label)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--tokens", required=True, help="JSON list of API access tokens")
    parser.add_argument("--login-first", type=int, required=True)
    parser.add_argument("--api", type=int, default=300)
    parser.add_argument("--logins", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=20)
    parser.add_argument("--pages", type=int, default=100, help="directory pages to pick from")
    parser.add_argument("--label", default="burst")
    parser.add_argument("--out")
    args = parser.parse_args()
    result = asyncio.run(run(args))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2))
    print(report(result, args.label))


if __name__ == "__main__":
    main()
