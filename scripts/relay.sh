#!/usr/bin/env bash
# make relay: the outbox relay as its own process (emails, calendar events, reminders), for
# set-ups whose app processes run with RUN_OUTBOX_RELAY=false. Several relays may run at once:
# claims are leased rows taken with SKIP LOCKED.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_python_env
exec "$VENV/bin/python" -m tra_da.worker
