#!/usr/bin/env bash
# test_sh_packages.sh - scripts/test.sh must not reinstall a package that is
# installed for the native architecture when copies for other architectures
# (libcmocka-dev:i386, :s390x, as the portability stage installs) make the
# bare name ambiguous to `dpkg -s`.
#
# Runs scripts/test.sh with no stage, a stub dpkg that answers like dpkg
# does with three instances of every package, and a stub apt-get that logs
# its arguments. Passes when apt-get was never asked to install anything.
# Usage: test_sh_packages.sh REPO_ROOT
set -u
root=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/spnego-pkgtest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin"

cat >"$tmp/bin/dpkg" <<'STUB'
#!/bin/sh
# Every package is installed for amd64, i386 and s390x.
case "$1" in
--print-architecture) echo amd64 ;;
--print-foreign-architectures) printf 'i386\ns390x\n' ;;
-s)
    case "$2" in
    *:amd64) exit 0 ;;
    *:*) exit 1 ;;
    *) echo "dpkg-query: error: --status needs a valid package name but '$2' is not: ambiguous package name '$2' with more than one installed instance" >&2
       exit 2 ;;
    esac ;;
*) exit 1 ;;
esac
STUB
cat >"$tmp/bin/apt-get" <<STUB
#!/bin/sh
echo "apt-get \$*" >>"$tmp/apt.log"
STUB
# Not root: test.sh goes through sudo, which must reach the stub too.
cat >"$tmp/bin/sudo" <<'STUB'
#!/bin/sh
exec "$@"
STUB
chmod +x "$tmp/bin/dpkg" "$tmp/bin/apt-get" "$tmp/bin/sudo"
: >"$tmp/apt.log"

PATH="$tmp/bin:$PATH" SPNEGO_TEST_STAGES=none SPNEGO_TEST_OUT="$tmp/out" \
    bash "$root/scripts/test.sh" >"$tmp/run.log" 2>&1
cat "$tmp/run.log"
echo "-- apt-get calls:"
cat "$tmp/apt.log"
if grep -q "install" "$tmp/apt.log"; then
    echo "FAIL: test.sh reinstalled packages that are installed"
    exit 1
fi
grep -q "stage packages: OK" "$tmp/run.log" || { echo "FAIL: packages stage did not pass"; exit 1; }
echo "ok: nothing reinstalled"
