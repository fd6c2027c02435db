/*
 * test_sizes.c - DER length boundaries and the length bugs of the 2002
 * SPNEGO sample code, as regression tests.
 *
 * Mech tokens cross every length-octet boundary (short form, 81, 82, 83,
 * 84): total sizes are checked against a table computed by hand from
 * X.690 8.1.3 and against the formula written out below; headers against
 * hand-written bytes. Malformed inputs are exact-size heap copies so that
 * valgrind/ASan see any read past the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "spnego.h"
#include "spnego_test.h"

/* Octets of a DER length field (X.690 8.1.3.4/8.1.3.5). */
static size_t len_octets(size_t n)
{
    if (n < 0x80) {
        return 1;
    }
    if (n < 0x100) {
        return 2;
    }
    if (n < 0x10000) {
        return 3;
    }
    if (n < 0x1000000) {
        return 4;
    }
    return 5;
}

static size_t tlv(size_t n)
{
    return 1 + len_octets(n) + n;
}

/*
 * Framed NegTokenInit, mechTypes [krb5] (a0 0d 30 0b 06 09 <9>: 15 bytes),
 * mechToken [2] of n bytes (omitted when n is 0):
 *   60 L { 06 06 <spnego> (8), a0 L { 30 L { 15, a2 L { 04 L n } } } }
 */
static size_t init_size(size_t n)
{
    size_t fields = 15 + (n > 0 ? tlv(tlv(n)) : 0);

    return tlv(8 + tlv(tlv(fields)));
}

/*
 * NegTokenResp: negState a0 03 0a 01 01 (5), supportedMech krb5 a1 0b ..
 * (13), responseToken [2] of n bytes.
 */
static size_t targ_size(size_t n)
{
    size_t fields = 5 + 13 + (n > 0 ? tlv(tlv(n)) : 0);

    return tlv(tlv(fields));
}

static const struct {
    size_t n;
    size_t init_total;
    size_t targ_total;
} size_table[] = {
    /* hand-computed: e.g. n = 128: 04 81 80 (131), a2 81 83 (134),
     * 30 81 95 (152), a0 81 98 (155), 60 81 a3 (166) */
    {0, 29, 22},
    {1, 34, 27},
    {127, 164, 156},
    {128, 166, 158},
    {255, 297, 288},
    {256, 299, 290},
    {65535, 65582, 65572},
    {65536, 65584, 65574},
    {16777215, 16777267, 16777256},
    {16777216, 16777269, 16777258},
};

static unsigned char *make_payload(size_t n)
{
    unsigned char *p = (unsigned char *)malloc(n > 0 ? n : 1);
    size_t i;

    assert_non_null(p);
    for (i = 0; i < n; i++) {
        p[i] = (unsigned char)((i * 31u + 7u) ^ (i >> 8));
    }
    return p;
}

/* Parses the token bytes of h (an exact-size copy) in both modes and checks
 * that the mech token comes back intact. */
static void reparse_check(SPNEGO_TOKEN_HANDLE h, const unsigned char *payload, size_t n,
                          int want_type)
{
    const unsigned char *bytes = NULL;
    unsigned long len = 0;
    unsigned char *copy;
    unsigned long flag_set[2] = {0, SPNEGO_PARSE_NOCOPY | SPNEGO_PARSE_STRICT};
    size_t k;

    assert_int_equal(spnegoTokenGetBinaryPtr(h, &bytes, &len), SPNEGO_E_SUCCESS);
    copy = spnego_test_dup(bytes, len);
    for (k = 0; k < 2; k++) {
        SPNEGO_TOKEN_HANDLE p = NULL;
        unsigned char *out;
        unsigned long out_len;
        const unsigned char *ptr = NULL;
        unsigned long ptr_len = 0;
        int type = -1;

        assert_int_equal(spnegoInitFromBinaryEx(copy, len, flag_set[k], &p),
                         SPNEGO_E_SUCCESS);
        assert_int_equal(spnegoGetTokenType(p, &type), SPNEGO_E_SUCCESS);
        assert_int_equal(type, want_type);
        if (n == 0) {
            out_len = 0;
            assert_int_equal(spnegoGetMechToken(p, NULL, &out_len),
                             SPNEGO_E_ELEMENT_UNAVAILABLE);
        } else {
            out = (unsigned char *)malloc(n);
            assert_non_null(out);
            out_len = 0;
            assert_int_equal(spnegoGetMechToken(p, NULL, &out_len),
                             SPNEGO_E_BUFFER_TOO_SMALL);
            assert_int_equal(out_len, n);
            assert_int_equal(spnegoGetMechToken(p, out, &out_len), SPNEGO_E_SUCCESS);
            assert_int_equal(out_len, n);
            assert_memory_equal(out, payload, n);
            free(out);
            assert_int_equal(spnegoGetMechTokenPtr(p, &ptr, &ptr_len), SPNEGO_E_SUCCESS);
            assert_int_equal(ptr_len, n);
            if (flag_set[k] & SPNEGO_PARSE_NOCOPY) {
                /* the content ends the token: the last n bytes */
                assert_ptr_equal(ptr, copy + len - n);
            }
        }
        spnegoFreeData(p);
    }
    free(copy);
}

static void assert_same_bytes(SPNEGO_TOKEN_HANDLE a, SPNEGO_TOKEN_HANDLE b)
{
    const unsigned char *pa = NULL;
    const unsigned char *pb = NULL;
    unsigned long la = 0;
    unsigned long lb = 0;

    assert_int_equal(spnegoTokenGetBinaryPtr(a, &pa, &la), SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoTokenGetBinaryPtr(b, &pb, &lb), SPNEGO_E_SUCCESS);
    assert_int_equal(la, lb);
    assert_memory_equal(pa, pb, la);
}

static void assert_prefix_hex(SPNEGO_TOKEN_HANDLE h, const char *hex)
{
    size_t want_len = 0;
    unsigned char *want = spnego_test_hex(hex, &want_len);
    const unsigned char *p = NULL;
    unsigned long len = 0;

    assert_int_equal(spnegoTokenGetBinaryPtr(h, &p, &len), SPNEGO_E_SUCCESS);
    assert_true(len >= want_len);
    assert_memory_equal(p, want, want_len);
    free(want);
}

static void torture_sizes_table(void **state)
{
    size_t i;
    (void)state;

    /* The table and the formula agree (both by hand: a typo in one fails). */
    for (i = 0; i < sizeof(size_table) / sizeof(size_table[0]); i++) {
        assert_int_equal(init_size(size_table[i].n), size_table[i].init_total);
        assert_int_equal(targ_size(size_table[i].n), size_table[i].targ_total);
    }
}

static void build_one_size(size_t index)
{
    size_t n = size_table[index].n;
    unsigned char *payload = make_payload(n);
    const unsigned char *tok = n > 0 ? payload : NULL;
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_TOKEN_HANDLE again = NULL;
    const unsigned char *bytes = NULL;
    unsigned long len = 0;

    /* NegTokenInit */
    assert_int_equal(spnegoCreateNegTokenInit(spnego_mech_oid_Kerberos_V5, 0, tok, n, NULL,
                                              0, &h),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoTokenGetBinaryPtr(h, &bytes, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, size_table[index].init_total);
    if (n > 0) {
        assert_memory_equal(bytes + len - n, payload, n);
    }
    reparse_check(h, payload, n, SPNEGO_TOKEN_INIT);
    assert_int_equal(spnegoCreateNegTokenInit(spnego_mech_oid_Kerberos_V5, 0, tok, n, NULL,
                                              0, &again),
                     SPNEGO_E_SUCCESS);
    assert_same_bytes(h, again);
    spnegoFreeData(again);
    spnegoFreeData(h);

    /* NegTokenResp */
    assert_int_equal(spnegoCreateNegTokenTarg(spnego_mech_oid_Kerberos_V5,
                                              spnego_negresult_incomplete, tok, n, NULL, 0,
                                              &h),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoTokenGetBinaryPtr(h, &bytes, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, size_table[index].targ_total);
    reparse_check(h, payload, n, SPNEGO_TOKEN_TARG);
    assert_int_equal(spnegoCreateNegTokenTarg(spnego_mech_oid_Kerberos_V5,
                                              spnego_negresult_incomplete, tok, n, NULL, 0,
                                              &again),
                     SPNEGO_E_SUCCESS);
    assert_same_bytes(h, again);
    spnegoFreeData(again);
    spnegoFreeData(h);
    free(payload);
}

/* Parses, reads every field back and rebuilds through the getters. */
static void rebuild_from_parse(size_t index)
{
    size_t n = size_table[index].n;
    unsigned char *payload = make_payload(n);
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_TOKEN_HANDLE p = NULL;
    SPNEGO_TOKEN_HANDLE r = NULL;
    SPNEGO_MECH_OID mech = spnego_mech_oid_NotUsed;
    SPNEGO_NEGRESULT res = spnego_negresult_NotUsed;
    const unsigned char *bytes = NULL;
    unsigned long len = 0;
    const unsigned char *t = NULL;
    unsigned long t_len = 0;

    assert_true(n > 0);
    assert_int_equal(spnegoCreateNegTokenTarg(spnego_mech_oid_Kerberos_V5,
                                              spnego_negresult_incomplete, payload, n, NULL,
                                              0, &h),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoTokenGetBinaryPtr(h, &bytes, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoInitFromBinaryEx(bytes, len, SPNEGO_PARSE_NOCOPY, &p),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoGetSupportedMechType(p, &mech), SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoGetNegotiationResult(p, &res), SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoGetMechTokenPtr(p, &t, &t_len), SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoCreateNegTokenTarg(mech, res, t, t_len, NULL, 0, &r),
                     SPNEGO_E_SUCCESS);
    assert_same_bytes(h, r);
    spnegoFreeData(r);
    spnegoFreeData(p);
    spnegoFreeData(h);
    free(payload);
}

static void torture_sizes_small(void **state)
{
    size_t i;
    (void)state;

    for (i = 0; i < 6; i++) {
        build_one_size(i);
    }
    rebuild_from_parse(1);
    rebuild_from_parse(3);
    rebuild_from_parse(5);
}

static void torture_sizes_two_octet(void **state)
{
    (void)state;
    build_one_size(6);
    rebuild_from_parse(6);
}

/* The 2002 code wrote and read at most 2 length octets. */
static void torture_sizes_regress_2002_three_octet_length_write(void **state)
{
    unsigned char *payload = make_payload(65536);
    SPNEGO_TOKEN_HANDLE h = NULL;
    (void)state;

    build_one_size(7);
    build_one_size(8);
    rebuild_from_parse(7);

    assert_int_equal(spnegoCreateNegTokenTarg(spnego_mech_oid_Kerberos_V5,
                                              spnego_negresult_incomplete, payload, 65536,
                                              NULL, 0, &h),
                     SPNEGO_E_SUCCESS);
    /* 04 83 010000 (0x10005), a2 83 010005 (0x1000a),
     * fields 5 + 13 + 0x1000a = 0x1001c, 30 83 01001c, a1 83 010021 */
    assert_prefix_hex(h, "a183010021" "3083" "01001c" "a0030a0101"
                         "a10b06092a864886f712010202"
                         "a283010005" "0483010000");
    spnegoFreeData(h);

    assert_int_equal(spnegoCreateNegTokenInit(spnego_mech_oid_Kerberos_V5, 0, payload,
                                              65536, NULL, 0, &h),
                     SPNEGO_E_SUCCESS);
    /* 04 83 010000, a2 83 010005, 30 83 010019, a0 83 01001e, 60 83 01002b */
    assert_prefix_hex(h, "608301002b" "06062b0601050502" "a08301001e" "3083010019"
                         "a00d300b06092a864886f712010202"
                         "a283010005" "0483010000");
    spnegoFreeData(h);
    free(payload);
}

static void torture_sizes_regress_2002_three_octet_length_read(void **state)
{
    /* a1 83 01000f { 30 83 01000a { a2 83 010005 { 04 83 010000 <65536> } } } */
    static const unsigned char head[] = {0xA1, 0x83, 0x01, 0x00, 0x0F, 0x30, 0x83,
                                         0x01, 0x00, 0x0A, 0xA2, 0x83, 0x01, 0x00,
                                         0x05, 0x04, 0x83, 0x01, 0x00, 0x00};
    size_t n = 65536;
    size_t total = sizeof(head) + n;
    unsigned char *payload = make_payload(n);
    unsigned char *tok = (unsigned char *)malloc(total);
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_TOKEN_HANDLE r = NULL;
    const unsigned char *t = NULL;
    unsigned long t_len = 0;
    (void)state;

    assert_non_null(tok);
    memcpy(tok, head, sizeof(head));
    memcpy(tok + sizeof(head), payload, n);
    assert_int_equal(total, 65556);
    assert_int_equal(spnegoInitFromBinaryEx(tok, total, SPNEGO_PARSE_STRICT, &h),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoGetMechTokenPtr(h, &t, &t_len), SPNEGO_E_SUCCESS);
    assert_int_equal(t_len, n);
    assert_memory_equal(t, payload, n);
    /* rebuilds byte-identically */
    assert_int_equal(spnegoCreateNegTokenTarg(spnego_mech_oid_NotUsed,
                                              spnego_negresult_NotUsed, t, t_len, NULL, 0,
                                              &r),
                     SPNEGO_E_SUCCESS);
    assert_same_bytes(h, r);
    spnegoFreeData(r);
    spnegoFreeData(h);
    /* one byte short: the outer length now runs past the data */
    assert_int_equal(spnegoInitFromBinary(tok, total - 1, &h), SPNEGO_E_INVALID_LENGTH);
    assert_null(h);
    free(tok);
    free(payload);
}

static void torture_sizes_four_octet_16mib(void **state)
{
    size_t n = 16777216;
    unsigned char *payload = make_payload(n);
    SPNEGO_TOKEN_HANDLE h = NULL;
    (void)state;

    build_one_size(9);
    rebuild_from_parse(9);

    assert_int_equal(spnegoCreateNegTokenInit(spnego_mech_oid_Kerberos_V5, 0, payload, n,
                                              NULL, 0, &h),
                     SPNEGO_E_SUCCESS);
    /* 04 84 01000000, a2 84 01000006, 30 84 0100001b, a0 84 01000021,
     * 60 84 0100002f */
    assert_prefix_hex(h, "60840100002f" "06062b0601050502" "a08401000021" "30840100001b"
                         "a00d300b06092a864886f712010202"
                         "a28401000006" "048401000000");
    spnegoFreeData(h);

    /* read a hand-framed NegTokenResp holding the same 16 MiB:
     * a1 84 01000012 { 30 84 0100000c { a2 84 01000006 { 04 84 01000000 } } } */
    {
        static const unsigned char head[] = {0xA1, 0x84, 0x01, 0x00, 0x00, 0x12,
                                             0x30, 0x84, 0x01, 0x00, 0x00, 0x0C,
                                             0xA2, 0x84, 0x01, 0x00, 0x00, 0x06,
                                             0x04, 0x84, 0x01, 0x00, 0x00, 0x00};
        size_t total = sizeof(head) + n;
        unsigned char *tok = (unsigned char *)malloc(total);
        const unsigned char *t = NULL;
        unsigned long t_len = 0;

        assert_non_null(tok);
        memcpy(tok, head, sizeof(head));
        memcpy(tok + sizeof(head), payload, n);
        assert_int_equal(spnegoInitFromBinaryEx(tok, total,
                                                SPNEGO_PARSE_STRICT | SPNEGO_PARSE_NOCOPY,
                                                &h),
                         SPNEGO_E_SUCCESS);
        assert_int_equal(spnegoGetMechTokenPtr(h, &t, &t_len), SPNEGO_E_SUCCESS);
        assert_ptr_equal(t, tok + sizeof(head));
        assert_int_equal(t_len, n);
        spnegoFreeData(h);
        assert_int_equal(spnegoInitFromBinary(tok, total - 1, &h), SPNEGO_E_INVALID_LENGTH);
        assert_null(h);
        free(tok);
    }
    free(payload);
}

/* ---- truncated headers (the 2002 off-by-one read after "a1 81") ---- */

static void expect_rc_hex(const char *hex, unsigned long flags, int want)
{
    size_t len = 0;
    unsigned char *data = spnego_test_hex(hex, &len);
    SPNEGO_TOKEN_HANDLE h = (SPNEGO_TOKEN_HANDLE)(void *)data;
    unsigned long warnings = 0;
    unsigned long off = 0;

    assert_int_equal(spnegoInitFromBinaryEx(data, len, flags, &h), want);
    if (want != SPNEGO_E_SUCCESS) {
        assert_null(h);
    }
    spnegoFreeData(h);
    assert_int_equal(spnegoValidateToken(data, len, flags, &warnings, &off), want);
    if (want != SPNEGO_E_SUCCESS) {
        assert_true(off <= len);
    }
    free(data);
}

static void expect_all_modes(const char *hex, int want)
{
    expect_rc_hex(hex, 0, want);
    expect_rc_hex(hex, SPNEGO_PARSE_NOCOPY, want);
    expect_rc_hex(hex, SPNEGO_PARSE_STRICT, want);
}

static void torture_sizes_regress_2002_offbyone_truncated_header(void **state)
{
    static const char *const cases[] = {
        "a1",
        "a181",
        "a18105",
        "a182",
        "a18200",
        "a1820005",
        "a183",
        "a1830000",
        "a184000000",
        "a1840000000530",
        "60",
        "6081",
        "608182",
        "a0",
        "a081",
        "a1053081",       /* inner header cut off */
        "a103308105",     /* inner length past the outer content */
        "a10330810530",
        "a1043002a003",   /* innermost past its parents */
        "600706062b06010505", /* framing OID cut short */
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        expect_all_modes(cases[i], SPNEGO_E_INVALID_LENGTH);
    }
    /* indefinite length (BER, X.690 8.1.3.6) and 5 length octets */
    expect_all_modes("a18030000000", SPNEGO_E_INVALID_LENGTH);
    expect_all_modes("a18500000000023000", SPNEGO_E_INVALID_LENGTH);
}

/* Every strict prefix of every vector is truncated: INVALID_LENGTH. */
static void torture_sizes_regress_2002_offbyone_every_prefix(void **state)
{
    static const char *const names[] = {
        "gokrb5-http-reject.der",
        "gokrb5-negtokenresp-accept-krb5.der",
        "mit-t_spnego-neghints-init2.der",
        "pyspnego-pack-negtokeninit2-hints-mic4.der",
        "pyspnego-data-negtokenresp-krb5-aprep.der",
        "syringe-ntlm-challenge.der",
        "smbj-negtokeninit-negoex-tokensigning.der",
        "kerberosnet-spnego-ntlm-negotiate.der",
        "gokrb5-negtokeninit-unframed-reqflags.der",
        "syringe-ntlm-auth-mic-no-negstate.der",
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        size_t len = 0;
        unsigned char *full = spnego_test_read_vector(names[i], &len);
        size_t cut;

        for (cut = 0; cut < len; cut++) {
            unsigned char *part = spnego_test_dup(full, cut);
            SPNEGO_TOKEN_HANDLE h = (SPNEGO_TOKEN_HANDLE)(void *)part;
            int rc = spnegoInitFromBinaryEx(part, cut, SPNEGO_PARSE_NOCOPY, &h);
            if (rc != SPNEGO_E_INVALID_LENGTH) {
                fail_msg("%s cut at %lu: %d", names[i], (unsigned long)cut, rc);
            }
            assert_null(h);
            free(part);
        }
        free(full);
    }
}

/* ---- a zero-length element at the very end ---- */

static void torture_sizes_regress_2002_zero_length_last_element(void **state)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    size_t len = 0;
    unsigned char *tok;
    unsigned char buf[4] = {0xA5, 0xA5, 0xA5, 0xA5};
    unsigned long buf_len;
    const unsigned char *p = NULL;
    unsigned long p_len = 99;
    unsigned long off = 0;
    unsigned long span_len = 0;
    unsigned long warnings = 0;
    (void)state;

    /* a1 0b 30 09 { a0 03 0a 01 00, a3 02 04 00 }: empty mechListMIC last;
     * tolerated with a warning, refused by STRICT (no builder makes it) */
    tok = spnego_test_hex("a10b3009a0030a0100a3020400", &len);
    assert_int_equal(spnegoInitFromBinaryEx(tok, len, SPNEGO_PARSE_STRICT, &h),
                     SPNEGO_E_INVALID_ELEMENT);
    assert_null(h);
    assert_int_equal(spnegoInitFromBinaryEx(tok, len, SPNEGO_PARSE_NOCOPY, &h),
                     SPNEGO_E_SUCCESS);
    buf_len = sizeof(buf);
    assert_int_equal(spnegoGetMechListMIC(h, buf, &buf_len), SPNEGO_E_SUCCESS);
    assert_int_equal(buf_len, 0);
    assert_int_equal(buf[0], 0xA5);
    assert_int_equal(spnegoGetMechListMICPtr(h, &p, &p_len), SPNEGO_E_SUCCESS);
    assert_int_equal(p_len, 0);
    assert_int_equal(spnegoGetElementSpan(h, SPNEGO_ELEMENT_MECH_LIST_MIC, &off, &span_len),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(off, 9);
    assert_int_equal(span_len, 4);
    assert_int_equal(spnegoGetParseWarnings(h, &warnings), SPNEGO_E_SUCCESS);
    assert_int_equal(warnings, SPNEGO_WARN_EMPTY_MIC);
    spnegoFreeData(h);
    free(tok);

    /* empty responseToken last: tolerated with a warning, refused by STRICT */
    tok = spnego_test_hex("a10b3009a0030a0101a2020400", &len);
    assert_int_equal(spnegoInitFromBinaryEx(tok, len, SPNEGO_PARSE_NOCOPY, &h),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoGetParseWarnings(h, &warnings), SPNEGO_E_SUCCESS);
    assert_int_equal(warnings, SPNEGO_WARN_EMPTY_MECH_TOKEN);
    buf_len = sizeof(buf);
    assert_int_equal(spnegoGetMechToken(h, buf, &buf_len), SPNEGO_E_SUCCESS);
    assert_int_equal(buf_len, 0);
    spnegoFreeData(h);
    h = (SPNEGO_TOKEN_HANDLE)(void *)tok;
    assert_int_equal(spnegoInitFromBinaryEx(tok, len, SPNEGO_PARSE_STRICT, &h),
                     SPNEGO_E_INVALID_ELEMENT);
    assert_null(h);
    free(tok);

    /* framed NegTokenInit ending in an empty [3] OCTET STRING:
     * 60 1f { 06 06 .., a0 15 30 13 { a0 0d .., a3 02 04 00 } } */
    tok = spnego_test_hex("601f06062b0601050502a0153013"
                          "a00d300b06092a864886f712010202a3020400", &len);
    assert_int_equal(spnegoInitFromBinaryEx(tok, len, SPNEGO_PARSE_STRICT, &h),
                     SPNEGO_E_INVALID_ELEMENT);
    assert_int_equal(spnegoInitFromBinaryEx(tok, len, 0, &h), SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoGetParseWarnings(h, &warnings), SPNEGO_E_SUCCESS);
    assert_int_equal(warnings, SPNEGO_WARN_EMPTY_MIC);
    assert_int_equal(spnegoGetMechListMICPtr(h, &p, &p_len), SPNEGO_E_SUCCESS);
    assert_int_equal(p_len, 0);
    spnegoFreeData(h);
    free(tok);

    /* the same, cut: the empty element's header is incomplete */
    expect_all_modes("a10a3008a0030a0100a30104", SPNEGO_E_INVALID_LENGTH);
    expect_all_modes("a10b3009a0030a0100a30204", SPNEGO_E_INVALID_LENGTH);
}

/* ---- 32-bit sign bugs: lengths 2^31 and 2^32-1 against a short buffer ---- */

static void torture_sizes_regress_2002_long_sign(void **state)
{
    static const char *const cases[] = {
        "a184800000003000",                 /* outer 2^31 */
        "a184ffffffff3000",                 /* outer 2^32-1 */
        "a1847fffffff3000",                 /* outer 2^31-1 */
        "a184800000013000",                 /* outer 2^31+1 */
        "60848000000006062b0601050502",     /* framing 2^31 */
        "6084ffffffff06062b0601050502a000", /* framing 2^32-1 */
        "a10a308480000000a0030a01",         /* inner SEQUENCE 2^31 */
        "a10a3084ffffffffa0030a01",         /* inner SEQUENCE 2^32-1 */
        "a10e300ca20a0484ffffffff00000000", /* OCTET STRING 2^32-1 */
        "a10e300ca20a04848000000000000000", /* OCTET STRING 2^31 */
        "a10e300ca20a0484fffffffe00000000", /* OCTET STRING 2^32-2 */
        "a10e300ca00a0a848000000000000000", /* ENUMERATED 2^31 */
        "a10e300ca00a0a84ffffffff00000000", /* ENUMERATED 2^32-1 */
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        expect_all_modes(cases[i], SPNEGO_E_INVALID_LENGTH);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(torture_sizes_table),
        cmocka_unit_test(torture_sizes_small),
        cmocka_unit_test(torture_sizes_two_octet),
        cmocka_unit_test(torture_sizes_regress_2002_three_octet_length_write),
        cmocka_unit_test(torture_sizes_regress_2002_three_octet_length_read),
        cmocka_unit_test(torture_sizes_four_octet_16mib),
        cmocka_unit_test(torture_sizes_regress_2002_offbyone_truncated_header),
        cmocka_unit_test(torture_sizes_regress_2002_offbyone_every_prefix),
        cmocka_unit_test(torture_sizes_regress_2002_zero_length_last_element),
        cmocka_unit_test(torture_sizes_regress_2002_long_sign),
    };

    spnego_test_alloc_reset(-1);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
