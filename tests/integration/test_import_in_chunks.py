"""The admin page's CSV import (state/importing.py, ImportState.upload): the file checked, then
written chunk by chunk, each chunk its own unit of work through the admission gate, so other
people's actions go on between chunks; a chunk refused as busy is tried again; a stop says how
far the import got, in the admin's language, and the spinner stops."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import Session, col, func, select

from tests import factories
from tests.integration.test_busy_pages import state_of, tab
from tra_da import admission
from tra_da.i18n import text
from tra_da.models import MenteeProfile, MentorProfile, OutboxMessage, User
from tra_da.services import auth, csv_import
from tra_da.state import importing, work
from tra_da.state.admin import ImportState

HEADER = ",".join(csv_import.COLUMNS["mentees"])


def _file(count: int, mentor: str = "") -> bytes:
    rows = [f"hv{i}@example.com,Học Viên {i},Data,,,,{mentor}" for i in range(count)]
    return "\n".join([HEADER, *rows, ""]).encode()


@pytest.fixture
def admin_token(db: Session) -> str:
    return auth.open_web_session(db, factories.admin(db))


@pytest.fixture
def one_at_a_time(use_database: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[admission.Gate]:
    """The gate as on SQLite: one unit of work at a time, others queued (FIFO) for up to 5 s."""
    gate = admission.Gate(limit=1, queue=10, wait=5)
    monkeypatch.setattr(admission, "gate", lambda: gate)
    yield gate
    auth.forget_web_sessions()


def _runner(token: str) -> importing.Run:
    def run(fn: Any, *args: Any) -> Any:
        return admission.run_admitted(work.as_signed_in, token, fn, args)

    return run


def _invitations(db: Session) -> list[str]:
    return [
        m.payload["to"]
        for m in db.exec(select(OutboxMessage))
        if m.payload["template"] == "invitation"
    ]


def _count(db: Session, email_like: str = "hv%") -> int:
    db.expire_all()
    return db.exec(select(func.count()).where(col(User.email).like(email_like))).one()


def test_another_persons_action_runs_between_the_chunks(
    one_at_a_time: admission.Gate, db: Session, admin_token: str
) -> None:
    """While a ten-chunk import runs, a mentee's own action (here: reading their name) is
    admitted between two chunks and done long before the import is, instead of waiting for
    the whole file (and being refused as busy after its 1 s)."""
    mentee_token = auth.open_web_session(db, factories.mentee(db, "khach@example.com"))
    order: list[str] = []

    async def importer() -> None:
        async for step in importing.import_file(
            _runner(admin_token), "mentees", _file(20), chunk_rows=2
        ):
            order.append(f"import {step.written}")

    async def someone_else() -> None:
        while "import 2" not in order:  # the first chunk is written
            await asyncio.sleep(0.001)
        name = await admission.run_admitted(
            work.as_signed_in, mentee_token, lambda db, user: user.name, ()
        )
        order.append(f"other {name}")

    async def both() -> None:
        await asyncio.gather(importer(), someone_else())

    asyncio.run(both())
    assert order[-1] == "import 20", order
    other = order.index("other khach")
    assert 0 < other < order.index("import 10"), order  # between chunks, not after the file
    assert _count(db) == 20


def test_a_chunk_refused_as_busy_is_tried_again_and_the_import_finishes(
    use_database: str, db: Session, admin_token: str
) -> None:
    real = _runner(admin_token)
    refusals = {"left": 3}

    async def busy_now_and_then(fn: Any, *args: Any) -> Any:
        if fn is csv_import.import_rows and refusals["left"] > 0:
            refusals["left"] -= 1
            raise admission.Overloaded()
        return await real(fn, *args)

    async def go() -> list[importing.Progress]:
        steps = importing.import_file(busy_now_and_then, "mentees", _file(5), chunk_rows=2)
        return [
            importing.Progress(**vars(step))
            async for step in steps  # copies: the same object is yielded each time
        ]

    steps = asyncio.run(go())
    assert [s.written for s in steps] == [0, 2, 4, 5]
    assert steps[-1].finished and steps[-1].reason is None and steps[-1].created == 5
    assert refusals["left"] == 0 and _count(db) == 5
    auth.forget_web_sessions()


def test_a_server_busy_throughout_stops_the_import_and_keeps_what_was_written(
    use_database: str, db: Session, admin_token: str
) -> None:
    real = _runner(admin_token)

    async def busy_after_the_first_chunk(fn: Any, *args: Any) -> Any:
        if fn is csv_import.import_rows and args[1][0]["_line"] != "2":
            raise admission.Overloaded()
        return await real(fn, *args)

    async def go() -> importing.Progress:
        async for step in importing.import_file(
            busy_after_the_first_chunk, "mentees", _file(5), chunk_rows=2, pause=0.001
        ):
            last = step
        return last

    last = asyncio.run(go())
    assert last.finished and isinstance(last.reason, admission.Overloaded)
    assert (last.stopped_at, last.written, last.created) == (4, 2, 2)
    assert _count(db) == 2
    auth.forget_web_sessions()


class _Upload:
    def __init__(self, data: bytes) -> None:
        self.data = data

    async def read(self, size: int = -1) -> bytes:
        return self.data


def _upload(page: Any, data: bytes) -> list[dict[str, Any]]:
    """Run ImportState.upload as Reflex does; what the page shows at each of its yields."""

    async def go() -> list[dict[str, Any]]:
        fn = type(page).event_handlers["upload"].fn
        shown = []
        async for _ in fn(page, [_Upload(data)]):
            shown.append({k: getattr(page, k) for k in ("working", "progress", "error", "created")})
        shown.append({k: getattr(page, k) for k in ("working", "progress", "error", "created")})
        return shown

    return asyncio.run(go())


def test_the_page_shows_progress_then_the_counts(
    use_database: str, db: Session, admin_token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(csv_import.CHUNK_ROWS, "mentees", 2)
    page = state_of(tab("/admin/import", token=admin_token), ImportState)
    page.lang, page.kind = "en", "mentees"
    shown = _upload(page, _file(5))
    assert shown[0]["working"] and shown[0]["progress"] == "Checking the file…"
    progress = [s["progress"] for s in shown if s["progress"]]
    assert "Imported 2 of 5 rows…" in progress and "Imported 4 of 5 rows…" in progress
    assert shown[-1] == {"working": False, "progress": "", "error": "", "created": 5}
    auth.forget_web_sessions()


def test_a_stop_while_writing_says_where_and_what_to_do_in_the_admins_language(
    use_database: str, db: Session, admin_token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lan's seats fill after the file was checked: the page says which line stopped it, how
    many rows were imported, and that uploading the file again is safe; the spinner stops."""
    boss = db.exec(select(User).where(User.role == "admin")).one()
    lan = factories.mentor(db, boss, "lan@example.com", max_mentees=4)
    monkeypatch.setitem(csv_import.CHUNK_ROWS, "mentees", 2)
    real = csv_import.import_rows

    def lan_fills_after_the_first_chunk(db: Session, *args: Any) -> csv_import.ImportReport:
        counts = real(db, *args)
        profile = db.get(MentorProfile, lan.id)
        assert profile is not None
        profile.max_mentees = profile.assigned_count
        db.commit()
        return counts

    monkeypatch.setattr(csv_import, "import_rows", lan_fills_after_the_first_chunk)
    for lang in ("vi", "en"):
        page = state_of(tab("/admin/import", token=admin_token), ImportState)
        page.lang, page.kind = lang, "mentees"
        shown = _upload(page, _file(4, "lan@example.com"))
        assert shown[-1]["working"] is False and shown[-1]["progress"] == ""
        assert shown[-1]["created"] == -1
        reason = text("err.import_mentor_full", lang, email="lan@example.com", max=2)
        assert shown[-1]["error"] == text(
            "admin.import_stopped",
            lang,
            line=4,
            reason=reason,
            written=2,
            total=4,
            created=2 if lang == "vi" else 0,
            updated=0 if lang == "vi" else 2,
        )
        # The same file again, Lan's seats raised, then filled again after its first chunk:
        # lines 2-3 are updated (not created, no invitation), line 4 stops it again.
        db.expire_all()
        profile = db.get(MentorProfile, lan.id)
        assert profile is not None
        profile.max_mentees = 4
        db.commit()
    assert db.exec(select(func.count()).select_from(MenteeProfile)).one() == 2
    assert len(_invitations(db)) == 3  # Lan and lines 2-3, once each
    auth.forget_web_sessions()
