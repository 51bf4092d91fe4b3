#!/usr/bin/env bash
# Runs one end-to-end case against the real binary and compares its transcript with the
# golden file. Usage: run-case.sh INCIDENT_BINARY CASE_FILE GOLDEN_FILE
# With INCIDENT_UPDATE_GOLDEN=1 the golden file is (re)written instead of compared.
#
# With INCIDENT_E2E_BACKEND=postgresql (and the test server's variables, as
# tests/postgresql/with-server.sh exports them) the journal is a database of its own on the
# test server instead of a file: INCIDENT_DB is its URL, which the transcript shows as the
# file's path, and `sqlite3 "$INCIDENT_DB" SQL` runs SQL through psql in sqlite3's output
# format. A case whose output has to differ there has golden-postgresql/NAME.out.
#
# A case is a list of shell command lines (a trailing backslash continues a line). Each runs
# in one bash process, in a fresh directory, with a fixed zone, clock, user and journal; the
# transcript shows each command, its stdout, its stderr (prefixed) and a non-zero exit code.
set -u
binary=$(readlink -f "$1") case_file=$(readlink -f "$2") golden=$3
[[ -x $binary ]] || { echo "no binary at $1" >&2; exit 2; }
[[ -f $case_file ]] || { echo "no case at $2" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/incident-e2e.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/home" "$work/run"
ln -s "$binary" "$work/bin/incident"
journal="$work/run/journal.db"
if [[ ${INCIDENT_E2E_BACKEND:-sqlite} == postgresql ]]; then
    psql=("$PG_TEST_BIN/psql" -X -q -v ON_ERROR_STOP=1)
    database="e2e_$(basename "$case_file" .sh)_$$"
    # The cases run as USER=tester, and on a server the author is the database login.
    "${psql[@]}" "postgresql:///postgres?$PG_TEST_QUERY" 2>/dev/null \
        -c "DO \$\$BEGIN CREATE ROLE tester LOGIN SUPERUSER; EXCEPTION WHEN duplicate_object THEN END\$\$"
    "${psql[@]}" "postgresql:///postgres?$PG_TEST_QUERY" -c "CREATE DATABASE $database OWNER tester" ||
        { echo "cannot create database $database" >&2; exit 1; }
    trap '"${psql[@]}" "postgresql:///postgres?$PG_TEST_QUERY" -c "DROP DATABASE $database WITH (FORCE)"; chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
    journal="postgresql:///$database?${PG_TEST_QUERY/user=postgres/user=tester}"
    # sqlite3's hex() for the cases that look at stored bytes.
    "${psql[@]}" "$journal" -c "CREATE FUNCTION hex(text) RETURNS text IMMUTABLE LANGUAGE sql
        AS \$\$SELECT upper(encode(convert_to(\$1, 'UTF8'), 'hex'))\$\$" || exit 1
    real_sqlite3=$(command -v sqlite3)
    cat >"$work/bin/sqlite3" <<SHIM
#!/usr/bin/env bash
# sqlite3 on the case's journal runs its SQL through psql, printing rows as sqlite3 does.
if [[ \$# -eq 2 && \$1 == "$journal" ]]; then
    exec ${psql[*]} -A -t -F '|' "\$1" <<<"\$2"
fi
exec "$real_sqlite3" "\$@"
SHIM
    chmod +x "$work/bin/sqlite3"
    pg_golden="$(dirname "$golden")/../golden-postgresql/$(basename "$golden")"
fi

transcript=$work/transcript
(
    cd "$work/run" || exit 2
    export PATH="$work/bin:/usr/local/bin:/usr/bin:/bin"
    export HOME="$work/home" USER=tester LOGNAME=tester LC_ALL=C.UTF-8
    export TZ=Europe/Stockholm INCIDENT_NOW=2019-07-04T14:00:00Z
    export INCIDENT_DB="$journal"
    export FIXTURES
    FIXTURES=$(dirname "$case_file")/../fixtures
    unset XDG_DATA_HOME NO_COLOR INCIDENT_AUTHOR VISUAL EDITOR TERM COLUMNS
    command=""
    while IFS= read -r line || [[ -n $line ]]; do
        if [[ -z $command && ( -z $line || $line == \#* ) ]]; then continue; fi
        if [[ $line == *\\ ]]; then
            command+="${line%\\}"$'\n'
            continue
        fi
        command+=$line
        printf '$ %s\n' "${command//$'\n'/$'\\\n'}"
        eval "$command" >"$work/out" 2>"$work/err" </dev/null
        rc=$?
        cat "$work/out"
        [[ -s $work/out && $(tail -c1 "$work/out" | od -An -c | tr -d ' ') != '\n' ]] && printf '%%no-newline\n'
        sed 's/^/[stderr] /' "$work/err"
        [[ $rc -ne 0 ]] && printf '[exit %d]\n' "$rc"
        command=""
    done <"$case_file"
) >"$transcript" 2>&1
# A server journal's URL reads as the file's path; paths of the temporary directory differ per
# run.
if [[ $journal != "$work/run/journal.db" ]]; then
    URL=$journal FILE="$work/run/journal.db" perl -pi -e 's/\Q$ENV{URL}\E/$ENV{FILE}/g' "$transcript"
fi
sed -i "s|$work|\$WORK|g" "$transcript"

if [[ -n ${pg_golden:-} ]]; then
    # A server's transcript has a golden file of its own only where it differs (the reason is
    # in golden-postgresql/README.md); updating writes one, or removes one no longer needed.
    if [[ ${INCIDENT_UPDATE_GOLDEN:-0} == 1 ]]; then
        if cmp -s "$transcript" "$golden"; then
            rm -f "$pg_golden"
            echo "$golden holds for PostgreSQL too"
        else
            mkdir -p "$(dirname "$pg_golden")"
            cp "$transcript" "$pg_golden"
            echo "updated $pg_golden"
        fi
        exit 0
    fi
    [[ -f $pg_golden ]] && golden=$pg_golden
fi
if [[ ${INCIDENT_UPDATE_GOLDEN:-0} == 1 ]]; then
    mkdir -p "$(dirname "$golden")"
    cp "$transcript" "$golden"
    echo "updated $golden"
    exit 0
fi
if [[ ! -f $golden ]]; then
    echo "missing golden file $golden; run with INCIDENT_UPDATE_GOLDEN=1 to create it" >&2
    cat "$transcript"
    exit 1
fi
diff -u --label "expected: $golden" --label "actual" "$golden" "$transcript"
