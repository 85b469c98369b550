"""Google Calendar adapter: one calendar event with a Google Meet link per booking.

The outbox handler owns the database and the retries; this module only talks to Google and says,
through its exception types, what the handler should do next:

- ``CalendarRetryLater``: a passing problem (rate limit, 5xx, timeout, Meet link still pending).
  The outbox retries with its own backoff, so every request here runs with ``num_retries=0``.
- ``CalendarAuthError``: the credentials no longer work. Retrying cannot help; the handler marks the
  mentor's calendar connection broken until the mentor reconnects.
- ``CalendarError``: Google refused this particular request for good (for example a 400 about a
  bad attendee address). The handler gives up on the job.

Every call is idempotent, because the outbox may run a job again after a lost response:

- the event id is derived from the booking (``event_id_for``), so a repeated insert answers 409 and
  ``create`` patches the existing event instead of making a second one;
- the Meet ``createRequest`` uses the event id as its ``requestId``, so Google creates at most one
  conference per event;
- ids stay reserved after deletion, so a reschedule patches the same event (``move``); a patch
  also sends ``status: confirmed`` to bring back an event deleted in between by hand (not
  checkable offline: should Google refuse, the job fails with a CalendarError, nothing worse);
- ``cancel`` treats "already gone" (404/410) as done.

Google's notifications are off (``sendUpdates="none"``): Trà Đá sends its own emails with an .ics
invite, and attendees would otherwise get two invitations.

Build one service per job: ``httplib2.Http`` (underneath the Google client) is not thread-safe.
Error messages name the action, the HTTP status and Google's reason; they never contain tokens or
key material.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import google_auth_httplib2
import httplib2
from google.auth.exceptions import RefreshError, TransportError
from google.oauth2 import credentials as oauth2_credentials
from google.oauth2 import service_account
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

# Events only (insert/patch/get/delete): the narrowest scope that can create Meet links. The OAuth
# consent flow and the Workspace admin's domain-wide delegation must grant this scope.
CALENDAR_SCOPE = "https://www.googleapis.com/auth/calendar.events"
# Per-socket timeout for production requests; a hung Google call would otherwise hold an outbox
# lease until it expires.
HTTP_TIMEOUT_SECONDS = 15

# Google's event id alphabet: base32hex in lower case, 5 to 1024 characters.
_EVENT_ID = re.compile(r"[a-v0-9]{5,1024}")
# 403 reasons that mean "slow down", not "forbidden" (Calendar API error guide).
_RATE_LIMIT_REASONS = frozenset(
    {"rateLimitExceeded", "userRateLimitExceeded", "dailyLimitExceeded", "quotaExceeded"}
)
# 403 reasons that mean the credentials cannot do the job at all: missing scope, no writer access
# to the calendar, a service account without delegation, the API disabled in the Cloud project.
# Other 403s (e.g. forbiddenForNonOrganizer) concern one event: failing that job is enough, and
# marking the whole connection broken would be a false alarm.
_AUTH_REASONS = frozenset(
    {
        "authError",
        "insufficientPermissions",
        "requiredAccessLevel",
        "forbiddenForServiceAccounts",
        "accessNotConfigured",
        "domainPolicy",
    }
)
_GONE = (404, 410)


class CalendarError(Exception):
    """Google refused the request for good (a 4xx other than auth or rate limits), or the
    configuration cannot work (missing service-account file). Retrying the same job cannot help.

    ``status`` is the HTTP status when Google answered, else None.
    """

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class CalendarAuthError(Exception):
    """The credentials no longer work: revoked or expired refresh token (invalid_grant), missing
    domain-wide delegation (unauthorized_client), 401, or a 403 about permissions (see
    ``_AUTH_REASONS``). Permanent: the caller marks the connection broken and does not retry."""


class CalendarRetryLater(Exception):
    """A passing problem: 429/5xx, 403 rate limits, timeouts, connection errors, an unreachable
    token endpoint, or the Meet link still pending. The outbox retries the job later."""


def event_id_for(booking_id: int, key: bytes) -> str:
    """The Google event id of a booking: stable for the same booking and key.

    HMAC-SHA256 with an installation secret rather than the bare booking id, so that two
    installations writing into one calendar (staging and production, say) never claim each
    other's ids. Base32hex without padding gives 52 characters of Google's allowed alphabet.
    """
    if not key:
        raise ValueError("event_id_for needs a non-empty key")
    digest = hmac.new(key, f"booking:{booking_id}".encode(), hashlib.sha256).digest()
    return base64.b32hexencode(digest).decode("ascii").rstrip("=").lower()


@dataclass(frozen=True)
class EventSpec:
    """What the calendar event of a booking should look like.

    ``start``/``end`` must be timezone-aware (they are sent in UTC); ``time_zone`` is the mentor's
    IANA zone, used by Google Calendar for display. ``attendees`` are email addresses.
    """

    event_id: str
    summary: str
    description: str
    start: datetime
    end: datetime
    attendees: tuple[str, ...]
    time_zone: str

    def __post_init__(self) -> None:
        # Checked here so a bad spec fails in our code with a clear message, not as a 400 later.
        if not _EVENT_ID.fullmatch(self.event_id):
            raise ValueError("event_id must be 5-1024 characters of a-v and 0-9")
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("start and end must be timezone-aware")
        if self.end <= self.start:
            raise ValueError("end must be after start")
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {self.time_zone!r}") from None


def load_service_account(path: str) -> dict[str, Any]:
    """The service-account key file as a dict, checked for the fields the token request needs.

    Raises CalendarError with a message that names the file but never quotes its content.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CalendarError(f"service account file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CalendarError(
            f"cannot read service account file {path}: {type(exc).__name__}"
        ) from None
    try:
        info = json.loads(text)
    except ValueError:
        # "from None": the decode error keeps the whole document, private key included.
        raise CalendarError(f"service account file {path} is not valid JSON") from None
    if not isinstance(info, dict) or info.get("type") != "service_account":
        raise CalendarError(f"service account file {path} is not a service account key")
    missing = [k for k in ("client_email", "private_key", "token_uri") if not info.get(k)]
    if missing:
        raise CalendarError(f"service account file {path} lacks {', '.join(missing)}")
    return info


def service_for_delegation(info: dict[str, Any], subject: str, http: Any = None) -> Any:
    """A Calendar service acting as ``subject`` through Workspace domain-wide delegation.

    Without ``subject`` a service account acts as itself and can neither invite attendees nor
    create Meet links, so it is required. ``http`` replaces the network (tests pass an
    ``HttpMockSequence``); no request is made until the first API call.
    """
    if not subject:
        raise ValueError("domain-wide delegation needs the email of the user to act as")
    try:
        creds = service_account.Credentials.from_service_account_info(
            info, scopes=[CALENDAR_SCOPE], subject=subject
        )
    except (ValueError, TypeError, KeyError) as exc:
        # The library's message may describe the key; keep only the kind of failure.
        raise CalendarError(f"service account key is not usable ({type(exc).__name__})") from None
    return _build(creds, http)


def service_for_oauth(
    refresh_token: str, client_id: str, client_secret: str, token_uri: str, http: Any = None
) -> Any:
    """A Calendar service acting as the mentor who granted us ``refresh_token``.

    No scopes are sent with the refresh: Google then issues a token for everything the mentor
    granted, which avoids an ``invalid_scope`` if the consent covered a broader calendar scope.
    """
    creds = oauth2_credentials.Credentials(
        None,
        refresh_token=refresh_token,
        token_uri=token_uri,
        client_id=client_id,
        client_secret=client_secret,
    )
    return _build(creds, http)


def _build(creds: Any, http: Any) -> Any:
    # The client takes either credentials or an http object, not both: wrap the transport so the
    # credentials add the bearer token (and refresh it) on every request, tests included.
    transport = http if http is not None else httplib2.Http(timeout=HTTP_TIMEOUT_SECONDS)
    authorized = google_auth_httplib2.AuthorizedHttp(creds, http=transport)
    # static_discovery: use the discovery document shipped with the package (no network, and the
    # API surface cannot change under us); cache_discovery is for the dynamic download only.
    return build("calendar", "v3", http=authorized, cache_discovery=False, static_discovery=True)


class CalendarClient:
    """Create, move and cancel the event of one booking in one calendar.

    ``service`` comes from ``service_for_oauth``/``service_for_delegation`` (or any
    ``build("calendar", "v3", ...)`` result). Meet conferences are created asynchronously: when
    Google answers ``pending``, the event is fetched again up to ``conference_polls`` times,
    ``poll_delay`` seconds apart (``sleep`` is injectable for tests), before giving up with
    CalendarRetryLater; the next attempt of the job then finds the event by id and continues.
    """

    def __init__(
        self,
        service: Any,
        calendar_id: str = "primary",
        *,
        conference_polls: int = 3,
        poll_delay: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._events = service.events()
        self._calendar_id = calendar_id
        self._polls = conference_polls
        self._poll_delay = poll_delay
        self._sleep = sleep

    def create(self, spec: EventSpec) -> str:
        """Create the event with a Meet conference and return the Meet link.

        A 409 means an earlier attempt created the event but its answer was lost: the existing
        event is fetched and patched to the spec (adding the conference request only if it has
        none), so there is never a second event.
        """
        body = {"id": spec.event_id, **_event_fields(spec), **_conference_request(spec.event_id)}
        request = self._events.insert(
            calendarId=self._calendar_id, body=body, conferenceDataVersion=1, sendUpdates="none"
        )
        try:
            event = _execute(request, "insert")
        except CalendarError as exc:
            if exc.status != 409:
                raise
            existing = self._get(spec.event_id)
            fields = _event_fields(spec)
            if not existing.get("conferenceData"):
                fields.update(_conference_request(spec.event_id))
            event = self._patch(spec.event_id, fields)
        return self._meet_link(spec.event_id, event)

    def move(self, spec: EventSpec) -> str:
        """Reschedule: patch time, attendees, summary and description of the same event and
        return its Meet link (the conference stays). If the event is missing (404/410, e.g. the
        mentor's calendar was connected after the booking), create it instead."""
        try:
            event = self._patch(spec.event_id, _event_fields(spec))
        except CalendarError as exc:
            if exc.status not in _GONE:
                raise
            return self.create(spec)
        if not event.get("conferenceData"):
            event = self._patch(spec.event_id, _conference_request(spec.event_id))
        return self._meet_link(spec.event_id, event)

    def cancel(self, event_id: str) -> None:
        """Delete the event without Google notifications; 404/410 mean it is already gone."""
        request = self._events.delete(
            calendarId=self._calendar_id, eventId=event_id, sendUpdates="none"
        )
        try:
            _execute(request, "delete")
        except CalendarError as exc:
            if exc.status not in _GONE:
                raise

    def _get(self, event_id: str) -> dict[str, Any]:
        request = self._events.get(calendarId=self._calendar_id, eventId=event_id)
        return _execute(request, "get")

    def _patch(self, event_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        # conferenceDataVersion=1 on every write: with 0, Google ignores a createRequest and may
        # drop conference data it does not understand.
        request = self._events.patch(
            calendarId=self._calendar_id,
            eventId=event_id,
            body=fields,
            conferenceDataVersion=1,
            sendUpdates="none",
        )
        return _execute(request, "patch")

    def _meet_link(self, event_id: str, event: dict[str, Any]) -> str:
        """The Meet link of ``event``, polling while Google still creates the conference."""
        for attempt in range(self._polls + 1):
            link = _link_of(event)
            if link:
                return link
            status = _conference_status(event)
            if status != "pending":
                # "failure" (Meet not available to this account) or no conference at all:
                # Google ignores a repeated requestId, so retrying the job cannot change it.
                raise CalendarError(
                    f"Google did not create a Meet link for event {event_id} "
                    f"(conference status: {status or 'none'})"
                )
            if attempt < self._polls:
                self._sleep(self._poll_delay)
                event = self._get(event_id)
        raise CalendarRetryLater(f"Meet link for event {event_id} is still pending")


def _event_fields(spec: EventSpec) -> dict[str, Any]:
    # status "confirmed" is the default on insert; on a patch it asks Google to restore an event
    # that was deleted meanwhile (its id stays reserved, so it cannot be inserted again).
    return {
        "summary": spec.summary,
        "description": spec.description,
        "start": {"dateTime": _rfc3339(spec.start), "timeZone": spec.time_zone},
        "end": {"dateTime": _rfc3339(spec.end), "timeZone": spec.time_zone},
        "attendees": [{"email": email} for email in spec.attendees],
        "status": "confirmed",
    }


def _conference_request(event_id: str) -> dict[str, Any]:
    # The event id as requestId: a retried request is recognised and ignored by Google.
    return {
        "conferenceData": {
            "createRequest": {
                "requestId": event_id,
                "conferenceSolutionKey": {"type": "hangoutsMeet"},
            }
        }
    }


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _link_of(event: dict[str, Any]) -> str | None:
    """``hangoutLink``, or the video entry point of the conference data."""
    if event.get("hangoutLink"):
        return str(event["hangoutLink"])
    for entry in event.get("conferenceData", {}).get("entryPoints", []):
        if entry.get("entryPointType") == "video" and entry.get("uri"):
            return str(entry["uri"])
    return None


def _conference_status(event: dict[str, Any]) -> str | None:
    request = event.get("conferenceData", {}).get("createRequest", {})
    status = request.get("status", {}).get("statusCode")
    return str(status) if status else None


def _execute(request: Any, action: str) -> dict[str, Any]:
    """Run one API request and translate every failure into the three exception types."""
    try:
        result = request.execute(num_retries=0)
    except HttpError as exc:
        raise _from_http_error(exc, action) from exc
    except RefreshError as exc:
        # google-auth marks token-endpoint answers such as 5xx or "temporarily_unavailable" as
        # retryable; invalid_grant, unauthorized_client (no delegation) and the like are not.
        if getattr(exc, "retryable", False):
            raise CalendarRetryLater(f"Google token refresh failed temporarily ({action})") from exc
        raise CalendarAuthError(
            f"Google refused the calendar credentials ({action}): {_refresh_reason(exc)}"
        ) from exc
    except (TransportError, httplib2.HttpLib2Error, http.client.HTTPException, OSError) as exc:
        # OSError covers TimeoutError, ConnectionError and ssl errors.
        raise CalendarRetryLater(
            f"could not reach Google Calendar ({action}): {type(exc).__name__}"
        ) from exc
    # delete answers with an empty body.
    return result if isinstance(result, dict) else {}


def _from_http_error(exc: HttpError, action: str) -> Exception:
    status = int(exc.resp.status)
    reasons = _error_reasons(exc.content)
    detail = f"{exc.reason} [{', '.join(sorted(reasons))}]" if reasons else exc.reason
    message = f"Google Calendar {action} failed: HTTP {status} {detail}"[:500]
    if status == 401:
        return CalendarAuthError(message)
    if status == 403:
        if reasons & _RATE_LIMIT_REASONS:
            return CalendarRetryLater(message)
        if not reasons or reasons & _AUTH_REASONS:
            return CalendarAuthError(message)
        return CalendarError(message, status=status)
    if status in (408, 429) or status >= 500:
        return CalendarRetryLater(message)
    return CalendarError(message, status=status)


def _error_reasons(content: bytes) -> set[str]:
    """The ``error.errors[].reason`` codes of a Google error body (empty if it has none)."""
    try:
        data = json.loads(content.decode("utf-8"))
        errors = data["error"]["errors"]
        return {str(e["reason"]) for e in errors if isinstance(e, dict) and e.get("reason")}
    except (ValueError, KeyError, TypeError, AttributeError):
        return set()


def _refresh_reason(exc: RefreshError) -> str:
    """The OAuth error code of a failed refresh (e.g. invalid_grant), without anything else the
    token endpoint may have echoed."""
    if len(exc.args) > 1 and isinstance(exc.args[1], dict):
        code = exc.args[1].get("error")
        if isinstance(code, str) and code:
            return code[:100]
    return "token refresh failed"
