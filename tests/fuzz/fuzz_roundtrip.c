/*
 * fuzz_roundtrip.c - every STRICT-accepted token rebuilds byte for byte.
 *
 * The idea of BoringSSL fuzz/der_roundtrip: parse, re-encode from the
 * parsed fields with the public builders, compare, abort on any
 * difference. STRICT parsing accepts only canonical DER, so the contract
 * (DESIGN.md 5: "a parsed canonical token always rebuilds
 * byte-identically") applies to all of it:
 *   NegTokenInit  -> spnegoCreateNegTokenInitEx
 *   NegTokenInit2 -> spnegoCreateNegTokenInit2 (SPNEGO_BUILD_NO_HINT_SENTINEL
 *                    when negHints has no hint name, SPNEGO_BUILD_OMIT_NEG_HINTS
 *                    when there is no negHints)
 *   NegTokenResp  -> spnegoCreateNegTokenTargEx
 * always with SPNEGO_BUILD_DER_REQFLAGS, since STRICT only accepts the
 * minimal reqFlags form.
 *
 * Every rebuilt handle is also compared with a parse of its own bytes
 * through the public getters (fuzz_check_built: the index the write pass
 * made must be what parsing finds), and a builder must never return
 * SPNEGO_E_PARSE_FAILED.
 *
 * Forms the public builders cannot express used to exist (an empty
 * mechListMIC, a NegTokenInit2 without mechTypes, a hintName with a 00
 * byte); the fuzzer found them and STRICT now refuses each with its own
 * warning bit. The classes stay as named invariants: meeting one aborts.
 */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spnego.h"

/* Forms the Ex builders cannot produce; STRICT must refuse them all. */
enum unrebuildable {
    RT_OK = 0,
    RT_EMPTY_MIC,          /* mechListMIC OCTET STRING of length 0 */
    RT_INIT2_NO_MECHTYPES, /* NegTokenInit2 without mechTypes */
    RT_HINT_NAME_NUL,      /* hintName with a 00 byte (not a C string) */
    RT_NUM_CLASSES
};

static const char *const rt_class_names[RT_NUM_CLASSES] = {
    "ok", "empty-mic", "init2-no-mechtypes", "hint-name-nul"
};

static void rt_report(enum unrebuildable cls, const uint8_t *data, size_t size)
{
    fuzz_dump("unrebuildable STRICT token", data, size);
    fuzz_fail(__FILE__, __LINE__, rt_class_names[cls]);
}

/* The element's bytes via the pointer getters; *out NULL when absent. */
static void rt_get(int rc, const unsigned char **out, unsigned long *out_len)
{
    FUZZ_CHECK(rc == SPNEGO_E_SUCCESS || rc == SPNEGO_E_ELEMENT_UNAVAILABLE);
    if (rc != SPNEGO_E_SUCCESS) {
        *out = NULL;
        *out_len = 0;
    }
}

/* Copies the hint name into a C string; classifies what cannot be one. */
static enum unrebuildable rt_hint_name(SPNEGO_TOKEN_HANDLE h, char **out_name)
{
    unsigned long len = 0;
    int rc = spnegoGetNegHintName(h, NULL, &len);
    unsigned char *name;

    *out_name = NULL;
    if (rc == SPNEGO_E_ELEMENT_UNAVAILABLE) {
        return RT_OK;
    }
    if (rc == SPNEGO_E_SUCCESS && len == 0) {
        *out_name = (char *)fuzz_alloc(1); /* an empty GeneralString */
        (*out_name)[0] = '\0';
        return RT_OK;
    }
    FUZZ_CHECK(rc == SPNEGO_E_BUFFER_TOO_SMALL);
    name = fuzz_alloc((size_t)len + 1);
    FUZZ_CHECK(spnegoGetNegHintName(h, name, &len) == SPNEGO_E_SUCCESS);
    name[len] = 0;
    if (memchr(name, 0, (size_t)len) != NULL) {
        free(name);
        return RT_HINT_NAME_NUL;
    }
    *out_name = (char *)name;
    return RT_OK;
}

/* Rebuilds h into *out; returns the class when it cannot. */
static enum unrebuildable rt_rebuild(SPNEGO_TOKEN_HANDLE h, SPNEGO_TOKEN_HANDLE *out)
{
    const unsigned char *token;
    unsigned long token_len;
    const unsigned char *mic;
    unsigned long mic_len;
    enum unrebuildable cls = RT_OK;
    int type = -1;
    int rc;

    *out = NULL;
    FUZZ_CHECK(spnegoGetTokenType(h, &type) == SPNEGO_E_SUCCESS);
    rt_get(spnegoGetMechTokenPtr(h, &token, &token_len), &token, &token_len);
    rt_get(spnegoGetMechListMICPtr(h, &mic, &mic_len), &mic, &mic_len);
    FUZZ_CHECK(token == NULL || token_len > 0); /* STRICT refuses empty tokens */
    if (mic != NULL && mic_len == 0) {
        return RT_EMPTY_MIC;
    }

    if (type == SPNEGO_TOKEN_TARG) {
        SPNEGO_NEGRESULT result = spnego_negresult_NotUsed;
        SPNEGO_OID mech;
        const SPNEGO_OID *pmech = &mech;
        rc = spnegoGetNegotiationResult(h, &result);
        FUZZ_CHECK(rc == SPNEGO_E_SUCCESS || rc == SPNEGO_E_ELEMENT_UNAVAILABLE);
        if (rc != SPNEGO_E_SUCCESS) {
            result = spnego_negresult_NotUsed;
        }
        rc = spnegoGetSupportedMechOID(h, &mech);
        FUZZ_CHECK(rc == SPNEGO_E_SUCCESS || rc == SPNEGO_E_ELEMENT_UNAVAILABLE);
        if (rc != SPNEGO_E_SUCCESS) {
            pmech = NULL;
        }
        rc = spnegoCreateNegTokenTargEx(pmech, result, token, token_len, mic, mic_len,
                                        out);
        fuzz_check_build_rc(rc);
    } else {
        SPNEGO_OID *mechs = NULL;
        unsigned long num_mechs = 0;
        unsigned long i;
        unsigned char ctx_flags = 0;
        int init2 = 0;

        FUZZ_CHECK(spnegoIsNegTokenInit2(h, &init2) == SPNEGO_E_SUCCESS);
        rc = spnegoGetMechTypeCount(h, &num_mechs);
        FUZZ_CHECK(rc == SPNEGO_E_SUCCESS || rc == SPNEGO_E_ELEMENT_UNAVAILABLE);
        if (rc != SPNEGO_E_SUCCESS) {
            FUZZ_CHECK(init2); /* STRICT: only NegTokenInit2 may omit them */
            return RT_INIT2_NO_MECHTYPES;
        }
        mechs = (SPNEGO_OID *)malloc(sizeof(*mechs) * (size_t)num_mechs);
        FUZZ_CHECK(mechs != NULL);
        for (i = 0; i < num_mechs; i++) {
            FUZZ_CHECK(spnegoGetMechTypeOIDPtr(h, i, &mechs[i]) == SPNEGO_E_SUCCESS);
        }
        rc = spnegoGetContextFlags(h, &ctx_flags);
        FUZZ_CHECK(rc == SPNEGO_E_SUCCESS || rc == SPNEGO_E_ELEMENT_UNAVAILABLE);
        if (!init2) {
            rc = spnegoCreateNegTokenInitEx(mechs, num_mechs, ctx_flags, token, token_len,
                                            mic, mic_len, SPNEGO_BUILD_DER_REQFLAGS, out);
            fuzz_check_build_rc(rc);
        } else {
            char *name = NULL;
            const unsigned char *addr = NULL;
            unsigned long addr_len = 0;
            unsigned long off;
            unsigned long span_len;
            unsigned long build_flags = SPNEGO_BUILD_DER_REQFLAGS;

            cls = rt_hint_name(h, &name);
            if (spnegoGetElementSpan(h, SPNEGO_ELEMENT_NEG_HINTS, &off, &span_len) !=
                SPNEGO_E_SUCCESS) {
                build_flags |= SPNEGO_BUILD_OMIT_NEG_HINTS; /* only a [4] MIC */
            } else if (cls == RT_OK && name == NULL) {
                build_flags |= SPNEGO_BUILD_NO_HINT_SENTINEL;
            }
            if (cls == RT_OK) {
                rc = spnegoGetNegHintAddress(h, NULL, &addr_len);
                if (rc == SPNEGO_E_BUFFER_TOO_SMALL) {
                    /* Read it back through its span: [1] { 04 L addr }. */
                    FUZZ_CHECK(spnegoGetElementSpan(h, SPNEGO_ELEMENT_HINT_ADDRESS, &off,
                                                    &span_len) == SPNEGO_E_SUCCESS);
                    FUZZ_CHECK(spnegoTokenGetBinaryPtr(h, &addr, &i) == SPNEGO_E_SUCCESS);
                    addr += off + span_len - addr_len;
                } else {
                    FUZZ_CHECK(rc == SPNEGO_E_ELEMENT_UNAVAILABLE);
                    addr_len = 0;
                }
            }
            if (cls == RT_OK) {
                rc = spnegoCreateNegTokenInit2(mechs, num_mechs, ctx_flags, token,
                                               token_len, name, addr, addr_len, mic,
                                               mic_len, build_flags, out);
                fuzz_check_build_rc(rc);
            }
            free(name);
        }
        free(mechs);
    }
    if (cls == RT_OK && rc != SPNEGO_E_SUCCESS) {
        fprintf(stderr, "roundtrip: builder refused a STRICT token: %s\n",
                spnegoErrorString(rc));
        FUZZ_CHECK(rc == SPNEGO_E_SUCCESS);
    }
    return cls;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_TOKEN_HANDLE rebuilt = NULL;
    SPNEGO_TOKEN_HANDLE again = NULL;
    const unsigned char *bytes = NULL;
    unsigned long bytes_len = 0;
    enum unrebuildable cls;

    if (data == NULL || spnegoInitFromBinaryEx(data, (unsigned long)size,
                                               SPNEGO_PARSE_STRICT | SPNEGO_PARSE_NOCOPY,
                                               &h) != SPNEGO_E_SUCCESS) {
        return 0;
    }
    cls = rt_rebuild(h, &rebuilt);
    if (cls != RT_OK) {
        rt_report(cls, data, size);
        spnegoFreeData(h);
        return 0;
    }
    FUZZ_CHECK(spnegoTokenGetBinaryPtr(rebuilt, &bytes, &bytes_len) == SPNEGO_E_SUCCESS);
    if (bytes_len != size || memcmp(bytes, data, size) != 0) {
        fuzz_dump("parsed ", data, size);
        fuzz_dump("rebuilt", bytes, (size_t)bytes_len);
        fuzz_fail(__FILE__, __LINE__, "rebuilt token differs from the STRICT input");
    }
    /* The write pass indexed the rebuilt token: the same as a parse. */
    fuzz_check_built(rebuilt);
    /* The rebuilt token is itself STRICT-valid. */
    FUZZ_CHECK(spnegoInitFromBinaryEx(bytes, bytes_len, SPNEGO_PARSE_STRICT, &again) ==
               SPNEGO_E_SUCCESS);
    spnegoFreeData(again);
    spnegoFreeData(rebuilt);
    spnegoFreeData(h);
    return 0;
}
