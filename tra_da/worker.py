"""`python -m tra_da.worker`: the outbox relay as its own process (for scale-out)."""

from __future__ import annotations

import asyncio
import logging
import signal
import time

from tra_da import db
from tra_da.observability import report_exception
from tra_da.services import availability, directory, outbox
from tra_da.services.payments import checkout
from tra_da.settings import get_settings

log = logging.getLogger("tra_da.worker")


async def relay_forever(stop: asyncio.Event | None = None) -> None:
    """Deliver due outbox messages until cancelled (or ``stop`` is set). Every pass draws
    from the relay's own small pool (RELAY_POOL_SIZE): a burst of requests that fills the web
    pool never holds deliveries up, and deliveries never take a request's connection."""
    with db.using_pool("relay"):
        await _relay(stop)


async def _relay(stop: asyncio.Event | None) -> None:
    interval = get_settings().outbox_poll_seconds
    due = dict.fromkeys(CHORES, 0.0)
    while stop is None or not stop.is_set():
        try:
            await asyncio.to_thread(outbox.deliver_due)
            for chore, every in CHORES.items():
                if time.monotonic() >= due[chore]:
                    await asyncio.to_thread(chore)
                    due[chore] = time.monotonic() + every
        except Exception as exc:  # the database may be briefly away: keep the relay alive
            log.exception("outbox relay pass failed")
            report_exception(exc)
        await asyncio.sleep(interval)


def _top_up_slots() -> None:
    """Weekly availability rolls forward."""
    with db.session() as session:
        availability.generate_all(session)


def _refresh_directory() -> None:
    """Each mentor's stored next open slot catches up with the clock."""
    with db.session() as session:
        directory.refresh_next_open(session)


def _release_payment_holds() -> None:
    """Slots held for a payment that never came open again, webhook or not."""
    checkout.release_expired_holds()


# Periodic chores and their period in seconds, run between outbox passes.
CHORES = {_top_up_slots: 3600.0, _refresh_directory: 300.0, _release_payment_holds: 60.0}


def main() -> None:
    from tra_da import observability

    observability.configure_logging()
    observability.init_sentry(component="relay")  # relay failures are logged: logged = reported
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
