#!/usr/bin/env bash
# The test job: set up (incl. redis-server and chromium for the tests), lint, then the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
.venv/bin/ruff check src tests benchmarks
.venv/bin/mypy
for extra in scripts/lint_docker.sh scripts/secret_scan.sh; do
  if [ -f "$extra" ]; then bash "$extra"; fi
done
.venv/bin/python -m pytest -q "$@"
if [ -f scripts/load_smoke.sh ]; then bash scripts/load_smoke.sh; fi
