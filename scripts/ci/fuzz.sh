#!/bin/sh
# scripts/ci/fuzz.sh - build the libFuzzer targets and fuzz each one briefly.
#
# Usage: scripts/ci/fuzz.sh        (from anywhere; FUZZ_SECONDS=60 default)
# Env:   FUZZ_SECONDS  seconds per target (default 60)
#        FUZZ_DISSECT_SECONDS  seconds for fuzz_dissect (default 30: the
#                      `spnego dump` dissectors, a tool, not the library)
#        FUZZ_NEGOTIATE_SECONDS  seconds for fuzz_negotiate (default 30)
#        FUZZ_JOBS     targets run at once (default 2, at most 2)
#        FUZZ_BUILD    build directory (default build-fuzz in the repo)
#        FUZZ_OUT      logs, corpora and crash artifacts (default $FUZZ_BUILD/fuzz-out)
# Assumes `apt-get update` already ran; installs only what is missing.
# Fails (exit 1) on any crash, leak, timeout or sanitizer report, and ends
# with the line "N passed, N failed". With the default it takes < 6 min.
set -u

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_JOBS=${FUZZ_JOBS:-2}
[ "$FUZZ_JOBS" -gt 2 ] && FUZZ_JOBS=2
[ "$FUZZ_JOBS" -lt 1 ] && FUZZ_JOBS=1
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FUZZ_BUILD=${FUZZ_BUILD:-$ROOT/build-fuzz}
FUZZ_OUT=${FUZZ_OUT:-$FUZZ_BUILD/fuzz-out}
TARGETS="fuzz_parse fuzz_roundtrip fuzz_build fuzz_http fuzz_identify fuzz_oid fuzz_differential fuzz_dissect fuzz_negotiate"

log() { printf '%s\n' "fuzz.sh: $*" >&2; }

# ---- dependencies ------------------------------------------------------
SUDO=
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; fi
missing=
for tool in clang cmake pkg-config; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
pkg-config --exists libtasn1 2>/dev/null || missing="$missing libtasn1-6-dev"
pkg-config --exists cmocka 2>/dev/null || missing="$missing libcmocka-dev"
if [ -n "$missing" ]; then
    log "installing:$missing"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        $missing || { log "apt-get install failed"; echo "0 passed, 1 failed"; exit 1; }
fi
# libFuzzer ships in libclang-rt-<major>-dev (older releases: libclang-common).
CLANG_MAJOR=$(clang -dumpversion | cut -d. -f1)
if ! find "$(clang -print-resource-dir)" -name 'libclang_rt.fuzzer-*.a' 2>/dev/null | grep -q .; then
    log "installing libFuzzer runtime for clang $CLANG_MAJOR"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        "libclang-rt-$CLANG_MAJOR-dev" ||
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        "libclang-common-$CLANG_MAJOR-dev" ||
        { log "no libFuzzer runtime"; echo "0 passed, 1 failed"; exit 1; }
fi

# ---- build ---------------------------------------------------------------
log "building libFuzzer targets in $FUZZ_BUILD"
# Logs go inside the build directory, never beside it in the work tree.
mkdir -p "$FUZZ_BUILD"
cmake -S "$ROOT" -B "$FUZZ_BUILD" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSPNEGO_FUZZ_LIBFUZZER=ON -DSPNEGO_WERROR=ON -DSPNEGO_BUILD_SHARED=OFF \
    -DSPNEGO_BUILD_EXAMPLES=OFF -DSPNEGO_BUILD_BENCH=OFF >"$FUZZ_BUILD/cmake.log" 2>&1 ||
    { cat "$FUZZ_BUILD/cmake.log" >&2; echo "0 passed, 1 failed"; exit 1; }
build_targets=
for t in $TARGETS; do build_targets="$build_targets --target ${t}_fuzzer"; done
NPROC=$(nproc 2>/dev/null || echo 2)
# shellcheck disable=SC2086
cmake --build "$FUZZ_BUILD" -j "$NPROC" $build_targets >"$FUZZ_BUILD/build.log" 2>&1 ||
    { tail -n 50 "$FUZZ_BUILD/build.log" >&2; echo "0 passed, 1 failed"; exit 1; }

# ---- run -----------------------------------------------------------------
rm -rf "$FUZZ_OUT"
mkdir -p "$FUZZ_OUT"
DICT=$ROOT/tests/fuzz/spnego.dict

find_fuzzer() {
    find "$FUZZ_BUILD" -type f -name "$1_fuzzer" -perm -u+x | head -n 1
}

# One target: a fresh copy of the seed corpus, the dictionary, a time
# budget. libFuzzer exits non-zero on a crash, leak (ASan), timeout or
# UBSan report (-fno-sanitize-recover=all).
run_one() {
    t=$1
    bin=$(find_fuzzer "$t")
    corpus=$FUZZ_OUT/$t.corpus
    mkdir -p "$corpus" "$FUZZ_OUT/$t.artifacts"
    cp "$ROOT"/tests/vectors/*.der "$ROOT"/tests/vectors/malformed/*.der "$corpus"/
    if [ -d "$ROOT/tests/fuzz/corpus/$t" ]; then
        find "$ROOT/tests/fuzz/corpus/$t" -type f -exec cp {} "$corpus"/ \;
    fi
    if [ -z "$bin" ]; then
        echo "missing binary" >"$FUZZ_OUT/$t.log"
        echo 1 >"$FUZZ_OUT/$t.rc"
        return
    fi
    # A new disagreement with libtasn1 is triaged by a person, not fatal
    # (see docs/fuzzing.md); crashes and sanitizer reports still are.
    report_only=
    [ "$t" = fuzz_differential ] && report_only=1
    secs=$FUZZ_SECONDS
    [ "$t" = fuzz_dissect ] && secs=${FUZZ_DISSECT_SECONDS:-30}
    [ "$t" = fuzz_negotiate ] && secs=${FUZZ_NEGOTIATE_SECONDS:-30}
    SPNEGO_DIFF_REPORT_ONLY=$report_only \
    "$bin" -dict="$DICT" -max_total_time="$secs" -print_final_stats=1 \
        -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
        -artifact_prefix="$FUZZ_OUT/$t.artifacts/" "$corpus" >"$FUZZ_OUT/$t.log" 2>&1
    echo $? >"$FUZZ_OUT/$t.rc"
}

set -- $TARGETS
while [ $# -gt 0 ]; do
    pids=
    n=0
    while [ $# -gt 0 ] && [ $n -lt "$FUZZ_JOBS" ]; do
        log "fuzzing $1 for ${FUZZ_SECONDS}s"
        run_one "$1" &
        pids="$pids $!"
        n=$((n + 1))
        shift
    done
    for p in $pids; do wait "$p"; done
done

# ---- report --------------------------------------------------------------
passed=0
failed=0
printf '%-20s %-6s %12s %14s\n' target result "execs/s" "total execs"
for t in $TARGETS; do
    rc=$(cat "$FUZZ_OUT/$t.rc" 2>/dev/null || echo 1)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$FUZZ_OUT/$t.log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$FUZZ_OUT/$t.log" | tail -n 1)
    if [ "$rc" = 0 ] && [ -n "$execs" ]; then
        result=ok
        passed=$((passed + 1))
    else
        result=FAIL
        failed=$((failed + 1))
    fi
    printf '%-20s %-6s %12s %14s\n' "$t" "$result" "${rate:-?}" "${execs:-?}"
    if grep -q "UNEXPLAINED difference" "$FUZZ_OUT/$t.log"; then
        log "$t: new difference(s) with libtasn1 to triage (not a failure):"
        grep -A1 "differential: input" "$FUZZ_OUT/$t.log" | head -n 6 >&2
    fi
    if [ "$result" = FAIL ]; then
        log "$t failed (exit $rc); log $FUZZ_OUT/$t.log, artifacts $FUZZ_OUT/$t.artifacts/"
        grep -E 'ERROR|invariant broken|runtime error|Test unit written' "$FUZZ_OUT/$t.log" |
            head -n 10 >&2
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
