/*
 * spnego.c - L2: the public handle API.
 *
 * A handle is one allocation: struct SpnegoToken followed by the token's
 * bytes (none for SPNEGO_PARSE_NOCOPY, which references the caller's
 * buffer). Element spans are offsets into those bytes, found by the L1
 * parser. This file checks arguments, owns the copy-out protocol and
 * allocates only through the seam of spnego_mem.h (spnego_mem_alloc/free).
 * It never looks at DER bytes itself.
 *
 * clang-tidy's bugprone-easily-swappable-parameters is disabled in
 * scripts/ci/hygiene.sh: the 2002 API fixes these prototypes (pointer and
 * length pairs, two unsigned long outputs) and the helpers mirror them.
 */
#include "spnego.h"
#include "spnego_mem.h"
#include "spnego_token.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct SpnegoToken {
    struct spnego_tok tok;
    const unsigned char *bytes; /* tok.token_len bytes of the token */
    /* Last mech list position read, so index loops stay linear. */
    struct spnego_tok_mech_cursor mech_cursor;
};

#define KNOWN_PARSE_FLAGS (SPNEGO_PARSE_NOCOPY | SPNEGO_PARSE_STRICT)
#define KNOWN_BUILD_FLAGS                                                   \
    (SPNEGO_BUILD_DER_REQFLAGS | SPNEGO_BUILD_NO_HINT_SENTINEL |                \
     SPNEGO_BUILD_OMIT_NEG_HINTS | SPNEGO_BUILD_ZERO_REQFLAGS)
#define HINT_BUILD_FLAGS (SPNEGO_BUILD_NO_HINT_SENTINEL | SPNEGO_BUILD_OMIT_NEG_HINTS)

/* ---- helpers ---- */

/* unsigned long and size_t differ in width on some platforms (LLP64):
 * every conversion between them is checked. */
static int api_to_size(unsigned long value, size_t *out)
{
#if ULONG_MAX > SIZE_MAX
    if (value > SIZE_MAX) {
        return 0;
    }
#endif
    *out = (size_t)value;
    return 1;
}

static int api_copy_out(const unsigned char *src, size_t len,
                        unsigned char *dst, unsigned long *pul_len)
{
    if (pul_len == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (len > ULONG_MAX) {
        return SPNEGO_E_INVALID_LENGTH;
    }
    if (len == 0) {
        *pul_len = 0;
        return SPNEGO_E_SUCCESS;
    }
    if (dst == NULL || *pul_len < len) {
        *pul_len = (unsigned long)len;
        return SPNEGO_E_BUFFER_TOO_SMALL;
    }
    memcpy(dst, src, len);
    *pul_len = (unsigned long)len;
    return SPNEGO_E_SUCCESS;
}

static int api_point_out(const unsigned char *src, size_t len,
                         const unsigned char **ppb, unsigned long *pul_len)
{
    if (ppb == NULL || pul_len == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (len > ULONG_MAX) {
        return SPNEGO_E_INVALID_LENGTH;
    }
    *ppb = src;
    *pul_len = (unsigned long)len;
    return SPNEGO_E_SUCCESS;
}

/* The value bytes of element e, or NULL if the token lacks it. */
static const unsigned char *api_value(SPNEGO_TOKEN_HANDLE h, int e, size_t *out_len)
{
    if (!spnego_tok_has(&h->tok, e)) {
        return NULL;
    }
    *out_len = h->tok.elem[e].value_len;
    return h->bytes + h->tok.elem[e].value_off;
}

static int api_copy_element(SPNEGO_TOKEN_HANDLE h, int e, unsigned char *dst,
                            unsigned long *pul_len)
{
    const unsigned char *value;
    size_t len = 0;

    if (h == NULL || pul_len == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    value = api_value(h, e, &len);
    if (value == NULL) {
        return SPNEGO_E_ELEMENT_UNAVAILABLE;
    }
    return api_copy_out(value, len, dst, pul_len);
}

static int api_point_element(SPNEGO_TOKEN_HANDLE h, int e,
                             const unsigned char **ppb, unsigned long *pul_len)
{
    const unsigned char *value;
    size_t len = 0;

    if (h == NULL || ppb == NULL || pul_len == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    value = api_value(h, e, &len);
    if (value == NULL) {
        return SPNEGO_E_ELEMENT_UNAVAILABLE;
    }
    return api_point_out(value, len, ppb, pul_len);
}

/* One block: the handle, then copy_len bytes of token. */
static SPNEGO_TOKEN_HANDLE api_alloc(size_t copy_len)
{
    SPNEGO_TOKEN_HANDLE h;

    if (copy_len > SIZE_MAX - sizeof(struct SpnegoToken)) {
        return NULL;
    }
    h = (SPNEGO_TOKEN_HANDLE)spnego_mem_alloc(sizeof(struct SpnegoToken) + copy_len);
    if (h != NULL) {
        /* h->tok is filled by the caller: a parse result or a parse of the
         * freshly built bytes. */
        h->bytes = (const unsigned char *)(h + 1);
        h->mech_cursor.index = 0;
        h->mech_cursor.off = 0;
    }
    return h;
}

/* ---- parsing ---- */

int spnegoValidateToken(const unsigned char *pbTokenData, unsigned long ulLength,
                        unsigned long ulFlags, unsigned long *pulWarnings,
                        unsigned long *pulErrorOffset)
{
    struct spnego_tok tok;
    size_t len;
    size_t err_off = 0;
    int rc;

    if (pulWarnings != NULL) {
        *pulWarnings = 0;
    }
    if (pulErrorOffset != NULL) {
        *pulErrorOffset = 0;
    }
    if (pbTokenData == NULL || (ulFlags & ~KNOWN_PARSE_FLAGS) != 0) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (!api_to_size(ulLength, &len)) {
        return SPNEGO_E_INVALID_LENGTH;
    }
    rc = spnego_tok_parse(pbTokenData, len, ulFlags, &tok, &err_off);
    if (pulWarnings != NULL) {
        *pulWarnings = tok.warnings;
    }
    if (pulErrorOffset != NULL) {
        /* err_off <= len <= ULONG_MAX, so it fits. */
        *pulErrorOffset = rc == SPNEGO_E_SUCCESS ? 0 : (unsigned long)err_off;
    }
    return rc;
}

int spnegoInitFromBinaryEx(const unsigned char *pbTokenData, unsigned long ulLength,
                           unsigned long ulFlags, SPNEGO_TOKEN_HANDLE *phSpnegoToken)
{
    struct spnego_tok tok;
    SPNEGO_TOKEN_HANDLE h;
    size_t len;
    size_t err_off;
    int rc;

    if (phSpnegoToken == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    *phSpnegoToken = NULL;
    if (pbTokenData == NULL || (ulFlags & ~KNOWN_PARSE_FLAGS) != 0) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (!api_to_size(ulLength, &len)) {
        return SPNEGO_E_INVALID_LENGTH;
    }
    /* Parsed before anything is allocated: a refused token costs no
     * allocation, and a copying handle's size is the token's. */
    rc = spnego_tok_parse(pbTokenData, len, ulFlags, &tok, &err_off);
    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    if (ulFlags & SPNEGO_PARSE_NOCOPY) {
        h = api_alloc(0);
        if (h == NULL) {
            return SPNEGO_E_OUT_OF_MEMORY;
        }
        h->bytes = pbTokenData;
    } else {
        h = api_alloc(tok.token_len);
        if (h == NULL) {
            return SPNEGO_E_OUT_OF_MEMORY;
        }
        memcpy(h + 1, pbTokenData, tok.token_len);
    }
    h->tok = tok;
    *phSpnegoToken = h;
    return SPNEGO_E_SUCCESS;
}

int spnegoInitFromBinary(const unsigned char *pbTokenData, unsigned long ulLength,
                         SPNEGO_TOKEN_HANDLE *phSpnegoToken)
{
    return spnegoInitFromBinaryEx(pbTokenData, ulLength, 0, phSpnegoToken);
}

void spnegoFreeData(SPNEGO_TOKEN_HANDLE hSpnegoToken)
{
    if (hSpnegoToken != NULL) {
        spnego_mem_free(hSpnegoToken);
    }
}

/* ---- building ---- */

#ifdef SPNEGO_CHECK_BUILD_SPANS
/* Test builds only: the index the write pass made must be what a parse of
 * the bytes finds, field for field and span for span. A difference is a
 * library bug, reported as the one code no builder returns otherwise. */
static int api_check_build_spans(const struct spnego_tok *built,
                                 const unsigned char *bytes)
{
    struct spnego_tok parsed;
    size_t err_off;
    int e;

    if (spnego_tok_parse(bytes, built->token_len, 0, &parsed, &err_off) !=
        SPNEGO_E_SUCCESS) {
        return SPNEGO_E_PARSE_FAILED;
    }
    /* Our own deliberate forms, which parsing flags in a peer's token:
     * 03 02 01 xx, and a reqFlags with no flag (SPNEGO_BUILD_ZERO_REQFLAGS). */
    parsed.warnings &= ~SPNEGO_WARN_REQFLAGS_NOT_DER;
    if (built->req_flags == 0) {
        parsed.warnings &= ~SPNEGO_WARN_REQFLAGS_UNUSUAL;
    }
    if (parsed.type != built->type || parsed.framed != built->framed ||
        parsed.is_init2 != built->is_init2 || parsed.token_len != built->token_len ||
        parsed.present != built->present || parsed.num_mechs != built->num_mechs ||
        parsed.req_flags != built->req_flags || parsed.neg_state != built->neg_state ||
        parsed.warnings != built->warnings) {
        return SPNEGO_E_PARSE_FAILED;
    }
    for (e = 0; e < SPNEGO_TOK_MECHS_KEPT && (size_t)e < built->num_mechs; e++) {
        if (parsed.mech[e].value_off != built->mech[e].value_off ||
            parsed.mech[e].value_len != built->mech[e].value_len) {
            return SPNEGO_E_PARSE_FAILED;
        }
    }
    for (e = 0; e < SPNEGO_ELEMENT_COUNT; e++) {
        const struct spnego_tok_span *p = &parsed.elem[e];
        const struct spnego_tok_span *b = &built->elem[e];
        if (spnego_tok_has(built, e) &&
            (p->value_off != b->value_off || p->value_len != b->value_len ||
             parsed.head[e] != built->head[e])) {
            return SPNEGO_E_PARSE_FAILED;
        }
    }
    return SPNEGO_E_SUCCESS;
}
#endif

/* Sizes, allocates and writes one token; the write pass indexes it as it
 * goes, so every getter works on built handles too. */
static int api_build(const struct spnego_tok_params *params,
                     SPNEGO_TOKEN_HANDLE *phSpnegoToken)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    struct spnego_tok_layout layout;
    int rc = spnego_tok_build_size(params, &layout);

    if (rc != SPNEGO_E_SUCCESS) {
        goto done;
    }
    rc = SPNEGO_E_INVALID_LENGTH;
    if (layout.token > ULONG_MAX) {
        goto done;
    }
    rc = SPNEGO_E_OUT_OF_MEMORY;
    h = api_alloc(layout.token);
    if (h == NULL) {
        goto done;
    }
    rc = spnego_tok_build_write(params, &layout, (unsigned char *)(h + 1), layout.token,
                                &h->tok);
#ifdef SPNEGO_CHECK_BUILD_SPANS
    if (rc == SPNEGO_E_SUCCESS) {
        rc = api_check_build_spans(&h->tok, h->bytes);
    }
#endif
    if (rc != SPNEGO_E_SUCCESS) {
        goto done;
    }
    *phSpnegoToken = h;
    h = NULL;
done:
    spnegoFreeData(h);
    return rc;
}

/* Converts the public pointer/length pairs of the builders. */
static int api_buffer(const unsigned char *pb, unsigned long ul,
                      const unsigned char **out_pb, size_t *out_len)
{
    if ((pb == NULL) != (ul == 0)) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (!api_to_size(ul, out_len)) {
        return SPNEGO_E_INVALID_LENGTH;
    }
    *out_pb = pb;
    return SPNEGO_E_SUCCESS;
}

static int api_init_params(struct spnego_tok_params *params,
                           const SPNEGO_OID *pMechTypes, unsigned long ulNumMechs,
                           unsigned char ucContextFlags,
                           const unsigned char *pbMechToken, unsigned long ulMechTokenLen,
                           const unsigned char *pbMechListMIC, unsigned long ulMechListMICLen,
                           unsigned long ulFlags)
{
    int rc;

    memset(params, 0, sizeof(*params));
    params->type = SPNEGO_TOKEN_INIT;
    params->neg_state = -1;
    if (pMechTypes == NULL || ulNumMechs == 0 || (ulFlags & ~KNOWN_BUILD_FLAGS) != 0) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (!api_to_size(ulNumMechs, &params->num_mechs)) {
        return SPNEGO_E_INVALID_LENGTH;
    }
    params->mechs = pMechTypes;
    params->req_flags = ucContextFlags;
    params->der_req_flags = (ulFlags & SPNEGO_BUILD_DER_REQFLAGS) != 0;
    params->zero_req_flags = (ulFlags & SPNEGO_BUILD_ZERO_REQFLAGS) != 0;
    rc = api_buffer(pbMechToken, ulMechTokenLen, &params->mech_token,
                    &params->mech_token_len);
    if (rc == SPNEGO_E_SUCCESS) {
        rc = api_buffer(pbMechListMIC, ulMechListMICLen, &params->mic, &params->mic_len);
    }
    return rc;
}

int spnegoCreateNegTokenInitEx(const SPNEGO_OID *pMechTypes, unsigned long ulNumMechs,
                               unsigned char ucContextFlags,
                               const unsigned char *pbMechToken, unsigned long ulMechTokenLen,
                               const unsigned char *pbMechListMIC,
                               unsigned long ulMechListMICLen, unsigned long ulFlags,
                               SPNEGO_TOKEN_HANDLE *phSpnegoToken)
{
    struct spnego_tok_params params;
    int rc;

    if (phSpnegoToken == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    *phSpnegoToken = NULL;
    rc = api_init_params(&params, pMechTypes, ulNumMechs, ucContextFlags, pbMechToken,
                         ulMechTokenLen, pbMechListMIC, ulMechListMICLen, ulFlags);
    if (rc == SPNEGO_E_SUCCESS && (ulFlags & HINT_BUILD_FLAGS) != 0) {
        rc = SPNEGO_E_INVALID_PARAMETER; /* no hints in a NegTokenInit */
    }
    if (rc == SPNEGO_E_SUCCESS) {
        rc = api_build(&params, phSpnegoToken);
    }
    return rc;
}

int spnegoCreateNegTokenInit(SPNEGO_MECH_OID MechType, unsigned char ucContextFlags,
                             const unsigned char *pbMechToken, unsigned long ulMechTokenLen,
                             const unsigned char *pbMechListMIC,
                             unsigned long ulMechListMICLen,
                             SPNEGO_TOKEN_HANDLE *phSpnegoToken)
{
    SPNEGO_OID mech;

    if (phSpnegoToken == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    *phSpnegoToken = NULL;
    if (spnegoMechOidGet(MechType, &mech) != SPNEGO_E_SUCCESS) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    return spnegoCreateNegTokenInitEx(&mech, 1, ucContextFlags, pbMechToken,
                                      ulMechTokenLen, pbMechListMIC, ulMechListMICLen,
                                      0, phSpnegoToken);
}

int spnegoCreateNegTokenInit2(const SPNEGO_OID *pMechTypes, unsigned long ulNumMechs,
                              unsigned char ucContextFlags,
                              const unsigned char *pbMechToken, unsigned long ulMechTokenLen,
                              const char *szHintName, const unsigned char *pbHintAddress,
                              unsigned long ulHintAddressLen,
                              const unsigned char *pbMechListMIC,
                              unsigned long ulMechListMICLen, unsigned long ulFlags,
                              SPNEGO_TOKEN_HANDLE *phSpnegoToken)
{
    struct spnego_tok_params params;
    int rc;

    if (phSpnegoToken == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    *phSpnegoToken = NULL;
    rc = api_init_params(&params, pMechTypes, ulNumMechs, ucContextFlags, pbMechToken,
                         ulMechTokenLen, pbMechListMIC, ulMechListMICLen, ulFlags);
    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    params.init2 = 1;
    if (ulFlags & SPNEGO_BUILD_OMIT_NEG_HINTS) {
        /* Without negHints only a [4] mechListMIC makes the token an Init2;
         * without one, spnegoCreateNegTokenInitEx() is the builder to use. */
        if (szHintName != NULL || pbHintAddress != NULL || ulHintAddressLen != 0 ||
            params.mic == NULL) {
            return SPNEGO_E_INVALID_PARAMETER;
        }
        return api_build(&params, phSpnegoToken);
    }
    params.has_hints = 1;
    if (szHintName == NULL && (ulFlags & SPNEGO_BUILD_NO_HINT_SENTINEL) == 0) {
        szHintName = SPNEGO_HINT_NAME_IGNORE;
    }
    if (szHintName != NULL) {
        params.hint_name = (const unsigned char *)szHintName;
        params.hint_name_len = strlen(szHintName);
    }
    rc = api_buffer(pbHintAddress, ulHintAddressLen, &params.hint_addr,
                    &params.hint_addr_len);
    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    return api_build(&params, phSpnegoToken);
}

int spnegoCreateNegTokenTargEx(const SPNEGO_OID *pSupportedMech,
                               SPNEGO_NEGRESULT spnegoNegResult,
                               const unsigned char *pbMechToken, unsigned long ulMechTokenLen,
                               const unsigned char *pbMechListMIC,
                               unsigned long ulMechListMICLen,
                               SPNEGO_TOKEN_HANDLE *phSpnegoToken)
{
    struct spnego_tok_params params;
    int rc;

    if (phSpnegoToken == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    *phSpnegoToken = NULL;
    memset(&params, 0, sizeof(params));
    params.type = SPNEGO_TOKEN_TARG;
    if (spnegoNegResult < spnego_negresult_NotUsed ||
        spnegoNegResult > spnego_negresult_request_mic) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    params.neg_state = (int)spnegoNegResult;
    params.supported_mech = pSupportedMech;
    rc = api_buffer(pbMechToken, ulMechTokenLen, &params.mech_token,
                    &params.mech_token_len);
    if (rc == SPNEGO_E_SUCCESS) {
        rc = api_buffer(pbMechListMIC, ulMechListMICLen, &params.mic, &params.mic_len);
    }
    if (rc == SPNEGO_E_SUCCESS) {
        rc = api_build(&params, phSpnegoToken);
    }
    return rc;
}

int spnegoCreateNegTokenTarg(SPNEGO_MECH_OID MechType, SPNEGO_NEGRESULT spnegoNegResult,
                             const unsigned char *pbMechToken, unsigned long ulMechTokenLen,
                             const unsigned char *pbMechListMIC,
                             unsigned long ulMechListMICLen,
                             SPNEGO_TOKEN_HANDLE *phSpnegoToken)
{
    SPNEGO_OID mech;

    if (phSpnegoToken == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    *phSpnegoToken = NULL;
    if (MechType == spnego_mech_oid_NotUsed) {
        return spnegoCreateNegTokenTargEx(NULL, spnegoNegResult, pbMechToken,
                                          ulMechTokenLen, pbMechListMIC,
                                          ulMechListMICLen, phSpnegoToken);
    }
    if (spnegoMechOidGet(MechType, &mech) != SPNEGO_E_SUCCESS) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    return spnegoCreateNegTokenTargEx(&mech, spnegoNegResult, pbMechToken,
                                      ulMechTokenLen, pbMechListMIC, ulMechListMICLen,
                                      phSpnegoToken);
}

/* ---- getters ---- */

int spnegoTokenGetBinary(SPNEGO_TOKEN_HANDLE hSpnegoToken, unsigned char *pbTokenData,
                         unsigned long *pulDataLen)
{
    if (hSpnegoToken == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    return api_copy_out(hSpnegoToken->bytes, hSpnegoToken->tok.token_len, pbTokenData,
                        pulDataLen);
}

int spnegoTokenGetBinaryPtr(SPNEGO_TOKEN_HANDLE hSpnegoToken, const unsigned char **ppbData,
                            unsigned long *pulDataLen)
{
    if (hSpnegoToken == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    return api_point_out(hSpnegoToken->bytes, hSpnegoToken->tok.token_len, ppbData,
                         pulDataLen);
}

int spnegoGetTokenType(SPNEGO_TOKEN_HANDLE hSpnegoToken, int *piTokenType)
{
    if (hSpnegoToken == NULL || piTokenType == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    *piTokenType = hSpnegoToken->tok.type;
    return SPNEGO_E_SUCCESS;
}

int spnegoIsMechTypeAvailable(SPNEGO_TOKEN_HANDLE hSpnegoToken, SPNEGO_MECH_OID MechOID,
                              int *piMechTypeIndex)
{
    SPNEGO_OID wanted;
    struct spnego_der_view oid;
    size_t i;

    if (hSpnegoToken == NULL || piMechTypeIndex == NULL ||
        spnegoMechOidGet(MechOID, &wanted) != SPNEGO_E_SUCCESS) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (!spnego_tok_has(&hSpnegoToken->tok, SPNEGO_ELEMENT_MECH_TYPES)) {
        return SPNEGO_E_ELEMENT_UNAVAILABLE;
    }
    for (i = 0; i < hSpnegoToken->tok.num_mechs && i <= (size_t)INT_MAX; i++) {
        if (spnego_tok_mech_at(&hSpnegoToken->tok, hSpnegoToken->bytes, i,
                               &hSpnegoToken->mech_cursor, &oid) &&
            oid.len == wanted.ulOidLen && memcmp(oid.data, wanted.pbOid, oid.len) == 0) {
            *piMechTypeIndex = (int)i;
            return SPNEGO_E_SUCCESS;
        }
    }
    return SPNEGO_E_NOT_FOUND;
}

int spnegoGetContextFlags(SPNEGO_TOKEN_HANDLE hSpnegoToken, unsigned char *pucContextFlags)
{
    if (hSpnegoToken == NULL || pucContextFlags == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (!spnego_tok_has(&hSpnegoToken->tok, SPNEGO_ELEMENT_REQ_FLAGS)) {
        return SPNEGO_E_ELEMENT_UNAVAILABLE;
    }
    *pucContextFlags = hSpnegoToken->tok.req_flags;
    return SPNEGO_E_SUCCESS;
}

int spnegoGetNegotiationResult(SPNEGO_TOKEN_HANDLE hSpnegoToken, SPNEGO_NEGRESULT *pnegResult)
{
    if (hSpnegoToken == NULL || pnegResult == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (!spnego_tok_has(&hSpnegoToken->tok, SPNEGO_ELEMENT_NEG_STATE)) {
        return SPNEGO_E_ELEMENT_UNAVAILABLE;
    }
    *pnegResult = (SPNEGO_NEGRESULT)hSpnegoToken->tok.neg_state;
    return SPNEGO_E_SUCCESS;
}

int spnegoGetSupportedMechOID(SPNEGO_TOKEN_HANDLE hSpnegoToken, SPNEGO_OID *pOid)
{
    const unsigned char *value;
    size_t len = 0;

    if (hSpnegoToken == NULL || pOid == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    value = api_value(hSpnegoToken, SPNEGO_ELEMENT_SUPPORTED_MECH, &len);
    if (value == NULL) {
        return SPNEGO_E_ELEMENT_UNAVAILABLE;
    }
    /* An OID is inside a token of at most ULONG_MAX bytes. */
    pOid->pbOid = value;
    pOid->ulOidLen = (unsigned long)len;
    return SPNEGO_E_SUCCESS;
}

int spnegoGetSupportedMechType(SPNEGO_TOKEN_HANDLE hSpnegoToken, SPNEGO_MECH_OID *pMechOID)
{
    SPNEGO_OID oid;
    int rc;

    if (pMechOID == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    rc = spnegoGetSupportedMechOID(hSpnegoToken, &oid);
    if (rc == SPNEGO_E_SUCCESS) {
        *pMechOID = spnegoMechOidLookup(&oid);
    }
    return rc;
}

int spnegoGetMechToken(SPNEGO_TOKEN_HANDLE hSpnegoToken, unsigned char *pbTokenData,
                       unsigned long *pulDataLen)
{
    return api_copy_element(hSpnegoToken, SPNEGO_ELEMENT_MECH_TOKEN, pbTokenData,
                            pulDataLen);
}

int spnegoGetMechListMIC(SPNEGO_TOKEN_HANDLE hSpnegoToken, unsigned char *pbMICData,
                         unsigned long *pulDataLen)
{
    return api_copy_element(hSpnegoToken, SPNEGO_ELEMENT_MECH_LIST_MIC, pbMICData,
                            pulDataLen);
}

int spnegoGetMechTokenPtr(SPNEGO_TOKEN_HANDLE hSpnegoToken, const unsigned char **ppbData,
                          unsigned long *pulDataLen)
{
    return api_point_element(hSpnegoToken, SPNEGO_ELEMENT_MECH_TOKEN, ppbData, pulDataLen);
}

int spnegoGetMechListMICPtr(SPNEGO_TOKEN_HANDLE hSpnegoToken, const unsigned char **ppbData,
                            unsigned long *pulDataLen)
{
    return api_point_element(hSpnegoToken, SPNEGO_ELEMENT_MECH_LIST_MIC, ppbData,
                             pulDataLen);
}

int spnegoGetMechListBytes(SPNEGO_TOKEN_HANDLE hSpnegoToken, unsigned char *pbData,
                           unsigned long *pulDataLen)
{
    return api_copy_element(hSpnegoToken, SPNEGO_ELEMENT_MECH_TYPES, pbData, pulDataLen);
}

int spnegoGetMechListBytesPtr(SPNEGO_TOKEN_HANDLE hSpnegoToken, const unsigned char **ppbData,
                              unsigned long *pulDataLen)
{
    return api_point_element(hSpnegoToken, SPNEGO_ELEMENT_MECH_TYPES, ppbData, pulDataLen);
}

int spnegoGetNegHintName(SPNEGO_TOKEN_HANDLE hSpnegoToken, unsigned char *pbName,
                         unsigned long *pulNameLen)
{
    return api_copy_element(hSpnegoToken, SPNEGO_ELEMENT_HINT_NAME, pbName, pulNameLen);
}

int spnegoGetNegHintAddress(SPNEGO_TOKEN_HANDLE hSpnegoToken, unsigned char *pbAddress,
                            unsigned long *pulAddressLen)
{
    return api_copy_element(hSpnegoToken, SPNEGO_ELEMENT_HINT_ADDRESS, pbAddress,
                            pulAddressLen);
}

int spnegoGetNegHintNamePtr(SPNEGO_TOKEN_HANDLE hSpnegoToken, const unsigned char **ppbName,
                            unsigned long *pulNameLen)
{
    return api_point_element(hSpnegoToken, SPNEGO_ELEMENT_HINT_NAME, ppbName, pulNameLen);
}

int spnegoGetNegHintAddressPtr(SPNEGO_TOKEN_HANDLE hSpnegoToken,
                               const unsigned char **ppbAddress, unsigned long *pulAddressLen)
{
    return api_point_element(hSpnegoToken, SPNEGO_ELEMENT_HINT_ADDRESS, ppbAddress,
                             pulAddressLen);
}

int spnegoGetMechTypeCount(SPNEGO_TOKEN_HANDLE hSpnegoToken, unsigned long *pulCount)
{
    if (hSpnegoToken == NULL || pulCount == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (!spnego_tok_has(&hSpnegoToken->tok, SPNEGO_ELEMENT_MECH_TYPES)) {
        return SPNEGO_E_ELEMENT_UNAVAILABLE;
    }
    *pulCount = (unsigned long)hSpnegoToken->tok.num_mechs;
    return SPNEGO_E_SUCCESS;
}

/* An OID past the ones the parse indexed: a walk of the list. Out of
 * line, so that reading an indexed OID needs no stack frame. */
static SPNEGO_NOINLINE int api_mech_oid_walk(SPNEGO_TOKEN_HANDLE h, size_t index,
                                             SPNEGO_OID *pOid)
{
    struct spnego_der_view oid;

    if (!spnego_tok_mech_at(&h->tok, h->bytes, index, &h->mech_cursor, &oid)) {
        return SPNEGO_E_NOT_FOUND;
    }
    pOid->pbOid = oid.data;
    pOid->ulOidLen = (unsigned long)oid.len;
    return SPNEGO_E_SUCCESS;
}

int spnegoGetMechTypeOIDPtr(SPNEGO_TOKEN_HANDLE hSpnegoToken, unsigned long ulIndex,
                            SPNEGO_OID *pOid)
{
    const struct spnego_tok_span *oid;
    size_t index;

    if (hSpnegoToken == NULL || pOid == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (!spnego_tok_has(&hSpnegoToken->tok, SPNEGO_ELEMENT_MECH_TYPES)) {
        return SPNEGO_E_ELEMENT_UNAVAILABLE;
    }
    if (!api_to_size(ulIndex, &index)) {
        return SPNEGO_E_NOT_FOUND;
    }
    oid = spnego_tok_mech_kept(&hSpnegoToken->tok, index);
    if (oid != NULL) {
        pOid->pbOid = hSpnegoToken->bytes + oid->value_off;
        pOid->ulOidLen = (unsigned long)oid->value_len;
        return SPNEGO_E_SUCCESS;
    }
    return api_mech_oid_walk(hSpnegoToken, index, pOid);
}

int spnegoGetMechTypeOID(SPNEGO_TOKEN_HANDLE hSpnegoToken, unsigned long ulIndex,
                         unsigned char *pbOid, unsigned long *pulOidLen)
{
    SPNEGO_OID oid;
    int rc;

    if (pulOidLen == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    rc = spnegoGetMechTypeOIDPtr(hSpnegoToken, ulIndex, &oid);
    if (rc == SPNEGO_E_SUCCESS) {
        rc = api_copy_out(oid.pbOid, (size_t)oid.ulOidLen, pbOid, pulOidLen);
    }
    return rc;
}

int spnegoIsNegTokenInit2(SPNEGO_TOKEN_HANDLE hSpnegoToken, int *piIsInit2)
{
    if (hSpnegoToken == NULL || piIsInit2 == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    *piIsInit2 = hSpnegoToken->tok.is_init2;
    return SPNEGO_E_SUCCESS;
}

int spnegoGetParseWarnings(SPNEGO_TOKEN_HANDLE hSpnegoToken, unsigned long *pulWarnings)
{
    if (hSpnegoToken == NULL || pulWarnings == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    *pulWarnings = hSpnegoToken->tok.warnings;
    return SPNEGO_E_SUCCESS;
}

int spnegoGetElementSpan(SPNEGO_TOKEN_HANDLE hSpnegoToken, int nElement,
                         unsigned long *pulOffset, unsigned long *pulLen)
{
    const struct spnego_tok_span *span;

    if (hSpnegoToken == NULL || pulOffset == NULL || pulLen == NULL || nElement < 0 ||
        nElement >= SPNEGO_ELEMENT_COUNT) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (!spnego_tok_has(&hSpnegoToken->tok, nElement)) {
        return SPNEGO_E_ELEMENT_UNAVAILABLE;
    }
    span = &hSpnegoToken->tok.elem[nElement];
    /* The wrapper: head octets before the value, ending where it ends. */
    *pulOffset = (unsigned long)(span->value_off - hSpnegoToken->tok.head[nElement]);
    *pulLen = (unsigned long)(span->value_len + hSpnegoToken->tok.head[nElement]);
    return SPNEGO_E_SUCCESS;
}

/* ---- mechanisms ---- */

int spnegoMechOidGet(SPNEGO_MECH_OID MechType, SPNEGO_OID *pOid)
{
    const unsigned char *oid;
    size_t len;

    if (pOid == NULL || !spnego_mech_oid(MechType, &oid, &len)) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    pOid->pbOid = oid;
    pOid->ulOidLen = (unsigned long)len;
    return SPNEGO_E_SUCCESS;
}

SPNEGO_MECH_OID spnegoMechOidLookup(const SPNEGO_OID *pOid)
{
    size_t len;

    if (pOid == NULL || pOid->pbOid == NULL || !api_to_size(pOid->ulOidLen, &len)) {
        return spnego_mech_oid_Unknown;
    }
    return spnego_mech_lookup(pOid->pbOid, len);
}

/* ---- OID text and identification (the work is in L1) ---- */

int spnegoOidToString(const SPNEGO_OID *pOid, char *szOut, unsigned long *pulOutLen)
{
    size_t oid_len;
    size_t chars = 0;
    int rc;

    if (pOid == NULL || pOid->pbOid == NULL || pulOutLen == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (!api_to_size(pOid->ulOidLen, &oid_len)) {
        return SPNEGO_E_INVALID_LENGTH;
    }
    rc = spnego_oid_to_text(pOid->pbOid, oid_len, NULL, &chars);
    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    /* chars + 1 for the NUL must fit the unsigned long protocol (LLP64:
     * a 1 GiB OID's text passes 2^32 - 1 while size_t still holds it). */
    if (chars >= ULONG_MAX) {
        return SPNEGO_E_TOO_LARGE;
    }
    if (szOut == NULL || *pulOutLen < chars + 1) {
        *pulOutLen = (unsigned long)(chars + 1);
        return SPNEGO_E_BUFFER_TOO_SMALL;
    }
    rc = spnego_oid_to_text(pOid->pbOid, oid_len, szOut, &chars);
    szOut[chars] = '\0';
    *pulOutLen = (unsigned long)(chars + 1);
    return rc;
}

int spnegoOidFromString(const char *szDotted, unsigned char *pbOid, unsigned long *pulOidLen)
{
    size_t len = 0;
    int rc;

    if (szDotted == NULL || pulOidLen == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    rc = spnego_oid_from_text(szDotted, NULL, &len);
    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    if (len > ULONG_MAX) {
        return SPNEGO_E_INVALID_LENGTH;
    }
    if (pbOid == NULL || *pulOidLen < len) {
        *pulOidLen = (unsigned long)len;
        return SPNEGO_E_BUFFER_TOO_SMALL;
    }
    rc = spnego_oid_from_text(szDotted, pbOid, &len);
    *pulOidLen = (unsigned long)len;
    return rc;
}

int spnegoIdentifyToken(const unsigned char *pbData, unsigned long ulDataLen, int *piKind)
{
    size_t len;

    if (pbData == NULL || piKind == NULL || !api_to_size(ulDataLen, &len)) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    *piKind = spnego_tok_identify(pbData, len);
    return SPNEGO_E_SUCCESS;
}
