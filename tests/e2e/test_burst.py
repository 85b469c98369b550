"""Issue 13 on the embedded default (SQLite, one worker), the production build as `make run`
serves it: a burst is answered, quickly refused where it must be, and leaves no damage."""

from __future__ import annotations

import pytest

from tests import burst

# timing: /api/health and a static file within 2 s during the burst; make test runs it after
# the other browser tests, when nothing else competes for the cores (README "Tests").
pytestmark = [pytest.mark.e2e, pytest.mark.timing]


def test_a_burst_of_350_clients_is_answered_and_the_server_recovers(server: str) -> None:
    clients = burst.run(burst.register(server, 20, "sqlite-burst"))
    report = burst.run(burst.burst(server, clients, static_path="/favicon.svg"))
    print(
        f"burst on SQLite: {dict(report.statuses)}, slowest per status {report.slowest_by_status}"
    )
    assert not report.problems(), report.problems()
    assert report.statuses[200] > 0, report.statuses  # it served work, not only refusals
