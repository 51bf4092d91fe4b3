# stats: response times after the critiques of MTTR. Each metric is summarised by n, median,
# p90, min and max beside its definition; incidents missing a milestone are counted and named;
# maintenances and backfilled imports are left out by rule; --by groups them; a terminal gets
# histograms.
incident -q config set timezone Europe/Stockholm
incident -q open "Checkout errors" --impact major --at "2019-07-01 09:05" --started-at "2019-07-01 08:50" --mark detected --component Shop/Checkout
incident -q update 1 "Paged." --at "2019-07-01 09:12" --mark acknowledged
incident -q update 1 "Rolled back." --status monitoring --at "2019-07-01 09:40" --mark mitigated
incident -q resolve 1 --at "2019-07-01 10:30"
incident -q open "Slow search" --impact minor --at "2019-07-02 14:00" --mark detected --component Shop/Search
incident -q update 2 "Index rebuilt." --status monitoring --at "2019-07-02 14:45" --mark acknowledged --mark mitigated
incident -q resolve 2 --at "2019-07-02 16:00"
incident -q open "Login errors" --impact major --at "2019-06-28 23:30" --component Shop/Checkout --component Accounts/Login
incident -q resolve 3 --at "2019-06-29 03:10"
incident -q open "Still open" --impact minor --at "2019-07-04 12:00"
incident -q schedule "Database upgrade" --from "2019-07-05 02:00" --until "2019-07-05 04:00" --at "2019-07-04 12:30"
printf '{"incidents":[{"id":"b1","name":"Imported outage","status":"resolved","impact":"major","backfilled":true,"created_at":"2019-06-20T10:00:00Z","incident_updates":[{"id":"u1","status":"resolved","body":"Backfilled.","created_at":"2019-06-20T10:00:00Z","display_at":"2019-06-20T10:00:00Z"}]}]}' >backfilled.json
incident -q import backfilled.json
incident -q action add 1 "Alert on checkout errors" --due 2019-07-03
incident -q action add 3 "Add a login canary"
incident stats
incident stats --by impact | sed -n '/^Response times by/,$p'
incident stats --by component | sed -n '/^Response times by/,$p'
incident stats --by month --since 2019-07-01 | sed -n '/^Response times/,$p'
incident --json stats --by impact | python3 -c "import json, sys; r = json.load(sys.stdin)['response']; print(r['counted'], r['left_out'], r['started']); [print(m['name'], m['definition'], m['count'], m['median_seconds'], m['p90_seconds'], m['min_seconds'], m['max_seconds'], [(x['id'], x['lacks']) for x in m['missing']]) for m in r['metrics']]; print([(g['group'], g['incidents']) for g in r['groups']]); print(r['per_incident'][0])"
"$FIXTURES/on-terminal.sh" incident stats --since 2019-07-01 | sed 's/\x1b\[[0-9;]*m//g' | sed -n '/^Histograms/,$p'
incident stats --by severity
