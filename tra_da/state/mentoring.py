"""Mentoring states: the mentor's board and the log form, the mentee's feedback, the admin's
support follow-up, one mentee's page and the CSV export. Thin: every rule is in services.

Reflex runs an inherited handler on the parent's instance, so each state declares its own.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import reflex as rx
from sqlmodel import Session

from tra_da.models import User
from tra_da.services import mentor_dashboard, session_logs
from tra_da.state.dashboard import DashboardState
from tra_da.state.events import event
from tra_da.state.fields import DictField, ListField, dict_field, list_field
from tra_da.state.forms import FormState
from tra_da.state.timefmt import local, when
from tra_da.validation import MAX_DATE, MIN_DATE

SORTS = ("name", "next", "last", "score", "support")


def _day(value: date | None) -> str:
    return "" if value is None else f"{value:%d/%m/%Y}"


def _week_rows(weeks: list[mentor_dashboard.WeekCount]) -> list[dict[str, Any]]:
    return [{"week": f"{w.week_start:%d/%m}", "sessions": w.sessions} for w in weeks]


def _trend_points(scores: list[int]) -> list[dict[str, Any]]:
    return [{"n": i + 1, "score": s} for i, s in enumerate(scores)]


def _summary_row(m: mentor_dashboard.MenteeSummary, zone: str, lang: str) -> dict[str, Any]:
    return {
        "id": m.id,
        "name": m.name,
        "email": m.email,
        "track": m.track,
        "goals": m.goals,
        "group": m.group or "",
        "assigned": m.assigned,
        "last": when(m.last_session, None, zone, lang) if m.last_session else "",
        "last_sort": m.last_session.isoformat() if m.last_session else "",
        "next": when(m.next_session, None, zone, lang) if m.next_session else "",
        "next_sort": m.next_session.isoformat() if m.next_session else "",
        "sessions": m.sessions,
        "score": m.latest_score or 0,
        "scores": ", ".join(str(s) for s in m.scores),
        "points": _trend_points(m.scores),
        "trend": m.trend,
        "support": m.needs_support,
    }


def _log_row(v: session_logs.LogView, zone: str) -> dict[str, Any]:
    return {
        "id": v.id,
        "date": _day(v.session_date),
        "iso_date": v.session_date.isoformat(),
        "topic": v.topic,
        "mentor": v.mentor_name,
        "mentee": v.mentee_name,
        "mentee_id": v.mentee_id,
        "mentor_score": v.mentor_score or 0,
        "mentee_score": v.mentee_score or 0,
        "comment": v.mentee_comment or "",
        "action_items": v.action_items,
        "notes": v.notes or "",
        "support": bool(v.needs_support),
        "resolved": local(v.support_resolved_at, zone),
        "resolution": v.support_resolution_note or "",
        "editable": v.editable,
    }


def arrange_mentees(
    rows: list[dict[str, Any]], sort_by: str, text: str, only_support: bool
) -> list[dict[str, Any]]:
    """The mentor's filter (name, track or group text; needs support only) and sort."""
    text = text.strip().lower()
    shown = [
        r
        for r in rows
        if (not only_support or r["support"])
        and (not text or text in f"{r['name']} {r['track']} {r['group']}".lower())
    ]
    if sort_by == "next":  # soonest first, none last
        shown.sort(key=lambda r: (r["next_sort"] == "", r["next_sort"], r["name"]))
    elif sort_by == "last":  # never seen first, then longest ago: who needs a session
        shown.sort(key=lambda r: (r["last_sort"] != "", r["last_sort"], r["name"]))
    elif sort_by == "score":  # lowest latest score first, unscored last
        shown.sort(key=lambda r: (r["score"] == 0, r["score"], r["name"]))
    elif sort_by == "support":
        shown.sort(key=lambda r: (not r["support"], r["name"]))
    else:
        shown.sort(key=lambda r: r["name"])
    return shown


class MentoringState(FormState):
    """The parts of /dashboard this issue adds, for each role."""

    # mentor
    week: ListField[dict[str, Any]] = list_field()
    mentee_rows: ListField[dict[str, Any]] = list_field()
    prompts: ListField[dict[str, Any]] = list_field()
    per_week: ListField[dict[str, Any]] = list_field()
    sort_by: rx.Field[str] = rx.field("support")
    search_text: rx.Field[str] = rx.field("")
    only_support: rx.Field[bool] = rx.field(False)
    # mentee
    to_rate: ListField[dict[str, Any]] = list_field()
    my_logs: ListField[dict[str, Any]] = list_field()
    rate_open: rx.Field[bool] = rx.field(False)
    rating: DictField[str, Any] = dict_field()
    # admin
    programme_week: ListField[dict[str, Any]] = list_field()
    resolve_open: rx.Field[bool] = rx.field(False)
    resolving: DictField[str, Any] = dict_field()

    @rx.var
    def shown_mentees(self) -> list[dict[str, Any]]:
        return arrange_mentees(self.mentee_rows, self.sort_by, self.search_text, self.only_support)

    @rx.var
    def today_sessions(self) -> list[dict[str, Any]]:
        return [s for s in self.week if s["today"]]

    @rx.var
    def later_sessions(self) -> list[dict[str, Any]]:
        return [s for s in self.week if not s["today"]]

    @event
    async def open_board(self) -> None:
        """Second on_load of /dashboard, after DashboardState checked the session."""
        # Nothing of a previous person on this tab survives a sign-in as someone else.
        self.week, self.mentee_rows, self.prompts, self.per_week = [], [], [], []
        self.to_rate, self.my_logs, self.programme_week = [], [], []
        self.rate_open = self.resolve_open = False
        if not self.token or self.user_role not in ("mentor", "mentee", "admin"):
            return
        await self._load()

    async def _load(self) -> None:
        zone, lang, role = self.user_timezone, self.lang, self.user_role

        def load(db: Session, actor: User) -> dict[str, Any]:
            now = datetime.now(UTC)
            if role == "mentor":
                board = mentor_dashboard.mentor_board(db, actor, now)
                return {
                    "week": [
                        {
                            "when": when(s.start_at, s.end_at, zone, lang),
                            "who": s.mentee_name,
                            "mentee_id": s.mentee_id,
                            "link": s.meeting_link or "",
                            "today": s.today,
                            "over": s.end_at <= now,
                        }
                        for s in board.week
                    ],
                    "mentee_rows": [_summary_row(m, zone, lang) for m in board.mentees],
                    "prompts": [
                        {
                            "booking_id": p.booking_id,
                            "mentee_id": p.mentee_id,
                            "mentee": p.mentee_name,
                            "when": when(p.start_at, p.end_at, zone, lang),
                            "date": p.session_date.isoformat(),
                        }
                        for p in board.prompts
                    ],
                    "per_week": _week_rows(board.per_week),
                }
            if role == "mentee":
                return {
                    "to_rate": [
                        _log_row(v, zone) for v in session_logs.rating_prompts(db, actor, now)
                    ],
                    "my_logs": [
                        _log_row(v, zone) for v in session_logs.list_logs(db, actor, limit=50)
                    ],
                }
            return {"programme_week": _week_rows(mentor_dashboard.programme_per_week(db, actor))}

        result = await self._act(load)
        for name, value in (result or {}).items():
            setattr(self, name, value)

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
    def ask_rate(self, row: dict[str, Any]) -> None:
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
                int(self.rating.get("id", 0)),
                int(score),
                form.get("comment", ""),
            )
        finally:
            self.working = False
        if done is not None:
            self.rate_open = False
            await self._load()
            self._flash("success", self.t["logs.thanks"])

    # admin: resolve a needs-support flag

    @event
    def ask_resolve(self, row: dict[str, Any]) -> None:
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
                int(self.resolving.get("id", 0)),
                form.get("resolution", ""),
            )
        finally:
            self.working = False
        if done is not None:
            self.resolve_open = False
            self._flash("success", self.t["logs.resolved"])
            yield DashboardState.open_dashboard  # the overview's flags and counts, read again


class SessionLogFormState(FormState):
    """The log dialog: a new log (from a finished booking or for a mentee) or an edit."""

    form_open: rx.Field[bool] = rx.field(False)
    log_id: rx.Field[int] = rx.field(0)
    values: DictField[str, Any] = dict_field()

    def _start(self, values: dict[str, Any], log_id: int = 0) -> None:
        self.values, self.log_id, self.form_open, self.error = values, log_id, True, ""

    @event
    def start_from_prompt(self, prompt: dict[str, Any]) -> None:
        self._start(
            {
                "mentee_id": prompt.get("mentee_id", 0),
                "mentee": prompt.get("mentee", ""),
                "booking_id": prompt.get("booking_id", 0),
                "session_date": prompt.get("date", ""),
                "topic": "",
                "mentor_score": "3",
                "needs_support": False,
                "notes": "",
                "action_items": "",
                "when": prompt.get("when", ""),
            }
        )

    @event
    def start_for_mentee(self, mentee: dict[str, Any]) -> None:
        today = datetime.now(ZoneInfo(self.user_timezone)).date().isoformat()
        self._start(
            {
                "mentee_id": mentee.get("id", 0),
                "mentee": mentee.get("name", ""),
                "booking_id": 0,
                "session_date": today,
                "topic": "",
                "mentor_score": "3",
                "needs_support": False,
                "notes": "",
                "action_items": "",
                "when": "",
            }
        )

    @event
    def start_edit(self, log: dict[str, Any]) -> None:
        self._start(
            {
                "mentee_id": log.get("mentee_id", 0),
                "mentee": log.get("mentee", ""),
                "booking_id": 0,
                "session_date": log.get("iso_date", ""),
                "topic": log.get("topic", ""),
                "mentor_score": str(log.get("mentor_score", 3)),
                "needs_support": bool(log.get("support", False)),
                "notes": log.get("notes", ""),
                "action_items": log.get("action_items", ""),
                "when": "",
            },
            int(log.get("id", 0)),
        )

    @event
    def set_form_open(self, value: bool) -> None:
        self.form_open = value

    @event
    async def save(self, form: dict[str, Any]) -> Any:
        try:
            day = date.fromisoformat(form.get("session_date", ""))
        except ValueError:
            self.error = self.t["logs.bad_date"]
            return
        score = form.get("mentor_score", "")
        if not score.isdigit():
            self.error = self.t["err.log_score"]
            return
        booking_id = int(self.values.get("booking_id") or 0)
        data = session_logs.LogInput(
            mentee_id=int(self.values.get("mentee_id") or 0),
            session_date=day,
            topic=form.get("topic", ""),
            mentor_score=int(score),
            # "on" from the form's own data; True when the checkbox has an id (Reflex's ref).
            needs_support=form.get("needs_support") in ("on", True, "true"),
            notes=form.get("notes", ""),
            action_items=form.get("action_items", ""),
            booking_id=booking_id or None,
        )
        self.working = True
        yield
        try:
            if self.log_id:
                done = await self._act(session_logs.update_log, self.log_id, data)
            else:
                done = await self._act(session_logs.create_log, data)
        finally:
            self.working = False
        if done is None:
            return
        self.form_open = False
        self._flash("success", self.t["logs.saved"])
        if self.router.page.path.startswith("/mentees"):
            yield MenteeDetailState.reload
        else:
            yield MentoringState.open_board


class MenteeDetailState(FormState):
    """/mentees/[mentee_id]: one mentee's full history, for their mentor or an admin."""

    mentee: DictField[str, Any] = dict_field()
    logs: ListField[dict[str, Any]] = list_field()
    bookings: ListField[dict[str, Any]] = list_field()
    trend: ListField[dict[str, Any]] = list_field()

    @event
    async def open_page(self) -> Any:
        self.mentee, self.logs, self.bookings, self.trend = {}, [], [], []
        return await self._open_for("mentor", "admin")

    @event
    async def reload(self) -> None:
        await self._load()

    async def _load(self) -> None:
        last = self.router.url.path.rstrip("/").split("/")[-1]
        mentee_id = int(last) if last.isdigit() else 0
        zone, lang = self.user_timezone, self.lang

        def load(db: Session, actor: User) -> tuple[Any, ...]:
            page = mentor_dashboard.mentee_page(db, actor, mentee_id)
            summary = _summary_row(page.summary, zone, lang)
            logs = [_log_row(v, zone) for v in page.logs]
            trend = [
                {"date": f"{v.session_date:%d/%m}", "score": v.mentor_score}
                for v in reversed(page.logs)
                if v.mentor_score is not None
            ]
            bookings = [
                {
                    "when": when(b["start_at"], b["end_at"], zone, lang),
                    "status": b["status"],
                    "mentor": b["mentor"],
                    "link": b["link"] if b["upcoming"] else "",
                }
                for b in page.bookings
            ]
            return summary, logs, bookings, trend

        result = await self._act(load)
        if result is not None:
            self.mentee, self.logs, self.bookings, self.trend = result


FILTERS = ("group_id", "cohort", "mentor_id", "date_from", "date_to")


class SessionLogExportState(FormState):
    """/admin/session-logs: filter the logs (the preview follows each change), download CSV."""

    groups: ListField[dict[str, str]] = list_field()
    cohorts: ListField[dict[str, str]] = list_field()
    mentors: ListField[dict[str, str]] = list_field()
    preview: ListField[dict[str, Any]] = list_field()
    matching: rx.Field[int] = rx.field(0)
    filters: DictField[str, str] = dict_field()

    @event
    async def open_page(self) -> Any:
        self.filters = {}
        return await self._open_for("admin")

    def _export_filter(self) -> session_logs.ExportFilter | None:
        f = self.filters
        try:
            start = date.fromisoformat(f["date_from"]) if f.get("date_from") else None
            end = date.fromisoformat(f["date_to"]) if f.get("date_to") else None
            for day in (start, end):
                if day is not None and not MIN_DATE <= day <= MAX_DATE:
                    raise ValueError("outside 2000..2100")
        except ValueError:
            self.error = self.t["logs.bad_date"]
            return None
        group, mentor = f.get("group_id", ""), f.get("mentor_id", "")
        return session_logs.ExportFilter(
            group_id=int(group) if group.isdigit() else None,
            cohort=f.get("cohort", "")[:80],
            mentor_id=int(mentor) if mentor.isdigit() else None,
            date_from=start,
            date_to=end,
        )

    async def _load(self) -> None:
        filters = self._export_filter()
        if filters is None:
            return

        def load(db: Session, actor: User) -> tuple[Any, ...]:
            choices = session_logs.export_choices(db, actor)
            rows = session_logs.export_rows(db, actor, filters)
            header, body = rows[0], rows[1:]
            preview = [dict(zip(header, r, strict=True)) for r in body[-20:]][::-1]
            return choices, len(body), preview

        result = await self._act(load)
        if result is not None:
            choices, self.matching, self.preview = result
            self.groups, self.cohorts, self.mentors = (
                [{"id": v, "label": label} for v, label in choices[key]]
                for key in ("groups", "cohorts", "mentors")
            )

    @event
    async def set_filter(self, name: str, value: str) -> None:
        if name in FILTERS:
            self.filters = {**self.filters, name: str(value)[:80]}
            await self._load()

    @event
    async def clear_filters(self) -> None:
        self.filters = {}
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
