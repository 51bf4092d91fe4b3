#!/usr/bin/env bash
# Idempotency keys: a retried `update --key K` after an unclear failure records once.
#  - killed after its commit but before it could report success (stdout blocked, kill -9);
#  - refused because another process held the journal locked (busy);
#  - the same key sent by many processes at once (update and open).
source "$(dirname "$0")/lib.sh"
count_key() { sqlite3 "$INCIDENT_DB" "SELECT count(*) FROM updates WHERE idempotency_key = '$1'"; }

"$INCIDENT" -q open "Idempotency" "first" >/dev/null || { fail "open"; finish; }

# 1. Killed after commit: stdout is a full pipe, so the call blocks writing its success line.
mkfifo "$WORK/pipe"
exec 3<>"$WORK/pipe"
head -c 65536 /dev/zero >&3
set -m
"$INCIDENT" update 1 "after commit" --key k-commit >&3 2>"$WORK/err1" &
pid=$!
set +m
for ((i = 0; i < 500; i++)); do [[ $(count_key k-commit) == 1 ]] && break; sleep 0.01; done
if kill -0 "$pid" 2>/dev/null; then ok "call blocked after its commit, before reporting"; else
    fail "the call was not blocked on its output"; fi
kill -9 -- "-$pid" 2>/dev/null
wait "$pid" 2>/dev/null
rc=$?
exec 3>&-
((rc == 137)) && ok "killed with SIGKILL before reporting success" || fail "exit $rc, expected 137 (SIGKILL)"
[[ $(count_key k-commit) == 1 ]] || fail "the killed call's update is not in the journal"
out=$("$INCIDENT" update 1 "after commit" --key k-commit 2>"$WORK/err1b")
rc=$?
((rc == 0)) && ok "retry after the kill exits 0" || fail "retry exit $rc: $(cat "$WORK/err1b")"
grep -q "already used by update" "$WORK/err1b" && ok "retry says the key was already used" ||
    fail "retry did not note the replay: $(cat "$WORK/err1b")"
[[ $out == "Updated incident 1: update 2 (investigating)" ]] && ok "retry reports the original update" ||
    fail "retry printed: $out"
[[ $(count_key k-commit) == 1 ]] && ok "killed-after-commit + retry recorded once" || fail "k-commit recorded $(count_key k-commit) times"

# 2. Busy: another process holds the write lock; the call fails clearly and records nothing.
coproc HOLD { python3 "$HERE/hold-lock.py" "$INCIDENT_DB"; }
read -r line <&"${HOLD[0]}"
[[ $line == locked ]] || fail "lock holder did not start"
start=$(now_ms)
INCIDENT_LOCK_TIMEOUT_MS=300 "$INCIDENT" update 1 "while busy" --key k-busy >/dev/null 2>"$WORK/err2"
rc=$?
elapsed=$(($(now_ms) - start))
((rc == 1)) && ok "busy call exits 1" || fail "busy call exit $rc"
grep -q "locked by another process" "$WORK/err2" && ok "busy call says the journal is locked" ||
    fail "busy call said: $(cat "$WORK/err2")"
((elapsed < 1300)) && ok "busy call gave up in ${elapsed} ms (timeout 300 ms)" || fail "busy call took ${elapsed} ms (timeout 300 ms)"
eval "exec ${HOLD[1]}>&-"
wait "$HOLD_PID"
[[ $(count_key k-busy) == 0 ]] || fail "the refused call recorded something"
for attempt in 1 2 3; do
    "$INCIDENT" update 1 "while busy" --key k-busy >/dev/null 2>"$WORK/err2b" ||
        fail "retry $attempt after busy failed: $(cat "$WORK/err2b")"
done
[[ $(count_key k-busy) == 1 ]] && ok "busy + 3 retries recorded once" || fail "k-busy recorded $(count_key k-busy) times"

# 3. Concurrent retries with one key, for update and for open.
n=16
for ((w = 1; w <= n; w++)); do
    "$INCIDENT" update 1 "same key" --key k-race >/dev/null 2>>"$WORK/err3" || echo "update $w" >>"$WORK/fail3" &
    "$INCIDENT" -q open "Raced" "same key" --key k-race-open >>"$WORK/ids3" 2>>"$WORK/err3" || echo "open $w" >>"$WORK/fail3" &
done
wait
[[ ! -s $WORK/fail3 ]] && ok "$n concurrent same-key updates and opens all exit 0" ||
    fail "some same-key calls failed: $(head -3 "$WORK/fail3") $(grep -v 'already used' "$WORK/err3" | head -3)"
[[ $(count_key k-race) == 1 ]] && ok "$n concurrent same-key updates recorded once" || fail "k-race recorded $(count_key k-race) times"
[[ $(sqlite3 "$INCIDENT_DB" "SELECT count(*) FROM incidents WHERE title = 'Raced'") == 1 ]] &&
    ok "$n concurrent same-key opens made one incident" || fail "same-key opens made several incidents"
[[ $(sort -u "$WORK/ids3" | wc -l) == 1 && $(wc -l <"$WORK/ids3") == "$n" ]] &&
    ok "every same-key open printed the same id" || fail "same-key opens printed: $(sort "$WORK/ids3" | uniq -c)"
[[ $(grep -c "already used" "$WORK/err3") == $((2 * n - 2)) ]] && ok "all but the first of each were noted as replays" ||
    fail "$(grep -c "already used" "$WORK/err3") replay notes, expected $((2 * n - 2))"
check_integrity "$INCIDENT_DB"
finish
