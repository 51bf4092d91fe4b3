#!/usr/bin/env bash
# Drives completions/incident.bash through bash's own programmable completion: the function
# registered with `complete -p` is called with COMP_WORDS/COMP_CWORD as readline would set them.
source "$(dirname "$0")/common.sh" "$1" "$2"
source "$completions/incident.bash"

spec=$(complete -p incident)
expect "registered for incident" "$spec" "complete -F _incident incident"
function=${spec#complete -F }
function=${function%% *}

# reply WORD... : COMPREPLY for the command line made of these words (the last is the cursor's).
reply() {
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    "$function" incident "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf '%s\n' "${COMPREPLY[@]}" | sort | paste -sd' '
}

expect "commands" "$(reply incident '')" "$all_commands"
expect "command prefix" "$(reply incident re)" "resolve"
expect "hidden command stays hidden" "$(reply incident __)" ""
expect "options" "$(reply incident list --s)" "--since --status"
expect "global options after a command" "$(reply incident show 1 --no)" "--no-color"
expect "status words of update" "$(reply incident update 1 --status '')" \
    "completed identified in_progress investigating monitoring resolved scheduled verifying"
expect "status words of list" "$(reply incident list --status '')" "all open resolved"
expect "impact words" "$(reply incident open T --impact m)" "major minor"
expect "after --status= (split by bash)" "$(reply incident list --status = r)" "resolved"
expect "right after --status=" "$(reply incident list --status =)" "all open resolved"
expect "incident ids" "$(reply incident show '')" "1 2"
expect "incident ids by prefix" "$(reply incident resolve 2)" "2"
expect "ids from the journal given with --db" "$(reply incident --db "$work/none.db" show '')" ""
expect "config keys" "$(reply incident config set '')" "name page_id page_url timezone"
expect "zones" "$(reply incident config set timezone Europe/Stockh)" "Europe/Stockholm"
expect "help topics" "$(reply incident help con)" "config"
expect "file names after -F" "$(reply incident update 1 -F "$work/notes-")" \
    "$work/notes-one.md $work/notes-two.md"
expect "nothing for a free-text message" "$(reply incident update 1 '')" ""

# The whole round trip must stay fast enough for an interactive Tab.
start=$(date +%s%N)
for _ in 1 2 3 4 5 6 7 8 9 10; do reply incident show '' >/dev/null; done
elapsed_ms=$((($(date +%s%N) - start) / 10000000))
echo "one completion of incident ids: ${elapsed_ms} ms"
((elapsed_ms < 500)) || expect "completion is fast" "${elapsed_ms} ms" "< 500 ms"

# A writer holding the journal must not make Tab hang (nor print errors into the line).
if command -v sqlite3 >/dev/null; then
    (echo "BEGIN EXCLUSIVE; DELETE FROM incidents WHERE 0;"; sleep 3; echo "COMMIT;") |
        sqlite3 "$INCIDENT_DB" &
    sleep 0.5
    start=$(date +%s%N)
    locked=$(incident __complete -- show '' 2>&1)
    elapsed_ms=$((($(date +%s%N) - start) / 1000000))
    expect "a locked journal gives no ids and no errors" "$locked" ""
    echo "completion against a locked journal: ${elapsed_ms} ms"
    ((elapsed_ms < 1000)) || expect "a locked journal answers at once" "${elapsed_ms} ms" "< 1000 ms"
    wait
fi
finish
