"""Admin pages' states: thin wrappers that call the mentors, mentees, groups, import and audit
services as the signed-in admin. Rows are the services' public types, with display-only fields
added here (a new field on a public type reaches the page without an edit in this module)."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from tra_da.i18n import describe, format_count
from tra_da.models import User
from tra_da.models.audit import AuditEntryPublic
from tra_da.models.group import GroupCreate, GroupMemberPublic, GroupPublic
from tra_da.models.mentee import MenteePublic
from tra_da.models.mentor import MentorCreate, MentorPublic, MentorUpdate
from tra_da.services import audit, csv_import, groups, matching, mentees, mentors, profile
from tra_da.services.errors import ServiceError
from tra_da.state import failures, importing
from tra_da.state.events import event
from tra_da.state.fields import ListField, ObjectField, list_field, object_field
from tra_da.state.forms import FormState, form_text
from tra_da.state.matching import MatchRow, match_rows
from tra_da.state.options import Option, options
from tra_da.state.page_load import PageLoad
from tra_da.state.paging import PagedState
from tra_da.state.timefmt import local


def _choice(value: int | None) -> str:
    """An optional id as a select's value ("" for none)."""
    return "" if value is None else str(value)


class MentorRow(MentorPublic):
    expertise_text: str = ""  # the tags as the form edits them: "python, sql"
    load: str = ""  # "3 / 5"
    avatar: str = ""  # the picture's URL, "" for none


def _mentor_row(m: MentorPublic) -> MentorRow:
    return MentorRow(
        **m.model_dump(),
        expertise_text=", ".join(m.expertise),
        load=f"{m.assigned_mentees} / {m.max_mentees}",
        avatar=m.avatar_url or "",
    )


class MenteeRow(MenteePublic):
    mentor_choice: str = ""  # mentor_id as the select's value
    group_choice: str = ""


class GroupRow(GroupPublic):
    mentor_choice: str = ""


def _group_row(g: GroupPublic) -> GroupRow:
    return GroupRow(**g.model_dump(), mentor_choice=_choice(g.mentor_id))


class MemberRow(GroupMemberPublic):
    last: str = ""  # last_session in the viewer's zone, "" for none
    next: str = ""


# Each action code the services record, and its name in the catalogues.
# (As (thing, verb) pairs: a code written whole would read as a message key to
# scripts/catalogue.py.)
AUDIT_ACTIONS = {
    f"{thing}.{verb}": f"audit.{thing}_{verb}"
    for thing, verb in (
        ("calendar", "connect"),
        ("calendar", "disconnect"),
        ("group", "archive"),
        ("group", "create"),
        ("group", "restore"),
        ("group", "update"),
        ("import", "mentors"),
        ("import", "mentees"),
        ("mentee", "assign"),
        ("mentee", "group"),
        ("mentee", "unassign"),
        ("mentee", "update"),
        ("mentor", "activate"),
        ("mentor", "avatar"),
        ("mentor", "create"),
        ("mentor", "deactivate"),
        ("mentor", "invite"),
        ("mentor", "price"),
        ("mentor", "update"),
        ("outbox", "retry"),
        ("payment", "refund"),
        ("review", "hide"),
        ("review", "unhide"),
        ("session_log", "correct"),
        ("session_log", "resolve_support"),
    )
}


# Each field the services record in an entry's before/after, and its name in the catalogues;
# a field missing here shows as its code made readable ("price_amount" -> "Price amount").
AUDIT_FIELDS = {
    "name": "audit.field.name",
    "email": "audit.field.email",
    "headline": "audit.field.headline",
    "bio": "audit.field.bio",
    "track": "audit.field.track",
    "max_mentees": "audit.field.max_mentees",
    "expertise": "audit.field.expertise",
    "active": "audit.field.active",
    "bookings_cancelled": "audit.field.bookings_cancelled",
    "avatar_url": "audit.field.avatar_url",
    "goals": "audit.field.goals",
    "mentor_id": "audit.field.mentor_id",
    "capacity_override": "audit.field.capacity_override",
    "group_id": "audit.field.group_id",
    "cohort": "audit.field.cohort",
    "archived": "audit.field.archived",
    "google": "audit.field.google",
    "created": "audit.field.created",
    "updated": "audit.field.updated",
    "lines": "audit.field.lines",
    "amount": "audit.field.amount",
    "refund_id": "audit.field.refund_id",
    "reason": "audit.field.reason",
    "price_amount": "audit.field.price_amount",
    "price_currency": "audit.field.price_currency",
    "error": "audit.field.error",
    "mentee_id": "audit.field.mentee_id",
    "booking_id": "audit.field.booking_id",
    "session_date": "audit.field.session_date",
    "topic": "audit.field.topic",
    "mentor_score": "audit.field.mentor_score",
    "needs_support": "audit.field.needs_support",
    "notes": "audit.field.notes",
    "action_items": "audit.field.action_items",
    "resolution_note": "audit.field.resolution_note",
    "hidden": "audit.field.hidden",
}


class AuditRow(AuditEntryPublic):
    when: str = ""
    action_label: str = ""  # the action in the reader's language ("Mentor created")
    target: str = ""  # "mentor #12"
    change: str = ""  # "name: Lan → Lan Anh; track: Data"


def _mentor_choices(db: Session, actor: User) -> list[Option]:
    rows, _ = mentors.list_mentors(db, actor, status="active", page_size=100)
    return [
        Option(id=str(r.id), label=f"{r.name} ({r.assigned_mentees}/{r.max_mentees})") for r in rows
    ]


def _track_choices(db: Session) -> list[Option]:
    return options(mentors.tracks(db))


class AdminListState(PagedState, mixin=True):
    """Shared by the admin lists: search text and paging, each list its own copy."""

    query: rx.Field[str] = rx.field("")

    @event
    async def search(self, form: dict[str, str]) -> None:
        form = form_text(form)
        self.query = form.get("query", "").strip()[:100]
        self._apply_filters(form)
        self.page = 1
        await self._load()

    def _apply_filters(self, form: dict[str, str]) -> None:
        """Subclasses read their filter fields from the search form."""


# --- mentors ------------------------------------------------------------------------------


class MentorListState(AdminListState, PageLoad, FormState):
    mentors: ListField[MentorRow] = list_field()
    # Each list's own (an inherited var would be shared by the lists): False until the first
    # load, so the page shows placeholders rather than "no results".
    loaded: rx.Field[bool] = rx.field(False)
    track: rx.Field[str] = rx.field("")
    status: rx.Field[str] = rx.field("all")
    tracks: ListField[Option] = list_field()

    @event
    async def open_page(self) -> Any:
        return await self._open_for("admin")

    def _apply_filters(self, form: dict[str, str]) -> None:
        self.track = form.get("track", "")
        self.status = form.get("status", "all")

    async def _load(self) -> None:
        def load(db: Session, actor: User) -> tuple[list[MentorRow], int, list[Option]]:
            rows, total = mentors.list_mentors(
                db,
                actor,
                query=self.query,
                track=self.track,
                status=self.status,
                page=self.page,
                page_size=self.page_size,
            )
            return [_mentor_row(r) for r in rows], total, _track_choices(db)

        result = await self._read_data(self._act(load))
        if result is not None:
            self.mentors, self.total, self.tracks = result
            self.loaded = True


class MentorFormState(PageLoad, FormState):
    """/admin/mentors/new and /admin/mentors/[mentor_id]: create, edit, (de)activate, invite."""

    mentor: ObjectField[MentorRow] = object_field()
    is_new: rx.Field[bool] = rx.field(True)
    avatar_error: rx.Field[str] = rx.field("")
    # Counts the page's loads: the form's inputs are uncontrolled (default values), so the page
    # keys the form by it and every load mounts them again with what was read, whichever of the
    # hydrate and the load's answer reached the browser first.
    loads: rx.Field[int] = rx.field(0)

    def _mentor_id(self) -> int | None:
        last = self.router.url.path.rstrip("/").split("/")[-1]
        return int(last) if last.isdigit() else None

    @event
    async def open_page(self) -> Any:
        self.error = self.notice = self.avatar_error = ""
        self.mentor, self.working = None, False
        self._note_load("")
        self.is_new = self._mentor_id() is None
        redirect = await self._open_for("admin")
        self.loads += 1
        return redirect

    async def _load(self) -> None:
        """The mentor being edited (none for a new one); the form shows only once it is read,
        so a refused read never offers empty fields to save over the mentor."""
        mentor_id = self._mentor_id()
        if mentor_id is None:
            return
        row = await self._read_data(self._act(mentors.get_mentor, mentor_id))
        if row is not None:
            self.mentor = _mentor_row(row)

    async def _reload(self) -> Any:
        await self._load()
        self.loads += 1  # the form's inputs mount again with what was read
        return None

    def _fields(self, form: dict[str, str]) -> dict[str, Any]:
        raw_max = form.get("max_mentees", "").strip() or "5"
        # Not validated here: the service checks every field and says what to fix.
        return {
            "email": form.get("email", ""),
            "name": form.get("name", ""),
            "track": form.get("track", ""),
            "headline": form.get("headline", ""),
            "bio": form.get("bio", ""),
            "expertise": form.get("expertise", "").split(","),
            "max_mentees": int(raw_max) if raw_max.lstrip("-").isdigit() else -1,
        }

    @event
    async def save(self, form: dict[str, str]) -> Any:
        self.working = True
        yield
        try:
            mentor_id = self._mentor_id()
            fields = self._fields(form)
            if mentor_id is None:
                row = await self._act(mentors.create_mentor, MentorCreate.model_construct(**fields))
            else:
                row = await self._act(
                    mentors.update_mentor, mentor_id, MentorUpdate.model_construct(**fields)
                )
        finally:
            self.working = False
        if row is not None:
            self.mentor = _mentor_row(row)
            self.notice = self.t["admin.mentor_saved"]
            if mentor_id is None:
                yield rx.redirect(f"/admin/mentors/{row.id}")

    @event
    async def set_active(self, active: bool) -> None:
        mentor_id = self._mentor_id()
        if mentor_id is None:
            return
        cancelled = await self._act(mentors.set_mentor_active, mentor_id, active)
        if cancelled is not None:
            row = await self._act(mentors.get_mentor, mentor_id)
            if row is not None:
                self.mentor = _mentor_row(row)
            key = "admin.reactivated" if active else "admin.deactivated"
            self.notice = self.t[key].format(count=cancelled)

    @event
    async def resend_invitation(self) -> None:
        mentor_id = self._mentor_id()
        if mentor_id is not None:
            await self._act(mentors.resend_invitation, mentor_id)
            if not self.error:
                self.notice = self.t["admin.invitation_sent"]

    @event
    async def upload_avatar(self, files: list[rx.UploadFile]) -> None:
        mentor_id = self._mentor_id()
        self.avatar_error = ""
        if mentor_id is None or not files:
            self.avatar_error = self.t["settings.avatar_none"]
            return
        data = await files[0].read(profile.AVATAR_MAX_BYTES + 1)
        await self._act(mentors.set_mentor_avatar, mentor_id, data, rx.get_upload_dir())
        self.avatar_error, self.error = self.error, ""
        if not self.avatar_error:
            row = await self._act(mentors.get_mentor, mentor_id)
            if row is not None:
                self.mentor = _mentor_row(row)


# --- mentees ------------------------------------------------------------------------------


class MenteeListState(AdminListState, PageLoad, FormState):
    mentees: ListField[MenteeRow] = list_field()
    loaded: rx.Field[bool] = rx.field(False)
    track: rx.Field[str] = rx.field("")
    group_id: rx.Field[str] = rx.field("")
    mentor_id: rx.Field[str] = rx.field("")
    needs_support: rx.Field[bool] = rx.field(False)
    unassigned: rx.Field[bool] = rx.field(False)
    sort: rx.Field[str] = rx.field("name")
    tracks: ListField[Option] = list_field()
    groups: ListField[Option] = list_field()
    mentors: ListField[Option] = list_field()
    # The row being edited in the dialog.
    editing: ObjectField[MenteeRow] = object_field()
    dialog_open: rx.Field[bool] = rx.field(False)
    # The best-matching mentors with a free seat for the mentee being edited.
    suggestions: ListField[MatchRow] = list_field()

    @event
    async def open_page(self) -> Any:
        redirect = await self._guard_page("admin")
        if self.allowed:
            params = self.router.url.query_parameters
            self.unassigned = params.get("filter") == "unassigned"
            self.needs_support = params.get("filter") == "needs-support"
            await self._load()
        return redirect

    def _apply_filters(self, form: dict[str, str]) -> None:
        self.track = form.get("track", "")
        self.group_id = form.get("group_id", "")
        self.mentor_id = form.get("mentor_id", "")
        self.sort = form.get("sort", "name")
        self.needs_support = form.get("needs_support") == "on"
        self.unassigned = form.get("unassigned") == "on"

    async def _load(self) -> None:
        def load(db: Session, actor: User) -> tuple[Any, ...]:
            rows, total = mentees.list_mentees(
                db,
                actor,
                query=self.query,
                track=self.track,
                group_id=int(self.group_id) if self.group_id.isdigit() else None,
                mentor_id=int(self.mentor_id) if self.mentor_id.isdigit() else None,
                needs_support=self.needs_support,
                unassigned=self.unassigned,
                sort=self.sort,
                page=self.page,
                page_size=self.page_size,
            )
            group_choices = [
                Option(id=str(g.id), label=f"{g.name} · {g.cohort}" if g.cohort else g.name)
                for g in groups.list_groups(db, actor)
            ]
            rows = [
                MenteeRow(
                    **r.model_dump(),
                    mentor_choice=_choice(r.mentor_id),
                    group_choice=_choice(r.group_id),
                )
                for r in rows
            ]
            return rows, total, _track_choices(db), group_choices, _mentor_choices(db, actor)

        result = await self._read_data(self._act(load))
        if result is not None:
            self.mentees, self.total, self.tracks, self.groups, self.mentors = result
            self.loaded = True

    @event
    async def edit(self, mentee_id: int) -> None:
        self.editing = next((m for m in self.mentees if m.id == mentee_id), None)
        self.dialog_open, self.error, self.notice = self.editing is not None, "", ""
        self.suggestions = []
        if self.editing is not None:
            await self._suggest(mentee_id)

    async def _suggest(self, mentee_id: int) -> None:
        found = await self._act(matching.suggestions, mentee_id)
        self.suggestions = match_rows(found or [], self.lang)

    @event
    async def assign_suggested(self, mentor_id: int) -> Any:
        """One click on a suggestion: assign within capacity (refused when the mentor has just
        become full; the suggestions are read again)."""
        if self.editing is None:
            return
        editing = self.editing
        chosen = next((s.name for s in self.suggestions if s.id == mentor_id), "")
        self.working = True
        yield
        try:
            await self._act(mentees.assign_mentor, editing.id, mentor_id, False)
        finally:
            self.working = False
        if self.error:
            refused = self.error
            await self._suggest(editing.id)
            self.error = refused
            return
        self.dialog_open = False
        await self._load()
        self.notice = self.t["match.assigned"].format(mentee=editing.name, mentor=chosen)

    @event
    def set_dialog_open(self, value: bool) -> None:
        self.dialog_open = value

    @event
    async def save_mentee(self, form: dict[str, str]) -> Any:
        form = form_text(form)
        if self.editing is None:
            return
        editing = self.editing
        mentee_id = editing.id
        self.working = True
        yield
        try:
            steps: list[tuple[Any, ...]] = [
                (mentees.update_mentee, mentee_id, form.get("track", ""), form.get("goals", ""))
            ]
            group = form.get("group_id", "")
            if group != editing.group_choice:
                steps.append((mentees.move_to_group, mentee_id, int(group) if group else None))
            mentor = form.get("mentor_id", "")
            if mentor != editing.mentor_choice:
                if mentor:
                    steps.append(
                        (
                            mentees.assign_mentor,
                            mentee_id,
                            int(mentor),
                            form.get("override") == "on",
                        )
                    )
                else:
                    steps.append((mentees.unassign_mentor, mentee_id))
            for fn, *args in steps:
                await self._act(fn, *args)
                if self.error:
                    break
        finally:
            self.working = False
        if not self.error:
            self.dialog_open = False
            await self._load()
            self.notice = self.t["admin.mentee_saved"]


# --- groups -------------------------------------------------------------------------------


def _save_group(db: Session, actor: User, group_id: int | None, form: dict[str, str]) -> int:
    form = form_text(form)
    mentor = form.get("mentor_id", "")
    # Not validated here: the service checks every field and says what to fix.
    data = GroupCreate.model_construct(
        name=form.get("name", ""),
        cohort=form.get("cohort", ""),
        track=form.get("track", ""),
        mentor_id=int(mentor) if mentor.isdigit() else None,
    )
    return groups.save_group(db, actor, group_id, data)


class GroupListState(PageLoad, FormState):
    groups: ListField[GroupRow] = list_field()
    mentors: ListField[Option] = list_field()
    show_archived: rx.Field[bool] = rx.field(False)
    loaded: rx.Field[bool] = rx.field(False)

    @event
    async def open_page(self) -> Any:
        return await self._open_for("admin")

    async def _load(self) -> None:
        def load(db: Session, actor: User) -> tuple[Any, ...]:
            rows = groups.list_groups(db, actor, include_archived=self.show_archived)
            return [_group_row(g) for g in rows], _mentor_choices(db, actor)

        result = await self._read_data(self._act(load))
        if result is not None:
            self.groups, self.mentors = result
            self.loaded = True

    @event
    async def toggle_archived(self, value: bool) -> None:
        self.show_archived = value
        await self._load()

    @event
    async def create(self, form: dict[str, str]) -> Any:
        self.working = True
        yield
        try:
            group_id = await self._act(_save_group, None, form)
        finally:
            self.working = False
        if group_id is not None:
            yield rx.redirect(f"/admin/groups/{group_id}")


class GroupDetailState(PageLoad, FormState):
    group: ObjectField[GroupRow] = object_field()
    members: ListField[MemberRow] = list_field()
    mentors: ListField[Option] = list_field()
    candidates: ListField[Option] = list_field()

    def _group_id(self) -> int:
        last = self.router.url.path.rstrip("/").split("/")[-1]
        return int(last) if last.isdigit() else 0

    @event
    async def open_page(self) -> Any:
        self.error = self.notice = ""
        if self.group is not None and self.group.id != self._group_id():
            # Another group's page: none of its rows (and no form to save them over this one).
            self.group, self.members, self.candidates = None, [], []
        return await self._open_for("admin")

    async def _load(self) -> None:
        group_id, zone = self._group_id(), self.user_timezone

        def load(db: Session, actor: User) -> tuple[Any, ...]:
            group, members = groups.group_members(db, actor, group_id)
            others, _ = mentees.list_mentees(db, actor, page_size=100, sort="name")
            candidates = [
                Option(id=str(m.id), label=f"{m.name} <{m.email}>")
                for m in others
                if m.group_id != group_id
            ]
            rows = [
                MemberRow(
                    **m.model_dump(),
                    last=local(m.last_session, zone),
                    next=local(m.next_session, zone),
                )
                for m in members
            ]
            return _group_row(group), rows, _mentor_choices(db, actor), candidates

        result = await self._read_data(self._act(load))
        if result is not None:
            self.group, self.members, self.mentors, self.candidates = result

    @event
    async def save(self, form: dict[str, str]) -> Any:
        self.working = True
        yield
        try:
            saved = await self._act(_save_group, self._group_id(), form)
            if saved is not None:
                await self._load()
                self.notice = self.t["admin.group_saved"]
        finally:
            self.working = False

    @event
    async def set_archived(self, archived: bool) -> None:
        await self._act(groups.set_group_archived, self._group_id(), archived)
        if not self.error:
            await self._load()

    @event
    async def add_member(self, form: dict[str, str]) -> None:
        mentee = form.get("mentee_id", "")
        if mentee.isdigit():
            await self._act(mentees.move_to_group, int(mentee), self._group_id())
            if not self.error:
                await self._load()

    @event
    async def remove_member(self, mentee_id: int) -> None:
        await self._act(mentees.move_to_group, mentee_id, None)
        if not self.error:
            await self._load()


# --- import and audit ---------------------------------------------------------------------


class ImportState(PageLoad, FormState):
    """/admin/import: nothing to read but the session (its check refused: PageLoad's message).
    The upload is checked, then written in chunks (state/importing.py) with progress shown."""

    kind: rx.Field[str] = rx.field("mentors")
    created: rx.Field[int] = rx.field(-1)
    updated: rx.Field[int] = rx.field(0)
    row_errors: ListField[str] = list_field()
    progress: rx.Field[str] = rx.field("")
    # Uploads answered since the page opened (done, refused or stopped): the page scrolls its
    # report into view at each (components/reveal.py).
    finished_runs: rx.Field[int] = rx.field(0)

    @rx.var
    def columns(self) -> str:
        return ",".join(csv_import.COLUMNS.get(self.kind, []))

    @rx.var
    def done_counts(self) -> str:
        """Created / updated, written as the progress line writes them ("1.200" in vi)."""
        created, updated = max(self.created, 0), self.updated
        return f"{format_count(created, self.lang)} / {format_count(updated, self.lang)}"

    @event
    async def open_page(self) -> Any:
        self.error, self.created, self.row_errors, self.progress = "", -1, [], ""
        self.finished_runs = 0
        self._note_load("")
        return await self._guard_page("admin")

    @event
    def set_kind(self, kind: str) -> None:
        if self.working:
            return  # the running import keeps its kind and its report
        self.kind = kind if kind in csv_import.COLUMNS else "mentors"
        self.created, self.row_errors, self.error = -1, [], ""

    @event
    async def upload(self, files: list[rx.UploadFile]) -> Any:
        self.created, self.row_errors, self.error, self.notice = -1, [], "", ""
        if not files:
            self.error = self.t["admin.import_choose"]
            self.finished_runs += 1
            return
        self.working, self.progress = True, self.t["admin.import_checking"]
        yield
        try:
            data = await files[0].read(csv_import.MAX_BYTES + 1)
            async for step in importing.import_file(self._admitted, self.kind, data):
                self._show_progress(step)
                yield
        except ServiceError as exc:  # the file unreadable, the session ended, busy throughout
            self.error = describe(exc, self.lang)
        except Exception as exc:
            ref = failures.record(exc, "ImportState.upload")
            self.error = self.t["err.unexpected"].format(ref=ref)
        finally:
            self.working, self.progress = False, ""  # never a spinner left turning
            self.finished_runs += 1

    def _show_progress(self, step: importing.Progress) -> None:
        lang = self.lang
        if step.errors:
            self.row_errors, self.progress = step.errors, ""
        elif step.reason is not None:
            self.progress = ""
            self.error = self.t["admin.import_stopped"].format(
                line=format_count(step.stopped_at or 0, lang),
                reason=self._stop_reason(step.reason),
                written=format_count(step.written, lang),
                total=format_count(step.total, lang),
                created=format_count(step.created, lang),
                updated=format_count(step.updated, lang),
            )
        elif step.finished:
            self.progress = ""
            self.created, self.updated = step.created, step.updated
        else:
            self.progress = self.t["admin.import_progress"].format(
                written=format_count(step.written, lang), total=format_count(step.total, lang)
            )

    def _stop_reason(self, reason: BaseException) -> str:
        if isinstance(reason, ServiceError):
            return describe(reason, self.lang)
        ref = failures.record(reason, "ImportState.upload")
        return self.t["err.unexpected"].format(ref=ref)


class AuditState(AdminListState, PageLoad, FormState):
    entries: ListField[AuditRow] = list_field()
    loaded: rx.Field[bool] = rx.field(False)

    @event
    async def open_page(self) -> Any:
        return await self._open_for("admin")

    async def _load(self) -> None:
        zone, t = self.user_timezone, self.t

        def load(db: Session, actor: User) -> tuple[list[AuditRow], int]:
            lines, total = audit.search(db, actor, self.query, self.page, self.page_size)
            return [
                AuditRow(
                    **line.model_dump(),
                    when=local(line.at, zone),
                    action_label=t.get(AUDIT_ACTIONS.get(line.action, ""), line.action),
                    target=f"{line.entity} #{line.entity_id}",
                    change=_describe_change(line.before, line.after, t),
                )
                for line in lines
            ], total

        result = await self._read_data(self._act(load))
        if result is not None:
            self.entries, self.total = result
            self.loaded = True


def _shown(value: Any, t: dict[str, str]) -> str:
    """A recorded value as a person reads it: lists joined by commas, yes/no, "—" for none."""
    if isinstance(value, bool):
        return t["common.yes"] if value else t["common.no"]
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(_shown(v, t) for v in value)
    return str(value)


def _field_name(key: str, t: dict[str, str]) -> str:
    """A recorded field by its name in the reader's language; one the catalogues do not name
    reads as its code made into words ("price_amount" -> "Price amount")."""
    named = t.get(AUDIT_FIELDS.get(key, ""))
    return named or key.replace("_", " ").strip().capitalize() or "—"


def _describe_change(
    before: dict[str, Any] | None, after: dict[str, Any] | None, t: dict[str, str]
) -> str:
    """ "field: before → after" for each field ("field: value" when only the after is known)."""
    before, after = before or {}, after or {}
    keys = list(dict.fromkeys([*before, *after]))
    parts = []
    for key in keys:
        name, new = _field_name(key, t), _shown(after.get(key), t)
        if key in before:
            parts.append(f"{name}: {_shown(before[key], t)} → {new}")
        else:
            parts.append(f"{name}: {new}")
    return "; ".join(parts)[:500]
