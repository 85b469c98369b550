"""Every REST route known so far × every kind of caller → the status they get.

Later capabilities add their routes to ROUTES; a route missing from here fails the test below.
"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.api.helpers import PASSWORD, Person, make_user, sign_in

CALLERS = ("signed_out", "mentee", "other_mentee", "mentor", "admin")

# (method, path, body factory, expected status per caller)
ROUTES: list[tuple[str, str, object, dict[str, int]]] = [
    ("GET", "/api/health", None, dict.fromkeys(CALLERS, 200)),
    (
        "GET",
        "/api/auth/me",
        None,
        {"signed_out": 401, "mentee": 200, "other_mentee": 200, "mentor": 200, "admin": 200},
    ),
    (
        "POST",
        "/api/auth/register",
        lambda caller: {"email": f"new-{caller}@example.com", "password": PASSWORD, "name": "Mới"},
        dict.fromkeys(CALLERS, 201),
    ),
    (
        "POST",
        "/api/auth/login",
        lambda caller: {"email": "mentee@example.com", "password": PASSWORD},
        dict.fromkeys(CALLERS, 200),
    ),
    (
        "POST",
        "/api/auth/refresh",
        lambda caller: {"refresh_token": "fresh"},
        {"signed_out": 401, "mentee": 200, "other_mentee": 200, "mentor": 200, "admin": 200},
    ),
    ("GET", "/api/import-samples/{kind}.csv", None, dict.fromkeys(CALLERS, 200)),
    (
        "POST",
        "/api/auth/logout",
        lambda caller: {"refresh_token": "fresh"},
        {"signed_out": 401, "mentee": 204, "other_mentee": 204, "mentor": 204, "admin": 204},
    ),
]


def _people(client: TestClient) -> dict[str, Person | None]:
    make_user("mentee@example.com", "mentee")
    return {
        "signed_out": None,
        "mentee": sign_in(client, "mentee@example.com"),
        "other_mentee": sign_in(client, "other@example.com", "mentee"),
        "mentor": sign_in(client, "mentor@example.com", "mentor"),
        "admin": sign_in(client, "admin@example.com", "admin"),
    }


@pytest.mark.parametrize("route", ROUTES, ids=[f"{m} {p}" for m, p, _, _ in ROUTES])
def test_access_matrix(client: TestClient, route: tuple) -> None:
    method, path, body, expected = route
    people = _people(client)
    for caller in CALLERS:
        person = people[caller]
        # Each call gets a fresh session so logout/refresh rows do not depend on order.
        if person is not None:
            person = sign_in(client, person.email)
        payload = body(caller) if callable(body) else None
        if payload and payload.get("refresh_token") == "fresh":
            payload = {"refresh_token": person.refresh if person else "unknown-token"}
        headers = person.headers if person else {}
        url = path.replace("{kind}", "mentors")
        response = client.request(method, url, json=payload, headers=headers)
        assert response.status_code == expected[caller], (caller, method, path, response.text)


def test_every_api_route_is_in_the_matrix(asgi_app: object) -> None:
    from tra_da.api.app import create_api

    known = {(m, p) for m, p, _, _ in ROUTES}
    for route in create_api().routes:
        methods = getattr(route, "methods", None) or set()
        path = getattr(route, "path", "")
        if not path.startswith("/api/") or "{path" in path or path.startswith("/api/docs"):
            continue
        if path in ("/api/openapi.json",) or path.startswith("/api/auth/google"):
            continue  # documentation, and browser redirects tested in test_google
        for method in methods - {"HEAD"}:
            assert (method, path) in known, f"add {method} {path} to the access matrix"
