#!/usr/bin/env bash
# Records tests/markdown/postmortem.md as a postmortem, exports Markdown and HTML, and checks
# (structure.py) that the source, the Markdown export and the HTML export have one structure.
# Usage: structure.sh INCIDENT_BINARY SOURCE_DIR. Exits 77 (skip) without cmark-gfm.
set -euo pipefail
incident=$(readlink -f "$1")
here=$(readlink -f "$2")/tests/markdown
command -v cmark-gfm >/dev/null || { echo "SKIP: cmark-gfm is not installed"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/incident-markdown.XXXXXX")
trap 'rm -rf "$work"' EXIT
export INCIDENT_DB=$work/journal.db INCIDENT_NOW=2019-07-04T14:00:00Z TZ=UTC USER=tester
"$incident" -q open "Checkout API down" --at "2019-07-01 10:00" "Investigating." >/dev/null
"$incident" -q resolve 1 --at "2019-07-01 10:42" "Resolved." >/dev/null
"$incident" -q postmortem 1 -F "$here/postmortem.md" >/dev/null
"$incident" export 1 --format md -o "$work/report.md"
"$incident" export 1 --format html -o "$work/report.html"
python3 - "$work" <<'PY'
import re, sys
work = sys.argv[1]
md = open(f"{work}/report.md", encoding="utf-8").read()
body = md.split("## Postmortem\n\n", 1)[1].split("\n\nPosted ", 1)[0]
open(f"{work}/body.md", "w", encoding="utf-8").write(body + "\n")
html = open(f"{work}/report.html", encoding="utf-8").read()
section = html.split('<h2 class="update-label">Postmortem</h2>', 1)[1]
body = re.search(r'<div class="update-body" dir="auto">\n(.*?)</div>', section, re.S).group(1)
open(f"{work}/body.html", "w", encoding="utf-8").write(body)
PY
python3 "$here/structure.py" "$here/postmortem.md" "$work/body.md" "$work/body.html"
