#!/usr/bin/env bash
# The bounded CI load run: 20 users for 30 s against a local API on loopback (profile SMOKE) with auth on (a
# throw-away API key); fails when the criteria (HTTP P95 < 10 s, errors < 1 %) are not met.
# Report: outputs/load_smoke_report.html, figures: outputs/load_smoke_summary.json.
set -euo pipefail
cd "$(dirname "$0")/.."
LOAD_PROFILE=SMOKE LOAD_HOST="" LOAD_AUTH="${LOAD_AUTH:-1}" LOAD_REPORT="${LOAD_REPORT:-outputs/load_smoke_report.html}" \
  LOAD_SUMMARY="${LOAD_SUMMARY:-outputs/load_smoke_summary.json}" exec bash scripts/load_test.sh
