#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian 12 / Ubuntu machine (run as root or with sudo available):
#   FreeCAD from Debian's packages, the .venv with ai-designer, and — with --test — what the test suite needs
#   (redis-server, chromium for the browser test, PostgreSQL for the store tests). Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

missing=()
command -v freecadcmd >/dev/null 2>&1 || [ -n "${FREECAD_PATH:-}" ] || missing+=(freecad-python3)
if [ "$want_test" = 1 ]; then
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  # the design store's PostgreSQL tests start their own cluster with initdb/pg_ctl when none answers on :5432
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.ai-designer-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "==> installing ai-designer into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[dev]'
  touch "$stamp"
fi

# the offline planner's Earley parser takes seconds of CPU to build: build it now (into $AI_DESIGNER_HOME/cache,
# keyed by the grammar) instead of in the first design; a no-op (≈ 0.2 s) when this grammar's is already there
echo "==> preparing the offline planner's parser"
.venv/bin/python -c "from ai_designer.planning.grammar import warm; warm()"
