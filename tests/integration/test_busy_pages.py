"""Pages whose own data read is refused by the admission gate (the server too busy): each says
so in the page (``load_error``, shown by components/forms.py ``load_failed`` with "Try again"),
keeps what it already shows, and clears the message once a read works (state/page_load.py).

The handlers run as Reflex runs them, on a tab's real state tree, against the real gate: a full
gate with no room to wait refuses at once, as it does under a burst."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from reflex.istate.data import RouterData
from reflex.state import State
from sqlmodel import Session

from tests import factories
from tra_da import admission
from tra_da.i18n import text
from tra_da.models.group import GroupCreate
from tra_da.services import auth, booking, groups
from tra_da.state.account import AccountState
from tra_da.state.admin import (
    AuditState,
    GroupDetailState,
    GroupListState,
    ImportState,
    MenteeListState,
    MentorFormState,
    MentorListState,
)
from tra_da.state.booking import (
    AvailabilityState,
    DirectoryState,
    MentorProfileState,
    SessionsState,
)
from tra_da.state.calendar import CalendarState
from tra_da.state.calendar_feed import CalendarFeedState
from tra_da.state.dashboard import DashboardState
from tra_da.state.deliveries import DeliveriesState
from tra_da.state.mailbox import MailboxState
from tra_da.state.matching import RecommendationsState
from tra_da.state.mentor_page import MentorPageState
from tra_da.state.mentoring import MenteeDetailState, MentoringState, SessionLogExportState
from tra_da.state.payments import PaymentsAdminState
from tra_da.state.reviews import MentorReviewsState, ReviewAdminState
from tra_da.state.session import SessionState


def busy(state: Any) -> str:
    """The gate's refusal as the page shows it, in the reader's language."""
    return text("err.server_busy", state.lang)


class Gate:
    """The process's admission gate, made to refuse or admit UI work."""

    def __init__(self) -> None:
        admission.gate.cache_clear()
        self.gate = admission.gate()
        self.queue = self.gate.queue

    def refuse(self) -> None:
        """Every place taken and no room to wait: the next caller is refused at once."""
        self.gate.in_use, self.gate.queue = self.gate.limit, 0

    def admit(self) -> None:
        self.gate.in_use, self.gate.queue = 0, self.queue


@pytest.fixture
def gate(use_database: str) -> Iterator[Gate]:
    yield (made := Gate())
    made.admit()
    admission.gate.cache_clear()
    auth.forget_web_sessions()


def tab(path: str, route: str | None = None, token: str = "") -> State:
    """A browser tab's state tree at ``path`` (its route pattern: ``route``), signed in with
    ``token`` if given. (A signed-in reader reads in their account's language.)"""
    root = State(_reflex_internal_init=True)
    root.router = RouterData.from_router_data(
        {
            "headers": {"origin": "http://testserver", "accept-language": "en"},
            "asPath": path,
            "pathname": route or path,
        }
    )
    if token:
        state_of(root, SessionState).token = token
    return root


def state_of(root: State, cls: type) -> Any:
    return root.get_substate(cls.get_full_name().split(".")[1:])


def run(state: Any, name: str, *args: Any) -> list[Any]:
    """Run the event handler ``name`` on ``state`` as Reflex would; what it yields or returns."""
    fn = type(state).event_handlers[name].fn

    async def go() -> list[Any]:
        result = fn(state, *args)
        if inspect.isasyncgen(result):
            return [update async for update in result]
        return [await result] if inspect.isawaitable(result) else [result]

    return asyncio.run(go())


def test_the_directory_says_when_it_could_not_be_read_and_keeps_its_cards(
    gate: Gate, db: Session
) -> None:
    boss = factories.admin(db)
    factories.mentor(db, boss)
    page = state_of(tab("/mentors"), DirectoryState)

    gate.refuse()
    run(page, "open_page")
    assert page.load_error == busy(page) and page.cards == []

    gate.admit()
    run(page, "try_again")
    assert page.load_error == "" and [c.name for c in page.cards] == ["Nguyễn Thị Lan"]
    assert page.tracks  # the filters' lists, which the refused first read never got

    gate.refuse()
    run(page, "set_query", "lan")
    assert page.load_error == busy(page)
    assert [c.name for c in page.cards] == ["Nguyễn Thị Lan"]  # still shown under the message


def _in_three_days() -> datetime:
    return datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=3)


def test_a_mentors_profile_says_why_it_is_empty_and_reads_it_all_on_try_again(
    gate: Gate, db: Session
) -> None:
    boss = factories.admin(db)
    lan = factories.mentor(db, boss)
    factories.slot(db, lan.id, _in_three_days())
    root = tab(f"/mentors/{lan.id}", "/mentors/[mentor_id]")
    page, profile = state_of(root, MentorPageState), state_of(root, MentorProfileState)

    gate.refuse()
    run(page, "open_page")
    assert page.load_error == busy(page)
    assert profile.mentor is None and not profile.missing  # busy, not "no such mentor"

    gate.admit()
    run(page, "try_again")
    assert page.load_error == "" and profile.mentor is not None
    assert profile.mentor.name == "Nguyễn Thị Lan"
    assert [slot.time for day in profile.days for slot in day.slots]  # its open slot
    assert state_of(root, MentorReviewsState).loaded  # the rest of the page came with it


def test_my_sessions_keeps_its_list_when_a_filter_is_refused(gate: Gate, db: Session) -> None:
    boss = factories.admin(db)
    lan = factories.mentor(db, boss)
    an = factories.mentee(db)
    booking.book_slot(db, an, factories.slot(db, lan.id, _in_three_days()))
    page = state_of(tab("/sessions", token=auth.open_web_session(db, an)), SessionsState)

    run(page, "open_page")
    assert page.loaded and len(page.upcoming) == 1 and page.load_error == ""

    gate.refuse()
    run(page, "set_filter_status", "cancelled")
    assert page.load_error == busy(page)
    assert page.loaded and len(page.upcoming) == 1  # what it showed, still shown

    gate.admit()
    run(page, "try_again")
    assert page.load_error == "" and page.upcoming == []  # the cancelled only, as filtered

    # Opened again within the session check's reuse window, its list read refused.
    gate.refuse()
    run(page, "open_page")
    assert page.load_error == busy(page) and page.error == busy(
        page
    )  # the form's message stays as it was


def test_a_dashboard_whose_session_check_is_refused_says_so_and_opens_again(
    gate: Gate, db: Session
) -> None:
    an = factories.mentee(db)
    root = tab("/dashboard", token=auth.open_web_session(db, an))
    dash = state_of(root, DashboardState)

    gate.refuse()
    # Nothing but the page's own update: not sent to the sign-in page (the person is still
    # signed in, the server only busy), and no "something went wrong" either.
    assert run(dash, "open_dashboard") == [None]
    assert dash.load_error == busy(dash) and not dash.loaded

    gate.admit()
    (reopen,) = run(dash, "try_again")
    assert "on_load_internal" in str(reopen)  # the page's on_load again, as a reload would
    for state, handler in (
        (dash, "open_dashboard"),
        (state_of(root, MentoringState), "open_board"),
        (state_of(root, RecommendationsState), "open_recommendations"),
    ):
        run(state, handler)
        assert state.load_error == "", handler
    assert dash.loaded and dash.counts is not None


def test_a_mentors_dashboard_keeps_its_board_when_a_refresh_is_refused(
    gate: Gate, db: Session
) -> None:
    boss = factories.admin(db)
    lan = factories.mentor(db, boss)
    an = factories.mentee(db)
    booking.book_slot(db, an, factories.slot(db, lan.id, _in_three_days()))
    mentor = factories.account(db, lan.user_id)
    root = tab("/dashboard", token=auth.open_web_session(db, mentor))
    dash, board = state_of(root, DashboardState), state_of(root, MentoringState)
    run(dash, "open_dashboard")
    run(board, "open_board")
    assert dash.loaded and board.loaded and [m.name for m in board.mentee_rows] == ["an"]
    upcoming = list(dash._upcoming)
    assert upcoming

    gate.refuse()
    run(dash, "read_again")  # as after a log is saved or a flag resolved
    run(board, "read_again")
    assert dash.load_error == busy(dash) and board.load_error == busy(board)
    assert dash.loaded and list(dash._upcoming) == upcoming
    assert board.loaded and [m.name for m in board.mentee_rows] == ["an"]

    gate.admit()
    run(dash, "try_again")
    run(board, "try_again")
    assert dash.load_error == board.load_error == ""
    assert not dash.reloading and not board.reloading


def test_an_admins_dashboard_keeps_counts_and_lists_when_a_refresh_is_refused(
    gate: Gate, db: Session
) -> None:
    boss = factories.admin(db)
    factories.mentor(db, boss)
    dash = state_of(tab("/dashboard", token=auth.open_web_session(db, boss)), DashboardState)
    run(dash, "open_dashboard")
    assert dash.loaded and dash.details_loaded and dash.counts.mentors == 1

    gate.refuse()
    run(dash, "read_again")
    assert dash.load_error == busy(dash)
    assert dash.loaded and dash.details_loaded and dash.counts.mentors == 1

    gate.admit()
    run(dash, "try_again")
    assert dash.load_error == "" and dash.details_loaded


# Each admin page: opened, then read again (a filter, a page turn, a change made on it) while
# the gate refuses, then "Try again" once it admits. (state, its on_load, path, what it shows)
ADMIN_PAGES: list[tuple[type, str, str, str]] = [
    (MentorListState, "open_page", "/admin/mentors", "mentors"),
    (MenteeListState, "open_page", "/admin/mentees", "mentees"),
    (GroupListState, "open_page", "/admin/groups", "groups"),
    (AuditState, "open_page", "/admin/audit", "entries"),
    (MailboxState, "open_mailbox", "/admin/mailbox", "messages"),
    (DeliveriesState, "open_page", "/admin/deliveries", "rows"),
    (PaymentsAdminState, "open_page", "/admin/payments", "rows"),
    (ReviewAdminState, "open_page", "/admin/reviews", "rows"),
    (SessionLogExportState, "open_page", "/admin/session-logs", "preview"),
]


def test_every_admin_list_says_when_its_read_is_refused_and_keeps_its_rows(
    gate: Gate, db: Session
) -> None:
    boss = factories.admin(db)
    factories.mentor(db, boss)  # a mentor, an audit entry, an invitation in the mailbox
    factories.mentee(db)
    token = auth.open_web_session(db, boss)
    for cls, on_load, path, rows in ADMIN_PAGES:
        page = state_of(tab(path, token=token), cls)
        run(page, on_load)
        assert page.loaded and page.load_error == "", cls.__name__
        shown = list(getattr(page, rows))

        gate.refuse()
        run(page, "read_again")
        assert page.load_error == busy(page), cls.__name__
        assert page.loaded and list(getattr(page, rows)) == shown, cls.__name__

        gate.admit()
        run(page, "try_again")
        assert page.load_error == "" and not page.reloading, cls.__name__


def test_an_admins_edit_pages_show_no_form_to_save_over_what_was_not_read(
    gate: Gate, db: Session
) -> None:
    boss = factories.admin(db)
    lan = factories.mentor(db, boss)
    token = auth.open_web_session(db, boss)
    route = "/admin/mentors/[mentor_id]"
    form = state_of(tab(f"/admin/mentors/{lan.id}", route, token=token), MentorFormState)
    run(form, "open_page")  # the session checked, the tab's check reused below
    assert form.mentor is not None

    gate.refuse()
    run(form, "open_page")
    assert form.load_error == busy(form) and form.mentor is None and not form.is_new
    loads = form.loads

    gate.admit()
    run(form, "try_again")
    assert form.load_error == "" and form.mentor is not None and form.mentor.name == lan.name
    assert form.loads > loads  # the form's inputs mount again with what was read

    # A group's page opened after another's: none of the other's values to save over it.
    first = groups.save_group(db, boss, None, GroupCreate(name="Nhóm A", cohort="", track=""))
    second = groups.save_group(db, boss, None, GroupCreate(name="Nhóm B", cohort="", track=""))
    root = tab(f"/admin/groups/{first}", "/admin/groups/[group_id]", token=token)
    group = state_of(root, GroupDetailState)
    run(group, "open_page")
    assert group.group is not None and group.group.name == "Nhóm A"
    root.router = RouterData.from_router_data(
        {
            "headers": {"origin": "http://testserver"},
            "asPath": f"/admin/groups/{second}",
            "pathname": "/admin/groups/[group_id]",
        }
    )
    gate.refuse()
    run(group, "open_page")
    assert group.load_error == busy(group) and group.group is None


def test_a_mentee_page_keeps_its_history_when_read_again_is_refused(
    gate: Gate, db: Session
) -> None:
    boss = factories.admin(db)
    an = factories.mentee(db)
    mentee_id = factories.mentee_id(db, an)
    root = tab(
        f"/mentees/{mentee_id}", "/mentees/[mentee_id]", token=auth.open_web_session(db, boss)
    )
    page = state_of(root, MenteeDetailState)
    run(page, "open_page")
    assert page.loaded and page.mentee is not None

    gate.refuse()
    run(page, "read_again")  # as after a log is saved from this page
    assert page.load_error == busy(page) and page.loaded and page.mentee is not None

    gate.admit()
    run(page, "try_again")
    assert page.load_error == ""


# Each guarded page: (state, its on_load, path, route pattern, who opens it); {group} and
# {mentee}: ids the test makes.
GUARDED_PAGES: list[tuple[type, str, str, str, str]] = [
    *((cls, on_load, path, path, "admin") for cls, on_load, path, _ in ADMIN_PAGES),
    (MentorFormState, "open_page", "/admin/mentors/new", "/admin/mentors/new", "admin"),
    (GroupDetailState, "open_page", "/admin/groups/{group}", "/admin/groups/[group_id]", "admin"),
    (ImportState, "open_page", "/admin/import", "/admin/import", "admin"),
    (MenteeDetailState, "open_page", "/mentees/{mentee}", "/mentees/[mentee_id]", "admin"),
    (SessionsState, "open_page", "/sessions", "/sessions", "mentee"),
    (AvailabilityState, "open_page", "/availability", "/availability", "mentor"),
    (AccountState, "open_account", "/account", "/account", "mentee"),
]


def test_a_guarded_page_whose_session_check_is_refused_says_so_and_opens_again(
    gate: Gate, db: Session
) -> None:
    boss = factories.admin(db)
    lan = factories.mentor(db, boss)
    people = {
        "admin": boss,
        "mentor": factories.account(db, lan.user_id),
        "mentee": factories.mentee(db),
    }
    tokens = {role: auth.open_web_session(db, person) for role, person in people.items()}
    ids = {
        "group": groups.save_group(db, boss, None, GroupCreate(name="Nhóm A", cohort="", track="")),
        "mentee": factories.mentee_id(db, people["mentee"]),
    }
    for cls, on_load, path, route, role in GUARDED_PAGES:
        page = state_of(tab(path.format(**ids), route, token=tokens[role]), cls)  # a fresh tab

        gate.refuse()
        # Not sent to the sign-in page (still signed in, the server only busy), not forbidden.
        assert run(page, on_load) == [None], cls.__name__
        assert page.load_error == busy(page), cls.__name__
        assert page.lang == "en", cls.__name__  # the tab's first check: its reader's language
        assert not page.allowed and not page.forbidden, cls.__name__

        gate.admit()
        (reopen,) = run(page, "try_again")
        assert "on_load_internal" in str(reopen), cls.__name__  # opened again, as a reload
        run(page, on_load)
        assert page.allowed and page.load_error == "", cls.__name__


def test_the_account_pages_cards_say_when_their_read_is_refused_and_read_again(
    gate: Gate, db: Session
) -> None:
    boss = factories.admin(db)
    lan = factories.mentor(db, boss)
    an = factories.mentee(db)
    root = tab("/account", token=auth.open_web_session(db, an))
    account, feed = state_of(root, AccountState), state_of(root, CalendarFeedState)
    run(account, "open_account")  # the session checked, the tab's check reused below
    assert account.mentee is not None and account.load_error == ""

    # A mentee's own profile, its read refused: said in its card, not under the profile form.
    gate.refuse()
    run(account, "open_account")
    assert account.allowed and account.mentee is None
    assert account.load_error == busy(account) and account.error == ""
    gate.admit()
    run(account, "try_again")
    assert account.load_error == "" and account.mentee is not None and not account.reloading

    # The calendar subscription's card: its actions' message stays theirs.
    gate.refuse()
    run(feed, "load")
    assert feed.load_error == busy(feed) and feed.feed_error == "" and feed.error == ""
    gate.admit()
    run(feed, "try_again")
    assert feed.load_error == "" and not feed.active

    # A mentor's Google Calendar card.
    root = tab("/account", token=auth.open_web_session(db, factories.account(db, lan.user_id)))
    run(state_of(root, AccountState), "open_account")
    calendar = state_of(root, CalendarState)
    gate.refuse()
    run(calendar, "load")
    assert calendar.load_error == busy(calendar) and calendar.error == ""
    gate.admit()
    run(calendar, "try_again")
    assert calendar.load_error == "" and not calendar.reloading
