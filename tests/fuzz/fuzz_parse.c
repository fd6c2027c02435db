/*
 * fuzz_parse.c - parse any bytes with every parse flag, then exercise every
 * getter and check that the answers agree with each other.
 *
 * Invariants (DESIGN.md 3 and 4):
 *  - spnegoValidateToken() and spnegoInitFromBinaryEx() agree on the status
 *    and the warnings, for the same flags; the error offset is inside the
 *    input; a failed constructor leaves *ph NULL.
 *  - STRICT accepts exactly what default parsing accepts without a warning.
 *  - NOCOPY and copying handles give the same answers; NOCOPY pointers
 *    point into the caller's buffer.
 *  - Copy-out getters: NULL or short buffer gives BUFFER_TOO_SMALL with the
 *    exact size and writes nothing; an exact buffer gives the same bytes
 *    as the pointer getter.
 *  - Element spans lie inside the token and start with their [n] tag.
 *  - Every mech OID renders with spnegoOidToString() (or is OID_TOO_LARGE)
 *    and the text encodes back to the same bytes.
 */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spnego.h"

#define CANARY 0xA5u

/* Copy-out protocol check for one getter result of want_len bytes that the
 * pointer getter located at want. get() is one of the copy-out getters
 * bound to an element through the small switch below. */
enum copy_kind { COPY_MECH_TOKEN, COPY_MIC, COPY_MECH_LIST, COPY_HINT_NAME,
                 COPY_HINT_ADDR, COPY_BINARY };

static int copy_call(enum copy_kind kind, SPNEGO_TOKEN_HANDLE h, unsigned char *buf,
                     unsigned long *len)
{
    switch (kind) {
    case COPY_MECH_TOKEN:
        return spnegoGetMechToken(h, buf, len);
    case COPY_MIC:
        return spnegoGetMechListMIC(h, buf, len);
    case COPY_MECH_LIST:
        return spnegoGetMechListBytes(h, buf, len);
    case COPY_HINT_NAME:
        return spnegoGetNegHintName(h, buf, len);
    case COPY_HINT_ADDR:
        return spnegoGetNegHintAddress(h, buf, len);
    case COPY_BINARY:
    default:
        return spnegoTokenGetBinary(h, buf, len);
    }
}

/* Checks the copy-out protocol against the expected bytes (want == NULL:
 * the element is absent). */
static void check_copy_out(enum copy_kind kind, SPNEGO_TOKEN_HANDLE h,
                           const unsigned char *want, unsigned long want_len)
{
    unsigned char *buf;
    unsigned long len;
    unsigned long i;
    int rc;

    len = 0;
    rc = copy_call(kind, h, NULL, &len);
    if (want == NULL) {
        FUZZ_CHECK(rc == SPNEGO_E_ELEMENT_UNAVAILABLE);
        return;
    }
    if (want_len == 0) {
        FUZZ_CHECK(rc == SPNEGO_E_SUCCESS && len == 0);
        return;
    }
    FUZZ_CHECK(rc == SPNEGO_E_BUFFER_TOO_SMALL && len == want_len);

    /* One byte short: nothing written, size reported. */
    buf = fuzz_dup(want, (size_t)want_len);
    memset(buf, CANARY, (size_t)want_len);
    len = want_len - 1;
    rc = copy_call(kind, h, buf, &len);
    FUZZ_CHECK(rc == SPNEGO_E_BUFFER_TOO_SMALL && len == want_len);
    for (i = 0; i < want_len; i++) {
        FUZZ_CHECK(buf[i] == CANARY);
    }
    /* Exact size: the same bytes as the pointer getter. */
    len = want_len;
    rc = copy_call(kind, h, buf, &len);
    FUZZ_CHECK(rc == SPNEGO_E_SUCCESS && len == want_len);
    FUZZ_CHECK(memcmp(buf, want, (size_t)want_len) == 0);
    free(buf);
}

/* A pointer into [base, base + base_len) covering len bytes? */
static int inside(const unsigned char *p, unsigned long len, const unsigned char *base,
                  unsigned long base_len)
{
    return p >= base && (unsigned long)(p - base) <= base_len &&
           len <= base_len - (unsigned long)(p - base);
}

/* Renders an OID and encodes the text back. */
static void check_oid_text(const SPNEGO_OID *oid)
{
    unsigned long text_len = 0;
    unsigned long back_len;
    char *text;
    unsigned char *back;
    int rc = spnegoOidToString(oid, NULL, &text_len);

    if (rc == SPNEGO_E_OID_TOO_LARGE) {
        return;
    }
    FUZZ_CHECK(rc == SPNEGO_E_BUFFER_TOO_SMALL && text_len >= 4);
    text = (char *)fuzz_alloc((size_t)text_len);
    memset(text, CANARY, (size_t)text_len);
    back_len = text_len - 1;
    FUZZ_CHECK(spnegoOidToString(oid, text, &back_len) == SPNEGO_E_BUFFER_TOO_SMALL);
    FUZZ_CHECK(back_len == text_len && (unsigned char)text[0] == CANARY);
    back_len = text_len;
    FUZZ_CHECK(spnegoOidToString(oid, text, &back_len) == SPNEGO_E_SUCCESS);
    FUZZ_CHECK(back_len == text_len && text[text_len - 1] == '\0');
    FUZZ_CHECK(strlen(text) == (size_t)text_len - 1);

    back_len = 0;
    FUZZ_CHECK(spnegoOidFromString(text, NULL, &back_len) == SPNEGO_E_BUFFER_TOO_SMALL);
    FUZZ_CHECK(back_len == oid->ulOidLen);
    back = fuzz_dup(oid->pbOid, (size_t)back_len);
    memset(back, 0, (size_t)back_len);
    FUZZ_CHECK(spnegoOidFromString(text, back, &back_len) == SPNEGO_E_SUCCESS);
    FUZZ_CHECK(back_len == oid->ulOidLen &&
               memcmp(back, oid->pbOid, (size_t)back_len) == 0);
    free(back);
    free(text);
}

static void check_mechs(SPNEGO_TOKEN_HANDLE h, const unsigned char *list,
                        unsigned long list_len)
{
    unsigned long count = 0;
    unsigned long i;
    int rc = spnegoGetMechTypeCount(h, &count);
    SPNEGO_OID oid;
    int named;

    if (list == NULL) {
        FUZZ_CHECK(rc == SPNEGO_E_ELEMENT_UNAVAILABLE);
        FUZZ_CHECK(spnegoGetMechTypeOIDPtr(h, 0, &oid) == SPNEGO_E_ELEMENT_UNAVAILABLE);
        for (named = 0; named < (int)spnego_mech_oid_Unknown; named++) {
            int index = -7;
            FUZZ_CHECK(spnegoIsMechTypeAvailable(h, (SPNEGO_MECH_OID)named, &index) ==
                       SPNEGO_E_ELEMENT_UNAVAILABLE);
        }
        return;
    }
    FUZZ_CHECK(rc == SPNEGO_E_SUCCESS && count >= 1);
    FUZZ_CHECK(list_len >= 2 && list[0] == 0x30);
    for (i = 0; i < count; i++) {
        unsigned char *copy;
        unsigned long copy_len = 0;
        SPNEGO_MECH_OID mech;

        FUZZ_CHECK(spnegoGetMechTypeOIDPtr(h, i, &oid) == SPNEGO_E_SUCCESS);
        FUZZ_CHECK(oid.ulOidLen >= 1 && inside(oid.pbOid, oid.ulOidLen, list, list_len));
        FUZZ_CHECK(spnegoGetMechTypeOID(h, i, NULL, &copy_len) ==
                   SPNEGO_E_BUFFER_TOO_SMALL);
        FUZZ_CHECK(copy_len == oid.ulOidLen);
        copy = fuzz_dup(oid.pbOid, (size_t)copy_len);
        memset(copy, CANARY, (size_t)copy_len);
        copy_len--;
        FUZZ_CHECK(spnegoGetMechTypeOID(h, i, copy, &copy_len) ==
                   SPNEGO_E_BUFFER_TOO_SMALL);
        FUZZ_CHECK(copy_len == oid.ulOidLen && copy[0] == CANARY);
        FUZZ_CHECK(spnegoGetMechTypeOID(h, i, copy, &copy_len) == SPNEGO_E_SUCCESS);
        FUZZ_CHECK(copy_len == oid.ulOidLen &&
                   memcmp(copy, oid.pbOid, (size_t)copy_len) == 0);
        free(copy);

        mech = spnegoMechOidLookup(&oid);
        if (mech != spnego_mech_oid_Unknown) {
            SPNEGO_OID known;
            int index = -1;
            FUZZ_CHECK(spnegoMechOidGet(mech, &known) == SPNEGO_E_SUCCESS);
            FUZZ_CHECK(known.ulOidLen == oid.ulOidLen &&
                       memcmp(known.pbOid, oid.pbOid, (size_t)oid.ulOidLen) == 0);
            /* IsMechTypeAvailable reports the first occurrence. */
            FUZZ_CHECK(spnegoIsMechTypeAvailable(h, mech, &index) == SPNEGO_E_SUCCESS);
            FUZZ_CHECK(index >= 0 && (unsigned long)index <= i);
        }
        check_oid_text(&oid);
    }
    FUZZ_CHECK(spnegoGetMechTypeOIDPtr(h, count, &oid) == SPNEGO_E_NOT_FOUND);
    for (named = 0; named < (int)spnego_mech_oid_Unknown; named++) {
        int index = -1;
        rc = spnegoIsMechTypeAvailable(h, (SPNEGO_MECH_OID)named, &index);
        FUZZ_CHECK(rc == SPNEGO_E_SUCCESS || rc == SPNEGO_E_NOT_FOUND);
        if (rc == SPNEGO_E_SUCCESS) {
            SPNEGO_OID at;
            SPNEGO_OID known;
            FUZZ_CHECK(index >= 0 && (unsigned long)index < count);
            FUZZ_CHECK(spnegoGetMechTypeOIDPtr(h, (unsigned long)index, &at) ==
                       SPNEGO_E_SUCCESS);
            FUZZ_CHECK(spnegoMechOidGet((SPNEGO_MECH_OID)named, &known) ==
                       SPNEGO_E_SUCCESS);
            FUZZ_CHECK(at.ulOidLen == known.ulOidLen &&
                       memcmp(at.pbOid, known.pbOid, (size_t)at.ulOidLen) == 0);
        }
    }
}

static void check_spans(SPNEGO_TOKEN_HANDLE h, const unsigned char *token,
                        unsigned long token_len)
{
    int e;

    for (e = 0; e < SPNEGO_ELEMENT_COUNT; e++) {
        unsigned long off = 0;
        unsigned long len = 0;
        int rc = spnegoGetElementSpan(h, e, &off, &len);

        FUZZ_CHECK(rc == SPNEGO_E_SUCCESS || rc == SPNEGO_E_ELEMENT_UNAVAILABLE);
        if (rc == SPNEGO_E_SUCCESS) {
            FUZZ_CHECK(off < token_len && len >= 2 && len <= token_len - off);
            /* An explicit [n]: context class, constructed. */
            FUZZ_CHECK((token[off] & 0xE0u) == 0xA0u);
        }
    }
    FUZZ_CHECK(spnegoGetElementSpan(h, -1, NULL, NULL) == SPNEGO_E_INVALID_PARAMETER);
    {
        unsigned long off;
        unsigned long len;
        FUZZ_CHECK(spnegoGetElementSpan(h, SPNEGO_ELEMENT_COUNT, &off, &len) ==
                   SPNEGO_E_INVALID_PARAMETER);
    }
}

/* Every getter on one handle; data/size is the parsed input. */
static void check_handle(SPNEGO_TOKEN_HANDLE h, unsigned long flags, const uint8_t *data,
                         size_t size)
{
    const unsigned char *token = NULL;
    unsigned long token_len = 0;
    const unsigned char *p = NULL;
    unsigned long len = 0;
    const unsigned char *list = NULL;
    unsigned long list_len = 0;
    unsigned long warnings = 0;
    int type = -1;
    int init2 = -1;
    int rc;

    FUZZ_CHECK(spnegoTokenGetBinaryPtr(h, &token, &token_len) == SPNEGO_E_SUCCESS);
    FUZZ_CHECK(token_len >= 2 && token_len <= size);
    FUZZ_CHECK(memcmp(token, data, (size_t)token_len) == 0);
    if (flags & SPNEGO_PARSE_NOCOPY) {
        FUZZ_CHECK(token == data);
    } else {
        FUZZ_CHECK(!inside(token, token_len, data, (unsigned long)size));
    }
    check_copy_out(COPY_BINARY, h, token, token_len);

    FUZZ_CHECK(spnegoGetParseWarnings(h, &warnings) == SPNEGO_E_SUCCESS);
    if (flags & SPNEGO_PARSE_STRICT) {
        FUZZ_CHECK(warnings == 0 && token_len == size);
    }
    FUZZ_CHECK((warnings & ~0x3FFFUL) == 0); /* the SPNEGO_WARN_* bits */
    if (token_len < size) {
        FUZZ_CHECK(warnings & SPNEGO_WARN_TRAILING_BYTES);
    }

    FUZZ_CHECK(spnegoGetTokenType(h, &type) == SPNEGO_E_SUCCESS);
    FUZZ_CHECK(type == SPNEGO_TOKEN_INIT || type == SPNEGO_TOKEN_TARG);
    FUZZ_CHECK(spnegoIsNegTokenInit2(h, &init2) == SPNEGO_E_SUCCESS);
    FUZZ_CHECK(init2 == 0 || (init2 == 1 && type == SPNEGO_TOKEN_INIT));
    if (type == SPNEGO_TOKEN_INIT && (warnings & SPNEGO_WARN_UNFRAMED_INIT) == 0) {
        FUZZ_CHECK(token[0] == 0x60);
    }

    /* mechTypes */
    rc = spnegoGetMechListBytesPtr(h, &list, &list_len);
    FUZZ_CHECK(rc == SPNEGO_E_SUCCESS || rc == SPNEGO_E_ELEMENT_UNAVAILABLE);
    if (rc != SPNEGO_E_SUCCESS) {
        list = NULL;
        FUZZ_CHECK(type == SPNEGO_TOKEN_TARG || init2 ||
                   (warnings & SPNEGO_WARN_MISSING_MECHTYPES));
    } else {
        FUZZ_CHECK(type == SPNEGO_TOKEN_INIT && inside(list, list_len, token, token_len));
    }
    check_copy_out(COPY_MECH_LIST, h, list, list_len);
    check_mechs(h, list, list_len);

    /* reqFlags */
    {
        unsigned char ctx_flags = 0;
        unsigned long gss;
        rc = spnegoGetContextFlags(h, &ctx_flags);
        FUZZ_CHECK(rc == SPNEGO_E_SUCCESS || rc == SPNEGO_E_ELEMENT_UNAVAILABLE);
        if (rc == SPNEGO_E_SUCCESS) {
            FUZZ_CHECK(type == SPNEGO_TOKEN_INIT);
            if (flags & SPNEGO_PARSE_STRICT) {
                FUZZ_CHECK(ctx_flags != 0 &&
                           (ctx_flags & ~SPNEGO_NEGINIT_CONTEXT_MASK) == 0);
            }
            gss = spnegoFlagsToGss(ctx_flags);
            FUZZ_CHECK(spnegoFlagsFromGss(gss) ==
                       (unsigned char)(ctx_flags & SPNEGO_NEGINIT_CONTEXT_MASK));
        }
    }

    /* mechToken / responseToken and mechListMIC */
    rc = spnegoGetMechTokenPtr(h, &p, &len);
    FUZZ_CHECK(rc == SPNEGO_E_SUCCESS || rc == SPNEGO_E_ELEMENT_UNAVAILABLE);
    if (rc == SPNEGO_E_SUCCESS) {
        FUZZ_CHECK(inside(p, len, token, token_len));
        FUZZ_CHECK(len > 0 || (warnings & SPNEGO_WARN_EMPTY_MECH_TOKEN));
    }
    check_copy_out(COPY_MECH_TOKEN, h, rc == SPNEGO_E_SUCCESS ? p : NULL, len);
    rc = spnegoGetMechListMICPtr(h, &p, &len);
    FUZZ_CHECK(rc == SPNEGO_E_SUCCESS || rc == SPNEGO_E_ELEMENT_UNAVAILABLE);
    if (rc == SPNEGO_E_SUCCESS) {
        FUZZ_CHECK(inside(p, len, token, token_len));
    }
    check_copy_out(COPY_MIC, h, rc == SPNEGO_E_SUCCESS ? p : NULL, len);

    /* negHints: located through their spans, compared with the getters. */
    {
        unsigned long off = 0;
        unsigned long span_len = 0;
        rc = spnegoGetElementSpan(h, SPNEGO_ELEMENT_HINT_NAME, &off, &span_len);
        if (rc == SPNEGO_E_SUCCESS) {
            /* A0 L 1B L name: the name is the tail of the span. */
            unsigned long name_len = 0;
            FUZZ_CHECK(init2 == 1);
            FUZZ_CHECK(spnegoGetNegHintName(h, NULL, &name_len) ==
                           SPNEGO_E_BUFFER_TOO_SMALL ||
                       name_len == 0);
            FUZZ_CHECK(name_len + 4 <= span_len);
            check_copy_out(COPY_HINT_NAME, h, token + off + span_len - name_len, name_len);
        } else {
            check_copy_out(COPY_HINT_NAME, h, NULL, 0);
        }
        rc = spnegoGetElementSpan(h, SPNEGO_ELEMENT_HINT_ADDRESS, &off, &span_len);
        if (rc == SPNEGO_E_SUCCESS) {
            unsigned long addr_len = 0;
            FUZZ_CHECK(init2 == 1);
            FUZZ_CHECK(spnegoGetNegHintAddress(h, NULL, &addr_len) ==
                       SPNEGO_E_BUFFER_TOO_SMALL);
            FUZZ_CHECK(addr_len >= 1 && addr_len + 4 <= span_len);
            check_copy_out(COPY_HINT_ADDR, h, token + off + span_len - addr_len, addr_len);
        } else {
            check_copy_out(COPY_HINT_ADDR, h, NULL, 0);
        }
    }

    /* negState and supportedMech */
    {
        SPNEGO_NEGRESULT result = spnego_negresult_NotUsed;
        SPNEGO_MECH_OID mech = spnego_mech_oid_NotUsed;
        SPNEGO_OID oid;
        rc = spnegoGetNegotiationResult(h, &result);
        FUZZ_CHECK(rc == SPNEGO_E_SUCCESS || rc == SPNEGO_E_ELEMENT_UNAVAILABLE);
        if (rc == SPNEGO_E_SUCCESS) {
            FUZZ_CHECK(type == SPNEGO_TOKEN_TARG);
            FUZZ_CHECK(result >= spnego_negresult_success &&
                       result <= spnego_negresult_request_mic);
        }
        rc = spnegoGetSupportedMechOID(h, &oid);
        FUZZ_CHECK(rc == SPNEGO_E_SUCCESS || rc == SPNEGO_E_ELEMENT_UNAVAILABLE);
        FUZZ_CHECK(spnegoGetSupportedMechType(h, &mech) == rc);
        if (rc == SPNEGO_E_SUCCESS) {
            FUZZ_CHECK(type == SPNEGO_TOKEN_TARG);
            FUZZ_CHECK(inside(oid.pbOid, oid.ulOidLen, token, token_len));
            FUZZ_CHECK(mech == spnegoMechOidLookup(&oid));
            check_oid_text(&oid);
        }
    }
    check_spans(h, token, token_len);
}

static const unsigned long parse_flags[4] = {
    0, SPNEGO_PARSE_STRICT, SPNEGO_PARSE_NOCOPY, SPNEGO_PARSE_STRICT | SPNEGO_PARSE_NOCOPY
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t empty[1] = {0};
    int rcs[4];
    unsigned long warns[4];
    size_t i;

    if (data == NULL) {
        data = empty; /* libFuzzer may pass NULL for an empty input */
    }

    for (i = 0; i < 4; i++) {
        SPNEGO_TOKEN_HANDLE h = (SPNEGO_TOKEN_HANDLE)&rcs; /* must be reset */
        unsigned long warnings = ~0UL;
        unsigned long err_off = ~0UL;
        int vrc = spnegoValidateToken(data, (unsigned long)size, parse_flags[i], &warnings,
                                      &err_off);
        int rc = spnegoInitFromBinaryEx(data, (unsigned long)size, parse_flags[i], &h);

        FUZZ_CHECK(rc == vrc);
        rcs[i] = rc;
        warns[i] = warnings;
        if (rc != SPNEGO_E_SUCCESS) {
            FUZZ_CHECK(h == NULL);
            FUZZ_CHECK(rc < 0 && rc >= SPNEGO_E_TOO_LARGE);
            FUZZ_CHECK(rc != SPNEGO_E_OUT_OF_MEMORY && rc != SPNEGO_E_INVALID_PARAMETER);
            FUZZ_CHECK(err_off <= (unsigned long)size);
            continue;
        }
        FUZZ_CHECK(h != NULL && err_off == 0);
        {
            unsigned long handle_warnings = ~0UL;
            FUZZ_CHECK(spnegoGetParseWarnings(h, &handle_warnings) == SPNEGO_E_SUCCESS);
            FUZZ_CHECK(handle_warnings == warnings);
        }
        check_handle(h, parse_flags[i], data, size);
        spnegoFreeData(h);
    }
    /* The copy flag changes nothing but ownership. */
    FUZZ_CHECK(rcs[0] == rcs[2] && rcs[1] == rcs[3]);
    FUZZ_CHECK(warns[0] == warns[2] && warns[1] == warns[3]);
    /* STRICT accepts exactly the warning-free default parses. */
    FUZZ_CHECK((rcs[1] == SPNEGO_E_SUCCESS) == (rcs[0] == SPNEGO_E_SUCCESS && warns[0] == 0));
    /* The 2002 entry point is default parsing. */
    {
        SPNEGO_TOKEN_HANDLE h = NULL;
        FUZZ_CHECK(spnegoInitFromBinary(data, (unsigned long)size, &h) == rcs[0]);
        spnegoFreeData(h);
    }
    return 0;
}
