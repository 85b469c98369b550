"""The "Calendar subscription" card of the account page: make, copy, rotate or stop the secret
.ics address. The address is only known right after making or rotating it (stored hashed).

Its messages and busy flag are its own fields: the account page's other forms share FormState's
``error``/``notice``. Its read refused (the server too busy, say): PageLoad's message, in the
card."""

from __future__ import annotations

from typing import Any

import reflex as rx

from tra_da.models.waitlist import CalendarFeedPublic
from tra_da.services import calendar_feed
from tra_da.state.events import event
from tra_da.state.forms import FormState
from tra_da.state.page_load import PageLoad
from tra_da.state.timefmt import local


class CalendarFeedState(PageLoad, FormState):
    active: rx.Field[bool] = rx.field(False)
    since: rx.Field[str] = rx.field("")  # when the current address was made, as the reader reads it
    url: rx.Field[str] = rx.field("")
    webcal_url: rx.Field[str] = rx.field("")
    feed_error: rx.Field[str] = rx.field("")
    feed_notice: rx.Field[str] = rx.field("")
    feed_working: rx.Field[bool] = rx.field(False)

    def _show(self, feed: CalendarFeedPublic) -> None:
        self.active = feed.active
        self.since = local(feed.created_at, self.user_timezone, self.lang)
        self.url, self.webcal_url = feed.url or "", feed.webcal_url or ""

    def _took_error(self) -> bool:
        self.feed_error, self.error = self.error, ""
        return bool(self.feed_error)

    @event
    async def load(self) -> None:
        self.feed_error = self.feed_notice = ""
        self.url = self.webcal_url = ""
        await self._load()

    async def _load(self) -> None:
        """Whether there is an address, and since when: a refusal is the card's message
        (``load_error``, with "Try again"), not its actions' ``feed_error``."""
        feed = await self._read_data(self._act(calendar_feed.status), card=True)
        if feed is not None:
            self._show(feed)

    @event
    async def rotate(self) -> Any:
        self.feed_error = self.feed_notice = ""
        had = self.active
        self.feed_working = True
        yield
        try:
            feed = await self._act(calendar_feed.rotate)
        finally:
            self.feed_working = False
        if not self._took_error() and feed is not None:
            self._show(feed)
            self.feed_notice = self.t["feed.rotated" if had else "feed.created"]

    @event
    async def stop(self) -> None:
        self.feed_error = self.feed_notice = ""
        await self._act(calendar_feed.stop)
        if not self._took_error():
            self.active, self.since, self.url, self.webcal_url = False, "", "", ""
            self.feed_notice = self.t["feed.stopped"]

    @event
    def copied(self) -> None:
        self.feed_notice = self.t["feed.copied"]
