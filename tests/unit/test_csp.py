"""The Content-Security-Policy names exactly what the compiled pages need."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest

from tra_da import csp
from tra_da.api.middleware import content_security_policy
from tra_da.settings import get_settings


def _directive(policy: str, name: str) -> list[str]:
    for part in policy.split(";"):
        words = part.split()
        if words and words[0] == name:
            return words[1:]
    raise AssertionError(f"{name} missing from {policy}")


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A built frontend with two pages sharing one inline script."""
    (tmp_path / "admin").mkdir()
    (tmp_path / "index.html").write_text(
        '<html><script>window.ctx = {"a": 1};</script><script src="/assets/app.js"></script>'
        '<script type="module" async="">import "/assets/index.js";</script></html>'
    )
    (tmp_path / "admin" / "groups.html").write_text(
        '<script>window.ctx = {"a": 1};</script><script type="module">import "/g.js";</script>'
    )
    csp.built_script_hashes.cache_clear()
    monkeypatch.setattr(csp, "built_pages_dir", lambda: tmp_path)
    yield tmp_path
    csp.built_script_hashes.cache_clear()


def test_inline_scripts_are_admitted_by_hash_only(built: Path) -> None:
    policy = content_security_policy().header_value
    scripts = _directive(policy, "script-src")
    assert scripts[0] == "'self'"
    assert sorted(scripts[1:]) == sorted(
        {
            _sha('window.ctx = {"a": 1};'),
            _sha('import "/assets/index.js";'),
            _sha('import "/g.js";'),
        }
    )
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in policy


def test_without_a_build_inline_scripts_stay_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The development server (no build yet) must still hydrate."""
    csp.built_script_hashes.cache_clear()
    monkeypatch.setattr(csp, "built_pages_dir", lambda: tmp_path / "missing")
    try:
        scripts = _directive(content_security_policy().header_value, "script-src")
    finally:
        csp.built_script_hashes.cache_clear()
    assert scripts == ["'self'", "'unsafe-inline'"]


@pytest.mark.parametrize(
    ("public_url", "socket"),
    [
        ("https://mentor.example.org", "wss://mentor.example.org"),
        ("http://127.0.0.1:3000", "ws://127.0.0.1:3000"),
    ],
)
def test_connections_go_to_this_origin_and_its_websocket(
    built: Path, monkeypatch: pytest.MonkeyPatch, public_url: str, socket: str
) -> None:
    monkeypatch.setenv("PUBLIC_URL", public_url)
    get_settings.cache_clear()
    try:
        policy = content_security_policy().header_value
    finally:
        get_settings.cache_clear()
    assert _directive(policy, "connect-src") == ["'self'", socket]


def test_google_avatars_only_with_google_sign_in(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    get_settings.cache_clear()
    try:
        assert _directive(content_security_policy().header_value, "img-src") == ["'self'", "data:"]
        monkeypatch.setenv("GOOGLE_CLIENT_ID", "client.apps.googleusercontent.com")
        get_settings.cache_clear()
        images = _directive(content_security_policy().header_value, "img-src")
    finally:
        get_settings.cache_clear()
    assert images == ["'self'", "data:", "https://lh3.googleusercontent.com"]


def test_a_backend_elsewhere_is_named_too() -> None:
    assert csp.connect_sources("https://app.example.org", "https://app.example.org") == [
        "'self'",
        "wss://app.example.org",
    ]
    assert csp.connect_sources("https://app.example.org", "https://api.example.org") == [
        "'self'",
        "wss://app.example.org",
        "https://api.example.org",
        "wss://api.example.org",
    ]
