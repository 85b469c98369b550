"""A choice in a select: what the form submits and what the person reads."""

from __future__ import annotations

from pydantic import BaseModel


class Option(BaseModel):
    id: str  # the submitted value
    label: str


def options(values: list[str]) -> list[Option]:
    """Choices that read as they are submitted (tracks, tags)."""
    return [Option(id=value, label=value) for value in values]
