"""Types of the Vars that pages hand to their render helpers."""

from __future__ import annotations

from typing import Any

from reflex_base.event import EventCallback
from reflex_base.vars.sequence import StringVar

# Rows are typed by their state (ObjectVar[MentorRow]); text a page hands to a widget:
Text = StringVar[str]

# Handlers as components take them: a form's submit gets its fields, a select its value.
OnSubmit = EventCallback[dict[str, str]]
OnChange = EventCallback[str]
OnUpload = EventCallback[list[Any]]
OnClick = EventCallback[()]
