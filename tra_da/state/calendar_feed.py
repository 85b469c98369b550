"""The "Calendar subscription" card of the account page: make, copy, rotate or stop the secret
.ics address. The address is only known right after making or rotating it (stored hashed)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from tra_da.models.waitlist import CalendarFeedPublic
from tra_da.services import calendar_feed
from tra_da.state.events import event
from tra_da.state.forms import FormState
from tra_da.state.timefmt import local


class CalendarFeedState(FormState):
    active: rx.Field[bool] = rx.field(False)
    since: rx.Field[str] = rx.field("")  # when the current address was made, as the reader reads it
    url: rx.Field[str] = rx.field("")
    webcal_url: rx.Field[str] = rx.field("")

    def _show(self, feed: CalendarFeedPublic) -> None:
        self.active = feed.active
        self.since = local(feed.created_at, self.user_timezone, self.lang)
        self.url, self.webcal_url = feed.url or "", feed.webcal_url or ""

    @event
    async def load(self) -> None:
        self.error = self.notice = ""
        self.url = self.webcal_url = ""
        feed = await self._act(calendar_feed.status)
        if feed is not None:
            self._show(feed)

    @event
    async def rotate(self) -> Any:
        self.notice = ""
        had = self.active
        self.working = True
        yield
        try:
            feed = await self._act(calendar_feed.rotate)
        finally:
            self.working = False
        if feed is not None:
            self._show(feed)
            self.notice = self.t["feed.rotated" if had else "feed.created"]

    @event
    async def stop(self) -> None:
        self.notice = ""
        await self._act(calendar_feed.stop)
        if not self.error:
            self.active, self.since, self.url, self.webcal_url = False, "", "", ""
            self.notice = self.t["feed.stopped"]

    @event
    def copied(self) -> None:
        self.notice = self.t["feed.copied"]
