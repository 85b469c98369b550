"""The UI's own path under load: N simulated browsers over Reflex's websocket (`/_event`).

    .venv/bin/python bench/ui_driver.py --base http://127.0.0.1:3000 --users 200 --seconds 30 \
        --first-mentee 1 --server-pid <pid of the app's launcher> [--out ui.json]

Each browser speaks the frontend's protocol (socket.io on engine.io v4, namespace and path
`/_event`, reflex_base/.templates/web/utils/state.js and reflex/app.py EventNamespace): it connects
with `?token=<tab uuid>` and the boot event `<root state>.hydrate_and_load` in the CONNECT packet,
then emits `event` packets `{name: "<state full name>.<handler>", payload, router_data: {pathname,
asPath, query}}` and reads the `event` answers (`{delta, events}`). A page change is what the
browser sends on navigation: `update_vars_internal` (its localStorage: the session token) and
`on_load_internal`. State names come from the state classes' get_full_name(): they follow renames.

Phase 1 (not in the journey window): every browser opens /login?next=/mentors and signs in with its
own mentee account, spread over --ramp seconds (sign-in is bcrypt, ~0.24 s of CPU each by design).
Phase 2: each browser walks directory -> search -> mentor profile -> book (choose a slot, confirm)
-> My sessions, with 1-3 s think time between steps, again and again. Each starts its first
journey at a random moment of a warm-up (--warm-up, about one journey) after the last sign-in; the
journey window (--seconds) opens after it and counts only the steps begun inside it, so the
browsers are at random points of their journeys, as a site's visitors are. Until 1 Dec every
browser started within 2 s of the others and the window opened at once (--together): the
browsers moved in waves through the whole window, which decided the p95 as much as the server.

Round trip = emit -> the answer that completes the step. Reflex 0.10 no longer sends `final`
(StateUpdate.final is deprecated and unset), so completion is what the page waits for:
- page loads (directory, profile, My sessions): the delta that sets `is_hydrated` back to true;
  on_load_internal queues the page's on_load handlers and then that flip, on the backend, in order;
- sign in, confirm booking: the `_redirect` event (or the form's error message);
- search, choose a slot: the handler's delta of that page's state.
Errors: no answer within --timeout, a dropped socket, a throttled event (the throttle's toast),
an unexpected error message, a page or search whose data was refused (the message the page shows,
e.g. "busy": before 30 Nov such a page counted only when My sessions then missed the booking). A
slot someone else took first is a correct answer, counted apart.

Each browser has its own address (X-Forwarded-For, trusted with REFLEX_TRUSTED_PROXY_HOPS=1), as
real browsers do, so per-address limits apply per browser. Memory: RSS (and USS) summed over the
server's process tree (psutil), before the first connection and after the journey window with every
session still connected; reported per 100 sessions.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402
import socketio  # noqa: E402
from reflex.state import OnLoadInternalState, State, UpdateVarsInternalState  # noqa: E402
from reflex_base.constants import CompileVars  # noqa: E402
from reflex_base.constants.state import FIELD_MARKER  # noqa: E402

from tra_da.i18n import LANGUAGES, translations  # noqa: E402
from tra_da.state.booking import (  # noqa: E402
    BookingAnswer,
    DirectoryState,
    MentorProfileState,
    SessionsState,
)
from tra_da.state.forms import FormState  # noqa: E402
from tra_da.state.login import LoginState  # noqa: E402
from tra_da.state.session import SessionState  # noqa: E402

NAMESPACE = "/_event"
PASSWORD = "bench-passphrase-0001"
SEARCHES = ["python", "sql", "design", "product", "data", "go", "career", "ml", "ux", "cloud"]
STEPS = [
    "0 open /login (connect + hydrate)",
    "1 sign in",
    "2 directory",
    "3 search",
    "4 mentor profile",
    "5 book: choose slot",
    "5 book: confirm",
    "6 my sessions",
]
JOURNEY = STEPS[2:]


def handler(state: Any, name: str) -> str:
    return f"{state.get_full_name()}.{name}"


def field(name: str) -> str:
    return name + FIELD_MARKER


ROOT_STATE = State.get_full_name()
HYDRATE = handler(State, CompileVars.HYDRATE_AND_LOAD)
ON_LOAD = handler(OnLoadInternalState, "on_load_internal")
UPDATE_VARS = handler(UpdateVarsInternalState, "update_vars_internal")
TOKEN_KEY = f"{SessionState.get_full_name()}.{field('token')}"
FORM = FormState.get_full_name()
DIRECTORY = DirectoryState.get_full_name()
PROFILE = MentorProfileState.get_full_name()
ANSWER = BookingAnswer.get_full_name()
SESSIONS = SessionsState.get_full_name()
SESSION = SessionState.get_full_name()
HYDRATED = field(CompileVars.IS_HYDRATED)
# "Someone just booked this slot" in every language: a correct answer, not an error.
SLOT_TAKEN = {translations(lang)["err.slot_taken"] for lang in LANGUAGES}


def initial_hashes() -> list[str] | None:
    """The per-state hashes a freshly loaded page sends with its first hydrate.

    The compiled frontend sends hashes of the defaults baked into it, and the backend then sends
    only the vars that differ (without them: the whole state tree, ~55 KB instead of ~1.5 KB for
    /login). They are computed here as the backend computes its own (reflex.state
    state_snapshot_hashes of the default snapshot), which needs every state of the app imported.
    """
    try:
        from reflex.state import _resolve_delta, state_snapshot_hashes

        import tra_da.tra_da  # noqa: F401  (registers every state and page)

        snapshot = asyncio.run(_resolve_delta(State(_reflex_internal_init=True).dict(initial=True)))
        return state_snapshot_hashes(snapshot)
    except Exception as exc:  # the run still works, with bigger first hydrates
        print(f"(no initial state hashes: {type(exc).__name__}: {exc}; full hydrates)")
        return None


HASHES: list[str] | None = None


class StepFailed(Exception):
    pass


class Results:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.reasons: dict[str, int] = defaultdict(int)
        self.taken = 0
        self.booked = 0
        self.window_start = float("inf")  # journey steps begun before it are not counted

    def counts(self, step: str, began: float) -> bool:
        return step in STEPS[:2] or began >= self.window_start

    def error(self, step: str, reason: str) -> None:
        self.errors[step] += 1
        self.reasons[f"{step}: {reason}"[:400]] += 1


class Browser:
    """One tab: a socket, the state it has been sent, and the step it waits for."""

    def __init__(self, n: int, email: str, base: str, results: Results, timeout: float) -> None:
        self.n, self.email, self.base, self.results, self.timeout = n, email, base, results, timeout
        self.ip = f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255 or 1}"
        self.sio = socketio.AsyncClient(reconnection=False)
        self.view: dict[str, dict[str, Any]] = defaultdict(dict)
        self.storage: dict[str, str] = {}
        self.path = "/login"
        self.waiting: tuple[Any, asyncio.Future[Any]] | None = None
        self.last_search = ""
        self.since_emit: list[str] = []  # what came back since the step's emit (for errors)
        self.sio.on("event", self._on_event, namespace=NAMESPACE)
        self.sio.on("disconnect", self._on_disconnect, namespace=NAMESPACE)

    # --- the wire ---

    async def _on_event(self, update: dict[str, Any]) -> None:
        delta = update.get("delta") or {}
        for state, values in delta.items():
            self.view[state].update(values)
        if SESSION in delta:
            token = delta[SESSION].get(field("token"))
            if token is not None:
                self.storage[TOKEN_KEY] = token
        events = update.get("events") or []
        if len(self.since_emit) < 6:
            got = [e.get("name", "?") for e in events] + [k.rsplit(".", 1)[-1] for k in delta]
            self.since_emit.append("+".join(got)[:80])
        if self.waiting is None:
            return
        check, future = self.waiting
        if future.done():
            return
        for ev in events:
            if "throttled" in json.dumps(ev.get("payload", {})):
                future.set_exception(StepFailed("throttled (toast)"))
                return
        try:
            done = check(delta, events)
        except StepFailed as exc:
            future.set_exception(exc)
            return
        if done:
            future.set_result(done)

    async def _on_disconnect(self, *_: Any) -> None:
        if self.waiting is not None and not self.waiting[1].done():
            self.waiting[1].set_exception(StepFailed("socket dropped"))

    def _router_data(self, path: str, query: dict[str, str] | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {"pathname": path, "asPath": path}
        if query:
            data["query"] = query
            data["asPath"] = path + "?" + "&".join(f"{k}={v}" for k, v in query.items())
        return data

    async def _step(self, step: str, check: Any, send: Any) -> Any:
        """Time one step: from the first emit to the answer `check` accepts."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.waiting = (check, future)
        self.since_emit = []
        t0 = time.perf_counter()
        try:
            await send()
            result = await asyncio.wait_for(future, self.timeout)
        except TimeoutError:
            got = ", ".join(self.since_emit) or "nothing"
            self.results.error(step, f"no answer within {self.timeout:.0f} s (got: {got})")
            raise StepFailed("timeout") from None
        except StepFailed as exc:
            self.results.error(step, str(exc))
            raise
        except Exception as exc:  # a refused or broken socket
            self.results.error(step, f"{type(exc).__name__}: {exc}")
            raise StepFailed(str(exc)) from exc
        finally:
            self.waiting = None
        if self.results.counts(step, t0):
            self.results.times[step].append((time.perf_counter() - t0) * 1000)
        return result

    async def emit(
        self, name: str, payload: dict[str, Any] | None = None, query: Any = None
    ) -> None:
        event: dict[str, Any] = {"name": name, "router_data": self._router_data(self.path, query)}
        if payload:
            event["payload"] = payload
        await self.sio.emit("event", event, namespace=NAMESPACE)

    # --- what the page waits for ---

    @staticmethod
    def _hydrated(delta: dict[str, Any], _events: Any) -> bool:
        return delta.get(ROOT_STATE, {}).get(HYDRATED) is True

    def _form_error(self, delta: dict[str, Any]) -> str:
        return str(delta.get(FORM, {}).get(field("error")) or "")

    async def navigate(self, step: str, path: str, query: dict[str, str] | None = None) -> None:
        """What the browser sends on a client-side page change (utils/state.js)."""
        self.path = path

        async def send() -> None:
            if self.storage:
                await self.emit(UPDATE_VARS, {CompileVars.PAYLOAD_VARS: dict(self.storage)}, query)
            await self.emit(ON_LOAD, None, query)

        await self._step(step, self._hydrated, send)
        if self.view[SESSION].get(field("allowed")) is False and path != "/login":
            self.results.error(step, "signed out: the page's guard refused the session")
            raise StepFailed("signed out")
        self._check_refused(step)

    def _check_refused(self, step: str) -> None:
        """A page or search whose data could not be read (shed as busy, say) shows why in the
        form's message: an error, as the person sees it."""
        if error := str(self.view[FORM].get(field("error")) or ""):
            self.results.error(step, f"refused: {error}")
            raise StepFailed("refused")

    # --- the journey ---

    async def open_login(self) -> None:
        self.path = "/login"
        query = {"next": "/mentors"}
        token = str(uuid.uuid4())
        payload = {CompileVars.PAYLOAD_HASHES: HASHES} if HASHES else {}
        boot = {
            "name": HYDRATE,
            "payload": payload,
            "router_data": self._router_data("/login", query),
        }

        async def send() -> None:
            await self.sio.connect(
                f"{self.base}?token={token}",
                socketio_path=NAMESPACE,
                namespaces=[NAMESPACE],
                transports=["websocket"],
                headers={"X-Forwarded-For": self.ip},
                auth={CompileVars.CONNECT_AUTH_EVENT: boot},
                wait_timeout=self.timeout,
            )

        await self._step(STEPS[0], self._hydrated, send)

    async def sign_in(self) -> None:
        def check(delta: dict[str, Any], events: list[dict[str, Any]]) -> bool:
            if any(e.get("name") == "_redirect" for e in events):
                return True
            if error := self._form_error(delta):
                raise StepFailed(f"sign-in refused: {error}")
            return False

        form = {"email": self.email, "password": PASSWORD}
        await self._step(
            STEPS[1],
            check,
            lambda: self.emit(handler(LoginState, "submit"), {"form": form}, {"next": "/mentors"}),
        )
        if not self.storage.get(TOKEN_KEY):
            raise StepFailed("signed in without a session token")

    async def journey(self, think: Any) -> None:
        await self.navigate("2 directory", "/mentors")
        await think()
        choices = [s for s in SEARCHES if s != self.last_search]
        self.last_search = query = random.choice(choices)
        form = {"query": query, "track": "", "expertise": "", "within_days": ""}
        await self._step(
            "3 search",
            lambda delta, _events: DIRECTORY in delta,
            lambda: self.emit(handler(DirectoryState, "search"), {"form": form}),
        )
        self._check_refused("3 search")
        cards = self.view[DIRECTORY].get(field("cards")) or []
        if not cards:
            return
        await think()
        mentor = str(random.choice(cards)["id"])
        await self.navigate("4 mentor profile", f"/mentors/{mentor}", {"mentor_id": mentor})
        days = self.view[PROFILE].get(field("days")) or []
        slots = [s for d in days for s in d.get("slots", [])]
        if not slots:
            return
        await think()
        slot = random.choice(slots)
        await self._step(
            "5 book: choose slot",
            # The dialog opens in the browser; the server's answer names the chosen slot.
            lambda delta, _events: bool(delta.get(PROFILE, {}).get(field("chosen"))),
            lambda: self.emit(handler(MentorProfileState, "choose"), {"slot": slot}),
        )
        outcome: dict[str, str] = {}

        def confirmed(delta: dict[str, Any], events: list[dict[str, Any]]) -> bool:
            for e in events:
                if e.get("name") == "_redirect":
                    outcome["to"] = e.get("payload", {}).get("path", "")
                    return True
            # A refusal: its message, with the booking's answer (the count that ends the
            # button's busy state in the browser).
            answered = field("answers") in delta.get(ANSWER, {})
            if (error := self._form_error(delta)) and answered:
                outcome["error"] = error
                return True
            return False

        await self._step(
            "5 book: confirm",
            confirmed,
            lambda: self.emit(handler(MentorProfileState, "confirm")),
        )
        if "error" in outcome:
            if outcome["error"] in SLOT_TAKEN:
                # Taken by someone else first: the page says so and shows what is left.
                self.results.taken += 1
                return
            self.results.error("5 book: confirm", f"refused: {outcome['error']}")
            return
        self.results.booked += 1
        # The browser follows the redirect at once (no think time).
        await self.navigate("6 my sessions", outcome["to"].split("?")[0] or "/sessions")
        upcoming = self.view[SESSIONS].get(field("upcoming"))
        if not upcoming:
            self.results.error("6 my sessions", "the booking is not listed")


async def run(args: argparse.Namespace) -> dict[str, Any]:
    results = Results()
    server = psutil.Process(args.server_pid) if args.server_pid else None
    memory_before = tree_memory(server)
    browsers = [
        Browser(
            n,
            f"mentee{args.first_mentee + n}@bench.trada.vn",
            args.base,
            results,
            args.timeout,
        )
        for n in range(args.users)
    ]
    alive: list[Browser] = []
    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    deadline = float("inf")

    async def think() -> None:
        await asyncio.sleep(random.uniform(1, 3))

    async def walk(b: Browser, delay: float) -> None:
        await asyncio.sleep(delay)
        while time.perf_counter() < deadline:
            try:
                await b.journey(think)
                await think()
            except StepFailed as exc:
                if str(exc) == "timeout" or not b.sio.connected:
                    # Its late answers would end the next step early: this tab is done.
                    if b.sio.connected:
                        await b.sio.disconnect()
                    return
                await think()

    async def start(b: Browser) -> None:
        await asyncio.sleep(random.uniform(0, args.ramp))
        try:
            await b.open_login()
            await think()  # typing the password
            await b.sign_in()
            alive.append(b)
        except StepFailed:
            pass

    t0 = time.perf_counter()
    await asyncio.gather(*(start(b) for b in browsers))
    sign_in_seconds = time.perf_counter() - t0
    # Every browser starts its first journey at a random moment of the warm-up, so that when the
    # window opens they are at random points of their journeys (--together: within 2 s).
    warm_up = 0.0 if args.together else args.warm_up
    walking = [asyncio.ensure_future(walk(b, random.uniform(0, warm_up or 2.0))) for b in alive]
    await asyncio.sleep(warm_up)

    window_start = time.perf_counter()
    deadline = window_start + args.seconds
    results.window_start = window_start
    cpu_before, load_before = tree_cpu_seconds(server), os.getloadavg()
    await asyncio.gather(*walking)
    window = time.perf_counter() - window_start
    cpu_window = tree_cpu_seconds(server) - cpu_before
    memory_after = tree_memory(server)
    usage1 = resource.getrusage(resource.RUSAGE_SELF)
    connected = sum(1 for b in browsers if b.sio.connected)
    await asyncio.gather(*(b.sio.disconnect() for b in browsers if b.sio.connected))

    steps = {}
    for step in STEPS:
        samples = results.times.get(step, [])
        steps[step] = {
            "count": len(samples),
            "errors": results.errors.get(step, 0),
            "p50": pct(samples, 0.50),
            "p95": pct(samples, 0.95),
            "p99": pct(samples, 0.99),
            "max": max(samples) if samples else 0.0,
        }
    events = [t for s in JOURNEY for t in results.times.get(s, [])]
    sessions = len(browsers)
    grown = memory_after["rss_mib"] - memory_before["rss_mib"]
    out = {
        "users": args.users,
        "hydrate_with_hashes": bool(HASHES),
        "signed_in": len(alive),
        "connected_at_end": connected,
        "sign_in_phase_s": sign_in_seconds,
        "window_s": window,
        "steps": steps,
        "journey_events": {
            "count": len(events),
            "p50": pct(events, 0.50),
            "p95": pct(events, 0.95),
            "p99": pct(events, 0.99),
            "per_s": len(events) / window if window else 0.0,
        },
        # The server's CPU time (user + system, every process of it) over the journey window:
        # per event it hardly depends on how busy the rest of the machine is.
        "server_cpu_pct": 100 * cpu_window / window if window else 0.0,
        "server_cpu_ms_per_event": 1000 * cpu_window / len(events) if events else 0.0,
        "load_avg_window": [load_before[0], os.getloadavg()[0]],
        "errors": sum(results.errors.values()),
        "error_reasons": dict(results.reasons),
        "booked": results.booked,
        "taken": results.taken,
        "memory_before": memory_before,
        "memory_after": memory_after,
        "rss_mib_per_100_sessions": 100 * grown / sessions if sessions else 0.0,
        "driver_cpu_pct": 100
        * (usage1.ru_utime + usage1.ru_stime - usage0.ru_utime - usage0.ru_stime)
        / (time.perf_counter() - t0),
    }
    return out


def tree_cpu_seconds(root: psutil.Process | None) -> float:
    """CPU seconds (user + system) used so far by a process and its descendants."""
    if root is None:
        return 0.0
    total = 0.0
    try:
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    for p in procs:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def tree_memory(root: psutil.Process | None) -> dict[str, float]:
    """RSS and USS summed over a process and its descendants, MiB."""
    rss = uss = 0.0
    if root is None:
        return {"rss_mib": 0.0, "uss_mib": 0.0}
    try:
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return {"rss_mib": 0.0, "uss_mib": 0.0}
    for p in procs:
        try:
            info = p.memory_full_info()
            rss += info.rss / 2**20
            uss += info.uss / 2**20
        except psutil.Error:
            pass
    return {"rss_mib": rss, "uss_mib": uss}


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else 0.0


def report(r: dict[str, Any], p95_target: float = 100.0, mib_target: float = 200.0) -> str:
    lines = [
        f"UI over the websocket: {r['users']} browsers, {r['signed_in']} signed in "
        f"(sign-in phase {r['sign_in_phase_s']:.0f} s), journey window {r['window_s']:.0f} s, "
        f"driver CPU {r['driver_cpu_pct']:.0f} %",
        "| step | count | p50 ms | p95 ms | p99 ms | max ms | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for step, s in r["steps"].items():
        lines.append(
            f"| {step} | {s['count']} | {s['p50']:.1f} | {s['p95']:.1f} | {s['p99']:.1f} "
            f"| {s['max']:.0f} | {s['errors']} |"
        )
    e = r["journey_events"]
    lines.append(
        f"| journey steps 2-6, all | {e['count']} | {e['p50']:.1f} | {e['p95']:.1f} "
        f"| {e['p99']:.1f} | | |"
    )
    if "server_cpu_ms_per_event" in r:
        lines.append(
            f"server CPU over the journey window {r['server_cpu_pct']:.0f} % of a core, "
            f"{r['server_cpu_ms_per_event']:.1f} ms per journey event; load average "
            f"{r['load_avg_window'][0]:.1f} -> {r['load_avg_window'][1]:.1f}"
        )
    mb, ma = r["memory_before"], r["memory_after"]
    lines.append(
        f"booked {r['booked']}, taken by someone else first {r['taken']}; "
        f"server RSS {mb['rss_mib']:.0f} -> {ma['rss_mib']:.0f} MiB "
        f"(USS {mb['uss_mib']:.0f} -> {ma['uss_mib']:.0f}) with {r['connected_at_end']} sessions "
        f"connected: {r['rss_mib_per_100_sessions']:.0f} MiB per 100 sessions"
    )
    for reason, n in sorted(r["error_reasons"].items(), key=lambda kv: -kv[1])[:8]:
        lines.append(f"  error x{n}: {reason}")
    verdict = [
        (
            f"journey event round trip p95 <= {p95_target:.0f} ms",
            e["count"] > 0 and e["p95"] <= p95_target,
            f"{e['p95']:.1f} ms over {e['count']} events",
        ),
        ("0 errors", r["errors"] == 0 and r["signed_in"] == r["users"], str(r["errors"])),
        (
            f"<= {mib_target:.0f} MiB more RSS per 100 sessions",
            r["rss_mib_per_100_sessions"] <= mib_target,
            f"{r['rss_mib_per_100_sessions']:.0f} MiB",
        ),
    ]
    for name, ok, value in verdict:
        lines.append(f"{'PASS' if ok else 'FAIL'} ui: {name} ({value})")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", required=True, help="the app's URL, e.g. http://127.0.0.1:3000")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30, help="journey window")
    parser.add_argument(
        "--ramp", type=float, default=0, help="sign-ins spread over (default: users/5 s)"
    )
    parser.add_argument(
        "--together",
        action="store_true",
        help="every browser starts walking within 2 s of the last sign-in and the window opens "
        "at once (the driver before 1 Dec: the browsers move in waves)",
    )
    parser.add_argument(
        "--warm-up",
        type=float,
        default=12,
        help="after the last sign-in, each browser starts walking at a random moment of this "
        "many seconds (about one journey), and the window opens after it",
    )
    parser.add_argument("--first-mentee", type=int, default=1)
    parser.add_argument("--server-pid", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=20)
    parser.add_argument("--out")
    args = parser.parse_args()
    global HASHES
    HASHES = initial_hashes()
    if not args.ramp:
        # bcrypt (~0.24 s CPU a sign-in): 5 a second is ~1.2 cores, leaving the rest for the others.
        args.ramp = max(2.0, args.users / 5)
    result = asyncio.run(run(args))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2))
    print(report(result))


if __name__ == "__main__":
    main()
