/*
 * test_oid.c - OIDs: dotted text <-> DER content bytes, the named
 * mechanism table (spnegoMechOidGet / spnegoMechOidLookup).
 *
 * Encodings are worked out by hand from X.690 8.19: the first
 * subidentifier is 40 * arc1 + arc2, each subidentifier base 128,
 * big-endian, high bit set on every octet but the last.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "spnego.h"
#include "spnego_test.h"

static const struct {
    const char *text;
    const char *hex;
} oid_table[] = {
    /* DESIGN.md section 1 */
    {"1.2.840.48018.1.2.2", "2a864882f712010202"},
    {"1.2.840.113554.1.2.2", "2a864886f712010202"},
    {"1.3.6.1.5.5.2", "2b0601050502"},
    {"1.3.6.1.4.1.311.2.2.10", "2b06010401823702020a"},
    {"1.3.6.1.4.1.311.2.2.30", "2b06010401823702021e"},
    {"1.3.6.1.5.2.5", "2b0601050205"},
    {"1.2.840.113554.1.2.2.3", "2a864886f71201020203"},
    /* pre-RFC 1964 krb5 (gokrb5 vectors) */
    {"1.3.5.1.5.2", "2b05010502"},
    /* first arc 2: 2.999 -> 80 + 999 = 1079 = 0x437 -> 88 37 */
    {"2.999.3", "883703"},
    {"2.999", "8837"},
    {"2.47", "7f"},
    {"2.48", "8100"}, /* 80 + 48 = 128 = 81 00 */
    {"0.0", "00"},
    {"0.39", "27"},
    {"1.0", "28"},
    {"1.39", "4f"},
    {"2.0", "50"},
    /* an arc of 2^64-1: 1 bit, then 9 groups of 7 ones: 81 ff*8 7f */
    {"1.2.18446744073709551615", "2a81ffffffffffffffff7f"},
    /* first subidentifier 2^64-1 = 80 + 18446744073709551535 */
    {"2.18446744073709551535", "81ffffffffffffffff7f"},
    /* 128 and 16384: 81 00, 81 80 00 */
    {"1.2.128.16384", "2a8100818000"},
};

static void check_to_string(const char *hex, const char *want)
{
    size_t len = 0;
    unsigned char *bytes = spnego_test_hex(hex, &len);
    SPNEGO_OID oid;
    char buf[128];
    unsigned long out_len = sizeof(buf);

    oid.pbOid = bytes;
    oid.ulOidLen = (unsigned long)len;
    assert_int_equal(spnegoOidToString(&oid, buf, &out_len), SPNEGO_E_SUCCESS);
    assert_int_equal(out_len, strlen(want) + 1);
    assert_string_equal(buf, want);
    free(bytes);
}

static void check_from_string(const char *text, const char *hex)
{
    size_t len = 0;
    unsigned char *want = spnego_test_hex(hex, &len);
    unsigned char buf[64];
    unsigned long out_len = sizeof(buf);

    assert_int_equal(spnegoOidFromString(text, buf, &out_len), SPNEGO_E_SUCCESS);
    assert_int_equal(out_len, len);
    assert_memory_equal(buf, want, len);
    free(want);
}

static void torture_oid_table_both_ways(void **state)
{
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(oid_table) / sizeof(oid_table[0]); i++) {
        const char *hex = oid_table[i].hex;
        check_to_string(hex, oid_table[i].text);
        check_from_string(oid_table[i].text, hex);
    }
}

static void torture_oid_to_string_copy_out(void **state)
{
    static const unsigned char krb5[] = {0x2A, 0x86, 0x48, 0x86, 0xF7,
                                         0x12, 0x01, 0x02, 0x02};
    static const char want[] = "1.2.840.113554.1.2.2"; /* 20 chars + NUL */
    SPNEGO_OID oid = {krb5, sizeof(krb5)};
    char buf[32];
    unsigned long len;
    (void)state;

    len = 0;
    assert_int_equal(spnegoOidToString(&oid, NULL, &len), SPNEGO_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, 21);
    len = 5000;
    assert_int_equal(spnegoOidToString(&oid, NULL, &len), SPNEGO_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, 21);
    /* room for the digits but not the NUL */
    memset(buf, 'Z', sizeof(buf));
    len = 20;
    assert_int_equal(spnegoOidToString(&oid, buf, &len), SPNEGO_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, 21);
    for (len = 0; len < sizeof(buf); len++) {
        assert_int_equal(buf[len], 'Z');
    }
    len = 21;
    assert_int_equal(spnegoOidToString(&oid, buf, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, 21);
    assert_memory_equal(buf, want, 21);
    assert_int_equal(buf[21], 'Z');
    memset(buf, 'Z', sizeof(buf));
    len = sizeof(buf);
    assert_int_equal(spnegoOidToString(&oid, buf, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, 21);
    assert_string_equal(buf, want);
    /* NULL arguments */
    assert_int_equal(spnegoOidToString(NULL, buf, &len), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoOidToString(&oid, buf, NULL), SPNEGO_E_INVALID_PARAMETER);
    oid.pbOid = NULL;
    assert_int_equal(spnegoOidToString(&oid, buf, &len), SPNEGO_E_INVALID_PARAMETER);
}

static void torture_oid_from_string_copy_out(void **state)
{
    static const unsigned char want[] = {0x2A, 0x86, 0x48, 0x86, 0xF7,
                                         0x12, 0x01, 0x02, 0x02};
    unsigned char buf[16];
    unsigned long len;
    unsigned long i;
    (void)state;

    len = 0;
    assert_int_equal(spnegoOidFromString("1.2.840.113554.1.2.2", NULL, &len),
                     SPNEGO_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, 9);
    memset(buf, 0xA5, sizeof(buf));
    len = 8;
    assert_int_equal(spnegoOidFromString("1.2.840.113554.1.2.2", buf, &len),
                     SPNEGO_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, 9);
    for (i = 0; i < sizeof(buf); i++) {
        assert_int_equal(buf[i], 0xA5);
    }
    len = 9;
    assert_int_equal(spnegoOidFromString("1.2.840.113554.1.2.2", buf, &len),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(len, 9);
    assert_memory_equal(buf, want, 9);
    assert_int_equal(buf[9], 0xA5);
    len = sizeof(buf);
    assert_int_equal(spnegoOidFromString("1.2.840.113554.1.2.2", buf, &len),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(len, 9);
    assert_int_equal(spnegoOidFromString(NULL, buf, &len), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoOidFromString("1.2", buf, NULL), SPNEGO_E_INVALID_PARAMETER);
}

static void torture_oid_from_string_errors(void **state)
{
    static const char *const invalid[] = {
        "", "1", "2", "3.1", "9.1", "1.40", "0.40", "01.2", "1.02", "1.2.03",
        "1..2", "1.2.", ".1.2", " 1.2", "1.2 ", "1.2a", "a.1", "-1.2", "+1.2",
        "1.-2", "1,2", "1.2.3..4", "1.2\n",
    };
    unsigned char buf[32];
    unsigned long len;
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
        int rc;
        len = sizeof(buf);
        rc = spnegoOidFromString(invalid[i], buf, &len);
        if (rc != SPNEGO_E_INVALID_OID) {
            fail_msg("\"%s\": %d", invalid[i], rc);
        }
        len = 0;
        assert_int_equal(spnegoOidFromString(invalid[i], NULL, &len), SPNEGO_E_INVALID_OID);
    }
    /* arcs of 2^64 and beyond */
    len = sizeof(buf);
    assert_int_equal(spnegoOidFromString("1.2.18446744073709551616", buf, &len),
                     SPNEGO_E_OID_TOO_LARGE);
    len = sizeof(buf);
    assert_int_equal(spnegoOidFromString("1.2.99999999999999999999999", buf, &len),
                     SPNEGO_E_OID_TOO_LARGE);
    /* 80 + 18446744073709551536 = 2^64 */
    len = sizeof(buf);
    assert_int_equal(spnegoOidFromString("2.18446744073709551536", buf, &len),
                     SPNEGO_E_OID_TOO_LARGE);
    len = sizeof(buf);
    assert_int_equal(spnegoOidFromString("2.18446744073709551616", buf, &len),
                     SPNEGO_E_OID_TOO_LARGE);
}

static void expect_to_string_rc(const char *hex, int want)
{
    size_t len = 0;
    unsigned char *bytes = spnego_test_hex(hex, &len);
    SPNEGO_OID oid;
    char buf[128];
    unsigned long out_len = sizeof(buf);

    memset(buf, 'Z', sizeof(buf));
    oid.pbOid = bytes;
    oid.ulOidLen = (unsigned long)len;
    assert_int_equal(spnegoOidToString(&oid, buf, &out_len), want);
    assert_int_equal(buf[0], 'Z');
    out_len = 0;
    assert_int_equal(spnegoOidToString(&oid, NULL, &out_len), want);
    free(bytes);
}

static void torture_oid_to_string_errors(void **state)
{
    static const unsigned char one[1] = {0x2A};
    SPNEGO_OID empty = {one, 0};
    char buf[8];
    unsigned long len = sizeof(buf);
    (void)state;

    /* empty */
    assert_int_equal(spnegoOidToString(&empty, buf, &len), SPNEGO_E_INVALID_OID);
    /* 0x80 leading a subidentifier (X.690 8.19.2) */
    expect_to_string_rc("80", SPNEGO_E_INVALID_OID);
    expect_to_string_rc("8001", SPNEGO_E_INVALID_OID);
    expect_to_string_rc("2a8001", SPNEGO_E_INVALID_OID);
    expect_to_string_rc("2a86488086f712010202", SPNEGO_E_INVALID_OID);
    /* unterminated: last octet has its high bit set */
    expect_to_string_rc("2a86", SPNEGO_E_INVALID_OID);
    expect_to_string_rc("86", SPNEGO_E_INVALID_OID);
    expect_to_string_rc("2a864886f7120102ff", SPNEGO_E_INVALID_OID);
    /* 2^64: 82 80*8 00 (65 bits) */
    expect_to_string_rc("2a82808080808080808000", SPNEGO_E_OID_TOO_LARGE);
    /* a 77-bit arc: ff*10 7f (11 octets of 7 ones) */
    expect_to_string_rc("2affffffffffffffffffff7f", SPNEGO_E_OID_TOO_LARGE);
    /* as the first subidentifier */
    expect_to_string_rc("ffffffffffffffffffff7f", SPNEGO_E_OID_TOO_LARGE);
    expect_to_string_rc("8280808080808080808000", SPNEGO_E_OID_TOO_LARGE);
}

static void torture_oid_mech_get(void **state)
{
    static const struct {
        SPNEGO_MECH_OID mech;
        const char *hex;
    } named[] = {
        {spnego_mech_oid_Kerberos_V5_Legacy, "2a864882f712010202"},
        {spnego_mech_oid_Kerberos_V5, "2a864886f712010202"},
        {spnego_mech_oid_Spnego, "2b0601050502"},
        {spnego_mech_oid_NTLMSSP, "2b06010401823702020a"},
        {spnego_mech_oid_NegoEx, "2b06010401823702021e"},
        {spnego_mech_oid_IAKERB, "2b0601050205"},
        {spnego_mech_oid_Kerberos_V5_U2U, "2a864886f71201020203"},
    };
    SPNEGO_OID oid;
    size_t i;
    (void)state;

    /* the ABI values */
    assert_int_equal(spnego_mech_oid_Kerberos_V5_Legacy, 0);
    assert_int_equal(spnego_mech_oid_Kerberos_V5, 1);
    assert_int_equal(spnego_mech_oid_Spnego, 2);
    assert_int_equal(spnego_mech_oid_NTLMSSP, 3);
    assert_int_equal(spnego_mech_oid_NotUsed, -1);

    for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
        size_t len = 0;
        unsigned char *want = spnego_test_hex(named[i].hex, &len);
        assert_int_equal(spnegoMechOidGet(named[i].mech, &oid), SPNEGO_E_SUCCESS);
        assert_int_equal(oid.ulOidLen, len);
        assert_memory_equal(oid.pbOid, want, len);
        assert_int_equal(spnegoMechOidLookup(&oid), named[i].mech);
        /* lookup on a private copy: bytes, not pointers, are compared */
        oid.pbOid = want;
        assert_int_equal(spnegoMechOidLookup(&oid), named[i].mech);
        free(want);
    }
    memset(&oid, 0, sizeof(oid));
    assert_int_equal(spnegoMechOidGet(spnego_mech_oid_NotUsed, &oid),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoMechOidGet(spnego_mech_oid_Unknown, &oid),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoMechOidGet((SPNEGO_MECH_OID)8, &oid), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoMechOidGet((SPNEGO_MECH_OID)-2, &oid),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoMechOidGet((SPNEGO_MECH_OID)1000, &oid),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoMechOidGet(spnego_mech_oid_Kerberos_V5, NULL),
                     SPNEGO_E_INVALID_PARAMETER);
}

static void torture_oid_mech_lookup_unknown(void **state)
{
    static const unsigned char krb5_short[] = {0x2A, 0x86, 0x48, 0x86, 0xF7,
                                               0x12, 0x01, 0x02};
    static const unsigned char krb5_long[] = {0x2A, 0x86, 0x48, 0x86, 0xF7,
                                              0x12, 0x01, 0x02, 0x02, 0x04};
    static const unsigned char other[] = {0x2A, 0x03, 0x04};
    SPNEGO_OID oid;
    (void)state;

    oid.pbOid = krb5_short;
    oid.ulOidLen = sizeof(krb5_short);
    assert_int_equal(spnegoMechOidLookup(&oid), spnego_mech_oid_Unknown);
    oid.pbOid = krb5_long;
    oid.ulOidLen = sizeof(krb5_long);
    assert_int_equal(spnegoMechOidLookup(&oid), spnego_mech_oid_Unknown);
    /* the first 9 bytes of the U2U OID are krb5 */
    oid.ulOidLen = 9;
    assert_int_equal(spnegoMechOidLookup(&oid), spnego_mech_oid_Kerberos_V5);
    oid.pbOid = other;
    oid.ulOidLen = sizeof(other);
    assert_int_equal(spnegoMechOidLookup(&oid), spnego_mech_oid_Unknown);
    oid.ulOidLen = 0;
    assert_int_equal(spnegoMechOidLookup(&oid), spnego_mech_oid_Unknown);
    oid.pbOid = NULL;
    assert_int_equal(spnegoMechOidLookup(&oid), spnego_mech_oid_Unknown);
    assert_int_equal(spnegoMechOidLookup(NULL), spnego_mech_oid_Unknown);
}

/* Every named OID's text form encodes to the table's bytes. */
static void torture_oid_named_text_round_trip(void **state)
{
    int m;
    (void)state;

    for (m = 0; m < spnego_mech_oid_Unknown; m++) {
        SPNEGO_OID oid;
        char text[64];
        unsigned long text_len = sizeof(text);
        unsigned char bytes[32];
        unsigned long bytes_len = sizeof(bytes);

        assert_int_equal(spnegoMechOidGet((SPNEGO_MECH_OID)m, &oid), SPNEGO_E_SUCCESS);
        assert_int_equal(spnegoOidToString(&oid, text, &text_len), SPNEGO_E_SUCCESS);
        assert_int_equal(spnegoOidFromString(text, bytes, &bytes_len), SPNEGO_E_SUCCESS);
        assert_int_equal(bytes_len, oid.ulOidLen);
        assert_memory_equal(bytes, oid.pbOid, bytes_len);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(torture_oid_table_both_ways),
        cmocka_unit_test(torture_oid_to_string_copy_out),
        cmocka_unit_test(torture_oid_from_string_copy_out),
        cmocka_unit_test(torture_oid_from_string_errors),
        cmocka_unit_test(torture_oid_to_string_errors),
        cmocka_unit_test(torture_oid_mech_get),
        cmocka_unit_test(torture_oid_mech_lookup_unknown),
        cmocka_unit_test(torture_oid_named_text_round_trip),
    };

    spnego_test_alloc_reset(-1);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
