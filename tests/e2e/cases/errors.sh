# Every rule's error: message on stderr, data-free stdout, and the documented exit code.
incident open "Database failover" --impact critical
# Unknown ids: 3.
incident update 99 "hello"
incident resolve 99
incident show 99
# Ids that are not ids: 2.
incident show abc
incident show -- -1
incident update 0 "x"
# Required text: 2.
incident open ""
incident open "   "
incident update 1 ""
incident update 1
incident open "$(printf 'two\nlines')"
# Unknown words: 2, listing the valid ones.
incident open "x" --status broken
incident open "x" --status resolved
incident update 1 "x" --impact huge
incident list --status closed
incident open "x" --component "/Component"
incident open "x" --component "Group/"
# CLI11 parse errors are usage errors: 2.
incident
incident frobnicate
incident update
incident open "x" --no-such-flag
incident open "x" "message" -F notes.md
incident list --limit many
# Resolved incidents: 4 unless reopened explicitly.
incident resolve 1 --at "2019-07-04 15:30"
incident resolve 1
incident update 1 "Still broken?"
incident update 1 "Back again" --status resolved
incident update 1 "It is back." --status investigating
incident show 1
