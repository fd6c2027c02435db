#!/bin/sh
# tests/cli/exchange.sh - tests of `spnego exchange` (the exchange check).
#
# usage: exchange.sh SPNEGO CASES_DIR [regen]
#
# Every CASES_DIR/*.txt is an exchange (a `curl -v` transcript, header
# lines, or one token per line); its full output plus "exit: N" must equal
# CASES_DIR/<case>.out byte for byte (regen rewrites them: review the diff).
# Independent of the goldens: the clean exchanges (interop-*, syringe-*)
# exit 0 with "findings: none", and each tampered-* case reports exactly the
# rules named below; --json output parses (python3, when present).
# An exit code of 128 or more (a crash) always fails.

set -u
if [ $# -lt 2 ]; then
    echo "usage: $0 SPNEGO CASES_DIR [regen]" >&2
    exit 2
fi
BIN=$1
DIR=$2
REGEN=0
[ "${3:-}" = regen ] && REGEN=1
TMP=$(mktemp -d "${TMPDIR:-/tmp}/spnego-exchange.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM
LC_ALL=C
export LC_ALL
PY=
for p in /usr/bin/python3 python3; do
    if command -v "$p" >/dev/null 2>&1; then PY=$p; break; fi
done

fails=0
checks=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { checks=$((checks + 1)); }

# The rules each tampered case must report (and nothing else).
expected_rules() {
    case $1 in
    tampered-mech-changed) echo "mech-changed" ;;
    tampered-initiator-mic-missing) echo "early-complete" ;;
    tampered-acceptor-mic-missing) echo "mic-missing" ;;
    tampered-early-complete-ntlm) echo "after-final early-complete mic-missing" ;;
    tampered-early-complete-krb5) echo "early-complete" ;;
    *) echo "" ;;
    esac
}

for f in "$DIR"/*.txt; do
    n=$(basename "$f" .txt)
    "$BIN" exchange "@$f" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    [ "$rc" -ge 128 ] && fail "$n: crashed ($rc)"
    echo "exit: $rc" >>"$TMP/out"
    if [ "$REGEN" -eq 1 ]; then
        cp "$TMP/out" "$DIR/$n.out"
    elif ! cmp -s "$TMP/out" "$DIR/$n.out"; then
        fail "$n: output differs from $DIR/$n.out"
        diff -u "$DIR/$n.out" "$TMP/out" | head -20
    else
        pass
    fi
    [ -s "$TMP/err" ] && fail "$n: unexpected stderr: $(head -n 1 "$TMP/err")"
    got=$(sed -n 's/^finding: \[\([a-z-]*\)\].*/\1/p' "$TMP/out" | sort -u | tr '\n' ' ' | sed 's/ $//')
    case $n in
    tampered-*)
        want=$(expected_rules "$n")
        if [ "$rc" -ne 1 ] || [ "$got" != "$want" ]; then
            fail "$n: exit $rc, rules '$got', expected exit 1 and rules '$want'"
        else
            pass
        fi
        ;;
    *)
        if [ "$rc" -ne 0 ] || ! grep -q '^findings: none$' "$TMP/out"; then
            fail "$n: a clean exchange gave exit $rc, rules '$got'"
        else
            pass
        fi
        ;;
    esac
    "$BIN" exchange --json "@$f" >"$TMP/json" 2>"$TMP/err"
    jrc=$?
    if [ "$jrc" -ne "$rc" ]; then
        fail "$n: --json exit $jrc, text exit $rc"
    elif [ -n "$PY" ] && ! "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["schema"] == "libspnego-exchange/1" and d["num_findings"] == len(d["findings"]) else 1)' "$TMP/json"; then
        fail "$n: --json output is not a valid libspnego-exchange/1 object"
    else
        pass
    fi
done

# The same exchange given as arguments and on standard input.
set -- $(grep -v '^#' "$DIR/syringe-ntlm-4legs.txt")
"$BIN" exchange "$@" >"$TMP/args" 2>&1
rc1=$?
grep -v '^#' "$DIR/syringe-ntlm-4legs.txt" | "$BIN" exchange >"$TMP/stdin" 2>&1
rc2=$?
if [ "$rc1" -ne 0 ] || [ "$rc2" -ne 0 ] || ! cmp -s "$TMP/args" "$TMP/stdin"; then
    fail "arguments and stdin give different results ($rc1, $rc2)"
else
    pass
fi
# Usage errors.
"$BIN" exchange --bogus >"$TMP/out" 2>&1
[ $? -eq 2 ] && pass || fail "exchange --bogus: not exit 2"
printf '# nothing but a comment\n' | "$BIN" exchange >"$TMP/out" 2>&1
rc=$?
if [ "$rc" -eq 2 ] && grep -q "no token found" "$TMP/out"; then pass; else fail "no token: exit $rc"; fi

echo "$checks checks passed, $fails failed"
[ "$fails" -eq 0 ]
