"""Google Calendar adapter against the client library's own offline hooks.

``build("calendar", "v3", http=HttpMockSequence([...]))`` uses the discovery document packaged with
google-api-python-client, so nothing here touches the network. HttpMockSequence answers the
requests in order and keeps each one in ``request_sequence`` as (uri, method, body, headers), which
is what the assertions read. Token requests of the credential tests go through the same sequence.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import httplib2
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from googleapiclient.discovery import build
from googleapiclient.http import HttpMockSequence

from tra_da.integrations import google_calendar as gc
from tra_da.integrations.google_calendar import (
    CalendarAuthError,
    CalendarClient,
    CalendarError,
    CalendarRetryLater,
    EventSpec,
    event_id_for,
)

EVENTS = "/calendar/v3/calendars/primary/events"
TOKEN_URI = "https://oauth2.example.test/token"
MEET = "https://meet.google.com/abc-defg-hij"
KEY = b"installation-secret"
EVENT_ID = event_id_for(42, KEY)


def reply(status: int, body: Any = None) -> tuple[dict[str, str], str]:
    return {"status": str(status)}, "" if body is None else json.dumps(body)


def google_error(status: int, reason: str, message: str = "error") -> tuple[dict[str, str], str]:
    """An error body shaped like the Calendar API's (error.errors[].reason)."""
    errors = [{"domain": "global", "reason": reason, "message": message}]
    return reply(status, {"error": {"errors": errors, "code": status, "message": message}})


def event(link: str | None = MEET, status: str | None = "success") -> dict[str, Any]:
    """An event resource as Google returns it after a Meet create request."""
    body: dict[str, Any] = {"id": EVENT_ID, "status": "confirmed"}
    if status is not None:
        body["conferenceData"] = {
            "createRequest": {
                "requestId": EVENT_ID,
                "conferenceSolutionKey": {"type": "hangoutsMeet"},
                "status": {"statusCode": status},
            }
        }
    if link:
        body["hangoutLink"] = link
        body["conferenceData"]["entryPoints"] = [{"entryPointType": "video", "uri": link}]
    return body


def spec(**changes: Any) -> EventSpec:
    fields: dict[str, Any] = {
        "event_id": EVENT_ID,
        "summary": "Trà Đá: Lan & Minh",
        "description": "Career chat",
        "start": datetime(2026, 12, 1, 2, 0, tzinfo=UTC),
        "end": datetime(2026, 12, 1, 3, 0, tzinfo=UTC),
        "attendees": ("mentor@example.com", "mentee@example.com"),
        "time_zone": "Asia/Ho_Chi_Minh",
    }
    fields.update(changes)
    return EventSpec(**fields)


class Sleeps:
    """Stands in for time.sleep and remembers the delays asked for."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def client_with(*responses: tuple[dict[str, str], str], polls: int = 3):
    """A client over a credential-less service answering ``responses`` in order."""
    http = HttpMockSequence(list(responses))
    service = build("calendar", "v3", http=http, cache_discovery=False, static_discovery=True)
    sleeps = Sleeps()
    client = CalendarClient(service, conference_polls=polls, poll_delay=0.5, sleep=sleeps)
    return client, http, sleeps


def sent(http: HttpMockSequence) -> list[tuple[str, str, dict[str, list[str]], Any]]:
    """(method, path, query, JSON body or None) of every request the mock answered."""
    out = []
    for uri, method, body, _headers in http.request_sequence:
        parts = urlsplit(uri)
        out.append((method, parts.path, parse_qs(parts.query), json.loads(body) if body else None))
    return out


# --- event ids ---------------------------------------------------------------------------------


def test_event_id_is_deterministic_valid_and_keyed() -> None:
    first = event_id_for(42, KEY)
    assert first == event_id_for(42, KEY)
    assert 5 <= len(first) <= 1024
    assert set(first) <= set("abcdefghijklmnopqrstuv0123456789")
    assert first != event_id_for(43, KEY)
    assert first != event_id_for(42, b"another-installation")
    # Accepted by EventSpec, which applies Google's rule.
    assert spec(event_id=first).event_id == first


def test_event_id_needs_a_key() -> None:
    with pytest.raises(ValueError):
        event_id_for(42, b"")


@pytest.mark.parametrize(
    "changes",
    [
        {"event_id": "UPPER-case"},
        {"event_id": "abcw1"},  # w is outside base32hex
        {"event_id": "abc"},  # too short
        {"start": datetime(2026, 12, 1, 2, 0)},  # naive
        {"end": datetime(2026, 12, 1, 1, 0, tzinfo=UTC)},  # before start
        {"time_zone": "Mars/Olympus"},
    ],
)
def test_event_spec_rejects_bad_values(changes: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        spec(**changes)


# --- create -------------------------------------------------------------------------------------


def test_create_sends_id_attendees_and_meet_request() -> None:
    client, http, _ = client_with(reply(200, event()))

    assert client.create(spec()) == MEET

    [(method, path, query, body)] = sent(http)
    assert (method, path) == ("POST", EVENTS)
    assert query["conferenceDataVersion"] == ["1"]
    assert query["sendUpdates"] == ["none"]
    assert body["id"] == EVENT_ID
    assert body["attendees"] == [{"email": "mentor@example.com"}, {"email": "mentee@example.com"}]
    assert body["conferenceData"]["createRequest"] == {
        "requestId": EVENT_ID,
        "conferenceSolutionKey": {"type": "hangoutsMeet"},
    }
    assert body["start"] == {
        "dateTime": "2026-12-01T02:00:00+00:00",
        "timeZone": "Asia/Ho_Chi_Minh",
    }
    assert body["end"]["dateTime"] == "2026-12-01T03:00:00+00:00"
    assert (body["summary"], body["description"]) == ("Trà Đá: Lan & Minh", "Career chat")


def test_create_converts_other_offsets_to_utc() -> None:
    client, http, _ = client_with(reply(200, event()))
    hanoi = datetime(2026, 12, 1, 9, 0, tzinfo=UTC).astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    client.create(spec(start=hanoi, end=hanoi + timedelta(hours=1)))
    body = sent(http)[0][3]
    assert body["start"]["dateTime"] == "2026-12-01T09:00:00+00:00"


def test_create_reads_the_video_entry_point_without_hangout_link() -> None:
    resource = event()
    del resource["hangoutLink"]
    resource["conferenceData"]["entryPoints"].insert(
        0, {"entryPointType": "phone", "uri": "tel:+1-555-0100"}
    )
    client, _, _ = client_with(reply(200, resource))
    assert client.create(spec()) == MEET


def test_create_after_lost_response_patches_the_existing_event() -> None:
    client, http, _ = client_with(
        google_error(409, "duplicate", "The requested identifier already exists."),
        reply(200, event()),  # get
        reply(200, event()),  # patch
    )

    assert client.create(spec(summary="Updated")) == MEET

    requests = sent(http)
    assert [(m, p) for m, p, _, _ in requests] == [
        ("POST", EVENTS),
        ("GET", f"{EVENTS}/{EVENT_ID}"),
        ("PATCH", f"{EVENTS}/{EVENT_ID}"),
    ]
    _, _, query, body = requests[2]
    assert query["conferenceDataVersion"] == ["1"]
    assert body["summary"] == "Updated"
    assert body["status"] == "confirmed"
    # The event already has its conference: the patch does not ask for another one.
    assert "conferenceData" not in body


def test_create_after_409_adds_the_conference_if_the_event_has_none() -> None:
    client, http, _ = client_with(
        google_error(409, "duplicate"),
        reply(200, event(link=None, status=None)),
        reply(200, event()),
    )
    assert client.create(spec()) == MEET
    patch_body = sent(http)[2][3]
    assert patch_body["conferenceData"]["createRequest"]["requestId"] == EVENT_ID


def test_pending_conference_is_polled_until_it_resolves() -> None:
    client, http, sleeps = client_with(
        reply(200, event(link=None, status="pending")),
        reply(200, event(link=None, status="pending")),
        reply(200, event()),
    )

    assert client.create(spec()) == MEET

    assert [m for m, _, _, _ in sent(http)] == ["POST", "GET", "GET"]
    assert sleeps.calls == [0.5, 0.5]


def test_conference_pending_forever_asks_to_retry_later() -> None:
    pending = reply(200, event(link=None, status="pending"))
    client, http, sleeps = client_with(pending, pending, pending, polls=2)

    with pytest.raises(CalendarRetryLater, match="pending"):
        client.create(spec())

    assert [m for m, _, _, _ in sent(http)] == ["POST", "GET", "GET"]
    assert len(sleeps.calls) == 2


def test_failed_conference_is_a_permanent_error() -> None:
    client, _, sleeps = client_with(reply(200, event(link=None, status="failure")))
    with pytest.raises(CalendarError, match="failure"):
        client.create(spec())
    assert sleeps.calls == []


# --- move ---------------------------------------------------------------------------------------


def test_move_patches_the_same_event() -> None:
    client, http, _ = client_with(reply(200, event()))
    later = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)

    assert client.move(spec(start=later, end=later + timedelta(hours=1))) == MEET

    [(method, path, query, body)] = sent(http)
    assert (method, path) == ("PATCH", f"{EVENTS}/{EVENT_ID}")
    assert query["conferenceDataVersion"] == ["1"]
    assert query["sendUpdates"] == ["none"]
    assert body["start"]["dateTime"] == "2026-12-02T02:00:00+00:00"
    assert body["attendees"][1] == {"email": "mentee@example.com"}
    assert "conferenceData" not in body  # the existing Meet link stays


@pytest.mark.parametrize("status", [404, 410])
def test_move_creates_the_event_when_it_is_missing(status: int) -> None:
    client, http, _ = client_with(google_error(status, "notFound"), reply(200, event()))

    assert client.move(spec()) == MEET

    requests = sent(http)
    assert [(m, p) for m, p, _, _ in requests] == [
        ("PATCH", f"{EVENTS}/{EVENT_ID}"),
        ("POST", EVENTS),
    ]
    assert requests[1][3]["id"] == EVENT_ID


def test_move_adds_a_conference_to_an_event_without_one() -> None:
    client, http, _ = client_with(reply(200, event(link=None, status=None)), reply(200, event()))
    assert client.move(spec()) == MEET
    second = sent(http)[1]
    assert second[0] == "PATCH"
    assert second[3] == {
        "conferenceData": {
            "createRequest": {
                "requestId": EVENT_ID,
                "conferenceSolutionKey": {"type": "hangoutsMeet"},
            }
        }
    }


# --- cancel -------------------------------------------------------------------------------------


def test_cancel_deletes_without_notifications() -> None:
    client, http, _ = client_with(reply(204))
    client.cancel(EVENT_ID)
    [(method, path, query, _)] = sent(http)
    assert (method, path) == ("DELETE", f"{EVENTS}/{EVENT_ID}")
    assert query["sendUpdates"] == ["none"]


@pytest.mark.parametrize("status", [404, 410])
def test_cancel_of_a_missing_event_is_done(status: int) -> None:
    client, _, _ = client_with(google_error(status, "deleted", "Resource has been deleted"))
    client.cancel(EVENT_ID)


def test_cancel_server_error_is_retried_later() -> None:
    client, _, _ = client_with(google_error(500, "backendError"))
    with pytest.raises(CalendarRetryLater):
        client.cancel(EVENT_ID)


# --- error mapping ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "reason", "expected"),
    [
        (500, "backendError", CalendarRetryLater),
        (503, "backendError", CalendarRetryLater),
        (429, "rateLimitExceeded", CalendarRetryLater),
        (403, "rateLimitExceeded", CalendarRetryLater),
        (403, "userRateLimitExceeded", CalendarRetryLater),
        (403, "quotaExceeded", CalendarRetryLater),
        (401, "authError", CalendarAuthError),
        (403, "insufficientPermissions", CalendarAuthError),
        (403, "requiredAccessLevel", CalendarAuthError),
        (403, "forbiddenForServiceAccounts", CalendarAuthError),
        # A 403 about one event fails that job without breaking the connection.
        (403, "forbiddenForNonOrganizer", CalendarError),
        (403, "forbidden", CalendarError),
        (400, "invalid", CalendarError),
        (409, "duplicate", CalendarError),  # only create handles a 409
    ],
)
def test_http_errors_map_to_what_the_outbox_should_do(
    status: int, reason: str, expected: type[Exception]
) -> None:
    client, _, _ = client_with(google_error(status, reason, "Something about it"))
    with pytest.raises(expected) as caught:
        client.move(spec())
    assert type(caught.value) is expected
    assert str(status) in str(caught.value)
    if isinstance(caught.value, CalendarError):
        assert caught.value.status == status


def test_error_body_that_is_not_json_still_maps() -> None:
    client, _, _ = client_with(({"status": "502"}, "<html>Bad Gateway</html>"))
    with pytest.raises(CalendarRetryLater, match="502"):
        client.create(spec())


def test_403_without_a_reason_is_an_auth_error() -> None:
    client, _, _ = client_with(({"status": "403"}, "Forbidden"))
    with pytest.raises(CalendarAuthError, match="403"):
        client.create(spec())


class RaisingHttp:
    """An httplib2.Http stand-in whose every request fails before an answer arrives."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def request(self, *args: Any, **kwargs: Any) -> Any:
        raise self.error


@pytest.mark.parametrize(
    "error",
    [
        TimeoutError("timed out"),
        ConnectionRefusedError(111, "Connection refused"),
        httplib2.ServerNotFoundError("Unable to find the server at www.googleapis.com"),
    ],
)
def test_network_failures_are_retried_later(error: Exception) -> None:
    service = build(
        "calendar", "v3", http=RaisingHttp(error), cache_discovery=False, static_discovery=True
    )
    with pytest.raises(CalendarRetryLater, match=type(error).__name__):
        CalendarClient(service).create(spec())


# --- credentials --------------------------------------------------------------------------------

REFRESH_TOKEN = "1//refresh-token-that-must-not-leak"
CLIENT_SECRET = "client-secret-that-must-not-leak"
ACCESS = {"access_token": "t", "expires_in": 3600, "token_type": "Bearer"}


def oauth_client(*responses: tuple[dict[str, str], str]):
    http = HttpMockSequence(list(responses))
    service = gc.service_for_oauth(REFRESH_TOKEN, "client-id", CLIENT_SECRET, TOKEN_URI, http=http)
    return CalendarClient(service, sleep=Sleeps()), http


def test_oauth_refreshes_then_calls_with_the_bearer_token() -> None:
    client, http = oauth_client(reply(200, ACCESS), reply(200, event()))

    assert client.create(spec()) == MEET

    (token_uri, method, token_body, _), (api_uri, _, _, api_headers) = http.request_sequence
    assert (token_uri, method) == (TOKEN_URI, "POST")
    form = parse_qs(token_body.decode() if isinstance(token_body, bytes) else token_body)
    assert form["grant_type"] == ["refresh_token"]
    assert form["refresh_token"] == [REFRESH_TOKEN]
    assert urlsplit(api_uri).path == EVENTS
    assert api_headers["authorization"] == "Bearer t"


def test_revoked_refresh_token_is_an_auth_error_without_secrets() -> None:
    client, _ = oauth_client(
        reply(400, {"error": "invalid_grant", "error_description": "Token has been revoked."})
    )
    with pytest.raises(CalendarAuthError, match="invalid_grant") as caught:
        client.create(spec())
    assert REFRESH_TOKEN not in str(caught.value)
    assert CLIENT_SECRET not in str(caught.value)


def test_401_then_failed_refresh_is_an_auth_error() -> None:
    # The access token stops working mid-way; google-auth refreshes once and Google refuses.
    client, http = oauth_client(
        reply(200, ACCESS),
        google_error(401, "authError", "Invalid Credentials"),
        reply(400, {"error": "invalid_grant"}),
    )
    with pytest.raises(CalendarAuthError):
        client.cancel(EVENT_ID)
    assert len(http.request_sequence) == 3


def test_token_endpoint_outage_is_retried_later(monkeypatch: pytest.MonkeyPatch) -> None:
    # google-auth retries a 503 from the token endpoint itself (three attempts, with sleeps).
    monkeypatch.setattr("google.auth._exponential_backoff.time.sleep", lambda _s: None)
    unavailable = reply(503, {"error": "temporarily_unavailable"})
    client, _ = oauth_client(unavailable, unavailable, unavailable)
    with pytest.raises(CalendarRetryLater, match="token"):
        client.create(spec())


@pytest.fixture(scope="module")
def service_account_info() -> dict[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return {
        "type": "service_account",
        "project_id": "tra-da-test",
        "private_key_id": "k1",
        "private_key": pem,
        "client_email": "calendar@tra-da-test.iam.gserviceaccount.com",
        "client_id": "1234567890",
        "token_uri": TOKEN_URI,
    }


def jwt_claims(assertion: str) -> dict[str, Any]:
    payload = assertion.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))


def test_delegation_signs_for_the_subject_and_creates(service_account_info: dict[str, str]) -> None:
    http = HttpMockSequence([reply(200, ACCESS), reply(200, event())])
    service = gc.service_for_delegation(service_account_info, "mentor@school.example", http=http)

    assert CalendarClient(service).create(spec()) == MEET

    (token_uri, _, token_body, _), (_, _, _, api_headers) = http.request_sequence
    assert token_uri == TOKEN_URI
    form = parse_qs(token_body.decode() if isinstance(token_body, bytes) else token_body)
    assert form["grant_type"] == ["urn:ietf:params:oauth:grant-type:jwt-bearer"]
    claims = jwt_claims(form["assertion"][0])
    assert claims["sub"] == "mentor@school.example"
    assert claims["iss"] == service_account_info["client_email"]
    assert claims["scope"] == gc.CALENDAR_SCOPE
    assert api_headers["authorization"] == "Bearer t"


def test_delegation_not_granted_is_an_auth_error(service_account_info: dict[str, str]) -> None:
    http = HttpMockSequence(
        [
            reply(
                401, {"error": "unauthorized_client", "error_description": "Client is unauthorized"}
            )
        ]
    )
    service = gc.service_for_delegation(service_account_info, "mentor@school.example", http=http)
    with pytest.raises(CalendarAuthError, match="unauthorized_client") as caught:
        CalendarClient(service).create(spec())
    assert "PRIVATE KEY" not in str(caught.value)


def test_delegation_needs_a_subject(service_account_info: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        gc.service_for_delegation(service_account_info, "")


def test_unusable_service_account_key(service_account_info: dict[str, str]) -> None:
    broken = {**service_account_info, "private_key": "not a key"}
    with pytest.raises(CalendarError, match="not usable"):
        gc.service_for_delegation(broken, "mentor@school.example")


# --- service account file -----------------------------------------------------------------------


def test_load_service_account_reads_a_key_file(tmp_path, service_account_info) -> None:
    path = tmp_path / "sa.json"
    path.write_text(json.dumps(service_account_info), encoding="utf-8")
    assert gc.load_service_account(str(path)) == service_account_info


def test_load_service_account_missing_file(tmp_path) -> None:
    with pytest.raises(CalendarError, match="not found"):
        gc.load_service_account(str(tmp_path / "absent.json"))


def test_load_service_account_not_json_does_not_quote_the_file(tmp_path) -> None:
    path = tmp_path / "sa.json"
    path.write_text("-----BEGIN PRIVATE KEY-----\nsecret\n", encoding="utf-8")
    with pytest.raises(CalendarError, match="not valid JSON") as caught:
        gc.load_service_account(str(path))
    assert "secret" not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ({"type": "authorized_user"}, "not a service account key"),
        ([1, 2], "not a service account key"),
        ({"type": "service_account", "client_email": "a@b.c"}, "lacks private_key, token_uri"),
    ],
)
def test_load_service_account_checks_the_content(tmp_path, content: Any, message: str) -> None:
    path = tmp_path / "sa.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    with pytest.raises(CalendarError, match=message):
        gc.load_service_account(str(path))
