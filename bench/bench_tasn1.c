/*
 * bench_tasn1.c - the libtasn1 baseline of spnego-bench: decode the same
 * framed NegTokenInit (or, for the peer_parse rows, bare NegTokenResp)
 * with a general-purpose ASN.1 library and read the same elements. The module (bench/rfc4178.asn) is parsed once at start-up
 * with asn1_parser2tree(); each operation then creates an element, decodes
 * the DER into it, reads the value(s) and deletes the element, which is
 * what a libtasn1 user does per token.
 *
 * Built with SPNEGO_BENCH_HAVE_TASN1 when pkg-config finds libtasn1;
 * otherwise the functions below are stubs and the rows show "-".
 */
#include "bench.h"

#include <stdio.h>
#include <string.h>

#ifdef SPNEGO_BENCH_HAVE_TASN1

#include <libtasn1.h>

#define TASN1_TYPE "SPNEGO.InitialContextToken"
#define TASN1_RESP_TYPE "SPNEGO.NegotiationToken"
#define TASN1_NEG_STATE "negTokenResp.negState"
#define TASN1_SUPPORTED_MECH "negTokenResp.supportedMech"
#define TASN1_RESPONSE_TOKEN "negTokenResp.responseToken"
#define TASN1_MECH_TOKEN "innerContextToken.negTokenInit.mechToken"
#define TASN1_MECH_TYPES "innerContextToken.negTokenInit.mechTypes"

int bench_tasn1_available(void)
{
    return 1;
}

const void *bench_tasn1_load(const char *path, char *err, size_t err_len)
{
    char desc[ASN1_MAX_ERROR_DESCRIPTION_SIZE];
    asn1_node defs = NULL;
    int rc;

    desc[0] = '\0';
    rc = asn1_parser2tree(path, &defs, desc);
    if (rc != ASN1_SUCCESS) {
        snprintf(err, err_len, "%s: %s (%s)", path, asn1_strerror(rc), desc);
        return NULL;
    }
    return defs;
}

void bench_tasn1_unload(const void *defs)
{
    asn1_node node = (asn1_node)(size_t)defs;

    if (node != NULL) {
        asn1_delete_structure(&node);
    }
}

/* Creates an element of the given type and decodes c->token into it. */
static int tasn1_decode(const struct bench_case *c, const char *type, asn1_node *out)
{
    *out = NULL;
    if (c->tasn1 == NULL || c->token_len > 0x7FFFFFFFu) {
        return -1;
    }
    if (asn1_create_element((asn1_node_const)c->tasn1, type, out) != ASN1_SUCCESS) {
        return -1;
    }
    if (asn1_der_decoding(out, c->token, (int)c->token_len, NULL) != ASN1_SUCCESS) {
        asn1_delete_structure(out);
        return -1;
    }
    return 0;
}

int bench_tasn1_parse(const struct bench_case *c)
{
    asn1_node el;
    int len;
    int rc;
    int status = -1;

    if (tasn1_decode(c, TASN1_TYPE, &el) != 0) {
        return -1;
    }
    len = c->out_cap > 0x7FFFFFFFu ? 0x7FFFFFFF : (int)c->out_cap;
    rc = asn1_read_value(el, TASN1_MECH_TOKEN, c->out, &len);
    if (c->mech_len == 0) {
        /* An absent OPTIONAL field reads as ELEMENT_NOT_FOUND. */
        status = rc == ASN1_ELEMENT_NOT_FOUND ? 0 : -1;
    } else if (rc == ASN1_SUCCESS && (size_t)len == c->mech_len) {
        status = 0;
    }
    asn1_delete_structure(&el);
    return status;
}

/* Reads the count and every mechTypes OID (as libtasn1 gives them: dotted
 * text) of a decoded InitialContextToken. */
static int tasn1_walk(asn1_node el, const struct bench_case *c)
{
    char name[sizeof(TASN1_MECH_TYPES) + 16];
    char oid[128];
    int num = 0;
    int i;
    int len;
    unsigned long sum = 0;

    if (asn1_number_of_elements(el, TASN1_MECH_TYPES, &num) != ASN1_SUCCESS ||
        num <= 0 || (size_t)num != c->num_mechs) {
        return -1;
    }
    for (i = 1; i <= num; i++) {
        snprintf(name, sizeof(name), "%s.?%d", TASN1_MECH_TYPES, i);
        len = (int)sizeof(oid);
        if (asn1_read_value(el, name, oid, &len) != ASN1_SUCCESS) {
            return -1;
        }
        sum += (unsigned long)len;
    }
    bench_sink = sum;
    return 0;
}

int bench_tasn1_parse_walk(const struct bench_case *c)
{
    asn1_node el;
    int status;

    if (tasn1_decode(c, TASN1_TYPE, &el) != 0) {
        return -1;
    }
    status = tasn1_walk(el, c);
    asn1_delete_structure(&el);
    return status;
}

/* Reads an OCTET STRING into c->out: 0 when its length is c->mech_len, or
 * when it is absent and c->mech_len is 0. */
static int tasn1_read_token(asn1_node el, const char *path, const struct bench_case *c)
{
    int len = c->out_cap > 0x7FFFFFFFu ? 0x7FFFFFFF : (int)c->out_cap;
    int rc = asn1_read_value(el, path, c->out, &len);

    if (c->mech_len == 0) {
        return rc == ASN1_ELEMENT_NOT_FOUND ? 0 : -1;
    }
    return rc == ASN1_SUCCESS && (size_t)len == c->mech_len ? 0 : -1;
}

/* peer_parse of a NegTokenInit: the walk, then the mech token (copied out:
 * libtasn1 has no by-pointer read). */
int bench_tasn1_peer_init(const struct bench_case *c)
{
    asn1_node el;
    int status;

    if (tasn1_decode(c, TASN1_TYPE, &el) != 0) {
        return -1;
    }
    status = tasn1_walk(el, c);
    if (status == 0) {
        status = tasn1_read_token(el, TASN1_MECH_TOKEN, c);
    }
    asn1_delete_structure(&el);
    return status;
}

/* peer_parse of a bare NegTokenResp: negState (the ENUMERATED's content
 * octet), supportedMech (dotted text), responseToken (copied out). */
int bench_tasn1_peer_resp(const struct bench_case *c)
{
    unsigned char state[8];
    char oid[128];
    asn1_node el;
    int len;
    int status = -1;

    if (tasn1_decode(c, TASN1_RESP_TYPE, &el) != 0) {
        return -1;
    }
    len = (int)sizeof(state);
    if (asn1_read_value(el, TASN1_NEG_STATE, state, &len) != ASN1_SUCCESS || len != 1 ||
        (int)state[0] != c->neg_result) {
        goto done;
    }
    len = (int)sizeof(oid);
    if (asn1_read_value(el, TASN1_SUPPORTED_MECH, oid, &len) != ASN1_SUCCESS) {
        goto done;
    }
    status = tasn1_read_token(el, TASN1_RESPONSE_TOKEN, c);
    bench_sink = (unsigned long)len;
done:
    asn1_delete_structure(&el);
    return status;
}

#else /* !SPNEGO_BENCH_HAVE_TASN1 */

int bench_tasn1_available(void)
{
    return 0;
}

const void *bench_tasn1_load(const char *path, char *err, size_t err_len)
{
    (void)path;
    snprintf(err, err_len, "built without libtasn1 (pkg-config libtasn1)");
    return NULL;
}

void bench_tasn1_unload(const void *defs)
{
    (void)defs;
}

int bench_tasn1_parse(const struct bench_case *c)
{
    (void)c;
    return -1;
}

int bench_tasn1_parse_walk(const struct bench_case *c)
{
    (void)c;
    return -1;
}

int bench_tasn1_peer_init(const struct bench_case *c)
{
    (void)c;
    return -1;
}

int bench_tasn1_peer_resp(const struct bench_case *c)
{
    (void)c;
    return -1;
}

#endif /* SPNEGO_BENCH_HAVE_TASN1 */
