#!/usr/bin/env bash
# Drives completions/incident.fish through fish's own `complete -C`, which prints what fish
# would offer for a command line.
source "$(dirname "$0")/common.sh" "$1" "$2"
skip_unless fish

# offers LINE: fish's candidates (value<TAB>description lines) for the command line.
offers() {
    timeout 20 fish --no-config -c "source '$completions/incident.fish'; complete -C\$argv[1]" "$1"
}
values() { offers "$1" | cut -f1 | sort | paste -sd' '; }

expect "commands" "$(values 'incident ')" "$all_commands"
expect "options with a prefix" "$(values 'incident list --s')" "--since --status"
expect "status words" "$(values 'incident update 1 --status ')" \
    "completed identified in_progress investigating monitoring resolved scheduled verifying"
expect "impact words" "$(values 'incident open T --impact mi')" "minor"
expect "after --status=" "$(values 'incident list --status=r')" "--status=resolved"
expect "incident ids" "$(values 'incident show ')" "1 2"
expect_contains "ids carry titles" "$(offers 'incident show ')" $'2\tDisk full on db-2'
expect_contains "commands carry summaries" "$(offers 'incident ')" $'resolve\tResolve an incident'
expect "config keys" "$(values 'incident config get ')" "name page_id page_url timezone"
expect "file names after -F" "$(cd "$work" && values 'incident update 1 -F notes-')" \
    "notes-one.md notes-two.md"
expect "nothing for a free-text message" "$(values 'incident update 1 ')" ""
finish
