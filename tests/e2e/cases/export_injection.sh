# Hostile text in every field, checked by real parsers in each format: cmark (--unsafe) for
# Markdown, python's json and xml.etree for JSON and Atom.
incident -q config set name 'Evil <script>alert("name")</script> & Co'
incident -q open '<script>alert("title")</script> <img src=x onerror=alert(1)> # [x](javascript:alert(1)) *' -F "$FIXTURES/injection-body.md" --component '<b>Grp</b>/<img src=x onerror=alert(2)>' --at "2019-07-01 18:30"
incident -q update 1 $'Escape \e[31mred\e[0m and a bell \a and </content> ]]>' --at "2019-07-01 18:40"
incident export 1 >report.md
cat report.md
python3 "$FIXTURES/check-injection.py" md report.md
incident export 1 --format json >report.json
python3 "$FIXTURES/check-injection.py" json report.json
incident export --format atom >feed.xml
python3 "$FIXTURES/check-injection.py" atom feed.xml
