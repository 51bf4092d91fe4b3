#!/usr/bin/env bash
# 16 processes x 200 `incident update` calls on one journal, all at once: every update is
# present exactly once, the journal passes integrity_check, and no call fails (in particular
# none with "database is locked"). Usage: concurrency.sh INCIDENT [WRITERS] [UPDATES]
source "$(dirname "$0")/lib.sh"
writers=${2:-16}
updates=${3:-200}

"$INCIDENT" -q open "Concurrency" "first" >/dev/null || { fail "open"; finish; }

writer_call() { "$INCIDENT" update 1 "w$1-u$2" >/dev/null; }
run_writers "$writers" "$updates"
figure "concurrency: $writers writers x $updates updates = $total in $((elapsed / 1000)).$(printf %03d $((elapsed % 1000))) s;" \
    "slowest call $slowest ms (lock timeout 5000 ms)"

if cat "$WORK"/err.* 2>/dev/null | grep -qi "locked"; then
    fail "some call said the journal was locked:"; grep -hi locked "$WORK"/err.* | head -3 >&2
fi
check_integrity "$INCIDENT_DB"
check_writers "$writers" "$updates" < <(sqlite3 "$INCIDENT_DB" "SELECT body FROM updates WHERE id > 1")
dups=$(uniq -d "$WORK/got" | wc -l)
((dups == 0)) || fail "$dups duplicated updates"
finish
