# Where the journal lives, how it is created, and which files are refused untouched.
unset INCIDENT_DB
XDG_DATA_HOME=$PWD/xdg incident open "In the XDG journal"
stat -c '%a %n' xdg/incident xdg/incident/journal.db
incident --db "$HOME/explicit/nested/j.db" open "Explicit path"
stat -c '%a %n' "$HOME/explicit" "$HOME/explicit/nested" "$HOME/explicit/nested/j.db"
incident open "Default under HOME"
stat -c '%a' "$HOME/.local/share/incident/journal.db"
INCIDENT_DB=$PWD/env.db incident list
# Read-only commands never create a journal.
incident --db "$PWD/none.db" list
incident --db "$PWD/none.db" show 1
test -e none.db || echo "none.db was not created"
sqlite3 xdg/incident/journal.db "PRAGMA user_version; PRAGMA application_id; PRAGMA journal_mode"
# Refused: a newer schema, another program's database, a file that is not a database.
cp xdg/incident/journal.db newer.db && sqlite3 newer.db "PRAGMA user_version = 99"
md5sum newer.db > before.md5
incident --db newer.db update 1 "must not be written"
incident --db newer.db list
md5sum -c before.md5
sqlite3 other.db "CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)"
incident --db other.db open "must not be written"
sqlite3 other.db ".tables"
printf 'just some text, not a database at all, long enough to have a header......\n' > text.db
incident --db text.db open "must not be written"
incident --db text.db list
INCIDENT_LOCK_TIMEOUT_MS=soon incident list
