"""Mentoring states: the mentor's board and the log form, the mentee's feedback, the admin's
support follow-up, one mentee's page and the CSV export. Thin: every rule is in services.

Reflex runs an inherited handler on the parent's instance, so each state declares its own.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import reflex as rx
from pydantic import ValidationError
from sqlmodel import Field, Session, SQLModel

from tra_da.i18n import format_day
from tra_da.models import User
from tra_da.models.booking import shown_status
from tra_da.models.session_log import (
    LogPromptPublic,
    MenteeBookingPublic,
    MenteeSummaryPublic,
    SessionLogCreate,
    SessionLogMenteePublic,
    SessionLogPublic,
    SessionLogUpdate,
    WeekCountPublic,
    WeekSessionPublic,
)
from tra_da.services import mentor_dashboard, session_logs
from tra_da.state.dashboard import DashboardState, SupportRow
from tra_da.state.events import event
from tra_da.state.fields import ListField, ObjectField, list_field, object_field
from tra_da.state.forms import FormState
from tra_da.state.page_load import PageLoad
from tra_da.state.pickers import (
    DATE_PARTS,
    PickError,
    compose_day,
    split_day,
    with_part,
    with_picked,
)
from tra_da.state.timefmt import local, when

SORTS = ("name", "next", "last", "score", "support")


def _day(value: date | None) -> str:
    return "" if value is None else f"{value:%d/%m/%Y}"


# --- what the mentoring views show: the public types plus display-only fields -----------------


class Option(SQLModel):
    """One choice of a select."""

    value: str
    label: str


class WeekBar(WeekCountPublic):
    week: str = ""  # dd/mm of the week's Monday, the chart's axis


class ScorePoint(SQLModel):
    n: int
    score: int


class TrendPoint(SQLModel):
    day: str
    score: int


class WeekRow(WeekSessionPublic):
    when: str = ""
    join_link: str = ""  # meeting_link, or "" when there is none
    over: bool = False  # ended: no join button any more


class PromptRow(LogPromptPublic):
    when: str = ""


class MenteeRow(MenteeSummaryPublic):
    last: str = ""  # last_session as the viewer reads it
    next: str = ""
    scores_text: str = ""  # "2, 3, 4": the sparkline's accessible name
    points: list[ScorePoint] = Field(default_factory=list)


class MenteeLogRow(SessionLogMenteePublic):
    """A log as its mentee sees it."""

    day: str = ""


class LogRow(SessionLogPublic):
    """A log as its mentor or an admin sees it."""

    day: str = ""
    resolved: str = ""  # when its support flag was resolved, in the viewer's zone


class BookingRow(MenteeBookingPublic):
    when: str = ""
    shown_status: str = ""  # status, or "rescheduled" for a booking moved to another slot
    join_link: str = ""  # only while the session is ahead


class LogForm(SQLModel):
    """What the log dialog starts from."""

    mentee_id: int = 0
    mentee_name: str = ""
    booking_id: int = 0
    session_date: str = ""  # yyyy-mm-dd, as a date input holds it
    topic: str = ""
    mentor_score: str = "3"
    needs_support: bool = False
    notes: str = ""
    action_items: str = ""
    when: str = ""


class ExportRow(SQLModel):
    """One line of the export's preview, as the CSV has it."""

    session_date: str
    mentor: str
    mentee: str
    topic: str
    mentor_score: str
    needs_support: str


def _shown(row: ExportRow, lang: str) -> ExportRow:
    """A CSV line as the page shows it: the day in the reader's format, not the CSV's ISO."""
    try:
        day = format_day(date.fromisoformat(row.session_date), lang)
    except ValueError:
        return row
    return row.model_copy(update={"session_date": day})


def _week_bars(weeks: list[WeekCountPublic]) -> list[WeekBar]:
    return [WeekBar(**w.model_dump(), week=f"{w.week_start:%d/%m}") for w in weeks]


def _mentee_row(m: MenteeSummaryPublic, zone: str, lang: str) -> MenteeRow:
    return MenteeRow(
        **m.model_dump(),
        last=when(m.last_session, None, zone, lang) if m.last_session else "",
        next=when(m.next_session, None, zone, lang) if m.next_session else "",
        scores_text=", ".join(str(s) for s in m.scores),
        points=[ScorePoint(n=i + 1, score=s) for i, s in enumerate(m.scores)],
    )


def _log_row(v: SessionLogPublic, zone: str) -> LogRow:
    return LogRow(
        **v.model_dump(),
        day=_day(v.session_date),
        resolved=local(v.support_resolved_at, zone),
    )


def _mentee_log_row(v: SessionLogMenteePublic) -> MenteeLogRow:
    # A mentee's list holds only their view, whatever the service's type says.
    return MenteeLogRow(
        **v.model_dump(include=set(SessionLogMenteePublic.model_fields)), day=_day(v.session_date)
    )


M = TypeVar("M", bound=MenteeSummaryPublic)
_NEVER = datetime.min.replace(tzinfo=UTC)


def arrange_mentees(rows: list[M], sort_by: str, text: str, only_support: bool) -> list[M]:
    """The mentor's filter (name, track or group text; needs support only) and sort."""
    text = text.strip().lower()
    shown = [
        r
        for r in rows
        if (not only_support or r.needs_support)
        and (not text or text in f"{r.name} {r.track} {r.group or ''}".lower())
    ]
    if sort_by == "next":  # soonest first, none last
        shown.sort(key=lambda r: (r.next_session is None, r.next_session or _NEVER, r.name))
    elif sort_by == "last":  # never seen first, then longest ago: who needs a session
        shown.sort(key=lambda r: (r.last_session is not None, r.last_session or _NEVER, r.name))
    elif sort_by == "score":  # lowest latest score first, unscored last
        shown.sort(key=lambda r: (r.latest_score is None, r.latest_score or 0, r.name))
    elif sort_by == "support":
        shown.sort(key=lambda r: (not r.needs_support, r.name))
    else:
        shown.sort(key=lambda r: r.name)
    return shown


class MentoringState(PageLoad, FormState):
    """The parts of /dashboard this issue adds, for each role."""

    # mentor
    week: ListField[WeekRow] = list_field()
    mentee_rows: ListField[MenteeRow] = list_field()
    prompts: ListField[PromptRow] = list_field()
    per_week: ListField[WeekBar] = list_field()
    sort_by: rx.Field[str] = rx.field("support")
    search_text: rx.Field[str] = rx.field("")
    only_support: rx.Field[bool] = rx.field(False)
    loaded: rx.Field[bool] = rx.field(False)  # placeholders, not "none", until the first load
    # mentee
    to_rate: ListField[MenteeLogRow] = list_field()
    my_logs: ListField[MenteeLogRow] = list_field()
    rate_open: rx.Field[bool] = rx.field(False)
    rating: ObjectField[MenteeLogRow] = object_field()
    # admin
    programme_week: ListField[WeekBar] = list_field()
    resolve_open: rx.Field[bool] = rx.field(False)
    resolving: ObjectField[SupportRow] = object_field()

    @rx.var
    def shown_mentees(self) -> list[MenteeRow]:
        return arrange_mentees(self.mentee_rows, self.sort_by, self.search_text, self.only_support)

    @rx.var
    def today_sessions(self) -> list[WeekRow]:
        return [s for s in self.week if s.today]

    @rx.var
    def later_sessions(self) -> list[WeekRow]:
        return [s for s in self.week if not s.today]

    @event
    async def open_board(self) -> None:
        """Second on_load of /dashboard, after DashboardState checked the session."""
        # Nothing of a previous person on this tab survives a sign-in as someone else.
        self.week, self.mentee_rows, self.prompts, self.per_week = [], [], [], []
        self.to_rate, self.my_logs, self.programme_week = [], [], []
        self.rate_open = self.resolve_open = False
        self.rating = self.resolving = None
        self.loaded = False
        self._note_load("")
        if not self.token or self.user_role not in ("mentor", "mentee", "admin"):
            return
        await self._load()

    async def _load(self) -> None:
        zone, lang, role = self.user_timezone, self.lang, self.user_role
        if role == "mentor":
            board = await self._read_data(self._act(mentor_dashboard.mentor_board))
            if board is None:
                return
            now = datetime.now(UTC)
            self.week = [
                WeekRow(
                    **s.model_dump(),
                    when=when(s.start_at, s.end_at, zone, lang),
                    join_link=s.meeting_link or "",
                    over=s.end_at <= now,
                )
                for s in board.week
            ]
            self.mentee_rows = [_mentee_row(m, zone, lang) for m in board.mentees]
            self.prompts = [
                PromptRow(**p.model_dump(), when=when(p.start_at, p.end_at, zone, lang))
                for p in board.prompts
            ]
            self.per_week = _week_bars(board.per_week)
            self.loaded = True
        elif role == "mentee":
            logs = await self._read_data(self._act(_mentee_logs))
            if logs is not None:
                self.to_rate = [_mentee_log_row(v) for v in logs[0]]
                self.my_logs = [_mentee_log_row(v) for v in logs[1]]
                self.loaded = True
        else:
            weeks = await self._read_data(self._act(mentor_dashboard.programme_per_week))
            if weeks is not None:
                self.programme_week = _week_bars(weeks)
                self.loaded = True

    @event
    def set_sort_by(self, value: str) -> None:
        self.sort_by = value if value in SORTS else "name"

    @event
    def set_search_text(self, value: str) -> None:
        self.search_text = value[:100]

    @event
    def set_only_support(self, value: bool) -> None:
        self.only_support = bool(value)

    # mentee: rate a session

    @event
    def ask_rate(self, row: MenteeLogRow) -> None:
        self.rating, self.rate_open, self.error = row, True, ""

    @event
    def set_rate_open(self, value: bool) -> None:
        self.rate_open = value

    @event
    async def rate(self, form: dict[str, str]) -> Any:
        score = form.get("mentee_score", "")
        if not score.isdigit():
            self.error = self.t["logs.pick_rating"]
            return
        self.working = True
        yield
        try:
            done = await self._act(
                session_logs.rate_session,
                self.rating.id if self.rating else 0,
                int(score),
                form.get("comment", ""),
                form.get("review", ""),
            )
        finally:
            self.working = False
        if done is not None:
            self.rate_open = False
            await self._load()
            self._flash("success", self.t["logs.thanks"])

    # admin: resolve a needs-support flag

    @event
    def ask_resolve(self, row: SupportRow) -> None:
        self.resolving, self.resolve_open, self.error = row, True, ""

    @event
    def set_resolve_open(self, value: bool) -> None:
        self.resolve_open = value

    @event
    async def resolve(self, form: dict[str, str]) -> Any:
        self.working = True
        yield
        try:
            done = await self._act(
                session_logs.resolve_support,
                self.resolving.log_id if self.resolving else 0,
                form.get("resolution", ""),
            )
        finally:
            self.working = False
        if done is not None:
            self.resolve_open = False
            self._flash("success", self.t["logs.resolved"])
            yield DashboardState.read_again  # the overview's flags and counts, read again


def _mentee_logs(
    db: Session, actor: User
) -> tuple[list[SessionLogMenteePublic], list[SessionLogMenteePublic]]:
    """The mentee's sessions to rate and their latest logs."""
    return (
        session_logs.rating_prompts(db, actor),
        session_logs.list_logs(db, actor, limit=50),
    )


# Which error key says what to fix in a form field the log's model refused.
_FIELD_ERRORS = {
    "topic": "err.log_topic",
    "mentor_score": "err.log_score",
    "notes": "err.log_notes",
    "action_items": "err.log_action_items",
}


class SessionLogFormState(FormState):
    """The log dialog: a new log (from a finished booking or for a mentee) or an edit."""

    form_open: rx.Field[bool] = rx.field(False)
    log_id: rx.Field[int] = rx.field(0)
    values: ObjectField[LogForm] = object_field()

    def _start(self, values: LogForm, log_id: int = 0) -> None:
        self.values, self.log_id, self.form_open, self.error = values, log_id, True, ""

    @event
    def start_from_prompt(self, prompt: PromptRow) -> None:
        self._start(
            LogForm(
                mentee_id=prompt.mentee_id,
                mentee_name=prompt.mentee_name,
                booking_id=prompt.booking_id,
                session_date=prompt.session_date.isoformat(),
                when=prompt.when,
            )
        )

    @event
    def start_for_mentee(self, mentee: MenteeRow | None) -> None:
        if mentee is None:
            return
        today = datetime.now(ZoneInfo(self.user_timezone)).date().isoformat()
        self._start(LogForm(mentee_id=mentee.id, mentee_name=mentee.name, session_date=today))

    @event
    def start_edit(self, log: LogRow) -> None:
        self._start(
            LogForm(
                mentee_id=log.mentee_id,
                mentee_name=log.mentee_name,
                session_date=log.session_date.isoformat(),
                topic=log.topic,
                mentor_score=str(log.mentor_score),
                needs_support=log.needs_support,
                notes=log.notes,
                action_items=log.action_items,
            ),
            log.id,
        )

    @event
    def set_form_open(self, value: bool) -> None:
        self.form_open = value

    def _submitted(self, form: dict[str, Any]) -> SessionLogCreate | None:
        """The form as the log's model, or None with the error that says what to fix."""
        try:
            day = date.fromisoformat(with_picked(form, days=["session_date"])["session_date"])
        except PickError as exc:
            self.error = exc.message(self.lang)
            return None
        except ValueError:
            self.error = self.t["logs.bad_date"]
            return None
        score = form.get("mentor_score", "")
        if not score.isdigit():
            self.error = self.t["err.log_score"]
            return None
        values = self.values or LogForm()
        try:
            return SessionLogCreate(
                mentee_id=values.mentee_id,
                session_date=day,
                topic=form.get("topic", ""),
                mentor_score=int(score),
                # "on" from the form's own data; True when the checkbox has an id (Reflex's ref).
                needs_support=form.get("needs_support") in ("on", True, "true"),
                notes=form.get("notes", ""),
                action_items=form.get("action_items", ""),
                booking_id=values.booking_id or None,
            )
        except ValidationError as exc:
            field = str(exc.errors()[0]["loc"][0]) if exc.errors() else ""
            self.error = self.t[_FIELD_ERRORS.get(field, "err.log_topic")]
            return None

    @event
    async def save(self, form: dict[str, Any]) -> Any:
        data = self._submitted(form)
        if data is None:
            return
        self.working = True
        yield
        try:
            if self.log_id:
                done: SessionLogPublic | None = await self._act(
                    session_logs.update_log,
                    self.log_id,
                    SessionLogUpdate(**data.model_dump(include=set(SessionLogUpdate.model_fields))),
                )
            else:
                done = await self._act(session_logs.create_log, data)
        finally:
            self.working = False
        if done is None:
            return
        self.form_open = False
        self._flash("success", self.t["logs.saved"])
        if self.router.page.path.startswith("/mentees"):
            yield MenteeDetailState.read_again
        else:
            yield MentoringState.read_again


class MenteeDetailState(PageLoad, FormState):
    """/mentees/[mentee_id]: one mentee's full history, for their mentor or an admin."""

    mentee: ObjectField[MenteeRow] = object_field()
    logs: ListField[LogRow] = list_field()
    bookings: ListField[BookingRow] = list_field()
    trend: ListField[TrendPoint] = list_field()
    interests: rx.Field[str] = rx.field("")
    background: rx.Field[str] = rx.field("")
    loaded: rx.Field[bool] = rx.field(False)  # placeholders, not "none", until the first load

    @event
    async def open_page(self) -> Any:
        self.mentee, self.logs, self.bookings, self.trend = None, [], [], []
        self.interests = self.background = ""
        self.loaded = False
        return await self._open_for("mentor", "admin")

    async def _load(self) -> None:
        last = self.router.url.path.rstrip("/").split("/")[-1]
        mentee_id = int(last) if last.isdigit() else 0
        zone, lang = self.user_timezone, self.lang
        page = await self._read_data(self._act(mentor_dashboard.mentee_page, mentee_id))
        if page is None:
            return
        self.mentee = _mentee_row(page.summary, zone, lang)
        self.interests, self.background = page.interests, page.background
        self.logs = [_log_row(v, zone) for v in page.logs]
        self.trend = [
            TrendPoint(day=f"{v.session_date:%d/%m}", score=v.mentor_score)
            for v in reversed(page.logs)
        ]
        self.bookings = [
            BookingRow(
                **b.model_dump(),
                when=when(b.start_at, b.end_at, zone, lang),
                shown_status=shown_status(b.status, b.rescheduled),
                join_link=(b.meeting_link or "") if b.upcoming else "",
            )
            for b in page.bookings
        ]
        self.loaded = True


class ExportFilters(SQLModel):
    """The export's filters as their controls hold them (ids as text, dates yyyy-mm-dd)."""

    group_id: str = ""
    cohort: str = ""
    mentor_id: str = ""
    date_from: str = ""
    date_to: str = ""


FILTERS = tuple(ExportFilters.model_fields)


class SessionLogExportState(PageLoad, FormState):
    """/admin/session-logs: filter the logs (the preview follows each change), download CSV."""

    groups: ListField[Option] = list_field()
    cohorts: ListField[Option] = list_field()
    mentors: ListField[Option] = list_field()
    preview: ListField[ExportRow] = list_field()
    matching: rx.Field[int] = rx.field(0)
    filters: ObjectField[ExportFilters] = object_field()
    loaded: rx.Field[bool] = rx.field(False)  # placeholders, not "no logs", until the first load

    @event
    async def open_page(self) -> Any:
        self.filters = ExportFilters()
        self.loaded = False
        return await self._open_for("admin")

    def _export_filter(self) -> session_logs.ExportFilter | None:
        f = self.filters or ExportFilters()
        days: list[date | None] = []
        for held in (f.date_from, f.date_to):
            try:
                iso = compose_day(*split_day(held))
            except PickError as exc:
                if exc.key == "picker.incomplete_day":  # still being chosen: not applied yet
                    days.append(None)
                    continue
                self.error = exc.message(self.lang)
                return None
            days.append(date.fromisoformat(iso) if iso else None)
        start, end = days
        return session_logs.ExportFilter(
            group_id=int(f.group_id) if f.group_id.isdigit() else None,
            cohort=f.cohort[:80],
            mentor_id=int(f.mentor_id) if f.mentor_id.isdigit() else None,
            date_from=start,
            date_to=end,
        )

    async def _load(self) -> None:
        filters = self._export_filter()
        if filters is None:
            return

        def load(
            db: Session, actor: User
        ) -> tuple[dict[str, list[tuple[str, str]]], list[list[str]]]:
            return session_logs.export_choices(db, actor), session_logs.export_rows(
                db, actor, filters
            )

        result = await self._read_data(self._act(load))
        if result is None:
            return
        choices, rows = result
        header, body = rows[0], rows[1:]
        self.matching = len(body)
        lang = self.lang
        self.preview = [
            _shown(ExportRow(**dict(zip(header, r, strict=True))), lang) for r in body[-20:]
        ][::-1]
        self.groups, self.cohorts, self.mentors = (
            [Option(value=v, label=label) for v, label in choices[key]]
            for key in ("groups", "cohorts", "mentors")
        )
        self.loaded = True

    @event
    async def set_filter(self, name: str, value: str) -> None:
        if name in FILTERS:
            current = self.filters or ExportFilters()
            self.filters = current.model_copy(update={name: str(value)[:80]})
            await self._load()

    @event
    async def set_date_part(self, name: str, part: str, chosen: str) -> None:
        """One select of a date filter changed: the filter applies once the date is whole."""
        if name in ("date_from", "date_to") and part in DATE_PARTS:
            current = self.filters or ExportFilters()
            held = with_part(getattr(current, name), part, chosen)
            self.filters = current.model_copy(update={name: held})
            self.error = ""
            await self._load()

    @event
    async def clear_filters(self) -> None:
        self.filters = ExportFilters()
        self.error = ""
        await self._load()

    @event
    async def download(self) -> Any:
        filters = self._export_filter()
        if filters is None:
            return
        self.working = True
        yield
        try:
            data = await self._act(session_logs.export_csv, filters)
        finally:
            self.working = False
        if data is not None:
            stamp = datetime.now(ZoneInfo(self.user_timezone)).strftime("%Y%m%d-%H%M")
            yield rx.download(data=data, filename=f"session-logs-{stamp}.csv", mime_type="text/csv")
