#!/usr/bin/env bash
# The main job: set up, make a first design (a plate with holes) into outputs/, then start the service + web UI.
# Set SERVE=0 to stop after the first design.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p outputs/first-design
echo "==> designing: a 90 x 70 x 8 mm plate with four 5.5 mm corner holes 6 mm from the edges"
.venv/bin/ai-designer design "a 90 x 70 x 8 mm plate with four 5.5 mm corner holes 6 mm from the edges" \
  --out outputs/first-design --format fcstd,step,stl,glb,png
echo "==> files are in $(pwd)/outputs/first-design"
if [ "${SERVE:-1}" = "1" ]; then
  echo "==> starting the API and web UI on http://${API_HOST:-127.0.0.1}:${API_PORT:-8000}/ (Ctrl-C to stop)"
  exec .venv/bin/ai-designer serve
fi
