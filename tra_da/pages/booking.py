"""/mentors, /mentors/[id], /sessions and /availability."""

from typing import Any

import reflex as rx
from reflex.experimental.client_state import ClientStateVar
from reflex_base.vars.object import ObjectVar
from reflex_base.vars.sequence import ArrayVar

from tra_da.components.dialogs import form_dialog, returns_focus
from tra_da.components.forms import (
    error_message,
    field,
    labelled,
    load_failed,
    notice_message,
)
from tra_da.components.guard import guarded, not_found_view, visible_to_all
from tra_da.components.mentoring import session_status_badge
from tra_da.components.payments import payment_badge, price_card, refund_badge
from tra_da.components.pickers import date_field, time_field
from tra_da.components.reviews import profile_reviews, rating_badge, rating_choice, review_text
from tra_da.components.routes import PUBLIC, Nav, template
from tra_da.components.tables import native_select, page_turner, pager, until_loaded
from tra_da.components.text import initials, joined, or_text, translated, zone_note
from tra_da.state.booking import (
    PAST_PAGE,
    AvailabilityState,
    BookingAnswer,
    BookingRow,
    DirectoryState,
    ManagedSlotRow,
    MentorCardRow,
    MentorProfileState,
    RuleRow,
    SessionsState,
    SlotChoice,
    SlotDay,
)
from tra_da.state.mentor_page import MentorPageState
from tra_da.state.reviews import MentorReviewsState, ReviewFormState
from tra_da.state.session import SessionState, T
from tra_da.state.waitlist import WaitlistState

# How long the directory waits after the last keystroke before it searches.
SEARCH_DEBOUNCE_MS = 300


def _tags(tags: rx.Var[list[str]]) -> rx.Component:
    return rx.flex(rx.foreach(tags, lambda t: rx.badge(t, variant="soft")), gap="4px", wrap="wrap")


# --- directory ----------------------------------------------------------------------------


def _next_slot(text: rx.Var[str]) -> rx.Component:
    """The icon beside the text, never on a line of its own when the text wraps (375 px)."""
    return rx.hstack(
        rx.icon("calendar-clock", size=14, aria_hidden="true", flex_shrink="0", margin_top="3px"),
        rx.text(T["directory.next_slot"], ": ", text, size="2", weight="medium"),
        spacing="2",
        align="start",
    )


def _card(c: ObjectVar[MentorCardRow]) -> rx.Component:
    return rx.link(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.avatar(
                        src=or_text(c.avatar_url),
                        fallback=initials(c.name),
                        size="5",
                        radius="full",
                        # rx.avatar takes `alt=` as a CSS property; the image needs it.
                        custom_attrs={"alt": c.name},
                    ),
                    rx.vstack(
                        rx.heading(c.name, size="4", as_="h2"),
                        rx.text(c.track, size="2", color=rx.color("amber", 11)),
                        rating_badge(c.rating_label, c.rating.count),
                        spacing="0",
                    ),
                    align="center",
                ),
                rx.text(c.headline, size="2", color=rx.color("gray", 11)),
                _tags(c.expertise),
                rx.cond(
                    c.next != "",
                    _next_slot(c.next),
                    rx.text(T["directory.no_slots"], size="2", color=rx.color("gray", 10)),
                ),
                spacing="3",
                height="100%",
            ),
            height="100%",
        ),
        href="/mentors/" + c.id.to_string(),
        underline="none",
        color="inherit",
        data_testid="mentor-card",
    )


@template(
    "/mentors",
    title="Mentors",
    on_load=DirectoryState.open_page,
    roles=PUBLIC,  # signed-out visitors browse too; only mentees book
    nav=Nav("nav.mentors", "search", 10, roles=("mentee",)),
)
def mentors() -> rx.Component:
    s = DirectoryState
    return visible_to_all(
        heading=rx.heading(T["directory.title"], size="7", as_="h1"),
        content=rx.vstack(
            rx.form(
                rx.flex(
                    # Applies as the person types, once they pause; Enter and the Search
                    # button still submit the form at once.
                    rx.input(
                        name="query",
                        value=s.query,
                        on_change=s.set_query,
                        debounce_timeout=SEARCH_DEBOUNCE_MS,
                        placeholder=T["directory.search"],
                        aria_label=T["directory.search"],
                        max_length=100,
                        flex="1",
                        min_width="200px",
                        size="3",  # 40 px, as tall as the selects beside it
                    ),
                    native_select(
                        "track",
                        "admin.track",
                        s.tracks,
                        value=s.track,
                        first=("", "admin.all_tracks"),
                        on_change=s.set_track,
                    ),
                    native_select(
                        "expertise",
                        "admin.expertise",
                        s.tags,
                        value=s.expertise,
                        first=("", "directory.any_expertise"),
                        on_change=s.set_expertise,
                    ),
                    native_select(
                        "within_days",
                        "directory.available",
                        [
                            ("7", T["directory.within_7"]),
                            ("14", T["directory.within_14"]),
                            ("30", T["directory.within_30"]),
                        ],
                        value=s.within_days,
                        first=("", "directory.any_time"),
                        on_change=s.set_within_days,
                    ),
                    # The score is a mentee's: others keep the name order.
                    rx.cond(
                        SessionState.user_role == "mentee",
                        native_select(
                            "sort",
                            "match.sort",
                            [("name", T["match.sort_name"]), ("match", T["match.sort_match"])],
                            value=s.sort,
                            on_change=s.set_sort,
                        ),
                    ),
                    rx.button(
                        rx.icon("search", size=16, aria_hidden="true"),
                        T["admin.search"],
                        type="submit",
                        size="3",
                    ),
                    gap="8px",
                    wrap="wrap",
                    align="center",
                    width="100%",
                ),
                on_submit=s.search,
                width="100%",
            ),
            # Why the cards could not be read (the server too busy, say), above those shown.
            load_failed(s, error=s.error),
            rx.cond(
                s.cards.length() > 0,
                rx.box(rx.foreach(s.cards, _card), class_name="td-grid", width="100%"),
                # "No mentors" only when the directory said so, not when it was not read.
                rx.cond(
                    s.load_error == "",
                    rx.callout(
                        rx.cond(s.filtered, T["directory.no_results"], T["directory.empty"]),
                        icon="search-x",
                        width="100%",
                    ),
                ),
            ),
            rx.cond(s.filtered, rx.button(T["directory.clear"], variant="ghost", on_click=s.clear)),
            pager(s),
            spacing="4",
            width="100%",
        ),
    )


# --- mentor profile -----------------------------------------------------------------------


def _slot_choice(slot: ObjectVar[SlotChoice], **on_click: Any) -> rx.Component:
    return rx.button(
        slot.time,
        variant="soft",
        size="2",
        aria_label=joined(T["booking.book"], " ", slot.label),
        **on_click,
    )


def _slot_button(slot: ObjectVar[SlotChoice]) -> rx.Component:
    """A slot's time. For a signed-in reader it opens the slot's booking dialog in the browser,
    on the click, with what the page already holds (the slot, its rules, the price): nothing
    is asked of the server until "Book". A visitor goes to sign in first (`choose`)."""
    return rx.cond(
        SessionState.signed_in,
        rx.alert_dialog.root(
            rx.alert_dialog.trigger(_slot_choice(slot)),
            _confirm_dialog(slot),
            default_open=MentorProfileState.reopen == slot.id,
            on_open_change=MentorProfileState.dialog_open_changed,
            # Mounted again when `reopen` changes (back from signing in, the slots may be on the
            # page already): default_open is read at mount only.
            key=MentorProfileState.reopen.to_string(),
        ),
        _slot_choice(slot, on_click=MentorProfileState.choose(slot)),
    )


def _slot_day(d: ObjectVar[SlotDay]) -> rx.Component:
    return rx.vstack(
        rx.text(d.day, weight="bold"),
        rx.flex(rx.foreach(d.slots, _slot_button), gap="8px", wrap="wrap"),
        spacing="2",
    )


def _waitlist() -> rx.Component:
    """A mentee on a mentor with no open slot in the next 14 days can wait for new ones."""
    w = WaitlistState
    return rx.cond(
        w.shown & (w.waiting | w.can_join | (w.waitlist_error != "")),
        rx.card(
            rx.vstack(
                rx.heading(T["waitlist.title"], size="4", as_="h2"),
                rx.cond(
                    w.waiting,
                    rx.text(T["waitlist.on_it"], " ", w.joined, data_testid="waitlist-state"),
                    rx.text(T["waitlist.offer"], data_testid="waitlist-state"),
                ),
                rx.cond(
                    ~w.waiting & (w.told != ""),
                    rx.text(T["waitlist.told"], " ", w.told, size="2", color=rx.color("gray", 11)),
                ),
                error_message(w.waitlist_error),
                notice_message(w.waitlist_notice),
                rx.cond(
                    w.waiting,
                    rx.button(
                        T["waitlist.leave"],
                        variant="soft",
                        color_scheme="gray",
                        on_click=w.leave,
                        loading=w.waitlist_working,
                    ),
                    rx.cond(
                        w.can_join,
                        rx.button(
                            rx.icon("bell-plus", size=16, aria_hidden="true"),
                            T["waitlist.join"],
                            on_click=w.join,
                            loading=w.waitlist_working,
                        ),
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            size="3",
            width="100%",
        ),
    )


@template(
    "/mentors/[mentor_id]",
    title="Mentor",
    tab_title=MentorProfileState.tab_title,
    # One event reads the card, its slots, the first reviews and a mentee's waitlist place
    # together (state/mentor_page.py); a visitor reads all but the waitlist.
    on_load=MentorPageState.open_page,
    roles=PUBLIC,
)
def mentor_profile() -> rx.Component:
    s = MentorProfileState
    return visible_to_all(rx.cond(s.missing, not_found_view(), _profile()))


def _policy(rules: ArrayVar[list[str]]) -> rx.Component:
    """The rules this booking is made under (SlotChoice.policy), in the UI language."""
    return rx.cond(
        rules.length() > 0,
        rx.box(
            rx.text(T["policy.title"], weight="bold", size="2"),
            rx.el.ul(
                rx.foreach(
                    rules,
                    lambda line: rx.el.li(rx.text(line, size="2"), style={"marginTop": "4px"}),
                ),
                style={"listStyle": "disc", "paddingInlineStart": "20px", "margin": "4px 0 0"},
            ),
            margin_top="12px",
            data_testid="booking-policy",
        ),
    )


# The booking answer count (BookingAnswer.answers) when "Book" was clicked: the button is
# busy while it is still the count, i.e. from the click, in the browser, until the server's
# answer (booked or refused) arrives. -1: not clicked on this page.
_BOOK_PRESSED = ClientStateVar.create("td_book_pressed", default=-1)


def _confirm_dialog(slot: ObjectVar[SlotChoice]) -> rx.Component:
    s = MentorProfileState
    busy = _BOOK_PRESSED.value.to(int) == BookingAnswer.answers
    booked = BookingAnswer.booked == slot.id
    return rx.alert_dialog.content(
        rx.alert_dialog.title(T["booking.confirm_title"]),
        rx.alert_dialog.description(joined(s.mentor.name, " · ", slot.label)),
        zone_note(),
        rx.cond(
            s.price != "",
            rx.callout(
                rx.text(
                    T["price.to_pay"],
                    ": ",
                    rx.text(s.price, as_="b"),
                    ". ",
                    T["price.checkout_note"],
                    " ",
                    s.hold_minutes,
                    " ",
                    T["price.minutes"],
                ),
                icon="credit-card",
                width="100%",
                margin_top="12px",
                data_testid="checkout-note",
            ),
        ),
        _policy(slot.policy.to(list[str])),
        error_message(s.error),
        rx.cond(
            booked,
            notice_message(T["booking.booked"], margin_top="12px", data_testid="booking-confirmed"),
        ),
        rx.flex(
            rx.alert_dialog.cancel(rx.button(T["admin.cancel"], variant="soft")),
            rx.button(
                rx.cond(
                    busy,
                    T["booking.booking"],
                    rx.cond(s.price != "", T["price.confirm_and_pay"], T["booking.confirm"]),
                ),
                on_click=[_BOOK_PRESSED.set_value(BookingAnswer.answers), s.confirm(slot.id)],
                disabled=busy | booked,
                aria_busy=rx.cond(busy, "true", "false"),
                data_testid="book-button",
            ),
            gap="12px",
            justify="end",
            margin_top="16px",
        ),
        # The trigger is inside a memoized component and Radix does not get it back on close.
        **returns_focus(),
    )


def _profile() -> rx.Component:
    s = MentorProfileState
    m = s.mentor
    return rx.cond(
        m,
        rx.vstack(
            rx.link(T["directory.back"], href="/mentors", size="2"),
            load_failed(MentorPageState, error=s.error),
            rx.hstack(
                rx.avatar(
                    src=or_text(m.avatar_url),
                    fallback=initials(m.name),
                    size="7",
                    radius="full",
                    custom_attrs={"alt": m.name},
                ),
                rx.vstack(
                    rx.heading(m.name, size="7", as_="h1"),
                    rx.text(m.headline, color=rx.color("gray", 11)),
                    rx.text(m.track, color=rx.color("amber", 11), size="2"),
                    rating_badge(MentorReviewsState.rating_label, MentorReviewsState.rating_count),
                    rx.badge(
                        rx.cond(s.price != "", s.price, T["price.free"]),
                        T["price.per_session"],
                        color_scheme=rx.cond(s.price != "", "amber", "green"),
                        variant="soft",
                        data_testid="mentor-price",
                    ),
                    spacing="1",
                ),
                align="center",
                spacing="4",
                wrap="wrap",
            ),
            _tags(m.expertise),
            rx.text(m.bio, style={"whiteSpace": "pre-wrap"}),
            rx.card(
                rx.vstack(
                    rx.heading(T["booking.open_slots"], size="4", as_="h2"),
                    zone_note(),
                    rx.cond(
                        s.days.length() > 0,
                        rx.vstack(rx.foreach(s.days, _slot_day), spacing="4", width="100%"),
                        rx.text(T["booking.no_open_slots"], color=rx.color("gray", 11)),
                    ),
                    spacing="3",
                    width="100%",
                ),
                size="3",
                width="100%",
            ),
            _waitlist(),
            profile_reviews(),
            spacing="4",
            width="100%",
        ),
        # Not read (the server was busy, say): why, and "Try again".
        load_failed(MentorPageState, error=s.error),
    )


# --- my sessions --------------------------------------------------------------------------


_DELIVERY_COLOURS = {
    "sent": "green",
    "created": "green",
    "sending": "gray",
    "retrying": "amber",
    "failed": "red",
}


def _delivery_badge(kind: str, state: rx.Var[Any]) -> rx.Component:
    """How the invitation email or the calendar event is doing, so nobody has to guess."""
    hidden = "none" if kind == "email" else "off"
    return rx.cond(
        state != hidden,
        rx.badge(
            translated(f"delivery.{kind}.", state),
            color_scheme=rx.match(state, *_DELIVERY_COLOURS.items(), "gray"),
            variant="soft",
            data_testid=f"delivery-{kind}",
        ),
    )


def _payment_lines(row: ObjectVar[BookingRow]) -> rx.Component:
    """The price, whether it is paid, the hold while unpaid, and any refund."""
    paid = row.payment
    return rx.cond(
        paid,
        rx.vstack(
            rx.hstack(
                rx.text(paid.label, size="2", weight="medium"),
                payment_badge(paid.status),
                rx.cond(
                    (row.status == "pending") & (row.held_until != ""),
                    rx.text(
                        T["price.held_until"],
                        " ",
                        row.held_until,
                        size="1",
                        color=rx.color("gray", 11),
                    ),
                ),
                align="center",
                wrap="wrap",
            ),
            rx.cond(
                paid.refund_status != "none",
                rx.hstack(
                    rx.text(T["payments.refunded"], ": ", row.refunded_label, size="2"),
                    refund_badge(paid.refund_status),
                    align="center",
                    wrap="wrap",
                ),
            ),
            spacing="1",
        ),
    )


_CHECKOUT_COLOURS = {
    "confirmed": "green",
    "processing": "amber",
    "waiting": "amber",
    "left": "amber",
    "released": "gray",
    "refunded_late": "red",
}


def _checkout_result() -> rx.Component:
    """Back from Stripe: the booking's real state, from the database (updates by itself)."""
    outcome = SessionsState.checkout_outcome
    return rx.cond(
        (outcome != "") & (outcome != "free"),
        rx.callout(
            T["checkout." + outcome],
            icon=rx.match(
                outcome,
                ("confirmed", "circle-check"),
                ("released", "calendar-x"),
                ("refunded_late", "undo-2"),
                "loader",
            ),
            color_scheme=rx.match(outcome, *_CHECKOUT_COLOURS.items(), "gray"),
            role="status",
            width="100%",
            data_testid="checkout-result",
        ),
    )


def _review_actions(row: ObjectVar[BookingRow]) -> rx.Component:
    """A past session of the mentee: their rating, and "Rate and review" while they may."""
    return rx.flex(
        rx.cond(
            row.review_rating.to(int) > 0,
            rx.text(
                T["logs.your_rating"],
                ": ",
                row.review_rating,
                "/5",
                size="2",
                data_testid="my-review-rating",
            ),
        ),
        rx.cond(
            row.review_hidden,
            rx.text(T["reviews.hidden_note"], size="2", color=rx.color("gray", 11)),
        ),
        rx.cond(
            row.can_review,
            rx.button(
                rx.icon("star", size=16, aria_hidden="true"),
                rx.cond(
                    row.review_rating.to(int) > 0, T["reviews.edit"], T["reviews.rate_and_review"]
                ),
                size="2",
                variant="soft",
                on_click=ReviewFormState.ask_review(row),
            ),
        ),
        gap="8px",
        wrap="wrap",
        align="center",
    )


def _review_dialog() -> rx.Component:
    s = ReviewFormState
    return form_dialog(
        rating_choice("rating", "logs.rate_label", s.rating),
        review_text("review_text", s.text),
        title=rx.cond(s.editing, T["reviews.edit_title"], T["reviews.write_title"]),
        description=s.about,
        on_submit=s.save,
        open=s.review_open,
        on_open_change=s.set_review_open,
        error=s.error,
        submit_key="reviews.save",
        working=s.working,
    )


def _session_card(row: ObjectVar[BookingRow], upcoming: bool) -> rx.Component:
    s = SessionsState
    other = rx.cond(SessionState.user_role == "mentor", row.mentee_name, row.mentor_name)
    actions = (
        rx.cond(
            row.can_change,
            rx.flex(
                rx.cond(
                    (SessionState.user_role == "mentee") & (row.status != "pending"),
                    rx.button(
                        T["booking.reschedule"], size="2", variant="soft", on_click=s.ask_move(row)
                    ),
                ),
                rx.button(
                    T["booking.cancel"],
                    size="2",
                    variant="soft",
                    color_scheme="red",
                    on_click=s.ask_cancel(row),
                ),
                gap="8px",
                wrap="wrap",
            ),
        )
        if upcoming
        else _review_actions(row)
    )
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(row.when, weight="bold"),
                rx.spacer(),
                session_status_badge(row.shown_status),
                width="100%",
                wrap="wrap",
            ),
            rx.text(T["dashboard.with"], " ", other, size="2", color=rx.color("gray", 11)),
            rx.cond(
                row.reason,
                rx.text(T["booking.reason"], ": ", row.reason, size="2"),
            ),
            _payment_lines(row),
            rx.cond(
                row.delivery,
                rx.flex(
                    _delivery_badge("email", row.delivery.email),
                    _delivery_badge("calendar", row.delivery.calendar),
                    gap="6px",
                    wrap="wrap",
                ),
            )
            if upcoming
            else rx.fragment(),
            rx.flex(
                rx.cond(
                    upcoming & row.checkout_url.bool(),
                    rx.link(
                        rx.button(
                            rx.icon("credit-card", size=16, aria_hidden="true"),
                            T["price.pay_now"],
                            size="2",
                        ),
                        href=or_text(row.checkout_url),
                        data_testid="pay-now",
                    ),
                ),
                rx.cond(
                    upcoming & row.meeting_link.bool() & (row.status != "pending"),
                    rx.link(
                        rx.button(
                            rx.icon("video", size=16, aria_hidden="true"),
                            T["dashboard.join"],
                            size="2",
                        ),
                        href=or_text(row.meeting_link),
                        is_external=True,
                    ),
                ),
                actions,
                gap="8px",
                wrap="wrap",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="session-card",
    )


def _session_filters() -> rx.Component:
    """Who with, which status, which month: each applies as it changes."""
    s = SessionsState
    return rx.flex(
        rx.cond(
            SessionState.user_role == "mentee",
            _with_select("sessions.all_mentors"),
            _with_select("sessions.all_mentees"),
        ),
        native_select(
            "filter_status",
            "sessions.filter_status",
            [
                ("", T["sessions.all_statuses"]),
                ("upcoming", T["sessions.status_upcoming"]),
                ("held", T["sessions.status_held"]),
                ("cancelled", T["sessions.status_cancelled"]),
            ],
            value=s.filter_status,
            on_change=s.set_filter_status,
        ),
        native_select(
            "filter_month",
            "sessions.filter_month",
            s.months,
            value=s.filter_month,
            first=("", "sessions.all_months"),
            on_change=s.set_filter_month,
        ),
        rx.cond(
            s.filtered,
            rx.button(
                rx.icon("x", size=16, aria_hidden="true"),
                T["sessions.clear_filters"],
                variant="soft",
                size="3",
                on_click=s.clear_filters,
                data_testid="clear-filters",
            ),
        ),
        role="group",
        aria_label=T["sessions.filters"],
        gap="8px",
        wrap="wrap",
        align="center",
        width="100%",
        class_name="td-filters",
        data_testid="session-filters",
    )


def _with_select(all_key: str) -> rx.Component:
    s = SessionsState
    return native_select(
        "filter_with",
        "sessions.filter_with",
        s.people,
        value=s.filter_with,
        first=("", all_key),
        on_change=s.set_filter_with,
    )


def _no_match() -> rx.Component:
    return rx.callout(
        rx.flex(
            rx.text(T["sessions.no_match"]),
            rx.button(
                T["sessions.clear_filters"],
                variant="soft",
                size="1",
                on_click=SessionsState.clear_filters,
            ),
            gap="8px",
            wrap="wrap",
            align="center",
        ),
        icon="filter-x",
        width="100%",
        data_testid="no-match",
    )


def _session_section(
    shown: rx.Var[bool],
    heading_key: str,
    rows: ArrayVar[list[BookingRow]],
    upcoming: bool,
    empty: rx.Component,
    below: rx.Component,
    lines: int = 3,
) -> rx.Component:
    """One section of My sessions: its heading, placeholders until loaded, the cards, and when
    there are none "no match" under a filter, else ``empty``; ``below`` follows the list."""
    s = SessionsState
    return rx.cond(
        shown,
        rx.vstack(
            rx.heading(T[heading_key], size="5", as_="h2"),
            until_loaded(
                s.loaded,
                rx.cond(
                    rows.length() > 0,
                    rx.box(
                        rx.foreach(rows, lambda r: _session_card(r, upcoming)),
                        class_name="td-grid td-grid-2",
                        width="100%",
                    ),
                    rx.cond(s.filtered, _no_match(), empty),
                ),
                lines=lines,
            ),
            below,
            spacing="4",
            width="100%",
        ),
    )


@template(
    "/sessions",
    title="My sessions",
    on_load=SessionsState.open_page,
    roles=("mentor", "mentee"),
    nav=Nav("nav.sessions", "calendar-check", 20),
)
def sessions() -> rx.Component:
    s = SessionsState
    return guarded(
        heading=rx.heading(T["booking.my_sessions"], size="7", as_="h1"),
        content=rx.vstack(
            # The list could not be read (the server too busy, say): why, above placeholders
            # that would otherwise never fill (or above the list it still shows).
            load_failed(s),
            _checkout_result(),
            zone_note(),
            rx.cond(s.people.length() > 0, _session_filters()),  # not before a first session
            _session_section(
                s.shows_upcoming,
                "dashboard.upcoming",
                s.upcoming,
                True,
                rx.callout(
                    rx.cond(
                        SessionState.user_role == "mentee",
                        T["booking.none_mentee"],
                        T["dashboard.no_upcoming"],
                    ),
                    icon="calendar",
                    width="100%",
                    data_testid="no-upcoming",
                ),
                rx.cond(
                    SessionState.user_role == "mentee",
                    rx.link(rx.button(T["booking.find_mentor"], variant="soft"), href="/mentors"),
                ),
                lines=2,
            ),
            _session_section(
                s.shows_past,
                "booking.past",
                s.past,
                False,
                rx.text(T["common.none"], color=rx.color("gray", 11)),
                rx.cond(
                    s.past_total > PAST_PAGE,
                    page_turner(
                        s.past_page.to_string() + " / " + s.past_page_count.to_string(),
                        s.previous_past_page,
                        s.next_past_page,
                        s.past_total,
                    ),
                ),
            ),
            form_dialog(
                labelled(
                    "booking.reason",
                    rx.text_area(id="reason", name="reason", max_length=500, width="100%"),
                    "reason",
                ),
                title=T["booking.cancel_title"],
                description=joined(s.acting_on.when),
                on_submit=s.cancel,
                open=s.cancel_open,
                on_open_change=s.set_cancel_open,
                error=s.error,
                submit_key="booking.cancel",
                working=s.working,
                danger=True,
            ),
            form_dialog(
                labelled(
                    "booking.new_time",
                    native_select("slot_id", "booking.new_time", s.options),
                    "slot_id",
                ),
                title=T["booking.reschedule"],
                description=joined(s.acting_on.when),
                on_submit=s.move,
                open=s.move_open,
                on_open_change=s.set_move_open,
                error=s.error,
                submit_key="booking.reschedule",
                working=s.working,
            ),
            _review_dialog(),
            spacing="4",
            width="100%",
        ),
        page=s,
    )


# --- availability -------------------------------------------------------------------------


def _slot_row(slot: ObjectVar[ManagedSlotRow]) -> rx.Component:
    s = AvailabilityState
    return rx.hstack(
        rx.vstack(
            rx.text(slot.when, weight="medium"),
            rx.text(
                translated("status.", slot.status),
                rx.cond(slot.mentee, joined(" · ", slot.mentee), ""),
                size="1",
                color=rx.color("gray", 10),
            ),
            spacing="0",
        ),
        rx.spacer(),
        rx.match(
            slot.status,
            (
                "open",
                rx.flex(
                    rx.button(
                        T["availability.block"],
                        size="1",
                        variant="soft",
                        on_click=s.set_blocked(slot.id, True),
                    ),
                    rx.button(
                        T["admin.remove"],
                        size="1",
                        variant="soft",
                        color_scheme="red",
                        on_click=s.remove(slot.id),
                    ),
                    gap="6px",
                ),
            ),
            (
                "blocked",
                rx.button(
                    T["availability.reopen"],
                    size="1",
                    variant="soft",
                    on_click=s.set_blocked(slot.id, False),
                ),
            ),
            rx.link(T["booking.my_sessions"], href="/sessions", size="1"),
        ),
        width="100%",
        align="center",
        wrap="wrap",
        data_testid="slot-row",
    )


def _rule_row(rule: ObjectVar[RuleRow]) -> rx.Component:
    return rx.hstack(
        rx.text(rule.text, size="2"),
        rx.spacer(),
        rx.button(
            T["admin.remove"],
            size="1",
            variant="soft",
            color_scheme="red",
            on_click=AvailabilityState.remove_rule(rule.id),
        ),
        width="100%",
        align="center",
    )


@template(
    "/availability",
    title="Availability",
    on_load=AvailabilityState.open_page,
    roles=("mentor",),
    nav=Nav("nav.availability", "calendar-plus", 10),
)
def availability_page() -> rx.Component:
    s = AvailabilityState
    weekdays = [(str(i), T[f"weekday.{i}"]) for i in range(7)]
    lengths = [("30", "30′"), ("45", "45′"), ("60", "60′")]
    weekly = rx.card(
        rx.vstack(
            rx.heading(T["availability.weekly"], size="4", as_="h2"),
            rx.text(T["availability.weekly_hint"], size="2", color=rx.color("gray", 11)),
            rx.form(
                rx.vstack(
                    labelled(
                        "availability.weekday",
                        native_select("weekday", "availability.weekday", weekdays),
                        "weekday",
                    ),
                    rx.flex(
                        time_field("availability.from", "start", "18:00"),
                        time_field("availability.to", "end", "20:00"),
                        gap="8px",
                        width="100%",
                    ),
                    rx.flex(
                        labelled(
                            "availability.length",
                            native_select("minutes", "availability.length", lengths, value="60"),
                            "minutes",
                        ),
                        field(
                            "availability.buffer",
                            "buffer",
                            "number",
                            default_value="0",
                            required=False,
                        ),
                        gap="8px",
                        width="100%",
                    ),
                    rx.button(T["availability.add_weekly"], type="submit"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=s.add_rule,
                width="100%",
            ),
            until_loaded(s.loaded, rx.foreach(s.rules, _rule_row), lines=1),
            spacing="3",
            width="100%",
        ),
        size="3",
        width="100%",
    )
    one_off = rx.card(
        rx.vstack(
            rx.heading(T["availability.one_off"], size="4", as_="h2"),
            rx.form(
                rx.vstack(
                    date_field("availability.day", "slot_day"),
                    rx.flex(
                        time_field("availability.from", "slot_start", "18:00"),
                        labelled(
                            "availability.length",
                            native_select(
                                "slot_minutes", "availability.length", lengths, value="60"
                            ),
                            "slot_minutes",
                        ),
                        gap="8px",
                        width="100%",
                    ),
                    rx.button(T["availability.add_slot"], type="submit"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=s.add_one_off,
                width="100%",
            ),
            rx.divider(),
            rx.heading(T["availability.days_off"], size="3", as_="h3"),
            rx.form(
                rx.vstack(
                    date_field("availability.day", "off_day"),
                    rx.flex(
                        rx.input(
                            name="note",
                            placeholder=T["availability.note"],
                            max_length=120,
                            aria_label=T["availability.note"],
                            size="3",
                            flex="1",
                            min_width="160px",
                        ),
                        rx.button(T["admin.add"], type="submit", variant="soft", size="3"),
                        gap="8px",
                        wrap="wrap",
                        width="100%",
                    ),
                    spacing="2",
                    width="100%",
                ),
                on_submit=s.add_day_off,
                width="100%",
            ),
            until_loaded(
                s.loaded,
                rx.foreach(s.days_off, lambda d: rx.text(d.shown, " ", d.note, size="2")),
                lines=1,
            ),
            spacing="3",
            width="100%",
        ),
        size="3",
        width="100%",
    )
    return guarded(
        heading=rx.heading(T["availability.title"], size="7", as_="h1"),
        content=rx.vstack(
            zone_note(),
            load_failed(s, error=s.error),
            notice_message(s.notice),
            rx.box(weekly, one_off, class_name="td-grid td-grid-2", width="100%"),
            rx.box(price_card(), width="100%"),
            rx.heading(T["availability.upcoming"], size="5", as_="h2"),
            until_loaded(
                s.loaded,
                rx.cond(
                    s.slots.length() > 0,
                    rx.card(
                        rx.vstack(rx.foreach(s.slots, _slot_row), spacing="3", width="100%"),
                        width="100%",
                    ),
                    rx.callout(T["availability.none"], icon="calendar-plus", width="100%"),
                ),
            ),
            spacing="4",
            width="100%",
        ),
        page=s,
    )
