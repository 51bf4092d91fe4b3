#!/usr/bin/env bash
# Builds scripts/sample-site.sh's status site and screenshots its front page in headless
# Chromium: docs/site-screenshot.png (the README's picture). Usage: site-screenshot.sh [BINARY]
# OUT=PATH writes elsewhere; WINDOW=W,H sets the viewport (e.g. WINDOW=390,3000 for a phone).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=${OUT:-$top/docs/site-screenshot.png}
incident=$(readlink -f "${1:-$top/build/incident}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
INCIDENT_NOW=2019-07-04T14:00:00Z TZ=Europe/Stockholm bash "$top/scripts/sample-site.sh" "$incident" "$work/journal.db" "$work/site"
timeout -k 5 60 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$work/profile" \
    --hide-scrollbars --force-device-scale-factor=1 --window-size="${WINDOW:-1000,1900}" \
    --screenshot="$out" "file://$work/site/index.html" 2>/dev/null
echo "wrote $out"
