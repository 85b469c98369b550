#!/usr/bin/env bash
# make test: install what the tests need, lint, run every suite, enforce coverage.
#
# The suites run side by side (README "Tests"): the browser tests and the REST contract in the
# background, lint and the rest here. Each suite writes its output to
# test-artifacts/suite-<name>.log; this lane's is shown as it runs, the others' when they end,
# then a summary of every suite. Any failure fails the run; a failed lint stops it at once.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

# Node.js and the browser-test tools download while pip installs (each step skips what is there).
(ensure_node && ensure_test_tools) &
TOOLS=$!
ensure_python_env dev
wait "$TOOLS"
ensure_node # PATH and REFLEX_USE_NPM for this shell
apt_install chromium redis-server
[ -x /usr/lib/postgresql/15/bin/initdb ] || apt_install postgresql-15

export APP_ENV=test
ARTIFACTS="$ROOT/test-artifacts"
mkdir -p "$ARTIFACTS"
rm -f "$ROOT/.coverage" "$ROOT"/.coverage.* "$ARTIFACTS"/suite-*.log "$ARTIFACTS"/suite-*.status

# run_suite NAME TITLE COMMAND...: the command's output into test-artifacts/suite-NAME.log (and
# on the terminal unless QUIET=1), its status and seconds into suite-NAME.status. pytest exits 5
# when it collected nothing: for us that is a broken suite, never a pass.
run_suite() {
  local name="$1" title="$2" rc=0 started log="$ARTIFACTS/suite-$1.log"
  shift 2
  started=$SECONDS
  if [ "${QUIET:-}" = 1 ]; then
    "$@" >"$log" 2>&1 || rc=$?
  else
    say "$title"
    "$@" 2>&1 | tee "$log" || rc=${PIPESTATUS[0]}
  fi
  if [ "$rc" -eq 5 ] && [ "$1" = pytest_ ]; then
    echo "error: pytest collected no tests in: $*" >>"$log"
    [ "${QUIET:-}" = 1 ] || echo "error: pytest collected no tests in: $*" >&2
  fi
  printf '%s %s %s\n' "$rc" "$((SECONDS - started))" "$title" >"$ARTIFACTS/suite-$name.status"
  return "$rc"
}

# pytest, stopped by SIGTERM as by Ctrl+C: it still stops the servers it started.
pytest_() {
  "$VENV/bin/python" -c 'import signal, sys, pytest
signal.signal(signal.SIGTERM, signal.default_int_handler)
sys.exit(pytest.main(sys.argv[1:]))' "$@"
}

# In the background from the start: the browser tests (they mostly wait on a browser and a
# server) and the REST contract (its own server, no timing checks), each in its own process.
BACKGROUND=()
start_background() {
  QUIET=1 run_suite "$@" &
  BACKGROUND+=("$!")
  say "$2: started in the background (test-artifacts/suite-$1.log)"
}
stop_background() {
  local pid
  for pid in "${BACKGROUND[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      pkill -TERM -P "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
}
trap stop_background EXIT
start_background e2e "Browser tests against the production build (separate process)" \
  pytest_ tests/e2e -q -m "not timing"
start_background contract \
  "REST contract: schemathesis against the real server, as mentee, mentor and admin" \
  pytest_ tests/contract -q

# Here, one after the other: lint first (a failure stops the run), then the CPU-bound suites;
# the scale-out suite last in this lane (its bounds are 10-20 s; it has passed beside the browser
# suite), and the tests marked `timing` (a 2 s bound) alone at the end, once the background
# suites are over: a 2 s bound means nothing on cores another suite holds.
if ! run_suite lint "Lint: ruff, mypy, import-linter" bash "$ROOT/scripts/lint.sh"; then
  echo "error: lint failed; the test run stops here" >&2
  exit 1
fi
run_suite unit "Unit, integration and API tests (SQLite and PostgreSQL)" \
  pytest_ tests/unit tests/integration tests/api --cov=tra_da --cov-report= -q || true
if [ -f "$ROOT/.coverage" ]; then
  run_suite coverage "Coverage of tra_da (must stay >= 80 %)" \
    "$VENV/bin/python" -m coverage report --fail-under=80 --skip-covered --sort=cover || true
fi

run_suite scale "Scale-out and overload: app processes on one PostgreSQL + Redis, a relay, bursts, SIGTERM" \
  pytest_ tests/scale -q || true

say "Waiting for the suites in the background"
for pid in "${BACKGROUND[@]}"; do
  wait "$pid" || true
done
trap - EXIT
for name in contract e2e; do
  title="$name"
  [ -f "$ARTIFACTS/suite-$name.status" ] && read -r _ _ title <"$ARTIFACTS/suite-$name.status"
  say "$title (ran in the background)"
  cat "$ARTIFACTS/suite-$name.log"
done

run_suite timing "Timing-sensitive browser-suite tests (marked timing), alone: the burst on SQLite" \
  pytest_ tests/e2e -q -m timing || true

say "Summary"
failed=0
for name in lint unit coverage contract e2e scale timing; do
  status="$ARTIFACTS/suite-$name.status"
  if [ ! -f "$status" ]; then
    printf '  %-8s  did not run\n' "$name"
    failed=1
    continue
  fi
  read -r rc seconds title <"$status"
  if [ "$rc" -eq 0 ]; then word="passed"; else word="FAILED (exit $rc)"; failed=1; fi
  printf '  %-8s  %-18s %4d s  %s\n' "$name" "$word" "$seconds" "$title"
done
printf '  total %d s; logs in test-artifacts/suite-*.log\n' "$SECONDS"
exit "$failed"
