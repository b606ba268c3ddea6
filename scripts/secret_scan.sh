#!/usr/bin/env bash
# Secret scan (detect-secrets): fails when a tracked file holds a secret that is not in .secrets.baseline.
#   bash scripts/secret_scan.sh            check (CI runs this verbatim)
#   bash scripts/secret_scan.sh --update   re-scan and rewrite the baseline after auditing new findings
#                                          (.venv/bin/detect-secrets audit .secrets.baseline)
# A deliberate fake credential in a test can instead carry an inline `# pragma: allowlist secret` comment.
set -euo pipefail
cd "$(dirname "$0")/.."

bin_dir=""
if [ -x .venv/bin/detect-secrets ]; then bin_dir=".venv/bin/"; fi
if ! command -v "${bin_dir}detect-secrets" >/dev/null 2>&1; then
  echo "detect-secrets not found: pip install detect-secrets (it is in the dev extras)" >&2
  exit 2
fi
exclude='(^|/)(\.secrets\.baseline|.*\.lock|.*\.FCStd|.*\.step|.*\.stl|.*\.glb|.*\.png)$'

if [ "${1:-}" = "--update" ]; then
  if [ -f .secrets.baseline ]; then
    "${bin_dir}detect-secrets" scan --baseline .secrets.baseline --exclude-files "$exclude"
  else
    "${bin_dir}detect-secrets" scan --exclude-files "$exclude" > .secrets.baseline
  fi
  echo "==> .secrets.baseline updated; audit it with: ${bin_dir}detect-secrets audit .secrets.baseline"
  exit 0
fi

if [ ! -f .secrets.baseline ]; then
  echo ".secrets.baseline is missing: run bash scripts/secret_scan.sh --update and audit it" >&2
  exit 2
fi
mapfile -d '' files < <(git ls-files -z --cached --others --exclude-standard | grep -zvE "$exclude" || true)
echo "==> detect-secrets: ${#files[@]} tracked files"
if [ "${#files[@]}" -eq 0 ]; then exit 0; fi
# The hook rewrites the baseline when only line numbers moved (exit 3): check against a copy so CI never edits the
# tree and moved lines are not failures; exit 1 means a secret that the baseline does not list.
work="$(mktemp)"
trap 'rm -f "$work"' EXIT
cp .secrets.baseline "$work"
rc=0
"${bin_dir}detect-secrets-hook" --baseline "$work" --exclude-files "$exclude" "${files[@]}" || rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
  echo "!! a possible secret is not in .secrets.baseline: remove it (and rotate it if it was real), or if it is" >&2
  echo "   a deliberate fake, mark the line '# pragma: allowlist secret' or audit it into the baseline" >&2
  echo "   (bash scripts/secret_scan.sh --update && detect-secrets audit .secrets.baseline)." >&2
  exit 1
fi
echo "==> no new secrets"
