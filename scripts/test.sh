#!/usr/bin/env bash
# make test: install what the tests need, lint, run every suite, enforce coverage.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_python_env dev
ensure_node
apt_install chromium redis-server
ensure_test_tools
[ -x /usr/lib/postgresql/15/bin/initdb ] || apt_install postgresql-15

"$ROOT/scripts/lint.sh"

export APP_ENV=test
ARTIFACTS="$ROOT/test-artifacts"
mkdir -p "$ARTIFACTS"
rm -f "$ROOT/.coverage" "$ROOT"/.coverage.*

# pytest exits 5 when it collected nothing: for us that is a broken suite, never a pass.
run_pytest() {
  local rc=0
  "$VENV/bin/python" -m pytest "$@" || rc=$?
  if [ "$rc" -eq 5 ]; then
    echo "error: pytest collected no tests in: $*" >&2
    exit 1
  fi
  [ "$rc" -eq 0 ] || exit "$rc"
}

say "Unit, integration and API tests (SQLite and PostgreSQL)"
run_pytest tests/unit tests/integration tests/api --cov=tra_da --cov-report= -q

say "REST contract: schemathesis against the real server, as mentee, mentor and admin"
run_pytest tests/contract -q

say "Scale-out and overload: app processes on one PostgreSQL + Redis, a relay, bursts, SIGTERM"
run_pytest tests/scale -q

say "Browser tests against the production build (separate process)"
run_pytest tests/e2e -q

say "Coverage of tra_da (must stay >= 80 %)"
"$VENV/bin/python" -m coverage report --fail-under=80 --skip-covered --sort=cover
