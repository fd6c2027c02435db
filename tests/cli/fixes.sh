#!/bin/sh
# tests/cli/fixes.sh - regressions of the `spnego` tool (issue 12), each
# with the input that showed the bug.
#
# usage: fixes.sh SPNEGO VECTORS_DIR SPNEGO_H GROUP
#   GROUP: path longoid warnings strict base64
# POSIX sh plus od, head, tr, cmp, grep, sed, date.
set -u
if [ $# -lt 4 ]; then
    echo "usage: $0 SPNEGO VECTORS_DIR SPNEGO_H GROUP" >&2
    exit 2
fi
BIN=$1
VEC=$2
HDR=$3
GROUP=$4
TMP=$(mktemp -d "${TMPDIR:-/tmp}/spnego-fixes.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM
LC_ALL=C
export LC_ALL
fails=0
checks=0

fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}

# run ARGS...: the tool, stdout in $TMP/out, stderr in $TMP/err, status $rc.
run() {
    "$BIN" "$@" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    checks=$((checks + 1))
    [ "$rc" -ge 128 ] && fail "crashed with status $rc: $*"
    return 0
}

case $GROUP in
path)
    # `spnego dump token.der`, a plain path, reads the file (it used to
    # say "not DER, hex, base64 or a Negotiate header line", exit 2).
    v=$VEC/gokrb5-http-reject.der
    run dump "@$v"
    cp "$TMP/out" "$TMP/want"
    [ "$rc" = 0 ] || fail "dump @FILE: exit $rc"
    run dump "$v"
    [ "$rc" = 0 ] || fail "dump FILE: exit $rc: $(cat "$TMP/err")"
    cmp -s "$TMP/out" "$TMP/want" || fail "dump FILE differs from dump @FILE"
    cp "$v" "$TMP/token.der"
    (cd "$TMP" && "$BIN" dump token.der >"$TMP/rel" 2>&1) || fail "dump token.der (relative): exit $?"
    cmp -s "$TMP/rel" "$TMP/want" || fail "dump token.der (relative) differs"
    run dump --json "$v"
    [ "$rc" = 0 ] && grep -q '"form": "NegTokenResp"' "$TMP/out" || fail "dump --json FILE"
    # Text files too: hex and base64 in a file named on the command line.
    printf 'a1073005a0030a0102\n' >"$TMP/token.hex"
    run dump "$TMP/token.hex"
    [ "$rc" = 0 ] && cmp -s "$TMP/out" "$TMP/want" || fail "dump FILE with hex text"
    run identify "$v"
    [ "$rc" = 0 ] || fail "identify FILE: exit $rc"
    # Neither a file nor a token: both readings are named.
    run dump "$TMP/no-such.der"
    [ "$rc" = 2 ] || fail "missing file: exit $rc"
    grep -q "^spnego: '$TMP/no-such.der' is neither an existing file nor a token" "$TMP/err" ||
        fail "missing file: stderr '$(cat "$TMP/err")'"
    # A literal token still wins when no such file exists; '-' is stdin.
    run dump a1073005a0030a0102
    [ "$rc" = 0 ] && cmp -s "$TMP/out" "$TMP/want" || fail "literal hex token"
    "$BIN" dump - <"$v" >"$TMP/out" 2>"$TMP/err" && cmp -s "$TMP/out" "$TMP/want" || fail "stdin"
    checks=$((checks + 1))
    ;;
longoid)
    # A NegTokenInit whose one mechanism OID is 3 MiB: 2.999 then 3 MiB
    # of arcs alternating a one-octet arc and a 300-octet one (a number
    # over 64 bits, printed in hex). Rendering it was quadratic (64 KiB:
    # 6 s; 3 MiB: hours); ctest's timeout and the check below catch that.
    n=3145728
    big=$TMP/big.der
    {
        # 60 84 L | 06 06 2b 06 01 05 05 02 | a0 84 L | 30 84 L | a0 84 L |
        # 30 84 L | 06 84 L | 88 37 | arcs...
        oid=$((n + 2))
        hdr() { printf "\\$(printf %03o "$1")\\204"; be32 "$2"; }
        be32() {
            printf "\\$(printf %03o $(($1 >> 24 & 255)))\\$(printf %03o $(($1 >> 16 & 255)))"
            printf "\\$(printf %03o $(($1 >> 8 & 255)))\\$(printf %03o $(($1 & 255)))"
        }
        l5=$oid
        l4=$((l5 + 6))
        l3=$((l4 + 6))
        l2=$((l3 + 6))
        l1=$((l2 + 6))
        l0=$((l1 + 6 + 8))
        hdr 96 $l0
        printf '\006\006\053\006\001\005\005\002'
        hdr 160 $l1
        hdr 48 $l2
        hdr 160 $l3
        hdr 48 $l4
        hdr 6 $l5
        printf '\210\067'
    } >"$big"
    # 3 MiB = 10240 blocks of 307 bytes: 01, then 305 x 81 and 01 ... as
    # one 300-octet arc needs 299 continuation octets and a last one.
    printf '\001' >"$TMP/one"
    head -c 305 /dev/zero | tr '\0' '\201' >"$TMP/cont"
    printf '\001' >>"$TMP/cont"
    cat "$TMP/one" "$TMP/cont" >"$TMP/block"
    blocks=$((n / 307))
    rest=$((n - blocks * 307))
    i=0
    : >"$TMP/b16"
    while [ $i -lt 16 ]; do cat "$TMP/block" >>"$TMP/b16"; i=$((i + 1)); done
    : >"$TMP/b256"
    i=0
    while [ $i -lt 16 ]; do cat "$TMP/b16" >>"$TMP/b256"; i=$((i + 1)); done
    i=0
    while [ $((i + 256)) -le $blocks ]; do cat "$TMP/b256" >>"$big"; i=$((i + 256)); done
    while [ $i -lt $blocks ]; do cat "$TMP/block" >>"$big"; i=$((i + 1)); done
    head -c "$rest" /dev/zero | tr '\0' '\001' >>"$big"
    size=$(wc -c <"$big" | tr -d ' ')
    [ "$size" = $((n + 46)) ] || fail "built a $size-byte token, not $((n + 46))"
    t0=$(date +%s)
    run dump "@$big"
    t1=$(date +%s)
    [ "$rc" = 0 ] || fail "3 MiB OID: exit $rc: $(head -c 300 "$TMP/err")"
    grep -q '^ *[0-9]* *[0-9]* *06 OID 2\.999\.1\.0x1' "$TMP/out" ||
        grep -q '2\.999\.1\.0x' "$TMP/out" || fail "3 MiB OID: dotted text missing"
    echo "3 MiB OID: text dump in $((t1 - t0)) s"
    [ $((t1 - t0)) -le 20 ] || fail "3 MiB OID took $((t1 - t0)) s (linear: about 1 s)"
    t0=$(date +%s)
    run dump --json "@$big"
    t1=$(date +%s)
    [ "$rc" = 0 ] || fail "3 MiB OID --json: exit $rc"
    echo "3 MiB OID: JSON dump in $((t1 - t0)) s"
    [ $((t1 - t0)) -le 20 ] || fail "3 MiB OID --json took $((t1 - t0)) s"
    ;;
warnings|strict)
    # Every SPNEGO_WARN_* bit of the public header has a name in the text
    # and JSON dumps (0x1000 and 0x2000 printed "warnings: none"), and
    # --strict names the rule it refuses (it said only "element value out
    # of range" for a MIC equal to the mech token). One token per bit (as
    # in tests/test_policy.c); a new bit without a row here fails.
    M=a0053003'06012b'
    T=06062b0601050502
    token_for() {
        case $1 in
        NONMINIMAL_LENGTH) echo a108308105a0030a0100 ;;
        TRAILING_BYTES) echo a1073005a0030a010000 ;;
        REQFLAGS_NOT_DER) echo 6019${T}a00f300d${M}a10403020140 ;;
        REQFLAGS_UNUSUAL) echo 6018${T}a00e300c${M}a103030100 ;;
        UNFRAMED_INIT) echo a0093007${M} ;;
        FRAMED_RESP) echo 6011${T}a1073005a0030a0100 ;;
        UNKNOWN_FIELD) echo a10b3009a0030a0100a4020500 ;;
        MISSING_MECHTYPES) echo 6011${T}a0073005a2030401aa ;;
        EMPTY_RESP) echo a1023000 ;;
        MISSING_NEGSTATE) echo a1073005a10306012b ;;
        EMPTY_MECH_TOKEN) echo a10b3009a0030a0101a2020400 ;;
        MIC_IS_MECH_TOKEN) echo a111300fa0030a0101a2030401aaa3030401aa ;;
        EMPTY_MIC) echo a10b3009a0030a0100a3020400 ;;
        HINT_NAME_NUL) echo 601e${T}a0143012${M}a3093007a0051b03610062 ;;
        *) echo "" ;;
        esac
    }
    M=$(echo "$M" | tr -d "'")
    bits=$(sed -n 's/^#define SPNEGO_WARN_\([A-Z0-9_]*\) \(0x[0-9A-Fa-f]*\)UL.*/\1 \2/p' "$HDR")
    [ -n "$bits" ] || fail "no SPNEGO_WARN_* in $HDR"
    echo "$bits" | while read -r name value; do
        echo "$name $value"
    done >"$TMP/bits"
    nbits=0
    while read -r name value; do
        nbits=$((nbits + 1))
        hex=$(token_for "$name")
        if [ -z "$hex" ]; then
            fail "SPNEGO_WARN_$name: no token in tests/cli/fixes.sh (add one)"
            continue
        fi
        mask=$(printf '%d' "$value")
        if [ "$GROUP" = warnings ]; then
            run dump "$hex"
            [ "$rc" = 0 ] || fail "SPNEGO_WARN_$name: dump exit $rc"
            grep -q "^warning: [a-z0-9-]* (SPNEGO_WARN_$name): ." "$TMP/out" ||
                fail "SPNEGO_WARN_$name: no named warning line in the text dump"
            grep -q "unnamed\|^warnings: none" "$TMP/out" &&
                fail "SPNEGO_WARN_$name: text dump has an unnamed warning or 'none'"
            run dump --json "$hex"
            [ "$rc" = 0 ] || fail "SPNEGO_WARN_$name: dump --json exit $rc"
            grep -q "\"constant\": \"SPNEGO_WARN_$name\"" "$TMP/out" ||
                fail "SPNEGO_WARN_$name: no named warning in the JSON dump"
            grep -q '"name": "unnamed"' "$TMP/out" && fail "SPNEGO_WARN_$name: unnamed in JSON"
            got=$(sed -n 's/^  "warning_mask": \([0-9]*\),$/\1/p' "$TMP/out")
            [ $((got & mask)) = "$mask" ] || fail "SPNEGO_WARN_$name: warning_mask $got"
        else
            run dump --strict "$hex"
            [ "$rc" = 1 ] || fail "SPNEGO_WARN_$name: --strict exit $rc"
            grep -q "^spnego: --strict refuses [a-z0-9-]* (SPNEGO_WARN_$name): ." "$TMP/err" ||
                fail "SPNEGO_WARN_$name: --strict does not name the rule: $(cat "$TMP/err")"
        fi
    done <"$TMP/bits"
    [ "$nbits" -ge 14 ] || fail "only $nbits SPNEGO_WARN_* bits found in $HDR"
    if [ "$GROUP" = strict ]; then
        # The case from the issue, exactly.
        run dump --strict a111300fa0030a0101a2030401aaa3030401aa
        sed -n 2p "$TMP/err" | grep -q '^spnego: --strict refuses mic-is-mech-token (SPNEGO_WARN_MIC_IS_MECH_TOKEN)' ||
            fail "MIC == mech token under --strict: $(cat "$TMP/err")"
    else
        run dump a10b3009a0030a0100a3020400
        grep -q '^warning: empty-mic (SPNEGO_WARN_EMPTY_MIC)' "$TMP/out" || fail "empty-mic text"
    fi
    ;;
base64)
    # Padding bits set in the last base64 group (RFC 4648 3.5 lets a
    # decoder accept them; Windows sends them): decoded like the canonical
    # text, by the tool and inside a Negotiate header.
    run dump a10b3009a0030a0100a3020400
    cp "$TMP/out" "$TMP/want"
    run dump oQswCaADCgEAowIEAA==
    [ "$rc" = 0 ] && cmp -s "$TMP/out" "$TMP/want" || fail "canonical base64"
    run dump oQswCaADCgEAowIEAP==
    [ "$rc" = 0 ] && cmp -s "$TMP/out" "$TMP/want" || fail "base64 with padding bits: exit $rc: $(cat "$TMP/err")"
    run dump "Authorization: Negotiate oQswCaADCgEAowIEAP=="
    [ "$rc" = 0 ] && cmp -s "$TMP/out" "$TMP/want" || fail "header with padding bits: exit $rc"
    ;;
*)
    echo "unknown group $GROUP" >&2
    exit 2
    ;;
esac
echo "fixes.sh $GROUP: $checks checks, $fails failed"
[ "$fails" = 0 ]
