"""Request ceilings leased in blocks from Redis (services/leases.py): few round trips, and all
workers together never over the limit."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
import redis.asyncio
from limits import parse

from tra_da.services import leases
from tra_da.services.leases import Leases, Refused, retry_after

_names = itertools.count()


def _key() -> str:
    return f"test-{next(_names)}"


class Counted:
    """Leases that count their round trips to Redis."""

    def __init__(self, url: str, workers: int) -> None:
        self.leases = Leases(redis.asyncio.Redis.from_url(url), workers)
        self.trips = 0
        script = self.leases.script

        async def counted(*args: Any, **kwargs: Any) -> Any:
            self.trips += 1
            return await script(*args, **kwargs)

        self.leases.script = counted  # type: ignore[assignment]

    async def admitted(self, notation: str, key: str) -> bool:
        try:
            await self.leases.hit(parse(notation), "api", key)
            return True
        except Refused:
            return False


def _run(work: Callable[[], Awaitable[Any]]) -> Any:
    return asyncio.run(work())


def test_two_workers_together_admit_exactly_the_limit(redis_url: str) -> None:
    """Requests of one client alternate between two workers: 100 of 300 get through, not one
    more, and far fewer than 100 round trips were needed."""
    key = _key()

    async def work() -> tuple[int, int]:
        a, b = Counted(redis_url, 2), Counted(redis_url, 2)
        admitted = 0
        for i in range(300):
            admitted += await (a if i % 2 else b).admitted("100/minute", key)
        return admitted, a.trips + b.trips

    admitted, trips = _run(work)
    assert admitted == 100
    # Blocks of a quarter of the room left, then one hit per trip near the limit, and one
    # refused trip per worker per refused hit.
    assert trips - 200 < 60, trips


def test_two_workers_bursting_at_once_admit_exactly_the_limit(redis_url: str) -> None:
    """150 requests of one client on each of two workers, all in flight together."""
    key = _key()

    async def work() -> int:
        a, b = Counted(redis_url, 2), Counted(redis_url, 2)
        hits = [w.admitted("100/minute", key) for _ in range(150) for w in (a, b)]
        return sum(await asyncio.gather(*hits))

    assert _run(work) == 100


def test_far_below_the_limit_a_block_serves_many_requests(redis_url: str) -> None:
    key = _key()

    async def work() -> tuple[int, int]:
        worker = Counted(redis_url, 2)
        admitted = sum([await worker.admitted("100000/minute", key) for _ in range(1000)])
        return admitted, worker.trips

    admitted, trips = _run(work)
    assert admitted == 1000
    assert trips <= 1000 // leases.MAX_BLOCK + 1


def test_concurrent_requests_of_one_key_wait_for_one_lease(redis_url: str) -> None:
    """A burst on one worker sends one lease at a time, not one per request; each request is
    admitted once and the one over the limit refused."""
    key = _key()

    async def work() -> tuple[list[bool], int]:
        worker = Counted(redis_url, 1)
        outcomes = await asyncio.gather(*(worker.admitted("40/minute", key) for _ in range(41)))
        return list(outcomes), worker.trips

    outcomes, trips = _run(work)
    assert outcomes.count(True) == 40 and outcomes.count(False) == 1
    assert trips < 20, trips


def test_the_previous_window_still_counts_as_it_fades(
    redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sliding window counter: a full minute just ended still fills the next minute's start;
    halfway through, about half the limit is free again."""
    key = _key()
    clock = [6000.0 * 60]  # the start of a minute
    monkeypatch.setattr(leases.time, "time", lambda: clock[0])

    async def work() -> tuple[int, int, int]:
        worker = Counted(redis_url, 1)
        first = sum([await worker.admitted("10/minute", key) for _ in range(12)])
        clock[0] += 60  # the next minute starts: last minute's 10 weigh fully
        at_start = sum([await worker.admitted("10/minute", key) for _ in range(3)])
        clock[0] += 30  # halfway: they weigh 5
        halfway = sum([await worker.admitted("10/minute", key) for _ in range(10)])
        return first, at_start, halfway

    assert _run(work) == (10, 0, 5)


def test_refused_requests_are_not_counted(redis_url: str) -> None:
    key = _key()

    async def work() -> list[bool]:
        worker = Counted(redis_url, 1)
        return [await worker.admitted("2/minute", key) for _ in range(5)]

    assert _run(work) == [True, True, False, False, False]


@pytest.mark.parametrize(
    ("current", "previous", "elapsed", "expected"),
    [
        (10, 0, 15.0, 51),  # full: 45 s to the next window, then 6 s until its weight is 9
        (5, 10, 0.0, 36),  # room once the previous minute's weight falls to 4: 36 s in
        (3, 0, 59.5, 1),  # at least one second
        (10, 10, 30.0, 36),  # full: 30 s to the next window, then 6 s (the one before is gone)
    ],
)
def test_retry_after_is_when_one_more_hit_fits(
    current: int, previous: int, elapsed: float, expected: int
) -> None:
    assert retry_after(10, current, previous, 60, elapsed) == expected


def test_a_flood_of_addresses_does_not_grow_memory(
    redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(leases, "MAX_KEYS", 50)

    async def work() -> int:
        worker = Counted(redis_url, 1)
        for _ in range(200):
            await worker.admitted("100/minute", _key())
        return len(worker.leases.keys)

    assert _run(work) <= 50


def test_keys_of_ended_windows_go_first_whatever_their_period(
    redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(leases, "MAX_KEYS", 3)
    clock = [9000.0 * 900]  # the start of a minute and of a quarter of an hour
    monkeypatch.setattr(leases.time, "time", lambda: clock[0])
    api, events = [_key(), _key()], [_key(), _key()]

    async def work() -> set[str]:
        worker = Counted(redis_url, 1)
        for key in api:
            await worker.admitted("100/15minutes", key)
        await worker.admitted("100/minute", events[0])
        clock[0] += 61  # the minute has ended, the quarter of an hour has not
        await worker.admitted("100/minute", events[1])
        return set(worker.leases.keys)

    kept = _run(work)
    assert {k for k in kept if "/15/" in k} == {f"LIMITER/api/{k}/100/15/minute" for k in api}
    assert len(kept) == 3
