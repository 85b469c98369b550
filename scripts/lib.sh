# Shared set-up steps for run.sh and test.sh. Every step is idempotent: it checks, then installs
# only what is missing, so a second run installs nothing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
NODE_PREFIX="$ROOT/.tools/node"
MIN_NODE="22.22.0"
APT_UPDATED=""

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Install exactly what requirements/<extra>.txt pins, every file checked against its hash
# (`make lock` writes them from pyproject.toml), then the project itself without dependencies.
# The lock's hash is stored in the venv: reinstall only when the lock changes.
ensure_python_env() {
  # A throw-away copy made by the tests (tests/appcopy.py) links the checkout's .venv: installing
  # from the copy would point the editable install at a folder about to be deleted.
  if [ -n "${TRA_DA_APP_COPY:-}" ] && [ -x "$VENV/bin/python" ]; then return 0; fi
  local extra="${1:-runtime}" lock stamp want
  lock="$ROOT/requirements/$extra.txt"
  stamp="$VENV/.installed-$extra"
  if [ ! -f "$lock" ]; then
    echo "error: $lock is missing; run \`make lock\`" >&2
    exit 1
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    say "Creating the Python virtual environment (.venv)"
    python3 -m venv "$VENV"
  fi
  want="$(cat "$lock" "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "Installing Python packages (requirements/$extra.txt, hashes checked)"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check --require-hashes -r "$lock"
    (cd "$ROOT" && "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps -e .)
    echo "$want" > "$stamp"
  fi
}

version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

node_version() { "$1" --version 2>/dev/null | sed 's/^v//'; }

# Reflex 0.10 needs Node.js >= 22.22; the system's is used when new enough, else one from npm.
ensure_node() {
  local system_node
  system_node="$(command -v node || true)"
  if [ -n "$system_node" ] && version_ge "$(node_version "$system_node")" "$MIN_NODE"; then
    NODE_BIN="$(dirname "$system_node")"
  else
    NODE_BIN="$NODE_PREFIX/node_modules/.bin"
    if [ ! -x "$NODE_BIN/node" ] || ! version_ge "$(node_version "$NODE_BIN/node")" "$MIN_NODE"; then
      command -v npm >/dev/null || apt_install npm
      say "Installing Node.js 22 from the npm registry into .tools/node"
      mkdir -p "$NODE_PREFIX"
      npm install --silent --no-fund --no-audit --prefix "$NODE_PREFIX" node@22
    fi
  fi
  export PATH="$NODE_BIN:$PATH"
  export REFLEX_USE_NPM=1
}

# Debian packages, installed only when missing (root, or sudo when available).
apt_install() {
  local missing=() pkg sudo=""
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  say "Installing Debian packages: ${missing[*]}"
  if [ -z "$APT_UPDATED" ]; then
    $sudo apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Browser-test tools from the npm registry (axe-core for tests/e2e/test_accessibility.py):
# `npm ci` installs exactly what tests/tools/package-lock.json pins, each tarball checked against
# its integrity hash, into tests/tools/node_modules (ignored by git); again only when the
# lockfile changes.
TEST_TOOLS="$ROOT/tests/tools"
ensure_test_tools() {
  local want stamp="$TEST_TOOLS/node_modules/.installed"
  want="$(cat "$TEST_TOOLS/package.json" "$TEST_TOOLS/package-lock.json" | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
    && [ -f "$TEST_TOOLS/node_modules/axe-core/axe.min.js" ]; then
    return 0
  fi
  command -v npm >/dev/null || apt_install npm
  say "Installing browser-test tools (axe-core) from the npm registry into tests/tools"
  (cd "$TEST_TOOLS" && npm ci --no-fund --no-audit --ignore-scripts --loglevel=error)
  echo "$want" > "$stamp"
}
