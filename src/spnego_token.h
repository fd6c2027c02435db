/*
 * spnego_token.h - L1: SPNEGO elements on top of the L0 DER layer.
 *
 * Knows the ASN.1 module of RFC 4178 and MS-SPNG 2.2.1 (quoted in
 * spnego_token_parse.c and spnego_token_build.c), validates tokens into an
 * element array of spans, and computes the exact size of a token before
 * writing it backwards into one caller-provided block. Never allocates.
 * Errors are the public SPNEGO_E_* codes.
 */
#ifndef SPNEGO_TOKEN_H
#define SPNEGO_TOKEN_H

#include <stddef.h>

#include "spnego.h"
#include "spnego_der.h"

/* An element's place in the token: offsets from the token's first byte,
 * so one parse serves a copied token and the caller's buffer alike. */
struct spnego_tok_span {
    size_t value_off; /* the part a getter returns (see below) */
    size_t value_len;
};

/*
 * What value_off/value_len cover for each element:
 *  MECH_TYPES      the whole MechTypeList TLV, 30 L 06 ... (MIC input)
 *  REQ_FLAGS       the BIT STRING contents (unused-bits octet first)
 *  MECH_TOKEN      OCTET STRING contents (mechToken / responseToken)
 *  MECH_LIST_MIC   OCTET STRING contents
 *  NEG_HINTS       the NegHints SEQUENCE contents
 *  HINT_NAME       GeneralString contents
 *  HINT_ADDRESS    OCTET STRING contents
 *  NEG_STATE       ENUMERATED contents
 *  SUPPORTED_MECH  OID contents
 */
/* How many OIDs of a MechTypeList the parse indexes: a Windows client
 * offers four, most others one to three. */
#define SPNEGO_TOK_MECHS_KEPT 4

struct spnego_tok {
    int type;                 /* SPNEGO_TOKEN_INIT or SPNEGO_TOKEN_TARG */
    int framed;               /* [APPLICATION 0] framing present */
    int is_init2;             /* negHints or a [4] mechListMIC */
    size_t token_len;         /* bytes of the outer TLV (no trailing bytes) */
    unsigned present;         /* bit (1u << SPNEGO_ELEMENT_x) */
    struct spnego_tok_span elem[SPNEGO_ELEMENT_COUNT];
    /* Octets of headers in front of each value: the explicit [n] wrapper
     * starts head[e] octets before it (at most two 6-octet headers). Every
     * value ends where its wrapper ends, so the wrapper's length is the
     * value's plus head[e]. Kept small: a handle copies this struct. */
    unsigned char head[SPNEGO_ELEMENT_COUNT];
    size_t num_mechs;         /* OIDs in MechTypeList */
    /* Contents of the first SPNEGO_TOK_MECHS_KEPT OIDs, so reading one
     * is two loads; later ones are found by walking the list. */
    struct spnego_tok_span mech[SPNEGO_TOK_MECHS_KEPT];
    unsigned char req_flags;  /* first octet of reqFlags */
    int neg_state;            /* 0..3, or -1 when absent */
    unsigned long warnings;   /* SPNEGO_WARN_* */
};

/*
 * Validates a token and fills *out. flags: SPNEGO_PARSE_STRICT (others are
 * ignored here). On failure returns the SPNEGO_E_* code of the first rule
 * broken and stores in *out_err_off the offset of the element where it
 * was found; out->warnings holds what was seen up to there.
 */
int spnego_tok_parse(const unsigned char *data, size_t len,
                     unsigned long flags, struct spnego_tok *out,
                     size_t *out_err_off);

/* Is element e present? (inline: every getter asks) */
static inline int spnego_tok_has(const struct spnego_tok *tok, int e)
{
    return (tok->present & (1u << e)) != 0;
}

/* Where a walk of the MechTypeList stands: OID number `index` (the one
 * after the last read) starts at `off` bytes from the token start. off 0
 * means "not started". */
struct spnego_tok_mech_cursor {
    size_t index;
    size_t off;
};

/* The span of OID number index when the parse indexed it (one of the
 * first SPNEGO_TOK_MECHS_KEPT of the list), else NULL. */
static inline const struct spnego_tok_span *spnego_tok_mech_kept(const struct spnego_tok *tok,
                                                                 size_t index)
{
    if (index < SPNEGO_TOK_MECHS_KEPT && index < tok->num_mechs) {
        return &tok->mech[index];
    }
    return NULL;
}

/* The walk behind spnego_tok_mech_at() for OIDs past the kept ones. */
int spnego_tok_mech_walk(const struct spnego_tok *tok, const unsigned char *base,
                         size_t index, struct spnego_tok_mech_cursor *cursor,
                         struct spnego_der_view *out_oid);

/* Content bytes of OID number index (0-based) of a validated MechTypeList;
 * 0 if index is past the end. The first OIDs are indexed by the parse;
 * past them the walk resumes from *cursor when index is at or after it
 * and leaves it after index, so reading the OIDs in order reads each
 * header once. */
static inline int spnego_tok_mech_at(const struct spnego_tok *tok, const unsigned char *base,
                                     size_t index, struct spnego_tok_mech_cursor *cursor,
                                     struct spnego_der_view *out_oid)
{
    const struct spnego_tok_span *kept = spnego_tok_mech_kept(tok, index);

    if (kept != NULL) {
        out_oid->data = base + kept->value_off;
        out_oid->len = kept->value_len;
        return 1;
    }
    return spnego_tok_mech_walk(tok, base, index, cursor, out_oid);
}

/* What to build. Pointers may be NULL when the element is absent. */
struct spnego_tok_params {
    int type;                      /* SPNEGO_TOKEN_INIT or _TARG */
    int init2;                     /* INIT: NegTokenInit2 (negHints, [4] MIC) */
    const SPNEGO_OID *mechs;       /* INIT */
    size_t num_mechs;
    unsigned char req_flags;       /* INIT: 0 omits reqFlags ... */
    int zero_req_flags;            /* ... unless set: 03 02 01 00 (Java) */
    int der_req_flags;             /* minimal BIT STRING instead of 01 xx */
    const unsigned char *mech_token; size_t mech_token_len;
    const unsigned char *mic;        size_t mic_len;
    int has_hints;                 /* INIT2: emit negHints */
    const unsigned char *hint_name;  size_t hint_name_len;
    const unsigned char *hint_addr;  size_t hint_addr_len;
    int neg_state;                 /* TARG: 0..3 or -1 to omit */
    const SPNEGO_OID *supported_mech; /* TARG: NULL omits */
};

/* Sizes of the pieces of a token, summed by the size pass; the write pass
 * needs only the total (it measures each piece from its own positions). */
struct spnego_tok_layout {
    size_t mech_list_content; /* content of the MechTypeList SEQUENCE */
    size_t hints_content;     /* content of the NegHints SEQUENCE */
    size_t fields;            /* content of the NegTokenInit/Resp SEQUENCE */
    size_t seq;               /* the SEQUENCE TLV */
    size_t choice;            /* [0]/[1] TLV */
    size_t framed_content;    /* thisMech OID TLV + choice (INIT only) */
    size_t token;             /* whole token */
};

/* Checks the parameters (OIDs, ranges, pointer/length pairs) and computes
 * the layout; out_layout->token is the exact token size. */
int spnego_tok_build_size(const struct spnego_tok_params *params,
                          struct spnego_tok_layout *out_layout);

/* Writes the token into buf, which must be exactly layout->token bytes;
 * layout is what spnego_tok_build_size() computed for the same params.
 * Fills *out_tok as spnego_tok_parse() would from the bytes written
 * (spans, fields, no warnings), without reading them back. */
int spnego_tok_build_write(const struct spnego_tok_params *params,
                           const struct spnego_tok_layout *layout,
                           unsigned char *buf, size_t buf_len,
                           struct spnego_tok *out_tok);

/* ---- spnego_oid.c: dotted text ---- */

/* Checks OID content bytes and renders them as dotted text into out
 * (*out_chars characters, no NUL); out NULL only counts. INVALID_OID,
 * OID_TOO_LARGE (an arc over 64 bits). */
int spnego_oid_to_text(const unsigned char *oid, size_t oid_len, char *out,
                       size_t *out_chars);

/* Encodes NUL-terminated dotted text into OID content bytes (*out_len);
 * out NULL only counts. INVALID_OID, OID_TOO_LARGE. */
int spnego_oid_from_text(const char *text, unsigned char *out, size_t *out_len);

/* ---- identification ---- */

/* SPNEGO_IDENTIFY_* of a blob, from its first bytes only. */
int spnego_tok_identify(const unsigned char *data, size_t len);

/* ---- spnego_mech.c: the table of named mechanisms ---- */

/* OID bytes of a named mechanism; 0 for NotUsed, Unknown or out of range. */
int spnego_mech_oid(SPNEGO_MECH_OID mech, const unsigned char **out_oid,
                    size_t *out_len);

/* The named mechanism whose OID is exactly these bytes, or Unknown. */
SPNEGO_MECH_OID spnego_mech_lookup(const unsigned char *oid, size_t oid_len);

/* The SPNEGO OID's content bytes (thisMech of the framing). */
extern const unsigned char spnego_mech_spnego_oid[6];

#endif /* SPNEGO_TOKEN_H */
