/*
 * limits_main.c - a cmocka-free portability test of libspnego.
 *
 * Built by scripts/ci/portability.sh for every target it checks (host
 * gcc/clang, 32-bit x86, big-endian s390x under qemu), compiled together
 * with src/<all>.c and SPNEGO_TEST_ALLOC so it can watch every allocation.
 * It needs nothing but a C99 compiler and the C library, so it runs where
 * cmocka is not installable.
 *
 * What it checks:
 *  - every valid vector of tests/vectors (read as files, expectations from
 *    vectors_table.inc): parse, every field, SHA-256 of the blobs, exact
 *    rebuild of DER-canonical tokens, every prefix refused;
 *  - every case of tests/vectors/malformed (malformed_table.inc): the
 *    verdict under default and STRICT parsing;
 *  - lengths near the limits: DER lengths 2^31 and 2^32-1 with a short
 *    buffer, 5 length octets, builders given lengths over 2^32-1 (refused
 *    before any allocation), length-octet boundaries and a 16 MiB round
 *    trip; the HTTP helpers given lengths up to ULONG_MAX.
 *
 * Usage: limits_main [VECTORS_DIR]   (default: SPNEGO_VECTORS_DIR)
 * Prints one line per failure and a summary; exits 1 on any failure.
 */
#include "spnego.h"
#include "spnego_http.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SPNEGO_VECTORS_DIR
#define SPNEGO_VECTORS_DIR "tests/vectors"
#endif

/* ---- bookkeeping ---- */

static unsigned long g_checks;
static unsigned long g_failed;

static void check_at(int ok, const char *what, const char *ctx, int line)
{
    g_checks++;
    if (!ok) {
        g_failed++;
        printf("FAIL line %d: %s [%s]\n", line, what, ctx);
    }
}

#define CHECK(cond, ctx) check_at((cond) ? 1 : 0, #cond, (ctx), __LINE__)

/* ---- the allocator seam of src/spnego.c (SPNEGO_TEST_ALLOC) ---- */

#define LIM_ALLOC_CAP ((size_t)64 * 1024 * 1024)

static unsigned long g_alloc_calls;
static long g_alloc_live;
static size_t g_alloc_max;

void *spnego_test_malloc(size_t size);
void spnego_test_free(void *ptr);

void *spnego_test_malloc(size_t size)
{
    void *p;

    g_alloc_calls++;
    if (size > g_alloc_max) {
        g_alloc_max = size;
    }
    /* Nothing here needs more than 64 MiB: a bigger request means a size
     * check came too late. Refuse it, so the check that follows reports
     * it instead of a crash in the copy from a small buffer. */
    if (size > LIM_ALLOC_CAP) {
        return NULL;
    }
    p = malloc(size);
    if (p != NULL) {
        g_alloc_live++;
    }
    return p;
}

void spnego_test_free(void *ptr)
{
    if (ptr != NULL) {
        g_alloc_live--;
    }
    free(ptr);
}

static void alloc_reset(void)
{
    g_alloc_calls = 0;
    g_alloc_max = 0;
}

/* ---- SHA-256 (FIPS 180-4), to compare blobs with the manifest ---- */

static const uint32_t sha_k[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u,
    0x923f82a4u, 0xab1c5ed5u, 0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u,
    0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u, 0xe49b69c1u, 0xefbe4786u,
    0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
    0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u,
    0x06ca6351u, 0x14292967u, 0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u,
    0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u, 0xa2bfe8a1u, 0xa81a664bu,
    0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
    0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au,
    0x5b9cca4fu, 0x682e6ff3u, 0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u,
    0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u};

static uint32_t sha_rotr(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32u - n));
}

static void sha_block(uint32_t h[8], const unsigned char *blk)
{
    uint32_t w[64];
    uint32_t v[8];
    unsigned i;

    for (i = 0; i < 16; i++) {
        w[i] = ((uint32_t)blk[4 * i] << 24) | ((uint32_t)blk[4 * i + 1] << 16) |
               ((uint32_t)blk[4 * i + 2] << 8) | (uint32_t)blk[4 * i + 3];
    }
    for (i = 16; i < 64; i++) {
        uint32_t s0 = sha_rotr(w[i - 15], 7) ^ sha_rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = sha_rotr(w[i - 2], 17) ^ sha_rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    memcpy(v, h, sizeof(v));
    for (i = 0; i < 64; i++) {
        uint32_t t1 = v[7] + (sha_rotr(v[4], 6) ^ sha_rotr(v[4], 11) ^ sha_rotr(v[4], 25)) +
                      ((v[4] & v[5]) ^ (~v[4] & v[6])) + sha_k[i] + w[i];
        uint32_t t2 = (sha_rotr(v[0], 2) ^ sha_rotr(v[0], 13) ^ sha_rotr(v[0], 22)) +
                      ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
        v[7] = v[6];
        v[6] = v[5];
        v[5] = v[4];
        v[4] = v[3] + t1;
        v[3] = v[2];
        v[2] = v[1];
        v[1] = v[0];
        v[0] = t1 + t2;
    }
    for (i = 0; i < 8; i++) {
        h[i] += v[i];
    }
}

/* Lower-case hex SHA-256 of data into out[65]. */
static void sha256_hex(const unsigned char *data, size_t len, char out[65])
{
    uint32_t h[8] = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
                     0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};
    unsigned char tail[128];
    size_t full = len / 64 * 64;
    size_t rest = len - full;
    size_t tail_len = rest < 56 ? 64 : 128;
    uint64_t bits = (uint64_t)len * 8u;
    size_t i;

    for (i = 0; i < full; i += 64) {
        sha_block(h, data + i);
    }
    memset(tail, 0, sizeof(tail));
    if (rest > 0) {
        memcpy(tail, data + full, rest);
    }
    tail[rest] = 0x80u;
    for (i = 0; i < 8; i++) {
        tail[tail_len - 1 - i] = (unsigned char)(bits >> (8 * i));
    }
    sha_block(h, tail);
    if (tail_len == 128) {
        sha_block(h, tail + 64);
    }
    for (i = 0; i < 32; i++) {
        static const char digits[] = "0123456789abcdef";
        unsigned char b = (unsigned char)(h[i / 4] >> (24 - 8 * (i % 4)));
        out[2 * i] = digits[b >> 4];
        out[2 * i + 1] = digits[b & 0x0Fu];
    }
    out[64] = '\0';
}

/* ---- helpers ---- */

static int hex_nibble(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Decodes hex into out (capacity cap); returns the byte count or 0. */
static size_t hex_decode(const char *hex, unsigned char *out, size_t cap)
{
    size_t n = strlen(hex) / 2;
    size_t i;

    if (n > cap) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        int hi = hex_nibble(hex[2 * i]);
        int lo = hex_nibble(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            return 0;
        }
        out[i] = (unsigned char)(hi * 16 + lo);
    }
    return n;
}

static unsigned char *read_file(const char *dir, const char *name, size_t *out_len)
{
    char path[1024];
    FILE *f;
    unsigned char *buf = NULL;
    size_t cap = 0;
    size_t len = 0;

    if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path)) {
        return NULL;
    }
    f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    for (;;) {
        size_t got;
        if (len == cap) {
            unsigned char *grown;
            cap = cap == 0 ? 4096 : cap * 2;
            grown = (unsigned char *)realloc(buf, cap);
            if (grown == NULL) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = grown;
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            break;
        }
    }
    fclose(f);
    *out_len = len;
    return buf;
}

/* An exact-size copy, so a sanitizer would see any over-read. */
static unsigned char *dup_exact(const unsigned char *data, size_t len)
{
    unsigned char *p = (unsigned char *)malloc(len == 0 ? 1 : len);

    if (p != NULL && len > 0) {
        memcpy(p, data, len);
    }
    return p;
}

/* ---- the generated tables (same rows as tests/test_vectors.c) ---- */

#define VEC_INIT 0
#define VEC_INIT2 1
#define VEC_RESP 2
#define VEC_MAX_MECHS 8

struct lim_blob {
    int present;
    unsigned long len;
    const char *sha256;
};

struct lim_vec {
    const char *file;
    unsigned long size;
    const char *sha256;
    int framed;
    int kind;
    unsigned long num_mechs;
    const char *mechs[VEC_MAX_MECHS];
    const char *mech_types_der;
    const char *req_flags_der;
    int flags_octet;
    struct lim_blob mech_token;
    struct lim_blob response_token;
    struct lim_blob mech_list_mic;
    const char *hint_name;
    const char *hint_address;
    int neg_state;
    const char *supported_mech;
    int der_canonical;
    unsigned long trailing_bytes;
};

static const struct lim_vec lim_vectors[] = {
#include "../vectors/vectors_table.inc"
};

#define MAL_REJECT 0
#define MAL_ACCEPT_WITH_WARNING 1

struct lim_mal {
    const char *file;
    unsigned long size;
    int expect;
    const char *category;
    const char *rule;
};

static const struct lim_mal lim_malformed[] = {
#include "../vectors/malformed_table.inc"
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The three canonical-DER-only rules default parsing accepts (DESIGN 4). */
#define LIM_DER_ONLY_WARNINGS                                                   \
    (SPNEGO_WARN_NONMINIMAL_LENGTH | SPNEGO_WARN_TRAILING_BYTES |               \
     SPNEGO_WARN_REQFLAGS_NOT_DER)

/* ---- valid vectors ---- */

static void check_blob(SPNEGO_TOKEN_HANDLE h, int element, const struct lim_blob *want,
                       const char *ctx)
{
    const unsigned char *p = NULL;
    unsigned long len = 0;
    char hex[65];
    int rc;

    if (element == SPNEGO_ELEMENT_MECH_TOKEN) {
        rc = spnegoGetMechTokenPtr(h, &p, &len);
    } else {
        rc = spnegoGetMechListMICPtr(h, &p, &len);
    }
    if (!want->present) {
        CHECK(rc == SPNEGO_E_ELEMENT_UNAVAILABLE, ctx);
        return;
    }
    CHECK(rc == SPNEGO_E_SUCCESS, ctx);
    if (rc != SPNEGO_E_SUCCESS) {
        return;
    }
    CHECK(len == want->len, ctx);
    sha256_hex(p, (size_t)len, hex);
    CHECK(strcmp(hex, want->sha256) == 0, ctx);
}

/* Rebuilds a parsed token from its fields. der_req: emit minimal DER
 * reqFlags. Returns the builder's status. */
static int rebuild(SPNEGO_TOKEN_HANDLE h, int kind, int der_req, SPNEGO_TOKEN_HANDLE *out)
{
    SPNEGO_OID mechs[VEC_MAX_MECHS];
    unsigned long num_mechs = 0;
    unsigned long i;
    unsigned char flags = 0;
    const unsigned char *tok = NULL;
    unsigned long tok_len = 0;
    const unsigned char *mic = NULL;
    unsigned long mic_len = 0;

    *out = NULL;
    if (spnegoGetMechTokenPtr(h, &tok, &tok_len) != SPNEGO_E_SUCCESS) {
        tok = NULL;
        tok_len = 0;
    }
    if (spnegoGetMechListMICPtr(h, &mic, &mic_len) != SPNEGO_E_SUCCESS) {
        mic = NULL;
        mic_len = 0;
    }
    if (kind == VEC_RESP) {
        SPNEGO_NEGRESULT state = spnego_negresult_NotUsed;
        SPNEGO_OID supported;
        const SPNEGO_OID *psupported = NULL;
        if (spnegoGetNegotiationResult(h, &state) != SPNEGO_E_SUCCESS) {
            state = spnego_negresult_NotUsed;
        }
        if (spnegoGetSupportedMechOID(h, &supported) == SPNEGO_E_SUCCESS) {
            psupported = &supported;
        }
        return spnegoCreateNegTokenTargEx(psupported, state, tok, tok_len, mic, mic_len, out);
    }
    if (spnegoGetMechTypeCount(h, &num_mechs) != SPNEGO_E_SUCCESS ||
        num_mechs > VEC_MAX_MECHS) {
        return SPNEGO_E_NOT_IMPLEMENTED;
    }
    for (i = 0; i < num_mechs; i++) {
        if (spnegoGetMechTypeOIDPtr(h, i, &mechs[i]) != SPNEGO_E_SUCCESS) {
            return SPNEGO_E_NOT_IMPLEMENTED;
        }
    }
    if (spnegoGetContextFlags(h, &flags) != SPNEGO_E_SUCCESS) {
        flags = 0;
    }
    if (kind == VEC_INIT2) {
        char name[256];
        unsigned long name_len = sizeof(name) - 1;
        unsigned char addr[256];
        unsigned long addr_len = sizeof(addr);
        const char *pname = NULL;
        const unsigned char *paddr = NULL;
        if (spnegoGetNegHintName(h, (unsigned char *)name, &name_len) == SPNEGO_E_SUCCESS) {
            name[name_len] = '\0';
            pname = name;
        }
        if (spnegoGetNegHintAddress(h, addr, &addr_len) == SPNEGO_E_SUCCESS) {
            paddr = addr;
        } else {
            addr_len = 0;
        }
        return spnegoCreateNegTokenInit2(
            mechs, num_mechs, flags, tok, tok_len, pname, paddr, addr_len, mic, mic_len,
            SPNEGO_BUILD_NO_HINT_SENTINEL | (der_req ? SPNEGO_BUILD_DER_REQFLAGS : 0UL), out);
    }
    return spnegoCreateNegTokenInitEx(mechs, num_mechs, flags, tok, tok_len, mic, mic_len,
                                      der_req ? SPNEGO_BUILD_DER_REQFLAGS : 0UL, out);
}

static void check_vector(const char *dir, const struct lim_vec *v)
{
    const char *ctx = v->file;
    unsigned char *data;
    unsigned char *exact;
    size_t len = 0;
    size_t token_len;
    size_t cut;
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_TOKEN_HANDLE h2 = NULL;
    unsigned long warnings = 0;
    unsigned long count = 0;
    unsigned long i;
    const unsigned char *p = NULL;
    unsigned long plen = 0;
    int type = -1;
    int init2 = -1;
    char hex[65];
    int canonical_form;
    int rc;

    data = read_file(dir, v->file, &len);
    CHECK(data != NULL, ctx);
    if (data == NULL) {
        return;
    }
    exact = dup_exact(data, len);
    free(data);
    CHECK(len == v->size, ctx);
    sha256_hex(exact, len, hex);
    CHECK(strcmp(hex, v->sha256) == 0, ctx);
    token_len = len - (size_t)v->trailing_bytes;

    rc = spnegoInitFromBinary(exact, (unsigned long)len, &h);
    CHECK(rc == SPNEGO_E_SUCCESS, ctx);
    if (rc != SPNEGO_E_SUCCESS) {
        free(exact);
        return;
    }
    CHECK(spnegoGetTokenType(h, &type) == SPNEGO_E_SUCCESS, ctx);
    CHECK(type == (v->kind == VEC_RESP ? SPNEGO_TOKEN_TARG : SPNEGO_TOKEN_INIT), ctx);
    CHECK(spnegoIsNegTokenInit2(h, &init2) == SPNEGO_E_SUCCESS, ctx);
    CHECK(init2 == (v->kind == VEC_INIT2), ctx);
    CHECK(spnegoGetParseWarnings(h, &warnings) == SPNEGO_E_SUCCESS, ctx);
    CHECK(v->trailing_bytes == 0 || (warnings & SPNEGO_WARN_TRAILING_BYTES) != 0, ctx);
    /* Canonical DER; an unframed NegTokenInit still warns UNFRAMED_INIT. */
    CHECK(!v->der_canonical || (warnings & ~(unsigned long)SPNEGO_WARN_UNFRAMED_INIT) == 0, ctx);
    canonical_form = v->der_canonical && v->framed == (v->kind != VEC_RESP);

    /* Whole token, without trailing bytes. */
    CHECK(spnegoTokenGetBinaryPtr(h, &p, &plen) == SPNEGO_E_SUCCESS, ctx);
    CHECK(plen == token_len && memcmp(p, exact, token_len) == 0, ctx);

    /* Mech list. */
    rc = spnegoGetMechTypeCount(h, &count);
    if (v->num_mechs == 0) {
        CHECK(rc == SPNEGO_E_ELEMENT_UNAVAILABLE, ctx);
    } else {
        unsigned char der[512];
        size_t der_len = hex_decode(v->mech_types_der, der, sizeof(der));
        CHECK(rc == SPNEGO_E_SUCCESS && count == v->num_mechs, ctx);
        for (i = 0; i < v->num_mechs && i < count; i++) {
            SPNEGO_OID oid;
            char dotted[128];
            unsigned long dotted_len = sizeof(dotted);
            CHECK(spnegoGetMechTypeOIDPtr(h, i, &oid) == SPNEGO_E_SUCCESS, ctx);
            CHECK(spnegoOidToString(&oid, dotted, &dotted_len) == SPNEGO_E_SUCCESS, ctx);
            CHECK(strcmp(dotted, v->mechs[i]) == 0, ctx);
        }
        CHECK(spnegoGetMechListBytesPtr(h, &p, &plen) == SPNEGO_E_SUCCESS, ctx);
        CHECK(der_len > 0 && plen == der_len && memcmp(p, der, der_len) == 0, ctx);
    }

    /* reqFlags. */
    {
        unsigned char flags = 0;
        rc = spnegoGetContextFlags(h, &flags);
        if (v->flags_octet < 0) {
            CHECK(rc == SPNEGO_E_ELEMENT_UNAVAILABLE, ctx);
        } else {
            CHECK(rc == SPNEGO_E_SUCCESS && flags == (unsigned char)v->flags_octet, ctx);
        }
    }

    /* Blobs. */
    check_blob(h, SPNEGO_ELEMENT_MECH_TOKEN,
               v->kind == VEC_RESP ? &v->response_token : &v->mech_token, ctx);
    check_blob(h, SPNEGO_ELEMENT_MECH_LIST_MIC, &v->mech_list_mic, ctx);

    /* Hints. */
    {
        unsigned char buf[256];
        unsigned long buf_len = sizeof(buf);
        rc = spnegoGetNegHintName(h, buf, &buf_len);
        if (v->hint_name == NULL) {
            CHECK(rc == SPNEGO_E_ELEMENT_UNAVAILABLE, ctx);
        } else {
            CHECK(rc == SPNEGO_E_SUCCESS && buf_len == strlen(v->hint_name) &&
                      memcmp(buf, v->hint_name, buf_len) == 0,
                  ctx);
        }
        buf_len = sizeof(buf);
        rc = spnegoGetNegHintAddress(h, buf, &buf_len);
        if (v->hint_address == NULL) {
            CHECK(rc == SPNEGO_E_ELEMENT_UNAVAILABLE, ctx);
        } else {
            unsigned char want[256];
            size_t want_len = hex_decode(v->hint_address, want, sizeof(want));
            CHECK(rc == SPNEGO_E_SUCCESS && buf_len == want_len &&
                      memcmp(buf, want, want_len) == 0,
                  ctx);
        }
    }

    /* negState and supportedMech. */
    {
        SPNEGO_NEGRESULT state = spnego_negresult_NotUsed;
        SPNEGO_OID oid;
        rc = spnegoGetNegotiationResult(h, &state);
        if (v->neg_state < 0) {
            CHECK(rc == SPNEGO_E_ELEMENT_UNAVAILABLE, ctx);
        } else {
            CHECK(rc == SPNEGO_E_SUCCESS && (int)state == v->neg_state, ctx);
        }
        rc = spnegoGetSupportedMechOID(h, &oid);
        if (v->supported_mech == NULL) {
            CHECK(rc == SPNEGO_E_ELEMENT_UNAVAILABLE, ctx);
        } else {
            char dotted[128];
            unsigned long dotted_len = sizeof(dotted);
            CHECK(rc == SPNEGO_E_SUCCESS, ctx);
            CHECK(rc == SPNEGO_E_SUCCESS &&
                      spnegoOidToString(&oid, dotted, &dotted_len) == SPNEGO_E_SUCCESS &&
                      strcmp(dotted, v->supported_mech) == 0,
                  ctx);
        }
    }

    /* Rebuild: byte-identical for canonical tokens; always re-parses. */
    rc = rebuild(h, v->kind, (warnings & SPNEGO_WARN_REQFLAGS_NOT_DER) == 0, &h2);
    if (v->num_mechs == 0 && v->kind != VEC_RESP) {
        CHECK(rc == SPNEGO_E_NOT_IMPLEMENTED, ctx); /* nothing to offer */
    } else {
        CHECK(rc == SPNEGO_E_SUCCESS, ctx);
    }
    if (rc == SPNEGO_E_SUCCESS) {
        unsigned long w2 = 0;
        CHECK(spnegoTokenGetBinaryPtr(h2, &p, &plen) == SPNEGO_E_SUCCESS, ctx);
        if (canonical_form) {
            CHECK(plen == token_len && memcmp(p, exact, token_len) == 0, ctx);
        } else if (v->der_canonical && !v->framed) {
            /* The builder frames it: the [0] TLV is the whole input. */
            CHECK(plen > token_len && memcmp(p + (plen - token_len), exact, token_len) == 0,
                  ctx);
        }
        CHECK(spnegoValidateToken(p, plen, 0, &w2, NULL) == SPNEGO_E_SUCCESS, ctx);
        CHECK((w2 & ~(unsigned long)SPNEGO_WARN_REQFLAGS_NOT_DER) == 0, ctx);
        spnegoFreeData(h2);
    }

    /* Zero-copy handle: pointers into the caller's buffer. */
    spnegoFreeData(h);
    h = NULL;
    rc = spnegoInitFromBinaryEx(exact, (unsigned long)len, SPNEGO_PARSE_NOCOPY, &h);
    CHECK(rc == SPNEGO_E_SUCCESS, ctx);
    if (rc == SPNEGO_E_SUCCESS) {
        CHECK(spnegoTokenGetBinaryPtr(h, &p, &plen) == SPNEGO_E_SUCCESS && p == exact, ctx);
        spnegoFreeData(h);
        h = NULL;
    }

    /* STRICT accepts exactly the canonical vectors. */
    rc = spnegoValidateToken(exact, (unsigned long)len, SPNEGO_PARSE_STRICT, NULL, NULL);
    if (canonical_form) {
        CHECK(rc == SPNEGO_E_SUCCESS, ctx);
    }

    /* Every proper prefix of the token is refused, never over-read. */
    {
        unsigned long bad = 0;
        for (cut = 0; cut < token_len; cut++) {
            unsigned char *prefix = dup_exact(exact, cut);
            if (prefix == NULL ||
                spnegoValidateToken(prefix, (unsigned long)cut, 0, NULL, NULL) ==
                    SPNEGO_E_SUCCESS) {
                bad++;
            }
            free(prefix);
        }
        CHECK(bad == 0, ctx);
    }
    free(exact);
}

/* ---- malformed vectors ---- */

static void check_malformed(const char *dir, const struct lim_mal *m)
{
    char sub[1024];
    const char *ctx = m->file;
    unsigned char *data;
    unsigned char *exact;
    size_t len = 0;
    unsigned long warnings = 0;
    unsigned long err_off = 0;
    SPNEGO_TOKEN_HANDLE h = NULL;
    int rc;
    int rc_strict;

    if ((size_t)snprintf(sub, sizeof(sub), "%s/malformed", dir) >= sizeof(sub)) {
        CHECK(0, ctx);
        return;
    }
    data = read_file(sub, m->file, &len);
    CHECK(data != NULL, ctx);
    if (data == NULL) {
        return;
    }
    exact = dup_exact(data, len);
    free(data);
    CHECK(len == m->size, ctx);

    rc = spnegoValidateToken(exact, (unsigned long)len, 0, &warnings, &err_off);
    rc_strict = spnegoValidateToken(exact, (unsigned long)len, SPNEGO_PARSE_STRICT, NULL,
                                    NULL);
    CHECK(rc == SPNEGO_E_SUCCESS || err_off <= len, ctx);
    if (m->expect == MAL_ACCEPT_WITH_WARNING) {
        CHECK(rc == SPNEGO_E_SUCCESS && warnings != 0, ctx);
        CHECK(rc_strict != SPNEGO_E_SUCCESS, ctx);
    } else {
        CHECK(rc_strict != SPNEGO_E_SUCCESS, ctx);
        CHECK(rc != SPNEGO_E_SUCCESS ||
                  ((warnings & LIM_DER_ONLY_WARNINGS) != 0 &&
                   (warnings & ~(unsigned long)LIM_DER_ONLY_WARNINGS) == 0),
              ctx);
    }
    /* The handle API agrees with the validator. */
    {
        int rc_h = spnegoInitFromBinary(exact, (unsigned long)len, &h);
        CHECK(rc_h == rc, ctx);
        CHECK((rc_h == SPNEGO_E_SUCCESS) == (h != NULL), ctx);
        spnegoFreeData(h);
    }
    free(exact);
}

/* ---- lengths near the limits ---- */

/* A NegTokenResp header claiming `claimed` content bytes, in a short
 * buffer: the length is read byte by byte and compared with what
 * remains, on every width of size_t. */
static void check_huge_header(unsigned char tag, unsigned long claimed, const char *ctx)
{
    unsigned char buf[16];
    size_t n = 0;
    SPNEGO_TOKEN_HANDLE h = NULL;

    buf[n++] = tag;
    buf[n++] = 0x84;
    buf[n++] = (unsigned char)((claimed >> 24) & 0xFFu);
    buf[n++] = (unsigned char)((claimed >> 16) & 0xFFu);
    buf[n++] = (unsigned char)((claimed >> 8) & 0xFFu);
    buf[n++] = (unsigned char)(claimed & 0xFFu);
    buf[n++] = 0x30;
    buf[n++] = 0x03;
    buf[n++] = 0xA0;
    buf[n++] = 0x01;
    buf[n++] = 0x00;
    alloc_reset();
    CHECK(spnegoValidateToken(buf, (unsigned long)n, 0, NULL, NULL) ==
              SPNEGO_E_INVALID_LENGTH,
          ctx);
    CHECK(spnegoInitFromBinary(buf, (unsigned long)n, &h) == SPNEGO_E_INVALID_LENGTH, ctx);
    CHECK(h == NULL && g_alloc_calls == 0, ctx);
}

/* The same claim deep inside an otherwise valid token: the mechToken
 * [2] of a NegTokenResp claims `claimed` bytes. */
static void check_huge_inner(unsigned long claimed, const char *ctx)
{
    /* a1 L 30 L a2 84 xx xx xx xx 04 01 00 */
    unsigned char buf[] = {0xA1, 0x0B, 0x30, 0x09, 0xA2, 0x84, 0, 0, 0, 0, 0x04, 0x01, 0x00};
    unsigned long err_off = 0;

    buf[6] = (unsigned char)((claimed >> 24) & 0xFFu);
    buf[7] = (unsigned char)((claimed >> 16) & 0xFFu);
    buf[8] = (unsigned char)((claimed >> 8) & 0xFFu);
    buf[9] = (unsigned char)(claimed & 0xFFu);
    CHECK(spnegoValidateToken(buf, sizeof(buf), 0, NULL, &err_off) ==
              SPNEGO_E_INVALID_LENGTH,
          ctx);
    CHECK(err_off == 4, ctx);
}

/* Builders given a length no DER length field of 4 octets can carry:
 * refused with INVALID_LENGTH before allocating (the pointer is a small
 * buffer, so anything that read or allocated first would show). */
static void check_build_refuses(unsigned long huge, const char *ctx)
{
    static const unsigned char small[4] = {1, 2, 3, 4};
    static const unsigned char other[4] = {5, 6, 7, 8};
    SPNEGO_OID krb5;
    SPNEGO_TOKEN_HANDLE h = (SPNEGO_TOKEN_HANDLE)&krb5; /* must be reset to NULL */

    CHECK(spnegoMechOidGet(spnego_mech_oid_Kerberos_V5, &krb5) == SPNEGO_E_SUCCESS, ctx);
    alloc_reset();
    CHECK(spnegoCreateNegTokenInit(spnego_mech_oid_Kerberos_V5, 0, small, huge, NULL, 0, &h) ==
              SPNEGO_E_INVALID_LENGTH,
          ctx);
    CHECK(h == NULL, ctx);
    CHECK(spnegoCreateNegTokenInit(spnego_mech_oid_Kerberos_V5, 0, NULL, 0, small, huge, &h) ==
              SPNEGO_E_INVALID_LENGTH,
          ctx);
    CHECK(spnegoCreateNegTokenTarg(spnego_mech_oid_Kerberos_V5, spnego_negresult_incomplete,
                                   small, huge, NULL, 0, &h) == SPNEGO_E_INVALID_LENGTH,
          ctx);
    CHECK(spnegoCreateNegTokenTargEx(NULL, spnego_negresult_NotUsed, NULL, 0, small, huge,
                                     &h) == SPNEGO_E_INVALID_LENGTH,
          ctx);
    CHECK(spnegoCreateNegTokenInit2(&krb5, 1, 0, NULL, 0, NULL, small, huge, NULL, 0, 0, &h) ==
              SPNEGO_E_INVALID_LENGTH,
          ctx);
    /* mechToken and mechListMIC both huge and of equal length: the
     * "MIC equal to the mech token" comparison must not run before the
     * size check (ASan reports the memcmp range otherwise). */
    CHECK(spnegoCreateNegTokenInit(spnego_mech_oid_Kerberos_V5, 0, small, huge, other, huge,
                                   &h) == SPNEGO_E_INVALID_LENGTH,
          ctx);
    CHECK(h == NULL, ctx);
    CHECK(g_alloc_calls == 0 && g_alloc_max == 0, ctx);
}

/* The HTTP helpers near ULONG_MAX: every length is checked before a
 * byte is read, so a 4-byte buffer with a huge claimed length is safe;
 * lengths that still fit give BUFFER_TOO_SMALL with the exact size. */
static void check_http_limits(void)
{
    static const unsigned char small[4] = {1, 2, 3, 4};
    static const char text[] = "Negotiate oQcwBaADCgEC";
    const unsigned long max_groups = (ULONG_MAX - 1UL) / 4UL;
    unsigned long n;
    const char *tok = NULL;
    unsigned long tok_len = 0;

    n = 0;
    CHECK(spnegoBase64Encode(small, ULONG_MAX, NULL, &n) == SPNEGO_E_TOO_LARGE,
          "b64 encode ULONG_MAX");
    n = 0;
    CHECK(spnegoBase64Encode(small, max_groups * 3UL + 1UL, NULL, &n) == SPNEGO_E_TOO_LARGE,
          "b64 encode one past the largest");
    n = 0;
    CHECK(spnegoBase64Encode(small, max_groups * 3UL, NULL, &n) ==
                  SPNEGO_E_BUFFER_TOO_SMALL &&
              n == max_groups * 4UL + 1UL,
          "b64 encode largest");
    n = 0;
    CHECK(spnegoHttpFormatNegotiate(small, ULONG_MAX, NULL, &n) == SPNEGO_E_TOO_LARGE,
          "format ULONG_MAX");
    n = 0;
    CHECK(spnegoHttpFormatNegotiate(small, max_groups * 3UL, NULL, &n) == SPNEGO_E_TOO_LARGE,
          "format: base64 fits, header does not");
    n = 0;
    CHECK(spnegoHttpFormatNegotiate(small, (ULONG_MAX - 12UL) / 4UL * 3UL, NULL, &n) ==
                  SPNEGO_E_BUFFER_TOO_SMALL &&
              n == (ULONG_MAX - 12UL) / 4UL * 4UL + 11UL,
          "format largest");
    n = 0;
    CHECK(spnegoBase64Decode("oQcw", ULONG_MAX, NULL, &n) == SPNEGO_E_TOO_LARGE,
          "b64 decode ULONG_MAX");
    CHECK(spnegoBase64Decode("oQcw", SPNEGO_HTTP_MAX_VALUE_LEN + 1UL, NULL, &n) ==
              SPNEGO_E_TOO_LARGE,
          "b64 decode limit + 1");
    CHECK(spnegoHttpParseNegotiate(text, ULONG_MAX, &tok, &tok_len) == SPNEGO_E_TOO_LARGE,
          "parse header ULONG_MAX");
    n = 0;
    CHECK(spnegoHttpDecodeNegotiate(text, SPNEGO_HTTP_MAX_VALUE_LEN + 1UL, NULL, &n) ==
              SPNEGO_E_TOO_LARGE,
          "decode header limit + 1");
}

/* Builds, copies out and re-parses a token with a mechToken of n bytes
 * (pattern bytes), checking the outer length octets. */
static void check_round_trip(size_t n, const char *ctx)
{
    unsigned char *blob = (unsigned char *)malloc(n);
    unsigned char *copy = NULL;
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_TOKEN_HANDLE h2 = NULL;
    unsigned long len = 0;
    const unsigned char *p = NULL;
    unsigned long plen = 0;
    size_t i;
    int rc;

    CHECK(blob != NULL, ctx);
    if (blob == NULL) {
        return;
    }
    for (i = 0; i < n; i++) {
        blob[i] = (unsigned char)((i * 131u + (i >> 16)) & 0xFFu);
    }
    alloc_reset();
    rc = spnegoCreateNegTokenTarg(spnego_mech_oid_Kerberos_V5, spnego_negresult_incomplete, blob,
                                  (unsigned long)n, NULL, 0, &h);
    CHECK(rc == SPNEGO_E_SUCCESS, ctx);
    CHECK(g_alloc_calls == 1, ctx);
    if (rc != SPNEGO_E_SUCCESS) {
        free(blob);
        return;
    }
    CHECK(spnegoTokenGetBinary(h, NULL, &len) == SPNEGO_E_BUFFER_TOO_SMALL, ctx);
    copy = (unsigned char *)malloc((size_t)len);
    CHECK(copy != NULL, ctx);
    if (copy != NULL) {
        size_t content = (size_t)len;
        size_t octets;
        CHECK(spnegoTokenGetBinary(h, copy, &len) == SPNEGO_E_SUCCESS, ctx);
        /* a1 L: the outer length octets, big-endian, minimal. */
        CHECK(copy[0] == 0xA1, ctx);
        if (copy[1] < 0x80) {
            octets = 0;
            content -= 2;
            CHECK(copy[1] == content, ctx);
        } else {
            size_t got = 0;
            octets = copy[1] & 0x7Fu;
            content -= 2 + octets;
            for (i = 0; i < octets; i++) {
                got = (got << 8) | copy[2 + i];
            }
            CHECK(got == content && copy[2] != 0 && got >= 0x80, ctx);
        }
        rc = spnegoInitFromBinaryEx(copy, len, SPNEGO_PARSE_STRICT, &h2);
        CHECK(rc == SPNEGO_E_SUCCESS, ctx);
        if (rc == SPNEGO_E_SUCCESS) {
            CHECK(spnegoGetMechTokenPtr(h2, &p, &plen) == SPNEGO_E_SUCCESS, ctx);
            CHECK(plen == n && memcmp(p, blob, n) == 0, ctx);
            spnegoFreeData(h2);
        }
        /* Truncated by one byte: refused. */
        CHECK(spnegoValidateToken(copy, len - 1, 0, NULL, NULL) == SPNEGO_E_INVALID_LENGTH,
              ctx);
        free(copy);
    }
    spnegoFreeData(h);
    free(blob);
}

/* spnegoOidToString on an OID whose dotted text does not fit: 0x40000001
 * octets 7f read "2.47" then 2^30 times ".127", 2^32 + 4 characters. With a
 * 32-bit size_t the count used to wrap (the size query said 5 bytes and the
 * write pass ran about 4 GiB past them: SIGSEGV on i686); with a 32-bit
 * unsigned long (LLP64) the text cannot be described to the caller. Both
 * are TOO_LARGE, before a byte is written. Where both types are 64 bits
 * nothing overflows, so the 1 GiB input is only built where it matters. */
static void check_oid_text_limit(void)
{
#if SIZE_MAX <= 0xFFFFFFFFu || ULONG_MAX <= 0xFFFFFFFFUL
    const size_t len = (size_t)0x40000001UL;
    unsigned char *big = (unsigned char *)malloc(len);
    char out[8];
    unsigned long out_len = 0;
    SPNEGO_OID oid;

    if (big == NULL) {
        /* qemu-mips gives a 32-bit guest under 1 GiB of heap; the i386 and
         * Windows x64 stages must run it. */
#if defined(__i386__) || defined(_WIN32)
        CHECK(big != NULL, "1 GiB OID: malloc");
#else
        printf("note: 1 GiB OID: no 1 GiB block here, skipped (i386 and win64 run it)\n");
#endif
        return;
    }
    memset(big, 0x7F, len);
    oid.pbOid = big;
    oid.ulOidLen = (unsigned long)len;
    CHECK(spnegoOidToString(&oid, NULL, &out_len) == SPNEGO_E_TOO_LARGE,
          "1 GiB OID: size query");
    CHECK(out_len == 0, "1 GiB OID: no size reported");
    memset(out, 'x', sizeof(out));
    out_len = sizeof(out);
    CHECK(spnegoOidToString(&oid, out, &out_len) == SPNEGO_E_TOO_LARGE &&
              out_len == sizeof(out) && out[0] == 'x',
          "1 GiB OID: nothing written");
    free(big);
    printf("note: 32-bit size_t or unsigned long: 1 GiB OID text refused (TOO_LARGE)\n");
#else
    printf("note: 64-bit size_t and unsigned long: OID text length cannot overflow\n");
#endif
}

static void check_limits(void)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    /* 5 length octets: refused whatever their value. */
    static const unsigned char five[] = {0xA1, 0x85, 0x00, 0x00, 0x00, 0x00, 0x05,
                                         0x30, 0x03, 0xA0, 0x01, 0x00};

    check_huge_header(0xA1, 0x80000000UL, "resp header len 2^31");
    check_huge_header(0xA1, 0xFFFFFFFFUL, "resp header len 2^32-1");
    check_huge_header(0x60, 0x80000000UL, "framed header len 2^31");
    check_huge_header(0x60, 0xFFFFFFFFUL, "framed header len 2^32-1");
    check_huge_header(0xA0, 0x7FFFFFFFUL, "init header len 2^31-1");
    check_huge_inner(0x80000000UL, "mechToken len 2^31");
    check_huge_inner(0xFFFFFFFFUL, "mechToken len 2^32-1");
    check_huge_inner(0x00000004UL, "mechToken len one past");
    CHECK(spnegoValidateToken(five, sizeof(five), 0, NULL, NULL) == SPNEGO_E_INVALID_LENGTH,
          "5 length octets");
    CHECK(spnegoInitFromBinary(five, sizeof(five), &h) == SPNEGO_E_INVALID_LENGTH && h == NULL,
          "5 length octets");

    /* ulLength wider than size_t (LLP64 or similar): refused. On LP64 and
     * ILP32 the two types have the same width, so it cannot happen. */
#if ULONG_MAX > SIZE_MAX
    {
        static const unsigned char resp[] = {0xA1, 0x05, 0x30, 0x03, 0xA0, 0x01, 0x00};
        CHECK(spnegoValidateToken(resp, (unsigned long)SIZE_MAX + 1UL, 0, NULL, NULL) ==
                  SPNEGO_E_INVALID_LENGTH,
              "ulLength > SIZE_MAX");
        printf("note: unsigned long wider than size_t: ulLength > SIZE_MAX checked\n");
    }
#else
    printf("note: unsigned long (%u bits) fits size_t (%u bits): "
           "ulLength > SIZE_MAX cannot occur here\n",
           (unsigned)(sizeof(unsigned long) * CHAR_BIT), (unsigned)(sizeof(size_t) * CHAR_BIT));
#endif

    check_build_refuses(0xFFFFFFFFUL, "build len 2^32-1");
    check_build_refuses(0xFFFFFFF0UL, "build len 2^32-16");
#if ULONG_MAX > 0xFFFFFFFFUL
    check_build_refuses(0x100000000UL, "build len 2^32");
    check_build_refuses(ULONG_MAX, "build len ULONG_MAX");
    printf("note: 64-bit unsigned long: builder lengths 2^32 and ULONG_MAX checked\n");
#else
    printf("note: 32-bit unsigned long: builder lengths over 2^32-1 cannot be passed\n");
#endif

    check_http_limits();
    check_oid_text_limit();

    /* Each length-octet boundary, then 16 MiB (four length octets). */
    check_round_trip(1, "round trip 1");
    check_round_trip(0x6A, "round trip 0x6A");
    check_round_trip(0x80, "round trip 0x80");
    check_round_trip(0xFF, "round trip 0xFF");
    check_round_trip(0x100, "round trip 0x100");
    check_round_trip(0xFFFF, "round trip 0xFFFF");
    check_round_trip(0x10000, "round trip 0x10000");
    check_round_trip(0xFFFFF0, "round trip 0xFFFFF0");
    check_round_trip((size_t)16 * 1024 * 1024, "round trip 16 MiB");
}

/* ---- endianness probe, for the log ---- */

static const char *host_order(void)
{
    const uint32_t probe = 0x01020304u;
    unsigned char first;

    memcpy(&first, &probe, 1);
    return first == 0x01 ? "big-endian" : "little-endian";
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : SPNEGO_VECTORS_DIR;
    size_t i;

    printf("limits_main: %s, %u-bit size_t, %u-bit unsigned long, library %s\n", host_order(),
           (unsigned)(sizeof(size_t) * CHAR_BIT), (unsigned)(sizeof(unsigned long) * CHAR_BIT),
           spnegoGetVersion());
    {
        char hex[65];
        sha256_hex((const unsigned char *)"abc", 3, hex);
        CHECK(strcmp(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") ==
                  0,
              "sha256 self-test");
    }
    for (i = 0; i < COUNT(lim_vectors); i++) {
        check_vector(dir, &lim_vectors[i]);
    }
    for (i = 0; i < COUNT(lim_malformed); i++) {
        check_malformed(dir, &lim_malformed[i]);
    }
    check_limits();
    CHECK(g_alloc_live == 0, "no handle leaked");
    printf("limits_main: %lu vectors, %lu malformed cases, %lu checks, %lu failed\n",
           (unsigned long)COUNT(lim_vectors), (unsigned long)COUNT(lim_malformed), g_checks,
           g_failed);
    return g_failed == 0 ? 0 : 1;
}
