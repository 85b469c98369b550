"""Rate limits: failed sign-ins per account and per address, API requests, UI events.

Counters live in Redis when REDIS_URL is set (shared by every worker), in memory otherwise.
Limits use the `limits` notation from settings (e.g. "5/15minutes"): a moving window, except
REST requests and UI events on Redis, a sliding window counter (services/leases.py).

Two ways in:
- ``hit`` and the sign-in checks are plain calls, for code that already runs in a thread (a
  sign-in hashes a password there anyway);
- ``hit_on_loop`` is for the event loop (every REST request, every UI event). In memory it is
  ``hit``; on Redis it leases counts in blocks (services/leases.py) with redis-py's asyncio
  client: no hop to a thread and back (a fifth of a request's busy time on PostgreSQL + Redis),
  and a round trip for a block of requests rather than for each (docs/performance.md, 1 Dec).
  Those counters are their own: REST and UI-event keys are counted only this way.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import math
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import redis
import redis.asyncio
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from tra_da.services.errors import RateLimited
from tra_da.services.leases import Leases, Refused
from tra_da.settings import get_settings

log = logging.getLogger("tra_da.ratelimit")


class _MemoryCounters(MemoryStorage):
    """limits' MemoryStorage, sweeping expired entries once a second instead of every 10 ms.

    Its sweep walks every counter (two per browser tab, one per API address) on a thread that
    holds the GIL while it does: every 10 ms while anything is counted, 7 % of the worker's
    Python time with 200 browsers. Counting never depends on the sweep (the moving window
    compares timestamps); the sweep only frees entries that have expired."""

    SWEEP_SECONDS = 1.0

    # Overrides the name-mangled private scheduler of limits 5.x (MemoryStorage.__schedule_expiry).
    def _MemoryStorage__schedule_expiry(self) -> None:
        if not self.timer.is_alive():
            sweep = getattr(self, "_MemoryStorage__expire_events")  # noqa: B009 (private)
            self.timer = threading.Timer(self.SWEEP_SECONDS, sweep)
            self.timer.daemon = True
            self.timer.start()


@functools.cache
def _limiter(redis_url: str | None) -> MovingWindowRateLimiter:
    storage = storage_from_string(redis_url) if redis_url else _MemoryCounters()
    assert isinstance(storage, Storage)
    return MovingWindowRateLimiter(storage)


def limiter() -> MovingWindowRateLimiter:
    return _limiter(get_settings().redis_url)


# An asyncio Redis client belongs to the loop it first ran on. A web worker runs one loop for
# its life, so the leases of the last loop that counted are kept, and replaced when another
# loop counts (tests run several, one after the other): clients of loops that have ended are
# not kept alive.
_on_loop: tuple[asyncio.AbstractEventLoop, str, Leases] | None = None

# A count that Redis does not answer within this long is given up (see hit_on_loop).
REDIS_TIMEOUT_SECONDS = 2.0
# Connections per loop (per web worker). Every UI event is counted before admission control,
# so a burst of events would otherwise open a connection each; beyond this many at once a
# count waits (at most REDIS_TIMEOUT_SECONDS) for a connection to come back.
REDIS_CONNECTIONS = 32


def _loop_leases(redis_url: str) -> Leases:
    global _on_loop
    loop = asyncio.get_running_loop()
    if _on_loop is None or _on_loop[0] is not loop or _on_loop[1] != redis_url:
        pool = redis.asyncio.BlockingConnectionPool.from_url(
            redis_url,
            max_connections=REDIS_CONNECTIONS,
            timeout=REDIS_TIMEOUT_SECONDS,
            socket_timeout=REDIS_TIMEOUT_SECONDS,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        )
        client = redis.asyncio.Redis(connection_pool=pool)
        _on_loop = (loop, redis_url, Leases(client, get_settings().worker_count))
    return _on_loop[2]


@functools.cache
def _parse(notation: str) -> RateLimitItem:
    return parse(notation)


def reset() -> None:
    """Forget every counter (tests, and an operator unlocking after an incident)."""
    limiter().storage.reset()
    if _on_loop is not None:
        _on_loop[2].forget()


def _retry_after(item: RateLimitItem, *keys: str) -> int:
    return _seconds_until(limiter().get_window_stats(item, *keys).reset_time)


def _seconds_until(reset_at: float) -> int:
    """Whole seconds until a window frees a place (Retry-After), at least one."""
    return max(1, math.ceil(reset_at - time.time()))


def _minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


def check_sign_in_allowed(email: str, client_ip: str | None) -> None:
    """Raise RateLimited when the account or the address used up its failed sign-ins."""
    item = _parse(get_settings().rate_limit_login)
    for keys in _sign_in_keys(email, client_ip):
        if not limiter().test(item, *keys):
            wait = _retry_after(item, *keys)
            raise RateLimited(
                f"Too many failed sign-ins. Wait {_minutes(wait)} minute(s) and try again, or "
                "reset your password.",
                retry_after=wait,
                key="err.sign_in_limited",
            )


def record_sign_in_failure(email: str, client_ip: str | None) -> None:
    item = _parse(get_settings().rate_limit_login)
    for keys in _sign_in_keys(email, client_ip):
        limiter().hit(item, *keys)


def _sign_in_keys(email: str, client_ip: str | None) -> list[tuple[str, ...]]:
    keys: list[tuple[str, ...]] = [("sign-in-account", email.strip().lower())]
    if client_ip:
        keys.append(("sign-in-address", client_ip))
    return keys


_guards: dict[str, threading.Lock] = {}
_guards_lock = threading.Lock()


SIGN_IN_QUEUE_SECONDS = 1.0


@contextmanager
def sign_in_guard(email: str, client_ip: str | None) -> Iterator[None]:
    """Serialise sign-in attempts per account and per address within this process, so the
    failure count cannot be outrun by parallel guesses (with several workers the race is
    bounded by the worker count). An attempt waits at most SIGN_IN_QUEUE_SECONDS for the one
    before it; then it is refused (429, retry in a second) instead of holding a thread and a
    request's place while the queue drains."""
    names = sorted({"account:" + email.strip().lower(), "address:" + (client_ip or "")})
    with _guards_lock:
        if len(_guards) > 10_000:
            _guards.clear()  # bounded memory; an evicted lock only loosens the queueing
        locks = [_guards.setdefault(name, threading.Lock()) for name in names]
    deadline = time.monotonic() + SIGN_IN_QUEUE_SECONDS
    with ExitStack() as stack:
        for lock in locks:
            if not lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
                raise RateLimited(
                    "Another sign-in from this account or address is in progress. "
                    "Wait a second and try again.",
                    retry_after=1,
                    key="err.sign_in_busy",
                )
            stack.callback(lock.release)
        yield


def hit(notation: str, *keys: str) -> None:
    """Count one request against ``notation`` for ``keys``; RateLimited when over."""
    item = _parse(notation)
    if not limiter().hit(item, *keys):
        raise _too_many(_retry_after(item, *keys))


async def hit_on_loop(notation: str, *keys: str) -> None:
    """``hit`` for code on the event loop (every REST request, every UI event), no thread.

    In memory it is ``hit``. On Redis the counts are leased in blocks (services/leases.py): most
    requests are admitted from this worker's memory, a few wait for one round trip, and all
    workers together never admit more than the limit."""
    redis_url = get_settings().redis_url
    if not redis_url:
        hit(notation, *keys)  # a dictionary update: no I/O to wait for
        return
    try:
        await _loop_leases(redis_url).hit(_parse(notation), *keys)
    except Refused as refused:
        raise _too_many(refused.retry_after) from None
    except redis.RedisError as exc:
        # These are coarse ceilings against floods, not a rule: while Redis does not answer,
        # requests and UI events go on uncounted rather than fail. (Sign-in limits, a
        # security rule, use the plain calls and do fail.)
        _warn_uncounted(exc)


_warned_at = 0.0


def _warn_uncounted(exc: Exception) -> None:
    global _warned_at
    now = time.monotonic()
    if now - _warned_at >= 10:  # once per 10 s, not once per request
        _warned_at = now
        log.warning(
            "rate-limit counters unreachable, API and UI-event limits paused until Redis "
            "answers (check that Redis at REDIS_URL runs and is reachable): %r",
            exc,
        )


def _too_many(wait: int) -> RateLimited:
    return RateLimited(
        f"Too many requests. Wait {wait} second(s) and try again.",
        retry_after=wait,
        key="err.too_many_requests",
    )
