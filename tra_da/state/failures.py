"""Unexpected failures in UI events: logged with a short ref, shown to the person with that ref.

Two paths lead here. FormState._call catches what a service call raises besides a ServiceError
(the form then shows the message and goes on). Anything that escapes an event handler reaches
``backend_exception_handler`` (given to rx.App), which answers with a state event, never a
script: Reflex runs scripts sent from the server through eval(), which the CSP forbids.
"""

# No `from __future__ import annotations`: Reflex checks the handler's annotations at runtime.

import logging
import secrets
from collections import OrderedDict
from typing import Any, cast

import reflex as rx
from reflex.state import StateUpdate
from reflex_base.event import EventSpec
from reflex_base.event.context import EventContext

from tra_da import observability

log = logging.getLogger("tra_da.ui")

# Which event each transaction runs (txid -> "state.path.handler"), so the exception handler,
# which only gets the exception, knows whose spinner to stop. Bounded: entries of events that
# succeed are simply pushed out.
_EVENTS: "OrderedDict[str, str]" = OrderedDict()
_EVENTS_KEPT = 2048


def new_ref() -> str:
    """Short enough to read out over the phone, long enough to find one line in the log."""
    return secrets.token_hex(4)


def record(exc: BaseException, where: str) -> str:
    """Log ``exc`` with its traceback under a fresh ref; returns the ref."""
    ref = new_ref()
    log.error("Unexpected error ref=%s in %s", ref, where, exc_info=exc)
    return ref


def _current_event() -> str:
    try:
        return _EVENTS.pop(EventContext.get().txid, "")
    except LookupError:
        return ""


def backend_exception_handler(exception: Exception) -> EventSpec | None:
    """Log the failure with a ref and tell the person (toast), resetting the state's flags."""
    from tra_da.state.session import SessionState

    observability.report_exception(exception)  # Sentry, when SENTRY_DSN is set
    event = _current_event()
    ref = record(exception, event or "a UI event")
    state_path = event.rpartition(".")[0]
    # Typed as Reflex's static stand-in (EventCallback); called with its arguments on the
    # class, a handler gives the EventSpec that Reflex then runs.
    return cast(EventSpec, SessionState.report_failure(ref, state_path))


class FailureTracker(rx.Middleware):
    """Remembers the event each transaction runs, for backend_exception_handler."""

    async def preprocess(self, app: Any, state: Any, event: Any) -> StateUpdate | None:
        try:
            txid = EventContext.get().txid
        except LookupError:
            return None
        _EVENTS[txid] = event.name
        while len(_EVENTS) > _EVENTS_KEPT:
            _EVENTS.popitem(last=False)
        return None
