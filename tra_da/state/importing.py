"""A CSV import as the admin page runs it: the file checked in one unit of database work, then
written chunk by chunk, each chunk its own unit (``run``: through the admission gate), so other
people's actions go on between chunks instead of waiting for the whole file (on SQLite the gate
admits one unit at a time).

The rules stay in services/csv_import.py; this only sequences them, reports progress after each
chunk, and retries a chunk the server refused as busy. A chunk refused for another reason stops
the import there: the chunks before it stay written, and uploading the same file again is safe
(rows are upserted by email and only people the import creates are invited).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tra_da import admission
from tra_da.services import csv_import

R = TypeVar("R")
# run(fn, *args): fn(session, admin, *args) as one unit of database work; its errors raised.
Run = Callable[..., Awaitable[Any]]

# A unit refused as busy (the gate full for its 1 s, or SQLite's lock held) is tried again this
# many times in all, after pauses of 0.5, 1, 1.5 ... s: about 10 s of a saturated server in all
# before the import gives up, and the admin's one unit at a time is never a burst of retries.
BUSY_ATTEMPTS = 5
BUSY_PAUSE_SECONDS = 0.5


@dataclass
class Progress:
    """Where an import stands; yielded once the file is checked and after every chunk."""

    total: int = 0  # rows in the file
    written: int = 0  # rows written so far
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)  # the file refused: nothing written
    stopped_at: int | None = None  # line of the first row not written, when writing stopped
    reason: BaseException | None = None  # why it stopped
    finished: bool = False


async def import_file(
    run: Run,
    kind: str,
    data: bytes,
    *,
    chunk_rows: int | None = None,
    attempts: int = BUSY_ATTEMPTS,
    pause: float = BUSY_PAUSE_SECONDS,
) -> AsyncIterator[Progress]:
    """Check ``data``, then write it a chunk at a time, yielding progress. The check's own
    errors (a file that cannot be read, the session ended, the server busy throughout) are
    raised; once writing has begun, nothing is raised: a stop is reported in the progress, with
    how far the import got."""
    plan: csv_import.ImportPlan = await patiently(
        run, attempts, pause, csv_import.check, kind, data
    )
    progress = Progress(total=len(plan.rows))
    if not plan.ok:
        progress.errors, progress.finished = plan.errors, True
        yield progress
        return
    yield progress
    for chunk in csv_import.chunks(plan, chunk_rows):
        try:
            counts = await patiently(run, attempts, pause, csv_import.import_rows, kind, chunk)
        except csv_import.RowRefused as exc:
            progress.stopped_at, progress.reason = exc.line, exc
        except Exception as exc:  # busy throughout, the session ended, a failure: stop here
            progress.stopped_at, progress.reason = int(chunk[0]["_line"]), exc
        if progress.reason is not None:
            progress.finished = True
            yield progress
            return
        progress.written += len(chunk)
        progress.created += counts.created
        progress.updated += counts.updated
        progress.finished = progress.written == progress.total
        yield progress


async def patiently(run: Run, attempts: int, pause: float, fn: Callable[..., R], *args: Any) -> R:
    """``run(fn, *args)``, tried again after a pause while the server refuses it as busy."""
    for attempt in range(1, attempts + 1):
        try:
            result: R = await run(fn, *args)
            return result
        except Exception as exc:
            busy = isinstance(exc, admission.Overloaded) or admission.is_busy(exc)
            if not busy or attempt == attempts:
                raise
        await asyncio.sleep(pause * attempt)
    raise AssertionError("unreachable")  # the last attempt returns or raises
