"""The signed-in home: each role's slice of the programme, times in the viewer's zone."""

from __future__ import annotations

from typing import Any

import reflex as rx

from tra_da.admission import run_admitted
from tra_da.services import overview
from tra_da.services.errors import Unauthorized
from tra_da.state import work
from tra_da.state.events import event
from tra_da.state.fields import DictField, ListField, dict_field, list_field
from tra_da.state.session import SessionState
from tra_da.state.timefmt import when


def _load(token: str) -> overview.Dashboard | None:
    try:
        return work.as_signed_in(token, overview.dashboard_for, ())
    except Unauthorized:
        return None


class DashboardState(SessionState):
    counts: DictField[str, str] = dict_field()
    utilisation: ListField[dict[str, str | int]] = list_field()
    mentor_name: rx.Field[str] = rx.field("")
    goals: rx.Field[str] = rx.field("")
    loaded: rx.Field[bool] = rx.field(False)
    support: ListField[dict[str, str]] = list_field()
    _upcoming: ListField[overview.UpcomingSession] = list_field()

    @rx.var
    def upcoming(self) -> list[dict[str, str]]:
        return [
            {
                "when": when(s.start_at, s.end_at, self.user_timezone, self.lang),
                "who": s.other_person,
                "link": s.meeting_link or "",
            }
            for s in self._upcoming
        ]

    @event
    async def open_dashboard(self) -> Any:
        self.loaded = False
        redirect = await self._guard()
        board = await run_admitted(_load, self.token) if self.allowed else None
        if board is None:
            return redirect or rx.redirect("/login?next=/dashboard")
        self.counts = {k: str(v) for k, v in board.counts.items()}
        self.utilisation = [
            {"name": m.name, "assigned": m.assigned, "max": m.max_mentees}
            for m in board.utilisation
        ]
        self._upcoming = board.upcoming
        self.support = [
            {
                "id": str(f.log_id),
                "mentee": f.mentee,
                "mentor": f.mentor,
                "topic": f.topic,
                "date": f"{f.session_date:%d/%m/%Y}",
            }
            for f in board.support
        ]
        self.mentor_name = board.mentor_name or ""
        self.goals = board.goals
        self.loaded = True
        return None
