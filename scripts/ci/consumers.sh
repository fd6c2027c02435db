#!/usr/bin/env bash
# scripts/ci/consumers.sh - libspnego as its users consume it.
#
# Builds and installs the library into a temporary prefix, then builds and
# runs tests/consumer/consumer.c (parses a real token, builds tokens,
# checks exact bytes) every way the README offers:
#   1. CMake package: find_package(spnego CONFIG REQUIRED), linking
#      spnego::spnego (shared) and spnego::spnego_static; version and
#      target checks of spnegoConfig.cmake / spnegoConfigVersion.cmake
#   2. pkg-config --cflags --libs spnego; 2b. libspnego-gss (find_package
#      COMPONENTS gss, spnego::gss, pkg-config spnego-gss, exports)
#   3. add_subdirectory() of the source tree (no tests/examples built)
#   4. vendored: include/ and src/ copied, one plain cc line, no CMake
# and checks the installed shared library exports only spnego* symbols and
# has the SONAME libspnego.so.1. The build is configured for one prefix and
# installed with `cmake --install --prefix` into another, as packagers and
# users do: spnego.pc and the installed bin/spnego must work from there.
#
# Environment: CC (default cc), SPNEGO_CONSUMERS_OUT (work directory,
# default a new temp dir, removed on success).
# Ends with "N passed, N failed"; exits non-zero on any failure.
set -uo pipefail

cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
CC=${CC:-cc}
export CC
WORK=${SPNEGO_CONSUMERS_OUT:-$(mktemp -d /tmp/spnego-consumers.XXXXXX)}
PREFIX=$WORK/prefix
CONSUMER=$ROOT/tests/consumer
LOG=$WORK/log

PASSED=0
FAILED=0
check() { # name, command...
    local name=$1
    shift
    echo "---- $name" >>"$LOG"
    if "$@" >>"$LOG" 2>&1; then
        PASSED=$((PASSED + 1))
        echo "ok   $name"
    else
        FAILED=$((FAILED + 1))
        echo "FAIL $name"
        echo "     (log: $LOG)"
        tail -n 25 "$LOG" | sed 's/^/     | /'
    fi
}

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else return 1; fi
}

install_tools() {
    local missing="" p
    for p in cmake make pkg-config gcc libc6-dev binutils; do
        dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends $missing
}

# ---- the library, installed ----

# Configured for $WORK/configured-prefix, installed into $PREFIX. With the
# examples, so bin/spnego is installed too (-Werror is the gcc, clang and
# portability stages' job; here the install is under test).
build_and_install() {
    cmake -S "$ROOT" -B "$WORK/build" \
        -DSPNEGO_BUILD_TESTS=OFF -DSPNEGO_BUILD_EXAMPLES=ON -DSPNEGO_BUILD_BENCH=OFF \
        -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$WORK/configured-prefix" &&
        cmake --build "$WORK/build" -j2 &&
        cmake --install "$WORK/build" --prefix "$PREFIX" &&
        [ ! -e "$WORK/configured-prefix" ]
}

installed_layout() {
    local f ok=0
    for f in include/spnego.h include/spnego_http.h \
        lib/libspnego.so lib/libspnego.so.1 lib/libspnego.so.1.0.0 lib/libspnego.a \
        lib/cmake/spnego/spnegoConfig.cmake lib/cmake/spnego/spnegoConfigVersion.cmake \
        lib/cmake/spnego/spnegoTargets.cmake lib/pkgconfig/spnego.pc bin/spnego; do
        [ -e "$PREFIX/$f" ] || { echo "missing: $PREFIX/$f"; ok=1; }
    done
    cmp "$ROOT/include/spnego.h" "$PREFIX/include/spnego.h" &&
        cmp "$ROOT/include/spnego_http.h" "$PREFIX/include/spnego_http.h" && return $ok
}

exports_only_spnego() {
    local all bad
    all=$(nm -D --defined-only "$PREFIX/lib/libspnego.so.1" | awk 'NF == 3 { print $3 }')
    echo "$(echo "$all" | wc -l) exported symbols"
    [ -n "$all" ] || return 1
    bad=$(echo "$all" | grep -v '^spnego' || true)
    [ -z "$bad" ] || { echo "exported but not spnego*: $bad"; return 1; }
    # Internal helpers (spnego_der_*, spnego_tok_*...) stay hidden.
    bad=$(echo "$all" | grep '^spnego_' || true)
    [ -z "$bad" ] || { echo "internal symbols exported: $bad"; return 1; }
}

soname_is_1() {
    local soname
    soname=$(readelf -d "$PREFIX/lib/libspnego.so.1.0.0" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
    echo "SONAME $soname"
    [ "$soname" = libspnego.so.1 ] && [ "$(readlink "$PREFIX/lib/libspnego.so.1")" = libspnego.so.1.0.0 ]
}

static_symbols_prefixed() {
    local bad
    bad=$(nm -g --defined-only "$PREFIX/lib/libspnego.a" | awk 'NF == 3 { print $3 }' | grep -v '^spnego' || true)
    [ -z "$bad" ] || { echo "global symbols outside the spnego namespace: $bad"; return 1; }
}

# ---- 1. CMake package ----

# $1 build dir, $2 target
cmake_consumer() {
    rm -rf "$1"
    cmake -S "$CONSUMER" -B "$1" -DCMAKE_PREFIX_PATH="$PREFIX" \
        -DSPNEGO_CONSUMER_TARGET="$2" &&
        cmake --build "$1" -j2 &&
        "$1/consumer"
}

needs_shared() { # binary links libspnego.so.1 from the prefix
    readelf -d "$1" | grep -q 'NEEDED.*\[libspnego\.so\.1\]' &&
        ldd "$1" | grep -q "libspnego.so.1 => $PREFIX/lib/libspnego.so.1"
}

no_shared() {
    ! readelf -d "$1" | grep -q 'NEEDED.*libspnego'
}

# find_package() details: version compatibility and what spnego::spnego is.
package_probe() {
    local dir=$WORK/probe
    mkdir -p "$dir"
    cat >"$dir/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(probe NONE)
find_package(spnego 2.0 CONFIG QUIET)
if(spnego_FOUND)
  message(FATAL_ERROR "spnego 2.0 accepted: SameMajorVersion broken")
endif()
find_package(spnego 1.0 CONFIG REQUIRED COMPONENTS shared static)
if(NOT spnego_VERSION VERSION_EQUAL "@VERSION@")
  message(FATAL_ERROR "spnego_VERSION ${spnego_VERSION}, want @VERSION@")
endif()
get_target_property(_link spnego::spnego INTERFACE_LINK_LIBRARIES)
if(SPNEGO_PREFER_STATIC)
  set(_want spnego::spnego_static)
else()
  set(_want spnego::spnego_shared)
endif()
if(NOT _link STREQUAL _want)
  message(FATAL_ERROR "spnego::spnego -> ${_link}, want ${_want}")
endif()
get_target_property(_inc spnego::spnego_shared INTERFACE_INCLUDE_DIRECTORIES)
message(STATUS "spnego::spnego -> ${_link}; includes ${_inc}")
CMAKE
    sed -i "s/@VERSION@/$(lib_version)/g" "$dir/CMakeLists.txt"
    rm -rf "$dir/b1" "$dir/b2"
    cmake -S "$dir" -B "$dir/b1" -DCMAKE_PREFIX_PATH="$PREFIX" &&
        cmake -S "$dir" -B "$dir/b2" -DCMAKE_PREFIX_PATH="$PREFIX" -DSPNEGO_PREFER_STATIC=ON
}

lib_version() {
    sed -n 's/^#define SPNEGO_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\).*/\2/p' \
        "$ROOT/include/spnego.h" | paste -sd.
}

# ---- 2. pkg-config ----

pkgconfig_consumer() {
    local dir=$WORK/pkgconfig flags
    mkdir -p "$dir"
    export PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig
    [ "$(pkg-config --modversion spnego)" = "$(lib_version)" ] || return 1
    flags=$(pkg-config --cflags --libs spnego) || return 1
    echo "pkg-config --cflags --libs spnego: $flags"
    # shellcheck disable=SC2086
    "$CC" -std=c99 -Wall -Wextra -Wpedantic -Werror "$CONSUMER/consumer.c" $flags \
        -o "$dir/consumer" &&
        LD_LIBRARY_PATH=$PREFIX/lib "$dir/consumer" &&
        LD_LIBRARY_PATH=$PREFIX/lib needs_shared "$dir/consumer"
}

# spnego.pc names the prefix it was installed to, not the configured one
# (it used to hold /usr/local, so consumers compiled against nothing).
pkgconfig_relocated() {
    local inc lib
    export PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig
    inc=$(pkg-config --variable=includedir spnego) || return 1
    lib=$(pkg-config --variable=libdir spnego) || return 1
    echo "includedir $inc, libdir $lib"
    [ "$(cd "$inc" 2>/dev/null && pwd -P)" = "$(cd "$PREFIX/include" && pwd -P)" ] &&
        [ "$(cd "$lib" 2>/dev/null && pwd -P)" = "$(cd "$PREFIX/lib" && pwd -P)" ] &&
        ! grep -q "configured-prefix" "$PREFIX/lib/pkgconfig/spnego.pc"
}

# The installed tool starts without LD_LIBRARY_PATH: its RUNPATH is
# $ORIGIN/../lib (install used to strip the build RUNPATH: "libspnego.so.1:
# cannot open shared object file"), and it uses the installed library.
installed_tool_runs() {
    local out
    readelf -d "$PREFIX/bin/spnego" | grep -E 'R(UN)?PATH' || return 1
    readelf -d "$PREFIX/bin/spnego" | grep -q 'R\(UN\)\?PATH.*\[\$ORIGIN/\.\./lib\]' || return 1
    out=$(env -u LD_LIBRARY_PATH "$PREFIX/bin/spnego" dump a1073005a0030a0102) || return 1
    echo "$out" | grep -q 'negState: 2 reject' || { echo "$out"; return 1; }
    out=$(env -u LD_LIBRARY_PATH ldd "$PREFIX/bin/spnego" |
        sed -n 's/.*libspnego\.so\.1 => \(.*\) (.*/\1/p')
    echo "libspnego.so.1 => $out"
    [ -n "$out" ] && [ "$(realpath "$out")" = "$(realpath "$PREFIX/lib/libspnego.so.1")" ]
}

# ---- 2b. libspnego-gss, the GSS-API adapter (its own library) ----

gss_layout() {
    local f ok=0
    for f in include/spnego_gss.h include/spnego_negotiate.h lib/libspnego-gss.so.1 \
        lib/pkgconfig/spnego-gss.pc lib/cmake/spnego/spnegoGssTargets.cmake; do
        [ -e "$PREFIX/$f" ] || { echo "missing: $PREFIX/$f"; ok=1; }
    done
    return $ok
}

gss_exports() {
    local all bad
    all=$(nm -D --defined-only "$PREFIX/lib/libspnego-gss.so.1" | awk 'NF == 3 { print $3 }')
    echo "$(echo "$all" | wc -l) exported symbols"
    [ -n "$all" ] || return 1
    bad=$(echo "$all" | grep -v '^spnegoGss' || true)
    [ -z "$bad" ] || { echo "exported but not spnegoGss*: $bad"; return 1; }
}

gss_cmake_consumer() {
    local dir=$WORK/cmake-gss
    rm -rf "$dir"
    cmake -S "$ROOT/tests/consumer_gss" -B "$dir" -DCMAKE_PREFIX_PATH="$PREFIX" &&
        cmake --build "$dir" -j2 &&
        "$dir/consumer_gss" &&
        ldd "$dir/consumer_gss" | grep -q "libspnego-gss.so.1 => $PREFIX/lib/"
}

# spnego-gss.pc finds its prefix from its own location and requires spnego.
gss_pkgconfig_consumer() {
    local dir=$WORK/pkgconfig-gss flags
    mkdir -p "$dir"
    export PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig
    flags=$(pkg-config --cflags --libs spnego-gss) || return 1
    echo "pkg-config --cflags --libs spnego-gss: $flags"
    ! grep -q "configured-prefix" "$PREFIX/lib/pkgconfig/spnego-gss.pc" || return 1
    # shellcheck disable=SC2086
    "$CC" -std=c99 -Wall -Wextra -Wpedantic -Werror "$ROOT/tests/consumer_gss/consumer_gss.c" \
        $flags -o "$dir/consumer_gss" &&
        LD_LIBRARY_PATH=$PREFIX/lib "$dir/consumer_gss"
}

# ---- 3. add_subdirectory ----

subdir_consumer() {
    local dir=$WORK/subdir
    rm -rf "$dir"
    cmake -S "$CONSUMER" -B "$dir" -DSPNEGO_CONSUMER_SOURCE_DIR="$ROOT" &&
        cmake --build "$dir" -j2 &&
        "$dir/consumer"
}

subdir_builds_library_only() {
    local dir=$WORK/subdir extra
    [ -d "$dir/libspnego" ] || return 1
    # No test, example or benchmark directory or program was generated.
    for extra in tests examples bench; do
        [ ! -e "$dir/libspnego/$extra" ] || { echo "built: libspnego/$extra"; return 1; }
    done
    extra=$(find "$dir/libspnego" -type f -perm -u+x ! -name '*.so*' | head)
    [ -z "$extra" ] || { echo "executables built: $extra"; return 1; }
    # And no install rules.
    ! grep -q 'spnegoTargets' "$dir/libspnego/cmake_install.cmake" 2>/dev/null
}

# ---- 4. vendored sources ----

vendored_consumer() {
    local dir=$WORK/vendor
    rm -rf "$dir"
    mkdir -p "$dir"
    cp -R "$ROOT/include" "$ROOT/src" "$dir/" &&
        cp "$CONSUMER/consumer.c" "$dir/" &&
        (cd "$dir" && "$CC" -std=c99 -Iinclude src/*.c consumer.c -o consumer && ./consumer)
}

vendored_consumer_strict() {
    local dir=$WORK/vendor
    (cd "$dir" && "$CC" -std=c99 -Wall -Wextra -Wpedantic -Wconversion -Wshadow \
        -Wstrict-prototypes -Werror -Iinclude src/*.c consumer.c -o consumer-strict &&
        ./consumer-strict)
}

mkdir -p "$WORK"
: >"$LOG"
echo "consumers.sh: work directory $WORK"
check "tools installed (cmake, make, pkg-config, gcc)" install_tools
check "library built and installed to a temp prefix" build_and_install
check "installed layout (headers, libs, CMake package, spnego.pc)" installed_layout
check "nm -D: libspnego.so exports only spnego* (no internals)" exports_only_spnego
check "SONAME is libspnego.so.1" soname_is_1
check "libspnego.a: every global symbol is spnego*" static_symbols_prefixed
check "find_package: version check, components, spnego::spnego target" package_probe
check "find_package + spnego::spnego: builds and runs" cmake_consumer "$WORK/cmake-shared" spnego::spnego
check "find_package + spnego::spnego: linked to the shared library" needs_shared "$WORK/cmake-shared/consumer"
check "find_package + spnego::spnego_static: builds and runs" cmake_consumer "$WORK/cmake-static" spnego::spnego_static
check "find_package + spnego::spnego_static: no libspnego.so needed" no_shared "$WORK/cmake-static/consumer"
check "pkg-config --cflags --libs spnego: builds and runs" pkgconfig_consumer
check "spnego.pc: paths follow the install prefix, not the configured one" pkgconfig_relocated
check "installed bin/spnego runs (RUNPATH \$ORIGIN/../lib, installed library)" installed_tool_runs
check "libspnego-gss installed (library, headers, .pc, CMake targets)" gss_layout
check "nm -D: libspnego-gss.so exports only spnegoGss*" gss_exports
check "find_package COMPONENTS gss + spnego::gss: builds and runs" gss_cmake_consumer
check "pkg-config --cflags --libs spnego-gss (relocated prefix): builds and runs" gss_pkgconfig_consumer
check "add_subdirectory: builds and runs" subdir_consumer
check "add_subdirectory: no tests, examples, bench or install rules" subdir_builds_library_only
check "vendored: cc -std=c99 -Iinclude src/*.c consumer.c" vendored_consumer
check "vendored: same with the house -Werror warning set" vendored_consumer_strict

if [ "$FAILED" = 0 ] && [ -z "${SPNEGO_CONSUMERS_OUT:-}" ]; then
    rm -rf "$WORK"
fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
