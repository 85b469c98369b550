"""Types of the Vars that pages hand to their render helpers."""

from __future__ import annotations

from typing import Any

from reflex_base.vars.object import ObjectVar
from reflex_base.vars.sequence import StringVar

# One row of a state list (a dict per row): its fields are read with row["name"].
Row = ObjectVar[dict[str, Any]]
Text = StringVar[str]
