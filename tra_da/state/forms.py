"""What every form state shares: a working flag, one error or notice, service errors mapped."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, TypeVar

import reflex as rx

from tra_da import db
from tra_da.admission import run_admitted
from tra_da.i18n import describe, translations
from tra_da.observability import report_exception
from tra_da.request_context import set_user_id
from tra_da.services import auth
from tra_da.services.errors import ServiceError, Unauthorized
from tra_da.state import failures
from tra_da.state.session import SessionState

R = TypeVar("R")


def run_as_signed_in(token: str, fn: Callable[..., R], args: tuple[Any, ...]) -> R:
    """``fn(session, actor, *args)`` for the person behind a browser token (checked again on
    every action: a session ended in this process stops working at once, one ended by another
    process within auth.WEB_SESSION_RECHECK_SECONDS; a deactivated user at once)."""
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


def form_text(form: dict[str, Any]) -> dict[str, str]:
    """A submitted form as text: a select whose options changed under it submits null."""
    return {key: "" if value is None else str(value) for key, value in form.items()}


async def attempt(form: Any, work: Awaitable[R], target: Any) -> R | None:
    """``work``'s result; its error as ``form.error`` (``target``: what a logged ref names)."""
    form.error = form.notice = ""
    try:
        return await work
    except ServiceError as exc:
        form.error = describe(exc, form.lang)
    except Exception as exc:
        ref = failures.record(exc, getattr(target, "__qualname__", repr(target)))
        form.error = translations(form.lang)["err.unexpected"].format(ref=ref)
    return None


class FormState(SessionState):
    # Flags that show work in progress; reset when an event fails unexpectedly.
    BUSY_FLAGS: ClassVar[tuple[str, ...]] = ("working",)

    working: rx.Field[bool] = rx.field(False)
    error: rx.Field[str] = rx.field("")
    notice: rx.Field[str] = rx.field("")

    async def _call(self, fn: Callable[..., R], *args: Any) -> R | None:
        """Run a service call off the event loop. A ServiceError becomes the form's message;
        anything else is logged with a short ref that the message shows, so the person can
        quote it and the handler goes on (its spinner stops) instead of failing silently."""
        target = args[1] if fn is run_as_signed_in else fn
        return await attempt(self, run_admitted(fn, *args), target)

    async def _attempt(self, work: Awaitable[R], target: Any) -> R | None:
        """Await ``work`` (several steps of service calls) with ``_call``'s error handling."""
        return await attempt(self, work, target)

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
