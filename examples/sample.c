/*
 * sample.c - a tour of the libspnego API on real tokens.
 *
 * Plays the server side of a Negotiate exchange with bundled tokens:
 *  1. parse a Windows client's NegTokenInit (MS-krb5, krb5, NTLMSSP),
 *  2. inspect it: type, mech list, flags, optimistic mech token,
 *  3. build the answer a server sends: accept-completed, reflecting the
 *     MS-krb5 OID the client listed first, with a (placeholder) AP-REP,
 *  4. read the answer back as the client would,
 *  5. read a reject from MIT/Apache and an MIT NegTokenInit2.
 * It checks every value against what the tokens are known to hold and
 * exits non-zero if anything differs, so it also runs as a ctest test.
 *
 * Usage: spnego_sample [VECTORS_DIR]   (default: the source tree's
 * tests/vectors)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spnego.h"

static int failures;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "sample: check failed at line %d: %s\n",       \
                    __LINE__, #cond);                                      \
            failures++;                                                    \
        }                                                                  \
    } while (0)

static unsigned char *read_token(const char *dir, const char *name, unsigned long *out_len)
{
    char path[4096];
    FILE *f;
    long size;
    unsigned char *buf;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "sample: cannot open %s\n", path);
        exit(2);
    }
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "sample: cannot size %s\n", path);
        exit(2);
    }
    buf = (unsigned char *)malloc((size_t)size);
    if (buf == NULL || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "sample: cannot read %s\n", path);
        exit(2);
    }
    fclose(f);
    *out_len = (unsigned long)size;
    return buf;
}

static void print_oid(const SPNEGO_OID *oid)
{
    char text[128];
    unsigned long len = sizeof(text);

    if (spnegoOidToString(oid, text, &len) == SPNEGO_E_SUCCESS) {
        printf("%s", text);
    } else {
        printf("(OID not printable)");
    }
}

/* Steps 1 and 2: what a server learns from a client's first token. */
static void inspect_client_init(const unsigned char *token, unsigned long token_len,
                                SPNEGO_OID *out_first_mech, SPNEGO_TOKEN_HANDLE *out_h)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    int type = -1;
    int index = -1;
    unsigned long count = 0;
    unsigned long i;
    unsigned long mech_len = 0;
    unsigned char *mech_token;
    const unsigned char *list;
    unsigned long list_len = 0;

    CHECK(spnegoInitFromBinary(token, token_len, &h) == SPNEGO_E_SUCCESS);
    if (h == NULL) {
        exit(1);
    }
    CHECK(spnegoGetTokenType(h, &type) == SPNEGO_E_SUCCESS);
    CHECK(type == SPNEGO_TOKEN_INIT);
    CHECK(spnegoGetMechTypeCount(h, &count) == SPNEGO_E_SUCCESS);
    CHECK(count == 3);
    printf("client NegTokenInit, %lu bytes, offers %lu mechanisms:\n", token_len, count);
    for (i = 0; i < count; i++) {
        SPNEGO_OID oid;
        CHECK(spnegoGetMechTypeOIDPtr(h, i, &oid) == SPNEGO_E_SUCCESS);
        printf("  [%lu] ", i);
        print_oid(&oid);
        printf("\n");
        if (i == 0) {
            *out_first_mech = oid;
        }
    }
    /* The 2002 way of asking: is legacy MS Kerberos offered, and where? */
    CHECK(spnegoIsMechTypeAvailable(h, spnego_mech_oid_Kerberos_V5_Legacy, &index) ==
          SPNEGO_E_SUCCESS);
    CHECK(index == 0);
    CHECK(spnegoIsMechTypeAvailable(h, spnego_mech_oid_NegoEx, &index) == SPNEGO_E_NOT_FOUND);

    /* Copy-out protocol: ask for the size, then copy. */
    CHECK(spnegoGetMechToken(h, NULL, &mech_len) == SPNEGO_E_BUFFER_TOO_SMALL);
    CHECK(mech_len == 1712);
    mech_token = (unsigned char *)malloc(mech_len);
    CHECK(mech_token != NULL);
    CHECK(spnegoGetMechToken(h, mech_token, &mech_len) == SPNEGO_E_SUCCESS);
    /* A raw RFC 1964 Kerberos token: 60 .. 06 09 <krb5 OID> 01 00 (AP-REQ). */
    CHECK(mech_token[0] == 0x60);
    printf("optimistic mech token: %lu bytes (Kerberos AP-REQ)\n", mech_len);
    free(mech_token);

    /* The bytes a server's gss_verify_mic would cover for mechListMIC. */
    CHECK(spnegoGetMechListBytesPtr(h, &list, &list_len) == SPNEGO_E_SUCCESS);
    CHECK(list_len == 36 && list[0] == 0x30 && list[1] == 0x22);
    printf("MechTypeList for mechListMIC: %lu bytes\n", list_len);
    *out_h = h;
}

/* Steps 3 and 4: the server's answer, and the client reading it. */
static void answer_and_read_back(const SPNEGO_OID *chosen)
{
    static const unsigned char ap_rep[] = {0x6f, 0x03, 0x02, 0x01, 0x05}; /* placeholder */
    SPNEGO_TOKEN_HANDLE answer = NULL;
    SPNEGO_TOKEN_HANDLE seen = NULL;
    unsigned char wire[256];
    unsigned long wire_len = sizeof(wire);
    SPNEGO_NEGRESULT result = spnego_negresult_NotUsed;
    SPNEGO_MECH_OID mech = spnego_mech_oid_NotUsed;
    const unsigned char *resp_token;
    unsigned long resp_len = 0;
    static const unsigned char expected[] = {
        0xa1, 0x1d, 0x30, 0x1b, 0xa0, 0x03, 0x0a, 0x01, 0x00, 0xa1, 0x0b, 0x06,
        0x09, 0x2a, 0x86, 0x48, 0x82, 0xf7, 0x12, 0x01, 0x02, 0x02, 0xa2, 0x07,
        0x04, 0x05, 0x6f, 0x03, 0x02, 0x01, 0x05};

    CHECK(spnegoCreateNegTokenTargEx(chosen, spnego_negresult_success, ap_rep, sizeof(ap_rep),
                                     NULL, 0, &answer) == SPNEGO_E_SUCCESS);
    CHECK(spnegoTokenGetBinary(answer, wire, &wire_len) == SPNEGO_E_SUCCESS);
    CHECK(wire_len == sizeof(expected) && memcmp(wire, expected, sizeof(expected)) == 0);
    printf("server answer (NegTokenResp accept-completed, MS-krb5 reflected): %lu bytes\n",
           wire_len);
    spnegoFreeData(answer);

    /* The client side parses without copying: the buffer outlives the handle. */
    CHECK(spnegoInitFromBinaryEx(wire, wire_len, SPNEGO_PARSE_NOCOPY, &seen) ==
          SPNEGO_E_SUCCESS);
    CHECK(spnegoGetNegotiationResult(seen, &result) == SPNEGO_E_SUCCESS);
    CHECK(result == spnego_negresult_success);
    CHECK(spnegoGetSupportedMechType(seen, &mech) == SPNEGO_E_SUCCESS);
    CHECK(mech == spnego_mech_oid_Kerberos_V5_Legacy);
    CHECK(spnegoGetMechTokenPtr(seen, &resp_token, &resp_len) == SPNEGO_E_SUCCESS);
    CHECK(resp_len == sizeof(ap_rep) && resp_token == wire + 26);
    printf("client reads: negState accept-completed, mech MS-krb5, %lu-byte response token\n",
           resp_len);
    spnegoFreeData(seen);
}

/* Step 5: tokens from MIT krb5 and Apache. */
static void read_mit_tokens(const char *dir)
{
    unsigned long len = 0;
    unsigned char *token = read_token(dir, "gokrb5-http-reject.der", &len);
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_NEGRESULT result = spnego_negresult_NotUsed;
    unsigned char name[64];
    unsigned long name_len = sizeof(name);
    int init2 = 0;

    CHECK(spnegoInitFromBinary(token, len, &h) == SPNEGO_E_SUCCESS);
    CHECK(spnegoGetNegotiationResult(h, &result) == SPNEGO_E_SUCCESS);
    CHECK(result == spnego_negresult_rejected);
    CHECK(spnegoGetMechToken(h, NULL, &name_len) == SPNEGO_E_ELEMENT_UNAVAILABLE);
    printf("reject from a server: %lu bytes, negState reject\n", len);
    spnegoFreeData(h);
    free(token);

    token = read_token(dir, "mit-t_spnego-neghints-init2.der", &len);
    CHECK(spnegoInitFromBinary(token, len, &h) == SPNEGO_E_SUCCESS);
    CHECK(spnegoIsNegTokenInit2(h, &init2) == SPNEGO_E_SUCCESS && init2 == 1);
    name_len = sizeof(name);
    CHECK(spnegoGetNegHintName(h, name, &name_len) == SPNEGO_E_SUCCESS);
    CHECK(name_len == strlen(SPNEGO_HINT_NAME_IGNORE) &&
          memcmp(name, SPNEGO_HINT_NAME_IGNORE, name_len) == 0);
    printf("MIT acceptor NegTokenInit2: hintName \"%.*s\"\n", (int)name_len, (const char *)name);
    spnegoFreeData(h);
    free(token);
}

int main(int argc, char **argv)
{
#ifdef SPNEGO_SAMPLE_VECTORS
    const char *dir = SPNEGO_SAMPLE_VECTORS;
#else
    const char *dir = "tests/vectors";
#endif
    unsigned long len = 0;
    unsigned char *token;
    SPNEGO_OID first = {NULL, 0};
    SPNEGO_TOKEN_HANDLE client = NULL;

    if (argc > 1) {
        dir = argv[1];
    }
    printf("libspnego %s\n", spnegoGetVersion());
    token = read_token(dir, "kerberosnet-aes128-spnego-data.der", &len);
    inspect_client_init(token, len, &first, &client);
    /* first points into the client handle: answer before freeing it. */
    answer_and_read_back(&first);
    spnegoFreeData(client);
    free(token);
    read_mit_tokens(dir);
    if (failures != 0) {
        fprintf(stderr, "sample: %d check(s) failed\n", failures);
        return 1;
    }
    printf("sample: all checks passed\n");
    return 0;
}
