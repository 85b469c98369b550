"""Matching views: "Recommended for you" on the mentee's dashboard and the admins' suggestions
in the mentee dialog (states: state/matching.py, state/admin.py)."""

from __future__ import annotations

import reflex as rx
from reflex_base.vars.object import ObjectVar

from tra_da.components.mentoring import muted
from tra_da.components.text import initials, joined, or_text
from tra_da.state.admin import MenteeListState
from tra_da.state.matching import MatchRow, RecommendationsState
from tra_da.state.session import T


def _reason(r: ObjectVar[MatchRow]) -> rx.Component:
    return rx.hstack(
        rx.icon("sparkles", size=14, aria_hidden="true", flex_shrink="0"),
        rx.text(r.reason, size="2"),
        spacing="1",
        align="center",
        color=rx.color("amber", 11),
        data_testid="match-reason",
    )


def _recommended(r: ObjectVar[MatchRow]) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.avatar(
                src=or_text(r.avatar_url),
                fallback=initials(r.name),
                size="4",
                radius="full",
                custom_attrs={"alt": r.name},
            ),
            rx.vstack(
                rx.text(r.name, weight="bold"),
                rx.cond(r.headline != "", muted(r.headline)),
                _reason(r),
                rx.link(
                    T["match.view"],
                    href="/mentors/" + r.id.to_string(),
                    size="2",
                    aria_label=joined(T["match.view"], ": ", r.name),
                ),
                spacing="1",
                min_width="0",
            ),
            align="start",
            spacing="3",
        ),
        width="100%",
        data_testid="recommendation",
    )


def recommended_for_you() -> rx.Component:
    """The mentee's best-matching mentors, or what to do to get some."""
    s = RecommendationsState
    return rx.vstack(
        rx.heading(T["match.recommended"], size="5", as_="h2"),
        # A refused read is said at the top of the dashboard (pages/dashboard.py load_failed).
        rx.cond(
            s.recommendations.length() > 0,
            rx.box(
                rx.foreach(s.recommendations, _recommended),
                class_name="td-grid",
                width="100%",
            ),
            rx.cond(
                s.loaded,
                rx.callout(
                    rx.vstack(
                        rx.text(T["match.recommended_empty"]),
                        rx.link(T["match.edit_profile"], href="/account", weight="medium"),
                        spacing="1",
                    ),
                    icon="user-search",
                    width="100%",
                    data_testid="recommendations-empty",
                ),
            ),
        ),
        spacing="3",
        width="100%",
    )


def _suggestion(r: ObjectVar[MatchRow]) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(r.name, weight="medium"),
            _reason(r),
            spacing="0",
            min_width="0",
            flex="1",
        ),
        rx.button(
            T["match.assign"],
            type="button",  # inside the mentee form: a click assigns, it does not save the form
            size="1",
            variant="soft",
            on_click=MenteeListState.assign_suggested(r.id),
            loading=MenteeListState.working,
            aria_label=joined(T["match.assign"], ": ", r.name),
        ),
        align="center",
        width="100%",
        data_testid="suggestion",
    )


def assignment_suggestions() -> rx.Component:
    """The 5 best-matching mentors with a free seat for the mentee in the dialog."""
    s = MenteeListState
    return rx.vstack(
        rx.text(T["match.suggestions"], size="2", weight="bold"),
        rx.cond(
            s.suggestions.length() > 0,
            rx.vstack(rx.foreach(s.suggestions, _suggestion), spacing="2", width="100%"),
            muted(T["match.no_suggestions"]),
        ),
        spacing="2",
        width="100%",
        data_testid="suggestions",
    )
