"""What Reflex's Redis state manager stores of a browser's state (several workers)."""

from __future__ import annotations

import importlib
import pkgutil

from reflex.state import BaseState, State

import tra_da.state
from tra_da.i18n import translations
from tra_da.state.session import SessionState

for _module in pkgutil.iter_modules(tra_da.state.__path__):  # every page's state
    importlib.import_module(f"tra_da.state.{_module.name}")


def _session(root: State) -> SessionState:
    state = root.get_substate(SessionState.get_full_name().split(".")[1:])
    assert isinstance(state, SessionState)
    return state


def test_the_session_state_is_stored_without_the_catalogue() -> None:
    """Every UI event loads this state (the parent of every page's state): the catalogue that
    Reflex caches on it is left out, and looked up again from ``lang`` when read."""
    session = _session(State(_reflex_internal_init=True))
    session.lang = "en"
    session.user_role = "mentee"
    assert session.t == translations("en")  # read: Reflex caches it on the state
    stored = session._serialize()
    assert len(stored) < 5_000, len(stored)  # the catalogue alone is about 45 KB
    assert session.t == translations("en")  # the live state keeps its cache

    loaded = BaseState._deserialize(stored)
    assert isinstance(loaded, SessionState)
    assert (loaded.lang, loaded.user_role) == ("en", "mentee")
    assert loaded.t == translations("en")
    assert loaded.t != translations("vi")


def test_every_state_of_a_tab_is_stored_and_loaded_again() -> None:
    """Each page's state inherits the session state's ``__getstate__``: all of them still
    round-trip through Reflex's serialisation, as the Redis state manager does."""
    root = State(_reflex_internal_init=True)
    _session(root).t  # noqa: B018 (cached, as after any page was shown)
    classes: list[type[BaseState]] = [State]
    for cls in classes:
        classes.extend(cls.get_substates())
    states = [root.get_substate(cls.get_full_name().split(".")[1:]) for cls in classes[1:]]
    assert len(states) > 20
    for state in states:
        loaded = BaseState._deserialize(state._serialize())
        assert type(loaded) is type(state)


def test_the_big_page_states_are_loaded_only_for_their_own_events() -> None:
    """Reflex's Redis state manager loads, with every event's state, each state that has a
    computed var reading its parents' vars (it might have to recompute it). The states that
    hold a page's cards, profile or sessions must not be among them."""
    from tra_da.state.booking import DirectoryState, MentorProfileState, SessionsState
    from tra_da.state.forms import FormState

    loaded_with_every_event: set[type[BaseState]] = set()
    for parent in (State, SessionState, FormState):  # every page state's ancestors
        loaded_with_every_event |= parent._get_potentially_dirty_states()
    big = {DirectoryState, MentorProfileState, SessionsState}
    assert not big & loaded_with_every_event, big & loaded_with_every_event
