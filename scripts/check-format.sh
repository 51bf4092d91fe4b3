#!/usr/bin/env bash
# Checks that our own C and C++ sources are as clang-format-14 formats them (.clang-format).
#
#   scripts/check-format.sh         list the files that differ, exit 1 if any
#   scripts/check-format.sh --fix   format them in place
#
# Our sources are the tracked *.c, *.cpp, *.h and *.hpp files. A shipped migration's text is never
# reflowed: src/store/*/schema.cpp keep it between `// clang-format off` and `// clang-format on`.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
fix=0
case ${1:-} in
    --fix) fix=1 ;;
    "") ;;
    *) echo "check-format.sh: unknown option $1" >&2; exit 2 ;;
esac
formatter=${CLANG_FORMAT:-clang-format-14}
command -v "$formatter" >/dev/null || { echo "check-format.sh: $formatter is not installed" >&2; exit 2; }
cd "$top"
mapfile -t files < <(git ls-files -- '*.c' '*.cpp' '*.h' '*.hpp')
((${#files[@]})) || { echo "check-format.sh: no sources found (not a git checkout?)" >&2; exit 2; }
if ((fix)); then
    "$formatter" -i --style=file "${files[@]}"
    exit 0
fi
bad=()
for f in "${files[@]}"; do
    "$formatter" --dry-run --Werror --style=file "$f" 2>/dev/null || bad+=("$f")
done
if ((${#bad[@]})); then
    echo "check-format.sh: ${#bad[@]} of ${#files[@]} files are not formatted (run scripts/check-format.sh --fix):" >&2
    printf '  %s\n' "${bad[@]}" >&2
    exit 1
fi
echo "format: ${#files[@]} files formatted"
