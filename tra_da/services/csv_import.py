"""Bulk import of mentors and mentees from CSV: every row checked first (``check``); a file
with any error writes nothing. A clean file is then written in chunks (``import_rows``), each its
own transaction, so that one large file does not hold the database for seconds: a chunk refused
on the way (something changed since the check) stops the import there, with earlier chunks kept.

Re-importing the same file creates no duplicates: rows are matched by email and update the
existing person, and only people created by the import are invited, so uploading a file again
after an import stopped part-way finishes it. Files must be UTF-8 (a byte-order mark is fine)
and comma-separated.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from tra_da import validation
from tra_da.models import MenteeGroup, MenteeProfile, MentorProfile, User
from tra_da.models.base import utcnow
from tra_da.models.group import GroupBase
from tra_da.models.limits import GOALS_MAX, NAME_MAX, TRACK_MAX
from tra_da.models.mentee import MenteeBase
from tra_da.models.mentor import MentorCreate
from tra_da.models.text import max_length
from tra_da.services import accounts, audit, auth, demo_data, mentors
from tra_da.services.access import require_role
from tra_da.services.errors import Conflict, Invalid, ServiceError

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
    stopped_at: int | None = None  # the line of the first row not written, if writing stopped

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
    role = kind[:-1]
    # Everyone the file names, looked up in a few queries rather than one or two per row.
    roles = _roles(db, [row.get(c, "") for row in rows for c in ("email", "mentor_email")])
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
            existing = roles.get(email)
            if existing is not None and existing != role:
                problems.append(f"{email} already belongs to a {existing}")
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
            if mentor_email and roles.get(mentor_email) != "mentor":
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
    by one on the mentees page, not in bulk). Writing checks each seat again as it takes it:
    someone may assign a mentee between this check and the row's chunk."""
    assigned = [row for row in rows if row.get("mentor_email")]
    current = _current_mentors(db, [row.get("email", "") for row in assigned])
    seats = _mentor_profiles(db, [row["mentor_email"] for row in assigned])
    wanted: dict[str, int] = {}
    for row in assigned:
        mentor_email = row["mentor_email"].lower()
        mentor = seats.get(mentor_email)
        if mentor is not None and current.get(row.get("email", "").strip().lower()) != mentor.id:
            wanted[mentor_email] = wanted.get(mentor_email, 0) + 1
    errors = []
    for mentor_email, extra in sorted(wanted.items()):
        mentor = seats[mentor_email]
        free = mentor.max_mentees - mentor.assigned_count
        if extra > free:
            errors.append(
                f"{mentor_email} has {max(free, 0)} free seat(s) but the file assigns "
                f"{extra} new mentee(s); raise their max mentees or assign fewer."
            )
    return errors


def _batches(values: list[str]) -> list[list[str]]:
    wanted = sorted({value.strip().lower() for value in values if value.strip()})
    return [wanted[start : start + 500] for start in range(0, len(wanted), 500)]


def _roles(db: Session, emails: list[str]) -> dict[str, str]:
    """{email: role} of the accounts among ``emails``."""
    return {email: user.role for email, user in accounts.find_by_emails(db, emails).items()}


def _current_mentors(db: Session, emails: list[str]) -> dict[str, int | None]:
    """{mentee email: their mentor's profile id} for the mentees among ``emails``."""
    found: dict[str, int | None] = {}
    for batch in _batches(emails):
        for email, mentor_id in db.exec(
            select(User.email, MenteeProfile.mentor_id)
            .join(User, col(User.id) == MenteeProfile.user_id)
            .where(func.lower(User.email).in_(batch))
        ):
            found[email.lower()] = mentor_id
    return found


def _mentor_profiles(db: Session, emails: list[str]) -> dict[str, MentorProfile]:
    """{mentor email: their profile} for the mentors among ``emails``."""
    found: dict[str, MentorProfile] = {}
    for batch in _batches(emails):
        for email, profile in db.exec(
            select(User.email, MentorProfile)
            .join(User, col(User.id) == MentorProfile.user_id)
            .where(func.lower(User.email).in_(batch))
        ):
            found[email.lower()] = profile
    return found


def _int(value: str) -> int:
    if not value:
        return 5
    try:
        return int(value)
    except ValueError:
        return -1  # refused by mentors.clean_mentor with its own message


# --- checking, then writing in chunks --------------------------------------------------------

# Rows written per transaction. Each chunk is one unit of database work (on SQLite the only one
# running), kept short so that everyone else's actions go on between chunks: measured on SQLite,
# 200 new mentees take 0.1-0.2 s, 100 new mentors (tags, directory entry) 0.15-0.2 s (README
# "Overload").
CHUNK_ROWS = {"mentors": 100, "mentees": 200}


@dataclass
class ImportPlan:
    """A file read and checked: its rows (each with its ``_line`` in the file) and what is wrong
    with them. Nothing is written unless ``ok``."""

    kind: str
    rows: list[dict[str, str]]
    errors: list[str]

    @property
    def ok(self) -> bool:
        return not self.errors


class RowRefused(ServiceError):
    """Writing refused a row the check had passed: something changed since (a mentor's seats
    filled, an email taken by someone with another role). Its chunk was rolled back; earlier
    chunks stay. ``reason`` is the error itself, ``line`` the row's line in the file."""

    def __init__(self, line: int, reason: ServiceError) -> None:
        super().__init__(f"Line {line}: {reason.message}", reason.key, **reason.params)
        self.code = reason.code
        self.line = line
        self.reason = reason


def check(db: Session, actor: User | None, kind: str, data: bytes) -> ImportPlan:
    """Read the file and check every row (reads only). A file that cannot be read at all
    (encoding, header, size) raises Invalid; row problems are listed in the plan."""
    require_role(actor, "admin")
    rows = _read(kind, data)
    return ImportPlan(kind, rows, _check_rows(db, kind, rows))


def chunks(plan: ImportPlan, size: int | None = None) -> list[list[dict[str, str]]]:
    """The plan's rows in the chunks ``import_rows`` writes, in the file's order."""
    size = size or CHUNK_ROWS[plan.kind]
    return [plan.rows[start : start + size] for start in range(0, len(plan.rows), size)]


def import_rows(
    db: Session, actor: User | None, kind: str, rows: list[dict[str, str]]
) -> ImportReport:
    """Write checked rows (one chunk of a file) in one transaction, with one audit entry for
    them: upserted by email, invitations only to people created here. What can have changed
    since the check is checked again: a row it refuses raises RowRefused and the chunk writes
    nothing. Writing the same rows again updates them and invites nobody."""
    admin = require_role(actor, "admin")
    if kind not in COLUMNS:
        raise Invalid("Choose what to import: mentors or mentees.")
    if not rows:
        return ImportReport()
    try:
        write = _write_mentors if kind == "mentors" else _write_mentees
        created, updated = write(db, admin, rows)
        audit.record(
            db,
            admin,
            f"import.{kind}",
            "import",
            kind,
            after={
                "created": created,
                "updated": updated,
                "lines": f"{rows[0]['_line']}–{rows[-1]['_line']}",
            },
        )
        db.commit()
    except BaseException:
        db.rollback()
        raise
    return ImportReport(created=created, updated=updated)


def import_csv(
    db: Session, actor: User | None, kind: str, data: bytes, chunk_rows: int | None = None
) -> ImportReport:
    """Check the file, then write it chunk by chunk, in this one session (scripts and tests;
    the admin page runs each step as its own unit of work, tra_da/state/importing.py).
    Nothing is written if any row has an error; a row refused while writing stops the import
    there (``stopped_at``), with the chunks before it written."""
    plan = check(db, actor, kind, data)
    report = ImportReport(errors=list(plan.errors))
    if not plan.ok:
        return report
    for chunk in chunks(plan, chunk_rows):
        try:
            counts = import_rows(db, actor, kind, chunk)
        except RowRefused as exc:
            report.errors, report.stopped_at = [exc.message], exc.line
            return report
        report.created += counts.created
        report.updated += counts.updated
    return report


@contextmanager
def _line_of(row: dict[str, str]) -> Iterator[None]:
    """A ServiceError raised inside, raised again as this row's RowRefused."""
    try:
        yield
    except RowRefused:
        raise
    except ServiceError as exc:
        raise RowRefused(int(row["_line"]), exc) from exc


def _people(
    db: Session, admin: User, role: str, rows: list[dict[str, str]], emails: list[str]
) -> tuple[list[User], int]:
    """Each row's user: found by email, or created (and invited) here. Also how many were
    created."""
    found = accounts.find_by_emails(db, emails)
    fresh: list[tuple[dict[str, str], str]] = []
    for row, email in zip(rows, emails, strict=True):
        user = found.get(email)
        if user is None:
            with _line_of(row):
                accounts.clean_name(row["name"])
            fresh.append((row, email))
        elif user.role != role:
            raise RowRefused(
                int(row["_line"]),
                Conflict(
                    f"{email} already belongs to a {user.role}.",
                    "err.import_other_role",
                    email=email,
                ),
            )
    created = accounts.create_users(db, [(email, row["name"]) for row, email in fresh], role)
    auth.invite_new(db, created, admin)
    found.update({user.email.lower(): user for user in created})
    users = [found[email] for email in emails]
    new = {id(user) for user in created}
    for row, user in zip(rows, users, strict=True):
        if id(user) not in new:
            user.name = row["name"].strip()
    return users, len(created)


def _write_mentors(db: Session, admin: User, rows: list[dict[str, str]]) -> tuple[int, int]:
    cleaned = []
    for row in rows:
        with _line_of(row):
            cleaned.append(
                mentors.clean_mentor(
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
            )
    named = [{**row, "name": data.name} for row, data in zip(rows, cleaned, strict=True)]
    users, created = _people(db, admin, "mentor", named, [data.email for data in cleaned])
    profiles = {
        p.user_id: p
        for p in db.exec(
            select(MentorProfile).where(col(MentorProfile.user_id).in_([u.id for u in users]))
        )
    }
    for user, data in zip(users, cleaned, strict=True):
        assert user.id is not None
        profile = profiles[user.id]
        profile.track, profile.headline, profile.bio = data.track, data.headline, data.bio
        profile.max_mentees = max(data.max_mentees, profile.assigned_count)
        assert profile.id is not None
        mentors._set_tags(db, profile.id, data.expertise)
    db.flush()
    return created, len(rows) - created


def _write_mentees(db: Session, admin: User, rows: list[dict[str, str]]) -> tuple[int, int]:
    emails = []
    for row in rows:
        with _line_of(row):
            emails.append(accounts.normalise_email(row["email"]))
    users, created = _people(db, admin, "mentee", rows, emails)
    profiles = {
        p.user_id: p
        for p in db.exec(
            select(MenteeProfile).where(col(MenteeProfile.user_id).in_([u.id for u in users]))
        )
    }
    seats = _mentor_profiles(db, [row.get("mentor_email", "") for row in rows])
    groups: dict[tuple[str, str], MenteeGroup] = {}
    for row, user in zip(rows, users, strict=True):
        assert user.id is not None
        mentee = profiles[user.id]
        mentee.track, mentee.goals = row.get("track", ""), row.get("goals", "")
        if row.get("group"):
            key = (row["group"], row.get("cohort", ""))
            if key not in groups:
                groups[key] = _group(db, *key, track=row.get("track", ""))
            mentee.group_id = groups[key].id
        mentor_email = row.get("mentor_email", "").lower()
        if mentor_email:
            mentor = seats.get(mentor_email)
            if mentor is None:  # removed since the check
                raise RowRefused(
                    int(row["_line"]),
                    Conflict(
                        f"No mentor with email {mentor_email}; import mentors first.",
                        "err.import_no_mentor",
                        email=mentor_email,
                    ),
                )
            if mentee.mentor_id != mentor.id:
                _take_seat(db, row, mentor, mentor_email)
                if mentee.mentor_id is not None:
                    _release_seat(db, mentee.mentor_id)
                mentee.mentor_id, mentee.assigned_at = mentor.id, utcnow()
                mentee.capacity_override = False
    db.flush()
    return created, len(rows) - created


def _group(db: Session, name: str, cohort: str, track: str) -> MenteeGroup:
    group = db.exec(
        select(MenteeGroup).where(MenteeGroup.name == name, MenteeGroup.cohort == cohort)
    ).first()
    if group is None:
        group = MenteeGroup(name=name, cohort=cohort, track=track)
        db.add(group)
        db.flush()
    return group


def _take_seat(db: Session, row: dict[str, str], mentor: MentorProfile, email: str) -> None:
    """One of the mentor's free seats, taken by one conditional UPDATE (as ``assign_mentor``
    does): the check counted seats for the whole file, but someone may have assigned a mentee
    to them since, and two writers cannot both take the last seat."""
    taken = db.execute(
        update(MentorProfile)
        .where(
            col(MentorProfile.id) == mentor.id,
            col(MentorProfile.assigned_count) < col(MentorProfile.max_mentees),
        )
        .values(assigned_count=MentorProfile.assigned_count + 1)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        raise RowRefused(
            int(row["_line"]),
            Conflict(
                f"{email} has no free seat left (at most {mentor.max_mentees} mentees): "
                "someone assigned a mentee to them after the file was checked.",
                "err.import_mentor_full",
                email=email,
                max=mentor.max_mentees,
            ),
        )


def _release_seat(db: Session, mentor_id: int) -> None:
    db.execute(
        update(MentorProfile)
        .where(col(MentorProfile.id) == mentor_id, col(MentorProfile.assigned_count) > 0)
        .values(assigned_count=MentorProfile.assigned_count - 1)
    )
