#!/usr/bin/env bash
# make export: build the production frontend once into .web/build/client (for `make serve`).
# The browser's websocket address is baked in: set PUBLIC_URL to the address people open
# (REFLEX_API_URL, when set, wins). Needs Node.js (installed here like `make run` does).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_python_env
ensure_node
export REFLEX_API_URL="${REFLEX_API_URL:-${PUBLIC_URL:-http://localhost:${PORT:-3000}}}"
say "Exporting the frontend for $REFLEX_API_URL"
"$VENV/bin/reflex" export --frontend-only --no-zip --loglevel "${REFLEX_LOGLEVEL:-warning}"
