#!/usr/bin/env bash
# Rebuilds the sample incident, exports it as HTML and screenshots it in headless Chromium:
# docs/report-screenshot.png (the README's picture). Usage: report-screenshot.sh [BINARY]
# OUT=PATH writes elsewhere; WINDOW=W,H sets the viewport (e.g. WINDOW=390,2600 for a phone).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=${OUT:-$top/docs/report-screenshot.png}
incident=$(readlink -f "${1:-$top/build/incident}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
INCIDENT_NOW=2019-07-04T14:00:00Z bash "$top/scripts/sample-incident.sh" "$incident" "$work/journal.db" >/dev/null
INCIDENT_NOW=2019-07-04T14:00:00Z INCIDENT_DB=$work/journal.db "$incident" export 1 --format html -o "$work/report.html"
timeout -k 5 60 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$work/profile" \
    --hide-scrollbars --force-device-scale-factor=1 --window-size="${WINDOW:-1000,2200}" \
    --screenshot="$out" "file://$work/report.html" 2>/dev/null
echo "wrote $out"
