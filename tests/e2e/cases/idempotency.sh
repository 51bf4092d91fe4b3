# --key: a retried command records once and answers as the first time did.
incident open "Disk alarm" --key cron-open-1
incident open "Disk alarm" --key cron-open-1
incident -q open "Disk alarm" --key cron-open-1
incident update 1 "Disk at 91%" --key cron-1
incident update 1 "Disk at 91%" --key cron-1
incident --json update 1 "Disk at 91%" --key cron-1
incident resolve 1 --key cron-resolve
incident resolve 1 --key cron-resolve
# A key belongs to one command on one incident.
incident open "Other" --key cron-2
incident update 2 "Reusing a key" --key cron-1
incident update 1 "Reusing an open key" --key cron-2
incident update 1 "empty key" --key ""
sqlite3 "$INCIDENT_DB" "SELECT id, incident_id, idempotency_key FROM updates ORDER BY id"
# The same key with another payload is a different request: refused, nothing recorded.
incident update 1 "Disk at 95%" --key cron-1
incident open "Disk alarm again" --key cron-open-1
incident update 1 "Disk at 91%" --status identified --key cron-1
incident update 1 "Disk at 91%" --at "2019-07-04 15:00" --key cron-1
sqlite3 "$INCIDENT_DB" "SELECT count(*) FROM updates"
# Component statuses are part of the request too.
incident update 2 "Disk at 97%" --component "Storage/Disk=major_outage" --key cron-3
incident update 2 "Disk at 97%" --component "Storage/Disk=major_outage" --key cron-3
incident update 2 "Disk at 97%" --component "storage/disk=major_outage" --key cron-3
incident update 2 "Disk at 97%" --component "Storage/Disk=partial_outage" --key cron-3
incident components
