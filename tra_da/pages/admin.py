"""Admin pages: mentors, mentees, groups, CSV import, audit log."""

import reflex as rx
from reflex_base.vars.object import ObjectVar
from reflex_base.vars.sequence import ArrayVar

from tra_da.components.dialogs import form_dialog
from tra_da.components.forms import (
    avatar_uploader,
    error_message,
    field,
    label_file_input,
    labelled,
    load_failed,
    notice_message,
)
from tra_da.components.guard import guarded
from tra_da.components.matching import assignment_suggestions
from tra_da.components.payments import price_card
from tra_da.components.reveal import reveal_on
from tra_da.components.routes import ADMIN, Nav, template
from tra_da.components.tables import (
    native_select,
    pager,
    placeholder,
    search_bar,
    table,
    until_loaded,
)
from tra_da.state.admin import (
    AuditRow,
    AuditState,
    GroupDetailState,
    GroupListState,
    GroupRow,
    ImportState,
    MemberRow,
    MenteeListState,
    MenteeRow,
    MentorFormState,
    MentorListState,
    MentorRow,
)
from tra_da.state.options import Option
from tra_da.state.session import T
from tra_da.validation import (
    BIO_MAX,
    COHORT_MAX,
    EMAIL_MAX,
    GOALS_MAX,
    GROUP_NAME_MAX,
    HEADLINE_MAX,
    NAME_MAX,
    TRACK_MAX,
)

AVATAR_UPLOAD = "mentor_avatar"
CSV_UPLOAD = "csv_file"


def _title(key: str, *actions: rx.Component) -> rx.Component:
    return _heading_row(T[key], *actions)


def _heading_row(text: rx.Var, *actions: rx.Component) -> rx.Component:
    return rx.flex(
        rx.heading(text, size="7", as_="h1"),
        rx.spacer(),
        *actions,
        align="center",
        gap="12px",
        wrap="wrap",
        width="100%",
    )


def _text_input(
    label_key: str,
    name: str,
    value: rx.Var | str = "",
    kind: str = "text",
    max_length: int = 200,
    required: bool = False,
) -> rx.Component:
    return field(
        label_key, name, kind, default_value=value, max_length=max_length, required=required
    )


# --- mentors ------------------------------------------------------------------------------


def _mentor_row(m: ObjectVar[MentorRow]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.link(m.name, href="/admin/mentors/" + m.id.to_string(), weight="medium"),
            rx.text(m.email, size="1", color=rx.color("gray", 10)),
        ),
        rx.table.cell(m.track),
        rx.table.cell(m.load),
        rx.table.cell(
            rx.cond(
                ~m.active,
                rx.badge(T["admin.inactive"], color_scheme="gray"),
                rx.cond(
                    m.invitation_pending,
                    rx.badge(T["admin.invited"], color_scheme="amber"),
                    rx.badge(T["admin.active"], color_scheme="green"),
                ),
            ),
        ),
    )


@template(
    "/admin/mentors",
    title="Mentors",
    on_load=MentorListState.open_page,
    roles=ADMIN,
    nav=Nav("admin.mentors", "graduation-cap", 10),
)
def mentors() -> rx.Component:
    s = MentorListState
    return guarded(
        rx.vstack(
            _title(
                "admin.mentors",
                rx.link(
                    rx.button(
                        rx.icon("user-plus", size=16, aria_hidden="true"),
                        T["admin.new_mentor"],
                        size="3",
                    ),
                    href="/admin/mentors/new",
                ),
            ),
            search_bar(
                s.search,
                native_select("track", "admin.track", s.tracks, first=("", "admin.all_tracks")),
                native_select(
                    "status",
                    "admin.status",
                    [
                        ("all", T["admin.all_statuses"]),
                        ("active", T["admin.active"]),
                        ("inactive", T["admin.inactive"]),
                    ],
                ),
            ),
            load_failed(s, error=s.error),
            table(
                ["admin.name", "admin.track", "admin.load", "admin.status"],
                s.mentors,
                _mentor_row,
                "admin.no_results",
                loaded=s.loaded,
            ),
            pager(s),
            spacing="4",
            width="100%",
        ),
        page=s,
    )


@template("/admin/mentors/new", title="New mentor", on_load=MentorFormState.open_page, roles=ADMIN)
@template(
    "/admin/mentors/[mentor_id]", title="Mentor", on_load=MentorFormState.open_page, roles=ADMIN
)
def mentor_form() -> rx.Component:
    s = MentorFormState
    m = s.mentor
    details = rx.form(
        rx.vstack(
            _text_input("signup.name", "name", m.name, required=True, max_length=NAME_MAX),
            _text_input(
                "login.email",
                "email",
                m.email,
                kind="email",
                required=True,
                max_length=EMAIL_MAX,
            ),
            _text_input("admin.track", "track", m.track, max_length=TRACK_MAX),
            _text_input("admin.headline", "headline", m.headline, max_length=HEADLINE_MAX),
            labelled(
                "admin.bio",
                name="bio",
                control=rx.text_area(
                    id="bio",
                    name="bio",
                    default_value=m.bio,
                    max_length=BIO_MAX,
                    rows="5",
                    width="100%",
                ),
            ),
            _text_input("admin.expertise", "expertise", m.expertise_text, max_length=600),
            rx.text(T["admin.expertise_hint"], size="1", color=rx.color("gray", 10)),
            _text_input(
                "admin.max_mentees",
                "max_mentees",
                rx.cond(s.is_new, "5", m.max_mentees.to_string()),
                kind="number",
            ),
            error_message(s.error),
            notice_message(s.notice),
            rx.button(
                rx.cond(s.is_new, T["admin.create_and_invite"], T["settings.save"]),
                type="submit",
                size="3",
                loading=s.working,
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=s.save,
        # The inputs are uncontrolled (default values): they mount again with the values read
        # at every load of the page, including the turn from the new form into the created
        # mentor's; a refused save keeps what was typed.
        key=rx.cond(s.is_new, "new", "edit-") + s.loads.to_string(),
        width="100%",
    )
    manage = rx.cond(
        s.is_new,
        rx.fragment(),
        rx.card(
            rx.vstack(
                rx.heading(T["admin.manage"], size="4", as_="h2"),
                *avatar_uploader(
                    AVATAR_UPLOAD,
                    m.avatar,
                    m.name,
                    s.avatar_error,
                    s.upload_avatar,
                ),
                rx.divider(),
                rx.text(T["admin.load"], ": ", m.load),
                rx.cond(
                    m.invitation_pending,
                    rx.button(
                        rx.icon("mail", size=16, aria_hidden="true"),
                        T["admin.resend_invitation"],
                        variant="soft",
                        on_click=s.resend_invitation,
                    ),
                ),
                rx.cond(
                    m.active,
                    rx.alert_dialog.root(
                        rx.alert_dialog.trigger(
                            rx.button(T["admin.deactivate"], color_scheme="red", variant="soft")
                        ),
                        rx.alert_dialog.content(
                            rx.alert_dialog.title(T["admin.deactivate"]),
                            rx.alert_dialog.description(T["admin.deactivate_warning"]),
                            rx.flex(
                                rx.alert_dialog.cancel(
                                    rx.button(T["admin.cancel"], variant="soft")
                                ),
                                rx.alert_dialog.action(
                                    rx.button(
                                        T["admin.deactivate"],
                                        color_scheme="red",
                                        on_click=s.set_active(False),
                                    )
                                ),
                                gap="12px",
                                justify="end",
                                margin_top="16px",
                            ),
                        ),
                    ),
                    rx.button(T["admin.reactivate"], variant="soft", on_click=s.set_active(True)),
                ),
                spacing="3",
                width="100%",
            ),
            size="3",
            width="100%",
        ),
    )
    return guarded(
        rx.vstack(
            rx.link(T["admin.back_to_mentors"], href="/admin/mentors", size="2"),
            _heading_row(rx.cond(s.is_new, T["admin.new_mentor"], T["admin.edit_mentor"])),
            load_failed(s),
            # An existing mentor's form only once the mentor is read: empty fields saved
            # would overwrite them.
            rx.cond(
                s.is_new | s.mentor,
                rx.box(
                    rx.card(details, size="3", width="100%"),
                    manage,
                    class_name="td-grid td-grid-2",
                    width="100%",
                ),
                rx.cond(s.load_error == "", placeholder()),
            ),
            rx.cond(s.is_new, rx.fragment(), rx.box(price_card(), width="100%")),
            spacing="4",
            width="100%",
        ),
        page=s,
    )


# --- mentees ------------------------------------------------------------------------------


def _mentee_row(m: ObjectVar[MenteeRow]) -> rx.Component:
    s = MenteeListState
    return rx.table.row(
        rx.table.cell(
            rx.link(rx.text(m.name, weight="medium"), href="/mentees/" + m.id.to_string()),
            rx.text(m.email, size="1", color=rx.color("gray", 10)),
        ),
        rx.table.cell(m.track),
        rx.table.cell(
            rx.cond(
                m.mentor_name,
                m.mentor_name,
                rx.badge(T["admin.unassigned"], color_scheme="amber"),
            ),
            rx.cond(
                m.capacity_override,
                rx.badge(T["admin.override"], color_scheme="orange", margin_left="4px"),
            ),
        ),
        rx.table.cell(m.group_name),
        rx.table.cell(
            rx.cond(
                m.needs_support,
                rx.badge(T["dashboard.support_flags"], color_scheme="red"),
            )
        ),
        rx.table.cell(rx.button(T["admin.edit"], size="1", variant="soft", on_click=s.edit(m.id))),
    )


def _mentee_dialog() -> rx.Component:
    s = MenteeListState
    e = s.editing
    return form_dialog(
        _text_input("admin.track", "track", e.track, max_length=TRACK_MAX),
        labelled(
            "dashboard.goals",
            name="goals",
            control=rx.text_area(
                id="goals",
                name="goals",
                default_value=e.goals,
                max_length=GOALS_MAX,
                width="100%",
            ),
        ),
        labelled(
            "admin.mentor",
            name="mentor_id",
            control=native_select(
                "mentor_id",
                "admin.mentor",
                s.mentors,
                value=e.mentor_choice,
                first=("", "admin.unassigned"),
            ),
        ),
        rx.el.label(
            rx.checkbox(name="override", aria_label=T["admin.override_label"]),
            rx.text(T["admin.override_label"], size="2"),
            style={"display": "flex", "gap": "8px", "alignItems": "center"},
        ),
        assignment_suggestions(),
        labelled(
            "admin.group",
            name="group_id",
            control=native_select(
                "group_id",
                "admin.group",
                s.groups,
                value=e.group_choice,
                first=("", "admin.no_group"),
            ),
        ),
        title=e.name,
        description=e.email,
        on_submit=s.save_mentee,
        open=s.dialog_open,
        on_open_change=s.set_dialog_open,
        error=s.error,
        submit_key="settings.save",
        working=s.working,
        close_key="admin.cancel",
    )


@template(
    "/admin/mentees",
    title="Mentees",
    on_load=MenteeListState.open_page,
    roles=ADMIN,
    nav=Nav("admin.mentees", "users", 20),
)
def mentees() -> rx.Component:
    s = MenteeListState
    return guarded(
        heading=_title("admin.mentees"),
        content=rx.vstack(
            search_bar(
                s.search,
                native_select("track", "admin.track", s.tracks, first=("", "admin.all_tracks")),
                native_select("group_id", "admin.group", s.groups, first=("", "admin.all_groups")),
                native_select(
                    "mentor_id", "admin.mentor", s.mentors, first=("", "admin.all_mentors")
                ),
                native_select(
                    "sort",
                    "admin.sort",
                    [
                        ("name", T["admin.sort_name"]),
                        ("track", T["admin.sort_track"]),
                        ("newest", T["admin.sort_newest"]),
                    ],
                ),
                rx.el.label(
                    rx.checkbox(
                        name="unassigned",
                        default_checked=s.unassigned,
                        aria_label=T["admin.unassigned"],
                    ),
                    rx.text(T["admin.unassigned"], size="2"),
                    style={"display": "flex", "gap": "6px", "alignItems": "center"},
                ),
                rx.el.label(
                    rx.checkbox(
                        name="needs_support",
                        default_checked=s.needs_support,
                        aria_label=T["dashboard.support_flags"],
                    ),
                    rx.text(T["dashboard.support_flags"], size="2"),
                    style={"display": "flex", "gap": "6px", "alignItems": "center"},
                ),
            ),
            load_failed(s, error=s.error),
            notice_message(s.notice),
            table(
                [
                    "admin.name",
                    "admin.track",
                    "admin.mentor",
                    "admin.group",
                    "dashboard.support_flags",
                    "admin.actions",
                ],
                s.mentees,
                _mentee_row,
                "admin.no_results",
                loaded=s.loaded,
            ),
            pager(s),
            _mentee_dialog(),
            spacing="4",
            width="100%",
        ),
        page=s,
    )


# --- groups -------------------------------------------------------------------------------


def _group_fields(
    group: ObjectVar[GroupRow | None] | None, mentors: ArrayVar[list[Option]]
) -> list[rx.Component]:
    return [
        _text_input(
            "admin.group_name",
            "name",
            group.name if group is not None else "",
            required=True,
            max_length=GROUP_NAME_MAX,
        ),
        _text_input(
            "admin.cohort",
            "cohort",
            group.cohort if group is not None else "",
            max_length=COHORT_MAX,
        ),
        _text_input(
            "admin.track", "track", group.track if group is not None else "", max_length=TRACK_MAX
        ),
        labelled(
            "admin.mentor",
            name="mentor_id",
            control=native_select(
                "mentor_id",
                "admin.mentor",
                mentors,
                value=group.mentor_choice if group is not None else "",
                first=("", "admin.no_mentor"),
            ),
        ),
    ]


def _group_card(g: ObjectVar[GroupRow]) -> rx.Component:
    return rx.link(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.heading(g.name, size="4", as_="h2"),
                    rx.spacer(),
                    rx.cond(g.archived, rx.badge(T["admin.archived"])),
                    width="100%",
                ),
                rx.text(g.cohort, " · ", g.track, size="2", color=rx.color("gray", 11)),
                rx.text(
                    T["admin.mentor"],
                    ": ",
                    rx.cond(g.mentor_name, g.mentor_name, "—"),
                    size="2",
                ),
                rx.text(T["admin.members"], ": ", g.members.to_string(), size="2"),
                spacing="1",
            ),
            width="100%",
        ),
        href="/admin/groups/" + g.id.to_string(),
        underline="none",
        color="inherit",
    )


@template(
    "/admin/groups",
    title="Groups",
    on_load=GroupListState.open_page,
    roles=ADMIN,
    nav=Nav("admin.groups", "folder-kanban", 30),
)
def groups() -> rx.Component:
    s = GroupListState
    return guarded(
        heading=_title("admin.groups"),
        content=rx.vstack(
            rx.el.label(
                rx.switch(checked=s.show_archived, on_change=s.toggle_archived),
                rx.text(T["admin.show_archived"], size="2"),
                style={"display": "flex", "gap": "8px", "alignItems": "center"},
            ),
            load_failed(s),
            until_loaded(
                s.loaded,
                rx.cond(
                    s.groups.length() > 0,
                    rx.box(rx.foreach(s.groups, _group_card), class_name="td-grid", width="100%"),
                    rx.callout(T["admin.no_groups"], icon="info", width="100%"),
                ),
            ),
            rx.card(
                rx.form(
                    rx.vstack(
                        rx.heading(T["admin.new_group"], size="4", as_="h2"),
                        *_group_fields(None, s.mentors),
                        # Not the list's refused read again (load_failed above says it).
                        rx.cond(s.error != s.load_error, error_message(s.error)),
                        rx.button(T["admin.create"], type="submit", loading=s.working),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=s.create,
                    reset_on_submit=True,
                    width="100%",
                ),
                size="3",
                width="100%",
                max_width="560px",
            ),
            spacing="4",
            width="100%",
        ),
        page=s,
    )


def _member_row(m: ObjectVar[MemberRow]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.text(m.name, weight="medium"),
            rx.text(m.email, size="1", color=rx.color("gray", 10)),
        ),
        rx.table.cell(rx.cond(m.last != "", m.last, "—")),
        rx.table.cell(rx.cond(m.next != "", m.next, "—")),
        rx.table.cell(
            rx.button(
                T["admin.remove"],
                size="1",
                variant="soft",
                color_scheme="red",
                on_click=GroupDetailState.remove_member(m.mentee_id),
            )
        ),
    )


@template(
    "/admin/groups/[group_id]", title="Group", on_load=GroupDetailState.open_page, roles=ADMIN
)
def group_detail() -> rx.Component:
    s = GroupDetailState
    return guarded(
        rx.vstack(
            rx.link(T["admin.back_to_groups"], href="/admin/groups", size="2"),
            _heading_row(
                s.group.name,
                rx.cond(
                    s.group.archived,
                    rx.button(T["admin.restore"], variant="soft", on_click=s.set_archived(False)),
                    rx.button(
                        T["admin.archive"],
                        variant="soft",
                        color_scheme="gray",
                        on_click=s.set_archived(True),
                    ),
                ),
            ),
            load_failed(s, error=s.error),
            notice_message(s.notice),
            # The group's form and members only once this group is read: another group's
            # values (or empty fields) saved would overwrite it.
            rx.cond(
                s.group,
                rx.vstack(
                    rx.box(
                        rx.card(
                            rx.form(
                                rx.vstack(
                                    *_group_fields(s.group, s.mentors),
                                    rx.button(T["settings.save"], type="submit", loading=s.working),
                                    spacing="3",
                                    width="100%",
                                ),
                                on_submit=s.save,
                                # Uncontrolled inputs and select: mounted again once the group
                                # (and the mentors to choose from) arrive, not left as first
                                # drawn.
                                key="group-"
                                + s.group.id.to_string()
                                + "-"
                                + s.mentors.length().to_string(),
                                width="100%",
                            ),
                            size="3",
                            width="100%",
                        ),
                        rx.card(
                            rx.vstack(
                                rx.heading(T["admin.add_member"], size="4", as_="h2"),
                                rx.form(
                                    rx.flex(
                                        native_select(
                                            "mentee_id", "admin.add_member", s.candidates
                                        ),
                                        rx.button(T["admin.add"], type="submit"),
                                        gap="8px",
                                        wrap="wrap",
                                    ),
                                    on_submit=s.add_member,
                                    width="100%",
                                ),
                                rx.text(
                                    T["admin.times_in"],
                                    " ",
                                    s.zone_name,
                                    size="1",
                                    color=rx.color("gray", 10),
                                ),
                                spacing="3",
                                width="100%",
                            ),
                            size="3",
                            width="100%",
                        ),
                        class_name="td-grid td-grid-2",
                        width="100%",
                    ),
                    rx.heading(T["admin.members"], size="5", as_="h2"),
                    table(
                        ["admin.name", "admin.last_session", "admin.next_session", "admin.actions"],
                        s.members,
                        _member_row,
                        "admin.no_members",
                    ),
                    spacing="4",
                    width="100%",
                ),
                rx.cond(s.load_error == "", placeholder()),
            ),
            spacing="4",
            width="100%",
        ),
        page=s,
    )


# --- import and audit ---------------------------------------------------------------------


@template(
    "/admin/import",
    title="Import",
    on_load=ImportState.open_page,
    roles=ADMIN,
    nav=Nav("admin.import", "file-up", 50),
)
def import_page() -> rx.Component:
    s = ImportState
    return guarded(
        heading=_title("admin.import"),
        content=rx.vstack(
            rx.text(T["admin.import_intro"], color=rx.color("gray", 11)),
            rx.card(
                rx.vstack(
                    rx.el.select(
                        rx.el.option(T["admin.mentors"], value="mentors"),
                        rx.el.option(T["admin.mentees"], value="mentees"),
                        value=s.kind,
                        on_change=s.set_kind,
                        disabled=s.working,
                        class_name="td-select",
                        aria_label=T["admin.import_kind"],
                        style={"maxWidth": "240px"},
                    ),
                    rx.text(T["admin.import_columns"], weight="medium"),
                    rx.code(s.columns, style={"whiteSpace": "normal", "wordBreak": "break-all"}),
                    rx.text(T["admin.import_rules"], size="2", color=rx.color("gray", 11)),
                    rx.link(
                        rx.icon("download", size=14, aria_hidden="true"),
                        T["admin.sample"],
                        href="/api/import-samples/" + s.kind + ".csv",
                        # A file from the server, not a page: the client router must let go
                        # (it would show the app's 404), and the browser saves it.
                        reload_document=True,
                        download="tra-da-" + s.kind + ".csv",
                        size="2",
                    ),
                    label_file_input(
                        rx.upload(
                            rx.vstack(
                                rx.icon("file-up", size=24, aria_hidden="true"),
                                rx.text(T["admin.import_drop"], size="2"),
                                rx.foreach(
                                    rx.selected_files(CSV_UPLOAD),
                                    lambda f: rx.text(f, size="1", weight="medium"),
                                ),
                                align="center",
                                spacing="1",
                            ),
                            id=CSV_UPLOAD,
                            max_files=1,
                            disabled=s.working,
                            accept={"text/csv": [".csv"]},
                            border=f"1px dashed {rx.color('gray', 8)}",
                            padding="16px",
                            border_radius="12px",
                            width="100%",
                        ),
                        T["admin.import_drop"],
                    ),
                    _import_run(s),
                    spacing="3",
                    width="100%",
                ),
                size="3",
                width="100%",
            ),
            spacing="4",
            width="100%",
        ),
        page=s,
    )


IMPORT_RUN = "import-run"


def _import_run(s: type[ImportState]) -> rx.Component:
    """The button, how far the import got, then its report. When it ends (done, refused or
    stopped), the button and the report are scrolled into view: on a phone the report appears
    below the fold, behind the bottom navigation (the scroll margin keeps it clear of that bar)."""
    return rx.vstack(
        rx.button(
            T["admin.import_run"],
            size="3",
            loading=s.working,
            on_click=s.upload(rx.upload_files(upload_id=CSV_UPLOAD)),
        ),
        # While a large file is checked and written, chunk by chunk: how far it got.
        rx.cond(
            s.progress != "",
            rx.text(s.progress, role="status", size="2", data_testid="import-progress"),
        ),
        error_message(s.error),
        rx.cond(
            s.created >= 0,
            rx.callout(
                T["admin.import_done"] + ": " + s.done_counts,
                icon="circle-check",
                color_scheme="green",
                role="status",
                width="100%",
            ),
        ),
        rx.cond(
            s.row_errors.length() > 0,
            rx.callout(
                rx.vstack(
                    rx.text(T["admin.import_failed"], weight="bold"),
                    rx.foreach(s.row_errors, lambda e: rx.text(e, size="2")),
                    spacing="1",
                ),
                icon="triangle-alert",
                color_scheme="red",
                role="alert",
                width="100%",
            ),
        ),
        reveal_on(s.finished_runs, IMPORT_RUN),
        id=IMPORT_RUN,
        spacing="3",
        width="100%",
        style={
            "scrollMarginTop": "16px",
            "scrollMarginBottom": "calc(var(--td-bottom-nav-height) + 16px)",
        },
    )


def _audit_row(e: ObjectVar[AuditRow]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(e.when, size="2", white_space="nowrap")),
        rx.table.cell(e.actor),
        rx.table.cell(e.action_label),
        rx.table.cell(e.target),
        rx.table.cell(rx.text(e.change, size="1", style={"wordBreak": "break-word"})),
    )


@template(
    "/admin/audit",
    title="Audit log",
    on_load=AuditState.open_page,
    roles=ADMIN,
    nav=Nav("admin.audit", "scroll-text", 60),
)
def audit_log() -> rx.Component:
    s = AuditState
    return guarded(
        heading=_title("admin.audit"),
        content=rx.vstack(
            search_bar(s.search, placeholder_key="admin.audit_search"),
            load_failed(s, error=s.error),
            table(
                ["admin.when", "admin.who", "admin.what", "admin.entity", "admin.change"],
                s.entries,
                _audit_row,
                # Nothing searched for: nothing recorded yet, not "try fewer filters".
                rx.cond(s.query != "", T["admin.no_results"], T["admin.audit_empty"]),
                loaded=s.loaded,
            ),
            pager(s),
            spacing="4",
            width="100%",
        ),
        page=s,
    )
