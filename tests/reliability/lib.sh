# Shared set-up for the reliability tests: sourced by each script, which gets the incident
# binary as $1. Gives a private work directory (removed on exit), a fixed environment, and
# helpers to fail, skip and report figures.
set -u
INCIDENT=$(readlink -f "$1")
[[ -x $INCIDENT ]] || { echo "no incident binary at $1" >&2; exit 2; }
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/incident-rel.XXXXXX")
cleanup_hooks=()
on_exit() {
    local hook
    for hook in "${cleanup_hooks[@]}"; do eval "$hook"; done
    chmod -R u+w "$WORK" 2>/dev/null
    rm -rf "$WORK"
}
trap on_exit EXIT
export HOME="$WORK/home" USER=tester LOGNAME=tester LC_ALL=C.UTF-8 TZ=Europe/Stockholm
export INCIDENT_DB="$WORK/journal.db"
unset XDG_DATA_HOME NO_COLOR INCIDENT_AUTHOR INCIDENT_NOW VISUAL EDITOR INCIDENT_LOCK_TIMEOUT_MS
mkdir -p "$HOME"

SKIP=77   # ctest SKIP_RETURN_CODE
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
# A line the docs quote: "FIGURE: <name>: <value>".
figure() { echo "FIGURE: $*"; }
finish() {
    if ((failures > 0)); then
        echo "$failures check(s) failed" >&2
        exit 1
    fi
    echo "all checks passed"
    exit 0
}
# integrity_check of journal $1 must say ok.
check_integrity() {
    local result
    result=$(sqlite3 "$1" "PRAGMA integrity_check" 2>&1)
    if [[ $result == ok ]]; then ok "integrity_check of $(basename "$1")"; else fail "integrity_check of $1: $result"; fi
}
now_ms() { date +%s%3N; }
