#!/usr/bin/env bash
# Runs a command against the test server (server.sh start STATE): the server's variables are
# exported, INCIDENT_TEST_BACKEND=postgresql and INCIDENT_MODULE_DIR=MODULES are set.
# Exit 77 (skipped) when no server was started, e.g. PostgreSQL is not installed.
# Usage: with-server.sh STATE MODULES COMMAND...
set -u
state=$1 modules=$2
shift 2
[[ -f $state ]] || { echo "SKIP: no PostgreSQL test server (tests/postgresql/server.sh)"; exit 77; }
set -a
# shellcheck source=/dev/null
source "$state"
set +a
export INCIDENT_TEST_BACKEND=postgresql INCIDENT_MODULE_DIR=$modules
exec "$@"
