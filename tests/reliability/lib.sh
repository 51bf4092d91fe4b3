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

# Concurrent writers (the concurrency tests of both backends): `run_writers WRITERS UPDATES`
# starts the writers at once, each making UPDATES calls of `writer_call W J` (defined by the
# test; its stderr goes to err.W), and sets total, elapsed (ms) and slowest (ms, one call).
run_writers() {
    local writers=$1 updates=$2 w start
    start=$(now_ms)
    for ((w = 1; w <= writers; w++)); do run_writer "$w" "$updates" & done
    wait
    elapsed=$(($(now_ms) - start))
    total=$((writers * updates))
    slowest=$(sort -n "$WORK"/slowest.* | tail -1)
}
run_writer() {
    local w=$1 updates=$2 j rc t0 ms slowest=0
    for ((j = 1; j <= updates; j++)); do
        t0=${EPOCHREALTIME/./}
        writer_call "$w" "$j" 2>>"$WORK/err.$w"
        rc=$?
        ms=$(((${EPOCHREALTIME/./} - t0) / 1000))
        ((ms > slowest)) && slowest=$ms
        ((rc == 0)) || echo "w$w-u$j exit $rc" >>"$WORK/failed.$w"
    done
    echo "$slowest" >"$WORK/slowest.$w"
}
# After run_writers: no call failed or wrote to stderr, and the bodies on standard input are
# every "wW-uJ" exactly once (sorted into $WORK/got, the expected ones into $WORK/want). It
# counts failures, so it runs in the test's shell: feed it with < <(...), not a pipe.
check_writers() {
    local writers=$1 updates=$2 w j failed stray
    failed=$(cat "$WORK"/failed.* 2>/dev/null | wc -l)
    if ((failed == 0)); then ok "no call failed"; else
        fail "$failed of $total calls failed, e.g.:"; cat "$WORK"/failed.* | head -5 >&2
    fi
    stray=$(cat "$WORK"/err.* 2>/dev/null | wc -l)
    ((stray == 0)) || { fail "$stray lines on stderr:"; cat "$WORK"/err.* | head -5 >&2; }
    sort >"$WORK/got"
    for ((w = 1; w <= writers; w++)); do for ((j = 1; j <= updates; j++)); do echo "w$w-u$j"; done; done |
        sort >"$WORK/want"
    if cmp -s "$WORK/want" "$WORK/got"; then ok "all $total updates present exactly once"; else
        fail "updates differ from the $total expected (want vs got):"
        diff "$WORK/want" "$WORK/got" | head -10 >&2
    fi
}
