# Where the journal lives, how it is created, and which files are refused untouched.
unset INCIDENT_DB
XDG_DATA_HOME=$PWD/xdg incident open "In the XDG journal"
stat -c '%a %n' xdg/incident xdg/incident/journal.db
incident --db "$HOME/explicit/nested/j.db" open "Explicit path"
stat -c '%a %n' "$HOME/explicit" "$HOME/explicit/nested" "$HOME/explicit/nested/j.db"
incident open "Default under HOME"
stat -c '%a' "$HOME/.local/share/incident/journal.db"
INCIDENT_DB=$PWD/env.db incident list
# A read on a journal that does not exist says so and creates nothing.
incident --db "$PWD/none.db" list
incident --db "$PWD/none.db" show 1
incident --db "$PWD/none/j.db" search outage
incident --db "$PWD/none/j.db" export --format json
incident --db "$PWD/none/j.db" stats
incident --db "$PWD/none/j.db" config get name
test -e none.db || test -e none || echo "none.db and none/ were not created"
# A write that fails leaves no new journal (nor its directory) behind.
incident --db "$PWD/new/j.db" update 5 "no such incident"
incident --db "$PWD/new/j.db" open ""
incident --db "$PWD/new/j.db" open "x" --at "2019-02-30 10:00"
ls -A . | grep -c new || echo "new/ was not created"
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
