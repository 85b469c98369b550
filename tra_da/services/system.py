"""Operational facts about the running system: health of its dependencies."""

from __future__ import annotations

from dataclasses import dataclass

from tra_da import __version__, db
from tra_da.db import DatabaseUnavailable, ping


@dataclass(frozen=True)
class Health:
    ok: bool
    database: str
    version: str


def health() -> Health:
    try:
        with db.using_pool("health"):
            ping()
    except DatabaseUnavailable:
        return Health(ok=False, database="down", version=__version__)
    return Health(ok=True, database="ok", version=__version__)
