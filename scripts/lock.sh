#!/usr/bin/env bash
# make lock: requirements/{runtime,dev,bench}.txt from pyproject.toml, every file with its hashes.
# Existing pins are kept unless pyproject.toml needs otherwise; UPGRADE=1 moves all to the newest.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

[ -x "$VENV/bin/uv" ] || ensure_python_env dev
upgrade=()
[ "${UPGRADE:-}" = "1" ] && upgrade=(--upgrade)
mkdir -p requirements
for extra in runtime dev bench; do
  args=()
  [ "$extra" != runtime ] && args=(--extra "$extra")
  say "Locking requirements/$extra.txt"
  "$VENV/bin/uv" pip compile pyproject.toml "${args[@]}" "${upgrade[@]}" --quiet \
    --generate-hashes --python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
    --custom-compile-command "make lock" -o "requirements/$extra.txt"
done
