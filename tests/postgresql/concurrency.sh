#!/usr/bin/env bash
# WRITERS processes x UPDATES `incident update` calls on one incident of a PostgreSQL journal,
# all at once: no call fails, and every update is present exactly once (the writers queue on
# the incident's row lock; only serialization failures and deadlocks would be retried).
# Usage: concurrency.sh INCIDENT [WRITERS] [UPDATES] (run by with-server.sh)
source "$(dirname "$0")/lib.sh"
writers=${2:-${INCIDENT_PG_WRITERS:-16}}
updates=${3:-${INCIDENT_PG_UPDATES:-200}}

"$INCIDENT" -q open "Concurrency" "first" --component "Cloud/API=degraded_performance" >/dev/null ||
    { fail "open"; finish; }

writer() {
    local w=$1 j rc t0 slowest=0 ms
    for ((j = 1; j <= updates; j++)); do
        t0=${EPOCHREALTIME/./}
        if ((j % 20 == 0)); then
            # Component changes too: every writer derives the same component's status.
            "$INCIDENT" update 1 "w$w-u$j" --component "Cloud/API=partial_outage" >/dev/null 2>>"$WORK/err.$w"
        else
            "$INCIDENT" update 1 "w$w-u$j" >/dev/null 2>>"$WORK/err.$w"
        fi
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
figure "postgresql concurrency: $writers writers x $updates updates = $total in $((elapsed / 1000)).$(printf %03d $((elapsed % 1000))) s;" \
    "slowest call $slowest ms"

failed=$(cat "$WORK"/failed.* 2>/dev/null | wc -l)
if ((failed == 0)); then ok "no call failed"; else
    fail "$failed of $total calls failed, e.g.:"; cat "$WORK"/failed.* | head -5 >&2
fi
stray=$(cat "$WORK"/err.* 2>/dev/null | wc -l)
((stray == 0)) || { fail "$stray lines on stderr:"; cat "$WORK"/err.* | head -5 >&2; }

sql "SELECT body FROM updates WHERE id > 1" | sort >"$WORK/got"
for ((w = 1; w <= writers; w++)); do for ((j = 1; j <= updates; j++)); do echo "w$w-u$j"; done; done |
    sort >"$WORK/want"
if cmp -s "$WORK/want" "$WORK/got"; then ok "all $total updates present exactly once"; else
    fail "updates differ from the $total expected (want vs got):"
    diff "$WORK/want" "$WORK/got" | head -10 >&2
fi
lost=$(comm -23 "$WORK/want" "$WORK/got" | wc -l)
figure "postgresql concurrency: $lost lost, $(uniq -d "$WORK/got" | wc -l) duplicated"
[[ $(sql "SELECT count(*) FROM incidents i WHERE status <> (SELECT status FROM updates u
      WHERE u.incident_id = i.id ORDER BY posted_at DESC, id DESC LIMIT 1)") == 0 ]] &&
    ok "the incident's status is its last update's" || fail "status disagrees with the last update"
[[ $(sql "SELECT status FROM page_components WHERE grp = 'Cloud' AND name = 'API'") == partial_outage ]] &&
    ok "the component's status follows its last change" || fail "component status"
finish
