/*
 * test_build.c - unit tests of the token builders (spnegoCreateNegToken*).
 *
 * Every expected token below was derived by hand from the ASN.1 module of
 * DESIGN.md section 1 (each TLV's length is written next to it), or is a
 * published vector from tests/vectors that a builder must reproduce byte
 * for byte. Nothing here is produced by the library under test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "spnego.h"
#include "spnego_test.h"

/* OID content bytes (DESIGN.md table). */
static const unsigned char oid_krb5[] = {0x2A, 0x86, 0x48, 0x86, 0xF7,
                                         0x12, 0x01, 0x02, 0x02};
static const unsigned char oid_ntlm[] = {0x2B, 0x06, 0x01, 0x04, 0x01,
                                         0x82, 0x37, 0x02, 0x02, 0x0A};
static const unsigned char oid_krb5_legacy[] = {0x2A, 0x86, 0x48, 0x82, 0xF7,
                                                0x12, 0x01, 0x02, 0x02};

static const unsigned char tok4[] = {0x01, 0x02, 0x03, 0x04};
static const unsigned char zero4[] = {0x00, 0x00, 0x00, 0x00};
static const unsigned char ones4[] = {0x01, 0x01, 0x01, 0x01};

/* A handle value no constructor returns: lets a test see that *ph was
 * reset to NULL. Never dereferenced. */
static char build_dummy_object;
#define BUILD_DUMMY ((SPNEGO_TOKEN_HANDLE)(void *)&build_dummy_object)

/* Asserts that h's bytes are exactly the hex string. */
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

/* Asserts that h's bytes equal the named vector file. */
static void assert_token_vector(SPNEGO_TOKEN_HANDLE h, const char *name)
{
    size_t want_len = 0;
    unsigned char *want = spnego_test_read_vector(name, &want_len);
    const unsigned char *got = NULL;
    unsigned long got_len = 0;

    assert_int_equal(spnegoTokenGetBinaryPtr(h, &got, &got_len), SPNEGO_E_SUCCESS);
    assert_int_equal(got_len, want_len);
    assert_memory_equal(got, want, want_len);
    free(want);
}

/* Reparses a built token from an exact-size copy (default and STRICT). */
static SPNEGO_TOKEN_HANDLE reparse(SPNEGO_TOKEN_HANDLE h, unsigned long flags)
{
    const unsigned char *bytes = NULL;
    unsigned long len = 0;
    unsigned char *copy;
    SPNEGO_TOKEN_HANDLE out = NULL;
    unsigned long warnings = 1;

    assert_int_equal(spnegoTokenGetBinaryPtr(h, &bytes, &len), SPNEGO_E_SUCCESS);
    copy = spnego_test_dup(bytes, len);
    assert_int_equal(spnegoInitFromBinaryEx(copy, len, flags, &out), SPNEGO_E_SUCCESS);
    free(copy);
    assert_int_equal(spnegoGetParseWarnings(out, &warnings), SPNEGO_E_SUCCESS);
    if (flags & SPNEGO_PARSE_STRICT) {
        assert_int_equal(warnings, 0);
    }
    return out;
}

static void assert_elem(SPNEGO_TOKEN_HANDLE h,
                        int (*get)(SPNEGO_TOKEN_HANDLE, const unsigned char **,
                                   unsigned long *),
                        const unsigned char *want, unsigned long want_len)
{
    const unsigned char *p = NULL;
    unsigned long len = 0;

    if (want == NULL) {
        assert_int_equal(get(h, &p, &len), SPNEGO_E_ELEMENT_UNAVAILABLE);
        return;
    }
    assert_int_equal(get(h, &p, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, want_len);
    assert_memory_equal(p, want, want_len);
}

/* ---- NegTokenInit ---- */

static void torture_build_init_krb5_token(void **state)
{
    SPNEGO_TOKEN_HANDLE h = BUILD_DUMMY;
    (void)state;

    assert_int_equal(spnegoCreateNegTokenInit(spnego_mech_oid_Kerberos_V5, 0, tok4, 4,
                                              NULL, 0, &h),
                     SPNEGO_E_SUCCESS);
    assert_non_null(h);
    /* 60 23 | 06 06 2b0601050502 | a0 19 30 17
     *   a0 0d 30 0b 06 09 <krb5>  a2 06 04 04 01020304 */
    assert_token_hex(h, "6023" "06062b0601050502" "a019" "3017"
                        "a00d300b06092a864886f712010202"
                        "a206040401020304");
    spnegoFreeData(h);
}

static void torture_build_init_flags_mutual_integ(void **state)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    unsigned char flags = 0;
    (void)state;

    assert_int_equal(spnegoCreateNegTokenInit(spnego_mech_oid_Kerberos_V5,
                                              SPNEGO_NEGINIT_CONTEXT_MUTUAL_FLAG |
                                                  SPNEGO_NEGINIT_CONTEXT_INTEG_FLAG,
                                              tok4, 4, NULL, 0, &h),
                     SPNEGO_E_SUCCESS);
    /* reqFlags a1 04 03 02 01 42: SEQUENCE 15+6+8 = 0x1d */
    assert_token_hex(h, "6029" "06062b0601050502" "a01f" "301d"
                        "a00d300b06092a864886f712010202"
                        "a104030201" "42"
                        "a206040401020304");
    assert_int_equal(spnegoGetContextFlags(h, &flags), SPNEGO_E_SUCCESS);
    assert_int_equal(flags, 0x42);
    spnegoFreeData(h);
}

static void torture_build_init_flags_mutual_2002_form(void **state)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_OID mech = {oid_krb5, sizeof(oid_krb5)};
    (void)state;

    /* Default: the 03 02 01 xx form MIT needs, even when not minimal. */
    assert_int_equal(spnegoCreateNegTokenInitEx(&mech, 1,
                                                SPNEGO_NEGINIT_CONTEXT_MUTUAL_FLAG,
                                                tok4, 4, NULL, 0, 0, &h),
                     SPNEGO_E_SUCCESS);
    assert_token_hex(h, "6029" "06062b0601050502" "a01f" "301d"
                        "a00d300b06092a864886f712010202"
                        "a104030201" "40"
                        "a206040401020304");
    spnegoFreeData(h);
}

/* reqFlags with no flag set, written on request (Java sends 03 02 01 00;
 * a zero ucContextFlags alone omits the field). The token re-parses with
 * the field present and 0. */
static void torture_build_init_flags_zero(void **state)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_TOKEN_HANDLE p;
    SPNEGO_OID mech = {oid_krb5, sizeof(oid_krb5)};
    unsigned char flags = 0xFF;
    unsigned long warnings = 0;
    static const unsigned char mic1[1] = {0xAA};
    (void)state;

    assert_int_equal(spnegoCreateNegTokenInitEx(&mech, 1, 0, NULL, 0, NULL, 0,
                                                SPNEGO_BUILD_ZERO_REQFLAGS, &h),
                     SPNEGO_E_SUCCESS);
    assert_token_hex(h, "6021" "06062b0601050502" "a017" "3015"
                        "a00d300b06092a864886f712010202"
                        "a10403020100");
    p = reparse(h, 0);
    assert_int_equal(spnegoGetContextFlags(p, &flags), SPNEGO_E_SUCCESS);
    assert_int_equal(flags, 0);
    assert_int_equal(spnegoGetParseWarnings(p, &warnings), SPNEGO_E_SUCCESS);
    assert_int_equal(warnings, SPNEGO_WARN_REQFLAGS_NOT_DER | SPNEGO_WARN_REQFLAGS_UNUSUAL);
    spnegoFreeData(p);
    spnegoFreeData(h);

    /* Minimal DER of no bits: 03 01 00. */
    assert_int_equal(spnegoCreateNegTokenInitEx(&mech, 1, 0, NULL, 0, NULL, 0,
                                                SPNEGO_BUILD_ZERO_REQFLAGS |
                                                    SPNEGO_BUILD_DER_REQFLAGS,
                                                &h),
                     SPNEGO_E_SUCCESS);
    assert_token_hex(h, "6020" "06062b0601050502" "a016" "3014"
                        "a00d300b06092a864886f712010202"
                        "a103030100");
    p = reparse(h, 0);
    assert_int_equal(spnegoGetContextFlags(p, &flags), SPNEGO_E_SUCCESS);
    assert_int_equal(flags, 0);
    spnegoFreeData(p);
    spnegoFreeData(h);

    /* With a flag set it changes nothing; Init2 takes it too. */
    assert_int_equal(spnegoCreateNegTokenInitEx(&mech, 1, 0x40, NULL, 0, NULL, 0,
                                                SPNEGO_BUILD_ZERO_REQFLAGS, &h),
                     SPNEGO_E_SUCCESS);
    assert_token_hex(h, "6021" "06062b0601050502" "a017" "3015"
                        "a00d300b06092a864886f712010202"
                        "a10403020140");
    spnegoFreeData(h);
    assert_int_equal(spnegoCreateNegTokenInit2(&mech, 1, 0, NULL, 0, NULL, NULL, 0, mic1, 1,
                                               SPNEGO_BUILD_ZERO_REQFLAGS |
                                                   SPNEGO_BUILD_OMIT_NEG_HINTS,
                                               &h),
                     SPNEGO_E_SUCCESS);
    assert_token_hex(h, "6026" "06062b0601050502" "a01c" "301a"
                        "a00d300b06092a864886f712010202"
                        "a10403020100" "a4030401aa");
    spnegoFreeData(h);
}

static void torture_build_init_flags_der(void **state)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_TOKEN_HANDLE p;
    SPNEGO_OID mech = {oid_krb5, sizeof(oid_krb5)};
    unsigned char flags = 0;
    (void)state;

    /* Minimal DER for mutual alone: 6 unused bits, 03 02 06 40. */
    assert_int_equal(spnegoCreateNegTokenInitEx(&mech, 1,
                                                SPNEGO_NEGINIT_CONTEXT_MUTUAL_FLAG,
                                                tok4, 4, NULL, 0,
                                                SPNEGO_BUILD_DER_REQFLAGS, &h),
                     SPNEGO_E_SUCCESS);
    assert_token_hex(h, "6029" "06062b0601050502" "a01f" "301d"
                        "a00d300b06092a864886f712010202"
                        "a104030206" "40"
                        "a206040401020304");
    p = reparse(h, SPNEGO_PARSE_STRICT);
    assert_int_equal(spnegoGetContextFlags(p, &flags), SPNEGO_E_SUCCESS);
    assert_int_equal(flags, 0x40);
    spnegoFreeData(p);
    spnegoFreeData(h);

    /* mutual|integ: lowest bit set is 0x02, so 1 unused bit. */
    assert_int_equal(spnegoCreateNegTokenInitEx(&mech, 1, 0x42, NULL, 0, NULL, 0,
                                                SPNEGO_BUILD_DER_REQFLAGS, &h),
                     SPNEGO_E_SUCCESS);
    assert_token_hex(h, "6021" "06062b0601050502" "a017" "3015"
                        "a00d300b06092a864886f712010202"
                        "a10403020142");
    spnegoFreeData(h);

    /* deleg alone: 7 unused bits, 03 02 07 80. */
    assert_int_equal(spnegoCreateNegTokenInitEx(&mech, 1, 0x80, NULL, 0, NULL, 0,
                                                SPNEGO_BUILD_DER_REQFLAGS, &h),
                     SPNEGO_E_SUCCESS);
    assert_token_hex(h, "6021" "06062b0601050502" "a017" "3015"
                        "a00d300b06092a864886f712010202"
                        "a10403020780");
    spnegoFreeData(h);
}

static void torture_build_init_mic(void **state)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_TOKEN_HANDLE p;
    SPNEGO_OID mechs[2];
    (void)state;

    mechs[0].pbOid = oid_krb5;
    mechs[0].ulOidLen = sizeof(oid_krb5);
    mechs[1].pbOid = oid_ntlm;
    mechs[1].ulOidLen = sizeof(oid_ntlm);
    /* RFC 4178 NegTokenInit: MIC at [3].
     * mechTypes a0 19 30 17 (27), reqFlags a1 04 (6), token a2 06 (8),
     * mic a3 06 (8): SEQUENCE 49 = 0x31. */
    assert_int_equal(spnegoCreateNegTokenInitEx(mechs, 2, SPNEGO_NEGINIT_CONTEXT_CONF_FLAG,
                                                zero4, 4, ones4, 4, 0, &h),
                     SPNEGO_E_SUCCESS);
    assert_token_hex(h, "603d06062b0601050502a0333031"
                        "a019301706092a864886f712010202060a2b06010401823702020a"
                        "a10403020104"
                        "a206040400000000"
                        "a306040401010101");
    /* 03 02 01 04 is not minimal DER (STRICT refuses it): default parse. */
    p = reparse(h, 0);
    assert_elem(p, spnegoGetMechTokenPtr, zero4, 4);
    assert_elem(p, spnegoGetMechListMICPtr, ones4, 4);
    spnegoFreeData(p);
    spnegoFreeData(h);
}

/* ---- NegTokenResp ---- */

static void torture_build_targ_reject(void **state)
{
    SPNEGO_TOKEN_HANDLE h = BUILD_DUMMY;
    (void)state;

    assert_int_equal(spnegoCreateNegTokenTarg(spnego_mech_oid_NotUsed,
                                              spnego_negresult_rejected, NULL, 0, NULL,
                                              0, &h),
                     SPNEGO_E_SUCCESS);
    assert_token_hex(h, "a1073005a0030a0102");
    assert_token_vector(h, "gokrb5-http-reject.der");
    spnegoFreeData(h);
}

static void torture_build_targ_accept_krb5(void **state)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    (void)state;

    assert_int_equal(spnegoCreateNegTokenTarg(spnego_mech_oid_Kerberos_V5,
                                              spnego_negresult_success, NULL, 0, NULL, 0,
                                              &h),
                     SPNEGO_E_SUCCESS);
    assert_token_hex(h, "a1143012a0030a0100a10b06092a864886f712010202");
    assert_token_vector(h, "gokrb5-negtokenresp-accept-krb5.der");
    spnegoFreeData(h);

    assert_int_equal(spnegoCreateNegTokenTarg(spnego_mech_oid_Kerberos_V5,
                                              spnego_negresult_incomplete, NULL, 0, NULL,
                                              0, &h),
                     SPNEGO_E_SUCCESS);
    assert_token_vector(h, "gokrb5-issue496-server-accept-incomplete.der");
    spnegoFreeData(h);
}

static void torture_build_targ_mskrb5_reflect(void **state)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_OID legacy = {oid_krb5_legacy, sizeof(oid_krb5_legacy)};
    (void)state;

    assert_int_equal(spnegoCreateNegTokenTarg(spnego_mech_oid_Kerberos_V5_Legacy,
                                              spnego_negresult_success, NULL, 0, NULL, 0,
                                              &h),
                     SPNEGO_E_SUCCESS);
    assert_token_hex(h, "a1143012a0030a0100a10b06092a864882f712010202");
    assert_token_vector(h, "mit-t_spnego-mskrb5-reflect-resp.der");
    spnegoFreeData(h);

    assert_int_equal(spnegoCreateNegTokenTargEx(&legacy, spnego_negresult_success, NULL,
                                                0, NULL, 0, &h),
                     SPNEGO_E_SUCCESS);
    assert_token_vector(h, "mit-t_spnego-mskrb5-reflect-resp.der");
    spnegoFreeData(h);
}

static void torture_build_targ_request_mic(void **state)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_NEGRESULT res = spnego_negresult_NotUsed;
    (void)state;

    assert_int_equal(spnegoCreateNegTokenTarg(spnego_mech_oid_NTLMSSP,
                                              spnego_negresult_request_mic, zero4, 4,
                                              ones4, 4, &h),
                     SPNEGO_E_SUCCESS);
    /* a0 03 (5) + a1 0c (14) + a2 06 (8) + a3 06 (8) = 0x23 */
    assert_token_hex(h, "a1253023a0030a0103a10c060a2b06010401823702020a"
                        "a206040400000000a306040401010101");
    assert_token_vector(h, "pyspnego-pack-negtokenresp-requestmic.der");
    assert_int_equal(spnegoGetNegotiationResult(h, &res), SPNEGO_E_SUCCESS);
    assert_int_equal(res, spnego_negresult_request_mic);
    spnegoFreeData(h);
}

static void torture_build_targex_no_mech_each_result(void **state)
{
    static const char *const want[4] = {
        "a1073005a0030a0100", "a1073005a0030a0101", "a1073005a0030a0102",
        "a1073005a0030a0103"};
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_TOKEN_HANDLE p;
    SPNEGO_NEGRESULT res;
    SPNEGO_OID oid;
    int i;
    (void)state;

    for (i = 0; i < 4; i++) {
        assert_int_equal(spnegoCreateNegTokenTargEx(NULL, (SPNEGO_NEGRESULT)i, NULL, 0,
                                                    NULL, 0, &h),
                         SPNEGO_E_SUCCESS);
        assert_token_hex(h, want[i]);
        p = reparse(h, SPNEGO_PARSE_STRICT);
        res = spnego_negresult_NotUsed;
        assert_int_equal(spnegoGetNegotiationResult(p, &res), SPNEGO_E_SUCCESS);
        assert_int_equal(res, i);
        assert_int_equal(spnegoGetSupportedMechOID(p, &oid), SPNEGO_E_ELEMENT_UNAVAILABLE);
        spnegoFreeData(p);
        spnegoFreeData(h);
    }
    /* No negState either: only a responseToken, a1 08 30 06 a2 04 04 02 aa bb */
    {
        static const unsigned char resp[] = {0xAA, 0xBB};
        assert_int_equal(spnegoCreateNegTokenTargEx(NULL, spnego_negresult_NotUsed, resp,
                                                    2, NULL, 0, &h),
                         SPNEGO_E_SUCCESS);
        assert_token_hex(h, "a1083006a2040402aabb");
        p = reparse(h, SPNEGO_PARSE_STRICT);
        assert_int_equal(spnegoGetNegotiationResult(p, &res), SPNEGO_E_ELEMENT_UNAVAILABLE);
        assert_elem(p, spnegoGetMechTokenPtr, resp, 2);
        spnegoFreeData(p);
        spnegoFreeData(h);
    }
    /* Only a MIC (Windows Server 2025 asking for the initiator's MIC):
     * negState 1 + a3 12 04 10 <16 bytes>. */
    {
        size_t mic_len = 0;
        unsigned char *mic = spnego_test_hex("0100000049c217f5398d246700000000", &mic_len);
        assert_int_equal(spnegoCreateNegTokenTargEx(NULL, spnego_negresult_incomplete, NULL,
                                                    0, mic, (unsigned long)mic_len, &h),
                         SPNEGO_E_SUCCESS);
        assert_token_vector(h, "manticore-1198-ws2025-accept-incomplete-mic.der");
        spnegoFreeData(h);
        free(mic);
    }
}

/* ---- NegTokenInit2 ---- */

static void torture_build_init2_sentinel(void **state)
{
    SPNEGO_TOKEN_HANDLE h = BUILD_DUMMY;
    SPNEGO_TOKEN_HANDLE p;
    SPNEGO_OID mech = {oid_krb5, sizeof(oid_krb5)};
    unsigned char name[64];
    unsigned long name_len = sizeof(name);
    unsigned char addr[8];
    unsigned long addr_len = sizeof(addr);
    int is2 = -1;
    (void)state;

    assert_int_equal(spnegoCreateNegTokenInit2(&mech, 1, 0, NULL, 0, NULL, NULL, 0, NULL, 0,
                                               0, &h),
                     SPNEGO_E_SUCCESS);
    assert_token_hex(h, "604706062b0601050502a03d303b"
                        "a00d300b06092a864886f712010202"
                        "a32a3028a0261b24"
                        "6e6f745f646566696e65645f696e5f52464334313738"
                        "40706c656173655f69676e6f7265");
    assert_token_vector(h, "mit-t_spnego-neghints-init2.der");
    p = reparse(h, SPNEGO_PARSE_STRICT);
    assert_int_equal(spnegoIsNegTokenInit2(p, &is2), SPNEGO_E_SUCCESS);
    assert_int_equal(is2, 1);
    assert_int_equal(spnegoGetNegHintName(p, name, &name_len), SPNEGO_E_SUCCESS);
    assert_int_equal(name_len, strlen(SPNEGO_HINT_NAME_IGNORE));
    assert_memory_equal(name, SPNEGO_HINT_NAME_IGNORE, name_len);
    assert_int_equal(spnegoGetNegHintAddress(p, addr, &addr_len),
                     SPNEGO_E_ELEMENT_UNAVAILABLE);
    spnegoFreeData(p);
    spnegoFreeData(h);
}

static void torture_build_init2_address(void **state)
{
    static const unsigned char ip[] = {0x0A, 0x00, 0x00, 0x01};
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_TOKEN_HANDLE p;
    SPNEGO_OID mech = {oid_krb5, sizeof(oid_krb5)};
    unsigned char addr[8];
    unsigned long addr_len = sizeof(addr);
    (void)state;

    /* sentinel + address: hints 30 30 { a0 26 1b 24 <36>, a1 06 04 04 ip } */
    assert_int_equal(spnegoCreateNegTokenInit2(&mech, 1, 0, NULL, 0, NULL, ip, 4, NULL, 0,
                                               0, &h),
                     SPNEGO_E_SUCCESS);
    assert_token_hex(h, "604f06062b0601050502a0453043"
                        "a00d300b06092a864886f712010202"
                        "a3323030a0261b24"
                        "6e6f745f646566696e65645f696e5f52464334313738"
                        "40706c656173655f69676e6f7265"
                        "a10604040a000001");
    p = reparse(h, SPNEGO_PARSE_STRICT);
    assert_int_equal(spnegoGetNegHintAddress(p, addr, &addr_len), SPNEGO_E_SUCCESS);
    assert_int_equal(addr_len, 4);
    assert_memory_equal(addr, ip, 4);
    spnegoFreeData(p);
    spnegoFreeData(h);

    /* NO_HINT_SENTINEL: address only, 30 08 { a1 06 04 04 ip } */
    assert_int_equal(spnegoCreateNegTokenInit2(&mech, 1, 0, NULL, 0, NULL, ip, 4, NULL, 0,
                                               SPNEGO_BUILD_NO_HINT_SENTINEL, &h),
                     SPNEGO_E_SUCCESS);
    assert_token_hex(h, "602706062b0601050502a01d301b"
                        "a00d300b06092a864886f712010202"
                        "a30a3008a10604040a000001");
    p = reparse(h, SPNEGO_PARSE_STRICT);
    assert_int_equal(spnegoGetNegHintName(p, addr, &addr_len), SPNEGO_E_ELEMENT_UNAVAILABLE);
    spnegoFreeData(p);
    spnegoFreeData(h);
}

static void torture_build_init2_no_sentinel_no_hints(void **state)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_TOKEN_HANDLE p;
    SPNEGO_OID mech = {oid_krb5, sizeof(oid_krb5)};
    unsigned long off = 0;
    unsigned long len = 0;
    unsigned char buf[4];
    unsigned long buf_len = sizeof(buf);
    int is2 = 0;
    (void)state;

    /* No name, no address, no sentinel: negHints is an empty SEQUENCE,
     * a3 02 30 00; SEQUENCE 15 + 4 = 0x13. */
    assert_int_equal(spnegoCreateNegTokenInit2(&mech, 1, 0, NULL, 0, NULL, NULL, 0, NULL, 0,
                                               SPNEGO_BUILD_NO_HINT_SENTINEL, &h),
                     SPNEGO_E_SUCCESS);
    assert_token_hex(h, "601f06062b0601050502a0153013"
                        "a00d300b06092a864886f712010202"
                        "a3023000");
    p = reparse(h, SPNEGO_PARSE_STRICT);
    assert_int_equal(spnegoIsNegTokenInit2(p, &is2), SPNEGO_E_SUCCESS);
    assert_int_equal(is2, 1);
    /* [3] at 2+8+2+2+15 = 29, 4 bytes */
    assert_int_equal(spnegoGetElementSpan(p, SPNEGO_ELEMENT_NEG_HINTS, &off, &len),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(off, 29);
    assert_int_equal(len, 4);
    assert_int_equal(spnegoGetNegHintName(p, buf, &buf_len), SPNEGO_E_ELEMENT_UNAVAILABLE);
    spnegoFreeData(p);
    spnegoFreeData(h);
}

static void torture_build_init2_omit_neg_hints(void **state)
{
    static const unsigned char ip[] = {0x0A, 0x00, 0x00, 0x01};
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_TOKEN_HANDLE p;
    SPNEGO_OID mech = {oid_krb5, sizeof(oid_krb5)};
    unsigned long off = 0;
    unsigned long len = 0;
    int is2 = -1;
    (void)state;

    /* No negHints and no [4] MIC would be a plain NegTokenInit: refused,
     * spnegoCreateNegTokenInitEx is the builder for that. */
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInit2(&mech, 1, 0, NULL, 0, NULL, NULL, 0, NULL, 0,
                                               SPNEGO_BUILD_OMIT_NEG_HINTS, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);

    /* ... but the MIC still goes to [4]: 15 + a4 06 (8) = 0x17 */
    assert_int_equal(spnegoCreateNegTokenInit2(&mech, 1, 0, NULL, 0, NULL, NULL, 0, ones4, 4,
                                               SPNEGO_BUILD_OMIT_NEG_HINTS, &h),
                     SPNEGO_E_SUCCESS);
    assert_token_hex(h, "602306062b0601050502a0193017"
                        "a00d300b06092a864886f712010202"
                        "a406040401010101");
    p = reparse(h, SPNEGO_PARSE_STRICT);
    assert_int_equal(spnegoIsNegTokenInit2(p, &is2), SPNEGO_E_SUCCESS);
    assert_int_equal(is2, 1);
    assert_elem(p, spnegoGetMechListMICPtr, ones4, 4);
    assert_int_equal(spnegoGetElementSpan(p, SPNEGO_ELEMENT_MECH_LIST_MIC, &off, &len),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(off, 29);
    assert_int_equal(len, 8);
    spnegoFreeData(p);
    spnegoFreeData(h);

    /* a hint argument with OMIT is a contradiction */
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInit2(&mech, 1, 0, NULL, 0, "x", NULL, 0, NULL, 0,
                                               SPNEGO_BUILD_OMIT_NEG_HINTS, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInit2(&mech, 1, 0, NULL, 0, NULL, ip, 4, NULL, 0,
                                               SPNEGO_BUILD_OMIT_NEG_HINTS, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInit2(&mech, 1, 0, NULL, 0, NULL, NULL, 4, NULL, 0,
                                               SPNEGO_BUILD_OMIT_NEG_HINTS, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    /* and a NegTokenInit has no hints to omit */
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInitEx(&mech, 1, 0, NULL, 0, NULL, 0,
                                                SPNEGO_BUILD_OMIT_NEG_HINTS, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInitEx(&mech, 1, 0, NULL, 0, NULL, 0,
                                                SPNEGO_BUILD_NO_HINT_SENTINEL, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
}

static void torture_build_init2_all_fields(void **state)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_TOKEN_HANDLE p;
    SPNEGO_OID mech = {oid_krb5, sizeof(oid_krb5)};
    unsigned long off = 0;
    unsigned long len = 0;
    int is2 = 0;
    (void)state;

    /* mechTypes (15) + mechToken (8) + negHints a3 09 30 07 a0 05 1b 03
     * "spn" (11) + MIC at [4] a4 06 (8) = 42 = 0x2a. */
    assert_int_equal(spnegoCreateNegTokenInit2(&mech, 1, 0, zero4, 4, "spn", NULL, 0,
                                               ones4, 4, 0, &h),
                     SPNEGO_E_SUCCESS);
    assert_token_hex(h, "603606062b0601050502a02c302a"
                        "a00d300b06092a864886f712010202"
                        "a206040400000000"
                        "a30930" "07a0051b0373706e"
                        "a406040401010101");
    p = reparse(h, SPNEGO_PARSE_STRICT);
    assert_int_equal(spnegoIsNegTokenInit2(p, &is2), SPNEGO_E_SUCCESS);
    assert_int_equal(is2, 1);
    assert_elem(p, spnegoGetMechListMICPtr, ones4, 4);
    /* The MIC is the [4] TLV at offset 2+8+2+2+15+8+11 = 48, 8 bytes. */
    assert_int_equal(spnegoGetElementSpan(p, SPNEGO_ELEMENT_MECH_LIST_MIC, &off, &len),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(off, 48);
    assert_int_equal(len, 8);
    spnegoFreeData(p);
    spnegoFreeData(h);
}

/* ---- build -> parse gives the same fields, parse -> rebuild is identical ---- */

static void torture_build_reparse_fields(void **state)
{
    static const unsigned char addr5[] = {1, 2, 3, 4, 5};
    SPNEGO_OID mechs[3];
    SPNEGO_OID got;
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_TOKEN_HANDLE p;
    unsigned long count = 0;
    unsigned long i;
    unsigned char flags = 0;
    unsigned char buf[64];
    unsigned long buf_len;
    int type = -1;
    int index = -1;
    SPNEGO_MECH_OID mt = spnego_mech_oid_NotUsed;
    SPNEGO_NEGRESULT res = spnego_negresult_NotUsed;
    (void)state;

    mechs[0].pbOid = oid_ntlm;
    mechs[0].ulOidLen = sizeof(oid_ntlm);
    mechs[1].pbOid = oid_krb5_legacy;
    mechs[1].ulOidLen = sizeof(oid_krb5_legacy);
    mechs[2].pbOid = oid_krb5;
    mechs[2].ulOidLen = sizeof(oid_krb5);

    /* InitEx */
    assert_int_equal(spnegoCreateNegTokenInitEx(mechs, 3, 0xFE, tok4, 4, ones4, 4, 0, &h),
                     SPNEGO_E_SUCCESS);
    p = reparse(h, 0);
    assert_int_equal(spnegoGetTokenType(p, &type), SPNEGO_E_SUCCESS);
    assert_int_equal(type, SPNEGO_TOKEN_INIT);
    assert_int_equal(spnegoGetMechTypeCount(p, &count), SPNEGO_E_SUCCESS);
    assert_int_equal(count, 3);
    for (i = 0; i < 3; i++) {
        assert_int_equal(spnegoGetMechTypeOIDPtr(p, i, &got), SPNEGO_E_SUCCESS);
        assert_int_equal(got.ulOidLen, mechs[i].ulOidLen);
        assert_memory_equal(got.pbOid, mechs[i].pbOid, got.ulOidLen);
    }
    assert_int_equal(spnegoIsMechTypeAvailable(p, spnego_mech_oid_Kerberos_V5, &index),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(index, 2);
    assert_int_equal(spnegoGetContextFlags(p, &flags), SPNEGO_E_SUCCESS);
    assert_int_equal(flags, 0xFE);
    assert_elem(p, spnegoGetMechTokenPtr, tok4, 4);
    assert_elem(p, spnegoGetMechListMICPtr, ones4, 4);
    assert_int_equal(spnegoGetNegotiationResult(p, &res), SPNEGO_E_ELEMENT_UNAVAILABLE);
    spnegoFreeData(p);
    spnegoFreeData(h);

    /* Init (2002) */
    assert_int_equal(spnegoCreateNegTokenInit(spnego_mech_oid_NTLMSSP, 0, tok4, 4, NULL, 0,
                                              &h),
                     SPNEGO_E_SUCCESS);
    p = reparse(h, SPNEGO_PARSE_STRICT);
    assert_int_equal(spnegoIsMechTypeAvailable(p, spnego_mech_oid_NTLMSSP, &index),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(index, 0);
    assert_int_equal(spnegoGetContextFlags(p, &flags), SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_elem(p, spnegoGetMechTokenPtr, tok4, 4);
    assert_elem(p, spnegoGetMechListMICPtr, NULL, 0);
    spnegoFreeData(p);
    spnegoFreeData(h);

    /* Init2 */
    assert_int_equal(spnegoCreateNegTokenInit2(mechs, 2, 0x06, NULL, 0, "host@x", addr5, 5,
                                               ones4, 4, 0, &h),
                     SPNEGO_E_SUCCESS);
    p = reparse(h, SPNEGO_PARSE_STRICT);
    buf_len = sizeof(buf);
    assert_int_equal(spnegoGetNegHintName(p, buf, &buf_len), SPNEGO_E_SUCCESS);
    assert_int_equal(buf_len, 6);
    assert_memory_equal(buf, "host@x", 6);
    buf_len = sizeof(buf);
    assert_int_equal(spnegoGetNegHintAddress(p, buf, &buf_len), SPNEGO_E_SUCCESS);
    assert_int_equal(buf_len, 5);
    assert_memory_equal(buf, addr5, 5);
    assert_int_equal(spnegoGetContextFlags(p, &flags), SPNEGO_E_SUCCESS);
    assert_int_equal(flags, 0x06);
    assert_elem(p, spnegoGetMechTokenPtr, NULL, 0);
    assert_elem(p, spnegoGetMechListMICPtr, ones4, 4);
    assert_int_equal(spnegoGetMechTypeCount(p, &count), SPNEGO_E_SUCCESS);
    assert_int_equal(count, 2);
    spnegoFreeData(p);
    spnegoFreeData(h);

    /* Targ (2002) and TargEx */
    assert_int_equal(spnegoCreateNegTokenTarg(spnego_mech_oid_NegoEx,
                                              spnego_negresult_incomplete, tok4, 4, ones4,
                                              4, &h),
                     SPNEGO_E_SUCCESS);
    p = reparse(h, SPNEGO_PARSE_STRICT);
    assert_int_equal(spnegoGetTokenType(p, &type), SPNEGO_E_SUCCESS);
    assert_int_equal(type, SPNEGO_TOKEN_TARG);
    assert_int_equal(spnegoGetSupportedMechType(p, &mt), SPNEGO_E_SUCCESS);
    assert_int_equal(mt, spnego_mech_oid_NegoEx);
    assert_int_equal(spnegoGetNegotiationResult(p, &res), SPNEGO_E_SUCCESS);
    assert_int_equal(res, spnego_negresult_incomplete);
    assert_elem(p, spnegoGetMechTokenPtr, tok4, 4);
    assert_elem(p, spnegoGetMechListMICPtr, ones4, 4);
    spnegoFreeData(p);
    spnegoFreeData(h);

    /* supportedMech without negState is refused: only a first reply names
     * the mech and it must carry negState, so the parser would flag it. */
    h = (SPNEGO_TOKEN_HANDLE)&res;
    assert_int_equal(spnegoCreateNegTokenTargEx(&mechs[0], spnego_negresult_NotUsed, tok4,
                                                4, NULL, 0, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
}

/* Parses a canonical vector and rebuilds it from the getters. */
static void rebuild_init_vector(const char *name)
{
    size_t len = 0;
    unsigned char *data = spnego_test_read_vector(name, &len);
    SPNEGO_TOKEN_HANDLE p = NULL;
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_OID mechs[8];
    unsigned long count = 0;
    unsigned long i;
    unsigned char flags = 0;
    const unsigned char *tok = NULL;
    unsigned long tok_len = 0;
    const unsigned char *mic = NULL;
    unsigned long mic_len = 0;
    const unsigned char *bytes = NULL;
    unsigned long bytes_len = 0;

    assert_int_equal(spnegoInitFromBinaryEx(data, len, SPNEGO_PARSE_STRICT, &p),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoGetMechTypeCount(p, &count), SPNEGO_E_SUCCESS);
    assert_true(count <= 8);
    for (i = 0; i < count; i++) {
        assert_int_equal(spnegoGetMechTypeOIDPtr(p, i, &mechs[i]), SPNEGO_E_SUCCESS);
    }
    if (spnegoGetContextFlags(p, &flags) != SPNEGO_E_SUCCESS) {
        flags = 0;
    }
    if (spnegoGetMechTokenPtr(p, &tok, &tok_len) != SPNEGO_E_SUCCESS) {
        tok = NULL;
        tok_len = 0;
    }
    if (spnegoGetMechListMICPtr(p, &mic, &mic_len) != SPNEGO_E_SUCCESS) {
        mic = NULL;
        mic_len = 0;
    }
    assert_int_equal(spnegoCreateNegTokenInitEx(mechs, count, flags, tok, tok_len, mic,
                                                mic_len, 0, &h),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoTokenGetBinaryPtr(h, &bytes, &bytes_len), SPNEGO_E_SUCCESS);
    assert_int_equal(bytes_len, len);
    assert_memory_equal(bytes, data, len);
    spnegoFreeData(h);
    spnegoFreeData(p);
    free(data);
}

static void torture_build_rebuild_vectors(void **state)
{
    (void)state;
    rebuild_init_vector("kerberosnet-apreq-krb5only.der");
    rebuild_init_vector("kerberosnet-rc4-ticket-claims.der");
    rebuild_init_vector("kerberosnet-ticket-delegation.der");
    rebuild_init_vector("waffle-spnego-ntlm-negotiate.der");
    rebuild_init_vector("smbj-negtokeninit-server-negoex-ntlm.der");
    rebuild_init_vector("syringe-ntlm-negtokeninit.der");
}

/* ---- argument errors ---- */

static void torture_build_errors_init(void **state)
{
    static const unsigned char empty_oid[1] = {0};
    static const unsigned char lead80[] = {0x2A, 0x80, 0x01};
    static const unsigned char unterminated[] = {0x2A, 0x86};
    SPNEGO_OID good = {oid_krb5, sizeof(oid_krb5)};
    SPNEGO_OID bad[2];
    SPNEGO_TOKEN_HANDLE h;
    (void)state;

    /* NULL output */
    assert_int_equal(spnegoCreateNegTokenInit(spnego_mech_oid_Kerberos_V5, 0, NULL, 0, NULL,
                                              0, NULL),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoCreateNegTokenInitEx(&good, 1, 0, NULL, 0, NULL, 0, 0, NULL),
                     SPNEGO_E_INVALID_PARAMETER);

    /* Mech type not a named mechanism */
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInit(spnego_mech_oid_NotUsed, 0, NULL, 0, NULL, 0,
                                              &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInit(spnego_mech_oid_Unknown, 0, NULL, 0, NULL, 0,
                                              &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInit((SPNEGO_MECH_OID)8, 0, NULL, 0, NULL, 0, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);

    /* Empty mech list, NULL mech array */
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInitEx(&good, 0, 0, NULL, 0, NULL, 0, 0, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInitEx(NULL, 1, 0, NULL, 0, NULL, 0, 0, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInit2(NULL, 1, 0, NULL, 0, NULL, NULL, 0, NULL, 0,
                                               0, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);

    /* Invalid OIDs (also as the second of two) */
    bad[0] = good;
    bad[1].pbOid = empty_oid;
    bad[1].ulOidLen = 0;
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInitEx(bad, 2, 0, NULL, 0, NULL, 0, 0, &h),
                     SPNEGO_E_INVALID_OID);
    assert_null(h);
    bad[1].pbOid = NULL;
    bad[1].ulOidLen = 0;
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInitEx(bad, 2, 0, NULL, 0, NULL, 0, 0, &h),
                     SPNEGO_E_INVALID_OID);
    assert_null(h);
    bad[1].pbOid = lead80;
    bad[1].ulOidLen = sizeof(lead80);
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInitEx(bad, 2, 0, NULL, 0, NULL, 0, 0, &h),
                     SPNEGO_E_INVALID_OID);
    assert_null(h);
    bad[1].pbOid = unterminated;
    bad[1].ulOidLen = sizeof(unterminated);
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInitEx(bad, 2, 0, NULL, 0, NULL, 0, 0, &h),
                     SPNEGO_E_INVALID_OID);
    assert_null(h);
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInit2(&bad[1], 1, 0, NULL, 0, NULL, NULL, 0, NULL,
                                               0, 0, &h),
                     SPNEGO_E_INVALID_OID);
    assert_null(h);

    /* Pointer/length pairs */
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInit(spnego_mech_oid_Kerberos_V5, 0, tok4, 0, NULL,
                                              0, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInit(spnego_mech_oid_Kerberos_V5, 0, NULL, 4, NULL,
                                              0, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInit(spnego_mech_oid_Kerberos_V5, 0, NULL, 0, ones4,
                                              0, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInit(spnego_mech_oid_Kerberos_V5, 0, NULL, 0, NULL,
                                              4, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);

    /* reqFlags 0x01 is not a flag (alone or with others) */
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInit(spnego_mech_oid_Kerberos_V5, 0x01, NULL, 0,
                                              NULL, 0, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInitEx(&good, 1, 0x41, NULL, 0, NULL, 0,
                                                SPNEGO_BUILD_DER_REQFLAGS, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);

    /* Unknown ulFlags bits; the hint flag makes no sense without hints */
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInitEx(&good, 1, 0, NULL, 0, NULL, 0, 0x10, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInitEx(&good, 1, 0, NULL, 0, NULL, 0, 0x80000000UL,
                                                &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInit2(&good, 1, 0, NULL, 0, NULL, NULL, 0, NULL, 0,
                                               0x10, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
}

static void torture_build_errors_init2_hints(void **state)
{
    static const unsigned char ip[] = {0x0A, 0x00, 0x00, 0x01};
    SPNEGO_OID good = {oid_krb5, sizeof(oid_krb5)};
    SPNEGO_TOKEN_HANDLE h;
    (void)state;

    assert_int_equal(spnegoCreateNegTokenInit2(&good, 1, 0, NULL, 0, NULL, NULL, 0, NULL, 0,
                                               0, NULL),
                     SPNEGO_E_INVALID_PARAMETER);
    /* hint address with zero length */
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInit2(&good, 1, 0, NULL, 0, NULL, ip, 0, NULL, 0, 0,
                                               &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    /* NULL hint address with a length */
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInit2(&good, 1, 0, NULL, 0, NULL, NULL, 4, NULL, 0,
                                               0, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    /* mechToken / MIC pairs through Init2 */
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInit2(&good, 1, 0, tok4, 0, NULL, NULL, 0, NULL, 0,
                                               0, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInit2(&good, 1, 0, NULL, 0, NULL, NULL, 0, NULL, 4,
                                               0, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInit2(&good, 1, 0x01, NULL, 0, NULL, NULL, 0, NULL,
                                               0, 0, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
}

/* spnego.h: szHintName "" sends an empty GeneralString. */
static void torture_build_init2_empty_hint_name(void **state)
{
    SPNEGO_OID good = {oid_krb5, sizeof(oid_krb5)};
    SPNEGO_TOKEN_HANDLE h = BUILD_DUMMY;
    SPNEGO_TOKEN_HANDLE p;
    unsigned char buf[4] = {0xA5, 0xA5, 0xA5, 0xA5};
    unsigned long buf_len = sizeof(buf);
    (void)state;

    /* hints a3 06 30 04 a0 02 1b 00; SEQUENCE 15 + 8 = 0x17 */
    assert_int_equal(spnegoCreateNegTokenInit2(&good, 1, 0, NULL, 0, "", NULL, 0, NULL, 0, 0,
                                               &h),
                     SPNEGO_E_SUCCESS);
    assert_token_hex(h, "602306062b0601050502a0193017"
                        "a00d300b06092a864886f712010202"
                        "a3063004a0021b00");
    p = reparse(h, SPNEGO_PARSE_STRICT);
    assert_int_equal(spnegoGetNegHintName(p, buf, &buf_len), SPNEGO_E_SUCCESS);
    assert_int_equal(buf_len, 0);
    assert_int_equal(buf[0], 0xA5);
    spnegoFreeData(p);
    spnegoFreeData(h);
}

static void torture_build_errors_targ(void **state)
{
    static const unsigned char lead80[] = {0x80, 0x01};
    SPNEGO_OID bad = {lead80, sizeof(lead80)};
    SPNEGO_OID good = {oid_krb5, sizeof(oid_krb5)};
    SPNEGO_TOKEN_HANDLE h;
    (void)state;

    assert_int_equal(spnegoCreateNegTokenTarg(spnego_mech_oid_Kerberos_V5,
                                              spnego_negresult_success, NULL, 0, NULL, 0,
                                              NULL),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoCreateNegTokenTargEx(&good, spnego_negresult_success, NULL, 0,
                                                NULL, 0, NULL),
                     SPNEGO_E_INVALID_PARAMETER);
    /* negResult out of range */
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenTarg(spnego_mech_oid_Kerberos_V5,
                                              (SPNEGO_NEGRESULT)4, NULL, 0, NULL, 0, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenTarg(spnego_mech_oid_Kerberos_V5,
                                              (SPNEGO_NEGRESULT)-2, NULL, 0, NULL, 0, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenTargEx(NULL, (SPNEGO_NEGRESULT)4, NULL, 0, NULL, 0,
                                                &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenTargEx(NULL, (SPNEGO_NEGRESULT)-2, tok4, 4, NULL, 0,
                                                &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    /* no field at all */
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenTarg(spnego_mech_oid_NotUsed,
                                              spnego_negresult_NotUsed, NULL, 0, NULL, 0,
                                              &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenTargEx(NULL, spnego_negresult_NotUsed, NULL, 0,
                                                NULL, 0, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    /* Unknown is not a named mechanism */
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenTarg(spnego_mech_oid_Unknown,
                                              spnego_negresult_success, NULL, 0, NULL, 0,
                                              &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    /* pointer/length pairs */
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenTarg(spnego_mech_oid_NotUsed,
                                              spnego_negresult_incomplete, tok4, 0, NULL, 0,
                                              &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenTarg(spnego_mech_oid_NotUsed,
                                              spnego_negresult_incomplete, NULL, 3, NULL, 0,
                                              &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenTargEx(NULL, spnego_negresult_incomplete, NULL, 0,
                                                ones4, 0, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenTargEx(NULL, spnego_negresult_incomplete, NULL, 0,
                                                NULL, 4, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    /* invalid supportedMech OID */
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenTargEx(&bad, spnego_negresult_success, NULL, 0,
                                                NULL, 0, &h),
                     SPNEGO_E_INVALID_OID);
    assert_null(h);
    bad.ulOidLen = 0;
    h = BUILD_DUMMY;
    assert_int_equal(spnegoCreateNegTokenTargEx(&bad, spnego_negresult_success, NULL, 0,
                                                NULL, 0, &h),
                     SPNEGO_E_INVALID_OID);
    assert_null(h);
}

/* ---- 64 mechanisms ---- */

static void torture_build_64_mechs(void **state)
{
    /* 1.2.3.<i> for i = 0..63: content 2a 03 <i>, OID TLV 5 bytes each. */
    unsigned char oids[64][3];
    SPNEGO_OID mechs[64];
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_TOKEN_HANDLE p;
    const unsigned char *bytes = NULL;
    unsigned long len = 0;
    unsigned long count = 0;
    unsigned long i;
    SPNEGO_OID got;
    static const unsigned char head[] = {
        /* list 64*5 = 320 = 0x0140; [0] 0x0144; SEQUENCE 0x0148;
         * choice [0] 0x014c; framing 8 + 0x0150 = 0x0158 */
        0x60, 0x82, 0x01, 0x58, 0x06, 0x06, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x02,
        0xA0, 0x82, 0x01, 0x4C, 0x30, 0x82, 0x01, 0x48, 0xA0, 0x82, 0x01, 0x44,
        0x30, 0x82, 0x01, 0x40};
    (void)state;

    for (i = 0; i < 64; i++) {
        oids[i][0] = 0x2A;
        oids[i][1] = 0x03;
        oids[i][2] = (unsigned char)i;
        mechs[i].pbOid = oids[i];
        mechs[i].ulOidLen = 3;
    }
    assert_int_equal(spnegoCreateNegTokenInitEx(mechs, 64, 0, NULL, 0, NULL, 0, 0, &h),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoTokenGetBinaryPtr(h, &bytes, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, 4 + 0x158);
    assert_memory_equal(bytes, head, sizeof(head));
    for (i = 0; i < 64; i++) {
        const unsigned char want[5] = {0x06, 0x03, 0x2A, 0x03, (unsigned char)i};
        assert_memory_equal(bytes + sizeof(head) + 5 * i, want, 5);
    }
    p = reparse(h, SPNEGO_PARSE_STRICT);
    assert_int_equal(spnegoGetMechTypeCount(p, &count), SPNEGO_E_SUCCESS);
    assert_int_equal(count, 64);
    for (i = 0; i < 64; i++) {
        assert_int_equal(spnegoGetMechTypeOIDPtr(p, i, &got), SPNEGO_E_SUCCESS);
        assert_int_equal(got.ulOidLen, 3);
        assert_memory_equal(got.pbOid, oids[i], 3);
    }
    assert_int_equal(spnegoGetMechTypeOIDPtr(p, 64, &got), SPNEGO_E_NOT_FOUND);
    spnegoFreeData(p);
    spnegoFreeData(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(torture_build_init_krb5_token),
        cmocka_unit_test(torture_build_init_flags_mutual_integ),
        cmocka_unit_test(torture_build_init_flags_mutual_2002_form),
        cmocka_unit_test(torture_build_init_flags_der),
        cmocka_unit_test(torture_build_init_flags_zero),
        cmocka_unit_test(torture_build_init_mic),
        cmocka_unit_test(torture_build_targ_reject),
        cmocka_unit_test(torture_build_targ_accept_krb5),
        cmocka_unit_test(torture_build_targ_mskrb5_reflect),
        cmocka_unit_test(torture_build_targ_request_mic),
        cmocka_unit_test(torture_build_targex_no_mech_each_result),
        cmocka_unit_test(torture_build_init2_sentinel),
        cmocka_unit_test(torture_build_init2_address),
        cmocka_unit_test(torture_build_init2_no_sentinel_no_hints),
        cmocka_unit_test(torture_build_init2_omit_neg_hints),
        cmocka_unit_test(torture_build_init2_all_fields),
        cmocka_unit_test(torture_build_reparse_fields),
        cmocka_unit_test(torture_build_rebuild_vectors),
        cmocka_unit_test(torture_build_errors_init),
        cmocka_unit_test(torture_build_errors_init2_hints),
        cmocka_unit_test(torture_build_init2_empty_hint_name),
        cmocka_unit_test(torture_build_errors_targ),
        cmocka_unit_test(torture_build_64_mechs),
    };

    spnego_test_alloc_reset(-1);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
