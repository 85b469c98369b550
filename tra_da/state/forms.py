"""What every form state shares: a working flag, one error or notice, service errors mapped."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from tra_da.i18n import describe
from tra_da.services.errors import ServiceError
from tra_da.state.session import SessionState

R = TypeVar("R")


class FormState(SessionState):
    working: bool = False
    error: str = ""
    notice: str = ""

    async def _call(self, fn: Callable[..., R], *args: Any) -> R | None:
        """Run a service call off the event loop; a ServiceError becomes the form's message."""
        self.error = self.notice = ""
        try:
            return await asyncio.to_thread(fn, *args)
        except ServiceError as exc:
            self.error = describe(exc, self.lang)
        return None
