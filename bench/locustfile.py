"""The user journey of `make bench`: browse the directory, open a mentor, book, my sessions.

Each simulated user is one signed-in mentee (a Bearer token from BENCH_TOKENS, a JSON list,
starting at BENCH_TOKEN_OFFSET) and waits 1-3 s between steps (docs/performance-anchors load
model). A booking answered 409 (someone took the slot first) is a correct answer, counted apart.

BENCH_THINK=0 is the saturation model: no think time, and every journey signs in as the next
mentee of BENCH_TOKENS (mint about 20 per user) so no one reaches the cap on upcoming bookings.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
from collections import defaultdict

import gevent
from locust import HttpUser, between, constant, events, task

TOKENS: list[str] = json.loads(open(os.environ["BENCH_TOKENS"]).read())  # noqa: SIM115
_next_token = itertools.count(int(os.environ.get("BENCH_TOKEN_OFFSET", "0")))
PAGES = int(os.environ.get("BENCH_DIRECTORY_PAGES", "100"))
OUTCOMES = {"booked": 0, "taken": 0}
# Every response time in ms, unrounded (locust's own percentiles are bucketed).
TIMES: dict[str, list[float]] = defaultdict(list)
ERRORS: dict[str, int] = defaultdict(int)
# When each of TIMES ended, in s since recording started: slow answers bunched in one second
# are a stall (disk, a pause), spread over the window they are queueing.
ENDED: dict[str, list[float]] = defaultdict(list)
# Recording starts once every user is running (the ramp is not measured).
CLOCK = {"start": 0.0, "recording": False}
SATURATION = os.environ.get("BENCH_THINK", "1") == "0"


class Mentee(HttpUser):
    wait_time = constant(0) if SATURATION else between(1, 3)

    def on_start(self) -> None:
        token = TOKENS[next(_next_token) % len(TOKENS)]
        self.client.headers["Authorization"] = f"Bearer {token}"
        # People do not all arrive in the same millisecond: spread the first requests.
        gevent.sleep(random.uniform(0, 2))

    @task
    def journey(self) -> None:
        if SATURATION:
            token = TOKENS[next(_next_token) % len(TOKENS)]
            self.client.headers["Authorization"] = f"Bearer {token}"
        page = random.randrange(PAGES)
        r = self.client.get(f"/api/mentors?limit=12&offset={page * 12}", name="1 browse directory")
        items = r.json()["items"] if r.status_code == 200 else []
        if not items:
            return
        mentor = random.choice(items)["id"]
        self.wait()
        self.client.get(f"/api/mentors/{mentor}", name="2 open mentor")
        r = self.client.get(f"/api/mentors/{mentor}/slots", name="2 open mentor: slots")
        slots = r.json() if r.status_code == 200 else []
        if not slots:
            return
        self.wait()
        slot = random.choice(slots)["id"]
        with self.client.post(f"/api/slots/{slot}/book", name="3 book", catch_response=True) as r:
            if r.status_code == 201:
                OUTCOMES["booked"] += 1
                r.success()
            elif r.status_code == 409:
                OUTCOMES["taken"] += 1
                r.success()
            else:
                r.failure(f"booking answered {r.status_code}: {r.text[:200]}")
        self.wait()
        self.client.get("/api/bookings", name="4 my sessions")


@events.spawning_complete.add_listener
def _started(**_: object) -> None:
    CLOCK["start"] = time.monotonic()
    CLOCK["recording"] = True


@events.request.add_listener
def _record(name: str, response_time: float, exception: object, **_: object) -> None:
    if not CLOCK["recording"]:
        return
    TIMES[name].append(response_time)
    ENDED[name].append(round(time.monotonic() - CLOCK["start"], 3))
    if exception is not None:
        ERRORS[name] += 1


@events.test_stop.add_listener
def _write_outcomes(**_: object) -> None:
    if path := os.environ.get("BENCH_OUTCOMES"):
        with open(path, "w") as f:
            json.dump(
                {
                    **OUTCOMES,
                    "elapsed": time.monotonic() - CLOCK["start"],
                    "times": TIMES,
                    "errors": ERRORS,
                    "ended": ENDED,
                },
                f,
            )
