#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (ctest fixture "postgresql").
#   server.sh start STATE [tls]
#                           initdb + pg_ctl start, then writes STATE (shell variables, below);
#                           with "tls": also TLS on 127.0.0.1 with a certificate for localhost
#                           from a test CA (openssl), and TCP logins only over TLS with a
#                           password (scram-sha-256); the socket still trusts local logins
#   server.sh stop STATE    stops the server and removes its directory and STATE
# The server runs as an unprivileged user (PostgreSQL refuses root: as root, the `postgres`
# user the Debian package creates), with its socket in a short temporary directory (a socket
# path must stay under 107 bytes) and a free port on 127.0.0.1, trusting local logins and
# without fsync (nothing here has to survive a machine crash; a server crash it survives:
# the WAL is written before each commit returns; PG_TEST_FSYNC=on for benchmarks).
# Exit 77: PostgreSQL is not installed.
# STATE holds:
#   PG_TEST_DIR     the temporary directory (socket, data, log)
#   PG_TEST_PORT    the port
#   PG_TEST_BIN     the server's bin directory (initdb, pg_ctl, psql)
#   PG_TEST_RUN     how to run a server program as the server's user ("" or "runuser -u postgres --")
#   PG_TEST_QUERY   the URL query naming the server: host=DIR&port=PORT&user=postgres
#   PG_TEST_OPTIONS the server's options (pg_ctl -o), to start it again after a crash
#   PG_TEST_CA      with tls: the test CA's certificate (for sslrootcert)
#   INCIDENT_TEST_POSTGRESQL  the same, for the unit tests
set -u
mode=$1 state=$2

find_bin() {
    local d best=""
    for d in /usr/lib/postgresql/*/bin; do
        [[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]] && best=$d
    done
    [[ -n $best ]] || { command -v initdb >/dev/null && best=$(dirname "$(command -v initdb)"); }
    echo "$best"
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# A CA and a server certificate for "localhost" signed by it, in $1 (mode for the server).
make_certificates() {
    local d=$1
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=incident test CA" \
        -keyout "$d/ca.key" -out "$d/ca.crt" >/dev/null 2>&1 &&
        openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$d/server.key" \
            -out "$d/server.csr" >/dev/null 2>&1 &&
        printf 'subjectAltName=DNS:localhost\n' >"$d/san.ext" &&
        openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" \
            -CAcreateserial -days 2 -extfile "$d/san.ext" -out "$d/server.crt" >/dev/null 2>&1
}

case $mode in
start)
    tls=${3:-}
    bin=$(find_bin)
    if [[ -z $bin ]]; then
        echo "SKIP: PostgreSQL is not installed (no initdb): the PostgreSQL tests do not run"
        rm -f "$state"
        exit 77
    fi
    run=()
    if [[ $(id -u) -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || { echo "SKIP: running as root and no postgres user"; exit 77; }
        run=(runuser -u postgres --)
    fi
    started=$(date +%s%3N)
    dir=$(mktemp -d /tmp/ipg.XXXXXX)
    chmod 755 "$dir"
    [[ ${#run[@]} -gt 0 ]] && chown postgres: "$dir"
    "${run[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
        -N --no-instructions >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; rm -rf "$dir"; exit 1; }
    extra=""
    if [[ $tls == tls ]]; then
        command -v openssl >/dev/null || { echo "SKIP: openssl is not installed"; rm -rf "$dir"; exit 77; }
        mkdir "$dir/tls"
        make_certificates "$dir/tls" || { echo "openssl failed"; rm -rf "$dir"; exit 1; }
        chmod 600 "$dir/tls/server.key"
        [[ ${#run[@]} -gt 0 ]] && chown -R postgres: "$dir/tls"
        extra=" -c ssl=on -c ssl_cert_file=$dir/tls/server.crt -c ssl_key_file=$dir/tls/server.key"
        cat >"$dir/data/pg_hba.conf" <<HBA
local   all all                trust
hostssl all all 127.0.0.1/32   scram-sha-256
hostssl all all ::1/128        scram-sha-256
host    all all 0.0.0.0/0      reject
HBA
    fi
    for attempt in 1 2 3; do
        port=$(free_port)
        options="-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=${PG_TEST_FSYNC:-off} -c max_connections=120$extra"
        if "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 -o "$options" \
            start >/dev/null 2>&1; then
            break
        fi
        [[ $attempt -eq 3 ]] && { cat "$dir/server.log"; rm -rf "$dir"; exit 1; }
    done
    query="host=$dir&port=$port&user=postgres"
    {
        printf 'PG_TEST_DIR=%q\n' "$dir"
        printf 'PG_TEST_PORT=%q\n' "$port"
        printf 'PG_TEST_BIN=%q\n' "$bin"
        printf 'PG_TEST_RUN=%q\n' "${run[*]:-}"
        printf 'PG_TEST_QUERY=%q\n' "$query"
        printf 'PG_TEST_OPTIONS=%q\n' "$options"
        [[ $tls == tls ]] && printf 'PG_TEST_CA=%q\n' "$dir/tls/ca.crt"
        printf 'INCIDENT_TEST_POSTGRESQL=%q\n' "$query"
    } >"$state"
    echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') at $dir port $port, up in $(($(date +%s%3N) - started)) ms"
    ;;
stop)
    [[ -f $state ]] || { echo "no server to stop"; exit 0; }
    # shellcheck source=/dev/null
    source "$state"
    read -r -a run <<<"$PG_TEST_RUN"
    "${run[@]}" "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate -w stop >/dev/null 2>&1
    rm -rf "$PG_TEST_DIR" "$state"
    echo "stopped and removed $PG_TEST_DIR"
    ;;
*)
    echo "usage: server.sh start|stop STATE" >&2
    exit 2
    ;;
esac
