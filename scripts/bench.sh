#!/usr/bin/env bash
# make bench: install what the benchmark needs, then drive the real server (bench/journey.py).
# Seeds a large dataset, runs the embedded default and PostgreSQL + Redis with 2 workers at 50 and
# 200 users, a bare Starlette baseline beside each, and browser timings. About 15 minutes.
# Arguments go to bench/journey.py, e.g. `make bench ARGS="--seconds 45 --only embedded"`.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_python_env bench
ensure_node
apt_install chromium redis-server
[ -x /usr/lib/postgresql/15/bin/initdb ] || apt_install postgresql-15

exec "$VENV/bin/python" bench/journey.py "$@"
