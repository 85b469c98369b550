"""Migrations upgrade and downgrade cleanly, and match the models, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import tra_da.models  # noqa: F401
from tra_da.cli import downgrade, migrate
from tra_da.db import engine_for


def _tables(url: str) -> set[str]:
    return set(inspect(engine_for(url)).get_table_names()) - {"alembic_version"}


def test_upgrade_creates_every_table_and_downgrade_removes_them(database_url: str) -> None:
    migrate(database_url)
    assert _tables(database_url) == set(SQLModel.metadata.tables)
    downgrade(database_url, "base")
    assert _tables(database_url) == set()
    migrate(database_url)  # and up again: the cycle is repeatable
    assert _tables(database_url) == set(SQLModel.metadata.tables)
    engine_for(database_url).dispose()


def test_models_and_migrations_agree(migrated_url: str) -> None:
    with engine_for(migrated_url).connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == [], f"models changed without a migration: {diff}"
