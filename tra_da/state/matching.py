"""Matching in the UI: the mentee's "Recommended for you" on /dashboard (the directory's Best
match sort lives in DirectoryState, the admins' suggestions in MenteeListState)."""

from __future__ import annotations

from typing import Any

import reflex as rx
from pydantic import BaseModel

from tra_da.i18n import text
from tra_da.models.matching import RecommendationPublic
from tra_da.services import matching
from tra_da.state.events import event
from tra_da.state.fields import ListField, list_field
from tra_da.state.forms import FormState
from tra_da.state.page_load import PageLoad

SHOWN = 5  # recommendations on the dashboard


class MatchRow(BaseModel):
    """A recommended mentor as a list shows them, the reason in the reader's language."""

    id: int
    name: str
    headline: str
    track: str
    avatar_url: str | None
    reason: str
    score: int


def match_rows(found: list[RecommendationPublic], lang: str) -> list[MatchRow]:
    return [
        MatchRow(
            id=r.mentor.id,
            name=r.mentor.name,
            headline=r.mentor.headline,
            track=r.mentor.track,
            avatar_url=r.mentor.avatar_url,
            reason=text(r.reason.code, lang, **r.reason.params),
            score=r.score,
        )
        for r in found
    ]


class RecommendationsState(PageLoad, FormState):
    loaded: rx.Field[bool] = rx.field(False)
    _found: ListField[RecommendationPublic] = list_field()

    @rx.var
    def recommendations(self) -> list[MatchRow]:
        return match_rows(self._found, self.lang)

    @event
    async def open_recommendations(self) -> Any:
        """An on_load of /dashboard, after DashboardState checked the session; mentees only."""
        self._found, self.loaded, self.error = [], False, ""
        self._note_load("")
        if not self.token or self.user_role != "mentee":
            return
        await self._load()

    async def _load(self) -> None:
        found = await self._read_data(self._act(matching.recommendations, SHOWN))
        if found is not None:  # a refused read keeps what is shown
            self._found, self.loaded = found, True
