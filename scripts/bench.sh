#!/usr/bin/env bash
# make bench: install what the benchmark needs, then drive the real server (bench/journey.py).
# Seeds a large dataset; on the embedded default and on PostgreSQL + Redis with 2 workers runs the
# load models (service time, one user; realistic at 50 and 200 users, saturation, burst; embedded
# also the UI path over the websocket and browser timings), the bare Starlette baseline beside
# each. About 25 minutes. Service time alone: `make bench ARGS="--only embedded --models service"`.
# Arguments go to bench/journey.py, e.g. `make bench ARGS="--seconds 30 --only embedded"`.
# The app runs in a throw-away copy of the project (bench/journey.py app_command()).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_python_env bench
ensure_node
apt_install chromium redis-server
[ -x /usr/lib/postgresql/15/bin/initdb ] || apt_install postgresql-15

exec "$VENV/bin/python" bench/journey.py "$@"
