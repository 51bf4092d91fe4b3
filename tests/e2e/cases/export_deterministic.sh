# Exports of an unchanged journal are the same bytes whenever they run: page.updated_at and
# the feed's <updated> are the journal's last change, not the export time.
incident open "Checkout errors" "Investigating" --at "2019-07-01 10:00"
incident update 1 "Fix deployed" --status monitoring --at "2019-07-01 12:00"
incident export --format json -o a.json
INCIDENT_NOW=2019-07-04T14:00:01Z incident export --format json -o b.json
cmp a.json b.json && echo "json: same bytes"
incident export --format atom -o a.atom
INCIDENT_NOW=2019-07-05T09:00:00Z incident export --format atom -o b.atom
cmp a.atom b.atom && echo "atom: same bytes"
grep -o '"updated_at":"[^"]*"' a.json
grep '<updated>' a.atom
# An amendment is a change: the incident's updated_at and its feed entry move.
INCIDENT_NOW=2019-07-04T15:30:00Z incident amend 2 "Fix deployed to every region"
incident export --format json | grep -o '"updated_at":"[^"]*"' | head -2
incident export --format atom | grep '<updated>'
incident --json show 1 | grep -o '"updated_at":"[^"]*"' | head -1
