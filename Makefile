# The two commands (see README): `make run` (set up, first design, then the service) and `make test`.
.PHONY: run test setup lint bench

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

setup:
	bash scripts/setup.sh --test

lint:
	.venv/bin/ruff check src tests
	.venv/bin/mypy

bench:
	.venv/bin/python benchmarks/bench_core.py
