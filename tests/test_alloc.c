/*
 * test_alloc.c - the allocation-failure sweep over every constructor.
 *
 * For fail_at = 0, 1, 2, ... the allocator seam (tests/spnego_test.c)
 * fails the allocation with that number. Each call must return
 * SPNEGO_E_SUCCESS or SPNEGO_E_OUT_OF_MEMORY, leave *ph NULL on failure,
 * and leak nothing. The sweep stops at the first run that never reached
 * the failing allocation. A successful constructor allocates exactly once
 * (DESIGN.md section 2: one block per handle).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "spnego.h"
#include "spnego_test.h"

static const unsigned char oid_krb5[] = {0x2A, 0x86, 0x48, 0x86, 0xF7,
                                         0x12, 0x01, 0x02, 0x02};
static const unsigned char oid_ntlm[] = {0x2B, 0x06, 0x01, 0x04, 0x01,
                                         0x82, 0x37, 0x02, 0x02, 0x0A};
static const unsigned char tok4[] = {0x01, 0x02, 0x03, 0x04};
static const unsigned char mic4[] = {0x05, 0x06, 0x07, 0x08};
static const unsigned char addr4[] = {0x0A, 0x00, 0x00, 0x01};

static char alloc_dummy_object;
#define ALLOC_DUMMY ((SPNEGO_TOKEN_HANDLE)(void *)&alloc_dummy_object)

/* One constructor call with fixed arguments. */
struct ctor_case {
    const char *name;
    int (*call)(const struct ctor_case *c, SPNEGO_TOKEN_HANDLE *ph);
    const unsigned char *data; /* parsers: the token */
    size_t data_len;
    unsigned long flags;
    size_t want_len; /* exact token size on success */
};

static int call_parse(const struct ctor_case *c, SPNEGO_TOKEN_HANDLE *ph)
{
    return spnegoInitFromBinary(c->data, c->data_len, ph);
}

static int call_parse_ex(const struct ctor_case *c, SPNEGO_TOKEN_HANDLE *ph)
{
    return spnegoInitFromBinaryEx(c->data, c->data_len, c->flags, ph);
}

static int call_init(const struct ctor_case *c, SPNEGO_TOKEN_HANDLE *ph)
{
    (void)c;
    return spnegoCreateNegTokenInit(spnego_mech_oid_Kerberos_V5,
                                    SPNEGO_NEGINIT_CONTEXT_MUTUAL_FLAG, tok4, 4, mic4, 4, ph);
}

static int call_init_ex(const struct ctor_case *c, SPNEGO_TOKEN_HANDLE *ph)
{
    SPNEGO_OID mechs[2];

    mechs[0].pbOid = oid_krb5;
    mechs[0].ulOidLen = sizeof(oid_krb5);
    mechs[1].pbOid = oid_ntlm;
    mechs[1].ulOidLen = sizeof(oid_ntlm);
    return spnegoCreateNegTokenInitEx(mechs, 2, 0x40, tok4, 4, NULL, 0, c->flags, ph);
}

static int call_init2(const struct ctor_case *c, SPNEGO_TOKEN_HANDLE *ph)
{
    SPNEGO_OID mech;

    mech.pbOid = oid_krb5;
    mech.ulOidLen = sizeof(oid_krb5);
    return spnegoCreateNegTokenInit2(&mech, 1, 0, NULL, 0, NULL, addr4, 4, mic4, 4,
                                     c->flags, ph);
}

static int call_targ(const struct ctor_case *c, SPNEGO_TOKEN_HANDLE *ph)
{
    (void)c;
    return spnegoCreateNegTokenTarg(spnego_mech_oid_NTLMSSP, spnego_negresult_incomplete,
                                    tok4, 4, NULL, 0, ph);
}

static int call_targ_ex(const struct ctor_case *c, SPNEGO_TOKEN_HANDLE *ph)
{
    (void)c;
    return spnegoCreateNegTokenTargEx(NULL, spnego_negresult_rejected, NULL, 0, NULL, 0, ph);
}

/* The sweep itself. */
static void sweep(const struct ctor_case *c)
{
    long fail_at;
    int done = 0;

    for (fail_at = 0; !done; fail_at++) {
        SPNEGO_TOKEN_HANDLE h = ALLOC_DUMMY;
        int rc;

        spnego_test_alloc_reset(fail_at);
        rc = c->call(c, &h);
        if (rc == SPNEGO_E_OUT_OF_MEMORY) {
            assert_null(h);
            assert_true(spnego_test_alloc_calls() > fail_at);
            assert_int_equal(spnego_test_alloc_live(), 0);
            continue;
        }
        if (rc != SPNEGO_E_SUCCESS) {
            fail_msg("%s fail_at %ld: rc %d", c->name, fail_at, rc);
        }
        assert_non_null(h);
        assert_true(h != ALLOC_DUMMY);
        /* success: the failing allocation was never reached */
        assert_true(spnego_test_alloc_calls() <= fail_at);
        assert_int_equal(spnego_test_alloc_calls(), 1);
        assert_int_equal(spnego_test_alloc_live(), 1);
        {
            const unsigned char *p = NULL;
            unsigned long len = 0;
            assert_int_equal(spnegoTokenGetBinaryPtr(h, &p, &len), SPNEGO_E_SUCCESS);
            assert_int_equal(len, c->want_len);
        }
        spnegoFreeData(h);
        assert_int_equal(spnego_test_alloc_live(), 0);
        assert_int_equal(spnego_test_alloc_calls(), 1);
        done = 1;
    }
    /* one allocation: fail_at 0 fails, fail_at 1 succeeds */
    assert_int_equal(fail_at, 2);
    spnego_test_alloc_reset(-1);
}

static void sweep_vector(const char *name, unsigned long flags, size_t want_len)
{
    struct ctor_case c;
    size_t len = 0;
    unsigned char *data = spnego_test_read_vector(name, &len);

    memset(&c, 0, sizeof(c));
    c.name = name;
    c.data = data;
    c.data_len = len;
    c.flags = flags;
    c.want_len = want_len;
    c.call = call_parse;
    if (flags == 0) {
        sweep(&c);
    }
    c.call = call_parse_ex;
    sweep(&c);
    free(data);
}

static void torture_alloc_parse(void **state)
{
    static const unsigned long flag_sets[] = {
        0, SPNEGO_PARSE_NOCOPY, SPNEGO_PARSE_STRICT,
        SPNEGO_PARSE_NOCOPY | SPNEGO_PARSE_STRICT};
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(flag_sets) / sizeof(flag_sets[0]); i++) {
        sweep_vector("mit-t_spnego-neghints-init2.der", flag_sets[i], 73);
        sweep_vector("gokrb5-negtokenresp-accept-krb5.der", flag_sets[i], 22);
        sweep_vector("kerberosnet-ticket-delegation.der", flag_sets[i], 3554);
    }
    /* trailing byte: the handle's token excludes it */
    sweep_vector("smbj-negtokentarg-ntlm-challenge-2008r2.der", 0, 229);
    sweep_vector("smbj-negtokentarg-ntlm-challenge-2008r2.der", SPNEGO_PARSE_NOCOPY, 229);
}

static void torture_alloc_build(void **state)
{
    struct ctor_case c;
    (void)state;

    memset(&c, 0, sizeof(c));
    /* Init: mechTypes 15 + reqFlags 6 + token 8 + mic 8 = 37 (0x25);
     * 30 25 (39), a0 27 (41), 60 31 (51) */
    c.name = "Init";
    c.call = call_init;
    c.want_len = 51;
    sweep(&c);

    /* InitEx: list 11 + 12 = 23, [0] 27 + reqFlags 6 + token 8 = 41;
     * 30 (43), a0 (45), 60 (55) */
    c.name = "InitEx";
    c.call = call_init_ex;
    c.flags = 0;
    c.want_len = 55;
    sweep(&c);
    c.name = "InitEx DER";
    c.flags = SPNEGO_BUILD_DER_REQFLAGS;
    sweep(&c);

    /* Init2: mechTypes 15 + hints (a3 32 30 30 {40 + 8}) 52 + mic [4] 8 = 75;
     * 30 4b (77), a0 4d (79), 60 57 (89) */
    c.name = "Init2";
    c.call = call_init2;
    c.flags = 0;
    c.want_len = 89;
    sweep(&c);
    /* no sentinel: hints a3 0a 30 08 {a1 06 ..} 12; 15 + 12 + 8 = 35;
     * 30 23 (37), a0 25 (39), 60 2f (49) */
    c.name = "Init2 no sentinel";
    c.flags = SPNEGO_BUILD_NO_HINT_SENTINEL;
    c.want_len = 49;
    sweep(&c);

    /* Targ: negState 5 + NTLM 14 + token 8 = 27; 30 1b (29), a1 1d (31) */
    c.name = "Targ";
    c.call = call_targ;
    c.flags = 0;
    c.want_len = 31;
    sweep(&c);

    /* TargEx reject: 9 bytes */
    c.name = "TargEx";
    c.call = call_targ_ex;
    c.want_len = 9;
    sweep(&c);
}

/* Refused arguments and bad tokens never allocate. */
static void torture_alloc_errors_do_not_allocate(void **state)
{
    static const unsigned char bad[] = {0xA1, 0x81};
    SPNEGO_TOKEN_HANDLE h = ALLOC_DUMMY;
    unsigned long warnings = 0;
    unsigned long off = 0;
    size_t len = 0;
    unsigned char *tok = spnego_test_read_vector("gokrb5-http-reject.der", &len);
    (void)state;

    spnego_test_alloc_reset(-1);
    assert_int_equal(spnegoInitFromBinary(bad, sizeof(bad), &h), SPNEGO_E_INVALID_LENGTH);
    assert_null(h);
    assert_int_equal(spnegoCreateNegTokenTarg(spnego_mech_oid_NotUsed,
                                              spnego_negresult_NotUsed, NULL, 0, NULL, 0,
                                              &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoCreateNegTokenInit(spnego_mech_oid_Kerberos_V5, 0x01, NULL, 0,
                                              NULL, 0, &h),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoValidateToken(tok, len, 0, &warnings, &off), SPNEGO_E_SUCCESS);
    assert_int_equal(spnego_test_alloc_calls(), 0);
    assert_int_equal(spnego_test_alloc_live(), 0);
    free(tok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(torture_alloc_parse),
        cmocka_unit_test(torture_alloc_build),
        cmocka_unit_test(torture_alloc_errors_do_not_allocate),
    };

    spnego_test_alloc_reset(-1);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
