"""The waitlist card of a mentor's profile page: a mentee joins when the mentor has no open
slot in the next 14 days, sees that they are on it, and leaves it.

Its messages and busy flag are its own fields: FormState's ``error``/``notice`` are shared by
every form state, and the profile's own loading would wipe them."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from tra_da.models import User
from tra_da.models.waitlist import WaitlistPublic
from tra_da.services import waitlist
from tra_da.state.booking import MentorProfileState
from tra_da.state.events import event
from tra_da.state.forms import FormState
from tra_da.state.timefmt import local


def _mentor_id(path: str) -> int:
    last = path.rstrip("/").split("/")[-1]
    return int(last) if last.isdigit() else 0


def place(db: Session, actor: User, mentor_id: int) -> tuple[WaitlistPublic, bool]:
    """The mentee's place on the mentor's waitlist, and whether they may join it."""
    return waitlist.status(db, actor, mentor_id), waitlist.can_join(db, mentor_id)


class WaitlistState(FormState):
    shown: rx.Field[bool] = rx.field(False)  # a mentee, on a mentor page that loaded
    waiting: rx.Field[bool] = rx.field(False)
    can_join: rx.Field[bool] = rx.field(False)
    joined: rx.Field[str] = rx.field("")  # when they joined, as the reader reads it
    told: rx.Field[str] = rx.field("")  # when they were told that slots opened
    waitlist_error: rx.Field[str] = rx.field("")
    waitlist_notice: rx.Field[str] = rx.field("")
    waitlist_working: rx.Field[bool] = rx.field(False)

    def _show(self, entry: WaitlistPublic, can_join: bool) -> None:
        self.waiting, self.can_join = entry.waiting, can_join
        self.joined = local(entry.joined_at, self.user_timezone, self.lang)
        self.told = local(entry.notified_at, self.user_timezone, self.lang)
        self.shown = True

    async def _read(self, mentor_id: int) -> bool:
        """Show the caller's place; False (the message kept) when it could not be read."""
        found = await self._act(place, mentor_id)
        if found is not None:
            self._show(*found)
        self.waitlist_error, self.error = self.error or self.waitlist_error, ""
        return found is not None

    def _clear(self) -> None:
        self.waitlist_error = self.waitlist_notice = ""
        self.shown = self.waitlist_working = False

    @event
    async def load(self) -> None:
        self._clear()
        if self.user_role != "mentee" or self.error:  # the profile itself did not load
            return
        await self._read(_mentor_id(self.router.url.path))

    @event
    async def join(self) -> Any:
        self.waitlist_error = self.waitlist_notice = ""
        self.waitlist_working = True
        yield
        mentor_id = _mentor_id(self.router.url.path)
        try:
            done = await self._act(waitlist.join, mentor_id)
        finally:
            self.waitlist_working = False
        if done is None:
            # Refused (the mentor opened slots meanwhile): say why, and show the new times.
            self.waitlist_error, self.error = self.error, ""
            await self._read(mentor_id)
            yield MentorProfileState.open_page
            return
        self._show(done[0], False)
        self.waitlist_notice = self.t["waitlist.joined_notice"]

    @event
    async def leave(self) -> Any:
        self.waitlist_error = self.waitlist_notice = ""
        self.waitlist_working = True
        yield
        mentor_id = _mentor_id(self.router.url.path)
        try:
            await self._act(waitlist.leave, mentor_id)
        finally:
            self.waitlist_working = False
        self.waitlist_error, self.error = self.error, ""
        if not self.waitlist_error and await self._read(mentor_id):
            self.waitlist_notice = self.t["waitlist.left_notice"]
