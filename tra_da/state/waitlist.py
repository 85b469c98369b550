"""The waitlist card of a mentor's profile page: a mentee joins when the mentor has no open
slot in the next 14 days, sees that they are on it, and leaves it."""

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


def _read(db: Session, actor: User, mentor_id: int) -> tuple[WaitlistPublic, bool]:
    return waitlist.status(db, actor, mentor_id), waitlist.can_join(db, mentor_id)


class WaitlistState(FormState):
    shown: rx.Field[bool] = rx.field(False)  # a mentee, on a mentor page that loaded
    waiting: rx.Field[bool] = rx.field(False)
    can_join: rx.Field[bool] = rx.field(False)
    joined: rx.Field[str] = rx.field("")  # when they joined, as the reader reads it
    told: rx.Field[str] = rx.field("")  # when they were told that slots opened

    def _show(self, entry: WaitlistPublic, can_join: bool) -> None:
        self.waiting, self.can_join = entry.waiting, can_join
        self.joined = local(entry.joined_at, self.user_timezone, self.lang)
        self.told = local(entry.notified_at, self.user_timezone, self.lang)
        self.shown = True

    @event
    async def load(self) -> None:
        self.error = self.notice = ""
        self.shown = self.working = False
        if self.user_role != "mentee":
            return
        found = await self._act(_read, _mentor_id(self.router.url.path))
        if found is not None:
            self._show(*found)
        else:
            self.error = ""  # the profile's own message says what went wrong

    @event
    async def join(self) -> Any:
        self.error = self.notice = ""
        self.working = True
        yield
        mentor_id = _mentor_id(self.router.url.path)
        try:
            done = await self._act(waitlist.join, mentor_id)
        finally:
            self.working = False
        if done is None:
            # Refused (the mentor opened slots meanwhile): show them, keep the reason.
            reason = self.error
            found = await self._act(_read, mentor_id)
            if found is not None:
                self._show(*found)
            self.error = reason
            yield MentorProfileState.open_page
            return
        self._show(done[0], False)
        self.notice = self.t["waitlist.joined_notice"]

    @event
    async def leave(self) -> Any:
        self.error = self.notice = ""
        self.working = True
        yield
        mentor_id = _mentor_id(self.router.url.path)
        try:
            await self._act(waitlist.leave, mentor_id)
        finally:
            self.working = False
        if not self.error:
            found = await self._act(_read, mentor_id)
            if found is not None:
                self._show(*found)
            self.notice = self.t["waitlist.left_notice"]
