#!/usr/bin/env bash
# Injection: every payload of payloads.txt (one a line, read with printf %b: \n, \e, \xNN)
# goes into every field a user writes (title, update and postmortem bodies, component,
# author, the page name), then through every export format:
#   json  python's json: parses, and every string comes back verbatim;
#   atom  xml.etree: parses; each entry's HTML content holds no live markup;
#   md    rendered by cmark --unsafe (raw HTML passes, as a careless renderer would): no live markup;
#   html  html.parser: no live markup, every title shown as text;
#   and the HTML report, the cmark rendering and the Atom content loaded in headless Chromium:
#   no payload script ran (a control page proves the harness sees one that does), the
#   document is whole (every title is in the DOM the browser built).
source "$(dirname "$0")/lib.sh"
cd "$WORK"
export INCIDENT_NOW=2019-07-04T14:00:00Z
check=("python3" "$HERE/check_injection.py")

payloads=()
while IFS= read -r line; do payloads+=("$(printf '%b' "$line")"); done <"$HERE/payloads.txt"
n=${#payloads[@]}
: >expected.tsv
"$INCIDENT" config set name "${payloads[0]//$'\n'/ }" >/dev/null || fail "config set name"
for ((i = 0; i < n; i++)); do
    p=${payloads[$i]}
    one=${p//$'\n'/ }
    title="P$i $one"
    printf '%s\n' "$p" >body.md
    id=$("$INCIDENT" -q open "$title" -F body.md --at "2019-07-01 18:30" --author "A$i $one" \
        --component "G$i $one/C$i $one" 2>err) || {
        # A typed title refuses control characters (exit 2): a correct answer, not a leak.
        grep -q "control character" err || fail "open payload $i: $(cat err)"; continue; }
    "$INCIDENT" update "$id" -F body.md --status identified --at "2019-07-01 18:45" >/dev/null 2>err ||
        fail "update payload $i: $(cat err)"
    "$INCIDENT" postmortem "$id" -F body.md --at "2019-07-02 10:00" >/dev/null 2>err ||
        fail "postmortem payload $i: $(cat err)"
done
# The exact strings the journal holds, for the checker to compare with (hex: they have tabs, newlines).
sqlite3 "$INCIDENT_DB" "SELECT id, hex(title) FROM incidents ORDER BY id" >titles.hex
sqlite3 "$INCIDENT_DB" "SELECT incident_id, hex(body) FROM updates ORDER BY id" >bodies.hex

for format in json atom md html; do
    "$INCIDENT" export --format "$format" -o "all.$format" 2>err || fail "export --format $format: $(cat err)"
done
"$INCIDENT" export 1 5 19 --format html -o some.html 2>err || fail "export of three incidents: $(cat err)"
"$INCIDENT" export 19 --format html -o one.html 2>err || fail "export of one incident: $(cat err)"
"$INCIDENT" export 19 --format md -o one.md 2>err || fail "export of one incident as md: $(cat err)"
"${check[@]}" json all.json titles.hex bodies.hex || fail "JSON export"
"${check[@]}" atom all.atom titles.hex || fail "Atom export"
"${check[@]}" md all.md titles.hex || fail "Markdown export (all)"
"${check[@]}" md one.md titles.hex || fail "Markdown export (one)"
"${check[@]}" html all.html titles.hex || fail "HTML export (all)"
"${check[@]}" html some.html titles.hex || fail "HTML export (three)"
"${check[@]}" html one.html titles.hex || fail "HTML export (one)"
# The checker must notice live markup (else it is blind): a report with one payload unescaped.
sed 's|</main>|<img src=x onerror=alert(1)></main>|' all.html >tampered.html
printf '%s\n' "[x](javascript:alert(1))" >>tampered.md
cat all.md >>tampered.md
if "${check[@]}" html tampered.html titles.hex >/dev/null || "${check[@]}" md tampered.md titles.hex >/dev/null; then
    fail "the checker passed a tampered report"
else
    ok "the checker fails tampered HTML and Markdown reports"
fi
figure "injection: $n payloads x 6 fields (title, update, postmortem, component, author; page name) through md, html, json, atom"

browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $browser ]]; then
    echo "SKIP (browser part): chromium is not installed"
    finish
fi
# Pages for the browser: the HTML exports as written, and the Markdown and Atom content as
# a careless consumer would show them (cmark --unsafe, no CSP).
"${check[@]}" page-md all.md >md.html || fail "rendering the Markdown"
"${check[@]}" page-atom all.atom >atom.html || fail "extracting the Atom content"
cat >control.html <<'HTML'
<!DOCTYPE html><html><body><p>control</p>
<script>document.body.setAttribute('data-pwned','script')</script>
<img src=x onerror="document.body.setAttribute('data-pwned-img','img')"></body></html>
HTML
chrome() {
    local profile
    profile=$(mktemp -d "$WORK/profile.XXXXXX")
    timeout -k 5 90 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --disable-extensions \
        --user-data-dir="$profile" --virtual-time-budget=3000 --dump-dom "file://$WORK/$1" \
        >"$WORK/$1.dom" 2>"$WORK/chromium.log" || { fail "chromium on $1: $(tail -3 "$WORK/chromium.log")"; return 1; }
}
chrome control.html && grep -q "data-pwned=\"script\"" control.html.dom && grep -q 'data-pwned-img="img"' control.html.dom &&
    ok "control page: Chromium ran its script and onerror handler (the harness can see one)" ||
    fail "control page: the harness did not see a script run: $(head -c 300 control.html.dom)"
for page in all.html one.html md.html atom.html; do
    chrome "$page" && { "${check[@]}" dom "$page.dom" titles.hex "$page" || fail "Chromium DOM of $page"; }
done
finish
