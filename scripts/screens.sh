#!/usr/bin/env bash
# make screens: every route as every role, at 1280, 900 and 375 px, in both languages, into
# screens/ (tests/tools/screens.py). BASE=http://localhost:3000 uses a running server instead of
# starting the production build in a throw-away copy; ARGS="..." passes more (--lang en --role admin).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_python_env dev
ensure_node
apt_install chromium

exec "$VENV/bin/python" -m tests.tools.screens ${BASE:+--base "$BASE"} "$@"
