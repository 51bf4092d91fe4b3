#!/usr/bin/env bash
# Runs one end-to-end case against the real binary and compares its transcript with the
# golden file. Usage: run-case.sh INCIDENT_BINARY CASE_FILE GOLDEN_FILE
# With INCIDENT_UPDATE_GOLDEN=1 the golden file is (re)written instead of compared.
#
# A case is a list of shell command lines (a trailing backslash continues a line). Each runs
# in one bash process, in a fresh directory, with a fixed zone, clock, user and journal; the
# transcript shows each command, its stdout, its stderr (prefixed) and a non-zero exit code.
set -u
binary=$(readlink -f "$1") case_file=$(readlink -f "$2") golden=$3
[[ -x $binary ]] || { echo "no binary at $1" >&2; exit 2; }
[[ -f $case_file ]] || { echo "no case at $2" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/incident-e2e.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/home" "$work/run"
ln -s "$binary" "$work/bin/incident"

transcript=$work/transcript
(
    cd "$work/run" || exit 2
    export PATH="$work/bin:/usr/local/bin:/usr/bin:/bin"
    export HOME="$work/home" USER=tester LOGNAME=tester LC_ALL=C.UTF-8
    export TZ=Europe/Stockholm INCIDENT_NOW=2019-07-04T14:00:00Z
    export INCIDENT_DB="$work/run/journal.db"
    export FIXTURES
    FIXTURES=$(dirname "$case_file")/../fixtures
    unset XDG_DATA_HOME NO_COLOR INCIDENT_AUTHOR VISUAL EDITOR TERM COLUMNS
    command=""
    while IFS= read -r line || [[ -n $line ]]; do
        if [[ -z $command && ( -z $line || $line == \#* ) ]]; then continue; fi
        if [[ $line == *\\ ]]; then
            command+="${line%\\}"$'\n'
            continue
        fi
        command+=$line
        printf '$ %s\n' "${command//$'\n'/$'\\\n'}"
        eval "$command" >"$work/out" 2>"$work/err" </dev/null
        rc=$?
        cat "$work/out"
        [[ -s $work/out && $(tail -c1 "$work/out" | od -An -c | tr -d ' ') != '\n' ]] && printf '%%no-newline\n'
        sed 's/^/[stderr] /' "$work/err"
        [[ $rc -ne 0 ]] && printf '[exit %d]\n' "$rc"
        command=""
    done <"$case_file"
) >"$transcript" 2>&1
# Paths of the temporary directory differ per run.
sed -i "s|$work|\$WORK|g" "$transcript"

if [[ ${INCIDENT_UPDATE_GOLDEN:-0} == 1 ]]; then
    mkdir -p "$(dirname "$golden")"
    cp "$transcript" "$golden"
    echo "updated $golden"
    exit 0
fi
if [[ ! -f $golden ]]; then
    echo "missing golden file $golden; run with INCIDENT_UPDATE_GOLDEN=1 to create it" >&2
    cat "$transcript"
    exit 1
fi
diff -u --label "expected: $golden" --label "actual" "$golden" "$transcript"
