"""A mentor's profile page on load, in one event and one unit of work: the card and its open
slots (MentorProfileState), the first page of reviews (MentorReviewsState) and, for a mentee,
their place on the waitlist (WaitlistState).

Each of the three states still loads on its own where it acts alone (a page of reviews turned,
the waitlist joined or left, the slots read again after a refused booking); opening the page
reads them together, which saves two Reflex events, two hand-offs to a database thread, two
sessions and their session checks per page view, and the rating's second read (the card has it).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from tra_da.models import User
from tra_da.models.mentor import MentorCardPublic
from tra_da.models.review import ReviewPagePublic
from tra_da.models.waitlist import WaitlistPublic
from tra_da.state.booking import MentorProfileState
from tra_da.state.events import event
from tra_da.state.forms import FormState
from tra_da.state.page_load import PageLoad
from tra_da.state.reviews import MentorReviewsState, first_reviews
from tra_da.state.waitlist import WaitlistState, place


def _rest_of_page(
    db: Session, reader: User | None, card: MentorCardPublic
) -> tuple[ReviewPagePublic, tuple[WaitlistPublic, bool] | None]:
    on_waitlist = place(db, reader, card.id) if reader and reader.role == "mentee" else None
    return first_reviews(db, card.id), on_waitlist


class MentorPageState(PageLoad, FormState):
    """Opens the page; its ``load_error`` says why the page could not be read (the server too
    busy, say), and "Try again" reads card, slots, reviews and waitlist place again."""

    @event
    async def open_page(self) -> Any:
        profile = await self.get_state(MentorProfileState)
        shown = await self.get_state(MentorReviewsState)
        waits = await self.get_state(WaitlistState)
        shown._clear()
        waits._clear()
        await profile._open()
        return await self._read_page(profile, shown, waits)

    async def _reload(self) -> Any:
        profile = await self.get_state(MentorProfileState)
        shown = await self.get_state(MentorReviewsState)
        waits = await self.get_state(WaitlistState)
        return await self._read_page(profile, shown, waits)

    async def _read_page(
        self, profile: MentorProfileState, shown: MentorReviewsState, waits: WaitlistState
    ) -> Any:
        # FormState.error is one field for every form: the profile's read just set it.
        rest = await self._read_data(profile._load(_rest_of_page))
        if rest is None or profile.mentor is None:
            return profile._reopen_chosen()
        page, on_waitlist = rest
        shown._show(page, profile.mentor.rating)
        if on_waitlist is not None:
            waits._show(*on_waitlist)
        return profile._reopen_chosen()
