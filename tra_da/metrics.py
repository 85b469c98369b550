"""Prometheus metrics: what an operator watches to see overload coming (served at /metrics).

- trada_http_requests_total / trada_http_request_duration_seconds: per route template (the
  REST routes by their declared path, everything else by kind: page, static, event, upload),
  so the label set stays small whatever the URLs are;
- trada_db_connections_in_use / trada_db_pool_size: per pool (web, relay, health);
- trada_admission_in_flight, trada_admission_waiting, trada_admission_limit and
  trada_admission_shed_total (per front: api, ui);
- trada_reflex_events_total: UI events received, per handler;
- trada_outbox_backlog and trada_outbox_oldest_age_seconds, read when scraped.

Each worker process counts for itself (scrape each, or run one worker per container).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterator

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram
from prometheus_client import generate_latest as _generate
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from tra_da import admission, db
from tra_da.admission import ASGIApp, Message, Receive, Scope, Send

REGISTRY = CollectorRegistry(auto_describe=True)

REQUESTS = Counter(
    "trada_http_requests",
    "HTTP requests answered, by route template, method and status.",
    ["route", "method", "status"],
    registry=REGISTRY,
)
LATENCY = Histogram(
    "trada_http_request_duration_seconds",
    "Time from request to the end of the response, by route template.",
    ["route", "method"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=REGISTRY,
)
EVENTS = Counter(
    "trada_reflex_events",
    "UI events received over the websocket, by handler.",
    ["handler"],
    registry=REGISTRY,
)


class _LiveGauges(Collector):
    """Values read at scrape time: pools, the admission gate, the outbox."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        in_use = GaugeMetricFamily(
            "trada_db_connections_in_use", "Checked-out database connections.", labels=["pool"]
        )
        sizes = GaugeMetricFamily(
            "trada_db_pool_size", "Connections each pool may hold.", labels=["pool"]
        )
        for pool, size in db.pool_sizes().items():
            sizes.add_metric([pool], size)
        for pool, count in db.connections_in_use().items():
            in_use.add_metric([pool], count)
        yield in_use
        yield sizes

        gate = admission.gate()
        yield GaugeMetricFamily(
            "trada_admission_limit", "Units of work admitted at once.", value=gate.limit
        )
        yield GaugeMetricFamily(
            "trada_admission_in_flight", "Units of work running now.", value=gate.in_use
        )
        yield GaugeMetricFamily(
            "trada_admission_waiting", "Callers queued for a place.", value=gate.queued
        )
        shed = GaugeMetricFamily(
            "trada_admission_shed_total",
            "Callers refused because the worker was full (503 / busy toast).",
            labels=["front"],
        )
        for front, count in sorted(gate.shed.items()):
            shed.add_metric([front], count)
        yield shed

        backlog, age = _outbox_backlog
        yield GaugeMetricFamily(
            "trada_outbox_backlog", "Outbox rows waiting for delivery.", value=backlog
        )
        yield GaugeMetricFamily(
            "trada_outbox_oldest_age_seconds",
            "Age of the oldest row waiting for delivery.",
            value=age,
        )


_outbox_backlog: tuple[int, float] = (0, 0.0)
REGISTRY.register(_LiveGauges())


# How to read the outbox backlog, handed in by the front that serves /metrics (api/metrics.py):
# infrastructure knows no service.
BacklogReader = Callable[[], tuple[int, float]]
_backlog_reader: list[BacklogReader] = []


def read_backlog_with(reader: BacklogReader) -> None:
    _backlog_reader[:] = [reader]


def route_label(scope: Scope) -> str:
    """The route's template for REST routes; a small fixed set of kinds for the rest."""
    route = scope.get("route")
    template = getattr(route, "path", None)
    path: str = scope.get("path", "")
    if template and path.startswith("/api"):
        return str(template)
    if path.startswith("/api"):
        return "/api (not routed)"  # refused before routing (busy, too large) or unknown
    if path.startswith("/_event"):
        return "event"
    if path.startswith("/_upload"):
        return "upload"
    if path == "/metrics":
        return "/metrics"
    if "." in path.rsplit("/", 1)[-1]:
        return "static"
    return "page"


class MetricsMiddleware:
    """Counts and times every HTTP request (websocket traffic is counted per UI event)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            route = route_label(scope)
            method = scope.get("method", "GET")
            REQUESTS.labels(route, method, str(status)).inc()
            LATENCY.labels(route, method).observe(time.perf_counter() - started)


def count_event(name: str) -> None:
    EVENTS.labels(name.rsplit(".", 1)[-1] if name else "unknown").inc()


CONTENT_TYPE = CONTENT_TYPE_LATEST


async def render() -> bytes:
    """The exposition text; the outbox is read now (at most 2 s, else the last reading)."""
    global _outbox_backlog
    with contextlib.suppress(Exception):
        for reader in _backlog_reader:
            _outbox_backlog = await asyncio.wait_for(asyncio.to_thread(reader), 2)
    return _generate(REGISTRY)
