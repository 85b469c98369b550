"""CORS: only CORS_ORIGINS (default: PUBLIC_URL's origin) may call the API with credentials."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tra_da.settings import Settings

ALLOWED = "http://testserver"  # PUBLIC_URL in the test environment (tests/conftest.py)


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://testserver.evil"])
def test_other_origins_get_no_cors_headers(client: TestClient, origin: str) -> None:
    simple = client.get("/api/health", headers={"Origin": origin})
    assert simple.status_code == 200
    assert "access-control-allow-origin" not in simple.headers
    assert "access-control-allow-credentials" not in simple.headers
    preflight = client.options(
        "/api/auth/me",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert preflight.status_code == 400
    assert "access-control-allow-origin" not in preflight.headers
    assert "access-control-allow-credentials" not in preflight.headers


def test_the_public_origin_is_admitted_with_credentials(client: TestClient) -> None:
    simple = client.get("/api/health", headers={"Origin": ALLOWED})
    assert simple.headers["access-control-allow-origin"] == ALLOWED
    assert simple.headers["access-control-allow-credentials"] == "true"
    preflight = client.options(
        "/api/auth/me",
        headers={"Origin": ALLOWED, "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == ALLOWED


def test_cors_origins_setting() -> None:
    assert Settings(public_url="https://trada.vn/app", app_env="test").cors_origin_list() == [
        "https://trada.vn"
    ]
    listed = Settings(cors_origins="https://a.example, https://b.example/,null,*")
    assert listed.cors_origin_list() == ["https://a.example", "https://b.example"]
    dev = Settings(public_url="http://localhost:3000", app_env="development")
    assert dev.cors_origin_list() == ["http://localhost:3000", "http://127.0.0.1:3000"]
