# Titles are plain text on one line: control characters are refused, not stored.
incident open "$(printf 'Disk \033[2Jalarm')" "Disk at 91%"
incident open "$(printf 'Disk\talarm')" "Disk at 91%"
incident open "$(printf 'Disk \302\233alarm')" "Disk at 91%"
incident open "$(printf 'Disk\nalarm')" "Disk at 91%"
# An RTL override in a title cannot flip the HTML heading: user text is isolated.
incident open "$(printf 'Checkout \342\200\256sdrawkcab')" "Errors at checkout"
incident config set name "$(printf 'Acme \342\200\256Status')"
incident export 1 --format html | grep -E 'incident-title|subtitle|update-body'
incident export --format html | grep -E 'incident-title|subtitle'
# -q update prints the new update's id, for a later amend.
incident -q update 1 "Rolled back"
incident amend "$(incident -q update 1 "Typo in thsi")" "Typo in this"
