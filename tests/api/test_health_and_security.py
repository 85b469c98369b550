"""Health, security headers, body limits and the error object, seen from an HTTP client."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tra_da.api import health
from tra_da.services import system
from tra_da.settings import get_settings

SECURITY_HEADERS = {
    "content-security-policy": "frame-ancestors 'none'",
    "strict-transport-security": "max-age=",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
}


def test_health_reports_the_database(client: TestClient) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["db"] == "ok"


def test_health_is_503_when_the_database_is_down(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u:p@127.0.0.1:1/gone")
    get_settings.cache_clear()
    response = client.get("/api/health")
    assert response.status_code == 503
    assert response.json()["db"] == "down"


def test_health_asks_the_database_at_most_once_a_second_while_it_answers(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    answers = iter(["ok", "down", "down", "ok"])

    def probe() -> system.Health:
        asked.append("probe")
        database = next(answers)
        return system.Health(ok=database == "ok", database=database, version="t")

    monkeypatch.setattr(system, "health", probe)
    monkeypatch.setattr(health, "_answered_ok", {})
    assert client.get("/api/health").json()["db"] == "ok"
    assert client.get("/api/health").json()["db"] == "ok"  # within the second: not asked
    assert len(asked) == 1
    monkeypatch.setattr(health, "FRESH_SECONDS", 0.0)  # the second has passed
    assert client.get("/api/health").status_code == 503
    monkeypatch.setattr(health, "FRESH_SECONDS", 1.0)
    # "down" is never remembered: asked again at once, and the recovery shows at once.
    assert client.get("/api/health").status_code == 503
    assert client.get("/api/health").json()["db"] == "ok"
    assert len(asked) == 4


def test_security_headers_on_api_responses(client: TestClient) -> None:
    for path in ("/api/health", "/api/does-not-exist"):
        response = client.get(path)
        for header, fragment in SECURITY_HEADERS.items():
            assert fragment in response.headers.get(header, ""), (path, header)
    csp = client.get("/api/health").headers["content-security-policy"]
    # This origin and the websocket the UI runs on (PUBLIC_URL's host), nothing else.
    assert "connect-src 'self' ws://testserver;" in csp
    assert "unsafe-eval" not in csp


def test_every_response_carries_a_request_id(client: TestClient) -> None:
    generated = client.get("/api/health").headers["x-request-id"]
    assert len(generated) >= 16
    echoed = client.get("/api/health", headers={"X-Request-ID": "trace-12345678"})
    assert echoed.headers["x-request-id"] == "trace-12345678"
    hostile = client.get("/api/health", headers={"X-Request-ID": "<script>"})
    assert hostile.headers["x-request-id"] != "<script>"


def test_json_bodies_over_100_kb_get_413(client: TestClient) -> None:
    big = b'{"x": "' + b"a" * (101 * 1024) + b'"}'
    response = client.post("/api/health", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "payload_too_large" and "KB" in error["message"]
    assert response.headers["x-frame-options"] == "DENY"


def test_body_limit_holds_without_content_length(client: TestClient) -> None:
    def chunks():
        for _ in range(30):
            yield b"a" * 4096

    response = client.post("/api/does-not-exist", content=chunks())
    assert response.status_code == 413


def test_small_bodies_pass_the_limit(client: TestClient) -> None:
    response = client.post("/api/does-not-exist", json={"ok": True})
    assert response.status_code == 404


def test_unknown_api_routes_answer_with_the_error_object(client: TestClient) -> None:
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_found" and "/api/docs" in error["message"]
    assert error["request_id"] == response.headers["x-request-id"]


def test_wrong_method_is_an_error_object(client: TestClient) -> None:
    response = client.delete("/api/health")
    assert response.status_code in (404, 405)
    assert "error" in response.json()


def test_unexpected_errors_are_sanitised_and_logged(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from tra_da.services import system

    def explode() -> None:
        raise RuntimeError("secret internals: password=hunter2")

    monkeypatch.setattr(system, "health", explode)
    response = client.get("/api/health")
    assert response.status_code == 500
    body = response.text
    assert "hunter2" not in body and "Traceback" not in body
    error = response.json()["error"]
    assert error["code"] == "internal_error"
    assert error["request_id"] in caplog.text


def test_openapi_and_docs_are_served_locally(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert "/api/health" in spec["paths"]
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "/api/docs/assets/swagger-ui-bundle.js" in docs.text
    assert client.get("/api/docs/assets/swagger-ui-bundle.js").status_code == 200


def test_uploads_are_size_limited_before_any_handler(client: TestClient) -> None:
    response = client.post(
        "/_upload",
        content=b"x" * (3 * 1024 * 1024 + 1),
        headers={"content-type": "multipart/form-data; boundary=x"},
    )
    assert response.status_code == 413


def test_the_api_sees_the_client_behind_a_trusted_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from tra_da.api.deps import client_ip

    request = SimpleNamespace(
        headers={"x-forwarded-for": "203.0.113.7, 10.0.0.2"},
        client=SimpleNamespace(host="10.0.0.2"),
    )
    assert client_ip(request) == "10.0.0.2"  # type: ignore[arg-type]  (no hops trusted)
    monkeypatch.setenv("REFLEX_TRUSTED_PROXY_HOPS", "1")
    from reflex.config import get_config

    get_config(reload=True)
    try:
        assert client_ip(request) == "10.0.0.2"  # type: ignore[arg-type]
        request.headers = {"x-forwarded-for": "203.0.113.7"}
        assert client_ip(request) == "203.0.113.7"  # type: ignore[arg-type]
    finally:
        monkeypatch.delenv("REFLEX_TRUSTED_PROXY_HOPS")
        get_config(reload=True)


def test_every_api_route_is_rate_limited_but_health(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RATE_LIMIT_API", "2/minute")
    get_settings.cache_clear()
    statuses = [client.get("/api/docs").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get("/api/nothing").status_code == 429
    assert client.get("/api/health").status_code == 200


def test_api_limit_counts_in_redis_when_configured(
    client: TestClient, redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With REDIS_URL the count is leased from Redis on the event loop (services/leases.py) and
    shared by every worker; over the limit the answer is 429 with Retry-After, as in memory."""
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("RATE_LIMIT_API", "2/minute")
    get_settings.cache_clear()
    answers = [client.get("/api/docs") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    refused = answers[-1]
    # A sliding window counter: this minute's two requests fade over the next one, so a place
    # frees up to a minute and a half ahead (the rest of this minute, then half the next).
    assert 1 <= int(refused.headers["retry-after"]) <= 90
    assert "Wait" in refused.json()["error"]["message"]
    assert client.get("/api/health").status_code == 200
