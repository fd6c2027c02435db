#!/usr/bin/env bash
# scripts/ci/hygiene.sh - the contract of DESIGN.md section 2 and STYLE.md,
# checked mechanically, plus sanitizers, valgrind and static analysis.
#
#  1. exports: `nm -D --defined-only libspnego.so` shows only the public
#     spnego* functions, exactly those declared SPNEGO_EXPORT in include/
#  2. no global mutable state: `nm` of every src object (gcc -O0/-O2,
#     clang -O2, non-PIC) has no D/d/B/b/G/S/C symbol; PIC objects may only
#     have relocated constant tables in .data.rel.ro (read-only after
#     relocation), never .data/.bss
#  3. source greps (comments and strings stripped): no malloc/calloc/
#     realloc/free outside src/spnego_mem.c (the seam); no printf/fopen/
#     stdio.h/errno; every src file names its layer (L0..L3) and includes
#     only its own layer and below (L0: no spnego.h/spnego_token.h; L1: no
#     spnego_http.h; L3: only the public headers and the seam);
#     L0 uses no SPNEGO_E_* code
#  4. ASan+UBSan (clang, -fno-sanitize-recover=all): full ctest except the
#     interop.* and cli.* programs (not unit tests; interop runs MIT krb5
#     in-process, whose own allocations LeakSanitizer reports), and the
#     cmocka-free tests/portability/limits_main.c
#  5. valgrind memcheck of every unit test binary (test_*)
#  6. cppcheck (warning, portability, performance) on src/
#  7. clang-tidy (bugprone-*, cert-*, clang-analyzer-*, misc-no-recursion)
#     on src/*.c; disabled checks are listed below with the reason
#
# Usage: scripts/ci/hygiene.sh     (from anywhere; runs at the repo root)
# Env:   HYGIENE_WORK=DIR  build there (default: a temp dir, removed)
# Ends with "N passed, N failed"; exits non-zero on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$(pwd)
JOBS=2
START=$(date +%s)
PASSED=0
FAILED=0

# shellcheck source=scripts/ci/lib.sh
. scripts/ci/lib.sh  # the scripts cd to the repo root first
ci_workdir spnego-hyg "${HYGIENE_WORK:-}"

# clang-tidy checks switched off, each with its reason. Everything else in
# bugprone-*, cert-*, clang-analyzer-* and misc-no-recursion must be clean.
TIDY_DISABLED=(
  # The 2002 API fixes its prototypes (unsigned long length next to
  # unsigned long flags, two unsigned long * outputs); internal helpers
  # mirror them. Renaming or reordering would break source compatibility.
  bugprone-easily-swappable-parameters
)

# ---- helpers ----


check() {
  local name=$1; shift
  local log t0 t1
  log=$LOGS/$(printf '%s' "$name" | tr -c 'A-Za-z0-9_.+-' '_').log
  t0=$(date +%s)
  if "$@" >"$log" 2>&1; then
    t1=$(date +%s)
    PASSED=$((PASSED + 1))
    printf 'PASS  %-50s %3ss  %s\n' "$name" $((t1 - t0)) "$(tail -n 1 "$log" | cut -c1-90)"
  else
    t1=$(date +%s)
    FAILED=$((FAILED + 1))
    printf 'FAIL  %-50s %3ss\n' "$name" $((t1 - t0))
    head -n 40 "$log" | sed 's/^/      | /'
    echo "      | (full log: $log)"
  fi
}

need build-essential cmake pkg-config libcmocka-dev clang clang-tidy cppcheck valgrind \
  binutils python3 ||
  { echo "cannot install the tools"; echo "0 passed, 1 failed"; exit 1; }

# ---- builds ----

# gcc Debug: the shared library for the export check, the unit tests for
# valgrind. Tests are built even if some fail to compile elsewhere.
DEBUG=$WORK/build-debug
build_debug() {
  rm -rf "$DEBUG"
  cmake -S "$ROOT" -B "$DEBUG" -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=Debug \
    -DSPNEGO_WERROR=ON -DSPNEGO_BUILD_EXAMPLES=OFF -DSPNEGO_BUILD_BENCH=OFF \
    -DSPNEGO_INSTALL=OFF && cmake --build "$DEBUG" -j"$JOBS"
}
check "gcc Debug build (shared lib + unit tests)" build_debug

# ---- 1. exported symbols ----

exports() {
  local so=$DEBUG/libspnego.so declared exported bad
  [ -f "$so" ] || { echo "no $so"; return 1; }
  exported=$(nm -D --defined-only "$so" | awk '{print $NF}' | sort -u)
  bad=$(echo "$exported" | grep -vE '^spnego[A-Z][A-Za-z0-9]*$' || true)
  declared=$(grep -hoE 'SPNEGO_EXPORT[^(]*[^A-Za-z0-9_(](spnego[A-Za-z0-9_]+)\(' \
    "$ROOT"/include/*.h | sed -E 's/.*[^A-Za-z0-9_](spnego[A-Za-z0-9_]+)\($/\1/' | sort -u)
  if [ -n "$bad" ]; then
    echo "exported but not public spnego* API:"; echo "$bad" | sed 's/^/  /'
  fi
  local missing extra
  missing=$(comm -23 <(echo "$declared") <(echo "$exported"))
  extra=$(comm -13 <(echo "$declared") <(echo "$exported"))
  [ -n "$missing" ] && { echo "declared SPNEGO_EXPORT, not exported:"; echo "$missing" | sed 's/^/  /'; }
  [ -n "$extra" ] && { echo "exported, not declared SPNEGO_EXPORT:"; echo "$extra" | sed 's/^/  /'; }
  [ -z "$bad$missing$extra" ] || return 1
  echo "$(echo "$exported" | wc -l) exported symbols, all spnego*, equal to the SPNEGO_EXPORT declarations"
}
check "exports: only the public spnego* API" exports

# ---- 2. no writable global data ----

objects() { # DIR CC FLAGS...
  local dir=$1 cc=$2 f; shift 2
  rm -rf "$dir" && mkdir -p "$dir" || return 1
  for f in "$ROOT"/src/*.c; do
    "$cc" -std=c99 "$@" -I"$ROOT/include" -I"$ROOT/src" -c "$f" \
      -o "$dir/$(basename "$f" .c).o" || return 1
  done
}

no_data_nonpic() { # CC FLAGS...
  local dir o bad=0 syms
  dir=$WORK/obj-$(echo "$*" | tr -c 'A-Za-z0-9' '_')
  objects "$dir" "$@" -fno-pic -fno-pie || return 1
  for o in "$dir"/*.o; do
    syms=$(nm "$o" | awk '$(NF-1) ~ /^[DdBbGSC]$/')
    if [ -n "$syms" ]; then
      echo "$(basename "$o"): writable data"; echo "$syms" | sed 's/^/  /'; bad=1
    fi
  done
  [ $bad -eq 0 ] && echo "no D/d/B/b/G/S/C symbol in $(ls "$dir"/*.o | wc -l) objects"
  return $bad
}
no_data_pic() { # CC FLAGS...
  local dir o bad=0 syms rel
  dir=$WORK/objpic-$(echo "$*" | tr -c 'A-Za-z0-9' '_')
  objects "$dir" "$@" -fPIC || return 1
  for o in "$dir"/*.o; do
    # Object symbols by section: .data/.bss/.sdata/.sbss/.tdata/.tbss/COMMON
    # are writable; .data.rel.ro is written once by the loader (RELRO).
    syms=$(objdump -t "$o" | awk '$3 == "O" || $2 == "O" {print}' |
      grep -E '[[:space:]](\.data|\.bss|\.sdata|\.sbss|\.tdata|\.tbss|\*COM\*)([.[:space:]])' |
      grep -v '\.data\.rel\.ro' || true)
    rel=$(objdump -t "$o" | grep -E '\.data\.rel\.ro' | grep -E '[[:space:]]O[[:space:]]' |
      awk '{print $NF}' | tr '\n' ' ')
    [ -n "$rel" ] && echo "note: $(basename "$o"): in .data.rel.ro (const, relocated): $rel"
    if [ -n "$syms" ]; then
      echo "$(basename "$o"): writable data"; echo "$syms" | sed 's/^/  /'; bad=1
    fi
  done
  [ $bad -eq 0 ] && echo "no .data/.bss object in $(ls "$dir"/*.o | wc -l) PIC objects"
  return $bad
}
check "no writable globals: gcc -O0 (nm)" no_data_nonpic gcc -O0
check "no writable globals: gcc -O2 (nm)" no_data_nonpic gcc -O2
check "no writable globals: clang -O2 (nm)" no_data_nonpic clang -O2
check "no writable globals: gcc -O2 -fPIC (sections)" no_data_pic gcc -O2

# ---- 3. source greps ----

# Prints "file:line: code" for every line of src/ whose code (comments and
# string/char literals blanked, line numbers kept) matches a regex.
STRIP_PY='
import re, sys
pat = re.compile(sys.argv[1])
for path in sys.argv[2:]:
    text = open(path, encoding="utf-8", errors="replace").read()
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2); j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j])); i = j
        elif text.startswith("//", i):
            j = text.find("\n", i); j = n if j < 0 else j
            out.append(" " * (j - i)); i = j
        elif c in "\"'"'"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(c + " " * (j - i - 1) + c); i = j + 1
        else:
            out.append(c); i += 1
    code = "".join(out).split("\n")
    raw = text.split("\n")
    for k, line in enumerate(code):
        if pat.search(line):
            print("%s:%d: %s" % (path, k + 1, raw[k].strip()))
'
code_grep() { # REGEX FILES...
  python3 -c "$STRIP_PY" "$@"
}

alloc_only_in_api() {
  local files=() f hits
  for f in src/*.c src/*.h; do [ "$f" = src/spnego_mem.c ] || files+=("$f"); done
  hits=$(code_grep '(^|[^A-Za-z0-9_])(malloc|calloc|realloc|free|aligned_alloc|strdup|alloca)\s*\(' \
    "${files[@]}")
  [ -z "$hits" ] || { echo "allocation outside src/spnego_mem.c:"; echo "$hits"; return 1; }
  echo "allocation only in src/spnego_mem.c, the seam ($(code_grep '(^|[^A-Za-z0-9_])(malloc|free)\s*\(' src/spnego_mem.c | wc -l) call sites there)"
}
no_io() {
  local hits
  # #include lines keep their <...> in stripped code; quotes are blanked.
  hits=$(code_grep '(^|[^A-Za-z0-9_])((v|s|sn|f|vf|vs|vsn)?printf|puts|fputs|putchar|fopen|fclose|fread|fwrite|fgets|perror|errno|stdio\.h|errno\.h|stderr|stdout|getenv|exit|abort|assert)([^A-Za-z0-9_]|$)' \
    src/*.c src/*.h)
  [ -z "$hits" ] || { echo "I/O, errno or process control in src/:"; echo "$hits"; return 1; }
  echo "no printf/stdio/errno/exit/abort/assert/getenv in src/"
}
layers() {
  local f layer inc bad=0
  for f in src/*.c src/*.h; do
    layer=$(head -n 3 "$f" | grep -oE '\bL[0-3]\b' | head -n 1)
    if [ -z "$layer" ]; then
      echo "$f: no layer (L0/L1/L2/L3) in its header comment"; bad=1; continue
    fi
    for inc in $(grep -hoE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^"]+"' "$f" |
      sed -E 's/.*"([^"]+)"/\1/'); do
      case "$layer:$inc" in
        L0:spnego_der.h) ;;
        L0:*) echo "$f ($layer) includes \"$inc\""; bad=1 ;;
        L1:spnego_der.h | L1:spnego_token.h | L1:spnego.h) ;;
        L1:*) echo "$f ($layer) includes \"$inc\""; bad=1 ;;
        L2:*) ;;
        # L3 sees only the public API (and the allocator seam).
        L3:spnego.h | L3:spnego_negotiate.h | L3:spnego_mem.h) ;;
        L3:*) echo "$f ($layer) includes \"$inc\""; bad=1 ;;
      esac
    done
    if [ "$layer" = L0 ] && code_grep 'SPNEGO_E_|SPNEGO_WARN_|SPNEGO_TOKEN_' "$f" | grep -q .; then
      echo "$f (L0) uses SPNEGO codes:"; code_grep 'SPNEGO_E_|SPNEGO_WARN_|SPNEGO_TOKEN_' "$f"
      bad=1
    fi
    echo "$f: $layer"
  done
  echo "$(ls src/*.c src/*.h | wc -l) files: $(for f in src/*.c src/*.h; do head -n 3 "$f" |
    grep -oE '\bL[0-3]\b' | head -n 1; done | sort | uniq -c | awk '{printf "%s x%s ", $2, $1}')"
  return $bad
}
check "grep: allocation only through the seam (src/spnego_mem.c)" alloc_only_in_api
check "grep: no I/O, printing or errno in src/" no_io
check "grep: every file in its layer, includes downward" layers

# ---- 4. ASan + UBSan ----

SAN=$WORK/build-asan
SANFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
build_asan() {
  rm -rf "$SAN"
  cmake -S "$ROOT" -B "$SAN" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
    "-DCMAKE_C_FLAGS=-O1 -g $SANFLAGS" "-DCMAKE_EXE_LINKER_FLAGS=$SANFLAGS" \
    "-DCMAKE_SHARED_LINKER_FLAGS=$SANFLAGS" -DSPNEGO_WERROR=ON \
    -DSPNEGO_BUILD_EXAMPLES=OFF -DSPNEGO_BUILD_BENCH=OFF -DSPNEGO_INSTALL=OFF &&
    cmake --build "$SAN" -j"$JOBS"
}
asan_ctest() {
  local rc=0
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$SAN" --output-on-failure --no-tests=error -j"$JOBS" \
    -E '^(interop|cli)\.' >"$LOGS/asan-ctest.out" 2>&1 || rc=1
  if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$LOGS/asan-ctest.out"; then
    echo "sanitizer reports:"
    grep -E -A12 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$LOGS/asan-ctest.out" | head -n 60
  elif [ $rc -ne 0 ]; then
    echo "no sanitizer report; tests failed functionally:"
    grep -E '^\s+[0-9]+ - |\[  FAILED  \] [A-Za-z]' "$LOGS/asan-ctest.out" | sort -u
  fi
  grep -E 'tests passed' "$LOGS/asan-ctest.out"
  return $rc
}
asan_limits() {
  # shellcheck disable=SC2086
  clang -std=c99 -O1 -g $SANFLAGS -DSPNEGO_TEST_ALLOC -I"$ROOT/include" -I"$ROOT/src" \
    -o "$WORK/limits-asan" "$ROOT/tests/portability/limits_main.c" "$ROOT"/src/*.c &&
    "$WORK/limits-asan" "$ROOT/tests/vectors"
}
check "ASan+UBSan clang build" build_asan
check "ASan+UBSan ctest (no interop./cli.)" asan_ctest
check "ASan+UBSan tests/portability/limits_main" asan_limits

# ---- 5. valgrind ----

valgrind_one() { # BINARY
  local bin=$1 rc=0
  (cd "$(dirname "$bin")" && valgrind -q --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
    "./$(basename "$bin")") || rc=$?
  case $rc in
    0) echo "valgrind clean, test passed" ;;
    99) echo "VALGRIND ERRORS (above)"; return 1 ;;
    *) echo "valgrind clean; the test itself failed (exit $rc)"; return 1 ;;
  esac
}
valgrind_all() {
  local bins bin pids=() rc=0 name
  bins=$(find "$DEBUG/tests" -maxdepth 1 -type f -name 'test_*' -perm -u+x | sort)
  [ -n "$bins" ] || { echo "no unit test binaries in $DEBUG/tests"; return 1; }
  # Two at a time (2 cores).
  for bin in $bins; do
    name=$(basename "$bin")
    valgrind_one "$bin" >"$LOGS/valgrind-$name.log" 2>&1 &
    pids+=("$!:$name")
    if [ ${#pids[@]} -ge $JOBS ]; then
      wait "${pids[0]%%:*}" || { rc=1; echo "FAIL ${pids[0]#*:}"; }
      pids=("${pids[@]:1}")
    fi
  done
  for p in "${pids[@]}"; do
    wait "${p%%:*}" || { rc=1; echo "FAIL ${p#*:}"; }
  done
  for bin in $bins; do
    name=$(basename "$bin")
    if ! tail -n 1 "$LOGS/valgrind-$name.log" | grep -q 'clean, test passed'; then
      echo "== $name"; grep -vE '^\[ +(RUN|OK) ' "$LOGS/valgrind-$name.log" | head -n 30
    fi
  done
  echo "$(echo "$bins" | wc -l) unit test binaries under valgrind memcheck"
  return $rc
}
check "valgrind memcheck: every test_* binary" valgrind_all

# ---- 6. cppcheck ----

run_cppcheck() {
  cppcheck --version
  cppcheck --enable=warning,portability,performance --error-exitcode=1 --inline-suppr \
    --std=c99 --language=c -Iinclude -Isrc -q --template='{file}:{line}: {severity} ({id}): {message}' \
    src/ && echo "cppcheck: no finding"
}
check "cppcheck warning,portability,performance" run_cppcheck

# ---- 7. clang-tidy ----

run_tidy() {
  local disabled="" c all real
  for c in "${TIDY_DISABLED[@]}"; do disabled="$disabled,-$c"; done
  clang-tidy --version | head -n 2
  # Every finding of the full set, then the ones that are not disabled.
  clang-tidy -quiet -checks="-*,bugprone-*,cert-*,clang-analyzer-*,misc-no-recursion" \
    src/*.c -- -std=c99 -Iinclude -Isrc >"$LOGS/tidy-all.out" 2>&1
  all=$(grep -E ': (warning|error):' "$LOGS/tidy-all.out" | sed "s#^$ROOT/##" | sort -u)
  echo "all findings ($(echo -n "$all" | grep -c . || true)):"
  echo "$all" | sed 's/^/  /'
  real=$(echo "$all" | grep -vE "\[($(IFS='|'; echo "${TIDY_DISABLED[*]}"))(,[^]]*)?\]$" || true)
  if [ -n "$real" ]; then
    echo "findings of enabled checks (must be fixed or justified):"
    echo "$real" | sed 's/^/  /'
    return 1
  fi
  echo "clang-tidy: $(echo -n "$all" | grep -c . || true) findings, all from disabled checks (${TIDY_DISABLED[*]})"
}
check "clang-tidy bugprone,cert,clang-analyzer,no-recursion" run_tidy

END=$(date +%s)
echo "hygiene.sh: $((END - START))s on $(nproc) cores (work dir $WORK)"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
