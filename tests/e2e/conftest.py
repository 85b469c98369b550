"""Start the production build exactly as `make run` does, on a free port with its own database."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests import stripe_stub
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def stripe() -> Iterator[stripe_stub.StripeStub]:
    """Stripe's API as the server sees it (a local stub): payments are on, checkout works
    offline, and its "payment page" URLs answer so a browser can land on them."""
    with stripe_stub.running_stub() as stub:
        yield stub


@pytest.fixture(scope="session")
def server(
    tmp_path_factory: pytest.TempPathFactory, stripe: stripe_stub.StripeStub
) -> Iterator[str]:
    port = free_port()
    log_path = ARTIFACTS / "e2e-server.log"
    ARTIFACTS.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'e2e.db'}",
        "SEED_DEMO_DATA": "true",
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "RUN_OUTBOX_RELAY": "true",
        "OUTBOX_POLL_SECONDS": "0.5",
        # Each browser context below claims its own client address (X-Forwarded-For), so the
        # per-address sign-in limit of one test never blocks another.
        "REFLEX_TRUSTED_PROXY_HOPS": "1",
        # Payments on (demo mentors stay free until a test sets a price).
        "STRIPE_SECRET_KEY": stripe_stub.SECRET_KEY,
        "STRIPE_WEBHOOK_SECRET": stripe_stub.WEBHOOK_SECRET,
        "STRIPE_API_BASE": stripe.url,
    }
    with log_path.open("w") as log:
        process = subprocess.Popen(
            ["bash", str(ROOT / "scripts" / "run.sh")],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"the server exited early; see {log_path}:\n{log_path.read_text()[-3000:]}"
                )
            try:
                if httpx.get(f"{base}/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not answer within 10 minutes; see {log_path}")
            time.sleep(1)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


_addresses = itertools.count(10)


def new_page(
    browser: Browser, base: str, path: str, width: int = 1280, height: int = 800
) -> tuple[Page, list[str]]:
    """A fresh browser context (own storage, own client address) opened at ``path``."""
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="en-US",
        extra_http_headers={"X-Forwarded-For": f"198.51.100.{next(_addresses)}"},
    )
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(base + path, wait_until="networkidle")
    return page, problems


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
