"""Typed text as every front takes it: the length limits of models/limits.py and the rule on
control characters, as Annotated types. Declared in the models layer so a model family's
``...Create`` (the REST body) and the table share one limit; tra_da/validation.py re-exports them
for the fronts and services."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from annotated_types import MaxLen
from pydantic import AfterValidator, BaseModel, Field

from tra_da.models.limits import (
    BIO_MAX,
    EMAIL_MAX,
    EXPERTISE_TAG_MAX,
    HEADLINE_MAX,
    NAME_MAX,
    PASSWORD_MAX,
    TIMEZONE_MAX,
    TOKEN_MAX,
    TRACK_MAX,
)

TAG_MAX = EXPERTISE_TAG_MAX

# C0 controls (NUL included), DEL and the C1 block; multi-line fields allow \n, \r and \t.
_CONTROL_ANY = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
SINGLE_LINE_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"
MULTI_LINE_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"


def has_controls(value: str, *, multiline: bool = False) -> bool:
    """Whether ``value`` holds a control character a field of its kind refuses."""
    return bool((_CONTROL_MULTILINE if multiline else _CONTROL_ANY).search(value))


def text_problem(value: str, limit: int, *, multiline: bool = False) -> str | None:
    """Why ``value`` is not acceptable text of at most ``limit`` characters, or None."""
    if not isinstance(value, str):
        return "must be text"
    if has_controls(value, multiline=multiline):
        return (
            "contains a control character (e.g. NUL); remove it"
            if multiline
            else "contains a control character (tab, line break or NUL); keep it to one line"
        )
    if len(value) > limit:
        return f"is longer than {limit:,} characters; shorten it"
    return None


def no_controls(limit: int, multiline: bool = False) -> AfterValidator:
    def validate(value: str) -> str:
        problem = text_problem(value, limit, multiline=multiline)
        if problem:
            raise ValueError(problem)
        return value

    return AfterValidator(validate)


def bounded(limit: int, multiline: bool = False, min_length: int = 0) -> Any:
    pattern = MULTI_LINE_PATTERN if multiline else SINGLE_LINE_PATTERN
    return Field(max_length=limit, min_length=min_length, json_schema_extra={"pattern": pattern})


# Single-line text refuses every control character; multi-line (notes, bio) allows \n \r \t.
Email = Annotated[
    str,
    Field(max_length=EMAIL_MAX, json_schema_extra={"format": "email"}),
    no_controls(EMAIL_MAX),
]
Password = Annotated[str, bounded(PASSWORD_MAX), no_controls(PASSWORD_MAX)]
PersonName = Annotated[str, bounded(NAME_MAX, min_length=1), no_controls(NAME_MAX)]
TimezoneName = Annotated[str, bounded(TIMEZONE_MAX), no_controls(TIMEZONE_MAX)]
LocaleCode = Literal["vi", "en"]
Token = Annotated[str, bounded(TOKEN_MAX), no_controls(TOKEN_MAX)]
Headline = Annotated[str, bounded(HEADLINE_MAX), no_controls(HEADLINE_MAX)]
Bio = Annotated[str, bounded(BIO_MAX, True), no_controls(BIO_MAX, True)]
Track = Annotated[str, bounded(TRACK_MAX), no_controls(TRACK_MAX)]
Tag = Annotated[str, bounded(TAG_MAX), no_controls(TAG_MAX)]


def max_length(model: type[BaseModel], field: str) -> int:
    """The length limit a model family declares for one of its text fields (for readers such as
    the CSV import, which check the same limit before a model is built)."""
    for rule in model.model_fields[field].metadata:
        if isinstance(rule, MaxLen):
            return rule.max_length
    raise LookupError(f"{model.__name__}.{field} declares no max_length")
