# postmortem: -F FILE or -F -, replacing keeps earlier versions, the editor on a terminal.
bash "$FIXTURES/../../../scripts/sample-incident.sh" "$(command -v incident)" "$INCIDENT_DB" >/dev/null
incident show 1 | sed -n '7,8p'
# Publishing the same text again writes nothing; new text replaces it.
incident postmortem 1 -F "$FIXTURES/litium-postmortem.md"
printf 'A shorter postmortem.\n\n## What happened\n\nA DDoS attack.\n' | incident postmortem 1 -F - --at "2019-07-04 15:50"
incident export 1 | sed -n '5,14p'
incident --json postmortem 1 -F "$FIXTURES/litium-postmortem.md" --at "2019-07-04 15:55" | python3 -c "import json,sys; i = json.load(sys.stdin); print(i['postmortem_published_at'], i['postmortem_body'][:20])"
# Errors: no text and no terminal, unknown id, empty text, a time before the incident, in the future.
incident postmortem 1
incident postmortem 9 -F "$FIXTURES/litium-postmortem.md"
printf '  \n\n' | incident postmortem 1 -F -
incident postmortem 1 -F "$FIXTURES/litium-postmortem.md" --at "2019-06-30 12:00"
incident postmortem 1 -F "$FIXTURES/litium-postmortem.md" --at "2019-07-05 12:00"
incident postmortem 1 -F no-such-file.md
incident postmortem x -F -
# The editor: $EDITOR on a terminal gets a template (a fresh incident) ...
incident -q open "Slow admin pages" --at "2019-07-03 08:00"
incident -q update 2 "Cache rebuilt." --status monitoring --at "2019-07-03 08:20"
EDITOR_TEXT_FILE="$FIXTURES/litium-postmortem.md" EDITOR="$FIXTURES/editor-write.sh" TMPDIR=$PWD "$FIXTURES/on-terminal.sh" incident postmortem 2
cat editor-saw.md
incident export 2 | sed -n '5,9p'
# ... or the current text; $VISUAL wins over $EDITOR; an editor with arguments works as in git.
EDITOR_APPEND="One more line." VISUAL="$FIXTURES/editor-write.sh" EDITOR=false TMPDIR=$PWD "$FIXTURES/on-terminal.sh" incident -q postmortem 2
head -4 editor-saw.md
incident export 2 | grep -B2 -A2 'One more line'
EDITOR="$FIXTURES/editor-args.sh --wait" TMPDIR=$PWD "$FIXTURES/on-terminal.sh" incident -q postmortem 2
incident export 2 | sed -n '7p'
# ^C while the editor runs is the editor's: incident waits for it and records the text.
EDITOR="$FIXTURES/editor-interrupt.sh" TMPDIR=$PWD "$FIXTURES/on-terminal.sh" incident postmortem 2
incident export 2 | sed -n '7p'
# Unchanged, emptied, or a failing editor: nothing is written (exit 1).
EDITOR=true TMPDIR=$PWD "$FIXTURES/on-terminal.sh" incident postmortem 2
EDITOR="$FIXTURES/editor-empty.sh" TMPDIR=$PWD "$FIXTURES/on-terminal.sh" incident postmortem 2
EDITOR="exit 3; :" TMPDIR=$PWD "$FIXTURES/on-terminal.sh" incident postmortem 2
EDITOR=no-such-editor TMPDIR=$PWD "$FIXTURES/on-terminal.sh" incident postmortem 2
ls incident-postmortem-* | sed 's/-[A-Za-z0-9]*\.md$/-XXXXXX.md/'
incident export 2 | sed -n '7p'
