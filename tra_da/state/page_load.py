"""A page whose own data read can fail (refused as busy by the admission gate, say): why, in the
page, and "Try again", which reads it again.

A Reflex state mixin, like state/paging.py: each state that mixes it in gets its own copy of
the fields and of the event handler (a field of a parent state is one value shared by every
state below it: FormState.error is, so one page's refusal could show on another). The page
shows it with components/forms.py ``load_failed``.

Nothing shown is dropped: a read that fails leaves the rows, cards and counts the page holds
as they were (stale rows under the message beat an empty page), and only a read that works
clears the message. "Try again" reads again without first emptying the page. A session check
refused on opening a guarded page (``_guard_page``) is said the same way, above the page's
placeholders (components/guard.py ``guarded(page=...)``); its "Try again" opens the page again.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from typing import Any, Protocol, TypeVar

import reflex as rx
from reflex.state import OnLoadInternalState

from tra_da.i18n import text
from tra_da.state.events import event
from tra_da.state.session import SessionState

R = TypeVar("R")


class _Form(Protocol):
    """A page state that is also a FormState: its read's failure is its ``error``."""

    @property
    def error(self) -> str: ...

    @error.setter
    def error(self, value: str) -> None: ...

    def _note_load(self, failure: str) -> None: ...


class PageLoad(SessionState, mixin=True):
    """Mixed in before the state's own base: ``class X(PageLoad, FormState)``. The state
    reads its page's data through ``_read_data`` (or calls ``_note_load`` after each read) and
    says in ``_reload`` how to read it again (by default its ``_load``)."""

    # Why the page's data could not be read (the server too busy, say); "" once a read works.
    load_error: rx.Field[str] = rx.field("")
    # "Try again" is reading: its button shows it is working.
    reloading: rx.Field[bool] = rx.field(False)

    def _note_load(self, failure: str) -> None:
        """After a read of the page's data: ``failure`` says why it failed, "" that it worked
        (for a FormState, its ``error`` right after the read: _call sets it for every call)."""
        if self.load_error != failure:  # an unchanged var is not sent again
            self.load_error = failure

    async def _read_data(self: _Form, reading: Awaitable[R], *, card: bool = False) -> R | None:
        """What ``reading`` (a FormState call: ``self._act(...)``, say) answers, its outcome
        noted: the form's ``error`` right after it (_call sets it for every call) is why it
        failed, "" that it worked. ``card``: the state is one card of a page whose forms show
        ``error`` (the account page), so a failed read is said in the card only."""
        found = await reading
        self._note_load(self.error)
        if card:
            form: _Form = self  # (through the protocol: not an attribute of PageLoad itself)
            form.error = ""
        return found

    async def _guard_page(self, *roles: str) -> Any:
        """``_guard``, and a session check refused (the server too busy: the toast says so)
        said in the page too, whose "Try again" opens the page again."""
        redirect = await self._guard(*roles)
        if redirect is None and not self.allowed and not self.forbidden:
            self._note_load(text("err.server_busy", self.lang))
        return redirect

    async def _open_for(self, *roles: str) -> Any:
        """on_load of a protected page (FormState's, restated): the session and role checked
        (``_guard_page``), then the page's data read."""
        redirect = await self._guard_page(*roles)
        if self.allowed:
            await self._load()
        return redirect

    async def _load(self) -> None:
        """The page's data, read again (FormState's own, restated for states that are not)."""

    async def _reload(self) -> Any:
        """What "Try again" reads, and what follows (a redirect, say); states whose page read
        is more than ``_load`` override it."""
        await self._load()
        return None

    @event
    async def read_again(self) -> AsyncIterator[Any]:
        """Read the page's data again after a change made on it (a log saved, a flag resolved),
        keeping what it shows until the answer comes; a refusal shows the message."""
        follow = await self._reload()
        if follow is not None:
            yield follow

    @event
    async def try_again(self) -> AsyncIterator[Any]:
        """The message's button. A state whose read worked does nothing (a page with several
        states sends it to each). When the session itself could not be checked, the page is
        opened again as a reload would (nothing was shown yet); otherwise only the data is read
        again, the page keeping what it shows meanwhile."""
        if not self.load_error or self.reloading:
            return
        if not self.allowed:
            yield OnLoadInternalState.on_load_internal
            return
        self.reloading = True
        yield
        try:
            follow = await self._reload()
        finally:
            self.reloading = False
        if follow is not None:
            yield follow
