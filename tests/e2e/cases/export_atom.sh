# Atom export: a valid feed with one entry per incident holding every update.
bash "$FIXTURES/../../../scripts/sample-incident.sh" "$(command -v incident)" "$INCIDENT_DB" >/dev/null
incident -q open "Slow admin pages" --at "2019-07-03 08:00" --component "Litium Admin"
incident export --format atom >feed.xml
cat feed.xml
python3 "$FIXTURES/check-injection.py" atom feed.xml
python3 -c "import xml.etree.ElementTree as E; ns = {'a': 'http://www.w3.org/2005/Atom'}; r = E.parse('feed.xml').getroot(); print(r.find('a:id', ns).text, r.find('a:updated', ns).text); [print(e.find('a:id', ns).text, e.find('a:updated', ns).text, e.find('a:content', ns).text.count('Posted ')) for e in r.findall('a:entry', ns)]"
# The same incident exported again keeps its entry id.
incident export 1 --format atom | grep -c '<id>urn:x-incident:Litium%20AB:incident:1:1561998600</id>'
