#!/usr/bin/env bash
# The real binary on a real terminal (tmux): colour when stdout is a terminal, none when
# piped, none with NO_COLOR or TERM=dumb. Usage: tty.sh BINARY
set -u
binary=$(readlink -f "$1")
command -v tmux >/dev/null || { echo "SKIP: tmux is not installed"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/incident-tty.XXXXXX")
socket=$work/tmux.sock
trap 'tmux -S "$socket" kill-server 2>/dev/null; rm -rf "$work"' EXIT
export INCIDENT_DB=$work/journal.db TZ=UTC INCIDENT_NOW=2019-07-04T14:00:00Z
"$binary" open "API errors" --impact major --at "2019-07-04 11:45" >/dev/null || exit 1
failures=0

# on_terminal COMMAND: what the terminal shows, escape sequences included.
# Each call runs in its own tmux session (called by a counter kept in a file, since the
# function runs in a command substitution's subshell).
on_terminal() {
    local n
    n=$(($(cat "$work/sessions" 2>/dev/null || echo 0) + 1))
    echo $n >"$work/sessions"
    tmux -S "$socket" new-session -d -s "s$n" -x 120 -y 10 \
        "env TERM=xterm-256color $1; touch '$work/done$n'; sleep 30"
    local i
    for ((i = 0; i < 100; i++)); do
        [[ -e $work/done$n ]] && break
        sleep 0.1
    done
    tmux -S "$socket" capture-pane -p -e -t "s$n"
}
check() {
    local name=$1 expect=$2 screen=$3
    local has=no
    [[ $screen == *$'\e['3[12]m* ]] && has=yes
    if [[ $has == "$expect" ]]; then
        echo "ok: $name"
    else
        echo "FAIL: $name (colour expected: $expect)"
        printf '%s\n' "$screen" | cat -v | sed 's/^/  | /'
        failures=$((failures + 1))
    fi
}

screen=$(on_terminal "'$binary' list")
check "list on a terminal is coloured" yes "$screen"
[[ $screen == *"2h 15m"* ]] && echo "ok: duration reads 2h 15m" || { echo "FAIL: no 2h 15m"; failures=$((failures + 1)); }
check "show on a terminal is coloured" yes "$(on_terminal "'$binary' show 1")"
check "piped output is plain" no "$(on_terminal "'$binary' list | cat")"
check "NO_COLOR=1" no "$(on_terminal "NO_COLOR=1 '$binary' list")"
check "--no-color" no "$(on_terminal "'$binary' --no-color show 1")"
check "TERM=dumb" no "$(on_terminal "TERM=dumb '$binary' list")"

# Long output on a terminal goes through the pager (default less -FRX), which waits for q.
"$binary" open "Long" --at "2019-07-04 12:00" >/dev/null || exit 1
for i in $(seq 1 12); do "$binary" update 2 "Update number $i" >/dev/null || exit 1; done
command -v less >/dev/null && {
    tmux -S "$socket" new-session -d -s pager -x 120 -y 10 \
        "env -u PAGER TERM=xterm-256color '$binary' show 2; touch '$work/pager-done'; sleep 30"
    sleep 1
    screen=$(tmux -S "$socket" capture-pane -p -t pager)
    if [[ ! -e $work/pager-done && $screen == *"#2 Long"* && $screen != *"update 2)"* ]]; then
        echo "ok: long show waits in the pager"
    else
        echo "FAIL: long show did not page"; printf '%s\n' "$screen" | sed 's/^/  | /'
        failures=$((failures + 1))
    fi
    tmux -S "$socket" send-keys -t pager q
    for ((i = 0; i < 50; i++)); do [[ -e $work/pager-done ]] && break; sleep 0.1; done
    [[ -e $work/pager-done ]] && echo "ok: q leaves the pager" ||
        { echo "FAIL: the pager did not quit"; failures=$((failures + 1)); }
}
screen=$(on_terminal "PAGER= '$binary' --no-color show 2")
[[ $screen == *"update 2)"* || $screen == *"Update number 1"* ]] && echo "ok: PAGER= prints directly" ||
    { echo "FAIL: PAGER= did not print directly"; failures=$((failures + 1)); }
[[ $failures -eq 0 ]] || exit 1
echo "all checks passed"
