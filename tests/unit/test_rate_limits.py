"""Rate-limit storage and the UI's event throttle."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from tra_da.services import ratelimit
from tra_da.services.errors import RateLimited
from tra_da.settings import get_settings


@pytest.fixture
def settings_env(monkeypatch: pytest.MonkeyPatch):
    def apply(**values: str) -> None:
        for key, value in values.items():
            monkeypatch.setenv(key, value)
        get_settings.cache_clear()

    yield apply
    get_settings.cache_clear()


def test_counters_live_in_redis_when_configured(redis_url: str, settings_env) -> None:
    from limits.storage import RedisStorage

    settings_env(REDIS_URL=redis_url, RATE_LIMIT_LOGIN="2/15minutes")
    assert isinstance(ratelimit.limiter().storage, RedisStorage)
    ratelimit.reset()
    ratelimit.record_sign_in_failure("lan@example.com", "203.0.113.9")
    # A second worker process would build its own limiter: the count is in Redis, not here.
    ratelimit._limiter.cache_clear()
    ratelimit.record_sign_in_failure("lan@example.com", "203.0.113.9")
    with pytest.raises(RateLimited) as caught:
        ratelimit.check_sign_in_allowed("LAN@example.com", "198.51.100.1")
    assert caught.value.retry_after > 0
    ratelimit.reset()


def test_counts_on_the_event_loop_share_the_redis_counters(redis_url: str, settings_env) -> None:
    """REST requests and UI events count on the event loop with an asyncio client: the same
    counters as every other worker's, one client per loop."""
    settings_env(REDIS_URL=redis_url)
    ratelimit.reset()
    keys = ("api", "203.0.113.7")

    async def count(times: int) -> None:
        for _ in range(times):
            await ratelimit.hit_on_loop("3/minute", *keys)

    asyncio.run(count(2))  # one worker's loop
    asyncio.run(count(1))  # another loop, another client: the same count
    with pytest.raises(RateLimited) as caught:
        asyncio.run(count(1))
    # A sliding window counter: the window's three hits fade over the next minute, so a place
    # frees at most a period plus a third of one ahead.
    assert 1 <= caught.value.retry_after <= 80
    assert caught.value.key == "err.too_many_requests"
    ratelimit.reset()  # an operator's reset clears them too
    asyncio.run(count(1))
    ratelimit.reset()


def test_a_burst_of_counts_on_one_loop_counts_each_once(redis_url: str, settings_env) -> None:
    """Three times more counts at once than the loop's Redis connections: each waits for a
    connection and is counted once; the one over the limit is refused, none fails."""
    settings_env(REDIS_URL=redis_url)
    ratelimit.reset()
    burst = 3 * ratelimit.REDIS_CONNECTIONS

    async def count_all() -> list[BaseException | None]:
        hits = [
            ratelimit.hit_on_loop(f"{burst - 1}/minute", "api", "203.0.113.9") for _ in range(burst)
        ]
        return await asyncio.gather(*hits, return_exceptions=True)

    outcomes = asyncio.run(count_all())
    refused = [o for o in outcomes if isinstance(o, RateLimited)]
    assert len(refused) == 1, outcomes
    assert outcomes.count(None) == burst - 1
    ratelimit.reset()


def test_counts_on_the_loop_pause_while_redis_does_not_answer(
    settings_env, caplog: pytest.LogCaptureFixture
) -> None:
    """The REST and UI ceilings let work through, with a warning, when Redis is down."""
    settings_env(REDIS_URL="redis://127.0.0.1:1/0")  # nothing listens on port 1
    ratelimit._warned_at = 0.0

    async def count() -> None:
        for _ in range(3):
            await ratelimit.hit_on_loop("1/minute", "api", "203.0.113.8")

    with caplog.at_level("WARNING", logger="tra_da.ratelimit"):
        asyncio.run(count())
    warnings = [r for r in caplog.records if "limits paused" in r.getMessage()]
    assert len(warnings) == 1  # once, not once per request
    settings_env(REDIS_URL="")  # before the autouse fixture resets the counters


def test_counters_live_in_memory_without_redis(settings_env) -> None:
    from limits.storage import MemoryStorage

    settings_env(REDIS_URL="")
    assert isinstance(ratelimit.limiter().storage, MemoryStorage)


@pytest.mark.parametrize("counters", ["memory", "redis"])
def test_ui_events_are_throttled_per_browser(
    counters: str, request: pytest.FixtureRequest, settings_env
) -> None:
    from tra_da.state.throttle import EventThrottle

    redis = request.getfixturevalue("redis_url") if counters == "redis" else ""
    settings_env(RATE_LIMIT_EVENTS="3/minute", REDIS_URL=redis)
    ratelimit.reset()
    throttle = EventThrottle()

    class Root(SimpleNamespace):
        """The root state as the middleware uses it: the session substate and its delta."""

        async def get_state(self, _cls: type) -> SimpleNamespace:
            return self.session

        async def _get_resolved_delta(self) -> dict[str, object]:
            return {"session": {"flash": self.session.flash}}

        def _clean(self) -> None:
            pass

    def state(token: str, ip: str = "198.51.100.1") -> Root:
        from tra_da.state.session import SessionState

        session = SimpleNamespace(lang="en", flash=None)
        session._flash = lambda level, message: SessionState._flash(session, level, message)
        client = SimpleNamespace(client_token=token, client_ip=ip)
        return Root(session=session, router=SimpleNamespace(session=client))

    async def run() -> list[object]:
        return [await throttle.preprocess(None, state("browser-a"), None) for _ in range(4)]

    results = asyncio.run(run())
    assert results[:3] == [None, None, None]
    # A toast (through state, see components/flash.py) instead of the handler.
    refused = results[3]
    assert refused is not None and not refused.events
    flash = refused.delta["session"]["flash"]
    assert flash.level == "error" and "Too many" in flash.message, flash
    # A fresh client token from the same address does not reset the count ...
    assert asyncio.run(throttle.preprocess(None, state("browser-new"), None)) is not None
    # ... while another address is unaffected.
    other = asyncio.run(throttle.preprocess(None, state("browser-b", "198.51.100.2"), None))
    assert other is None


def test_ui_service_calls_run_off_the_event_loop() -> None:
    """bcrypt takes ~250 ms: the UI runs every service call in a worker thread."""
    import threading

    from tra_da.state.forms import FormState

    seen: dict[str, bool] = {}

    def service() -> str:
        seen["main"] = threading.current_thread() is threading.main_thread()
        return "ok"

    dummy = SimpleNamespace(error="", notice="", lang="en")
    assert asyncio.run(FormState._call(dummy, service)) == "ok"  # type: ignore[arg-type]
    assert seen == {"main": False}


def test_rest_auth_handlers_run_in_the_thread_pool() -> None:
    """FastAPI runs plain `def` handlers in its thread pool, never on the event loop."""
    import inspect

    from tra_da.api import auth as auth_routes

    for route in auth_routes.router.routes:
        assert not inspect.iscoroutinefunction(route.endpoint), route.path  # type: ignore[attr-defined]


def test_in_memory_counters_are_swept_once_a_second_and_still_count_right(settings_env) -> None:
    """limits' own sweep walks every counter every 10 ms while anything is counted (a thread
    holding the GIL beside the event loop); ours waits a second. Counting never relied on it."""
    import time

    settings_env(REDIS_URL="")
    ratelimit._limiter.cache_clear()
    storage = ratelimit.limiter().storage
    time.sleep(0.05)  # the timer started with the storage has run
    for _ in range(2):
        ratelimit.hit("2/second", "sweep-test", "a")
    assert storage.timer.interval >= 1.0 and storage.timer.daemon
    with pytest.raises(RateLimited):
        ratelimit.hit("2/second", "sweep-test", "a")
    time.sleep(1.1)
    ratelimit.hit("2/second", "sweep-test", "a")  # the window moved on: counted again
    ratelimit._limiter.cache_clear()
