#!/usr/bin/env bash
# scripts/ci/coverage.sh - line and branch coverage of src/ by the unit
# tests.
#
# Builds the tests with gcc --coverage (-O0), runs the unit tests (the
# test_* ctest names), then reads the counters of the library copy the
# unit tests link (tests/CMakeFiles/spnego_testlib.dir, built with
# SPNEGO_TEST_ALLOC) with gcovr, or gcov when gcovr is not installable.
# Prints line and branch coverage per file and in total, every uncovered
# line of src/ as "file:line: source", and fails when line coverage of
# src/ is under COVERAGE_MIN (95) percent.
#
# The static/shared library objects are left out on purpose: the unit
# tests never run them, and their only different code is the plain
# malloc/free seam of src/spnego.c (#ifndef SPNEGO_TEST_ALLOC).
#
# Usage: scripts/ci/coverage.sh    (from anywhere; runs at the repo root)
# Env:   COVERAGE_WORK=DIR  build there (default: a temp dir, removed)
#        COVERAGE_MIN=95    the line-coverage floor in percent
#        COVERAGE_TESTS=REGEX  ctest -R filter (default ^test_)
#        COVERAGE_NO_GCOVR=1  use gcov --json-format even if gcovr is there
# Ends with "N passed, N failed"; exits non-zero on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$(pwd)
JOBS=2
START=$(date +%s)
PASSED=0
FAILED=0
MIN=${COVERAGE_MIN:-95}
TESTS=${COVERAGE_TESTS:-^test_}

# shellcheck source=scripts/ci/lib.sh
. scripts/ci/lib.sh  # the scripts cd to the repo root first
ci_workdir spnego-cov "${COVERAGE_WORK:-}"
BUILD=$WORK/build-coverage

check() {
  local name=$1; shift
  local log t0 t1
  log=$LOGS/$(printf '%s' "$name" | tr -c 'A-Za-z0-9_.+-' '_').log
  t0=$(date +%s)
  if "$@" >"$log" 2>&1; then
    t1=$(date +%s)
    PASSED=$((PASSED + 1))
    printf 'PASS  %-44s %3ss  %s\n' "$name" $((t1 - t0)) "$( (grep 'tests passed' "$log" || tail -n 1 "$log") | tail -n 1 | cut -c1-90)"
  else
    t1=$(date +%s)
    FAILED=$((FAILED + 1))
    printf 'FAIL  %-44s %3ss\n' "$name" $((t1 - t0))
    grep -E '^\s+[0-9]+ - |\[  FAILED  \] [A-Za-z]|error|Error' "$log" | sort -u | head -n 30 |
      sed 's/^/      | /'
    echo "      | (full log: $log)"
  fi
}

need build-essential cmake pkg-config libcmocka-dev python3 ||
  { echo "cannot install the toolchain"; echo "0 passed, 1 failed"; exit 1; }
# gcovr reads the counters; gcov (part of gcc) is the fallback.
HAVE_GCOVR=1
if [ "${COVERAGE_NO_GCOVR:-0}" = 1 ]; then HAVE_GCOVR=0; else need gcovr || HAVE_GCOVR=0; fi

build() {
  rm -rf "$BUILD"
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=Debug \
    "-DCMAKE_C_FLAGS=--coverage -O0" -DCMAKE_EXE_LINKER_FLAGS=--coverage \
    -DSPNEGO_BUILD_EXAMPLES=OFF -DSPNEGO_BUILD_BENCH=OFF -DSPNEGO_INSTALL=OFF &&
    cmake --build "$BUILD" -j"$JOBS"
}
unit_tests() {
  # A failing test still leaves its counters: coverage is measured either
  # way, and this check reports the failure.
  ctest --test-dir "$BUILD" --output-on-failure --no-tests=error -j"$JOBS" -R "$TESTS"
}
check "gcc --coverage build" build
check "unit tests (ctest -R '$TESTS')" unit_tests

OBJDIR=$BUILD/tests/CMakeFiles/spnego_testlib.dir
JSON=$WORK/coverage.json

# Writes $JSON in gcovr's format, from gcovr or from gcov's own JSON.
collect() {
  [ -d "$OBJDIR" ] || { echo "no $OBJDIR"; return 1; }
  if [ $HAVE_GCOVR = 1 ]; then
    gcovr --version | head -n 1
    gcovr -r "$ROOT" --filter "$ROOT/src/" --json-pretty -o "$JSON" "$OBJDIR"
  else
    echo "gcovr not installable: using gcov --json-format"
    (cd "$WORK" && rm -f ./*.gcov.json.gz &&
      find "$OBJDIR" -name '*.gcda' -exec gcov --json-format --branch-probabilities {} + \
        >/dev/null) || return 1
    python3 - "$WORK" "$ROOT" "$JSON" <<'EOF'
import glob, gzip, json, os, sys
work, root, out = sys.argv[1:]
files = {}
for path in glob.glob(os.path.join(work, "*.gcov.json.gz")):
    data = json.load(gzip.open(path))
    for f in data["files"]:
        name = os.path.relpath(os.path.normpath(os.path.join(data.get("current_working_directory", ""), f["file"])), root)
        if not name.startswith("src/"):
            continue
        lines = files.setdefault(name, {})
        for ln in f["lines"]:
            entry = lines.setdefault(ln["line_number"], {"line_number": ln["line_number"], "count": 0, "branches": [], "gcovr/noncode": False, "gcovr/excluded": False})
            entry["count"] += ln["count"]
            if not entry["branches"]:
                entry["branches"] = [{"count": b["count"]} for b in ln.get("branches", [])]
            else:
                for e, b in zip(entry["branches"], ln.get("branches", [])):
                    e["count"] += b["count"]
json.dump({"files": [{"file": k, "lines": sorted(v.values(), key=lambda l: l["line_number"])} for k, v in sorted(files.items())]}, open(out, "w"))
EOF
  fi
  echo "counters collected"
}
check "collect counters (src/ only)" collect

# Per-file and total line/branch coverage, every uncovered line, the gate.
report() {
  python3 - "$JSON" "$ROOT" "$MIN" <<'EOF'
import json, os, sys
path, root, floor = sys.argv[1], sys.argv[2], float(sys.argv[3])
data = json.load(open(path))
rows, missing = [], []
tl = tc = tb = tbc = 0
for f in sorted(data["files"], key=lambda f: f["file"]):
    name = os.path.relpath(os.path.join(root, f["file"]), root) if not os.path.isabs(f["file"]) else os.path.relpath(f["file"], root)
    if not name.startswith("src/"):
        continue
    src = open(os.path.join(root, name), encoding="utf-8", errors="replace").read().split("\n")
    lines = [l for l in f["lines"] if not l.get("gcovr/noncode") and not l.get("gcovr/excluded")]
    nl = len(lines)
    nc = sum(1 for l in lines if l["count"] > 0)
    nb = sum(len(l["branches"]) for l in lines)
    nbc = sum(1 for l in lines for b in l["branches"] if b["count"] > 0)
    tl, tc, tb, tbc = tl + nl, tc + nc, tb + nb, tbc + nbc
    rows.append((name, nc, nl, nbc, nb))
    for l in lines:
        if l["count"] == 0:
            n = l["line_number"]
            missing.append("%s:%d: %s" % (name, n, src[n - 1].strip() if n <= len(src) else "?"))
pct = lambda a, b: 100.0 * a / b if b else 100.0
print("%-28s %15s %17s" % ("file", "lines", "branches"))
for name, nc, nl, nbc, nb in rows:
    print("%-28s %5d/%-5d %5.1f%% %5d/%-5d %5.1f%%" % (name, nc, nl, pct(nc, nl), nbc, nb, pct(nbc, nb)))
print("%-28s %5d/%-5d %5.1f%% %5d/%-5d %5.1f%%" % ("TOTAL src/", tc, tl, pct(tc, tl), tbc, tb, pct(tbc, tb)))
print()
print("uncovered lines of src/ (%d):" % len(missing))
for m in missing:
    print("  " + m)
print()
line_pct = pct(tc, tl)
verdict = "ok" if line_pct >= floor else "BELOW THE FLOOR"
print("line coverage of src/: %.2f%% (floor %.0f%%): %s; branch coverage %.2f%%" % (line_pct, floor, verdict, pct(tbc, tb)))
sys.exit(0 if tl > 0 and line_pct >= floor else 1)
EOF
}
check "line coverage of src/ >= $MIN%" report
# The report itself is the point of this script: show it in full.
cat "$LOGS"/line_coverage*.log | sed 's/^/      /'

END=$(date +%s)
echo "coverage.sh: $((END - START))s on $(nproc) cores (work dir $WORK)"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
