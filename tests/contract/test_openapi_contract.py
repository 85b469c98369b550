"""Schemathesis against the real server: every operation, as mentee, mentor and admin.

The server is started as `make serve` starts it (migrate + demo data, then `reflex run --env prod
--backend-only`) on a free port with its own SQLite database and raised rate limits. Each operation
gets at least 25 generated requests per role with a fixed seed (the same cases every run) and every
default check: no server error, status codes, headers and bodies as OpenAPI declares them,
schema-valid data accepted, invalid data refused.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests import stripe_stub
from tests.conftest import free_port
from tra_da.api.app import create_api
from tra_da.services import demo_data

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / "test-artifacts" / "contract-server.log"
ROLES = {
    "mentee": "an.vo@demo.trada.vn",
    "mentor": "lan.nguyen@demo.trada.vn",
    "admin": demo_data.ADMIN_EMAIL,
}
EXAMPLES = 25

# The schema the code declares; test_the_server_serves_this_schema proves the server serves it.
SPEC = create_api().openapi()
schema = schemathesis.openapi.from_dict(SPEC)


@pytest.fixture(scope="module")
def stripe() -> Iterator[stripe_stub.StripeStub]:
    with stripe_stub.running_stub() as stub:
        yield stub


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, stripe: stripe_stub.StripeStub
) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "APP_ENV": "test",
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('contract') / 'contract.db'}",
        "SEED_DEMO_DATA": "true",
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "RUN_OUTBOX_RELAY": "false",
        # Thousands of requests from one address: the limits are not what is under test here.
        "RATE_LIMIT_LOGIN": "1000000/minute",
        "RATE_LIMIT_API": "1000000/minute",
        "RATE_LIMIT_EVENTS": "1000000/minute",
        # Payments on, against the local Stripe stub (no 503 for "payments not configured").
        "STRIPE_SECRET_KEY": stripe_stub.SECRET_KEY,
        "STRIPE_WEBHOOK_SECRET": stripe_stub.WEBHOOK_SECRET,
        "STRIPE_API_BASE": stripe.url,
    }
    LOG.parent.mkdir(exist_ok=True)
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([python, "-m", "tra_da.cli", "prepare"], cwd=ROOT, env=env, check=True)
    cmd = [
        str(ROOT / ".venv" / "bin" / "reflex"),
        *("run", "--env", "prod", "--backend-only", "--backend-host", "127.0.0.1"),
        *("--backend-port", str(port), "--loglevel", "warning"),
    ]
    with LOG.open("w") as log:
        process = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            if process.poll() is not None:
                pytest.fail(f"the server exited early:\n{LOG.read_text()[-3000:]}")
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not start in 5 minutes:\n{LOG.read_text()[-3000:]}")
            time.sleep(0.5)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="module")
def tokens(server: str) -> dict[str, dict[str, str]]:
    headers = {}
    for role, email in ROLES.items():
        response = httpx.post(
            f"{server}/api/auth/login",
            json={"email": email, "password": demo_data.DEMO_PASSWORD},
        )
        assert response.status_code == 200, response.text
        headers[role] = {"Authorization": f"Bearer {response.json()['access_token']}"}
    return headers


def test_the_server_serves_this_schema(server: str) -> None:
    assert httpx.get(f"{server}/api/openapi.json").json() == SPEC


fuzz = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


# Rules no JSON Schema can state, so schema-valid data may rightly get 422 here: the 10,000
# most common passwords, IANA zone names, times that must lie in the future or follow one another.
# Every other check (server errors, status codes, bodies, headers, invalid data refused) still runs.
BEYOND_SCHEMA = {
    "POST /api/auth/register": "password strength, time zone names",
    "POST /api/mentors": "email deliverable syntax, expertise tags unique",
    "POST /api/mentors/{mentor_id}/slots": "a slot starts in the future and lasts 15 min..4 h",
    "POST /api/session-logs": "the session took place, before today",
    "PUT /api/mentors/{mentor_id}/price": "each currency's own minimum and maximum",
    "POST /api/payments/{payment_id}/refund": "no more than what is left to refund",
    "POST /api/payments/stripe/webhook": "only Stripe can sign an event (400 otherwise)",
    "POST /api/bookings/{booking_id}/review": "the session ended within 30 days, the caller's",
    "POST /api/reviews/{review_id}/hide": "a reason with more than spaces; not hidden yet",
    "POST /api/reviews/{review_id}/unhide": "the review is hidden",
}


def _mutates_authorization(case: schemathesis.Case) -> bool:
    """Whether this is a negative case about the Authorization header itself (left out, or
    given a malformed value). Signing such a case in would send valid credentials under a label
    that says they are missing, and a 200 would then read as "invalid data accepted"."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_negative:
        return False
    data = meta.phase.data
    names = {data.parameter, *(mutation.parameter for mutation in data.mutations)}
    return any(name is not None and name.lower() == "authorization" for name in names)


def _check(case: schemathesis.Case, server: str, headers: dict[str, str]) -> None:
    excluded = [positive_data_acceptance] if case.operation.label in BEYOND_SCHEMA else []
    signed_in = {} if _mutates_authorization(case) else headers
    case.call_and_validate(base_url=server, headers=signed_in, excluded_checks=excluded)


@schema.parametrize()
@fuzz
def test_as_mentee(case: schemathesis.Case, server: str, tokens: dict[str, dict[str, str]]) -> None:
    _check(case, server, tokens["mentee"])


@schema.parametrize()
@fuzz
def test_as_mentor(case: schemathesis.Case, server: str, tokens: dict[str, dict[str, str]]) -> None:
    _check(case, server, tokens["mentor"])


@schema.parametrize()
@fuzz
def test_as_admin(case: schemathesis.Case, server: str, tokens: dict[str, dict[str, str]]) -> None:
    _check(case, server, tokens["admin"])
