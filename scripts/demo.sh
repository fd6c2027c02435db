#!/usr/bin/env bash
# scripts/demo.sh - the README's main job: build the library and its tools,
# then parse real bundled tokens and build answers with them.
#
# On a fresh Debian machine it first installs cmake and a compiler with
# apt-get (as root, or through sudo).
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD=${SPNEGO_DEMO_BUILD:-build}

need=""
for p in cmake make gcc libc6-dev; do
    dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
done
if [ -n "$need" ]; then
    sudo_cmd=""
    [ "$(id -u)" = 0 ] || sudo_cmd=sudo
    export DEBIAN_FRONTEND=noninteractive
    $sudo_cmd apt-get update -q >/dev/null
    # shellcheck disable=SC2086
    $sudo_cmd apt-get install -y -q --no-install-recommends $need >/dev/null
fi

cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DSPNEGO_BUILD_TESTS=OFF \
      -DSPNEGO_BUILD_BENCH=OFF >/dev/null
cmake --build "$BUILD" -j2 >/dev/null

tool=$BUILD/examples/spnego
token=tests/vectors/kerberosnet-aes128-spnego-data.der

echo "== spnego dump @$token   (a Windows client's first token)"
"$tool" dump "@$token"
echo
echo "== spnego build resp: the server's answer (accept-completed, MS-krb5 reflected)"
answer=$("$tool" build resp --neg-state accept-completed --supported-mech ms-krb5 \
         --mech-token 6f03020105 --format header)
echo "$answer"
echo
echo "== spnego dump of that answer"
"$tool" dump "$answer"
echo
echo "== spnego_sample: the C API tour on the same tokens"
"$BUILD/examples/spnego_sample" tests/vectors
