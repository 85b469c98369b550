"""Error reports reach Sentry without secrets; JSON logs carry request id, route, status, time.

Sentry is pointed at a local envelope receiver (a tiny HTTP server on loopback), the same way a
real DSN would be used: http://key@127.0.0.1:PORT/1.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import threading
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from starlette.testclient import TestClient

from tests.api.helpers import PASSWORD, sign_in
from tra_da import observability

SECRET_PASSWORD = "hunter2-Correct-Horse-7"  # noqa: S105


class Receiver:
    def __init__(self) -> None:
        self.envelopes: list[str] = []
        self.url = ""

    def wait_for(self, needle: str, timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for envelope in self.envelopes:
                if needle in envelope:
                    return envelope
            time.sleep(0.05)
        raise AssertionError(f"no event with {needle!r} arrived; got {self.envelopes!r}")


@pytest.fixture
def sentry(monkeypatch: pytest.MonkeyPatch) -> Iterator[Receiver]:
    import sentry_sdk

    from tra_da.settings import get_settings

    receiver = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            encoding = self.headers.get("Content-Encoding", "")
            if encoding == "gzip":
                body = gzip.decompress(body)
            elif encoding == "deflate":
                body = zlib.decompress(body)
            elif encoding == "br":  # the SDK prefers brotli when the module is installed
                import brotli

                body = brotli.decompress(body)
            receiver.envelopes.append(body.decode("utf-8", "replace"))
            self.send_response(200)
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    receiver.url = f"http://public-key@127.0.0.1:{server.server_address[1]}/1"
    monkeypatch.setenv("SENTRY_DSN", receiver.url)
    get_settings.cache_clear()
    assert observability.init_sentry()
    try:
        yield receiver
    finally:
        sentry_sdk.flush(timeout=5)
        sentry_sdk.get_client().close()
        observability._sentry_on = False
        server.shutdown()
        server.server_close()
        monkeypatch.delenv("SENTRY_DSN")
        get_settings.cache_clear()


def test_a_server_error_reaches_sentry_without_the_password(
    client: TestClient, sentry: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tra_da.services import auth

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("forced failure for the error-report test")

    monkeypatch.setattr(auth, "authenticate", broken)
    response = client.post(
        "/api/auth/login",
        json={"email": "someone@example.com", "password": SECRET_PASSWORD},
        headers={"X-Request-ID": "req-sentry-0001"},
    )
    assert response.status_code == 500
    assert response.json()["error"]["request_id"] == "req-sentry-0001"
    import sentry_sdk

    sentry_sdk.flush(timeout=5)
    envelope = sentry.wait_for("forced failure for the error-report test")
    assert "req-sentry-0001" in envelope  # the request id is a tag
    assert SECRET_PASSWORD not in envelope
    assert "hunter2" not in envelope


def test_a_signed_in_callers_error_names_the_user_not_the_token(
    client: TestClient, sentry: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tra_da.services import accounts

    person = sign_in(client, "an@example.com", "mentee")

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError(f"profile failure while holding {person.access}")

    monkeypatch.setattr(accounts, "profile_of", broken)
    assert client.get("/api/auth/me", headers=person.headers).status_code == 500
    import sentry_sdk

    sentry_sdk.flush(timeout=5)
    envelope = sentry.wait_for("profile failure")
    event = json.loads(next(line for line in envelope.splitlines() if "profile failure" in line))
    assert event["user"] == {"id": str(person.user_id)}
    assert person.access not in envelope and person.refresh not in envelope
    assert PASSWORD not in envelope


def test_reflex_event_handler_errors_are_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    reported: list[BaseException] = []
    monkeypatch.setattr(observability, "report_exception", reported.append)
    from tra_da.state import failures

    error = ValueError("an event handler broke")
    failures.backend_exception_handler(error)  # the app's handler (tra_da/tra_da.py)
    assert reported == [error]


def test_the_scrubber_removes_secrets_wherever_they_are() -> None:
    event = {
        "request": {
            "headers": {"Authorization": "Bearer abc.def.ghi", "Cookie": "td=1", "Accept": "x"},
            "data": {"email": "a@b.c", "password": "p4ss", "refresh_token": "r"},
            "cookies": {"td": "1"},
        },
        "extra": {"note": "token eyJhbGciOi.eyJzdWIiOjF9.sig-nature in a message"},
        "breadcrumbs": {"values": [{"data": {"stripe_signature": "t=1,v1=x"}}]},
    }
    cleaned = observability.before_send(event, {})
    text = json.dumps(cleaned)
    for secret in ("abc.def.ghi", "td=1", "p4ss", '"r"', "eyJhbGciOi", "v1=x"):
        assert secret not in text, secret
    assert cleaned["request"]["data"]["email"] == "a@b.c"
    assert cleaned["request"]["headers"]["Accept"] == "x"


def test_json_logs_carry_request_id_route_status_and_duration(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(observability.JsonFormatter())
    access = logging.getLogger("tra_da.access")
    level = access.level
    access.setLevel(logging.INFO)
    access.addHandler(handler)
    try:
        person = sign_in(client, "an@example.com", "mentee")
        client.get("/api/mentors/42", headers={**person.headers, "X-Request-ID": "req-log-00001"})
    finally:
        access.removeHandler(handler)
        access.setLevel(level)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    entry = next(line for line in lines if line.get("request_id") == "req-log-00001")
    assert entry["route"] == "/api/mentors/{mentor_id}"
    assert entry["status"] == 404
    assert entry["method"] == "GET" and entry["path"] == "/api/mentors/42"
    assert isinstance(entry["duration_ms"], float)
    assert entry["user_id"] == person.user_id
    login = next(line for line in lines if line.get("path") == "/api/auth/login")
    assert PASSWORD not in json.dumps(login)


def test_a_ui_actions_unexpected_error_is_reported_with_its_user(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reflex event handlers call services through work.as_signed_in: an unexpected error there
    is reported where the user is known (ServiceErrors are answers, not reported)."""
    from tra_da import db
    from tra_da.request_context import current_user_id
    from tra_da.services import accounts, auth
    from tra_da.services.errors import Invalid
    from tra_da.state import work

    seen: list[tuple[BaseException, int | None]] = []
    monkeypatch.setattr(work, "report_exception", lambda exc: seen.append((exc, current_user_id())))
    with db.session() as session:
        user = accounts.create_user(
            session, email="lan@example.com", name="Lan", role="mentor", password=PASSWORD
        )
        token = auth.open_web_session(session, user)
        session.commit()
        user_id = user.id

    def broken(_db: object, _actor: object) -> None:
        raise RuntimeError("a UI action broke")

    def refused(_db: object, _actor: object) -> None:
        raise Invalid("not like that")

    with pytest.raises(RuntimeError):
        work.as_signed_in(token, broken, ())
    with pytest.raises(Invalid):
        work.as_signed_in(token, refused, ())
    assert [(str(exc), uid) for exc, uid in seen] == [("a UI action broke", user_id)]
