"""Every knob of Trà Đá, typed, read once from the environment (documented in .env.example)."""

from __future__ import annotations

import functools
import os
import secrets
from pathlib import Path
from typing import Literal

from pydantic import Field, PrivateAttr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECRET_KEY = "dev-only-secret-key-change-me-in-production"  # noqa: S105
MIN_SECRET_KEY_BYTES = 32
_KEY_HINT = "python -c 'import secrets; print(secrets.token_urlsafe(48))'"
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'data' / 'tra_da.db'}"


def _origin_of(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _create_once(path: Path, content: str) -> None:
    """Write ``path`` (owner-only) unless it exists, atomically: of two processes starting at
    once, one key wins and both read it (each keeps what it read for its life)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    draft.write_text(content)
    draft.chmod(0o600)
    try:
        os.link(draft, path)  # fails if another process created it first
    except FileExistsError:
        pass
    finally:
        draft.unlink()


class SettingsError(ValueError):
    """A configuration value is unusable; the message names the variable and the fix."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=PROJECT_ROOT / ".env",
        env_file_encoding="utf-8",
        extra="ignore",
        env_ignore_empty=True,  # VAR= in .env means "use the default", as in .env.example
    )
    # The random development key of session_signing_key, once read from data/secret_key.
    _kept_key: str | None = PrivateAttr(default=None)

    app_env: Literal["development", "production", "test"] = "development"
    public_url: str = "http://localhost:3000"
    # Origins (scheme://host[:port], comma-separated) whose pages may call the API and open the
    # websocket with the user's credentials; unset: PUBLIC_URL's origin only.
    cors_origins: str | None = None
    # Error reporting: a Sentry DSN turns it on (events carry request and user ids, no secrets).
    sentry_dsn: str | None = None
    sentry_environment: str | None = None
    sentry_traces_sample_rate: float = Field(default=0.0, ge=0, le=1)
    # "json": one JSON object per log line (request id, route, status, duration); "text": plain.
    log_format: Literal["text", "json"] = "text"
    log_level: str = "INFO"
    port: int = Field(default=3000, ge=1, le=65535)

    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    # Web worker processes (Granian) of one app process; unset: 1 without Redis, Reflex's
    # default (2 x cores + 1, at most 8) with Redis. Several need REDIS_URL.
    web_workers: int | None = Field(default=None, ge=1, le=64)
    serve_exported_frontend: bool = False
    secret_key: str = DEFAULT_SECRET_KEY

    admin_email: str | None = None
    admin_password: str | None = None
    seed_demo_data: bool = True

    # Capacity of one web worker process (README "Overload"). Every admitted unit of work (a REST
    # request, a UI action) may hold one database connection, so the admission limit defaults
    # to the pool size: nothing admitted ever waits for a connection, and nothing waits for a
    # thread while holding one. Beyond the limit up to ADMISSION_QUEUE callers wait at most
    # ADMISSION_WAIT_SECONDS; the rest are refused at once with 503 + Retry-After.
    db_pool_size: int | None = Field(default=None, ge=1, le=100)
    db_pool_timeout_seconds: float = Field(default=3.0, gt=0, le=60)
    # Connections all app workers of one app process may open together (PostgreSQL's
    # max_connections is 100 by default: two app processes and a relay fit in it).
    db_connection_budget: int = Field(default=40, ge=4, le=10_000)
    relay_pool_size: int = Field(default=2, ge=1, le=20)
    max_concurrent_requests: int | None = Field(default=None, ge=1, le=1000)
    admission_queue: int | None = Field(default=None, ge=0, le=10_000)
    admission_wait_seconds: float = Field(default=1.0, ge=0, le=30)
    # How long an admitted REST request may take to send its whole body (408 after that): the
    # place it holds meanwhile is one of MAX_CONCURRENT_REQUESTS.
    request_body_seconds: float = Field(default=10.0, gt=0, le=300)
    # Sign-ins in the UI hash (bcrypt, ~0.25 s of CPU each) on threads of their own, outside
    # the admission limit and holding no connection, so a wave of sign-ins waits for these
    # threads instead of delaying every other browser's events. Unset: one per core but one.
    sign_in_threads: int | None = Field(default=None, ge=1, le=64)
    sign_in_queue: int = Field(default=200, ge=0, le=10_000)
    sign_in_wait_seconds: float = Field(default=15.0, ge=0, le=60)
    metrics_public: bool = False
    metrics_token: str | None = None

    rate_limit_login: str = "5/15minutes"
    rate_limit_api: str = "100/15minutes"
    rate_limit_events: str = "300/minute"
    max_json_body_bytes: int = 100 * 1024

    booking_max_upcoming: int = Field(default=3, ge=1, le=50)
    booking_min_notice_hours: float = Field(default=2, ge=0)
    booking_change_cutoff_hours: float = Field(default=24, ge=0)
    booking_scope: Literal["any", "assigned"] = "any"
    availability_weeks_ahead: int = Field(default=4, ge=1, le=12)

    outbox_max_attempts: int = Field(default=8, ge=1, le=50)
    outbox_poll_seconds: float = Field(default=2.0, gt=0)
    run_outbox_relay: bool = True

    email_from: str = "Trà Đá <no-reply@trada.local>"
    sendgrid_api_key: str | None = None
    sendgrid_host: str = "https://api.sendgrid.com"
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True

    google_client_id: str | None = None
    google_client_secret: str | None = None
    google_token_uri: str = "https://oauth2.googleapis.com/token"  # noqa: S105
    google_service_account_file: str | None = None
    google_delegated_user: str | None = None
    meeting_link_template: str = "https://meet.jit.si/tra-da-{token}"

    stripe_secret_key: str | None = None
    stripe_webhook_secret: str | None = None
    stripe_api_base: str = "https://api.stripe.com"
    # How long a paid slot is held for its mentee while they pay (Stripe allows 30 min .. 24 h).
    payment_hold_minutes: int = Field(default=30, ge=30, le=1440)
    # Refund policy: a mentee who cancels at least this many hours ahead gets a full refund,
    # later cancellations get this percentage back; a mentor or admin cancelling refunds in full.
    refund_full_hours: float = Field(default=24, ge=0)
    refund_late_percent: int = Field(default=0, ge=0, le=100)

    @field_validator("database_url")
    @classmethod
    def _database_url_parses(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError:
            raise ValueError(
                "DATABASE_URL is not a database URL; use e.g. sqlite:///data/tra_da.db "
                "or postgresql+psycopg://user:password@host:5432/tra_da"
            ) from None
        if url.get_backend_name() not in {"sqlite", "postgresql"}:
            raise ValueError(
                f"DATABASE_URL uses '{url.get_backend_name()}'; Trà Đá supports sqlite and "
                "postgresql (postgresql+psycopg://...)"
            )
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_url_parses(cls, value: str | None) -> str | None:
        if value and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError(
                "REDIS_URL must start with redis://, rediss:// or unix://, "
                "e.g. redis://127.0.0.1:6379/0"
            )
        return value

    @model_validator(mode="after")
    def _workers_need_redis(self) -> Settings:
        if (self.web_workers or 1) > 1 and not self.redis_url:
            raise ValueError(
                f"WEB_WORKERS={self.web_workers} needs REDIS_URL: without Redis each worker keeps "
                "its own UI state and rate-limit counters; set REDIS_URL or WEB_WORKERS=1"
            )
        return self

    @model_validator(mode="after")
    def _production_needs_real_secret(self) -> Settings:
        if self.app_env == "production":
            if self.secret_key == DEFAULT_SECRET_KEY:
                raise ValueError(
                    "SECRET_KEY is the development default; set SECRET_KEY to a random value "
                    f"of at least 32 bytes ({_KEY_HINT})"
                )
            if len(self.secret_key.encode()) < MIN_SECRET_KEY_BYTES:
                raise ValueError(
                    f"SECRET_KEY is shorter than {MIN_SECRET_KEY_BYTES} bytes; set a longer random "
                    f"value ({_KEY_HINT})"
                )
        return self

    def cors_origin_list(self) -> list[str]:
        """The admitted origins; ``*`` and ``null`` are never among them."""
        if self.cors_origins:
            raw = [o.strip().rstrip("/") for o in self.cors_origins.split(",")]
        else:
            raw = [_origin_of(self.public_url)]
            if self.app_env == "development":  # the same dev server under its other name
                twin = {"localhost": "127.0.0.1", "127.0.0.1": "localhost"}
                for name, other in twin.items():
                    if f"//{name}" in raw[0]:
                        raw.append(raw[0].replace(f"//{name}", f"//{other}"))
        return [o for o in dict.fromkeys(raw) if o and o not in ("*", "null")]

    def session_signing_key(self) -> str:
        """SECRET_KEY; outside production without one, a random key kept in data/secret_key.

        So a bare-machine demo never signs sessions with a key published in the source.
        """
        if self.secret_key != DEFAULT_SECRET_KEY or self.app_env == "production":
            return self.secret_key
        if self._kept_key is None:  # read once per settings: each token check asks for it
            key_file = PROJECT_ROOT / "data" / "secret_key"
            if not key_file.exists():
                _create_once(key_file, secrets.token_urlsafe(48))
            self._kept_key = key_file.read_text().strip()
        return self._kept_key

    @property
    def payments_enabled(self) -> bool:
        """Paid sessions need both Stripe keys; without them every session is free."""
        return bool(self.stripe_secret_key and self.stripe_webhook_secret)

    @property
    def worker_count(self) -> int:
        """Web worker processes of this app process, as Reflex starts them (rxconfig.py)."""
        if self.web_workers:
            return self.web_workers
        if not self.redis_url:
            return 1
        import os

        return min(2 * (os.cpu_count() or 1) + 1, 8)

    @property
    def pool_size(self) -> int:
        """Database connections of one web worker: DB_POOL_SIZE, else 5 on SQLite, else its
        share of DB_CONNECTION_BUDGET after the relay and one health connection per worker,
        2..10."""
        if self.db_pool_size:
            return self.db_pool_size
        if self.is_sqlite:
            # One writer at a time and GIL-bound work: more threads only add contention.
            return 5
        share = (self.db_connection_budget - self.relay_pool_size) // self.worker_count - 1
        return max(2, min(10, share))

    @property
    def admission_limit(self) -> int:
        """Units of work one worker runs at once: MAX_CONCURRENT_REQUESTS, never more than its
        connections. Unset: one on SQLite, the pool on PostgreSQL. SQLite writes one at a time,
        and its work is the process's own CPU, bound by the GIL: a second unit does not finish
        sooner, it makes both slower. Each query lets the GIL go and must win it back from the
        others, so at 200 browsers five units at once cost 20 % more CPU per event than one,
        and waited three times longer at p95 (docs/performance.md, "one unit at a time")."""
        if self.max_concurrent_requests:
            return min(self.max_concurrent_requests, self.pool_size)
        return 1 if self.is_sqlite else self.pool_size

    @property
    def admission_write_limit(self) -> int:
        """Of the admission limit, the places writes (REST and UI) may hold at once: all but a
        quarter (at least one) once the limit is 4 or more, so reads keep places while writes
        wait on the disk; below 4 (SQLite's 1) there is nothing to spare."""
        limit = self.admission_limit
        return limit - max(1, limit // 4) if limit >= 4 else limit

    @property
    def admission_queue_length(self) -> int:
        """Callers that may wait for a place: ADMISSION_QUEUE, else 20 x the limit and at least
        200 (a wave of browsers each sending one action; ADMISSION_WAIT_SECONDS still bounds
        how long any of them waits)."""
        if self.admission_queue is not None:
            return self.admission_queue
        return max(20 * self.admission_limit, 200)

    @property
    def sign_in_thread_count(self) -> int:
        import os

        return self.sign_in_threads or max(1, (os.cpu_count() or 1) - 1)

    @property
    def is_sqlite(self) -> bool:
        return make_url(self.database_url).get_backend_name() == "sqlite"


def load_settings() -> Settings:
    """Build settings from the environment, turning validation errors into one readable line."""
    from pydantic import ValidationError

    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]).upper() if first["loc"] else ""
        message = str(first["msg"]).removeprefix("Value error, ")
        if field and field not in message:
            message = f"{field}: {message}"
        raise SettingsError(message) from None


@functools.cache
def get_settings() -> Settings:
    return load_settings()
