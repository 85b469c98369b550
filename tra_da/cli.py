"""Operator commands the Makefile runs: `python -m tra_da.cli prepare|migrate|downgrade`.

prepare = check settings and database, migrate to head, create the first admin, seed demo data.
Every failure prints one line naming the variable to fix and exits with status 2.
"""

from __future__ import annotations

import argparse
import sys

from alembic.config import Config

from alembic import command
from tra_da.settings import PROJECT_ROOT, SettingsError, get_settings


def alembic_config(database_url: str) -> Config:
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    cfg.attributes["database_url"] = database_url
    return cfg


def migrate(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)


def prepare() -> None:
    from tra_da import db
    from tra_da.services import accounts, demo_data

    settings = get_settings()
    db.ping()
    migrate(settings.database_url)
    with db.session() as session:
        admin = accounts.bootstrap_admin(session, settings.admin_email, settings.admin_password)
        if admin is not None:
            print(f"Created the first admin: {admin.email}")
        logins = demo_data.seed(session) if settings.seed_demo_data else []
    if logins:
        print("Demo data created. Sign in with:")
        for login in logins:
            print(f"  {login.role:<7} {login.email:<28} {login.password}")
    else:
        print("Database ready (existing data kept).")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tra_da.cli")
    parser.add_argument("command", choices=["prepare", "migrate", "downgrade", "check"])
    parser.add_argument("--revision", default=None)
    args = parser.parse_args(argv)
    from tra_da.db import DatabaseUnavailable
    from tra_da.services.errors import ServiceError

    try:
        settings = get_settings()
        if args.command == "prepare":
            prepare()
        elif args.command == "migrate":
            migrate(settings.database_url, args.revision or "head")
        elif args.command == "downgrade":
            downgrade(settings.database_url, args.revision or "base")
        else:
            from tra_da.db import ping

            ping()
            print("Settings and database OK.")
    except (SettingsError, DatabaseUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ServiceError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
