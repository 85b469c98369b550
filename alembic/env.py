"""Alembic environment: migrates the database named by DATABASE_URL (or an explicit URL)."""

import warnings

from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

import tra_da.models  # noqa: F401  (registers every table)
from alembic import context
from tra_da.db import engine_for
from tra_da.models.base import UTCDateTime
from tra_da.settings import get_settings

config = context.config
# SQLite cannot reflect the lower(email) expression index; alembic says so on every batch step.
warnings.filterwarnings("ignore", message=".*expression-based index.*")


def render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    """Write migrations in plain SQLAlchemy types so they never import application code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, AutoString):
        return f"sa.String(length={obj.length})" if obj.length else "sa.String()"
    return False


url = config.attributes.get("database_url") or get_settings().database_url


def run_migrations_online() -> None:
    engine = engine_for(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=SQLModel.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            render_item=render_item,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
