"""The UI path alone, quickly, for A/B runs: bench/ui_driver.py against the backend of a tree.

    .venv/bin/python bench/ui_quick.py                      # this checkout, 200 browsers
    .venv/bin/python bench/ui_quick.py --src /tmp/other-tree --env RUN_OUTBOX_RELAY=false

`make bench ARGS="--only embedded --models ui"` seeds a fresh database and builds the frontend
for every run (about 4.5 minutes). The driver speaks only the websocket, so this starts only the
backend (`reflex run --env prod --backend-only`, the settings of bench/journey.py's base_env) on
a fresh copy of one database seeded once (bench-results/ui-quick.db, the same data set as `make
bench`): about 2 minutes a run. Alternate two trees run by run: the host's speed moves by a
fifth within minutes (docs/performance.md), so only runs side by side compare.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import journey  # noqa: E402

VENV_BIN = ROOT / ".venv" / "bin"
SEEDED = ROOT / "bench-results" / "ui-quick.db"
SIGNED_UP = 500  # mentees 0..499 get the browser password when the database is seeded


def seeded() -> Path:
    if not SEEDED.exists():
        SEEDED.parent.mkdir(parents=True, exist_ok=True)
        partial = SEEDED.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        journey.say(f"Seeding {SEEDED.name} once (about a minute)")
        journey.seed(f"sqlite:///{partial}")
        journey.give_passwords(f"sqlite:///{partial}", 0, SIGNED_UP)
        partial.rename(SEEDED)
    return SEEDED


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, default=ROOT, help="the tree whose backend runs")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for the server")
    args = parser.parse_args()
    if args.users > SIGNED_UP:
        parser.error(f"at most {SIGNED_UP} browsers")
    if bad := [pair for pair in args.env if "=" not in pair]:
        parser.error(f"--env takes KEY=VALUE, not {bad[0]!r}")
    with tempfile.TemporaryDirectory(prefix="ui-quick-") as work:
        database = Path(work) / "run.db"
        shutil.copyfile(seeded(), database)
        port = journey.free_port()
        env = journey.base_env(f"sqlite:///{database}")
        env.update(PORT=str(port), PUBLIC_URL=f"http://127.0.0.1:{port}", PYTHONPATH=str(args.src))
        env.update(dict(pair.split("=", 1) for pair in args.env))
        command = (
            f'"{VENV_BIN}/python" -m tra_da.cli prepare && exec "{VENV_BIN}/reflex" run --env prod'
            f" --backend-only --backend-port {port} --backend-host 127.0.0.1 --loglevel warning"
        )
        base = f"http://127.0.0.1:{port}"
        server = journey.Server("ui-quick", ["bash", "-c", command], env, base, args.src)
        try:
            server.wait("/api/health")
            driver = [str(VENV_BIN / "python"), str(ROOT / "bench" / "ui_driver.py"), "--base"]
            driver += [base, "--users", str(args.users), "--seconds", str(args.seconds)]
            driver += ["--first-mentee", "0", "--server-pid", str(server.process.pid)]
            subprocess.run(driver, cwd=ROOT, check=True)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
