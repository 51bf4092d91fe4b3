# Roles (role ID ROLE NAME) and milestones (--mark on open/update/resolve, mark ID MILESTONE):
# shown by show and internal exports, every change kept in the history.
incident -q config set timezone Europe/Stockholm
incident open "Checkout errors" "Alerts on payment failures." --at "2019-07-03 09:05" --started-at "2019-07-03 08:50" --mark detected
incident update 1 "The payment provider is paged." --at "2019-07-03 09:12" --mark acknowledged
incident update 1 "Traffic moved to the backup provider." --status monitoring --at "2019-07-03 09:40" --mark mitigated
incident resolve 1 --at "2019-07-03 10:30"
incident role 1 commander "Anna Berg"
incident role 1 Communications Bo
incident role 1 scribe Cy
incident role 1 commander "Dana Ek"
incident role 1 commander "Dana Ek"
incident role 1
incident --json role 1
# Set after the fact; the same time again writes nothing.
incident mark 1 detected --at "2019-07-03 09:00"
incident mark 1 detected --at "2019-07-03 09:00"
incident -q mark 1 started --at "2019-07-03 08:45"
incident show 1 | sed -n '1,14p'
incident show 1 --history | sed -n '/^Milestones set/,$p'
# Public reports show neither; internal ones do.
incident export 1 | grep -c -e Milestones -e 'Dana Ek' -e commander
incident export 1 --internal | sed -n '3,8p'
incident export 1 --internal --format json | python3 -c "import json, sys; i = json.load(sys.stdin)['incidents'][0]; print(i['started_at'], i['detected_at'], i['acknowledged_at'], i['mitigated_at'], i['roles'])"
# The JSON import of an internal export keeps them.
incident export --internal -o internal.json
incident --db copy.db import internal.json
incident --db copy.db show 1 | sed -n '6,12p'
# Errors: out of order (2), unknown words (2), a missing incident (3), --mark alone (2).
incident mark 1 acknowledged --at "2019-07-03 08:59"
incident mark 1 mitigated --at "2019-07-03 08:40"
incident mark 1 started --at "2019-07-03 09:30"
incident mark 1 resolved
incident mark 9 detected
incident mark 1 detected --at "2019-07-05 10:00"
incident update 1 --mark started "x"
incident update 1 --mark acknowledgd "x"
incident update 1 --mark mitigated
incident open "Detected before it started" --at "2019-07-03 11:00" --mark detected --started-at "2019-07-03 11:05"
incident role 1 "incident commander" Eve
incident role 1 scribe
incident role 9 scribe Eve
incident role 1 scribe "$(printf 'two\nlines')"
