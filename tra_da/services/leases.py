"""Shared request ceilings counted in leased blocks: few Redis round trips, never over the limit.

REST requests (RATE_LIMIT_API, per address) and UI events (RATE_LIMIT_EVENTS, per browser and
per address) are counted on every request of every worker. Counting each one in Redis cost a
round trip and 150-170 us of the worker's CPU (redis-py's asyncio client and limits' moving
window), 5-8 % of a whole request's CPU on PostgreSQL + Redis (docs/performance.md).

So a worker leases a block of hits at once: one atomic script in Redis adds the block to the
key's count when the count leaves room for it, and the worker then admits that many requests of
the key from memory. Every admitted request was counted in Redis before it was admitted, so
all workers together never admit more than the limit. The blocks shrink as the count nears the
limit (a share of the room left, split between the workers), down to one hit per round trip
near the limit, where each decision is exact; a block is at most ``MAX_BLOCK``. What a worker
leased and did not use when the window ends is lost to that key: a client spread over several
workers may be refused up to (workers - 1) x block hits early, never late.

The window is limits' sliding window counter: fixed windows of the limit's period, and the
previous window's count weighted by how much of it still overlaps the last period. Keys are
under limits' prefix ("LIMITS:"), so ``ratelimit.reset`` clears them with the rest.
"""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass, field

import redis.asyncio
from limits import RateLimitItem

# The most hits one lease takes (a client's burst on one worker is counted in Redis at most
# this many hits ahead of its use).
MAX_BLOCK = 64
# Keys one worker remembers; beyond it those of past windows are forgotten (and at worst leased
# anew), so a stream of new addresses cannot grow memory.
MAX_KEYS = 50_000

# KEYS: this window's count, the previous window's. ARGV: limit, the most one lease takes, the
# previous window's weight (0..1), expiry in s, workers. Grants a share of the room left (at
# least one hit while there is room), adds it; returns the grant and both counts.
_LEASE = """
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
local prev = tonumber(redis.call('GET', KEYS[2]) or '0')
local room = math.floor(tonumber(ARGV[1]) - prev * tonumber(ARGV[3]) - cur)
if room <= 0 then
  return {0, cur, prev}
end
local grant = math.min(tonumber(ARGV[2]), math.max(1, math.floor(room / (2 * tonumber(ARGV[5])))))
cur = redis.call('INCRBY', KEYS[1], grant)
redis.call('EXPIRE', KEYS[1], ARGV[4])
return {grant, cur, prev}
"""


class Refused(Exception):
    """Over the limit; a place frees in ``retry_after`` whole seconds (at least one)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


@dataclass
class _Key:
    window: int  # the window's number: seconds since the epoch // period
    period: int
    left: int = 0  # leased in this window, not yet used
    leasing: asyncio.Future[None] | None = field(default=None, repr=False)


class Leases:
    """One event loop's leases (a web worker has one loop for its life)."""

    def __init__(self, client: redis.asyncio.Redis, workers: int) -> None:
        self.client = client
        self.workers = max(1, workers)
        self.script = client.register_script(_LEASE)
        self.keys: dict[str, _Key] = {}

    def forget(self) -> None:
        """Drop every unused lease (after the counts in Redis were reset)."""
        self.keys.clear()

    async def hit(self, item: RateLimitItem, *parts: str) -> None:
        """Admit one hit of ``parts`` under ``item``, or raise Refused."""
        period = item.get_expiry()
        name = item.key_for(*parts)
        while True:  # again after waiting for another request's lease: the window may be new
            now = time.time()
            window = int(now // period)
            state = self.keys.get(name)
            if state is None or state.window < window:
                if len(self.keys) >= MAX_KEYS:
                    self._sweep(now)
                state = self.keys[name] = _Key(window, period)
            if state.left > 0:
                state.left -= 1
                return
            if state.leasing is not None:  # one lease per key at a time; then look again
                await asyncio.shield(state.leasing)
                continue
            state.leasing = asyncio.get_running_loop().create_future()
            try:
                granted = await self._lease(item, name, window, now, period)
            finally:
                state.leasing.set_result(None)
                state.leasing = None
            state.left += granted - 1
            return

    async def _lease(
        self, item: RateLimitItem, name: str, window: int, now: float, period: int
    ) -> int:
        elapsed = now - window * period
        weight = 1 - elapsed / period
        # The name in braces: both windows' keys in one Redis Cluster slot, as a script needs.
        prefix = f"LIMITS:lease:{{{name}}}:"
        counts = await self.script(
            keys=[prefix + str(window), prefix + str(window - 1)],
            args=[item.amount, MAX_BLOCK, repr(weight), 2 * period + 1, self.workers],
        )
        granted, current, previous = (int(c) for c in counts)
        if granted == 0:
            raise Refused(retry_after(item.amount, current, previous, period, elapsed))
        return granted

    def _sweep(self, now: float) -> None:
        idle = [k for k, s in self.keys.items() if s.leasing is None and s.window < now // s.period]
        for key in idle:
            del self.keys[key]
        if len(self.keys) >= MAX_KEYS:  # every key is of this window: forget the unused leases
            self.keys = {k: s for k, s in self.keys.items() if s.leasing is not None}


def retry_after(limit: int, current: int, previous: int, period: int, elapsed: float) -> int:
    """Whole seconds until one more hit fits: later in this window, as the previous window's
    weight fades, or in the next one, as this window's does."""
    room = limit - 1  # the estimate must be at most this to admit one more
    rest = period - elapsed
    if current <= room and previous > 0:
        wait = period * (1 - (room - current) / previous) - elapsed
        if wait < rest:
            return max(1, math.ceil(wait))
    if current <= room:
        return max(1, math.ceil(rest))
    return max(1, math.ceil(rest + period * (1 - room / current)))
