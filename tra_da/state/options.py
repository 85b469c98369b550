"""The choices of a select, as states hand them to pages."""

from __future__ import annotations

from pydantic import BaseModel


class Option(BaseModel):
    value: str
    label: str
