"""What the host did while a load model ran: the whole machine's busy, I/O-wait and steal time.

The app and the baseline run one after the other, so a slow stretch of the host lands in one
of them only. These figures, printed beside each run, tell such a stretch from a slow app:
iowait is time the cores sat idle waiting for the disk (a stalled commit holds its request's
place meanwhile), steal is time the hypervisor gave the cores to another machine.
"""

from __future__ import annotations

import threading
from typing import Any

import psutil

INTERVAL = 0.5  # seconds between samples; the worst one is reported


class HostSampler:
    """``with HostSampler() as host: ...``; then ``host.report()``."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._worst_iowait = 0.0
        self._first: Any = None
        self._last: Any = None

    def __enter__(self) -> HostSampler:
        self._first = self._last = psutil.cpu_times()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(INTERVAL):
            now = psutil.cpu_times()
            self._worst_iowait = max(self._worst_iowait, _share(self._last, now, "iowait"))
            self._last = now

    def report(self) -> dict[str, float]:
        """Percent of all cores' time over the whole run (busy, iowait, steal) and the worst
        half second's iowait."""
        end = psutil.cpu_times()
        return {
            "busy_pct": 100 - _share(self._first, end, "idle") - _share(self._first, end, "iowait"),
            "iowait_pct": _share(self._first, end, "iowait"),
            "iowait_worst_pct": self._worst_iowait,
            "steal_pct": _share(self._first, end, "steal"),
        }


def _share(before: Any, after: Any, field: str) -> float:
    total = sum(after) - sum(before)
    if total <= 0:
        return 0.0
    return 100 * (getattr(after, field, 0.0) - getattr(before, field, 0.0)) / total
