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
