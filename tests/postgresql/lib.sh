# Shared set-up of the PostgreSQL reliability tests (sourced; the test server's variables are
# set by with-server.sh): the reliability suite's helpers, a database of the test's own as
# INCIDENT_DB, and `sql` to query it (psql, rows as sqlite3 prints them).
source "$(dirname "${BASH_SOURCE[0]}")/../reliability/lib.sh"
PSQL=("$PG_TEST_BIN/psql" -X -q -A -t -F '|' -v ON_ERROR_STOP=1)
DATABASE="rel_$(basename "$0" .sh)_$$"
"${PSQL[@]}" "postgresql:///postgres?$PG_TEST_QUERY" -c "CREATE DATABASE $DATABASE" || exit 1
cleanup_hooks+=('"${PSQL[@]}" "postgresql:///postgres?$PG_TEST_QUERY" -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" >/dev/null 2>&1')
export INCIDENT_DB="postgresql:///$DATABASE?$PG_TEST_QUERY"
sql() { "${PSQL[@]}" "$INCIDENT_DB" -c "$1"; }
