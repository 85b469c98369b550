"""Per-address limit on REST requests (RATE_LIMIT_API); sign-in has its own, stricter limit."""

from __future__ import annotations

from fastapi import Request

from tra_da.api.deps import client_ip
from tra_da.services import ratelimit
from tra_da.settings import get_settings

# Load balancers poll health; Stripe's webhook is authenticated by its signature and retried
# by Stripe, so throttling it by address would only delay payments being confirmed.
EXEMPT = ("/api/health", "/api/payments/stripe/webhook", "/metrics")


async def limit_api(request: Request) -> None:
    """Every /api request, counted on the event loop (a sync dependency would cost a thread hop
    per request): in memory a dictionary update, on Redis one awaited round trip."""
    if request.url.path in EXEMPT:
        return
    keys = ("api", client_ip(request) or "unknown")
    await ratelimit.hit_on_loop(get_settings().rate_limit_api, *keys)
