"""Ratings and reviews as people see them: the "★ 4,6 (12)" badge (only once a mentor has an
average), a profile's recent reviews, the 1-5 rating choice and the review text of a form."""

from __future__ import annotations

import reflex as rx
from reflex_base.vars.object import ObjectVar

from tra_da.components.forms import labelled
from tra_da.components.tables import pager
from tra_da.state.reviews import MentorReviewsState, ReviewRow
from tra_da.state.session import T
from tra_da.validation import REVIEW_MAX


def rating_badge(label: rx.Var[str], count: rx.Var[int]) -> rx.Component:
    """ "★ 4,6 (12)" with its meaning as the accessible name; nothing while ``label`` is empty
    (fewer than 3 reviews)."""
    return rx.cond(
        label != "",
        rx.text(
            rx.el.span("★ ", aria_hidden="true", style={"color": "var(--amber-11)"}),
            label,
            " (",
            count,
            ")",
            rx.el.span(
                " ",
                T["reviews.stars_of_5"],
                ", ",
                count,
                " ",
                T["reviews.ratings"],
                class_name="td-visually-hidden",
            ),
            size="2",
            weight="medium",
            data_testid="mentor-rating",
        ),
    )


def _review(r: ObjectVar[ReviewRow]) -> rx.Component:
    return rx.box(
        rx.vstack(
            rx.hstack(
                rx.text(
                    rx.el.span(r.stars, aria_hidden="true", style={"color": "var(--amber-11)"}),
                    rx.el.span(r.rating_text, class_name="td-visually-hidden"),
                    size="2",
                ),
                rx.text(r.reviewer_name, size="2", weight="bold"),
                rx.text(r.day, size="2", color=rx.color("gray", 11)),
                spacing="2",
                wrap="wrap",
                align="center",
            ),
            rx.cond(
                r.text != "",
                rx.text(
                    r.text, size="2", style={"whiteSpace": "pre-wrap", "overflowWrap": "anywhere"}
                ),
            ),
            spacing="1",
            width="100%",
        ),
        padding_y="8px",
        border_bottom=f"1px solid {rx.color('gray', 5)}",
        width="100%",
        data_testid="review",
    )


def profile_reviews() -> rx.Component:
    """A mentor's recent visible reviews, newest first, five a page."""
    s = MentorReviewsState
    return rx.cond(
        s.loaded,
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.heading(T["reviews.title"], size="4", as_="h2"),
                    rating_badge(s.rating_label, s.rating_count),
                    align="center",
                    spacing="3",
                    wrap="wrap",
                ),
                rx.cond(
                    s.total > 0,
                    rx.vstack(rx.foreach(s.items, _review), spacing="0", width="100%"),
                    rx.text(T["reviews.none"], color=rx.color("gray", 11)),
                ),
                rx.cond(
                    s.total > 5,
                    pager(s),
                ),
                spacing="3",
                width="100%",
            ),
            size="3",
            width="100%",
            data_testid="profile-reviews",
        ),
    )


def rating_choice(name: str, legend_key: str, default: rx.Var[str] | str = "") -> rx.Component:
    """The 1-5 choice as a group of radio buttons with a legend."""
    return rx.el.fieldset(
        rx.el.legend(T[legend_key], style={"fontWeight": 500}),
        rx.radio_group.root(
            rx.hstack(
                *[
                    rx.el.label(
                        rx.radio_group.item(value=str(n), id=f"{name}-{n}"),
                        rx.text(f"{n}/5", size="2"),
                        html_for=f"{name}-{n}",
                        class_name="td-rating",
                    )
                    for n in range(1, 6)
                ],
                spacing="3",
                wrap="wrap",
            ),
            name=name,
            default_value=default,
            required=True,
            size="3",
            margin_top="8px",
        ),
        style={"border": "none", "padding": 0, "margin": 0},
    )


def review_text(name: str = "review", default: rx.Var[str] | str = "") -> rx.Component:
    """The optional public review, with a hint that others read it."""
    return rx.vstack(
        labelled(
            "reviews.text_label",
            rx.text_area(
                id=name, name=name, max_length=REVIEW_MAX, default_value=default, width="100%"
            ),
            name,
        ),
        rx.text(T["reviews.text_hint"], size="1", color=rx.color("gray", 11)),
        spacing="1",
        width="100%",
    )
