/*
 * test_api.c - unit tests of the L2 handle API: argument checks, the
 * copy-out protocol, absent elements, pointer getters and NOCOPY, element
 * spans, token identification, status strings, flag conversion, version.
 *
 * Offsets and bytes are read by hand from the vectors' DER (the comments
 * show the TLV walk); no expected value comes from the library.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "spnego.h"
#include "spnego_test.h"

/*
 * pyspnego-pack-negtokeninit-reqflags-mic.der (63 bytes):
 *   0 60 3d | 2 06 06 2b0601050502 | 10 a0 33 | 12 30 31
 *  14 a0 19 { 16 30 17 { 06 09 krb5, 06 0a ntlm } }
 *  41 a1 04 03 02 00 04
 *  47 a2 06 04 04 { 51: 00000000 }
 *  55 a3 06 04 04 { 59: 01010101 }
 */
#define V_INIT "pyspnego-pack-negtokeninit-reqflags-mic.der"
/*
 * pyspnego-pack-negtokenresp-requestmic.der (39 bytes):
 *   0 a1 25 | 2 30 23
 *   4 a0 03 0a 01 03
 *   9 a1 0c 06 0a { 13: ntlm }
 *  23 a2 06 04 04 { 27: 00000000 }
 *  31 a3 06 04 04 { 35: 01010101 }
 */
#define V_TARG "pyspnego-pack-negtokenresp-requestmic.der"
/*
 * pyspnego-pack-negtokeninit2-hints-mic4.der (114 bytes):
 *   0 60 70 | 2 06 06 .. | 10 a0 66 | 12 30 64
 *  14 a0 19 (27) | 41 a1 04 (6) | 47 a2 06 (8)
 *  55 a3 31 { 57 30 2f { 59 a0 05 1b 03 "spn", 66 a1 26 04 24 <36> } }
 * 106 a4 06 04 04 01010101
 */
#define V_INIT2 "pyspnego-pack-negtokeninit2-hints-mic4.der"

static const unsigned char oid_krb5[] = {0x2A, 0x86, 0x48, 0x86, 0xF7,
                                         0x12, 0x01, 0x02, 0x02};
static const unsigned char oid_ntlm[] = {0x2B, 0x06, 0x01, 0x04, 0x01,
                                         0x82, 0x37, 0x02, 0x02, 0x0A};
static const unsigned char zero4[] = {0x00, 0x00, 0x00, 0x00};
static const unsigned char ones4[] = {0x01, 0x01, 0x01, 0x01};
static const char sentinel[] = "not_defined_in_RFC4178@please_ignore";

static char api_dummy_object;
#define API_DUMMY ((SPNEGO_TOKEN_HANDLE)(void *)&api_dummy_object)

struct api_state {
    unsigned char *init;
    size_t init_len;
    unsigned char *targ;
    size_t targ_len;
    unsigned char *init2;
    size_t init2_len;
    SPNEGO_TOKEN_HANDLE h_init;
    SPNEGO_TOKEN_HANDLE h_targ;
    SPNEGO_TOKEN_HANDLE h_init2;
};

static int setup(void **state)
{
    struct api_state *s = (struct api_state *)calloc(1, sizeof(*s));

    if (s == NULL) {
        return -1;
    }
    spnego_test_alloc_reset(-1);
    s->init = spnego_test_read_vector(V_INIT, &s->init_len);
    s->targ = spnego_test_read_vector(V_TARG, &s->targ_len);
    s->init2 = spnego_test_read_vector(V_INIT2, &s->init2_len);
    if (spnegoInitFromBinary(s->init, s->init_len, &s->h_init) != SPNEGO_E_SUCCESS ||
        spnegoInitFromBinary(s->targ, s->targ_len, &s->h_targ) != SPNEGO_E_SUCCESS ||
        spnegoInitFromBinary(s->init2, s->init2_len, &s->h_init2) != SPNEGO_E_SUCCESS) {
        return -1;
    }
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    struct api_state *s = (struct api_state *)*state;

    spnegoFreeData(s->h_init);
    spnegoFreeData(s->h_targ);
    spnegoFreeData(s->h_init2);
    free(s->init);
    free(s->targ);
    free(s->init2);
    free(s);
    return 0;
}

/* Is p inside [base, base + len)? Compared as integers: the pointers may
 * belong to different objects. */
static int ptr_inside(const void *p, const void *base, size_t len)
{
    uintptr_t u = (uintptr_t)p;
    uintptr_t b = (uintptr_t)base;

    return u >= b && u - b < len;
}

/* ---- the copy-out protocol ---- */

typedef int (*copy_fn)(SPNEGO_TOKEN_HANDLE, unsigned char *, unsigned long *);

static int get_mech_oid0(SPNEGO_TOKEN_HANDLE h, unsigned char *b, unsigned long *l)
{
    return spnegoGetMechTypeOID(h, 0, b, l);
}

static int get_mech_oid1(SPNEGO_TOKEN_HANDLE h, unsigned char *b, unsigned long *l)
{
    return spnegoGetMechTypeOID(h, 1, b, l);
}

#define GUARD 16
#define GUARD_BYTE 0xA5

static void assert_guard(const unsigned char *buf, size_t from, size_t to)
{
    size_t i;

    for (i = from; i < to; i++) {
        assert_int_equal(buf[i], GUARD_BYTE);
    }
}

/* NULL buffer, one short, exact, larger: the four cases of the protocol. */
static void check_copy_out(SPNEGO_TOKEN_HANDLE h, copy_fn fn, const unsigned char *want,
                           unsigned long want_len)
{
    unsigned char *buf = (unsigned char *)malloc(want_len + GUARD);
    unsigned long len;

    assert_non_null(buf);
    assert_true(want_len > 0);
    memset(buf, GUARD_BYTE, want_len + GUARD);

    len = 0;
    assert_int_equal(fn(h, NULL, &len), SPNEGO_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, want_len);
    len = 100000;
    assert_int_equal(fn(h, NULL, &len), SPNEGO_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, want_len);

    len = want_len - 1;
    assert_int_equal(fn(h, buf, &len), SPNEGO_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, want_len);
    assert_guard(buf, 0, want_len + GUARD);

    len = 0;
    assert_int_equal(fn(h, buf, &len), SPNEGO_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, want_len);
    assert_guard(buf, 0, want_len + GUARD);

    len = want_len;
    assert_int_equal(fn(h, buf, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, want_len);
    assert_memory_equal(buf, want, want_len);
    assert_guard(buf, want_len, want_len + GUARD);

    memset(buf, GUARD_BYTE, want_len + GUARD);
    len = want_len + GUARD;
    assert_int_equal(fn(h, buf, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, want_len);
    assert_memory_equal(buf, want, want_len);
    assert_guard(buf, want_len, want_len + GUARD);

    /* NULL length pointer, NULL handle */
    assert_int_equal(fn(h, buf, NULL), SPNEGO_E_INVALID_PARAMETER);
    len = want_len;
    assert_int_equal(fn(NULL, buf, &len), SPNEGO_E_INVALID_PARAMETER);
    free(buf);
}

static void check_copy_absent(SPNEGO_TOKEN_HANDLE h, copy_fn fn)
{
    unsigned char buf[8];
    unsigned long len = sizeof(buf);

    memset(buf, GUARD_BYTE, sizeof(buf));
    assert_int_equal(fn(h, buf, &len), SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_guard(buf, 0, sizeof(buf));
    len = 0;
    assert_int_equal(fn(h, NULL, &len), SPNEGO_E_ELEMENT_UNAVAILABLE);
}

static void torture_api_copy_out_init(void **state)
{
    struct api_state *s = (struct api_state *)*state;

    check_copy_out(s->h_init, spnegoTokenGetBinary, s->init, 63);
    check_copy_out(s->h_init, spnegoGetMechToken, zero4, 4);
    check_copy_out(s->h_init, spnegoGetMechListMIC, ones4, 4);
    check_copy_out(s->h_init, spnegoGetMechListBytes, s->init + 16, 25);
    check_copy_out(s->h_init, get_mech_oid0, oid_krb5, sizeof(oid_krb5));
    check_copy_out(s->h_init, get_mech_oid1, oid_ntlm, sizeof(oid_ntlm));
}

static void torture_api_copy_out_targ(void **state)
{
    struct api_state *s = (struct api_state *)*state;

    check_copy_out(s->h_targ, spnegoTokenGetBinary, s->targ, 39);
    check_copy_out(s->h_targ, spnegoGetMechToken, zero4, 4);
    check_copy_out(s->h_targ, spnegoGetMechListMIC, ones4, 4);
}

static void torture_api_copy_out_init2(void **state)
{
    struct api_state *s = (struct api_state *)*state;

    check_copy_out(s->h_init2, spnegoTokenGetBinary, s->init2, 114);
    check_copy_out(s->h_init2, spnegoGetNegHintName, (const unsigned char *)"spn", 3);
    check_copy_out(s->h_init2, spnegoGetNegHintAddress, (const unsigned char *)sentinel,
                   36);
    check_copy_out(s->h_init2, spnegoGetMechListMIC, ones4, 4);
    check_copy_out(s->h_init2, spnegoGetMechToken, zero4, 4);
}

/* The hint pointer getters point into the handle at the copied bytes. */
static void torture_api_hint_pointers(void **state)
{
    struct api_state *s = (struct api_state *)*state;
    const unsigned char *p = NULL;
    unsigned long len = 0;

    assert_int_equal(spnegoGetNegHintNamePtr(s->h_init2, &p, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, 3);
    assert_memory_equal(p, "spn", 3);
    assert_int_equal(spnegoGetNegHintAddressPtr(s->h_init2, &p, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, 36);
    assert_memory_equal(p, sentinel, 36);
    assert_int_equal(spnegoGetNegHintNamePtr(s->h_targ, &p, &len),
                     SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_int_equal(spnegoGetNegHintAddressPtr(s->h_init, &p, &len),
                     SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_int_equal(spnegoGetNegHintNamePtr(NULL, &p, &len), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetNegHintAddressPtr(s->h_init2, NULL, &len),
                     SPNEGO_E_INVALID_PARAMETER);
}

static void torture_api_mech_type_oid_index(void **state)
{
    struct api_state *s = (struct api_state *)*state;
    unsigned char buf[16];
    unsigned long len = sizeof(buf);
    SPNEGO_OID oid;

    assert_int_equal(spnegoGetMechTypeOID(s->h_init, 2, buf, &len), SPNEGO_E_NOT_FOUND);
    assert_int_equal(spnegoGetMechTypeOID(s->h_init, ULONG_MAX, buf, &len),
                     SPNEGO_E_NOT_FOUND);
    assert_int_equal(spnegoGetMechTypeOIDPtr(s->h_init, 2, &oid), SPNEGO_E_NOT_FOUND);
    assert_int_equal(spnegoGetMechTypeOIDPtr(s->h_init, 1, &oid), SPNEGO_E_SUCCESS);
    assert_int_equal(oid.ulOidLen, sizeof(oid_ntlm));
    assert_memory_equal(oid.pbOid, oid_ntlm, sizeof(oid_ntlm));
    assert_int_equal(spnegoGetMechTypeOIDPtr(s->h_init, 0, NULL), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetMechTypeOIDPtr(NULL, 0, &oid), SPNEGO_E_INVALID_PARAMETER);
    /* A NegTokenResp has no mechTypes. */
    assert_int_equal(spnegoGetMechTypeOIDPtr(s->h_targ, 0, &oid),
                     SPNEGO_E_ELEMENT_UNAVAILABLE);
    check_copy_absent(s->h_targ, get_mech_oid0);
}

/* ---- absent elements ---- */

static void torture_api_absent_in_targ(void **state)
{
    struct api_state *s = (struct api_state *)*state;
    unsigned char flags = 0x55;
    unsigned long count = 77;
    int index = 77;
    int is2 = 77;
    const unsigned char *p = NULL;
    unsigned long len = 0;

    assert_int_equal(spnegoGetContextFlags(s->h_targ, &flags), SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_int_equal(spnegoGetMechTypeCount(s->h_targ, &count), SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_int_equal(spnegoIsMechTypeAvailable(s->h_targ, spnego_mech_oid_NTLMSSP, &index),
                     SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_int_equal(spnegoGetMechListBytesPtr(s->h_targ, &p, &len),
                     SPNEGO_E_ELEMENT_UNAVAILABLE);
    check_copy_absent(s->h_targ, spnegoGetMechListBytes);
    check_copy_absent(s->h_targ, spnegoGetNegHintName);
    check_copy_absent(s->h_targ, spnegoGetNegHintAddress);
    assert_int_equal(spnegoIsNegTokenInit2(s->h_targ, &is2), SPNEGO_E_SUCCESS);
    assert_int_equal(is2, 0);
}

static void torture_api_absent_in_init(void **state)
{
    struct api_state *s = (struct api_state *)*state;
    SPNEGO_NEGRESULT res = spnego_negresult_success;
    SPNEGO_MECH_OID mech = spnego_mech_oid_Kerberos_V5;
    SPNEGO_OID oid;
    int is2 = 77;

    assert_int_equal(spnegoGetNegotiationResult(s->h_init, &res),
                     SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_int_equal(spnegoGetSupportedMechType(s->h_init, &mech),
                     SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_int_equal(spnegoGetSupportedMechOID(s->h_init, &oid),
                     SPNEGO_E_ELEMENT_UNAVAILABLE);
    check_copy_absent(s->h_init, spnegoGetNegHintName);
    check_copy_absent(s->h_init, spnegoGetNegHintAddress);
    assert_int_equal(spnegoIsNegTokenInit2(s->h_init, &is2), SPNEGO_E_SUCCESS);
    assert_int_equal(is2, 0);
    assert_int_equal(spnegoIsNegTokenInit2(s->h_init2, &is2), SPNEGO_E_SUCCESS);
    assert_int_equal(is2, 1);
}

/* Tokens lacking mechToken, MIC, reqFlags, supportedMech. */
static void torture_api_absent_optional(void **state)
{
    size_t len = 0;
    unsigned char *reject = spnego_test_read_vector("gokrb5-http-reject.der", &len);
    size_t init_len = 0;
    unsigned char *init = spnego_test_read_vector("mit-t_spnego-neghints-init2.der",
                                                  &init_len);
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_OID oid;
    SPNEGO_MECH_OID mech;
    SPNEGO_NEGRESULT res = spnego_negresult_NotUsed;
    unsigned char flags;
    const unsigned char *p;
    unsigned long plen;
    (void)state;

    assert_int_equal(spnegoInitFromBinary(reject, len, &h), SPNEGO_E_SUCCESS);
    check_copy_absent(h, spnegoGetMechToken);
    check_copy_absent(h, spnegoGetMechListMIC);
    assert_int_equal(spnegoGetMechTokenPtr(h, &p, &plen), SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_int_equal(spnegoGetMechListMICPtr(h, &p, &plen), SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_int_equal(spnegoGetSupportedMechOID(h, &oid), SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_int_equal(spnegoGetSupportedMechType(h, &mech), SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_int_equal(spnegoGetNegotiationResult(h, &res), SPNEGO_E_SUCCESS);
    assert_int_equal(res, spnego_negresult_rejected);
    spnegoFreeData(h);

    assert_int_equal(spnegoInitFromBinary(init, init_len, &h), SPNEGO_E_SUCCESS);
    check_copy_absent(h, spnegoGetMechToken);
    check_copy_absent(h, spnegoGetMechListMIC);
    check_copy_absent(h, spnegoGetNegHintAddress);
    assert_int_equal(spnegoGetContextFlags(h, &flags), SPNEGO_E_ELEMENT_UNAVAILABLE);
    spnegoFreeData(h);
    free(reject);
    free(init);
}

/* ---- scalar getters ---- */

static void torture_api_scalar_getters(void **state)
{
    struct api_state *s = (struct api_state *)*state;
    int type = -1;
    unsigned char flags = 0;
    SPNEGO_NEGRESULT res = spnego_negresult_NotUsed;
    SPNEGO_MECH_OID mech = spnego_mech_oid_NotUsed;
    SPNEGO_OID oid;
    unsigned long count = 0;
    unsigned long warnings = 0;

    assert_int_equal(spnegoGetTokenType(s->h_init, &type), SPNEGO_E_SUCCESS);
    assert_int_equal(type, SPNEGO_TOKEN_INIT);
    assert_int_equal(spnegoGetTokenType(s->h_init2, &type), SPNEGO_E_SUCCESS);
    assert_int_equal(type, SPNEGO_TOKEN_INIT);
    assert_int_equal(spnegoGetTokenType(s->h_targ, &type), SPNEGO_E_SUCCESS);
    assert_int_equal(type, SPNEGO_TOKEN_TARG);
    /* 03 02 00 04: first octet 0x04 (confFlag), not minimal DER */
    assert_int_equal(spnegoGetContextFlags(s->h_init, &flags), SPNEGO_E_SUCCESS);
    assert_int_equal(flags, SPNEGO_NEGINIT_CONTEXT_CONF_FLAG);
    assert_int_equal(spnegoGetParseWarnings(s->h_init, &warnings), SPNEGO_E_SUCCESS);
    assert_int_equal(warnings, SPNEGO_WARN_REQFLAGS_NOT_DER);
    assert_int_equal(spnegoGetParseWarnings(s->h_targ, &warnings), SPNEGO_E_SUCCESS);
    assert_int_equal(warnings, 0);
    assert_int_equal(spnegoGetMechTypeCount(s->h_init, &count), SPNEGO_E_SUCCESS);
    assert_int_equal(count, 2);
    assert_int_equal(spnegoGetNegotiationResult(s->h_targ, &res), SPNEGO_E_SUCCESS);
    assert_int_equal(res, spnego_negresult_request_mic);
    assert_int_equal(spnegoGetSupportedMechType(s->h_targ, &mech), SPNEGO_E_SUCCESS);
    assert_int_equal(mech, spnego_mech_oid_NTLMSSP);
    assert_int_equal(spnegoGetSupportedMechOID(s->h_targ, &oid), SPNEGO_E_SUCCESS);
    assert_int_equal(oid.ulOidLen, sizeof(oid_ntlm));
    assert_memory_equal(oid.pbOid, oid_ntlm, sizeof(oid_ntlm));
}

static void torture_api_supported_mech_unknown(void **state)
{
    /* a1 0e 30 0c { a0 03 0a 01 01, a1 05 06 03 2a 03 04 }: 1.2.3.4 */
    size_t len = 0;
    unsigned char *tok = spnego_test_hex("a10e300ca0030a0101a10506032a0304", &len);
    size_t mit_len = 0;
    unsigned char *mit = spnego_test_read_vector("mit-t_spnego-mskrb5-reflect-resp.der",
                                                 &mit_len);
    static const unsigned char want[] = {0x2A, 0x03, 0x04};
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_MECH_OID mech = spnego_mech_oid_NotUsed;
    SPNEGO_OID oid;
    (void)state;

    assert_int_equal(spnegoInitFromBinary(tok, len, &h), SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoGetSupportedMechType(h, &mech), SPNEGO_E_SUCCESS);
    assert_int_equal(mech, spnego_mech_oid_Unknown);
    assert_int_equal(spnegoGetSupportedMechOID(h, &oid), SPNEGO_E_SUCCESS);
    assert_int_equal(oid.ulOidLen, 3);
    assert_memory_equal(oid.pbOid, want, 3);
    spnegoFreeData(h);

    assert_int_equal(spnegoInitFromBinary(mit, mit_len, &h), SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoGetSupportedMechType(h, &mech), SPNEGO_E_SUCCESS);
    assert_int_equal(mech, spnego_mech_oid_Kerberos_V5_Legacy);
    spnegoFreeData(h);
    free(tok);
    free(mit);
}

static void torture_api_is_mech_type_available(void **state)
{
    /* waffle: mechTypes [NTLM, MS-krb5, krb5, NegoEx] */
    size_t len = 0;
    unsigned char *tok = spnego_test_read_vector("waffle-spnego-ntlm-negotiate.der", &len);
    struct api_state *s = (struct api_state *)*state;
    SPNEGO_TOKEN_HANDLE h = NULL;
    int index;

    assert_int_equal(spnegoInitFromBinary(tok, len, &h), SPNEGO_E_SUCCESS);
    index = -1;
    assert_int_equal(spnegoIsMechTypeAvailable(h, spnego_mech_oid_NTLMSSP, &index),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(index, 0);
    assert_int_equal(spnegoIsMechTypeAvailable(h, spnego_mech_oid_Kerberos_V5_Legacy, &index),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(index, 1);
    assert_int_equal(spnegoIsMechTypeAvailable(h, spnego_mech_oid_Kerberos_V5, &index),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(index, 2);
    assert_int_equal(spnegoIsMechTypeAvailable(h, spnego_mech_oid_NegoEx, &index),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(index, 3);
    assert_int_equal(spnegoIsMechTypeAvailable(h, spnego_mech_oid_IAKERB, &index),
                     SPNEGO_E_NOT_FOUND);
    assert_int_equal(spnegoIsMechTypeAvailable(h, spnego_mech_oid_Spnego, &index),
                     SPNEGO_E_NOT_FOUND);
    assert_int_equal(spnegoIsMechTypeAvailable(h, spnego_mech_oid_Kerberos_V5_U2U, &index),
                     SPNEGO_E_NOT_FOUND);
    assert_int_equal(spnegoIsMechTypeAvailable(h, spnego_mech_oid_NotUsed, &index),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoIsMechTypeAvailable(h, spnego_mech_oid_Unknown, &index),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoIsMechTypeAvailable(h, (SPNEGO_MECH_OID)99, &index),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoIsMechTypeAvailable(h, spnego_mech_oid_NTLMSSP, NULL),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoIsMechTypeAvailable(NULL, spnego_mech_oid_NTLMSSP, &index),
                     SPNEGO_E_INVALID_PARAMETER);
    /* on a Targ: the token has no mechTypes */
    assert_int_equal(spnegoIsMechTypeAvailable(s->h_targ, spnego_mech_oid_NTLMSSP, &index),
                     SPNEGO_E_ELEMENT_UNAVAILABLE);
    spnegoFreeData(h);
    free(tok);
}

/* ---- NULL arguments ---- */

static void torture_api_null_constructors(void **state)
{
    struct api_state *s = (struct api_state *)*state;
    SPNEGO_TOKEN_HANDLE h;

    assert_int_equal(spnegoInitFromBinary(s->init, s->init_len, NULL),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoInitFromBinaryEx(s->init, s->init_len, 0, NULL),
                     SPNEGO_E_INVALID_PARAMETER);
    h = API_DUMMY;
    assert_int_equal(spnegoInitFromBinary(NULL, 10, &h), SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = API_DUMMY;
    assert_int_equal(spnegoInitFromBinaryEx(NULL, 10, SPNEGO_PARSE_NOCOPY, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    /* unknown parse flags */
    h = API_DUMMY;
    assert_int_equal(spnegoInitFromBinaryEx(s->init, s->init_len, 0x04, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = API_DUMMY;
    assert_int_equal(spnegoInitFromBinaryEx(s->init, s->init_len, ~0UL, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    /* empty and failing input also reset *ph */
    h = API_DUMMY;
    assert_int_equal(spnegoInitFromBinary(s->init, 0, &h), SPNEGO_E_INVALID_LENGTH);
    assert_null(h);
    h = API_DUMMY;
    assert_int_equal(spnegoInitFromBinary(s->init, 62, &h), SPNEGO_E_INVALID_LENGTH);
    assert_null(h);
    /* the other constructors */
    h = API_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInit(spnego_mech_oid_NotUsed, 0, NULL, 0, NULL, 0,
                                              &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = API_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInitEx(NULL, 1, 0, NULL, 0, NULL, 0, 0, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = API_DUMMY;
    assert_int_equal(spnegoCreateNegTokenInit2(NULL, 1, 0, NULL, 0, NULL, NULL, 0, NULL, 0,
                                               0, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = API_DUMMY;
    assert_int_equal(spnegoCreateNegTokenTarg(spnego_mech_oid_NotUsed,
                                              spnego_negresult_NotUsed, NULL, 0, NULL, 0,
                                              &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    h = API_DUMMY;
    assert_int_equal(spnegoCreateNegTokenTargEx(NULL, spnego_negresult_NotUsed, NULL, 0,
                                                NULL, 0, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(h);
    spnegoFreeData(NULL);
}

static void torture_api_null_getters(void **state)
{
    struct api_state *s = (struct api_state *)*state;
    SPNEGO_TOKEN_HANDLE h = s->h_init;
    int i;
    unsigned char c;
    unsigned long ul = 0;
    unsigned long ul2 = 0;
    SPNEGO_NEGRESULT res;
    SPNEGO_MECH_OID mech;
    SPNEGO_OID oid;
    const unsigned char *p;

    assert_int_equal(spnegoGetTokenType(NULL, &i), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetTokenType(h, NULL), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetContextFlags(NULL, &c), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetContextFlags(h, NULL), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetNegotiationResult(NULL, &res), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetNegotiationResult(s->h_targ, NULL),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetSupportedMechType(NULL, &mech), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetSupportedMechType(s->h_targ, NULL),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetSupportedMechOID(NULL, &oid), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetSupportedMechOID(s->h_targ, NULL), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetParseWarnings(NULL, &ul), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetParseWarnings(h, NULL), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetMechTypeCount(NULL, &ul), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetMechTypeCount(h, NULL), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoIsNegTokenInit2(NULL, &i), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoIsNegTokenInit2(h, NULL), SPNEGO_E_INVALID_PARAMETER);

    assert_int_equal(spnegoGetMechTokenPtr(NULL, &p, &ul), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetMechTokenPtr(h, NULL, &ul), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetMechTokenPtr(h, &p, NULL), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetMechListMICPtr(NULL, &p, &ul), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetMechListMICPtr(h, NULL, &ul), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetMechListMICPtr(h, &p, NULL), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoTokenGetBinaryPtr(NULL, &p, &ul), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoTokenGetBinaryPtr(h, NULL, &ul), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoTokenGetBinaryPtr(h, &p, NULL), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetMechListBytesPtr(NULL, &p, &ul), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetMechListBytesPtr(h, NULL, &ul), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetMechListBytesPtr(h, &p, NULL), SPNEGO_E_INVALID_PARAMETER);

    assert_int_equal(spnegoGetElementSpan(NULL, 0, &ul, &ul2), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetElementSpan(h, 0, NULL, &ul2), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetElementSpan(h, 0, &ul, NULL), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetElementSpan(h, -1, &ul, &ul2), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetElementSpan(h, SPNEGO_ELEMENT_COUNT, &ul, &ul2),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoGetElementSpan(h, INT_MAX, &ul, &ul2), SPNEGO_E_INVALID_PARAMETER);

    /* The optional outputs are written (0) on INVALID_PARAMETER too, as
     * spnego.h and docs/api.md say (api.md once said "unwritten"). */
    ul = 0xDEADUL;
    ul2 = 0xBEEFUL;
    assert_int_equal(spnegoValidateToken(NULL, 10, 0, &ul, &ul2), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(ul, 0);
    assert_int_equal(ul2, 0);
    ul = 0xDEADUL;
    ul2 = 0xBEEFUL;
    assert_int_equal(spnegoValidateToken(s->init, s->init_len, 0x04, &ul, &ul2),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(ul, 0);
    assert_int_equal(ul2, 0);
    assert_int_equal(spnegoIdentifyToken(NULL, 10, &i), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoIdentifyToken(s->init, s->init_len, NULL),
                     SPNEGO_E_INVALID_PARAMETER);
}

/* ---- NOCOPY and pointer getters ---- */

static void torture_api_nocopy_pointers(void **state)
{
    struct api_state *s = (struct api_state *)*state;
    unsigned char *buf = spnego_test_dup(s->init, s->init_len);
    SPNEGO_TOKEN_HANDLE h = NULL;
    const unsigned char *p = NULL;
    unsigned long len = 0;

    spnego_test_alloc_reset(-1);
    assert_int_equal(spnegoInitFromBinaryEx(buf, s->init_len, SPNEGO_PARSE_NOCOPY, &h),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(spnego_test_alloc_calls(), 1);
    assert_int_equal(spnego_test_alloc_live(), 1);

    assert_int_equal(spnegoGetMechTokenPtr(h, &p, &len), SPNEGO_E_SUCCESS);
    assert_ptr_equal(p, buf + 51);
    assert_int_equal(len, 4);
    assert_int_equal(spnegoGetMechListMICPtr(h, &p, &len), SPNEGO_E_SUCCESS);
    assert_ptr_equal(p, buf + 59);
    assert_int_equal(len, 4);
    assert_int_equal(spnegoTokenGetBinaryPtr(h, &p, &len), SPNEGO_E_SUCCESS);
    assert_ptr_equal(p, buf);
    assert_int_equal(len, 63);
    assert_int_equal(spnegoGetMechListBytesPtr(h, &p, &len), SPNEGO_E_SUCCESS);
    assert_ptr_equal(p, buf + 16);
    assert_int_equal(len, 25);
    assert_int_equal(p[0], 0x30);
    assert_int_equal(p[1], 0x17);
    spnegoFreeData(h);
    assert_int_equal(spnego_test_alloc_live(), 0);
    free(buf);
}

static void torture_api_copy_mode_pointers(void **state)
{
    struct api_state *s = (struct api_state *)*state;
    unsigned char *buf = spnego_test_dup(s->init, s->init_len);
    SPNEGO_TOKEN_HANDLE h = NULL;
    const unsigned char *p = NULL;
    unsigned long len = 0;

    spnego_test_alloc_reset(-1);
    assert_int_equal(spnegoInitFromBinaryEx(buf, s->init_len, 0, &h), SPNEGO_E_SUCCESS);
    assert_int_equal(spnego_test_alloc_calls(), 1);
    assert_int_equal(spnego_test_alloc_live(), 1);
    /* The caller may free its buffer at once. */
    free(buf);
    buf = NULL;

    assert_int_equal(spnegoGetMechTokenPtr(h, &p, &len), SPNEGO_E_SUCCESS);
    assert_false(ptr_inside(p, s->init, s->init_len));
    assert_int_equal(len, 4);
    assert_memory_equal(p, zero4, 4);
    assert_int_equal(spnegoGetMechListMICPtr(h, &p, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, 4);
    assert_memory_equal(p, ones4, 4);
    assert_int_equal(spnegoTokenGetBinaryPtr(h, &p, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, 63);
    assert_memory_equal(p, s->init, 63);
    {
        /* the other pointers lie within the handle's own copy */
        const unsigned char *base = p;
        assert_int_equal(spnegoGetMechTokenPtr(h, &p, &len), SPNEGO_E_SUCCESS);
        assert_ptr_equal(p, base + 51);
        assert_int_equal(spnegoGetMechListMICPtr(h, &p, &len), SPNEGO_E_SUCCESS);
        assert_ptr_equal(p, base + 59);
        assert_int_equal(spnegoGetMechListBytesPtr(h, &p, &len), SPNEGO_E_SUCCESS);
        assert_ptr_equal(p, base + 16);
        assert_int_equal(len, 25);
    }
    spnegoFreeData(h);
    assert_int_equal(spnego_test_alloc_live(), 0);
}

static void torture_api_trailing_byte_excluded(void **state)
{
    /* smbj vector: a1 81 e2 ... (229 bytes) plus one stray 0x30 */
    size_t len = 0;
    unsigned char *tok =
        spnego_test_read_vector("smbj-negtokentarg-ntlm-challenge-2008r2.der", &len);
    SPNEGO_TOKEN_HANDLE h = NULL;
    const unsigned char *p = NULL;
    unsigned long plen = 0;
    unsigned long warnings = 0;
    (void)state;

    assert_int_equal(len, 230);
    assert_int_equal(spnegoInitFromBinaryEx(tok, len, SPNEGO_PARSE_NOCOPY, &h),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoTokenGetBinaryPtr(h, &p, &plen), SPNEGO_E_SUCCESS);
    assert_ptr_equal(p, tok);
    assert_int_equal(plen, 229);
    assert_int_equal(spnegoGetParseWarnings(h, &warnings), SPNEGO_E_SUCCESS);
    assert_int_equal(warnings, SPNEGO_WARN_TRAILING_BYTES);
    check_copy_out(h, spnegoTokenGetBinary, tok, 229);
    spnegoFreeData(h);
    h = API_DUMMY;
    assert_int_equal(spnegoInitFromBinaryEx(tok, len, SPNEGO_PARSE_STRICT, &h),
                     SPNEGO_E_TRAILING_DATA);
    assert_null(h);
    free(tok);
}

/* ---- spans ---- */

static void assert_span(SPNEGO_TOKEN_HANDLE h, int e, unsigned long off, unsigned long len)
{
    unsigned long got_off = 0xDEAD;
    unsigned long got_len = 0xBEEF;

    assert_int_equal(spnegoGetElementSpan(h, e, &got_off, &got_len), SPNEGO_E_SUCCESS);
    assert_int_equal(got_off, off);
    assert_int_equal(got_len, len);
}

static void assert_no_span(SPNEGO_TOKEN_HANDLE h, int e)
{
    unsigned long got_off = 0;
    unsigned long got_len = 0;

    assert_int_equal(spnegoGetElementSpan(h, e, &got_off, &got_len),
                     SPNEGO_E_ELEMENT_UNAVAILABLE);
}

static void torture_api_element_spans(void **state)
{
    struct api_state *s = (struct api_state *)*state;

    assert_span(s->h_init, SPNEGO_ELEMENT_MECH_TYPES, 14, 27);
    assert_span(s->h_init, SPNEGO_ELEMENT_REQ_FLAGS, 41, 6);
    assert_span(s->h_init, SPNEGO_ELEMENT_MECH_TOKEN, 47, 8);
    assert_span(s->h_init, SPNEGO_ELEMENT_MECH_LIST_MIC, 55, 8);
    assert_no_span(s->h_init, SPNEGO_ELEMENT_NEG_HINTS);
    assert_no_span(s->h_init, SPNEGO_ELEMENT_HINT_NAME);
    assert_no_span(s->h_init, SPNEGO_ELEMENT_HINT_ADDRESS);
    assert_no_span(s->h_init, SPNEGO_ELEMENT_NEG_STATE);
    assert_no_span(s->h_init, SPNEGO_ELEMENT_SUPPORTED_MECH);

    assert_span(s->h_targ, SPNEGO_ELEMENT_NEG_STATE, 4, 5);
    assert_span(s->h_targ, SPNEGO_ELEMENT_SUPPORTED_MECH, 9, 14);
    assert_span(s->h_targ, SPNEGO_ELEMENT_MECH_TOKEN, 23, 8);
    assert_span(s->h_targ, SPNEGO_ELEMENT_MECH_LIST_MIC, 31, 8);
    assert_no_span(s->h_targ, SPNEGO_ELEMENT_MECH_TYPES);
    assert_no_span(s->h_targ, SPNEGO_ELEMENT_REQ_FLAGS);
    assert_no_span(s->h_targ, SPNEGO_ELEMENT_NEG_HINTS);
    assert_no_span(s->h_targ, SPNEGO_ELEMENT_HINT_NAME);
    assert_no_span(s->h_targ, SPNEGO_ELEMENT_HINT_ADDRESS);

    assert_span(s->h_init2, SPNEGO_ELEMENT_MECH_TYPES, 14, 27);
    assert_span(s->h_init2, SPNEGO_ELEMENT_REQ_FLAGS, 41, 6);
    assert_span(s->h_init2, SPNEGO_ELEMENT_MECH_TOKEN, 47, 8);
    assert_span(s->h_init2, SPNEGO_ELEMENT_NEG_HINTS, 55, 51);
    assert_span(s->h_init2, SPNEGO_ELEMENT_HINT_NAME, 59, 7);
    assert_span(s->h_init2, SPNEGO_ELEMENT_HINT_ADDRESS, 66, 40);
    assert_span(s->h_init2, SPNEGO_ELEMENT_MECH_LIST_MIC, 106, 8);
    assert_no_span(s->h_init2, SPNEGO_ELEMENT_NEG_STATE);
}

static void torture_api_validate(void **state)
{
    struct api_state *s = (struct api_state *)*state;
    /* negState 4: a1 07 30 05 a0 03 [6] 0a 01 04 */
    size_t bad_len = 0;
    unsigned char *bad = spnego_test_hex("a1073005a0030a0104", &bad_len);
    unsigned long warnings = 99;
    unsigned long off = 99;

    spnego_test_alloc_reset(-1);
    assert_int_equal(spnegoValidateToken(s->init, s->init_len, 0, &warnings, &off),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(warnings, SPNEGO_WARN_REQFLAGS_NOT_DER);
    assert_int_equal(off, 0);
    assert_int_equal(spnegoValidateToken(s->init, s->init_len, 0, NULL, NULL),
                     SPNEGO_E_SUCCESS);
    /* 03 02 00 04 at offset 43 is refused under STRICT */
    assert_int_equal(spnegoValidateToken(s->init, s->init_len, SPNEGO_PARSE_STRICT, &warnings,
                                         &off),
                     SPNEGO_E_NOT_DER);
    assert_int_equal(off, 43);
    assert_int_equal(spnegoValidateToken(bad, bad_len, 0, &warnings, &off),
                     SPNEGO_E_INVALID_ELEMENT);
    assert_int_equal(off, 6);
    assert_int_equal(spnego_test_alloc_calls(), 0);
    free(bad);
}

/* ---- identification ---- */

static void torture_api_identify_vectors(void **state)
{
    static const char *const inits[] = {
        "gokrb5-gssapi-negtokeninit-4mech.der",
        "gokrb5-negtokeninit-unframed-4mech.der",
        "gokrb5-negtokeninit-unframed-reqflags.der",
        "kerberosnet-aes128-spnego-data.der",
        "kerberosnet-apreq-krb5only.der",
        "kerberosnet-negoex-start.der",
        "kerberosnet-rc4-ticket-claims.der",
        "kerberosnet-spnego-ntlm-negotiate.der",
        "kerberosnet-ticket-delegation.der",
        "ksmbd-negtokeninit2-krb5.der",
        "ksmbd-negtokeninit2-ntlm.der",
        "mit-t_spnego-neghints-init2.der",
        "pike-smb311-negtokeninit2-krb5-ntlm.der",
        "pyspnego-data-negtokeninit-krb5-ntlm.der",
        "pyspnego-data-negtokeninit2-5mech.der",
        "pyspnego-pack-negtokeninit-reqflags-mic.der",
        "pyspnego-pack-negtokeninit2-hints-mic4.der",
        "smbj-negtokeninit-negoex-tokensigning.der",
        "smbj-negtokeninit-server-negoex-ntlm.der",
        "syringe-negoex-negtokeninit2-hints.der",
        "syringe-ntlm-negtokeninit.der",
        "waffle-spnego-ntlm-negotiate.der",
    };
    static const char *const resps[] = {
        "gokrb5-http-reject.der",
        "gokrb5-issue496-server-accept-incomplete.der",
        "gokrb5-negtokenresp-accept-krb5.der",
        "kerberosnet-issue128-anon-ntlm-auth.der",
        "manticore-1198-ws2025-accept-incomplete-mic.der",
        "mit-t_spnego-mskrb5-reflect-resp.der",
        "pyspnego-data-negtokenresp-krb5-aprep.der",
        "pyspnego-pack-negtokenresp-requestmic.der",
        "smbj-negtokentarg-ntlm-challenge-2008r2.der",
        "syringe-ntlm-accept-completed-mic.der",
        "syringe-ntlm-anonymous-auth.der",
        "syringe-ntlm-auth-mic-no-negstate.der",
        "syringe-ntlm-challenge.der",
        "malformed/framed-negtokenresp.der",
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(inits) / sizeof(inits[0]); i++) {
        size_t len = 0;
        unsigned char *tok = spnego_test_read_vector(inits[i], &len);
        int kind = -1;
        assert_int_equal(spnegoIdentifyToken(tok, len, &kind), SPNEGO_E_SUCCESS);
        assert_int_equal(kind, SPNEGO_IDENTIFY_SPNEGO_INIT);
        free(tok);
    }
    for (i = 0; i < sizeof(resps) / sizeof(resps[0]); i++) {
        size_t len = 0;
        unsigned char *tok = spnego_test_read_vector(resps[i], &len);
        int kind = -1;
        assert_int_equal(spnegoIdentifyToken(tok, len, &kind), SPNEGO_E_SUCCESS);
        assert_int_equal(kind, SPNEGO_IDENTIFY_SPNEGO_RESP);
        free(tok);
    }
}

static void identify_hex(const char *hex, int want)
{
    size_t len = 0;
    unsigned char *data = spnego_test_hex(hex, &len);
    int kind = -1;

    assert_int_equal(spnegoIdentifyToken(data, len, &kind), SPNEGO_E_SUCCESS);
    assert_int_equal(kind, want);
    free(data);
}

static void torture_api_identify_other(void **state)
{
    static const unsigned char empty[1] = {0x60};
    int kind = -1;
    (void)state;

    /* raw NTLMSSP NEGOTIATE (the mechToken of syringe-ntlm-negtokeninit) */
    identify_hex("4e544c4d53535000" "01000000" "15820862" "00000000" "28000000"
                 "00000000" "28000000" "06010000" "0000000f",
                 SPNEGO_IDENTIFY_NTLMSSP);
    identify_hex("4e544c4d53535000", SPNEGO_IDENTIFY_NTLMSSP);
    /* "NTLMSSP" without its NUL */
    identify_hex("4e544c4d535350", SPNEGO_IDENTIFY_UNKNOWN);
    /* raw RFC 1964 token: 60 0d 06 09 <krb5> 01 00 (AP-REQ id) */
    identify_hex("600d06092a864886f7120102020100", SPNEGO_IDENTIFY_KERBEROS);
    /* the MS legacy OID, and a truncated capture claiming 0x271 bytes */
    identify_hex("600d06092a864882f7120102020100", SPNEGO_IDENTIFY_KERBEROS);
    identify_hex("6082027106092a864886f71201020201006e", SPNEGO_IDENTIFY_KERBEROS);
    /* regression (found by the CLI): bare Kerberos messages without the
     * RFC 1964 header: AP-REQ [APPLICATION 14], AP-REP [15], KRB-ERROR [30] */
    identify_hex("6e03020105", SPNEGO_IDENTIFY_KERBEROS);
    identify_hex("6f03020105", SPNEGO_IDENTIFY_KERBEROS);
    identify_hex("7e03020105", SPNEGO_IDENTIFY_KERBEROS);
    identify_hex("6e", SPNEGO_IDENTIFY_UNKNOWN);
    /* framed, but the OID is NTLM: not a known kind */
    identify_hex("600e060a2b06010401823702020a0100", SPNEGO_IDENTIFY_UNKNOWN);
    /* garbage */
    identify_hex("68656c6c6f20776f726c64", SPNEGO_IDENTIFY_UNKNOWN);
    identify_hex("30030201ff", SPNEGO_IDENTIFY_UNKNOWN);
    identify_hex("a0", SPNEGO_IDENTIFY_UNKNOWN);
    identify_hex("60", SPNEGO_IDENTIFY_UNKNOWN);
    /* framing headers cut short (exact-size copies: no read past them) */
    identify_hex("6084", SPNEGO_IDENTIFY_UNKNOWN);
    identify_hex("6084ffffffff", SPNEGO_IDENTIFY_UNKNOWN);
    identify_hex("60ff", SPNEGO_IDENTIFY_UNKNOWN);
    identify_hex("60800609", SPNEGO_IDENTIFY_UNKNOWN);
    identify_hex("600d0609", SPNEGO_IDENTIFY_UNKNOWN);
    identify_hex("600d06092a864886f7120102", SPNEGO_IDENTIFY_UNKNOWN);
    /* framed SPNEGO OID followed by nothing */
    identify_hex("600806062b0601050502", SPNEGO_IDENTIFY_UNKNOWN);
    /* empty */
    assert_int_equal(spnegoIdentifyToken(empty, 0, &kind), SPNEGO_E_SUCCESS);
    assert_int_equal(kind, SPNEGO_IDENTIFY_UNKNOWN);
}

/* ---- strings, flags, version ---- */

static void torture_api_error_strings(void **state)
{
    const char *str[29];
    const char *unknown = spnegoErrorString(1);
    int i;
    int j;
    (void)state;

    assert_non_null(unknown);
    assert_true(unknown[0] != '\0');
    for (i = 0; i <= 28; i++) {
        str[i] = spnegoErrorString(-i);
        assert_non_null(str[i]);
        assert_true(str[i][0] != '\0');
        assert_true(strcmp(str[i], unknown) != 0);
        for (j = 0; j < i; j++) {
            assert_true(strcmp(str[i], str[j]) != 0);
        }
    }
    assert_string_equal(spnegoErrorString(-29), unknown);
    assert_string_equal(spnegoErrorString(INT_MIN), unknown);
    assert_string_equal(spnegoErrorString(INT_MAX), unknown);
    assert_string_equal(spnegoErrorString(100), unknown);
}

static void torture_api_flags_gss(void **state)
{
    static const struct {
        unsigned char spnego;
        unsigned long gss;
    } pairs[] = {
        {0x80, 1}, {0x40, 2}, {0x20, 4}, {0x10, 8}, {0x08, 64}, {0x04, 16}, {0x02, 32},
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        assert_int_equal(spnegoFlagsToGss(pairs[i].spnego), pairs[i].gss);
        assert_int_equal(spnegoFlagsFromGss(pairs[i].gss), pairs[i].spnego);
    }
    assert_int_equal(spnegoFlagsToGss(0), 0);
    assert_int_equal(spnegoFlagsFromGss(0), 0);
    /* all seven */
    assert_int_equal(spnegoFlagsToGss(0xFE), 127);
    assert_int_equal(spnegoFlagsFromGss(127), 0xFE);
    /* bit 7 of the octet (0x01) has no GSS counterpart, nor GSS 128+ */
    assert_int_equal(spnegoFlagsToGss(0x01), 0);
    assert_int_equal(spnegoFlagsToGss(0xFF), 127);
    assert_int_equal(spnegoFlagsFromGss(128), 0);
    assert_int_equal(spnegoFlagsFromGss(0xFFFFFFFFUL), 0xFE);
    /* combinations */
    assert_int_equal(spnegoFlagsToGss(0x40 | 0x02), 2 | 32);        /* mutual|integ */
    assert_int_equal(spnegoFlagsToGss(0x80 | 0x08), 1 | 64);        /* deleg|anon */
    assert_int_equal(spnegoFlagsToGss(0x20 | 0x10 | 0x04), 4 | 8 | 16);
    assert_int_equal(spnegoFlagsFromGss(2 | 4 | 8), 0x40 | 0x20 | 0x10);
    assert_int_equal(spnegoFlagsFromGss(16 | 32 | 64), 0x04 | 0x02 | 0x08);
    assert_int_equal(spnegoFlagsFromGss(1 | 256 | 4096), 0x80);
    /* round trip of every octet without bit 0x01 */
    for (i = 0; i < 256; i += 2) {
        assert_int_equal(spnegoFlagsFromGss(spnegoFlagsToGss((unsigned char)i)), i);
    }
}

static void torture_api_version(void **state)
{
    char want[32];
    (void)state;

    snprintf(want, sizeof(want), "%d.%d.%d", SPNEGO_VERSION_MAJOR, SPNEGO_VERSION_MINOR,
             SPNEGO_VERSION_PATCH);
    assert_string_equal(SPNEGO_VERSION_STRING, want);
    assert_non_null(spnegoGetVersion());
    assert_string_equal(spnegoGetVersion(), SPNEGO_VERSION_STRING);
    assert_int_equal(SPNEGO_VERSION_NUMBER, (SPNEGO_VERSION_MAJOR << 16) |
                                                (SPNEGO_VERSION_MINOR << 8) |
                                                SPNEGO_VERSION_PATCH);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(torture_api_copy_out_init, setup, teardown),
        cmocka_unit_test_setup_teardown(torture_api_copy_out_targ, setup, teardown),
        cmocka_unit_test_setup_teardown(torture_api_copy_out_init2, setup, teardown),
        cmocka_unit_test_setup_teardown(torture_api_hint_pointers, setup, teardown),
        cmocka_unit_test_setup_teardown(torture_api_mech_type_oid_index, setup, teardown),
        cmocka_unit_test_setup_teardown(torture_api_absent_in_targ, setup, teardown),
        cmocka_unit_test_setup_teardown(torture_api_absent_in_init, setup, teardown),
        cmocka_unit_test(torture_api_absent_optional),
        cmocka_unit_test_setup_teardown(torture_api_scalar_getters, setup, teardown),
        cmocka_unit_test(torture_api_supported_mech_unknown),
        cmocka_unit_test_setup_teardown(torture_api_is_mech_type_available, setup, teardown),
        cmocka_unit_test_setup_teardown(torture_api_null_constructors, setup, teardown),
        cmocka_unit_test_setup_teardown(torture_api_null_getters, setup, teardown),
        cmocka_unit_test_setup_teardown(torture_api_nocopy_pointers, setup, teardown),
        cmocka_unit_test_setup_teardown(torture_api_copy_mode_pointers, setup, teardown),
        cmocka_unit_test(torture_api_trailing_byte_excluded),
        cmocka_unit_test_setup_teardown(torture_api_element_spans, setup, teardown),
        cmocka_unit_test_setup_teardown(torture_api_validate, setup, teardown),
        cmocka_unit_test(torture_api_identify_vectors),
        cmocka_unit_test(torture_api_identify_other),
        cmocka_unit_test(torture_api_error_strings),
        cmocka_unit_test(torture_api_flags_gss),
        cmocka_unit_test(torture_api_version),
    };

    spnego_test_alloc_reset(-1);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
