/*
 * test_malformed.c - every hand-made broken token of
 * tests/vectors/malformed against the parsing policy of DESIGN.md
 * section 4, through the public API.
 *
 * The manifest (malformed_table.inc, generated) says what each file
 * breaks; the expectation table below was worked out by hand from each
 * file's bytes: the exact code and error offset in default and STRICT
 * mode, and the warning bits of the cases default parsing tolerates.
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

#define MAL_REJECT 0
#define MAL_ACCEPT_WITH_WARNING 1

struct mal_case {
    const char *file;
    unsigned long size;
    int expect;
    const char *category;
    const char *rule;
};

static const struct mal_case mal_cases[] = {
#include "vectors/malformed_table.inc"
};

/*
 * Expected results. def_rc/def_warn/def_off: default parsing (warnings
 * and offset as spnegoValidateToken reports them; offset 0 on success).
 * strict_rc/strict_off: SPNEGO_PARSE_STRICT. Offsets are from the first
 * byte of the file; the comment shows the bytes up to the culprit.
 */
struct mal_expect {
    const char *file;
    int def_rc;
    unsigned long def_warn;
    unsigned long def_off;
    int strict_rc;
    unsigned long strict_off;
};

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

static const struct mal_expect mal_expects[] = {
    /* canonical-DER-only rules: tolerated by default, refused by STRICT */
    {"len-nonminimal-81.der", OK, SPNEGO_WARN_NONMINIMAL_LENGTH, 0, E_NOTDER, 0},
    {"len-nonminimal-82.der", OK, SPNEGO_WARN_NONMINIMAL_LENGTH, 0, E_NOTDER, 0},
    /* 60 49 | 06 06 .. | a0 3f | 30 3d | a0 0e <14> | a2 2b | @32 04 81 28 */
    {"len-nonminimal-inner-81.der", OK, SPNEGO_WARN_NONMINIMAL_LENGTH, 0, E_NOTDER, 32},
    {"len-indefinite.der", E_LEN, 0, 0, E_LEN, 0},
    {"len-5-octets.der", E_LEN, 0, 0, E_LEN, 0},
    {"len-huge-4-octets.der", E_LEN, 0, 0, E_LEN, 0},
    {"len-reserved-ff.der", E_LEN, 0, 0, E_LEN, 0},
    {"len-past-end.der", E_LEN, 0, 0, E_LEN, 0},
    /* a1 14 | @2 30 13: 21 bytes in a 20-byte [1] */
    {"len-inner-past-outer.der", E_LEN, 0, 2, E_LEN, 2},
    /* a1 14 30 12 a0 03 0a 01 00 a1 0b | @11 06 0a: 12 bytes in 11 */
    {"len-oid-past-container.der", E_LEN, 0, 11, E_LEN, 11},
    {"len-framed-past-end.der", E_LEN, 0, 0, E_LEN, 0},
    {"truncated-empty.der", E_LEN, 0, 0, E_LEN, 0},
    {"truncated-in-long-length.der", E_LEN, 0, 0, E_LEN, 0},
    {"truncated-last-byte.der", E_LEN, 0, 0, E_LEN, 0},
    {"truncated-framed-after-oid.der", E_LEN, 0, 0, E_LEN, 0},
    {"truncated-in-mechtypes.der", E_LEN, 0, 0, E_LEN, 0},
    {"truncated-in-hintname.der", E_LEN, 0, 0, E_LEN, 0},
    {"truncated-in-mechtoken.der", E_LEN, 0, 0, E_LEN, 0},
    {"truncated-in-mic.der", E_LEN, 0, 0, E_LEN, 0},
    /* trailing bytes after the outer token: tolerated, STRICT at the end */
    {"trailing-garbage.der", OK, SPNEGO_WARN_TRAILING_BYTES, 0, E_TRAIL, 22},
    {"trailing-garbage-framed.der", OK, SPNEGO_WARN_TRAILING_BYTES, 0, E_TRAIL, 73},
    /* ... a3 2a <42> | @73 05 00 inside the 60 */
    {"framed-inner-extra-bytes.der", E_TRAIL, 0, 73, E_TRAIL, 73},
    /* a1 16 30 12 <18> | @22 05 00 inside the a1 */
    {"choice-extra-bytes.der", E_TRAIL, 0, 22, E_TRAIL, 22},
    /* a1 16 30 14 a0 05 0a 01 00 | @9 05 00 inside the a0 */
    {"inner-explicit-extra-bytes.der", E_TRAIL, 0, 9, E_TRAIL, 9},
    /* a1 15 30 13 a0 03 0a 01 00 | @9 bf 1f */
    {"high-tag-number.der", E_TYPE, 0, 9, E_TYPE, 9},
    {"choice-unknown-2.der", E_TOKEN, 0, 0, E_TOKEN, 0},
    /* a1 14 | @2 10 12 */
    {"sequence-tag-primitive.der", E_TYPE, 0, 2, E_TYPE, 2},
    /* a1 12 30 10 | @4 80 01 00 */
    {"context-tag-implicit.der", E_TYPE, 0, 4, E_TYPE, 4},
    {"framed-wrong-app-tag-61.der", E_TOKEN, 0, 0, E_TOKEN, 0},
    /* 60 08 06 06 <6> | @10 (end) */
    {"framed-missing-inner.der", SPNEGO_E_TOKEN_NOT_FOUND, 0, 10,
     SPNEGO_E_TOKEN_NOT_FOUND, 10},
    /* 60 47 | @2 06 06 2b 06 01 05 05 03 */
    {"wrong-spnego-oid.der", SPNEGO_E_UNEXPECTED_OID, 0, 2, SPNEGO_E_UNEXPECTED_OID, 2},
    /* a0 14 30 12 a0 10 30 0e | @8 06 00 */
    {"oid-empty.der", E_OID, 0, 8, E_OID, 8},
    {"oid-leading-80-arc.der", E_OID, 0, 8, E_OID, 8},
    {"oid-unterminated-subid.der", E_OID, 0, 8, E_OID, 8},
    /* legal DER; unframed, so STRICT refuses the missing framing (at 0) */
    {"oid-huge-arc.der", OK, SPNEGO_WARN_UNFRAMED_INIT, 0, E_TOKEN, 0},
    /* 60 57 | @2 06 0a <krb5 u2u> */
    {"framed-not-spnego-krb5-u2u.der", SPNEGO_E_UNEXPECTED_OID, 0, 2,
     SPNEGO_E_UNEXPECTED_OID, 2},
    /* a1 14 30 12 a0 03 | @6 02 01 00 */
    {"negstate-wrong-type-integer.der", E_TYPE, 0, 6, E_TYPE, 6},
    {"negstate-out-of-range-4.der", E_ELEM, 0, 6, E_ELEM, 6},
    {"negstate-nonminimal.der", E_NOTDER, 0, 6, E_NOTDER, 6},
    {"negstate-empty.der", E_ELEM, 0, 6, E_ELEM, 6},
    /* a1 14 30 12 a0 03 0a 01 00 a1 0b | @11 04 09 */
    {"supportedmech-not-oid.der", E_TYPE, 0, 11, E_TYPE, 11},
    /* a0 06 30 04 a0 02 | @6 30 00 */
    {"mechtypes-empty.der", E_ELEM, 0, 6, E_ELEM, 6},
    /* a0 10 30 0e a0 0c | @6 06 0a */
    {"mechtypes-not-sequence.der", E_TYPE, 0, 6, E_TYPE, 6},
    /* a0 15 30 13 a0 11 30 0f 06 0a <10> | @20 02 01 05 */
    {"mechtypes-element-not-oid.der", E_TYPE, 0, 20, E_TYPE, 20},
    /* 60 4c 06 06 <6> a0 42 30 40 a0 0e <14> a2 2e | @32 24 2c */
    {"mechtoken-constructed-octets.der", E_TYPE, 0, 32, E_TYPE, 32},
    /* a0 1e 30 1c a0 0d <13> a1 04 | @21 03 02 .. */
    {"reqflags-unused-bits-8.der", E_ELEM, 0, 21, E_ELEM, 21},
    {"reqflags-padding-bit-set.der", E_ELEM, 0, 21, E_ELEM, 21},
    {"reqflags-empty-with-unused.der", E_ELEM, 0, 21, E_ELEM, 21},
    /* 60 48 06 06 <6> a0 3e 30 3c a0 0e <14> a3 2a 30 28 | @34 a2 26 */
    {"hintname-wrong-tag.der", E_TYPE, 0, 34, E_TYPE, 34},
    /* ... 30 28 a0 26 | @36 0c 24 */
    {"hintname-utf8string.der", E_TYPE, 0, 36, E_TYPE, 36},
    /* a1 19 30 17 a0 03 0a 01 00 | @9 a0 03 */
    {"duplicate-field.der", E_ORDER, 0, 9, E_ORDER, 9},
    /* a1 14 30 12 a1 0b <11> | @17 a0 03 */
    {"fields-out-of-order.der", E_ORDER, 0, 17, E_ORDER, 17},
    /* read as NegTokenResp: [0] must hold an ENUMERATED; a1 3e 30 3c a0 0e | @6 30 0c */
    {"choice-swapped-init-in-resp.der", E_TYPE, 0, 6, E_TYPE, 6},
    /* policy cases (accept-with-warning) */
    /* 60 38 06 06 <6> a0 2e | @12 30 2c a2 2a: cross-field errors point at the
     * NegTokenInit SEQUENCE */
    {"negtokeninit-missing-mechtypes.der", OK, SPNEGO_WARN_MISSING_MECHTYPES, 0,
     E_MISSING, 12},
    /* a1 18 30 16 a0 03 <3> a1 0b <11> | @22 a4 02 05 00 */
    {"unknown-extension-field-resp.der", OK, SPNEGO_WARN_UNKNOWN_FIELD, 0, E_TYPE, 22},
    /* 60 4c 06 06 <6> a0 42 30 40 a0 0e <14> a2 2a <42> | @74 a5 02 05 00 */
    {"unknown-extension-field-init.der", OK, SPNEGO_WARN_UNKNOWN_FIELD, 0, E_TYPE, 74},
    /* a1 02 | @2 30 00 */
    {"negtokenresp-empty.der", OK, SPNEGO_WARN_EMPTY_RESP, 0, E_MISSING, 2},
    /* a1 06 30 04 a2 02 | @6 04 00 */
    {"mechtoken-empty-octets.der", OK, SPNEGO_WARN_EMPTY_MECH_TOKEN, 0, E_ELEM, 6},
    /* 60 1e 06 06 <6> | @10 a1 14 */
    {"framed-negtokenresp.der", OK, SPNEGO_WARN_FRAMED_RESP, 0, E_TOKEN, 10},
};

/* The three canonical-DER-only rules default parsing tolerates (DESIGN.md
 * section 4): these "reject" cases succeed by default. */
static int mal_is_der_only_rule(const char *file)
{
    static const char *const files[] = {
        "len-nonminimal-81.der",     "len-nonminimal-82.der",
        "len-nonminimal-inner-81.der", "trailing-garbage.der",
        "trailing-garbage-framed.der",
    };
    size_t i;

    for (i = 0; i < ARRAY_LEN(files); i++) {
        if (strcmp(files[i], file) == 0) {
            return 1;
        }
    }
    return 0;
}

static const struct mal_expect *mal_expect_of(const char *file)
{
    size_t i;

    for (i = 0; i < ARRAY_LEN(mal_expects); i++) {
        if (strcmp(mal_expects[i].file, file) == 0) {
            return &mal_expects[i];
        }
    }
    return NULL;
}

static unsigned char *mal_read(const struct mal_case *mc, size_t *out_len)
{
    char name[256];

    snprintf(name, sizeof(name), "malformed/%s", mc->file);
    return spnego_test_read_vector(name, out_len);
}

/* Both tables cover the same files, and agree with the policy. */
static void test_tables_agree(void **state)
{
    size_t i;

    (void)state;
    assert_int_equal(ARRAY_LEN(mal_cases), 59);
    assert_int_equal(ARRAY_LEN(mal_expects), ARRAY_LEN(mal_cases));
    for (i = 0; i < ARRAY_LEN(mal_cases); i++) {
        const struct mal_case *mc = &mal_cases[i];
        const struct mal_expect *me = mal_expect_of(mc->file);
        size_t len = 0;
        unsigned char *data;

        if (me == NULL) {
            fail_msg("%s: no expectation row", mc->file);
        }
        data = mal_read(mc, &len);
        assert_int_equal(len, mc->size);
        free(data);
        /* Every case fails under STRICT. */
        assert_int_not_equal(me->strict_rc, SPNEGO_E_SUCCESS);
        if (mc->expect == MAL_REJECT && !mal_is_der_only_rule(mc->file)) {
            assert_int_not_equal(me->def_rc, SPNEGO_E_SUCCESS);
        } else {
            /* Tolerated: success with exactly one warning bit. */
            assert_int_equal(me->def_rc, SPNEGO_E_SUCCESS);
            assert_int_not_equal(me->def_warn, 0);
            assert_int_equal(me->def_warn & (me->def_warn - 1), 0);
        }
    }
}

static void mal_check_mode(const struct mal_case *mc, const unsigned char *data, size_t len,
                           unsigned long flags, int expect_rc, unsigned long expect_warn,
                           unsigned long expect_off)
{
    unsigned long warnings = 0xFFFF;
    unsigned long off = 0xFFFF;
    SPNEGO_TOKEN_HANDLE h = NULL;
    int rc = spnegoValidateToken(data, (unsigned long)len, flags, &warnings, &off);

    if (rc != expect_rc || warnings != expect_warn || off != expect_off) {
        fail_msg("%s (flags %lu): rc %d (%s) warn 0x%lx off %lu; expected rc %d warn 0x%lx "
                 "off %lu [%s: %s]",
                 mc->file, flags, rc, spnegoErrorString(rc), warnings, off, expect_rc,
                 expect_warn, expect_off, mc->category, mc->rule);
    }
    /* The handle API agrees, copying or not; no allocation on failure. */
    spnego_test_alloc_reset(-1);
    h = (SPNEGO_TOKEN_HANDLE)&h;
    rc = spnegoInitFromBinaryEx(data, (unsigned long)len, flags, &h);
    assert_int_equal(rc, expect_rc);
    if (rc == SPNEGO_E_SUCCESS) {
        assert_non_null(h);
        assert_int_equal(spnegoGetParseWarnings(h, &warnings), SPNEGO_E_SUCCESS);
        assert_int_equal(warnings, expect_warn);
        spnegoFreeData(h);
    } else {
        assert_null(h);
        assert_int_equal(spnego_test_alloc_calls(), 0);
    }
    assert_int_equal(spnego_test_alloc_live(), 0);
    if (flags == 0) {
        h = NULL;
        assert_int_equal(spnegoInitFromBinary(data, (unsigned long)len, &h), expect_rc);
        spnegoFreeData(h);
        assert_int_equal(spnego_test_alloc_live(), 0);
    }
}

static void test_default_and_strict(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < ARRAY_LEN(mal_cases); i++) {
        const struct mal_case *mc = &mal_cases[i];
        const struct mal_expect *me = mal_expect_of(mc->file);
        size_t len = 0;
        unsigned char *data = mal_read(mc, &len);

        assert_non_null(me);
        mal_check_mode(mc, data, len, 0, me->def_rc, me->def_warn, me->def_off);
        mal_check_mode(mc, data, len, SPNEGO_PARSE_NOCOPY, me->def_rc, me->def_warn,
                       me->def_off);
        /* STRICT turns every tolerated deviation into its error: no
         * warnings are left to report. */
        mal_check_mode(mc, data, len, SPNEGO_PARSE_STRICT, me->strict_rc, 0, me->strict_off);
        mal_check_mode(mc, data, len, SPNEGO_PARSE_STRICT | SPNEGO_PARSE_NOCOPY,
                       me->strict_rc, 0, me->strict_off);
        free(data);
    }
}

static SPNEGO_TOKEN_HANDLE mal_parse(const char *file, unsigned char **out_data)
{
    char name[256];
    size_t len = 0;
    SPNEGO_TOKEN_HANDLE h = NULL;

    snprintf(name, sizeof(name), "malformed/%s", file);
    *out_data = spnego_test_read_vector(name, &len);
    assert_int_equal(spnegoInitFromBinary(*out_data, (unsigned long)len, &h),
                     SPNEGO_E_SUCCESS);
    return h;
}

/*
 * oid-huge-arc: a 77-bit arc is legal DER. It parses, its bytes come back
 * exactly, a byte comparison finds it, and only the dotted form refuses
 * it (OID_TOO_LARGE), without touching the output buffer.
 */
static void test_oid_huge_arc(void **state)
{
    static const unsigned char huge[12] = {0x2a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                           0xff, 0xff, 0xff, 0xff, 0x7f};
    unsigned char *data = NULL;
    SPNEGO_TOKEN_HANDLE h = mal_parse("oid-huge-arc.der", &data);
    unsigned long count = 0;
    unsigned char oid_buf[32];
    unsigned long oid_len = sizeof(oid_buf);
    SPNEGO_OID oid;
    char text[256];
    unsigned long text_len = sizeof(text);
    int index = -1;

    (void)state;
    assert_int_equal(spnegoGetMechTypeCount(h, &count), SPNEGO_E_SUCCESS);
    assert_int_equal(count, 2);
    assert_int_equal(spnegoGetMechTypeOID(h, 0, oid_buf, &oid_len), SPNEGO_E_SUCCESS);
    assert_int_equal(oid_len, sizeof(huge));
    assert_memory_equal(oid_buf, huge, sizeof(huge));
    oid.pbOid = oid_buf;
    oid.ulOidLen = oid_len;
    assert_int_equal(spnegoMechOidLookup(&oid), spnego_mech_oid_Unknown);
    memset(text, 'x', sizeof(text));
    assert_int_equal(spnegoOidToString(&oid, text, &text_len), SPNEGO_E_OID_TOO_LARGE);
    assert_int_equal(text[0], 'x');
    /* The second mech is krb5 and is found by its bytes. */
    assert_int_equal(spnegoIsMechTypeAvailable(h, spnego_mech_oid_Kerberos_V5, &index),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(index, 1);
    assert_int_equal(spnegoGetMechTypeOIDPtr(h, 1, &oid), SPNEGO_E_SUCCESS);
    text_len = sizeof(text);
    assert_int_equal(spnegoOidToString(&oid, text, &text_len), SPNEGO_E_SUCCESS);
    assert_string_equal(text, "1.2.840.113554.1.2.2");
    spnegoFreeData(h);
    free(data);
}

/* What the tolerated policy cases carry, read back. */
static void test_policy_case_fields(void **state)
{
    unsigned char *data = NULL;
    SPNEGO_TOKEN_HANDLE h;
    SPNEGO_NEGRESULT result = spnego_negresult_NotUsed;
    SPNEGO_MECH_OID mech = spnego_mech_oid_NotUsed;
    const unsigned char *ptr = NULL;
    unsigned long len = 99;
    unsigned long count = 0;
    int type = -1;

    (void)state;
    /* A framed NegTokenResp: a TARG; GetBinary is the whole framed token. */
    h = mal_parse("framed-negtokenresp.der", &data);
    assert_int_equal(spnegoGetTokenType(h, &type), SPNEGO_E_SUCCESS);
    assert_int_equal(type, SPNEGO_TOKEN_TARG);
    assert_int_equal(spnegoGetNegotiationResult(h, &result), SPNEGO_E_SUCCESS);
    assert_int_equal(result, spnego_negresult_success);
    assert_int_equal(spnegoGetSupportedMechType(h, &mech), SPNEGO_E_SUCCESS);
    assert_int_equal(mech, spnego_mech_oid_Kerberos_V5);
    assert_int_equal(spnegoTokenGetBinaryPtr(h, &ptr, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, 32);
    assert_memory_equal(ptr, data, 32);
    spnegoFreeData(h);
    free(data);

    /* An empty responseToken is present, with length 0. */
    h = mal_parse("mechtoken-empty-octets.der", &data);
    len = 99;
    assert_int_equal(spnegoGetMechToken(h, NULL, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, 0);
    assert_int_equal(spnegoGetMechTokenPtr(h, &ptr, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, 0);
    assert_int_equal(spnegoGetNegotiationResult(h, &result), SPNEGO_E_ELEMENT_UNAVAILABLE);
    spnegoFreeData(h);
    free(data);

    /* An empty NegTokenResp: nothing at all. */
    h = mal_parse("negtokenresp-empty.der", &data);
    assert_int_equal(spnegoGetNegotiationResult(h, &result), SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_int_equal(spnegoGetSupportedMechType(h, &mech), SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_int_equal(spnegoGetMechTokenPtr(h, &ptr, &len), SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_int_equal(spnegoGetMechListMICPtr(h, &ptr, &len), SPNEGO_E_ELEMENT_UNAVAILABLE);
    spnegoFreeData(h);
    free(data);

    /* NegTokenInit without mechTypes: the 40-byte NTLM token is there. */
    h = mal_parse("negtokeninit-missing-mechtypes.der", &data);
    assert_int_equal(spnegoGetMechTypeCount(h, &count), SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_int_equal(spnegoGetMechTokenPtr(h, &ptr, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, 40);
    assert_memory_equal(ptr, "NTLMSSP\0", 8);
    spnegoFreeData(h);
    free(data);

    /* Unknown extension fields are skipped; the known ones are read. */
    h = mal_parse("unknown-extension-field-resp.der", &data);
    assert_int_equal(spnegoGetNegotiationResult(h, &result), SPNEGO_E_SUCCESS);
    assert_int_equal(result, spnego_negresult_success);
    assert_int_equal(spnegoGetSupportedMechType(h, &mech), SPNEGO_E_SUCCESS);
    assert_int_equal(mech, spnego_mech_oid_Kerberos_V5);
    assert_int_equal(spnegoGetMechListMICPtr(h, &ptr, &len), SPNEGO_E_ELEMENT_UNAVAILABLE);
    spnegoFreeData(h);
    free(data);
    h = mal_parse("unknown-extension-field-init.der", &data);
    assert_int_equal(spnegoGetMechTypeCount(h, &count), SPNEGO_E_SUCCESS);
    assert_int_equal(count, 1);
    assert_int_equal(spnegoGetMechTokenPtr(h, &ptr, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, 40);
    assert_int_equal(spnegoGetMechListMICPtr(h, &ptr, &len), SPNEGO_E_ELEMENT_UNAVAILABLE);
    spnegoFreeData(h);
    free(data);

    /* Tolerated non-minimal length / trailing bytes: GetBinary gives the
     * token as received, without what follows it. */
    h = mal_parse("len-nonminimal-82.der", &data);
    assert_int_equal(spnegoTokenGetBinaryPtr(h, &ptr, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, 24);
    assert_memory_equal(ptr, data, 24);
    spnegoFreeData(h);
    free(data);
    h = mal_parse("trailing-garbage-framed.der", &data);
    assert_int_equal(spnegoTokenGetBinaryPtr(h, &ptr, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, 73);
    assert_memory_equal(ptr, data, 73);
    spnegoFreeData(h);
    free(data);
    assert_int_equal(spnego_test_alloc_live(), 0);
}

/* Every prefix of every malformed file (exact-size heap copies), in both
 * modes: no crash, no over-read (ASan/valgrind), no leaked handle. */
static void test_every_prefix(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < ARRAY_LEN(mal_cases); i++) {
        size_t len = 0;
        unsigned char *data = mal_read(&mal_cases[i], &len);
        size_t k;

        for (k = 0; k <= len; k++) {
            unsigned char *prefix = spnego_test_dup(data, k);
            unsigned long flags;

            for (flags = 0; flags <= SPNEGO_PARSE_STRICT; flags += SPNEGO_PARSE_STRICT) {
                SPNEGO_TOKEN_HANDLE h = NULL;
                unsigned long off = 0xFFFF;
                int vrc = spnegoValidateToken(prefix, (unsigned long)k, flags, NULL, &off);
                int rc;

                spnego_test_alloc_reset(-1);
                rc = spnegoInitFromBinaryEx(prefix, (unsigned long)k, flags, &h);
                assert_int_equal(rc, vrc);
                assert_true(off <= k);
                assert_true((rc == SPNEGO_E_SUCCESS) == (h != NULL));
                spnegoFreeData(h);
                assert_int_equal(spnego_test_alloc_live(), 0);
            }
            free(prefix);
        }
        free(data);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables_agree),
        cmocka_unit_test(test_default_and_strict),
        cmocka_unit_test(test_oid_huge_arc),
        cmocka_unit_test(test_policy_case_fields),
        cmocka_unit_test(test_every_prefix),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
