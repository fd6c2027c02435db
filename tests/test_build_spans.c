/*
 * test_build_spans.c - unit tests of the index a builder makes in its write
 * pass (issue #15): element spans and getter results of built handles.
 *
 * Builders no longer parse their own output; the write pass records every
 * span. Two kinds of test keep that honest:
 *  - exact: five tokens whose bytes, element spans and value offsets are
 *    derived by hand below (each TLV's offset is written next to it); the
 *    built handle, a parse of an exact-size copy and a NOCOPY parse must
 *    all give those numbers;
 *  - a table of builder parameter sets (every element present and absent,
 *    buffers of 1, 127, 128, 255, 256, 65535 and 65536 bytes, so every DER
 *    length form up to 83 appears, 1..5 mechanisms of 6 to 300 octets,
 *    Init, Init2 with each hint choice, Targ with each negState) where
 *    each built handle must read through every public getter exactly like
 *    a parse of its bytes (spnego_test_check_built, tests/check_built.c,
 *    the comparison fuzz_build and fuzz_roundtrip make too).
 * This program links spnego_testlib, built with SPNEGO_CHECK_BUILD_SPANS,
 * so a builder whose index is wrong fails here with SPNEGO_E_PARSE_FAILED
 * before any comparison; the public comparison also catches it in a
 * library built without that check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "check_built.h"
#include "spnego.h"
#include "spnego_test.h"

static const unsigned char oid_krb5[] = {0x2A, 0x86, 0x48, 0x86, 0xF7,
                                         0x12, 0x01, 0x02, 0x02};
static const unsigned char oid_ntlm[] = {0x2B, 0x06, 0x01, 0x04, 0x01,
                                         0x82, 0x37, 0x02, 0x02, 0x0A};
static const unsigned char oid_spnego[] = {0x2B, 0x06, 0x01, 0x05, 0x05, 0x02};
static const unsigned char tok3[] = {0xAA, 0xBB, 0xCC};
static const unsigned char mic4[] = {0x01, 0x02, 0x03, 0x04};
static const unsigned char addr2[] = {0xC0, 0xA8};

/* Fills of the long buffers: never equal, so a MIC never repeats the
 * mech token (which every builder refuses). */
#define FILL_TOKEN 0xA5
#define FILL_MIC 0x3C
#define FILL_ADDR 0x7E
#define FILL_NAME 'n'
#define BIG_LEN 65536UL

/* ---- helpers ---- */

/* Fails the test with the first difference between a built handle and a
 * parse of its bytes. */
static void assert_built_matches_parse(SPNEGO_TOKEN_HANDLE h)
{
    char why[256];
    int same = spnego_test_check_built(h, why, sizeof(why));

    if (!same) {
        print_error("%s\n", why);
    }
    assert_true(same);
}

/* Where an element or a value sits in the token. len 0 means absent:
 * every element and value of the exact tokens has at least one byte. */
struct place {
    unsigned long off;
    unsigned long len;
};

struct exact_want {
    struct place span[SPNEGO_ELEMENT_COUNT]; /* spnegoGetElementSpan */
    struct place mech_list;                  /* spnegoGetMechListBytesPtr */
    struct place mech_token;                 /* spnegoGetMechTokenPtr */
    struct place mic;                        /* spnegoGetMechListMICPtr */
    struct place hint_name;                  /* spnegoGetNegHintNamePtr */
    struct place hint_addr;                  /* spnegoGetNegHintAddressPtr */
    struct place supported;                  /* spnegoGetSupportedMechOID */
    unsigned long num_mechs;
    struct place oid[2];                     /* spnegoGetMechTypeOIDPtr */
};

/* Offset of p from the start of h's token. */
static unsigned long offset_in(SPNEGO_TOKEN_HANDLE h, const unsigned char *p)
{
    const unsigned char *base = NULL;
    unsigned long len = 0;

    assert_int_equal(spnegoTokenGetBinaryPtr(h, &base, &len), SPNEGO_E_SUCCESS);
    assert_true((uintptr_t)p >= (uintptr_t)base);
    assert_true((uintptr_t)p - (uintptr_t)base <= len);
    return (unsigned long)((uintptr_t)p - (uintptr_t)base);
}

static void assert_value_at(SPNEGO_TOKEN_HANDLE h,
                            int (*get)(SPNEGO_TOKEN_HANDLE, const unsigned char **,
                                       unsigned long *),
                            const struct place *want)
{
    const unsigned char *p = NULL;
    unsigned long len = 0;

    if (want->len == 0) {
        assert_int_equal(get(h, &p, &len), SPNEGO_E_ELEMENT_UNAVAILABLE);
        return;
    }
    assert_int_equal(get(h, &p, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(offset_in(h, p), want->off);
    assert_int_equal(len, want->len);
}

/* Every span and value offset of h is the hand-derived one. */
static void assert_places(SPNEGO_TOKEN_HANDLE h, const struct exact_want *want)
{
    unsigned long off;
    unsigned long len;
    unsigned long count = 0;
    unsigned long i;
    SPNEGO_OID oid;
    int e;

    for (e = 0; e < SPNEGO_ELEMENT_COUNT; e++) {
        off = 0xDEAD;
        len = 0xDEAD;
        if (want->span[e].len == 0) {
            assert_int_equal(spnegoGetElementSpan(h, e, &off, &len),
                             SPNEGO_E_ELEMENT_UNAVAILABLE);
            continue;
        }
        assert_int_equal(spnegoGetElementSpan(h, e, &off, &len), SPNEGO_E_SUCCESS);
        assert_int_equal(off, want->span[e].off);
        assert_int_equal(len, want->span[e].len);
    }
    assert_value_at(h, spnegoGetMechListBytesPtr, &want->mech_list);
    assert_value_at(h, spnegoGetMechTokenPtr, &want->mech_token);
    assert_value_at(h, spnegoGetMechListMICPtr, &want->mic);
    assert_value_at(h, spnegoGetNegHintNamePtr, &want->hint_name);
    assert_value_at(h, spnegoGetNegHintAddressPtr, &want->hint_addr);
    if (want->supported.len == 0) {
        assert_int_equal(spnegoGetSupportedMechOID(h, &oid), SPNEGO_E_ELEMENT_UNAVAILABLE);
    } else {
        assert_int_equal(spnegoGetSupportedMechOID(h, &oid), SPNEGO_E_SUCCESS);
        assert_int_equal(offset_in(h, oid.pbOid), want->supported.off);
        assert_int_equal(oid.ulOidLen, want->supported.len);
    }
    if (want->num_mechs == 0) {
        assert_int_equal(spnegoGetMechTypeCount(h, &count), SPNEGO_E_ELEMENT_UNAVAILABLE);
        return;
    }
    assert_int_equal(spnegoGetMechTypeCount(h, &count), SPNEGO_E_SUCCESS);
    assert_int_equal(count, want->num_mechs);
    for (i = 0; i < count; i++) {
        assert_int_equal(spnegoGetMechTypeOIDPtr(h, i, &oid), SPNEGO_E_SUCCESS);
        assert_int_equal(offset_in(h, oid.pbOid), want->oid[i].off);
        assert_int_equal(oid.ulOidLen, want->oid[i].len);
    }
    assert_int_equal(spnegoGetMechTypeOIDPtr(h, count, &oid), SPNEGO_E_NOT_FOUND);
}

/* The built handle, a parse of an exact-size copy (another base pointer)
 * and a NOCOPY parse all give the hand-derived places, and the built
 * handle reads like the parse through every getter. */
static void assert_exact(SPNEGO_TOKEN_HANDLE h, const struct exact_want *want)
{
    const unsigned char *bytes = NULL;
    unsigned long len = 0;
    unsigned char *copy;
    SPNEGO_TOKEN_HANDLE p = NULL;

    assert_places(h, want);
    assert_built_matches_parse(h);
    assert_int_equal(spnegoTokenGetBinaryPtr(h, &bytes, &len), SPNEGO_E_SUCCESS);
    copy = spnego_test_dup(bytes, len);
    assert_int_equal(spnegoInitFromBinaryEx(copy, len, 0, &p), SPNEGO_E_SUCCESS);
    assert_places(p, want);
    spnegoFreeData(p);
    assert_int_equal(spnegoInitFromBinaryEx(copy, len, SPNEGO_PARSE_NOCOPY, &p),
                     SPNEGO_E_SUCCESS);
    assert_places(p, want);
    spnegoFreeData(p);
    free(copy);
}

static void assert_token_hex(SPNEGO_TOKEN_HANDLE h, const char *hex)
{
    size_t want_len = 0;
    unsigned char *want = spnego_test_hex(hex, &want_len);
    const unsigned char *got = NULL;
    unsigned long got_len = 0;

    assert_int_equal(spnegoTokenGetBinaryPtr(h, &got, &got_len), SPNEGO_E_SUCCESS);
    assert_int_equal(got_len, want_len);
    assert_memory_equal(got, want, want_len);
    free(want);
}

/* Asserts that len bytes at p all equal fill. */
static void assert_filled(const unsigned char *p, unsigned long len, unsigned char fill)
{
    unsigned long i;

    for (i = 0; i < len; i++) {
        if (p[i] != fill) {
            fail_msg("byte %lu is 0x%02x, not 0x%02x", i, p[i], fill);
        }
    }
}

/* ---- exact spans ---- */

/*
 * InitEx {krb5, ntlm}, mutual|integ in the 01 xx form, mechToken aabbcc,
 * mechListMIC 01020304 (62 bytes):
 *   0 60 3c | 2 06 06 2b0601050502 | 10 a0 32 | 12 30 30
 *  14 a0 19 { 16 30 17 { 18 06 09 {20: krb5}, 29 06 0a {31: ntlm} } }
 *  41 a1 04 { 03 02 01 42 }
 *  47 a2 05 { 04 03 {51: aabbcc} }
 *  54 a3 06 { 04 04 {58: 01020304} }
 */
static void torture_spans_init_exact(void **state)
{
    static const struct exact_want want = {
        .span = {[SPNEGO_ELEMENT_MECH_TYPES] = {14, 27},
                 [SPNEGO_ELEMENT_REQ_FLAGS] = {41, 6},
                 [SPNEGO_ELEMENT_MECH_TOKEN] = {47, 7},
                 [SPNEGO_ELEMENT_MECH_LIST_MIC] = {54, 8}},
        .mech_list = {16, 25},
        .mech_token = {51, 3},
        .mic = {58, 4},
        .num_mechs = 2,
        .oid = {{20, 9}, {31, 10}},
    };
    SPNEGO_OID mechs[2];
    SPNEGO_TOKEN_HANDLE h = NULL;
    unsigned char flags = 0;
    (void)state;

    mechs[0].pbOid = oid_krb5;
    mechs[0].ulOidLen = sizeof(oid_krb5);
    mechs[1].pbOid = oid_ntlm;
    mechs[1].ulOidLen = sizeof(oid_ntlm);
    assert_int_equal(spnegoCreateNegTokenInitEx(mechs, 2,
                                                SPNEGO_NEGINIT_CONTEXT_MUTUAL_FLAG |
                                                    SPNEGO_NEGINIT_CONTEXT_INTEG_FLAG,
                                                tok3, 3, mic4, 4, 0, &h),
                     SPNEGO_E_SUCCESS);
    assert_token_hex(h, "603c" "06062b0601050502" "a032" "3030"
                        "a019" "3017" "06092a864886f712010202" "060a2b06010401823702020a"
                        "a104" "03020142"
                        "a205" "0403aabbcc"
                        "a306" "040401020304");
    assert_int_equal(spnegoGetContextFlags(h, &flags), SPNEGO_E_SUCCESS);
    assert_int_equal(flags, 0x42);
    assert_exact(h, &want);
    spnegoFreeData(h);
}

/*
 * TargEx krb5, accept-incomplete, responseToken aabbcc, mechListMIC
 * 01020304 (37 bytes):
 *   0 a1 23 | 2 30 21
 *   4 a0 03 { 0a 01 01 }
 *   9 a1 0b { 06 09 {13: krb5} }
 *  22 a2 05 { 04 03 {26: aabbcc} }
 *  29 a3 06 { 04 04 {33: 01020304} }
 */
static void torture_spans_resp_exact(void **state)
{
    static const struct exact_want want = {
        .span = {[SPNEGO_ELEMENT_NEG_STATE] = {4, 5},
                 [SPNEGO_ELEMENT_SUPPORTED_MECH] = {9, 13},
                 [SPNEGO_ELEMENT_MECH_TOKEN] = {22, 7},
                 [SPNEGO_ELEMENT_MECH_LIST_MIC] = {29, 8}},
        .mech_token = {26, 3},
        .mic = {33, 4},
        .supported = {13, 9},
    };
    SPNEGO_OID krb5 = {oid_krb5, sizeof(oid_krb5)};
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_NEGRESULT result = spnego_negresult_NotUsed;
    (void)state;

    assert_int_equal(spnegoCreateNegTokenTargEx(&krb5, spnego_negresult_incomplete, tok3, 3,
                                                mic4, 4, &h),
                     SPNEGO_E_SUCCESS);
    assert_token_hex(h, "a123" "3021"
                        "a003" "0a0101"
                        "a10b" "06092a864886f712010202"
                        "a205" "0403aabbcc"
                        "a306" "040401020304");
    assert_int_equal(spnegoGetNegotiationResult(h, &result), SPNEGO_E_SUCCESS);
    assert_int_equal(result, spnego_negresult_incomplete);
    assert_exact(h, &want);
    spnegoFreeData(h);
}

/*
 * Init2 {krb5}, mutual as minimal DER (03 02 06 40), mechToken aabbcc,
 * hintName "srv", hintAddress c0a8, mechListMIC [4] 01020304 (67 bytes):
 *   0 60 41 | 2 06 06 2b0601050502 | 10 a0 37 | 12 30 35
 *  14 a0 0d { 16 30 0b { 18 06 09 {20: krb5} } }
 *  29 a1 04 { 03 02 06 40 }
 *  35 a2 05 { 04 03 {39: aabbcc} }
 *  42 a3 0f { 44 30 0d { 46 a0 05 { 1b 03 {50: "srv"} },
 *                        53 a1 04 { 04 02 {57: c0a8} } } }
 *  59 a4 06 { 04 04 {63: 01020304} }
 */
static void torture_spans_init2_exact(void **state)
{
    static const struct exact_want want = {
        .span = {[SPNEGO_ELEMENT_MECH_TYPES] = {14, 15},
                 [SPNEGO_ELEMENT_REQ_FLAGS] = {29, 6},
                 [SPNEGO_ELEMENT_MECH_TOKEN] = {35, 7},
                 [SPNEGO_ELEMENT_NEG_HINTS] = {42, 17},
                 [SPNEGO_ELEMENT_HINT_NAME] = {46, 7},
                 [SPNEGO_ELEMENT_HINT_ADDRESS] = {53, 6},
                 [SPNEGO_ELEMENT_MECH_LIST_MIC] = {59, 8}},
        .mech_list = {16, 13},
        .mech_token = {39, 3},
        .mic = {63, 4},
        .hint_name = {50, 3},
        .hint_addr = {57, 2},
        .num_mechs = 1,
        .oid = {{20, 9}},
    };
    SPNEGO_OID krb5 = {oid_krb5, sizeof(oid_krb5)};
    SPNEGO_TOKEN_HANDLE h = NULL;
    int init2 = 0;
    (void)state;

    assert_int_equal(spnegoCreateNegTokenInit2(&krb5, 1, SPNEGO_NEGINIT_CONTEXT_MUTUAL_FLAG,
                                               tok3, 3, "srv", addr2, 2, mic4, 4,
                                               SPNEGO_BUILD_DER_REQFLAGS, &h),
                     SPNEGO_E_SUCCESS);
    assert_token_hex(h, "6041" "06062b0601050502" "a037" "3035"
                        "a00d" "300b" "06092a864886f712010202"
                        "a104" "03020640"
                        "a205" "0403aabbcc"
                        "a30f" "300d" "a005" "1b03737276" "a104" "0402c0a8"
                        "a406" "040401020304");
    assert_int_equal(spnegoIsNegTokenInit2(h, &init2), SPNEGO_E_SUCCESS);
    assert_int_equal(init2, 1);
    assert_exact(h, &want);
    spnegoFreeData(h);
}

/*
 * Long forms. TargEx with only a 128-byte responseToken (81 form) and a
 * 256-byte mechListMIC (82 form), 406 bytes:
 *   0 a1 82 01 92 | 4 30 82 01 8e
 *   8 a2 81 83 { 04 81 80 {14: 128 x a5} }
 * 142 a3 82 01 04 { 04 82 01 00 {150: 256 x 3c} }
 * InitEx {krb5} with a 65536-byte mechToken (83 form), 65584 bytes:
 *   0 60 83 01 00 2b | 5 06 06 2b0601050502 | 13 a0 83 01 00 1e
 *  18 30 83 01 00 19
 *  23 a0 0d { 25 30 0b { 27 06 09 {29: krb5} } }
 *  38 a2 83 01 00 05 { 04 83 01 00 00 {48: 65536 x a5} }
 */
static void torture_spans_long_forms_exact(void **state)
{
    static const struct exact_want want_resp = {
        .span = {[SPNEGO_ELEMENT_MECH_TOKEN] = {8, 134},
                 [SPNEGO_ELEMENT_MECH_LIST_MIC] = {142, 264}},
        .mech_token = {14, 128},
        .mic = {150, 256},
    };
    static const struct exact_want want_init = {
        .span = {[SPNEGO_ELEMENT_MECH_TYPES] = {23, 15},
                 [SPNEGO_ELEMENT_MECH_TOKEN] = {38, 65546}},
        .mech_list = {25, 13},
        .mech_token = {48, 65536},
        .num_mechs = 1,
        .oid = {{29, 9}},
    };
    static const unsigned char resp_head[] = {0xA1, 0x82, 0x01, 0x92, 0x30, 0x82,
                                              0x01, 0x8E, 0xA2, 0x81, 0x83, 0x04,
                                              0x81, 0x80};
    static const unsigned char resp_mic_head[] = {0xA3, 0x82, 0x01, 0x04,
                                                  0x04, 0x82, 0x01, 0x00};
    static const unsigned char init_head[] = {
        0x60, 0x83, 0x01, 0x00, 0x2B, 0x06, 0x06, 0x2B, 0x06, 0x01, 0x05, 0x05,
        0x02, 0xA0, 0x83, 0x01, 0x00, 0x1E, 0x30, 0x83, 0x01, 0x00, 0x19, 0xA0,
        0x0D, 0x30, 0x0B, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x12, 0x01,
        0x02, 0x02, 0xA2, 0x83, 0x01, 0x00, 0x05, 0x04, 0x83, 0x01, 0x00, 0x00};
    SPNEGO_OID krb5 = {oid_krb5, sizeof(oid_krb5)};
    unsigned char *token = malloc(BIG_LEN);
    unsigned char *mic = malloc(256);
    SPNEGO_TOKEN_HANDLE h = NULL;
    const unsigned char *bytes = NULL;
    unsigned long len = 0;
    (void)state;

    assert_non_null(token);
    assert_non_null(mic);
    memset(token, FILL_TOKEN, BIG_LEN);
    memset(mic, FILL_MIC, 256);

    assert_int_equal(spnegoCreateNegTokenTargEx(NULL, spnego_negresult_NotUsed, token, 128,
                                                mic, 256, &h),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoTokenGetBinaryPtr(h, &bytes, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, 406);
    assert_memory_equal(bytes, resp_head, sizeof(resp_head));
    assert_filled(bytes + 14, 128, FILL_TOKEN);
    assert_memory_equal(bytes + 142, resp_mic_head, sizeof(resp_mic_head));
    assert_filled(bytes + 150, 256, FILL_MIC);
    assert_exact(h, &want_resp);
    spnegoFreeData(h);

    assert_int_equal(spnegoCreateNegTokenInitEx(&krb5, 1, 0, token, BIG_LEN, NULL, 0, 0, &h),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoTokenGetBinaryPtr(h, &bytes, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, 65584);
    assert_memory_equal(bytes, init_head, sizeof(init_head));
    assert_filled(bytes + 48, BIG_LEN, FILL_TOKEN);
    assert_exact(h, &want_init);
    spnegoFreeData(h);
    free(mic);
    free(token);
}

/* ---- a table of builder parameters, compared with a parse ---- */

enum build_kind { KIND_INIT_2002, KIND_INIT_EX, KIND_INIT2, KIND_TARG_EX, KIND_TARG_2002 };

/* One builder call shape; the sizes and mechanisms vary per case. */
struct build_row {
    enum build_kind kind;
    unsigned long flags; /* SPNEGO_BUILD_* */
    int hint_name;       /* Init2: pass a hint name ("" for size 0) */
    int hint_addr;       /* Init2: pass a hint address */
    int neg_state;       /* Targ: SPNEGO_NEGRESULT; -1 omits negState */
    int supported;       /* Targ: name supportedMech */
};

#define DER SPNEGO_BUILD_DER_REQFLAGS
#define ZERO SPNEGO_BUILD_ZERO_REQFLAGS
#define NO_SENTINEL SPNEGO_BUILD_NO_HINT_SENTINEL
#define OMIT SPNEGO_BUILD_OMIT_NEG_HINTS

static const struct build_row build_rows[] = {
    {KIND_INIT_2002, 0, 0, 0, -1, 0},
    {KIND_INIT_EX, 0, 0, 0, -1, 0},
    {KIND_INIT_EX, DER, 0, 0, -1, 0},
    {KIND_INIT_EX, ZERO, 0, 0, -1, 0},
    {KIND_INIT_EX, DER | ZERO, 0, 0, -1, 0},
    {KIND_INIT2, 0, 0, 0, -1, 0},                 /* the sentinel name */
    {KIND_INIT2, 0, 1, 0, -1, 0},
    {KIND_INIT2, 0, 0, 1, -1, 0},                 /* sentinel and address */
    {KIND_INIT2, 0, 1, 1, -1, 0},
    {KIND_INIT2, DER | ZERO, 1, 1, -1, 0},
    {KIND_INIT2, NO_SENTINEL, 0, 0, -1, 0},       /* empty negHints a3 02 30 00 */
    {KIND_INIT2, NO_SENTINEL, 0, 1, -1, 0},
    {KIND_INIT2, NO_SENTINEL | DER, 1, 0, -1, 0},
    {KIND_INIT2, OMIT, 0, 0, -1, 0},              /* needs a MIC */
    {KIND_INIT2, OMIT | DER | ZERO, 0, 0, -1, 0},
    {KIND_TARG_EX, 0, 0, 0, -1, 0},               /* needs a token or a MIC */
    {KIND_TARG_EX, 0, 0, 0, 0, 0},
    {KIND_TARG_EX, 0, 0, 0, 0, 1},
    {KIND_TARG_EX, 0, 0, 0, 1, 0},
    {KIND_TARG_EX, 0, 0, 0, 1, 1},
    {KIND_TARG_EX, 0, 0, 0, 2, 0},
    {KIND_TARG_EX, 0, 0, 0, 2, 1},
    {KIND_TARG_EX, 0, 0, 0, 3, 0},
    {KIND_TARG_EX, 0, 0, 0, 3, 1},
    {KIND_TARG_2002, 0, 0, 0, -1, 0},             /* needs a token or a MIC */
    {KIND_TARG_2002, 0, 0, 0, 0, 1},
    {KIND_TARG_2002, 0, 0, 0, 1, 1},
    {KIND_TARG_2002, 0, 0, 0, 2, 1},
    {KIND_TARG_2002, 0, 0, 0, 3, 1},
};

#define NUM_ROWS ((unsigned long)(sizeof(build_rows) / sizeof(build_rows[0])))

/* Buffer sizes: absent, then each side of the 7f/81, ff/82, ffff/83
 * boundaries of a DER length. */
static const unsigned long build_sizes[] = {0, 1, 127, 128, 255, 256, 65535, BIG_LEN};
#define NUM_SIZES 8
/* Cases per row: every mech token size with every MIC size. */
#define CASES_PER_ROW (NUM_SIZES * NUM_SIZES)

static const unsigned char build_ctx_flags[] = {0x00, 0x40, 0xFE, 0x80, 0x06};
#define NUM_CTX_FLAGS 5

#define NUM_POOL 6
#define MAX_MECHS 5

/* The long buffers and a pool of OIDs of 6 to 300 octets (the long ones
 * 2a 01 01 ..., valid: each 01 is a whole subidentifier), so mech lists,
 * OIDs and supportedMech take short and long lengths too. */
struct build_bufs {
    unsigned char *token;
    unsigned char *mic;
    unsigned char *addr;
    char *name; /* BIG_LEN name octets and a NUL */
    unsigned char long_oid[300];
    SPNEGO_OID pool[NUM_POOL];
    /* Wrapper length forms seen: [n] 81, 82, 83 (index 1..3). */
    unsigned long num_forms[4];
};

static void free_bufs(struct build_bufs *b)
{
    free(b->token);
    free(b->mic);
    free(b->addr);
    free(b->name);
    free(b);
}

static int setup_bufs(void **state)
{
    struct build_bufs *b = calloc(1, sizeof(*b));

    if (b == NULL) {
        return -1;
    }
    b->token = malloc(BIG_LEN);
    b->mic = malloc(BIG_LEN);
    b->addr = malloc(BIG_LEN);
    b->name = malloc(BIG_LEN + 1);
    if (b->token == NULL || b->mic == NULL || b->addr == NULL || b->name == NULL) {
        free_bufs(b);
        return -1;
    }
    memset(b->token, FILL_TOKEN, BIG_LEN);
    memset(b->mic, FILL_MIC, BIG_LEN);
    memset(b->addr, FILL_ADDR, BIG_LEN);
    memset(b->name, FILL_NAME, BIG_LEN + 1);
    memset(b->long_oid, 0x01, sizeof(b->long_oid));
    b->long_oid[0] = 0x2A;
    b->pool[0].pbOid = oid_krb5;
    b->pool[0].ulOidLen = sizeof(oid_krb5);
    b->pool[1].pbOid = oid_ntlm;
    b->pool[1].ulOidLen = sizeof(oid_ntlm);
    b->pool[2].pbOid = b->long_oid; /* 06 81 80 */
    b->pool[2].ulOidLen = 128;
    b->pool[3].pbOid = oid_spnego;
    b->pool[3].ulOidLen = sizeof(oid_spnego);
    b->pool[4].pbOid = b->long_oid; /* 06 82 01 2c */
    b->pool[4].ulOidLen = 300;
    b->pool[5].pbOid = b->long_oid; /* 06 7f */
    b->pool[5].ulOidLen = 127;
    *state = b;
    return 0;
}

static int teardown_bufs(void **state)
{
    free_bufs(*state);
    return 0;
}

/* The status the builder must return for a row with these buffer sizes
 * (the rules in include/spnego.h; token and MIC never hold the same
 * bytes). */
static int build_expected(const struct build_row *row, unsigned long token_len,
                          unsigned long mic_len)
{
    if (row->kind == KIND_INIT2 && (row->flags & OMIT) != 0 && mic_len == 0) {
        return SPNEGO_E_INVALID_PARAMETER; /* a plain NegTokenInit */
    }
    if ((row->kind == KIND_TARG_EX || row->kind == KIND_TARG_2002) && row->neg_state < 0 &&
        !row->supported && token_len == 0 && mic_len == 0) {
        return SPNEGO_E_INVALID_PARAMETER; /* no field at all */
    }
    return SPNEGO_E_SUCCESS;
}

/* Builds case i of row r into *out_h; returns the builder's status. */
static int build_case(struct build_bufs *b, unsigned long r, unsigned long i,
                      SPNEGO_TOKEN_HANDLE *out_h)
{
    const struct build_row *row = &build_rows[r];
    unsigned long token_len = build_sizes[i / NUM_SIZES];
    unsigned long mic_len = build_sizes[i % NUM_SIZES];
    const unsigned char *token = token_len > 0 ? b->token : NULL;
    const unsigned char *mic = mic_len > 0 ? b->mic : NULL;
    unsigned long num_mechs = 1 + (i + r) % MAX_MECHS;
    unsigned long first = (i * 7 + r) % NUM_POOL;
    unsigned char flags = build_ctx_flags[(i + r) % NUM_CTX_FLAGS];
    SPNEGO_OID mechs[MAX_MECHS];
    unsigned long m;
    int rc;

    for (m = 0; m < num_mechs; m++) {
        mechs[m] = b->pool[(first + m) % NUM_POOL];
    }
    switch (row->kind) {
    case KIND_INIT_2002:
        return spnegoCreateNegTokenInit((SPNEGO_MECH_OID)((i + r) % 7), flags, token,
                                        token_len, mic, mic_len, out_h);
    case KIND_INIT_EX:
        return spnegoCreateNegTokenInitEx(mechs, num_mechs, flags, token, token_len, mic,
                                          mic_len, row->flags, out_h);
    case KIND_INIT2: {
        unsigned long name_len = build_sizes[(i * 3 + r) % NUM_SIZES];
        unsigned long addr_len = build_sizes[1 + (i * 5 + r) % (NUM_SIZES - 1)];
        b->name[name_len] = '\0';
        rc = spnegoCreateNegTokenInit2(mechs, num_mechs, flags, token, token_len,
                                       row->hint_name ? b->name : NULL,
                                       row->hint_addr ? b->addr : NULL,
                                       row->hint_addr ? addr_len : 0, mic, mic_len,
                                       row->flags, out_h);
        b->name[name_len] = FILL_NAME;
        return rc;
    }
    case KIND_TARG_EX:
        return spnegoCreateNegTokenTargEx(row->supported ? &b->pool[first] : NULL,
                                          (SPNEGO_NEGRESULT)row->neg_state, token,
                                          token_len, mic, mic_len, out_h);
    case KIND_TARG_2002:
    default:
        return spnegoCreateNegTokenTarg(row->supported ? (SPNEGO_MECH_OID)((i + r) % 7)
                                                       : spnego_mech_oid_NotUsed,
                                        (SPNEGO_NEGRESULT)row->neg_state, token, token_len,
                                        mic, mic_len, out_h);
    }
}

/* Counts the length forms of every element wrapper: [n] 81/82/83. */
static void count_forms(struct build_bufs *b, SPNEGO_TOKEN_HANDLE h)
{
    const unsigned char *bytes = NULL;
    unsigned long len = 0;
    unsigned long off;
    unsigned long span_len;
    int e;

    assert_int_equal(spnegoTokenGetBinaryPtr(h, &bytes, &len), SPNEGO_E_SUCCESS);
    for (e = 0; e < SPNEGO_ELEMENT_COUNT; e++) {
        if (spnegoGetElementSpan(h, e, &off, &span_len) == SPNEGO_E_SUCCESS &&
            bytes[off + 1] >= 0x81 && bytes[off + 1] <= 0x83) {
            b->num_forms[bytes[off + 1] - 0x80]++;
        }
    }
}

static void torture_spans_table(void **state)
{
    struct build_bufs *b = *state;
    unsigned long num_built = 0;
    unsigned long num_refused = 0;
    unsigned long r;
    unsigned long i;

    spnego_test_alloc_reset(-1);
    for (r = 0; r < NUM_ROWS; r++) {
        for (i = 0; i < CASES_PER_ROW; i++) {
            SPNEGO_TOKEN_HANDLE h = NULL;
            int want = build_expected(&build_rows[r], build_sizes[i / NUM_SIZES],
                                      build_sizes[i % NUM_SIZES]);
            int rc = build_case(b, r, i, &h);

            if (rc != want) {
                fail_msg("row %lu case %lu: builder returned %d (%s), expected %d", r, i, rc, spnegoErrorString(rc), want);
            }
            if (rc != SPNEGO_E_SUCCESS) {
                assert_null(h);
                num_refused++;
                continue;
            }
            assert_built_matches_parse(h);
            count_forms(b, h);
            spnegoFreeData(h);
            num_built++;
        }
    }
    /* Refused: the OMIT rows without a MIC (2 rows x 8 token sizes), and
     * the two Targ rows with no field when token and MIC are both absent. */
    assert_int_equal(num_refused, 2 * 8 + 2);
    assert_int_equal(num_built, NUM_ROWS * CASES_PER_ROW - num_refused);
    assert_int_equal(num_built, 29 * 64 - 18);
    /* Every length form of a wrapper appeared. */
    assert_true(b->num_forms[1] > 0);
    assert_true(b->num_forms[2] > 0);
    assert_true(b->num_forms[3] > 0);
    assert_int_equal(spnego_test_alloc_live(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(torture_spans_init_exact),
        cmocka_unit_test(torture_spans_resp_exact),
        cmocka_unit_test(torture_spans_init2_exact),
        cmocka_unit_test(torture_spans_long_forms_exact),
        cmocka_unit_test_setup_teardown(torture_spans_table, setup_bufs, teardown_bufs),
    };

    spnego_test_alloc_reset(-1);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
