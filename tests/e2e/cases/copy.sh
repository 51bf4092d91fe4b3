# copy: the whole journal (settings, incidents, updates, every version, edits, postmortems,
# components, keys) into an empty one, in one transaction; both export the same bytes.
incident copy copy.db
bash "$FIXTURES/../../../scripts/sample-incident.sh" "$(command -v incident)" "$INCIDENT_DB" >/dev/null
incident -q update 1 "A late note." --key note-1 --at "2019-07-01 20:00"
incident -q amend 2 "We are still investigating this issue." --at "2019-07-01 18:31"
incident -q edit 1 --title "Service interruption"
incident -q schedule "Database upgrade" --from "2019-07-10 22:00" --until "2019-07-11 02:00" --component "Litium Cloud/Database"
incident copy copy.db
incident export --format json > source.json
incident --db copy.db export --format json > copy.json
cmp source.json copy.json && echo "the same bytes"
incident --db copy.db show 1 --history | tail -n 12
incident --db copy.db -q update 1 "Another late note." --key note-1 --at "2019-07-01 20:00"
incident --db copy.db -q open "After the copy" "New ids follow the copied ones."
incident --db copy.db --json copy second.db
incident --db copy.db export --format json > copy2.json
incident --db second.db export --format json | cmp - copy2.json && echo "copied again, the same bytes"
# Errors: an existing journal, the journal itself, a source that is not there, no DEST.
incident copy copy.db
incident copy "$INCIDENT_DB"
incident --db none.db copy elsewhere.db
test -e elsewhere.db || echo "nothing created"
incident copy
incident copy ""
