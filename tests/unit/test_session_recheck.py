"""Per-event costs of the UI kept low: a tab's recent session check reused, bcrypt off the gate."""

from __future__ import annotations

import asyncio
import threading
import time
from types import SimpleNamespace

import pytest

from tra_da import admission
from tra_da.services import auth
from tra_da.state.session import SessionState

TOKEN = "sid-1.secret-part"


def _tab(**fields: object) -> SimpleNamespace:
    values: dict[str, object] = {
        "user_role": "mentee",
        "token": TOKEN,
        "_resolved_for": TOKEN,
        "_resolved_at": time.time(),
    }
    values.update(fields)
    return SimpleNamespace(**values)


@pytest.fixture(autouse=True)
def clean_cache():
    auth.forget_web_sessions()
    yield
    auth.forget_web_sessions()


def test_a_page_guard_reuses_its_tabs_check_only_within_the_window() -> None:
    auth._remember(auth.digest(TOKEN), "sid-1", 7)
    assert SessionState._still_fresh(_tab())  # type: ignore[arg-type]
    old = time.time() - auth.WEB_SESSION_RECHECK_SECONDS - 0.1
    assert not SessionState._still_fresh(_tab(_resolved_at=old))  # type: ignore[arg-type]
    # Another token in the tab (signed in again, or out: ""), or nobody signed in: read again.
    assert not SessionState._still_fresh(_tab(token="sid-2.other"))  # type: ignore[arg-type]
    assert not SessionState._still_fresh(_tab(user_role=""))  # type: ignore[arg-type]


def test_a_session_ended_in_this_process_is_not_reused_by_any_tab() -> None:
    auth._remember(auth.digest(TOKEN), "sid-1", 7)
    assert SessionState._still_fresh(_tab())  # type: ignore[arg-type]
    auth.forget_web_sessions(["sid-1"])  # what _revoke does for sign-out, "everywhere", ...
    assert not SessionState._still_fresh(_tab())  # type: ignore[arg-type]


def test_sign_in_hashing_runs_while_the_gate_is_full() -> None:
    """bcrypt runs on threads of its own: a full gate (every database place taken, no room to
    wait) refuses database work, not a password check; and the check leaves the loop free."""
    admission.gate.cache_clear()
    gate = admission.gate()
    gate.in_use, gate.queue = gate.limit, 0
    seen: dict[str, str] = {}

    def check() -> str:
        seen["thread"] = threading.current_thread().name
        return "checked"

    async def run() -> tuple[str, BaseException | None]:
        hashed = await admission.run_hashing(check)
        try:
            await admission.run_admitted(check)
        except admission.Overloaded as exc:
            return hashed, exc
        return hashed, None

    try:
        hashed, refused = asyncio.run(run())
    finally:
        gate.in_use = 0
        admission.gate.cache_clear()
    assert hashed == "checked" and seen["thread"].startswith("ui-hash")
    assert isinstance(refused, admission.Overloaded)
