/*
 * test_policy.c - the parsing policy of DESIGN.md section 4 and the
 * building policy of section 5, one warning bit at a time.
 *
 * Every row of the tables below is a minimal hand-made token. The hex is
 * split at TLV boundaries and the comment above it walks the TLVs with
 * the byte offset of the element the error offset points at. Columns:
 * default rc / warnings / error offset (spnegoValidateToken), STRICT rc /
 * error offset, and the token length spnegoTokenGetBinaryPtr returns
 * (trailing bytes excluded; 0 when the token is refused by default).
 *
 * Building blocks (offsets of a framed NegTokenInit):
 *   @0 60 L | @2 06 06 2b0601050502 | @10 a0 L | @12 30 L | @14 fields
 *   M = a0 05 30 03 06 01 2b      mechTypes { 1.3 } (7 bytes, @14..@20)
 *   so the field after M starts @21 and its inner TLV @23.
 * Framed content length = 8 (thisMech) + 4 + f for f bytes of fields.
 * A bare NegTokenResp is @0 a1 L | @2 30 L | @4 fields.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "spnego.h"
#include "spnego_test.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#define OK SPNEGO_E_SUCCESS
#define E_LEN SPNEGO_E_INVALID_LENGTH
#define E_TOKEN SPNEGO_E_INVALID_TOKEN
#define E_TYPE SPNEGO_E_UNEXPECTED_TYPE
#define E_ELEM SPNEGO_E_INVALID_ELEMENT
#define E_TRAIL SPNEGO_E_TRAILING_DATA
#define E_OID SPNEGO_E_INVALID_OID
#define E_ORDER SPNEGO_E_ELEMENT_ORDER
#define E_NOTDER SPNEGO_E_NOT_DER
#define E_MISSING SPNEGO_E_MISSING_ELEMENT

#define W_NONMIN SPNEGO_WARN_NONMINIMAL_LENGTH
#define W_TRAIL SPNEGO_WARN_TRAILING_BYTES
#define W_RF_DER SPNEGO_WARN_REQFLAGS_NOT_DER
#define W_RF_ODD SPNEGO_WARN_REQFLAGS_UNUSUAL
#define W_UNFRAMED SPNEGO_WARN_UNFRAMED_INIT
#define W_FRAMED SPNEGO_WARN_FRAMED_RESP
#define W_UNKNOWN SPNEGO_WARN_UNKNOWN_FIELD
#define W_NOMECHS SPNEGO_WARN_MISSING_MECHTYPES
#define W_EMPTYRESP SPNEGO_WARN_EMPTY_RESP
#define W_NONEG SPNEGO_WARN_MISSING_NEGSTATE
#define W_EMPTYTOK SPNEGO_WARN_EMPTY_MECH_TOKEN
#define W_MICTOK SPNEGO_WARN_MIC_IS_MECH_TOKEN
#define W_EMPTYMIC SPNEGO_WARN_EMPTY_MIC
#define W_NUL SPNEGO_WARN_HINT_NAME_NUL

/* thisMech TLV of the framing, and M. */
#define THISMECH "06062b0601050502"
#define M "a005" "3003" "06012b"

struct pol_case {
    const char *name;
    const char *hex;
    int def_rc;
    unsigned long def_warn;
    unsigned long def_off;
    int strict_rc;
    unsigned long strict_off;
    unsigned long tok_len;
};

/* ---- one warning bit per row ---- */
static const struct pol_case pol_warn_cases[] = {
    /* 60 14 | 06 06 .. | a0 0a | @12 30 81 07 (long form for 7) | M */
    {"nonminimal init", "6014" THISMECH "a00a" "308107" M,
     OK, W_NONMIN, 0, E_NOTDER, 12, 22},
    /* a1 08 | @2 30 81 05 | a0 03 0a 01 00 */
    {"nonminimal resp", "a108" "308105" "a0030a0100",
     OK, W_NONMIN, 0, E_NOTDER, 2, 10},
    /* negHints field: 60 1d | .. | a0 13 | 30 11 | M | @21 a3 08 | @23 30 06
     * | @25 a0 81 03 | 1b 01 61 */
    {"nonminimal hint name", "601d" THISMECH "a013" "3011" M "a308" "3006" "a08103" "1b0161",
     OK, W_NONMIN, 0, E_NOTDER, 25, 31},
    /* 60 13 | .. | a0 09 | 30 07 | M | @21 00 */
    {"trailing init", "6013" THISMECH "a009" "3007" M "00",
     OK, W_TRAIL, 0, E_TRAIL, 21, 21},
    /* a1 07 | 30 05 | a0 03 0a 01 00 | @9 00 */
    {"trailing resp", "a107" "3005" "a0030a0100" "00",
     OK, W_TRAIL, 0, E_TRAIL, 9, 9},
    /* 60 19 | .. | a0 0f | 30 0d | M | @21 a1 04 | @23 03 02 01 40:
     * one unused bit, but bit 1 (0x40) is the last one set: 6 could be
     * unused. Named flag present, so not UNUSUAL. */
    {"reqflags 03 02 01 40", "6019" THISMECH "a00f" "300d" M "a104" "03020140",
     OK, W_RF_DER, 0, E_NOTDER, 23, 27},
    /* @23 03 01 00: no octets, no flag. Minimal DER (NOT_DER not set). */
    {"reqflags 03 01 00", "6018" THISMECH "a00e" "300c" M "a103" "030100",
     OK, W_RF_ODD, 0, E_ELEM, 23, 26},
    /* @23 03 02 00 01: only bit 7 (unnamed). Minimal DER: last bit set. */
    {"reqflags 03 02 00 01", "6019" THISMECH "a00f" "300d" M "a104" "03020001",
     OK, W_RF_ODD, 0, E_ELEM, 23, 27},
    /* @23 03 03 00 40 01: mutual plus bit 15 in a later octet. Minimal
     * DER: the last bit is set. */
    {"reqflags 03 03 00 40 01", "601a" THISMECH "a010" "300e" M "a105" "0303004001",
     OK, W_RF_ODD, 0, E_ELEM, 23, 28},
    /* @0 a0 09 | 30 07 | M: no 60 framing; judged after the body, at 0 */
    {"unframed init", "a009" "3007" M,
     OK, W_UNFRAMED, 0, E_TOKEN, 0, 11},
    /* 60 11 | .. | @10 a1 07 | 30 05 | a0 03 0a 01 00 */
    {"framed resp", "6011" THISMECH "a107" "3005" "a0030a0100",
     OK, W_FRAMED, 0, E_TOKEN, 10, 19},
    /* 60 17 | .. | a0 0d | 30 0b | M | @21 a5 02 05 00 */
    {"unknown init [5]", "6017" THISMECH "a00d" "300b" M "a5020500",
     OK, W_UNKNOWN, 0, E_TYPE, 21, 25},
    /* a1 0b | 30 09 | a0 03 0a 01 00 | @9 a4 02 05 00 */
    {"unknown resp [4]", "a10b" "3009" "a0030a0100" "a4020500",
     OK, W_UNKNOWN, 0, E_TYPE, 9, 13},
    /* 60 1d | .. | a0 13 | 30 11 | M | @21 a3 03 04 01 aa (RFC 4178 MIC)
     * | @26 a4 03 04 01 bb: [4] after an OCTET STRING [3] is unknown */
    {"unknown init [4] after [3] MIC", "601d" THISMECH "a013" "3011" M "a3030401aa" "a4030401bb",
     OK, W_UNKNOWN, 0, E_TYPE, 26, 31},
    /* 60 11 | .. | a0 07 | @12 30 05 | a2 03 04 01 aa: no [0] */
    {"init without mechTypes", "6011" THISMECH "a007" "3005" "a2030401aa",
     OK, W_NOMECHS, 0, E_MISSING, 12, 19},
    /* 60 11 | .. | a0 07 | @12 30 05 | a4 03 04 01 aa: Init2, MIC only */
    {"init2 with only [4] MIC", "6011" THISMECH "a007" "3005" "a4030401aa",
     OK, W_NOMECHS, 0, E_MISSING, 12, 19},
    /* 60 0c | .. | a0 02 | @12 30 00 */
    {"init empty sequence", "600c" THISMECH "a002" "3000",
     OK, W_NOMECHS, 0, E_MISSING, 12, 14},
    /* a1 02 | @2 30 00 */
    {"empty resp", "a102" "3000",
     OK, W_EMPTYRESP, 0, E_MISSING, 2, 4},
    /* a1 07 | @2 30 05 | a1 03 06 01 2b: supportedMech, no negState */
    {"supportedMech without negState", "a107" "3005" "a10306012b",
     OK, W_NONEG, 0, E_MISSING, 2, 9},
    /* 60 17 | .. | a0 0d | 30 0b | M | a2 02 | @23 04 00 */
    {"empty mechToken init", "6017" THISMECH "a00d" "300b" M "a202" "0400",
     OK, W_EMPTYTOK, 0, E_ELEM, 23, 25},
    /* a1 0b | 30 09 | a0 03 0a 01 01 | a2 02 | @11 04 00 */
    {"empty responseToken", "a10b" "3009" "a0030a0101" "a202" "0400",
     OK, W_EMPTYTOK, 0, E_ELEM, 11, 13},
    /* 60 1d | .. | a0 13 | 30 11 | M | a2 03 04 01 aa | @26 a3 03 04 01 aa */
    {"mic is mech token init", "601d" THISMECH "a013" "3011" M "a2030401aa" "a3030401aa",
     OK, W_MICTOK, 0, E_ELEM, 26, 31},
    /* same with the Init2 [4] */
    {"mic is mech token init2", "601d" THISMECH "a013" "3011" M "a2030401aa" "a4030401aa",
     OK, W_MICTOK, 0, E_ELEM, 26, 31},
    /* a1 11 | 30 0f | a0 03 0a 01 01 | a2 03 04 01 aa | @14 a3 03 04 01 aa */
    {"mic is mech token resp", "a111" "300f" "a0030a0101" "a2030401aa" "a3030401aa",
     OK, W_MICTOK, 0, E_ELEM, 14, 19},
    /* 60 17 | .. | a0 0d | 30 0b | M | a3 02 | @23 04 00 */
    {"empty mic init [3]", "6017" THISMECH "a00d" "300b" M "a302" "0400",
     OK, W_EMPTYMIC, 0, E_ELEM, 23, 25},
    {"empty mic init2 [4]", "6017" THISMECH "a00d" "300b" M "a402" "0400",
     OK, W_EMPTYMIC, 0, E_ELEM, 23, 25},
    /* a1 0b | 30 09 | a0 03 0a 01 00 | a3 02 | @11 04 00 */
    {"empty mic resp", "a10b" "3009" "a0030a0100" "a302" "0400",
     OK, W_EMPTYMIC, 0, E_ELEM, 11, 13},
    /* 60 1e | .. | a0 14 | 30 12 | M | @21 a3 09 | @23 30 07 | @25 a0 05 |
     * @27 1b 03 61 00 62 */
    {"hint name a NUL b", "601e" THISMECH "a014" "3012" M "a309" "3007" "a005" "1b03610062",
     OK, W_NUL, 0, E_ELEM, 27, 32},
};

/* ---- two warnings at once: both bits; STRICT stops at the first ---- */
static const struct pol_case pol_combo_cases[] = {
    /* @12 30 81 07 ... @22 00 */
    {"nonminimal + trailing", "6014" THISMECH "a00a" "308107" M "00",
     OK, W_NONMIN | W_TRAIL, 0, E_NOTDER, 12, 22},
    /* @23 03 02 01 00: 1 unused bit, no bit set at all (not minimal, no
     * named flag); the DER rule is checked first */
    {"reqflags 03 02 01 00", "6019" THISMECH "a00f" "300d" M "a104" "03020100",
     OK, W_RF_DER | W_RF_ODD, 0, E_NOTDER, 23, 27},
    /* 60 1d | .. | a0 13 | 30 11 | M | a1 04 @23 03 02 01 40 | a2 02 @29 04 00 */
    {"reqflags not DER + empty mechToken",
     "601d" THISMECH "a013" "3011" M "a104" "03020140" "a202" "0400",
     OK, W_RF_DER | W_EMPTYTOK, 0, E_NOTDER, 23, 31},
    /* 60 0c | .. | @10 a1 02 | 30 00 */
    {"framed + empty resp", "600c" THISMECH "a102" "3000",
     OK, W_FRAMED | W_EMPTYRESP, 0, E_TOKEN, 10, 14},
    /* @0 a0 02 | 30 00 */
    {"unframed + no mechTypes", "a002" "3000",
     OK, W_UNFRAMED | W_NOMECHS, 0, E_TOKEN, 0, 4},
    /* @0 a0 81 09 | 30 07 | M */
    {"unframed + nonminimal", "a08109" "3007" M,
     OK, W_UNFRAMED | W_NONMIN, 0, E_NOTDER, 0, 12},
    /* a1 0b | 30 09 | a0 03 0a 01 00 | @9 a4 02 05 00 | @13 ff ff */
    {"unknown resp field + trailing", "a10b" "3009" "a0030a0100" "a4020500" "ffff",
     OK, W_UNKNOWN | W_TRAIL, 0, E_TYPE, 9, 13},
    /* a1 0b | @2 30 09 | a1 03 06 01 2b | a2 02 @11 04 00. Cross-field
     * rules (missing negState, MIC == token, missing mechTypes, unframed)
     * are judged once every field is read, so the field rule wins. */
    {"no negState + empty responseToken", "a10b" "3009" "a10306012b" "a202" "0400",
     OK, W_NONEG | W_EMPTYTOK, 0, E_ELEM, 11, 13},
    /* 60 21 | .. | a0 17 | 30 15 | M | a2 03 04 01 aa | @26 a3 03 04 01 aa
     * | @31 a5 02 05 00: the unknown field is met during the walk */
    {"mic is token + unknown [5]",
     "6021" THISMECH "a017" "3015" M "a2030401aa" "a3030401aa" "a5020500",
     OK, W_MICTOK | W_UNKNOWN, 0, E_TYPE, 31, 35},
};

/* ---- rejected in both modes ---- */
static const struct pol_case pol_reject_cases[] = {
    /* M | a1 03 | @23 04 01 40: reqFlags holding an OCTET STRING */
    {"reqflags not a BIT STRING", "6018" THISMECH "a00e" "300c" M "a103" "040140",
     E_TYPE, 0, 23, E_TYPE, 23, 0},
    /* M | a3 0c | 30 0a | @25 a1 03 04 01 aa | @30 a0 03 1b 01 61 */
    {"negHints [1] before [0]",
     "6021" THISMECH "a017" "3015" M "a30c" "300a" "a1030401aa" "a0031b0161",
     E_ORDER, 0, 30, E_ORDER, 30, 0},
    /* M | a3 0c | 30 0a | @25 a0 03 1b 01 61 | @30 a0 03 1b 01 62 */
    {"negHints [0] twice",
     "6021" THISMECH "a017" "3015" M "a30c" "300a" "a0031b0161" "a0031b0162",
     E_ORDER, 0, 30, E_ORDER, 30, 0},
    /* M | a3 07 | 30 05 | @25 a0 05 (5 claimed, 3 left) 1b 01 61 */
    {"negHints field bad length", "601c" THISMECH "a012" "3010" M "a307" "3005" "a005" "1b0161",
     E_LEN, 0, 25, E_LEN, 25, 0},
    /* M | a3 07 | 30 05 | a1 03 | @27 1b 01 61 */
    {"hintAddress not OCTET STRING", "601c" THISMECH "a012" "3010" M "a307" "3005" "a103" "1b0161",
     E_TYPE, 0, 27, E_TYPE, 27, 0},
    /* M | a3 06 | 30 04 | a1 02 | @27 04 00 */
    {"hintAddress empty", "601b" THISMECH "a011" "300f" M "a306" "3004" "a102" "0400",
     E_ELEM, 0, 27, E_ELEM, 27, 0},
    /* M | a3 07 | 30 05 | a0 03 | @27 0c 01 61 (UTF8String) */
    {"hintName not GeneralString", "601c" THISMECH "a012" "3010" M "a307" "3005" "a003" "0c0161",
     E_TYPE, 0, 27, E_TYPE, 27, 0},
    /* M | a3 03 | @23 02 01 00 */
    {"[3] holding an INTEGER", "6018" THISMECH "a00e" "300c" M "a303" "020100",
     E_TYPE, 0, 23, E_TYPE, 23, 0},
    /* a1 0d | 30 0b | a0 03 0a 01 00 | a1 04 | @11 06 02 80 01 */
    {"supportedMech leading 80", "a10d" "300b" "a0030a0100" "a104" "06028001",
     E_OID, 0, 11, E_OID, 11, 0},
    /* ... | a1 04 | @11 06 02 2b 86 (last octet has bit 8 set) */
    {"supportedMech unterminated", "a10d" "300b" "a0030a0100" "a104" "06022b86",
     E_OID, 0, 11, E_OID, 11, 0},
    /* 60 0c | .. | @10 a2 02 30 00 */
    {"framed inner a2", "600c" THISMECH "a202" "3000",
     E_TYPE, 0, 10, E_TYPE, 10, 0},
    /* 60 0c | .. | @10 30 02 30 00 */
    {"framed inner 30", "600c" THISMECH "3002" "3000",
     E_TYPE, 0, 10, E_TYPE, 10, 0},
    /* 60 0c | .. | @10 a0 05 (5 claimed, 2 left) 30 00 */
    {"framed choice length past frame", "600c" THISMECH "a005" "3000",
     E_LEN, 0, 10, E_LEN, 10, 0},
    /* 60 0c | .. | @10 a0 80 (indefinite) 30 00 */
    {"framed choice indefinite", "600c" THISMECH "a080" "3000",
     E_LEN, 0, 10, E_LEN, 10, 0},
    /* a1 0e | 30 0c | a0 03 0a 01 01 | a2 05 | @11 24 03 04 01 aa */
    {"resp [2] constructed OCTET STRING", "a10e" "300c" "a0030a0101" "a205" "24030401aa",
     E_TYPE, 0, 11, E_TYPE, 11, 0},
};

static void pol_check_one(const struct pol_case *c)
{
    static const unsigned long modes[2] = {0, SPNEGO_PARSE_NOCOPY};
    size_t len = 0;
    unsigned char *data = spnego_test_hex(c->hex, &len);
    unsigned long warn = 0xDEAD;
    unsigned long off = 0xDEAD;
    size_t m;
    int rc;

    print_message("case: %s\n", c->name);
    /* default */
    rc = spnegoValidateToken(data, (unsigned long)len, 0, &warn, &off);
    assert_int_equal(rc, c->def_rc);
    assert_int_equal(warn, c->def_warn);
    assert_int_equal(off, c->def_off);
    /* STRICT: nothing is tolerated, so no warning is ever recorded */
    warn = 0xDEAD;
    off = 0xDEAD;
    rc = spnegoValidateToken(data, (unsigned long)len, SPNEGO_PARSE_STRICT, &warn, &off);
    assert_int_equal(rc, c->strict_rc);
    assert_int_equal(warn, 0);
    assert_int_equal(off, c->strict_off);

    /* the handle constructors agree, copied and NOCOPY */
    for (m = 0; m < ARRAY_LEN(modes); m++) {
        SPNEGO_TOKEN_HANDLE h = NULL;
        const unsigned char *bin = NULL;
        unsigned long bin_len = 0;

        rc = spnegoInitFromBinaryEx(data, (unsigned long)len, modes[m], &h);
        assert_int_equal(rc, c->def_rc);
        if (rc == SPNEGO_E_SUCCESS) {
            assert_non_null(h);
            warn = 0xDEAD;
            assert_int_equal(spnegoGetParseWarnings(h, &warn), SPNEGO_E_SUCCESS);
            assert_int_equal(warn, c->def_warn);
            assert_int_equal(spnegoTokenGetBinaryPtr(h, &bin, &bin_len), SPNEGO_E_SUCCESS);
            assert_int_equal(bin_len, c->tok_len);
            assert_memory_equal(bin, data, c->tok_len);
            if (modes[m] & SPNEGO_PARSE_NOCOPY) {
                assert_ptr_equal(bin, data);
            }
        } else {
            assert_null(h);
            assert_int_equal(c->tok_len, 0);
        }
        spnegoFreeData(h);

        h = NULL;
        rc = spnegoInitFromBinaryEx(data, (unsigned long)len, modes[m] | SPNEGO_PARSE_STRICT, &h);
        assert_int_equal(rc, c->strict_rc);
        if (rc == SPNEGO_E_SUCCESS) {
            warn = 0xDEAD;
            assert_int_equal(spnegoGetParseWarnings(h, &warn), SPNEGO_E_SUCCESS);
            assert_int_equal(warn, 0);
        } else {
            assert_null(h);
        }
        spnegoFreeData(h);
    }
    free(data);
}

static void pol_check_table(const struct pol_case *cases, size_t num_cases)
{
    size_t i;

    spnego_test_alloc_reset(-1);
    for (i = 0; i < num_cases; i++) {
        pol_check_one(&cases[i]);
    }
    assert_int_equal(spnego_test_alloc_live(), 0);
}

static void test_warning_bits(void **state)
{
    (void)state;
    pol_check_table(pol_warn_cases, ARRAY_LEN(pol_warn_cases));
}

static void test_warning_combinations(void **state)
{
    (void)state;
    pol_check_table(pol_combo_cases, ARRAY_LEN(pol_combo_cases));
}

static void test_rejections(void **state)
{
    (void)state;
    pol_check_table(pol_reject_cases, ARRAY_LEN(pol_reject_cases));
}

/* Every bit is exercised by some row, alone; no row names a bit twice. */
static void test_every_bit_has_a_row(void **state)
{
    unsigned long seen = 0;
    unsigned long all = 0;
    size_t i;

    (void)state;
    for (i = 0; i < ARRAY_LEN(pol_warn_cases); i++) {
        unsigned long w = pol_warn_cases[i].def_warn;
        assert_true(w != 0 && (w & (w - 1)) == 0); /* exactly one bit */
        seen |= w;
    }
    all = W_NONMIN | W_TRAIL | W_RF_DER | W_RF_ODD | W_UNFRAMED | W_FRAMED | W_UNKNOWN |
          W_NOMECHS | W_EMPTYRESP | W_NONEG | W_EMPTYTOK | W_MICTOK | W_EMPTYMIC | W_NUL;
    assert_int_equal(all, 0x3FFFUL);
    assert_int_equal(seen, all);
    for (i = 0; i < ARRAY_LEN(pol_combo_cases); i++) {
        unsigned long w = pol_combo_cases[i].def_warn;
        assert_true((w & (w - 1)) != 0); /* at least two bits */
    }
}

/* Fields of a few tolerated tokens: what the getters expose. */
static void test_tolerated_fields(void **state)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    unsigned char *data;
    size_t len = 0;
    const unsigned char *p = NULL;
    unsigned long p_len = 0;
    unsigned char flags = 0xEE;
    int is_init2 = -1;

    (void)state;
    spnego_test_alloc_reset(-1);
    /* unknown [4] after an RFC 4178 [3] MIC: not an Init2, MIC is aa */
    data = spnego_test_hex("601d" THISMECH "a013" "3011" M "a3030401aa" "a4030401bb", &len);
    assert_int_equal(spnegoInitFromBinary(data, (unsigned long)len, &h), SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoIsNegTokenInit2(h, &is_init2), SPNEGO_E_SUCCESS);
    assert_int_equal(is_init2, 0);
    assert_int_equal(spnegoGetMechListMICPtr(h, &p, &p_len), SPNEGO_E_SUCCESS);
    assert_int_equal(p_len, 1);
    assert_int_equal(p[0], 0xaa);
    spnegoFreeData(h);
    free(data);

    /* Init2 with only a [4] MIC: Init2, no mechTypes */
    data = spnego_test_hex("6011" THISMECH "a007" "3005" "a4030401aa", &len);
    assert_int_equal(spnegoInitFromBinary(data, (unsigned long)len, &h), SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoIsNegTokenInit2(h, &is_init2), SPNEGO_E_SUCCESS);
    assert_int_equal(is_init2, 1);
    assert_int_equal(spnegoGetMechTypeCount(h, &p_len), SPNEGO_E_ELEMENT_UNAVAILABLE);
    spnegoFreeData(h);
    free(data);

    /* reqFlags 03 01 00 reads as 0; 03 02 00 01 as 0x01; 03 03 00 40 01 as 0x40 */
    data = spnego_test_hex("6018" THISMECH "a00e" "300c" M "a103" "030100", &len);
    assert_int_equal(spnegoInitFromBinary(data, (unsigned long)len, &h), SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoGetContextFlags(h, &flags), SPNEGO_E_SUCCESS);
    assert_int_equal(flags, 0);
    spnegoFreeData(h);
    free(data);
    data = spnego_test_hex("6019" THISMECH "a00f" "300d" M "a104" "03020001", &len);
    assert_int_equal(spnegoInitFromBinary(data, (unsigned long)len, &h), SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoGetContextFlags(h, &flags), SPNEGO_E_SUCCESS);
    assert_int_equal(flags, 0x01);
    spnegoFreeData(h);
    free(data);
    data = spnego_test_hex("601a" THISMECH "a010" "300e" M "a105" "0303004001", &len);
    assert_int_equal(spnegoInitFromBinary(data, (unsigned long)len, &h), SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoGetContextFlags(h, &flags), SPNEGO_E_SUCCESS);
    assert_int_equal(flags, 0x40);
    spnegoFreeData(h);
    free(data);

    /* hintName 61 00 62: all three bytes come back */
    data = spnego_test_hex("601e" THISMECH "a014" "3012" M "a309" "3007" "a005" "1b03610062",
                           &len);
    assert_int_equal(spnegoInitFromBinary(data, (unsigned long)len, &h), SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoGetNegHintNamePtr(h, &p, &p_len), SPNEGO_E_SUCCESS);
    assert_int_equal(p_len, 3);
    assert_memory_equal(p, "a\0b", 3);
    spnegoFreeData(h);
    free(data);
    assert_int_equal(spnego_test_alloc_live(), 0);
}

/* ---- builders ---- */

static const unsigned char pol_oid_13[1] = {0x2b}; /* 1.3 */
static const unsigned char pol_oid_krb5[9] = {0x2a, 0x86, 0x48, 0x86, 0xf7,
                                              0x12, 0x01, 0x02, 0x02};

/* A handle value that is not NULL, to see the constructors clear it. */
static SPNEGO_TOKEN_HANDLE pol_poison(void)
{
    static unsigned long cell;
    return (SPNEGO_TOKEN_HANDLE)(void *)&cell;
}

/* Compares a built handle with hex, checks that it was not "parsed"
 * (warnings 0), and re-parses it with the given flags. */
static void pol_expect_built(SPNEGO_TOKEN_HANDLE h, const char *hex)
{
    size_t len = 0;
    unsigned char *want = spnego_test_hex(hex, &len);
    const unsigned char *bin = NULL;
    unsigned long bin_len = 0;
    unsigned long warn = 0xDEAD;
    unsigned long off = 0xDEAD;

    assert_non_null(h);
    assert_int_equal(spnegoTokenGetBinaryPtr(h, &bin, &bin_len), SPNEGO_E_SUCCESS);
    assert_int_equal(bin_len, len);
    assert_memory_equal(bin, want, len);
    assert_int_equal(spnegoGetParseWarnings(h, &warn), SPNEGO_E_SUCCESS);
    assert_int_equal(warn, 0);
    warn = 0xDEAD;
    assert_int_equal(spnegoValidateToken(bin, bin_len, SPNEGO_PARSE_STRICT, &warn, &off),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(warn, 0);
    assert_int_equal(off, 0);
    free(want);
}

static void test_build_refuses_mic_equal_token(void **state)
{
    SPNEGO_OID mech;
    SPNEGO_TOKEN_HANDLE h;
    const unsigned char tok[2] = {0xaa, 0xbb};
    const unsigned char mic[2] = {0xaa, 0xbb};

    (void)state;
    spnego_test_alloc_reset(-1);
    mech.pbOid = pol_oid_13;
    mech.ulOidLen = 1;

    /* byte-equal, distinct buffers */
    h = pol_poison();
    assert_int_equal(spnegoCreateNegTokenInitEx(&mech, 1, 0, tok, 2, mic, 2, 0, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = pol_poison();
    assert_int_equal(spnegoCreateNegTokenInit2(&mech, 1, 0, tok, 2, NULL, NULL, 0, mic, 2, 0,
                                               &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = pol_poison();
    assert_int_equal(spnegoCreateNegTokenInit2(&mech, 1, 0, tok, 2, NULL, NULL, 0, mic, 2,
                                               SPNEGO_BUILD_OMIT_NEG_HINTS, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = pol_poison();
    assert_int_equal(spnegoCreateNegTokenTargEx(&mech, spnego_negresult_incomplete, tok, 2, mic,
                                                2, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = pol_poison();
    assert_int_equal(spnegoCreateNegTokenTargEx(NULL, spnego_negresult_NotUsed, tok, 2, mic, 2,
                                                &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);

    /* the same pointer twice */
    h = pol_poison();
    assert_int_equal(spnegoCreateNegTokenInitEx(&mech, 1, 0, tok, 2, tok, 2, 0, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = pol_poison();
    assert_int_equal(spnegoCreateNegTokenInit2(&mech, 1, 0, tok, 2, "x", NULL, 0, tok, 2, 0,
                                               &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = pol_poison();
    assert_int_equal(spnegoCreateNegTokenTargEx(NULL, spnego_negresult_success, tok, 2, tok, 2,
                                                &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    /* the 2002 builders go through the same check */
    h = pol_poison();
    assert_int_equal(spnegoCreateNegTokenInit(spnego_mech_oid_Kerberos_V5, 0, tok, 2, mic, 2,
                                              &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = pol_poison();
    assert_int_equal(spnegoCreateNegTokenTarg(spnego_mech_oid_NotUsed,
                                              spnego_negresult_incomplete, tok, 2, tok, 2, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    assert_int_equal(spnego_test_alloc_calls(), 0);

    /* control: a prefix of the token is a different MIC */
    assert_int_equal(spnegoCreateNegTokenInitEx(&mech, 1, 0, tok, 2, tok, 1, 0, &h),
                     SPNEGO_E_SUCCESS);
    /* 60 1e | .. | a0 14 | 30 12 | M | a2 04 04 02 aa bb | a3 03 04 01 aa */
    pol_expect_built(h, "601e" THISMECH "a014" "3012" M "a2040402aabb" "a3030401aa");
    spnegoFreeData(h);
    assert_int_equal(spnego_test_alloc_live(), 0);
}

static void test_build_init2_omit_hints(void **state)
{
    SPNEGO_OID mech;
    SPNEGO_TOKEN_HANDLE h;
    const unsigned char mic[2] = {0xaa, 0xbb};
    const unsigned char addr[1] = {0x0a};
    int is_init2 = -1;

    (void)state;
    spnego_test_alloc_reset(-1);
    mech.pbOid = pol_oid_13;
    mech.ulOidLen = 1;

    /* no MIC: nothing would make it an Init2 */
    h = pol_poison();
    assert_int_equal(spnegoCreateNegTokenInit2(&mech, 1, 0, NULL, 0, NULL, NULL, 0, NULL, 0,
                                               SPNEGO_BUILD_OMIT_NEG_HINTS, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    /* a hint argument with OMIT */
    h = pol_poison();
    assert_int_equal(spnegoCreateNegTokenInit2(&mech, 1, 0, NULL, 0, "x", NULL, 0, mic, 2,
                                               SPNEGO_BUILD_OMIT_NEG_HINTS, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = pol_poison();
    assert_int_equal(spnegoCreateNegTokenInit2(&mech, 1, 0, NULL, 0, NULL, addr, 1, mic, 2,
                                               SPNEGO_BUILD_OMIT_NEG_HINTS, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);

    /* with a MIC: 60 19 | .. | a0 0f | 30 0d | M | a4 04 04 02 aa bb */
    assert_int_equal(spnegoCreateNegTokenInit2(&mech, 1, 0, NULL, 0, NULL, NULL, 0, mic, 2,
                                               SPNEGO_BUILD_OMIT_NEG_HINTS, &h),
                     SPNEGO_E_SUCCESS);
    pol_expect_built(h, "6019" THISMECH "a00f" "300d" M "a4040402aabb");
    assert_int_equal(spnegoIsNegTokenInit2(h, &is_init2), SPNEGO_E_SUCCESS);
    assert_int_equal(is_init2, 1);
    spnegoFreeData(h);
    assert_int_equal(spnego_test_alloc_live(), 0);
}

/* Tokens of each builder, exact bytes, each re-parsing under STRICT. */
static void test_build_exact_and_strict(void **state)
{
    SPNEGO_OID mech;
    SPNEGO_OID krb5;
    SPNEGO_TOKEN_HANDLE h = NULL;
    const unsigned char tok[1] = {0x01};
    const unsigned char mic[1] = {0x02};
    const unsigned char addr[1] = {0x0a};

    (void)state;
    spnego_test_alloc_reset(-1);
    mech.pbOid = pol_oid_13;
    mech.ulOidLen = 1;
    krb5.pbOid = pol_oid_krb5;
    krb5.ulOidLen = 9;

    /* Init2, NULL name: the sentinel, 36 bytes (0x24).
     * [3] a3 2a | 30 28 | a0 26 | 1b 24 "not_defined_in_RFC4178@please_ignore"
     * fields 7 + 44 = 51 (0x33); choice 0x35; frame 12 + 51 = 0x3f */
    assert_int_equal(spnegoCreateNegTokenInit2(&mech, 1, 0, NULL, 0, NULL, NULL, 0, NULL, 0, 0,
                                               &h),
                     SPNEGO_E_SUCCESS);
    pol_expect_built(h, "603f" THISMECH "a035" "3033" M "a32a" "3028" "a026" "1b24"
                        "6e6f745f646566696e65645f696e5f524643343137384070"
                        "6c656173655f69676e6f7265");
    spnegoFreeData(h);

    /* Init2, NO_HINT_SENTINEL and no address: empty negHints a3 02 30 00 */
    assert_int_equal(spnegoCreateNegTokenInit2(&mech, 1, 0, NULL, 0, NULL, NULL, 0, NULL, 0,
                                               SPNEGO_BUILD_NO_HINT_SENTINEL, &h),
                     SPNEGO_E_SUCCESS);
    pol_expect_built(h, "6017" THISMECH "a00d" "300b" M "a3023000");
    spnegoFreeData(h);

    /* Init2, everything: integ flag (03 02 01 02 is minimal DER: bit 6
     * is the last one and one bit is unused), token 01, hint "h",
     * address 0a, MIC 02.
     * M | a1 04 03 02 01 02 | a2 03 04 01 01 | a3 0c 30 0a a0 03 1b 01 68
     * a1 03 04 01 0a | a4 03 04 01 02: 7+6+5+14+5 = 37 (0x25) */
    assert_int_equal(spnegoCreateNegTokenInit2(&mech, 1, SPNEGO_NEGINIT_CONTEXT_INTEG_FLAG, tok,
                                               1, "h", addr, 1, mic, 1, 0, &h),
                     SPNEGO_E_SUCCESS);
    pol_expect_built(h, "6031" THISMECH "a027" "3025" M "a10403020102" "a203040101"
                        "a30c300a" "a0031b0168" "a10304010a" "a403040102");
    spnegoFreeData(h);

    /* InitEx: token and MIC, no flags.
     * M | a2 03 04 01 01 | a3 03 04 01 02: 17 (0x11) */
    assert_int_equal(spnegoCreateNegTokenInitEx(&mech, 1, 0, tok, 1, mic, 1, 0, &h),
                     SPNEGO_E_SUCCESS);
    pol_expect_built(h, "601d" THISMECH "a013" "3011" M "a203040101" "a303040102");
    spnegoFreeData(h);

    /* TargEx: a0 03 0a 01 00 | a1 0b 06 09 <krb5> | a2 03 04 01 01 |
     * a3 03 04 01 02: 5+13+5+5 = 28 (0x1c) */
    assert_int_equal(spnegoCreateNegTokenTargEx(&krb5, spnego_negresult_success, tok, 1, mic, 1,
                                                &h),
                     SPNEGO_E_SUCCESS);
    pol_expect_built(h, "a11e" "301c" "a0030a0100" "a10b06092a864886f712010202" "a203040101"
                        "a303040102");
    spnegoFreeData(h);

    /* TargEx: later reply, responseToken only: a1 07 30 05 a2 03 04 01 01 */
    assert_int_equal(spnegoCreateNegTokenTargEx(NULL, spnego_negresult_NotUsed, tok, 1, NULL, 0,
                                                &h),
                     SPNEGO_E_SUCCESS);
    pol_expect_built(h, "a107" "3005" "a203040101");
    spnegoFreeData(h);

    /* TargEx: request-mic with a MIC: a1 0c 30 0a a0 03 0a 01 03 a3 03 04 01 02 */
    assert_int_equal(spnegoCreateNegTokenTargEx(NULL, spnego_negresult_request_mic, NULL, 0, mic,
                                                1, &h),
                     SPNEGO_E_SUCCESS);
    pol_expect_built(h, "a10c" "300a" "a0030a0103" "a303040102");
    spnegoFreeData(h);

    /* TargEx: supportedMech without negState is refused (header) */
    h = pol_poison();
    assert_int_equal(spnegoCreateNegTokenTargEx(&krb5, spnego_negresult_NotUsed, tok, 1, NULL, 0,
                                                &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    assert_int_equal(spnego_test_alloc_live(), 0);
}

static unsigned pol_trailing_zeros(unsigned v)
{
    unsigned n = 0;
    while (((v >> n) & 1u) == 0) {
        n++;
    }
    return n;
}

/*
 * reqFlags for every legal flag octet xx (even, non-zero), built with
 * spnegoCreateNegTokenInitEx(&{1.3}, 1, xx, ...):
 *   60 19 | .. | a0 0f | 30 0d | M | @21 a1 04 | @23 03 02 uu xx
 * default uu = 01: DER only when xx's lowest set bit is 0x02 (bit 6);
 * otherwise parsing flags REQFLAGS_NOT_DER and STRICT refuses at 23.
 * SPNEGO_BUILD_DER_REQFLAGS: uu = trailing zero bits of xx, always DER.
 */
static void test_build_req_flags_forms(void **state)
{
    SPNEGO_OID mech;
    unsigned xx;

    (void)state;
    spnego_test_alloc_reset(-1);
    mech.pbOid = pol_oid_13;
    mech.ulOidLen = 1;
    for (xx = 2; xx <= 0xFE; xx += 2) {
        static const unsigned long build_flags[2] = {0, SPNEGO_BUILD_DER_REQFLAGS};
        size_t k;

        for (k = 0; k < 2; k++) {
            SPNEGO_TOKEN_HANDLE h = NULL;
            SPNEGO_TOKEN_HANDLE parsed = NULL;
            const unsigned char *bin = NULL;
            unsigned long bin_len = 0;
            unsigned long warn = 0xDEAD;
            unsigned long off = 0xDEAD;
            unsigned char want_tail[6];
            unsigned char flags = 0;
            int der_form;
            int rc;

            assert_int_equal(spnegoCreateNegTokenInitEx(&mech, 1, (unsigned char)xx, NULL, 0,
                                                        NULL, 0, build_flags[k], &h),
                             SPNEGO_E_SUCCESS);
            assert_int_equal(spnegoTokenGetBinaryPtr(h, &bin, &bin_len), SPNEGO_E_SUCCESS);
            assert_int_equal(bin_len, 27);
            assert_int_equal(bin[0], 0x60);
            assert_int_equal(bin[1], 0x19);
            want_tail[0] = 0xa1;
            want_tail[1] = 0x04;
            want_tail[2] = 0x03;
            want_tail[3] = 0x02;
            want_tail[4] = (unsigned char)(k == 0 ? 1u : pol_trailing_zeros(xx));
            want_tail[5] = (unsigned char)xx;
            assert_memory_equal(bin + 21, want_tail, 6);
            /* a built handle reports no warnings, whatever the form */
            assert_int_equal(spnegoGetParseWarnings(h, &warn), SPNEGO_E_SUCCESS);
            assert_int_equal(warn, 0);

            der_form = k == 1 || (xx & 0x02u) != 0;
            warn = 0xDEAD;
            rc = spnegoValidateToken(bin, bin_len, 0, &warn, &off);
            assert_int_equal(rc, SPNEGO_E_SUCCESS);
            assert_int_equal(warn, der_form ? 0 : SPNEGO_WARN_REQFLAGS_NOT_DER);
            assert_int_equal(off, 0);
            rc = spnegoValidateToken(bin, bin_len, SPNEGO_PARSE_STRICT, &warn, &off);
            assert_int_equal(rc, der_form ? SPNEGO_E_SUCCESS : SPNEGO_E_NOT_DER);
            assert_int_equal(warn, 0);
            assert_int_equal(off, der_form ? 0 : 23);

            /* the flags read back */
            assert_int_equal(spnegoInitFromBinary(bin, bin_len, &parsed), SPNEGO_E_SUCCESS);
            assert_int_equal(spnegoGetContextFlags(parsed, &flags), SPNEGO_E_SUCCESS);
            assert_int_equal(flags, xx);
            spnegoFreeData(parsed);
            spnegoFreeData(h);
        }
    }
    assert_int_equal(spnego_test_alloc_live(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_bit_has_a_row),
        cmocka_unit_test(test_warning_bits),
        cmocka_unit_test(test_warning_combinations),
        cmocka_unit_test(test_rejections),
        cmocka_unit_test(test_tolerated_fields),
        cmocka_unit_test(test_build_refuses_mic_equal_token),
        cmocka_unit_test(test_build_init2_omit_hints),
        cmocka_unit_test(test_build_exact_and_strict),
        cmocka_unit_test(test_build_req_flags_forms),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
