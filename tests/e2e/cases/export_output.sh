# -o FILE: written whole through a temporary file and a rename; on any error the target is
# left as it was and no temporary file stays behind.
bash "$FIXTURES/../../../scripts/sample-incident.sh" "$(command -v incident)" "$INCIDENT_DB" >/dev/null
incident export 1 -o report.md
incident export 1 | cmp - report.md && echo same as stdout
stat -c %a report.md
chmod 640 report.md
incident export 1 --format json -o report.md
stat -c %a report.md; head -c 9 report.md; echo
echo "the old report" >old.md
incident export 7 -o old.md
incident export 1 --format nope -o old.md
incident export 1 --tz Nowhere/Else -o old.md
cat old.md
mkdir dir.md
incident export 1 -o dir.md
incident export 1 -o missing/report.md
incident export 1 -o journal.db
incident export 1 -o ./journal.db --format json
ls -A
incident export 1 -o - | head -1
