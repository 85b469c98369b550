"""`python -m tra_da.worker`: the outbox relay as its own process (for scale-out)."""

from __future__ import annotations

import asyncio
import logging
import signal
import time

from tra_da.services import outbox
from tra_da.settings import get_settings

log = logging.getLogger("tra_da.worker")


async def relay_forever(stop: asyncio.Event | None = None) -> None:
    """Deliver due outbox messages until cancelled (or ``stop`` is set)."""
    interval = get_settings().outbox_poll_seconds
    next_top_up = 0.0
    while stop is None or not stop.is_set():
        try:
            await asyncio.to_thread(outbox.deliver_due)
            if time.monotonic() >= next_top_up:  # weekly availability rolls forward hourly
                await asyncio.to_thread(_top_up_slots)
                next_top_up = time.monotonic() + 3600
        except Exception:  # the database may be briefly away: keep the relay alive
            log.exception("outbox relay pass failed")
        await asyncio.sleep(interval)


def _top_up_slots() -> None:
    from tra_da import db
    from tra_da.services import availability

    with db.session() as session:
        availability.generate_all(session)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    stop = asyncio.Event()

    async def run() -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        log.info("outbox relay started")
        await relay_forever(stop)

    asyncio.run(run())


if __name__ == "__main__":
    main()
