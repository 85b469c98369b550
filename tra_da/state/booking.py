"""Directory, mentor profile, my sessions and availability pages: thin calls into services.

Each page's rows are the services' Public types; a row type here subclasses one and adds only
what is shown but not served (times in the viewer's zone and language, amounts as text), so a
field added to the Public type reaches the page with no edit here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, ClassVar, TypeVar
from urllib.parse import quote
from zoneinfo import ZoneInfo

import reflex as rx
from pydantic import BaseModel, Field
from sqlmodel import Session

from tra_da.i18n import BRAND, WEEKDAYS, format_month
from tra_da.models import User
from tra_da.models.availability import AvailabilityExceptionPublic, WeeklyAvailabilityPublic
from tra_da.models.booking import (
    SESSION_FILTER_STATUSES,
    BookingPublic,
    ManagedSlotPublic,
    SessionChoicesPublic,
    SessionFilter,
    SlotPublic,
    shown_status,
)
from tra_da.models.mentor import MentorCardPublic
from tra_da.models.policy import BookingPolicyPublic
from tra_da.models.review import ReviewMinePublic
from tra_da.services import (
    availability,
    booking,
    directory,
    matching,
    mentors,
    payments,
    policy,
    reviews,
)
from tra_da.services.errors import NotFound
from tra_da.settings import get_settings
from tra_da.state import work
from tra_da.state.events import event
from tra_da.state.fields import ListField, ObjectField, list_field, object_field
from tra_da.state.forms import FormState
from tra_da.state.options import Option, options
from tra_da.state.page_load import PageLoad
from tra_da.state.paging import PagedState
from tra_da.state.pickers import PickError, with_picked
from tra_da.state.ratings import rating_label
from tra_da.state.timefmt import day_of, local, when
from tra_da.validation import MAX_DATE, MIN_DATE

PAGE = 12
PAST_PAGE = 10  # past sessions per page on /sessions
# Back from Stripe before its webhook: look again every POLL_SECONDS, POLLS times at most.
POLL_SECONDS = 2
POLLS = 30


R = TypeVar("R")


def _path_id(path: str) -> int:
    last = path.rstrip("/").split("/")[-1]
    return int(last) if last.isdigit() else 0


# --- public pages: the directory and the profiles are open to signed-out visitors ----------


def _as_visitor(db: Session, fn: Callable[..., R], args: tuple[Any, ...]) -> R:
    return fn(db, None, *args)


async def _read(form: FormState, fn: Callable[..., R], *args: Any) -> R | None:
    """``fn(session, reader, *args)``: the signed-in person, or None for a visitor. A bounded
    read (the directory's page, a mentor's profile): see FormState._call_reading."""
    if form.signed_in:
        return await form._read_as_signed_in(fn, *args)
    return await form._call_reading(work.anonymously, _as_visitor, (fn, args))


def sign_in_to_book(mentor_id: int, slot_id: int) -> str:
    """Where a visitor who picked a slot goes: sign in (or up), then back to that slot, whose
    booking dialog opens again (MentorProfileState.open_page reads ?slot=)."""
    back = f"/mentors/{mentor_id}?slot={slot_id}"
    return "/login?next=" + quote(back, safe="")


class MentorCardRow(MentorCardPublic):
    next: str = ""  # the next open slot, in the viewer's zone and language
    rating_label: str = ""  # "4,6" / "4.6"; empty below 3 reviews


class DirectoryState(PagedState, PageLoad, FormState):
    page_size: ClassVar[int] = PAGE

    cards: ListField[MentorCardRow] = list_field()
    tracks: ListField[Option] = list_field()
    tags: ListField[Option] = list_field()
    query: rx.Field[str] = rx.field("")
    track: rx.Field[str] = rx.field("")
    expertise: rx.Field[str] = rx.field("")
    within_days: rx.Field[str] = rx.field("")
    sort: rx.Field[str] = rx.field("name")  # "match": best match first (mentees)

    @rx.var
    def filtered(self) -> bool:
        return bool(self.query or self.track or self.expertise or self.within_days)

    @event
    async def open_page(self) -> None:
        await self._visit()
        await self._load(choices=True)

    async def _load(self, choices: bool = False) -> None:
        """The page of cards; with ``choices`` the filters' tracks and tags too (read when the
        page opens: a search or a page turn keeps the lists it shows, and sends them no more)."""
        zone, lang = self.user_timezone, self.lang
        days = int(self.within_days) if self.within_days.isdigit() else 0

        def load(
            db: Session, actor: User | None
        ) -> tuple[list[MentorCardRow], int, list[Option] | None, list[Option] | None]:
            now = datetime.now(UTC)
            cards, total = matching.search(
                db,
                actor,
                sort=self.sort,
                query=self.query,
                track=self.track,
                expertise=self.expertise,
                available_from=now if days else None,
                available_to=now + timedelta(days=days) if days else None,
                limit=PAGE,
                offset=self._offset(),
            )
            rows = [
                MentorCardRow.model_validate(
                    c,
                    update={
                        "next": when(c.next_open_slot, None, zone, lang)
                        if c.next_open_slot
                        else "",
                        "rating_label": rating_label(c.rating, lang),
                    },
                )
                for c in cards
            ]
            if not choices:
                return rows, total, None, None
            return rows, total, options(mentors.tracks(db)), options(directory.expertise_tags(db))

        result = await self._read_data(_read(self, load))
        if result is not None:
            self.cards, self.total, tracks, tags = result
            if tracks is not None and tracks != self.tracks:
                self.tracks = tracks
            if tags is not None and tags != self.tags:
                self.tags = tags

    async def _reload(self) -> Any:
        await self._load(choices=True)  # the filters' lists too, if the page's first read failed
        return None

    @event
    async def search(self, form: dict[str, str]) -> None:
        self.query = form.get("query", "").strip()[:100]
        self.track, self.expertise = form.get("track", ""), form.get("expertise", "")
        self.within_days = form.get("within_days", "")
        self.page = 1
        await self._load()

    # Filters apply as they change; the search box's changes arrive debounced from the page.
    @event
    async def set_query(self, value: str) -> None:
        await self._refilter(query=value.strip()[:100])

    @event
    async def set_track(self, value: str) -> None:
        await self._refilter(track=value)

    @event
    async def set_expertise(self, value: str) -> None:
        await self._refilter(expertise=value)

    @event
    async def set_within_days(self, value: str) -> None:
        await self._refilter(within_days=value)

    @event
    async def set_sort(self, value: str) -> None:
        await self._refilter(sort=value if value == "match" else "name")

    async def _refilter(self, **changed: str) -> None:
        if all(getattr(self, name) == value for name, value in changed.items()):
            return  # e.g. a trailing space typed: same search, no reload
        for name, value in changed.items():
            setattr(self, name, value)
        self.page = 1
        await self._load()

    @event
    async def clear(self) -> None:
        self.query = self.track = self.expertise = self.within_days = ""
        self.page = 1
        await self._load()


def _book(db: Session, actor: User, slot_id: int) -> str:
    """Book; for a paid session the Stripe payment page to go to, else ''."""
    return booking.book_slot(db, actor, slot_id).checkout_url or ""


class SlotChoice(SlotPublic):
    time: str = ""  # "18:00" in the viewer's zone
    label: str = ""  # the day, start and end in the viewer's zone and language
    # The rules a booking of this slot is made under, as sentences in the reader's language
    # (policy_lines): read with the slot, so its booking dialog opens without asking the server.
    policy: list[str] = Field(default_factory=list)


class SlotDay(BaseModel):
    day: str
    slots: list[SlotChoice] = Field(default_factory=list)


class BookingAnswer(rx.State):
    """The booking dialog's answer, a state of its own: a change here re-renders the dialog's
    button and confirmation only, where one of MentorProfileState (or the toast's SessionState)
    re-renders the whole profile page (every slot, its rules) before anything shows."""

    # Booking answers so far: a "Book" button is busy from its click (the browser notes this
    # count then) until the next answer arrives.
    answers: rx.Field[int] = rx.field(0)
    booked: rx.Field[int] = rx.field(0)  # the slot just booked: its dialog confirms it


class MentorProfileState(FormState):
    mentor: ObjectField[MentorCardPublic] = object_field()
    days: ListField[SlotDay] = list_field()
    chosen: ObjectField[SlotChoice] = object_field()
    # The slot whose booking dialog is open when the page loads (back from signing in with
    # ?slot=); 0: none. Otherwise a dialog opens in the browser, on the click (pages/booking.py).
    reopen: rx.Field[int] = rx.field(0)
    _stale: bool = False  # a booking was refused: the slots are read again on closing
    price: rx.Field[str] = rx.field("")  # "200.000 ₫"; empty: free
    hold_minutes: rx.Field[int] = rx.field(30)
    missing: rx.Field[bool] = rx.field(False)  # no such mentor in the directory

    @rx.var
    def tab_title(self) -> str:
        """The browser tab's title once the mentor is loaded, as the page the server writes for
        this profile has it (api/sharing.py); "" before. It reads nothing of the session state
        (the brand is the same in every language): a var that did would make Reflex's Redis
        state manager load this state, 6 KB, for every UI event of the tab."""
        return f"{self.mentor.name} — {BRAND}" if self.mentor is not None else ""

    @event
    async def open_page(self) -> Any:
        await self._open()
        await self._load()
        return self._reopen_chosen()

    async def _open(self) -> None:
        """What opening the page starts from: nothing chosen, no booking confirmed, the reader
        checked."""
        self.reopen, self.mentor, self.days, self.missing = 0, None, [], False
        self.chosen, self._stale = None, False
        answer = await self.get_state(BookingAnswer)
        if answer.booked:
            answer.booked = 0
        await self._visit()

    async def _load(
        self, also: Callable[[Session, User | None, MentorCardPublic], R] | None = None
    ) -> R | None:
        """The mentor's card and open slots; with ``also``, ``also(session, reader, card)`` in
        the same unit of work (the rest of the page, state/mentor_page.py), and its result."""
        mentor_id, zone, lang = _path_id(self.router.url.path), self.user_timezone, self.lang
        texts = self.t

        def load(
            db: Session, actor: User | None
        ) -> tuple[MentorCardPublic, list[SlotDay], str, R | None] | None:
            try:
                card = directory.profile(db, actor, mentor_id)
            except NotFound:
                return None
            slots = availability.open_slots(
                db, mentor_id, end=datetime.now(UTC) + timedelta(weeks=4)
            )
            grouped: dict[str, list[SlotChoice]] = {}
            paid = card.price is not None
            for s in slots:
                day = day_of(s.start_at, lang, zone)
                local = s.start_at.astimezone(ZoneInfo(zone))
                grouped.setdefault(day, []).append(
                    SlotChoice.model_validate(
                        s,
                        update={
                            "time": f"{local:%H:%M}",
                            "label": when(s.start_at, s.end_at, zone, lang),
                            "policy": policy_lines(
                                policy.booking_policy(s.start_at, paid=paid), texts, zone, lang
                            ),
                        },
                    )
                )
            days = [SlotDay(day=d, slots=items) for d, items in grouped.items()]
            more = also(db, actor, card) if also is not None else None
            return card, days, card.price.label if card.price else "", more

        result = await _read(self, load)
        if result is None:
            if not self.error:
                self.missing = True
            return None
        self.mentor, self.days, self.price, more = result
        self.hold_minutes = get_settings().payment_hold_minutes
        return more

    def _reopen_chosen(self) -> Any:
        """Back from signing in with ?slot=<id>: that slot's dialog again, or why it cannot be."""
        raw = str(self.router.url.query_parameters.get("slot", ""))
        if not raw.isdigit() or self.mentor is None or not self.signed_in:
            return None  # a visitor with such a link sees the page; picking a slot signs in
        redirect = self._choose(int(raw))
        if self.chosen is not None and self.chosen.id == int(raw):
            self.reopen = self.chosen.id
        return redirect

    def _slot(self, slot_id: int) -> SlotChoice | None:
        """The slot as this page read it (its time from the server, not from the click)."""
        found = [slot for day in self.days for slot in day.slots if slot.id == slot_id]
        if not found:
            self.error = self.t["booking.slot_gone"]
            return None
        return found[0]

    def _choose(self, slot_id: int) -> Any:
        slot = self._slot(slot_id)
        if slot is None:
            return None
        if not self.signed_in:
            mentor_id = self.mentor.id if self.mentor else _path_id(self.router.url.path)
            return rx.redirect(sign_in_to_book(mentor_id, slot.id))
        self.chosen, self.error = slot, ""
        return None

    @event
    async def dialog_open_changed(self, is_open: bool) -> None:
        """A booking dialog opened (it did in the browser already): no earlier refusal in it.
        Closed: after a refused booking, show the slots that are left, and keep saying why it
        failed (reading the page again starts with a clean message)."""
        if is_open:
            if self.error:
                self.error = ""
            return
        self.reopen = 0
        if self._stale:
            self._stale = False
            reason = self.error
            await self._load()
            self.error = reason or self.error

    @event
    def choose(self, slot: SlotChoice) -> Any:
        """A slot picked by a visitor: sign in first. (A signed-in person's dialog opens in
        the browser and `confirm` names its slot; a client that picks here, as
        bench/ui_driver.py does, then confirms without one.)"""
        return self._choose(slot.id)

    @event
    async def confirm(self, slot_id: int = 0) -> Any:
        """Book ``slot_id`` (as this page read it), or the slot `choose` named.

        The button shows "Booking…" in the browser on the click (pages/booking.py), so nothing
        is sent before the booking itself; its answer (BookingAnswer.answers) ends that. A
        booking made is confirmed in its dialog by the first delta after the commit, which
        changes nothing else; the toast follows with the move to My sessions."""
        answer = await self.get_state(BookingAnswer)
        try:
            # The slot its dialog was opened for; `chosen` stays as it is (not part of the
            # answer: a change of this state re-renders the page, see BookingAnswer).
            slot = self._slot(slot_id) if slot_id else self.chosen
            if slot is None:  # gone, or none named
                self.error = self.error or self.t["booking.slot_gone"]
                return
            if not self.signed_in:
                yield self._choose(slot.id)  # signed out meanwhile: sign in, then this slot
                return
            checkout = await self._act(_book, slot.id)
            if checkout is None:
                # The slot may be gone: its dialog stays on it and says why; the slots are
                # read again when the dialog closes (dialog_open_changed).
                self._stale = True
                return
        finally:
            answer.answers += 1
        if checkout:
            # Stripe's page, in this tab: the way back is /sessions?checkout=<booking id>.
            yield rx.redirect(checkout)
            return
        answer.booked = slot.id
        yield
        self._flash("success", self.t["booking.booked"])
        yield rx.redirect("/sessions")


def _hours(value: float) -> str:
    return f"{value:g}"


def policy_lines(
    rules: BookingPolicyPublic, t: dict[str, str], zone: str, lang: str, now: datetime | None = None
) -> list[str]:
    """The booking dialog's rules for one slot, as sentences in the reader's language and zone."""
    now = now or datetime.now(UTC)
    lines = [t["policy.notice"].format(hours=_hours(rules.notice_hours))]
    if rules.change_until > now:
        until = when(rules.change_until, None, zone, lang)
        lines.append(t["policy.change_until"].format(when=until))
    else:
        lines.append(t["policy.no_change"])
    if rules.paid and rules.full_refund_until is not None:
        late = rules.late_refund_percent or 0
        if rules.full_refund_until > now:
            until = when(rules.full_refund_until, None, zone, lang)
            lines.append(t["policy.refund_full_until"].format(when=until))
            key = "policy.refund_late_part" if late else "policy.refund_late_none"
            lines.append(t[key].format(percent=late))
        else:
            key = "policy.refund_part_now" if late else "policy.refund_none_now"
            lines.append(t[key].format(percent=late))
        lines.append(t["policy.refund_by_mentor"])
    return lines


class BookingRow(BookingPublic):
    when: str = ""  # start and end in the viewer's zone and language
    can_change: bool = False  # shown here (the REST API leaves it out)
    refunded_label: str = ""  # the payment's refunded amount as text
    held_until: str = ""  # an unpaid hold's end, in the viewer's zone
    shown_status: str = ""  # status, or "rescheduled" for a booking moved to another slot
    reason: str = ""  # why it was cancelled, as its person typed it (none when moved)
    # The mentee's review of a past session: may they write or change it now, and what it says.
    can_review: bool = False
    review_rating: int = 0  # 0: not reviewed
    review_text: str = ""
    review_hidden: bool = False  # an admin hid it


def _with_reviews(past: list[BookingRow], mine: dict[int, ReviewMinePublic | None]) -> None:
    for row in past:
        if row.id in mine:
            review = mine[row.id]
            row.can_review = review is None or review.editable
            row.review_rating = review.rating if review else 0
            row.review_text = review.text if review else ""
            row.review_hidden = review.hidden if review else False


def _is_month(value: str) -> bool:
    """'2026-11': a year and a month as the month filter submits them."""
    year, _, month = value.partition("-")
    return len(year) == 4 and year.isdigit() and month.isdigit() and 1 <= int(month) <= 12


def _months(starts: list[datetime], zone: str, lang: str) -> list[Option]:
    """The months these sessions fall in, in ``zone``, newest first: "2026-11" read as
    "November 2026" / "tháng 11 năm 2026"."""
    seen = sorted(
        {(s.astimezone(ZoneInfo(zone)).year, s.astimezone(ZoneInfo(zone)).month) for s in starts},
        reverse=True,
    )
    return [
        Option(id=f"{year:04d}-{month:02d}", label=format_month(date(year, month, 1), lang))
        for year, month in seen
    ]


class SessionsState(PageLoad, FormState):
    upcoming: ListField[BookingRow] = list_field()
    past: ListField[BookingRow] = list_field()
    past_page: rx.Field[int] = rx.field(1)
    past_total: rx.Field[int] = rx.field(0)
    acting_on: ObjectField[BookingRow] = object_field()
    cancel_open: rx.Field[bool] = rx.field(False)
    move_open: rx.Field[bool] = rx.field(False)
    options: ListField[Option] = list_field()
    # Back from the payment page: what the database says about that booking.
    checkout_outcome: rx.Field[str] = rx.field("")
    loaded: rx.Field[bool] = rx.field(False)  # placeholders, not "none", until the first load
    # Filters, applied as they change: the other person's profile id, a status of
    # SESSION_FILTER_STATUSES, a month "2026-11" in the viewer's zone ("" for all).
    filter_with: rx.Field[str] = rx.field("")
    filter_status: rx.Field[str] = rx.field("")
    filter_month: rx.Field[str] = rx.field("")
    people: ListField[Option] = list_field()
    months: ListField[Option] = list_field()

    @event
    async def open_page(self) -> Any:
        self.cancel_open = self.move_open = False
        self.checkout_outcome = ""
        self.past_page = 1
        self.loaded = False
        self.load_error = ""
        self.filter_with = self.filter_status = self.filter_month = ""
        redirect = await self._open_for("mentee", "mentor", "admin")
        if redirect is None and self.checkout_outcome in ("waiting", "processing"):
            return SessionsState.watch_checkout
        return redirect

    async def _read_checkout(self) -> None:
        """The state of the booking named in ?checkout=, read from the database."""
        params = self.router.url.query_parameters
        raw = str(params.get("checkout", ""))
        if not raw.isdigit():
            self.checkout_outcome = ""
            return

        def read(db: Session, actor: User) -> str:
            return booking.payment_state(db, actor, int(raw)).outcome

        result = await self._act(read)
        if result is None:
            self.checkout_outcome = ""
            return
        outcome = result
        if outcome == "waiting" and params.get("result") == "cancel":
            outcome = "left"  # they left the payment page: the hold still stands
        self.checkout_outcome = outcome

    @event(background=True)
    async def watch_checkout(self) -> None:
        """Stripe's webhook usually lands within seconds of the redirect back: show it when it
        does, without a reload; stop after about a minute (the page then says to look later)."""
        for _ in range(POLLS):
            await asyncio.sleep(POLL_SECONDS)
            async with self:
                if self.checkout_outcome not in ("waiting", "processing"):
                    return
                before = self.checkout_outcome
                await self._read_checkout()
                if self.checkout_outcome != before:
                    await self._load_rows()
                    return

    async def _load(self) -> None:
        await self._read_checkout()
        await self._load_rows()

    async def _load_rows(self) -> None:
        zone, lang = self.user_timezone, self.lang

        def row(b: BookingPublic) -> BookingRow:
            paid = b.payment
            return BookingRow.model_validate(
                b,
                update={
                    "when": when(b.start_at, b.end_at, zone, lang),
                    "refunded_label": payments.format_amount(paid.refunded, paid.currency)
                    if paid
                    else "",
                    "held_until": local(paid.expires_at, zone) if paid else "",
                    "shown_status": shown_status(b.status, b.rescheduled),
                    "reason": "" if b.rescheduled else b.cancel_reason or "",
                },
            )

        def rows(found: list[BookingPublic]) -> list[BookingRow]:
            return [row(b) for b in found]

        page, narrow = self.past_page, self._narrow()
        show_upcoming, show_past = self.shows_upcoming, self.shows_past

        def load(
            db: Session, actor: User
        ) -> tuple[list[BookingRow], list[BookingRow], int, SessionChoicesPublic]:
            past: list[BookingRow] = []
            total = 0
            if show_past and page == 1:
                # The first page first: when it is not full it is every past session, and
                # the count (a second read) is not needed.
                past = rows(
                    booking.list_bookings(db, actor, "past", limit=PAST_PAGE, narrow=narrow)
                )
                total = (
                    len(past)
                    if len(past) < PAST_PAGE
                    else booking.count_bookings(db, actor, "past", narrow=narrow)
                )
            elif show_past:
                total = booking.count_bookings(db, actor, "past", narrow=narrow)
                last = max(1, -(-total // PAST_PAGE))
                at = (min(page, last) - 1) * PAST_PAGE
                past = rows(
                    booking.list_bookings(
                        db, actor, "past", limit=PAST_PAGE, offset=at, narrow=narrow
                    )
                )
            if actor.role == "mentee":
                _with_reviews(past, reviews.my_reviews(db, actor, [r.id for r in past]))
            return (
                rows(booking.list_bookings(db, actor, "upcoming", narrow=narrow))
                if show_upcoming
                else [],
                past,
                total,
                booking.session_choices(db, actor),
            )

        # Why the list could not be read (the server too busy, say), above it; for the page
        # load, a filter change or a page turn alike.
        result = await self._read_data(self._read_as_signed_in(load))
        if result is not None:
            self.upcoming, self.past, self.past_total, choices = result
            self.past_page = min(self.past_page, self.past_page_count)
            self.people = [Option(id=str(i), label=name) for i, name in choices.people]
            self.months = _months(choices.starts, zone, lang)
            self.loaded = True

    def _narrow(self) -> SessionFilter:
        starts_from = starts_before = None
        if self.filter_month:
            year, month = (int(part) for part in self.filter_month.split("-"))
            zone = ZoneInfo(self.user_timezone)
            starts_from = datetime(year, month, 1, tzinfo=zone).astimezone(UTC)
            following = (year + 1, 1) if month == 12 else (year, month + 1)
            starts_before = datetime(*following, 1, tzinfo=zone).astimezone(UTC)
        return SessionFilter(
            with_id=int(self.filter_with) if self.filter_with.isdigit() else None,
            status=self.filter_status,
            starts_from=starts_from,
            starts_before=starts_before,
        )

    @rx.var
    def shows_upcoming(self) -> bool:
        return self.filter_status in ("", "upcoming")

    @rx.var
    def shows_past(self) -> bool:
        return self.filter_status != "upcoming"

    @rx.var
    def filtered(self) -> bool:
        return bool(self.filter_with or self.filter_status or self.filter_month)

    async def _refilter(self) -> None:
        self.past_page = 1
        await self._load_rows()

    @event
    async def set_filter_with(self, value: str) -> None:
        self.filter_with = value if value.isdigit() else ""
        await self._refilter()

    @event
    async def set_filter_status(self, value: str) -> None:
        self.filter_status = value if value in SESSION_FILTER_STATUSES else ""
        await self._refilter()

    @event
    async def set_filter_month(self, value: str) -> None:
        self.filter_month = value if _is_month(value) else ""
        await self._refilter()

    @event
    async def clear_filters(self) -> None:
        self.filter_with = self.filter_status = self.filter_month = ""
        await self._refilter()

    @event
    async def refresh(self) -> None:
        """Read the sessions again (after a review was written)."""
        await self._load_rows()

    @rx.var
    def past_page_count(self) -> int:
        return max(1, -(-self.past_total // PAST_PAGE))

    @event
    async def next_past_page(self) -> None:
        if self.past_page < self.past_page_count:
            self.past_page += 1
            await self._load_rows()

    @event
    async def previous_past_page(self) -> None:
        if self.past_page > 1:
            self.past_page -= 1
            await self._load_rows()

    @event
    def ask_cancel(self, row: BookingRow) -> None:
        self.acting_on, self.cancel_open, self.error = row, True, ""

    @event
    def set_cancel_open(self, value: bool) -> None:
        self.cancel_open = value

    @event
    async def cancel(self, form: dict[str, str]) -> Any:
        acting_on = self.acting_on.id if self.acting_on else 0
        done = await self._act(booking.cancel_booking, acting_on, form.get("reason", ""))
        if done is not None:
            self.cancel_open = False
            await self._load()
            self._flash("success", self.t["booking.cancelled"])

    @event
    async def ask_move(self, row: BookingRow) -> None:
        self.acting_on, self.move_open, self.error = row, True, ""
        zone, lang, mentor_id = self.user_timezone, self.lang, row.mentor_id

        def load(db: Session, actor: User) -> list[Option]:
            return [
                Option(id=str(s.id), label=when(s.start_at, s.end_at, zone, lang))
                for s in availability.open_slots(db, mentor_id)
            ]

        self.options = await self._act(load) or []

    @event
    def set_move_open(self, value: bool) -> None:
        self.move_open = value

    @event
    async def move(self, form: dict[str, str]) -> Any:
        slot = form.get("slot_id", "")
        if not slot.isdigit():
            self.error = self.t["booking.pick_slot"]
            return
        acting_on = self.acting_on.id if self.acting_on else 0
        done = await self._act(booking.reschedule, acting_on, int(slot))
        if done is not None:
            self.move_open = False
            await self._load()
            self._flash("success", self.t["booking.moved"])


class RuleRow(WeeklyAvailabilityPublic):
    text: str = ""  # "Tue 18:00–20:00 · 45′ + 15′" in the viewer's language


class DayOffRow(AvailabilityExceptionPublic):
    shown: str = ""  # the day as "27/11/2026"


class ManagedSlotRow(ManagedSlotPublic):
    when: str = ""  # start and end in the viewer's zone and language


class AvailabilityState(PageLoad, FormState):
    rules: ListField[RuleRow] = list_field()
    days_off: ListField[DayOffRow] = list_field()
    slots: ListField[ManagedSlotRow] = list_field()
    loaded: rx.Field[bool] = rx.field(False)  # placeholders, not "none", until the first load

    @event
    async def open_page(self) -> Any:
        self.loaded = False
        return await self._open_for("mentor")

    async def _load(self) -> None:
        zone, lang = self.user_timezone, self.lang

        def load(
            db: Session, actor: User
        ) -> tuple[list[RuleRow], list[DayOffRow], list[ManagedSlotRow]]:
            names = WEEKDAYS.get(lang, WEEKDAYS["en"])
            rules = [
                RuleRow.model_validate(
                    r,
                    update={
                        "text": f"{names[r.weekday]} {r.start_time:%H:%M}–"
                        f"{r.end_time:%H:%M} · {r.session_minutes}′ + {r.buffer_minutes}′"
                    },
                )
                for r in availability.weekly_rules(db, actor)
            ]
            off = [
                DayOffRow.model_validate(e, update={"shown": f"{e.day:%d/%m/%Y}"})
                for e in availability.exceptions(db, actor)
            ]
            slots = [
                ManagedSlotRow.model_validate(
                    s, update={"when": when(s.start_at, s.end_at, zone, lang)}
                )
                for s in availability.upcoming_slots(db, actor)
            ]
            return rules, off, slots

        result = await self._read_data(self._act(load))
        if result is not None:
            self.rules, self.days_off, self.slots = result
            self.loaded = True

    async def _after(self, result: object, notice_key: str) -> None:
        if result is not None or not self.error:
            await self._load()
            if not self.error:
                self.notice = self.t[notice_key]

    @event
    async def add_one_off(self, form: dict[str, str]) -> None:
        try:
            form = with_picked(form, days=["slot_day"], clocks=["slot_start"])
            day = date.fromisoformat(form.get("slot_day", ""))
            start_t = time.fromisoformat(form.get("slot_start", ""))
            minutes = int(form.get("slot_minutes", "60"))
        except PickError as exc:
            self.error = exc.message(self.lang)
            return
        except ValueError:
            self.error = self.t["availability.bad_time"]
            return
        # Year 9999 or a day-long slot would overflow before the service could say no.
        if not (MIN_DATE <= day <= MAX_DATE and 0 < minutes <= 24 * 60):
            self.error = self.t["availability.bad_time"]
            return
        start = datetime.combine(day, start_t, ZoneInfo(self.user_timezone))
        result = await self._act(
            availability.add_slot, None, start, start + timedelta(minutes=minutes)
        )
        await self._after(result, "availability.saved")

    @event
    async def add_rule(self, form: dict[str, str]) -> None:
        try:
            form = with_picked(form, clocks=["start", "end"])
            rule = availability.WeeklyRule(
                weekday=int(form.get("weekday", "0")),
                start=time.fromisoformat(form.get("start", "")),
                end=time.fromisoformat(form.get("end", "")),
                session_minutes=int(form.get("minutes", "60")),
                buffer_minutes=int(form.get("buffer", "0") or 0),
            )
        except PickError as exc:
            self.error = exc.message(self.lang)
            return
        except ValueError:
            self.error = self.t["availability.bad_time"]
            return
        result = await self._act(availability.add_weekly_rule, None, rule)
        await self._after(result, "availability.saved")

    @event
    async def remove_rule(self, rule_id: int) -> None:
        await self._act(availability.remove_weekly_rule, rule_id)
        await self._after(None, "availability.saved")

    @event
    async def add_day_off(self, form: dict[str, str]) -> None:
        try:
            day = date.fromisoformat(with_picked(form, days=["off_day"])["off_day"])
        except PickError as exc:
            self.error = exc.message(self.lang)
            return
        except ValueError:
            self.error = self.t["availability.bad_time"]
            return
        result = await self._act(availability.add_exception, None, day, form.get("note", ""))
        await self._after(result, "availability.saved")

    @event
    async def set_blocked(self, slot_id: int, blocked: bool) -> None:
        await self._act(availability.set_slot_blocked, slot_id, blocked)
        await self._after(None, "availability.saved")

    @event
    async def remove(self, slot_id: int) -> None:
        await self._act(availability.remove_slot, slot_id)
        await self._after(None, "availability.saved")
