"""Test builds only (APP_ENV=test): events that fail on purpose, so browser tests can prove
that an unexpected failure reaches the person and stops the spinner. tra_da.py imports this
module only in the test environment; production has neither the state nor its page."""

from __future__ import annotations

from typing import Any

from tra_da.state.events import event
from tra_da.state.forms import FormState


def _broken_service() -> None:
    raise RuntimeError("failure probe: a service broke")


class FailureProbeState(FormState):
    @event
    async def fail_in_handler(self) -> Any:
        self.working = True
        yield
        raise RuntimeError("failure probe: the handler broke")

    @event
    async def fail_in_service(self) -> Any:
        self.working = True
        yield
        try:
            await self._call(_broken_service)
        finally:
            self.working = False
