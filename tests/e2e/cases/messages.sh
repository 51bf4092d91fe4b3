# Messages in our voice: CLI11's raw errors rewritten, with hints and suggestions. Exit 2.
incident open "Database failover" --impact major
# Unquoted message words: a hint to quote the message.
incident update 1 deploy the back
incident open Checkout is down
# A number that is not a number, an option without its value.
incident list -n abc
incident search db -n abc
incident update 1 --file
incident update 1 "x" --at
# Exclusive options.
incident update 1 "x" -F notes.md
# Unknown global and command options.
incident -x
incident --frobnicate list
incident open "x" --no-such-flag
incident list --stauts open
# Did you mean: commands, status and impact words, zone names.
incident opne "x"
incident shwo 1
incident frobnicate
incident update 1 "x" --impact majr
incident update 1 "x" --status investigatng
incident update 1 "x" --status Monitoring
incident open "x" --status resolvd
incident open "x" --status wat
incident update 1 "x" --impact wat
incident list --status opne
incident config set timezone America/NewYork
incident config set timezone europe/stockholm
incident config set timezone Nowhere/Atall
# Times in messages: the journal's zone as typed, the UTC instant in parentheses.
incident update 1 "Too early" --at "2019-07-04 15:30"
incident update 1 "Too late" --at "2019-07-04 17:30"
incident open "Gap" --at "2019-03-31 02:30"
incident open "Twice" --at "2019-10-27 02:30"
# A postmortem on an open incident is accepted, with a warning.
printf '## What happened\n\nThe primary failed.\n' > pm.md
incident postmortem 1 -F pm.md
