# Shared set-up for the completion tests: a temporary journal with two incidents, the
# binary first on PATH, and check helpers. Usage: source common.sh BINARY COMPLETIONS_DIR
set -u
binary=$(readlink -f "$1")
completions=$(readlink -f "$2")
work=$(mktemp -d "${TMPDIR:-/tmp}/incident-completion.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
ln -s "$binary" "$work/bin/incident"
export PATH="$work/bin:$PATH" HOME="$work" INCIDENT_DB="$work/journal.db" TZ=UTC LC_ALL=C.UTF-8
unset XDG_DATA_HOME
incident -q open "API errors" --impact major >/dev/null
incident -q open "Disk full on db-2" >/dev/null
touch "$work/notes-one.md" "$work/notes-two.md"
failures=0
# The visible commands, as the program lists them in `incident --help` (sorted, one line).
all_commands=$(incident --help | sed -n '/^Subcommands:/,$p' | awk 'NR > 1 && NF { print $1 }' |
    sort | paste -sd' ')
[[ $all_commands == *"open"*"resolve"* ]] || { echo "FAIL: cannot read commands from --help"; exit 1; }

skip_unless() {
    command -v "$1" >/dev/null 2>&1 || { echo "SKIP: $1 is not installed"; exit 77; }
}

# expect NAME ACTUAL EXPECTED
expect() {
    if [[ $2 == "$3" ]]; then
        echo "ok: $1"
    else
        echo "FAIL: $1"
        echo "  expected: $(printf '%q' "$3")"
        echo "  actual:   $(printf '%q' "$2")"
        failures=$((failures + 1))
    fi
}

# expect_contains NAME ACTUAL NEEDLE
expect_contains() {
    if [[ $2 == *"$3"* ]]; then
        echo "ok: $1"
    else
        echo "FAIL: $1: $(printf '%q' "$3") not in:"
        printf '%s\n' "$2" | sed 's/^/  | /'
        failures=$((failures + 1))
    fi
}

finish() {
    [[ $failures -eq 0 ]] || { echo "$failures check(s) failed"; exit 1; }
    echo "all checks passed"
}
