# Several incidents: --since/--until select by opening time (in the report's zone), newest first.
incident -q open "Database failover" "Primary database unreachable." --at "2019-06-24 09:00" --component "Litium Cloud/Database"
incident -q resolve 1 "Failover complete." --at "2019-06-24 09:40"
incident -q open "DDoS attack" --at "2019-06-30 23:30" --impact critical --component "Litium Cloud/Network & infrastructure"
incident -q resolve 2 --at "2019-07-01 01:10"
incident -q open "Slow admin pages" --at "2019-07-01 18:30" --impact minor --component "Litium Admin"
incident export
incident export --since "2019-06-30"
incident export --since "2019-06-24 09:00" --until "2019-06-30 23:30" --format json | python3 -c "import json,sys; print([i['name'] for i in json.load(sys.stdin)['incidents']])"
# Bounds are read in --tz: 23:30 in Stockholm is 17:30 in New York, on June 30th.
incident export --tz America/New_York --since "2019-06-30 17:30" --until "2019-06-30 17:31" | grep '^##'
incident export --since "2020-01-01"
incident export --since "2020-01-01" --format json
incident export --since "2020-01-01" --format atom
incident export 1 >/dev/full
incident export 3 1
