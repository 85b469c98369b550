#!/usr/bin/env bash
# make audit: pip-audit over the locked packages (requirements/*.txt). It asks PyPI's advisory
# database, so it needs the network: run it on a developer machine or in a CI job with access,
# not in `make test` (which must pass offline).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_python_env dev
status=0
for lock in requirements/runtime.txt requirements/dev.txt; do
  say "pip-audit $lock"
  "$VENV/bin/pip-audit" --requirement "$lock" --require-hashes --disable-pip --progress-spinner off \
    || status=$?
done
exit "$status"
