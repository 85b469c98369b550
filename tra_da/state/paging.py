"""One list shown a page at a time: the page number, the total, "2 / 5" and the turn events.

A Reflex state mixin: each state that mixes it in gets its own copy of the fields and of the
event handlers (an event handler inherited from a parent state would run on the parent's
instance, shared by every list).
"""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from tra_da.state.events import event
from tra_da.state.forms import FormState


class PagedState(FormState, mixin=True):
    """``_load`` reads the current page and sets ``total``; ``page_size`` is the list's own.
    A list names a real state beside it, ``class X(PagedState, FormState)``: a class whose
    state bases are all mixins is a mixin too."""

    page_size: ClassVar[int] = 20

    page: rx.Field[int] = rx.field(1)
    total: rx.Field[int] = rx.field(0)

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @rx.var
    def page_label(self) -> str:
        return f"{self.page} / {self.page_count}"

    def _offset(self) -> int:
        """How many rows come before this page."""
        return (self.page - 1) * self.page_size

    @event
    async def next_page(self) -> None:
        await self._turn(1)

    @event
    async def previous_page(self) -> None:
        await self._turn(-1)

    async def _turn(self, step: int) -> None:
        target = self.page + step
        if 1 <= target <= self.page_count:
            self.page = target
            await self._load()
