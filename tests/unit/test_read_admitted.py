"""A bounded read (a page's data, the session check) under admission control: with one place
(SQLite) it runs on the event loop itself, holding that place; with several, on the UI's
database threads like any other unit."""

from __future__ import annotations

import asyncio
import contextvars
import threading

import pytest

from tra_da import admission
from tra_da.admission import Gate, Overloaded, read_admitted

WHO = contextvars.ContextVar("who", default="nobody")


def use(monkeypatch: pytest.MonkeyPatch, gate: Gate) -> Gate:
    monkeypatch.setattr(admission, "gate", lambda: gate)
    return gate


def where_and_how_full(gate: Gate) -> tuple[str, int]:
    WHO.set("a reader")  # stays with the read
    return threading.current_thread().name, gate.in_use


def test_with_one_place_a_read_runs_on_the_event_loop_holding_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gate = use(monkeypatch, Gate(limit=1, queue=5, wait=1.0))

    async def scenario() -> tuple[tuple[str, int], str, str]:
        here = threading.current_thread().name
        found = await read_admitted(where_and_how_full, gate)
        return found, here, WHO.get()

    (thread, in_use), loop_thread, who = asyncio.run(scenario())
    assert thread == loop_thread and in_use == 1
    assert who == "nobody"  # what the read set did not leak into the caller's context
    assert gate.in_use == 0


def test_with_several_places_a_read_runs_on_a_database_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gate = use(monkeypatch, Gate(limit=3, queue=5, wait=1.0))
    admission._executor.cache_clear()
    try:
        thread, in_use = asyncio.run(read_admitted(where_and_how_full, gate))
    finally:
        admission._executor.cache_clear()
    assert thread.startswith("ui-db") and in_use == 1
    assert gate.in_use == 0


def test_a_read_waits_its_turn_behind_a_write(monkeypatch: pytest.MonkeyPatch) -> None:
    """One place for reads and writes alike: a read does not run beside a unit on a thread."""
    use(monkeypatch, Gate(limit=1, queue=5, wait=2.0))
    order: list[str] = []
    release = threading.Event()

    def write() -> None:
        order.append("write begins")
        release.wait(1)
        order.append("write ends")

    async def scenario() -> None:
        writing = asyncio.ensure_future(admission.run_admitted(write))
        await asyncio.sleep(0.05)
        reading = asyncio.ensure_future(read_admitted(order.append, "read"))
        await asyncio.sleep(0.05)
        assert order == ["write begins"]
        release.set()
        await asyncio.gather(writing, reading)

    asyncio.run(scenario())
    assert order == ["write begins", "write ends", "read"]


def test_a_full_gate_refuses_a_read_and_an_error_gives_the_place_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gate = use(monkeypatch, Gate(limit=1, queue=0, wait=1.0))
    gate.in_use = 1
    with pytest.raises(Overloaded):
        asyncio.run(read_admitted(lambda: None))
    assert gate.shed["ui"] == 1
    gate.in_use = 0

    def broken() -> None:
        raise LookupError("no such page")

    with pytest.raises(LookupError):
        asyncio.run(read_admitted(broken))
    assert gate.in_use == 0
