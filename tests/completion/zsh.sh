#!/usr/bin/env bash
# Drives completions/_incident in a real interactive zsh inside tmux: keys are typed with
# send-keys and the screen is read back with capture-pane.
source "$(dirname "$0")/common.sh" "$1" "$2"
skip_unless zsh
skip_unless tmux

socket="$work/tmux.sock"
session=incident-zsh-test
cleanup_tmux() { tmux -S "$socket" kill-server 2>/dev/null; rm -rf "$work"; }
trap cleanup_tmux EXIT
cat >"$work/.zshrc" <<ZSHRC
PS1='ZP> '
fpath=("$completions" \$fpath)
autoload -U compinit && compinit -u -d "$work/.zcompdump"
zstyle ':completion:*' list-separator '--'
ZSHRC
tmux -S "$socket" new-session -d -s $session -x 160 -y 40 \
    "env ZDOTDIR='$work' PATH='$PATH' HOME='$work' INCIDENT_DB='$INCIDENT_DB' zsh -i"

screen() { tmux -S "$socket" capture-pane -p -t $session; }
# wait_for TEXT: until the screen shows TEXT (at most 10 s).
wait_for() {
    local i
    for ((i = 0; i < 100; i++)); do
        [[ $(screen) == *"$1"* ]] && return 0
        sleep 0.1
    done
    return 1
}
# typed KEYS... : clears the screen and line, types the keys, waits for zsh to settle.
typed() {
    tmux -S "$socket" send-keys -t $session C-c
    tmux -S "$socket" send-keys -t $session "clear" Enter
    wait_for 'ZP>' || true
    sleep 0.2
    tmux -S "$socket" send-keys -t $session "$@"
    sleep 0.8
}

wait_for 'ZP>' || { echo "FAIL: zsh did not start"; screen; exit 1; }

typed "incident sh" Tab
expect_contains "a command completes" "$(screen)" "ZP> incident show"

typed "incident show " Tab
expect_contains "ids are listed with titles" "$(screen)" "1  -- API errors"
expect_contains "the newest id is listed too" "$(screen)" "2  -- Disk full on db-2"

typed "incident update 2 --imp" Tab
expect_contains "an option completes" "$(screen)" "ZP> incident update 2 --impact"

typed "incident update 2 --status " Tab
for word in investigating identified monitoring resolved; do
    expect_contains "status word $word" "$(screen)" "$word"
done

typed "incident list --status=res" Tab
expect_contains "after --status=" "$(screen)" "ZP> incident list --status=resolved"

typed "incident config set time" Tab
expect_contains "a config key completes" "$(screen)" "ZP> incident config set timezone"

typed "incident update 1 -F $work/notes-o" Tab
expect_contains "a file name completes" "$(screen)" "notes-one.md"
finish
