"""The signed-in home: each role's slice of the programme, times in the viewer's zone."""

from __future__ import annotations

import asyncio
from datetime import datetime
from zoneinfo import ZoneInfo

import reflex as rx

from tra_da import db
from tra_da.services import auth, overview
from tra_da.state.session import SessionState


def format_range(start: datetime, end: datetime, zone: str) -> str:
    tz = ZoneInfo(zone)
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    return f"{local_start:%a %d/%m/%Y %H:%M}–{local_end:%H:%M}"


def _load(token: str) -> dict | None:
    with db.session() as session:
        user = auth.user_for_web_session(session, token)
        if user is None:
            return None
        board = overview.dashboard_for(session, user)
        return {
            "counts": {k: str(v) for k, v in board.counts.items()},
            "upcoming": [
                {
                    "when": format_range(s.start_at, s.end_at, user.timezone),
                    "who": s.other_person,
                    "link": s.meeting_link or "",
                }
                for s in board.upcoming
            ],
            "utilisation": [
                {"name": m.name, "assigned": m.assigned, "max": m.max_mentees}
                for m in board.utilisation
            ],
            "mentor_name": board.mentor_name or "",
            "goals": board.goals,
        }


class DashboardState(SessionState):
    counts: dict[str, str] = {}
    upcoming: list[dict[str, str]] = []
    utilisation: list[dict[str, str | int]] = []
    mentor_name: str = ""
    goals: str = ""
    loaded: bool = False

    @rx.event
    async def open_dashboard(self):  # noqa: ANN201
        self.loaded = False
        await self._refresh()
        if not self.user_role:
            return rx.redirect("/login?next=/dashboard")
        data = await asyncio.to_thread(_load, self.token)
        if data is None:
            return rx.redirect("/login?next=/dashboard")
        self.counts = data["counts"]
        self.upcoming = data["upcoming"]
        self.utilisation = data["utilisation"]
        self.mentor_name = data["mentor_name"]
        self.goals = data["goals"]
        self.loaded = True
        return None
