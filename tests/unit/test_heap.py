"""The start-up heap is frozen out of the collector's full passes (tra_da/heap.py)."""

from __future__ import annotations

import asyncio
import gc

from tra_da import heap


def test_settling_freezes_what_start_up_left_and_collects_less_often() -> None:
    before = gc.get_threshold()
    try:
        asyncio.run(heap.settle_after_start())
        assert gc.get_freeze_count() > 1000
        assert gc.isenabled()  # young objects are still collected
        assert gc.get_threshold() == heap.THRESHOLDS
        assert heap.THRESHOLDS[0] > before[0]
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
