"""Types of the Vars that pages hand to their render helpers."""

from __future__ import annotations

from typing import Any

from reflex_base.event import EventCallback
from reflex_base.vars.object import ObjectVar
from reflex_base.vars.sequence import ArrayVar, StringVar

# One row of a state list (a dict per row): its fields are read with row["name"].
Row = ObjectVar[dict[str, Any]]
Rows = ArrayVar[list[dict[str, Any]]]
Text = StringVar[str]

# Handlers as components take them: a form's submit gets its fields, a select its value.
OnSubmit = EventCallback[dict[str, str]]
OnChange = EventCallback[str]
OnUpload = EventCallback[list[Any]]
OnClick = EventCallback[()]
