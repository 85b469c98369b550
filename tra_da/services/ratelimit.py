"""Rate limits: failed sign-ins per account and per address, API requests, UI events.

Counters live in Redis when REDIS_URL is set (shared by every worker), in memory otherwise.
Limits use the `limits` notation from settings (e.g. "5/15minutes"), moving window.
"""

from __future__ import annotations

import functools
import math
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from tra_da.services.errors import RateLimited
from tra_da.settings import get_settings


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


@functools.cache
def _parse(notation: str) -> RateLimitItem:
    return parse(notation)


def reset() -> None:
    """Forget every counter (tests, and an operator unlocking after an incident)."""
    limiter().storage.reset()


def _retry_after(item: RateLimitItem, *keys: str) -> int:
    reset_at = limiter().get_window_stats(item, *keys).reset_time
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
        wait = _retry_after(item, *keys)
        raise RateLimited(
            f"Too many requests. Wait {wait} second(s) and try again.",
            retry_after=wait,
            key="err.too_many_requests",
        )
