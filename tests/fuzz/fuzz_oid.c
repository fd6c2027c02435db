/*
 * fuzz_oid.c - spnegoOidFromString / spnegoOidToString round trips.
 *
 * The input is used as dotted text (NUL-terminated copy: encode, then the
 * bytes render back to exactly the same text) and as OID content bytes
 * (render, then the text encodes back to the same bytes). The harness
 * checks every verdict against its own reading of X.690 8.19: a rendering
 * fails with INVALID_OID exactly for malformed encodings and with
 * OID_TOO_LARGE exactly when an arc needs more than 64 bits.
 */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spnego.h"

/* 0 malformed, 1 fine, 2 valid but an arc (or the first subidentifier)
 * wider than 64 bits. */
static int oid_classify(const unsigned char *p, size_t len)
{
    size_t i;
    size_t bits = 0;
    int start = 1;
    int wide = 0;

    if (len == 0) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        if (start) {
            if (p[i] == 0x80) {
                return 0;
            }
            /* Significant bits of the leading octet, then 7 per octet. */
            bits = 0;
            {
                unsigned v = p[i] & 0x7Fu;
                while (v != 0) {
                    bits++;
                    v >>= 1;
                }
            }
        } else {
            bits += 7;
        }
        if (bits > 64) {
            wide = 1;
        }
        start = (p[i] & 0x80) == 0;
    }
    if (!start) {
        return 0;
    }
    return wide ? 2 : 1;
}

static void check_bytes(const unsigned char *p, size_t len)
{
    SPNEGO_OID oid;
    unsigned long text_len = 0;
    unsigned long back_len = 0;
    char *text;
    unsigned char *back;
    int cls = oid_classify(p, len);
    int rc;

    oid.pbOid = p;
    oid.ulOidLen = (unsigned long)len;
    rc = spnegoOidToString(&oid, NULL, &text_len);
    if (cls == 0) {
        FUZZ_CHECK(rc == SPNEGO_E_INVALID_OID);
        return;
    }
    if (cls == 2) {
        FUZZ_CHECK(rc == SPNEGO_E_OID_TOO_LARGE);
        return;
    }
    FUZZ_CHECK(rc == SPNEGO_E_BUFFER_TOO_SMALL && text_len >= 4);
    text = (char *)fuzz_alloc((size_t)text_len);
    FUZZ_CHECK(spnegoOidToString(&oid, text, &text_len) == SPNEGO_E_SUCCESS);
    FUZZ_CHECK(strlen(text) + 1 == (size_t)text_len);
    FUZZ_CHECK(spnegoOidFromString(text, NULL, &back_len) == SPNEGO_E_BUFFER_TOO_SMALL);
    FUZZ_CHECK(back_len == (unsigned long)len);
    back = fuzz_dup(p, len);
    memset(back, 0xEE, len);
    FUZZ_CHECK(spnegoOidFromString(text, back, &back_len) == SPNEGO_E_SUCCESS);
    if (back_len != (unsigned long)len || memcmp(back, p, len) != 0) {
        fuzz_dump("oid ", p, len);
        fuzz_dump("back", back, (size_t)back_len);
        fuzz_fail(__FILE__, __LINE__, "OID bytes -> text -> bytes differs");
    }
    free(back);
    free(text);
}

static void check_text(const uint8_t *data, size_t size)
{
    char *text = (char *)fuzz_alloc(size + 1);
    unsigned long len = 0;
    unsigned long text_len = 0;
    unsigned char *bytes;
    char *again;
    SPNEGO_OID oid;
    int rc;

    if (size > 0) {
        memcpy(text, data, size);
    }
    text[size] = '\0';
    rc = spnegoOidFromString(text, NULL, &len);
    if (rc != SPNEGO_E_BUFFER_TOO_SMALL) {
        FUZZ_CHECK(rc == SPNEGO_E_INVALID_OID || rc == SPNEGO_E_OID_TOO_LARGE);
        free(text);
        return;
    }
    FUZZ_CHECK(len >= 1);
    bytes = fuzz_alloc((size_t)len);
    FUZZ_CHECK(spnegoOidFromString(text, bytes, &len) == SPNEGO_E_SUCCESS);
    FUZZ_CHECK(oid_classify(bytes, (size_t)len) == 1);
    oid.pbOid = bytes;
    oid.ulOidLen = len;
    FUZZ_CHECK(spnegoOidToString(&oid, NULL, &text_len) == SPNEGO_E_BUFFER_TOO_SMALL);
    again = (char *)fuzz_alloc((size_t)text_len);
    FUZZ_CHECK(spnegoOidToString(&oid, again, &text_len) == SPNEGO_E_SUCCESS);
    if (strcmp(again, text) != 0) {
        fprintf(stderr, "text \"%s\" -> bytes -> \"%s\"\n", text, again);
        fuzz_fail(__FILE__, __LINE__, "OID text -> bytes -> text differs");
    }
    free(again);
    free(bytes);
    free(text);
}

/* Every named mechanism maps to its OID and back. */
static void check_named(void)
{
    int m;

    for (m = 0; m < (int)spnego_mech_oid_Unknown; m++) {
        SPNEGO_OID oid;
        FUZZ_CHECK(spnegoMechOidGet((SPNEGO_MECH_OID)m, &oid) == SPNEGO_E_SUCCESS);
        FUZZ_CHECK(spnegoMechOidLookup(&oid) == (SPNEGO_MECH_OID)m);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t empty[1] = {0};
    SPNEGO_OID oid;

    if (data == NULL) {
        data = empty;
    }
    check_bytes(data, size);
    check_text(data, size);
    oid.pbOid = data;
    oid.ulOidLen = (unsigned long)size;
    if (oid_classify(data, size) != 0) {
        SPNEGO_MECH_OID m = spnegoMechOidLookup(&oid);
        FUZZ_CHECK(m >= spnego_mech_oid_Kerberos_V5_Legacy && m <= spnego_mech_oid_Unknown);
    }
    if (size == 0) {
        check_named();
    }
    return 0;
}
