#!/usr/bin/env bash
# Benchmarks `incident` on a PostgreSQL journal against psql doing the same work on the same
# server (a throwaway one, tests/postgresql/server.sh, with fsync on).
#
#   bench/postgresql.sh [--quick] [--binary PATH] [--modules DIR] [--size N] [--runs N]
#                       [--writers N] [--updates N]
#
# - update over the Unix socket vs a psql one-row insert into updates, one hyperfine run
#   (target: at most 1.5x);
# - export --format md of SIZE incidents (default 100k, from bench/generate.sh, copied to the
#   server with `incident copy`) vs psql --csv of the same rows, each update joined with its
#   incident (target: at most 1x);
# - WRITERS x UPDATES concurrent `incident update` on one incident (16 x 200): none lost.
# Prints a Markdown table (docs/PERFORMANCE.md quotes it). --quick: 500 incidents, 3 runs,
# 4 x 20 writers; it checks that everything runs, not the ratios.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
quick=0 binary="$top/build/incident" modules="" size=100000 runs=20 writers=16 updates=200
while (($#)); do
    case $1 in
        --quick) quick=1 ;;
        --binary) binary=$2; shift ;;
        --modules) modules=$2; shift ;;
        --size) size=$2; shift ;;
        --runs) runs=$2; shift ;;
        --writers) writers=$2; shift ;;
        --updates) updates=$2; shift ;;
        *) echo "bench/postgresql.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
binary=$(readlink -f "$binary")
modules=${modules:-$(dirname "$binary")/modules}
((quick)) && size=500 runs=3 writers=4 updates=20
for tool in hyperfine sqlite3; do
    command -v "$tool" >/dev/null || { echo "bench/postgresql.sh: $tool is not installed" >&2; exit 2; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/incident-pgbench.XXXXXX")
export INCIDENT_MODULE_DIR=$modules TZ=UTC LC_ALL=C.UTF-8 INCIDENT_AUTHOR=bench
unset INCIDENT_DB INCIDENT_NOW
PG_TEST_FSYNC=on bash "$top/tests/postgresql/server.sh" start "$work/server.env" >&2 || exit $?
trap 'bash "$top/tests/postgresql/server.sh" stop "$work/server.env" >/dev/null; rm -rf "$work"' EXIT
source "$work/server.env"
psql=("$PG_TEST_BIN/psql" -X -q)
"${psql[@]}" "postgresql:///postgres?$PG_TEST_QUERY" -c "CREATE DATABASE bench"
url="postgresql:///bench?$PG_TEST_QUERY"
fail() { echo "bench/postgresql.sh: $*" >&2; exit 1; }

echo "== $size incidents: generating, then copying to the server" >&2
bash "$top/bench/generate.sh" "$binary" "$size" "$work/j.db"
start=$(date +%s%3N)
"$binary" --db "$work/j.db" copy "$url" >&2
copy_ms=$(($(date +%s%3N) - start))
[[ $("${psql[@]}" -At "$url" -c "SELECT count(*) FROM updates") == $((size * 10)) ]] || fail "copy lost updates"
"$binary" --db "$work/j.db" export --format json >"$work/a.json"
"$binary" --db "$url" export --format json >"$work/b.json"
cmp -s "$work/a.json" "$work/b.json" || fail "the server's JSON export differs from the file's"
target=$("$binary" --db "$url" -q open "Bench target" "opened by bench/postgresql.sh" --impact minor)
"${psql[@]}" "$url" -c "VACUUM ANALYZE"

# The same rows the Markdown export shows: every update with its incident, newest first.
# One line each: hyperfine splits a command as a POSIX shell would, without bash's $'...'.
export_sql="SELECT i.id, i.title, i.impact, u.status, to_timestamp(u.posted_at / 1000.0) AS posted,"
export_sql+=" u.author, u.body FROM incidents i JOIN updates u ON u.incident_id = i.id"
export_sql+=" ORDER BY i.created_at DESC, i.id DESC, u.posted_at DESC, u.id DESC"
insert_sql="INSERT INTO updates (incident_id, status, body, posted_at, recorded_at, author)"
insert_sql+=" VALUES ($target, 'investigating', 'bench insert', 0, 0, 'bench')"
q() { printf '%q' "$1"; }
B=$(q "$binary") U=$(q "$url") P=$(q "$PG_TEST_BIN/psql")
hyperfine -N --style basic --warmup 3 --runs "$runs" --export-csv "$work/update.csv" \
    --command-name update "$B --db $U update $target \"bench update\"" \
    --command-name "psql insert" "$P -X -q $U -c $(q "$insert_sql")" >&2
export_runs=$((size >= 10000 ? 5 : runs))
hyperfine -N --style basic --warmup 1 --runs "$export_runs" --export-csv "$work/export.csv" \
    --command-name "export md" "$B --db $U export --format md --output $(q "$work/out.md")" \
    --command-name "psql --csv" "bash -c $(q "$P -X -q --csv $U -c $(q "$export_sql") >$(q "$work/out.csv")")" >&2
[[ $(wc -l <"$work/out.csv") -gt $((size * 10)) ]] || fail "psql exported too few rows"

echo "== $writers writers x $updates updates" >&2
concurrency=$(set -a; source "$work/server.env"; set +a
    bash "$top/tests/postgresql/concurrency.sh" "$binary" "$writers" "$updates") ||
    { echo "$concurrency" >&2; fail "concurrency failed"; }
echo "$concurrency" | grep FIGURE >&2
lost=$(sed -n 's/.*FIGURE: postgresql concurrency: \([0-9]*\) lost.*/\1/p' <<<"$concurrency")
took=$(sed -n 's/.*= [0-9]* in \([0-9.]*\) s.*/\1/p' <<<"$concurrency")

median() { awk -F, -v n="$2" 'NR > 1 && $1 == n { printf "%.2f", $4 * 1000 }' "$1"; }
cpu() { awk -F, -v n="$2" 'NR > 1 && $1 == n { printf "%.2f", ($5 + $6) * 1000 }' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
u=$(median "$work/update.csv" update) i=$(median "$work/update.csv" "psql insert")
e=$(median "$work/export.csv" "export md") c=$(median "$work/export.csv" "psql --csv")
cat <<REPORT
| measure | incident | psql | ratio | target |
|---|---:|---:|---:|---|
| \`update\` over the Unix socket / \`psql\` one-row insert (median ms) | $u | $i | $(ratio "$u" "$i") | ≤ 1.5 |
| CPU of the same (user + system ms, client side) | $(cpu "$work/update.csv" update) | $(cpu "$work/update.csv" "psql insert") | $(ratio "$(cpu "$work/update.csv" update)" "$(cpu "$work/update.csv" "psql insert")") | |
| \`export --format md\` of $size incidents / \`psql --csv\` of the same rows (median ms) | $e | $c | $(ratio "$e" "$c") | ≤ 1.0 |
| CPU of the same (client side) | $(cpu "$work/export.csv" "export md") | $(cpu "$work/export.csv" "psql --csv") | $(ratio "$(cpu "$work/export.csv" "export md")" "$(cpu "$work/export.csv" "psql --csv")") | |
| $writers writers x $updates updates on one incident, all at once: lost (time) | $lost ($took s) | | | 0 |
| \`copy\` of the $size-incident file journal to the server | $copy_ms ms | | | |

$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), PostgreSQL $("$PG_TEST_BIN/postgres" --version | awk '{print $3}') (fsync on, Unix socket), $(hyperfine --version).
REPORT
[[ $lost == 0 ]] || fail "$lost updates lost"
