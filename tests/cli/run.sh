#!/bin/sh
# tests/cli/run.sh - tests of the `spnego` command-line tool.
#
# usage: run.sh SPNEGO VECTORS_DIR GOLDEN_DIR [GROUP]
#   GROUP: golden malformed strict inputs roundtrip identify usage, or all
#   (default), or regen: rewrite every golden file from the current tool
#   (review the diff before committing it; docs/cli.md explains how).
#
# Every check compares exact bytes and exact exit codes. An exit code of
# 128 or more (a signal: crash, abort, sanitizer) always fails.
# POSIX sh plus od, cmp, diff, sed, awk, tr and base64.

set -u
if [ $# -lt 3 ]; then
    echo "usage: $0 SPNEGO VECTORS_DIR GOLDEN_DIR [GROUP]" >&2
    exit 2
fi
BIN=$1
VEC=$2
GOLD=$3
GROUP=${4:-all}
REGEN=0
if [ "$GROUP" = regen ]; then
    REGEN=1
    GROUP=all
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/spnego-cli.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM
LC_ALL=C
export LC_ALL

fails=0
checks=0

fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}

pass() {
    checks=$((checks + 1))
}

# run CMD ARGS...: stdout to $TMP/out, stderr to $TMP/err, status in $rc.
run() {
    "$@" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    if [ "$rc" -ge 128 ]; then
        fail "crashed with status $rc: $*"
    fi
}

# expect_rc CODE WHAT
expect_rc() {
    if [ "$rc" -ne "$1" ]; then
        fail "$2: exit $rc, expected $1"
        sed 's/^/    stderr: /' "$TMP/err" | head -5
        return 1
    fi
    pass
    return 0
}

# same FILE GOLDEN WHAT: byte-exact comparison (or copy in regen mode).
same() {
    if [ "$REGEN" -eq 1 ] && [ "${4:-}" != noregen ]; then
        cp "$1" "$2"
        return 0
    fi
    if [ ! -f "$2" ]; then
        fail "$3: golden file $2 is missing (run with GROUP=regen)"
        return 1
    fi
    if ! cmp -s "$1" "$2"; then
        fail "$3: output differs from $2"
        diff -u "$2" "$1" | head -20
        return 1
    fi
    pass
    return 0
}

# expect_text WHAT EXPECTED: $TMP/err (or $TMP/out with OUT=1) equals one line.
expect_err() {
    printf '%s\n' "$2" >"$TMP/want"
    if ! cmp -s "$TMP/err" "$TMP/want"; then
        fail "$1: stderr differs"
        diff -u "$TMP/want" "$TMP/err" | head -10
        return 1
    fi
    pass
}

expect_out() {
    printf '%s\n' "$2" >"$TMP/want"
    if ! cmp -s "$TMP/out" "$TMP/want"; then
        fail "$1: stdout differs"
        diff -u "$TMP/want" "$TMP/out" | head -10
        return 1
    fi
    pass
}

tohex() {
    od -An -v -tx1 "$1" | tr -d ' \n'
}

tob64() {
    base64 <"$1" | tr -d '\n\r'
}

want() {
    [ "$GROUP" = all ] || [ "$GROUP" = "$1" ]
}

# ---- golden: text and JSON dump of every valid vector ----
if want golden; then
    for f in "$VEC"/*.der; do
        n=$(basename "$f" .der)
        run "$BIN" dump "@$f"
        expect_rc 0 "dump $n" && same "$TMP/out" "$GOLD/$n.txt" "dump $n"
        [ -s "$TMP/err" ] && fail "dump $n: unexpected stderr"
        run "$BIN" dump --json "@$f"
        expect_rc 0 "dump --json $n" && same "$TMP/out" "$GOLD/$n.json" "dump --json $n"
    done
    # No golden without its vector.
    for g in "$GOLD"/*.txt "$GOLD"/*.json; do
        n=$(basename "$g")
        case $n in cli-*) continue ;; esac
        n=${n%.*}
        [ -f "$VEC/$n.der" ] || fail "stale golden $g (no $VEC/$n.der)"
    done
fi

# ---- malformed: every case exits 0 or 1, never crashes ----
# DESIGN.md 4: default parsing accepts three canonical-DER-only rules with
# a warning (non-minimal lengths, trailing bytes); all other rejects fail.
DER_ONLY=" len-nonminimal-81.der len-nonminimal-82.der len-nonminimal-inner-81.der trailing-garbage.der trailing-garbage-framed.der "
awk -F'"' '/"file":/ { f = $4 } /"expect":/ { print f, $4 }' \
    "$VEC/malformed/manifest.json" >"$TMP/verdicts"
if want malformed; then
    [ "$(wc -l <"$TMP/verdicts")" -ge 59 ] || fail "manifest parse: only $(wc -l <"$TMP/verdicts") cases"
    : >"$TMP/agg"
    while read -r file verdict; do
        f="$VEC/malformed/$file"
        [ -f "$f" ] || { fail "missing $f"; continue; }
        run "$BIN" dump "@$f"
        case "$verdict:$DER_ONLY" in
        reject:*" $file "*|accept-with-warning:*) expected=0 ;;
        *) expected=1 ;;
        esac
        expect_rc $expected "malformed $file ($verdict)"
        if [ $expected -eq 1 ]; then
            if [ -s "$TMP/out" ] || ! grep -q '^spnego: invalid token: SPNEGO_E_[A-Z_]* (-[0-9]*): .*, at byte offset [0-9]*$' "$TMP/err"; then
                fail "malformed $file: no 'invalid token: SPNEGO_E_...' message"
            fi
        elif ! grep -q '^warning: [a-z-]* (SPNEGO_WARN_[A-Z_]*): ' "$TMP/out"; then
            fail "malformed $file: accepted without a warning"
        fi
        { echo "== $file rc=$rc"; cat "$TMP/err"; grep '^warning\|^trailing' "$TMP/out"; } >>"$TMP/agg"
        run "$BIN" dump --json "@$f"
        expect_rc $expected "malformed --json $file"
    done <"$TMP/verdicts"
    same "$TMP/agg" "$GOLD/cli-malformed.txt" "malformed summary"
fi

# ---- strict: every malformed case is refused; warning-free vectors
# dump the same as by default ----
if want strict; then
    while read -r file verdict; do
        run "$BIN" dump --strict "@$VEC/malformed/$file"
        expect_rc 1 "--strict malformed $file ($verdict)"
    done <"$TMP/verdicts"
    for f in "$VEC"/*.der; do
        n=$(basename "$f" .der)
        run "$BIN" dump --strict "@$f"
        if grep -q '^warnings: none$' "$GOLD/$n.txt"; then
            expect_rc 0 "--strict $n" && same "$TMP/out" "$GOLD/$n.txt" "--strict $n" noregen
            run "$BIN" dump --strict --json "@$f"
            sed 's/^  "strict": false,$/  "strict": true,/' "$GOLD/$n.json" >"$TMP/strict.json"
            expect_rc 0 "--strict --json $n" && same "$TMP/out" "$TMP/strict.json" "--strict --json $n" noregen
        else
            expect_rc 1 "--strict $n (has warnings)"
            grep -q '^spnego: invalid token: SPNEGO_E_' "$TMP/err" || fail "--strict $n: no error name"
        fi
    done
fi

# ---- inputs: DER, hex, base64 and header lines give identical output ----
if want inputs; then
    for f in "$VEC"/*.der; do
        n=$(basename "$f" .der)
        g="$GOLD/$n.txt"
        hex=$(tohex "$f")
        b64=$(tob64 "$f")
        run "$BIN" dump <"$f"; expect_rc 0 "stdin der $n" && same "$TMP/out" "$g" "stdin der $n" noregen
        run "$BIN" dump - <"$f"; expect_rc 0 "- der $n" && same "$TMP/out" "$g" "- der $n" noregen
        run "$BIN" dump --input der "@$f"; expect_rc 0 "--input der $n" && same "$TMP/out" "$g" "--input der $n" noregen
        run "$BIN" dump "$hex"; expect_rc 0 "hex $n" && same "$TMP/out" "$g" "hex $n" noregen
        od -An -v -tx1 "$f" | sed 's/^ //; s/ /:/g' >"$TMP/colon.txt"
        run "$BIN" dump "@$TMP/colon.txt"; expect_rc 0 "colon hex $n" && same "$TMP/out" "$g" "colon hex $n" noregen
        run "$BIN" dump "0x$(printf '%s' "$hex" | tr 'a-f' 'A-F')"; expect_rc 0 "0xHEX $n" && same "$TMP/out" "$g" "0xHEX $n" noregen
        run "$BIN" dump --input=hex "$(od -An -v -tx1 "$f" | tr -d '\n')"; expect_rc 0 "spaced hex $n" && same "$TMP/out" "$g" "spaced hex $n" noregen
        run "$BIN" dump "$b64"; expect_rc 0 "base64 $n" && same "$TMP/out" "$g" "base64 $n" noregen
        base64 <"$f" >"$TMP/b64.txt"
        run "$BIN" dump - <"$TMP/b64.txt"; expect_rc 0 "wrapped base64 $n" && same "$TMP/out" "$g" "wrapped base64 $n" noregen
        run "$BIN" dump --input base64 "$b64"; expect_rc 0 "--input base64 $n" && same "$TMP/out" "$g" "--input base64 $n" noregen
        run "$BIN" dump "Negotiate $b64"; expect_rc 0 "Negotiate $n" && same "$TMP/out" "$g" "Negotiate $n" noregen
        run "$BIN" dump "Authorization: Negotiate $b64"; expect_rc 0 "Authorization $n" && same "$TMP/out" "$g" "Authorization $n" noregen
        printf 'WWW-Authenticate: Negotiate %s\r\n' "$b64" >"$TMP/hdr.txt"
        run "$BIN" dump "@$TMP/hdr.txt"; expect_rc 0 "WWW-Authenticate $n" && same "$TMP/out" "$g" "WWW-Authenticate $n" noregen
        run "$BIN" dump --input header "proxy-authorization:negotiate $b64"; expect_rc 0 "Proxy-Authorization $n" && same "$TMP/out" "$g" "Proxy-Authorization $n" noregen
        run "$BIN" dump --json "Authorization: Negotiate $b64"; expect_rc 0 "json header $n" && same "$TMP/out" "$GOLD/$n.json" "json header $n" noregen
    done
fi

# ---- roundtrip: build with every option, then dump ----
if want roundtrip; then
    printf '\140\013\006\011\052\206\110\206\367\022\001\002\002\001\000' >"$TMP/apreq.bin"
    printf 'host/web.example.com@EXAMPLE.COM' >"$TMP/hint.bin"
    NTLM_NEG=4e544c4d5353500001000000978208e2000000000000000000000000000000000a00f4650000000f
    NTLM_CHAL=4e544c4d53535000020000000000000000000000058289e20123456789abcdef0000000000000000
    NTLM_AUTH=4e544c4d53535000030000000000000000000000000000000000000000000000000000000000000000000000
    SIG=01000000001122334455667700000000
    ODD=$(printf 'a b"c\\d\001\351')
    : >"$TMP/agg"
    # rt ARGS...: build ARGS in every format, dump it, record hex + dump.
    rt() {
        run "$BIN" build "$@" --format hex
        expect_rc 0 "build $*" || return
        cp "$TMP/out" "$TMP/built.hex"
        { echo "\$ spnego build $*" | sed "s|$TMP|\$TMP|g"; cat "$TMP/built.hex"; } >>"$TMP/agg"
        run "$BIN" dump "@$TMP/built.hex"
        expect_rc 0 "dump of build $*"
        cat "$TMP/out" >>"$TMP/agg"
        cp "$TMP/out" "$TMP/built.txt"
        # Every output format carries the same token.
        for fmt in base64 header der; do
            run "$BIN" build "$@" --format $fmt
            cp "$TMP/out" "$TMP/built.$fmt"
            run "$BIN" dump "@$TMP/built.$fmt"
            expect_rc 0 "build --format $fmt $*" && same "$TMP/out" "$TMP/built.txt" "build --format $fmt $*" noregen
        done
        # Built tokens are strict DER, except the MIT reqFlags form.
        run "$BIN" dump --strict "@$TMP/built.der"
        if [ $rc -ne 0 ] && ! grep -q '^warning: reqflags-not-der' "$TMP/built.txt"; then
            fail "built token refused by --strict: $*"
        fi
    }
    rt init --mech krb5
    rt init --mech krb5 --mech ntlmssp --mech negoex --mech iakerb --mech ms-krb5 --mech krb5-u2u --mech spnego --mech 1.3.5.1.5.2
    rt init --mech krb5 --flags deleg,mutual,replay,sequence,anon,conf,integ
    rt init --mech krb5 --flags mutual
    rt init --mech krb5 --flags mutual --der-reqflags
    rt init --mech ntlmssp --mech-token "$NTLM_NEG" --mic 01:02:03:04
    rt init --mech krb5 --mech-token "@$TMP/apreq.bin"
    rt init --mech=ms-krb5 --mech=krb5 --flags=mutual,integ --mech-token="60 0b 06 09 2a 86 48 86 f7 12 01 02 02 01 00"
    rt init2 --mech krb5 --mech ntlmssp
    rt init2 --mech negoex --mech ntlmssp --hint-name host/web.example.com@EXAMPLE.COM --hint-address "@$TMP/hint.bin" --flags conf,integ --mech-token "$NTLM_NEG" --mic aabbccdd
    rt init2 --mech krb5 --no-hint-sentinel
    rt init2 --mech krb5 --no-neg-hints --mic 0102
    rt init2 --mech krb5 --hint-name ""
    rt init2 --mech krb5 --no-hint-sentinel --hint-address 0a000001
    rt init2 --mech krb5 --hint-name "$ODD"
    rt resp --neg-state accept-completed --supported-mech krb5 --mech-token 600b06092a864886f7120102020200
    rt resp --neg-state accept-incomplete --supported-mech ntlmssp --mech-token "$NTLM_CHAL"
    rt resp --neg-state reject
    rt resp --neg-state request-mic --supported-mech 1.3.6.1.4.1.311.2.2.30 --mic "$SIG"
    rt resp --mech-token "$NTLM_AUTH" --mic "$SIG"
    rt resp --neg-state accept-completed --mic "$SIG"
    rt resp --supported-mech ms-krb5 --neg-state accept-completed
    same "$TMP/agg" "$GOLD/cli-roundtrip.txt" "build/dump round trips"

    # Exact bytes fixed by DESIGN.md, independent of any golden file.
    run "$BIN" build resp --neg-state reject --format hex
    expect_out "reject hex" "a1073005a0030a0102"
    run "$BIN" build resp --neg-state reject
    expect_out "reject base64" "oQcwBaADCgEC"
    run "$BIN" build resp --neg-state reject --format header
    expect_out "reject header" "Negotiate oQcwBaADCgEC"
    run "$BIN" build resp --neg-state reject --format der
    printf '\241\007\060\005\240\003\012\001\002' >"$TMP/reject.der"
    same "$TMP/out" "$TMP/reject.der" "reject der" noregen
    run "$BIN" build init --mech krb5 --flags mutual --format hex
    expect_out "init mutual (MIT form)" "602106062b0601050502a0173015a00d300b06092a864886f712010202a10403020140"
    run "$BIN" build init --mech krb5 --flags mutual --der-reqflags --format hex
    expect_out "init mutual (DER form)" "602106062b0601050502a0173015a00d300b06092a864886f712010202a10403020640"
    # MIT's expected NegTokenInit2 (vector mit-t_spnego-neghints-init2).
    run "$BIN" build init2 --mech krb5 --format der
    same "$TMP/out" "$VEC/mit-t_spnego-neghints-init2.der" "MIT neghints init2" noregen
    # MIT's reflected MS-krb5 reply.
    run "$BIN" build resp --neg-state accept-completed --supported-mech ms-krb5 --format der
    same "$TMP/out" "$VEC/mit-t_spnego-mskrb5-reflect-resp.der" "MIT ms-krb5 reflect" noregen
fi

# ---- identify ----
if want identify; then
    : >"$TMP/agg"
    for f in "$VEC"/*.der; do
        n=$(basename "$f" .der)
        run "$BIN" identify "@$f"
        expect_rc 0 "identify $n"
        printf '%s: %s\n' "$n" "$(cat "$TMP/out")" >>"$TMP/agg"
    done
    same "$TMP/agg" "$GOLD/cli-identify.txt" "identify of the vectors"
    run "$BIN" identify 4e544c4d535350000100000007820008000000000000000000000000000000000000000000000000
    expect_rc 0 "identify raw NTLM" && expect_out "identify raw NTLM" "raw NTLMSSP NEGOTIATE"
    run "$BIN" identify "Authorization: Negotiate TlRMTVNTUAABAAAAB4IACAAAAAAAAAAAAAAAAAAAAAA="
    expect_rc 0 "identify NTLM header" && expect_out "identify NTLM header" "raw NTLMSSP NEGOTIATE"
    run "$BIN" dump "Authorization: Negotiate TlRMTVNTUAABAAAAB4IACAAAAAAAAAAAAAAAAAAAAAA="
    expect_rc 1 "dump raw NTLM header"
    grep -q '^spnego: note: the input looks like a raw NTLMSSP NEGOTIATE, not SPNEGO$' "$TMP/err" || fail "dump raw NTLM: no note"
    run "$BIN" identify 4e544c4d53535000020000000000000000000000
    expect_out "identify NTLM challenge" "raw NTLMSSP CHALLENGE"
    run "$BIN" identify 4e544c4d53535000030000000000000000000000
    expect_out "identify NTLM authenticate" "raw NTLMSSP AUTHENTICATE"
    run "$BIN" identify 600f06092a864886f7120102020100aabb
    expect_out "identify GSS krb5 AP-REQ" "raw Kerberos AP-REQ"
    run "$BIN" identify 600f06092a864882f7120102020300aabb
    expect_out "identify GSS ms-krb5 KRB-ERROR" "raw Kerberos KRB-ERROR"
    run "$BIN" identify 6e03020105
    expect_out "identify bare AP-REQ" "raw Kerberos AP-REQ (no GSS header)"
    run "$BIN" identify 7e03020105
    expect_out "identify bare KRB-ERROR" "raw Kerberos KRB-ERROR (no GSS header)"
    run "$BIN" identify 0102
    expect_rc 0 "identify unknown" && expect_out "identify unknown" "unknown"
    run "$BIN" identify --input hex a1073005a0030a0102
    expect_out "identify reject" "SPNEGO resp"
fi

# ---- usage: exit 2 with a helpful message; help and version exit 0 ----
if want usage; then
    run "$BIN"
    expect_rc 2 "no arguments"
    grep -q '^usage: spnego <command>' "$TMP/err" || fail "no arguments: no usage on stderr"
    for h in --help "dump --help" "identify --help" "build --help" "build init --help"; do
        # shellcheck disable=SC2086
        run "$BIN" $h
        expect_rc 0 "$h"
        grep -q '^usage: spnego' "$TMP/out" || fail "$h: no usage on stdout"
        [ -s "$TMP/err" ] && fail "$h: wrote to stderr"
    done
    run "$BIN" --version
    expect_rc 0 "--version"
    grep -q '^spnego (libspnego) [0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*$' "$TMP/out" || fail "--version output"

    # usage_case EXPECTED_STDERR_FIRST_LINE ARGS...: exit 2, that message.
    usage_case() {
        msg=$1
        shift
        run "$BIN" "$@"
        expect_rc 2 "usage: $*"
        if [ "$(head -n 1 "$TMP/err")" != "$msg" ]; then
            fail "usage: $*: stderr is '$(head -n 1 "$TMP/err")', expected '$msg'"
        fi
        [ -s "$TMP/out" ] && fail "usage: $*: wrote to stdout"
    }
    usage_case "spnego: unknown command 'frob' (dump, identify, build, exchange)" frob
    usage_case "spnego: unknown option '--bogus'" dump --bogus a1073005a0030a0102
    usage_case "spnego: unknown option '--json'" identify --json a1073005a0030a0102
    usage_case "spnego: option '--input' needs a value" dump --input
    usage_case "spnego: unknown input format 'xml'" dump --input xml a107
    usage_case "spnego: unknown input format 'pem'" dump --input=pem a107
    usage_case "spnego: more than one token given ('a107')" dump a107 a107
    usage_case "spnego: bad hex in the input (odd digit count or a non-hex character)" dump --input hex a10
    usage_case "spnego: bad hex in the input (odd digit count or a non-hex character)" dump --input hex zz
    usage_case "spnego: 'not a token!' is neither an existing file nor a token (DER, hex, base64 or a Negotiate header line)" dump 'not a token!'
    usage_case "spnego: input is not a Negotiate header line" dump --input header a1073005a0030a0102
    usage_case "spnego: bad Negotiate header: SPNEGO_E_INVALID_HEADER (-21): not a Negotiate header value" dump "Authorization: Basic dXNlcjpwYXNz"
    usage_case "spnego: the Negotiate header holds invalid base64" dump "Negotiate oQcw!!"
    usage_case "spnego: cannot open '$TMP/nonexistent'" dump "@$TMP/nonexistent"
    usage_case "spnego: missing form: init, init2 or resp" build
    usage_case "spnego: unknown form 'frob' (init, init2 or resp)" build frob
    usage_case "spnego: at least one --mech is required" build init
    usage_case "spnego: at least one --mech is required" build init2 --flags mutual
    usage_case "spnego: unknown mechanism or bad OID 'kerberos'" build init --mech kerberos
    usage_case "spnego: unknown mechanism or bad OID '3.1'" build init --mech 3.1
    usage_case "spnego: unknown mechanism or bad OID '1'" build resp --supported-mech 1
    usage_case "spnego: option '--mech' needs a value" build init --mech
    usage_case "spnego: unknown option '--mechs'" build init --mechs krb5
    usage_case "spnego: option '--der-reqflags' takes no value" build init --mech krb5 --der-reqflags=1
    usage_case "spnego: bad --flags list 'mutual,bogus' (deleg,mutual,replay,sequence,anon,conf,integ)" build init --mech krb5 --flags mutual,bogus
    usage_case "spnego: bad --flags list 'mutual,' (deleg,mutual,replay,sequence,anon,conf,integ)" build init --mech krb5 --flags mutual,
    usage_case "spnego: bad hex 'xyz' (even number of hex digits, spaces and colons allowed)" build init --mech krb5 --mech-token xyz
    usage_case "spnego: bad hex 'abc' (even number of hex digits, spaces and colons allowed)" build resp --mic abc
    usage_case "spnego: cannot read '@$TMP/nonexistent'" build init --mech krb5 --mech-token "@$TMP/nonexistent"
    usage_case "spnego: unknown --neg-state 'maybe' (accept-completed, accept-incomplete, reject, request-mic)" build resp --neg-state maybe
    usage_case "spnego: unknown --format 'pem' (base64, hex, der, header)" build resp --neg-state reject --format pem
    usage_case "spnego: option '--neg-state' does not apply to 'build init'" build init --mech krb5 --neg-state reject
    usage_case "spnego: option '--hint-name' does not apply to 'build init'" build init --mech krb5 --hint-name x
    usage_case "spnego: option '--mech' does not apply to 'build resp'" build resp --mech krb5
    usage_case "spnego: option '--no-neg-hints' does not apply to 'build init'" build init --mech krb5 --no-neg-hints
    usage_case "spnego: the library refused to build this token: SPNEGO_E_INVALID_PARAMETER (-8): invalid parameter" build init2 --mech krb5 --no-neg-hints --hint-name x
    usage_case "spnego: the library refused to build this token: SPNEGO_E_INVALID_PARAMETER (-8): invalid parameter" build init2 --mech krb5 --no-neg-hints
    usage_case "spnego: the library refused to build this token: SPNEGO_E_INVALID_PARAMETER (-8): invalid parameter" build resp
    : >"$TMP/empty.bin"
    usage_case "spnego: the library refused to build this token: SPNEGO_E_INVALID_PARAMETER (-8): invalid parameter" build init --mech krb5 --mech-token "@$TMP/empty.bin"

    # A bare challenge and an empty token are invalid tokens (exit 1).
    run "$BIN" dump "WWW-Authenticate: Negotiate"
    expect_rc 1 "bare challenge" && expect_err "bare challenge" "spnego: the header is a bare 'Negotiate' challenge and carries no token"
    run "$BIN" dump "@$TMP/empty.bin"
    expect_rc 1 "empty file"
    run "$BIN" dump --input hex a1073005a0030a01
    expect_rc 1 "truncated reject" && expect_err "truncated reject" "spnego: invalid token: SPNEGO_E_INVALID_LENGTH (-2): invalid, truncated or overlong DER length, at byte offset 0"
fi

echo "$checks checks passed, $fails failed"
[ "$fails" -eq 0 ]
