"""`make run`'s preparation: first admin from the environment, demo data once, clear errors."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from tra_da.models import MenteeGroup, MenteeProfile, MentorProfile, Slot, User
from tra_da.services import accounts, auth, demo_data
from tra_da.services.errors import Conflict, Invalid, Unauthorized


def _count(db: Session, model: type) -> int:
    return db.exec(select(func.count()).select_from(model)).one()


def test_demo_seed_fills_an_empty_programme_once(db: Session) -> None:
    logins = demo_data.seed(db)
    roles = {login.role for login in logins}
    assert roles == {"admin", "mentor", "mentee"}
    assert _count(db, MentorProfile) == len(demo_data.MENTORS)
    assert _count(db, MenteeProfile) == len(demo_data.MENTEES)
    assert _count(db, MenteeGroup) == 1
    tracks = set(db.exec(select(MentorProfile.track)).all())
    assert len(tracks) == len(demo_data.MENTORS)
    for mentor in db.exec(select(MentorProfile)).all():
        open_slots = db.exec(
            select(func.count())
            .select_from(Slot)
            .where(Slot.mentor_id == mentor.id, Slot.status == "open")
        ).one()
        assert open_slots >= 4, "every demo mentor has open slots over the next two weeks"

    users_before = _count(db, User)
    assert demo_data.seed(db) == []  # second run: nothing reseeded
    assert _count(db, User) == users_before

    admin = accounts.find_by_email(db, demo_data.ADMIN_EMAIL)
    assert admin is not None
    assert (
        auth.authenticate(db, "ADMIN@demo.trada.vn", demo_data.DEMO_PASSWORD, None).id == admin.id
    )
    with pytest.raises(Unauthorized):
        auth.authenticate(db, demo_data.ADMIN_EMAIL, "not-the-password", None)


def test_first_admin_comes_from_the_environment_only_when_none_exists(db: Session) -> None:
    assert accounts.bootstrap_admin(db, None, None) is None
    admin = accounts.bootstrap_admin(db, "Owner@Example.com", "a-long-passphrase")
    assert admin is not None and admin.email == "owner@example.com" and admin.role == "admin"
    assert accounts.bootstrap_admin(db, "second@example.com", "another-passphrase") is None
    assert accounts.find_by_email(db, "second@example.com") is None


def test_first_admin_with_a_bad_password_is_refused_with_the_variable_named(db: Session) -> None:
    with pytest.raises(Invalid, match="ADMIN_EMAIL/ADMIN_PASSWORD: Use a password of at least"):
        accounts.bootstrap_admin(db, "owner@example.com", "short")
    assert _count(db, User) == 0


def test_duplicate_email_in_another_case_is_a_conflict(db: Session) -> None:
    accounts.create_user(db, email="lan@example.com", name="Lan", role="mentee", password=None)
    db.commit()
    with pytest.raises(Conflict, match="already exists"):
        accounts.create_user(db, email="LAN@example.com", name="Lan", role="mentee", password=None)


def _prepare(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tra_da.cli", "prepare"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("not a url", "DATABASE_URL is not a database URL"),
        ("mysql://u:p@localhost/x", "DATABASE_URL uses 'mysql'"),
        ("postgresql+psycopg://u:p@127.0.0.1:1/x", "DATABASE_URL: cannot reach the database"),
    ],
)
def test_bad_database_url_stops_with_one_line_naming_the_variable(url: str, expected: str) -> None:
    result = _prepare({"DATABASE_URL": url})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_production_refuses_the_default_secret_key() -> None:
    result = _prepare({"APP_ENV": "production", "SECRET_KEY": ""})
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr and "Traceback" not in result.stderr


def test_prepare_migrates_seeds_and_prints_logins_then_keeps_data(tmp_path) -> None:
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.db'}",
        "SEED_DEMO_DATA": "true",
        "ADMIN_EMAIL": "boss@example.com",
        "ADMIN_PASSWORD": "a-long-passphrase",
    }
    first = _prepare(env)
    assert first.returncode == 0, first.stderr
    assert "Created the first admin: boss@example.com" in first.stdout
    assert "lan.nguyen@demo.trada.vn" in first.stdout and demo_data.DEMO_PASSWORD in first.stdout
    second = _prepare(env)
    assert second.returncode == 0, second.stderr
    assert "existing data kept" in second.stdout


def test_cli_main_reports_errors_as_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tra_da import cli
    from tra_da.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u:p@127.0.0.1:1/x")
    get_settings.cache_clear()
    try:
        assert cli.main(["check"]) == 2
    finally:
        get_settings.cache_clear()
    err = capsys.readouterr().err
    assert err.startswith("error: DATABASE_URL") and err.count("\n") == 1


def test_cli_main_migrates_down_and_up(
    use_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tra_da import cli

    assert cli.main(["check"]) == 0
    assert cli.main(["downgrade", "--revision", "base"]) == 0
    assert cli.main(["migrate"]) == 0
    assert cli.main(["prepare"]) == 0
    assert "Database ready" in capsys.readouterr().out
