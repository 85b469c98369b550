"""Bulk import of mentors and mentees from CSV: every row checked first, then all or nothing.

Re-importing the same file creates no duplicates: rows are matched by email and update the
existing person. Files must be UTF-8 (a byte-order mark is fine) and comma-separated.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from tra_da import validation
from tra_da.models import MenteeGroup, MenteeProfile, MentorProfile, User
from tra_da.models.group import GroupBase
from tra_da.models.limits import GOALS_MAX, NAME_MAX, TRACK_MAX
from tra_da.models.mentee import MenteeBase
from tra_da.models.mentor import MentorCreate
from tra_da.models.text import max_length
from tra_da.services import accounts, audit, auth, demo_data, mentors
from tra_da.services.access import require_role
from tra_da.services.errors import Invalid, ServiceError

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# The csv module refuses fields over 128 KiB with an error that names no row; a field can be as
# large as the file here, and each column's own limit below says which row is at fault.
csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES + 1))

# Every column's limit, read from the model families: the same as the table, the REST schema and
# the forms.
LIMITS = {
    "email": max_length(MentorCreate, "email"),
    "name": max_length(MentorCreate, "name"),
    "track": max_length(MentorCreate, "track"),
    "headline": max_length(MentorCreate, "headline"),
    "bio": max_length(MentorCreate, "bio"),
    "expertise": validation.TAGS_MAX * (validation.TAG_MAX + 1),
    "max_mentees": 10,
    "goals": max_length(MenteeBase, "goals"),
    "group": max_length(GroupBase, "name"),
    "cohort": max_length(GroupBase, "cohort"),
    "mentor_email": max_length(MentorCreate, "email"),
}
MULTILINE = {"bio", "goals"}

COLUMNS = {
    "mentors": ["email", "name", "track", "headline", "bio", "expertise", "max_mentees"],
    "mentees": ["email", "name", "track", "goals", "group", "cohort", "mentor_email"],
}
REQUIRED = {"mentors": {"email", "name"}, "mentees": {"email", "name"}}


def _sample(kind: str) -> str:
    """The sample file: the demo programme's own people (tra_da/services/demo_data.py), so
    importing it on a demo install updates them and creates nobody."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS[kind])
    if kind == "mentors":
        for spec in demo_data.MENTORS:
            writer.writerow(
                [
                    spec.email,
                    spec.name,
                    spec.track,
                    spec.headline,
                    spec.bio,
                    ";".join(spec.expertise),
                    spec.max_mentees,
                ]
            )
    else:
        mentor_by_track = {spec.track: spec.email for spec in demo_data.MENTORS}
        for mentee in demo_data.MENTEES:
            in_group = mentee.track == demo_data.GROUP_TRACK
            writer.writerow(
                [
                    mentee.email,
                    mentee.name,
                    mentee.track,
                    mentee.goals,
                    demo_data.GROUP_NAME if in_group else "",
                    demo_data.GROUP_COHORT if in_group else "",
                    mentor_by_track[mentee.track],
                ]
            )
    return out.getvalue()


SAMPLES = {kind: _sample(kind) for kind in COLUMNS}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _read(kind: str, data: bytes) -> list[dict[str, str]]:
    if kind not in COLUMNS:
        raise Invalid("Choose what to import: mentors or mentees.")
    if len(data) > MAX_BYTES:
        raise Invalid("The file is larger than 2 MB; split it into smaller files.", "err.csv_size")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid(
            "The file is not UTF-8. In your spreadsheet choose 'CSV UTF-8' when "
            "saving, then upload it again.",
            "err.csv_encoding",
        ) from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise Invalid("The file is empty; start from the sample file.", "err.csv_empty")
    header_line = lines[0]
    if "," not in header_line and any(sep in header_line for sep in (";", "\t", "|")):
        raise Invalid(
            "The columns are not separated by commas; save the file as "
            "comma-separated CSV (or replace the separators with commas).",
            "err.csv_delimiter",
        )
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in COLUMNS[kind] if c not in header]
    unknown = [h for h in header if h and h not in COLUMNS[kind]]
    if missing or unknown:
        parts = []
        if missing:
            parts.append("missing column(s): " + ", ".join(missing))
        if unknown:
            parts.append("unknown column(s): " + ", ".join(unknown))
        raise Invalid(
            "The header row does not match: "
            + "; ".join(parts)
            + ". Expected: "
            + ",".join(COLUMNS[kind])
            + " (see the sample file).",
            "err.csv_header",
            detail="; ".join(parts),
            expected=",".join(COLUMNS[kind]),
        )
    rows = []
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise Invalid(
                f"Line {reader.line_num} cannot be read as CSV ({exc}); check its quotes.",
                "err.csv_unreadable",
                line=reader.line_num,
            ) from None
        if None in raw:
            raise Invalid(
                f"Row {reader.line_num} has more values than the header; quote "
                "values that contain commas.",
                "err.csv_row_width",
                line=reader.line_num,
            )
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        if any(row.values()):
            row["_line"] = str(reader.line_num)  # the file's own line, blank lines included
            rows.append(row)
    if len(rows) > MAX_ROWS:
        raise Invalid(f"At most {MAX_ROWS} rows per file; split it.", "err.csv_rows")
    return rows


def _check_rows(db: Session, kind: str, rows: list[dict[str, str]]) -> list[str]:
    errors: list[str] = []
    seen: dict[str, int] = {}
    file_mentors = set()
    for row in rows:
        number = int(row["_line"])
        problems = _field_problems(row)
        if problems:  # an over-long or garbled value: the other checks would only repeat it
            errors.append(f"Line {number}: " + "; ".join(problems))
            continue
        for column in sorted(REQUIRED[kind]):
            if not row.get(column):
                problems.append(f"{column} is empty")
        try:
            email = accounts.normalise_email(row.get("email", "")) if row.get("email") else ""
        except ServiceError as exc:
            problems.append(exc.message)
            email = ""
        if email:
            if email in seen:
                problems.append(f"{email} also appears on line {seen[email]}")
            seen[email] = number
            existing = accounts.find_by_email(db, email)
            role = kind[:-1]
            if existing is not None and existing.role != role:
                problems.append(f"{email} already belongs to a {existing.role}")
        if kind == "mentors":
            try:
                mentors.clean_mentor(
                    MentorCreate.model_construct(
                        email=email or "x@example.com",
                        name=row.get("name") or "x",
                        track=row.get("track", ""),
                        headline=row.get("headline", ""),
                        bio=row.get("bio", ""),
                        expertise=row.get("expertise", "").split(";"),
                        max_mentees=_int(row.get("max_mentees", "")),
                    )
                )
            except ServiceError as exc:
                problems.append(exc.message)
            file_mentors.add(email)
        else:
            if len(row.get("goals", "")) > GOALS_MAX or len(row.get("track", "")) > TRACK_MAX:
                problems.append(f"goals ({GOALS_MAX:,}) or track ({TRACK_MAX} characters) too long")
            if len(row.get("name", "")) > NAME_MAX:
                problems.append(f"name longer than {NAME_MAX} characters")
            mentor_email = row.get("mentor_email", "").lower()
            if mentor_email:
                mentor = accounts.find_by_email(db, mentor_email)
                if mentor is None or mentor.role != "mentor":
                    problems.append(f"no mentor with email {mentor_email}; import mentors first")
            if row.get("cohort") and not row.get("group"):
                problems.append("a cohort needs a group name")
        if problems:
            errors.append(f"Line {number}: " + "; ".join(problems))
    if kind == "mentees":
        errors.extend(_check_capacity(db, rows))
    return errors


def _field_problems(row: dict[str, str]) -> list[str]:
    problems = []
    for column, limit in LIMITS.items():
        value = row.get(column, "")
        problem = validation.text_problem(value, limit, multiline=column in MULTILINE)
        if problem:
            problems.append(f"{column} {problem}")
    return problems


def _check_capacity(db: Session, rows: list[dict[str, str]]) -> list[str]:
    """Assignments in the file must fit each mentor's free seats (an admin can override one
    by one on the mentees page, not in bulk)."""
    wanted: dict[str, int] = {}
    for row in rows:
        mentor_email = row.get("mentor_email", "").lower()
        if not mentor_email:
            continue
        current = db.exec(
            select(MenteeProfile.mentor_id)
            .join(User, col(User.id) == MenteeProfile.user_id)
            .where(User.email == row.get("email", "").strip().lower())
        ).first()
        mentor = db.exec(
            select(MentorProfile)
            .join(User, col(User.id) == MentorProfile.user_id)
            .where(User.email == mentor_email)
        ).first()
        if mentor is not None and current != mentor.id:
            wanted[mentor_email] = wanted.get(mentor_email, 0) + 1
    errors = []
    for mentor_email, extra in sorted(wanted.items()):
        mentor = db.exec(
            select(MentorProfile)
            .join(User, col(User.id) == MentorProfile.user_id)
            .where(User.email == mentor_email)
        ).one()
        free = mentor.max_mentees - mentor.assigned_count
        if extra > free:
            errors.append(
                f"{mentor_email} has {max(free, 0)} free seat(s) but the file assigns "
                f"{extra} new mentee(s); raise their max mentees or assign fewer."
            )
    return errors


def _int(value: str) -> int:
    if not value:
        return 5
    try:
        return int(value)
    except ValueError:
        return -1  # refused by mentors.clean_mentor with its own message


def import_csv(db: Session, actor: User | None, kind: str, data: bytes) -> ImportReport:
    """Validate every row; import all of them in one transaction only if none has an error."""
    admin = require_role(actor, "admin")
    rows = _read(kind, data)
    report = ImportReport(errors=_check_rows(db, kind, rows))
    if not report.ok:
        return report
    try:
        for row in rows:
            created = (_import_mentor if kind == "mentors" else _import_mentee)(db, admin, row)
            report.created += int(created)
            report.updated += int(not created)
        audit.record(
            db,
            admin,
            f"import.{kind}",
            "import",
            kind,
            after={"created": report.created, "updated": report.updated},
        )
        db.commit()
    except ServiceError as exc:
        db.rollback()
        return ImportReport(errors=[exc.message])
    return report


def _import_mentor(db: Session, admin: User, row: dict[str, str]) -> bool:
    data = mentors.clean_mentor(
        MentorCreate.model_construct(
            email=row["email"],
            name=row["name"],
            track=row.get("track", ""),
            headline=row.get("headline", ""),
            bio=row.get("bio", ""),
            expertise=row.get("expertise", "").split(";"),
            max_mentees=_int(row.get("max_mentees", "")),
        )
    )
    user = accounts.find_by_email(db, data.email)
    if user is None:
        user = accounts.create_user(
            db, email=data.email, name=data.name, role="mentor", password=None
        )
        created = True
    else:
        created = False
        user.name = data.name
    profile = db.exec(select(MentorProfile).where(MentorProfile.user_id == user.id)).one()
    profile.track, profile.headline, profile.bio = data.track, data.headline, data.bio
    profile.max_mentees = max(data.max_mentees, profile.assigned_count)
    assert profile.id is not None
    mentors._set_tags(db, profile.id, data.expertise)
    if created:
        auth.invite(db, user, admin)
    db.flush()
    return created


def _import_mentee(db: Session, admin: User, row: dict[str, str]) -> bool:
    email = accounts.normalise_email(row["email"])
    user = accounts.find_by_email(db, email)
    created = user is None
    if user is None:
        user = accounts.create_user(db, email=email, name=row["name"], role="mentee", password=None)
        auth.invite(db, user, admin)
    else:
        user.name = row["name"].strip()
    mentee = db.exec(select(MenteeProfile).where(MenteeProfile.user_id == user.id)).one()
    mentee.track, mentee.goals = row.get("track", ""), row.get("goals", "")
    if row.get("group"):
        group = db.exec(
            select(MenteeGroup).where(
                MenteeGroup.name == row["group"], MenteeGroup.cohort == row.get("cohort", "")
            )
        ).first()
        if group is None:
            group = MenteeGroup(
                name=row["group"], cohort=row.get("cohort", ""), track=row.get("track", "")
            )
            db.add(group)
            db.flush()
        mentee.group_id = group.id
    mentor_email = row.get("mentor_email", "").lower()
    if mentor_email:
        mentor = db.exec(
            select(MentorProfile)
            .join(User, col(User.id) == MentorProfile.user_id)
            .where(User.email == mentor_email)
        ).one()
        if mentee.mentor_id != mentor.id:
            if mentee.mentor_id is not None:
                previous = db.get(MentorProfile, mentee.mentor_id)
                if previous is not None and previous.assigned_count > 0:
                    previous.assigned_count -= 1
            mentor.assigned_count += 1
            mentee.mentor_id = mentor.id
            mentee.capacity_override = mentor.assigned_count > mentor.max_mentees
    db.flush()
    return created
