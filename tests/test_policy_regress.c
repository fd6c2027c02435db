/*
 * test_policy_regress.c - regression for the quadratic mech-list walk.
 *
 * The review found that spnegoIsMechTypeAvailable() re-walked the
 * MechTypeList from its start for every index, so a token with n OIDs cost
 * O(n^2). This file builds a NegTokenInit with 60000 OIDs plus krb5 last
 * and reads it by index forwards (and the tail backwards), copied and
 * NOCOPY. It
 * asserts correctness only, never time: a quadratic walk makes it run
 * for minutes and hit the ctest TIMEOUT, which is the failure.
 *
 * The token, derived from the ASN.1 (all lengths in 3-octet long form):
 *   OID k (k < 60000): 06 03 2b 06 (k % 100 + 1)        5 bytes each
 *   krb5:              06 09 2a 86 48 86 f7 12 01 02 02  11 bytes
 *   MechTypeList content 60000*5 + 11 = 300011 = 0x0493eb
 *   @28 30 83 04 93 eb             list TLV     300016 = 0x0493f0
 *   @23 a0 83 04 93 f0             [0] TLV      300021 = 0x0493f5
 *   @18 30 83 04 93 f5             SEQUENCE TLV 300026 = 0x0493fa
 *   @13 a0 83 04 93 fa             choice TLV   300031 = 0x0493ff
 *   @5  06 06 2b 06 01 05 05 02    thisMech; frame content 8 + 300031 =
 *   @0  60 83 04 94 07             300039 = 0x049407; token 300044
 *   first OID @33, OID k @33 + 5k, its content @35 + 5k; krb5 @300033.
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

#define REG_NUM_FILLER 60000UL
#define REG_TOKEN_LEN 300044UL
#define REG_FIRST_OID 33UL

static const unsigned char reg_krb5[9] = {0x2a, 0x86, 0x48, 0x86, 0xf7,
                                          0x12, 0x01, 0x02, 0x02};
static const unsigned char reg_header[REG_FIRST_OID] = {
    0x60, 0x83, 0x04, 0x94, 0x07,                   /* @0  [APPLICATION 0] */
    0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02, /* @5  thisMech */
    0xa0, 0x83, 0x04, 0x93, 0xfa,                   /* @13 negTokenInit [0] */
    0x30, 0x83, 0x04, 0x93, 0xf5,                   /* @18 SEQUENCE */
    0xa0, 0x83, 0x04, 0x93, 0xf0,                   /* @23 mechTypes [0] */
    0x30, 0x83, 0x04, 0x93, 0xeb,                   /* @28 MechTypeList */
};

static unsigned char reg_filler_byte(unsigned long k)
{
    return (unsigned char)(k % 100UL + 1UL);
}

/* The expected token, written from the derivation above. */
static unsigned char *reg_expected_token(void)
{
    unsigned char *t = malloc(REG_TOKEN_LEN);
    unsigned long k;
    unsigned char *p;

    assert_non_null(t);
    memcpy(t, reg_header, sizeof(reg_header));
    p = t + REG_FIRST_OID;
    for (k = 0; k < REG_NUM_FILLER; k++) {
        p[0] = 0x06;
        p[1] = 0x03;
        p[2] = 0x2b;
        p[3] = 0x06;
        p[4] = reg_filler_byte(k);
        p += 5;
    }
    p[0] = 0x06;
    p[1] = 0x09;
    memcpy(p + 2, reg_krb5, sizeof(reg_krb5));
    assert_true(p + 11 == t + REG_TOKEN_LEN);
    return t;
}

/* Index k of the list, checked at its exact place in base. */
static void reg_check_index(SPNEGO_TOKEN_HANDLE h, const unsigned char *base,
                            unsigned long k)
{
    SPNEGO_OID oid;

    oid.pbOid = NULL;
    oid.ulOidLen = 0;
    assert_int_equal(spnegoGetMechTypeOIDPtr(h, k, &oid), SPNEGO_E_SUCCESS);
    assert_ptr_equal(oid.pbOid, base + REG_FIRST_OID + 5UL * k + 2UL);
    if (k < REG_NUM_FILLER) {
        assert_int_equal(oid.ulOidLen, 3);
        assert_int_equal(oid.pbOid[0], 0x2b);
        assert_int_equal(oid.pbOid[1], 0x06);
        assert_int_equal(oid.pbOid[2], reg_filler_byte(k));
    } else {
        assert_int_equal(oid.ulOidLen, 9);
        assert_memory_equal(oid.pbOid, reg_krb5, 9);
    }
}

/* Every getter that walks the list, on a handle whose bytes are at base. */
static void reg_check_handle(SPNEGO_TOKEN_HANDLE h, const unsigned char *base)
{
    unsigned long count = 0;
    unsigned long k;
    int index = -1;
    SPNEGO_OID oid;
    unsigned char copy[9];
    unsigned long copy_len = sizeof(copy);

    assert_int_equal(spnegoGetMechTypeCount(h, &count), SPNEGO_E_SUCCESS);
    assert_int_equal(count, REG_NUM_FILLER + 1UL);
    assert_int_equal(spnegoIsMechTypeAvailable(h, spnego_mech_oid_Kerberos_V5, &index),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(index, 60000);
    /* absent: the whole list is walked once more */
    index = -1;
    assert_int_equal(spnegoIsMechTypeAvailable(h, spnego_mech_oid_Kerberos_V5_Legacy, &index),
                     SPNEGO_E_NOT_FOUND);
    assert_int_equal(index, -1);

    for (k = 0; k <= REG_NUM_FILLER; k++) {
        reg_check_index(h, base, k);
    }
    assert_int_equal(spnegoGetMechTypeOIDPtr(h, REG_NUM_FILLER + 1UL, &oid), SPNEGO_E_NOT_FOUND);
    /* Backwards: each step back restarts from the head of the list (DER
     * cannot be read backwards), so only the last 50 are read this way;
     * the whole list in reverse would be quadratic by design. */
    for (k = REG_NUM_FILLER + 1UL; k > REG_NUM_FILLER - 49UL; k--) {
        reg_check_index(h, base, k - 1UL);
    }
    reg_check_index(h, base, 0);
    /* the search again, after the walk back left the cursor at 0 */
    index = -1;
    assert_int_equal(spnegoIsMechTypeAvailable(h, spnego_mech_oid_Kerberos_V5, &index),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(index, 60000);
    assert_int_equal(spnegoGetMechTypeOID(h, REG_NUM_FILLER, copy, &copy_len), SPNEGO_E_SUCCESS);
    assert_int_equal(copy_len, 9);
    assert_memory_equal(copy, reg_krb5, 9);
}

static void test_mech_list_60001(void **state)
{
    SPNEGO_OID *mechs;
    unsigned char *filler;
    unsigned char *want;
    unsigned char *input;
    SPNEGO_TOKEN_HANDLE built = NULL;
    SPNEGO_TOKEN_HANDLE parsed = NULL;
    const unsigned char *bin = NULL;
    unsigned long bin_len = 0;
    unsigned long warn = 0xDEAD;
    unsigned long k;

    (void)state;
    spnego_test_alloc_reset(-1);
    mechs = malloc((REG_NUM_FILLER + 1UL) * sizeof(*mechs));
    filler = malloc(REG_NUM_FILLER * 3UL);
    assert_non_null(mechs);
    assert_non_null(filler);
    for (k = 0; k < REG_NUM_FILLER; k++) {
        filler[3UL * k] = 0x2b;
        filler[3UL * k + 1UL] = 0x06;
        filler[3UL * k + 2UL] = reg_filler_byte(k);
        mechs[k].pbOid = filler + 3UL * k;
        mechs[k].ulOidLen = 3;
    }
    mechs[REG_NUM_FILLER].pbOid = reg_krb5;
    mechs[REG_NUM_FILLER].ulOidLen = sizeof(reg_krb5);

    assert_int_equal(spnegoCreateNegTokenInitEx(mechs, REG_NUM_FILLER + 1UL, 0, NULL, 0, NULL,
                                                0, 0, &built),
                     SPNEGO_E_SUCCESS);
    want = reg_expected_token();
    assert_int_equal(spnegoTokenGetBinaryPtr(built, &bin, &bin_len), SPNEGO_E_SUCCESS);
    assert_int_equal(bin_len, REG_TOKEN_LEN);
    assert_memory_equal(bin, want, REG_TOKEN_LEN);
    reg_check_handle(built, bin);

    /* STRICT re-parse: canonical DER, no warning */
    assert_int_equal(spnegoValidateToken(want, REG_TOKEN_LEN, SPNEGO_PARSE_STRICT, &warn, NULL),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(warn, 0);

    /* NOCOPY parse of an exact-size heap copy: the OIDs point into it */
    input = spnego_test_dup(want, REG_TOKEN_LEN);
    assert_int_equal(spnegoInitFromBinaryEx(input, REG_TOKEN_LEN, SPNEGO_PARSE_NOCOPY, &parsed),
                     SPNEGO_E_SUCCESS);
    reg_check_handle(parsed, input);
    spnegoFreeData(parsed);

    spnegoFreeData(built);
    free(input);
    free(want);
    free(filler);
    free(mechs);
    assert_int_equal(spnego_test_alloc_live(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mech_list_60001),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
