"""/admin/session-logs: the admins' CSV export of session logs, filtered, with a preview."""

from __future__ import annotations

import reflex as rx
from reflex_base.vars.object import ObjectVar

from tra_da.components.forms import labelled, load_failed
from tra_da.components.guard import guarded
from tra_da.components.mentoring import muted
from tra_da.components.pickers import date_field
from tra_da.components.routes import ADMIN, Nav, template
from tra_da.components.tables import table
from tra_da.state.mentoring import ExportRow, Option, SessionLogExportState
from tra_da.state.session import T


def _filter_select(
    name: str, label_key: str, options: rx.Var[list[Option]], first_key: str
) -> rx.Component:
    s = SessionLogExportState
    return labelled(
        label_key,
        rx.el.select(
            rx.el.option(T[first_key], value=""),
            rx.foreach(options, lambda o: rx.el.option(o.label, value=o.value)),
            id=name,
            name=name,
            value=getattr(s.filters, name),
            on_change=lambda value: s.set_filter(name, value),
            class_name="td-select",
        ),
        name,
    )


def _filter_date(name: str, label_key: str) -> rx.Component:
    s = SessionLogExportState
    return date_field(
        label_key,
        name,
        getattr(s.filters, name),
        on_part=lambda part, chosen: s.set_date_part(name, part, chosen),
        required=False,
    )


def _preview_row(r: ObjectVar[ExportRow]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(r.session_date),
        rx.table.cell(r.mentor),
        rx.table.cell(r.mentee),
        rx.table.cell(r.topic),
        rx.table.cell(r.mentor_score),
        rx.table.cell(rx.cond(r.needs_support == "yes", T["common.yes"], T["common.no"])),
    )


@template(
    "/admin/session-logs",
    title="Session logs",
    on_load=SessionLogExportState.open_page,
    roles=ADMIN,
    nav=Nav("nav.session_logs", "notebook-pen", 40),
)
def export_page() -> rx.Component:
    s = SessionLogExportState
    return guarded(
        heading=rx.heading(T["logs.export_title"], size="7", as_="h1"),
        content=rx.vstack(
            muted(T["logs.export_hint"]),
            rx.card(
                rx.vstack(
                    rx.box(
                        _filter_select("group_id", "logs.group", s.groups, "logs.all_groups"),
                        _filter_select("cohort", "logs.cohort", s.cohorts, "logs.all_cohorts"),
                        _filter_select("mentor_id", "admin.mentor", s.mentors, "logs.all_mentors"),
                        _filter_date("date_from", "logs.from"),
                        _filter_date("date_to", "logs.to"),
                        class_name="td-grid",
                        width="100%",
                    ),
                    load_failed(s, error=s.error),
                    rx.flex(
                        rx.text(T["logs.matching"], ": ", s.matching, weight="medium"),
                        rx.spacer(),
                        rx.button(
                            T["logs.clear"],
                            variant="ghost",
                            on_click=s.clear_filters,
                        ),
                        rx.button(
                            rx.icon("download", size=16, aria_hidden="true"),
                            T["logs.download"],
                            on_click=s.download,
                            loading=s.working,
                            disabled=s.working,
                        ),
                        gap="8px",
                        align="center",
                        wrap="wrap",
                        width="100%",
                    ),
                    spacing="3",
                    width="100%",
                ),
                size="3",
                width="100%",
            ),
            rx.heading(T["logs.latest"], size="4", as_="h2"),
            table(
                [
                    "logs.date",
                    "admin.mentor",
                    "logs.mentee",
                    "logs.topic",
                    "logs.score",
                    "logs.needs_support",
                ],
                s.preview,
                _preview_row,
                "logs.no_logs",
                label_key="logs.latest",
                loaded=s.loaded,
            ),
            spacing="4",
            width="100%",
        ),
        page=s,
    )
