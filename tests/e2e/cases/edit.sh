# edit: correct an incident's title, impact or components; every earlier value is kept.
incident -q open "Servce interuption" "We are investigating." --impact minor --component "Litium Cloud/Network & infrastructure" --component "Litium Cloud/Search" --component API --at "2019-07-01 18:30"
incident -q update 1 "Identified." --status identified --at "2019-07-01 18:55"
INCIDENT_NOW=2019-07-04T15:00:00Z incident edit 1 --title "Service interruption"
INCIDENT_NOW=2019-07-04T15:10:00Z incident edit 1 --impact major --remove-component "litium cloud/SEARCH" --author lead
INCIDENT_AUTHOR=editor INCIDENT_NOW=2019-07-04T15:20:00Z incident -q edit 1 --remove-component api
incident show 1 --history
incident --json show 1 --history
INCIDENT_NOW=2019-07-04T15:30:00Z incident --json edit 1 --title "Service interruption (DDoS)"
incident list
# Search follows the title: the new words are found, the old misspelling is not.
incident search interruption
incident search interuption
# An export's time is the journal's last change: the last edit.
incident export --format atom | grep -m1 "<updated>"
sqlite3 "$INCIDENT_DB" "SELECT incident_id, field, old_value, new_value, edited_at, edited_by FROM incident_edits ORDER BY id"
# Errors: nothing written by any of them.
incident edit 1
incident edit 1 --title "Service interruption (DDoS)"
incident edit 1 --impact major
incident edit 99 --impact minor
incident edit x --impact minor
incident edit 1 --title ""
incident edit 1 --title "$(printf 'two\nlines')"
incident edit 1 --title "$(printf 'bell\a')"
incident edit 1 --impact majr
incident edit 1 --remove-component "Litium Cloud/Search"
incident edit 1 --title "Renamed" --remove-component Billing
incident edit 1 --author "" --impact none
sqlite3 "$INCIDENT_DB" "SELECT count(*) FROM incident_edits; SELECT title, impact FROM incidents"
