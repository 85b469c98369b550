"""Bulk CSV import: clear errors, nothing written from a file with one, idempotent, Vietnamese
names intact; written in chunks, a chunk refused on the way keeps the ones before it."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, func, select

from tests import factories
from tra_da.models import (
    AuditEntry,
    MenteeGroup,
    MenteeProfile,
    MentorExpertise,
    MentorProfile,
    OutboxMessage,
    User,
)
from tra_da.models.mentor import MentorCreate, MentorPublic, MentorUpdate
from tra_da.services import accounts, csv_import, mentees, mentors
from tra_da.services.errors import Invalid

MENTORS = (
    "email,name,track,headline,bio,expertise,max_mentees\n"
    'lan@example.com,Nguyễn Thị Lan,Data,ML lead,"Dữ liệu, thống kê",python;sql,2\n'
    "duc@example.com,Lê Minh Đức,Product,PM,,roadmaps,3\n"
)
MENTEES = (
    "email,name,track,goals,group,cohort,mentor_email\n"
    "an@example.com,Võ Minh An,Data,Học SQL,Đội Dữ Liệu,2026-Q4,lan@example.com\n"
    "chi@example.com,Hoàng Linh Chi,Data,,,,\n"
)


@pytest.fixture
def admin(db: Session) -> User:
    return factories.admin(db, name="Admin")


def _count(db: Session, model: type) -> int:
    return db.exec(select(func.count()).select_from(model)).one()


def test_import_round_trips_vietnamese_and_is_idempotent(db: Session, admin: User) -> None:
    first = csv_import.import_csv(db, admin, "mentors", MENTORS.encode("utf-8"))
    assert first.ok and (first.created, first.updated) == (2, 0)
    assert accounts.find_by_email(db, "lan@example.com").name == "Nguyễn Thị Lan"
    again = csv_import.import_csv(db, admin, "mentors", ("\ufeff" + MENTORS).encode("utf-8"))
    assert again.ok and (again.created, again.updated) == (0, 2)
    assert _count(db, MentorProfile) == 2 and _count(db, MentorExpertise) == 3

    mentees = csv_import.import_csv(db, admin, "mentees", MENTEES.encode("utf-8"))
    assert mentees.ok and mentees.created == 2
    assert csv_import.import_csv(db, admin, "mentees", MENTEES.encode("utf-8")).created == 0
    assert _count(db, MenteeProfile) == 2 and _count(db, MenteeGroup) == 1
    group = db.exec(select(MenteeGroup)).one()
    assert (group.name, group.cohort) == ("Đội Dữ Liệu", "2026-Q4")
    lan = db.exec(select(MentorProfile).where(MentorProfile.track == "Data")).one()
    assert lan.assigned_count == 1  # re-import did not count the same assignment twice


def test_one_bad_row_imports_nothing_and_every_error_is_listed(db: Session, admin: User) -> None:
    bad = MENTORS + "not-an-email,Ai Đó,,,,,\nlan@example.com,Dup,,,,,x\n,,,,,,\n,Nobody,,,,,\n"
    report = csv_import.import_csv(db, admin, "mentors", bad.encode("utf-8"))
    assert not report.ok
    assert any(e.startswith("Line 4:") and "not a valid email" in e for e in report.errors)
    assert any(e.startswith("Line 5:") and "also appears on line 2" in e for e in report.errors)
    assert any("0 to 500" in e for e in report.errors)
    assert any(e.startswith("Line 7:") and "email is empty" in e for e in report.errors)
    assert _count(db, MentorProfile) == 0 and _count(db, User) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"email;name;track\nx@example.com;X;Y\n", "not separated by commas"),
        (b"email,name\nx@example.com,X\n", "missing column"),
        (b"email,name,track,headline,bio,expertise,max_mentees,age\n", "unknown column"),
        (
            "email,name,track,headline,bio,expertise,max_mentees\nlê@x.com,Lê,,,,,\n".encode(
                "cp1258"
            ),
            "not UTF-8",
        ),
        (b"", "empty"),
        (
            b"email,name,track,headline,bio,expertise,max_mentees\na@x.com,A,B,C,D,E,1,extra\n",
            "more values than the header",
        ),
    ],
    ids=["delimiter", "missing", "unknown", "encoding", "empty", "width"],
)
def test_malformed_files_say_what_to_fix(
    db: Session, admin: User, data: bytes, message: str
) -> None:
    with pytest.raises(Invalid, match=message):
        csv_import.import_csv(db, admin, "mentors", data)


def test_mentees_need_existing_mentors_and_free_seats(db: Session, admin: User) -> None:
    report = csv_import.import_csv(db, admin, "mentees", MENTEES.encode())
    assert not report.ok and "import mentors first" in report.errors[0]
    mentors.create_mentor(
        db, admin, MentorCreate(email="lan@example.com", name="Lan", max_mentees=1)
    )
    crowded = MENTEES.replace(
        "chi@example.com,Hoàng Linh Chi,Data,,,,",
        "chi@example.com,Hoàng Linh Chi,Data,,,,lan@example.com",
    )
    report = csv_import.import_csv(db, admin, "mentees", crowded.encode())
    assert not report.ok and "1 free seat(s)" in report.errors[-1]
    assert _count(db, MenteeProfile) == 0


def test_samples_import_cleanly(db: Session, admin: User) -> None:
    for kind in ("mentors", "mentees"):
        report = csv_import.import_csv(db, admin, kind, csv_import.SAMPLES[kind].encode())
        assert report.ok, report.errors


def test_a_field_over_the_csv_modules_limit_gets_a_row_message(db: Session, admin: User) -> None:
    """A 200,000-character field once raised `_csv.Error: field larger than field limit` and
    left the import page spinning; now its row says what is wrong, with the column's limit."""
    huge = "x" * 200_000
    data = MENTEES.splitlines()[0] + "\n" + f"an@example.com,An,Data,{huge},,,\n"
    report = csv_import.import_csv(db, admin, "mentees", data.encode())
    assert not report.ok
    assert report.errors == ["Line 2: goals is longer than 2,000 characters; shorten it"]
    assert _count(db, MenteeProfile) == 0


def test_over_long_group_names_and_nul_bytes_are_refused_per_row(db: Session, admin: User) -> None:
    header = MENTEES.splitlines()[0]
    data = (
        f"{header}\n"
        f"an@example.com,An,Data,,{'G' * 100_000},2026-Q4,\n"
        "chi@example.com,Chi\x00,Data,,,,\n"
        "dung@example.com,Dũng,Data,,Nhóm,2026-Q4,\n"
    )
    report = csv_import.import_csv(db, admin, "mentees", data.encode())
    assert not report.ok
    assert len(report.errors) == 2
    assert report.errors[0].startswith("Line 2: group is longer than 120 characters")
    assert report.errors[1].startswith("Line 3: name contains a control character")
    assert _count(db, MenteeProfile) == 0


def test_line_breaks_inside_a_quoted_bio_are_fine(db: Session, admin: User) -> None:
    header = MENTORS.splitlines()[0]
    data = f'{header}\nlan@example.com,Lan,Data,,"Dòng một\nDòng hai",sql,2\n'
    report = csv_import.import_csv(db, admin, "mentors", data.encode())
    assert report.ok, report.errors


def test_the_samples_are_the_demo_programme(db: Session) -> None:
    from tra_da.services import demo_data

    demo_data.seed(db)
    admin = accounts.find_by_email(db, demo_data.ADMIN_EMAIL)
    for kind in ("mentors", "mentees"):
        report = csv_import.import_csv(db, admin, kind, csv_import.SAMPLES[kind].encode())
        assert report.ok, report.errors
        # Everyone in the sample is already there: importing it changes nobody's existence.
        assert report.created == 0
        assert report.updated == len(csv_import.SAMPLES[kind].splitlines()) - 1


# --- written in chunks --------------------------------------------------------------------------


def _mentees_file(count: int, mentor: str = "", prefix: str = "hv") -> bytes:
    """``count`` mentees, the first half in one group, every other one assigned to ``mentor``."""
    lines = [MENTEES.splitlines()[0]]
    for i in range(count):
        group = "Nhóm Một,2026-Q4" if i < count // 2 else ","
        assigned = mentor if mentor and i % 2 == 0 else ""
        lines.append(f"{prefix}{i}@example.com,Học Viên {i},Data,Mục tiêu {i},{group},{assigned}")
    return ("\n".join(lines) + "\n").encode()


def _invitations(db: Session) -> list[str]:
    return sorted(
        m.payload["to"]
        for m in db.exec(select(OutboxMessage))
        if m.payload["template"] == "invitation"
    )


def _state(db: Session) -> dict[str, object]:
    """What an import leaves behind, to compare two ways of writing the same file."""
    db.expire_all()
    people = db.exec(
        select(
            User.email, User.name, MenteeProfile.goals, MenteeGroup.name, MenteeProfile.mentor_id
        )
        .join(MenteeProfile, col(MenteeProfile.user_id) == User.id)
        .join(MenteeGroup, col(MenteeGroup.id) == MenteeProfile.group_id, isouter=True)
        .order_by(User.email)
    ).all()
    seats = db.exec(select(MentorProfile.assigned_count).order_by(MentorProfile.id)).all()
    return {
        "people": [tuple(p) for p in people],
        "seats": list(seats),
        "groups": _count(db, MenteeGroup),
        "invited": _invitations(db),
    }


@pytest.mark.parametrize("chunk_rows", [1, 3, 200])
def test_a_file_written_in_chunks_ends_as_one_written_at_once(
    db: Session, admin: User, chunk_rows: int
) -> None:
    """Seven mentees in chunks of one, three (the last one short) or all at once: the same
    people, group, seats and invitations, with one audit entry per chunk naming its lines."""
    factories.mentor(db, admin, "lan@example.com", max_mentees=5)
    report = csv_import.import_csv(
        db, admin, "mentees", _mentees_file(7, "lan@example.com"), chunk_rows=chunk_rows
    )
    assert report.ok and (report.created, report.updated) == (7, 0)
    state = _state(db)
    assert len(state["people"]) == 7 and state["groups"] == 1  # type: ignore[arg-type]
    assert state["seats"] == [4]  # rows 0, 2, 4, 6
    assert state["invited"] == [*(f"hv{i}@example.com" for i in range(7)), "lan@example.com"]
    entries = db.exec(
        select(AuditEntry).where(AuditEntry.action == "import.mentees").order_by(AuditEntry.id)
    ).all()
    assert len(entries) == -(-7 // chunk_rows)
    assert entries[0].after["lines"] == f"2–{1 + min(chunk_rows, 7)}"  # type: ignore[index]
    assert sum(e.after["created"] for e in entries) == 7  # type: ignore[index]

    again = csv_import.import_csv(
        db, admin, "mentees", _mentees_file(7, "lan@example.com"), chunk_rows=chunk_rows
    )
    assert (again.created, again.updated) == (0, 7)
    assert _state(db) == state  # nobody twice, no seat counted twice, no second invitation


def _stop_at_the_second_chunk(db: Session, admin: User, data: bytes) -> MentorPublic:
    """The file fits Lan's three free seats when checked; after its first chunk (one seat) an
    admin gives her other two seats to others, so its second chunk (line 4 wants a seat) is
    refused as it is written."""
    lan = factories.mentor(db, admin, "lan@example.com", max_mentees=3)
    plan = csv_import.check(db, admin, "mentees", data)
    assert plan.ok, plan.errors
    first, second, *_ = csv_import.chunks(plan, 2)
    assert csv_import.import_rows(db, admin, "mentees", first).created == 2
    for email in ("khach1@example.com", "khach2@example.com"):
        mentee_id = factories.mentee_id(db, factories.mentee(db, email))
        mentees.assign_mentor(db, admin, mentee_id, lan.id)
    with pytest.raises(csv_import.RowRefused) as refused:
        csv_import.import_rows(db, admin, "mentees", second)
    assert refused.value.line == 4 and refused.value.key == "err.import_mentor_full"
    assert "no free seat" in refused.value.message
    return lan


def test_a_later_chunk_refused_keeps_the_earlier_ones_and_says_which_line(
    db: Session, admin: User
) -> None:
    """The refused chunk writes nothing, not even its row before the refused one (line 5 has
    no mentor); the first chunk stays, and Lan is not overfilled."""
    _stop_at_the_second_chunk(db, admin, _mentees_file(6, "lan@example.com"))
    db.expire_all()
    imported = db.exec(select(User.email).where(col(User.email).like("hv%")).order_by(User.email))
    assert list(imported) == ["hv0@example.com", "hv1@example.com"]
    assert db.exec(select(MentorProfile.assigned_count)).one() == 3  # never 4 of 3
    assert _invitations(db) == ["hv0@example.com", "hv1@example.com", "lan@example.com"]


def test_uploading_again_after_a_stop_finishes_with_no_duplicates_or_second_invitations(
    db: Session, admin: User
) -> None:
    data = _mentees_file(6, "lan@example.com")
    lan = _stop_at_the_second_chunk(db, admin, data)
    mentors.update_mentor(db, admin, lan.id, MentorUpdate(max_mentees=5))

    finished = csv_import.import_csv(db, admin, "mentees", data, chunk_rows=2)
    assert finished.ok and (finished.created, finished.updated) == (4, 2)
    assert _count(db, MenteeProfile) == 8  # the file's six and the two others
    invited = _invitations(db)
    assert len(invited) == len(set(invited)) == 7  # Lan and the file's six, each once
    db.expire_all()
    assert db.get(MentorProfile, lan.id).assigned_count == 5  # type: ignore[union-attr]


def test_a_stop_while_writing_is_reported_with_its_line_and_what_was_written(
    db: Session, admin: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    factories.mentor(db, admin, "lan@example.com", max_mentees=5)
    data = _mentees_file(6, "lan@example.com")
    real = csv_import.import_rows

    def someone_fills_lan_after_the_first_chunk(*args: object) -> csv_import.ImportReport:
        counts = real(*args)  # type: ignore[arg-type]
        lan = db.exec(select(MentorProfile)).one()
        lan.max_mentees = lan.assigned_count
        db.commit()
        return counts

    monkeypatch.setattr(csv_import, "import_rows", someone_fills_lan_after_the_first_chunk)
    stopped = csv_import.import_csv(db, admin, "mentees", data, chunk_rows=2)
    assert stopped.stopped_at == 4 and stopped.errors[0].startswith("Line 4: ")
    assert (stopped.created, stopped.updated) == (2, 0)


def test_a_row_whose_email_changed_role_since_the_check_is_refused_with_its_line(
    db: Session, admin: User
) -> None:
    plan = csv_import.check(db, admin, "mentees", _mentees_file(3))
    factories.mentor(db, admin, "hv1@example.com")  # signed up as a mentor meanwhile
    with pytest.raises(csv_import.RowRefused) as refused:
        csv_import.import_rows(db, admin, "mentees", plan.rows)
    assert refused.value.line == 3 and refused.value.key == "err.import_other_role"
    assert accounts.find_by_email(db, "hv0@example.com") is None  # the chunk wrote nothing
