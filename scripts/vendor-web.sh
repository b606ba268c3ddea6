#!/usr/bin/env bash
# Refresh the browser UI's vendored three.js from the npm registry (version pinned in src/ai_designer/web/package.json).
# The files are committed so the page works on a machine with no internet and no npm; run this only to upgrade.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["dependencies"]["three"])' \
  "$root/src/ai_designer/web/package.json")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "three@$version" >/dev/null && tar xzf "three-$version.tgz")
dest="$root/src/ai_designer/web/vendor/three"
mkdir -p "$dest"
cp "$work/package/build/three.module.min.js" "$work/package/LICENSE" "$dest/"
cp "$work/package/examples/jsm/controls/OrbitControls.js" "$work/package/examples/jsm/loaders/STLLoader.js" "$dest/"
sed -i "s#from 'three'#from './three.module.min.js'#" "$dest/OrbitControls.js" "$dest/STLLoader.js"
echo "three $version vendored into $dest"
