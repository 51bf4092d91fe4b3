# JSON export: Statuspage v2 shape, parsed back by a real JSON parser.
bash "$FIXTURES/../../../scripts/sample-incident.sh" "$(command -v incident)" "$INCIDENT_DB" >/dev/null
incident export 1 --format json >report.json
cat report.json
python3 "$FIXTURES/check-injection.py" json report.json
python3 -c "import json; d = json.load(open('report.json')); i = d['incidents'][0]; print(sorted(i)); print(sorted(i['incident_updates'][0])); print([u['status'] for u in i['incident_updates']]); print(i['postmortem_published_at'], len(i['postmortem_body']))"
