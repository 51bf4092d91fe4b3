# A backfilled status that a later update replaces is refused (exit 4), never reported as done.
incident open "Checkout errors" "Investigating" --at "2019-07-01 10:00"
incident update 1 "Fix deployed" --status monitoring --at "2019-07-01 12:00"
incident resolve 1 "Resolved" --at "2019-07-01 11:00"
incident update 1 "Found it" --status identified --at "2019-07-01 11:00"
incident update 1 "Also resolved" --status resolved --at "2019-07-01 11:30"
incident list --status all
# A backfilled update without --status, or one whose status later updates keep, is fine.
incident update 1 "Still watching" --at "2019-07-01 11:30"
incident update 1 "Monitoring, earlier" --status monitoring --at "2019-07-01 11:45"
incident resolve 1 "Resolved" --at "2019-07-01 13:00"
incident show 1
# --started-at: the impact began before the incident was opened; never after.
incident open "Slow logins" --at "2019-07-02 09:00" --started-at "2019-07-02 08:15"
incident show 2
incident --json show 2 | grep -o '"started_at":[^,]*'
incident open "Later start" --at "2019-07-02 09:00" --started-at "2019-07-02 09:30"
incident open "Bad start" --started-at "soon"
incident list --status all
