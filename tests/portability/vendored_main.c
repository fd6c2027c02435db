/*
 * vendored_main.c - proves the library works vendored as plain sources.
 *
 * scripts/ci/portability.sh compiles src/<all>.c with `cc -std=c99 -Iinclude
 * -c` (no defines, no CMake, no generated header) and links them with this
 * file; it also links it against a one-file amalgamation of src/<all>.c. The
 * program parses a real captured token, builds tokens and compares them
 * with bytes worked out by hand from the DER rules.
 *
 * Usage: vendored_main VECTOR   (pyspnego-data-negtokeninit-krb5-ntlm.der)
 */
#include "spnego.h"
#include "spnego_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int g_failed;
static int g_checks;

#define CHECK(cond)                                                         \
    do {                                                                    \
        g_checks++;                                                         \
        if (!(cond)) {                                                      \
            g_failed++;                                                     \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);          \
        }                                                                   \
    } while (0)

/* The MIT/Apache reject: negState reject and nothing else. */
static const unsigned char reject_bytes[] = {0xA1, 0x07, 0x30, 0x05, 0xA0,
                                             0x03, 0x0A, 0x01, 0x02};

/* Framed NegTokenInit: mechTypes {krb5}, reqFlags mutual as 03 02 01 40
 * (the form MIT accepts), mechToken 01 02. */
static const unsigned char init_bytes[] = {
    0x60, 0x27, 0x06, 0x06, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x02, /* framing */
    0xA0, 0x1D, 0x30, 0x1B,                                     /* [0] SEQ */
    0xA0, 0x0D, 0x30, 0x0B, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x12,
    0x01, 0x02, 0x02,                                     /* mechTypes */
    0xA1, 0x04, 0x03, 0x02, 0x01, 0x40,                   /* reqFlags */
    0xA2, 0x04, 0x04, 0x02, 0x01, 0x02};                  /* mechToken */

/* accept-completed naming the legacy MS krb5 OID (MIT t_spnego). */
static const unsigned char accept_legacy_bytes[] = {
    0xA1, 0x14, 0x30, 0x12, 0xA0, 0x03, 0x0A, 0x01, 0x00, 0xA1, 0x0B,
    0x06, 0x09, 0x2A, 0x86, 0x48, 0x82, 0xF7, 0x12, 0x01, 0x02, 0x02};

static unsigned char *read_all(const char *path, unsigned long *out_len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    long size;

    if (f == NULL) {
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = (unsigned char *)malloc((size_t)size);
        if (buf != NULL && fread(buf, 1, (size_t)size, f) != (size_t)size) {
            free(buf);
            buf = NULL;
        }
        *out_len = (unsigned long)size;
    }
    fclose(f);
    return buf;
}

static void check_built(SPNEGO_TOKEN_HANDLE h, const unsigned char *want, unsigned long want_len)
{
    unsigned char out[256];
    unsigned long out_len = sizeof(out);

    CHECK(spnegoTokenGetBinary(h, out, &out_len) == SPNEGO_E_SUCCESS);
    CHECK(out_len == want_len && memcmp(out, want, want_len) == 0);
}

int main(int argc, char **argv)
{
    unsigned char *data;
    unsigned long len = 0;
    SPNEGO_TOKEN_HANDLE h = NULL;
    int type = -1;
    int index = -1;
    unsigned long count = 0;
    unsigned long tok_len = 0;
    const unsigned char *p = NULL;
    unsigned long plen = 0;
    unsigned char flag_tok[2] = {0x01, 0x02};
    char header[64];
    unsigned long header_len = sizeof(header);

    if (argc != 2) {
        printf("usage: vendored_main VECTOR\n");
        return 2;
    }
    data = read_all(argv[1], &len);
    CHECK(data != NULL && len == 1433UL);
    if (data == NULL) {
        return 1;
    }

    /* A captured Windows-style NegTokenInit: [krb5, NTLMSSP] + AP-REQ. */
    CHECK(spnegoInitFromBinary(data, len, &h) == SPNEGO_E_SUCCESS);
    CHECK(spnegoGetTokenType(h, &type) == SPNEGO_E_SUCCESS && type == SPNEGO_TOKEN_INIT);
    CHECK(spnegoGetMechTypeCount(h, &count) == SPNEGO_E_SUCCESS && count == 2);
    CHECK(spnegoIsMechTypeAvailable(h, spnego_mech_oid_Kerberos_V5, &index) ==
              SPNEGO_E_SUCCESS &&
          index == 0);
    CHECK(spnegoIsMechTypeAvailable(h, spnego_mech_oid_NTLMSSP, &index) == SPNEGO_E_SUCCESS &&
          index == 1);
    CHECK(spnegoIsMechTypeAvailable(h, spnego_mech_oid_Kerberos_V5_Legacy, &index) ==
          SPNEGO_E_NOT_FOUND);
    CHECK(spnegoGetMechToken(h, NULL, &tok_len) == SPNEGO_E_BUFFER_TOO_SMALL &&
          tok_len == 1378UL);
    CHECK(spnegoGetMechTokenPtr(h, &p, &plen) == SPNEGO_E_SUCCESS && plen == 1378UL &&
          p[0] == 0x60); /* the AP-REQ is itself a GSS-framed token */
    CHECK(spnegoGetMechListMIC(h, NULL, &tok_len) == SPNEGO_E_ELEMENT_UNAVAILABLE);
    CHECK(spnegoTokenGetBinaryPtr(h, &p, &plen) == SPNEGO_E_SUCCESS && plen == len &&
          memcmp(p, data, len) == 0);
    spnegoFreeData(h);
    h = NULL;
    free(data);

    /* Built tokens, byte for byte. */
    CHECK(spnegoCreateNegTokenTarg(spnego_mech_oid_NotUsed, spnego_negresult_rejected, NULL, 0,
                                   NULL, 0, &h) == SPNEGO_E_SUCCESS);
    check_built(h, reject_bytes, sizeof(reject_bytes));
    CHECK(spnegoTokenGetBinaryPtr(h, &p, &plen) == SPNEGO_E_SUCCESS);
    CHECK(spnegoHttpFormatNegotiate(p, plen, header, &header_len) == SPNEGO_E_SUCCESS &&
          strcmp(header, "Negotiate oQcwBaADCgEC") == 0);
    spnegoFreeData(h);

    CHECK(spnegoCreateNegTokenInit(spnego_mech_oid_Kerberos_V5,
                                   SPNEGO_NEGINIT_CONTEXT_MUTUAL_FLAG, flag_tok,
                                   sizeof(flag_tok), NULL, 0, &h) == SPNEGO_E_SUCCESS);
    check_built(h, init_bytes, sizeof(init_bytes));
    spnegoFreeData(h);

    CHECK(spnegoCreateNegTokenTarg(spnego_mech_oid_Kerberos_V5_Legacy, spnego_negresult_success,
                                   NULL, 0, NULL, 0, &h) == SPNEGO_E_SUCCESS);
    check_built(h, accept_legacy_bytes, sizeof(accept_legacy_bytes));
    spnegoFreeData(h);

    CHECK(strcmp(spnegoGetVersion(), SPNEGO_VERSION_STRING) == 0);
    CHECK(strcmp(spnegoErrorString(SPNEGO_E_INVALID_LENGTH), "unknown error code") != 0);

    printf("vendored_main: %d checks, %d failed\n", g_checks, g_failed);
    return g_failed == 0 ? 0 : 1;
}
