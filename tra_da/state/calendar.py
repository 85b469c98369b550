"""The "Google Calendar" card of a mentor's account page: connect, see it working, disconnect.
Its read refused (the server too busy, say): PageLoad's message, in the card."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from tra_da.models import User
from tra_da.services import calendar_connections
from tra_da.state.events import event
from tra_da.state.forms import FormState
from tra_da.state.page_load import PageLoad

# What the consent round trip reports back in ?calendar=..., and the message each one gets.
RESULTS = {
    "connected": "calendar.result.connected",
    "cancelled": "calendar.result.cancelled",
    "refused": "calendar.result.refused",
    "expired": "calendar.result.expired",
    "state": "calendar.result.expired",
}


def _ticket(_db: Session, actor: User) -> str:
    return calendar_connections.connect_ticket(actor)


class CalendarState(PageLoad, FormState):
    # The pass that lets this browser start Google's consent (read by /api/calendar/google/start;
    # the app's session lives in localStorage, which a plain page load cannot send).
    ticket: str = rx.Cookie(
        "",
        name="td_calendar_ticket",
        path="/api/calendar/google",
        max_age=calendar_connections.TICKET_SECONDS,
        same_site="lax",
    )
    can_connect: rx.Field[bool] = rx.field(False)
    by_service_account: rx.Field[bool] = rx.field(False)
    connected: rx.Field[bool] = rx.field(False)
    broken: rx.Field[bool] = rx.field(False)
    google_email: rx.Field[str] = rx.field("")
    problem: rx.Field[str] = rx.field("")

    @event
    async def load(self) -> None:
        await self._load()

    async def _load(self) -> None:
        """The connection, and the pass to connect: a refused read is the card's message
        (``load_error``, with "Try again"), not the account page's forms' ``error``."""
        if self.user_role != "mentor":
            return
        status = await self._read_data(self._act(calendar_connections.status_for), card=True)
        if status is None:
            return
        self.can_connect, self.by_service_account = status.can_connect, status.by_service_account
        self.connected, self.broken = status.connected, status.broken
        self.google_email, self.problem = status.google_email, status.error
        if status.can_connect:
            ticket = await self._read_data(self._act(_ticket), card=True)
            self.ticket = ticket or ""
        result = RESULTS.get(self.router.url.query_parameters.get("calendar", ""))
        if result == "calendar.result.connected":
            self.notice = self.t[result]
        elif result:
            self.error = self.t[result]

    @event
    async def disconnect(self) -> None:
        await self._act(calendar_connections.disconnect)
        if not self.error:
            self.connected = self.broken = False
            self.google_email = self.problem = ""
            self.notice = self.t["calendar.disconnected"]
