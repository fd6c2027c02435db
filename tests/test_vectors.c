/*
 * test_vectors.c - the public API against every real token in
 * tests/vectors (manifest.json, see tests/vectors/README.md).
 *
 * For each token: parse (copying and NOCOPY), check every manifest field
 * through the public getters, the exact warning mask, STRICT, rebuild from
 * the parsed fields (byte-identical for canonical tokens) and validate
 * every strict prefix. The table is generated: vectors_table.inc.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "spnego.h"
#include "spnego_test.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* The generated table                                                 */
/* ------------------------------------------------------------------ */

#define VEC_MAX_MECHS 8 /* gen_tables.py MAX_MECHS */
#define VEC_INIT 0
#define VEC_INIT2 1
#define VEC_RESP 2

struct vec_blob {
    int present;
    unsigned long len;
    const char *sha256; /* hex of the OCTET STRING contents */
};

struct vec_case {
    const char *file;
    unsigned long size;
    const char *sha256; /* of the whole file */
    int framed;
    int kind;
    unsigned long num_mechs;
    const char *mechs[VEC_MAX_MECHS];
    const char *mech_types_der;  /* hex, NULL when absent */
    const char *req_flags_der;   /* hex of the BIT STRING TLV, or NULL */
    int flags_octet;             /* -1 when absent */
    struct vec_blob mech_token;
    struct vec_blob response_token;
    struct vec_blob mech_list_mic;
    const char *hint_name;       /* bytes, NULL when absent */
    const char *hint_address;    /* hex, NULL when absent */
    int neg_state;               /* -1 when absent */
    const char *supported_mech;  /* dotted, NULL when absent */
    int der_canonical;
    unsigned long trailing_bytes;
};

static const struct vec_case vec_cases[] = {
#include "vectors/vectors_table.inc"
};

/*
 * Warnings that are not 0, worked out by hand from the bytes (the
 * manifest does not name warning bits): the two unframed gokrb5
 * NegTokenInits, pyspnego's 03 02 00 04 reqFlags (trailing zero bits with
 * unused-bits 0), and smbj's one trailing byte. strict_rc is the code that
 * include/spnego.h documents next to the bit.
 */
struct vec_warning {
    const char *file;
    unsigned long warnings;
    int strict_rc;
    unsigned long strict_off; /* error offset under STRICT */
};

static const struct vec_warning vec_warnings[] = {
    /* the outer a0 itself lacks its framing: offset 0 */
    {"gokrb5-negtokeninit-unframed-4mech.der", SPNEGO_WARN_UNFRAMED_INIT,
     SPNEGO_E_INVALID_TOKEN, 0},
    {"gokrb5-negtokeninit-unframed-reqflags.der", SPNEGO_WARN_UNFRAMED_INIT,
     SPNEGO_E_INVALID_TOKEN, 0},
    /* 60 3d | 06 06 <6> | a0 33 | 30 31 | a0 19 <25> | a1 04 | @43: 03 02 00 04 */
    {"pyspnego-pack-negtokeninit-reqflags-mic.der", SPNEGO_WARN_REQFLAGS_NOT_DER,
     SPNEGO_E_NOT_DER, 43},
    /* 60 70 | same layout up to the BIT STRING at 43 */
    {"pyspnego-pack-negtokeninit2-hints-mic4.der", SPNEGO_WARN_REQFLAGS_NOT_DER,
     SPNEGO_E_NOT_DER, 43},
    /* the trailing 0x30 right after the 229-byte a1 81 e2 ... token */
    {"smbj-negtokentarg-ntlm-challenge-2008r2.der", SPNEGO_WARN_TRAILING_BYTES,
     SPNEGO_E_TRAILING_DATA, 229},
};

static const struct vec_warning *vec_warning_of(const struct vec_case *vc)
{
    size_t i;

    for (i = 0; i < ARRAY_LEN(vec_warnings); i++) {
        if (strcmp(vec_warnings[i].file, vc->file) == 0) {
            return &vec_warnings[i];
        }
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* A small SHA-256 (FIPS 180-4), for checking blob digests             */
/* ------------------------------------------------------------------ */

struct sha256_ctx {
    uint32_t h[8];
    unsigned char block[64];
    size_t block_len;
    uint64_t total_len;
};

static const uint32_t sha256_k[64] = {
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
    0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u,
};

static uint32_t sha256_rotr(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32u - n));
}

static void sha256_compress(struct sha256_ctx *ctx, const unsigned char *p)
{
    uint32_t w[64];
    uint32_t v[8];
    unsigned i;

    for (i = 0; i < 16; i++) {
        w[i] = ((uint32_t)p[4 * i] << 24) | ((uint32_t)p[4 * i + 1] << 16) |
               ((uint32_t)p[4 * i + 2] << 8) | (uint32_t)p[4 * i + 3];
    }
    for (i = 16; i < 64; i++) {
        uint32_t s0 = sha256_rotr(w[i - 15], 7) ^ sha256_rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = sha256_rotr(w[i - 2], 17) ^ sha256_rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    memcpy(v, ctx->h, sizeof(v));
    for (i = 0; i < 64; i++) {
        uint32_t e1 = sha256_rotr(v[4], 6) ^ sha256_rotr(v[4], 11) ^ sha256_rotr(v[4], 25);
        uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
        uint32_t t1 = v[7] + e1 + ch + sha256_k[i] + w[i];
        uint32_t e0 = sha256_rotr(v[0], 2) ^ sha256_rotr(v[0], 13) ^ sha256_rotr(v[0], 22);
        uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
        uint32_t t2 = e0 + maj;
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
        ctx->h[i] += v[i];
    }
}

static void sha256_init(struct sha256_ctx *ctx)
{
    static const uint32_t iv[8] = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
                                   0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};
    memcpy(ctx->h, iv, sizeof(iv));
    ctx->block_len = 0;
    ctx->total_len = 0;
}

static void sha256_update(struct sha256_ctx *ctx, const unsigned char *p, size_t len)
{
    ctx->total_len += len;
    while (len > 0) {
        size_t take = 64 - ctx->block_len;
        if (take > len) {
            take = len;
        }
        memcpy(ctx->block + ctx->block_len, p, take);
        ctx->block_len += take;
        p += take;
        len -= take;
        if (ctx->block_len == 64) {
            sha256_compress(ctx, ctx->block);
            ctx->block_len = 0;
        }
    }
}

/* Pads, compresses the last block(s) and writes the digest as 64
 * lowercase hex digits and a NUL. */
static void sha256_final(struct sha256_ctx *ctx, char out[65])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char pad[72];
    size_t pad_len;
    uint64_t bits = ctx->total_len * 8u;
    unsigned i;

    pad_len = (ctx->block_len < 56 ? 56 : 120) - ctx->block_len;
    memset(pad, 0, sizeof(pad));
    pad[0] = 0x80;
    for (i = 0; i < 8; i++) {
        pad[pad_len + i] = (unsigned char)(bits >> (56 - 8 * i));
    }
    sha256_update(ctx, pad, pad_len + 8);
    for (i = 0; i < 32; i++) {
        unsigned char byte = (unsigned char)(ctx->h[i / 4] >> (24 - 8 * (i % 4)));
        out[2 * i] = digits[byte >> 4];
        out[2 * i + 1] = digits[byte & 0x0Fu];
    }
    out[64] = '\0';
}

static void sha256_hex(const unsigned char *p, size_t len, char out[65])
{
    struct sha256_ctx ctx;

    sha256_init(&ctx);
    sha256_update(&ctx, p, len);
    sha256_final(&ctx, out);
}

/* FIPS 180-2 appendix B: "abc" (one block), the 448-bit message (padding
 * spills into a second block), one million 'a' fed in pieces; and "". */
static void test_sha256_self_check(void **state)
{
    static const char two_blocks[] =
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    unsigned char piece[1000];
    struct sha256_ctx ctx;
    char hex[65];
    unsigned i;

    (void)state;
    sha256_hex((const unsigned char *)"abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    sha256_hex((const unsigned char *)"", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sha256_hex((const unsigned char *)two_blocks, strlen(two_blocks), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    memset(piece, 'a', sizeof(piece));
    sha256_init(&ctx);
    for (i = 0; i < 1000; i++) {
        sha256_update(&ctx, piece, sizeof(piece));
    }
    sha256_final(&ctx, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* ------------------------------------------------------------------ */
/* Field checks                                                        */
/* ------------------------------------------------------------------ */

static const char *vec_named_oids[] = {
    "1.2.840.48018.1.2.2",    /* Kerberos_V5_Legacy 0 */
    "1.2.840.113554.1.2.2",   /* Kerberos_V5 1 */
    "1.3.6.1.5.5.2",          /* Spnego 2 */
    "1.3.6.1.4.1.311.2.2.10", /* NTLMSSP 3 */
    "1.3.6.1.4.1.311.2.2.30", /* NegoEx 4 */
    "1.3.6.1.5.2.5",          /* IAKERB 5 */
    "1.2.840.113554.1.2.2.3", /* Kerberos_V5_U2U 6 */
};

static SPNEGO_MECH_OID vec_mech_enum(const char *dotted)
{
    size_t i;

    for (i = 0; i < ARRAY_LEN(vec_named_oids); i++) {
        if (strcmp(vec_named_oids[i], dotted) == 0) {
            return (SPNEGO_MECH_OID)i;
        }
    }
    return spnego_mech_oid_Unknown;
}

static void vec_check_oid_text(const char *file, const SPNEGO_OID *oid,
                               const char *expect)
{
    char text[128];
    unsigned long text_len = sizeof(text);
    int rc = spnegoOidToString(oid, text, &text_len);

    if (rc != SPNEGO_E_SUCCESS) {
        fail_msg("%s: spnegoOidToString -> %d", file, rc);
    }
    if (strcmp(text, expect) != 0) {
        fail_msg("%s: OID %s, expected %s", file, text, expect);
    }
    assert_int_equal(text_len, strlen(expect) + 1);
}

/* A copy-out getter: BUFFER_TOO_SMALL with the size first, then exact. */
typedef int (*vec_getter)(SPNEGO_TOKEN_HANDLE, unsigned char *, unsigned long *);

static unsigned char *vec_get(SPNEGO_TOKEN_HANDLE h, vec_getter get,
                              unsigned long *out_len, int *out_rc)
{
    unsigned long need = 0;
    unsigned long len;
    unsigned char *buf;
    int rc = get(h, NULL, &need);

    *out_rc = rc;
    *out_len = 0;
    if (rc == SPNEGO_E_SUCCESS && need == 0) {
        return NULL; /* empty element */
    }
    if (rc != SPNEGO_E_BUFFER_TOO_SMALL) {
        return NULL;
    }
    buf = (unsigned char *)malloc(need);
    assert_non_null(buf);
    if (need > 1) {
        len = need - 1;
        assert_int_equal(get(h, buf, &len), SPNEGO_E_BUFFER_TOO_SMALL);
        assert_int_equal(len, need);
    }
    len = need;
    *out_rc = get(h, buf, &len);
    assert_int_equal(*out_rc, SPNEGO_E_SUCCESS);
    assert_int_equal(len, need);
    *out_len = len;
    return buf;
}

static void vec_check_blob(const char *file, const char *what, SPNEGO_TOKEN_HANDLE h,
                           vec_getter get, const struct vec_blob *expect)
{
    unsigned long len = 0;
    int rc = 0;
    unsigned char *buf = vec_get(h, get, &len, &rc);
    char hex[65];

    if (!expect->present) {
        if (rc != SPNEGO_E_ELEMENT_UNAVAILABLE) {
            fail_msg("%s: %s absent, getter gave %d", file, what, rc);
        }
        free(buf);
        return;
    }
    if (rc != SPNEGO_E_SUCCESS) {
        fail_msg("%s: %s getter gave %d", file, what, rc);
    }
    if (len != expect->len) {
        fail_msg("%s: %s len %lu, expected %lu", file, what, len, expect->len);
    }
    sha256_hex(buf != NULL ? buf : (const unsigned char *)"", (size_t)len, hex);
    if (strcmp(hex, expect->sha256) != 0) {
        fail_msg("%s: %s sha256 %s, expected %s", file, what, hex, expect->sha256);
    }
    free(buf);
}

static void vec_check_hex(const char *file, const char *what, const unsigned char *got,
                          unsigned long got_len, const char *expect_hex)
{
    size_t expect_len = 0;
    unsigned char *expect = spnego_test_hex(expect_hex, &expect_len);

    if (got_len != expect_len || memcmp(got, expect, expect_len) != 0) {
        fail_msg("%s: %s differs (len %lu, expected %lu)", file, what, got_len,
                 (unsigned long)expect_len);
    }
    free(expect);
}

/*
 * Every manifest field through the public getters. Used on parsed handles
 * and on rebuilt ones (whose token bytes may differ but not the fields).
 */
static void vec_check_fields(const struct vec_case *vc, SPNEGO_TOKEN_HANDLE h,
                             const char *req_flags_der)
{
    int type = -1;
    int init2 = -1;
    unsigned long count = 999;
    unsigned long i;
    unsigned char flags = 0xEE;
    SPNEGO_NEGRESULT result = spnego_negresult_NotUsed;
    SPNEGO_OID oid;
    SPNEGO_MECH_OID mech;
    unsigned long len = 0;
    unsigned char *buf;
    int rc = 0;

    assert_int_equal(spnegoGetTokenType(h, &type), SPNEGO_E_SUCCESS);
    assert_int_equal(type, vc->kind == VEC_RESP ? SPNEGO_TOKEN_TARG : SPNEGO_TOKEN_INIT);
    assert_int_equal(spnegoIsNegTokenInit2(h, &init2), SPNEGO_E_SUCCESS);
    if (init2 != (vc->kind == VEC_INIT2)) {
        fail_msg("%s: IsNegTokenInit2 %d", vc->file, init2);
    }

    /* mechTypes: count, each OID, the exact list bytes. */
    if (vc->num_mechs == 0) {
        assert_int_equal(spnegoGetMechTypeCount(h, &count), SPNEGO_E_ELEMENT_UNAVAILABLE);
        assert_int_equal(spnegoGetMechTypeOIDPtr(h, 0, &oid), SPNEGO_E_ELEMENT_UNAVAILABLE);
        assert_int_equal(spnegoIsMechTypeAvailable(h, spnego_mech_oid_Kerberos_V5, &type),
                         SPNEGO_E_ELEMENT_UNAVAILABLE);
    } else {
        assert_int_equal(spnegoGetMechTypeCount(h, &count), SPNEGO_E_SUCCESS);
        assert_int_equal(count, vc->num_mechs);
    }
    for (i = 0; i < vc->num_mechs; i++) {
        unsigned char oid_buf[64];
        unsigned long oid_len = sizeof(oid_buf);
        int index = -1;

        assert_int_equal(spnegoGetMechTypeOID(h, i, oid_buf, &oid_len), SPNEGO_E_SUCCESS);
        oid.pbOid = oid_buf;
        oid.ulOidLen = oid_len;
        vec_check_oid_text(vc->file, &oid, vc->mechs[i]);
        assert_int_equal(spnegoMechOidLookup(&oid), vec_mech_enum(vc->mechs[i]));
        mech = vec_mech_enum(vc->mechs[i]);
        if (mech != spnego_mech_oid_Unknown) {
            unsigned long k;
            unsigned long first = i;
            /* The index of the first occurrence. */
            for (k = 0; k < i; k++) {
                if (strcmp(vc->mechs[k], vc->mechs[i]) == 0) {
                    first = k;
                    break;
                }
            }
            assert_int_equal(spnegoIsMechTypeAvailable(h, mech, &index), SPNEGO_E_SUCCESS);
            assert_int_equal(index, first);
        }
    }
    if (vc->num_mechs > 0) {
        unsigned char oid_buf[64];
        unsigned long oid_len = sizeof(oid_buf);
        assert_int_equal(spnegoGetMechTypeOID(h, vc->num_mechs, oid_buf, &oid_len),
                         SPNEGO_E_NOT_FOUND);
    }
    buf = vec_get(h, spnegoGetMechListBytes, &len, &rc);
    if (vc->mech_types_der == NULL) {
        assert_int_equal(rc, SPNEGO_E_ELEMENT_UNAVAILABLE);
    } else {
        assert_int_equal(rc, SPNEGO_E_SUCCESS);
        vec_check_hex(vc->file, "mech_types_der", buf, len, vc->mech_types_der);
    }
    free(buf);

    /* reqFlags: the octet, and the BIT STRING bytes inside the [1]. */
    if (vc->flags_octet < 0) {
        assert_int_equal(spnegoGetContextFlags(h, &flags), SPNEGO_E_ELEMENT_UNAVAILABLE);
    } else {
        const unsigned char *token = NULL;
        unsigned long token_len = 0;
        unsigned long off = 0;
        unsigned long span = 0;

        assert_int_equal(spnegoGetContextFlags(h, &flags), SPNEGO_E_SUCCESS);
        assert_int_equal(flags, vc->flags_octet);
        assert_int_equal(spnegoTokenGetBinaryPtr(h, &token, &token_len), SPNEGO_E_SUCCESS);
        assert_int_equal(spnegoGetElementSpan(h, SPNEGO_ELEMENT_REQ_FLAGS, &off, &span),
                         SPNEGO_E_SUCCESS);
        assert_true(span >= 2 && off + span <= token_len);
        assert_int_equal(token[off], 0xa1);
        assert_int_equal(token[off + 1], span - 2);
        vec_check_hex(vc->file, "reqFlags", token + off + 2, span - 2, req_flags_der);
    }

    vec_check_blob(vc->file, "mechToken", h, spnegoGetMechToken,
                   vc->kind == VEC_RESP ? &vc->response_token : &vc->mech_token);
    vec_check_blob(vc->file, "mechListMIC", h, spnegoGetMechListMIC, &vc->mech_list_mic);

    /* negHints */
    buf = vec_get(h, spnegoGetNegHintName, &len, &rc);
    if (vc->hint_name == NULL) {
        assert_int_equal(rc, SPNEGO_E_ELEMENT_UNAVAILABLE);
    } else {
        assert_int_equal(rc, SPNEGO_E_SUCCESS);
        assert_int_equal(len, strlen(vc->hint_name));
        assert_memory_equal(buf, vc->hint_name, len);
    }
    free(buf);
    buf = vec_get(h, spnegoGetNegHintAddress, &len, &rc);
    if (vc->hint_address == NULL) {
        assert_int_equal(rc, SPNEGO_E_ELEMENT_UNAVAILABLE);
    } else {
        assert_int_equal(rc, SPNEGO_E_SUCCESS);
        vec_check_hex(vc->file, "hint_address", buf, len, vc->hint_address);
    }
    free(buf);

    /* negState and supportedMech. */
    if (vc->neg_state < 0) {
        assert_int_equal(spnegoGetNegotiationResult(h, &result), SPNEGO_E_ELEMENT_UNAVAILABLE);
    } else {
        assert_int_equal(spnegoGetNegotiationResult(h, &result), SPNEGO_E_SUCCESS);
        assert_int_equal(result, vc->neg_state);
    }
    if (vc->supported_mech == NULL) {
        assert_int_equal(spnegoGetSupportedMechOID(h, &oid), SPNEGO_E_ELEMENT_UNAVAILABLE);
        assert_int_equal(spnegoGetSupportedMechType(h, &mech), SPNEGO_E_ELEMENT_UNAVAILABLE);
    } else {
        assert_int_equal(spnegoGetSupportedMechOID(h, &oid), SPNEGO_E_SUCCESS);
        vec_check_oid_text(vc->file, &oid, vc->supported_mech);
        assert_int_equal(spnegoGetSupportedMechType(h, &mech), SPNEGO_E_SUCCESS);
        assert_int_equal(mech, vec_mech_enum(vc->supported_mech));
    }
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */
/* ------------------------------------------------------------------ */

static void test_manifest_sanity(void **state)
{
    size_t i;
    size_t num_warned = 0;

    (void)state;
    assert_int_equal(ARRAY_LEN(vec_cases), 35);
    for (i = 0; i < ARRAY_LEN(vec_cases); i++) {
        const struct vec_case *vc = &vec_cases[i];
        size_t len = 0;
        unsigned char *data = spnego_test_read_vector(vc->file, &len);
        char hex[65];

        assert_int_equal(len, vc->size);
        sha256_hex(data, len, hex);
        if (strcmp(hex, vc->sha256) != 0) {
            fail_msg("%s: file sha256 %s, manifest %s", vc->file, hex, vc->sha256);
        }
        if (vec_warning_of(vc) != NULL) {
            num_warned++;
        } else if (!vc->der_canonical) {
            fail_msg("%s: not canonical but no warning row", vc->file);
        }
        free(data);
    }
    assert_int_equal(num_warned, ARRAY_LEN(vec_warnings));
}

static void vec_parse_one(const struct vec_case *vc, unsigned long flags)
{
    size_t len = 0;
    unsigned char *data = spnego_test_read_vector(vc->file, &len);
    const struct vec_warning *warn = vec_warning_of(vc);
    unsigned long expect_warn = warn != NULL ? warn->warnings : 0;
    unsigned long token_len = vc->size - vc->trailing_bytes;
    SPNEGO_TOKEN_HANDLE h = NULL;
    unsigned long warnings = 0xFFFF;
    const unsigned char *ptr = NULL;
    unsigned long ptr_len = 0;
    unsigned long got_len = 0;
    unsigned char *got;
    int rc;

    spnego_test_alloc_reset(-1);
    if (flags == 0) {
        rc = spnegoInitFromBinary(data, (unsigned long)len, &h);
    } else {
        rc = spnegoInitFromBinaryEx(data, (unsigned long)len, flags, &h);
    }
    if (rc != SPNEGO_E_SUCCESS) {
        fail_msg("%s (flags %lu): parse -> %d", vc->file, flags, rc);
    }
    assert_non_null(h);
    assert_int_equal(spnego_test_alloc_calls(), 1);
    assert_int_equal(spnegoGetParseWarnings(h, &warnings), SPNEGO_E_SUCCESS);
    if (warnings != expect_warn) {
        fail_msg("%s: warnings 0x%lx, expected 0x%lx", vc->file, warnings, expect_warn);
    }
    vec_check_fields(vc, h, vc->req_flags_der);

    /* The token bytes, without trailing bytes. */
    got = vec_get(h, spnegoTokenGetBinary, &got_len, &rc);
    assert_int_equal(rc, SPNEGO_E_SUCCESS);
    assert_int_equal(got_len, token_len);
    assert_memory_equal(got, data, token_len);
    free(got);
    assert_int_equal(spnegoTokenGetBinaryPtr(h, &ptr, &ptr_len), SPNEGO_E_SUCCESS);
    assert_int_equal(ptr_len, token_len);
    if (flags & SPNEGO_PARSE_NOCOPY) {
        assert_ptr_equal(ptr, data); /* references the caller's buffer */
    } else {
        assert_true(ptr != data);
        assert_memory_equal(ptr, data, token_len);
    }
    if (vc->mech_token.present || vc->response_token.present) {
        assert_int_equal(spnegoGetMechTokenPtr(h, &ptr, &ptr_len), SPNEGO_E_SUCCESS);
        if (flags & SPNEGO_PARSE_NOCOPY) {
            assert_true(ptr >= data && ptr + ptr_len <= data + token_len);
        } else {
            assert_true((uintptr_t)ptr < (uintptr_t)data ||
                        (uintptr_t)ptr >= (uintptr_t)data + len);
        }
    }
    spnegoFreeData(h);
    assert_int_equal(spnego_test_alloc_live(), 0);
    free(data);
}

static void test_parse_copy(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < ARRAY_LEN(vec_cases); i++) {
        vec_parse_one(&vec_cases[i], 0);
    }
}

static void test_parse_nocopy(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < ARRAY_LEN(vec_cases); i++) {
        vec_parse_one(&vec_cases[i], SPNEGO_PARSE_NOCOPY);
    }
}

/* spnegoValidateToken agrees with the parse, in both modes. */
static void test_validate_and_strict(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < ARRAY_LEN(vec_cases); i++) {
        const struct vec_case *vc = &vec_cases[i];
        const struct vec_warning *warn = vec_warning_of(vc);
        size_t len = 0;
        unsigned char *data = spnego_test_read_vector(vc->file, &len);
        unsigned long warnings = 0xFFFF;
        unsigned long off = 0xFFFF;
        SPNEGO_TOKEN_HANDLE h = NULL;
        int rc;

        rc = spnegoValidateToken(data, (unsigned long)len, 0, &warnings, &off);
        assert_int_equal(rc, SPNEGO_E_SUCCESS);
        assert_int_equal(warnings, warn != NULL ? warn->warnings : 0);
        assert_int_equal(off, 0);

        spnego_test_alloc_reset(-1);
        warnings = 0xFFFF;
        rc = spnegoValidateToken(data, (unsigned long)len, SPNEGO_PARSE_STRICT,
                                 &warnings, &off);
        if (warn == NULL) {
            /* Canonical framed NegTokenInit(2) or bare NegTokenResp. */
            assert_true(vc->der_canonical);
            assert_true(vc->framed || vc->kind == VEC_RESP);
            if (rc != SPNEGO_E_SUCCESS) {
                fail_msg("%s: STRICT -> %d at %lu", vc->file, rc, off);
            }
            assert_int_equal(warnings, 0);
            assert_int_equal(spnegoInitFromBinaryEx(data, (unsigned long)len,
                                                    SPNEGO_PARSE_STRICT | SPNEGO_PARSE_NOCOPY,
                                                    &h),
                             SPNEGO_E_SUCCESS);
            assert_int_equal(spnegoGetParseWarnings(h, &warnings), SPNEGO_E_SUCCESS);
            assert_int_equal(warnings, 0);
            vec_check_fields(vc, h, vc->req_flags_der);
            spnegoFreeData(h);
        } else {
            if (rc != warn->strict_rc || off != warn->strict_off) {
                fail_msg("%s: STRICT -> %d at %lu, expected %d at %lu", vc->file, rc, off,
                         warn->strict_rc, warn->strict_off);
            }
            h = (SPNEGO_TOKEN_HANDLE)data; /* must be reset to NULL */
            assert_int_equal(spnegoInitFromBinaryEx(data, (unsigned long)len,
                                                    SPNEGO_PARSE_STRICT, &h),
                             warn->strict_rc);
            assert_null(h);
        }
        assert_int_equal(spnego_test_alloc_live(), 0);
        free(data);
    }
}

/* The inputs of a rebuild, read back through the public getters. */
struct vec_parsed {
    SPNEGO_OID mechs[VEC_MAX_MECHS];
    unsigned long num_mechs;
    unsigned char flags;
    const unsigned char *token;
    unsigned long token_len;
    const unsigned char *mic;
    unsigned long mic_len;
    char *hint_name;
    unsigned char *hint_addr;
    unsigned long hint_addr_len;
    SPNEGO_OID supported;
    int has_supported;
    SPNEGO_NEGRESULT neg_state;
};

static void vec_read_parsed(SPNEGO_TOKEN_HANDLE h, struct vec_parsed *out)
{
    unsigned long i;
    unsigned long len = 0;
    int rc;

    memset(out, 0, sizeof(*out));
    if (spnegoGetMechTypeCount(h, &out->num_mechs) != SPNEGO_E_SUCCESS) {
        out->num_mechs = 0;
    }
    assert_true(out->num_mechs <= VEC_MAX_MECHS);
    for (i = 0; i < out->num_mechs; i++) {
        assert_int_equal(spnegoGetMechTypeOIDPtr(h, i, &out->mechs[i]), SPNEGO_E_SUCCESS);
    }
    if (spnegoGetContextFlags(h, &out->flags) != SPNEGO_E_SUCCESS) {
        out->flags = 0;
    }
    if (spnegoGetMechTokenPtr(h, &out->token, &out->token_len) != SPNEGO_E_SUCCESS) {
        out->token = NULL;
        out->token_len = 0;
    }
    if (spnegoGetMechListMICPtr(h, &out->mic, &out->mic_len) != SPNEGO_E_SUCCESS) {
        out->mic = NULL;
        out->mic_len = 0;
    }
    rc = spnegoGetNegHintName(h, NULL, &len);
    if (rc == SPNEGO_E_BUFFER_TOO_SMALL) {
        out->hint_name = (char *)calloc(1, len + 1);
        assert_non_null(out->hint_name);
        assert_int_equal(spnegoGetNegHintName(h, (unsigned char *)out->hint_name, &len),
                         SPNEGO_E_SUCCESS);
    } else if (rc == SPNEGO_E_SUCCESS) {
        /* An empty hintName: nothing to copy, but present. */
        assert_int_equal(len, 0);
        out->hint_name = (char *)calloc(1, 1);
        assert_non_null(out->hint_name);
    }
    rc = spnegoGetNegHintAddress(h, NULL, &out->hint_addr_len);
    if (rc == SPNEGO_E_BUFFER_TOO_SMALL) {
        out->hint_addr = (unsigned char *)malloc(out->hint_addr_len);
        assert_non_null(out->hint_addr);
        assert_int_equal(spnegoGetNegHintAddress(h, out->hint_addr, &out->hint_addr_len),
                         SPNEGO_E_SUCCESS);
    } else {
        out->hint_addr_len = 0;
    }
    out->has_supported = spnegoGetSupportedMechOID(h, &out->supported) == SPNEGO_E_SUCCESS;
    if (spnegoGetNegotiationResult(h, &out->neg_state) != SPNEGO_E_SUCCESS) {
        out->neg_state = spnego_negresult_NotUsed;
    }
}

/*
 * Parse -> build from the parsed fields. Byte-identical for every token
 * that is canonical apart from bytes after it (framed Init/Init2, bare
 * Resp); the others (unframed, pyspnego's reqFlags) rebuild to a token
 * that re-parses, without warnings, to the same fields.
 */
static void test_rebuild(void **state)
{
    size_t i;
    size_t num_identical = 0;

    (void)state;
    for (i = 0; i < ARRAY_LEN(vec_cases); i++) {
        const struct vec_case *vc = &vec_cases[i];
        const struct vec_warning *warn = vec_warning_of(vc);
        int identical = warn == NULL || warn->warnings == SPNEGO_WARN_TRAILING_BYTES;
        unsigned long token_len = vc->size - vc->trailing_bytes;
        size_t len = 0;
        unsigned char *data = spnego_test_read_vector(vc->file, &len);
        SPNEGO_TOKEN_HANDLE h = NULL;
        SPNEGO_TOKEN_HANDLE b = NULL;
        SPNEGO_TOKEN_HANDLE r = NULL;
        struct vec_parsed in;
        unsigned long build_flags = 0;
        const unsigned char *out = NULL;
        unsigned long out_len = 0;
        unsigned long warnings = 0xFFFF;
        char rebuilt_flags[16] = "";
        int rc;

        spnego_test_alloc_reset(-1);
        assert_int_equal(spnegoInitFromBinary(data, (unsigned long)len, &h), SPNEGO_E_SUCCESS);
        vec_read_parsed(h, &in);
        /* 03 02 01 xx is what the builder emits by default; any other
         * received form is rebuilt as minimal DER. */
        if (vc->req_flags_der != NULL && strncmp(vc->req_flags_der, "030201", 6) != 0) {
            build_flags |= SPNEGO_BUILD_DER_REQFLAGS;
        }
        if (vc->kind == VEC_INIT) {
            rc = spnegoCreateNegTokenInitEx(in.mechs, in.num_mechs, in.flags, in.token,
                                            in.token_len, in.mic, in.mic_len, build_flags,
                                            &b);
        } else if (vc->kind == VEC_INIT2) {
            if (in.hint_name == NULL) {
                build_flags |= SPNEGO_BUILD_NO_HINT_SENTINEL;
            }
            rc = spnegoCreateNegTokenInit2(in.mechs, in.num_mechs, in.flags, in.token,
                                           in.token_len, in.hint_name, in.hint_addr,
                                           in.hint_addr_len, in.mic, in.mic_len,
                                           build_flags, &b);
        } else {
            rc = spnegoCreateNegTokenTargEx(in.has_supported ? &in.supported : NULL,
                                            in.neg_state, in.token, in.token_len, in.mic,
                                            in.mic_len, &b);
        }
        if (rc != SPNEGO_E_SUCCESS) {
            fail_msg("%s: rebuild -> %d", vc->file, rc);
        }
        assert_int_equal(spnegoTokenGetBinaryPtr(b, &out, &out_len), SPNEGO_E_SUCCESS);
        if (identical) {
            if (out_len != token_len || memcmp(out, data, token_len) != 0) {
                fail_msg("%s: rebuilt %lu bytes differ from the %lu input bytes", vc->file,
                         out_len, token_len);
            }
            num_identical++;
        } else {
            assert_true(out_len != token_len || memcmp(out, data, token_len) != 0);
        }
        assert_int_equal(spnegoGetParseWarnings(b, &warnings), SPNEGO_E_SUCCESS);
        assert_int_equal(warnings, 0);
        if (vc->req_flags_der != NULL && (build_flags & SPNEGO_BUILD_DER_REQFLAGS) != 0) {
            /* Rebuilt reqFlags: the minimal DER form of the same octet
             * (pyspnego's 00 04 becomes 02 04). */
            unsigned unused = 0;
            while (unused < 7 && ((in.flags >> unused) & 1u) == 0) {
                unused++;
            }
            snprintf(rebuilt_flags, sizeof(rebuilt_flags), "030202%02x", in.flags);
            rebuilt_flags[5] = (char)('0' + unused);
        } else if (vc->req_flags_der != NULL) {
            snprintf(rebuilt_flags, sizeof(rebuilt_flags), "%s", vc->req_flags_der);
        }
        vec_check_fields(vc, b, rebuilt_flags);
        /* The built bytes parse cleanly, even under STRICT. */
        assert_int_equal(spnegoInitFromBinaryEx(out, out_len, SPNEGO_PARSE_STRICT, &r),
                         SPNEGO_E_SUCCESS);
        assert_int_equal(spnegoGetParseWarnings(r, &warnings), SPNEGO_E_SUCCESS);
        assert_int_equal(warnings, 0);
        vec_check_fields(vc, r, rebuilt_flags);
        spnegoFreeData(r);
        spnegoFreeData(b);
        spnegoFreeData(h);
        free(in.hint_name);
        free(in.hint_addr);
        assert_int_equal(spnego_test_alloc_live(), 0);
        free(data);
    }
    /* All but the two unframed and the two pyspnego-pack reqFlags ones. */
    assert_int_equal(num_identical, ARRAY_LEN(vec_cases) - 4);
}

/*
 * Every strict prefix of every token, in an exact-size heap block: never
 * complete, so always an error, and never an allocation. The one token
 * with a trailing byte is complete exactly at size - 1.
 */
static void test_every_prefix(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < ARRAY_LEN(vec_cases); i++) {
        const struct vec_case *vc = &vec_cases[i];
        size_t len = 0;
        unsigned char *data = spnego_test_read_vector(vc->file, &len);
        size_t complete = len - vc->trailing_bytes;
        size_t k;

        for (k = 0; k < len; k++) {
            unsigned char *prefix = spnego_test_dup(data, k);
            unsigned long flags;

            for (flags = 0; flags <= SPNEGO_PARSE_STRICT; flags += SPNEGO_PARSE_STRICT) {
                unsigned long warnings = 0xFFFF;
                unsigned long off = 0xFFFF;
                SPNEGO_TOKEN_HANDLE h = NULL;
                int rc = spnegoValidateToken(prefix, (unsigned long)k, flags, &warnings,
                                             &off);

                if (k == complete && vc->trailing_bytes > 0) {
                    assert_int_equal(rc, SPNEGO_E_SUCCESS);
                    assert_int_equal(warnings, 0);
                    continue;
                }
                if (rc != SPNEGO_E_INVALID_LENGTH && rc != SPNEGO_E_INVALID_TOKEN) {
                    fail_msg("%s: prefix %lu/%lu (flags %lu) -> %d (%s)", vc->file,
                             (unsigned long)k, (unsigned long)len, flags, rc,
                             spnegoErrorString(rc));
                }
                assert_true(off <= k);
                spnego_test_alloc_reset(-1);
                assert_int_equal(spnegoInitFromBinaryEx(prefix, (unsigned long)k,
                                                        flags | SPNEGO_PARSE_NOCOPY, &h),
                                 rc);
                assert_null(h);
                assert_int_equal(spnego_test_alloc_calls(), 0);
            }
            free(prefix);
        }
        free(data);
    }
}

/*
 * Hand-made canonical NegTokenInit2 edge cases (DESIGN.md section 5: a
 * parsed canonical token always rebuilds byte-identically). Each parses
 * under STRICT without a warning, so it must rebuild to the same bytes.
 */
static void vec_rebuild_init2_identical(const char *hex)
{
    size_t len = 0;
    unsigned char *data = spnego_test_hex(hex, &len);
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_TOKEN_HANDLE b = NULL;
    struct vec_parsed in;
    unsigned long warnings = 0xFFFF;
    unsigned long build_flags = 0;
    const unsigned char *out = NULL;
    unsigned long out_len = 0;
    unsigned long span_off = 0;
    unsigned long span_len = 0;
    int init2 = -1;
    int same;

    spnego_test_alloc_reset(-1);
    assert_int_equal(spnegoInitFromBinaryEx(data, (unsigned long)len, SPNEGO_PARSE_STRICT, &h),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoGetParseWarnings(h, &warnings), SPNEGO_E_SUCCESS);
    assert_int_equal(warnings, 0);
    assert_int_equal(spnegoIsNegTokenInit2(h, &init2), SPNEGO_E_SUCCESS);
    assert_int_equal(init2, 1);
    vec_read_parsed(h, &in);
    if (spnegoGetElementSpan(h, SPNEGO_ELEMENT_NEG_HINTS, &span_off, &span_len) ==
        SPNEGO_E_ELEMENT_UNAVAILABLE) {
        build_flags |= SPNEGO_BUILD_OMIT_NEG_HINTS;
    } else if (in.hint_name == NULL) {
        build_flags |= SPNEGO_BUILD_NO_HINT_SENTINEL;
    }
    assert_int_equal(spnegoCreateNegTokenInit2(in.mechs, in.num_mechs, in.flags, in.token,
                                               in.token_len, in.hint_name, in.hint_addr,
                                               in.hint_addr_len, in.mic, in.mic_len,
                                               build_flags, &b),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoTokenGetBinaryPtr(b, &out, &out_len), SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoIsNegTokenInit2(b, &init2), SPNEGO_E_SUCCESS);
    /* Compare, release everything, then report (no leak on failure). */
    same = init2 == 1 && out_len == len && memcmp(out, data, len) == 0;
    spnegoFreeData(b);
    spnegoFreeData(h);
    free(in.hint_name);
    free(in.hint_addr);
    free(data);
    assert_int_equal(spnego_test_alloc_live(), 0);
    if (!same) {
        fail_msg("rebuilt: %lu bytes, IsNegTokenInit2 %d; expected the %lu input bytes, 1",
                 out_len, init2, (unsigned long)len);
    }
}

/* negHints { hintName "" }: a3 06 30 04 a0 02 1b 00. */
static void test_rebuild_init2_empty_hint_name(void **state)
{
    (void)state;
    vec_rebuild_init2_identical("602306062b0601050502a0193017a00d300b06092a864886f712010202"
                                "a3063004a0021b00");
}

/*
 * Regression: negHints as an empty SEQUENCE (a3 02 30 00, both members
 * OPTIONAL) parses under STRICT as a NegTokenInit2, and the builder used
 * to drop it (29 bytes, not Init2) or add the sentinel name. Now
 * SPNEGO_BUILD_NO_HINT_SENTINEL with no hint emits the empty SEQUENCE.
 */
static void test_regress_rebuild_empty_neghints_sequence(void **state)
{
    (void)state;
    vec_rebuild_init2_identical("601f06062b0601050502a0153013a00d300b06092a864886f712010202"
                                "a3023000");
}

/* A NegTokenInit2 with a [4] mechListMIC and no negHints [3]
 * (MS-SPNG: negHints is OPTIONAL): SPNEGO_BUILD_OMIT_NEG_HINTS. */
static void test_rebuild_init2_mic_without_hints(void **state)
{
    (void)state;
    vec_rebuild_init2_identical("602306062b0601050502a0193017a00d300b06092a864886f712010202"
                                "a406040401020304");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_self_check),
        cmocka_unit_test(test_manifest_sanity),
        cmocka_unit_test(test_parse_copy),
        cmocka_unit_test(test_parse_nocopy),
        cmocka_unit_test(test_validate_and_strict),
        cmocka_unit_test(test_rebuild),
        cmocka_unit_test(test_every_prefix),
        cmocka_unit_test(test_rebuild_init2_empty_hint_name),
        cmocka_unit_test(test_regress_rebuild_empty_neghints_sequence),
        cmocka_unit_test(test_rebuild_init2_mic_without_hints),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
