"""SERVE_EXPORTED_FRONTEND: a backend-only process serves the frontend exported at build time."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.applications import Starlette


def _frontend_mounts(app: Starlette) -> list[str]:
    return [getattr(r, "name", "") for r in app.routes if getattr(r, "name", "") == "frontend"]


def test_backend_only_mounts_the_exported_frontend(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tra_da.api.app import transform
    from tra_da.settings import get_settings

    # An exported build as `make export` leaves it (a clean clone has none before the e2e step).
    build = tmp_path / ".web" / "build" / "client"
    build.mkdir(parents=True)
    (build / "index.html").write_text("<!doctype html><title>Trà Đá</title>")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REFLEX_WEB_WORKDIR", raising=False)  # tests/conftest.py's, not ./.web
    monkeypatch.setenv("SERVE_EXPORTED_FRONTEND", "true")
    get_settings.cache_clear()
    try:
        reflex_asgi = Starlette()
        transform(reflex_asgi)
        assert _frontend_mounts(reflex_asgi) == ["frontend"]
    finally:
        get_settings.cache_clear()


def test_by_default_nothing_is_mounted(monkeypatch: pytest.MonkeyPatch) -> None:
    from tra_da.api.app import transform
    from tra_da.settings import get_settings

    monkeypatch.delenv("SERVE_EXPORTED_FRONTEND", raising=False)
    get_settings.cache_clear()
    reflex_asgi = Starlette()
    transform(reflex_asgi)
    assert _frontend_mounts(reflex_asgi) == []
