#!/usr/bin/env bash
# Runs the whole test suite from a clean checkout: installs what is missing, checks the
# sources' formatting, builds with warnings as errors, runs every test, then does the same in
# an ASan/UBSan build and runs each fuzz target briefly from it.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc)
"$top/scripts/install-deps.sh" test
# Formatting first: it takes seconds, and a build of half an hour should not hide it.
format_line=$("$top/scripts/check-format.sh")

# run_suite DIR [CTEST_ARGS...] -- [CMAKE_ARGS...]
run_suite() {
    local dir=$1; shift
    local ctest_args=()
    while [[ $1 != -- ]]; do ctest_args+=("$1"); shift; done
    shift
    echo "== $dir: configure and build"
    cmake -S "$top" -B "$top/$dir" -G Ninja -DINCIDENT_WERROR=ON "$@" >/dev/null
    cmake --build "$top/$dir" -j "$jobs"
    echo "== $dir: tests"
    (cd "$top/$dir" && ctest --output-on-failure -j "$jobs" "${ctest_args[@]}") | tee "$log"
    summary+=("$dir: $(grep -E '^[0-9]+% tests passed' "$log" | tail -n 1)")
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
summary=("$format_line")
run_suite build -- -DCMAKE_BUILD_TYPE=RelWithDebInfo -DINCIDENT_UNITY=OFF
# One sanitizer build (clang-14, ASan/UBSan) serves the tests and the fuzzers: its core is also
# instrumented for libFuzzer. The stress tests (thousands of processes) and the benchmarks
# (timings mean nothing under ASan) run in the normal build only. Unity batches: the normal
# build already proved every file compiles on its own.
CC=clang-14 CXX=clang++-14 \
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_suite build-sanitize -LE 'stress|bench' -- -DCMAKE_BUILD_TYPE=RelWithDebInfo -DINCIDENT_SANITIZE=ON \
    -DINCIDENT_FUZZ=ON -DINCIDENT_UNITY=ON
# libFuzzer targets: a short bounded run of each, from the sanitizer build; see docs/RELIABILITY.md.
FUZZ_SECONDS=${FUZZ_SECONDS:-20} FUZZ_BUILD_DIR=$top/build-sanitize bash "$top/scripts/fuzz.sh" | tee "$log"
summary+=("$(tail -n 1 "$log")")
echo "== summary"
printf '%s\n' "${summary[@]}"
