#!/usr/bin/env bash
# A file journal copied to PostgreSQL and back exports the same bytes (`export --format json`,
# fixed clock) at every step, and the copies take new writes with ids after the copied ones.
# Usage: copy.sh INCIDENT (run by with-server.sh)
source "$(dirname "$0")/lib.sh"
export INCIDENT_NOW=2019-07-04T14:00:00Z
server=$INCIDENT_DB
file="$WORK/source.db"
top="$HERE/../.."
INCIDENT_DB=$file bash "$top/scripts/sample-incident.sh" "$INCIDENT" "$file" >/dev/null ||
    { fail "sample journal"; finish; }
(
    export INCIDENT_DB=$file
    "$INCIDENT" -q update 1 "A late note with a key." --key note-1 --at "2019-07-01 20:00" &&
        "$INCIDENT" -q amend 2 "Amended: still investigating." --at "2019-07-01 18:31" &&
        "$INCIDENT" -q edit 1 --title "Service interruption ✓ \"quoted\"" &&
        "$INCIDENT" -q schedule "Database upgrade" --from "2019-07-10 22:00" \
            --until "2019-07-11 02:00" --component "Litium Cloud/Database" &&
        "$INCIDENT" -q config set name "Example status" &&
        # After the outage: milestones, an internal note, roles, actions done and reopened, and
        # a postmortem covering a second incident.
        "$INCIDENT" -q open "Checkout errors" "Checkout fails for some." --at "2019-07-01 18:40" \
            --started-at "2019-07-01 18:20" --mark detected &&
        "$INCIDENT" -q update 1 "Paged the network team." --internal --at "2019-07-01 18:45" &&
        "$INCIDENT" -q update 3 "A fix is deployed." --status monitoring --mark mitigated \
            --at "2019-07-01 19:30" &&
        "$INCIDENT" -q mark 1 acknowledged --at "2019-07-01 18:35" &&
        "$INCIDENT" -q mark 1 acknowledged --at "2019-07-01 18:33" &&
        "$INCIDENT" -q role 1 commander "Alice Andersson" &&
        "$INCIDENT" -q role 1 commander "Bo Berg" &&
        "$INCIDENT" -q role 1 scribe "Cecilia" &&
        "$INCIDENT" -q action add 1 "Add a second DDoS filter" --owner "Bo Berg" --due 2019-07-20 \
            --link https://example.com/tickets/1 &&
        "$INCIDENT" -q action add 3 "Alert on checkout errors" &&
        "$INCIDENT" -q action done 1 && "$INCIDENT" -q action reopen 1 &&
        "$INCIDENT" -q action done 2 &&
        echo "Both incidents had one cause." |
        "$INCIDENT" -q postmortem 1 -F - --covers 3 --at "2019-07-04 12:00"
) >/dev/null || { fail "writes to the file journal"; finish; }

export_json() { "$INCIDENT" --db "$1" export --format json --internal; }
"$INCIDENT" --db "$file" -q copy "$server" && ok "file -> server" || { fail "copy to the server"; finish; }
"$INCIDENT" --db "$server" -q copy "$WORK/back.db" && ok "server -> file" || { fail "copy back"; finish; }
export_json "$file" >"$WORK/a.json"
export_json "$server" >"$WORK/b.json"
export_json "$WORK/back.db" >"$WORK/c.json"
[[ -s $WORK/a.json ]] || fail "empty export"
cmp -s "$WORK/a.json" "$WORK/b.json" && ok "the server exports the file's bytes" || fail "server export differs"
cmp -s "$WORK/a.json" "$WORK/c.json" && ok "the copy back exports the same bytes" || fail "round-trip export differs"
[[ $("$INCIDENT" --db "$file" config get name) == "$("$INCIDENT" --db "$WORK/back.db" config get name)" ]] &&
    ok "settings survive the round trip" || fail "settings"
[[ $("$INCIDENT" --db "$file" show 1 --history) == "$("$INCIDENT" --db "$server" show 1 --history)" ]] &&
    ok "show --history (versions and edits) is the same on the server" || fail "history differs"
for id in 1 3; do
    [[ $("$INCIDENT" --db "$file" show $id --history --json) == "$("$INCIDENT" --db "$server" show $id --history --json)" ]] &&
        ok "show $id --history --json (milestones, roles, actions) is the same on the server" ||
        fail "history --json of $id differs"
done
[[ $("$INCIDENT" --db "$file" action list) == "$("$INCIDENT" --db "$WORK/back.db" action list)" ]] &&
    ok "action list survives the round trip" || fail "action list differs"
grep -q '"Paged the network team."' "$WORK/a.json" && grep -q 'Bo Berg' "$WORK/a.json" &&
    grep -q 'Alert on checkout errors' "$WORK/a.json" && ok "the export holds what was added" ||
    fail "the export lacks the internal note, a role or an action"

# The key recorded in the file keeps a rerun safe on the server; new ids follow the copied ones.
before=$(sql "SELECT count(*) FROM updates")
"$INCIDENT" --db "$server" -q update 1 "A late note with a key." --key note-1 --at "2019-07-01 20:00" >/dev/null
[[ $(sql "SELECT count(*) FROM updates") == "$before" ]] && ok "a copied --key replays instead of posting again" ||
    fail "the copied key posted again"
id=$("$INCIDENT" --db "$server" -q open "After the copy" "New.")
[[ $id == $(($("$INCIDENT" --db "$file" list --status all -q | sort -n | tail -1) + 1)) ]] &&
    ok "a new incident on the server gets the next id ($id)" || fail "new id $id"
out=$("$INCIDENT" --db "$file" copy "$server" 2>&1)
rc=$?
[[ $rc -eq 4 && $out == "incident: error: "* ]] && ok "copy into a journal that is not empty is refused (exit 4)" ||
    fail "copy into a full journal (exit $rc): $out"
finish
