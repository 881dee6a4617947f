#!/usr/bin/env bash
# Re-create src/accord/server/static/vendor/ from the npm registry at pinned versions.
# The web UI works offline: these files ship inside the Python package, with their
# licences, and nothing is fetched from a CDN at run time. Run this (needs npm) only to
# change a version; then update the table in static/vendor/README.md (the script prints
# the sha256 of each file).
set -euo pipefail
CYTOSCAPE=3.35.0
CHARTJS=4.6.1
SWAGGER=5.35.0
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/src/accord/server/static/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund \
    "cytoscape@$CYTOSCAPE" "chart.js@$CHARTJS" "swagger-ui-dist@$SWAGGER"
mkdir -p "$DEST"
M=node_modules
# cytoscape ships no UMD build since 3.31: its ES module, renamed .js so that every
# server gives it a JavaScript MIME type.
cp "$M/cytoscape/dist/cytoscape.esm.min.mjs" "$DEST/cytoscape.esm.min.js"
cp "$M/cytoscape/LICENSE" "$DEST/cytoscape.LICENSE"
cp "$M/chart.js/dist/chart.umd.min.js" "$DEST/chart.umd.min.js"
cp "$M/chart.js/LICENSE.md" "$DEST/chart.js.LICENSE.md"
cp "$M/swagger-ui-dist/swagger-ui-bundle.js" "$DEST/swagger-ui-bundle.js"
cp "$M/swagger-ui-dist/swagger-ui.css" "$DEST/swagger-ui.css"
cp "$M/swagger-ui-dist/LICENSE" "$DEST/swagger-ui.LICENSE"
cp "$M/swagger-ui-dist/NOTICE" "$DEST/swagger-ui.NOTICE"
cd "$DEST" && sha256sum ./*.js ./*.css
