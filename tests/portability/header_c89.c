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
#include "spnego_negotiate.h"

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

/* A one-leg mechanism, enough to drive spnego_negotiate.h from C89: the
 * initiator sends "c", the acceptor takes it and completes; no MIC is due
 * (first choice, nothing asks for one). */
static int one_leg_step(void *state, const unsigned char *in, unsigned long in_len,
                        const unsigned char **out, unsigned long *out_len)
{
    static const unsigned char token[] = {'c'};

    (void)state;
    *out = NULL;
    *out_len = 0;
    if (in == NULL) {
        *out = token;
        *out_len = 1;
        return SPNEGO_MECH_COMPLETE;
    }
    return in_len == 1 && in[0] == 'c' ? SPNEGO_MECH_COMPLETE : SPNEGO_MECH_FAILED;
}

static int no_mic(void *state, const unsigned char *msg, unsigned long msg_len,
                  const unsigned char **mic, unsigned long *mic_len)
{
    (void)state;
    (void)msg;
    (void)msg_len;
    (void)mic;
    (void)mic_len;
    return -1;
}

static int no_verify(void *state, const unsigned char *msg, unsigned long msg_len,
                     const unsigned char *mic, unsigned long mic_len)
{
    (void)state;
    (void)msg;
    (void)msg_len;
    (void)mic;
    (void)mic_len;
    return -1;
}

static int negotiate_one_leg(void)
{
    static const SPNEGO_MECH_CALLBACKS cb = {one_leg_step, no_mic, no_verify, NULL, NULL,
                                             NULL};
    SPNEGO_NEGOTIATE_MECH mech;
    SPNEGO_NEGOTIATE_HANDLE ini = NULL;
    SPNEGO_NEGOTIATE_HANDLE acc = NULL;
    const unsigned char *tok;
    unsigned long tok_len;
    unsigned long index = 99;
    int ok;

    mech.pCallbacks = &cb;
    mech.pState = NULL;
    ok = spnegoMechOidGet(spnego_mech_oid_Kerberos_V5, &mech.Oid) == SPNEGO_E_SUCCESS &&
         spnegoNegotiateCreate(SPNEGO_NEGOTIATE_INITIATOR, &mech, 1, 0, &ini) == 0 &&
         spnegoNegotiateCreate(SPNEGO_NEGOTIATE_ACCEPTOR, &mech, 1, 0, &acc) == 0 &&
         spnegoNegotiateStep(ini, NULL, 0, &tok, &tok_len) == SPNEGO_NEGOTIATE_CONTINUE &&
         spnegoNegotiateStep(acc, tok, tok_len, &tok, &tok_len) ==
             SPNEGO_NEGOTIATE_COMPLETE &&
         /* a1 14 30 12 a0 03 0a 01 00 a1 0b 06 09 <krb5>: accept-completed */
         tok_len == 22 && tok[8] == 0x00 &&
         spnegoNegotiateStep(ini, tok, tok_len, &tok, &tok_len) ==
             SPNEGO_NEGOTIATE_COMPLETE &&
         tok_len == 0 && spnegoNegotiateGetMech(ini, &index, NULL) == SPNEGO_E_SUCCESS &&
         index == 0;
    spnegoNegotiateFree(ini);
    spnegoNegotiateFree(acc);
    return ok;
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
    check(negotiate_one_leg(), "negotiation layer, one leg");
    spnegoFreeData(h2);
    spnegoFreeData(h);
    spnegoFreeData(NULL);
    printf("header_c89: %s\n", failed == 0 ? "ok" : "FAILED");
    return failed == 0 ? 0 : 1;
}
