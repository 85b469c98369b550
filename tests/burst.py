"""A burst of clients against a running server, as issue 13 describes it, and what must hold.

300 signed-in REST requests (directory searches, profiles, my bookings and booking attempts on
a few contested slots) and 50 sign-ins start at once, each client with its own address
(X-Forwarded-For; the server trusts one proxy hop) and a 20 s timeout. During the burst
/api/health and a static file are fetched; right after it, 20 sequential requests.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx

PASSWORD = "burst-passphrase-2026"
_addresses = itertools.count(1)


def address() -> dict[str, str]:
    n = next(_addresses)
    return {"X-Forwarded-For": f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255 or 1}"}


@dataclass
class Client:
    email: str
    token: str

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **address()}


@dataclass
class Report:
    statuses: Counter[int | str] = field(default_factory=Counter)
    refusals_without_retry_after: int = 0
    slowest: float = 0.0
    slowest_by_status: dict[int | str, float] = field(default_factory=dict)
    health: tuple[int | str, float] = (0, 0.0)
    static: tuple[int | str, float] = (0, 0.0)
    after: list[tuple[int, float]] = field(default_factory=list)
    booked: Counter[int] = field(default_factory=Counter)  # slot id -> 201s seen
    bookings_seen: list[tuple[str, int, int]] = field(default_factory=list)  # email, booking, slot

    def problems(self) -> list[str]:
        found = []
        answered = {200, 201, 204, 401, 404, 409, 422, 429, 503}
        unanswered = {k: v for k, v in self.statuses.items() if k not in answered}
        if unanswered:
            found.append(f"unanswered or failed: {unanswered} (all: {dict(self.statuses)})")
        if self.refusals_without_retry_after:
            found.append(f"{self.refusals_without_retry_after} 429/503 without Retry-After")
        if self.health[0] != 200 or self.health[1] > 2:
            found.append(f"/api/health during the burst: {self.health}")
        if self.static[0] != 200 or self.static[1] > 2:
            found.append(f"static file during the burst: {self.static}")
        late = [(s, round(t, 2)) for s, t in self.after if s != 200 or t > 1]
        if late:
            found.append(f"after the burst, not 200 within 1 s: {late}")
        double = {slot: n for slot, n in self.booked.items() if n > 1}
        if double:
            found.append(f"slots booked more than once: {double}")
        return found


def run(coroutine: Any) -> Any:
    """Run a burst from a test: in its own thread, since Playwright's sync API keeps an event
    loop running in the test's thread for the whole browser session."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def register(base: str, count: int, prefix: str) -> list[Client]:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        clients = []
        for i in range(count):
            email = f"{prefix}{i}@burst.trada.vn"
            response = await http.post(
                "/api/auth/register",
                json={"email": email, "password": PASSWORD, "name": f"Burst {i}"},
                headers=address(),
            )
            assert response.status_code == 201, response.text
            clients.append(Client(email, response.json()["access_token"]))
        return clients


async def _timed(
    call: asyncio.Future[httpx.Response] | object,
) -> tuple[httpx.Response | str, float]:
    started = time.monotonic()
    try:
        response = await call  # type: ignore[misc]
    except httpx.TimeoutException:
        return "timeout", time.monotonic() - started
    except httpx.HTTPError as exc:
        return type(exc).__name__, time.monotonic() - started
    return response, time.monotonic() - started


def _probe(base: str, path: str) -> tuple[int | str, float]:
    """One GET on its own connection, timed in its own thread: the server's answer time, not
    the time this process's event loop takes to get round to 350 answers of the burst."""
    started = time.monotonic()
    try:
        with httpx.Client(base_url=base, timeout=5) as own:
            status: int | str = own.get(path).status_code
    except httpx.TimeoutException:
        status = "timeout"
    except httpx.HTTPError as exc:
        status = type(exc).__name__
    return status, time.monotonic() - started


async def burst(
    base: str,
    clients: list[Client],
    static_path: str,
    requests: int = 300,
    sign_ins: int = 50,
    timeout: float = 20,
) -> Report:
    report = Report()
    limits = httpx.Limits(max_connections=requests + sign_ins + 10, max_keepalive_connections=20)
    async with httpx.AsyncClient(base_url=base, timeout=timeout, limits=limits) as http:
        first = await http.get("/api/mentors", headers=clients[0].headers())
        assert first.status_code == 200, first.text
        mentors = [m["id"] for m in first.json()["items"]]
        slots: list[int] = []
        for mentor in mentors:
            found = await http.get(f"/api/mentors/{mentor}/slots", headers=clients[0].headers())
            slots += [s["id"] for s in found.json()][:2]
            if len(slots) >= 4:
                break

        def request(n: int, who: Client) -> object:
            kind = n % 5
            if kind == 0:
                return http.get("/api/mentors", params={"q": "data"}, headers=who.headers())
            if kind == 1:
                mentor = mentors[n % len(mentors)]
                return http.get(f"/api/mentors/{mentor}", headers=who.headers())
            if kind == 2:
                return http.get("/api/bookings", headers=who.headers())
            if kind == 3 and slots:
                return http.post(f"/api/slots/{slots[n % len(slots)]}/book", headers=who.headers())
            return http.get("/api/mentors", params={"limit": 20}, headers=who.headers())

        calls = [request(n, clients[n % len(clients)]) for n in range(requests)]
        calls += [
            http.post(
                "/api/auth/login",
                json={"email": clients[n % len(clients)].email, "password": PASSWORD},
                headers=address(),
            )
            for n in range(sign_ins)
        ]

        async def probe(path: str) -> tuple[int | str, float]:
            await asyncio.sleep(0.3)
            return await asyncio.to_thread(_probe, base, path)

        results, health, static = await asyncio.gather(
            asyncio.gather(*[_timed(call) for call in calls]),
            probe("/api/health"),
            probe(static_path),
        )
        report.health, report.static = health, static
        for answer, seconds in results:
            report.slowest = max(report.slowest, seconds)
            key = answer.status_code if isinstance(answer, httpx.Response) else answer
            report.slowest_by_status[key] = round(
                max(report.slowest_by_status.get(key, 0), seconds), 2
            )
            if not isinstance(answer, httpx.Response):
                report.statuses[answer] += 1
                continue
            report.statuses[answer.status_code] += 1
            if answer.status_code in (429, 503) and not answer.headers.get("retry-after"):
                report.refusals_without_retry_after += 1
            if answer.status_code == 201 and "/book" in str(answer.request.url):
                report.booked[answer.json()["slot_id"]] += 1

        after = Client(clients[0].email, clients[0].token)
        for _ in range(20):
            answer, seconds = await _timed(http.get("/api/mentors", headers=after.headers()))
            status = answer.status_code if isinstance(answer, httpx.Response) else 0
            report.after.append((status, seconds))

        # Every booking a client was told about exists, and no slot holds two live bookings.
        live: Counter[int] = Counter()
        for who in clients:
            mine = await http.get("/api/bookings", headers=who.headers())
            assert mine.status_code == 200, mine.text
            for booking in mine.json():
                report.bookings_seen.append((who.email, booking["id"], booking["slot_id"]))
                if booking["status"] in ("pending", "confirmed"):
                    live[booking["slot_id"]] += 1
        for slot, n in live.items():
            report.booked[slot] = max(report.booked[slot], n)
        seen_slots = {slot for _, _, slot in report.bookings_seen}
        missing = [slot for slot in report.booked if slot not in seen_slots]
        assert not missing, f"booked (201) but not in anyone's bookings: {missing}"
    return report
