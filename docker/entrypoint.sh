#!/bin/sh
# Container entrypoint: start each container with an empty Prometheus multiprocess directory (stale files from a
# previous run would be merged into /metrics), then run the command (the API by default, or `ai-designer worker`).
set -eu
if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
  mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
  find "$PROMETHEUS_MULTIPROC_DIR" -mindepth 1 -maxdepth 1 -name '*.db' -delete
fi
exec "$@"
