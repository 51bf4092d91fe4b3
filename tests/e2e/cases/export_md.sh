# Markdown export of the sample incident: the whole report, other zones, and the errors.
bash "$FIXTURES/../../../scripts/sample-incident.sh" "$(command -v incident)" "$INCIDENT_DB" >/dev/null
incident export 1
incident export 1 --format markdown --tz UTC | grep '^Posted'
incident export 1 --tz America/New_York | grep '^Posted'
# Without an id: a history document (titles one level down, no "Incident Report" line).
incident export | head -12
incident export 2
incident export 1 2
incident export 0
incident export 1 --format pdf
incident export 1 --tz Mars/Olympus_Mons
incident export 1 --tz ""
incident export --since "2019-07-01 25:00"
incident export --until yesterday
# No name configured: "Incident Report" alone.
incident config unset name
incident export 1 | head -4
