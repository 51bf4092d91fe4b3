#!/usr/bin/env bash
# Import memory: importing the journal's own JSON export streams it, so peak RSS stays under
# 64 MiB and does not grow with the document (a small and an 8x larger export, from a file and
# from standard input). A document cut short after thousands of good incidents writes nothing.
source "$(dirname "$0")/lib.sh"
cd "$WORK"
command -v /usr/bin/time >/dev/null || { echo "no /usr/bin/time" >&2; exit "$SKIP"; }
command -v sqlite3 >/dev/null || { echo "no sqlite3" >&2; exit "$SKIP"; }
generate=$HERE/../../bench/generate.sh
limit_kib=$((64 * 1024))
# Under ASan freed memory stays in quarantine and every byte has shadow memory, so peak RSS
# says nothing about the import: the sanitizer build checks correctness, the normal build memory.
sanitized=${INCIDENT_SANITIZED:-0}
memory_ok() { [[ $sanitized == 1 ]] || (($1)); }
# There only the import's correctness is checked, on documents a fifth the size.
small=500 large=4000
[[ $sanitized == 1 ]] && small=100 large=800

# peak KiB of one import of $1 into fresh journal $2 ("-" reads standard input from $1).
peak() {
    rm -f "$2" "$2-journal"
    if [[ $3 == stdin ]]; then
        /usr/bin/time -v "$INCIDENT" --db "$2" import - <"$1" >/dev/null 2>"$WORK/time.txt" || return 1
    else
        /usr/bin/time -v "$INCIDENT" --db "$2" import "$1" >/dev/null 2>"$WORK/time.txt" || return 1
    fi
    awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/time.txt"
}

declare -A kib
for size in $small $large; do
    "$generate" "$INCIDENT" "$size" "src$size.db" || { fail "generate $size"; finish; }
    "$INCIDENT" --db "src$size.db" export --format json >"export$size.json" || { fail "export $size"; finish; }
    for how in file stdin; do
        k=$(peak "export$size.json" "dst$size.db" "$how") || { fail "import of $size incidents ($how)"; continue; }
        kib[$size$how]=$k
        figure "peak RSS of import, $size incidents ($(du -k "export$size.json" | cut -f1) KiB JSON, $how): $((k / 1024)) MiB"
        if memory_ok "k < limit_kib"; then ok "import of $size incidents ($how) under 64 MiB"; else fail "import of $size ($how): $k KiB"; fi
        n=$(sqlite3 "dst$size.db" "SELECT count(*) || '/' || (SELECT count(*) FROM updates) FROM incidents")
        [[ $n == "$size/$((size * 10))" ]] && ok "all of $size incidents imported" || fail "imported $n of $size"
        check_integrity "dst$size.db"
    done
done
for how in file stdin; do
    grow=$((${kib[$large$how]:-0} - ${kib[$small$how]:-0}))
    figure "peak RSS growth from $small to $large incidents ($how): $((grow / 1024)) MiB"
    if memory_ok "grow < 8 * 1024"; then ok "memory does not grow with the document ($how)"; else fail "grew $grow KiB ($how)"; fi
done

# Cut short near the end: refused, nothing written (not even the page's name).
size=$(stat -c %s "export$large.json")
head -c $((size - 100)) "export$large.json" >cut.json
rm -f cut.db
"$INCIDENT" --db cut.db import cut.json >/dev/null 2>err.txt
rc=$?
if ((rc == 2)) && grep -q "not valid JSON" err.txt; then ok "a cut document is refused"; else fail "cut document: exit $rc, $(head -c 200 err.txt)"; fi
if [[ ! -e cut.db ]] || [[ $(sqlite3 cut.db "SELECT (SELECT count(*) FROM incidents) + (SELECT count(*) FROM config)") == 0 ]]; then
    ok "the cut document wrote nothing"
else
    fail "the cut document wrote rows"
fi
finish
