from __future__ import annotations

import pytest

from tra_da.settings import DEFAULT_SECRET_KEY, Settings, SettingsError, load_settings


def test_defaults_run_on_a_bare_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("DATABASE_URL", "SECRET_KEY", "APP_ENV", "PORT"):
        monkeypatch.delenv(var, raising=False)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.is_sqlite and settings.port == 3000
    assert settings.rate_limit_login == "5/15minutes"
    assert settings.rate_limit_api == "100/15minutes"
    assert settings.redis_url is None


@pytest.mark.parametrize("key", [DEFAULT_SECRET_KEY, "short-key"])
def test_production_refuses_a_default_or_short_secret(
    monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        load_settings()


def test_production_accepts_a_long_random_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    assert load_settings().app_env == "production"


def test_malformed_values_name_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "not-a-port")
    with pytest.raises(SettingsError, match="^PORT: "):
        load_settings()


def test_postgres_urls_are_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u:p@db:5432/tra_da")
    settings = load_settings()
    assert not settings.is_sqlite
