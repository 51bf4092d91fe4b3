#!/usr/bin/env bash
# The status site in headless Chromium (scripts/sample-site.sh's page: groups, statuses set by
# updates, an open incident, maintenances):
#   1. framed at 390 and 1200 px: every component with its 90 coloured bars spanning the page,
#      the banner, no sideways scrolling (viewport-site.html measures, check_dom.py judges)
#   2. screenshots at 1200 and 390 px: plausible PNGs whose pixels hold the bars' colours
#      (operational green, the partial outage's orange) where the bars are
#   3. the CSP: a script smuggled into a site page does not run
# Usage: chromium_site.sh INCIDENT_BINARY SOURCE_DIR. Exits 77 without Chromium.
set -euo pipefail
incident=$(readlink -f "$1")
source_dir=$(readlink -f "$2")
here=$source_dir/tests/browser
browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $browser ]]; then
    echo "SKIP: chromium is not installed"
    exit 77
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/incident-site-browser.XXXXXX")
trap 'rm -rf "$work"' EXIT
export INCIDENT_NOW=2019-07-04T14:00:00Z TZ=Europe/Stockholm USER=tester
unset INCIDENT_AUTHOR XDG_DATA_HOME
chrome() {
    local profile
    profile=$(mktemp -d "$work/profile.XXXXXX")
    timeout -k 5 60 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --disable-extensions \
        --user-data-dir="$profile" --virtual-time-budget=3000 "$@" 2>"$work/chromium.log" ||
        { echo "chromium failed:" >&2; tail -n 20 "$work/chromium.log" >&2; exit 1; }
}
status=0
bash "$source_dir/scripts/sample-site.sh" "$incident" "$work/journal.db" "$work/site"

for width in 390 1200; do
    sed "s/@WIDTH@/$width/" "$here/viewport-site.html" >"$work/viewport-$width.html"
    chrome --allow-file-access-from-files --dump-dom "file://$work/viewport-$width.html" >"$work/viewport-$width.dom"
    python3 "$here/check_dom.py" site-viewport "$work/viewport-$width.dom" || status=1
    chrome --hide-scrollbars --force-device-scale-factor=1 --window-size="$width,2400" \
        --screenshot="$work/site-$width.png" "file://$work/site/index.html" >/dev/null
    python3 - "$work/site-$width.png" "$width" <<'PY' || status=1
import struct, sys, zlib
path, width = sys.argv[1], int(sys.argv[2])
data = open(path, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
at, idat = 8, b""
while at < len(data):
    n = struct.unpack(">I", data[at:at + 4])[0]
    kind, chunk = data[at + 4:at + 8], data[at + 8:at + 8 + n]
    if kind == b"IHDR":
        w, h, depth, colour = struct.unpack(">IIBB", chunk[:10])
    elif kind == b"IDAT":
        idat += chunk
    at += 12 + n
bpp = {2: 3, 6: 4}[colour]
raw, stride, prev, counts = zlib.decompress(idat), w * bpp, bytearray(w * bpp), {}
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b, c = prev[x], prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            line[x] = (line[x] + (a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else b if abs(p - b) <= abs(p - c) else c)) & 255
    for x in range(0, stride, bpp):
        px = tuple(line[x:x + 3])
        counts[px] = counts.get(px, 0) + 1
    prev = line
# The bars' colours (site.css, light scheme): operational, partial outage, major outage.
green, orange, red = (0x24, 0xa0, 0x5a), (0xe6, 0x7e, 0x22), (0xd6, 0x45, 0x38)
problems = []
if w != width: problems.append(f"width {w}")
if counts.get(green, 0) < 2000: problems.append(f"{counts.get(green, 0)} operational-green pixels")
if counts.get(orange, 0) < 20: problems.append(f"{counts.get(orange, 0)} partial-outage pixels")
if counts.get(red, 0) < 20: problems.append(f"{counts.get(red, 0)} major-outage pixels")
print(f"screenshot {width}: " + ("ok" if not problems else "; ".join(problems)))
sys.exit(1 if problems else 0)
PY
done

sed 's|<body>|<body><script>document.title="csp-bypassed"</script>|' "$work/site/index.html" >"$work/site/csp.html"
chrome --dump-dom "file://$work/site/csp.html" >"$work/csp.dom"
grep -q "<title>csp-bypassed</title>" "$work/csp.dom" && { echo "csp: a smuggled script ran"; status=1; } || echo "csp: ok"
exit $status
