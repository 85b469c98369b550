"""Every REST route is reached by its own router: none is answered by a router matched before
it (tra_da/api/app.py matches them in order, so a new order must not shadow a route)."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import Match

from tra_da.api.app import API_ROUTERS, create_api

# A sample value per path parameter: "7" for ids, a word where the path itself reads one.
SAMPLES = {"token": "a1b2c3", "kind": "mentees"}


def _sample_path(path: str) -> str:
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: SAMPLES.get(m.group(1), "7"), path)


CASES = [
    pytest.param(router, route, method, id=f"{method} {route.path}")
    for router in API_ROUTERS
    for route in router.routes
    if isinstance(route, APIRoute)
    for method in sorted(route.methods)
]


@pytest.fixture(scope="module")
def api() -> FastAPI:
    return create_api()


@pytest.mark.parametrize(("router", "route", "method"), CASES)
def test_each_route_is_reached_by_its_own_router(
    api: FastAPI, router: object, route: APIRoute, method: str
) -> None:
    """E.g. /api/mentors/me/mentees (session logs) is not read as the mentor with id 'me'."""
    scope = {
        "type": "http",
        "path": _sample_path(route.path),
        "method": method,
        "root_path": "",
        "query_string": b"",
        "headers": [],
    }
    first = next(entry for entry in api.router.routes if entry.matches(scope)[0] == Match.FULL)
    assert getattr(first, "original_router", None) is router, (
        f"{method} {scope['path']} is answered before its own router"
    )
