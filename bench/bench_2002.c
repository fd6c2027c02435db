/*
 * bench_2002.c - spnego-bench-2002: the peer_* rows of spnego-bench run
 * with the 2002 Microsoft "SPNEGO Token Handler API" (derparse.c,
 * spnego.c, spnegoparse.c by Sanj Surati, as shipped in spnegohelp/ by
 * Squid and others), for the comparison of issue #15. Not part of the
 * library; it never links it (the function names clash).
 *
 * The 2002 sources are not in this tree. CMake builds this program only
 * when SPNEGO_BENCH_2002_DIR names a directory holding them; see
 * bench/README.md ("Rows shared with spnego-bench-2002") for where they
 * are published, the row definitions this program follows, and the
 * commands that put its Ir next to libspnego's.
 *
 *   spnego-bench-2002 --list                 row names, then what the
 *                                            2002 API does for each
 *   spnego-bench-2002 --callgrind --op NAME [--iters N]
 *                                            one warm-up call, then N calls
 *                                            inside bench_run_loop
 *   spnego-bench-2002 [--op NAME | --filter S] [--samples N] [--sample-ms M]
 *                                            median and minimum ns/op
 *   --vectors DIR                            tests/vectors elsewhere
 *
 * What the 2002 API cannot do like libspnego, and what it does instead:
 * - it has no mech type count and no OID getter: spnegoIsMechTypeAvailable
 *   answers "at which index is this known mechanism?" for the three OIDs
 *   it knows (MS-krb5, krb5, SPNEGO). The parse rows ask all three, each
 *   a walk of the list from its start, and check the indices.
 * - it has no by-pointer getters: spnegoGetMechToken copies the mech token
 *   (or responseToken) into the caller buffer, one call with a buffer
 *   large enough (Squid calls it twice, first to learn the size).
 * - spnegoGetSupportedMechType returns an enum, not the OID bytes.
 * - spnegoCreateNegTokenInit takes one mechanism: peer_build/init4-1536
 *   builds mechTypes [MS-krb5] (the first of the four) with the same
 *   1536-byte mech token, 1579 bytes instead of 1614.
 * - there is no no-copy parse in the public API: no peer_nocopy row.
 * Every operation checks status codes, indices and lengths on every
 * iteration; at start-up each build's output is compared byte for byte
 * with the expected token. This program is a tool, never a test.
 */
#define _POSIX_C_SOURCE 200112L

#include "bench_2002.h"
#include "bench_file.h"

#include "spnego.h" /* the 2002 header, from SPNEGO_BENCH_2002_DIR */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef SPNEGO_BENCH_VECTOR_DIR
#define SPNEGO_BENCH_VECTOR_DIR "tests/vectors"
#endif

#define B2002_MAX_SAMPLES 101
#define B2002_OUT_CAP 8192

/* OIDs as DER (tag, length, content). */
static const unsigned char der_spnego[] = {0x06, 0x06, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x02};
static const unsigned char der_ms_krb5[] = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x82,
                                            0xF7, 0x12, 0x01, 0x02, 0x02};
static const unsigned char der_krb5[] = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86,
                                         0xF7, 0x12, 0x01, 0x02, 0x02};
static const unsigned char der_negoex[] = {0x06, 0x0A, 0x2B, 0x06, 0x01, 0x04, 0x01,
                                           0x82, 0x37, 0x02, 0x02, 0x1E};
static const unsigned char der_ntlm[] = {0x06, 0x0A, 0x2B, 0x06, 0x01, 0x04, 0x01,
                                         0x82, 0x37, 0x02, 0x02, 0x0A};

/* The first 24 bytes of peer_parse/init4-1536 (bench/README.md). */
static const unsigned char init4_prefix[24] = {
    0x60, 0x82, 0x06, 0x4a, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02,
    0xa0, 0x82, 0x06, 0x3e, 0x30, 0x82, 0x06, 0x3a, 0xa0, 0x30, 0x30, 0x2e};

volatile unsigned long bench_2002_sink;

/* ---- operations ---- */

/* spnegoIsMechTypeAvailable for one known mechanism: want is its index,
 * or -1 when the list must not hold it. For an absent mechanism the 2002
 * code returns the status of its last comparison, SPNEGO_E_UNEXPECTED_OID,
 * not the SPNEGO_E_NOT_FOUND it starts with (FindMechOIDInMechList). */
static int b2002_check_mech(SPNEGO_TOKEN_HANDLE h, SPNEGO_MECH_OID mech, int want)
{
    int idx = -1;
    int rc = spnegoIsMechTypeAvailable(h, mech, &idx);

    if (want < 0) {
        return rc == SPNEGO_E_UNEXPECTED_OID ? 0 : -1;
    }
    return rc == SPNEGO_E_SUCCESS && idx == want ? 0 : -1;
}

/* NegTokenInit: spnegoInitFromBinary (copies the token) + the index of
 * MS-krb5, krb5 and SPNEGO in mechTypes + spnegoGetMechToken into the
 * caller buffer + spnegoFreeData. */
static int b2002_op_parse_init(const struct bench_2002_case *c)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    unsigned long len = c->out_cap;
    int rc = spnegoInitFromBinary(c->token, c->token_len, &h);

    if (rc != SPNEGO_E_SUCCESS) {
        return -1;
    }
    if (b2002_check_mech(h, spnego_mech_oid_Kerberos_V5_Legacy, c->idx_ms_krb5) != 0 ||
        b2002_check_mech(h, spnego_mech_oid_Kerberos_V5, c->idx_krb5) != 0 ||
        b2002_check_mech(h, spnego_mech_oid_Spnego, -1) != 0 ||
        spnegoGetMechToken(h, c->out, &len) != SPNEGO_E_SUCCESS || len != c->mech_len) {
        rc = -1;
    }
    spnegoFreeData(h);
    bench_2002_sink = len;
    return rc;
}

/* NegTokenTarg: spnegoInitFromBinary + spnegoGetNegotiationResult +
 * spnegoGetSupportedMechType (an enum) + spnegoGetMechToken (the
 * responseToken, copied; absent: SPNEGO_E_ELEMENT_UNAVAILABLE) + free. */
static int b2002_op_parse_resp(const struct bench_2002_case *c)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_NEGRESULT result = spnego_negresult_NotUsed;
    SPNEGO_MECH_OID mech = spnego_mech_oid_NotUsed;
    unsigned long len = c->out_cap;
    int rc = spnegoInitFromBinary(c->token, c->token_len, &h);

    if (rc != SPNEGO_E_SUCCESS) {
        return -1;
    }
    if (spnegoGetNegotiationResult(h, &result) != SPNEGO_E_SUCCESS ||
        result != spnego_negresult_success ||
        spnegoGetSupportedMechType(h, &mech) != SPNEGO_E_SUCCESS ||
        mech != spnego_mech_oid_Kerberos_V5) {
        rc = -1;
    } else {
        rc = spnegoGetMechToken(h, c->out, &len);
        if (c->mech_len == 0) {
            rc = rc == SPNEGO_E_ELEMENT_UNAVAILABLE ? 0 : -1;
        } else {
            rc = rc == SPNEGO_E_SUCCESS && len == c->mech_len ? 0 : -1;
        }
    }
    spnegoFreeData(h);
    bench_2002_sink = len;
    return rc;
}

/* spnegoTokenGetBinary into the caller buffer, check, free. */
static int b2002_get_binary(SPNEGO_TOKEN_HANDLE h, const struct bench_2002_case *c)
{
    unsigned long len = c->out_cap;
    int rc = spnegoTokenGetBinary(h, c->out, &len);

    spnegoFreeData(h);
    return rc == SPNEGO_E_SUCCESS && len == c->out_len ? 0 : -1;
}

/* spnegoCreateNegTokenInit(MS-krb5, no reqFlags, mech token, no MIC) +
 * spnegoTokenGetBinary + spnegoFreeData. */
static int b2002_op_build_init(const struct bench_2002_case *c)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    int rc = spnegoCreateNegTokenInit(spnego_mech_oid_Kerberos_V5_Legacy, 0, c->payload,
                                      c->payload_len, NULL, 0, &h);

    if (rc != SPNEGO_E_SUCCESS) {
        return -1;
    }
    return b2002_get_binary(h, c);
}

/* spnegoCreateNegTokenTarg(krb5, accept-incomplete, responseToken, no MIC)
 * + spnegoTokenGetBinary + spnegoFreeData. */
static int b2002_op_build_resp(const struct bench_2002_case *c)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    int rc = spnegoCreateNegTokenTarg(spnego_mech_oid_Kerberos_V5, spnego_negresult_incomplete,
                                      c->payload, c->payload_len, NULL, 0, &h);

    if (rc != SPNEGO_E_SUCCESS) {
        return -1;
    }
    return b2002_get_binary(h, c);
}

/* ---- inputs ---- */

/* The shared payload: xorshift32 from 0x2545F491, one byte per step. */
static unsigned char *b2002_payload(unsigned long n)
{
    unsigned char *p = (unsigned char *)malloc(n > 0 ? n : 1);
    unsigned long x = 0x2545F491UL;
    unsigned long i;

    for (i = 0; p != NULL && i < n; i++) {
        x ^= (x << 13) & 0xFFFFFFFFUL;
        x ^= x >> 17;
        x ^= (x << 5) & 0xFFFFFFFFUL;
        p[i] = (unsigned char)(x >> 24);
    }
    return p;
}

/* A tiny DER writer for the expected tokens: appends tag + definite
 * length (up to 0xFFFF) at *pos. */
static void b2002_hdr(unsigned char *buf, size_t *pos, unsigned char tag, size_t len)
{
    buf[(*pos)++] = tag;
    if (len < 0x80) {
        buf[(*pos)++] = (unsigned char)len;
    } else if (len < 0x100) {
        buf[(*pos)++] = 0x81;
        buf[(*pos)++] = (unsigned char)len;
    } else {
        buf[(*pos)++] = 0x82;
        buf[(*pos)++] = (unsigned char)(len >> 8);
        buf[(*pos)++] = (unsigned char)(len & 0xFF);
    }
}

static size_t b2002_hdr_len(size_t len)
{
    return len < 0x80 ? 2 : len < 0x100 ? 3 : 4;
}

static void b2002_put(unsigned char *buf, size_t *pos, const unsigned char *p, size_t n)
{
    memcpy(buf + *pos, p, n);
    *pos += n;
}

/* A framed NegTokenInit: mechTypes (DER OIDs, in order) + mechToken, no
 * reqFlags, no MIC. Returns a malloc'd token and its length in *out_len. */
static unsigned char *b2002_make_init(const unsigned char *const *oids, const size_t *oid_lens,
                                      size_t num_oids, const unsigned char *mech,
                                      size_t mech_len, unsigned long *out_len)
{
    size_t list = 0;
    size_t types, octets, tok, seq, ctx, app, total;
    size_t pos = 0;
    size_t i;
    unsigned char *buf;

    for (i = 0; i < num_oids; i++) {
        list += oid_lens[i];
    }
    types = b2002_hdr_len(list) + list;               /* SEQUENCE OF OID */
    octets = b2002_hdr_len(mech_len) + mech_len;      /* OCTET STRING */
    seq = b2002_hdr_len(types) + types + b2002_hdr_len(octets) + octets;
    ctx = b2002_hdr_len(seq) + seq;                   /* [0] NegTokenInit */
    app = sizeof(der_spnego) + b2002_hdr_len(ctx) + ctx;
    total = b2002_hdr_len(app) + app;
    buf = (unsigned char *)malloc(total);
    if (buf == NULL) {
        return NULL;
    }
    b2002_hdr(buf, &pos, 0x60, app);
    b2002_put(buf, &pos, der_spnego, sizeof(der_spnego));
    b2002_hdr(buf, &pos, 0xa0, ctx);
    b2002_hdr(buf, &pos, 0x30, seq);
    b2002_hdr(buf, &pos, 0xa0, types);
    b2002_hdr(buf, &pos, 0x30, list);
    for (i = 0; i < num_oids; i++) {
        b2002_put(buf, &pos, oids[i], oid_lens[i]);
    }
    b2002_hdr(buf, &pos, 0xa2, octets);
    b2002_hdr(buf, &pos, 0x04, mech_len);
    b2002_put(buf, &pos, mech, mech_len);
    tok = pos;
    if (tok != total) {
        free(buf);
        return NULL;
    }
    *out_len = (unsigned long)total;
    return buf;
}

/* ---- rows ---- */

enum b2002_kind { B2002_INIT, B2002_RESP, B2002_BUILD_INIT, B2002_BUILD_RESP };

struct b2002_row {
    const char *name;
    enum b2002_kind kind;
    const char *file;          /* parse rows reading a vector, else NULL */
    unsigned long token_len;   /* its size, checked */
    int idx_ms_krb5, idx_krb5; /* NegTokenInit: where mechTypes has them */
    unsigned long mech_len;    /* mechToken / responseToken (0: absent) */
    unsigned long payload_len; /* synthesized rows: mech token size */
    const char *what;          /* what the 2002 API does (--list) */
    struct bench_2002_case c;
    unsigned char *expected;   /* build rows: the exact output */
};

static struct b2002_row b2002_rows[] = {
    {"peer_parse/win-krb5-1778", B2002_INIT, "kerberosnet-aes128-spnego-data.der", 1778, 0, 1,
     1712, 0,
     "spnegoInitFromBinary + spnegoIsMechTypeAvailable(MS-krb5, krb5, SPNEGO) + "
     "spnegoGetMechToken (copy) + spnegoFreeData",
     {0}, NULL},
    {"peer_parse/win-ntlm-133", B2002_INIT, "kerberosnet-spnego-ntlm-negotiate.der", 133, 1, 2,
     64, 0, "as peer_parse/win-krb5-1778", {0}, NULL},
    {"peer_parse/init4-1536", B2002_INIT, NULL, 1614, 0, 1, 1536, 1536,
     "as peer_parse/win-krb5-1778, on the README's synthesized 1614-byte token", {0}, NULL},
    {"peer_parse/resp-aprep-186", B2002_RESP, "pyspnego-data-negtokenresp-krb5-aprep.der", 186,
     -1, -1, 156, 0,
     "spnegoInitFromBinary + spnegoGetNegotiationResult + spnegoGetSupportedMechType (enum) + "
     "spnegoGetMechToken (copy) + spnegoFreeData",
     {0}, NULL},
    {"peer_parse/resp-accept-22", B2002_RESP, "gokrb5-negtokenresp-accept-krb5.der", 22, -1, -1,
     0, 0, "as peer_parse/resp-aprep-186", {0}, NULL},
    {"peer_build/init4-1536", B2002_BUILD_INIT, NULL, 0, -1, -1, 0, 1536,
     "spnegoCreateNegTokenInit(MS-krb5 only: one mechanism) + spnegoTokenGetBinary + "
     "spnegoFreeData, 1579 B",
     {0}, NULL},
    {"peer_build/resp-64", B2002_BUILD_RESP, NULL, 0, -1, -1, 0, 64,
     "spnegoCreateNegTokenTarg(krb5, accept-incomplete) + spnegoTokenGetBinary + "
     "spnegoFreeData, 90 B",
     {0}, NULL},
};

#define B2002_NUM_ROWS (sizeof(b2002_rows) / sizeof(b2002_rows[0]))

static bench_2002_fn b2002_fn(const struct b2002_row *r)
{
    switch (r->kind) {
    case B2002_INIT:
        return b2002_op_parse_init;
    case B2002_RESP:
        return b2002_op_parse_resp;
    case B2002_BUILD_INIT:
        return b2002_op_build_init;
    default:
        return b2002_op_build_resp;
    }
}

/* The expected output of a build row. */
static unsigned char *b2002_expected(struct b2002_row *r)
{
    static const unsigned char resp_head[] = {0xa1, 0x58, 0x30, 0x56, 0xa0, 0x03, 0x0a,
                                              0x01, 0x01, 0xa1, 0x0b};
    static const unsigned char resp_tok[] = {0xa2, 0x42, 0x04, 0x40};
    const unsigned char *one[1];
    size_t one_len[1];
    unsigned char *buf;
    size_t pos = 0;

    if (r->kind == B2002_BUILD_INIT) {
        one[0] = der_ms_krb5;
        one_len[0] = sizeof(der_ms_krb5);
        return b2002_make_init(one, one_len, 1, r->c.payload, r->c.payload_len,
                               &r->c.out_len);
    }
    buf = (unsigned char *)malloc(90);
    if (buf == NULL || r->c.payload_len != 64) {
        free(buf);
        return NULL;
    }
    b2002_put(buf, &pos, resp_head, sizeof(resp_head));
    b2002_put(buf, &pos, der_krb5, sizeof(der_krb5));
    b2002_put(buf, &pos, resp_tok, sizeof(resp_tok));
    b2002_put(buf, &pos, r->c.payload, r->c.payload_len);
    r->c.out_len = (unsigned long)pos;
    return buf;
}

/* Prepares one row and runs it once, checking what it reads or builds.
 * 0 on success; otherwise says on stderr what the 2002 code did. */
static int b2002_setup(struct b2002_row *r, const char *vectors)
{
    struct bench_2002_case *c = &r->c;
    char path[1024];
    SPNEGO_TOKEN_HANDLE h = NULL;
    int rc;

    c->out = (unsigned char *)malloc(B2002_OUT_CAP);
    c->out_cap = B2002_OUT_CAP;
    c->idx_ms_krb5 = r->idx_ms_krb5;
    c->idx_krb5 = r->idx_krb5;
    c->mech_len = r->mech_len;
    if (c->out == NULL) {
        return -1;
    }
    if (r->payload_len > 0) {
        c->payload = b2002_payload(r->payload_len);
        c->payload_len = r->payload_len;
        if (c->payload == NULL) {
            return -1;
        }
    }
    if (r->file != NULL) {
        size_t file_len = 0;
        snprintf(path, sizeof(path), "%s/%s", vectors, r->file);
        c->token = bench_read_file(path, &file_len);
        c->token_len = (unsigned long)file_len;
        if (c->token == NULL || c->token_len != r->token_len) {
            fprintf(stderr, "spnego-bench-2002: cannot read %s (%lu bytes expected)\n", path,
                    r->token_len);
            return -1;
        }
    } else if (r->kind == B2002_INIT) {
        const unsigned char *four[4] = {der_ms_krb5, der_krb5, der_negoex, der_ntlm};
        const size_t four_len[4] = {sizeof(der_ms_krb5), sizeof(der_krb5), sizeof(der_negoex),
                                    sizeof(der_ntlm)};
        c->token = b2002_make_init(four, four_len, 4, c->payload, c->payload_len,
                                   &c->token_len);
        if (c->token == NULL || c->token_len != r->token_len ||
            memcmp(c->token, init4_prefix, sizeof(init4_prefix)) != 0) {
            fprintf(stderr, "spnego-bench-2002: %s: synthesized token is wrong\n", r->name);
            return -1;
        }
    } else {
        r->expected = b2002_expected(r);
        if (r->expected == NULL) {
            return -1;
        }
    }

    if (r->kind == B2002_INIT || r->kind == B2002_RESP) {
        rc = spnegoInitFromBinary(c->token, c->token_len, &h);
        if (rc != SPNEGO_E_SUCCESS) {
            fprintf(stderr, "spnego-bench-2002: %s: spnegoInitFromBinary rejects the token (%d)\n",
                    r->name, rc);
            return -1;
        }
        spnegoFreeData(h);
    }
    if (b2002_fn(r)(c) != 0) {
        fprintf(stderr, "spnego-bench-2002: %s: the 2002 API does not read the expected values\n",
                r->name);
        return -1;
    }
    if (r->expected != NULL && memcmp(c->out, r->expected, c->out_len) != 0) {
        fprintf(stderr, "spnego-bench-2002: %s: the built token differs from the expected bytes\n",
                r->name);
        return -1;
    }
    return 0;
}

/* ---- timing ---- */

static double b2002_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int b2002_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;

    return x < y ? -1 : x > y ? 1 : 0;
}

/* Calibrates to about sample_ns per sample, then samples; median and
 * minimum ns per operation. 0 on success. */
static int b2002_time(const struct b2002_row *r, unsigned samples, double sample_ns,
                      double *median, double *minimum)
{
    double t[B2002_MAX_SAMPLES];
    unsigned long iters = 1;
    double start;
    double dt;
    unsigned i;
    bench_2002_fn fn = b2002_fn(r);

    for (;;) {
        start = b2002_now_ns();
        if (bench_run_loop(fn, &r->c, iters) != 0) {
            return -1;
        }
        dt = b2002_now_ns() - start;
        if (dt >= sample_ns / 4 || iters >= (1UL << 30)) {
            break;
        }
        iters *= 2;
    }
    if (dt > 0) {
        iters = (unsigned long)((double)iters * sample_ns / dt) + 1;
    }
    for (i = 0; i < samples; i++) {
        start = b2002_now_ns();
        if (bench_run_loop(fn, &r->c, iters) != 0) {
            return -1;
        }
        t[i] = (b2002_now_ns() - start) / (double)iters;
    }
    qsort(t, samples, sizeof(t[0]), b2002_cmp_double);
    *median = t[samples / 2];
    *minimum = t[0];
    return 0;
}

/* ---- main ---- */

static void b2002_usage(void)
{
    fprintf(stderr,
            "usage: spnego-bench-2002 [--list] [--callgrind --op NAME [--iters N]]\n"
            "       [--op NAME | --filter SUBSTRING] [--samples N] [--sample-ms MS]\n"
            "       [--vectors DIR]\n");
}

int main(int argc, char **argv)
{
    const char *vectors = SPNEGO_BENCH_VECTOR_DIR;
    const char *op = NULL;
    const char *filter = NULL;
    unsigned long iters = 1000;
    unsigned samples = 11;
    double sample_ms = 15.0;
    int list = 0;
    int callgrind = 0;
    int failed = 0;
    size_t i;
    int a;

    for (a = 1; a < argc; a++) {
        const char *v = a + 1 < argc ? argv[a + 1] : NULL;
        if (strcmp(argv[a], "--list") == 0) {
            list = 1;
        } else if (strcmp(argv[a], "--callgrind") == 0) {
            callgrind = 1;
        } else if (v != NULL && strcmp(argv[a], "--op") == 0) {
            op = v;
            a++;
        } else if (v != NULL && strcmp(argv[a], "--filter") == 0) {
            filter = v;
            a++;
        } else if (v != NULL && strcmp(argv[a], "--vectors") == 0) {
            vectors = v;
            a++;
        } else if (v != NULL && strcmp(argv[a], "--iters") == 0) {
            iters = strtoul(v, NULL, 10);
            a++;
        } else if (v != NULL && strcmp(argv[a], "--samples") == 0) {
            samples = (unsigned)strtoul(v, NULL, 10);
            a++;
        } else if (v != NULL && strcmp(argv[a], "--sample-ms") == 0) {
            sample_ms = strtod(v, NULL);
            a++;
        } else {
            b2002_usage();
            return 2;
        }
    }
    if (samples < 1 || samples > B2002_MAX_SAMPLES || sample_ms <= 0 ||
        (callgrind && (op == NULL || iters < 1))) {
        b2002_usage();
        return 2;
    }

    if (list) {
        for (i = 0; i < B2002_NUM_ROWS; i++) {
            printf("%-26s %s\n", b2002_rows[i].name, b2002_rows[i].what);
        }
        return 0;
    }

    if (callgrind) {
        for (i = 0; i < B2002_NUM_ROWS; i++) {
            struct b2002_row *r = &b2002_rows[i];
            if (strcmp(r->name, op) != 0) {
                continue;
            }
            /* b2002_setup runs the operation once: the warm-up. */
            if (b2002_setup(r, vectors) != 0 || bench_run_loop(b2002_fn(r), &r->c, iters) != 0) {
                fprintf(stderr, "spnego-bench-2002: %s failed\n", op);
                return 1;
            }
            return 0;
        }
        fprintf(stderr, "spnego-bench-2002: no row %s (see --list)\n", op);
        return 2;
    }

    printf("spnego-bench-2002: 2002 SPNEGO Token Handler API, %u samples of ~%.0f ms\n",
           samples, sample_ms);
    printf("%-26s %12s %12s\n", "row", "median ns", "min ns");
    for (i = 0; i < B2002_NUM_ROWS; i++) {
        struct b2002_row *r = &b2002_rows[i];
        double median = 0;
        double minimum = 0;
        if ((op != NULL && strcmp(r->name, op) != 0) ||
            (filter != NULL && strstr(r->name, filter) == NULL)) {
            continue;
        }
        if (b2002_setup(r, vectors) != 0 ||
            b2002_time(r, samples, sample_ms * 1e6, &median, &minimum) != 0) {
            printf("%-26s %12s %12s\n", r->name, "failed", "-");
            failed = 1;
            continue;
        }
        printf("%-26s %12.1f %12.1f\n", r->name, median, minimum);
    }
    return failed;
}
