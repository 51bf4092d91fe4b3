#!/usr/bin/env bash
# Renders HTML exports in headless Chromium and checks the DOM the browser built:
#   1. the rebuilt sample incident (scripts/sample-incident.sh): title, labels, bodies, Posted
#      lines, affected line, timeline SVG; and that it renders to a screenshot;
#   2. an export whose every field carries injection payloads: nothing became markup or ran;
#   3. a control page whose script and onerror handler must run (else the harness is blind);
#   4. an export with a script smuggled into it after rendering: the page's CSP blocks it;
#   5. the sample laid out at 390 and 1200 px: no sideways scrolling, the phase bar and its
#      legend fit the width (measured by a wrapper page that frames the report).
# Usage: chromium_report.sh INCIDENT_BINARY SOURCE_DIR
# Exits 77 (ctest SKIP_RETURN_CODE) when Chromium is not installed.
set -euo pipefail
incident=$(readlink -f "$1")
source_dir=$(readlink -f "$2")
here=$source_dir/tests/browser

browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $browser ]]; then
    echo "SKIP: chromium is not installed (Debian package 'chromium'; 'scripts/install-deps.sh test' installs it)"
    exit 77
fi
command -v python3 >/dev/null || { echo "python3 is required to check the DOM" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/incident-browser.XXXXXX")
trap 'rm -rf "$work"' EXIT
export INCIDENT_NOW=2019-07-04T14:00:00Z TZ=Europe/Stockholm USER=tester
unset INCIDENT_AUTHOR XDG_DATA_HOME

# One bounded Chromium run; a fresh profile each time, no network, no background services.
chrome() {
    local profile
    profile=$(mktemp -d "$work/profile.XXXXXX")
    if ! timeout -k 5 60 "$browser" --headless --no-sandbox --disable-gpu \
        --disable-background-networking --disable-component-update --disable-sync \
        --no-first-run --disable-extensions --user-data-dir="$profile" \
        --virtual-time-budget=3000 "$@" 2>"$work/chromium.log"; then
        echo "chromium failed or timed out ($*):" >&2
        tail -n 20 "$work/chromium.log" >&2
        exit 1
    fi
}
dump_dom() { chrome --dump-dom "file://$1" >"$2"; }

status=0
check() { python3 "$here/check_dom.py" "$@" || status=1; }

# 1. The sample incident.
bash "$source_dir/scripts/sample-incident.sh" "$incident" "$work/sample.db" >/dev/null
INCIDENT_DB=$work/sample.db "$incident" export 1 --format html -o "$work/sample.html"
dump_dom "$work/sample.html" "$work/sample.dom"
check sample "$work/sample.dom"
chrome --hide-scrollbars --window-size=1000,1600 --screenshot="$work/sample.png" \
    "file://$work/sample.html" >/dev/null
if [[ $(head -c 8 "$work/sample.png" | od -An -tx1 | tr -d ' \n') != 89504e470d0a1a0a ]] ||
    (($(stat -c %s "$work/sample.png") < 20000)); then
    echo "screenshot: not a plausible PNG of the report" >&2
    status=1
else
    echo "screenshot: ok"
fi

# 2. Injection payloads in every field a user can write.
export INCIDENT_DB=$work/payloads.db
i() { "$incident" -q "$@" >/dev/null; }
i config set name '<script>document.title="pwned-name"</script>'
i open '<script>document.title="pwned"</script>' --at "2019-07-01 18:30" --impact critical \
    --component '<img src=x onerror=alert(1)>/<b>c</b>' \
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">"
i update 1 --at "2019-07-01 18:40" --status identified \
    "[click](javascript:document.title='pwned') <a href=\"javascript:document.title='pwned'\">raw link</a> <b>bold?</b>
<javascript:alert(1)> [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
<svg onload=\"document.body.setAttribute('data-pwned','svg')\"></svg>
<iframe srcdoc=\"<script>parent.document.title='pwned'</script>\"></iframe>"
i update 1 --at "2019-07-01 18:50" \
    "**<script>document.title='pwned'</script>** \`</code><script>document.title='pwned'</script>\`
*<style>body{display:none}</style>* [x](https://example.com/\"onmouseover=\"document.title='pwned')
- <img src=x onerror=\"document.body.setAttribute('data-pwned','li')\">
&lt;script&gt;document.title='pwned'&lt;/script&gt; &#60;b&#62;

\`\`\`
</code></pre><script>document.title='pwned'</script>
\`\`\`"
i resolve 1 --at "2019-07-01 19:00" "<body onload=\"document.body.setAttribute('data-pwned','body')\">"
printf '%s\n' "# <script>document.title='pwned'</script>" "" \
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:document.title='pwned'\">" >"$work/postmortem.md"
i postmortem 1 -F "$work/postmortem.md" --at "2019-07-02 10:00"
"$incident" export 1 --format html -o "$work/payloads.html"
dump_dom "$work/payloads.html" "$work/payloads.dom"
check payloads "$work/payloads.dom"
"$incident" export --format html -o "$work/history.html"
dump_dom "$work/history.html" "$work/history.dom"
check history-payloads "$work/history.dom"
unset INCIDENT_DB

# 3. The control: a page that does run a script and an error handler.
cat >"$work/control.html" <<'EOF'
<!DOCTYPE html><html><head><meta charset="utf-8"><title>before</title></head><body>
<script>document.title = "ran";</script>
<img src="missing.png" onerror="document.body.setAttribute('data-onerror', 'ran')">
</body></html>
EOF
dump_dom "$work/control.html" "$work/control.dom"
check control "$work/control.dom"

# 4. The CSP: a script and a handler smuggled into a rendered export do not run.
sed 's|<body>|<body><script>document.title="csp-bypassed"</script><img src="missing.png" onerror="document.body.setAttribute(\x27data-pwned\x27, \x27csp\x27)">|' \
    "$work/sample.html" >"$work/csp.html"
dump_dom "$work/csp.html" "$work/csp.dom"
check csp "$work/csp.dom"

# 5. Layout at a phone's and a desktop's width. The report's CSP forbids scripts, so a wrapper
# page (same file origin) frames it and records the measurements as an attribute.
for width in 390 1200; do
    sed "s/@WIDTH@/$width/" "$here/viewport.html" >"$work/viewport-$width.html"
    chrome --allow-file-access-from-files --dump-dom "file://$work/viewport-$width.html" \
        >"$work/viewport-$width.dom"
    check viewport "$work/viewport-$width.dom"
done

exit $status
