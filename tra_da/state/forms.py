"""What every form state shares: a working flag, one error or notice, service errors mapped."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, TypeVar

import reflex as rx

from tra_da.admission import read_admitted, run_admitted
from tra_da.i18n import describe, translations
from tra_da.services.errors import ServiceError
from tra_da.state import failures, work
from tra_da.state.session import SessionState

R = TypeVar("R")
_WORK = (work.as_signed_in, work.as_identity)


def _service(fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    """The service a unit of work calls (for the failure's report): inside ``work``'s wrappers,
    or ``fn`` itself."""
    return args[1] if fn in _WORK else (args[0] if fn is work.anonymously else fn)


def form_text(form: dict[str, Any]) -> dict[str, str]:
    """A submitted form as text: a select whose options changed under it submits null."""
    return {key: "" if value is None else str(value) for key, value in form.items()}


async def attempt(form: Any, pending: Awaitable[R], target: Any) -> R | None:
    """``pending``'s result; its error as ``form.error`` (``target``: what a logged ref names)."""
    form.error = form.notice = ""
    try:
        return await pending
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
        return await attempt(self, run_admitted(fn, *args), _service(fn, args))

    async def _call_reading(self, fn: Callable[..., R], *args: Any) -> R | None:
        """``_call`` for a bounded read (admission.read_admitted: no write, no network, one
        page of rows), which on SQLite runs on the event loop itself."""
        return await attempt(self, read_admitted(fn, *args), _service(fn, args))

    async def _attempt(self, steps: Awaitable[R], target: Any) -> R | None:
        """Await ``steps`` (several service calls) with ``_call``'s error handling."""
        return await attempt(self, steps, target)

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
        return await self._call(work.as_signed_in, self.token, fn, args)

    async def _read_as_signed_in(self, fn: Callable[..., R], *args: Any) -> R | None:
        """``_act`` for a bounded read: ``fn`` writes nothing and calls nothing outside the
        database (``_call_reading``)."""
        return await self._call_reading(work.as_signed_in, self.token, fn, args)

    def _admitted(self, fn: Callable[..., R], *args: Any) -> Awaitable[R]:
        """``_act`` without its error handling, for a caller that decides itself what an error
        means (the CSV import retries a busy refusal and says how far it got)."""
        return run_admitted(work.as_signed_in, self.token, fn, args)

    async def _act_on_session(self, fn: Callable[..., R], *args: Any) -> R | None:
        """Call a service on the browser's own session: ``fn(session, identity, *args)``."""
        return await self._call(work.as_identity, self.token, fn, args)

    async def _act_anonymously(self, fn: Callable[..., R], *args: Any) -> R | None:
        """Call a service before anyone is signed in: ``fn(session, *args)``."""
        return await self._call(work.anonymously, fn, args)
