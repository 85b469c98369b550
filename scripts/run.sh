#!/usr/bin/env bash
# make run: install what is missing, migrate, create the first admin, seed demo data, serve.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_python_env
ensure_node
export PORT="${PORT:-3000}"

"$VENV/bin/python" -m tra_da.cli prepare || exit $?

say "Building and serving Trà Đá on http://localhost:$PORT"
exec "$VENV/bin/reflex" run --env prod --single-port --frontend-port "$PORT" \
  --backend-host "${HOST:-0.0.0.0}" --loglevel "${REFLEX_LOGLEVEL:-warning}"
