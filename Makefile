# The two commands a newcomer needs: `make run` and `make test`. Both install what is missing.
.PHONY: run test lint migrate format

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh

lint:
	@bash scripts/lint.sh

format:
	@.venv/bin/ruff check --fix . && .venv/bin/ruff format .

migrate:
	@.venv/bin/python -m tra_da.cli migrate
