/*
 * header_c89.c - the public headers compile as C89 and work from C89.
 *
 * scripts/ci/portability.sh compiles this file with -std=c89 -pedantic
 * -Wall -Wextra -Werror (gcc and clang) and links it with the library.
 * C89 on purpose: no // comments, declarations first, no long long, no
 * <stdint.h>.
 */
#include "spnego.h"
#include "spnego_http.h"

#include <stdio.h>
#include <string.h>

static int failed = 0;

static void check(int ok, const char *what)
{
    if (!ok) {
        failed++;
        printf("FAIL: %s\n", what);
    }
}

int main(void)
{
    static const unsigned char reject[] = {0xA1, 0x07, 0x30, 0x05, 0xA0,
                                           0x03, 0x0A, 0x01, 0x02};
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_TOKEN_HANDLE h2 = NULL;
    SPNEGO_NEGRESULT result = spnego_negresult_NotUsed;
    SPNEGO_MECH_OID mech = spnego_mech_oid_NotUsed;
    SPNEGO_OID oid;
    unsigned char buf[64];
    unsigned long len = sizeof(buf);
    char text[64];
    unsigned long text_len = sizeof(text);
    const char *b64 = NULL;
    unsigned long b64_len = 0;
    int type = -1;

    check(spnegoCreateNegTokenTarg(spnego_mech_oid_NotUsed,
                                   spnego_negresult_rejected, NULL, 0, NULL,
                                   0, &h) == SPNEGO_E_SUCCESS,
          "build reject");
    check(spnegoTokenGetBinary(h, buf, &len) == SPNEGO_E_SUCCESS &&
              len == sizeof(reject) && memcmp(buf, reject, len) == 0,
          "reject bytes");
    check(spnegoInitFromBinary(buf, len, &h2) == SPNEGO_E_SUCCESS, "parse");
    check(spnegoGetTokenType(h2, &type) == SPNEGO_E_SUCCESS &&
              type == SPNEGO_TOKEN_TARG,
          "token type");
    check(spnegoGetNegotiationResult(h2, &result) == SPNEGO_E_SUCCESS &&
              result == spnego_negresult_rejected,
          "negResult");
    check(spnegoGetSupportedMechType(h2, &mech) == SPNEGO_E_ELEMENT_UNAVAILABLE,
          "no supportedMech");
    check(spnegoHttpFormatNegotiate(buf, len, text, &text_len) == SPNEGO_E_SUCCESS &&
              strcmp(text, "Negotiate oQcwBaADCgEC") == 0,
          "header");
    check(spnegoHttpParseNegotiate(text, (unsigned long)strlen(text), &b64,
                                   &b64_len) == SPNEGO_E_SUCCESS &&
              b64_len == 12 && memcmp(b64, "oQcwBaADCgEC", 12) == 0,
          "parse header");
    check(spnegoMechOidGet(spnego_mech_oid_Kerberos_V5, &oid) == SPNEGO_E_SUCCESS,
          "mech OID");
    text_len = sizeof(text);
    check(spnegoOidToString(&oid, text, &text_len) == SPNEGO_E_SUCCESS &&
              strcmp(text, "1.2.840.113554.1.2.2") == 0,
          "OID text");
    check(spnegoFlagsToGss(SPNEGO_NEGINIT_CONTEXT_MUTUAL_FLAG) == 2UL, "GSS flags");
    check(SPNEGO_VERSION_NUMBER >= 0x010000L, "version macro");
    check(spnegoErrorString(SPNEGO_E_BUFFER_TOO_SMALL) != NULL, "error string");
    spnegoFreeData(h2);
    spnegoFreeData(h);
    spnegoFreeData(NULL);
    printf("header_c89: %s\n", failed == 0 ? "ok" : "FAILED");
    return failed == 0 ? 0 : 1;
}
