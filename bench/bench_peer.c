/*
 * bench_peer.c - the peer_* rows of spnego-bench: what a peer does with a
 * token it received (read the mech OIDs and the mech token, or negState,
 * supportedMech and responseToken, then free) and with one it sends
 * (build + get the bytes), on real tokens from tests/vectors. Not part of
 * the library.
 *
 * spnego-bench-2002 (bench/bench_2002.c) performs the same operations
 * with the 2002 spnegohelp API under the same row names, so that
 * `spnego-bench --ir --peer-bin` can put both instruction counts side by
 * side. bench/README.md ("Rows shared with spnego-bench-2002") is the
 * definition both programs follow: change it and this file together.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What each vector must read as; checked once at start-up against the
 * library and then on every iteration. oids_len is the sum of the
 * mechTypes OID content lengths (NegTokenInit) or the supportedMech
 * length (NegTokenResp). */
struct peer_vector {
    const char *label;
    const char *file;
    size_t token_len;
    int resp;         /* 1: bare NegTokenResp */
    size_t num_mechs;
    size_t oids_len;
    size_t mech_len;  /* mechToken / responseToken; 0: absent */
    size_t mech_off;  /* where its content starts (token_len: absent) */
    int neg_result;   /* negState of a NegTokenResp */
};

static const struct peer_vector peer_vectors[] = {
    /* Windows 7 era: [MS-krb5, krb5, NTLMSSP] + AES128 AP-REQ. */
    {"win-krb5-1778", "kerberosnet-aes128-spnego-data.der", 1778, 0, 3, 28, 1712, 66, 0},
    /* Windows 10: [NTLMSSP, MS-krb5, krb5, NegoEx] + NTLM NEGOTIATE. */
    {"win-ntlm-133", "kerberosnet-spnego-ntlm-negotiate.der", 133, 0, 4, 38, 64, 69, 0},
    /* accept-completed, krb5, 156-byte AP-REP. */
    {"resp-aprep-186", "pyspnego-data-negtokenresp-krb5-aprep.der", 186, 1, 0, 9, 156, 30,
     spnego_negresult_success},
    /* accept-completed, krb5, nothing else (gokrb5's and MIT's). */
    {"resp-accept-22", "gokrb5-negtokenresp-accept-krb5.der", 22, 1, 0, 9, 0, 22,
     spnego_negresult_success},
};

/* ---- operations ---- */

/* Count, every OID by pointer, the mech token by pointer. A non-NULL
 * want_ptr is where the mech token must sit (NOCOPY). */
static int peer_read_init(SPNEGO_TOKEN_HANDLE h, const struct bench_case *c,
                          const unsigned char *want_ptr)
{
    SPNEGO_OID oid;
    const unsigned char *ptr = NULL;
    unsigned long count = 0;
    unsigned long len = 0;
    unsigned long i;
    size_t sum = 0;

    if (spnegoGetMechTypeCount(h, &count) != SPNEGO_E_SUCCESS ||
        (size_t)count != c->num_mechs) {
        return -1;
    }
    for (i = 0; i < count; i++) {
        if (spnegoGetMechTypeOIDPtr(h, i, &oid) != SPNEGO_E_SUCCESS) {
            return -1;
        }
        sum += oid.ulOidLen;
    }
    if (sum != c->oids_len || spnegoGetMechTokenPtr(h, &ptr, &len) != SPNEGO_E_SUCCESS ||
        (size_t)len != c->mech_len || (want_ptr != NULL && ptr != want_ptr)) {
        return -1;
    }
    bench_sink = sum + len;
    return 0;
}

/* spnegoInitFromBinary (copying) + peer_read_init + spnegoFreeData. */
int bench_op_peer_init(const struct bench_case *c)
{
    SPNEGO_TOKEN_HANDLE h;
    int rc = spnegoInitFromBinary(c->token, (unsigned long)c->token_len, &h);

    if (rc != SPNEGO_E_SUCCESS) {
        return -1;
    }
    rc = peer_read_init(h, c, NULL);
    spnegoFreeData(h);
    return rc;
}

/* The same on a SPNEGO_PARSE_NOCOPY handle: the mech token pointer must
 * point into the caller's token. */
int bench_op_peer_init_nocopy(const struct bench_case *c)
{
    SPNEGO_TOKEN_HANDLE h;
    int rc = spnegoInitFromBinaryEx(c->token, (unsigned long)c->token_len,
                                    SPNEGO_PARSE_NOCOPY, &h);

    if (rc != SPNEGO_E_SUCCESS) {
        return -1;
    }
    rc = peer_read_init(h, c, c->token + c->mech_off);
    spnegoFreeData(h);
    return rc;
}

/* spnegoInitFromBinary (copying) + negState + supportedMech by pointer +
 * responseToken by pointer (absent: ELEMENT_UNAVAILABLE) + free. */
int bench_op_peer_resp(const struct bench_case *c)
{
    SPNEGO_TOKEN_HANDLE h;
    SPNEGO_NEGRESULT result = spnego_negresult_NotUsed;
    SPNEGO_OID mech;
    const unsigned char *ptr = NULL;
    unsigned long len = 0;
    int rc = spnegoInitFromBinary(c->token, (unsigned long)c->token_len, &h);

    if (rc != SPNEGO_E_SUCCESS) {
        return -1;
    }
    mech.ulOidLen = 0;
    if (spnegoGetNegotiationResult(h, &result) != SPNEGO_E_SUCCESS ||
        (int)result != c->neg_result ||
        spnegoGetSupportedMechOID(h, &mech) != SPNEGO_E_SUCCESS ||
        (size_t)mech.ulOidLen != c->oids_len) {
        rc = -1;
    } else {
        rc = spnegoGetMechTokenPtr(h, &ptr, &len);
        if (c->mech_len == 0) {
            rc = rc == SPNEGO_E_ELEMENT_UNAVAILABLE ? 0 : -1;
        } else {
            rc = rc == SPNEGO_E_SUCCESS && (size_t)len == c->mech_len ? 0 : -1;
        }
    }
    spnegoFreeData(h);
    bench_sink = mech.ulOidLen + len;
    return rc;
}

/* ---- rows ---- */

/* Reads one vector into c and checks it reads as the table says. */
static int peer_load(const char *vectors, const struct peer_vector *v,
                     struct bench_case *c)
{
    char path[1024];

    snprintf(path, sizeof(path), "%s/%s", vectors, v->file);
    c->mech_token = NULL;
    c->token = bench_read_file(path, &c->token_len);
    if (c->token == NULL || c->token_len != v->token_len) {
        fprintf(stderr, "spnego-bench: cannot read %s (%lu bytes expected)\n", path,
                (unsigned long)v->token_len);
        return -1;
    }
    if (bench_case_index(c) != 0 || c->mech_len != v->mech_len ||
        c->mech_off != v->mech_off) {
        fprintf(stderr, "spnego-bench: %s does not parse as expected\n", path);
        return -1;
    }
    c->num_mechs = v->num_mechs;
    c->oids_len = v->oids_len;
    c->neg_result = v->neg_result;
    return 0;
}

/* Sum of the OID lengths of a built NegTokenInit's mech list. */
static size_t peer_oids_len(const struct bench_case *c)
{
    size_t sum = 0;
    size_t i;

    for (i = 0; i < c->num_mechs; i++) {
        sum += c->mechs[i].ulOidLen;
    }
    return sum;
}

int bench_peer_setup(const char *vectors, const struct bench_case *base,
                     const struct bench_case *init4_1536,
                     const struct bench_case *resp_64)
{
    struct bench_case c;
    struct bench_row *row;
    size_t i;
    int with_tasn1 = base->tasn1 != NULL;

    for (i = 0; i < sizeof(peer_vectors) / sizeof(peer_vectors[0]); i++) {
        const struct peer_vector *v = &peer_vectors[i];
        c = *base;
        if (peer_load(vectors, v, &c) != 0) {
            return -1;
        }
        row = bench_add("peer_parse", v->label, &c,
                        v->resp ? bench_op_peer_resp : bench_op_peer_init);
        if (row == NULL) {
            return -1;
        }
        row->base[1] = bench_floor_token;
        if (with_tasn1) {
            row->base[2] = v->resp ? bench_tasn1_peer_resp : bench_tasn1_peer_init;
        }
        if (i == 0) { /* the NOCOPY row */
            row = bench_add("peer_nocopy", v->label, &c, bench_op_peer_init_nocopy);
            if (row == NULL) {
                return -1;
            }
            row->base[0] = bench_floor_handle;
            row->base_name[0] = "floor_handle";
        }
    }

    /* The synthesized Windows-list NegTokenInit of build_init4/1536. */
    c = *init4_1536;
    c.oids_len = peer_oids_len(&c);
    row = bench_add("peer_parse", "init4-1536", &c, bench_op_peer_init);
    if (row == NULL) {
        return -1;
    }
    row->base[1] = bench_floor_token;
    if (with_tasn1) {
        row->base[2] = bench_tasn1_peer_init;
    }
    row = bench_add("peer_build", "init4-1536", &c, bench_op_build_init);
    if (row == NULL) {
        return -1;
    }
    row->base[0] = bench_floor_build_api;
    row->base[1] = bench_floor_token;
    row = bench_add("peer_build", "resp-64", resp_64, bench_op_build_resp);
    if (row == NULL) {
        return -1;
    }
    row->base[0] = bench_floor_build_api;
    row->base[1] = bench_floor_token;
    return 0;
}
