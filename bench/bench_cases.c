/*
 * bench_cases.c - the operations spnego-bench times, the floors it
 * compares them with, and the start-up code that synthesizes the tokens
 * with the library itself.
 *
 * Every operation is one complete use of the API by a caller: create a
 * handle, get what the caller wants, free the handle. Each checks its
 * result (status and length), so a silently failing call cannot look fast.
 */
#include "bench.h"
#include "spnego_http.h"

#include <stdlib.h>
#include <string.h>

/* ---- library operations ---- */

/* The loop and call overhead alone. */
int bench_op_noop(const struct bench_case *c)
{
    return c == NULL;
}

/* A 0-byte mech token is an absent element: the getters report
 * ELEMENT_UNAVAILABLE, which is then the expected result. */
static int bench_check_mech(const struct bench_case *c, int rc, unsigned long len)
{
    if (c->mech_len == 0) {
        return rc == SPNEGO_E_ELEMENT_UNAVAILABLE ? 0 : -1;
    }
    return rc == SPNEGO_E_SUCCESS && (size_t)len == c->mech_len ? 0 : -1;
}

/* spnegoInitFromBinary + spnegoGetMechToken (copy-out) + spnegoFreeData. */
int bench_op_parse_copy(const struct bench_case *c)
{
    SPNEGO_TOKEN_HANDLE h;
    unsigned long len = (unsigned long)c->out_cap;
    int rc = spnegoInitFromBinary(c->token, (unsigned long)c->token_len, &h);

    if (rc != SPNEGO_E_SUCCESS) {
        return -1;
    }
    rc = spnegoGetMechToken(h, c->out, &len);
    spnegoFreeData(h);
    return bench_check_mech(c, rc, len);
}

/* SPNEGO_PARSE_NOCOPY + spnegoGetMechTokenPtr + spnegoFreeData. */
int bench_op_parse_nocopy(const struct bench_case *c)
{
    SPNEGO_TOKEN_HANDLE h;
    const unsigned char *ptr = NULL;
    unsigned long len = 0;
    int rc = spnegoInitFromBinaryEx(c->token, (unsigned long)c->token_len,
                                    SPNEGO_PARSE_NOCOPY, &h);

    if (rc != SPNEGO_E_SUCCESS) {
        return -1;
    }
    rc = spnegoGetMechTokenPtr(h, &ptr, &len);
    spnegoFreeData(h);
    if (rc == SPNEGO_E_SUCCESS && ptr != c->token + c->mech_off) {
        return -1;
    }
    return bench_check_mech(c, rc, len);
}

/* SPNEGO_PARSE_NOCOPY + spnegoFreeData: the parse alone (scaling table). */
int bench_op_parse_only(const struct bench_case *c)
{
    SPNEGO_TOKEN_HANDLE h;
    int rc = spnegoInitFromBinaryEx(c->token, (unsigned long)c->token_len,
                                    SPNEGO_PARSE_NOCOPY, &h);

    spnegoFreeData(h);
    return rc == SPNEGO_E_SUCCESS ? 0 : -1;
}

/* Count, every OID by pointer, and the MechTypeList bytes for the MIC. */
static int bench_walk(SPNEGO_TOKEN_HANDLE h, const struct bench_case *c)
{
    SPNEGO_OID oid;
    const unsigned char *list = NULL;
    unsigned long list_len = 0;
    unsigned long count = 0;
    unsigned long i;
    unsigned long sum = 0;

    if (spnegoGetMechTypeCount(h, &count) != SPNEGO_E_SUCCESS ||
        (size_t)count != c->num_mechs) {
        return -1;
    }
    for (i = 0; i < count; i++) {
        if (spnegoGetMechTypeOIDPtr(h, i, &oid) != SPNEGO_E_SUCCESS) {
            return -1;
        }
        sum += oid.ulOidLen + oid.pbOid[0];
    }
    if (spnegoGetMechListBytesPtr(h, &list, &list_len) != SPNEGO_E_SUCCESS) {
        return -1;
    }
    bench_sink = sum + list_len;
    return 0;
}

/* spnegoInitFromBinary (copying) + mech-list walk + spnegoFreeData. */
int bench_op_parse_walk(const struct bench_case *c)
{
    SPNEGO_TOKEN_HANDLE h;
    int rc = spnegoInitFromBinary(c->token, (unsigned long)c->token_len, &h);

    if (rc != SPNEGO_E_SUCCESS) {
        return -1;
    }
    rc = bench_walk(h, c);
    spnegoFreeData(h);
    return rc;
}

/* The same walk on a NOCOPY handle (scaling table). */
int bench_op_parse_walk_nocopy(const struct bench_case *c)
{
    SPNEGO_TOKEN_HANDLE h;
    int rc = spnegoInitFromBinaryEx(c->token, (unsigned long)c->token_len,
                                    SPNEGO_PARSE_NOCOPY, &h);

    if (rc != SPNEGO_E_SUCCESS) {
        return -1;
    }
    rc = bench_walk(h, c);
    spnegoFreeData(h);
    return rc;
}

/* spnegoTokenGetBinary into the caller buffer, check, free. */
static int bench_get_binary(SPNEGO_TOKEN_HANDLE h, const struct bench_case *c)
{
    unsigned long len = (unsigned long)c->out_cap;
    int rc = spnegoTokenGetBinary(h, c->out, &len);

    spnegoFreeData(h);
    return rc == SPNEGO_E_SUCCESS && (size_t)len == c->token_len ? 0 : -1;
}

/* spnegoCreateNegTokenInitEx + spnegoTokenGetBinary + spnegoFreeData. */
int bench_op_build_init(const struct bench_case *c)
{
    SPNEGO_TOKEN_HANDLE h;
    int rc = spnegoCreateNegTokenInitEx(c->mechs, (unsigned long)c->num_mechs, 0,
                                        c->mech_token, (unsigned long)c->mech_len,
                                        NULL, 0, 0, &h);

    if (rc != SPNEGO_E_SUCCESS) {
        return -1;
    }
    return bench_get_binary(h, c);
}

/* spnegoCreateNegTokenTargEx (accept-incomplete, supportedMech) +
 * spnegoTokenGetBinary + spnegoFreeData. */
int bench_op_build_resp(const struct bench_case *c)
{
    SPNEGO_TOKEN_HANDLE h;
    int rc = spnegoCreateNegTokenTargEx(&c->mechs[0], spnego_negresult_incomplete,
                                        c->mech_token, (unsigned long)c->mech_len,
                                        NULL, 0, &h);

    if (rc != SPNEGO_E_SUCCESS) {
        return -1;
    }
    return bench_get_binary(h, c);
}

/* spnegoHttpDecodeNegotiate into the caller buffer, then a NOCOPY parse of
 * that buffer (the caller owns it) + spnegoGetMechTokenPtr + free. */
int bench_op_http(const struct bench_case *c)
{
    SPNEGO_TOKEN_HANDLE h;
    const unsigned char *ptr = NULL;
    unsigned long len = (unsigned long)c->out_cap;
    int rc = spnegoHttpDecodeNegotiate(c->header, (unsigned long)c->header_len,
                                       c->out, &len);

    if (rc != SPNEGO_E_SUCCESS || (size_t)len != c->token_len) {
        return -1;
    }
    rc = spnegoInitFromBinaryEx(c->out, len, SPNEGO_PARSE_NOCOPY, &h);
    if (rc != SPNEGO_E_SUCCESS) {
        return -1;
    }
    len = 0;
    rc = spnegoGetMechTokenPtr(h, &ptr, &len);
    spnegoFreeData(h);
    return bench_check_mech(c, rc, len);
}

/* ---- floors ----
 * They allocate through the same counted seam as the library, so the
 * allocator cost is identical on both sides. */

/* Parse + copy-out floor: one block for the token, copy the token in
 * (the handle's private copy), copy the mech token out, free. Bytes
 * copied: token_len + mech_len. */
int bench_floor_parse_api(const struct bench_case *c)
{
    unsigned char *p = (unsigned char *)spnego_test_malloc(c->token_len + 1);

    if (p == NULL) {
        return -1;
    }
    memcpy(p, c->token, c->token_len);
    memcpy(c->out, p + c->mech_off, c->mech_len);
    spnego_test_free(p);
    return 0;
}

/* Build + copy-out floor: one block for the token, write its header bytes
 * and the mech token into it, copy the whole token out, free. Bytes
 * copied: token_len (into the block) + token_len (out). */
int bench_floor_build_api(const struct bench_case *c)
{
    size_t tail = c->mech_off + c->mech_len;
    unsigned char *p = (unsigned char *)spnego_test_malloc(c->token_len + 1);

    if (p == NULL) {
        return -1;
    }
    memcpy(p, c->token, c->mech_off);
    if (c->mech_len > 0) {
        memcpy(p + c->mech_off, c->mech_token, c->mech_len);
    }
    memcpy(p + tail, c->token + tail, c->token_len - tail);
    memcpy(c->out, p, c->token_len);
    spnego_test_free(p);
    return 0;
}

/* The plain floor: malloc + memcpy + free of the token size. */
int bench_floor_token(const struct bench_case *c)
{
    unsigned char *p = (unsigned char *)spnego_test_malloc(c->token_len + 1);

    if (p == NULL) {
        return -1;
    }
    memcpy(p, c->token, c->token_len);
    spnego_test_free(p);
    return 0;
}

/* NOCOPY floor: allocate and free a block the size of the handle. */
int bench_floor_handle(const struct bench_case *c)
{
    unsigned char *p = (unsigned char *)spnego_test_malloc(c->handle_len);

    if (p == NULL) {
        return -1;
    }
    p[0] = 0;
    spnego_test_free(p);
    return 0;
}

/* ---- start-up: synthesize tokens with the library ---- */

static int bench_keep_binary(SPNEGO_TOKEN_HANDLE h, struct bench_case *c)
{
    const unsigned char *bytes = NULL;
    unsigned long len = 0;
    unsigned char *copy;
    int rc = spnegoTokenGetBinaryPtr(h, &bytes, &len);

    if (rc != SPNEGO_E_SUCCESS || (copy = (unsigned char *)malloc(len)) == NULL) {
        spnegoFreeData(h);
        return -1;
    }
    memcpy(copy, bytes, len);
    spnegoFreeData(h);
    c->token = copy;
    c->token_len = len;
    return bench_case_index(c);
}

int bench_case_make_init(struct bench_case *c)
{
    SPNEGO_TOKEN_HANDLE h;

    if (spnegoCreateNegTokenInitEx(c->mechs, (unsigned long)c->num_mechs, 0,
                                   c->mech_token, (unsigned long)c->mech_len, NULL,
                                   0, 0, &h) != SPNEGO_E_SUCCESS) {
        return -1;
    }
    return bench_keep_binary(h, c);
}

int bench_case_make_resp(struct bench_case *c)
{
    SPNEGO_TOKEN_HANDLE h;

    if (spnegoCreateNegTokenTargEx(&c->mechs[0], spnego_negresult_incomplete,
                                   c->mech_token, (unsigned long)c->mech_len, NULL, 0,
                                   &h) != SPNEGO_E_SUCCESS) {
        return -1;
    }
    return bench_keep_binary(h, c);
}

int bench_case_index(struct bench_case *c)
{
    struct bench_alloc_stats before;
    struct bench_alloc_stats after;
    SPNEGO_TOKEN_HANDLE h;
    const unsigned char *ptr = NULL;
    unsigned long len = 0;
    int rc;

    bench_alloc_snapshot(&before);
    rc = spnegoInitFromBinaryEx(c->token, (unsigned long)c->token_len,
                                SPNEGO_PARSE_NOCOPY, &h);
    bench_alloc_snapshot(&after);
    if (rc != SPNEGO_E_SUCCESS) {
        return -1;
    }
    c->handle_len = after.last_size;
    c->mech_off = c->token_len;
    if (spnegoGetMechTokenPtr(h, &ptr, &len) == SPNEGO_E_SUCCESS) {
        c->mech_off = (size_t)(ptr - c->token);
        if (c->mech_token == NULL) {
            c->mech_token = ptr; /* a real vector: its own mech token */
            c->mech_len = len;
        }
    }
    spnegoFreeData(h);
    return 0;
}

int bench_case_make_header(struct bench_case *c)
{
    unsigned long len = 0;
    char *text;

    if (spnegoHttpFormatNegotiate(c->token, (unsigned long)c->token_len, NULL, &len) !=
        SPNEGO_E_BUFFER_TOO_SMALL) {
        return -1;
    }
    text = (char *)malloc(len);
    if (text == NULL) {
        return -1;
    }
    if (spnegoHttpFormatNegotiate(c->token, (unsigned long)c->token_len, text, &len) !=
            SPNEGO_E_SUCCESS ||
        len > SPNEGO_HTTP_MAX_VALUE_LEN) {
        free(text);
        return -1;
    }
    c->header = text;
    c->header_len = strlen(text);
    return 0;
}
