#!/usr/bin/env bash
# Journal URLs: libpq's URI syntax (?host=/socket/dir&port=, a service), no password inside
# one, and a server that is down or unreachable fails within the connect timeout, clearly.
# Usage: urls.sh INCIDENT (run by with-server.sh)
source "$(dirname "$0")/lib.sh"
unset PGSERVICE PGSERVICEFILE PGHOST PGPORT PGUSER PGDATABASE PGCONNECT_TIMEOUT
socket=${PG_TEST_QUERY#host=}
socket=${socket%%&*}

"$INCIDENT" -q open "Outage" "first" >/dev/null && ok "?host=/socket/dir&port=&user= works" ||
    { fail "open on $INCIDENT_DB"; finish; }
for scheme in postgres postgresql; do
    [[ $("$INCIDENT" --db "$scheme:///$DATABASE?$PG_TEST_QUERY" list -q) == 1 ]] &&
        ok "$scheme:// works" || fail "$scheme://"
done
# Percent-encoded socket directory in the host part, as libpq allows.
encoded=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$socket")
[[ $("$INCIDENT" --db "postgresql://postgres@$encoded:$PG_TEST_PORT/$DATABASE" list -q) == 1 ]] &&
    ok "a percent-encoded socket directory as the host works" || fail "encoded host"

# A service from the service file.
cat >"$WORK/services" <<SERVICES
[team]
host=$socket
port=$PG_TEST_PORT
user=postgres
dbname=$DATABASE
SERVICES
[[ $(PGSERVICEFILE=$WORK/services "$INCIDENT" --db "postgresql:///?service=team" list -q) == 1 ]] &&
    ok "?service=NAME reads the service file" || fail "service"
[[ $(PGSERVICEFILE=$WORK/services INCIDENT_DB="postgresql://?service=team" "$INCIDENT" list -q) == 1 ]] &&
    ok "INCIDENT_DB takes a URL too" || fail "INCIDENT_DB URL"

# A password inside the URL is refused, whichever way it is written, before connecting.
for u in "postgresql://postgres:secret@localhost/$DATABASE" \
    "postgresql:///$DATABASE?$PG_TEST_QUERY&password=secret" \
    "postgres://postgres:s%65cret@localhost:1/x"; do
    out=$("$INCIDENT" --db "$u" list 2>&1)
    rc=$?
    if [[ $rc -eq 2 && $out == *"other users of this machine can read"* && $out == *"~/.pgpass"* &&
          $out == *PGPASSFILE* && $out == *"service"* && $out != *secret* ]]; then
        ok "refused: ${u%%\?*}..."
    else
        fail "password URL (exit $rc): $out"
    fi
done
out=$("$INCIDENT" --db "postgresql://[bad" list 2>&1)
[[ $? -eq 2 && $out == *"cannot read the journal URL"* ]] && ok "a malformed URL: $out" || fail "malformed: $out"

# A server that is down: a socket nobody listens on fails at once, saying where.
out=$("$INCIDENT" --db "postgresql:///x?host=$WORK&port=1" list 2>&1)
[[ $? -eq 1 && $out == "incident: error: cannot connect to the journal's server"*"$WORK"*"nothing was changed" ]] &&
    ok "server down: $out" || fail "server down: $out"
# An address that never answers: the connect timeout bounds the wait (PGCONNECT_TIMEOUT).
start=$(now_ms)
out=$(PGCONNECT_TIMEOUT=2 "$INCIDENT" --db "postgresql://postgres@10.255.255.1:5432/x" list 2>&1)
rc=$? elapsed=$(($(now_ms) - start))
if [[ $rc -eq 1 && $out == "incident: error: cannot connect to the journal's server"* && $elapsed -lt 8000 ]]; then
    ok "unreachable: gave up after $elapsed ms: $out"
else
    fail "unreachable (exit $rc, $elapsed ms): $out"
fi
figure "postgresql connect timeout: an unreachable server fails after $elapsed ms (PGCONNECT_TIMEOUT=2)"

# Writers of one incident wait for each other, at most the lock timeout.
"$PG_TEST_BIN/psql" -X -q "$INCIDENT_DB" >/dev/null 2>&1 <<SQL &
BEGIN; SELECT 1 FROM incidents WHERE id = 1 FOR UPDATE; SELECT pg_sleep(3); COMMIT;
SQL
holder=$!
sleep 1
start=$(now_ms)
out=$(INCIDENT_LOCK_TIMEOUT_MS=300 "$INCIDENT" update 1 "waits" 2>&1)
rc=$? elapsed=$(($(now_ms) - start))
[[ $rc -eq 1 && $out == *"locked by another writer"*"300 ms"*"nothing was changed"* ]] &&
    ok "lock timeout: $out ($elapsed ms)" || fail "lock timeout (exit $rc): $out"
wait "$holder"
"$INCIDENT" -q update 1 "after the lock" >/dev/null && ok "writes again once the lock is gone" || fail "after lock"

# A journal of schema 8 (migration 9 undone) is upgraded in place by the first command, even a
# reader's, its rows kept; the new tables then take writes.
sql "DROP TABLE postmortem_covers, milestone_changes, action_events, actions, roles;
    ALTER TABLE updates DROP COLUMN internal;
    ALTER TABLE incidents DROP COLUMN detected_at, DROP COLUMN acknowledged_at, DROP COLUMN mitigated_at;
    UPDATE schema_version SET version = 8" >/dev/null
before=$(sql "SELECT count(*) FROM updates")
"$INCIDENT" list >/dev/null && [[ $(sql "SELECT max(version) FROM schema_version") == 10 ]] &&
    ok "schema 8 is upgraded to 10 (the newest) by a reader" || fail "upgrade from schema 8"
[[ $(sql "SELECT count(*) FROM updates") == "$before" && $(sql "SELECT count(*) FROM updates WHERE internal = 0") == "$before" ]] &&
    ok "the upgrade keeps every update ($before), none internal" || fail "updates after the upgrade"
"$INCIDENT" -q mark 1 detected >/dev/null && "$INCIDENT" -q action add 1 "After the upgrade" >/dev/null &&
    ok "the upgraded journal takes milestones and actions" || fail "writes after the upgrade"

# A journal of a newer version is refused untouched; another program's tables too.
sql "UPDATE schema_version SET version = 99" >/dev/null
out=$("$INCIDENT" update 1 "must not be written" 2>&1)
[[ $? -eq 1 && $out == *"schema version 99, newer than this incident supports"* ]] &&
    ok "newer schema: $out" || fail "newer schema: $out"
[[ $(sql "SELECT count(*) FROM updates WHERE body = 'must not be written'") == 0 ]] &&
    ok "nothing was written" || fail "written to a newer journal"
other="other_$$"
"${PSQL[@]}" "postgresql:///postgres?$PG_TEST_QUERY" -c "CREATE DATABASE $other" >/dev/null
cleanup_hooks+=('"${PSQL[@]}" "postgresql:///postgres?$PG_TEST_QUERY" -c "DROP DATABASE IF EXISTS $other WITH (FORCE)" >/dev/null 2>&1')
"${PSQL[@]}" "postgresql:///$other?$PG_TEST_QUERY" -c "CREATE TABLE incidents (x int)"
out=$("$INCIDENT" --db "postgresql:///$other?$PG_TEST_QUERY" open "x" "must not be written" 2>&1)
[[ $? -eq 1 && $out == *"another program"* ]] && ok "another program's database: $out" || fail "foreign: $out"
finish
