"""The garbage collector in a long-running server process.

Importing the app leaves a few hundred thousand long-lived objects (pages, components, states,
SQLAlchemy's mappers). Python's full collection walks every tracked object: 50-120 ms here, a
pause for every request and event in flight whenever the young generations have promoted
enough to trigger one, and more often as sessions accumulate. Once the server has started,
those objects are moved out of the collector's sight (``gc.freeze``): they live as long as the
process anyway, and a full collection then walks only what was made since.
"""

from __future__ import annotations

import asyncio
import gc
import logging

log = logging.getLogger(__name__)


def settle() -> int:
    """Collect what start-up left behind, then freeze the rest; returns how many are frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


async def settle_after_start() -> None:
    """Reflex lifespan task: once the app has started (its first loop turn), ``settle``."""
    await asyncio.sleep(0)
    frozen = settle()
    log.info("garbage collector: %d start-up objects frozen", frozen)
