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

writer_call() {
    if (($2 % 20 == 0)); then
        # Component changes too: every writer derives the same component's status.
        "$INCIDENT" update 1 "w$1-u$2" --component "Cloud/API=partial_outage" >/dev/null
    else
        "$INCIDENT" update 1 "w$1-u$2" >/dev/null
    fi
}
run_writers "$writers" "$updates"
figure "postgresql concurrency: $writers writers x $updates updates = $total in $((elapsed / 1000)).$(printf %03d $((elapsed % 1000))) s;" \
    "slowest call $slowest ms"

check_writers "$writers" "$updates" < <(sql "SELECT body FROM updates WHERE id > 1")
lost=$(comm -23 "$WORK/want" "$WORK/got" | wc -l)
figure "postgresql concurrency: $lost lost, $(uniq -d "$WORK/got" | wc -l) duplicated"
[[ $(sql "SELECT count(*) FROM incidents i WHERE status <> (SELECT status FROM updates u
      WHERE u.incident_id = i.id ORDER BY posted_at DESC, id DESC LIMIT 1)") == 0 ]] &&
    ok "the incident's status is its last update's" || fail "status disagrees with the last update"
[[ $(sql "SELECT status FROM page_components WHERE grp = 'Cloud' AND name = 'API'") == partial_outage ]] &&
    ok "the component's status follows its last change" || fail "component status"
finish
