"""The input rules every front shares: ids, instants, dates and typed text.

One place for the bounds that REST schemas (Annotated types below), services (the ``check_*``
functions, which raise ``Invalid``/``NotFound``), Reflex form handlers and the CSV import apply,
so a value refused by one front is refused by all with the same limit and the same message.
No reflex, no fastapi, no database: models and services may import it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema

from tra_da.errors import Invalid, NotFound
from tra_da.models import limits
from tra_da.models.numbers import a_number

# The text rules live beside the model families (models/text.py); re-exported for the fronts.
from tra_da.models.text import MULTI_LINE_PATTERN as MULTI_LINE_PATTERN
from tra_da.models.text import SINGLE_LINE_PATTERN as SINGLE_LINE_PATTERN
from tra_da.models.text import Bio as Bio
from tra_da.models.text import Email as Email
from tra_da.models.text import Headline as Headline
from tra_da.models.text import LocaleCode as LocaleCode
from tra_da.models.text import Password as Password
from tra_da.models.text import PersonName as PersonName
from tra_da.models.text import Tag as Tag
from tra_da.models.text import TimezoneName as TimezoneName
from tra_da.models.text import Token as Token
from tra_da.models.text import Track as Track
from tra_da.models.text import bounded as _length
from tra_da.models.text import has_controls
from tra_da.models.text import no_controls as _no_controls
from tra_da.models.text import text_problem as text_problem

MAX_ID = 2**63 - 1  # the largest 64-bit signed integer: SQLite's INTEGER, PostgreSQL's BIGINT
MIN_YEAR, MAX_YEAR = 2000, 2100
MIN_INSTANT = datetime(MIN_YEAR, 1, 1, tzinfo=UTC)
MAX_INSTANT = datetime(MAX_YEAR, 12, 31, 23, 59, 59, tzinfo=UTC)
MIN_DATE, MAX_DATE = date(MIN_YEAR, 1, 1), date(MAX_YEAR, 12, 31)

# Field lengths, in characters, declared once in models/limits.py: the model columns, REST
# schemas, forms and the CSV import use them (names here as the schemas know them).
EMAIL_MAX = limits.EMAIL_MAX
NAME_MAX = limits.NAME_MAX
PASSWORD_MAX = limits.PASSWORD_MAX
TIMEZONE_MAX = limits.TIMEZONE_MAX
HEADLINE_MAX = limits.HEADLINE_MAX
BIO_MAX = limits.BIO_MAX
TRACK_MAX = limits.TRACK_MAX
TAG_MAX = limits.EXPERTISE_TAG_MAX
TAGS_MAX = limits.EXPERTISE_TAGS_MAX
GOALS_MAX = limits.GOALS_MAX
INTERESTS_MAX = limits.INTERESTS_MAX
BACKGROUND_MAX = limits.BACKGROUND_MAX
TOPIC_MAX = limits.TOPIC_MAX
NOTES_MAX = limits.NOTES_MAX
ACTIONS_MAX = limits.ACTIONS_MAX
COMMENT_MAX = limits.COMMENT_MAX
REVIEW_MAX = limits.REVIEW_MAX
HIDE_REASON_MAX = limits.HIDE_REASON_MAX
CANCEL_REASON_MAX = limits.REASON_MAX
REFUND_REASON_MAX = limits.REFUND_REASON_MAX
SEARCH_MAX = limits.SEARCH_MAX
TOKEN_MAX = limits.TOKEN_MAX
GROUP_NAME_MAX = NAME_MAX
COHORT_MAX = TRACK_MAX

# --- checks the services call (raise the service errors every front already maps) -------------


def check_text(value: str, limit: int, label: str, *, multiline: bool = False) -> str:
    """``value`` unchanged when acceptable, else ``Invalid`` naming the field and the fix."""
    problem = text_problem(value, limit, multiline=multiline)
    if problem:
        raise Invalid(f"{label.capitalize()} {problem}.", "err.text", field=label, limit=limit)
    return value


def check_controls(value: str, label: str, *, multiline: bool = False) -> str:
    """Only the control-character rule, for fields whose service states its own length limit."""
    if has_controls(value, multiline=multiline):
        what = "NUL or another control character" if multiline else "a line break or NUL"
        raise Invalid(f"The {label} contains {what}; remove it.", "err.text_control", field=label)
    return value


def check_id(value: Any, what: str = "record") -> int:
    """An id that can exist: anything else is simply not found (never an overflow deeper down)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise NotFound(f"No such {what}.", "err.not_found")
    return value


def instant_problem(value: datetime) -> str | None:
    if value.tzinfo is None or value.utcoffset() is None:
        return (
            "has no time zone; add an offset such as Z or +07:00 (e.g. 2026-12-01T09:00:00+07:00)"
        )
    try:
        in_utc = value.astimezone(UTC)
    except (OverflowError, ValueError):
        in_utc = None
    if in_utc is None or not MIN_INSTANT <= in_utc <= MAX_INSTANT:
        return f"must lie between the years {MIN_YEAR} and {MAX_YEAR}"
    return None


def check_instant(value: datetime, label: str = "time") -> datetime:
    problem = instant_problem(value)
    if problem:
        raise Invalid(f"The {label} {problem}.", "err.instant", field=label)
    return value


def check_date(value: date, label: str = "date") -> date:
    if not MIN_DATE <= value <= MAX_DATE:
        raise Invalid(
            f"The {label} must lie between the years {MIN_YEAR} and {MAX_YEAR}.",
            "err.date_range",
            field=label,
        )
    return value


# --- Annotated types for REST schemas and query/path parameters --------------------------------

# The schema promises JSON-safe ids (JavaScript clients cannot hold more than 2**53 - 1 exactly);
# the server refuses only what no column can hold, so a larger id is simply not found.
MAX_JSON_ID = 2**53 - 1
Id = Annotated[
    int,
    Field(ge=1, le=MAX_ID),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_JSON_ID}),
]


def _score(value: int) -> int:
    if not 1 <= value <= 5:
        raise ValueError("give a progress score from 1 to 5")
    return value


Score = Annotated[
    int,
    AfterValidator(_score),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 5}),
]
Offset = Annotated[int, Field(ge=0, le=1_000_000)]

# Ids and scores in a JSON body: a JSON integer, never true or "5" (models/numbers.py). Path and
# query parameters arrive as text and keep the Id above.
BodyId = Annotated[Id, BeforeValidator(a_number)]
BodyScore = Annotated[Score, BeforeValidator(a_number)]


def _pydantic_instant(value: datetime) -> datetime:
    problem = instant_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _pydantic_date(value: date) -> date:
    if not MIN_DATE <= value <= MAX_DATE:
        raise ValueError(f"must lie between the years {MIN_YEAR} and {MAX_YEAR}")
    return value


# The schema says what is accepted: RFC 3339 date-time (always with an offset) within 2000..2100.
AwareDatetime = Annotated[
    datetime,
    AfterValidator(_pydantic_instant),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "pattern": r"^(20[0-9]{2}|2100)-",
            "description": f"ISO 8601 with an offset (Z or +07:00), years {MIN_YEAR}..{MAX_YEAR}",
        }
    ),
]
BoundedDate = Annotated[
    date,
    AfterValidator(_pydantic_date),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "pattern": r"^(20[0-9]{2}|2100)-",
            "description": f"YYYY-MM-DD, years {MIN_YEAR}..{MAX_YEAR}",
        }
    ),
]


SearchText = Annotated[str, _length(SEARCH_MAX), _no_controls(SEARCH_MAX)]
Topic = Annotated[str, _length(TOPIC_MAX, min_length=1), _no_controls(TOPIC_MAX)]
Notes = Annotated[str, _length(NOTES_MAX, True), _no_controls(NOTES_MAX, True)]
ActionItems = Annotated[str, _length(ACTIONS_MAX, True), _no_controls(ACTIONS_MAX, True)]
CancelReason = Annotated[
    str, _length(CANCEL_REASON_MAX, True), _no_controls(CANCEL_REASON_MAX, True)
]
RefundReason = Annotated[str, _length(REFUND_REASON_MAX), _no_controls(REFUND_REASON_MAX)]
