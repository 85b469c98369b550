"""Per-address limit on REST requests (RATE_LIMIT_API); sign-in has its own, stricter limit."""

from __future__ import annotations

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from tra_da.api.deps import client_ip
from tra_da.services import ratelimit
from tra_da.settings import get_settings

# Load balancers poll health; Stripe's webhook is authenticated by its signature and retried
# by Stripe, so throttling it by address would only delay payments being confirmed.
EXEMPT = ("/api/health", "/api/payments/stripe/webhook", "/metrics")


async def limit_api(request: Request) -> None:
    """Every /api request. Async: counters in memory are a few microseconds of work, done on the
    event loop rather than in a thread of the pool (a sync dependency costs a thread hop per
    request); counters in Redis are a network round trip, so those go to the pool."""
    if request.url.path in EXEMPT:
        return
    settings = get_settings()
    keys = ("api", client_ip(request) or "unknown")
    if settings.redis_url:
        await run_in_threadpool(ratelimit.hit, settings.rate_limit_api, *keys)
    else:
        ratelimit.hit(settings.rate_limit_api, *keys)
