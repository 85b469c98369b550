"""Admission control (issue 13): a burst never deadlocks the worker, refusals are quick 503s.

The deadlock it guards against: every thread of the pool waits for a database connection
while every connection is held by a request waiting for a thread to run its handler. Here
the pool has 2 connections and the thread pool 3 threads, and 40 requests arrive at once.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterator

import anyio.to_thread
import httpx
import pytest

from tests.api.helpers import PASSWORD, make_user
from tra_da import admission, db


@pytest.fixture
def tight(use_database: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from tra_da.settings import get_settings

    monkeypatch.setenv("DB_POOL_SIZE", "2")
    monkeypatch.setenv("DB_POOL_TIMEOUT_SECONDS", "1")
    monkeypatch.setenv("ADMISSION_QUEUE", "8")
    monkeypatch.setenv("ADMISSION_WAIT_SECONDS", "0.5")
    get_settings.cache_clear()
    db.forget_engines()
    admission.gate.cache_clear()
    yield
    db.dispose(use_database)
    get_settings.cache_clear()
    db.forget_engines()
    admission.gate.cache_clear()


@pytest.fixture
def full_gate(tight: None) -> Iterator[admission.Gate]:
    """Every place of the worker taken and no room to wait: the next caller is refused."""
    gate = admission.gate()
    gate.in_use, gate.queue = gate.limit, 0
    yield gate
    gate.in_use = 0


async def _get(path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=_app(gated=True))  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.get(path)


def _app(gated: bool) -> object:
    from tra_da.api.app import create_api

    api = create_api()
    return admission.AdmissionMiddleware(api) if gated else api


async def _burst(app: object, token: str, count: int) -> list[int | str]:
    # Three threads for the whole worker: fewer than the requests, more than the pool.
    anyio.to_thread.current_default_thread_limiter().total_tokens = 3
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:

        async def one() -> int | str:
            try:
                response = await client.get(
                    "/api/mentors", headers={"Authorization": f"Bearer {token}"}
                )
            except Exception as exc:  # a deadlock shows as the timeout below, not here
                return type(exc).__name__
            if response.status_code == 503:
                assert response.headers.get("retry-after"), response.text
            return response.status_code

        return await asyncio.wait_for(asyncio.gather(*[one() for _ in range(count)]), 20)


def _token(email: str) -> str:
    from tra_da.services import auth

    make_user(email, "mentee")
    with db.session() as session:
        user = auth.authenticate(session, email, PASSWORD, "127.0.0.1")
        return auth.open_api_session(session, user).access_token


def test_a_burst_beyond_pool_and_threads_is_answered_quickly(tight: None) -> None:
    token = _token("burst@example.com")
    started = time.monotonic()
    statuses = asyncio.run(_burst(_app(gated=True), token, 40))
    elapsed = time.monotonic() - started
    counts = Counter(statuses)
    print(f"burst: {counts} in {elapsed:.2f} s")
    assert set(counts) <= {200, 503}, counts
    assert counts[200] >= 2, counts  # work went on while the rest was refused
    assert elapsed < 5, f"the burst took {elapsed:.1f} s"  # ungated: 15 s, or forever
    # Right after, the worker serves as usual: nothing is left holding a place.
    assert admission.gate().in_use == 0
    assert Counter(asyncio.run(_burst(_app(gated=True), token, 2))) == {200: 2}


def test_a_refused_request_says_when_to_retry(full_gate: admission.Gate) -> None:
    started = time.monotonic()
    response = asyncio.run(_get("/api/mentors"))
    assert time.monotonic() - started < 2
    assert response.status_code == 503
    assert int(response.headers["retry-after"]) >= 1
    assert response.json()["error"]["code"] == "overloaded"
    assert full_gate.shed["api"] >= 1


def test_health_is_never_held_back(full_gate: admission.Gate) -> None:
    response = asyncio.run(_get("/api/health"))
    assert response.status_code == 200
    assert response.json()["db"] == "ok"


def test_the_ui_is_told_the_server_is_busy(full_gate: admission.Gate) -> None:
    with pytest.raises(admission.Overloaded) as refused:
        asyncio.run(admission.run_admitted(lambda: None))
    assert refused.value.key == "err.server_busy"
    assert full_gate.shed["ui"] >= 1


def test_a_caller_who_hangs_up_while_queued_gives_up_its_place() -> None:
    gate = admission.Gate(limit=1, queue=4, wait=5)

    async def scenario() -> tuple[int, int]:
        await gate.acquire("api")  # the only place
        queued = asyncio.create_task(gate.acquire("api"))
        await asyncio.sleep(0.01)
        queued.cancel()  # the client went away
        await asyncio.gather(queued, return_exceptions=True)
        gate.release()
        return gate.in_use, gate.waiting

    assert asyncio.run(scenario()) == (0, 0)


def test_places_pass_to_waiters_in_order() -> None:
    gate = admission.Gate(limit=1, queue=4, wait=5)
    order: list[int] = []

    async def worker(n: int) -> None:
        async with gate.place("ui"):
            order.append(n)
            await asyncio.sleep(0.01)

    async def scenario() -> None:
        await asyncio.gather(*[worker(n) for n in range(4)])

    asyncio.run(scenario())
    assert order == [0, 1, 2, 3]
    assert gate.in_use == 0


def test_a_request_whose_client_has_gone_is_never_run() -> None:
    """Queued, then the client hangs up: the handler never runs and its place is not used."""
    ran: list[str] = []

    async def app(scope: dict, receive: object, send: object) -> None:
        ran.append(scope["path"])

    gate = admission.Gate(limit=1, queue=4, wait=5)
    middleware = admission.AdmissionMiddleware(app)  # type: ignore[arg-type]

    async def scenario() -> None:
        await gate.acquire("api")  # the only place is taken
        messages = asyncio.Queue[dict]()
        await messages.put({"type": "http.request", "body": b"", "more_body": False})
        sent: list[dict] = []

        async def send(message: dict) -> None:
            sent.append(message)

        scope = {"type": "http", "path": "/api/mentors", "method": "GET", "headers": []}
        call = asyncio.create_task(middleware(scope, messages.get, send))  # type: ignore[arg-type]
        await asyncio.sleep(0.05)
        assert gate.waiting == 1
        await messages.put({"type": "http.disconnect"})
        await asyncio.wait_for(call, 2)
        assert sent == []  # nobody to answer
        gate.release()

    original = admission.gate
    admission.gate = lambda: gate  # type: ignore[assignment]
    try:
        asyncio.run(scenario())
    finally:
        admission.gate = original  # type: ignore[assignment]
    assert ran == []
    assert gate.in_use == 0 and gate.waiting == 0


def test_a_read_with_a_free_place_goes_straight_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """A GET without a body, a place free: the handler reads the client's own messages (no
    reader in between), and the place comes back when it ends, failed or not. A GET that
    announces a body, or any POST, is watched as before."""
    receives: list[object] = []

    async def app(scope: dict, receive: object, send: object) -> None:
        receives.append(receive)
        if scope["path"] == "/api/fails":
            raise RuntimeError("handler failed")

    gate = admission.Gate(limit=1, queue=0, wait=0)
    monkeypatch.setattr(admission, "gate", lambda: gate)
    middleware = admission.AdmissionMiddleware(app)  # type: ignore[arg-type]

    def client_of_one_request() -> object:
        sent = asyncio.Event()

        async def receive() -> dict:
            if sent.is_set():
                await asyncio.Event().wait()  # nothing more until the client hangs up
            sent.set()
            return {"type": "http.request", "body": b"", "more_body": False}

        return receive

    async def send(message: dict) -> None:
        pass

    def scope(path: str, method: str = "GET", headers: list | None = None) -> dict:
        return {"type": "http", "path": path, "method": method, "headers": headers or []}

    async def scenario() -> None:
        client = client_of_one_request()
        await middleware(scope("/api/mentors"), client, send)  # type: ignore[arg-type]
        assert receives[-1] is client and gate.in_use == 0
        with pytest.raises(RuntimeError):
            await middleware(scope("/api/fails"), client, send)  # type: ignore[arg-type]
        assert gate.in_use == 0
        announced = scope("/api/mentors", headers=[(b"content-length", b"2")])
        chunked = scope("/api/mentors", headers=[(b"transfer-encoding", b"chunked")])
        for watched in (announced, chunked, scope("/api/bookings", "POST")):
            client = client_of_one_request()
            await middleware(watched, client, send)  # type: ignore[arg-type]
            assert receives[-1] is not client and gate.in_use == 0

    asyncio.run(scenario())
    assert len(receives) == 5


def test_writes_stuck_in_their_commit_leave_reads_their_places(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Four places, three for writes: three writes that hang (a disk stalled mid-commit) hold
    theirs; a fourth write waits and is refused with 503; a read goes straight on meanwhile.
    When the writes end, every place is back."""
    stalled = asyncio.Event()
    ran: list[str] = []

    async def app(scope: dict, receive: object, send: object) -> None:
        ran.append(scope["method"])
        if scope["method"] == "POST":
            await stalled.wait()

    gate = admission.Gate(limit=4, queue=8, wait=0.3, write_limit=3)
    assert gate.writes is not None
    monkeypatch.setattr(admission, "gate", lambda: gate)
    middleware = admission.AdmissionMiddleware(app)  # type: ignore[arg-type]

    async def call(method: str) -> list[dict]:
        inbox = asyncio.Queue[dict]()
        await inbox.put({"type": "http.request", "body": b"{}", "more_body": False})
        sent: list[dict] = []

        async def send(message: dict) -> None:
            sent.append(message)

        scope = {"type": "http", "path": "/api/slots/1/book", "method": method, "headers": []}
        await middleware(scope, inbox.get, send)  # type: ignore[arg-type]
        return sent

    async def scenario() -> None:
        writes = [asyncio.create_task(call("POST")) for _ in range(3)]
        await asyncio.sleep(0.05)
        assert gate.in_use == 3 and gate.writes is not None and gate.writes.in_use == 3
        started = time.monotonic()
        fourth = asyncio.create_task(call("POST"))
        await asyncio.sleep(0.05)
        assert gate.queued == 1  # the fourth write waits for a writes' place
        assert await call("GET") == []  # the read runs at once (this handler answers nothing)
        assert time.monotonic() - started < 0.25
        refused = await fourth
        assert refused[0]["status"] == 503
        assert (b"retry-after", b"1") in refused[0]["headers"]
        assert 0.25 <= time.monotonic() - started < 1.5
        stalled.set()
        await asyncio.gather(*writes)

    asyncio.run(scenario())
    assert ran.count("POST") == 3 and ran.count("GET") == 1
    assert gate.in_use == 0 and gate.writes.in_use == 0 and gate.queued == 0
    assert gate.shed["api"] == 1


def test_ui_writes_take_a_writes_place_and_ui_reads_do_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The UI's side of the same rule: with the writes' places all held, a UI action's write
    is told the server is busy and a page's read still runs."""
    gate = admission.Gate(limit=4, queue=8, wait=0.2, write_limit=3)
    assert gate.writes is not None
    monkeypatch.setattr(admission, "gate", lambda: gate)
    gate.in_use = gate.writes.in_use = 3  # three writes in flight

    async def scenario() -> None:
        with pytest.raises(admission.Overloaded):
            await admission.run_admitted(lambda: "written")
        assert await admission.read_admitted(lambda: "read") == "read"

    asyncio.run(scenario())
    assert gate.in_use == 3 and gate.writes.in_use == 3  # the refused one took nothing
    assert gate.shed["ui"] == 1


def test_the_write_share_of_a_worker() -> None:
    from tra_da.settings import Settings

    def share(limit: int) -> int:
        return Settings(max_concurrent_requests=limit, db_pool_size=limit).admission_write_limit

    assert [share(n) for n in (1, 2, 3, 4, 8, 10, 20)] == [1, 2, 3, 3, 6, 8, 15]


def test_a_request_whose_body_stalls_is_answered_408_and_gives_its_place_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Admitted, then the body stops halfway: 408 after REQUEST_BODY_SECONDS, the handler never
    runs, and the place is free for the next request (which is run)."""
    from tra_da.settings import get_settings

    monkeypatch.setenv("REQUEST_BODY_SECONDS", "0.2")
    get_settings.cache_clear()
    ran: list[bytes] = []

    async def app(scope: dict, receive: object, send: object) -> None:
        ran.append((await receive())["body"])  # type: ignore[operator]

    gate = admission.Gate(limit=1, queue=0, wait=0)
    middleware = admission.AdmissionMiddleware(app)  # type: ignore[arg-type]
    scope = {"type": "http", "path": "/api/auth/refresh", "method": "POST", "headers": []}

    async def request(messages: list[dict]) -> list[dict]:
        inbox = asyncio.Queue[dict]()
        for message in messages:
            await inbox.put(message)
        sent: list[dict] = []

        async def send(message: dict) -> None:
            sent.append(message)

        await asyncio.wait_for(middleware(scope, inbox.get, send), 2)  # type: ignore[arg-type]
        return sent

    async def scenario() -> None:
        started = time.monotonic()
        stalled = await request([{"type": "http.request", "body": b"{", "more_body": True}])
        assert 0.2 <= time.monotonic() - started < 1.5
        assert stalled[0]["status"] == 408
        assert (b"connection", b"close") in stalled[0]["headers"]
        assert b"send the request again" in stalled[1]["body"]
        assert gate.in_use == 0
        whole = [{"type": "http.request", "body": b"{}", "more_body": False}]
        assert await request(whole) == []  # run (this handler answers nothing)

    monkeypatch.setattr(admission, "gate", lambda: gate)
    try:
        asyncio.run(scenario())
    finally:
        get_settings.cache_clear()
    assert ran == [b"{}"]


def test_metrics_are_private_unless_asked(use_database: str, monkeypatch) -> None:
    from tra_da.settings import get_settings

    async def get(headers: dict[str, str], client: tuple[str, int]) -> httpx.Response:
        transport = httpx.ASGITransport(app=_app(gated=True), client=client)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            return await http.get("/metrics", headers=headers)

    outside = ("203.0.113.9", 5000)
    local = ("127.0.0.1", 5000)
    assert asyncio.run(get({}, outside)).status_code == 403
    scraped = asyncio.run(get({}, local))
    assert scraped.status_code == 200
    assert "trada_admission_limit" in scraped.text
    assert "trada_outbox_backlog" in scraped.text
    # Through an untrusted proxy on this host, a local address proves nothing.
    assert asyncio.run(get({"X-Forwarded-For": "198.51.100.7"}, local)).status_code == 403
    monkeypatch.setenv("METRICS_TOKEN", "scrape-secret-0123456789")
    get_settings.cache_clear()
    bearer = {"Authorization": "Bearer scrape-secret-0123456789"}
    assert asyncio.run(get(bearer, outside)).status_code == 200
    assert asyncio.run(get({"Authorization": "Bearer wrong"}, outside)).status_code == 403
    get_settings.cache_clear()


def test_a_busy_server_does_not_sign_the_person_out(full_gate: admission.Gate) -> None:
    """The page guard cannot check the session while the worker is full: the person stays
    signed in (nothing is cleared), is not sent to the sign-in page, and is told to retry."""
    from types import SimpleNamespace

    from tra_da.state.session import SessionState

    flashed: list[tuple[str, str]] = []
    browser = SimpleNamespace(
        token="session.secret",
        user_role="mentee",
        lang="en",
        _pick_language=lambda: None,  # the reader's language (tests/integration/test_busy_pages)
        _flash=lambda level, message: flashed.append((level, message)),
    )
    still_in = asyncio.run(SessionState._refresh(browser))  # type: ignore[arg-type]
    assert still_in is True
    assert browser.token == "session.secret" and browser.user_role == "mentee"
    assert flashed == [("error", "The server is busy. Wait a few seconds and try again.")]
