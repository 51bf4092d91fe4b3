#!/usr/bin/env bash
# Bad input: impossible dates, DST-gap and -overlap times, unknown and malformed ids, empty
# and huge messages (-F), invalid UTF-8, NUL bytes, long titles: each refused with a clear
# message and the right exit code, the journal unchanged. Control characters and terminal
# escape sequences are accepted, kept verbatim in the journal and in JSON, and made visible
# on a terminal (stdout a pty, through `script`).
source "$(dirname "$0")/lib.sh"
cd "$WORK"
export INCIDENT_NOW=2019-07-04T14:00:00Z
"$INCIDENT" -q open "Bad input" "first" --at "2019-07-01 18:30" >/dev/null || { fail "open"; finish; }
rows() { sqlite3 "$INCIDENT_DB" "SELECT (SELECT count(*) FROM incidents) || '/' || (SELECT count(*) FROM updates) || '/' || (SELECT total(length(body)) FROM updates)"; }

tried=0
# refuse EXIT PATTERN -- COMMAND...: the command fails with EXIT, says PATTERN, writes nothing.
refuse() {
    local want_rc=$1 pattern=$2; shift 3
    local before rc
    before=$(rows)
    "$@" >"$WORK/out" 2>"$WORK/err" <"${STDIN:-/dev/null}"
    rc=$?
    tried=$((tried + 1))
    local shown
    shown=$(head -c 300 "$WORK/err" | cat -v)
    if ((rc == want_rc)) && grep -qE "^incident: error: .*($pattern)" "$WORK/err"; then
        ok "exit $rc: $shown"
    else
        fail "$(printf '%q ' "${@:2}" | head -c 200): exit $rc (want $want_rc), stderr: $shown (want /$pattern/)"
    fi
    [[ $(rows) == "$before" ]] || fail "$(printf '%q ' "${@:2}" | head -c 100): the journal changed"
    [[ ! -s $WORK/out ]] || fail "$(printf '%q ' "${@:2}" | head -c 100): printed data on a refusal"
}
I=$INCIDENT

# Times.
refuse 2 "2019-02-30.*(day|date)" -- $I update 1 "x" --at "2019-02-30 10:00"
refuse 2 "2019-04-31" -- $I update 1 "x" --at "2019-04-31 10:00"
refuse 2 "2019-02-29" -- $I update 1 "x" --at "2019-02-29 12:00"
refuse 2 "2019-13-01" -- $I update 1 "x" --at "2019-13-01 10:00"
refuse 2 "25:00" -- $I update 1 "x" --at "2019-07-01 25:00"
refuse 2 "18:61" -- $I update 1 "x" --at "2019-07-01 18:61"
refuse 2 "trailing|please" -- $I update 1 "x" --at "2019-07-01 18:30 please"
refuse 2 "2019-07-01T16:30:00\+25:00|offset" -- $I update 1 "x" --at "2019-07-01T16:30:00+25:00"
refuse 2 "--at" -- $I update 1 "x" --at ""
refuse 2 "gap|does not exist|skipped" -- $I update 1 "x" --at "2019-03-31 02:30"
refuse 2 "gap|does not exist|skipped" -- env TZ=America/New_York $I update 1 "x" --at "2019-03-10 02:15"
refuse 2 "ambiguous|twice|repeat" -- $I update 1 "x" --at "2019-10-27 02:30"
refuse 2 "future" -- $I update 1 "x" --at "2019-07-05 12:00"
refuse 2 "before incident 1 was opened" -- $I update 1 "x" --at "2019-07-01 18:00"
# Ids.
refuse 3 "no incident with id 999" -- $I update 999 "x"
refuse 3 "no incident with id 999" -- $I show 999
refuse 3 "no incident with id 999" -- $I resolve 999 "x"
for bad in abc -1 0 1.5 1e3 " 1" 99999999999999999999999 ""; do
    refuse 2 "incident id must be a positive whole number" -- $I update "$bad" "x"
done
# Messages through -F.
: >empty.md
refuse 2 "is empty" -- $I update 1 -F empty.md
printf '\n \t \n' >blank.md
refuse 2 "is empty" -- $I update 1 -F blank.md
refuse 1 "cannot open.*No such file or directory" -- $I update 1 -F missing.md
refuse 2 "is empty" -- $I update 1 "   "
head -c 17000000 /dev/zero | tr '\0' 'a' >huge.md
refuse 2 "larger than the 16 MiB limit" -- $I update 1 -F huge.md
printf 'bad \377 byte' >latin1.md
refuse 2 "not valid UTF-8 \(byte 0xFF at offset 4\)" -- $I update 1 -F latin1.md
printf 'overlong \300\257 slash' >overlong.md
refuse 2 "not valid UTF-8" -- $I update 1 -F overlong.md
printf 'surrogate \355\240\200 half' >surrogate.md
refuse 2 "not valid UTF-8" -- $I update 1 -F surrogate.md
printf 'cut \342\202' >cut.md
refuse 2 "not valid UTF-8" -- $I update 1 -F cut.md
refuse 2 "not valid UTF-8" -- $I update 1 "$(printf 'arg \377')"
printf 'nul \000 byte' >nul.md
refuse 2 "contains a NUL byte at offset 4" -- $I update 1 -F nul.md
printf 'nul' | cat - nul.md >nul2.md
STDIN=nul2.md refuse 2 "contains a NUL byte" -- $I update 1 -F -
# Titles and other fields.
refuse 2 "title is too long \(1025 bytes; the limit is 1024\)" -- $I open "$(printf 'T%.0s' {1..1025})" "x"
refuse 2 "title is too long" -- $I open "$(head -c 100000 /dev/zero | tr '\0' 'T')" "x"
refuse 2 "title is empty" -- $I open "  " "x"
refuse 2 "title must be one line" -- $I open "$(printf 'two\nlines')" "x"
refuse 2 "title is not valid UTF-8" -- $I open "$(printf 'bad \377')" "x"
refuse 2 "author is too long" -- $I update 1 "x" --author "$(printf 'A%.0s' {1..1025})"
refuse 2 "--key is too long" -- $I update 1 "x" --key "$(printf 'K%.0s' {1..300})"
refuse 2 "--component.*not valid UTF-8" -- $I update 1 "x" --component "$(printf 'G/\377')"
refuse 2 "unknown status" -- $I update 1 "x" --status "$(printf '\033[2J')"
figure "bad input: $tried refused inputs, each with its exit code and message, journal unchanged"

# Accepted edge cases, stored verbatim.
printf 'T%.0s' {1..1024} >title1024
"$I" -q open "$(cat title1024)" "longest title" >/dev/null && ok "a 1024-byte title is accepted" || fail "1024-byte title refused"
[[ $(sqlite3 "$INCIDENT_DB" "SELECT length(title) FROM incidents WHERE id = 2") == 1024 ]] || fail "1024-byte title not kept whole"
head -c 7500000 /dev/urandom | base64 -w 76 >ten.md   # ~10 MB of text, no trailing blank
size=$(stat -c %s ten.md)
start=$(now_ms)
"$I" update 1 -F ten.md >/dev/null 2>"$WORK/err" && ok "a $size-byte message through -F is accepted in $(($(now_ms) - start)) ms" ||
    fail "10 MB message refused: $(cat "$WORK/err")"
want=$(head -c $((size - 1)) ten.md | md5sum)   # the trailing newline is trimmed
got=$(sqlite3 "$INCIDENT_DB" "SELECT body FROM updates WHERE length(body) > 1000000" | head -c $((size - 1)) | md5sum)
[[ $want == "$got" ]] && ok "the 10 MB message is stored byte for byte" || fail "the 10 MB message was altered"
"$I" show 1 >/dev/null && "$I" --json show 1 | python3 -c 'import json,sys; json.load(sys.stdin)' &&
    ok "show and --json show handle the 10 MB update" || fail "show of the 10 MB update"
printf 'tab\there\nsecond line\nunicode: caf\303\251 \360\237\224\245 \342\200\256rtl\n' >ok.md
"$I" update 1 -F ok.md >/dev/null && ok "tabs, newlines, emoji and bidi controls accepted" || fail "valid text refused"

# Control characters and escape sequences: accepted, verbatim in the journal and JSON, visible on a terminal.
esc=$(printf 'clear\033[2J\033[H title\033]0;pwned\007 red\033[31mX\033[0m bell\a cr\rback \302\233csi del\177')
"$I" update 1 "$esc" >/dev/null && ok "a message with escape sequences is accepted" || fail "escape message refused"
# A typed title is plain text: control characters are refused (exit 2), nothing recorded.
refuse 2 "control character" -- $I -q open "$(printf 'evil \033[2J\033]0;title\007 title')" "x"
got_hex=$(sqlite3 "$INCIDENT_DB" "SELECT hex(body) FROM updates WHERE body LIKE 'clear%'")
want_hex=$(printf '%s' "$esc" | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
[[ $got_hex == "$want_hex" ]] && ok "escape sequences kept verbatim in the journal" || fail "journal body: $got_hex, want $want_hex"
"$I" --json show 1 | python3 -c '
import json, sys
want = sys.argv[1].encode("utf-8", "surrogateescape").decode("utf-8")
doc = json.load(sys.stdin)
bodies = [u["body"] for u in doc.get("incident_updates", doc.get("updates", []))]
sys.exit(0 if want in bodies else 1)' "$esc" && ok "JSON keeps the escape sequences verbatim (escaped, parseable)" ||
    fail "JSON does not keep the escape message: $("$I" --json show 1 | head -c 300)"
# On a terminal: `script` gives the command a pty for stdout.
for cmd in "show 1" "list" "show 3"; do
    for color in "--no-color" ""; do
        TERM=xterm script -qec "$I $color $cmd" /dev/null >"$WORK/tty" 2>&1 </dev/null
        # Our own colours are SGR sequences (ESC [ digits ; m); anything else from ESC is user text.
        if sed 's/\x1b\[[0-9;]*m//g' "$WORK/tty" | grep -q $'[\x01-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f\x1b]\|\xc2\x9b'; then
            fail "'$cmd' $color on a terminal let a control character through: $(cat -v "$WORK/tty" | grep -m1 'clear\|evil')"
        else
            ok "'$cmd' $color on a terminal: no raw control characters"
        fi
    done
done
TERM=xterm script -qec "$I --no-color show 1" /dev/null >"$WORK/tty" 2>&1 </dev/null
grep -qF 'clear^[[2J^[[H title^[]0;pwned^G red^[[31mX^[[0m bell^G cr^Mback <U+009B>csi del^?' "$WORK/tty" &&
    ok "show on a terminal makes them visible: $(grep -m1 -F 'clear^[' "$WORK/tty" | tr -d '\r')" ||
    fail "escape sequences not shown visibly: $(grep -m1 clear "$WORK/tty" | cat -v)"
# The in-process error path too: a bad id with escapes is shown visibly on stderr.
"$I" update "$(printf '\033[2J1')" x 2>"$WORK/err"
grep -qF '"^[[2J1"' "$WORK/err" && ok "an id with escapes is echoed visibly in the error" || fail "error echo: $(cat -v "$WORK/err")"
check_integrity "$INCIDENT_DB"
finish
