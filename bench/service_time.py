"""The service-time model of `make bench`: one user, one keep-alive connection, sequential requests.

    .venv/bin/python bench/service_time.py --base http://127.0.0.1:3000 --tokens tokens.json \
        [--requests 200] [--warmup 20] [--server-pid PID]

What one request costs the server when nothing else runs (issue 17): no concurrency, no think
time. Each step sends --warmup requests (not measured), then --requests measured ones, one after
the other on a single HTTP/1.1 keep-alive connection (http.client: the client adds as little as
possible). Per step: wall time p50/p95/p99, and the server's CPU time per request (psutil, every
process of the server, before and after the step, divided by the requests), which stays
meaningful on a busy machine where wall time does not.

The reads use the first token (a mentee with three upcoming bookings, made during the warm-up:
the booking limit's default); bookings use the others in turn, 40 each (the bench lifts
BOOKING_MAX_UPCOMING to 50), on slots of random mentors read before the step, unmeasured.
Used by bench/journey.py (the `service` model, against the app and the bare baseline on the same
data) and runnable alone against any server.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import psutil

# Issue 17's targets, p95 ms, one user, embedded default at 10,000 mentors.
TARGETS = {
    "health": 1.5,
    "directory": 5.0,
    "search": 5.0,
    "profile": 4.0,
    "slots": 4.0,
    "my sessions": 4.0,
    "booking": 8.0,
}
WORDS = ("python", "nguyen", "design", "mentor 012", "track 3", "bio 77", "cloud", "ux")
SEARCHES = [quote(q) for q in WORDS]
BOOKINGS_PER_TOKEN = 40


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else 0.0


class Client:
    """One keep-alive connection; reconnects (and says so) if the server closes it."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.reconnects = -1
        self._connect()

    def _connect(self) -> None:
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        self.conn.connect()
        self.reconnects += 1

    def request(self, method: str, path: str, token: str | None) -> tuple[int, bytes, float]:
        headers = {"Accept": "application/json", "Accept-Encoding": "identity"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if method == "POST":
            headers["Content-Length"] = "0"
        for attempt in range(2):
            t0 = time.perf_counter()
            try:
                self.conn.request(method, path, headers=headers)
                response = self.conn.getresponse()
                body = response.read()
            except (http.client.HTTPException, ConnectionError):
                if attempt:
                    raise
                self.conn.close()
                self._connect()
                continue
            elapsed = (time.perf_counter() - t0) * 1000
            if response.will_close:
                self.conn.close()
                self._connect()
            return response.status, body, elapsed
        raise AssertionError("unreachable")


def server_cpu(pid: int | None) -> Callable[[], float]:
    """CPU seconds (user + system) of the process ``pid`` and its children; 0 without a pid."""

    def total() -> float:
        if pid is None:
            return 0.0
        try:
            root = psutil.Process(pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return 0.0
        seconds = 0.0
        for p in procs:
            try:
                t = p.cpu_times()
                seconds += t.user + t.system
            except psutil.NoSuchProcess:
                pass
        return seconds

    return total


def run(
    base: str,
    tokens: list[str],
    requests: int = 200,
    warmup: int = 20,
    mentors: int = 10_000,
    cpu: Callable[[], float] | None = None,
    seed: int = 17,
) -> dict[str, Any]:
    """Every step, in order; returns {step: {count, errors, p50, p95, p99, cpu_ms, ...}}."""
    rng = random.Random(seed)
    cpu = cpu or (lambda: 0.0)
    client = Client(base)
    reader, bookers = tokens[0], tokens[1:]
    pages = max(1, mentors // 12)
    steps: dict[str, Any] = {}

    def mentor_ids(n: int) -> list[int]:
        """Mentors from random directory pages (unmeasured)."""
        found: list[int] = []
        while len(found) < n:
            status, body, _ = client.request(
                "GET", f"/api/mentors?limit=12&offset={rng.randrange(pages) * 12}", reader
            )
            if status != 200:
                raise SystemExit(f"the directory answered {status}: {body[:200]!r}")
            found += [i["id"] for i in json.loads(body)["items"] if i["id"] not in found]
        rng.shuffle(found)
        return found[:n]

    def open_slot(mentor: int) -> int | None:
        status, body, _ = client.request("GET", f"/api/mentors/{mentor}/slots", reader)
        slots = json.loads(body) if status == 200 else []
        return rng.choice(slots)["id"] if slots else None

    def measure(
        name: str, make: Callable[[int], tuple[str, str, str | None]], ok: tuple[int, ...]
    ) -> None:
        for i in range(warmup):
            method, path, token = make(-1 - i)
            client.request(method, path, token)
        times: list[float] = []
        errors = 0
        statuses: dict[int, int] = {}
        cpu0, t0 = cpu(), time.perf_counter()
        for i in range(requests):
            method, path, token = make(i)
            status, _, ms = client.request(method, path, token)
            times.append(ms)
            statuses[status] = statuses.get(status, 0) + 1
            errors += status not in ok
        wall = time.perf_counter() - t0
        used = cpu() - cpu0
        steps[name] = {
            "count": len(times),
            "errors": errors,
            "statuses": statuses,
            "p50": pct(times, 0.50),
            "p95": pct(times, 0.95),
            "p99": pct(times, 0.99),
            "mean": sum(times) / len(times),
            "cpu_ms": 1000 * used / len(times),
            "seconds": wall,
            "load_avg": list(psutil.getloadavg()),
        }

    ids = mentor_ids(max(60, warmup + 1))
    # The reader's three upcoming bookings (the default limit): "my sessions" lists real rows.
    booked = 0
    for mentor in ids:
        if booked == 3:
            break
        slot = open_slot(mentor)
        if slot is not None:
            booked += client.request("POST", f"/api/slots/{slot}/book", reader)[0] == 201

    measure("health", lambda i: ("GET", "/api/health", None), (200,))
    measure(
        "directory",
        lambda i: ("GET", f"/api/mentors?limit=12&offset={rng.randrange(pages) * 12}", reader),
        (200,),
    )
    measure(
        "search",
        lambda i: ("GET", f"/api/mentors?limit=12&q={SEARCHES[i % len(SEARCHES)]}", reader),
        (200,),
    )
    measure("profile", lambda i: ("GET", f"/api/mentors/{rng.choice(ids)}", reader), (200,))
    measure("slots", lambda i: ("GET", f"/api/mentors/{rng.choice(ids)}/slots", reader), (200,))
    measure("my sessions", lambda i: ("GET", "/api/bookings", reader), (200,))

    # Bookings: a slot of a random mentor, found before the step; the bookers in turn.
    total = warmup + requests
    if len(bookers) * BOOKINGS_PER_TOKEN < total:
        raise SystemExit(f"booking needs {total // BOOKINGS_PER_TOKEN + 1} booker tokens")
    targets: list[int] = []
    for mentor in mentor_ids(total * 2):
        if len(targets) == total:
            break
        if (slot := open_slot(mentor)) is not None:
            targets.append(slot)
    if len(targets) < total:
        raise SystemExit(f"found {len(targets)} open slots for {total} bookings")
    order = iter(range(total))

    def book(_: int) -> tuple[str, str, str | None]:
        n = next(order)
        return "POST", f"/api/slots/{targets[n]}/book", bookers[n // BOOKINGS_PER_TOKEN]

    measure("booking", book, (201,))
    return {"steps": steps, "reconnects": client.reconnects, "requests": requests}


def verdicts(label: str, result: dict[str, Any], baseline: dict[str, Any] | None) -> list[str]:
    """PASS/FAIL per step against issue 17's p95 targets (and 0 errors)."""
    lines = []
    for step, target in TARGETS.items():
        s = result["steps"].get(step)
        if s is None:
            continue
        base = (baseline or {}).get("steps", {}).get(step)
        ref = f"; baseline p95 {base['p95']:.2f} ms" if base else ""
        ok = s["p95"] <= target and s["errors"] == 0
        lines.append(
            f"{'PASS' if ok else 'FAIL'} {label} service time, {step}: p95 <= {target:g} ms "
            f"({s['p95']:.2f} ms, server CPU {s['cpu_ms']:.2f} ms/request, "
            f"{s['errors']} errors{ref})"
        )
    return lines


def table(label: str, runs: dict[str, dict[str, Any]]) -> str:
    """Markdown: one row per step and server (app, baseline)."""
    lines = [
        f"Service time, {label} (one user, sequential, keep-alive)",
        "",
        "| step | server | p50 ms | p95 ms | p99 ms | server CPU ms/request | errors "
        "| target p95 ms | load avg (1 min) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for step, target in TARGETS.items():
        for kind, result in runs.items():
            s = result["steps"].get(step)
            if s is None:
                continue
            lines.append(
                f"| {step} | {kind} | {s['p50']:.2f} | {s['p95']:.2f} | {s['p99']:.2f} "
                f"| {s['cpu_ms']:.2f} | {s['errors']} | {target:g} | {s['load_avg'][0]:.1f} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--tokens", required=True, help="JSON list: reader first, then bookers")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--mentors", type=int, default=10_000)
    parser.add_argument("--server-pid", type=int)
    parser.add_argument("--label", default="server")
    parser.add_argument("--out")
    args = parser.parse_args()
    tokens = json.loads(Path(args.tokens).read_text())
    result = run(
        args.base,
        tokens,
        args.requests,
        args.warmup,
        args.mentors,
        server_cpu(args.server_pid),
    )
    print(table(args.label, {args.label: result}))
    print("\n".join(verdicts(args.label, result, None)))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    sys.exit(main())
