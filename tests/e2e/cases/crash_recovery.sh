# A writer killed mid-transaction leaves a hot rollback journal; the next reader must roll
# it back and read the journal as it was, not fail.
incident open "Before the crash"
sh "$FIXTURES/crash-writer.sh" "$INCIDENT_DB"
test -s "$INCIDENT_DB-journal" && echo "hot journal left behind"
incident list
incident config get
test -e "$INCIDENT_DB-journal" || echo "hot journal rolled back"
sqlite3 "$INCIDENT_DB" "PRAGMA integrity_check; SELECT count(*) FROM config"
incident update 1 "After the crash"
incident list
