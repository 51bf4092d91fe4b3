# After the outage: the reference's three incidents and one postmortem covering them
# (postmortem --covers). Each incident's report shows it, beginning "Regarding incidents:"
# as the reference does; the July 1 report is the reference line by line.
incident -q config set name "Litium AB"
incident -q config set timezone Europe/Stockholm
incident -q open "DDOS attack on our operations provider" "We are currently investigating this issue." --at "2019-06-24 10:12" --impact major --component "Litium Cloud/Network & infrastructure"
incident -q resolve 1 "Traffic reaches our infrastructure again." --at "2019-06-24 11:40"
incident -q open "DDOS attack on our operations provider" "We are currently investigating this issue." --at "2019-06-30 14:05" --impact major --component "Litium Cloud/Network & infrastructure"
incident -q resolve 2 "Traffic reaches our infrastructure again." --at "2019-06-30 15:20"
incident -q open "Service interuption" "We are currently investigating this issue." --at "2019-07-01 18:30" --impact major --component "Litium Cloud/Network & infrastructure"
incident -q update 3 --at "2019-07-01 18:30" "We are continuing to investigate this issue."
incident -q update 3 --at "2019-07-01 18:55" --status identified "Our operations provider is target of a DDoS attack. We are continuing to verify all our systems but at this time services should be back to normal. Updates will follow."
incident -q update 3 --at "2019-07-01 21:25" --status monitoring "Our operations provider have made several configuration changes to adjust their DDoS protection. At this time both our internal and external telemetry shows full recovery. We will actively monitor the situation for the rest of the evening and night."
incident -q resolve 3 --at "2019-07-02 11:07" "At this time, we are considering this incident resolved. There has been no impact for an extended period. In case of further impact, we will open a new incident. We will update this incident with a post mortem as soon as we have all the information."
incident postmortem 3 --covers 1 --covers 2 --at "2019-07-04 15:43" -F "$FIXTURES/litium-postmortem-covering.md"
# The July 1 report is the reference's, line by line; every report has its Regarding section.
incident export 3 >july1.md
python3 "$FIXTURES/check-sample.py" july1.md "$FIXTURES/litium-2019-07-incident.txt"
for id in 1 2 3; do incident export $id >$id.md && python3 "$FIXTURES/check-regarding.py" $id.md "$FIXTURES/litium-2019-07-incident.txt"; done
for id in 1 2 3; do incident export $id --format html >$id.html && python3 "$FIXTURES/check-regarding.py" $id.html "$FIXTURES/litium-2019-07-incident.txt"; done
incident export --format html >history.html
python3 "$FIXTURES/check-regarding.py" history.html "$FIXTURES/litium-2019-07-incident.txt"
incident export 1 --format atom >1.atom
python3 -c "import html, sys, xml.etree.ElementTree as ET; c = ET.parse('1.atom').getroot().find('{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}content').text; open('1.atom.html', 'w').write(c)"
python3 "$FIXTURES/check-regarding.py" 1.atom.html "$FIXTURES/litium-2019-07-incident.txt"
incident export 1
# In a history the list links the incidents the document holds.
grep -o '<li><a href="#incident-[0-9]*"><bdi>[^<]*' history.html
incident export 1 2 --format html | grep -o '<li>\(<a href="#incident-[0-9]*">\)\?<bdi>[^<]*'
# JSON: every incident carries the postmortem's text and what it regards.
incident export --format json | python3 -c "import json, sys; d = json.load(sys.stdin); [print(i['id'], i['status'], i['postmortem_incident_id'], [r['id'] for r in i['postmortem_regarding']], i['postmortem_body'] == d['incidents'][0]['postmortem_body'], i['postmortem_published_at']) for i in d['incidents']]"
# show lists the relation both ways.
incident show 1 | sed -n '1,18p'
incident show 3 | sed -n '7,12p'
# Another set replaces it (covering June 30 only); the history keeps every version.
incident postmortem 3 --covers 2 --at "2019-07-04 15:50"
incident export 1 | grep -c Postmortem
incident export 2 | grep -A6 '^## Postmortem'
incident postmortem 3 --covers 2 --at "2019-07-04 15:50"
incident postmortem 3 --covers 1 --covers 2 --at "2019-07-04 15:55"
incident show 3 --history | grep '^    v[0-9]'
incident --json show 3 --history | python3 -c "import json, sys; print([v.get('regarding') for v in json.load(sys.stdin)['history']['postmortem_versions']])"
# Errors: an unknown incident (3), itself or a cycle (2), a covered incident's own postmortem
# or one covered by another (4), a bad id (2).
incident postmortem 3 --covers 9
incident postmortem 3 --covers 3
incident postmortem 1 --covers 3 -F "$FIXTURES/litium-postmortem-covering.md"
incident postmortem 1 -F "$FIXTURES/litium-postmortem-covering.md"
incident -q open "Slow admin pages" --at "2019-07-03 08:00"
incident postmortem 4 --covers 1 -F "$FIXTURES/litium-postmortem-covering.md"
incident postmortem 4 --covers 3 -F "$FIXTURES/litium-postmortem-covering.md"
incident postmortem 4 --covers x
incident postmortem 4 --covers none --covers 1
incident postmortem 4 --covers 5
incident postmortem 4 --covers 2
incident show 3 --history | grep -c '^    v[0-9]'
# The editor's template merges the timelines of the incidents it covers, in time order.
incident -q open "Slow admin pages again" --at "2019-07-03 09:30"
incident -q update 4 "Cache rebuilt." --status monitoring --at "2019-07-03 08:20"
incident -q resolve 5 --at "2019-07-03 09:45"
EDITOR_TEXT_FILE="$FIXTURES/litium-postmortem-covering.md" EDITOR="$FIXTURES/editor-write.sh" TMPDIR=$PWD "$FIXTURES/on-terminal.sh" incident postmortem 4 --covers 5
cat editor-saw.md
incident export 5 | sed -n '5,14p'
