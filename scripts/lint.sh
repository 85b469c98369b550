#!/usr/bin/env bash
# make lint: ruff (check + format check) over everything, mypy over the whole app (tra_da),
# import-linter over the layers.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_python_env dev

say "ruff check"
"$VENV/bin/ruff" check .
say "ruff format --check"
"$VENV/bin/ruff" format --check .
say "mypy tra_da"
"$VENV/bin/mypy" tra_da
say "lint-imports (the layers of DESIGN.md, [tool.importlinter] in pyproject.toml)"
"$VENV/bin/lint-imports"
