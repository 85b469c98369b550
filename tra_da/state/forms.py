"""What every form state shares: a working flag, one error or notice, service errors mapped."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from tra_da import db
from tra_da.i18n import describe
from tra_da.observability import report_exception
from tra_da.request_context import set_user_id
from tra_da.services import auth
from tra_da.services.errors import ServiceError, Unauthorized
from tra_da.state.session import SessionState

R = TypeVar("R")


def run_as_signed_in(token: str, fn: Callable[..., R], args: tuple[Any, ...]) -> R:
    """``fn(session, actor, *args)`` for the person behind a browser token (checked again on
    every action: a session ended elsewhere stops working here at once)."""
    with db.session() as session:
        identity = auth.identity_from_web_token(session, token)
        if identity is None:
            raise Unauthorized("Your session has ended; sign in again.", "err.session_ended")
        set_user_id(identity.user.id)
        try:
            return fn(session, identity.user, *args)
        except ServiceError:
            raise
        except Exception as exc:
            # Reported here, where the user is known; Reflex's handler reports it again and
            # Sentry drops the duplicate.
            report_exception(exc)
            raise


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

    async def _load(self) -> None:
        """What a page shows, read again; states with data override it."""

    async def _open_for(self, *roles: str) -> Any:
        """on_load of a protected page: check the session and role, then load the data."""
        redirect = await self._guard(*roles)
        if self.allowed:
            await self._load()
        return redirect

    async def _act(self, fn: Callable[..., R], *args: Any) -> R | None:
        """Call a service as the signed-in person: ``fn(session, actor, *args)``."""
        return await self._call(run_as_signed_in, self.token, fn, args)
