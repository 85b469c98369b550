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


def test_case_insensitive_email_survives_every_migration_step(database_url: str) -> None:
    """SQLite batch migrations copy tables; the lower(email) index must come through."""
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    migrate(database_url)
    downgrade(database_url, "0001")
    migrate(database_url)
    insert = text(
        "INSERT INTO user_account (email, name, role, is_active, timezone, locale, created_at, "
        "updated_at) VALUES (:email, 'X', 'mentee', true, 'UTC', 'vi', CURRENT_TIMESTAMP, "
        "CURRENT_TIMESTAMP)"
    )
    engine = engine_for(database_url)
    with engine.begin() as conn:
        conn.execute(insert, {"email": "lan@example.com"})
    try:
        with engine.begin() as conn:
            conn.execute(insert, {"email": "LAN@example.com"})
        raise AssertionError("a duplicate email in another case was accepted")
    except IntegrityError:
        pass
    engine.dispose()
