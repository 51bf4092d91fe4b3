# `help COMMAND` prints what `COMMAND --help` prints; `__complete` prints candidates for the
# completion scripts: "VALUE<TAB>DESCRIPTION" lines, then ":files" when file names fit.
incident help resolve
incident resolve --help
incident help config set
incident help nope
incident help config nope
incident open "API errors" --impact major -q
incident open "Disk full on db-2" -q
incident __complete -- show ""
incident __complete -- update 1 --status ""
incident __complete -- list --status=r
incident __complete -- open T --impact m
incident __complete -- update 1 -F ""
incident __complete -- config set ""
incident __complete -- config set timezone Europe/Stockh
incident __complete -- --db elsewhere.db show ""
test -e elsewhere.db || echo "completion created no journal"
incident help schedule
incident __complete -- sch
incident __complete -- schedule T --
