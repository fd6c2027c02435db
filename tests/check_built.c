/*
 * check_built.c - test code, not part of the library: a built handle
 * against a fresh parse of its own bytes, through the public getters
 * (check_built.h).
 *
 * Shared by the cmocka unit tests and the fuzz targets, so it reports
 * instead of asserting: each caller turns a difference into its own kind
 * of failure (a cmocka failure, an abort). Every getter is called on both
 * handles; a pointer result is compared as an offset from that handle's
 * token start, since the two handles need not share a base pointer.
 */
#include "check_built.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

/* How many of the last OIDs are read again from the top down: each read
 * below the cursor restarts the walk, so this stays small. */
#define CB_MECHS_DOWN 8

/* Index 0 is the built handle, 1 the parse of its bytes. */
struct cb_pair {
    SPNEGO_TOKEN_HANDLE h[2];
    const unsigned char *base[2]; /* each handle's token start */
    unsigned long len;            /* token length, the same for both */
    char *why;
    size_t why_len;
};

typedef int (*cb_ptr_getter)(SPNEGO_TOKEN_HANDLE, const unsigned char **,
                             unsigned long *);
typedef int (*cb_copy_getter)(SPNEGO_TOKEN_HANDLE, unsigned char *, unsigned long *);

/* A getter with its name, for the report. */
struct cb_getter {
    const char *name;
    cb_ptr_getter ptr;
    cb_copy_getter copy;
};

/* Writes the report; always returns 0 (the failure). */
static int cb_fail(struct cb_pair *c, const char *fmt, ...)
{
    va_list ap;

    if (c->why_len > 0) {
        va_start(ap, fmt);
        (void)vsnprintf(c->why, c->why_len, fmt, ap);
        va_end(ap);
    }
    return 0;
}

/* Offset of p (p_len bytes) from handle k's token start; 0 when the bytes
 * are not all inside the token. */
static int cb_offset(const struct cb_pair *c, int k, const unsigned char *p,
                     unsigned long p_len, unsigned long *out_off)
{
    uintptr_t start = (uintptr_t)c->base[k];
    uintptr_t at = (uintptr_t)p;

    if (p == NULL || at < start || at - start > c->len ||
        p_len > c->len - (unsigned long)(at - start)) {
        return 0;
    }
    *out_off = (unsigned long)(at - start);
    return 1;
}

/* Same status, and on success the same (offset, length). */
static int cb_same_place(struct cb_pair *c, const char *what, long index, const int rc[2],
                         const unsigned long off[2], const unsigned long len[2])
{
    if (rc[0] != rc[1]) {
        return cb_fail(c, "%s %ld: built handle returns %d (%s), parse %d (%s)", what, index,
                       rc[0], spnegoErrorString(rc[0]), rc[1], spnegoErrorString(rc[1]));
    }
    if (rc[0] == SPNEGO_E_SUCCESS && (off[0] != off[1] || len[0] != len[1])) {
        return cb_fail(c, "%s %ld: built handle (offset %lu, length %lu), parse "
                       "(offset %lu, length %lu)", what, index, off[0], len[0], off[1],
                       len[1]);
    }
    return 1;
}

/* Same status, and on success the same value. */
static int cb_same_value(struct cb_pair *c, const char *what, long index, const int rc[2],
                         const long value[2])
{
    if (rc[0] != rc[1]) {
        return cb_fail(c, "%s %ld: built handle returns %d (%s), parse %d (%s)", what, index,
                       rc[0], spnegoErrorString(rc[0]), rc[1], spnegoErrorString(rc[1]));
    }
    if (rc[0] == SPNEGO_E_SUCCESS && value[0] != value[1]) {
        return cb_fail(c, "%s %ld: built handle gives %ld, parse %ld", what, index, value[0],
                       value[1]);
    }
    return 1;
}

/* A pointer getter: where its bytes are, as an offset. */
static int cb_same_ptr(struct cb_pair *c, const struct cb_getter *g)
{
    const unsigned char *p[2] = {NULL, NULL};
    unsigned long off[2] = {0, 0};
    unsigned long len[2] = {0, 0};
    int rc[2];
    int k;

    for (k = 0; k < 2; k++) {
        rc[k] = g->ptr(c->h[k], &p[k], &len[k]);
        if (rc[k] == SPNEGO_E_SUCCESS && !cb_offset(c, k, p[k], len[k], &off[k])) {
            return cb_fail(c, "%s: handle %d points outside its token", g->name, k);
        }
    }
    return cb_same_place(c, g->name, 0, rc, off, len);
}

/* A copy-out getter asked for its size only. */
static int cb_same_copy_size(struct cb_pair *c, const struct cb_getter *g)
{
    unsigned long off[2] = {0, 0};
    unsigned long len[2] = {0, 0};
    int rc[2];
    int k;

    for (k = 0; k < 2; k++) {
        rc[k] = g->copy(c->h[k], NULL, &len[k]);
    }
    return cb_same_place(c, g->name, 1, rc, off, len);
}

/* spnegoGetElementSpan for every element id: the wrappers, header
 * included, which no other getter shows (negHints above all). */
static int cb_same_spans(struct cb_pair *c)
{
    unsigned long off[2];
    unsigned long len[2];
    int rc[2];
    int e;
    int k;

    /* One id past each end: both refuse it. */
    for (e = -1; e <= SPNEGO_ELEMENT_COUNT; e++) {
        for (k = 0; k < 2; k++) {
            off[k] = 0;
            len[k] = 0;
            rc[k] = spnegoGetElementSpan(c->h[k], e, &off[k], &len[k]);
            if (rc[k] == SPNEGO_E_SUCCESS && (off[k] > c->len || len[k] > c->len - off[k])) {
                return cb_fail(c, "span of element %d: handle %d gives (offset %lu, "
                               "length %lu) in a token of %lu bytes", e, k, off[k], len[k],
                               c->len);
            }
        }
        if (!cb_same_place(c, "span of element", e, rc, off, len)) {
            return 0;
        }
    }
    return 1;
}

/* Every pointer getter and the size of every copy-out getter. */
static int cb_same_getters(struct cb_pair *c)
{
    /* Built at run time: a DLL's function address is no constant. */
    const struct cb_getter getters[] = {
        {"token", spnegoTokenGetBinaryPtr, spnegoTokenGetBinary},
        {"mechListBytes", spnegoGetMechListBytesPtr, spnegoGetMechListBytes},
        {"mechToken", spnegoGetMechTokenPtr, spnegoGetMechToken},
        {"mechListMIC", spnegoGetMechListMICPtr, spnegoGetMechListMIC},
        {"hintName", spnegoGetNegHintNamePtr, spnegoGetNegHintName},
        {"hintAddress", spnegoGetNegHintAddressPtr, spnegoGetNegHintAddress},
    };
    const unsigned char *p[2] = {NULL, NULL};
    unsigned long off[2] = {0, 0};
    unsigned long len[2] = {0, 0};
    SPNEGO_OID oid[2];
    int rc[2];
    size_t i;
    int k;

    for (i = 0; i < sizeof(getters) / sizeof(getters[0]); i++) {
        if (!cb_same_ptr(c, &getters[i]) || !cb_same_copy_size(c, &getters[i])) {
            return 0;
        }
    }
    for (k = 0; k < 2; k++) {
        oid[k].pbOid = NULL;
        oid[k].ulOidLen = 0;
        rc[k] = spnegoGetSupportedMechOID(c->h[k], &oid[k]);
        p[k] = oid[k].pbOid;
        len[k] = oid[k].ulOidLen;
        if (rc[k] == SPNEGO_E_SUCCESS && !cb_offset(c, k, p[k], len[k], &off[k])) {
            return cb_fail(c, "supportedMech: handle %d points outside its token", k);
        }
    }
    return cb_same_place(c, "supportedMech", 0, rc, off, len);
}

/* The scalar fields and the warnings. */
static int cb_same_fields(struct cb_pair *c)
{
    long value[2];
    int rc[2];
    int k;
    unsigned long warnings[2] = {0, 0};
    unsigned long allowed = 0;

    for (k = 0; k < 2; k++) {
        int type = -1;
        rc[k] = spnegoGetTokenType(c->h[k], &type);
        value[k] = type;
    }
    if (!cb_same_value(c, "token type", 0, rc, value)) {
        return 0;
    }
    for (k = 0; k < 2; k++) {
        int init2 = -1;
        rc[k] = spnegoIsNegTokenInit2(c->h[k], &init2);
        value[k] = init2;
    }
    if (!cb_same_value(c, "NegTokenInit2", 0, rc, value)) {
        return 0;
    }
    for (k = 0; k < 2; k++) {
        unsigned char flags = 0;
        rc[k] = spnegoGetContextFlags(c->h[k], &flags);
        value[k] = flags;
    }
    if (!cb_same_value(c, "context flags", 0, rc, value)) {
        return 0;
    }
    /* Our own deliberate reqFlags forms, which the parse flags in a peer's
     * token: 03 02 01 xx, and no flag at all (SPNEGO_BUILD_ZERO_REQFLAGS). */
    if (rc[0] == SPNEGO_E_SUCCESS) {
        allowed = SPNEGO_WARN_REQFLAGS_NOT_DER;
        if (value[0] == 0) {
            allowed |= SPNEGO_WARN_REQFLAGS_UNUSUAL;
        }
    }
    for (k = 0; k < 2; k++) {
        SPNEGO_NEGRESULT result = spnego_negresult_NotUsed;
        rc[k] = spnegoGetNegotiationResult(c->h[k], &result);
        value[k] = (long)result;
    }
    if (!cb_same_value(c, "negotiation result", 0, rc, value)) {
        return 0;
    }
    for (k = 0; k < 2; k++) {
        SPNEGO_MECH_OID mech = spnego_mech_oid_NotUsed;
        rc[k] = spnegoGetSupportedMechType(c->h[k], &mech);
        value[k] = (long)mech;
    }
    if (!cb_same_value(c, "supportedMech type", 0, rc, value)) {
        return 0;
    }
    for (k = 0; k < 2; k++) {
        if (spnegoGetParseWarnings(c->h[k], &warnings[k]) != SPNEGO_E_SUCCESS) {
            return cb_fail(c, "spnegoGetParseWarnings fails on handle %d", k);
        }
    }
    if (warnings[0] != 0 || (warnings[1] & ~allowed) != warnings[0]) {
        return cb_fail(c, "warnings: built handle 0x%lx, parse 0x%lx (may differ by 0x%lx)",
                       warnings[0], warnings[1], allowed);
    }
    return 1;
}

/* OID number i through the pointer getter. */
static int cb_same_oid(struct cb_pair *c, unsigned long i)
{
    SPNEGO_OID oid[2];
    unsigned long off[2] = {0, 0};
    unsigned long len[2] = {0, 0};
    int rc[2];
    int k;

    for (k = 0; k < 2; k++) {
        oid[k].pbOid = NULL;
        oid[k].ulOidLen = 0;
        rc[k] = spnegoGetMechTypeOIDPtr(c->h[k], i, &oid[k]);
        len[k] = oid[k].ulOidLen;
        if (rc[k] == SPNEGO_E_SUCCESS &&
            !cb_offset(c, k, oid[k].pbOid, oid[k].ulOidLen, &off[k])) {
            return cb_fail(c, "mech OID %lu: handle %d points outside its token", i, k);
        }
    }
    return cb_same_place(c, "mech OID", (long)i, rc, off, len);
}

/* OID number i through the copy-out getter, size only. */
static int cb_same_oid_size(struct cb_pair *c, unsigned long i)
{
    unsigned long off[2] = {0, 0};
    unsigned long len[2] = {0, 0};
    int rc[2];
    int k;

    for (k = 0; k < 2; k++) {
        rc[k] = spnegoGetMechTypeOID(c->h[k], i, NULL, &len[k]);
    }
    return cb_same_place(c, "mech OID size", (long)i, rc, off, len);
}

/* The mech list: count, every OID upwards (one past the end included),
 * the last ones downwards, every named mechanism's index. */
static int cb_same_mechs(struct cb_pair *c)
{
    unsigned long count[2] = {0, 0};
    long value[2];
    int rc[2];
    unsigned long i;
    int m;
    int k;

    for (k = 0; k < 2; k++) {
        rc[k] = spnegoGetMechTypeCount(c->h[k], &count[k]);
        value[k] = (long)count[k];
    }
    if (!cb_same_value(c, "mech count", 0, rc, value)) {
        return 0;
    }
    for (i = 0; i <= count[0]; i++) {
        if (!cb_same_oid(c, i)) {
            return 0;
        }
    }
    for (i = 0; i <= count[0]; i++) {
        if (!cb_same_oid_size(c, i)) {
            return 0;
        }
    }
    for (i = count[0]; i > 0 && count[0] - i < CB_MECHS_DOWN; i--) {
        if (!cb_same_oid(c, i - 1)) {
            return 0;
        }
    }
    for (m = spnego_mech_oid_Kerberos_V5_Legacy; m < spnego_mech_oid_Unknown; m++) {
        for (k = 0; k < 2; k++) {
            int index = -1;
            rc[k] = spnegoIsMechTypeAvailable(c->h[k], (SPNEGO_MECH_OID)m, &index);
            value[k] = index;
        }
        if (!cb_same_value(c, "index of named mech", m, rc, value)) {
            return 0;
        }
    }
    return 1;
}

int spnego_test_check_built(SPNEGO_TOKEN_HANDLE built, char *out_why, size_t why_len)
{
    struct cb_pair c;
    unsigned long parsed_len = 0;
    int ok = 0;
    int rc;

    c.h[0] = built;
    c.h[1] = NULL;
    c.base[0] = NULL;
    c.base[1] = NULL;
    c.len = 0;
    c.why = out_why;
    c.why_len = why_len;
    if (why_len > 0) {
        out_why[0] = '\0';
    }
    rc = spnegoTokenGetBinaryPtr(built, &c.base[0], &c.len);
    if (rc != SPNEGO_E_SUCCESS) {
        return cb_fail(&c, "no bytes from the built handle: %s", spnegoErrorString(rc));
    }
    rc = spnegoInitFromBinaryEx(c.base[0], c.len, SPNEGO_PARSE_NOCOPY, &c.h[1]);
    if (rc != SPNEGO_E_SUCCESS) {
        return cb_fail(&c, "the built bytes do not parse: %s", spnegoErrorString(rc));
    }
    rc = spnegoTokenGetBinaryPtr(c.h[1], &c.base[1], &parsed_len);
    if (rc != SPNEGO_E_SUCCESS || parsed_len != c.len) {
        cb_fail(&c, "the parse keeps %lu of the %lu built bytes", parsed_len, c.len);
        goto done;
    }
    ok = cb_same_spans(&c) && cb_same_getters(&c) && cb_same_fields(&c) &&
         cb_same_mechs(&c);
done:
    spnegoFreeData(c.h[1]);
    return ok;
}
