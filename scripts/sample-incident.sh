#!/usr/bin/env bash
# Records the sample report's timeline (shared/reference/litium-2019-07-incident.txt)
# in a fresh journal, postmortem included, and shows it.
# Usage: sample-incident.sh INCIDENT_BINARY JOURNAL
set -euo pipefail
fixtures=$(cd "$(dirname "$0")/../tests/e2e/fixtures" && pwd)
incident=$1
export INCIDENT_DB=$2
rm -f "$INCIDENT_DB"
i() { "$incident" "$@"; }
i -q config set name "Litium AB"
i -q config set timezone Europe/Stockholm
id=$(i -q open "Service interuption" "We are currently investigating this issue." \
    --at "2019-07-01 18:30" --impact major --component "Litium Cloud/Network & infrastructure")
i -q update "$id" --at "2019-07-01 18:30" "We are continuing to investigate this issue."
i -q update "$id" --at "2019-07-01 18:55" --status identified \
    "Our operations provider is target of a DDoS attack. We are continuing to verify all our systems but at this time services should be back to normal. Updates will follow."
i -q update "$id" --at "2019-07-01 21:25" --status monitoring \
    "Our operations provider have made several configuration changes to adjust their DDoS protection. At this time both our internal and external telemetry shows full recovery. We will actively monitor the situation for the rest of the evening and night."
i -q resolve "$id" --at "2019-07-02 11:07" \
    "At this time, we are considering this incident resolved. There has been no impact for an extended period. In case of further impact, we will open a new incident. We will update this incident with a post mortem as soon as we have all the information."
i -q postmortem "$id" --at "2019-07-04 15:43" -F "$fixtures/litium-postmortem.md"
i show "$id"
echo
echo "journal: $INCIDENT_DB"
