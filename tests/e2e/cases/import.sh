# import: a Statuspage-shaped JSON export, in one transaction, idempotent by source id.
cp "$FIXTURES/import/export.json" "$FIXTURES/import/statuspage-api.json" "$FIXTURES/import/single-incident.json" .
incident import export.json
incident list
incident show 1
incident show 2
incident config get
# Importing the same file again records nothing new.
incident import export.json
incident list -q
# Statuspage's own API answer: string ids, fractional times, a "postmortem" update.
incident import statuspage-api.json
incident show 3
incident --json import - < single-incident.json
incident -q import - < single-incident.json
# Round trip through the journal's own JSON.
incident --json show 1 > one.json
incident --db second.db import one.json
incident --db second.db --json show 1 > again.json
sed 's/"id":[0-9]*,//g; s/"incident_id":[0-9]*,//g' one.json > one.stripped
sed 's/"id":[0-9]*,//g; s/"incident_id":[0-9]*,//g' again.json > again.stripped
cmp one.stripped again.stripped && echo identical except ids
# Invalid documents: nothing is written, exit 2.
printf '{"incidents": [' > truncated.json
incident import truncated.json
printf '{"incidents": [{"id": 1, "name": "x", "incident_updates": [{"id": 1, "status": "fixed", "body": "b", "created_at": "2019-01-01T00:00:00Z"}]}]}' > bad-status.json
incident import bad-status.json
printf '{"incidents": [{"id": 70, "name": "ok", "incident_updates": [{"id": 1, "status": "resolved", "body": "b", "created_at": "2019-01-01T00:00:00Z"}]}, {"id": 71, "name": "bad", "impact": "huge", "incident_updates": []}]}' > half-bad.json
incident import half-bad.json
printf '[1, 2]' > array.json
incident import array.json
printf '\357\273\277{}' > bom.json
incident import bom.json
printf '{"a": 1, "a": 2}' > dup.json
incident import dup.json
printf '' > empty.json
incident import empty.json
incident import missing.json
incident import
incident import - < /dev/null
incident list -q
