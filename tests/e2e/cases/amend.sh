# amend: correct an update's text or time; every earlier version is kept.
incident -q open "Service interuption" "We are currently investigating this isue." --impact major --at "2019-07-01 18:30"
incident -q update 1 "Our operations provider is target of a DDoS attack." --status identified --at "2019-07-01 18:55"
incident -q update 1 "Monitoring." --status monitoring --at "2019-07-01 21:25"
incident -q resolve 1 "Resolved." --at "2019-07-02 11:07"
incident amend 1 "We are currently investigating this issue."
incident show 1
# A correction of a resolved incident's update is allowed; time and text at once.
printf 'Resolved: no impact since 10:50.\n' | incident amend 4 -F - --at "2019-07-02 11:00"
incident list
# Moving the monitoring update after the resolution re-derives the state: open again.
incident amend 3 --at "2019-07-02 11:30"
incident list
incident amend 3 --at "2019-07-01 21:25"
incident show 1 --history
incident --json show 1 --history
incident --json amend 2 "Our operations provider is the target of a DDoS attack."
incident -q amend 2 "Our operations provider is the target of a DDoS attack!"
# The same text and time again changes nothing.
incident amend 2 "Our operations provider is the target of a DDoS attack!"
incident search isue
incident search issue
sqlite3 "$INCIDENT_DB" "SELECT update_id, body, posted_at, written_at, written_by FROM update_versions ORDER BY id"
# The opening update moves the incident's opening with it, but not past the next update.
incident amend 1 --at "2019-07-01 18:20"
incident show 1 | head -4
incident amend 1 --at "2019-07-01 19:00"
# Errors.
incident amend 2
incident amend 2 ""
incident amend 2 "text" -F -
incident amend 99 "text"
incident amend 0 "text"
incident amend x "text"
incident amend 2 --at "2019-07-01 18:00"
incident amend 2 --at "2019-07-05 12:00"
incident amend 2 --at "2019-03-31 02:30"
incident amend 2 -F missing.txt
sqlite3 "$INCIDENT_DB" "SELECT count(*) FROM update_versions"
# Reports show the latest text with an "(edited)" mark.
incident export 1 --format md | grep -n -B1 -A1 "(edited)"
