# stats: counts by impact and by month (in the journal's zone), time to resolve.
incident config set timezone Europe/Stockholm
incident stats
incident --json stats
incident -q open "Service interuption" --impact major --at "2019-07-01 18:30"
incident -q resolve 1 --at "2019-07-02 11:07"
incident -q open "Database slow" --impact minor --at "2019-06-10 10:00"
incident -q resolve 2 --at "2019-06-10 12:15"
# 01:30 on July 1 in Stockholm is still June 30 in UTC.
incident -q open "Late night" --impact minor --at "2019-07-01 01:30"
incident -q resolve 3 --at "2019-07-01 02:10"
incident -q open "Login errors" --at "2019-07-03 09:00"
incident -q open "Long one" --impact critical --at "2019-04-02 08:00"
incident -q resolve 5 --at "2019-04-05 09:30"
incident stats
incident --json stats
incident stats --since "2019-06-01 00:00" --until "2019-07-01 00:00"
incident stats --since 2019-07-01T00:00:00Z
incident stats --since "2019-08-01 00:00"
# The same journal in UTC: the late-night incident counts for June.
incident config set timezone UTC
incident stats --since "2019-06-30 00:00"
"$FIXTURES/on-terminal.sh" incident stats --since "2019-07-01 00:00" | sed 's/\x1b/<ESC>/g'
# Errors.
incident stats --since yesterday
incident stats --until "2019-02-30 10:00"
incident stats extra
