#!/usr/bin/env bash
# Quick start: installs what is missing, builds, records the sample incident of
# July 2019 in a fresh journal and prints its report.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh" build
cmake -S "$top" -B "$top/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$top/build"
"$top/scripts/sample-incident.sh" "$top/build/incident" "$top/build/sample-journal.db"
