/*
 * consumer.c - a program outside the library that uses it as a consumer
 * would: through the installed headers and one of the packaged libraries
 * (CMake package, pkg-config, add_subdirectory, or vendored sources).
 *
 * It parses a real token (MIT krb5's NegTokenInit2, byte for byte the
 * expected output of krb5 src/tests/gssapi/t_spnego.c test_neghints(),
 * also tests/vectors/mit-t_spnego-neghints-init2.der), rebuilds it and
 * builds a reject, checking exact bytes, codes and lengths. Exit 0 and
 * "consumer: ok" when every check passes.
 */
#include <spnego.h>
#include <spnego_http.h>

#include <stdio.h>
#include <string.h>

/* 60 47 06 06 2b0601050502 a0 3d 30 3b a0 0d 30 0b 06 09 <krb5>
 * a3 2a 30 28 a0 26 1b 24 "not_defined_in_RFC4178@please_ignore" */
static const unsigned char mit_neghints[73] = {
    0x60, 0x47, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02, 0xa0, 0x3d,
    0x30, 0x3b, 0xa0, 0x0d, 0x30, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
    0xf7, 0x12, 0x01, 0x02, 0x02, 0xa3, 0x2a, 0x30, 0x28, 0xa0, 0x26, 0x1b,
    0x24, 0x6e, 0x6f, 0x74, 0x5f, 0x64, 0x65, 0x66, 0x69, 0x6e, 0x65, 0x64,
    0x5f, 0x69, 0x6e, 0x5f, 0x52, 0x46, 0x43, 0x34, 0x31, 0x37, 0x38, 0x40,
    0x70, 0x6c, 0x65, 0x61, 0x73, 0x65, 0x5f, 0x69, 0x67, 0x6e, 0x6f, 0x72,
    0x65};

/* The reject MIT and Apache send: negState reject (2) alone. */
static const unsigned char reject[9] = {0xa1, 0x07, 0x30, 0x05, 0xa0,
                                        0x03, 0x0a, 0x01, 0x02};

static int failures;

static void check(int ok, const char *what)
{
    if (!ok) {
        printf("FAIL %s\n", what);
        failures++;
    }
}

static void check_rc(int rc, int want, const char *what)
{
    if (rc != want) {
        printf("FAIL %s: %d (%s), want %d\n", what, rc, spnegoErrorString(rc), want);
        failures++;
    }
}

static void check_parse(void)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    unsigned char name[64];
    unsigned char copy[80];
    unsigned long len;
    unsigned long warnings = 1;
    unsigned long count = 0;
    int type = -1;
    int init2 = -1;
    int index = -1;
    SPNEGO_OID oid;
    SPNEGO_OID krb5;

    check_rc(spnegoInitFromBinary(mit_neghints, sizeof(mit_neghints), &h),
             SPNEGO_E_SUCCESS, "parse MIT NegTokenInit2");
    if (h == NULL) {
        return;
    }
    check_rc(spnegoGetTokenType(h, &type), SPNEGO_E_SUCCESS, "token type");
    check(type == SPNEGO_TOKEN_INIT, "type is SPNEGO_TOKEN_INIT");
    check_rc(spnegoIsNegTokenInit2(h, &init2), SPNEGO_E_SUCCESS, "is init2");
    check(init2 == 1, "token is a NegTokenInit2");
    check_rc(spnegoGetParseWarnings(h, &warnings), SPNEGO_E_SUCCESS, "warnings");
    check(warnings == 0, "no parse warning");
    check_rc(spnegoGetMechTypeCount(h, &count), SPNEGO_E_SUCCESS, "mech count");
    check(count == 1, "one mechanism");
    check_rc(spnegoIsMechTypeAvailable(h, spnego_mech_oid_Kerberos_V5, &index),
             SPNEGO_E_SUCCESS, "krb5 offered");
    check(index == 0, "krb5 at index 0");
    check_rc(spnegoGetMechTypeOIDPtr(h, 0, &oid), SPNEGO_E_SUCCESS, "OID 0");
    check_rc(spnegoMechOidGet(spnego_mech_oid_Kerberos_V5, &krb5), SPNEGO_E_SUCCESS,
             "krb5 OID");
    check(oid.ulOidLen == 9 && krb5.ulOidLen == 9 &&
              memcmp(oid.pbOid, krb5.pbOid, 9) == 0 &&
              memcmp(oid.pbOid, mit_neghints + 20, 9) == 0,
          "OID 0 is 2a 86 48 86 f7 12 01 02 02");

    /* Copy-out protocol: NULL buffer gives the size, then the bytes. */
    len = 0;
    check_rc(spnegoGetNegHintName(h, NULL, &len), SPNEGO_E_BUFFER_TOO_SMALL,
             "hint name size query");
    check(len == 36, "hint name is 36 bytes");
    len = sizeof(name);
    check_rc(spnegoGetNegHintName(h, name, &len), SPNEGO_E_SUCCESS, "hint name");
    check(len == 36 && memcmp(name, SPNEGO_HINT_NAME_IGNORE, 36) == 0,
          "hint name is the MS-SPNG sentinel");
    len = sizeof(name);
    check_rc(spnegoGetMechToken(h, name, &len), SPNEGO_E_ELEMENT_UNAVAILABLE,
             "no mechToken");
    len = sizeof(copy);
    check_rc(spnegoTokenGetBinary(h, copy, &len), SPNEGO_E_SUCCESS, "get binary");
    check(len == sizeof(mit_neghints) && memcmp(copy, mit_neghints, len) == 0,
          "token bytes round-trip");
    spnegoFreeData(h);
}

static void check_build(void)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    const unsigned char *bytes = NULL;
    unsigned long len = 0;
    SPNEGO_OID krb5;
    char header[64];

    check_rc(spnegoMechOidGet(spnego_mech_oid_Kerberos_V5, &krb5), SPNEGO_E_SUCCESS,
             "krb5 OID");
    /* A NULL hint name sends the sentinel: exactly MIT's token. */
    check_rc(spnegoCreateNegTokenInit2(&krb5, 1, 0, NULL, 0, NULL, NULL, 0, NULL, 0, 0,
                                       &h),
             SPNEGO_E_SUCCESS, "build NegTokenInit2");
    if (h != NULL) {
        check_rc(spnegoTokenGetBinaryPtr(h, &bytes, &len), SPNEGO_E_SUCCESS,
                 "built bytes");
        check(len == sizeof(mit_neghints) && memcmp(bytes, mit_neghints, len) == 0,
              "built NegTokenInit2 equals MIT's bytes");
        spnegoFreeData(h);
        h = NULL;
    }

    check_rc(spnegoCreateNegTokenTarg(spnego_mech_oid_NotUsed, spnego_negresult_rejected,
                                      NULL, 0, NULL, 0, &h),
             SPNEGO_E_SUCCESS, "build reject");
    if (h != NULL) {
        check_rc(spnegoTokenGetBinaryPtr(h, &bytes, &len), SPNEGO_E_SUCCESS,
                 "reject bytes");
        check(len == sizeof(reject) && memcmp(bytes, reject, len) == 0,
              "reject is a1 07 30 05 a0 03 0a 01 02");
        len = sizeof(header);
        check_rc(spnegoHttpFormatNegotiate(reject, sizeof(reject), header, &len),
                 SPNEGO_E_SUCCESS, "format header");
        check(strcmp(header, "Negotiate oQcwBaADCgEC") == 0 && len == 23,
              "header is \"Negotiate oQcwBaADCgEC\"");
        spnegoFreeData(h);
    }

    /* Constructors clear the output and refuse bad arguments. */
    h = (SPNEGO_TOKEN_HANDLE)&krb5;
    check_rc(spnegoCreateNegTokenTarg(spnego_mech_oid_NotUsed, spnego_negresult_NotUsed,
                                      NULL, 0, NULL, 0, &h),
             SPNEGO_E_INVALID_PARAMETER, "empty NegTokenResp refused");
    check(h == NULL, "handle cleared on failure");
}

int main(void)
{
    check(strcmp(spnegoGetVersion(), SPNEGO_VERSION_STRING) == 0,
          "library version matches the header");
    check(SPNEGO_VERSION_NUMBER >= 0x010000, "version 1.x or later");
    check_parse();
    check_build();
    if (failures != 0) {
        printf("consumer: %d check(s) failed\n", failures);
        return 1;
    }
    printf("consumer: ok (libspnego %s)\n", spnegoGetVersion());
    return 0;
}
