# --json list and --json search carry the same monitoring_at as --json show and the JSON export.
incident open "Checkout errors" "Investigating" --at "2019-07-01 10:00"
incident update 1 "Fix deployed" --status monitoring --at "2019-07-01 12:00"
incident open "Slow search" "Looking" --at "2019-07-02 09:00"
incident --json list
incident --json show 1 | grep -o '"monitoring_at":[^,]*'
incident export --format json | grep -o '"monitoring_at":[^,]*'
incident --json search Checkout | grep -o '"monitoring_at":[^,]*'
