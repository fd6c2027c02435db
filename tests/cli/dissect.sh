#!/bin/sh
# tests/cli/dissect.sh - the inner token dissectors on the tokens of
# tests/cli/dissect/ (real Kerberos messages from an MIT KDC and synthetic
# NegoEx / NTLM messages in SPNEGO wrappers; PROVENANCE.md says which).
#
# usage: dissect.sh SPNEGO CASES_DIR [regen]
#
# For each CASES_DIR/<case>.der, `spnego dump` and `spnego dump --json`
# must equal <case>.txt and <case>.json byte for byte (regen rewrites them:
# review the diff), exit 0, print nothing on stderr, and report no
# dissection error (these tokens are well formed).

set -u
if [ $# -lt 2 ]; then
    echo "usage: $0 SPNEGO CASES_DIR [regen]" >&2
    exit 2
fi
BIN=$1
DIR=$2
REGEN=0
[ "${3:-}" = regen ] && REGEN=1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/spnego-dissect.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM
LC_ALL=C
export LC_ALL

fails=0
checks=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

for f in "$DIR"/*.der; do
    n=$(basename "$f" .der)
    for mode in txt json; do
        if [ "$mode" = json ]; then
            "$BIN" dump --json "@$f" >"$TMP/out" 2>"$TMP/err"
        else
            "$BIN" dump "@$f" >"$TMP/out" 2>"$TMP/err"
        fi
        rc=$?
        [ "$rc" -ne 0 ] && fail "$n ($mode): exit $rc"
        [ -s "$TMP/err" ] && fail "$n ($mode): stderr: $(head -n 1 "$TMP/err")"
        if [ "$REGEN" -eq 1 ]; then
            cp "$TMP/out" "$DIR/$n.$mode"
        elif ! cmp -s "$TMP/out" "$DIR/$n.$mode"; then
            fail "$n ($mode): output differs from $DIR/$n.$mode"
            diff -u "$DIR/$n.$mode" "$TMP/out" | head -20
        else
            checks=$((checks + 1))
        fi
    done
    if grep -q ' error: ' "$DIR/$n.txt"; then
        fail "$n: the dissection reports an error"
    fi
done
echo "$checks checks passed, $fails failed"
[ "$fails" -eq 0 ]
