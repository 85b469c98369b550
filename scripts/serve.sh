#!/usr/bin/env bash
# make serve: production start without a frontend build (containers, and hosts that run several
# app processes): migrate, first admin, then the backend serving the frontend exported earlier
# (`make export`). Configuration only through the environment (.env.example): DATABASE_URL,
# REDIS_URL, WEB_WORKERS, RUN_OUTBOX_RELAY=false when `make relay` runs beside it.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_python_env
export PORT="${PORT:-3000}"
export SERVE_EXPORTED_FRONTEND=true
if [ ! -f .web/build/client/index.html ]; then
  echo "error: no exported frontend in .web/build/client; run \`make export\` first" >&2
  exit 1
fi

"$VENV/bin/python" -m tra_da.cli prepare || exit $?

say "Serving Trà Đá on http://localhost:$PORT (exported frontend, backend only)"
exec "$VENV/bin/reflex" run --env prod --backend-only --backend-port "$PORT" \
  --backend-host "${HOST:-0.0.0.0}" --loglevel "${REFLEX_LOGLEVEL:-warning}"
