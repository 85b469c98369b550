"""Unexpected UI failures: one short ref, in the log with the traceback and in what people see."""

from __future__ import annotations

import logging
import re

import pytest

from tra_da.state import failures
from tra_da.state.forms import form_text


def _boom() -> None:
    raise RuntimeError("the database went away")


def test_a_failure_is_logged_with_its_ref_and_traceback(caplog: pytest.LogCaptureFixture) -> None:
    try:
        _boom()
    except RuntimeError as exc:
        with caplog.at_level(logging.ERROR, logger="tra_da.ui"):
            ref = failures.record(exc, "GroupListState.create")
    assert re.fullmatch(r"[0-9a-f]{8}", ref)
    (entry,) = caplog.records
    assert f"ref={ref}" in entry.getMessage() and "GroupListState.create" in entry.getMessage()
    assert entry.exc_info is not None and "_boom" in caplog.text  # the traceback is there


def test_refs_differ_between_failures() -> None:
    assert len({failures.new_ref() for _ in range(200)}) == 200


def test_the_exception_handler_answers_with_a_state_event_not_a_script(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A script would be eval'd in the browser, which the CSP refuses; a state event is not."""
    path = "reflex___state____state.tra_da___state___admin____group_list_state"
    monkeypatch.setattr(failures, "_current_event", lambda: f"{path}.create")
    with caplog.at_level(logging.ERROR, logger="tra_da.ui"):
        spec = failures.backend_exception_handler(RuntimeError("boom"))
    assert spec is not None
    assert spec.handler.fn.__name__ == "report_failure"
    args = {str(name): str(value).strip('"') for name, value in spec.args}
    assert args["state_path"] == path  # whose busy flags to reset
    assert f"ref={args['ref']}" in caplog.text and "boom" in caplog.text


def test_a_select_that_submits_null_reads_as_empty() -> None:
    assert form_text({"group_id": None, "query": "emma", "n": 3}) == {
        "group_id": "",
        "query": "emma",
        "n": "3",
    }
