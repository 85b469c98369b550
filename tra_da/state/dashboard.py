"""The signed-in home: each role's slice of the programme, times in the viewer's zone."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

import reflex as rx
from sqlmodel import SQLModel

from tra_da.admission import run_admitted
from tra_da.i18n import describe
from tra_da.models.overview import (
    MentorLoadPublic,
    SupportFlagPublic,
    UpcomingSessionPublic,
)
from tra_da.models.waitlist import WaitlistCountPublic
from tra_da.services import overview
from tra_da.services.errors import ServiceError, Unauthorized
from tra_da.state import work
from tra_da.state.events import event
from tra_da.state.fields import ListField, ObjectField, list_field, object_field
from tra_da.state.page_load import PageLoad
from tra_da.state.session import SessionState
from tra_da.state.timefmt import when


class Counts(SQLModel):
    """The dashboard's numbers; each role fills the ones it shows."""

    mentors: int = 0
    mentees: int = 0
    unassigned: int = 0
    groups: int = 0
    open_slots: int = 0
    support_flags: int = 0
    sessions_week: int = 0


class WaitlistRow(WaitlistCountPublic):
    """A mentor with mentees waiting for new times (admins)."""


class LoadRow(MentorLoadPublic):
    share: float = 0  # per cent of capacity taken, the bar's width


class UpcomingRow(UpcomingSessionPublic):
    when: str = ""  # in the viewer's zone and language
    join_link: str = ""  # meeting_link, or "" when there is none


class SupportRow(SupportFlagPublic):
    day: str = ""  # dd/mm/yyyy


R = TypeVar("R")


def _load(token: str, fn: Callable[..., R]) -> R | None:
    try:
        return work.as_signed_in(token, fn, ())
    except Unauthorized:
        return None


class DashboardState(PageLoad, SessionState):
    counts: ObjectField[Counts] = object_field()
    utilisation: ListField[LoadRow] = list_field()
    mentor_name: rx.Field[str] = rx.field("")
    goals: rx.Field[str] = rx.field("")
    loaded: rx.Field[bool] = rx.field(False)
    # Admins: the lists below the counts arrived (the counts come first, `loaded`).
    details_loaded: rx.Field[bool] = rx.field(False)
    support: ListField[SupportRow] = list_field()
    waitlists: ListField[WaitlistRow] = list_field()
    _upcoming: ListField[UpcomingSessionPublic] = list_field()

    @rx.var
    def upcoming(self) -> list[UpcomingRow]:
        return [
            UpcomingRow(
                **s.model_dump(),
                when=when(s.start_at, s.end_at, self.user_timezone, self.lang),
                join_link=s.meeting_link or "",
            )
            for s in self._upcoming
        ]

    @event
    async def open_dashboard(self) -> AsyncIterator[Any]:
        """An admin's counts go first, in their own delta (the page's first row), and the
        lists below them follow; the other roles' dashboards come in one answer."""
        self.loaded = self.details_loaded = False
        async for update in self._read_dashboard():
            yield update

    async def _reload(self) -> Any:
        """ "Try again": the counts and lists arrive together; a redirect (the session ended)
        follows."""
        follow = None
        async for update in self._read_dashboard():
            follow = update or follow
        return follow

    async def _read_dashboard(self) -> AsyncIterator[Any]:
        """Check the session, then read the person's dashboard. A read refused (the server too
        busy) is said in the page (load_error), above what it shows; it never signs anyone out."""
        redirect = await self._guard_page()
        if not self.allowed:
            yield redirect
            return
        try:
            if self.user_role == "admin":
                counts = await run_admitted(_load, self.token, overview.admin_counts)
                if counts is None:
                    yield rx.redirect("/login?next=/dashboard")
                    return
                self.counts = Counts(**counts)
                self.loaded = True  # the lists shown stay until theirs arrive
                yield
                board = await run_admitted(_load, self.token, overview.admin_details)
            else:
                board = await run_admitted(_load, self.token, overview.dashboard_for)
        except ServiceError as exc:
            self._note_load(describe(exc, self.lang))
            return
        if board is None:
            yield rx.redirect("/login?next=/dashboard")
            return
        self._note_load("")
        if board.role != "admin":  # an admin's counts came first, above
            self.counts = Counts(**board.counts)
        self.utilisation = [
            LoadRow(
                **m.model_dump(),
                share=m.assigned * 100 / m.max_mentees if m.max_mentees > 0 else 0,
            )
            for m in board.utilisation
        ]
        self._upcoming = board.upcoming
        self.waitlists = [WaitlistRow(**w.model_dump()) for w in board.waitlists]
        self.support = [
            SupportRow(**f.model_dump(), day=f"{f.session_date:%d/%m/%Y}") for f in board.support
        ]
        self.mentor_name = board.mentor_name or ""
        self.goals = board.goals
        self.loaded = self.details_loaded = True
