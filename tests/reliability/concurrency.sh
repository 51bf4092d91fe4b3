#!/usr/bin/env bash
# 16 processes x 200 `incident update` calls on one journal, all at once: every update is
# present exactly once, the journal passes integrity_check, and no call fails (in particular
# none with "database is locked"). Usage: concurrency.sh INCIDENT [WRITERS] [UPDATES]
source "$(dirname "$0")/lib.sh"
writers=${2:-16}
updates=${3:-200}

"$INCIDENT" -q open "Concurrency" "first" >/dev/null || { fail "open"; finish; }

writer() {
    local w=$1 j rc t0 slowest=0 ms
    for ((j = 1; j <= updates; j++)); do
        t0=${EPOCHREALTIME/./}
        "$INCIDENT" update 1 "w$w-u$j" >/dev/null 2>>"$WORK/err.$w"
        rc=$?
        ms=$(((${EPOCHREALTIME/./} - t0) / 1000))
        ((ms > slowest)) && slowest=$ms
        ((rc == 0)) || echo "w$w-u$j exit $rc" >>"$WORK/failed.$w"
    done
    echo "$slowest" >"$WORK/slowest.$w"
}
start=$(now_ms)
for ((w = 1; w <= writers; w++)); do writer "$w" & done
wait
elapsed=$(($(now_ms) - start))
total=$((writers * updates))
slowest=$(sort -n "$WORK"/slowest.* | tail -1)
figure "concurrency: $writers writers x $updates updates = $total in $((elapsed / 1000)).$(printf %03d $((elapsed % 1000))) s;" \
    "slowest call $slowest ms (lock timeout 5000 ms)"

failed=$(cat "$WORK"/failed.* 2>/dev/null | wc -l)
if ((failed == 0)); then ok "no call failed"; else
    fail "$failed of $total calls failed, e.g.:"; cat "$WORK"/failed.* | head -5 >&2
fi
if cat "$WORK"/err.* 2>/dev/null | grep -qi "locked"; then
    fail "some call said the journal was locked:"; grep -hi locked "$WORK"/err.* | head -3 >&2
fi
stray=$(cat "$WORK"/err.* 2>/dev/null | wc -l)
((stray == 0)) || { fail "$stray lines on stderr:"; cat "$WORK"/err.* | head -5 >&2; }

check_integrity "$INCIDENT_DB"
# Every expected body exactly once, nothing else.
sqlite3 "$INCIDENT_DB" "SELECT body FROM updates WHERE id > 1" | sort >"$WORK/got"
for ((w = 1; w <= writers; w++)); do for ((j = 1; j <= updates; j++)); do echo "w$w-u$j"; done; done |
    sort >"$WORK/want"
if cmp -s "$WORK/want" "$WORK/got"; then ok "all $total updates present exactly once"; else
    fail "updates differ from the $total expected (want vs got):"
    diff "$WORK/want" "$WORK/got" | head -10 >&2
fi
dups=$(uniq -d "$WORK/got" | wc -l)
((dups == 0)) || fail "$dups duplicated updates"
finish
