#!/usr/bin/env bash
# Bad journals: read-only, locked (reader and writer), not SQLite, another program's SQLite
# file (with and without an application id), a newer schema, corrupted and truncated files.
# Each must fail with a clear message of its own kind and a non-zero exit, and leave the file
# byte-identical (and no rollback journal beside it).
source "$(dirname "$0")/lib.sh"
cd "$WORK"
good=$WORK/good.db
"$INCIDENT" --db "$good" -q open "Good" "first" >/dev/null || { fail "open"; finish; }
for i in $(seq 1 30); do
    "$INCIDENT" --db "$good" update 1 "$(printf 'y%.0s' $(seq 1 3000)) $i" >/dev/null || fail "update $i"
done

declare -A kind_of_message
# expect NAME FILE PATTERN EXIT -- COMMAND...: runs the command against FILE and checks it.
expect() {
    local name=$1 file=$2 pattern=$3 want_rc=$4; shift 5
    local sum_before sum_after rc start elapsed
    sum_before=$(md5sum <"$file")
    start=$(now_ms)
    "$@" >"$WORK/out" 2>"$WORK/err"
    rc=$?
    elapsed=$(($(now_ms) - start))
    sum_after=$(md5sum <"$file")
    local msg
    msg=$(cat "$WORK/err")
    if ((rc == want_rc)) && grep -qE "^incident: error: .*($pattern)" "$WORK/err" && [[ $(wc -l <"$WORK/err") == 1 ]]; then
        ok "$name: exit $rc in ${elapsed} ms: $msg"
    else
        fail "$name: exit $rc (want $want_rc), stderr: $msg (want /$pattern/)"
    fi
    [[ $sum_before == "$sum_after" ]] || fail "$name: the file changed"
    [[ ! -e $file-journal ]] || fail "$name: a rollback journal was left beside the file"
    [[ ! -s $WORK/out ]] || fail "$name: printed data: $(head -c 200 "$WORK/out")"
    # One message per kind of problem: strip the file name, then compare across cases.
    local shape=${msg//$file/FILE}
    shape=${shape//$(basename "$file")/FILE}
    kind_of_message[$name]=$shape
    LAST_ELAPSED=$elapsed
}

# Read-only journal, for a writer. Root ignores file modes: make the file immutable, or
# fall back to running the writer as nobody.
cp "$good" ro.db
as_writer=("$INCIDENT")
if [[ $(id -u) == 0 ]]; then
    if chattr +i ro.db 2>/dev/null; then
        cleanup_hooks+=("chattr -i '$WORK/ro.db'")
        echo "read-only: immutable file (chattr +i)"
    else
        cp "$INCIDENT" "$WORK/incident-copy" && chmod 755 "$WORK" "$WORK/incident-copy"
        chmod 0444 ro.db && chown 65534 ro.db && chmod 0777 "$WORK"
        as_writer=(setpriv --reuid=65534 --regid=65534 --clear-groups "$WORK/incident-copy")
        echo "read-only: mode 0444, writer runs as nobody (setpriv)"
    fi
else
    chmod 0444 ro.db
fi
expect "read-only file, writer" ro.db "is read-only" 1 -- "${as_writer[@]}" --db ro.db update 1 "must not be written"
"${as_writer[@]}" --db ro.db show 1 >/dev/null 2>&1 && ok "read-only file, reader: show works" || fail "show on a read-only journal failed"

# Locked: another process holds a write transaction; the writer gives up in bounded time.
cp "$good" locked.db
coproc HOLD { python3 "$HERE/hold-lock.py" "$WORK/locked.db"; }
read -r line <&"${HOLD[0]}"; [[ $line == locked ]] || fail "lock holder did not start"
INCIDENT_LOCK_TIMEOUT_MS=500 expect "locked (write transaction), writer" locked.db "locked by another process" 1 -- \
    "$INCIDENT" --db locked.db update 1 "must not be written"
# INCIDENT_LOCK_TIMEOUT_MS bounds the whole wait, not each of several attempts.
((LAST_ELAPSED >= 500 && LAST_ELAPSED < 1500)) && ok "the writer waited ${LAST_ELAPSED} ms for a 500 ms lock timeout" ||
    fail "a writer facing a 500 ms lock timeout gave up after ${LAST_ELAPSED} ms"
"$INCIDENT" --db locked.db show 1 >/dev/null 2>&1 && ok "locked (write transaction), reader: show still works" ||
    fail "show while another process writes failed"
eval "exec ${HOLD[1]}>&-"; wait "$HOLD_PID"
coproc HOLD { python3 "$HERE/hold-lock.py" "$WORK/locked.db" --exclusive; }
read -r line <&"${HOLD[0]}"; [[ $line == locked ]] || fail "exclusive lock holder did not start"
INCIDENT_LOCK_TIMEOUT_MS=500 expect "locked (exclusive), reader" locked.db "locked by another process" 1 -- \
    "$INCIDENT" --db locked.db show 1
((LAST_ELAPSED >= 500 && LAST_ELAPSED < 1500)) && ok "the reader waited ${LAST_ELAPSED} ms for a 500 ms lock timeout" ||
    fail "a reader facing a 500 ms lock timeout gave up after ${LAST_ELAPSED} ms"
eval "exec ${HOLD[1]}>&-"; wait "$HOLD_PID"
unset 'kind_of_message[locked (exclusive), reader]'  # the same kind as the writer's

# Not an SQLite file.
printf 'just some text, not a database at all, long enough to have a header......\n%.0s' {1..10} >text.db
expect "not an SQLite file, writer" text.db "not an SQLite database" 1 -- "$INCIDENT" --db text.db open "x" "y"
expect "not an SQLite file, reader" text.db "not an SQLite database" 1 -- "$INCIDENT" --db text.db list
unset 'kind_of_message[not an SQLite file, reader]'

# Another program's SQLite files: one with tables only, one with its own application id.
sqlite3 other.db "CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT); INSERT INTO photos VALUES (1, 'a.jpg')"
expect "another program's SQLite file, writer" other.db "database of another program, not" 1 -- \
    "$INCIDENT" --db other.db open "x" "y"
sqlite3 fossil.db "PRAGMA application_id = 252006673; CREATE TABLE blob (rid INTEGER PRIMARY KEY)"
expect "another program's SQLite file (application id)" fossil.db "another program \(application id 0x0F055111\)" 1 -- \
    "$INCIDENT" --db fossil.db update 1 "y"

# A newer schema than this binary knows.
cp "$good" newer.db && sqlite3 newer.db "PRAGMA user_version = 99"
expect "newer schema, writer" newer.db "schema version 99, newer than" 1 -- "$INCIDENT" --db newer.db update 1 "y"
expect "newer schema, reader" newer.db "schema version 99, newer than" 1 -- "$INCIDENT" --db newer.db list
unset 'kind_of_message[newer schema, reader]'

# Corrupted: garbage over a table's b-tree page, and a file cut short.
cp "$good" corrupt.db
root=$(sqlite3 corrupt.db "SELECT rootpage FROM sqlite_master WHERE name = 'incidents'")
printf 'garbage garbage garbage garbage' | dd of=corrupt.db bs=1 seek=$((4096 * (root - 1))) conv=notrunc 2>/dev/null
expect "corrupted page, writer" corrupt.db "is corrupted" 1 -- "$INCIDENT" --db corrupt.db update 1 "y"
expect "corrupted page, reader" corrupt.db "is corrupted" 1 -- "$INCIDENT" --db corrupt.db show 1
unset 'kind_of_message[corrupted page, reader]'
cp "$good" truncated.db && truncate -s 20000 truncated.db
expect "truncated file, writer" truncated.db "is corrupted" 1 -- "$INCIDENT" --db truncated.db update 1 "y"
unset 'kind_of_message[truncated file, writer]'

# The messages differ between kinds of problem.
distinct=$(printf '%s\n' "${kind_of_message[@]}" | sort -u | wc -l)
((distinct == ${#kind_of_message[@]})) && ok "${#kind_of_message[@]} kinds of bad journal, ${distinct} distinct messages" ||
    { fail "some kinds of bad journal share a message:"; printf '  %s\n' "${kind_of_message[@]}" | sort >&2; }
finish
