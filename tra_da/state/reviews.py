"""Reviews on screen: a mentor profile's rating and recent reviews (readable signed in or not),
the mentee's "Rate and review" dialog on /sessions, and the admins' review list with hide and
unhide. Thin: every rule is in services.reviews."""

from __future__ import annotations

from typing import Any, ClassVar

import reflex as rx
from sqlmodel import Session

from tra_da.models import User
from tra_da.models.review import RatingPublic, ReviewAdminPublic, ReviewPagePublic, ReviewPublic
from tra_da.services import reviews
from tra_da.state.admin import AdminListState
from tra_da.state.booking import BookingRow, SessionsState
from tra_da.state.events import event
from tra_da.state.fields import ListField, ObjectField, list_field, object_field
from tra_da.state.forms import FormState, form_text
from tra_da.state.page_load import PageLoad
from tra_da.state.paging import PagedState
from tra_da.state.ratings import rating_label
from tra_da.state.timefmt import day_of, local

REVIEWS_PAGE = 5  # reviews per page on a mentor's profile


def _mentor_id(path: str) -> int:
    last = path.rstrip("/").split("/")[-1]
    return int(last) if last.isdigit() else 0


class ReviewRow(ReviewPublic):
    day: str = ""  # when it was written, in the reader's language
    stars: str = ""  # "★★★★☆", read out as rating_text
    rating_text: str = ""  # "4/5"


def _stars(rating: int) -> str:
    return "★" * rating + "☆" * (5 - rating)


def first_reviews(db: Session, mentor_id: int) -> ReviewPagePublic:
    """The first page of a mentor's visible reviews, as the profile opens with."""
    return reviews.mentor_reviews(db, None, mentor_id, REVIEWS_PAGE, 0)


def _profile_reviews(
    db: Session, mentor_id: int, offset: int
) -> tuple[ReviewPagePublic, RatingPublic]:
    page = reviews.mentor_reviews(db, None, mentor_id, REVIEWS_PAGE, offset)
    return page, reviews.mentor_ratings(db, [mentor_id])[mentor_id]


class MentorReviewsState(PagedState, FormState):
    """The rating and the visible reviews on /mentors/[mentor_id], newest first, paged."""

    page_size: ClassVar[int] = REVIEWS_PAGE

    items: ListField[ReviewRow] = list_field()
    rating_label: rx.Field[str] = rx.field("")  # "4,6"; empty below 3 reviews
    rating_count: rx.Field[int] = rx.field(0)
    loaded: rx.Field[bool] = rx.field(False)

    @event
    async def open_page(self) -> None:
        self._clear()
        await self._load()

    def _clear(self) -> None:
        self.items, self.total, self.page, self.loaded = [], 0, 1, False
        self.rating_label, self.rating_count = "", 0

    async def _load(self) -> None:
        mentor_id = _mentor_id(self.router.url.path)
        found = await self._act_anonymously(_profile_reviews, mentor_id, self._offset())
        if found is not None:
            self._show(*found)

    def _show(self, page: ReviewPagePublic, rating: RatingPublic) -> None:
        lang, zone = self.lang, self.user_timezone
        self.items = [
            ReviewRow(
                **r.model_dump(),
                day=day_of(r.created_at, lang, zone),
                stars=_stars(r.rating),
                rating_text=f"{r.rating}/5",
            )
            for r in page.items
        ]
        self.total, self.rating_count = page.total, rating.count
        self.rating_label = rating_label(rating, lang)
        self.loaded = True


class ReviewFormState(FormState):
    """The mentee's "Rate and review" dialog for a past session on /sessions."""

    review_open: rx.Field[bool] = rx.field(False)
    booking_id: rx.Field[int] = rx.field(0)
    about: rx.Field[str] = rx.field("")  # "mentor · when"
    rating: rx.Field[str] = rx.field("")  # the rating it opens with ("" when none yet)
    text: rx.Field[str] = rx.field("")
    editing: rx.Field[bool] = rx.field(False)

    @event
    def ask_review(self, row: BookingRow) -> None:
        self.booking_id = row.id
        self.about = f"{row.mentor_name or ''} · {row.when}"
        self.rating = str(row.review_rating) if row.review_rating else ""
        self.text, self.editing = row.review_text, bool(row.review_rating)
        self.review_open, self.error = True, ""

    @event
    def set_review_open(self, value: bool) -> None:
        self.review_open = value

    @event
    async def save(self, form: dict[str, Any]) -> Any:
        form = form_text(form)
        rating = form.get("rating", "")
        if not rating.isdigit():
            self.error = self.t["logs.pick_rating"]
            return
        self.working = True
        yield
        try:
            done = await self._act(_save, self.booking_id, int(rating), form.get("review_text", ""))
        finally:
            self.working = False
        if done is not None:
            self.review_open = False
            self._flash("success", self.t["reviews.saved"])
            yield SessionsState.refresh


def _save(db: Session, actor: User, booking_id: int, rating: int, text: str) -> bool:
    return reviews.save_review(db, actor, booking_id, rating, text)[1]


# --- admins -------------------------------------------------------------------------------


class ReviewAdminRow(ReviewAdminPublic):
    when: str = ""
    hidden_when: str = ""
    rating_text: str = ""  # "4/5"


SHOWN = ("all", "visible", "hidden")


class ReviewAdminState(AdminListState, PageLoad, FormState):
    rows: ListField[ReviewAdminRow] = list_field()
    loaded: rx.Field[bool] = rx.field(False)
    shown: rx.Field[str] = rx.field("all")
    hide_open: rx.Field[bool] = rx.field(False)
    hiding: ObjectField[ReviewAdminRow] = object_field()

    @event
    async def open_page(self) -> Any:
        self.hide_open, self.hiding = False, None
        return await self._open_for("admin")

    @event
    async def set_shown(self, value: str) -> None:
        self.shown = value if value in SHOWN else "all"
        self.page = 1
        await self._load()

    async def _load(self) -> None:
        zone, lang, shown = self.user_timezone, self.lang, self.shown
        size, offset = self.page_size, self._offset()

        def load(db: Session, actor: User) -> tuple[list[ReviewAdminRow], int]:
            found = reviews.list_reviews(db, actor, shown, size, offset)
            return [
                ReviewAdminRow(
                    **r.model_dump(),
                    when=local(r.created_at, zone, lang),
                    hidden_when=local(r.hidden_at, zone, lang),
                    rating_text=f"{r.rating}/5",
                )
                for r in found.items
            ], found.total

        result = await self._read_data(self._act(load))
        if result is not None:
            self.rows, self.total = result
            self.loaded = True

    @event
    def ask_hide(self, row: ReviewAdminRow) -> None:
        self.hiding, self.hide_open, self.error = row, True, ""

    @event
    def set_hide_open(self, value: bool) -> None:
        self.hide_open = value

    @event
    async def hide(self, form: dict[str, Any]) -> Any:
        form = form_text(form)
        self.working = True
        yield
        try:
            done = await self._act(
                reviews.hide_review, self.hiding.id if self.hiding else 0, form.get("reason", "")
            )
        finally:
            self.working = False
        if done is not None:
            self.hide_open = False
            self._flash("success", self.t["reviews.hidden_done"])
            await self._load()

    @event
    async def unhide(self, review_id: int) -> None:
        done = await self._act(reviews.unhide_review, review_id)
        if done is not None:
            self._flash("success", self.t["reviews.unhidden_done"])
            await self._load()
        elif self.error:
            self._flash("error", self.error)
