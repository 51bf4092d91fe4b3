#!/usr/bin/env bash
# docs/TEAM.md, tested: scripts/team-setup.sh on a server of the test's own with TLS and
# passwords; two writers (alice, bob) post to one incident at the same time over
# sslmode=verify-full, each with the password from PGPASSFILE, and both (and the reader)
# see every update, each under its writer's login; nobody posts as someone else, deletes
# a record, or connects without verifying the server's certificate.
# Usage: team.sh INCIDENT (INCIDENT_MODULE_DIR names the build's modules)
source "$(dirname "$0")/../reliability/lib.sh"
top=$(cd "$HERE/../.." && pwd)
bash "$HERE/../postgresql/server.sh" start "$WORK/server.env" tls || exit $?
cleanup_hooks+=('bash "$HERE/../postgresql/server.sh" stop "$WORK/server.env" >/dev/null')
source "$WORK/server.env"
mkdir -p "$WORK/bin"
ln -s "$INCIDENT" "$WORK/bin/incident"
ln -s "$PG_TEST_BIN/psql" "$WORK/bin/psql"
export PATH="$WORK/bin:$PATH"
unset INCIDENT_DB PGSERVICE PGSSLMODE PGHOST PGPORT PGUSER PGPASSWORD

# The administrator: the server's superuser over the local socket.
admin() { PGHOST=$PG_TEST_DIR PGPORT=$PG_TEST_PORT PGUSER=postgres "$@"; }
admin bash "$top/scripts/team-setup.sh" journal incident_owner writer:alice writer:bob reader:carol >"$WORK/setup.log" 2>&1 &&
    ok "team-setup.sh: $(tail -n 1 "$WORK/setup.log")" || { fail "team-setup.sh:"; cat "$WORK/setup.log" >&2; finish; }
admin bash "$top/scripts/team-setup.sh" journal incident_owner writer:alice writer:bob reader:carol >"$WORK/setup2.log" 2>&1 &&
    ok "team-setup.sh runs again (after an upgrade)" || { fail "team-setup.sh, second run:"; cat "$WORK/setup2.log" >&2; }
admin psql -X -q -d postgres -c "ALTER ROLE alice PASSWORD 'alice-secret'; ALTER ROLE bob PASSWORD 'bob-secret';
    ALTER ROLE carol PASSWORD 'carol-secret'; ALTER ROLE incident_owner PASSWORD 'owner-secret'"

# Each person's client: TLS verified against the test CA, passwords only in PGPASSFILE.
export PGPASSFILE=$WORK/pgpass PGSSLMODE=verify-full PGSSLROOTCERT=$PG_TEST_CA
cat >"$PGPASSFILE" <<PASS
localhost:$PG_TEST_PORT:journal:alice:alice-secret
localhost:$PG_TEST_PORT:journal:bob:bob-secret
localhost:$PG_TEST_PORT:journal:carol:carol-secret
localhost:$PG_TEST_PORT:journal:incident_owner:owner-secret
PASS
chmod 600 "$PGPASSFILE"
url() { echo "postgresql://$1@localhost:$PG_TEST_PORT/journal"; }
as() { local who=$1; shift; incident --db "$(url "$who")" "$@"; }

as alice -q open "Database failover" "Investigating." --impact major >/dev/null &&
    ok "alice opens an incident over sslmode=verify-full" || fail "alice cannot open"
[[ $(psql -X -At "$(url alice)" -c "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()") == t ]] &&
    ok "the connection is TLS" || fail "not TLS"

# Two logins at once, 40 updates each, on the same incident.
for who in alice bob; do
    (for ((j = 1; j <= 40; j++)); do
        as "$who" -q update 1 "$who $j" >/dev/null 2>>"$WORK/err.$who" || echo "$who $j" >>"$WORK/failed"
    done) &
done
wait
[[ ! -s $WORK/failed ]] && ok "no update failed" || fail "failed: $(head -3 "$WORK/failed")"
[[ ! -s $WORK/err.alice && ! -s $WORK/err.bob ]] || fail "stderr: $(cat "$WORK"/err.* | head -3)"
for who in alice bob carol; do
    as "$who" --json show 1 >"$WORK/show.$who" || fail "$who cannot show the incident"
    n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["incident_updates"]))' "$WORK/show.$who")
    [[ $n == 81 ]] && ok "$who sees all 81 updates" || fail "$who sees $n updates, not 81"
done
authors=$(psql -X -At "$(url carol)" -c "SELECT author || ' ' || count(*) FROM updates GROUP BY author ORDER BY author")
[[ $authors == $'alice 41\nbob 40' ]] && ok "each update carries its writer's login: ${authors//$'\n'/, }" ||
    fail "authors: $authors"

# Nobody posts as someone else: --author is refused, and so is a row saying so.
out=$(as alice update 1 "as bob" --author bob 2>&1)
[[ $? -eq 2 && $out == *"database login"* ]] && ok "--author bob as alice is refused" || fail "--author: $out"
as alice -q update 1 "as alice" --author alice >/dev/null && ok "--author naming the login is fine" || fail "--author alice"
out=$(psql -X -At "$(url alice)" -c "INSERT INTO updates (incident_id, status, body, posted_at, recorded_at, author)
    VALUES (1, 'identified', 'forged', 0, 0, 'bob')" 2>&1)
[[ $out == *"row-level security"* ]] && ok "a forged author is refused by the server" || fail "forged author: $out"
# Amending someone else's update records who amended it.
as alice -q amend 2 "alice's text, corrected by bob" >/dev/null 2>&1 || true
as bob -q amend 3 "corrected by bob" >/dev/null && ok "bob amends an update" || fail "bob cannot amend"
[[ $(psql -X -At "$(url carol)" -c "SELECT edited_by FROM updates WHERE id = 3") == bob ]] &&
    ok "the amendment is bob's" || fail "edited_by"
out=$(psql -X -At "$(url alice)" -c "UPDATE updates SET author = 'bob' WHERE id = 4" 2>&1)
[[ $out == *"permission denied"* ]] && ok "an author cannot be rewritten" || fail "author rewrite: $out"

# After the outage: marks, roles and actions are recorded as the login that makes them.
as alice -q mark 1 detected >/dev/null && as bob -q role 1 commander "Alice" >/dev/null &&
    as alice -q action add 1 "Add a replica" >/dev/null && as bob -q action done 1 >/dev/null &&
    ok "writers mark, assign roles and add and finish actions" || fail "mark, role or action refused"
by=$(psql -X -At "$(url carol)" -c "SELECT (SELECT changed_by FROM milestone_changes), (SELECT assigned_by FROM roles),
    (SELECT created_by || ' ' || done_by FROM actions), (SELECT by FROM action_events)")
[[ $by == "alice|bob|alice bob|bob" ]] && ok "each carries its writer's login: $by" || fail "recorded as: $by"
out=$(psql -X -At "$(url alice)" -c "INSERT INTO roles (incident_id, role, name, assigned_at, assigned_by)
    VALUES (1, 'scribe', 'x', 0, 'bob')" 2>&1)
[[ $out == *"row-level security"* ]] && ok "a role assigned in someone else's name is refused" || fail "forged role: $out"

# Add and amend, never delete; readers only read.
for table in updates incidents postmortems update_versions incident_edits actions roles milestone_changes; do
    out=$(psql -X -At "$(url bob)" -c "DELETE FROM $table" 2>&1)
    [[ $out == *"permission denied"* ]] || fail "bob may delete from $table: $out"
done
ok "writers cannot delete records"
out=$(as carol update 1 "reader" 2>&1)
[[ $? -eq 1 && $out == *"permission denied"* ]] && ok "the reader cannot write: ${out:0:100}" || fail "reader wrote: $out"
as carol export --format md >/dev/null && ok "the reader exports" || fail "reader export"
out=$(psql -X -At "$(url alice)" -c "CREATE TABLE x (a int)" 2>&1)
[[ $out == *"permission denied"* ]] && ok "writers cannot change the schema" || fail "schema: $out"

# TLS is verified: a name the certificate does not hold is refused; so is a password in --db.
out=$(incident --db "postgresql://alice@127.0.0.1:$PG_TEST_PORT/journal" list 2>&1)
[[ $? -eq 1 && $out == *"cannot connect"*"127.0.0.1"* ]] && ok "verify-full refuses another host name: ${out:0:160}" ||
    fail "wrong host accepted: $out"
out=$(incident --db "postgresql://alice:alice-secret@localhost:$PG_TEST_PORT/journal" list 2>&1)
[[ $? -eq 2 && $out == *".pgpass"* ]] && ok "a password in the URL is refused" || fail "password: $out"
: >"$WORK/empty-pgpass"
chmod 600 "$WORK/empty-pgpass"
out=$(PGPASSFILE=$WORK/empty-pgpass incident --db "$(url alice)" list 2>&1)
[[ $? -eq 1 && $out == *"password"* ]] && ok "no password, no connection" || fail "no password: $out"
finish
