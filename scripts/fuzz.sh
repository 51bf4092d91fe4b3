#!/usr/bin/env bash
# Builds the libFuzzer targets with clang-14 (build-fuzz/, core with ASan/UBSan; or uses the
# build FUZZ_BUILD_DIR names) and runs each for FUZZ_SECONDS (default 20) from the seed corpus
# in fuzz/corpus/. New corpus entries and crash artifacts go to a temporary directory (printed
# on a crash), never into the tree.
# Usage: scripts/fuzz.sh [TARGET...]      targets: time body_html cli json (default: all)
# A longer run: FUZZ_SECONDS=3600 FUZZ_JOBS=2 scripts/fuzz.sh cli
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
seconds=${FUZZ_SECONDS:-20}
jobs=${FUZZ_JOBS:-1}
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(time body_html cli json)

# FUZZ_BUILD_DIR: an existing INCIDENT_FUZZ=ON build to use (scripts/test.sh passes its
# sanitizer build, which holds the fuzz targets too); else build-fuzz/ is configured here.
build=${FUZZ_BUILD_DIR:-}
if [[ -z $build ]]; then
    build=$top/build-fuzz
    echo "== build-fuzz: configure and build (clang-14, libFuzzer, ASan/UBSan)"
    CC=clang-14 CXX=clang++-14 cmake -S "$top" -B "$build" -G Ninja -DINCIDENT_FUZZ=ON \
        -DINCIDENT_UNITY=ON -DINCIDENT_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" -j "$(nproc)" --target "${targets[@]/#/fuzz_}"

work=$(mktemp -d "${TMPDIR:-/tmp}/incident-fuzz.XXXXXX")
# fuzz_cli's journals: on /dev/shm when possible (fsync is free there), removed at the end.
shm=$(mktemp -d /dev/shm/incident-fuzz.XXXXXX 2>/dev/null || mktemp -d "$work/shm.XXXXXX")
trap 'rm -rf "$work" "$shm"' EXIT
export INCIDENT_FUZZ_TMP=$shm
passed=0 failed=0
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for target in "${targets[@]}"; do
    echo "== fuzz_$target: ${seconds}s from $(find "$top/fuzz/corpus/$target" -type f | wc -l) seeds"
    mkdir -p "$work/$target/corpus" "$work/$target/artifacts"
    cp "$top/fuzz/corpus/$target"/* "$work/$target/corpus/"
    log=$work/$target/log
    parallel=()
    # libFuzzer cuts seeds to -max_len: the JSON seeds (real Statuspage documents, up to 8 KB)
    # must stay whole, or they never get past the syntax check into the import.
    max_len=4096
    [[ $target == json ]] && max_len=16384
    ((jobs > 1)) && parallel=(-jobs="$jobs" -workers="$jobs")
    if (cd "$work/$target" && "$build/fuzz/fuzz_$target" -max_total_time="$seconds" \
            -max_len="$max_len" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 "${parallel[@]}" \
            -artifact_prefix="$work/$target/artifacts/" "$work/$target/corpus" >"$log" 2>&1); then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: fuzz_$target found a problem:"
        grep -E "ERROR|SUMMARY|==[0-9]+==|runtime error|#[0-9]+ 0x" "$log" | head -40
        for a in "$work/$target/artifacts"/*; do
            [[ -e $a ]] || continue
            echo "input $(basename "$a") (base64): $(base64 -w0 "$a" | head -c 2000)"
        done
    fi
    # With -jobs the per-job logs hold the stats; sum the executions of all of them.
    execs=$({ cat "$log" "$work/$target"/fuzz-*.log 2>/dev/null || true; } | awk -F: '/stat::number_of_executed_units/ {s += $NF} END {print s + 0}')
    corpus=$(find "$work/$target/corpus" -type f | wc -l)
    echo "FIGURE: fuzz_$target: $execs executions in ${seconds}s x $jobs job(s), corpus $corpus inputs"
done
echo "fuzz: $passed passed, $failed failed"
((failed == 0))
