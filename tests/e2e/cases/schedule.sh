# Scheduled maintenance: the window, its statuses, and the errors.
incident schedule "Database upgrade" --from "2019-07-05 02:00" --until "2019-07-05 04:00" --at "2019-07-04 12:00" --component "Platform/Database" --component "Platform/API"
incident -q schedule "Night work" --from 2019-07-05T23:00:00Z --until 2019-07-06T01:30:00Z "Servers <b>&</b> *juice*"
echo "Read from standard input" | incident schedule "From stdin" --from "2019-07-10 08:00" --until "2019-07-10 09:00" -F -
incident --json schedule "As JSON" --from "2019-07-11 08:00" --until "2019-07-11 09:00" | python3 -c "import json,sys; i = json.load(sys.stdin); print(i['status'], i['impact'], i['scheduled_for'], i['scheduled_until'])"
incident open "Checkout down" --component "Shop/Checkout" --at "2019-07-04 13:00"
# Errors: the window, missing options, statuses of the other kind.
incident schedule "Backwards" --from "2019-07-05 04:00" --until "2019-07-05 02:00"
incident schedule "Empty window" --from "2019-07-05 04:00" --until 2019-07-05T02:00:00Z
incident schedule "No start" --until "2019-07-05 04:00"
incident schedule "No end" --from "2019-07-05 04:00"
incident schedule "Bad time" --from "2019-07-05 25:00" --until "2019-07-05 04:00"
incident schedule "Bad gap" --from "2019-03-31 02:30" --until "2019-03-31 04:00"
incident schedule "" --from "2019-07-05 02:00" --until "2019-07-05 04:00"
incident schedule "With status" --from "2019-07-05 02:00" --until "2019-07-05 04:00" --component "Platform/Database=major_outage"
incident schedule "Status" --status in_progress --from "2019-07-05 02:00" --until "2019-07-05 04:00"
incident update 5 --status in_progress "Not a maintenance"
incident open "Opened as maintenance" --status scheduled
incident update 1 --status identified "Not an incident"
incident update 1 --status bogus "Unknown"
incident list
NO_COLOR=1 "$FIXTURES/on-terminal.sh" bash -c "stty cols 120 rows 50; PAGER= incident list"
# The maintenance runs: components under maintenance while in progress, operational after.
incident update 1 --status in_progress --at "2019-07-04 14:00" "Maintenance has started."
incident export 1 --format json | python3 -c "import json,sys; u = json.load(sys.stdin)['scheduled_maintenances'][0]['incident_updates'][0]; print(u['status'], [(c['name'], c['old_status'], c['new_status']) for c in u['affected_components']])"
incident update 1 --status verifying --at "2019-07-04 15:00" "Checking."
incident resolve 1 --at "2019-07-04 15:30"
incident show 1
incident update 1 "After completion"
incident resolve 1
incident update 1 --status in_progress "Reopened: one more step"
incident resolve 1 "Done for real."
NO_COLOR=1 "$FIXTURES/on-terminal.sh" bash -c "stty cols 120 rows 50; PAGER= incident show 1"
incident export --format json | python3 -c "import json,sys; d = json.load(sys.stdin); print([i['name'] for i in d['incidents']]); print([(m['name'], m['status'], m['impact']) for m in d['scheduled_maintenances']])"
incident export 1 --format json | python3 -c "import json,sys; u = json.load(sys.stdin)['scheduled_maintenances'][0]['incident_updates']; print([(x['status'], [(c['name'], c.get('new_status')) for c in x['affected_components']]) for x in u])"
# Idempotency: the same key and window replay; another window is another request.
incident schedule "Keyed" --from "2019-07-12 08:00" --until "2019-07-12 09:00" --key k1
incident schedule "Keyed" --from "2019-07-12 08:00" --until "2019-07-12 09:00" --key k1
incident schedule "Keyed" --from "2019-07-12 08:00" --until "2019-07-12 10:00" --key k1
incident open "Keyed" --key k1
incident list
# Time to resolve leaves the maintenance out.
incident resolve 5 --at "2019-07-04 15:45"
incident stats
# Exports show the window and call it a maintenance; user text stays escaped.
incident config set name "Shop <Ops> & *Co*"
incident export 1 --format md
incident export 2 --format md
incident export 1 --format html | grep -E 'subtitle|class="window"|affected|Scheduled maintenance'
incident export 2 --format html | grep -E '<h1|class="window"'
incident export --format html | grep -E 'class="window"|class="phases"'
incident export 1 --format atom | grep -o '&lt;p&gt;Scheduled for[^&]*&lt;/p&gt;\|This scheduled maintenance affected[^.]*'
incident export 5 --format md
