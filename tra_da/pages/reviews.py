"""/admin/reviews: every review, newest first, filtered visible/hidden; admins hide one with a
reason (it leaves the mentor's profile and average) or show it again. Both are audited."""

import reflex as rx
from reflex_base.vars.object import ObjectVar

from tra_da.components.dialogs import form_dialog
from tra_da.components.forms import labelled, load_failed
from tra_da.components.guard import guarded
from tra_da.components.routes import ADMIN, Nav, template
from tra_da.components.tables import native_select, pager, table
from tra_da.components.text import joined
from tra_da.state.reviews import ReviewAdminRow, ReviewAdminState
from tra_da.state.session import T
from tra_da.validation import HIDE_REASON_MAX

_WRAP = {"wordBreak": "break-word", "whiteSpace": "pre-wrap"}


def _row(r: ObjectVar[ReviewAdminRow]) -> rx.Component:
    s = ReviewAdminState
    return rx.table.row(
        rx.table.cell(r.when),
        rx.table.cell(r.mentor_name),
        rx.table.cell(r.mentee_name),
        rx.table.cell(r.rating_text),
        rx.table.cell(rx.text(r.text, size="2", style=_WRAP), min_width="220px"),
        rx.table.cell(
            rx.cond(
                r.hidden_at,
                rx.vstack(
                    rx.badge(T["reviews.hidden"], color_scheme="red", variant="soft"),
                    rx.text(r.hidden_reason, size="1", style=_WRAP),
                    rx.button(
                        T["reviews.unhide"],
                        size="1",
                        variant="soft",
                        on_click=s.unhide(r.id),
                        aria_label=joined(T["reviews.unhide"], " #", r.id.to_string()),
                    ),
                    spacing="1",
                    align="start",
                ),
                rx.vstack(
                    rx.badge(T["reviews.visible"], color_scheme="green", variant="soft"),
                    rx.button(
                        T["reviews.hide"],
                        size="1",
                        variant="soft",
                        color_scheme="red",
                        on_click=s.ask_hide(r),
                        aria_label=joined(T["reviews.hide"], " #", r.id.to_string()),
                    ),
                    spacing="1",
                    align="start",
                ),
            ),
        ),
        data_testid="review-row",
    )


@template(
    "/admin/reviews",
    title="Reviews",
    on_load=ReviewAdminState.open_page,
    roles=ADMIN,
    nav=Nav("admin.reviews", "star", 55),
)
def review_list() -> rx.Component:
    s = ReviewAdminState
    return guarded(
        heading=rx.heading(T["admin.reviews"], size="7", as_="h1"),
        content=rx.vstack(
            native_select(
                "shown",
                "reviews.filter",
                [
                    ("all", T["reviews.all"]),
                    ("visible", T["reviews.visible"]),
                    ("hidden", T["reviews.hidden"]),
                ],
                value=s.shown,
                on_change=s.set_shown,
            ),
            load_failed(s, error=s.error),
            table(
                [
                    "admin.when",
                    "reviews.mentor",
                    "reviews.mentee",
                    "reviews.rating",
                    "reviews.review",
                    "reviews.status",
                ],
                s.rows,
                _row,
                "reviews.none_admin",
                loaded=s.loaded,
            ),
            pager(s),
            form_dialog(
                labelled(
                    "reviews.reason",
                    rx.text_area(
                        id="reason",
                        name="reason",
                        max_length=HIDE_REASON_MAX,
                        required=True,
                        width="100%",
                    ),
                    "reason",
                ),
                rx.text(T["reviews.hide_note"], size="2", color=rx.color("gray", 11)),
                title=T["reviews.hide_title"],
                description=joined(s.hiding.mentee_name, " → ", s.hiding.mentor_name),
                on_submit=s.hide,
                open=s.hide_open,
                on_open_change=s.set_hide_open,
                error=s.error,
                submit_key="reviews.hide",
                working=s.working,
                danger=True,
            ),
            spacing="4",
            width="100%",
        ),
        page=s,
    )
