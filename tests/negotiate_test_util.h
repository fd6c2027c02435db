/*
 * negotiate_test_util.h - what the L3 cmocka programs share: OIDs,
 * context creation, and the fixture (mechanisms for both sides plus a
 * testpair). Include after <cmocka.h>, spnego_test.h and
 * negotiate_testmech.h; the including file also includes
 * negotiate_testmech.c (tests/CMakeLists.txt builds each test_*.c as one
 * program from that single file).
 */
#ifndef NEGOTIATE_TEST_UTIL_H
#define NEGOTIATE_TEST_UTIL_H

#include <stdlib.h>
#include <string.h>

/* DER content bytes (DESIGN.md section 1). */
static const unsigned char oid_krb5[] = {0x2A, 0x86, 0x48, 0x86, 0xF7,
                                         0x12, 0x01, 0x02, 0x02};
static const unsigned char oid_mskrb5[] = {0x2A, 0x86, 0x48, 0x82, 0xF7,
                                           0x12, 0x01, 0x02, 0x02};
static const unsigned char oid_ntlm[] = {0x2B, 0x06, 0x01, 0x04, 0x01,
                                         0x82, 0x37, 0x02, 0x02, 0x0A};
static const unsigned char oid_iakerb[] = {0x2B, 0x06, 0x01, 0x05, 0x02, 0x05};
static const unsigned char oid_negoex[] = {0x2B, 0x06, 0x01, 0x04, 0x01,
                                           0x82, 0x37, 0x02, 0x02, 0x1E};

/* The MIT/Apache reject: negState reject and nothing else. */
static const unsigned char reject9[] = {0xA1, 0x07, 0x30, 0x05, 0xA0,
                                        0x03, 0x0A, 0x01, 0x02};

#define NT_MAX_MECHS 4

/* One side: its mechanisms and its context. */
struct nt_side {
    struct testmech mech[NT_MAX_MECHS];
    SPNEGO_NEGOTIATE_MECH entry[NT_MAX_MECHS];
    unsigned long num;
    unsigned long flags;
};

struct nt_fixture {
    struct nt_side ini;
    struct nt_side acc;
    struct testpair pair;
};

/* Adds a mechanism (test mech with legs and tag) under oid to a side. */
static inline struct testmech *nt_add(struct nt_side *s, int initiator, const unsigned char *oid,
                               unsigned long oid_len, int legs, unsigned char tag)
{
    struct testmech *m = &s->mech[s->num];

    assert_true(s->num < NT_MAX_MECHS);
    testmech_init(m, initiator, legs, tag);
    s->entry[s->num] = testmech_entry(m, oid, oid_len);
    s->num++;
    return m;
}

#define NT_INI(f, oid, legs, tag) nt_add(&(f)->ini, 1, oid, sizeof(oid), legs, tag)
#define NT_ACC(f, oid, legs, tag) nt_add(&(f)->acc, 0, oid, sizeof(oid), legs, tag)

/* Creates both contexts into f->pair (asserting success). */
static inline void nt_create(struct nt_fixture *f)
{
    SPNEGO_NEGOTIATE_HANDLE ini = NULL;
    SPNEGO_NEGOTIATE_HANDLE acc = NULL;

    assert_int_equal(spnegoNegotiateCreate(SPNEGO_NEGOTIATE_INITIATOR, f->ini.entry,
                                           f->ini.num, f->ini.flags, &ini),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoNegotiateCreate(SPNEGO_NEGOTIATE_ACCEPTOR, f->acc.entry,
                                           f->acc.num, f->acc.flags, &acc),
                     SPNEGO_E_SUCCESS);
    assert_non_null(ini);
    assert_non_null(acc);
    testpair_init(&f->pair, ini, acc);
}

/* Creates both contexts and runs the exchange. */
static inline int nt_run(struct nt_fixture *f, int acceptor_first)
{
    nt_create(f);
    return testpair_run(&f->pair, acceptor_first);
}

static inline int nt_setup(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)calloc(1, sizeof(*f));

    assert_non_null(f);
    spnego_test_alloc_reset(-1);
    *state = f;
    return 0;
}

/* Frees both contexts and checks that nothing of the library is left. */
static inline int nt_teardown(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;

    spnegoNegotiateFree(f->pair.ini);
    spnegoNegotiateFree(f->pair.acc);
    assert_int_equal(spnego_test_alloc_live(), 0);
    free(f);
    return 0;
}

static inline void nt_assert_mic_state(SPNEGO_NEGOTIATE_HANDLE h, unsigned long want)
{
    unsigned long bits = 0xFFFF;

    assert_int_equal(spnegoNegotiateGetMicState(h, &bits), SPNEGO_E_SUCCESS);
    assert_int_equal(bits, want);
}

/* The negotiated mech: index and wire OID. */
static inline void nt_assert_mech(SPNEGO_NEGOTIATE_HANDLE h, unsigned long want_index,
                           const unsigned char *want_oid, size_t want_oid_len)
{
    unsigned long index = 99;
    SPNEGO_OID oid;

    oid.pbOid = NULL;
    oid.ulOidLen = 0;
    assert_int_equal(spnegoNegotiateGetMech(h, &index, &oid), SPNEGO_E_SUCCESS);
    assert_int_equal(index, want_index);
    assert_int_equal(oid.ulOidLen, want_oid_len);
    assert_memory_equal(oid.pbOid, want_oid, want_oid_len);
}

/* Token i of the exchange equals want. */
static inline void nt_assert_tok(const struct testpair *p, int i, int from_ini,
                          const unsigned char *want, size_t want_len)
{
    assert_true(i < p->num_tok);
    assert_int_equal(p->tok_from_ini[i], from_ini);
    assert_int_equal(p->tok_len[i], want_len);
    assert_memory_equal(p->tok[i], want, want_len);
}

#define NT_TOK(p, i, from_ini, arr) nt_assert_tok(p, i, from_ini, arr, sizeof(arr))

/* Builds a NegTokenResp with the public builder into buf (capacity
 * TESTPAIR_TOKEN_MAX): supportedMech oid (NULL: none), negState (NotUsed:
 * none), token and MIC (NULL: none). */
static inline void nt_build_resp(const unsigned char *oid, size_t oid_len,
                                 SPNEGO_NEGRESULT neg_state, const char *tok,
                                 const unsigned char *mic, size_t mic_len,
                                 unsigned char *buf, size_t *len)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_OID mech;
    const unsigned char *b;
    unsigned long b_len;

    mech.pbOid = oid;
    mech.ulOidLen = (unsigned long)oid_len;
    assert_int_equal(spnegoCreateNegTokenTargEx(oid != NULL ? &mech : NULL, neg_state,
                                                (const unsigned char *)tok,
                                                tok != NULL ? (unsigned long)strlen(tok) : 0,
                                                mic, (unsigned long)mic_len, &h),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoTokenGetBinaryPtr(h, &b, &b_len), SPNEGO_E_SUCCESS);
    assert_true(b_len <= TESTPAIR_TOKEN_MAX);
    memcpy(buf, b, b_len);
    *len = (size_t)b_len;
    spnegoFreeData(h);
}

/* Where an element's content starts and how long it is, in buf. The
 * element must be there; its [n] header and inner TLV header are short
 * (2 bytes each) in every token of these tests. */
static inline size_t nt_content_at(const unsigned char *buf, size_t len, int element,
                                   size_t *content_len)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    unsigned long off = 0;
    unsigned long span = 0;

    assert_int_equal(spnegoInitFromBinary(buf, (unsigned long)len, &h), SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoGetElementSpan(h, element, &off, &span), SPNEGO_E_SUCCESS);
    spnegoFreeData(h);
    assert_true(span >= 4);
    *content_len = (size_t)span - 4;
    return (size_t)off + 4;
}

/* The MIC (6 bytes) of token buf, or fails the test. */
static inline void nt_get_mic(const unsigned char *buf, size_t len,
                              unsigned char mic[TESTMECH_MIC_LEN])
{
    size_t mic_len = 0;
    size_t at = nt_content_at(buf, len, SPNEGO_ELEMENT_MECH_LIST_MIC, &mic_len);

    assert_int_equal(mic_len, TESTMECH_MIC_LEN);
    memcpy(mic, buf + at, TESTMECH_MIC_LEN);
}

/* Fields of token i of the exchange, read back with the public parser:
 * negState (-1 absent), supportedMech (NULL: must be absent), the inner
 * token (NULL: must be absent), and whether a mechListMIC is present. */
static inline void assert_resp(const struct testpair *p, int i, int want_state,
                        const unsigned char *want_mech, size_t want_mech_len,
                        const char *want_tok, int want_mic)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_NEGRESULT result;
    SPNEGO_OID mech;
    const unsigned char *b;
    unsigned long b_len;
    int type = -1;
    int rc;

    assert_true(i < p->num_tok);
    assert_int_equal(spnegoInitFromBinary(p->tok[i], (unsigned long)p->tok_len[i], &h),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoGetTokenType(h, &type), SPNEGO_E_SUCCESS);
    assert_int_equal(type, SPNEGO_TOKEN_TARG);
    rc = spnegoGetNegotiationResult(h, &result);
    if (want_state < 0) {
        assert_int_equal(rc, SPNEGO_E_ELEMENT_UNAVAILABLE);
    } else {
        assert_int_equal(rc, SPNEGO_E_SUCCESS);
        assert_int_equal((int)result, want_state);
    }
    rc = spnegoGetSupportedMechOID(h, &mech);
    if (want_mech == NULL) {
        assert_int_equal(rc, SPNEGO_E_ELEMENT_UNAVAILABLE);
    } else {
        assert_int_equal(rc, SPNEGO_E_SUCCESS);
        assert_int_equal(mech.ulOidLen, want_mech_len);
        assert_memory_equal(mech.pbOid, want_mech, want_mech_len);
    }
    rc = spnegoGetMechTokenPtr(h, &b, &b_len);
    if (want_tok == NULL) {
        assert_int_equal(rc, SPNEGO_E_ELEMENT_UNAVAILABLE);
    } else {
        assert_int_equal(rc, SPNEGO_E_SUCCESS);
        assert_int_equal(b_len, strlen(want_tok));
        assert_memory_equal(b, want_tok, b_len);
    }
    rc = spnegoGetMechListMICPtr(h, &b, &b_len);
    assert_int_equal(rc, want_mic ? SPNEGO_E_SUCCESS : SPNEGO_E_ELEMENT_UNAVAILABLE);
    spnegoFreeData(h);
}

/* The NegTokenInit i: its mech list (OIDs in order) and mechToken. */
static inline void assert_init(const struct testpair *p, int i, const SPNEGO_OID *want,
                        unsigned long num_want, const char *want_tok)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_OID oid;
    const unsigned char *b;
    unsigned long b_len;
    unsigned long count = 0;
    unsigned long k;
    int type = -1;

    assert_int_equal(spnegoInitFromBinary(p->tok[i], (unsigned long)p->tok_len[i], &h),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoGetTokenType(h, &type), SPNEGO_E_SUCCESS);
    assert_int_equal(type, SPNEGO_TOKEN_INIT);
    assert_int_equal(spnegoGetMechTypeCount(h, &count), SPNEGO_E_SUCCESS);
    assert_int_equal(count, num_want);
    for (k = 0; k < count; k++) {
        assert_int_equal(spnegoGetMechTypeOIDPtr(h, k, &oid), SPNEGO_E_SUCCESS);
        assert_int_equal(oid.ulOidLen, want[k].ulOidLen);
        assert_memory_equal(oid.pbOid, want[k].pbOid, oid.ulOidLen);
    }
    if (want_tok == NULL) {
        assert_int_equal(spnegoGetMechTokenPtr(h, &b, &b_len), SPNEGO_E_ELEMENT_UNAVAILABLE);
    } else {
        assert_int_equal(spnegoGetMechTokenPtr(h, &b, &b_len), SPNEGO_E_SUCCESS);
        assert_int_equal(b_len, strlen(want_tok));
        assert_memory_equal(b, want_tok, b_len);
    }
    assert_int_equal(spnegoGetMechListMICPtr(h, &b, &b_len), SPNEGO_E_ELEMENT_UNAVAILABLE);
    spnegoFreeData(h);
}

static inline SPNEGO_OID mk_oid(const unsigned char *b, size_t len)
{
    SPNEGO_OID o;

    o.pbOid = b;
    o.ulOidLen = (unsigned long)len;
    return o;
}

#define OID(a) mk_oid(a, sizeof(a))

#endif /* NEGOTIATE_TEST_UTIL_H */
