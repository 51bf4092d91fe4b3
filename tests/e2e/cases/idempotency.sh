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
