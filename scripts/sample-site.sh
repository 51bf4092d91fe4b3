#!/usr/bin/env bash
# The sample incident (scripts/sample-incident.sh) and, around it, a page with more to show:
# components in groups with statuses set by updates, an open incident, a maintenance in
# progress and one scheduled, and past incidents; then writes its status site.
# Usage: sample-site.sh INCIDENT_BINARY JOURNAL SITE_DIR (with INCIDENT_NOW=2019-07-04T14:00:00Z
# for the README's picture)
set -euo pipefail
incident=$1 site=$3
export INCIDENT_DB=$2
bash "$(dirname "$0")/sample-incident.sh" "$incident" "$INCIDENT_DB" >/dev/null
i() { "$incident" -q "$@" >/dev/null; }
i update 1 --at "2019-07-01 18:30" --component "Litium Cloud/Network & infrastructure=major_outage" \
    "Traffic is being dropped at the edge."
i update 1 --at "2019-07-01 21:25" --component "Litium Cloud/Network & infrastructure=degraded_performance" \
    "Traffic is flowing again; latency is still high."
i update 1 --at "2019-07-02 11:06" --component "Litium Cloud/Network & infrastructure=operational" \
    "Latency is back to normal."
i open "Slow product search" "Search answers take several seconds for some shops." --at "2019-06-12 09:10" \
    --impact minor --component "Litium Cloud/Search=degraded_performance"
i resolve 2 --at "2019-06-12 11:40" "Search is fast again."
i open "Admin sign-in fails" "Some users cannot sign in to the back office." --at "2019-05-20 08:00" \
    --impact major --component "Back office/Sign-in=partial_outage"
i resolve 3 --at "2019-05-20 09:30" "Sign-in works for everyone again."
i open "Image uploads failing" "Uploads of product images fail with an error." --at "2019-07-04 13:20" \
    --impact minor --component "Back office/Media library=partial_outage"
i update 4 --status identified --at "2019-07-04 13:45" "A full disk on one storage node; we are moving data off it."
i schedule "Database upgrade" --from "2019-07-09 02:00" --until "2019-07-09 04:00" \
    --component "Litium Cloud/Database" --at "2019-07-02 10:00" \
    "We will upgrade the database cluster; shops stay online, the back office may be slow."
i schedule "Certificate renewal" --from "2019-07-04 15:30" --until "2019-07-04 16:30" \
    --component "Litium Cloud/Storefront API" --at "2019-07-03 09:00"
i update 6 --status in_progress --at "2019-07-04 15:30" "The renewal has started."
"$incident" -q site -o "$site"
