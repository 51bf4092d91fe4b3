#!/usr/bin/env bash
# Full disk: a journal on a 600 KiB tmpfs made for the test is filled with updates until a
# write fails. That failure must say "disk full" (exit 1), every update that reported success
# must be there, the journal must pass integrity_check, stay readable while full, and take
# writes again once space is freed. Needs root (mount); skipped with a message otherwise.
source "$(dirname "$0")/lib.sh"
if [[ $(id -u) != 0 ]]; then echo "SKIP: not root, cannot mount a small filesystem"; exit $SKIP; fi
mnt=$WORK/mnt
mkdir -p "$mnt"
if ! mount -t tmpfs -o size=600k,mode=0700 incident-full-disk "$mnt" 2>"$WORK/mount.err"; then
    echo "SKIP: cannot mount a tmpfs here: $(cat "$WORK/mount.err")"; exit $SKIP
fi
cleanup_hooks+=("umount '$mnt' 2>/dev/null || umount -l '$mnt'")
export INCIDENT_DB=$mnt/journal.db

"$INCIDENT" -q open "Full disk" "first" >/dev/null || { fail "open on the small filesystem"; finish; }
# Leave room to free later: a filler file that is deleted once the disk is full.
head -c 150000 /dev/urandom >"$mnt/filler"
head -c 20000 /dev/urandom | base64 -w 100 >"$WORK/body"
ok_calls=0 rc=0
for ((i = 1; i <= 200; i++)); do
    "$INCIDENT" update 1 -F "$WORK/body" --key "fill-$i" >/dev/null 2>"$WORK/err"
    rc=$?
    ((rc == 0)) || break
    ok_calls=$((ok_calls + 1))
done
figure "full disk: $ok_calls updates of 27 KB fit on a 600 KiB tmpfs (with a 150 KB filler) before the disk was full"
((rc == 1)) && ok "the failing write exits 1" || fail "the failing write exited $rc after $ok_calls updates"
grep -q "^incident: error: disk full while writing the journal" "$WORK/err" &&
    ok "it says: $(cat "$WORK/err")" || fail "unclear disk-full message: $(cat "$WORK/err")"
[[ $(wc -l <"$WORK/err") == 1 ]] || fail "more than one line on stderr: $(cat "$WORK/err")"
check_integrity "$INCIDENT_DB"
n=$(sqlite3 "$INCIDENT_DB" "SELECT count(*) FROM updates WHERE idempotency_key LIKE 'fill-%'")
((n == ok_calls)) && ok "all $ok_calls successful updates present, the failed one absent" ||
    fail "$n fill updates in the journal, $ok_calls reported success"
[[ ! -e $INCIDENT_DB-journal ]] && ok "no rollback journal left behind" || fail "a rollback journal was left on the full disk"
"$INCIDENT" list >/dev/null 2>"$WORK/err" && ok "list works while the disk is full" || fail "list on a full disk: $(cat "$WORK/err")"
"$INCIDENT" show 1 >/dev/null 2>"$WORK/err" && ok "show works while the disk is full" || fail "show on a full disk: $(cat "$WORK/err")"
"$INCIDENT" --db "$mnt/new.db" open "New journal" "x" >/dev/null 2>"$WORK/err"
rc=$?
((rc == 1)) && grep -qE "disk full|No space left" "$WORK/err" && ok "a new journal on the full disk fails clearly: $(cat "$WORK/err")" ||
    fail "a new journal on the full disk: exit $rc: $(cat "$WORK/err")"

rm -f "$mnt/filler" "$mnt/new.db" "$mnt/new.db-journal"
"$INCIDENT" update 1 -F "$WORK/body" --key "fill-$((ok_calls + 1))" >/dev/null 2>"$WORK/err" &&
    ok "the journal takes writes again once space is freed" || fail "write after freeing space: $(cat "$WORK/err")"
"$INCIDENT" update 1 -F "$WORK/body" --key "fill-$((ok_calls + 1))" >/dev/null 2>&1
n=$(sqlite3 "$INCIDENT_DB" "SELECT count(*) FROM updates WHERE idempotency_key LIKE 'fill-%'")
((n == ok_calls + 1)) && ok "exactly one more update after freeing space" || fail "$n fill updates after freeing space"
check_integrity "$INCIDENT_DB"
finish
