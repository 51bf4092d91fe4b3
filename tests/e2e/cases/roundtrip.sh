# export --format json -> import into a new journal -> export again: nothing is lost.
bash "$FIXTURES/../../../scripts/sample-incident.sh" "$(command -v incident)" "$INCIDENT_DB" >/dev/null
incident -q open "Checkout errors <b>&amp;</b> \"quoted\" $(printf 'R\303\244ksm\303\266rg\303\245s')" $'Payments fail.\n\n  * indented list\ttab' --impact minor --component Payments --component "Platform/API" --at "2019-07-03 09:00" --author alice
incident -q update 2 "Mitigated" --status monitoring --component "Platform/Web" --at "2019-07-03 09:30" --author bob
incident -q update 2 "Backfilled note" --at "2019-07-03 09:10"
incident -q resolve 2 "Fixed" --at "2019-07-03 10:00"
incident -q update 2 "It is back" --status investigating --at "2019-07-03 11:00"
# Amended an hour later: the export says so in updated_at, and the import keeps it.
INCIDENT_NOW=2019-07-04T15:00:00Z incident -q amend 7 "Mitigated: a bad deploy was rolled back."
incident -q open "Same second" --at "2019-07-04 08:00"
incident -q update 3 "A" --at "2019-07-04 08:00"
incident -q update 3 "B" --at "2019-07-04 08:00"
incident export --format json > first.json
incident --db second.db import first.json
incident --db second.db export --format json > second.json
cmp first.json second.json && echo identical
# Imported again: nothing new.
incident --db second.db import first.json
incident --db second.db export --format json | cmp - first.json && echo still identical
incident --db second.db show 2
