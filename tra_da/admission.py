"""Admission control: how much work one web worker takes on at once, and what it refuses.

One gate per process, shared by the REST API (an ASGI middleware) and the UI (every state's
database work runs through ``run_admitted``). Its limit is the database pool's size and the
work runs on at most that many threads, so:
- an admitted unit of work always finds a free connection, and never holds one while it waits
  for a thread (the deadlock of issue 13: threads waiting for connections held by requests
  waiting for threads);
- up to ``queue`` more callers wait, at most ``wait`` seconds each; the rest are refused at
  once: REST answers 503 with Retry-After, the UI shows "busy, try again";
- a REST caller that hangs up while it waits leaves the queue (its place is not given to it);
- an admitted REST request whose body has not all arrived within REQUEST_BODY_SECONDS is
  answered 408 and gives its place back: a slow or stalled client holds a place that long at
  most, not for as long as it likes.

What never passes through the gate: /api/health, /metrics, static files and pages, the API
docs, the outbox relay (its own pool), and the password check of a UI sign-in (``run_hashing``:
its own threads and queue, no connection held).
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import json
import logging
import math
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from tra_da.errors import Unavailable
from tra_da.request_context import current_request_id
from tra_da.settings import get_settings

log = logging.getLogger("tra_da.admission")

T = TypeVar("T")
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class Overloaded(Unavailable):
    """Refused by admission control: the worker is at capacity. Retry after ``retry_after``."""

    code = "overloaded"

    def __init__(self, retry_after: int = 1) -> None:
        super().__init__(
            f"The server is busy. Wait {retry_after} second(s) and try again.",
            "err.server_busy",
        )
        self.retry_after = retry_after


class Gate:
    """A counting gate with a bounded, time-limited FIFO queue (one event loop).

    ``write_limit`` (below ``limit``): writes (REST methods other than GET, HEAD and OPTIONS;
    the UI's ``run_admitted``) also need a place at ``writes``, a gate of that many, taken
    first, so writes never hold every place. A write stuck in its commit (a
    disk that stalls for a second or two) then leaves reads their own places instead of making
    them queue behind it and be refused (docs/performance.md, 1 Dec 12:00-13:31)."""

    def __init__(self, limit: int, queue: int, wait: float, write_limit: int | None = None) -> None:
        self.limit = limit
        self.queue = queue
        self.wait = wait
        self.in_use = 0
        self.shed = {"api": 0, "ui": 0}
        self._waiters: deque[asyncio.Future[None]] = deque()
        self.writes: Gate | None = None
        if write_limit is not None and write_limit < limit:
            self.writes = Gate(write_limit, queue, wait)
            self.writes.shed = self.shed  # one count of refusals per worker

    @property
    def queued(self) -> int:
        """Callers waiting here or, for writes, at ``writes`` first."""
        return self.waiting + (self.writes.waiting if self.writes else 0)

    @property
    def waiting(self) -> int:
        return sum(1 for f in self._waiters if not f.done())

    def retry_after(self) -> int:
        """Seconds a refused caller should wait: about one queue's worth of work."""
        return max(1, math.ceil(self.wait))

    def try_acquire(self) -> bool:
        """Take a place if one is free and nobody waits for it; never waits."""
        if self.in_use < self.limit and not self.waiting:
            self.in_use += 1
            return True
        return False

    async def acquire(self, front: str, waited: float = 0.0) -> None:
        """Take a place or raise Overloaded; the caller must ``release`` what it took.
        ``waited``: seconds the caller already spent on its way here (a slow event loop)."""
        if self.try_acquire():
            return
        budget = self.wait - waited
        if self.waiting >= self.queue or budget <= 0:
            self._refuse(front)
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(future)
        try:
            await asyncio.wait_for(asyncio.shield(future), budget)
        except TimeoutError:
            if future.done() and not future.cancelled():
                return  # handed a place at the last moment: keep it
            future.cancel()
            self._refuse(front)
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self.release()  # handed a place, but the caller is gone: pass it on
            future.cancel()
            raise
        finally:
            if future in self._waiters and future.done():
                self._waiters.remove(future)

    def release(self) -> None:
        """Hand the place to the first live waiter, or give it back."""
        while self._waiters:
            future = self._waiters.popleft()
            if not future.done():
                future.set_result(None)  # the place passes on: in_use unchanged
                return
        self.in_use = max(0, self.in_use - 1)

    def _refuse(self, front: str) -> None:
        self.shed[front] = self.shed.get(front, 0) + 1
        raise Overloaded(self.retry_after())

    @asynccontextmanager
    async def place(self, front: str) -> AsyncIterator[None]:
        await self.acquire(front)
        try:
            yield
        finally:
            self.release()


@functools.cache
def gate() -> Gate:
    settings = get_settings()
    return Gate(
        limit=settings.admission_limit,
        queue=settings.admission_queue_length,
        wait=settings.admission_wait_seconds,
        write_limit=settings.admission_write_limit,
    )


@functools.cache
def _executor() -> ThreadPoolExecutor:
    """The UI's database threads: exactly as many as the gate admits."""
    return ThreadPoolExecutor(max_workers=gate().limit, thread_name_prefix="ui-db")


def is_busy(exc: BaseException) -> bool:
    """The database could not take the work in time: no free connection within the pool
    timeout, or SQLite's write lock still held after its busy timeout. Retrying later works."""
    if isinstance(exc, PoolTimeout):
        return True
    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


async def run_admitted(fn: Callable[..., T], *args: Any) -> T:
    """Run ``fn(*args)`` (blocking database work of a UI event: a write, or a long read such
    as an export) once admitted, on a thread of the UI's own pool; like a REST write it takes
    one of the writes' places first. Raises Overloaded when the worker stays full too long."""
    return await _on_thread(fn, args, write=True)


async def _on_thread(fn: Callable[..., T], args: tuple[Any, ...], write: bool) -> T:
    main = gate()
    writes = main.writes if write else None
    await _admit(main, writes, "ui", time.monotonic())
    try:
        context = contextvars.copy_context()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(_executor(), functools.partial(context.run, fn, *args))
    except (PoolTimeout, OperationalError) as exc:
        if is_busy(exc):
            raise Overloaded() from exc
        raise
    finally:
        _release(main, writes)


async def read_admitted(fn: Callable[..., T], *args: Any) -> T:
    """``run_admitted`` for a bounded read: indexed look-ups and one page of rows, no write
    and no network call (a page's data, the session check). When the gate admits one unit at
    a time (SQLite) it runs on the event loop itself, still holding the gate's one place.

    Why: Python runs one thread at a time, and a database thread must win the interpreter
    back from the event loop after every SQLite call, so at 200 browsers each unit waited on
    the event loop's Reflex work again and again (the UI path's p95 164-311 ms; run here,
    69-110 ms). Reads never wait for SQLite's write lock (WAL), so a read here holds the loop
    for its own few milliseconds only. Writes, which may wait for that lock or call Stripe or
    Google, stay on the thread (``run_admitted``); so do longer reads (exports, imports)."""
    if gate().limit != 1:
        return await _on_thread(fn, args, write=False)
    async with gate().place("ui"):
        try:
            # In a copy of the context, as on a thread: what it sets (the request's user, for
            # the logs) stays with it.
            return contextvars.copy_context().run(fn, *args)
        except (PoolTimeout, OperationalError) as exc:
            if is_busy(exc):
                raise Overloaded() from exc
            raise


@functools.cache
def hashing_gate() -> Gate:
    """Sign-ins' password checks: as many at once as there are hashing threads."""
    settings = get_settings()
    return Gate(
        limit=settings.sign_in_thread_count,
        queue=settings.sign_in_queue,
        wait=settings.sign_in_wait_seconds,
    )


@functools.cache
def _hashing_executor() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=hashing_gate().limit, thread_name_prefix="ui-hash")


async def run_hashing(fn: Callable[..., T], *args: Any) -> T:
    """Run ``fn(*args)``, CPU-bound work that needs no connection (bcrypt at sign-in), on the
    hashing threads. It takes no place at the main gate: a wave of sign-ins queues here (up
    to SIGN_IN_WAIT_SECONDS, then Overloaded) while other browsers' events go on, and bcrypt,
    which releases the GIL, keeps at most that many cores busy."""
    async with hashing_gate().place("ui"):
        context = contextvars.copy_context()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            _hashing_executor(), functools.partial(context.run, fn, *args)
        )


# When the request reached the app (set by the outermost middleware): time spent waiting for a
# busy event loop counts against the request's waiting budget.
ARRIVED = "trada.arrived"

# Paths the gate never holds back: no database work behind them, or their own pool.
UNGATED_PREFIXES = ("/api/health", "/api/docs", "/api/openapi.json", "/metrics")


class AdmissionMiddleware:
    """The gate in front of every /api request (everything else passes straight through)."""

    def __init__(self, app: ASGIApp, prefix: str = "/api") -> None:
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or not path.startswith(self.prefix)
            or path.startswith(UNGATED_PREFIXES)
        ):
            await self.app(scope, receive, send)
            return
        admission = gate()
        if not _has_body(scope) and admission.try_acquire():
            # A place at once and no body to wait for (reads): nothing to watch while queued
            # and no body to time, so the request goes straight on. The reader, queue and
            # waits below cost ~40 us of the event loop per request (docs/performance.md).
            try:
                await self.app(scope, receive, send)
            finally:
                admission.release()
            return
        # One reader of the request for its whole life: it keeps the body for the handler
        # and notices a hang-up while the request still waits for its place.
        inbox: asyncio.Queue[Message] = asyncio.Queue()
        gone, body_read = asyncio.Event(), asyncio.Event()
        reader = asyncio.create_task(_read_client(receive, inbox, gone, body_read))
        try:
            arrived = scope.get(ARRIVED, time.monotonic())
            writes = admission.writes if scope.get("method") not in READS else None
            waiting = asyncio.create_task(_admit(admission, writes, "api", arrived))
            hung_up = asyncio.create_task(gone.wait())
            done, _ = await asyncio.wait({waiting, hung_up}, return_when=asyncio.FIRST_COMPLETED)
            hung_up.cancel()
            if waiting not in done:
                waiting.cancel()  # the caller hung up while queued: no work, no answer
                await asyncio.gather(waiting, return_exceptions=True)
                return
            try:
                waiting.result()
            except Overloaded as exc:
                await _busy(send, exc.retry_after)
                return
            try:
                if not await _body_arrived(body_read, gone):
                    if not gone.is_set():
                        await _body_too_slow(send)
                    return
                await self.app(scope, inbox.get, send)
            finally:
                _release(admission, writes)
        finally:
            reader.cancel()
            await asyncio.gather(reader, return_exceptions=True)


READS = ("GET", "HEAD", "OPTIONS")


async def _admit(admission: Gate, writes: Gate | None, front: str, arrived: float) -> None:
    """A place at the gate; for a write, first one of the writes' places. What waiting here
    already took counts against the same budget (from arrival). Refused or cancelled half-way,
    it gives back what it took."""
    if writes is not None:
        await writes.acquire(front, time.monotonic() - arrived)
    try:
        await admission.acquire(front, time.monotonic() - arrived)
    except BaseException:
        if writes is not None:
            writes.release()
        raise


def _release(admission: Gate, writes: Gate | None) -> None:
    admission.release()
    if writes is not None:
        writes.release()


def _has_body(scope: Scope) -> bool:
    """Whether a body may follow: any method but GET and HEAD (over HTTP/2 a body need not
    announce itself), or a GET or HEAD with Content-Length above 0 or chunked."""
    if scope.get("method") not in ("GET", "HEAD"):
        return True
    for name, value in scope.get("headers", ()):
        if name == b"transfer-encoding" or (name == b"content-length" and value.strip() != b"0"):
            return True
    return False


async def _read_client(
    receive: Receive, inbox: asyncio.Queue[Message], gone: asyncio.Event, body_read: asyncio.Event
) -> None:
    while True:
        message = await receive()
        await inbox.put(message)
        if message["type"] == "http.disconnect":
            gone.set()
            return
        if message["type"] == "http.request" and not message.get("more_body", False):
            body_read.set()


async def _body_arrived(body_read: asyncio.Event, gone: asyncio.Event) -> bool:
    """Whether the whole body arrived (at once for a request without one) before the client
    hung up and within REQUEST_BODY_SECONDS."""
    if body_read.is_set() or gone.is_set():
        return not gone.is_set()
    waits = {asyncio.create_task(body_read.wait()), asyncio.create_task(gone.wait())}
    try:
        await asyncio.wait(
            waits,
            timeout=get_settings().request_body_seconds,
            return_when=asyncio.FIRST_COMPLETED,
        )
    finally:
        for task in waits:
            task.cancel()
        await asyncio.gather(*waits, return_exceptions=True)
    return body_read.is_set() and not gone.is_set()


async def send_error(
    send: Send, status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> None:
    """Answer with the API's error object from plain ASGI code (before any route runs)."""
    body = json.dumps(
        {"error": {"code": code, "message": message, "request_id": current_request_id()}}
    ).encode()
    extra = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *extra,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _body_too_slow(send: Send) -> None:
    seconds = get_settings().request_body_seconds
    await send_error(
        send,
        408,
        "request_timeout",
        f"The request's body did not arrive within {seconds:g} seconds; send the request again.",
        {"Connection": "close"},
    )


async def _busy(send: Send, retry_after: int) -> None:
    busy = Overloaded(retry_after)
    await send_error(send, 503, busy.code, busy.message, {"Retry-After": str(retry_after)})
