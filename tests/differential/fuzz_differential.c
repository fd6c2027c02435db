/*
 * fuzz_differential.c - libspnego (SPNEGO_PARSE_STRICT) against a decoder
 * built from libtasn1 and the ASN.1 module in spnego.asn.
 *
 * Both sides judge every input: they must agree on accept/reject and, when
 * both accept, on every decoded field (token kind, mech OIDs in order,
 * reqFlags bits, mechToken/responseToken, mechListMIC, negState,
 * supportedMech, hintName, hintAddress, negHints presence). The reference
 * side is:
 *   - the GSS-API framing (RFC 2743 3.1) peeled here with a small strict
 *     DER header reader: a NegTokenInit must be framed with the SPNEGO OID,
 *     a NegTokenResp must not be (RFC 4178 4.2: only the initial token is
 *     framed), nothing may follow;
 *   - libtasn1 asn1_der_decoding2(ASN1_DECODE_FLAG_STRICT_DER) of the
 *     NegotiationToken; when that fails, of the MS-SPNG NegotiationToken2,
 *     which counts only when the token carries negHints or a [4]
 *     mechListMIC (MS-SPNG 2.2.1: otherwise it is an RFC 4178
 *     NegTokenInit and mechTypes is required).
 * Where the two legitimately differ (docs/fuzzing.md lists each class and
 * why), the difference is explained only if the class is detected from the
 * reference side's own view of the bytes AND libspnego reports that class's
 * error code; anything else aborts. Classes seen are counted and printed
 * at exit by the replay program (ctest differential.vectors).
 */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libtasn1.h>

#include "spnego.h"

#ifndef SPNEGO_DIFF_ASN1_FILE
#error "SPNEGO_DIFF_ASN1_FILE must name tests/differential/spnego.asn"
#endif

/* ---- the documented difference classes ---- */

enum diff_class {
    D_AGREE_ACCEPT = 0,
    D_AGREE_REJECT,
    /* libspnego rejects, libtasn1 accepts: SPNEGO rules beyond ASN.1 */
    D_MECHTYPES_EMPTY,      /* SEQUENCE OF with no OID (RFC 4178 4.2.1) */
    D_NEGSTATE_RANGE,       /* ENUMERATED outside 0..3 */
    D_INT_NOT_MINIMAL,      /* ENUMERATED padded (X.690 8.3.2) or empty */
    D_REQFLAGS_NOT_DER,     /* BIT STRING trailing zero bits / padding set */
    D_REQFLAGS_UNUSUAL,     /* no named flag, bit 7, or bits past octet 1 */
    D_EMPTY_MECH_TOKEN,     /* mechToken/responseToken of length 0 */
    D_MIC_IS_MECH_TOKEN,    /* Win2000/WebSphere bug form */
    D_EMPTY_RESP,           /* NegTokenResp without any field */
    D_MISSING_NEGSTATE,     /* supportedMech without negState */
    D_EMPTY_HINT_ADDRESS,   /* hintAddress of length 0 */
    D_NONMINIMAL_LENGTH,    /* BER length form inside the token */
    D_LENGTH_OVER_4_OCTETS, /* 85 00 00 00 00 14: beyond our 4-octet limit */
    D_OID_MALFORMED,        /* OID unterminated / leading 0x80 / empty */
    D_INNER_OVERRUN,        /* explicit [n] length not that of its TLV */
    D_BITSTRING_UNUSED,     /* BIT STRING unused-bits octet out of range */
    D_EMPTY_MIC,            /* mechListMIC of length 0 */
    D_MISSING_MECHTYPES,    /* NegTokenInit2 without mechTypes */
    D_HINT_NAME_NUL,        /* hintName with a 00 byte */
    D_HIGH_TAG_FORM,        /* a low tag number in high-tag-number form */
    /* libspnego accepts, libtasn1 rejects: libtasn1 limits */
    D_OID_ARC_TOO_LARGE,    /* an arc over 64 bits */
    D_OID_TEXT_TOO_LONG,    /* dotted form over libtasn1's buffer */
    D_TASN1_NEGATIVE_ARC,   /* libtasn1 prints an arc >= 2^63 as -N */
    D_NUM_CLASSES
};

static const char *const diff_class_names[D_NUM_CLASSES] = {
    "agree-accept", "agree-reject", "mechtypes-empty", "negstate-range",
    "enumerated-not-minimal", "reqflags-not-der", "reqflags-unusual",
    "empty-mech-token", "mic-is-mech-token", "empty-resp", "missing-negstate",
    "empty-hint-address", "nonminimal-length", "length-over-4-octets", "oid-malformed", "explicit-tag-length-mismatch", "bitstring-unused-bits",
    "empty-mic", "missing-mechtypes", "hint-name-nul", "high-tag-form",
    "oid-arc-over-64-bits", "oid-text-too-long",
    "libtasn1-negative-arc"
};

static unsigned long diff_seen[D_NUM_CLASSES];

/* Objects (libspnego handles, libtasn1 trees) not yet freed, and inputs
 * reported as unexplained differences (report-only mode). */
static int diff_live;
static unsigned long diff_num_reported;

/* Set by same_oid() when libtasn1 rendered a second arc as negative. */
static int diff_negative_arc;

/* Set by same_oid() when libtasn1 cut a long dotted OID short. */
static int diff_text_truncated;

/* ---- a tiny strict DER header reader (for the framing and the walk) ---- */

struct der_tlv {
    unsigned tag;
    size_t header_len;
    size_t len;
    int nonminimal;
    size_t num_len_octets; /* long form: octets after the 8x octet */
};

/* 1 on success; 0 for truncation, indefinite/reserved lengths, lengths
 * whose value does not fit a size_t, or multi-octet tags. Any number of
 * length octets is read (up to 126, X.690 8.1.3.5): libtasn1 takes leading
 * zero octets, so a 33-octet length `a1 00 .. 00 07` must reach the
 * over-4-octets class, not go unexplained (a CI fuzz run found it). */
static int der_header(const unsigned char *p, size_t avail, struct der_tlv *out)
{
    size_t n;
    size_t i;
    size_t len = 0;

    if (avail < 2 || (p[0] & 0x1Fu) == 0x1Fu) {
        return 0;
    }
    out->tag = p[0];
    out->nonminimal = 0;
    out->num_len_octets = 0;
    if (p[1] < 0x80u) {
        out->header_len = 2;
        out->len = p[1];
    } else {
        n = p[1] & 0x7Fu;
        if (n == 0 || n == 0x7Fu || avail - 2 < n) {
            return 0;
        }
        for (i = 0; i < n; i++) {
            if (len > (((size_t)-1) >> 8)) {
                return 0;
            }
            len = (len << 8) | p[2 + i];
        }
        out->num_len_octets = n;
        out->nonminimal = p[2] == 0 || len < 0x80u;
        out->header_len = 2 + n;
        out->len = len;
    }
    return out->len <= avail - out->header_len;
}

/* X.690 8.19.2: OID content is non-empty, no subidentifier starts with
 * 0x80, and the last octet ends a subidentifier. */
static int der_oid_ok(const unsigned char *p, size_t len)
{
    size_t i;
    int start = 1;

    if (len == 0) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        if (start && p[i] == 0x80) {
            return 0;
        }
        start = (p[i] & 0x80) == 0;
    }
    return start;
}

#define WALK_NONMINIMAL 1u   /* a length not in its shortest form */
#define WALK_OVER_4 2u       /* a length with more than 4 octets */
#define WALK_BAD_OID 4u      /* an OBJECT IDENTIFIER breaking X.690 8.19 */
#define WALK_OVERRUN 8u      /* a TLV running past (or missing from) its container */
#define WALK_EXPLICIT_EXTRA 16u /* bytes after the TLV inside an explicit [n] */
#define WALK_HIGH_TAG 64u       /* a multi-octet identifier (1f ..): SPNEGO has
                                 * none, and 1f 04 for OCTET STRING is not even
                                 * BER (X.690 8.1.2.2), yet libtasn1 takes it */
#define WALK_BAD_BITSTRING 32u  /* unused-bits octet > 7 / != 0 with no data,
                                 * or padding bits set */

/* Walks nested TLVs (constructed ones recursively; test code, depth is
 * bounded) and returns the WALK_* findings. */
static unsigned der_walk(const unsigned char *p, size_t len, int depth)
{
    struct der_tlv t;
    unsigned found = 0;

    while (len > 0) {
        if ((p[0] & 0x1Fu) == 0x1Fu) {
            return found | WALK_HIGH_TAG;
        }
        if (!der_header(p, len, &t)) {
            if (depth > 0) {
                found |= WALK_OVERRUN;
            }
            return found;
        }
        if (t.num_len_octets > 4) {
            found |= WALK_OVER_4;
        } else if (t.nonminimal) {
            found |= WALK_NONMINIMAL;
        }
        if (t.tag == 0x06 && !der_oid_ok(p + t.header_len, t.len)) {
            found |= WALK_BAD_OID;
        }
        if (t.tag == 0x03 &&
            (t.len == 0 || p[t.header_len] > 7 || (t.len == 1 && p[t.header_len] != 0) ||
             (t.len > 1 && (p[t.header_len + t.len - 1] &
                            ((1u << p[t.header_len]) - 1u)) != 0))) {
            /* X.690 8.6.2.2, 8.6.2.3, 11.2.1 (padding bits zero) */
            found |= WALK_BAD_BITSTRING;
        }
        if ((t.tag & 0xE0u) == 0xA0u) {
            /* An explicit [n] holds exactly one TLV that fills it. */
            struct der_tlv inner;
            if (!der_header(p + t.header_len, t.len, &inner)) {
                found |= WALK_OVERRUN;
            } else if (inner.header_len + inner.len != t.len) {
                found |= WALK_EXPLICIT_EXTRA;
            }
        }
        if ((t.tag & 0x20u) && depth < 32) {
            found |= der_walk(p + t.header_len, t.len, depth + 1);
        }
        p += t.header_len + t.len;
        len -= t.header_len + t.len;
    }
    return found;
}

/* ---- the reference decoder ---- */

static asn1_node diff_defs;

struct ref_field {
    int present;
    unsigned char buf[256];
    int len; /* bytes, or bits for reqFlags */
};

struct ref_token {
    int accepted;
    int type; /* SPNEGO_TOKEN_INIT / _TARG */
    int init2;
    unsigned long num_mechs;
    char mechs[16][160];
    int mech_text_ok; /* every OID fitted the text buffer */
    struct ref_field req_flags, mech_token, mic, neg_state, supported, hint_name,
        hint_addr;
    int has_neg_hints;
    long neg_state_value;
};

/* Reads a value; large ones (tokens) are compared through the buffer
 * when they fit and by length otherwise, see ref_read_big(). */
static void ref_read(asn1_node el, const char *name, struct ref_field *f)
{
    int len = (int)sizeof(f->buf);
    int rc = asn1_read_value(el, name, f->buf, &len);

    f->present = rc == ASN1_SUCCESS || rc == ASN1_MEM_ERROR;
    f->len = f->present ? len : 0;
}

/* Values of any size: a fresh block the caller frees (NULL if absent). */
static unsigned char *ref_read_big(asn1_node el, const char *name, int *out_len)
{
    int len = 0;
    unsigned char *buf;
    int rc = asn1_read_value(el, name, NULL, &len);

    *out_len = 0;
    if (rc == ASN1_SUCCESS && len == 0) {
        return fuzz_alloc(0);
    }
    if (rc != ASN1_MEM_ERROR) {
        return NULL;
    }
    buf = fuzz_alloc((size_t)len);
    FUZZ_CHECK(asn1_read_value(el, name, buf, &len) == ASN1_SUCCESS);
    *out_len = len;
    return buf;
}

static int ref_present(asn1_node el, const unsigned char *der, int der_len,
                       const char *name)
{
    int start = 0;
    int end = 0;

    return asn1_der_decoding_startEnd(el, der, der_len, name, &start, &end) ==
           ASN1_SUCCESS;
}

/* Peels the framing; *out_inner is the NegotiationToken. */
static int ref_peel(const unsigned char *p, size_t len, const unsigned char **out_inner,
                    size_t *out_inner_len)
{
    static const unsigned char spnego_oid[8] = {0x06, 0x06, 0x2b, 0x06, 0x01,
                                                0x05, 0x05, 0x02};
    struct der_tlv t;

    if (len >= 1 && p[0] == 0xA1) {
        *out_inner = p;
        *out_inner_len = len;
        return 1;
    }
    if (len < 1 || p[0] != 0x60 || !der_header(p, len, &t) || t.nonminimal ||
        t.num_len_octets > 4 ||
        t.header_len + t.len != len) {
        return 0;
    }
    p += t.header_len;
    len = t.len;
    if (len < sizeof(spnego_oid) + 1 || memcmp(p, spnego_oid, sizeof(spnego_oid)) != 0 ||
        p[sizeof(spnego_oid)] != 0xA0) {
        return 0;
    }
    *out_inner = p + sizeof(spnego_oid);
    *out_inner_len = len - sizeof(spnego_oid);
    return 1;
}

static void ref_decode(const unsigned char *data, size_t size, struct ref_token *ref,
                       asn1_node *out_el, const unsigned char **out_inner,
                       int *out_inner_len)
{
    char err[ASN1_MAX_ERROR_DESCRIPTION_SIZE];
    const unsigned char *inner = NULL;
    size_t inner_len = 0;
    const char *root = NULL;
    char name[96];
    asn1_node el = NULL;
    int der_len;
    int rc;
    int pass;

    memset(ref, 0, sizeof(*ref));
    *out_el = NULL;
    if (!ref_peel(data, size, &inner, &inner_len) || inner_len > 0x7FFFFFFF) {
        return;
    }
    for (pass = 0; pass < 2 && root == NULL; pass++) {
        FUZZ_CHECK(asn1_create_element(diff_defs, pass == 0 ? "SPNEGO.NegotiationToken"
                                                            : "SPNEGO.NegotiationToken2",
                                       &el) == ASN1_SUCCESS);
        der_len = (int)inner_len;
        rc = asn1_der_decoding2(&el, inner, &der_len, ASN1_DECODE_FLAG_STRICT_DER, err);
        if (rc != ASN1_SUCCESS || der_len != (int)inner_len) {
            asn1_delete_structure(&el);
            continue;
        }
        {
            char choice[32];
            int choice_len = (int)sizeof(choice);
            FUZZ_CHECK(asn1_read_value(el, "", choice, &choice_len) == ASN1_SUCCESS);
            if (strcmp(choice, "negTokenResp") == 0) {
                root = "negTokenResp";
                ref->type = SPNEGO_TOKEN_TARG;
            } else if (pass == 0) {
                root = "negTokenInit";
                ref->type = SPNEGO_TOKEN_INIT;
            } else if (ref_present(el, inner, (int)inner_len, "negTokenInit2.negHints") ||
                       ref_present(el, inner, (int)inner_len, "negTokenInit2.mechListMIC")) {
                root = "negTokenInit2";
                ref->type = SPNEGO_TOKEN_INIT;
                ref->init2 = 1;
            } else {
                asn1_delete_structure(&el);
            }
        }
    }
    if (root == NULL) {
        return;
    }
    /* The framing and the token kind must go together (RFC 4178 4.2). */
    if ((ref->type == SPNEGO_TOKEN_INIT) != (data[0] == 0x60)) {
        asn1_delete_structure(&el);
        return;
    }
    ref->accepted = 1;
    ref->mech_text_ok = 1;
    if (ref->type == SPNEGO_TOKEN_INIT) {
        int count = 0;
        snprintf(name, sizeof(name), "%s.mechTypes", root);
        if (asn1_number_of_elements(el, name, &count) == ASN1_SUCCESS) {
            unsigned long i;
            ref->num_mechs = (unsigned long)count;
            for (i = 0; i < ref->num_mechs && i < 16; i++) {
                int len = (int)sizeof(ref->mechs[i]);
                snprintf(name, sizeof(name), "%s.mechTypes.?%lu", root, i + 1);
                if (asn1_read_value(el, name, ref->mechs[i], &len) != ASN1_SUCCESS) {
                    ref->mech_text_ok = 0;
                }
            }
        } else {
            ref->num_mechs = ~0UL; /* absent */
        }
        snprintf(name, sizeof(name), "%s.reqFlags", root);
        ref_read(el, name, &ref->req_flags);
        snprintf(name, sizeof(name), "%s.mechToken", root);
        ref_read(el, name, &ref->mech_token);
        snprintf(name, sizeof(name), "%s.mechListMIC", root);
        ref_read(el, name, &ref->mic);
        if (ref->init2) {
            ref->has_neg_hints = ref_present(el, inner, (int)inner_len,
                                             "negTokenInit2.negHints");
            ref_read(el, "negTokenInit2.negHints.hintName", &ref->hint_name);
            ref_read(el, "negTokenInit2.negHints.hintAddress", &ref->hint_addr);
        }
    } else {
        int len = (int)sizeof(ref->supported.buf);
        ref_read(el, "negTokenResp.negState", &ref->neg_state);
        rc = asn1_read_value(el, "negTokenResp.supportedMech", ref->supported.buf, &len);
        ref->supported.present = rc == ASN1_SUCCESS || rc == ASN1_MEM_ERROR;
        ref->supported.len = len;
        if (rc == ASN1_MEM_ERROR) {
            ref->mech_text_ok = 0;
        }
        ref_read(el, "negTokenResp.responseToken", &ref->mech_token);
        ref_read(el, "negTokenResp.mechListMIC", &ref->mic);
        if (ref->neg_state.present && ref->neg_state.len >= 1 && ref->neg_state.len <= 4) {
            int i;
            long v = (ref->neg_state.buf[0] & 0x80) ? -1 : 0;
            for (i = 0; i < ref->neg_state.len; i++) {
                v = (long)(((unsigned long)v << 8) | ref->neg_state.buf[i]);
            }
            ref->neg_state_value = v;
        }
    }
    *out_el = el;
    *out_inner = inner;
    *out_inner_len = (int)inner_len;
}

/* ---- explaining a disagreement ---- */

/* Which classes apply to an input libtasn1 accepted and we refused, each
 * with the STRICT error code libspnego must report for it. */
static enum diff_class explain_ours_rejects(const struct ref_token *ref, asn1_node el,
                                            const unsigned char *inner, int inner_len,
                                            int our_rc)
{
    enum diff_class found = D_NUM_CLASSES;

#define DIFF_CLASS(cond, cls, code)                                          \
    if (found == D_NUM_CLASSES && (cond) && our_rc == (code)) {              \
        found = (cls);                                                       \
    }
    {
        unsigned walk = der_walk(inner, (size_t)inner_len, 0);
        DIFF_CLASS(walk & WALK_NONMINIMAL, D_NONMINIMAL_LENGTH, SPNEGO_E_NOT_DER);
        DIFF_CLASS(walk & WALK_OVER_4, D_LENGTH_OVER_4_OCTETS, SPNEGO_E_INVALID_LENGTH);
        DIFF_CLASS(walk & WALK_BAD_OID, D_OID_MALFORMED, SPNEGO_E_INVALID_OID);
        /* The bytes that overrun a wrapper are left over in the next
         * container up: libspnego reports either the length or them. */
        DIFF_CLASS(walk & (WALK_OVERRUN | WALK_EXPLICIT_EXTRA), D_INNER_OVERRUN,
                   SPNEGO_E_INVALID_LENGTH);
        DIFF_CLASS(walk & (WALK_OVERRUN | WALK_EXPLICIT_EXTRA), D_INNER_OVERRUN,
                   SPNEGO_E_TRAILING_DATA);
        DIFF_CLASS(walk & WALK_BAD_BITSTRING, D_BITSTRING_UNUSED, SPNEGO_E_INVALID_ELEMENT);
        DIFF_CLASS(walk & WALK_HIGH_TAG, D_HIGH_TAG_FORM, SPNEGO_E_UNEXPECTED_TYPE);
    }
    if (ref->type == SPNEGO_TOKEN_INIT) {
        const struct ref_field *f = &ref->req_flags;
        DIFF_CLASS(ref->num_mechs == 0, D_MECHTYPES_EMPTY, SPNEGO_E_INVALID_ELEMENT);
        /* libspnego refuses what no builder can reproduce (STRICT). */
        DIFF_CLASS(ref->num_mechs == ~0UL, D_MISSING_MECHTYPES, SPNEGO_E_MISSING_ELEMENT);
        DIFF_CLASS(ref->hint_name.present && ref->hint_name.len > 0 &&
                       memchr(ref->hint_name.buf, 0,
                              (size_t)(ref->hint_name.len < (int)sizeof(ref->hint_name.buf)
                                           ? ref->hint_name.len
                                           : (int)sizeof(ref->hint_name.buf))) != NULL,
                   D_HINT_NAME_NUL, SPNEGO_E_INVALID_ELEMENT);
        if (f->present) {
            int num_bytes = (f->len + 7) / 8;
            int unused = num_bytes * 8 - f->len;
            unsigned char last = num_bytes > 0 ? f->buf[num_bytes - 1] : 0;
            int i;
            int later = 0;
            /* libtasn1 masks the padding bits away, so "padding set" never
             * reaches here; a trailing zero bit is the non-DER form. */
            DIFF_CLASS(num_bytes > 0 && ((last >> unused) & 1u) == 0, D_REQFLAGS_NOT_DER,
                       SPNEGO_E_NOT_DER);
            for (i = 1; i < num_bytes; i++) {
                later |= f->buf[i];
            }
            DIFF_CLASS(num_bytes == 0 || (f->buf[0] & 0xFE) == 0 || (f->buf[0] & 1) ||
                           later != 0,
                       D_REQFLAGS_UNUSUAL, SPNEGO_E_INVALID_ELEMENT);
        }
        DIFF_CLASS(ref->hint_addr.present && ref->hint_addr.len == 0, D_EMPTY_HINT_ADDRESS,
                   SPNEGO_E_INVALID_ELEMENT);
    } else {
        const struct ref_field *s = &ref->neg_state;
        DIFF_CLASS(s->present && (s->len == 0 || s->len > 4), D_INT_NOT_MINIMAL,
                   SPNEGO_E_INVALID_ELEMENT);
        DIFF_CLASS(s->present && s->len > 1 &&
                       ((s->buf[0] == 0 && (s->buf[1] & 0x80) == 0) ||
                        (s->buf[0] == 0xFF && (s->buf[1] & 0x80) != 0)),
                   D_INT_NOT_MINIMAL, SPNEGO_E_NOT_DER);
        DIFF_CLASS(s->present && s->len >= 1 && s->len <= 4 &&
                       (ref->neg_state_value < 0 || ref->neg_state_value > 3),
                   D_NEGSTATE_RANGE, SPNEGO_E_INVALID_ELEMENT);
        DIFF_CLASS(!s->present && !ref->supported.present && !ref->mech_token.present &&
                       !ref->mic.present,
                   D_EMPTY_RESP, SPNEGO_E_MISSING_ELEMENT);
        DIFF_CLASS(!s->present && ref->supported.present, D_MISSING_NEGSTATE,
                   SPNEGO_E_MISSING_ELEMENT);
    }
    DIFF_CLASS(ref->mech_token.present && ref->mech_token.len == 0, D_EMPTY_MECH_TOKEN,
               SPNEGO_E_INVALID_ELEMENT);
    DIFF_CLASS(ref->mic.present && ref->mic.len == 0, D_EMPTY_MIC, SPNEGO_E_INVALID_ELEMENT);
    if (found == D_NUM_CLASSES && ref->mech_token.present && ref->mic.present &&
        ref->mech_token.len > 0 && our_rc == SPNEGO_E_INVALID_ELEMENT) {
        int token_len = 0;
        int mic_len = 0;
        const char *root = ref->type == SPNEGO_TOKEN_TARG ? "negTokenResp" :
                           ref->init2 ? "negTokenInit2" : "negTokenInit";
        char name[64];
        unsigned char *token;
        unsigned char *mic;
        snprintf(name, sizeof(name), "%s.%s", root,
                 ref->type == SPNEGO_TOKEN_TARG ? "responseToken" : "mechToken");
        token = ref_read_big(el, name, &token_len);
        snprintf(name, sizeof(name), "%s.mechListMIC", root);
        mic = ref_read_big(el, name, &mic_len);
        if (token != NULL && mic != NULL && token_len == mic_len &&
            memcmp(token, mic, (size_t)mic_len) == 0) {
            found = D_MIC_IS_MECH_TOKEN;
        }
        free(token);
        free(mic);
    }
#undef DIFF_CLASS
    return found;
}

/* libtasn1 rejected and we accepted: one of libtasn1's OID limits. */
static enum diff_class explain_ref_rejects(SPNEGO_TOKEN_HANDLE h)
{
    unsigned long count = 0;
    unsigned long i;
    SPNEGO_OID oid;
    int too_large = 0;
    int too_long = 0;

    for (i = 0; spnegoGetMechTypeCount(h, &count) == SPNEGO_E_SUCCESS && i < count; i++) {
        unsigned long text_len = 0;
        FUZZ_CHECK(spnegoGetMechTypeOIDPtr(h, i, &oid) == SPNEGO_E_SUCCESS);
        if (spnegoOidToString(&oid, NULL, &text_len) == SPNEGO_E_OID_TOO_LARGE) {
            too_large = 1;
        } else if (text_len > 128) {
            too_long = 1;
        }
    }
    if (spnegoGetSupportedMechOID(h, &oid) == SPNEGO_E_SUCCESS) {
        unsigned long text_len = 0;
        if (spnegoOidToString(&oid, NULL, &text_len) == SPNEGO_E_OID_TOO_LARGE) {
            too_large = 1;
        } else if (text_len > 128) {
            too_long = 1;
        }
    }
    if (too_large) {
        return D_OID_ARC_TOO_LARGE;
    }
    return too_long ? D_OID_TEXT_TOO_LONG : D_NUM_CLASSES;
}

/* ---- comparing two accepted tokens ---- */

/* CI's timed runs set SPNEGO_DIFF_REPORT_ONLY=1: a new disagreement with
 * libtasn1 needs a person to decide which side is wrong (libtasn1 every
 * time so far), so it is printed, not fatal; sanitizer findings still
 * abort. The replay test over the corpus is always strict. */
static int diff_report_only(void)
{
#if defined(SPNEGO_DIFF_TEST_REPORT_ONLY)
    return 1;
#elif defined(SPNEGO_FUZZ_REPLAY)
    return 0;
#else
    const char *env = getenv("SPNEGO_DIFF_REPORT_ONLY");
    return env != NULL && env[0] == '1';
#endif
}

/* Set when a difference was reported in report-only mode. */
static int diff_reported;

static void diff_mismatch(const char *file, int line, const char *what)
{
    if (diff_report_only()) {
        fprintf(stderr, "differential: UNEXPLAINED difference (report-only): %s\n", what);
        diff_reported = 1;
        return;
    }
    fuzz_fail(file, line, what);
}

/* A field where libtasn1 and libspnego disagree: reported through
 * diff_mismatch (fatal unless report-only), and the comparison stops,
 * since what follows reads on the assumption that they agreed. Checks of
 * libspnego against itself stay FUZZ_CHECK: those are bugs. */
#define DIFF_CHECK(cond)                                                     \
    do {                                                                     \
        if (!(cond)) {                                                       \
            diff_mismatch(__FILE__, __LINE__, #cond);                        \
            return;                                                          \
        }                                                                    \
    } while (0)

static void same_bytes(const char *what, const unsigned char *ours, unsigned long ours_len,
                       const unsigned char *theirs, int theirs_len)
{
    if (ours_len != (unsigned long)theirs_len ||
        (ours_len > 0 && memcmp(ours, theirs, (size_t)ours_len) != 0)) {
        fuzz_dump("libspnego", ours, (size_t)ours_len);
        fuzz_dump("libtasn1 ", theirs, (size_t)(theirs_len > 0 ? theirs_len : 0));
        diff_mismatch(__FILE__, __LINE__, what);
    }
}

/* 1 when the dotted strings have the same arcs, each equal or libtasn1's
 * "-N" for our arc 2^64 - N, with at least one negative; 0 otherwise. When
 * ours is longer than libtasn1's 128-byte buffer, libtasn1's text may also
 * end early (its truncation, see same_oid): its last arc then only has to
 * be a prefix. */
static int same_arcs_modulo_sign(const char *ours, const char *theirs)
{
    int negative = 0;
    int truncated = strlen(ours) >= 128; /* does not fit libtasn1's buffer */

    for (;;) {
        size_t a = strcspn(ours, ".");
        size_t b = strcspn(theirs, ".");
        if (truncated && theirs[b] == '\0' && b <= a && strncmp(ours, theirs, b) == 0) {
            return negative; /* libtasn1's text stops inside or after ours */
        }
        if (truncated && theirs[b] == '\0' && theirs[0] == '-' && a < 24) {
            /* ... or inside its negative rendering of our arc */
            char ours_arc[24];
            char neg_text[24];
            memcpy(ours_arc, ours, a);
            ours_arc[a] = '\0';
            snprintf(neg_text, sizeof(neg_text), "%llu",
                     0ULL - strtoull(ours_arc, NULL, 10));
            return strlen(neg_text) >= b - 1 && strncmp(neg_text, theirs + 1, b - 1) == 0;
        }
        if (a == b && strncmp(ours, theirs, a) == 0) {
            /* equal arc */
        } else if (theirs[0] == '-' && b > 1 && b < 24 && a < 24) {
            char ours_arc[24];
            char theirs_arc[24];
            unsigned long long mine;
            unsigned long long neg;
            memcpy(ours_arc, ours, a);
            ours_arc[a] = '\0';
            memcpy(theirs_arc, theirs + 1, b - 1);
            theirs_arc[b - 1] = '\0';
            mine = strtoull(ours_arc, NULL, 10);
            neg = strtoull(theirs_arc, NULL, 10);
            if (neg == 0 || mine != 0ULL - neg) {
                return 0;
            }
            negative = 1;
        } else {
            return 0;
        }
        ours += a;
        theirs += b;
        if (*ours != *theirs) {
            return 0;
        }
        if (*ours == '\0') {
            return negative;
        }
        ours++;
        theirs++;
    }
}

static void same_oid_text(const char *what, const char *ours, const char *text);

/* Our dotted text at its full size (a 300-arc OID is over 512 chars and
 * both decoders accept it), against libtasn1's. */
static void same_oid(const char *what, const SPNEGO_OID *oid, const char *text)
{
    unsigned long len = 0;
    char *ours;

    FUZZ_CHECK(spnegoOidToString(oid, NULL, &len) == SPNEGO_E_BUFFER_TOO_SMALL);
    ours = (char *)fuzz_alloc((size_t)len);
    FUZZ_CHECK(spnegoOidToString(oid, ours, &len) == SPNEGO_E_SUCCESS);
    same_oid_text(what, ours, text);
    free(ours);
}

static void same_oid_text(const char *what, const char *ours, const char *text)
{
    /* libtasn1 decodes arcs in signed 64-bit arithmetic: an arc of 2^63 or
     * more prints as "-N" (N = 2^64 - arc), the first (split) one and any
     * later one. Excused only when every arc matches exactly or is that
     * negative rendering of ours. */
    if (same_arcs_modulo_sign(ours, text)) {
        diff_negative_arc = 1;
        return;
    }
    /* libtasn1 renders OIDs into a fixed 128-byte buffer and silently
     * stops before the arc that would not fit: excused when ours is longer
     * than that buffer and starts with exactly what libtasn1 printed. */
    if (strlen(ours) >= 128 && strlen(text) < strlen(ours) &&
        strncmp(ours, text, strlen(text)) == 0) {
        diff_text_truncated = 1;
        return;
    }
    if (strcmp(ours, text) != 0) {
        fprintf(stderr, "%s: libspnego %s, libtasn1 %s\n", what, ours, text);
        diff_mismatch(__FILE__, __LINE__, what);
    }
}

/* An OCTET STRING / GeneralString field against the pointer getter. */
static void same_field(const char *what, int our_rc, const unsigned char *ours,
                       unsigned long ours_len, asn1_node el, const char *name,
                       const struct ref_field *f)
{
    unsigned char *theirs;
    int theirs_len = 0;

    FUZZ_CHECK(our_rc == SPNEGO_E_SUCCESS || our_rc == SPNEGO_E_ELEMENT_UNAVAILABLE);
    if ((our_rc == SPNEGO_E_SUCCESS) != (f->present != 0)) {
        fprintf(stderr, "%s: present in %s only\n", what,
                our_rc == SPNEGO_E_SUCCESS ? "libspnego" : "libtasn1");
        diff_mismatch(__FILE__, __LINE__, what);
        return;
    }
    if (!f->present) {
        return;
    }
    theirs = ref_read_big(el, name, &theirs_len);
    FUZZ_CHECK(theirs != NULL);
    same_bytes(what, ours, ours_len, theirs, theirs_len);
    free(theirs);
}

static void compare_accepted(SPNEGO_TOKEN_HANDLE h, const struct ref_token *ref,
                             asn1_node el)
{
    const char *root = ref->type == SPNEGO_TOKEN_TARG ? "negTokenResp" :
                       ref->init2 ? "negTokenInit2" : "negTokenInit";
    const unsigned char *p = NULL;
    unsigned long len = 0;
    char name[64];
    int type = -1;
    int init2 = -1;
    int rc;

    FUZZ_CHECK(spnegoGetTokenType(h, &type) == SPNEGO_E_SUCCESS);
    DIFF_CHECK(type == ref->type);
    FUZZ_CHECK(spnegoIsNegTokenInit2(h, &init2) == SPNEGO_E_SUCCESS);
    DIFF_CHECK(init2 == ref->init2);

    rc = spnegoGetMechTokenPtr(h, &p, &len);
    snprintf(name, sizeof(name), "%s.%s", root,
             ref->type == SPNEGO_TOKEN_TARG ? "responseToken" : "mechToken");
    same_field("mechToken/responseToken", rc, p, len, el, name, &ref->mech_token);
    rc = spnegoGetMechListMICPtr(h, &p, &len);
    snprintf(name, sizeof(name), "%s.mechListMIC", root);
    same_field("mechListMIC", rc, p, len, el, name, &ref->mic);

    if (ref->type == SPNEGO_TOKEN_INIT) {
        unsigned long count = 0;
        unsigned long i;
        unsigned long off = 0;
        unsigned long span_len = 0;
        const unsigned char *token = NULL;
        unsigned long token_len = 0;

        rc = spnegoGetMechTypeCount(h, &count);
        if (ref->num_mechs == ~0UL) {
            DIFF_CHECK(rc == SPNEGO_E_ELEMENT_UNAVAILABLE);
        } else {
            DIFF_CHECK(rc == SPNEGO_E_SUCCESS && count == ref->num_mechs);
            DIFF_CHECK(ref->mech_text_ok);
            for (i = 0; i < count && i < 16; i++) {
                SPNEGO_OID oid;
                FUZZ_CHECK(spnegoGetMechTypeOIDPtr(h, i, &oid) == SPNEGO_E_SUCCESS);
                same_oid("mechTypes", &oid, ref->mechs[i]);
            }
        }
        /* reqFlags: the whole BIT STRING, read from the token via its span
         * ([1] { 03 L unused data... }, minimal lengths under STRICT). */
        rc = spnegoGetElementSpan(h, SPNEGO_ELEMENT_REQ_FLAGS, &off, &span_len);
        DIFF_CHECK((rc == SPNEGO_E_SUCCESS) == (ref->req_flags.present != 0));
        if (rc == SPNEGO_E_SUCCESS) {
            unsigned char flags = 0;
            int num_bytes = (ref->req_flags.len + 7) / 8;
            FUZZ_CHECK(spnegoTokenGetBinaryPtr(h, &token, &token_len) == SPNEGO_E_SUCCESS);
            FUZZ_CHECK(span_len >= 5 && token[off + 2] == 0x03);
            /* content = unused-bits octet + data octets */
            DIFF_CHECK((unsigned long)num_bytes + 5 == span_len);
            DIFF_CHECK(token[off + 4] == (unsigned char)(num_bytes * 8 - ref->req_flags.len));
            same_bytes("reqFlags", token + off + 5, (unsigned long)num_bytes,
                       ref->req_flags.buf, num_bytes);
            FUZZ_CHECK(spnegoGetContextFlags(h, &flags) == SPNEGO_E_SUCCESS);
            DIFF_CHECK(flags == (num_bytes > 0 ? ref->req_flags.buf[0] : 0));
        }
        if (ref->init2) {
            unsigned char buf[256];
            unsigned long buf_len = sizeof(buf);
            rc = spnegoGetElementSpan(h, SPNEGO_ELEMENT_NEG_HINTS, &off, &span_len);
            DIFF_CHECK((rc == SPNEGO_E_SUCCESS) == (ref->has_neg_hints != 0));
            rc = spnegoGetNegHintName(h, buf, &buf_len);
            if (rc == SPNEGO_E_BUFFER_TOO_SMALL) {
                DIFF_CHECK(ref->hint_name.present && ref->hint_name.len == (int)buf_len);
            } else {
                same_field("hintName", rc, buf, buf_len, el,
                           "negTokenInit2.negHints.hintName", &ref->hint_name);
            }
            buf_len = sizeof(buf);
            rc = spnegoGetNegHintAddress(h, buf, &buf_len);
            if (rc == SPNEGO_E_BUFFER_TOO_SMALL) {
                DIFF_CHECK(ref->hint_addr.present && ref->hint_addr.len == (int)buf_len);
            } else {
                same_field("hintAddress", rc, buf, buf_len, el,
                           "negTokenInit2.negHints.hintAddress", &ref->hint_addr);
            }
        }
    } else {
        SPNEGO_NEGRESULT result = spnego_negresult_NotUsed;
        SPNEGO_OID oid;
        rc = spnegoGetNegotiationResult(h, &result);
        DIFF_CHECK((rc == SPNEGO_E_SUCCESS) == (ref->neg_state.present != 0));
        if (rc == SPNEGO_E_SUCCESS) {
            DIFF_CHECK((long)result == ref->neg_state_value);
        }
        rc = spnegoGetSupportedMechOID(h, &oid);
        DIFF_CHECK((rc == SPNEGO_E_SUCCESS) == (ref->supported.present != 0));
        if (rc == SPNEGO_E_SUCCESS) {
            DIFF_CHECK(ref->mech_text_ok);
            same_oid("supportedMech", &oid, (const char *)ref->supported.buf);
        }
    }
}

/* ---- driver ---- */

#ifdef SPNEGO_FUZZ_REPLAY
static void diff_summary(void)
{
    int i;

    printf("differential: %lu unexplained reported, %d objects not freed\n",
           diff_num_reported, diff_live);
    if (diff_live != 0) {
        fflush(stdout);
        abort();
    }
    printf("differential: classes seen:\n");
    for (i = 0; i < D_NUM_CLASSES; i++) {
        if (diff_seen[i] > 0) {
            printf("  %-24s %lu\n", diff_class_names[i], diff_seen[i]);
        }
    }
}
#endif

static void diff_init(void)
{
    char err[ASN1_MAX_ERROR_DESCRIPTION_SIZE];

    if (diff_defs != NULL) {
        return;
    }
    if (asn1_parser2tree(SPNEGO_DIFF_ASN1_FILE, &diff_defs, err) != ASN1_SUCCESS) {
        fprintf(stderr, "differential: %s: %s\n", SPNEGO_DIFF_ASN1_FILE, err);
        abort();
    }
#ifdef SPNEGO_FUZZ_REPLAY
    atexit(diff_summary);
#endif
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t empty[1] = {0};
    SPNEGO_TOKEN_HANDLE h = NULL;
    struct ref_token ref;
    asn1_node el = NULL;
    const unsigned char *inner = NULL;
    int inner_len = 0;
    enum diff_class cls;
    int rc;

    diff_init();
    /* Every path of the previous input freed what it made. */
    FUZZ_CHECK(diff_live == 0);
    if (data == NULL) {
        data = empty;
    }
    if (size > 0x100000) {
        return 0;
    }
    rc = spnegoInitFromBinaryEx(data, (unsigned long)size, SPNEGO_PARSE_STRICT, &h);
    ref_decode(data, size, &ref, &el, &inner, &inner_len);
    diff_live += (h != NULL) + (el != NULL);

    if (rc == SPNEGO_E_SUCCESS && ref.accepted) {
        diff_negative_arc = 0;
        diff_text_truncated = 0;
        compare_accepted(h, &ref, el);
        cls = diff_negative_arc    ? D_TASN1_NEGATIVE_ARC
              : diff_text_truncated ? D_OID_TEXT_TOO_LONG
                                    : D_AGREE_ACCEPT;
    } else if (rc != SPNEGO_E_SUCCESS && !ref.accepted) {
        cls = D_AGREE_REJECT;
    } else if (rc != SPNEGO_E_SUCCESS) {
        cls = explain_ours_rejects(&ref, el, inner, inner_len, rc);
        if (cls == D_NUM_CLASSES) {
            fprintf(stderr, "differential: libtasn1 accepts, libspnego STRICT says %d (%s)\n",
                    rc, spnegoErrorString(rc));
        }
    } else {
        cls = explain_ref_rejects(h);
        if (cls == D_NUM_CLASSES) {
            fprintf(stderr, "differential: libspnego STRICT accepts, libtasn1 rejects\n");
        }
    }
#ifdef SPNEGO_DIFF_TEST_REPORT_ONLY
    /* The report-only test: every documented difference is treated as
     * new, so the report path below runs on each such corpus input. */
    if (cls > D_AGREE_REJECT) {
        cls = D_NUM_CLASSES;
    }
#endif
    if (cls == D_NUM_CLASSES) {
        fuzz_dump("differential: input", data, size);
        diff_mismatch(__FILE__, __LINE__, "unexplained difference");
        diff_num_reported++;
        goto done; /* report-only: still free both sides (LeakSanitizer) */
    }
    if (diff_reported) {
        fuzz_dump("differential: input", data, size);
        diff_reported = 0;
        diff_num_reported++;
    }
#ifndef SPNEGO_FUZZ_REPLAY
    /* Fuzzing: name each documented difference class once. */
    if (diff_seen[cls] == 0 && cls > D_AGREE_REJECT) {
        fprintf(stderr, "differential: documented difference '%s'\n",
                diff_class_names[cls]);
    }
#endif
    diff_seen[cls]++;
done:
    if (el != NULL) {
        diff_live--;
    }
    if (h != NULL) {
        diff_live--;
    }
    asn1_delete_structure(&el);
    spnegoFreeData(h);
    return 0;
}
