# site: the sample journal as a status site. The file list, the front page, the API's summary
# and status, the feeds' heads and the manifest; an unchanged rerun writes nothing, a later
# clock rewrites only the front page, a new update rebuilds; then a page with component
# statuses, an open incident and maintenances; then the errors.
incident config set name "Litium AB"
incident config set timezone Europe/Stockholm
incident open "Service interuption" "We are currently investigating this issue." --at "2019-07-01 18:30" --impact major --component "Litium Cloud/Network & infrastructure"
incident update 1 "We are continuing to investigate this issue." --at "2019-07-01 18:30"
incident update 1 "Our operations provider is target of a DDoS attack. We are continuing to verify all our systems but at this time services should be back to normal. Updates will follow." --status identified --at "2019-07-01 18:55"
incident update 1 "Our operations provider have made several configuration changes to adjust their DDoS protection. At this time both our internal and external telemetry shows full recovery. We will actively monitor the situation for the rest of the evening and night." --status monitoring --at "2019-07-01 21:25"
incident resolve 1 "At this time, we are considering this incident resolved. There has been no impact for an extended period. In case of further impact, we will open a new incident. We will update this incident with a post mortem as soon as we have all the information." --at "2019-07-02 11:07"
incident postmortem 1 -F "$FIXTURES/litium-postmortem.md" --at "2019-07-04 15:43"
incident site -o site
(cd site && find . -type f | sort)
cat site/.incident-site
sed -n '/<body>/,$p' site/index.html | sed 's/<rect class="s-operational" x="[0-9]*" width="3" height="30"><title>[A-Za-z]* [0-9]*, 2019: Operational<\/title><\/rect>/./g'
cat site/api/v2/summary.json site/api/v2/status.json site/api/v2/incidents/unresolved.json
head -c 600 site/api/v2/incidents.json; echo
sed -n '1,9p' site/history.atom
sed -n '1,9p' site/history.rss
grep -E "<title>|<nav|<h1|subtitle|footer" site/incidents/1.html
sed -n '/<body>/,$p' site/history.html
grep -c "<article" site/history/2019-07.html
incident site -o site
incident site -o site --days 30
incident site -o site --days 30
INCIDENT_NOW=2019-07-05T14:00:00Z incident site -o site --days 30
incident open "Login slow" "Logins take seconds." --at "2019-07-03 10:00" --impact minor
incident --json site -o site --days 30
cmp site/incidents/1.html <(incident export 1 --format html) >/dev/null || echo "the site's incident page is its own"
echo robots > site/robots.txt
incident site -o site
cat site/robots.txt
incident open "Checkout errors" "Payments fail for some cards." --at "2019-07-04 13:00" --impact minor --component "Shop/Checkout=partial_outage" --component "Shop/Cart=degraded_performance"
incident schedule "Database upgrade" --from "2019-07-06 02:00" --until "2019-07-06 04:00" --component "Litium Cloud/Database"
incident schedule "Network maintenance" --from "2019-07-04 13:30" --until "2019-07-04 15:30" --component "Litium Cloud/Network & infrastructure" --at "2019-07-04 12:00"
incident update 5 --status in_progress "Started." --at "2019-07-04 13:31"
incident -q site -o site
cat site/api/v2/status.json
grep -o '<p class="banner[^<]*</p>' site/index.html
grep -o '<span class="component-name"><bdi>[^<]*</bdi></span><span class="component-status[^<]*</span>' site/index.html
grep -o '<h2>[^<]*</h2>' site/index.html
grep -o '[0-9.]*% uptime[^<]*' site/index.html
python3 -c 'import json,sys; d=json.load(open("site/api/v2/summary.json")); print([i["name"] for i in d["incidents"]], [m["name"]+":"+m["status"] for m in d["scheduled_maintenances"]], [c["name"]+":"+c["status"] for c in d["components"]])'
python3 -c 'import json; print([m["name"] for m in json.load(open("site/api/v2/scheduled-maintenances/upcoming.json"))["scheduled_maintenances"]], [m["name"] for m in json.load(open("site/api/v2/scheduled-maintenances/active.json"))["scheduled_maintenances"]])'
ls site/components
incident site
incident site -o site --days 0
incident site -o site --tz Mars/Olympus
incident site -o site --base-url ftp://example.com/
incident site -o site --base-url 'https://example.com/"x'
mkdir other && echo mine > other/notes.txt
incident site -o other
cat other/notes.txt
incident site -o site/index.html
incident site -o missing/dir
incident site -o .
INCIDENT_DB=nothing.db incident site -o fresh
ls -A
incident site -o site --base-url https://status.example.com
grep -o 'href="[^"]*"' site/history.atom | sort -u | head -3
grep -o '"url":"[^"]*"' site/api/v2/status.json
incident update 1 --internal "INTERNAL-ONLY health output" -q
incident postmortem 1 --covers 2 -F - <<<'# Regarding two incidents'
incident site -o site -q
grep -rl 'INTERNAL-ONLY' site || echo "no page holds the internal note"
grep -o '<li><a href="../incidents/[0-9]*.html"><bdi>[^<]*' site/incidents/2.html
incident action add 1 "Automate the failover" --owner ops -q
incident mark 2 started --at "2019-07-03 08:00"
incident site -o site
grep -c 'Automate the failover' site/incidents/1.html
grep -o '"started_at":"2019-07-03T0[0-9]:00:00Z"' site/api/v2/incidents.json
