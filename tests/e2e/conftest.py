"""Start the production build exactly as `make run` does, on a free port with its own database,
in a throw-away copy of the project (tests/appcopy.py)."""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests import chromium, stripe_stub
from tests.appcopy import Server, copy_build, free_port, make_copy, start_server

ROOT = Path(__file__).resolve().parents[2]
# axe-core, the accessibility checker the browser tests load into pages (scripts/test-tools.sh).
AXE = ROOT / "tests" / "tools" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def stripe() -> Iterator[stripe_stub.StripeStub]:
    """Stripe's API as the server sees it (a local stub): payments are on, checkout works
    offline, and its "payment page" URLs answer so a browser can land on them."""
    with stripe_stub.running_stub() as stub:
        yield stub


def server_env(database_url: str, stripe_url: str) -> dict[str, str]:
    """What the browser tests' server runs with (PORT, HOST, PUBLIC_URL: tests.appcopy)."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "SEED_DEMO_DATA": "true",
        "RUN_OUTBOX_RELAY": "true",
        "OUTBOX_POLL_SECONDS": "0.5",
        # Each browser context below claims its own client address (X-Forwarded-For), so the
        # per-address sign-in limit of one test never blocks another.
        "REFLEX_TRUSTED_PROXY_HOPS": "1",
        # Payments on (demo mentors stay free until a test sets a price).
        "STRIPE_SECRET_KEY": stripe_stub.SECRET_KEY,
        "STRIPE_WEBHOOK_SECRET": stripe_stub.WEBHOOK_SECRET,
        "STRIPE_API_BASE": stripe_url,
    }


def start_e2e_server(
    tmp_path_factory: pytest.TempPathFactory,
    stripe_url: str,
    log_name: str = "e2e-server.log",
    source: Path = ROOT,
    database: Path | None = None,
) -> Server:
    """The production build as `make run` starts it, on a free port with its own database, in
    a throw-away copy of ``source``: the checkout's own build (and the app `make run` may be
    serving from it) is never touched."""
    database = database or tmp_path_factory.mktemp("e2e") / "e2e.db"
    try:
        return start_server(
            server_env(f"sqlite:///{database}", stripe_url), ARTIFACTS / log_name, source=source
        )
    except RuntimeError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def server_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SQLite file the shared server runs on: for a test that needs rows no page can make
    in bulk (a mailbox of more than one page)."""
    return tmp_path_factory.mktemp("e2e") / "e2e.db"


@pytest.fixture(scope="session")
def e2e_server(
    tmp_path_factory: pytest.TempPathFactory,
    stripe: stripe_stub.StripeStub,
    server_database: Path,
) -> Iterator[Server]:
    running = start_e2e_server(tmp_path_factory, stripe.url, database=server_database)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def server(e2e_server: Server) -> str:
    return e2e_server.base


# A build takes a minute or more of CPU, most of the browser suite's set-up. Servers that a test
# module needs for a database of its own therefore serve the build of the shared server above
# instead of building again: `make serve` (scripts/serve.sh, the exported-frontend production
# start) in a copy holding that build, adjusted to its own port (tests.appcopy.copy_build).
# tests/e2e/test_isolation.py still builds its servers as `make run` does.
def start_sibling_server(
    main: Server,
    database_url: str,
    stripe_url: str,
    log_name: str,
    settings: dict[str, str] | None = None,
) -> Server:
    """A server with its own database (``database_url``) serving ``main``'s build; ``settings``
    (environment variables, .env.example) on top of the browser tests' own."""
    port = free_port()
    copy = make_copy()
    try:
        copy_build(main.root, copy, port)
        running = start_server(
            {**server_env(database_url, stripe_url), **(settings or {})},
            ARTIFACTS / log_name,
            root=copy,
            port=port,
            script="serve.sh",
        )
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        shutil.rmtree(copy, ignore_errors=True)
        pytest.fail(str(exc))
    running.own_copy = True  # removed when stopped
    return running


@contextlib.contextmanager
def sibling_server(
    main: Server,
    database: Path,
    stripe_url: str,
    name: str,
    settings: dict[str, str] | None = None,
) -> Iterator[str]:
    """``start_sibling_server`` on the SQLite file ``database`` (log: e2e-``name``.log), stopped
    when the block ends; yields its base address."""
    running = start_sibling_server(
        main, f"sqlite:///{database}", stripe_url, f"e2e-{name}.log", settings
    )
    try:
        yield running.base
    finally:
        running.stop()


_addresses = itertools.count(10)


def next_client_address() -> str:
    """A client address of its own (X-Forwarded-For) for a new browser context."""
    return f"198.51.100.{next(_addresses)}"


def new_page(
    browser: Browser, base: str, path: str, width: int = 1280, height: int = 800
) -> tuple[Page, list[str]]:
    """A fresh browser context (own storage, own client address) opened at ``path``."""
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="en-US",
        extra_http_headers={"X-Forwarded-For": next_client_address()},
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
        browser = chromium.launch(playwright.chromium)
        yield browser
        browser.close()


def pick_day(page: Page, name: str, iso: str) -> None:
    """Choose ``iso`` ("2026-12-02") in the app's date field ``name`` (components/pickers.py)."""
    year, month, day = iso.split("-")
    for part, value in (("year", year), ("month", month), ("day", day)):
        page.locator(f"#{name}-{part}").select_option(value)


def pick_time(page: Page, name: str, clock: str) -> None:
    """Choose ``clock`` ("18:30") in the app's time field ``name``."""
    hour, minute = clock.split(":")
    page.locator(f"#{name}-hour").select_option(hour)
    page.locator(f"#{name}-minute").select_option(minute)


@pytest.fixture(scope="session")
def axe_source() -> Path:
    """axe-core's script, installed first if it is missing (as `make test` does)."""
    if not AXE.is_file():
        subprocess.run(["bash", str(ROOT / "scripts" / "test-tools.sh")], check=True)
    return AXE
