#!/usr/bin/env bash
# Benchmarks `incident` against the sqlite3 shell doing the same work on the same journal.
#
#   bench/run.sh [--quick] [--binary PATH] [--sizes "0 1000 10000 100000"] [--runs N]
#                [--report FILE] [--work DIR]
#
# For each size it generates a journal (bench/generate.sh), checks it, then runs one hyperfine
# comparison per command: show, list, export (md, html) and update, each against sqlite3;
# --version once. Peak memory comes from /usr/bin/time -v. It prints medians and ratios and
# writes a Markdown report into docs/PERFORMANCE.md (between its bench markers; with --report
# FILE or --quick to a file of its own instead).
# Exit status: non-zero when a command fails or a journal is broken; in the full run also
# when a target is missed. --quick (small sizes, few runs) never fails on ratios: they are
# too noisy there to judge.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
quick=0 binary="$top/build/incident" sizes="0 1000 10000 100000" runs="" report="" work=""
while (($#)); do
    case $1 in
        --quick) quick=1 ;;
        --binary) binary=$2; shift ;;
        --sizes) sizes=$2; shift ;;
        --runs) runs=$2; shift ;;
        --report) report=$2; shift ;;
        --work) work=$2; shift ;;
        *) echo "bench/run.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
binary=$(readlink -f "$binary")
[[ -x $binary ]] || { echo "bench/run.sh: no incident binary at $binary (build first)" >&2; exit 2; }
for tool in hyperfine sqlite3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench/run.sh: $tool is not installed" >&2; exit 2; }
done
if ((quick)); then
    [[ $sizes == "0 1000 10000 100000" ]] && sizes="0 200"
    runs=${runs:-3} warmup=1
else
    runs=${runs:-30} warmup=3
fi
if [[ -z $work ]]; then
    work=$(mktemp -d "${TMPDIR:-/tmp}/incident-bench.XXXXXX")
    trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
# The full run replaces the block between the bench markers in docs/PERFORMANCE.md.
doc=""
if [[ -z $report ]]; then
    if ((quick)); then report=$work/PERFORMANCE.md; else report=$work/report.md doc=$top/docs/PERFORMANCE.md; fi
fi
largest=${sizes##* }
prepare=""  # hyperfine --prepare for the next compare
results=$work/results.tsv  # size, name, median ms, mean user+sys ms
: >"$results"
: >"$work/commands.txt"
export TZ=UTC LC_ALL=C.UTF-8 INCIDENT_AUTHOR=bench
unset INCIDENT_DB INCIDENT_NOW

fail() { echo "bench/run.sh: $*" >&2; exit 1; }
q() { printf '%q' "$1"; }

# The same rows an export shows: every update of every incident, newest incident first.
export_sql="SELECT i.id, i.title, i.impact, u.status, datetime(u.posted_at, 'unixepoch') AS posted,\
 u.author, u.body FROM incidents i JOIN updates u ON u.incident_id = i.id\
 ORDER BY i.created_at DESC, i.id DESC, u.posted_at DESC, u.id DESC"
list_sql="SELECT id, status, impact, datetime(created_at, 'unixepoch'), title FROM incidents\
 ORDER BY created_at DESC, id DESC"

# hyperfine NAME=COMMAND...: one comparison; records each command's median and CPU time.
compare() {
    local size=$1; shift
    local names=() args=() csv="$work/h-$size-$RANDOM.csv"
    for pair in "$@"; do
        names+=("${pair%%=*}")
        args+=(--command-name "${pair%%=*}" "${pair#*=}")
        printf '%s\n' "${pair#*=}" | sed "s/show $shown\$/show N/; s|$work/imported.db|I|; s|$work/export.json|E|; s/id = $shown\b/id = N/g; s/update $target /update T /; s/VALUES ($target,/VALUES (T,/" >>"$work/commands.txt"
    done
    hyperfine -N --style basic --warmup "$warmup" --runs "$runs" --export-csv "$csv" \
        ${prepare:+--prepare "$prepare"} "${args[@]}" >"$csv.log" 2>&1 || { cat "$csv.log" >&2; fail "a command failed (above)"; }
    # CSV columns: command,mean,stddev,median,user,system,min,max (seconds), in given order.
    tail -n +2 "$csv" | awk -F, -v s="$size" -v names="$(printf '%s\t' "${names[@]}")" '
        BEGIN { split(names, n, "\t") }
        { printf "%s\t%s\t%.2f\t%.2f\n", s, n[NR], $(NF - 4) * 1000, ($(NF - 3) + $(NF - 2)) * 1000 }
    ' >>"$results"
}

# Peak resident memory in KiB of one run, output discarded.
peak_kib() {
    /usr/bin/time -v "$@" 2>"$work/time.txt" >/dev/null || { cat "$work/time.txt" >&2; fail "failed: $*"; }
    awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt"
}

for size in $sizes; do
    db=$work/j$size.db
    echo "== $size incidents: generating $db" >&2
    "$top/bench/generate.sh" "$binary" "$size" "$db"
    target=$("$binary" --db "$db" -q open "Bench target" "opened by bench/run.sh" --impact minor)
    [[ $(sqlite3 "$db" "PRAGMA integrity_check") == ok ]] || fail "$db fails integrity_check"
    [[ $(sqlite3 "$db" "SELECT count(*) FROM incidents") == $((size + 1)) ]] || fail "wrong count"
    [[ $(sqlite3 "$db" "SELECT count(*) FROM updates") == $((size * 10 + 1)) ]] || fail "wrong count"
    shown=$((size > 0 ? size : target))  # a generated incident (10 updates) when there is one
    "$binary" --db "$db" show "$shown" >"$work/show.txt" || fail "show $shown failed"
    grep -q "^Investigating  Posted" "$work/show.txt" || fail "show $shown: unexpected output"
    [[ $("$binary" --db "$db" list | wc -l) == $((size + 1)) ]] || fail "list lost incidents"

    D=$(q "$db") B=$(q "$binary")
    if [[ $size == "${sizes%% *}" ]]; then
        compare "$size" "version=$B --version" "sqlite3 version=sqlite3 --version"
    fi
    compare "$size" "show=$B --db $D show $shown" \
        "sqlite3 show=sqlite3 $D \"SELECT id, title, status, impact FROM incidents WHERE id = $shown;\
 SELECT id, status, datetime(posted_at, 'unixepoch'), author, body FROM updates\
 WHERE incident_id = $shown ORDER BY posted_at DESC, id DESC\""
    compare "$size" "list -n 50=$B --db $D list -n 50" "sqlite3 list 50=sqlite3 $D \"$list_sql LIMIT 50\"" \
        "list=$B --db $D list" "sqlite3 list=sqlite3 $D \"$list_sql\""
    # Whole-journal exports take seconds at 100k: fewer runs there.
    saved_runs=$runs saved_warmup=$warmup
    ((size >= 10000 && runs > 5)) && runs=5 warmup=1
    compare "$size" "export md=$B --db $D export --format md" \
        "export html=$B --db $D export --format html" \
        "sqlite3 -markdown=sqlite3 -markdown $D \"$export_sql\""
    # import of the journal's own JSON export into a fresh journal, beside that export.
    "$binary" --db "$db" export --format json >"$work/export.json"
    imported=$work/imported.db
    prepare="rm -f $imported $imported-journal"
    compare "$size" "export json=$B --db $D export --format json" \
        "import=$B --db $(q "$imported") import $(q "$work/export.json")"
    prepare=""
    rm -f "$imported"
    printf '%s\tpeak KiB import\t%s\t\n' "$size" \
        "$(peak_kib "$binary" --db "$imported" import "$work/export.json")" >>"$results"
    [[ $(sqlite3 "$imported" "SELECT count(*) FROM incidents") == $((size + 1)) ]] || fail "import lost incidents"
    rm -f "$imported" "$work/export.json"
    runs=$saved_runs warmup=$saved_warmup
    # Both write durably to the same growing journal: one row each per run.
    compare "$size" "update=$B --db $D update $target \"bench update\"" \
        "sqlite3 insert=sqlite3 $D \"PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;\
 INSERT INTO updates (incident_id, status, body, posted_at, recorded_at, author)\
 VALUES ($target, 'investigating', 'bench insert', unixepoch(), unixepoch(), 'bench')\""
    [[ $(sqlite3 "$db" "PRAGMA integrity_check") == ok ]] || fail "$db broken after the updates"

    for format in md html; do
        printf '%s\tpeak KiB export %s\t%s\t\n' "$size" "$format" \
            "$(peak_kib "$binary" --db "$db" export --format "$format")" >>"$results"
    done
    printf '%s\tpeak KiB sqlite3 -markdown\t%s\t\n' "$size" \
        "$(peak_kib sqlite3 -markdown "$db" "$export_sql")" >>"$results"
    rm -f "$db"
done

# The report: medians and ratios per size, then the targets at the largest size.
value() { awk -F'\t' -v s="$1" -v n="$2" '$1 == s && $2 == n { print $3 }' "$results"; }
cpu() { awk -F'\t' -v s="$1" -v n="$2" '$1 == s && $2 == n { print $4 }' "$results"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
verdict() { awk -v a="$1" -v limit="$2" 'BEGIN { print (a != "n/a" && a <= limit) ? "met" : "NOT met" }'; }
missed=0
check() {  # check DESCRIPTION WALL CPU LIMIT UNIT (CPU may be "-")
    local v c="-"
    v=$(verdict "$2" "$4")
    [[ $v == met ]] || missed=1
    [[ $3 == - ]] || c="$3$5 ($(verdict "$3" "$4"))"
    printf '| %s | %s%s | %s | ≤ %s%s | %s |\n' "$1" "$2" "$5" "$c" "$4" "$5" "$v"
}
{
    echo "| incidents | command | median ms | CPU ms | yardstick | its median ms | its CPU ms | ratio | CPU ratio |"
    echo "|---:|---|---:|---:|---|---:|---:|---:|---:|"
    for size in $sizes; do
        for pair in "version:sqlite3 version" "show:sqlite3 show" "list -n 50:sqlite3 list 50" \
            "list:sqlite3 list" "export md:sqlite3 -markdown" "export html:sqlite3 -markdown" \
            "update:sqlite3 insert" "import:export json"; do
            ours=${pair%%:*} theirs=${pair#*:}
            m=$(value "$size" "$ours")
            [[ -n $m ]] || continue
            y=$(value "$size" "$theirs") c=$(cpu "$size" "$ours") yc=$(cpu "$size" "$theirs")
            echo "| $size | \`$ours\` | $m | $c | \`$theirs\` | $y | $yc | $(ratio "$m" "$y") | $(ratio "$c" "$yc") |"
        done
    done
    echo
    echo "| incidents | peak RSS export md | export html | sqlite3 -markdown | import of the JSON export |"
    echo "|---:|---:|---:|---:|---:|"
    for size in $sizes; do
        echo "| $size | $(($(value "$size" "peak KiB export md") / 1024)) MiB |" \
            "$(($(value "$size" "peak KiB export html") / 1024)) MiB |" \
            "$(($(value "$size" "peak KiB sqlite3 -markdown") / 1024)) MiB |" \
            "$(($(value "$size" "peak KiB import") / 1024)) MiB |"
    done
    echo
    first=${sizes%% *}
    echo "Targets at $largest incidents (update and import: at every size):"
    echo
    echo "| target | measured (median) | CPU time instead | limit | verdict |"
    echo "|---|---:|---:|---:|---|"
    for size in $sizes; do
        check "\`update\` / \`sqlite3\` insert at $size" \
            "$(ratio "$(value "$size" update)" "$(value "$size" "sqlite3 insert")")" \
            "$(ratio "$(cpu "$size" update)" "$(cpu "$size" "sqlite3 insert")")" 1.5 "×"
    done
    check "\`update\` at $largest / at $first" \
        "$(ratio "$(value "$largest" update)" "$(value "$first" update)")" \
        "$(ratio "$(cpu "$largest" update)" "$(cpu "$first" update)")" 1.2 "×"
    check "\`export --format md\` / \`sqlite3 -markdown\`" \
        "$(ratio "$(value "$largest" "export md")" "$(value "$largest" "sqlite3 -markdown")")" \
        "$(ratio "$(cpu "$largest" "export md")" "$(cpu "$largest" "sqlite3 -markdown")")" 1.0 "×"
    check "\`export --format html\` / \`sqlite3 -markdown\`" \
        "$(ratio "$(value "$largest" "export html")" "$(value "$largest" "sqlite3 -markdown")")" \
        "$(ratio "$(cpu "$largest" "export html")" "$(cpu "$largest" "sqlite3 -markdown")")" 1.5 "×"
    check "peak RSS of \`export --format md\`" \
        "$(awk -v k="$(value "$largest" "peak KiB export md")" 'BEGIN { printf "%.1f", k / 1024 }')" - 31.99 " MiB"
    check "peak RSS of \`export --format html\`" \
        "$(awk -v k="$(value "$largest" "peak KiB export html")" 'BEGIN { printf "%.1f", k / 1024 }')" - 31.99 " MiB"
    for size in $sizes; do  # issue 9: "at any size"
        check "\`import\` of the JSON export / \`export --format json\` at $size" \
            "$(ratio "$(value "$size" import)" "$(value "$size" "export json")")" \
            "$(ratio "$(cpu "$size" import)" "$(cpu "$size" "export json")")" 3.0 "×"
    done
    for size in $sizes; do
        check "peak RSS of \`import\` at $size" \
            "$(awk -v k="$(value "$size" "peak KiB import")" 'BEGIN { printf "%.1f", k / 1024 }')" - 63.99 " MiB"
    done
    check "\`list\` as a terminal shows it (\`-n 50\`)" "$(value "$largest" "list -n 50")" \
        "$(cpu "$largest" "list -n 50")" 20 " ms"
    check "\`show\`" "$(value "$largest" show)" "$(cpu "$largest" show)" 20 " ms"
    echo
    echo "Medians of $runs runs (hyperfine -N, $warmup warm-up; exports at ≥ 10k incidents: 5 runs," \
        "1 warm-up), wall-clock; CPU = mean user + system time. Commands (J = the journal," \
        "T = the bench's open incident, N = a generated incident):"
    echo
    echo '```'
    sed "s|$work/j[0-9]*\.db|J|g; s|$binary|incident|g" "$work/commands.txt" | sort -u
    echo '```'
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)," \
        "load average $(cut -d' ' -f1-3 /proc/loadavg), $(sqlite3 --version | cut -d' ' -f1-2 | sed 's/^/SQLite /'), $(hyperfine --version)."
} >"$report"
cat "$report"
if [[ -n $doc ]]; then
    grep -q '^<!-- bench:begin -->$' "$doc" && grep -q '^<!-- bench:end -->$' "$doc" ||
        fail "$doc has no <!-- bench:begin --> / <!-- bench:end --> block"
    awk -v report="$report" '
        /^<!-- bench:end -->$/ { while ((getline line < report) > 0) print line; skip = 0 }
        !skip { print }
        /^<!-- bench:begin -->$/ { skip = 1 }
    ' "$doc" >"$work/doc.md"
    cp "$work/doc.md" "$doc"
    report=$doc
fi
echo "report written to $report" >&2
if ((!quick && missed)); then
    echo "bench/run.sh: some targets were not met (see above)" >&2
    exit 3
fi
