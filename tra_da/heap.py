"""The garbage collector in a long-running server process.

Importing the app leaves a few hundred thousand long-lived objects (pages, components, states,
SQLAlchemy's mappers). Python's full collection walks every tracked object: 50-120 ms here, a
pause for every request and event in flight whenever the young generations have promoted
enough to trigger one, and more often as sessions accumulate. Once the server has started,
those objects are moved out of the collector's sight (``gc.freeze``): they live as long as the
process anyway, and a full collection then walks only what was made since.

What is made since is still large under load: every connected browser's Reflex states, each
worker's caches. With Python's default thresholds (700, 10, 10) full collections still came
every 5-12 s at 200 browsers and took 50-200 ms each, in whichever thread was allocating: the
one database thread of SQLite's gate, so every action waited behind it. The thresholds below
make young collections rarer and larger (50,000 new objects, a few ms each) and, with them,
full ones rare (none in a 40 s window at 200 browsers). Reference counting still frees at once
everything that is not a cycle; cycles are collected with the young generations, just later.
Measured: the UI path's p95 373 -> 81 ms, CPU per event 6.1 -> 4.9 ms (docs/performance.md,
"the garbage collector's thresholds").
"""

from __future__ import annotations

import asyncio
import gc
import logging

log = logging.getLogger(__name__)


# New objects before a young collection, young collections before a middle one, middle ones
# before a full one (Python's defaults: 700, 10, 10).
THRESHOLDS = (50_000, 20, 20)


def settle() -> int:
    """Collect what start-up left behind, freeze the rest, and collect less often from now on;
    returns how many are frozen."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    return gc.get_freeze_count()


async def settle_after_start() -> None:
    """Reflex lifespan task: once the app has started (its first loop turn), ``settle``."""
    await asyncio.sleep(0)
    frozen = settle()
    log.info("garbage collector: %d start-up objects frozen", frozen)
