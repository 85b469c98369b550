"""Throw-away copies of the project: every server a test or the benchmark starts runs in one.

A production build rewrites the checkout's `.web` (the websocket address baked into the frontend),
`reflex run` clears `.states`, and the app writes `data/` (the secret key), `uploaded_files/` and
`assets/external/`. Built in the checkout, a test server would leave the app that `make run` serves
from it talking to a dead port. So a server starts here, in a copy in a temporary folder:

- the project's files (`git ls-files`: tracked and untracked-but-not-ignored; a filtered walk
  when the source is not a git checkout), never a build, a database or a state folder;
- `.venv` and `.tools` as links back to the checkout's (nothing is installed from a copy);
- `.web` but its build seeded from a cache (node_modules as hard links; else copied from the
  checkout's own `.web`) so the build neither re-initialises it nor reinstalls packages; the
  first successful build fills the cache.

Only the source is read from the checkout; nothing here writes into it except log files that
callers put in `test-artifacts/`.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
# Shared by every copy (and every checkout) of this user: node_modules of the last build.
WEB_CACHE = Path(
    os.environ.get("TRA_DA_WEB_CACHE")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tra-da" / "web"
)
# A `.web` is reused whole but for its build: without `.web/reflex.json` Reflex re-initialises
# the folder and deletes node_modules with it, and without the install marker it runs npm. It
# reinstalls by itself when the wanted packages or the lockfiles in reflex.lock/ differ, and
# every build rewrites the generated sources (env.json with the server's address included).
WEB_SKIP = ("build", "node_modules")
WEB_STAMPS = ("package-lock.json", "reflex.install_frontend_packages.cached", "reflex.json")
LINKED = (".venv", ".tools")
# What a filtered copy leaves out (the same as .gitignore: builds, state, data, caches).
SKIP_TOP = {
    ".git",
    ".venv",
    ".tools",
    ".web",
    ".states",
    ".env",
    "data",
    "uploaded_files",
    "test-artifacts",
    "bench-results",
    "htmlcov",
}
SKIP_ANYWHERE = {"__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache", "node_modules"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _project_files(source: Path) -> list[str]:
    if (source / ".git").exists():
        listed = subprocess.run(
            ["git", "-C", str(source), "ls-files", "-z", "--cached", "--others"]
            + ["--exclude-standard"],
            capture_output=True,
            check=True,
        ).stdout.decode()
        # A tracked file deleted in the work tree is listed but absent.
        return [p for p in listed.split("\0") if p and (source / p).is_file()]
    files = []
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if rel.parts[0] in SKIP_TOP or SKIP_ANYWHERE.intersection(rel.parts):
            continue
        if rel.parts[:2] == ("assets", "external") or rel.name.startswith(".coverage"):
            continue
        if path.is_file() and not path.name.endswith((".pyc", ".db")):
            files.append(str(rel))
    return files


def _copy_web(origin: Path, web: Path, *, link: bool) -> bool:
    """``origin``'s `.web` but its build into ``web``.

    ``link``: node_modules as hard links (0.3 s for the ~190 MB tree, where a copy takes 2-20 s
    on a busy machine); only from the cache, never from a checkout's live build. A build adds
    files there (node_modules/.vite) but changes none in place; npm, when the packages changed,
    replaces files rather than rewriting them, except its hidden lockfile, copied for real.
    """
    web.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["cp", "-al" if link else "-a", str(origin / "node_modules"), str(web / "node_modules")],
        capture_output=True,
    )
    if done.returncode != 0:  # e.g. the cache was being replaced: build without the seed
        shutil.rmtree(web, ignore_errors=True)
        return False
    for vite_cache in (".vite", ".vite-temp"):
        shutil.rmtree(web / "node_modules" / vite_cache, ignore_errors=True)
    hidden_lock = web / "node_modules" / ".package-lock.json"
    if link and hidden_lock.is_file():
        hidden_lock.unlink()
        shutil.copy2(origin / "node_modules" / ".package-lock.json", hidden_lock)
    for item in origin.iterdir():
        if item.name in WEB_SKIP:
            continue
        if item.is_dir():
            shutil.copytree(item, web / item.name, symlinks=True, dirs_exist_ok=True)
        else:
            shutil.copy2(item, web / item.name)
    return True


def make_copy(source: Path = ROOT, dest: Path | None = None) -> Path:
    """A copy of the project at ``source`` (a checkout, or an earlier copy) ready to serve."""
    source = source.resolve()
    dest = Path(tempfile.mkdtemp(prefix="tra-da-app-")) if dest is None else dest
    dest.mkdir(parents=True, exist_ok=True)
    for rel in _project_files(source):
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / rel, target)
    for name in LINKED:
        if (source / name).exists():
            (dest / name).symlink_to((source / name).resolve(), target_is_directory=True)
    for origin, link in ((WEB_CACHE, True), (source / ".web", False)):
        if (origin / "node_modules").is_dir() and _copy_web(origin, dest / ".web", link=link):
            break
    return dest


def _web_digest(web: Path) -> str:
    """What decides whether Reflex reinstalls: the lockfile, the install marker, the version."""
    digest = hashlib.sha256()
    for name in WEB_STAMPS:
        digest.update((web / name).read_bytes() if (web / name).is_file() else b"-")
    return digest.hexdigest()


def remember_node_modules(copy: Path) -> None:
    """After a build in ``copy``: keep its `.web` (not the build) for the next copies, unless
    the cache already holds the same. Best effort: a failure only costs the next build time."""
    web = copy / ".web"
    if not (web / "node_modules").is_dir() or not (web / "reflex.json").is_file():
        return
    if (WEB_CACHE / "node_modules").is_dir() and _web_digest(WEB_CACHE) == _web_digest(web):
        return
    WEB_CACHE.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix="web-new-", dir=WEB_CACHE.parent))
    stale = WEB_CACHE.parent / f"web-old-{os.getpid()}"
    try:
        if not _copy_web(web, fresh, link=False):
            return
        if WEB_CACHE.exists():
            WEB_CACHE.rename(stale)
        fresh.rename(WEB_CACHE)
    except OSError:
        pass  # another run replaced the cache at the same moment: theirs is as good
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(stale, ignore_errors=True)


# Set by tests/conftest.py for the app run in-process; a server builds and keeps its own.
IN_PROCESS_ONLY = (
    "__REFLEX_SKIP_COMPILE",
    "REFLEX_WEB_WORKDIR",
    "REFLEX_STATES_WORKDIR",
    "REFLEX_UPLOADED_FILES_DIR",
)


def copy_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a command run in a copy: the copy shares the checkout's .venv,
    so scripts/lib.sh must not install into it from the copy (see TRA_DA_APP_COPY there);
    the app keeps its build, states and uploads in the copy."""
    base = os.environ if env is None else env
    return {
        **{k: v for k, v in base.items() if k not in IN_PROCESS_ONLY},
        "TRA_DA_APP_COPY": "1",
    }


@dataclass
class Server:
    """`scripts/run.sh` (what `make run` runs) serving from its own copy of the project."""

    root: Path
    base: str
    process: subprocess.Popen[bytes]
    log_path: Path
    own_copy: bool

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.own_copy:
            shutil.rmtree(self.root, ignore_errors=True)


def copy_build(built: Path, dest: Path, port: int) -> None:
    """The production build of the copy ``built`` (.web/build, as `make export` leaves it) into
    the copy ``dest``, for a server on ``port``: `make serve` there serves it without building.

    The files are hard links but one: a build knows its server as http://localhost:<port>, in
    Reflex's env module (assets/reflex-env-*.js, client and server side), and nowhere else. That
    file is written anew with ``port`` (never through the link), with a new gzip copy; its brotli
    copy is left out (no brotli here), so browsers get the gzip one.
    """
    target = dest / ".web" / "build"
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cp", "-al", str(built / ".web" / "build"), str(target)], check=True)
    env_modules = sorted(target.glob("*/assets/reflex-env-*.js"))
    if not env_modules:
        raise RuntimeError(f"no reflex-env-*.js in the build of {built}")
    for module in env_modules:
        text = re.sub(r"//localhost:\d+", f"//localhost:{port}", module.read_text())
        for old in (module, *(module.with_name(module.name + s) for s in (".gz", ".br"))):
            old.unlink(missing_ok=True)
        module.write_text(text)
        with gzip.open(module.with_name(module.name + ".gz"), "wt") as packed:
            packed.write(text)


def start_server(
    env: Mapping[str, str],
    log_path: Path,
    *,
    source: Path = ROOT,
    root: Path | None = None,
    port: int | None = None,
    script: str = "run.sh",
    timeout: float = 600,
) -> Server:
    """Copy ``source`` (unless ``root``, an existing copy, is given), run scripts/``script``
    (run.sh: `make run`, building; serve.sh: `make serve`, the copy's build as it is) there on
    ``port`` and wait until it serves the frontend. ``env`` is the whole environment;
    PORT, HOST and PUBLIC_URL are set here."""
    own_copy = root is None
    root = make_copy(source) if root is None else root
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    full_env = copy_env(env)
    full_env.update({"PORT": str(port), "HOST": "127.0.0.1", "PUBLIC_URL": base})
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w") as log:
        process = subprocess.Popen(
            ["bash", str(root / "scripts" / script)],
            cwd=root,
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(root, base, process, log_path, own_copy)
    deadline = time.monotonic() + timeout
    try:
        while True:
            if (status := process.poll()) is not None:
                raise RuntimeError(
                    f"the server exited early (status {status}); see {log_path}:\n"
                    + log_path.read_text()[-3000:]
                )
            try:
                if httpx.get(f"{base}/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer in {timeout:.0f} s; see {log_path}")
            time.sleep(1)
    except BaseException:
        server.stop()
        raise
    remember_node_modules(root)
    return server
