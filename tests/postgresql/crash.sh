#!/usr/bin/env bash
# Server crashes mid-write: TRIALS times, start writers (open and update, every call with
# --key, some bodies large), then crash the server (`pg_ctl stop -m immediate`), kill the
# writers and start the server again. After each crash: no incident without its opening
# update and component, no half-written body, every status its last update's; every call
# that exited 0 is there exactly once, every call that said "nothing was changed" is not there
# at all, and one that said "may or may not have been recorded", run again with the same
# --key, is there exactly once. The test runs a server of its own (it crashes it).
# Usage: crash.sh INCIDENT [TRIALS] [SEED]
source "$(dirname "$0")/../reliability/lib.sh"
trials=${2:-8}
seed=${3:-$(($(date +%s) % 32768))}
RANDOM=$seed
echo "seed $seed (rerun with: crash.sh INCIDENT $trials $seed)"
server=$(dirname "$0")/server.sh
bash "$server" start "$WORK/server.env" || exit $?
cleanup_hooks+=('bash "$server" stop "$WORK/server.env" >/dev/null')
source "$WORK/server.env"
read -r -a run_as <<<"$PG_TEST_RUN"
PSQL=("$PG_TEST_BIN/psql" -X -q -A -t -F '|' -v ON_ERROR_STOP=1)
"${PSQL[@]}" "postgresql:///postgres?$PG_TEST_QUERY" -c "CREATE DATABASE crash" || exit 1
export INCIDENT_DB="postgresql:///crash?$PG_TEST_QUERY"
sql() { "${PSQL[@]}" "$INCIDENT_DB" -c "$1"; }
crash() { "${run_as[@]}" "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate -w stop >/dev/null 2>&1; }
restart() {
    "${run_as[@]}" "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/server.log" -w -t 60 \
        -o "$PG_TEST_OPTIONS" start >/dev/null 2>&1
}

big_len=300000
head -c $((big_len - 20)) /dev/zero | tr '\0' 'x' >"$WORK/pad"
"$INCIDENT" -q open "Crash base" "base" >/dev/null || { fail "open"; finish; }

set -m
# One writer: loops over open/update calls, each with --key; logs how each call ended.
cat >"$WORK/writer.sh" <<'WRITER'
incident=$1 tag=$2 log=$3 pad=$4
for ((j = 1; ; j++)); do
    msg="$tag-u$j"
    case $((j % 4)) in
        0) { printf '%s:' "$msg"; cat "$pad"; } >"$log.body"
           args=(update 1 -F "$log.body" --key "$msg") kind=big ;;
        1) args=(open "T $msg" "$msg" --component "G/$msg" --key "$msg") kind=open ;;
        *) args=(update 1 "$msg" --key "$msg") kind=update ;;
    esac
    if "$incident" "${args[@]}" >/dev/null 2>"$log.err"; then
        echo "$kind $msg" >>"$log.ok"
    else
        # The error line: a server killed while this call connects may also have libpq print
        # its "terminating connection" WARNING first (the notice processor is set once connected).
        echo "$kind $msg $(grep -m 1 '^incident: error:' "$log.err" || head -n 1 "$log.err")" >>"$log.failed"
    fi
done
WRITER

crashed_commits=0 refused=0 logged_total=0 reruns=0
start=$(now_ms)
for ((t = 1; t <= trials; t++)); do
    nwriters=$((2 + RANDOM % 3))
    pids=()
    for ((w = 1; w <= nwriters; w++)); do
        bash "$WORK/writer.sh" "$INCIDENT" "t$t-w$w" "$WORK/log.$t.$w" "$WORK/pad" &
        pids+=($!)
    done
    sleep "0.$(printf %03d $((100 + RANDOM % 400)))"
    crash
    sleep 0.2
    for pid in "${pids[@]}"; do kill -9 -- "-$pid" 2>/dev/null; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
    restart || { fail "trial $t: the server did not start again"; cat "$PG_TEST_DIR/server.log" | tail -5; break; }

    r=$(sql "SELECT count(*) FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM updates u WHERE u.incident_id = i.id)")
    [[ $r == 0 ]] || fail "trial $t: $r incident(s) without an opening update"
    r=$(sql "SELECT count(*) FROM incidents i WHERE i.id > 1 AND NOT EXISTS (SELECT 1 FROM components c WHERE c.incident_id = i.id)")
    [[ $r == 0 ]] || fail "trial $t: $r incident(s) without their component"
    r=$(sql "SELECT count(*) FROM updates WHERE id > 1 AND NOT (body ~ '^t[0-9]+-w[0-9]+-u[0-9]+\$'
          OR length(body) = $((big_len - 20)) + strpos(body, ':'))")
    [[ $r == 0 ]] || fail "trial $t: $r half-written or foreign update bodies"
    r=$(sql "SELECT count(*) FROM incidents i WHERE status <> (SELECT status FROM updates u
          WHERE u.incident_id = i.id ORDER BY posted_at DESC, id DESC LIMIT 1)")
    [[ $r == 0 ]] || fail "trial $t: $r incident(s) whose status disagrees with their last update"
    present() {  # how often the call with message $2 is recorded
        sql "SELECT count(*) FROM updates WHERE body = '$2' OR body LIKE '$2:%'"
    }
    cat "$WORK"/log.$t.*.ok 2>/dev/null >"$WORK/ok.$t"
    logged_total=$((logged_total + $(wc -l <"$WORK/ok.$t")))
    while read -r kind m; do
        [[ $(present "$kind" "$m") == 1 ]] || fail "trial $t: $kind $m exited 0 but is not there once"
    done <"$WORK/ok.$t"
    cat "$WORK"/log.$t.*.failed 2>/dev/null >"$WORK/failed.$t"
    while read -r kind m why; do
        n=$(present "$kind" "$m")
        if [[ $why == *"may or may not have been recorded"* ]]; then
            crashed_commits=$((crashed_commits + 1))
            case $kind in
                open) "$INCIDENT" open "T $m" "$m" --component "G/$m" --key "$m" >/dev/null ;;
                big) { printf '%s:' "$m"; cat "$WORK/pad"; } >"$WORK/rerun.body"
                     "$INCIDENT" update 1 -F "$WORK/rerun.body" --key "$m" >/dev/null ;;
                *) "$INCIDENT" update 1 "$m" --key "$m" >/dev/null ;;
            esac || fail "trial $t: rerunning $kind $m with its key failed"
            reruns=$((reruns + 1))
            [[ $(present "$kind" "$m") == 1 ]] || fail "trial $t: $kind $m rerun with its key is not there once"
        elif [[ $why == *"wrote before was recorded"* ]]; then
            [[ $n == 1 ]] || fail "trial $t: $kind $m said it was recorded but is there $n times ($why)"
        elif [[ $why == *"nothing was changed"* || $why == *"nothing was recorded"* ]]; then
            refused=$((refused + 1))
            [[ $n == 0 ]] || fail "trial $t: $kind $m said nothing was changed but is there ($why)"
        else
            fail "trial $t: $kind $m failed without saying what happened: $why"
        fi
    done <"$WORK/failed.$t"
    rm -f "$WORK"/log.$t.*
done
elapsed=$(($(now_ms) - start))
"$INCIDENT" update 1 "after all trials" >/dev/null || fail "journal not usable after the trials"
figure "postgresql crash: $trials server crashes (pg_ctl stop -m immediate) in $((elapsed / 1000)) s;" \
    "$logged_total successful calls all present once; $refused calls that said nothing was changed all absent;" \
    "$crashed_commits cut off while committing, each there once after a rerun with its key"
finish
