/*
 * spnego_token_parse.c - L1: validate a SPNEGO token into element spans.
 *
 *   InitialContextToken ::= [APPLICATION 0] IMPLICIT SEQUENCE {
 *       thisMech MechType (1.3.6.1.5.5.2), innerContextToken NegotiationToken }
 *   NegotiationToken ::= CHOICE { negTokenInit [0] NegTokenInit,
 *                                 negTokenResp [1] NegTokenResp }
 *   NegTokenInit ::= SEQUENCE { mechTypes [0] MechTypeList,
 *       reqFlags [1] ContextFlags OPTIONAL, mechToken [2] OCTET STRING OPTIONAL,
 *       mechListMIC [3] OCTET STRING OPTIONAL, ... }
 *   NegTokenInit2 ::= SEQUENCE { mechTypes [0] MechTypeList OPTIONAL,
 *       reqFlags [1] ..., mechToken [2] ..., negHints [3] NegHints OPTIONAL,
 *       mechListMIC [4] OCTET STRING OPTIONAL, ... }            -- MS-SPNG
 *   NegHints ::= SEQUENCE { hintName [0] GeneralString OPTIONAL,
 *                           hintAddress [1] OCTET STRING OPTIONAL }
 *   NegTokenResp ::= SEQUENCE { negState [0] ENUMERATED { accept-completed(0),
 *       accept-incomplete(1), reject(2), request-mic(3) } OPTIONAL,
 *       supportedMech [1] MechType OPTIONAL, responseToken [2] OCTET STRING
 *       OPTIONAL, mechListMIC [3] OCTET STRING OPTIONAL, ... }
 *
 * All tags are EXPLICIT. The parser is iterative (no recursion: nesting
 * depth is fixed by the grammar) and records offsets, not pointers, so the
 * same result serves a copied token and the caller's buffer.
 */
#include "spnego_token.h"

#include <stdint.h>
#include <string.h>

struct parse_ctx {
    const unsigned char *base;
    size_t body_off; /* the NegTokenInit/Resp SEQUENCE: cross-field errors */
    unsigned long flags;
    struct spnego_tok *tok;
    size_t err_off;
};

static size_t parse_off(const struct parse_ctx *ctx, const unsigned char *p)
{
    return (size_t)(p - ctx->base);
}

static int parse_map_der(enum spnego_der_status status)
{
    switch (status) {
    case SPNEGO_DER_OK:
        return SPNEGO_E_SUCCESS;
    case SPNEGO_DER_TRUNCATED:
    case SPNEGO_DER_BAD_LENGTH:
        return SPNEGO_E_INVALID_LENGTH;
    case SPNEGO_DER_HIGH_TAG:
    case SPNEGO_DER_WRONG_TAG:
        return SPNEGO_E_UNEXPECTED_TYPE;
    case SPNEGO_DER_BAD_OID:
        return SPNEGO_E_INVALID_OID;
    case SPNEGO_DER_NOT_MINIMAL:
        return SPNEGO_E_NOT_DER;
    case SPNEGO_DER_BAD_VALUE:
    case SPNEGO_DER_NO_ROOM:
    default:
        return SPNEGO_E_INVALID_ELEMENT;
    }
}

/* Records where the first broken rule was found and returns its code.
 * Offsets are stored on failure only: the success path never pays for
 * them. */
static int parse_fail_at(struct parse_ctx *ctx, const unsigned char *p, int rc)
{
    ctx->err_off = parse_off(ctx, p);
    return rc;
}

/* A deviation real peers produce, found in the element at p: a warning by
 * default, an error under SPNEGO_PARSE_STRICT. */
static int parse_tolerate_at(struct parse_ctx *ctx, const unsigned char *p,
                             unsigned long warning, int strict_error)
{
    if (ctx->flags & SPNEGO_PARSE_STRICT) {
        return parse_fail_at(ctx, p, strict_error);
    }
    ctx->tok->warnings |= warning;
    return SPNEGO_E_SUCCESS;
}

/* What parse_tlv_slow() read. Returned by value: a caller's view and TLV
 * whose address never leaves the caller can live in registers. */
struct parse_read {
    int rc;
    struct spnego_der_tlv tlv;
    struct spnego_der_view rest;
};

/* Every header form, with the offset of the element on failure: the rare
 * path of parse_tlv(). */
static SPNEGO_NOINLINE struct parse_read parse_tlv_slow(struct parse_ctx *ctx,
                                                        struct spnego_der_view view,
                                                        unsigned tag)
{
    struct parse_read r;
    enum spnego_der_status status;

    r.rest = view;
    status = spnego_der_get_tag(&r.rest, tag, &r.tlv);
    if (status != SPNEGO_DER_OK) {
        r.rc = parse_fail_at(ctx, view.data, parse_map_der(status));
    } else if (r.tlv.nonminimal_len) {
        r.rc = parse_tolerate_at(ctx, view.data, SPNEGO_WARN_NONMINIMAL_LENGTH,
                                 SPNEGO_E_NOT_DER);
    } else {
        r.rc = SPNEGO_E_SUCCESS;
    }
    return r;
}

/*
 * Reads the next TLV, which must have the given tag. Most elements of a
 * token are short (one length octet under 128): that case is decided here
 * in three comparisons, with the result spnego_der_get_tag() would give;
 * every other header goes to parse_tlv_slow().
 */
SPNEGO_FORCE_INLINE int parse_tlv(struct parse_ctx *ctx, struct spnego_der_view *view,
                                  unsigned tag, struct spnego_der_tlv *out_tlv)
{
    const unsigned char *p = view->data;
    size_t remaining = view->len;
    struct parse_read r;

    if (remaining >= 2 && p[0] == tag) {
        size_t header_len = 2;
        size_t content_len = p[1];

        /* The minimal long forms of lengths up to 64 KiB: 82 0100..FFFF
         * (a Kerberos ticket) and 81 80..FF. Anything else, including a
         * non-minimal 81 7F, is slow. */
        if (content_len >= 0x80u) {
            if (content_len == 0x82u && remaining >= 4 && p[2] != 0) {
                content_len = ((size_t)p[2] << 8) | p[3];
                header_len = 4;
            } else if (content_len == 0x81u && remaining >= 3 && p[2] >= 0x80u) {
                content_len = p[2];
                header_len = 3;
            } else {
                content_len = SIZE_MAX;
            }
        }
        if (content_len <= remaining - header_len) {
            out_tlv->tag = tag;
            out_tlv->whole.data = p;
            out_tlv->whole.len = header_len + content_len;
            out_tlv->content.data = p + header_len;
            out_tlv->content.len = content_len;
            out_tlv->nonminimal_len = 0;
            view->data = p + header_len + content_len;
            view->len = remaining - header_len - content_len;
            return SPNEGO_E_SUCCESS;
        }
    }
    r = parse_tlv_slow(ctx, *view, tag);
    if (r.rc == SPNEGO_E_SUCCESS) {
        *out_tlv = r.tlv;
        *view = r.rest;
    }
    return r.rc;
}

/* A container must be consumed exactly: anything left is an error. */
SPNEGO_FORCE_INLINE int parse_expect_end(struct parse_ctx *ctx,
                            const struct spnego_der_view *view)
{
    if (view->len != 0) {
        return parse_fail_at(ctx, view->data, SPNEGO_E_TRAILING_DATA);
    }
    return SPNEGO_E_SUCCESS;
}

/* Reads the single inner TLV of an explicit [n] and requires it to fill
 * the wrapper. The short form that fills it exactly is one comparison
 * more than the tag's; every other case goes through parse_tlv(). */
SPNEGO_FORCE_INLINE int parse_explicit_inner(struct parse_ctx *ctx,
                                             const struct spnego_der_tlv *wrapper,
                                             unsigned tag,
                                             struct spnego_der_tlv *out_inner)
{
    struct spnego_der_view inner = wrapper->content;
    int rc;

    if (inner.len >= 2 && inner.len - 2 < 0x80u && inner.data[0] == tag &&
        inner.data[1] == inner.len - 2) {
        out_inner->tag = tag;
        out_inner->whole = inner;
        out_inner->content.data = inner.data + 2;
        out_inner->content.len = inner.len - 2;
        out_inner->nonminimal_len = 0;
        return SPNEGO_E_SUCCESS;
    }
    rc = parse_tlv(ctx, &inner, tag, out_inner);
    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    return parse_expect_end(ctx, &inner);
}

SPNEGO_FORCE_INLINE void parse_set(struct parse_ctx *ctx, int e,
                      const struct spnego_der_tlv *wrapper,
                      const struct spnego_der_view *value)
{
    struct spnego_tok_span *span = &ctx->tok->elem[e];

    span->value_off = parse_off(ctx, value->data);
    span->value_len = value->len;
    ctx->tok->head[e] = (unsigned char)(value->data - wrapper->whole.data);
    ctx->tok->present |= 1u << e;
}

SPNEGO_FORCE_INLINE int parse_oid(struct parse_ctx *ctx, const struct spnego_der_tlv *oid)
{
    enum spnego_der_status status = spnego_der_check_oid(oid->content.data,
                                                         oid->content.len);

    if (status != SPNEGO_DER_OK) {
        return parse_fail_at(ctx, oid->whole.data, parse_map_der(status));
    }
    return SPNEGO_E_SUCCESS;
}

/* mechTypes [0] MechTypeList ::= SEQUENCE OF MechType (one or more). */
SPNEGO_FORCE_INLINE int parse_mech_types(struct parse_ctx *ctx,
                            const struct spnego_der_tlv *wrapper)
{
    struct spnego_der_tlv list;
    struct spnego_der_tlv oid;
    struct spnego_der_view walk;
    size_t num_mechs = 0;
    int rc = parse_explicit_inner(ctx, wrapper, SPNEGO_DER_TAG_SEQUENCE, &list);

    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    walk = list.content;
    while (walk.len > 0) {
        rc = parse_tlv(ctx, &walk, SPNEGO_DER_TAG_OID, &oid);
        if (rc != SPNEGO_E_SUCCESS) {
            return rc;
        }
        rc = parse_oid(ctx, &oid);
        if (rc != SPNEGO_E_SUCCESS) {
            return rc;
        }
        if (num_mechs < SPNEGO_TOK_MECHS_KEPT) {
            ctx->tok->mech[num_mechs].value_off = parse_off(ctx, oid.content.data);
            ctx->tok->mech[num_mechs].value_len = oid.content.len;
        }
        num_mechs++;
    }
    if (num_mechs == 0) {
        return parse_fail_at(ctx, list.whole.data, SPNEGO_E_INVALID_ELEMENT);
    }
    ctx->tok->num_mechs = num_mechs;
    parse_set(ctx, SPNEGO_ELEMENT_MECH_TYPES, wrapper, &list.whole);
    return SPNEGO_E_SUCCESS;
}

/* reqFlags [1] ContextFlags ::= BIT STRING { delegFlag(0) .. integFlag(6) } */
SPNEGO_FORCE_INLINE int parse_req_flags(struct parse_ctx *ctx,
                           const struct spnego_der_tlv *wrapper)
{
    struct spnego_der_tlv bits;
    enum spnego_der_status status;
    unsigned char first = 0;
    int minimal = 0;
    int unusual;
    size_t i;
    int rc = parse_explicit_inner(ctx, wrapper, SPNEGO_DER_TAG_BIT_STRING, &bits);

    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    status = spnego_der_parse_bit_string(&bits.content, &first, &minimal);
    if (status != SPNEGO_DER_OK) {
        return parse_fail_at(ctx, bits.whole.data, parse_map_der(status));
    }
    if (!minimal) {
        rc = parse_tolerate_at(ctx, bits.whole.data, SPNEGO_WARN_REQFLAGS_NOT_DER,
                               SPNEGO_E_NOT_DER);
        if (rc != SPNEGO_E_SUCCESS) {
            return rc;
        }
    }
    /* No named flag, bit 7 (unnamed), or bits in later octets: nothing a
     * ucContextFlags octet can carry back, so rebuilding would differ. */
    unusual = (first & SPNEGO_NEGINIT_CONTEXT_MASK) == 0 ||
              (first & ~SPNEGO_NEGINIT_CONTEXT_MASK) != 0;
    for (i = 2; i < bits.content.len; i++) {
        if (bits.content.data[i] != 0) {
            unusual = 1;
        }
    }
    if (unusual) {
        rc = parse_tolerate_at(ctx, bits.whole.data, SPNEGO_WARN_REQFLAGS_UNUSUAL,
                               SPNEGO_E_INVALID_ELEMENT);
        if (rc != SPNEGO_E_SUCCESS) {
            return rc;
        }
    }
    ctx->tok->req_flags = first;
    parse_set(ctx, SPNEGO_ELEMENT_REQ_FLAGS, wrapper, &bits.content);
    return SPNEGO_E_SUCCESS;
}

/* An OCTET STRING element: mechToken, responseToken or mechListMIC.
 * A constructed OCTET STRING (0x24) is BER only and fails the tag check. */
SPNEGO_FORCE_INLINE int parse_octets(struct parse_ctx *ctx,
                        const struct spnego_der_tlv *wrapper, int e)
{
    struct spnego_der_tlv octets;
    int rc = parse_explicit_inner(ctx, wrapper, SPNEGO_DER_TAG_OCTET_STRING,
                                  &octets);

    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    if (octets.content.len == 0) {
        /* Legal DER, but no mechanism token or MIC is empty, and the
         * builders refuse it: STRICT must not accept what cannot be
         * rebuilt. */
        rc = parse_tolerate_at(ctx, octets.whole.data,
                               e == SPNEGO_ELEMENT_MECH_TOKEN ? SPNEGO_WARN_EMPTY_MECH_TOKEN
                                                              : SPNEGO_WARN_EMPTY_MIC,
                               SPNEGO_E_INVALID_ELEMENT);
        if (rc != SPNEGO_E_SUCCESS) {
            return rc;
        }
    }
    parse_set(ctx, e, wrapper, &octets.content);
    return SPNEGO_E_SUCCESS;
}

/* negHints [3] NegHints ::= SEQUENCE { hintName [0] GeneralString OPTIONAL,
 * hintAddress [1] OCTET STRING OPTIONAL } -- no extension marker. */
SPNEGO_FORCE_INLINE int parse_neg_hints(struct parse_ctx *ctx,
                           const struct spnego_der_tlv *wrapper,
                           const struct spnego_der_tlv *hints)
{
    struct spnego_der_view walk = hints->content;
    struct spnego_der_tlv field;
    struct spnego_der_tlv inner;
    unsigned tag;
    int last = -1;
    int rc;

    while (spnego_der_peek_tag(&walk, &tag)) {
        int n = (int)(tag & 0x1Fu);

        if (tag != SPNEGO_DER_CONTEXT(0) && tag != SPNEGO_DER_CONTEXT(1)) {
            return parse_fail_at(ctx, walk.data, SPNEGO_E_UNEXPECTED_TYPE);
        }
        if (n <= last) {
            return parse_fail_at(ctx, walk.data, SPNEGO_E_ELEMENT_ORDER);
        }
        rc = parse_tlv(ctx, &walk, tag, &field);
        if (rc != SPNEGO_E_SUCCESS) {
            return rc;
        }
        if (n == 0) {
            rc = parse_explicit_inner(ctx, &field, SPNEGO_DER_TAG_GENERAL_STRING,
                                      &inner);
            if (rc != SPNEGO_E_SUCCESS) {
                return rc;
            }
            if (memchr(inner.content.data, 0, inner.content.len) != NULL) {
                rc = parse_tolerate_at(ctx, inner.whole.data, SPNEGO_WARN_HINT_NAME_NUL,
                                       SPNEGO_E_INVALID_ELEMENT);
                if (rc != SPNEGO_E_SUCCESS) {
                    return rc;
                }
            }
            parse_set(ctx, SPNEGO_ELEMENT_HINT_NAME, &field, &inner.content);
        } else {
            rc = parse_explicit_inner(ctx, &field, SPNEGO_DER_TAG_OCTET_STRING,
                                      &inner);
            if (rc != SPNEGO_E_SUCCESS) {
                return rc;
            }
            if (inner.content.len == 0) {
                return parse_fail_at(ctx, inner.whole.data, SPNEGO_E_INVALID_ELEMENT);
            }
            parse_set(ctx, SPNEGO_ELEMENT_HINT_ADDRESS, &field, &inner.content);
        }
        last = n;
    }
    ctx->tok->is_init2 = 1;
    parse_set(ctx, SPNEGO_ELEMENT_NEG_HINTS, wrapper, &hints->content);
    return SPNEGO_E_SUCCESS;
}

/* [3] of a NegTokenInit: an OCTET STRING is the RFC 4178 mechListMIC, a
 * SEQUENCE is MS-SPNG negHints. */
SPNEGO_FORCE_INLINE int parse_init_field3(struct parse_ctx *ctx,
                             const struct spnego_der_tlv *wrapper)
{
    struct spnego_der_tlv hints;
    unsigned tag;
    int rc;

    if (spnego_der_peek_tag(&wrapper->content, &tag) &&
        tag == SPNEGO_DER_TAG_OCTET_STRING) {
        return parse_octets(ctx, wrapper, SPNEGO_ELEMENT_MECH_LIST_MIC);
    }
    rc = parse_explicit_inner(ctx, wrapper, SPNEGO_DER_TAG_SEQUENCE, &hints);
    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    return parse_neg_hints(ctx, wrapper, &hints);
}

SPNEGO_FORCE_INLINE int parse_neg_state(struct parse_ctx *ctx,
                           const struct spnego_der_tlv *wrapper)
{
    struct spnego_der_tlv value;
    enum spnego_der_status status;
    long state = -1;
    int rc = parse_explicit_inner(ctx, wrapper, SPNEGO_DER_TAG_ENUMERATED, &value);

    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    status = spnego_der_parse_small_int(&value.content, &state);
    if (status != SPNEGO_DER_OK) {
        return parse_fail_at(ctx, value.whole.data, parse_map_der(status));
    }
    /* NegState has no extension marker: only 0..3 exist. */
    if (state < 0 || state > 3) {
        return parse_fail_at(ctx, value.whole.data, SPNEGO_E_INVALID_ELEMENT);
    }
    ctx->tok->neg_state = (int)state;
    parse_set(ctx, SPNEGO_ELEMENT_NEG_STATE, wrapper, &value.content);
    return SPNEGO_E_SUCCESS;
}

SPNEGO_FORCE_INLINE int parse_supported_mech(struct parse_ctx *ctx,
                                const struct spnego_der_tlv *wrapper)
{
    struct spnego_der_tlv oid;
    int rc = parse_explicit_inner(ctx, wrapper, SPNEGO_DER_TAG_OID, &oid);

    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    rc = parse_oid(ctx, &oid);
    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    parse_set(ctx, SPNEGO_ELEMENT_SUPPORTED_MECH, wrapper, &oid.content);
    return SPNEGO_E_SUCCESS;
}

/* One field of a NegTokenInit(2) sequence, tag number n. */
SPNEGO_FORCE_INLINE int parse_init_field(struct parse_ctx *ctx, int n,
                            const struct spnego_der_tlv *field)
{
    switch (n) {
    case 0:
        return parse_mech_types(ctx, field);
    case 1:
        return parse_req_flags(ctx, field);
    case 2:
        return parse_octets(ctx, field, SPNEGO_ELEMENT_MECH_TOKEN);
    case 3:
        return parse_init_field3(ctx, field);
    case 4:
        /* [4] is the NegTokenInit2 mechListMIC, unless [3] already was an
         * RFC 4178 mechListMIC: then it is an unknown extension. */
        if (!spnego_tok_has(ctx->tok, SPNEGO_ELEMENT_MECH_LIST_MIC)) {
            int rc = parse_octets(ctx, field, SPNEGO_ELEMENT_MECH_LIST_MIC);
            if (rc == SPNEGO_E_SUCCESS) {
                ctx->tok->is_init2 = 1;
            }
            return rc;
        }
        break;
    default:
        break;
    }
    return parse_tolerate_at(ctx, field->whole.data, SPNEGO_WARN_UNKNOWN_FIELD,
                             SPNEGO_E_UNEXPECTED_TYPE);
}

SPNEGO_FORCE_INLINE int parse_resp_field(struct parse_ctx *ctx, int n,
                            const struct spnego_der_tlv *field)
{
    switch (n) {
    case 0:
        return parse_neg_state(ctx, field);
    case 1:
        return parse_supported_mech(ctx, field);
    case 2:
        return parse_octets(ctx, field, SPNEGO_ELEMENT_MECH_TOKEN);
    case 3:
        return parse_octets(ctx, field, SPNEGO_ELEMENT_MECH_LIST_MIC);
    default:
        break;
    }
    return parse_tolerate_at(ctx, field->whole.data, SPNEGO_WARN_UNKNOWN_FIELD,
                             SPNEGO_E_UNEXPECTED_TYPE);
}

/* The fields of the NegTokenInit/NegTokenResp SEQUENCE, in ascending tag
 * order, each an explicit [n] used at most once. */
SPNEGO_FORCE_INLINE int parse_fields(struct parse_ctx *ctx, struct spnego_der_view fields)
{
    struct spnego_der_tlv field;
    unsigned tag;
    int last = -1;
    int rc;

    while (spnego_der_peek_tag(&fields, &tag)) {
        int n = (int)(tag & 0x1Fu);

        if ((tag & 0xE0u) != (SPNEGO_DER_CLASS_CONTEXT | SPNEGO_DER_CONSTRUCTED) ||
            n == 0x1F) {
            return parse_fail_at(ctx, fields.data, SPNEGO_E_UNEXPECTED_TYPE);
        }
        if (n <= last) {
            return parse_fail_at(ctx, fields.data, SPNEGO_E_ELEMENT_ORDER);
        }
        rc = parse_tlv(ctx, &fields, tag, &field);
        if (rc != SPNEGO_E_SUCCESS) {
            return rc;
        }
        if (ctx->tok->type == SPNEGO_TOKEN_INIT) {
            rc = parse_init_field(ctx, n, &field);
        } else {
            rc = parse_resp_field(ctx, n, &field);
        }
        if (rc != SPNEGO_E_SUCCESS) {
            return rc;
        }
        last = n;
    }
    return SPNEGO_E_SUCCESS;
}

/* Checks across fields, once all are read. */
SPNEGO_FORCE_INLINE int parse_semantics(struct parse_ctx *ctx)
{
    struct spnego_tok *tok = ctx->tok;
    const unsigned char *body = ctx->base + ctx->body_off;
    int rc = SPNEGO_E_SUCCESS;

    if (tok->type == SPNEGO_TOKEN_INIT && !tok->framed) {
        rc = parse_tolerate_at(ctx, ctx->base, SPNEGO_WARN_UNFRAMED_INIT,
                               SPNEGO_E_INVALID_TOKEN);
        if (rc != SPNEGO_E_SUCCESS) {
            return rc;
        }
    }
    if (tok->type == SPNEGO_TOKEN_INIT) {
        if (!spnego_tok_has(tok, SPNEGO_ELEMENT_MECH_TYPES)) {
            rc = parse_tolerate_at(ctx, body, SPNEGO_WARN_MISSING_MECHTYPES,
                                   SPNEGO_E_MISSING_ELEMENT);
        }
    } else {
        if (tok->present == 0) {
            rc = parse_tolerate_at(ctx, body, SPNEGO_WARN_EMPTY_RESP,
                                   SPNEGO_E_MISSING_ELEMENT);
        } else if (spnego_tok_has(tok, SPNEGO_ELEMENT_SUPPORTED_MECH) &&
                   !spnego_tok_has(tok, SPNEGO_ELEMENT_NEG_STATE)) {
            rc = parse_tolerate_at(ctx, body, SPNEGO_WARN_MISSING_NEGSTATE,
                                   SPNEGO_E_MISSING_ELEMENT);
        }
    }
    if (rc == SPNEGO_E_SUCCESS && spnego_tok_has(tok, SPNEGO_ELEMENT_MECH_TOKEN) &&
        spnego_tok_has(tok, SPNEGO_ELEMENT_MECH_LIST_MIC)) {
        const struct spnego_tok_span *token = &tok->elem[SPNEGO_ELEMENT_MECH_TOKEN];
        const struct spnego_tok_span *mic = &tok->elem[SPNEGO_ELEMENT_MECH_LIST_MIC];
        if (token->value_len > 0 && token->value_len == mic->value_len &&
            memcmp(ctx->base + token->value_off, ctx->base + mic->value_off,
                   mic->value_len) == 0) {
            const unsigned char *mic_tlv =
                ctx->base + mic->value_off - tok->head[SPNEGO_ELEMENT_MECH_LIST_MIC];
            rc = parse_tolerate_at(ctx, mic_tlv, SPNEGO_WARN_MIC_IS_MECH_TOKEN,
                                   SPNEGO_E_INVALID_ELEMENT);
        }
    }
    return rc;
}

/* The outer layers: optional [APPLICATION 0] framing with the SPNEGO OID,
 * then the NegotiationToken choice. On success *out_choice is the [0]/[1]
 * TLV and the view is left after the outer token. */
SPNEGO_FORCE_INLINE int parse_outer(struct parse_ctx *ctx, struct spnego_der_view *view,
                       struct spnego_der_tlv *out_choice)
{
    struct spnego_der_tlv frame;
    struct spnego_der_tlv oid;
    struct spnego_der_view inner;
    unsigned tag = view->data[0];
    int rc;

    if (tag == SPNEGO_DER_CONTEXT(0) || tag == SPNEGO_DER_CONTEXT(1)) {
        ctx->tok->type = tag == SPNEGO_DER_CONTEXT(0) ? SPNEGO_TOKEN_INIT
                                                       : SPNEGO_TOKEN_TARG;
        /* An unframed NegTokenInit is judged in parse_semantics(), after
         * the body, so STRICT reports a broken body first. */
        rc = parse_tlv(ctx, view, tag, out_choice);
        if (rc == SPNEGO_E_SUCCESS) {
            ctx->tok->token_len = out_choice->whole.len;
        }
        return rc;
    }
    if (tag != (SPNEGO_DER_CLASS_APPLICATION | SPNEGO_DER_CONSTRUCTED)) {
        return parse_fail_at(ctx, view->data, SPNEGO_E_INVALID_TOKEN);
    }
    rc = parse_tlv(ctx, view, tag, &frame);
    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    ctx->tok->framed = 1;
    ctx->tok->token_len = frame.whole.len;
    inner = frame.content;
    rc = parse_tlv(ctx, &inner, SPNEGO_DER_TAG_OID, &oid);
    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    if (oid.content.len != sizeof(spnego_mech_spnego_oid) ||
        memcmp(oid.content.data, spnego_mech_spnego_oid,
               sizeof(spnego_mech_spnego_oid)) != 0) {
        return parse_fail_at(ctx, oid.whole.data, SPNEGO_E_UNEXPECTED_OID);
    }
    if (!spnego_der_peek_tag(&inner, &tag)) {
        return parse_fail_at(ctx, inner.data, SPNEGO_E_TOKEN_NOT_FOUND);
    }
    if (tag == SPNEGO_DER_CONTEXT(0)) {
        ctx->tok->type = SPNEGO_TOKEN_INIT;
    } else if (tag == SPNEGO_DER_CONTEXT(1)) {
        ctx->tok->type = SPNEGO_TOKEN_TARG;
        rc = parse_tolerate_at(ctx, inner.data, SPNEGO_WARN_FRAMED_RESP,
                               SPNEGO_E_INVALID_TOKEN);
        if (rc != SPNEGO_E_SUCCESS) {
            return rc;
        }
    } else {
        return parse_fail_at(ctx, inner.data, SPNEGO_E_UNEXPECTED_TYPE);
    }
    rc = parse_tlv(ctx, &inner, tag, out_choice);
    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    return parse_expect_end(ctx, &inner);
}

int spnego_tok_parse(const unsigned char *data, size_t len,
                     unsigned long flags, struct spnego_tok *out,
                     size_t *out_err_off)
{
    struct parse_ctx ctx;
    struct spnego_der_view view;
    struct spnego_der_view body;
    struct spnego_der_tlv choice;
    struct spnego_der_tlv seq;
    int rc = SPNEGO_E_INVALID_LENGTH;

    /* Only these need a start value: element spans are read only when
     * their bit in `present` is set. */
    out->type = SPNEGO_TOKEN_INIT;
    out->framed = 0;
    out->is_init2 = 0;
    out->token_len = 0;
    out->present = 0;
    out->num_mechs = 0;
    out->req_flags = 0;
    out->neg_state = -1;
    out->warnings = 0;
    ctx.base = data;
    ctx.flags = flags;
    ctx.tok = out;
    ctx.err_off = 0;
    ctx.body_off = 0;
    if (len == 0) {
        goto done;
    }
    spnego_der_view_init(&view, data, len);
    rc = parse_outer(&ctx, &view, &choice);
    if (rc != SPNEGO_E_SUCCESS) {
        goto done;
    }
    body = choice.content;
    rc = parse_tlv(&ctx, &body, SPNEGO_DER_TAG_SEQUENCE, &seq);
    if (rc != SPNEGO_E_SUCCESS) {
        goto done;
    }
    rc = parse_expect_end(&ctx, &body);
    if (rc != SPNEGO_E_SUCCESS) {
        goto done;
    }
    ctx.body_off = parse_off(&ctx, seq.whole.data);
    rc = parse_fields(&ctx, seq.content);
    if (rc != SPNEGO_E_SUCCESS) {
        goto done;
    }
    rc = parse_semantics(&ctx);
    if (rc != SPNEGO_E_SUCCESS) {
        goto done;
    }
    if (view.len != 0) {
        rc = parse_tolerate_at(&ctx, data + out->token_len, SPNEGO_WARN_TRAILING_BYTES,
                               SPNEGO_E_TRAILING_DATA);
    }
done:
    *out_err_off = ctx.err_off;
    return rc;
}

int spnego_tok_mech_walk(const struct spnego_tok *tok, const unsigned char *base,
                         size_t index, struct spnego_tok_mech_cursor *cursor,
                         struct spnego_der_view *out_oid)
{
    const struct spnego_tok_span *list = &tok->elem[SPNEGO_ELEMENT_MECH_TYPES];
    const struct spnego_tok_span *last_kept = &tok->mech[SPNEGO_TOK_MECHS_KEPT - 1];
    const unsigned char *list_end;
    struct spnego_der_view walk;
    struct spnego_der_tlv tlv;
    size_t start;
    size_t i;

    if (index >= tok->num_mechs || index < SPNEGO_TOK_MECHS_KEPT) {
        return 0;
    }
    /* The list was validated by the parse, so these reads succeed; they
     * stay bounds-checked all the same. Every OID ends where the next
     * begins, so the walk starts after the last kept one. */
    list_end = base + list->value_off + list->value_len;
    if (cursor->off != 0 && cursor->index <= index) {
        i = cursor->index;
        start = cursor->off;
    } else {
        i = SPNEGO_TOK_MECHS_KEPT;
        start = last_kept->value_off + last_kept->value_len;
    }
    spnego_der_view_init(&walk, base + start, (size_t)(list_end - (base + start)));
    for (;;) {
        if (spnego_der_get_any(&walk, &tlv) != SPNEGO_DER_OK) {
            return 0;
        }
        if (i == index) {
            cursor->index = index + 1;
            cursor->off = (size_t)(walk.data - base);
            *out_oid = tlv.content;
            return 1;
        }
        i++;
    }
}

/*
 * Classification by the first bytes only, for servers that must route a
 * Negotiate header: SPNEGO, raw NTLMSSP (old clients) or a raw RFC 1964
 * Kerberos token. A 0x60 token's OID is read with the bounds-checked
 * reader; everything after it is not examined.
 */
int spnego_tok_identify(const unsigned char *data, size_t len)
{
    static const unsigned char ntlmssp[8] = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};
    struct spnego_der_view view;
    struct spnego_der_view inner;
    struct spnego_der_tlv frame;
    struct spnego_der_tlv oid;
    SPNEGO_MECH_OID mech;
    int kind = SPNEGO_IDENTIFY_UNKNOWN;

    if (len >= sizeof(ntlmssp) && memcmp(data, ntlmssp, sizeof(ntlmssp)) == 0) {
        kind = SPNEGO_IDENTIFY_NTLMSSP;
    } else if (len >= 2 && (data[0] == 0x6Eu || data[0] == 0x6Fu || data[0] == 0x7Eu)) {
        /* A bare Kerberos AP-REQ [APPLICATION 14], AP-REP [15] or
         * KRB-ERROR [30] without the RFC 1964 GSS header. */
        kind = SPNEGO_IDENTIFY_KERBEROS;
    } else if (len >= 2 && data[0] == SPNEGO_DER_CONTEXT(0)) {
        kind = SPNEGO_IDENTIFY_SPNEGO_INIT;
    } else if (len >= 2 && data[0] == SPNEGO_DER_CONTEXT(1)) {
        kind = SPNEGO_IDENTIFY_SPNEGO_RESP;
    } else if (len >= 2 && data[0] == (SPNEGO_DER_CLASS_APPLICATION | SPNEGO_DER_CONSTRUCTED)) {
        /* The framing length may claim more than we were given (a
         * truncated capture): read the header, then the OID within what
         * is present. */
        spnego_der_view_init(&view, data, len);
        if (spnego_der_get_any(&view, &frame) == SPNEGO_DER_OK) {
            inner = frame.content;
        } else {
            size_t header = data[1] < 0x80u ? 2 : 2 + (size_t)(data[1] & 0x7Fu);
            spnego_der_view_init(&inner, data + (header < len ? header : len),
                                 header < len ? len - header : 0);
        }
        if (spnego_der_get_tag(&inner, SPNEGO_DER_TAG_OID, &oid) == SPNEGO_DER_OK) {
            mech = spnego_mech_lookup(oid.content.data, oid.content.len);
            if (mech == spnego_mech_oid_Spnego && inner.len > 0) {
                if (inner.data[0] == SPNEGO_DER_CONTEXT(0)) {
                    kind = SPNEGO_IDENTIFY_SPNEGO_INIT;
                } else if (inner.data[0] == SPNEGO_DER_CONTEXT(1)) {
                    kind = SPNEGO_IDENTIFY_SPNEGO_RESP;
                }
            } else if (mech == spnego_mech_oid_Kerberos_V5 ||
                       mech == spnego_mech_oid_Kerberos_V5_Legacy ||
                       mech == spnego_mech_oid_Kerberos_V5_U2U) {
                kind = SPNEGO_IDENTIFY_KERBEROS;
            }
        }
    }
    return kind;
}
