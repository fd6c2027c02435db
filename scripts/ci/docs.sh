#!/usr/bin/env bash
# scripts/ci/docs.sh - the public headers must document every public name.
#
# Runs doxygen (docs/Doxyfile.in, the same template as the CMake `docs`
# target) over include/spnego.h and include/spnego_http.h with
# WARN_IF_UNDOCUMENTED and WARN_AS_ERROR, then checks the XML output: every
# function declared with SPNEGO_EXPORT must come out documented. A last
# check keeps docs/api.md complete: it must name every public function.
# Then every fenced C block of README.md and docs/*.md is compiled against
# the headers as installed (scripts/ci/doc_snippets.py).
#
# Environment: SPNEGO_DOCS_OUT (output directory, default a temp dir),
# SPNEGO_DOCS_WARN_AS_ERROR (default YES: doxygen stops at the first
# warning; FAIL_ON_WARNINGS lists them all, then fails).
# Ends with "N passed, N failed"; exits non-zero on any failure.
set -uo pipefail

cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
OUT=${SPNEGO_DOCS_OUT:-$(mktemp -d /tmp/spnego-docs.XXXXXX)}
WARN_AS_ERROR=${SPNEGO_DOCS_WARN_AS_ERROR:-YES}
HEADERS="include/spnego.h include/spnego_http.h include/spnego_negotiate.h include/spnego_gss.h"

PASSED=0
FAILED=0
check() { # name, command...
    local name=$1
    shift
    if "$@"; then
        PASSED=$((PASSED + 1))
        echo "ok   $name"
    else
        FAILED=$((FAILED + 1))
        echo "FAIL $name"
    fi
}

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else return 1; fi
}

# doxygen; cmake, a compiler and python3 for the snippets; libkrb5-dev for
# the GSS-API headers that spnego_gss.h (and the examples using it) need.
install_doxygen() {
    local missing="" p
    for p in doxygen cmake gcc python3 libkrb5-dev; do
        dpkg -s "$p" >/dev/null 2>&1 || dpkg -s "$p:$(dpkg --print-architecture)" >/dev/null 2>&1 ||
            missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends $missing >/dev/null
}

# The library installed into a prefix of its own: the headers a user gets.
install_headers() {
    cmake -S "$ROOT" -B "$OUT/build" -DSPNEGO_BUILD_TESTS=OFF -DSPNEGO_BUILD_EXAMPLES=OFF \
        -DSPNEGO_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=Release >"$OUT/build.log" 2>&1 &&
        cmake --build "$OUT/build" -j2 >>"$OUT/build.log" 2>&1 &&
        cmake --install "$OUT/build" --prefix "$OUT/prefix" >>"$OUT/build.log" 2>&1 ||
        { tail -n 20 "$OUT/build.log"; return 1; }
}

snippets_compile() {
    python3 "$ROOT/scripts/ci/doc_snippets.py" "$ROOT" "$OUT/prefix/include" "${CC:-cc}"
}

# Fills the @...@ placeholders the way docs/docs.cmake does.
make_doxyfile() {
    local input=""
    for h in $HEADERS; do input="$input \"$ROOT/$h\""; done
    sed -e "s|@PROJECT_VERSION@|$(version)|" \
        -e "s|@SPNEGO_DOXYGEN_OUTPUT@|\"$OUT\"|" \
        -e "s|@SPNEGO_DOXYGEN_INPUT@|${input# }|" \
        -e "s|@SPNEGO_DOXYGEN_STRIP@|\"$ROOT/include\"|" \
        -e "s|@SPNEGO_DOXYGEN_WARN_AS_ERROR@|$WARN_AS_ERROR|" \
        -e "s|@SPNEGO_DOXYGEN_WARN_LOGFILE@|\"$OUT/warnings.log\"|" \
        docs/Doxyfile.in >"$OUT/Doxyfile"
    ! grep -q '@[A-Z_]*@' "$OUT/Doxyfile"
}

version() {
    local v
    v=$(sed -n 's/^#define SPNEGO_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\).*/\2/p' include/spnego.h | paste -sd.)
    echo "$v"
}

run_doxygen() {
    rm -f "$OUT/warnings.log"
    (cd "$OUT" && doxygen Doxyfile) >"$OUT/doxygen.out" 2>&1
    local rc=$?
    cat "$OUT/doxygen.out"
    [ -f "$OUT/warnings.log" ] && cat "$OUT/warnings.log"
    return $rc
}

no_warnings() {
    [ ! -s "$OUT/warnings.log" ] && ! grep -qi 'warning' "$OUT/doxygen.out"
}

public_functions() {
    # Prototypes start with SPNEGO_EXPORT at column 0; the name is the
    # identifier just before the first "(".
    grep -hE '^SPNEGO_(GSS_)?EXPORT ' $HEADERS | grep -v ' extern ' |
        sed 's/(.*//; s/.*[ *]//' | sort -u
}

# Every SPNEGO_EXPORT function is in the XML output. With EXTRACT_ALL=NO
# doxygen writes only documented members, so being there means documented.
all_functions_documented() {
    local missing="" f n=0
    local xml="$OUT/xml"
    ls "$xml"/*8h.xml >/dev/null 2>&1 || { echo "no XML output"; return 1; }
    for f in $(public_functions); do
        n=$((n + 1))
        grep -q "<name>$f</name>" "$xml"/*8h.xml || missing="$missing $f"
    done
    [ "$n" -gt 0 ] || { echo "no SPNEGO_EXPORT prototype found"; return 1; }
    [ -z "$missing" ] || { echo "undocumented or missing in doxygen output:$missing"; return 1; }
    echo "$n public functions documented"
}

api_md_complete() {
    local missing="" f
    [ -f docs/api.md ] || { echo "docs/api.md missing"; return 1; }
    for f in $(public_functions); do
        grep -q "\b$f\b" docs/api.md || missing="$missing $f"
    done
    [ -z "$missing" ] || { echo "docs/api.md does not describe:$missing"; return 1; }
}

mkdir -p "$OUT"
echo "docs.sh: output in $OUT"
check "doxygen installed" install_doxygen
check "Doxyfile generated from docs/Doxyfile.in" make_doxyfile
if command -v doxygen >/dev/null 2>&1; then
    echo "doxygen $(doxygen --version), WARN_AS_ERROR=$WARN_AS_ERROR"
    check "doxygen exits 0 on the public headers" run_doxygen
    check "doxygen printed no warning" no_warnings
    check "HTML written" test -f "$OUT/html/index.html"
    check "every SPNEGO_EXPORT function documented" all_functions_documented
fi
check "docs/api.md names every public function" api_md_complete
check "library installed to a prefix (for the snippets)" install_headers
check "every C block of README.md and docs/*.md compiles" snippets_compile

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
