"""tests/appcopy.py: a server's copy of the project never shares a build, state or data with
the checkout it came from (the end-to-end check is tests/e2e/test_isolation.py)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests import appcopy


def _checkout(root: Path) -> Path:
    """A checkout as a person has it after `make run`: sources plus everything it writes."""
    files = {
        "rxconfig.py": "config = None\n",
        "tra_da/app.py": "x = 1\n",
        "scripts/run.sh": "echo run\n",
        "reflex.lock/package.json": "{}\n",
        ".web/env.json": '{"EVENT": "ws://localhost:3000/_event"}',
        ".web/node_modules/react/index.js": "module.exports = 'checkout';\n",
        ".web/package-lock.json": '{"lock": "checkout"}',
        ".web/reflex.json": '{"version": "0.10.1"}',
        ".web/build/client/index.html": "<html>built for :3000</html>",
        ".states/abc": "state",
        "data/secret_key": "secret",
        "uploaded_files/avatar.webp": "img",
        "assets/logo.svg": "<svg/>",
        "assets/external/lib/x.js": "x",
        ".env": "SECRET_KEY=mine",
        "tra_da/__pycache__/app.cpython-311.pyc": "",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    for linked in (".venv", ".tools"):
        (root / linked / "bin").mkdir(parents=True)
    return root


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache" / "web"
    monkeypatch.setattr(appcopy, "WEB_CACHE", cache)
    return cache


def test_a_copy_has_the_sources_and_nothing_the_app_writes(tmp_path: Path, cache: Path) -> None:
    source = _checkout(tmp_path / "checkout")
    copy = appcopy.make_copy(source, tmp_path / "copy")
    assert (copy / "tra_da" / "app.py").read_text() == "x = 1\n"
    assert (copy / "reflex.lock" / "package.json").is_file()
    assert (copy / "assets" / "logo.svg").is_file()
    for written in (".states", "data", "uploaded_files", "assets/external", ".env"):
        assert not (copy / written).exists(), written
    assert not list(copy.rglob("*.pyc"))
    # The build's inputs are reused (no re-initialising, no npm), never the build itself.
    assert (copy / ".web" / "reflex.json").is_file()
    assert not (copy / ".web" / "build").exists()
    for linked in (".venv", ".tools"):
        assert (copy / linked).is_symlink()
        assert (copy / linked).resolve() == (source / linked).resolve()


def test_a_copy_lists_a_git_checkouts_files(tmp_path: Path, cache: Path) -> None:
    source = _checkout(tmp_path / "checkout")
    (source / ".gitignore").write_text(".web/\n.states/\ndata/\nuploaded_files/\n.env\n.venv\n")
    (source / ".gitignore").write_text((source / ".gitignore").read_text() + ".tools\n")
    (source / "notes.txt").write_text("untracked, not ignored")
    subprocess.run(["git", "init", "-q", str(source)], check=True)
    subprocess.run(["git", "-C", str(source), "add", "rxconfig.py", "tra_da/app.py"], check=True)
    copy = appcopy.make_copy(source, tmp_path / "copy")
    assert (copy / "tra_da" / "app.py").is_file()
    assert (copy / "notes.txt").is_file()  # what a developer is about to commit is tested too
    assert not (copy / "data").exists()
    assert not (copy / ".web" / "build").exists()


def test_node_modules_come_from_the_checkout_as_a_real_copy_then_from_the_cache(
    tmp_path: Path, cache: Path
) -> None:
    source = _checkout(tmp_path / "checkout")
    first = appcopy.make_copy(source, tmp_path / "first")
    seeded = first / ".web" / "node_modules" / "react" / "index.js"
    checkout_file = source / ".web" / "node_modules" / "react" / "index.js"
    assert seeded.read_text() == checkout_file.read_text()
    assert os.stat(seeded).st_ino != os.stat(checkout_file).st_ino  # never linked to a live build

    appcopy.remember_node_modules(first)
    assert (cache / "node_modules" / "react" / "index.js").is_file()
    assert (cache / "package-lock.json").read_text() == '{"lock": "checkout"}'
    assert (cache / "reflex.json").is_file()
    assert not (cache / "build").exists()

    second = appcopy.make_copy(source, tmp_path / "second")
    linked = second / ".web" / "node_modules" / "react" / "index.js"
    assert os.stat(linked).st_ino == os.stat(cache / "node_modules" / "react" / "index.js").st_ino


def test_a_copy_builds_for_itself_and_installs_nothing(tmp_path: Path) -> None:
    env = appcopy.copy_env(
        {"PATH": "/bin", "__REFLEX_SKIP_COMPILE": "true", "REFLEX_WEB_WORKDIR": "/tmp/web"}
    )
    assert env == {"PATH": "/bin", "TRA_DA_APP_COPY": "1"}
    # scripts/lib.sh in a project whose venv has no install stamp: it would pip install -e
    # (here a stub pip that leaves a mark), unless the project is a copy.
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    (project / "scripts" / "lib.sh").write_text((appcopy.ROOT / "scripts" / "lib.sh").read_text())
    (project / "pyproject.toml").write_text("[project]\n")
    (project / "requirements").mkdir()
    (project / "requirements" / "runtime.txt").write_text("")  # the lock it installs from
    venv_bin = project / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    for tool in ("python", "pip"):
        (venv_bin / tool).write_text(f"#!/bin/sh\ntouch {tmp_path}/installed\n")
        (venv_bin / tool).chmod(0o755)
    script = f"source {project}/scripts/lib.sh; ensure_python_env"
    subprocess.run(["bash", "-c", script], env=env, check=True, capture_output=True)
    assert not (tmp_path / "installed").exists()
    subprocess.run(["bash", "-c", script], env={"PATH": "/bin:/usr/bin"}, capture_output=True)
    assert (tmp_path / "installed").exists()
