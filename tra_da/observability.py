"""Logs and error reports: JSON log lines (LOG_FORMAT=json), an access log, and Sentry (SENTRY_DSN).

Every log line and every Sentry event carries the request id and the signed-in user's id when
there is one; passwords, tokens, cookies and keys never leave the process (``scrub``).
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import UTC, datetime
from typing import Any

from tra_da.request_context import (
    close_user_scope,
    current_request_id,
    current_user_id,
    open_user_scope,
)
from tra_da.settings import Settings, get_settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]

access_log = logging.getLogger("tra_da.access")

# Keys whose values are secrets wherever they appear (headers, bodies, query strings, extras).
SECRET_KEY_PATTERN = re.compile(
    r"pass(word)?|secret|token|authori[sz]ation|cookie|api[-_]?key|signature|dsn|csrf"
    r"|^code$|^session$|sessionid|verifier",
    re.IGNORECASE,
)
FILTERED = "[Filtered]"
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
# "password": "..." (or =...) inside a message or a serialised body.
_INLINE = re.compile(
    r"(?i)([\"']?(?:pass(?:word)?|secret|[a-z_]*token|api[-_]?key)[\"']?\s*[:=]\s*)"
    r"(\"[^\"]*\"|'[^']*'|[^\s,&}]+)"
)

_LOG_RECORD_FIELDS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request/user ids and extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id, user_id = current_request_id(), current_user_id()
        if request_id:
            entry["request_id"] = request_id
        if user_id is not None:
            entry["user_id"] = user_id
        for key, value in vars(record).items():
            if key not in _LOG_RECORD_FIELDS and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(scrub(entry), default=str, ensure_ascii=False)


def configure_logging(settings: Settings | None = None) -> None:
    """LOG_FORMAT=json: every record of the process as a JSON line on stderr."""
    settings = settings or get_settings()
    root = logging.getLogger()
    root.setLevel(settings.log_level.upper())
    if settings.log_format != "json":
        if not root.handlers:
            logging.basicConfig(
                level=settings.log_level.upper(),
                format="%(asctime)s %(levelname)s %(name)s %(message)s",
            )
        access_log.setLevel(logging.WARNING)  # text logs: no line per request
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root.handlers = [h for h in root.handlers if getattr(h, "_tra_da", False) is False]
    handler._tra_da = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    access_log.setLevel(logging.INFO)


class AccessLogMiddleware:
    """One line per HTTP request: method, path, route, status, duration (ms)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        user_scope = open_user_scope()
        try:
            if access_log.isEnabledFor(logging.INFO):
                await self._logged(scope, receive, send)
            else:
                await self.app(scope, receive, send)
        finally:
            close_user_scope(user_scope)

    async def _logged(self, scope: Scope, receive: Any, send: Any) -> None:
        started = time.perf_counter()
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route = scope.get("route")
            access_log.info(
                "%s %s %s",
                scope.get("method"),
                scope.get("path"),
                status,
                extra={
                    "method": scope.get("method"),
                    "path": scope.get("path"),
                    "route": getattr(route, "path", None),
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )


# --- Sentry ---------------------------------------------------------------------------------


def scrub(value: Any, key: str = "") -> Any:
    """``value`` with every secret replaced: by key name, bearer strings and JWTs anywhere."""
    if key and SECRET_KEY_PATTERN.search(key) and value not in (None, "", [], {}):
        return FILTERED
    if isinstance(value, dict):
        return {k: scrub(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        # Header lists come as [name, value] pairs: judge the value by the name.
        if len(value) == 2 and isinstance(value[0], str) and SECRET_KEY_PATTERN.search(value[0]):
            return [value[0], FILTERED]
        return [scrub(v) for v in value]
    if isinstance(value, str):
        value = _INLINE.sub(lambda m: m.group(1) + '"' + FILTERED + '"', value)
        return _JWT.sub(FILTERED, _BEARER.sub(FILTERED, value))
    return value


def before_send(event: dict[str, Any], _hint: dict[str, Any]) -> dict[str, Any] | None:
    request_id, user_id = current_request_id(), current_user_id()
    tags = event.setdefault("tags", {})
    if isinstance(tags, dict) and request_id:
        tags["request_id"] = request_id
    if user_id is not None:
        event["user"] = {"id": str(user_id)}
    else:
        event.pop("user", None)
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("cookies", None)
        query = request.get("query_string")
        if isinstance(query, str) and SECRET_KEY_PATTERN.search(query):
            request["query_string"] = FILTERED
    return scrub(event)


_sentry_on = False


def init_sentry(settings: Settings | None = None, component: str = "web") -> bool:
    """Start Sentry when SENTRY_DSN is set (FastAPI, Starlette and logging integrations);
    ``component`` (web, relay) is a tag. Returns whether it is on."""
    global _sentry_on
    settings = settings or get_settings()
    if not settings.sentry_dsn:
        return False
    import sentry_sdk

    from tra_da import __version__

    sentry_sdk.init(
        dsn=settings.sentry_dsn,
        environment=settings.sentry_environment or settings.app_env,
        release=f"tra-da@{__version__}",
        # Default PII collection stays off: no cookies, no IP, no user data beyond the id set in
        # before_send.
        max_request_body_size="never",  # bodies hold passwords and notes: never sent
        include_local_variables=False,  # frames hold request bodies and passwords too
        traces_sample_rate=settings.sentry_traces_sample_rate,
        before_send=before_send,  # type: ignore[arg-type]
    )
    sentry_sdk.set_tag("component", component)
    _sentry_on = True
    return True


def report_exception(exc: BaseException) -> None:
    """Send one exception to Sentry (no-op when it is off)."""
    if not _sentry_on:
        return
    import sentry_sdk

    sentry_sdk.capture_exception(exc)
