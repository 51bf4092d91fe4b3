#!/usr/bin/env bash
# Compares the two Debian Markdown engines issue 11 names: cmark-gfm 0.29.0.gfm.6 and md4c 0.4.8.
# Correctness on the GFM spec's examples, start-up instructions, throughput, pathological inputs.
# Needs: libcmark-gfm-dev libcmark-gfm-extensions-dev libmd4c-dev libmd4c-html0-dev cmark-gfm valgrind.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
gcc -O2 -o cm "$here/cm.c" -lcmark-gfm-extensions -lcmark-gfm
gcc -O2 -o md "$here/md.c" -lmd4c-html -lmd4c
printf 'int main(void){return 0;}\n' | gcc -O2 -x c -o base -
zcat /usr/share/doc/cmark-gfm/spec.txt.gz > spec.txt
echo "== GFM spec 0.29 examples (HTML compared as a canonical tag/text stream)"
python3 "$here/spec.py" cm md
echo "== start-up: instructions for one tiny input (valgrind callgrind)"
echo x > one.md
for p in base "md 1" "cm 1"; do
    printf '%s: ' "$p"
    valgrind --tool=callgrind --callgrind-out-file=/dev/null ./$p < one.md 2>&1 >/dev/null | grep -o 'refs: *[0-9,]*'
done
echo "== throughput: docs/ARCHITECTURE.md (real Markdown: tables, lists, code) rendered 2000 times"
for p in cm md; do /usr/bin/time -f "$p: %e s, peak %M KiB" ./$p 2000 < "$here/../../docs/ARCHITECTURE.md" 2>&1 >/dev/null | tail -n 1; done
echo "== pathological inputs"
python3 "$here/pathological.py"
