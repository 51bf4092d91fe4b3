# Follow-up actions: action add/done/reopen/list; reports list them, the postmortem template
# is prefilled from them, stats count open and overdue ones.
incident -q config set timezone Europe/Stockholm
incident -q open "Service interuption" --at "2019-07-01 18:30" --impact major
incident -q resolve 1 --at "2019-07-02 11:07"
incident action add 1 "Make DDoS filtering permanent" --owner "Network team" --due 2019-07-10 --link https://tracker.example.com/NET-12
incident -q action add 1 "Review routines with the provider" --owner Anna --due 2019-07-31
incident --json action add 1 "Write the postmortem"
# A due day in the past is recorded with a warning.
incident action add 1 "Rotate the on-call credentials" --owner anna --due 2019-07-01
incident action done 1
incident action done 1
incident action reopen 1
incident action reopen 1
incident action done 1
incident --json action done 3
incident action list
incident action list 1 --open
incident action list --owner ANNA
incident action list --overdue
incident action list --json --overdue
incident -q action list --open
"$FIXTURES/on-terminal.sh" incident action list
"$FIXTURES/on-terminal.sh" incident action list --owner nobody
# Reports list them with owner, due day and state; show marks the overdue one.
incident export 1 | sed -n '/^## Follow-up actions/,/^## Resolved/p'
incident export 1 --format json | python3 -c "import json, sys; [print(a) for a in json.load(sys.stdin)['incidents'][0]['actions']]"
incident show 1 | sed -n '/^Follow-up actions/,$p'
incident stats | grep 'Follow-up'
incident --json stats | python3 -c "import json, sys; print(json.load(sys.stdin)['actions'])"
incident show 1 --history | sed -n '/^Follow-up actions done/,$p'
# The postmortem template's action items come from them.
EDITOR="$FIXTURES/editor-write.sh" TMPDIR=$PWD "$FIXTURES/on-terminal.sh" incident postmortem 1
sed -n '/^## Action items/,$p' editor-saw.md
# Errors: an unknown incident or action (3), bad ids, days, links and text (2).
incident action add 9 "x"
incident action done 99
incident action reopen x
incident action add 1 "x" --due 2019-02-30
incident action add 1 "x" --due tomorrow
incident action add 1 "x" --link ftp://example.com/file
incident action add 1 "x" --link "https://example.com/a b"
incident action add 1 "   "
incident action add 1 "$(printf 'two\nlines')"
incident action add 1 "x" --owner ""
incident action list 9
incident action
incident action list --json | python3 -c "import json, sys; print(len(json.load(sys.stdin)['actions']))"
