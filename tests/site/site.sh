#!/usr/bin/env bash
# The status site (`incident site`) end to end, checked by check_site.py:
#   1. the sample journal: links, CSP, feeds, API shapes; the same journal twice gives the same
#      bytes; a rerun writes nothing; an update rewrites only what changed (unchanged files keep
#      their inode: taken over, not rewritten); a file put there by hand stays
#   2. a page with component statuses, open incidents and maintenances of every status
#   3. the real Statuspage documents imported, then published: their API shapes
#   4. injection payloads in every field a user writes: no page has anything active
#   5. the checker itself sees a wrong type, a broken link and an external resource
#   6. a second run while one holds the lock is refused (exit 4) and changes nothing
# Usage: site.sh INCIDENT_BINARY SOURCE_DIR
set -euo pipefail
incident=$(readlink -f "$1")
source_dir=$(readlink -f "$2")
check="python3 $source_dir/tests/site/check_site.py"
statuspage=$source_dir/tests/import/statuspage
work=$(mktemp -d "${TMPDIR:-/tmp}/incident-site.XXXXXX")
trap 'rm -rf "$work"' EXIT
export INCIDENT_NOW=2019-07-04T14:00:00Z TZ=Europe/Stockholm USER=tester
unset INCIDENT_AUTHOR XDG_DATA_HOME
status=0
all_checks() {
    for mode in links csp feeds inert; do $check "$mode" "$1" || status=1; done
    $check shape "$1" "$statuspage" || status=1
}
fail() { echo "FAIL: $*"; status=1; }

# 1. The sample journal.
bash "$source_dir/scripts/sample-incident.sh" "$incident" "$work/sample.db" >/dev/null
export INCIDENT_DB=$work/sample.db
"$incident" -q site -o "$work/a"
"$incident" -q site -o "$work/b"
all_checks "$work/a"
diff -r "$work/a" "$work/b" >/dev/null && echo "deterministic: ok" || fail "two builds of one journal differ"
[[ $("$incident" --json site -o "$work/a") == *'"written":0,'*'"replaced":false}' ]] &&
    echo "rerun writes nothing: ok" || fail "an unchanged rerun wrote files"
echo robots >"$work/a/robots.txt"
before=$(stat -c %i "$work/a/incidents/1.html")
"$incident" -q open "Second" "Something else." --at "2019-07-03 10:00" --impact minor >/dev/null
out=$("$incident" --json site -o "$work/a")
[[ $out == *'"replaced":true}' ]] || fail "a changed journal did not replace the site: $out"
[[ $(stat -c %i "$work/a/incidents/1.html") == "$before" ]] && echo "unchanged page kept: ok" ||
    fail "incidents/1.html was rewritten though it did not change"
[[ -f $work/a/incidents/2.html && $(cat "$work/a/robots.txt") == robots ]] && echo "new page, kept file: ok" ||
    fail "the new incident's page or the hand-made file is missing"
all_checks "$work/a"

# 2. Components, open incidents and maintenances of every status.
export INCIDENT_DB=$work/page.db
i() { "$incident" -q "$@" >/dev/null; }
i config set name "Shop"
i open "Checkout errors" "Payments fail for some cards." --at "2019-07-04 09:00" --impact major \
    --component "Shop/Checkout=major_outage" --component "Shop/Cart=degraded_performance"
i update 1 "Fixed for Visa." --at "2019-07-04 10:00" --component "Shop/Checkout=partial_outage"
i open "Search slow" "Looking." --at "2019-06-20 10:00" --impact minor --component "Search=degraded_performance"
i resolve 2 --at "2019-06-20 12:00"
i schedule "Database upgrade" --from "2019-07-06 02:00" --until "2019-07-06 04:00" --component "Platform/Database"
i schedule "Network work" --from "2019-07-04 13:00" --until "2019-07-04 15:00" --component "Platform/Network" \
    --at "2019-07-04 12:00"
i update 4 --status in_progress "Started." --at "2019-07-04 13:01"
i schedule "Old work" --from "2019-07-01 01:00" --until "2019-07-01 02:00" --component "Platform/Network" --at "2019-06-30 10:00"
i update 5 --status in_progress "Started." --at "2019-07-01 01:00"
i resolve 5 --at "2019-07-01 02:00"
"$incident" -q site -o "$work/page"
all_checks "$work/page"
python3 - "$work/page" <<'EOF' || status=1
import json, sys
api = sys.argv[1] + "/api/v2/"
load = lambda name: json.load(open(api + name))
s = load("summary.json")
problems = []
def want(cond, what):
    if not cond: problems.append(what)
# Checkout went from major to partial outage; the open incident's impact is major.
want(s["status"] == {"indicator": "major", "description": "Partial System Outage"}, f"status {s['status']}")
want([i["name"] for i in s["incidents"]] == ["Checkout errors"], "summary incidents")
want([m["name"] for m in s["scheduled_maintenances"]] == ["Network work", "Database upgrade"], "summary maintenances (soonest first)")
want([m["name"] for m in load("scheduled-maintenances/upcoming.json")["scheduled_maintenances"]] == ["Database upgrade"], "upcoming")
want([m["name"] for m in load("scheduled-maintenances/active.json")["scheduled_maintenances"]] == ["Network work"], "active")
want(len(load("scheduled-maintenances.json")["scheduled_maintenances"]) == 3, "all maintenances")
want(len(load("incidents.json")["incidents"]) == 5, "incidents.json")
status = {c["name"]: c["status"] for c in load("components.json")["components"]}
want(status == {"Shop": "partial_outage", "Checkout": "partial_outage", "Cart": "degraded_performance",
                "Search": "operational", "Platform": "under_maintenance", "Database": "operational",
                "Network": "under_maintenance"}, f"component statuses {status}")
page = open(sys.argv[1] + "/index.html").read()
for text in ['<p class="banner banner-major">Partial System Outage</p>', "<h2>Active incidents</h2>",
             "<h2>Maintenance in progress</h2>", "<h2>Scheduled maintenance</h2>", "<h2>Components</h2>",
             "30% of the time in partial outage", 'class="s-major_outage" x="445"',
             'class="s-degraded_performance" x="375"']:  # today's bar, and 14 days ago
    want(text in page, f"index.html lacks {text!r}")
print("page: " + ("ok" if not problems else "\n  - ".join(["problems:"] + problems)))
sys.exit(1 if problems else 0)
EOF

# 3. Real Statuspage documents, published again.
export INCIDENT_DB=$work/imported.db
for doc in circleci-2016 github-2024-incidents discord-2022-incidents discord-2022-scheduled-maintenances emma-2019 quay-2016; do
    "$incident" -q import "$statuspage/$doc.json" >/dev/null
done
"$incident" -q site -o "$work/imported"
all_checks "$work/imported"

# 4. Injection payloads in every field.
export INCIDENT_DB=$work/payloads.db
i config set name '<script>document.title="pwned-name"</script>'
i open '<script>alert(1)</script>' --at "2019-07-01 18:30" --impact critical \
    --component '<img src=x onerror=alert(1)>/<b>c</b>=major_outage' \
    "<img src=x onerror=\"alert(1)\"> [x](javascript:alert(1)) <iframe srcdoc=\"<script>alert(1)</script>\"></iframe>"
i update 1 --at "2019-07-01 18:50" "**<script>alert(1)</script>** <svg onload=alert(1)> [y](data:text/html,x) ![i](https://example.com/i.png)"
i schedule '"><svg onload=alert(1)>' --from "2019-07-05 01:00" --until "2019-07-05 02:00" \
    --component "\"'><style>*{}</style>/x" "<meta http-equiv=refresh content=0;url=javascript:alert(1)>"
printf '%s\n' "# <script>alert(1)</script>" "<a href=javascript:alert(1)>x</a>" >"$work/pm.md"
i resolve 1 --at "2019-07-01 19:00"
i postmortem 1 -F "$work/pm.md" --at "2019-07-02 10:00"
"$incident" -q site -o "$work/payloads" --base-url 'https://status.example.com/a?b=c&d'
all_checks "$work/payloads"
grep -rl "<script" "$work/payloads" --include=*.html && fail "a <script> element in a page" || echo "no script: ok"

# 5. The checker sees what it must.
cp -r "$work/a" "$work/broken"
sed -i 's/"id":"1"/"id":1/' "$work/broken/api/v2/summary.json"
sed -i 's|href="../site.css"|href="https://cdn.example.com/site.css"|' "$work/broken/incidents/1.html"
sed -i 's|href="history.html"|href="nowhere.html"|' "$work/broken/index.html"
$check shape "$work/broken" "$statuspage" >/dev/null && fail "the shape check missed a number id" || echo "shape check bites: ok"
$check links "$work/broken" >/dev/null && fail "the link check missed a broken link" || echo "link check bites: ok"
$check csp "$work/broken" >/dev/null && fail "the CSP check missed an external style sheet" || echo "csp check bites: ok"

# 6. One run at a time.
export INCIDENT_DB=$work/sample.db
if command -v flock >/dev/null; then
    set +e
    flock "$work/.a.incident-lock" "$incident" site -o "$work/a" 2>"$work/lock.err"
    rc=$?
    set -e
    [[ $rc == 4 ]] && grep -q "another \`incident site\` is writing" "$work/lock.err" && echo "lock: ok" ||
        fail "a second run was not refused (exit $rc): $(cat "$work/lock.err")"
fi
exit $status
