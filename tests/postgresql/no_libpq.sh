#!/usr/bin/env bash
# The incident binary never links libpq, and loads it (through its module) only for a journal
# on a server: loading libpq and what it needs costs ~6 ms per process start.
# Usage: no_libpq.sh INCIDENT (run by with-server.sh: the test server's variables are set)
set -u
incident=$(readlink -f "$1")
work=$(mktemp -d "${TMPDIR:-/tmp}/incident-libpq.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
export HOME=$work TZ=UTC INCIDENT_NOW=2019-07-04T14:00:00Z
unset INCIDENT_DB

needed=$(ldd "$incident")
[[ $needed != *libpq* ]] && ok "ldd: no libpq" || fail "ldd lists libpq: $needed"
objdump -p "$incident" | grep -q 'NEEDED.*libpq' && fail "NEEDED libpq" || ok "no NEEDED libpq"

# What the dynamic loader loads for commands on a file journal.
loaded() { LD_DEBUG=libs "$@" 2>&1 >/dev/null | grep -E 'calling init: .*\.so' | sed 's/.*calling init: //'; }
for cmd in "--version" "--db $work/j.db open Outage Investigating" "--db $work/j.db list" \
    "--db $work/j.db show 1" "--db $work/j.db export --format md"; do
    # shellcheck disable=SC2086
    libs=$(loaded "$incident" $cmd)
    if grep -q libpq <<<"$libs"; then fail "incident $cmd loads libpq"; else ok "incident $cmd: no libpq ($(wc -l <<<"$libs") libraries)"; fi
done

# A server journal loads the module and libpq with it, and works.
db="nolibpq_$$"
"$PG_TEST_BIN/psql" -X -q "postgresql:///postgres?$PG_TEST_QUERY" -c "CREATE DATABASE $db" || exit 1
trap '"$PG_TEST_BIN/psql" -X -q "postgresql:///postgres?$PG_TEST_QUERY" -c "DROP DATABASE $db WITH (FORCE)"; rm -rf "$work"' EXIT
url="postgresql:///$db?$PG_TEST_QUERY"
libs=$(loaded "$incident" --db "$url" open "Outage" "Investigating")
grep -q 'incident-postgresql.so' <<<"$libs" && ok "a server journal loads the module" || fail "no module: $libs"
grep -q 'libpq.so' <<<"$libs" && ok "and libpq with it" || fail "no libpq: $libs"
[[ $("$incident" --db "$url" list -q) == 1 ]] && ok "the server journal works" || fail "list on the server"

# Without the module: a clear error, nothing else.
out=$(INCIDENT_MODULE_DIR=$work/none "$incident" --db "$url" list 2>&1)
rc=$?
[[ $rc -eq 1 && $out == "incident: error: PostgreSQL support is not installed: install incident-postgresql"* ]] &&
    ok "missing module: $out" || fail "missing module (exit $rc): $out"
[[ $failures -eq 0 ]] || { echo "$failures check(s) failed"; exit 1; }
echo "all checks passed"
