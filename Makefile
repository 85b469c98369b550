# The two commands a newcomer needs: `make run` and `make test`. Both install what is missing.
.PHONY: run test lint migrate format bench export serve relay lock audit catalogue screens

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh

# Production without a build at start (containers, several app processes): `make export` once,
# then `make serve` per app process and `make relay` for the outbox (README "Scale-out").
export:
	@bash scripts/export.sh

serve:
	@bash scripts/serve.sh

relay:
	@bash scripts/relay.sh

# Load test of the real server on both set-ups against a bare baseline (docs/performance.md).
bench:
	@bash scripts/bench.sh $(ARGS)

# Screenshots of every route as every role, at 1280, 900 and 375 px, in both languages: screens/.
# BASE=http://localhost:3000 shoots a running server; otherwise a throw-away production build.
screens:
	@bash scripts/screens.sh $(ARGS)

lint:
	@bash scripts/lint.sh

format:
	@.venv/bin/ruff check --fix . && .venv/bin/ruff format .

# Translations (README "Translations"): add the keys the code uses but tra_da/locale lacks, empty
# in both languages, rewrite the .po files in one layout, then list what is left to translate.
catalogue:
	@.venv/bin/python scripts/catalogue.py update && .venv/bin/python scripts/catalogue.py check

migrate:
	@.venv/bin/python -m tra_da.cli migrate

# Pinned dependencies with hashes (requirements/*.txt) from pyproject.toml, for Python 3.11 on
# Linux x86_64; run after changing pyproject.toml, commit the result. UPGRADE=1 takes the newest.
lock:
	@bash scripts/lock.sh

# Known vulnerabilities in the locked packages (needs the network: PyPI's advisory database).
audit:
	@bash scripts/audit.sh
