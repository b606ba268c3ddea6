#!/usr/bin/env bash
# Run a Locust load profile (tests/load/scenarios.py) headless and write the HTML report.
#   LOAD_PROFILE=STEADY_STATE|COMPLEX_WORKLOAD|SPIKE|SMOKE (default STEADY_STATE)
#   LOAD_HOST=http://host:8000   test that server; unset = start a local API on a free loopback port for the run
#   LOAD_REPORT=outputs/load_test_report.html   LOAD_SUMMARY=outputs/load_test_summary.json
#   LOAD_API_KEY=...             sent as X-API-Key when the server has AUTH_ENABLED=true
#   LOAD_AUTH=1                  the local API runs with AUTH_ENABLED=true and a throw-away key (auth under load)
# Exit code: Locust's, i.e. 0 only when the profile's criteria (HTTP P95 < 10 s, errors < 1 %) are met.
set -euo pipefail
cd "$(dirname "$0")/.."
export LOAD_PROFILE="${LOAD_PROFILE:-STEADY_STATE}"
report="${LOAD_REPORT:-outputs/load_test_report.html}"
export LOAD_SUMMARY="${LOAD_SUMMARY:-outputs/load_test_summary.json}"
mkdir -p "$(dirname "$report")" "$(dirname "$LOAD_SUMMARY")"

server_pid=""
home=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ -n "$home" ]; then rm -rf "$home"; fi
}
trap cleanup EXIT

host="${LOAD_HOST:-}"
if [ -z "$host" ]; then
  port="$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  home="$(mktemp -d)"
  log="${LOAD_SERVER_LOG:-outputs/load_server.log}"
  echo "==> starting a local API on 127.0.0.1:$port (log: $log)"
  auth=false
  if [ "${LOAD_AUTH:-0}" = "1" ]; then
    auth=true
    LOAD_API_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(24))')"
    JWT_SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(48))')"
    export LOAD_API_KEY JWT_SECRET_KEY
    export AUTH_API_KEYS="$LOAD_API_KEY"
  fi
  # No Redis here: the embedded mode (SQLite store, local FreeCAD pool) and therefore no rate limiter.
  env -u REDIS_URL -u REDIS_HOST AI_DESIGNER_HOME="$home" JOB_BACKEND=local AUTH_ENABLED="$auth" \
    LOG_LEVEL="${LOG_LEVEL:-WARNING}" \
    .venv/bin/uvicorn ai_designer.api.app:create_app --factory --host 127.0.0.1 --port "$port" \
      --workers "${LOAD_SERVER_WORKERS:-1}" --log-level warning --no-access-log >"$log" 2>&1 &
  server_pid=$!
  host="http://127.0.0.1:$port"
  for _ in $(seq 1 120); do
    if .venv/bin/python -c "import sys, urllib.request; urllib.request.urlopen('$host/health', timeout=2)" 2>/dev/null; then
      break
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then echo "the API did not start:" >&2; cat "$log" >&2; exit 2; fi
    sleep 0.5
  done
fi

duration="$(.venv/bin/python -c 'import sys; sys.path.insert(0, "tests/load"); from scenarios import get_profile; print(get_profile().duration_s)')"
echo "==> locust $LOAD_PROFILE against $host -> $report"
# The profile's shape ends the run; the outer timeout is a backstop so a stalled run can never hang CI: SIGINT makes
# Locust quit normally (report, summary and verdict are still written).
timeout -s INT -k 60 "$((duration + 120))" \
  .venv/bin/locust -f tests/load/locustfile.py --headless --host "$host" --html "$report" --only-summary \
  --loglevel WARNING
