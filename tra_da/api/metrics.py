"""GET /metrics: public only with METRICS_PUBLIC=true; otherwise it needs `Authorization: Bearer
<METRICS_TOKEN>` or a caller on the loopback address (after trusted proxy hops)."""

from __future__ import annotations

import hmac
import ipaddress
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from reflex.config import get_config

from tra_da import db, metrics
from tra_da.api.deps import client_ip
from tra_da.api.errors import error_response
from tra_da.services import outbox
from tra_da.settings import get_settings

router = APIRouter(include_in_schema=False)


def _outbox_backlog() -> tuple[int, float]:
    with db.using_pool("health"), db.session() as session:
        return outbox.backlog(session)


metrics.read_backlog_with(_outbox_backlog)


def _allowed(request: Request) -> bool:
    settings = get_settings()
    if settings.metrics_public:
        return True
    header = request.headers.get("authorization", "")
    if settings.metrics_token and header.lower().startswith("bearer "):
        return hmac.compare_digest(header[7:].strip(), settings.metrics_token)
    try:
        loopback = ipaddress.ip_address(client_ip(request) or "").is_loopback
    except ValueError:
        return False
    # A proxy on this host makes every caller look local: a request that came through one
    # (forwarding headers present) counts as local only when the proxy hops are trusted.
    proxied = any(h in request.headers for h in ("x-forwarded-for", "forwarded", "x-real-ip"))
    return loopback and (not proxied or bool(get_config().trusted_proxy_hops))


@router.get("/metrics")
async def get_metrics(request: Request) -> Any:
    if not _allowed(request):
        return error_response(
            403,
            "forbidden",
            "Metrics are private: send 'Authorization: Bearer <METRICS_TOKEN>', scrape from "
            "this host, or set METRICS_PUBLIC=true.",
        )
    return Response(await metrics.render(), media_type=metrics.CONTENT_TYPE)
