# A journal from before the index migration is upgraded in place by any command, and the
# open-incidents query then uses the partial index instead of scanning every incident.
incident open "Still open" "made with schema 1" -q
incident open "Resolved one" "made with schema 1" -q
incident resolve 2 "done"
sqlite3 journal.db "PRAGMA foreign_keys = OFF; $(cat "$FIXTURES/drop-schema-9.sql") $(cat "$FIXTURES/drop-schema-7.sql") $(cat "$FIXTURES/drop-schema-6.sql") $(cat "$FIXTURES/drop-schema-5.sql") DROP INDEX incidents_open; $(cat "$FIXTURES/drop-schema-4.sql") $(cat "$FIXTURES/drop-schema-3.sql") PRAGMA user_version = 1"
incident list --status open
sqlite3 journal.db "SELECT user_version >= 2 FROM pragma_user_version"
sqlite3 journal.db "SELECT name FROM sqlite_master WHERE name = 'incidents_open'"
sqlite3 journal.db "EXPLAIN QUERY PLAN SELECT id FROM incidents WHERE status NOT IN ('resolved', 'completed') ORDER BY created_at DESC, id DESC"
sqlite3 journal.db "PRAGMA integrity_check"
incident search schema
