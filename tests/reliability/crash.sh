#!/usr/bin/env bash
# Crash safety: TRIALS times, start writers (one, or several at once) that open incidents
# and post updates (some with large bodies), sleep a random few ms, then kill -9 them all.
# After each kill: integrity_check ok, no incident without its opening update, no
# half-written update, and every call the driver saw exit 0 before the kill is present
# exactly once. Usage: crash.sh INCIDENT [TRIALS] [SEED]
source "$(dirname "$0")/lib.sh"
trials=${2:-200}
seed=${3:-$(( $(date +%s) % 32768 ))}
RANDOM=$seed
echo "seed $seed (rerun with: crash.sh INCIDENT $trials $seed)"

# Large bodies make transactions spill pages into the file, widening the window for a kill.
big_len=300000
head -c $((big_len - 20)) /dev/zero | tr '\0' 'x' >"$WORK/pad"
"$INCIDENT" -q open "Crash base" "base" >/dev/null || { fail "open"; finish; }

# Job control gives each writer its own process group (set before it runs), so kill -9 on
# the group also takes the incident call it is running.
set -m
# One writer: loops over open/update calls; a message is logged only after its call exits 0.
cat >"$WORK/writer.sh" <<'WRITER'
incident=$1 tag=$2 log=$3 pad=$4
for ((j = 1; ; j++)); do
    msg="$tag-u$j"
    case $((j % 4)) in
        0) { printf '%s:' "$msg"; cat "$pad"; } >"$log.body"
           "$incident" update 1 -F "$log.body" --key "$msg" >/dev/null 2>>"$log.err" && echo "big $msg" >>"$log.ok" ;;
        1) "$incident" open "T $msg" "$msg" --component "G/$msg" >/dev/null 2>>"$log.err" && echo "open $msg" >>"$log.ok" ;;
        *) "$incident" update 1 "$msg" >/dev/null 2>>"$log.err" && echo "update $msg" >>"$log.ok" ;;
    esac
done
WRITER

hot=0 logged_total=0 killed_running=0 failed_checks=0
start=$(now_ms)
for ((t = 1; t <= trials; t++)); do
    nwriters=$(( t % 2 == 1 ? 1 : 2 + RANDOM % 3 ))
    pids=()
    for ((w = 1; w <= nwriters; w++)); do
        bash "$WORK/writer.sh" "$INCIDENT" "t$t-w$w" "$WORK/log.$t.$w" "$WORK/pad" &
        pids+=($!)
    done
    delay=$((2 + RANDOM % 150))
    sleep "0.$(printf %03d $delay)"
    for pid in "${pids[@]}"; do
        if kill -9 -- "-$pid" 2>/dev/null; then
            killed_running=$((killed_running + 1))
        else
            fail "trial $t: writer group $pid was not there to kill"
            kill -9 "$pid" 2>/dev/null
        fi
    done
    # Waiting for each pid by name keeps bash from printing "Killed" notices.
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
    [[ -e $INCIDENT_DB-journal ]] && hot=$((hot + 1))

    # The product's own reader must recover a hot journal before anything else looks.
    "$INCIDENT" list >/dev/null 2>"$WORK/list.err" || fail "trial $t: list after kill: $(cat "$WORK/list.err")"
    before=$failures
    r=$(sqlite3 "$INCIDENT_DB" "PRAGMA integrity_check" 2>&1)
    [[ $r == ok ]] || fail "trial $t: integrity_check: $r"
    r=$(sqlite3 "$INCIDENT_DB" "SELECT count(*) FROM incidents i WHERE NOT EXISTS
          (SELECT 1 FROM updates u WHERE u.incident_id = i.id)")
    [[ $r == 0 ]] || fail "trial $t: $r incident(s) without an opening update"
    r=$(sqlite3 "$INCIDENT_DB" "SELECT count(*) FROM incidents i WHERE i.id > 1 AND NOT EXISTS
          (SELECT 1 FROM components c WHERE c.incident_id = i.id)")
    [[ $r == 0 ]] || fail "trial $t: $r incident(s) without their component"
    # A half-written big body would be shorter; small bodies must look like tN-wN-uN exactly.
    r=$(sqlite3 "$INCIDENT_DB" "SELECT count(*) FROM updates WHERE id > 1 AND NOT (
          (body GLOB 't*-w*-u*' AND body NOT GLOB '*[^-tuw0-9]*')
          OR (length(body) = $((big_len - 20)) + length(substr(body, 1, instr(body, ':')))))")
    [[ $r == 0 ]] || fail "trial $t: $r half-written or foreign update bodies"
    r=$(sqlite3 "$INCIDENT_DB" "SELECT count(*) FROM incidents i WHERE status <> (SELECT status
          FROM updates u WHERE u.incident_id = i.id ORDER BY posted_at DESC, id DESC LIMIT 1)")
    [[ $r == 0 ]] || fail "trial $t: $r incident(s) whose status disagrees with their last update"
    # Every call that exited 0 is present exactly once (opens: their incident too).
    cat "$WORK"/log.$t.*.ok >"$WORK/ok.$t" 2>/dev/null
    logged=$(wc -l <"$WORK/ok.$t")
    logged_total=$((logged_total + logged))
    if ((logged > 0)); then
        missing=$(while read -r kind m; do
            printf "SELECT '%s' WHERE (SELECT count(*) FROM updates WHERE body = '%s' OR body LIKE '%s:%%') <> 1;\n" "$m" "$m" "$m"
            [[ $kind == open ]] && printf "SELECT 'incident %s' WHERE (SELECT count(*) FROM incidents WHERE title = 'T %s') <> 1;\n" "$m" "$m"
        done <"$WORK/ok.$t" | sqlite3 "$INCIDENT_DB")
        [[ -z $missing ]] || fail "trial $t: reported success but not present once: $(echo $missing | head -c 200)"
    fi
    if grep -qv -e '^$' "$WORK"/log.$t.*.err 2>/dev/null; then
        # A writer may legitimately see a failure only if killed mid-call; print it for review.
        grep -h . "$WORK"/log.$t.*.err | head -2 | sed "s/^/trial $t stderr: /"
    fi
    ((failures > before)) && failed_checks=$((failed_checks + 1))
    rm -f "$WORK"/log.$t.*
done
elapsed=$(($(now_ms) - start))
"$INCIDENT" update 1 "after all trials" >/dev/null || fail "journal not usable after the trials"
check_integrity "$INCIDENT_DB"
incidents=$(sqlite3 "$INCIDENT_DB" "SELECT count(*) FROM incidents")
updates=$(sqlite3 "$INCIDENT_DB" "SELECT count(*) FROM updates")
figure "crash: $trials kill -9 trials (odd: 1 writer, even: 2-4 writers) in $((elapsed / 1000)) s;" \
    "$killed_running writer groups killed; $hot hot journals left and recovered;" \
    "$logged_total successful calls all present; $failed_checks trials failed a check;" \
    "journal holds $incidents incidents, $updates updates"
finish
