/*
 * spnego_token_build.c - L1: size and write SPNEGO tokens.
 *
 *   InitialContextToken ::= [APPLICATION 0] IMPLICIT SEQUENCE {
 *       thisMech 1.3.6.1.5.5.2, [0] NegTokenInit | NegTokenInit2 }
 *   NegTokenInit  ::= SEQUENCE { [0] MechTypeList, [1] ContextFlags OPTIONAL,
 *                     [2] OCTET STRING OPTIONAL, [3] OCTET STRING OPTIONAL }
 *   NegTokenInit2 ::= SEQUENCE { [0] MechTypeList, [1] ContextFlags OPTIONAL,
 *                     [2] OCTET STRING OPTIONAL, [3] NegHints OPTIONAL,
 *                     [4] OCTET STRING OPTIONAL }
 *   NegHints      ::= SEQUENCE { [0] GeneralString OPTIONAL,
 *                                [1] OCTET STRING OPTIONAL }
 *   [1] NegTokenResp ::= SEQUENCE { [0] ENUMERATED OPTIONAL, [1] OID OPTIONAL,
 *                     [2] OCTET STRING OPTIONAL, [3] OCTET STRING OPTIONAL }
 *
 * Output is DER (minimal lengths, fields in tag order) with one documented
 * exception: reqFlags is 03 02 01 xx unless der_req_flags is set, because
 * MIT krb5 refuses every other form. The size pass checks every argument
 * and adds through spnego_der_add() into a layout whose total is the
 * buffer's size; the write pass takes every other length from its own
 * positions, so writing cannot fail unless the two disagree, which
 * spnego_tok_build_write() reports.
 */
#include "spnego_token.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

/* SPNEGO_OID lengths are unsigned long; this file converts them to size_t
 * unchecked, which is exact when size_t is at least as wide (ILP32, LP64,
 * LLP64 all qualify). */
#if ULONG_MAX > SIZE_MAX
#error "libspnego needs size_t at least as wide as unsigned long"
#endif

/* Explicit tag around a TLV of inner content_len: [n] { tag L content }. */
SPNEGO_FORCE_INLINE int build_explicit_size(size_t content_len, size_t *out)
{
    size_t inner;

    return spnego_der_tlv_size(content_len, &inner) &&
           spnego_der_tlv_size(inner, out);
}

/* A pointer and a length agree: both absent, or a pointer with bytes. */
SPNEGO_FORCE_INLINE int build_pair_ok(const void *ptr, size_t len)
{
    return (ptr == NULL) == (len == 0);
}

/* Content octets of reqFlags: 0 when absent; 1 for an empty minimal-DER
 * BIT STRING (03 01 00, no flag with der_req_flags); else 2. */
SPNEGO_FORCE_INLINE size_t build_req_flags_len(const struct spnego_tok_params *params)
{
    if (params->req_flags == 0 && !params->zero_req_flags) {
        return 0;
    }
    return (params->req_flags == 0 && params->der_req_flags) ? 1 : 2;
}

/* The content octets of reqFlags: unused-bits count, then the flags (the
 * first build_req_flags_len() of them). */
static void build_req_flags_bits(const struct spnego_tok_params *params,
                                 unsigned char out[2])
{
    unsigned unused = 1;

    if (params->der_req_flags && params->req_flags == 0) {
        unused = 0; /* X.690 8.6.2.3: no bits, no unused bits */
    } else if (params->der_req_flags) {
        /* DER drops trailing zero bits of a named bit list (X.690 11.2.2). */
        unused = 0;
        while (((params->req_flags >> unused) & 1u) == 0) {
            unused++;
        }
    }
    out[0] = (unsigned char)unused;
    out[1] = params->req_flags;
}

SPNEGO_FORCE_INLINE int build_check_oid(const SPNEGO_OID *oid)
{
    if (oid->pbOid == NULL || oid->ulOidLen == 0) {
        return SPNEGO_E_INVALID_OID;
    }
    if (spnego_der_check_oid(oid->pbOid, (size_t)oid->ulOidLen) != SPNEGO_DER_OK) {
        return SPNEGO_E_INVALID_OID;
    }
    return SPNEGO_E_SUCCESS;
}


SPNEGO_FORCE_INLINE int build_add_explicit(size_t *acc, size_t content_len)
{
    size_t field;

    return build_explicit_size(content_len, &field) &&
           spnego_der_add(*acc, field, acc);
}

static int build_init_fields(const struct spnego_tok_params *params,
                             struct spnego_tok_layout *sizes)
{
    size_t i;
    size_t oid_tlv;
    size_t acc = 0;

    if (params->mechs == NULL || params->num_mechs == 0) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    for (i = 0; i < params->num_mechs; i++) {
        int rc;
        /* Size before content: an absurd length is refused unread. */
        if (!spnego_der_tlv_size((size_t)params->mechs[i].ulOidLen, &oid_tlv) ||
            !spnego_der_add(sizes->mech_list_content, oid_tlv,
                            &sizes->mech_list_content)) {
            return SPNEGO_E_INVALID_LENGTH;
        }
        rc = build_check_oid(&params->mechs[i]);
        if (rc != SPNEGO_E_SUCCESS) {
            return rc;
        }
    }
    if ((params->req_flags & ~SPNEGO_NEGINIT_CONTEXT_MASK) != 0) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (!build_add_explicit(&acc, sizes->mech_list_content)) {
        return SPNEGO_E_INVALID_LENGTH;
    }
    if (build_req_flags_len(params) != 0 &&
        !build_add_explicit(&acc, build_req_flags_len(params))) {
        return SPNEGO_E_INVALID_LENGTH;
    }
    if (params->mech_token != NULL &&
        !build_add_explicit(&acc, params->mech_token_len)) {
        return SPNEGO_E_INVALID_LENGTH;
    }
    if (params->init2 && params->has_hints) {
        size_t part;
        if (params->hint_name != NULL) {
            if (!build_explicit_size(params->hint_name_len, &part) ||
                !spnego_der_add(sizes->hints_content, part, &sizes->hints_content)) {
                return SPNEGO_E_INVALID_LENGTH;
            }
        }
        if (params->hint_addr != NULL) {
            if (!build_explicit_size(params->hint_addr_len, &part) ||
                !spnego_der_add(sizes->hints_content, part, &sizes->hints_content)) {
                return SPNEGO_E_INVALID_LENGTH;
            }
        }
        if (!build_add_explicit(&acc, sizes->hints_content)) {
            return SPNEGO_E_INVALID_LENGTH;
        }
    }
    if (params->mic != NULL && !build_add_explicit(&acc, params->mic_len)) {
        return SPNEGO_E_INVALID_LENGTH;
    }
    sizes->fields = acc;
    return SPNEGO_E_SUCCESS;
}

static int build_resp_fields(const struct spnego_tok_params *params,
                             struct spnego_tok_layout *sizes)
{
    size_t acc = 0;

    if (params->neg_state < -1 || params->neg_state > 3) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (params->neg_state < 0 && params->supported_mech == NULL &&
        params->mech_token == NULL && params->mic == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    /* supportedMech only appears in the first reply, which must carry
     * negState (RFC 4178 4.2.2): refuse what parsing would flag. */
    if (params->supported_mech != NULL && params->neg_state < 0) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (params->neg_state >= 0 && !build_add_explicit(&acc, 1)) {
        return SPNEGO_E_INVALID_LENGTH;
    }
    if (params->supported_mech != NULL) {
        int rc;
        if (!build_add_explicit(&acc, (size_t)params->supported_mech->ulOidLen)) {
            return SPNEGO_E_INVALID_LENGTH;
        }
        rc = build_check_oid(params->supported_mech);
        if (rc != SPNEGO_E_SUCCESS) {
            return rc;
        }
    }
    if (params->mech_token != NULL &&
        !build_add_explicit(&acc, params->mech_token_len)) {
        return SPNEGO_E_INVALID_LENGTH;
    }
    if (params->mic != NULL && !build_add_explicit(&acc, params->mic_len)) {
        return SPNEGO_E_INVALID_LENGTH;
    }
    sizes->fields = acc;
    return SPNEGO_E_SUCCESS;
}

static int build_sizes_compute(const struct spnego_tok_params *params,
                               struct spnego_tok_layout *sizes)
{
    size_t oid_tlv;
    int rc;

    sizes->mech_list_content = 0;
    sizes->hints_content = 0;
    if (!build_pair_ok(params->mech_token, params->mech_token_len) ||
        !build_pair_ok(params->mic, params->mic_len) ||
        !build_pair_ok(params->hint_addr, params->hint_addr_len) ||
        (params->hint_name == NULL && params->hint_name_len != 0)) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (params->type == SPNEGO_TOKEN_INIT) {
        rc = build_init_fields(params, sizes);
    } else if (params->type == SPNEGO_TOKEN_TARG) {
        rc = build_resp_fields(params, sizes);
    } else {
        rc = SPNEGO_E_INVALID_PARAMETER;
    }
    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    if (!spnego_der_tlv_size(sizes->fields, &sizes->seq) ||
        !spnego_der_tlv_size(sizes->seq, &sizes->choice)) {
        return SPNEGO_E_INVALID_LENGTH;
    }
    if (params->type == SPNEGO_TOKEN_TARG) {
        sizes->token = sizes->choice;
    } else if (!spnego_der_tlv_size(sizeof(spnego_mech_spnego_oid), &oid_tlv) ||
               !spnego_der_add(oid_tlv, sizes->choice, &sizes->framed_content) ||
               !spnego_der_tlv_size(sizes->framed_content, &sizes->token)) {
        return SPNEGO_E_INVALID_LENGTH;
    }
    /* A mechListMIC equal to the mech token is the Windows 2000 bug that
     * parsing flags (SPNEGO_WARN_MIC_IS_MECH_TOKEN): never produce it.
     * Compared only now that every length is known to fit a token, so an
     * absurd length is refused without reading the caller's bytes. */
    if (params->mech_token != NULL && params->mic != NULL &&
        params->mech_token_len == params->mic_len &&
        (params->mech_token == params->mic ||
         memcmp(params->mech_token, params->mic, params->mic_len) == 0)) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    return SPNEGO_E_SUCCESS;
}

int spnego_tok_build_size(const struct spnego_tok_params *params,
                          struct spnego_tok_layout *out_layout)
{
    return build_sizes_compute(params, out_layout);
}

/* ---- write pass: everything in reverse order ---- */

/*
 * Writing backwards, a container's content is what was written since the
 * writer stood at its end, so every length comes from two positions; the
 * size pass is needed only for the total.
 *
 * The write pass also indexes what it writes, so a built handle needs no
 * parse of its own bytes: every offset is the writer's position at the
 * moment an element's value or wrapper is complete. The spans are exactly
 * what spnego_tok_parse() finds in the result (tests build with
 * SPNEGO_CHECK_BUILD_SPANS, which compares the two for every token).
 */
struct build_out {
    struct spnego_der_writer w;
    struct spnego_tok *tok;
};

/* Offset of the first byte written so far. */
SPNEGO_FORCE_INLINE size_t build_off(const struct build_out *out)
{
    return spnego_der_writer_room(&out->w);
}

/* A header for what was written since offset end. */
SPNEGO_FORCE_INLINE int build_close(struct build_out *out, unsigned tag, size_t end)
{
    return spnego_der_put_header(&out->w, tag, end - build_off(out)) == SPNEGO_DER_OK;
}

/* Element e: its wrapper starts at the writer's position; its value is
 * value_len bytes at value_off, up to the wrapper's end. */
SPNEGO_FORCE_INLINE void build_span(struct build_out *out, int e, size_t value_off, size_t value_len)
{
    struct spnego_tok_span *span = &out->tok->elem[e];

    span->value_off = value_off;
    span->value_len = value_len;
    out->tok->head[e] = (unsigned char)(value_off - build_off(out));
    out->tok->present |= 1u << e;
}

/* tag L content, then [n] around it: element e, whose value is the
 * content. */
SPNEGO_FORCE_INLINE int build_put_explicit(struct build_out *out, int e, unsigned n,
                              unsigned tag, const unsigned char *content,
                              size_t content_len)
{
    size_t end = build_off(out);
    size_t value_off;

    if (spnego_der_put_raw(&out->w, content, content_len) != SPNEGO_DER_OK) {
        return 0;
    }
    value_off = build_off(out);
    if (spnego_der_put_header(&out->w, tag, content_len) != SPNEGO_DER_OK ||
        !build_close(out, SPNEGO_DER_CONTEXT(n), end)) {
        return 0;
    }
    build_span(out, e, value_off, content_len);
    return 1;
}

/* negHints [3] { SEQUENCE { [0] hintName, [1] hintAddress } } */
static int build_write_hints(const struct spnego_tok_params *params, struct build_out *out)
{
    size_t end = build_off(out);
    size_t value_off;

    if (params->hint_addr != NULL &&
        !build_put_explicit(out, SPNEGO_ELEMENT_HINT_ADDRESS, 1, SPNEGO_DER_TAG_OCTET_STRING,
                            params->hint_addr, params->hint_addr_len)) {
        return 0;
    }
    if (params->hint_name != NULL &&
        !build_put_explicit(out, SPNEGO_ELEMENT_HINT_NAME, 0, SPNEGO_DER_TAG_GENERAL_STRING,
                            params->hint_name, params->hint_name_len)) {
        return 0;
    }
    value_off = build_off(out);
    if (!build_close(out, SPNEGO_DER_TAG_SEQUENCE, end) ||
        !build_close(out, SPNEGO_DER_CONTEXT(3), end)) {
        return 0;
    }
    build_span(out, SPNEGO_ELEMENT_NEG_HINTS, value_off, end - value_off);
    return 1;
}

/* mechTypes [0] { SEQUENCE OF OID }; its value is the whole SEQUENCE. */
static int build_write_mech_types(const struct spnego_tok_params *params,
                                  struct build_out *out)
{
    size_t end = build_off(out);
    size_t value_off;
    size_t i;

    for (i = params->num_mechs; i > 0; i--) {
        const SPNEGO_OID *oid = &params->mechs[i - 1];
        if (spnego_der_put_raw(&out->w, oid->pbOid, (size_t)oid->ulOidLen) != SPNEGO_DER_OK) {
            return 0;
        }
        if (i - 1 < SPNEGO_TOK_MECHS_KEPT) {
            out->tok->mech[i - 1].value_off = build_off(out);
            out->tok->mech[i - 1].value_len = (size_t)oid->ulOidLen;
        }
        if (spnego_der_put_header(&out->w, SPNEGO_DER_TAG_OID, (size_t)oid->ulOidLen) !=
            SPNEGO_DER_OK) {
            return 0;
        }
    }
    if (!build_close(out, SPNEGO_DER_TAG_SEQUENCE, end)) {
        return 0;
    }
    value_off = build_off(out);
    if (!build_close(out, SPNEGO_DER_CONTEXT(0), end)) {
        return 0;
    }
    build_span(out, SPNEGO_ELEMENT_MECH_TYPES, value_off, end - value_off);
    out->tok->num_mechs = params->num_mechs;
    return 1;
}

static int build_write_init(const struct spnego_tok_params *params, struct build_out *out)
{
    if (params->mic != NULL &&
        !build_put_explicit(out, SPNEGO_ELEMENT_MECH_LIST_MIC, params->init2 ? 4u : 3u,
                            SPNEGO_DER_TAG_OCTET_STRING, params->mic, params->mic_len)) {
        return 0;
    }
    if (params->init2 && params->has_hints && !build_write_hints(params, out)) {
        return 0;
    }
    if (params->mech_token != NULL &&
        !build_put_explicit(out, SPNEGO_ELEMENT_MECH_TOKEN, 2, SPNEGO_DER_TAG_OCTET_STRING,
                            params->mech_token, params->mech_token_len)) {
        return 0;
    }
    if (build_req_flags_len(params) != 0) {
        unsigned char bits[2];
        build_req_flags_bits(params, bits);
        if (!build_put_explicit(out, SPNEGO_ELEMENT_REQ_FLAGS, 1, SPNEGO_DER_TAG_BIT_STRING,
                                bits, build_req_flags_len(params))) {
            return 0;
        }
        out->tok->req_flags = params->req_flags;
    }
    /* The parse of an Init2 sees negHints or a [4] mechListMIC. */
    out->tok->is_init2 = params->init2 && (params->has_hints || params->mic != NULL);
    return build_write_mech_types(params, out);
}

static int build_write_resp(const struct spnego_tok_params *params,
                            struct build_out *out)
{
    if (params->mic != NULL &&
        !build_put_explicit(out, SPNEGO_ELEMENT_MECH_LIST_MIC, 3, SPNEGO_DER_TAG_OCTET_STRING,
                            params->mic, params->mic_len)) {
        return 0;
    }
    if (params->mech_token != NULL &&
        !build_put_explicit(out, SPNEGO_ELEMENT_MECH_TOKEN, 2, SPNEGO_DER_TAG_OCTET_STRING,
                            params->mech_token, params->mech_token_len)) {
        return 0;
    }
    if (params->supported_mech != NULL &&
        !build_put_explicit(out, SPNEGO_ELEMENT_SUPPORTED_MECH, 1, SPNEGO_DER_TAG_OID,
                            params->supported_mech->pbOid,
                            (size_t)params->supported_mech->ulOidLen)) {
        return 0;
    }
    if (params->neg_state >= 0) {
        unsigned char state = (unsigned char)params->neg_state;
        if (!build_put_explicit(out, SPNEGO_ELEMENT_NEG_STATE, 0, SPNEGO_DER_TAG_ENUMERATED,
                                &state, 1)) {
            return 0;
        }
        out->tok->neg_state = params->neg_state;
    }
    return 1;
}

int spnego_tok_build_write(const struct spnego_tok_params *params,
                           const struct spnego_tok_layout *layout,
                           unsigned char *buf, size_t buf_len,
                           struct spnego_tok *out_tok)
{
    struct build_out out;
    int ok;

    if (buf_len != layout->token) {
        return SPNEGO_E_BUFFER_TOO_SMALL;
    }
    spnego_der_writer_init(&out.w, buf, buf_len);
    out.tok = out_tok;
    out_tok->type = params->type;
    out_tok->framed = params->type == SPNEGO_TOKEN_INIT;
    out_tok->is_init2 = 0;
    out_tok->token_len = buf_len;
    out_tok->present = 0;
    out_tok->num_mechs = 0;
    out_tok->req_flags = 0;
    out_tok->neg_state = -1;
    /* Warnings describe what a peer sent: the builders refuse everything
     * parsing would flag, except forms the caller asks for by name (the
     * 03 02 01 xx reqFlags, SPNEGO_BUILD_ZERO_REQFLAGS). */
    out_tok->warnings = 0;
    if (params->type == SPNEGO_TOKEN_INIT) {
        ok = build_write_init(params, &out);
    } else {
        ok = build_write_resp(params, &out);
    }
    ok = ok && build_close(&out, SPNEGO_DER_TAG_SEQUENCE, buf_len) &&
         build_close(&out, SPNEGO_DER_CONTEXT(params->type == SPNEGO_TOKEN_INIT ? 0 : 1),
                     buf_len);
    if (ok && params->type == SPNEGO_TOKEN_INIT) {
        ok = spnego_der_put_raw(&out.w, spnego_mech_spnego_oid,
                                sizeof(spnego_mech_spnego_oid)) == SPNEGO_DER_OK &&
             spnego_der_put_header(&out.w, SPNEGO_DER_TAG_OID,
                                   sizeof(spnego_mech_spnego_oid)) == SPNEGO_DER_OK &&
             build_close(&out, SPNEGO_DER_CLASS_APPLICATION | SPNEGO_DER_CONSTRUCTED, buf_len);
    }
    /* The size pass and the write pass must agree to the byte. */
    return (ok && spnego_der_writer_room(&out.w) == 0) ? SPNEGO_E_SUCCESS
                                                       : SPNEGO_E_PARSE_FAILED;
}
