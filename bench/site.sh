#!/usr/bin/env bash
# Benchmarks `incident site` against `export --format html` of the same journal, side by side
# in one hyperfine run: a full build (DIR removed before each run), an unchanged rerun (the
# journal's mark matches the manifest: only the front page and open incidents' pages are made
# again), and the export. Peak memory of a full build comes from /usr/bin/time -v.
#
#   bench/site.sh [--quick] [--binary PATH] [--size N] [--runs N] [--out DIR]
#
# The site is written under --out (default: /dev/shm when it exists, else the work directory):
# on ext4, removing a 100k-file tree right before building another makes the new inodes' allocation
# slow for a few minutes (ext4 skips recently deleted inodes), which would time the file
# system's bookkeeping rather than the program; the export's output goes nowhere at all.
# Targets at the full size: full build <= 1.5x the export, peak RSS < 64 MiB, rerun <= 0.2x
# the full build. --quick (1000 incidents, 3 runs) checks that everything runs, not ratios.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
quick=0 binary="$top/build/incident" size=100000 runs="" out=""
while (($#)); do
    case $1 in
        --quick) quick=1 ;;
        --binary) binary=$2; shift ;;
        --size) size=$2; shift ;;
        --runs) runs=$2; shift ;;
        --out) out=$2; shift ;;
        *) echo "bench/site.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
binary=$(readlink -f "$binary")
[[ -x $binary ]] || { echo "bench/site.sh: no incident binary at $binary" >&2; exit 2; }
for tool in hyperfine sqlite3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench/site.sh: $tool is not installed" >&2; exit 2; }
done
((quick)) && { size=1000; runs=${runs:-3}; } || runs=${runs:-5}
work=$(mktemp -d "${TMPDIR:-/tmp}/incident-site-bench.XXXXXX")
if [[ -z $out ]]; then
    if [[ -d /dev/shm && -w /dev/shm ]]; then out=$(mktemp -d /dev/shm/incident-site-bench.XXXXXX); else out=$work/out; fi
fi
mkdir -p "$out"
trap 'rm -rf "$work" "$out"' EXIT
export TZ=UTC LC_ALL=C.UTF-8
unset INCIDENT_DB INCIDENT_NOW

db=$work/journal.db
echo "== generating $size incidents" >&2
"$top/bench/generate.sh" "$binary" "$size" "$db"
q() { printf '%q' "$1"; }
B=$(q "$binary") D=$(q "$db") S=$(q "$out/site") R=$(q "$out/rerun")
"$binary" --db "$db" -q site -o "$out/rerun"   # the site the reruns find unchanged
hyperfine -N --style basic --warmup 1 --runs "$runs" --export-csv "$work/h.csv" \
    --prepare "true" --prepare "rm -rf $S" --prepare "true" \
    --command-name "export html" "$B --db $D export --format html" \
    --command-name "site (full build)" "$B --db $D -q site -o $S" \
    --command-name "site (unchanged rerun)" "$B --db $D -q site -o $R" \
    >"$work/h.log" 2>&1 || { cat "$work/h.log" >&2; exit 1; }
[[ $(find "$out/site/incidents" -name '*.html' | wc -l) == "$size" ]] || { echo "bench/site.sh: a page is missing" >&2; exit 1; }
rm -rf "$out/site"
/usr/bin/time -v "$binary" --db "$db" -q site -o "$out/site" 2>"$work/time.txt"
rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
median() { awk -F, -v n="$1" 'NR > 1 && $1 == n { printf "%.1f", $4 * 1000 }' "$work/h.csv"; }
cpu() { awk -F, -v n="$1" 'NR > 1 && $1 == n { printf "%.1f", ($5 + $6) * 1000 }' "$work/h.csv"; }
e=$(median "export html") f=$(median "site (full build)") r=$(median "site (unchanged rerun)")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v a="$1" -v l="$2" 'BEGIN { print (a <= l) ? "met" : "NOT met" }'; }
full_ratio=$(ratio "$f" "$e") rerun_ratio=$(ratio "$r" "$f") mib=$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')
cat <<REPORT
| $size incidents | median ms | CPU ms |
|---|---:|---:|
| \`export --format html\` | $e | $(cpu "export html") |
| \`site\`, full build | $f | $(cpu "site (full build)") |
| \`site\`, unchanged rerun | $r | $(cpu "site (unchanged rerun)") |

| target | measured | limit | verdict |
|---|---:|---:|---|
| full build / export html | ${full_ratio}× (CPU $(ratio "$(cpu "site (full build)")" "$(cpu "export html")")×) | ≤ 1.5× | $(verdict "$full_ratio" 1.5) |
| peak RSS of a full build | $mib MiB | < 64 MiB | $(verdict "$mib" 63.99) |
| unchanged rerun / full build | ${rerun_ratio}× | ≤ 0.2× | $(verdict "$rerun_ratio" 0.2) |

hyperfine -N, $runs runs, 1 warm-up; site written to $(df --output=fstype "$out" | tail -1) ($out);
$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg).
REPORT
