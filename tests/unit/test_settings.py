from __future__ import annotations

import pytest

from tra_da.settings import DEFAULT_SECRET_KEY, Settings, SettingsError, load_settings


def test_defaults_run_on_a_bare_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in (
        "DATABASE_URL",
        "SECRET_KEY",
        "APP_ENV",
        "PORT",
        "RATE_LIMIT_API",
        "RATE_LIMIT_LOGIN",
    ):
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


def test_every_setting_is_documented_in_env_example() -> None:
    from pathlib import Path

    documented = (Path(__file__).resolve().parents[2] / ".env.example").read_text()
    names = [name.upper() for name in Settings.model_fields]
    missing = [name for name in names if f"\n{name}=" not in documented]
    assert not missing, f"add these to .env.example: {missing}"


def test_empty_values_mean_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "")
    monkeypatch.setenv("PORT", "")
    settings = load_settings()
    assert settings.redis_url is None and settings.port == 3000


def test_development_without_a_key_signs_with_a_private_random_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    import tra_da.settings as module

    monkeypatch.setattr(module, "PROJECT_ROOT", tmp_path)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("APP_ENV", "development")
    first = load_settings().session_signing_key()
    assert first != DEFAULT_SECRET_KEY and len(first) >= 32
    assert load_settings().session_signing_key() == first  # kept across restarts


def test_several_workers_need_redis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("WEB_WORKERS", "2")
    with pytest.raises(SettingsError, match="WEB_WORKERS=2 needs REDIS_URL"):
        load_settings()
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    assert load_settings().web_workers == 2


def test_redis_url_must_be_a_redis_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "127.0.0.1:6379")
    with pytest.raises(SettingsError, match="REDIS_URL must start with redis://"):
        load_settings()


def test_reflex_config_follows_redis_url_and_web_workers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """rxconfig.py hands REDIS_URL to Reflex (Redis state manager) and WEB_WORKERS to Granian."""
    import importlib
    import sys

    from tra_da.settings import get_settings

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6390/0")
    monkeypatch.setenv("WEB_WORKERS", "3")
    monkeypatch.delenv("GRANIAN_WORKERS", raising=False)
    get_settings.cache_clear()
    try:
        sys.modules.pop("rxconfig", None)
        rxconfig = importlib.import_module("rxconfig")
        assert rxconfig.config.redis_url == "redis://127.0.0.1:6390/0"
        import os

        assert os.environ["GRANIAN_WORKERS"] == "3"
    finally:
        monkeypatch.delenv("REDIS_URL")
        monkeypatch.delenv("WEB_WORKERS")
        get_settings.cache_clear()
        sys.modules.pop("rxconfig", None)
        importlib.import_module("rxconfig")


def test_the_development_key_file_is_created_once_whoever_writes_first(tmp_path) -> None:
    import tra_da.settings as module

    key_file = tmp_path / "data" / "secret_key"
    module._create_once(key_file, "first")
    module._create_once(key_file, "second")  # another process, a moment later
    assert key_file.read_text() == "first"
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in key_file.parent.iterdir()] == ["secret_key"]  # no drafts left


def test_sqlite_admits_one_unit_at_a_time_postgres_its_pool(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for var in ("MAX_CONCURRENT_REQUESTS", "ADMISSION_QUEUE", "DB_POOL_SIZE", "WEB_WORKERS"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///data/tra_da.db")
    sqlite = load_settings()
    assert (sqlite.admission_limit, sqlite.admission_queue_length) == (1, 200)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u:p@db:5432/tra_da")
    postgres = load_settings()
    assert postgres.admission_limit == postgres.pool_size > 1
    assert postgres.admission_queue_length == max(20 * postgres.pool_size, 200)
    monkeypatch.setenv("MAX_CONCURRENT_REQUESTS", "1000")  # never more than the connections
    assert load_settings().admission_limit == postgres.pool_size
    monkeypatch.setenv("DATABASE_URL", "sqlite:///data/tra_da.db")
    monkeypatch.setenv("MAX_CONCURRENT_REQUESTS", "3")
    monkeypatch.setenv("ADMISSION_QUEUE", "0")
    chosen = load_settings()
    assert (chosen.admission_limit, chosen.admission_queue_length) == (3, 0)
