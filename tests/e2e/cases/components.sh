# Component statuses on the command line: --component G/C=STATUS on open, update and resolve,
# `incident components`, and the reports' "what changed" lines.
incident components
incident open "Network down" --impact major --at "2019-07-04 12:00" --component "Litium Cloud/Network & infrastructure=major_outage" --component "Litium Cloud/Storage=degraded_performance" --component Billing
incident update 1 --at "2019-07-04 12:30" --component "Litium Cloud/Storage=partial_outage" "Storage is affected too."
incident update 1 --at "2019-07-04 12:40" --component "Litium Cloud/Network & infrastructure=partial_outage"
incident open "Second" --at "2019-07-04 13:00" --component "Billing=under_maintenance"
# Unknown or missing statuses are usage errors; nothing is written.
incident update 1 --component "Litium Cloud/Storage=partal_outage" "typo"
incident update 1 --component "Litium Cloud/Storage=Major" "typo"
incident update 1 --component "Litium Cloud/Storage=" "empty"
incident update 1 --component "Litium Cloud/Storage=major_outage" --component "Litium Cloud/Storage=operational" "two statuses"
incident open "Bad" --component "=major_outage"
# A name with '=' that is not followed by a status word stays a name.
incident open "Formula" --at "2019-07-04 13:10" --component "Maths/a=f(x)"
incident components
incident --json components
# Resolve returns the incident's components to operational unless told otherwise.
incident resolve 1 --at "2019-07-04 13:30" --component "Litium Cloud/Storage=degraded_performance"
incident components
incident show 1
incident export 1 --format md
# HTML and Atom list the same changes, escaped ("&" of "Network & infrastructure").
incident export 1 --format html | grep -A4 '<ul class="changes">'
incident export 1 --format atom | grep -A4 '&lt;ul&gt;' | head -n 6
incident resolve 2 --at "2019-07-04 13:45"
incident resolve 3 --at "2019-07-04 13:50"
incident components
incident --json components
