"""Bulk CSV import: clear errors, all or nothing, idempotent, Vietnamese names intact."""

from __future__ import annotations

import pytest
from sqlmodel import Session, func, select

from tests import factories
from tra_da.models import MenteeGroup, MenteeProfile, MentorExpertise, MentorProfile, User
from tra_da.models.mentor import MentorCreate
from tra_da.services import accounts, csv_import, mentors
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
