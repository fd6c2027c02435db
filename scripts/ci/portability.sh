#!/usr/bin/env bash
# scripts/ci/portability.sh - build and test libspnego on every platform
# and in every form a user can take it.
#
#  1. host: gcc and clang, -O0 and -O2, -Werror: build + full ctest
#  2. 32-bit x86 (i686 cross gcc, run natively): the cmocka unit tests when
#     libcmocka-dev:i386 is installable, and always the cmocka-free
#     tests/portability/limits_main.c
#  3. big-endian: s390x (64-bit) with the cross gcc + qemu-user: the unit
#     tests under qemu when libcmocka-dev:s390x is installable, and always
#     limits_main (static); mips (32-bit big-endian): limits_main
#  3b. LLP64: Windows x64 with mingw-w64 (32-bit unsigned long, 64-bit
#     size_t: where every unsigned long <-> size_t check matters): the
#     library (DLL + static, -Werror, exports only spnego*), limits_main,
#     vendored_main and the sample against the DLL, run under wine
#  4. the public headers as C89 (gcc, clang) and C++98/C++17 (g++, clang++)
#  5. vendored: `cc -std=c99 -Iinclude -c src/*.c` linked with
#     tests/portability/vendored_main.c, and the whole library as one
#     translation unit (amalgamation)
#
#  6. the same unit-test results on every platform: a test that fails on
#     i386 or s390x but passes on the host gcc -O2 build is a portability
#     bug (tests that fail everywhere are reported by their own check)
#
# Every build uses one snapshot of the tree (git ls-files, tracked and
# untracked-not-ignored) taken at the start, so edits made while the script
# runs cannot make platforms disagree.
#
# Usage: scripts/ci/portability.sh   (from anywhere; runs at the repo root)
# Env:   PORTABILITY_WORK=DIR  build there (default: a temp dir, removed)
#        PORTABILITY_SKIP_CROSS=1  skip 2 and 3 (no multiarch installs)
# Ends with "N passed, N failed"; exits non-zero on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 1
REPO=$(pwd)
JOBS=2
START=$(date +%s)
PASSED=0
FAILED=0

# shellcheck source=scripts/ci/lib.sh
. scripts/ci/lib.sh  # the scripts cd to the repo root first
ci_workdir spnego-port "${PORTABILITY_WORK:-}"

# One snapshot of the sources for every build.
ROOT=$WORK/tree
rm -rf "$ROOT" && mkdir -p "$ROOT"
if git -C "$REPO" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$REPO" && git ls-files -z --cached --others --exclude-standard |
    tar --null --ignore-failed-read -T - -cf - 2>/dev/null) | tar -xf - -C "$ROOT"
else
  (cd "$REPO" && tar --exclude='./build*' -cf - .) | tar -xf - -C "$ROOT"
fi

# ---- helpers ----


# apt-get update, retried: a Debian mirror mid-sync answers "File has
# unexpected size" for a minute. A list that still fails is left to the
# install step, which reports what is really missing.
apt_update() {
  local try
  for try in 1 2 3; do
    $SUDO apt-get update >"$LOGS/apt-update.log" 2>&1 && return 0
    sleep $((try * 10))
  done
  return 0
}

# Adds a dpkg architecture and installs packages of it; 1 if impossible.
need_foreign() {
  local arch=$1; shift
  local missing=() p
  for p in "$@"; do
    installed "$p" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
    $SUDO dpkg --add-architecture "$arch" || return 1
    apt_update
  fi
  need "${missing[@]}" || {
    # The lists may predate the new architecture: refresh once and retry.
    apt_update
    need "${missing[@]}"
  }
}

# check NAME COMMAND...: runs COMMAND with its output in a log; counts it.
check() {
  local name=$1; shift
  local log t0 t1
  log=$LOGS/$(printf '%s' "$name" | tr -c 'A-Za-z0-9_.+-' '_').log
  t0=$(date +%s)
  if "$@" >"$log" 2>&1; then
    t1=$(date +%s)
    PASSED=$((PASSED + 1))
    printf 'PASS  %-52s %3ss  %s\n' "$name" $((t1 - t0)) "$(summary "$log")"
  else
    t1=$(date +%s)
    FAILED=$((FAILED + 1))
    printf 'FAIL  %-52s %3ss  %s\n' "$name" $((t1 - t0)) "$(summary "$log")"
    excerpt "$log" | sed 's/^/      | /'
    echo "      | (full log: $log)"
  fi
}

# The line worth showing from a log: ctest's or a test program's summary.
summary() {
  grep -E 'tests passed|checks, [0-9]+ failed|: ok$|header_c|vendored_main:|failing everywhere' "$1" |
    tail -n 1 | sed 's/^ *//'
}

# What a failure looks like, in at most 25 lines.
excerpt() {
  if grep -qE 'FAILED|Failed|error|Error|invariant|Assert|abort' "$1"; then
    grep -E '^\s+[0-9]+ - |\[  FAILED  \] [A-Za-z]|\[  ERROR   \]|error:|Error|invariant|Assert|FAIL' "$1" |
      grep -v 'Errors while running CTest' | sort -u | head -n 25
  else
    tail -n 25 "$1"
  fi
}

# Failed ctest names and cmocka cases of a ctest log, one per line.
failed_set() {
  [ -f "$1" ] || return 0
  {
    sed -nE 's/^\s+[0-9]+ - ([^ ]+) .*/ctest \1/p' "$1"
    sed -nE 's/^\[  FAILED  \] ([A-Za-z_][A-Za-z0-9_]*)$/case \1/p' "$1"
  } | sort -u
}

WARN="-Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wstrict-prototypes -Werror"
VECTORS=$ROOT/tests/vectors
REAL_VECTOR=$VECTORS/pyspnego-data-negtokeninit-krb5-ntlm.der

cmake_build() { # DIR [cmake args...]
  local dir=$1; shift
  rm -rf "$dir"
  cmake -S "$ROOT" -B "$dir" -DSPNEGO_WERROR=ON -DSPNEGO_BUILD_EXAMPLES=OFF \
    -DSPNEGO_BUILD_BENCH=OFF -DSPNEGO_INSTALL=OFF "$@" &&
    cmake --build "$dir" -j"$JOBS"
}

run_ctest() { # DIR [ctest args...]
  local dir=$1; shift
  ctest --test-dir "$dir" --output-on-failure --no-tests=error -j"$JOBS" "$@"
}

# limits_main for one compiler: all of src/ plus the test, with the
# allocator seam so it can count allocations.
build_limits() { # CC OUT [flags...]
  local cc=$1 out=$2; shift 2
  # shellcheck disable=SC2086
  $cc -std=c99 -O2 $WARN "$@" -DSPNEGO_TEST_ALLOC -I"$ROOT/include" -I"$ROOT/src" \
    -o "$out" "$ROOT/tests/portability/limits_main.c" "$ROOT"/src/*.c
}

# ---- packages ----

need build-essential cmake pkg-config libcmocka-dev clang g++ binutils ||
  { echo "cannot install the host toolchain"; echo "0 passed, 1 failed"; exit 1; }

# ---- 1. host compilers and optimisation levels ----

for cc in gcc clang; do
  for opt in O0 O2; do
    dir=$WORK/host-$cc-$opt
    check "$cc -$opt build (-Werror)" cmake_build "$dir" -DCMAKE_C_COMPILER=$cc \
      -DCMAKE_BUILD_TYPE= "-DCMAKE_C_FLAGS=-$opt"
    check "$cc -$opt ctest" run_ctest "$dir"
  done
done

# ---- 2. 32-bit x86 ----
# With Debian's i686 cross compiler, not gcc -m32: gcc-multilib conflicts
# with every cross compiler (s390x and mips below), and -m32 without it
# cannot include <errno.h>. i386 programs run natively on x86-64.

if [ "${PORTABILITY_SKIP_CROSS:-0}" != 1 ]; then
  if need gcc-i686-linux-gnu libc6-dev-i386-cross; then
    check "i386 limits_main build (static)" build_limits i686-linux-gnu-gcc \
      "$WORK/limits-i386" -static
    check "i386 limits_main run" "$WORK/limits-i386" "$VECTORS"
    if need_foreign i386 libcmocka-dev:i386; then
      check "i386 cross build (-Werror)" cmake_build "$WORK/i386" \
        -DCMAKE_TOOLCHAIN_FILE="$ROOT/tests/portability/i686-toolchain.cmake" \
        -DCMAKE_BUILD_TYPE=Release
      check "i386 ctest" run_ctest "$WORK/i386"
    else
      echo "note: libcmocka-dev:i386 not installable: 32-bit unit tests skipped," \
        "limits_main covers 32-bit"
    fi
  else
    check "i686 cross toolchain install" false
  fi

  # ---- 3. big-endian: s390x (64-bit) and mips (32-bit) under qemu ----

  if need gcc-s390x-linux-gnu libc6-dev-s390x-cross qemu-user; then
    check "s390x limits_main build (static)" build_limits s390x-linux-gnu-gcc \
      "$WORK/limits-s390x" -static
    check "s390x limits_main run (qemu)" qemu-s390x -L /usr/s390x-linux-gnu \
      "$WORK/limits-s390x" "$VECTORS"
    if need_foreign s390x libcmocka-dev:s390x; then
      check "s390x cross build (-Werror)" cmake_build "$WORK/s390x" \
        -DCMAKE_TOOLCHAIN_FILE="$ROOT/tests/portability/s390x-toolchain.cmake" \
        -DCMAKE_BUILD_TYPE=Release
      check "s390x ctest (qemu)" run_ctest "$WORK/s390x"
    else
      echo "note: libcmocka-dev:s390x not installable: s390x unit tests skipped," \
        "limits_main covers big-endian"
    fi
  else
    check "s390x cross toolchain install" false
  fi
  if need gcc-mips-linux-gnu libc6-dev-mips-cross qemu-user; then
    check "mips (32-bit BE) limits_main build (static)" build_limits mips-linux-gnu-gcc \
      "$WORK/limits-mips" -static
    check "mips (32-bit BE) limits_main run (qemu)" qemu-mips -L /usr/mips-linux-gnu \
      "$WORK/limits-mips" "$VECTORS"
  else
    echo "note: mips cross toolchain not installable: 32-bit big-endian skipped"
  fi
fi

# ---- 3b. LLP64: Windows x64 (mingw-w64) under wine ----

# wine64 from Debian's wine64 package (no /usr/bin entry without "wine").
wine_bin() {
  command -v wine64 2>/dev/null || { [ -x /usr/lib/wine/wine64 ] && echo /usr/lib/wine/wine64; }
}

win64_run() { # PROGRAM ARGS...: under wine, in a prefix of our own
  WINEPREFIX=$WORK/wine WINEDEBUG=-all "$(wine_bin)" "$@"
}

win64_exports_only_spnego() {
  local all bad
  all=$(x86_64-w64-mingw32-objdump -p "$WORK/win64/libspnego.dll" |
    sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' | tail -n +2 | awk 'NF == 3 { print $3 }')
  echo "$(echo "$all" | grep -c .) exported names"
  [ -n "$all" ] || return 1
  bad=$(echo "$all" | grep -v '^spnego[A-Z]' || true)
  [ -z "$bad" ] || { echo "exported beyond the API: $bad"; return 1; }
}

win64_sample() { # the sample linked against libspnego.dll, run next to it
  local dir=$WORK/win64-sample
  rm -rf "$dir" && mkdir -p "$dir" &&
    # shellcheck disable=SC2086
    x86_64-w64-mingw32-gcc -std=c99 -O2 $WARN -I"$ROOT/include" -o "$dir/sample.exe" \
      "$ROOT/examples/sample.c" "$WORK/win64/libspnego.dll.a" &&
    cp "$WORK/win64/libspnego.dll" "$dir/" &&
    (cd "$dir" && win64_run ./sample.exe "$VECTORS")
}

if [ "${PORTABILITY_SKIP_CROSS:-0}" != 1 ]; then
  if need gcc-mingw-w64-x86-64 wine64 && [ -n "$(wine_bin)" ]; then
    check "win64 library build (mingw-w64 DLL + static, -Werror)" cmake_build "$WORK/win64" \
      -DCMAKE_TOOLCHAIN_FILE="$ROOT/tests/portability/mingw-w64-toolchain.cmake" \
      -DCMAKE_BUILD_TYPE=Release -DSPNEGO_BUILD_TESTS=OFF -DSPNEGO_BUILD_GSS=OFF
    check "win64 libspnego.dll exports only the spnego* API" win64_exports_only_spnego
    check "win64 limits_main build (LLP64)" build_limits x86_64-w64-mingw32-gcc \
      "$WORK/limits-win64.exe" -static
    check "win64 limits_main run (wine)" win64_run "$WORK/limits-win64.exe" "$VECTORS"
    # shellcheck disable=SC2086
    check "win64 vendored_main build" x86_64-w64-mingw32-gcc -std=c99 -O2 $WARN \
      -I"$ROOT/include" -o "$WORK/vendored-win64.exe" \
      "$ROOT/tests/portability/vendored_main.c" "$ROOT"/src/*.c
    check "win64 vendored_main run (wine)" win64_run "$WORK/vendored-win64.exe" "$REAL_VECTOR"
    check "win64 sample against libspnego.dll (wine)" win64_sample
  else
    check "mingw-w64 and wine64 install" false
  fi
fi

# ---- 4. public headers as C89 and C++ ----

LIBDIR=$WORK/host-gcc-O2
if [ -f "$LIBDIR/libspnego.a" ] && [ -f "$LIBDIR/libspnego.so" ]; then
  for cc in gcc clang; do
    check "headers as C89 ($cc -std=c89 -pedantic)" bash -c "$cc -std=c89 -pedantic \
      -Wall -Wextra -Werror -I'$ROOT/include' '$ROOT/tests/portability/header_c89.c' \
      '$LIBDIR/libspnego.a' -o '$WORK/header_c89_$cc' && '$WORK/header_c89_$cc'"
  done
  for cxx in g++ clang++; do
    for std in c++98 c++17; do
      check "headers as C++ ($cxx -std=$std, shared lib)" bash -c "$cxx -std=$std \
        -Wall -Wextra -pedantic -Werror -I'$ROOT/include' \
        '$ROOT/tests/portability/header_cxx.cpp' -L'$LIBDIR' -lspnego \
        -Wl,-rpath,'$LIBDIR' -o '$WORK/header_cxx_$cxx$std' && '$WORK/header_cxx_$cxx$std'"
    done
  done
else
  check "headers (needs the gcc -O2 library)" false
fi

# ---- 5. vendored sources and the amalgamation ----

vendored() {
  local obj=$WORK/vendored
  rm -rf "$obj" && mkdir -p "$obj" && cd "$obj" || return 1
  # Exactly what a vendoring user types: no defines, no CMake.
  cc -std=c99 -I"$ROOT/include" -c "$ROOT"/src/*.c &&
    cc -std=c99 -I"$ROOT/include" -o vendored_main \
      "$ROOT/tests/portability/vendored_main.c" ./*.o &&
    ./vendored_main "$REAL_VECTOR"
}
check "vendored: cc -std=c99 -Iinclude -c src/*.c" vendored

amalgamation() { # CC
  local cc=$1 dir=$WORK/amalgam-$1 f
  rm -rf "$dir" && mkdir -p "$dir" || return 1
  {
    echo "/* Generated by scripts/ci/portability.sh: all of src/ in one unit. */"
    for f in "$ROOT"/src/*.c; do echo "#include \"$f\""; done
  } >"$dir/spnego_all.c"
  # shellcheck disable=SC2086
  $cc -std=c99 -O2 $WARN -I"$ROOT/include" -I"$ROOT/src" -c "$dir/spnego_all.c" \
    -o "$dir/spnego_all.o" &&
    $cc -std=c99 -O2 $WARN -I"$ROOT/include" -o "$dir/vendored_main" \
      "$ROOT/tests/portability/vendored_main.c" "$dir/spnego_all.o" &&
    "$dir/vendored_main" "$REAL_VECTOR"
}
check "amalgamation: src/*.c as one unit (gcc)" amalgamation gcc
check "amalgamation: src/*.c as one unit (clang)" amalgamation clang

# ---- 6. the platforms agree ----

same_results() {
  local ref=$LOGS/gcc_-O2_ctest.log other extra rc=0
  [ -f "$ref" ] || { echo "no reference log $ref"; return 1; }
  for other in "$LOGS"/*ctest*.log; do
    [ "$other" = "$ref" ] && continue
    extra=$(comm -13 <(failed_set "$ref") <(failed_set "$other"))
    if [ -n "$extra" ]; then
      echo "$(basename "$other" .log): fails where gcc -O2 passes:"
      echo "$extra" | sed 's/^/  /'
      rc=1
    else
      echo "$(basename "$other" .log): no failure beyond gcc -O2's"
    fi
  done
  echo "failing everywhere (gcc -O2): $(failed_set "$ref" | tr '\n' ' ')"
  return $rc
}
check "same unit-test results on every platform" same_results

END=$(date +%s)
echo "portability.sh: $((END - START))s on $(nproc) cores (work dir $WORK)"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
