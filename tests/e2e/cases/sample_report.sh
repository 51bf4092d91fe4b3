# The sample report rebuilt with commands (scripts/sample-incident.sh) and exported as
# Markdown must say, line by line, what the sample (fixtures/litium-2019-07-incident.txt) says.
bash "$FIXTURES/../../../scripts/sample-incident.sh" "$(command -v incident)" "$INCIDENT_DB" >/dev/null
incident export 1 >sample.md
python3 "$FIXTURES/check-sample.py" sample.md "$FIXTURES/litium-2019-07-incident.txt"
# A history export holds the same incident under a history title.
incident export >history.md
python3 "$FIXTURES/check-injection.py" md sample.md
head -3 history.md
