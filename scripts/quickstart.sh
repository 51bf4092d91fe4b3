#!/usr/bin/env bash
# Quick start: installs what is missing, builds, records the sample incident of
# July 2019 in a fresh journal, prints its Markdown report and writes its HTML report.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh" build
# Only the program, in unity batches (a few minutes instead of ten on two cores); the test
# suite (scripts/test.sh) builds the rest, one object per file.
cmake -S "$top" -B "$top/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DINCIDENT_UNITY=ON >/dev/null
cmake --build "$top/build" --target incident
"$top/scripts/sample-incident.sh" "$top/build/incident" "$top/build/sample-journal.db"
echo
echo "== the report, as Markdown:"
INCIDENT_DB="$top/build/sample-journal.db" "$top/build/incident" export 1
INCIDENT_DB="$top/build/sample-journal.db" "$top/build/incident" export 1 --format html \
    -o "$top/build/sample-report.html"
echo
echo "HTML report: $top/build/sample-report.html"
