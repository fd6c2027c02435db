/*
 * fuzz_build.c - fuzzer-chosen builder parameters: build, parse back,
 * compare every field.
 *
 * The input is a little program: a selector byte picks the builder
 * (InitEx, Init2, TargEx, the 2002 Init and Targ), the following bytes give
 * mechanisms (named or raw OID bytes, possibly malformed), flags, and the
 * optional buffers, including deliberately inconsistent pointer/length
 * pairs. The harness predicts validity on its own (DESIGN.md 5 and the
 * header comments) and checks:
 *  - invalid parameters give INVALID_PARAMETER (INVALID_OID for a bad OID
 *    alone) and *ph NULL;
 *  - valid parameters give a handle whose token re-parses (default and
 *    NOCOPY) to exactly the fields given;
 *  - with SPNEGO_BUILD_DER_REQFLAGS the token is STRICT-valid whenever the
 *    parameters are canonical, and then rebuilds to the same bytes.
 *  - no builder returns SPNEGO_E_PARSE_FAILED, and every built handle
 *    reads through the public getters exactly like a parse of its bytes
 *    (fuzz_check_built: spans, offsets, fields, warnings).
 */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spnego.h"

#define MAX_MECHS 6

enum builder { B_INIT_EX, B_INIT2, B_TARG_EX, B_INIT_2002, B_TARG_2002, B_COUNT };

/* A buffer parameter as the fuzzer chose it. */
struct buf_param {
    const unsigned char *ptr;
    unsigned long len;
    int bad; /* pointer/length disagree */
};

static const unsigned char nonempty[1] = {0x42};

/* Mode byte: 0 absent, 1 NULL with a length (bad), 2 pointer with length
 * 0 (bad), else a slice of the input of length byte2 (0 -> 1). */
static void take_buf(struct fuzz_input *in, struct buf_param *out)
{
    unsigned mode = fuzz_byte(in) % 8;
    size_t got;

    out->ptr = NULL;
    out->len = 0;
    out->bad = 0;
    if (mode == 0 || mode == 3) {
        return;
    }
    if (mode == 1) {
        out->len = 1 + fuzz_byte(in);
        out->bad = 1;
        return;
    }
    if (mode == 2) {
        out->ptr = nonempty;
        out->bad = 1;
        return;
    }
    out->ptr = fuzz_take(in, 1 + (size_t)fuzz_byte(in), &got);
    out->len = (unsigned long)got;
    if (got == 0) {
        out->ptr = nonempty; /* input ran out: use a fixed byte */
        out->len = 1;
    }
}

/* Independent OID check (X.690 8.19): non-empty, no 0x80 leading octet in
 * a subidentifier, last octet ends a subidentifier. */
static int oid_valid(const unsigned char *p, unsigned long len)
{
    unsigned long i;
    int start = 1;

    if (p == NULL || len == 0) {
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

static int same(const unsigned char *a, unsigned long a_len, const unsigned char *b,
                unsigned long b_len)
{
    return a_len == b_len && (a_len == 0 || memcmp(a, b, (size_t)a_len) == 0);
}

/* The element's bytes via a copy into a fresh block, compared. */
static void check_element(int rc, const unsigned char *got, unsigned long got_len,
                          const struct buf_param *want)
{
    if (want->ptr == NULL) {
        FUZZ_CHECK(rc == SPNEGO_E_ELEMENT_UNAVAILABLE);
        return;
    }
    FUZZ_CHECK(rc == SPNEGO_E_SUCCESS);
    FUZZ_CHECK(same(got, got_len, want->ptr, want->len));
}

struct build_case {
    enum builder which;
    SPNEGO_OID mechs[MAX_MECHS];
    unsigned long num_mechs;
    int bad_oid;
    int named_mech;          /* 2002 builders: enum value */
    unsigned char ctx_flags;
    unsigned long build_flags;
    struct buf_param token;
    struct buf_param mic;
    struct buf_param addr;
    const char *hint_name;   /* NULL: none given */
    char hint_buf[40];
    int neg_result;
    int has_supported;
    SPNEGO_OID supported;
};

/* reqFlags written even when zero (SPNEGO_BUILD_ZERO_REQFLAGS, Ex
 * builders of a NegTokenInit only). */
static int zero_req_flags(const struct build_case *c)
{
    return (c->which == B_INIT_EX || c->which == B_INIT2) &&
           (c->build_flags & SPNEGO_BUILD_ZERO_REQFLAGS) != 0;
}

static void read_case(struct fuzz_input *in, struct build_case *c)
{
    unsigned long i;
    unsigned n;

    memset(c, 0, sizeof(*c));
    c->which = (enum builder)(fuzz_byte(in) % B_COUNT);
    c->num_mechs = fuzz_byte(in) % (MAX_MECHS + 1);
    for (i = 0; i < c->num_mechs; i++) {
        n = fuzz_byte(in);
        if (n < 0x80) {
            /* A named mechanism (0..6) or, above, an always-valid one. */
            if (spnegoMechOidGet((SPNEGO_MECH_OID)(n % 7), &c->mechs[i]) !=
                SPNEGO_E_SUCCESS) {
                fuzz_fail(__FILE__, __LINE__, "spnegoMechOidGet on a named mech");
            }
        } else {
            size_t got;
            c->mechs[i].pbOid = fuzz_take(in, n & 0x1Fu, &got);
            c->mechs[i].ulOidLen = (unsigned long)got;
            if (got == 0) {
                c->mechs[i].pbOid = nonempty; /* still a valid one-octet OID */
                c->mechs[i].ulOidLen = 1;
            }
        }
        if (!oid_valid(c->mechs[i].pbOid, c->mechs[i].ulOidLen)) {
            c->bad_oid = 1;
        }
    }
    c->named_mech = (int)(fuzz_byte(in) % 10) - 1; /* -1 .. 8 */
    c->ctx_flags = (unsigned char)fuzz_byte(in);
    n = fuzz_byte(in);
    c->build_flags = (n & 0x80u) ? (unsigned long)(n & 0x1Fu) : (unsigned long)(n & 0x0Fu);
    take_buf(in, &c->token);
    take_buf(in, &c->mic);
    take_buf(in, &c->addr);
    n = fuzz_byte(in);
    if (n % 4 == 1) {
        c->hint_name = "";
    } else if (n % 4 == 2) {
        size_t got;
        const uint8_t *p = fuzz_take(in, 1 + (size_t)(n >> 3), &got);
        size_t k;
        for (k = 0; k < got; k++) {
            /* Printable bytes only: a C string never holds a NUL. */
            c->hint_buf[k] = (char)(0x20 + p[k] % 0x5F);
        }
        c->hint_buf[got] = '\0';
        c->hint_name = got > 0 ? c->hint_buf : NULL;
    } else if (n % 4 == 3) {
        c->hint_name = SPNEGO_HINT_NAME_IGNORE;
    }
    c->neg_result = (int)(fuzz_byte(in) % 7) - 2; /* -2 .. 4 */
    n = fuzz_byte(in);
    c->has_supported = (n & 1u) != 0;
    if (c->has_supported) {
        if (n & 2u) {
            size_t got;
            c->supported.pbOid = fuzz_take(in, (n >> 2) & 0x0Fu, &got);
            c->supported.ulOidLen = (unsigned long)got;
        } else {
            (void)spnegoMechOidGet((SPNEGO_MECH_OID)((n >> 2) % 7), &c->supported);
        }
    }
}

/* Either INVALID_PARAMETER or INVALID_OID: both kinds of error present. */
#define WANT_EITHER 1

/* Expected status of the builder call. */
static int expected_status(const struct build_case *c)
{
    int bad_param = c->token.bad || c->mic.bad;
    int bad_oid = 0;

    /* A mechListMIC equal to the mech token is the Windows 2000 bug that
     * parsing flags (SPNEGO_WARN_MIC_IS_MECH_TOKEN): every builder refuses. */
    if (c->token.ptr != NULL && c->mic.ptr != NULL && !c->token.bad && !c->mic.bad &&
        same(c->token.ptr, c->token.len, c->mic.ptr, c->mic.len)) {
        bad_param = 1;
    }

    switch (c->which) {
    case B_INIT_EX:
    case B_INIT2:
        bad_oid = c->bad_oid;
        bad_param = bad_param || c->num_mechs == 0 ||
                    (c->ctx_flags & ~SPNEGO_NEGINIT_CONTEXT_MASK) != 0 ||
                    (c->build_flags & ~0x0FUL) != 0;
        if (c->which == B_INIT_EX) {
            /* Hint flags make no sense without hints. */
            bad_param = bad_param || (c->build_flags & 0x06UL) != 0;
        } else if (c->build_flags & SPNEGO_BUILD_OMIT_NEG_HINTS) {
            /* Without negHints only a [4] MIC makes it an Init2. */
            bad_param = bad_param || c->hint_name != NULL || c->addr.ptr != NULL ||
                        c->addr.len != 0 || c->mic.ptr == NULL;
        } else {
            bad_param = bad_param || c->addr.bad;
        }
        break;
    case B_INIT_2002:
        bad_param = bad_param || c->named_mech < 0 || c->named_mech > 6 ||
                    (c->ctx_flags & ~SPNEGO_NEGINIT_CONTEXT_MASK) != 0;
        break;
    case B_TARG_EX:
    case B_TARG_2002:
        bad_param = bad_param || c->neg_result < -1 || c->neg_result > 3;
        if (c->which == B_TARG_EX) {
            bad_oid = c->has_supported &&
                      !oid_valid(c->supported.pbOid, c->supported.ulOidLen);
            if (c->neg_result == -1 && !c->has_supported && c->token.ptr == NULL &&
                c->mic.ptr == NULL) {
                bad_param = 1;
            }
            /* supportedMech (a first reply) needs negState, RFC 4178 4.2.2
             * (src/spnego_token_build.c; what STRICT parsing requires). */
            if (c->neg_result == -1 && c->has_supported) {
                bad_param = 1;
            }
        } else {
            bad_param = bad_param || c->named_mech > 6;
            if (c->neg_result == -1 && c->named_mech == -1 && c->token.ptr == NULL &&
                c->mic.ptr == NULL) {
                bad_param = 1;
            }
            if (c->neg_result == -1 && c->named_mech != -1) {
                bad_param = 1;
            }
        }
        break;
    default:
        break;
    }
    if (bad_param && bad_oid) {
        return WANT_EITHER;
    }
    if (bad_param) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (bad_oid) {
        return SPNEGO_E_INVALID_OID;
    }
    return SPNEGO_E_SUCCESS;
}

/* Describes a case on stderr when an invariant breaks. */
static void dump_case(const struct build_case *c)
{
    unsigned long i;

    fprintf(stderr, "case: builder %d, %lu mechs (bad oid %d), named %d, ctx 0x%02x, "
            "flags 0x%lx, token %lu%s, mic %lu%s, addr %lu%s, hint %s, negResult %d, "
            "supported %d\n", (int)c->which, c->num_mechs, c->bad_oid, c->named_mech,
            c->ctx_flags, c->build_flags, c->token.len, c->token.bad ? " (bad)" : "",
            c->mic.len, c->mic.bad ? " (bad)" : "", c->addr.len, c->addr.bad ? " (bad)" : "",
            c->hint_name != NULL ? c->hint_name : "(null)", c->neg_result, c->has_supported);
    for (i = 0; i < c->num_mechs; i++) {
        fuzz_dump("  mech", c->mechs[i].pbOid, (size_t)c->mechs[i].ulOidLen);
    }
}

static int run_builder(const struct build_case *c, SPNEGO_TOKEN_HANDLE *ph)
{
    switch (c->which) {
    case B_INIT_EX:
        return spnegoCreateNegTokenInitEx(c->mechs, c->num_mechs, c->ctx_flags, c->token.ptr,
                                          c->token.len, c->mic.ptr, c->mic.len,
                                          c->build_flags, ph);
    case B_INIT2:
        return spnegoCreateNegTokenInit2(c->mechs, c->num_mechs, c->ctx_flags, c->token.ptr,
                                         c->token.len, c->hint_name, c->addr.ptr,
                                         c->addr.len, c->mic.ptr, c->mic.len,
                                         c->build_flags, ph);
    case B_INIT_2002:
        return spnegoCreateNegTokenInit((SPNEGO_MECH_OID)c->named_mech, c->ctx_flags,
                                        c->token.ptr, c->token.len, c->mic.ptr, c->mic.len,
                                        ph);
    case B_TARG_EX:
        return spnegoCreateNegTokenTargEx(c->has_supported ? &c->supported : NULL,
                                          (SPNEGO_NEGRESULT)c->neg_result, c->token.ptr,
                                          c->token.len, c->mic.ptr, c->mic.len, ph);
    case B_TARG_2002:
    default:
        return spnegoCreateNegTokenTarg((SPNEGO_MECH_OID)c->named_mech,
                                        (SPNEGO_NEGRESULT)c->neg_result, c->token.ptr,
                                        c->token.len, c->mic.ptr, c->mic.len, ph);
    }
}

/* Parses the built bytes back and compares every field with the case. */
static void check_fields(const struct build_case *c, const unsigned char *bytes,
                         unsigned long len, unsigned long parse_flags)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    const unsigned char *p;
    unsigned long p_len;
    unsigned long count = 0;
    unsigned long i;
    int type = -1;
    int init2 = -1;
    int rc;
    int is_init = c->which == B_INIT_EX || c->which == B_INIT2 || c->which == B_INIT_2002;

    FUZZ_CHECK(spnegoInitFromBinaryEx(bytes, len, parse_flags, &h) == SPNEGO_E_SUCCESS);
    FUZZ_CHECK(spnegoGetTokenType(h, &type) == SPNEGO_E_SUCCESS);
    FUZZ_CHECK(type == (is_init ? SPNEGO_TOKEN_INIT : SPNEGO_TOKEN_TARG));
    rc = spnegoGetMechTokenPtr(h, &p, &p_len);
    check_element(rc, p, p_len, &c->token);
    rc = spnegoGetMechListMICPtr(h, &p, &p_len);
    check_element(rc, p, p_len, &c->mic);

    if (is_init) {
        unsigned char flags = 0;
        FUZZ_CHECK(bytes[0] == 0x60);
        FUZZ_CHECK(spnegoGetMechTypeCount(h, &count) == SPNEGO_E_SUCCESS);
        if (c->which == B_INIT_2002) {
            SPNEGO_OID want;
            SPNEGO_OID got;
            int index = -1;
            FUZZ_CHECK(count == 1);
            FUZZ_CHECK(spnegoMechOidGet((SPNEGO_MECH_OID)c->named_mech, &want) ==
                       SPNEGO_E_SUCCESS);
            FUZZ_CHECK(spnegoGetMechTypeOIDPtr(h, 0, &got) == SPNEGO_E_SUCCESS);
            FUZZ_CHECK(same(got.pbOid, got.ulOidLen, want.pbOid, want.ulOidLen));
            FUZZ_CHECK(spnegoIsMechTypeAvailable(h, (SPNEGO_MECH_OID)c->named_mech,
                                                 &index) == SPNEGO_E_SUCCESS &&
                       index == 0);
        } else {
            FUZZ_CHECK(count == c->num_mechs);
            for (i = 0; i < count; i++) {
                SPNEGO_OID got;
                FUZZ_CHECK(spnegoGetMechTypeOIDPtr(h, i, &got) == SPNEGO_E_SUCCESS);
                FUZZ_CHECK(same(got.pbOid, got.ulOidLen, c->mechs[i].pbOid,
                                c->mechs[i].ulOidLen));
            }
        }
        rc = spnegoGetContextFlags(h, &flags);
        if (c->ctx_flags == 0 && !zero_req_flags(c)) {
            FUZZ_CHECK(rc == SPNEGO_E_ELEMENT_UNAVAILABLE);
        } else {
            FUZZ_CHECK(rc == SPNEGO_E_SUCCESS && flags == c->ctx_flags);
        }
        FUZZ_CHECK(spnegoIsNegTokenInit2(h, &init2) == SPNEGO_E_SUCCESS);
        if (c->which == B_INIT2) {
            const char *name = c->hint_name;
            unsigned char got[64];
            unsigned long got_len = sizeof(got);
            int omit = (c->build_flags & SPNEGO_BUILD_OMIT_NEG_HINTS) != 0;
            if (name == NULL && !omit &&
                (c->build_flags & SPNEGO_BUILD_NO_HINT_SENTINEL) == 0) {
                name = SPNEGO_HINT_NAME_IGNORE;
            }
            /* negHints unless omitted; then only a [4] MIC shows Init2. */
            FUZZ_CHECK(init2 == (!omit || c->mic.ptr != NULL));
            {
                unsigned long off;
                unsigned long span_len;
                FUZZ_CHECK((spnegoGetElementSpan(h, SPNEGO_ELEMENT_NEG_HINTS, &off,
                                                 &span_len) == SPNEGO_E_SUCCESS) == !omit);
            }
            rc = spnegoGetNegHintName(h, got, &got_len);
            if (name == NULL) {
                FUZZ_CHECK(rc == SPNEGO_E_ELEMENT_UNAVAILABLE);
            } else {
                FUZZ_CHECK(rc == SPNEGO_E_SUCCESS);
                FUZZ_CHECK(same(got, got_len, (const unsigned char *)name,
                                (unsigned long)strlen(name)));
            }
            got_len = sizeof(got);
            rc = spnegoGetNegHintAddress(h, NULL, &got_len);
            if (c->addr.ptr == NULL) {
                FUZZ_CHECK(rc == SPNEGO_E_ELEMENT_UNAVAILABLE);
            } else {
                unsigned char *addr;
                FUZZ_CHECK(rc == SPNEGO_E_BUFFER_TOO_SMALL && got_len == c->addr.len);
                addr = fuzz_dup(c->addr.ptr, (size_t)got_len);
                FUZZ_CHECK(spnegoGetNegHintAddress(h, addr, &got_len) == SPNEGO_E_SUCCESS);
                FUZZ_CHECK(same(addr, got_len, c->addr.ptr, c->addr.len));
                free(addr);
            }
        } else {
            FUZZ_CHECK(init2 == 0);
        }
    } else {
        SPNEGO_NEGRESULT result = spnego_negresult_NotUsed;
        SPNEGO_OID mech;
        FUZZ_CHECK(bytes[0] == 0xA1);
        FUZZ_CHECK(spnegoGetMechTypeCount(h, &count) == SPNEGO_E_ELEMENT_UNAVAILABLE);
        rc = spnegoGetNegotiationResult(h, &result);
        if (c->neg_result == -1) {
            FUZZ_CHECK(rc == SPNEGO_E_ELEMENT_UNAVAILABLE);
        } else {
            FUZZ_CHECK(rc == SPNEGO_E_SUCCESS && (int)result == c->neg_result);
        }
        rc = spnegoGetSupportedMechOID(h, &mech);
        if (c->which == B_TARG_EX) {
            if (!c->has_supported) {
                FUZZ_CHECK(rc == SPNEGO_E_ELEMENT_UNAVAILABLE);
            } else {
                FUZZ_CHECK(rc == SPNEGO_E_SUCCESS);
                FUZZ_CHECK(same(mech.pbOid, mech.ulOidLen, c->supported.pbOid,
                                c->supported.ulOidLen));
            }
        } else if (c->named_mech == -1) {
            FUZZ_CHECK(rc == SPNEGO_E_ELEMENT_UNAVAILABLE);
        } else {
            SPNEGO_MECH_OID named = spnego_mech_oid_NotUsed;
            FUZZ_CHECK(rc == SPNEGO_E_SUCCESS);
            FUZZ_CHECK(spnegoGetSupportedMechType(h, &named) == SPNEGO_E_SUCCESS);
            FUZZ_CHECK((int)named == c->named_mech);
        }
    }
    spnegoFreeData(h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input in;
    struct build_case c;
    SPNEGO_TOKEN_HANDLE h = (SPNEGO_TOKEN_HANDLE)&in; /* must be reset */
    const unsigned char *bytes = NULL;
    unsigned long len = 0;
    unsigned long warnings = ~0UL;
    int want;
    int rc;

    in.data = data;
    in.len = data != NULL ? size : 0;
    read_case(&in, &c);
    want = expected_status(&c);
    rc = run_builder(&c, &h);
    if (rc == SPNEGO_E_PARSE_FAILED) {
        dump_case(&c);
    }
    fuzz_check_build_rc(rc);
    if (want != SPNEGO_E_SUCCESS) {
        if (h != NULL || (want != WANT_EITHER && rc != want) ||
            (want == WANT_EITHER && rc != SPNEGO_E_INVALID_PARAMETER &&
             rc != SPNEGO_E_INVALID_OID)) {
            fprintf(stderr, "build: builder %d returned %d (%s), expected %d\n",
                    (int)c.which, rc, spnegoErrorString(rc), want);
            dump_case(&c);
            fuzz_fail(__FILE__, __LINE__, "invalid parameters not refused as documented");
        }
        return 0;
    }
    if (rc != SPNEGO_E_SUCCESS || h == NULL) {
        fprintf(stderr, "build: builder %d returned %d (%s) for valid parameters\n",
                (int)c.which, rc, spnegoErrorString(rc));
        dump_case(&c);
        fuzz_fail(__FILE__, __LINE__, "valid parameters refused");
    }
    /* The index the write pass made is what a parse of the bytes finds. */
    fuzz_check_built(h);
    FUZZ_CHECK(spnegoGetParseWarnings(h, &warnings) == SPNEGO_E_SUCCESS && warnings == 0);
    FUZZ_CHECK(spnegoTokenGetBinaryPtr(h, &bytes, &len) == SPNEGO_E_SUCCESS);
    check_fields(&c, bytes, len, 0);
    check_fields(&c, bytes, len, SPNEGO_PARSE_NOCOPY);

    /* Default parsing of our own output: the only warnings allowed are the
     * documented 03 02 01 xx reqFlags form and a MIC equal to the token. */
    FUZZ_CHECK(spnegoValidateToken(bytes, len, 0, &warnings, NULL) == SPNEGO_E_SUCCESS);
    FUZZ_CHECK((warnings & ~(SPNEGO_WARN_REQFLAGS_NOT_DER | SPNEGO_WARN_MIC_IS_MECH_TOKEN |
                             (zero_req_flags(&c) && c.ctx_flags == 0
                                  ? SPNEGO_WARN_REQFLAGS_UNUSUAL
                                  : 0UL))) == 0);
    if ((c.which == B_INIT_EX || c.which == B_INIT2) &&
        (c.build_flags & SPNEGO_BUILD_DER_REQFLAGS) != 0) {
        FUZZ_CHECK((warnings & SPNEGO_WARN_REQFLAGS_NOT_DER) == 0);
    }
    if (warnings == 0) {
        /* Canonical output: STRICT accepts it. */
        FUZZ_CHECK(spnegoValidateToken(bytes, len, SPNEGO_PARSE_STRICT, NULL, NULL) ==
                   SPNEGO_E_SUCCESS);
    }
    spnegoFreeData(h);
    return 0;
}
