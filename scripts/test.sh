#!/usr/bin/env bash
# scripts/test.sh - install what the tests need, then run every test.
#
# This is the README's test command and what CI (.ci/run) calls. As root it
# installs the Debian packages it needs with apt-get; otherwise it uses
# sudo when available, or assumes they are installed.
#
# Stages (each prints its own summary; the last line counts stages):
#   demo         the README main job (scripts/demo.sh)
#   gcc, clang   -Werror builds with every test: unit, CLI, examples,
#                fuzz replay, differential, interop (real MIT KDC, curl,
#                Apache)
#   then every scripts/ci/*.sh stage: hygiene (ASan+UBSan, valgrind, nm,
#   cppcheck, clang-tidy), portability (-O0/-O2, 32-bit, s390x, C89/C++,
#   vendored), coverage, fuzz (libFuzzer), consumers (install,
#   find_package, pkg-config, add_subdirectory, vendoring), docs (doxygen)
#
# Environment: SPNEGO_TEST_OUT (build root, default ./build-test),
# SPNEGO_TEST_STAGES (space-separated subset, default all).
set -uo pipefail

# Interop tests must run in CI, not skip: realm.stop fails otherwise.
export SPNEGO_INTEROP_REQUIRE=${SPNEGO_INTEROP_REQUIRE:-1}

cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
# installed(): dpkg -s of the native architecture's package, unambiguous
# once i386/s390x copies of the same package are installed.
# shellcheck source=scripts/ci/lib.sh
. scripts/ci/lib.sh
OUT=${SPNEGO_TEST_OUT:-$ROOT/build-test}
export DEBIAN_FRONTEND=noninteractive

PACKAGES="cmake make gcc g++ clang libcmocka-dev valgrind pkg-config python3
  krb5-kdc krb5-admin-server krb5-user libkrb5-dev gss-ntlmssp curl apache2
  libapache2-mod-auth-gssapi libtasn1-6-dev tshark
  libgssapi3-heimdal heimdal-multidev python3-samba
  libmicrohttpd-dev libcurl4-openssl-dev"

as_root() {
    if [ "$(id -u)" = 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "test.sh: not root and no sudo: skipping: $*" >&2
        return 0
    fi
}

install_packages() {
    local missing=""
    for p in $PACKAGES; do
        installed "$p" || missing="$missing $p"
    done
    # Stage scripts install their own extras; they need a fresh list.
    # A Debian mirror mid-sync fails an index for a minute ("File has
    # unexpected size"): retry, then let the install step judge.
    echo "== apt-get update"
    local try
    for try in 1 2 3; do
        as_root apt-get update -q >/dev/null && break
        echo "test.sh: apt-get update failed (try $try), retrying" >&2
        sleep $((try * 10))
    done
    if [ -n "$missing" ]; then
        echo "== apt-get install$missing"
        # shellcheck disable=SC2086
        as_root apt-get install -y -q --no-install-recommends $missing >/dev/null || return 1
    fi
}

PASSED=0
FAILED=0
FAILED_NAMES=""

run_stage() {
    local name=$1
    shift
    local start=$SECONDS
    echo
    echo "======== stage $name"
    if "$@"; then
        PASSED=$((PASSED + 1))
        echo "======== stage $name: OK ($((SECONDS - start)) s)"
    else
        FAILED=$((FAILED + 1))
        FAILED_NAMES="$FAILED_NAMES $name"
        echo "======== stage $name: FAILED ($((SECONDS - start)) s)"
    fi
}

# A -Werror build with every test registered in ctest.
build_and_ctest() {
    local cc=$1 dir=$OUT/$1
    rm -rf "$dir"
    CC=$cc cmake -S "$ROOT" -B "$dir" -DSPNEGO_WERROR=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null &&
        cmake --build "$dir" -j2 >"$dir.build.log" 2>&1 || { cat "$dir.build.log"; return 1; }
    local rc=0
    (cd "$dir" && ctest --output-on-failure -j2 --timeout 900) || rc=1
    # The interop fixture's own count (ctest only shows it with -V).
    grep -h "interop summary" "$dir/Testing/Temporary/LastTest.log" 2>/dev/null || true
    return $rc
}

want() {
    [ -z "${SPNEGO_TEST_STAGES:-}" ] && return 0
    case " $SPNEGO_TEST_STAGES " in *" $1 "*) return 0 ;; esac
    return 1
}

# No stage may leave files in the work tree (logs go under build dirs).
untracked() {
    git -C "$ROOT" status --porcelain --untracked-files=all 2>/dev/null | sed -n 's/^?? //p' | sort
}
UNTRACKED_BEFORE=$(untracked)
worktree_clean() {
    local new
    new=$(comm -13 <(echo "$UNTRACKED_BEFORE") <(untracked))
    [ -z "$new" ] && { echo "no new untracked file in the work tree"; return 0; }
    echo "stages left untracked files in the work tree:"
    echo "$new" | sed 's/^/  /'
    return 1
}

mkdir -p "$OUT"
run_stage packages install_packages
# The README's main job, exactly as a new user runs it (its own build dir).
want demo && run_stage demo env SPNEGO_DEMO_BUILD="$OUT/demo" bash scripts/demo.sh
want gcc && run_stage gcc build_and_ctest gcc
want clang && run_stage clang build_and_ctest clang
for script in hygiene portability coverage fuzz consumers docs; do
    if [ -f "scripts/ci/$script.sh" ] && want "$script"; then
        run_stage "$script" bash "scripts/ci/$script.sh"
    fi
done

if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    run_stage worktree worktree_clean
fi

echo
echo "test.sh: stages failed:${FAILED_NAMES:- none}"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
