# Internal notes (update --internal): show and export --internal show them; no public export
# does (md, html, json, atom; one incident or the history), and they change no state.
incident -q config set timezone Europe/Stockholm
incident -q open "Checkout errors" "We are investigating." --at "2019-07-03 09:00" --impact minor
incident update 1 --internal "NOTE-7f3a: db01 replication lag 40s <b>not bold</b> *not em*" --at "2019-07-03 09:10"
# A cron job posts health output; its key makes a retry record it once.
printf 'NOTE-7f3a health: disk 91%%\n' | incident -q update 1 --internal -F - --key health-0915 --at "2019-07-03 09:15"
printf 'NOTE-7f3a health: disk 91%%\n' | incident -q update 1 --internal -F - --key health-0915 --at "2019-07-03 09:15"
incident -q update 1 "Payments work again." --status monitoring --at "2019-07-03 09:40"
incident -q resolve 1 --at "2019-07-03 10:00"
# After the resolution a note does not reopen the incident.
incident update 1 --internal "NOTE-7f3a: the cause was a full disk" --at "2019-07-03 10:30"
incident list
incident show 1
incident --json show 1 | python3 -c "import json, sys; i = json.load(sys.stdin); print(i['status'], i['updated_at'], [(u['id'], u['status'], u.get('internal', False)) for u in i['incident_updates']])"
# Public exports: the note's marker appears 0 times in every format, alone or in the history.
for f in md html json atom; do printf '%s: %s %s\n' $f "$(incident export 1 --format $f | grep -c NOTE-7f3a)" "$(incident export --format $f | grep -c NOTE-7f3a)"; done
incident export 1
# An internal export has them, marked.
for f in md html json atom; do printf '%s: %s %s\n' $f "$(incident export 1 --internal --format $f | grep -c NOTE-7f3a)" "$(incident export --internal --format $f | grep -c NOTE-7f3a)"; done
incident export 1 --internal | sed -n '/^## Internal note/,/^Posted/p'
incident export 1 --internal --format html | grep -o '<section class="update internal" id="update-[0-9]*">' 
# The JSON import of an internal export keeps them internal; of a public export there are none.
incident export --internal -o internal.json
incident export -o public.json --format json
incident --db copy.db import internal.json
incident --db copy.db show 1 | grep -c 'Internal note'
for f in md html json atom; do printf '%s: %s\n' $f "$(incident --db copy.db export 1 --format $f | grep -c NOTE-7f3a)"; done
incident --db public.db import public.json
incident --db public.db show 1 | grep -c 'NOTE-7f3a'
# Errors: an internal note takes no status, impact or component (2); it needs text (2) and
# an incident (3).
incident update 1 --internal "x" --status monitoring
incident update 1 --internal "x" --impact major
incident update 1 --internal "x" --component Web
incident update 1 --internal
incident update 1 --internal "   "
incident update 9 --internal "x"
incident show 1 | grep -c 'Internal note'
