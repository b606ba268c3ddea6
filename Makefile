# The two commands (see README): `make run` (set up, first design, then the service) and `make test`.
# `make test` is the whole CI job (.ci/run); `make test-unit` / `make test-integration` split the suite by marker
# (unit: no FreeCAD, Redis or sockets, seconds; integration: the rest — see tests/conftest.py).
.PHONY: run test test-unit test-integration setup lint bench

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

test-unit:
	.venv/bin/python -m pytest -q -m unit $(ARGS)

test-integration:
	.venv/bin/python -m pytest -q -m integration $(ARGS)

setup:
	bash scripts/setup.sh --test

lint:
	.venv/bin/ruff check src tests
	.venv/bin/mypy

bench:
	.venv/bin/python benchmarks/bench_core.py

# --- operations (docs/operations.md) ------------------------------------------------------------------------------
.PHONY: docker-build docker-run docker-stop docker-logs load-test load-test-ui load-smoke lint-docker secret-scan
IMAGE ?= ai-designer:latest
LOAD_PROFILE ?= STEADY_STATE
LOAD_HOST ?=

docker-build:
	docker build -f docker/Dockerfile.production -t $(IMAGE) .

docker-run:
	docker compose up -d

docker-stop:
	docker compose down

docker-logs:
	docker compose logs -f --tail=200

load-test:
	LOAD_PROFILE=$(LOAD_PROFILE) LOAD_HOST=$(LOAD_HOST) bash scripts/load_test.sh

load-test-ui:
	.venv/bin/locust -f tests/load/locustfile.py --host $(or $(LOAD_HOST),http://127.0.0.1:8000) --web-host 127.0.0.1

load-smoke:
	bash scripts/load_smoke.sh

lint-docker:
	bash scripts/lint_docker.sh

secret-scan:
	bash scripts/secret_scan.sh
