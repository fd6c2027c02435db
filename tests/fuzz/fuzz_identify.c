/*
 * fuzz_identify.c - spnegoIdentifyToken() on any bytes.
 *
 * It only looks at the first bytes, so it must never read past the input
 * (exact-size buffers make ASan see that), always answer one of the
 * documented kinds, and agree with the parser wherever the parser accepts
 * the token: a parsed NegTokenInit is SPNEGO_INIT, a parsed NegTokenResp
 * is SPNEGO_RESP. Raw "NTLMSSP\0" is always NTLMSSP.
 */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spnego.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t empty[1] = {0};
    SPNEGO_TOKEN_HANDLE h = NULL;
    int kind = -1;
    int type = -1;

    if (data == NULL) {
        data = empty;
    }
    FUZZ_CHECK(spnegoIdentifyToken(data, (unsigned long)size, &kind) == SPNEGO_E_SUCCESS);
    FUZZ_CHECK(kind >= SPNEGO_IDENTIFY_UNKNOWN && kind <= SPNEGO_IDENTIFY_KERBEROS);
    FUZZ_CHECK(spnegoIdentifyToken(data, (unsigned long)size, NULL) ==
               SPNEGO_E_INVALID_PARAMETER);
    FUZZ_CHECK(spnegoIdentifyToken(NULL, (unsigned long)size, &kind) ==
               SPNEGO_E_INVALID_PARAMETER);
    /* A shorter view never reads further than the longer one. */
    if (size > 0) {
        int prefix_kind = -1;
        FUZZ_CHECK(spnegoIdentifyToken(data, (unsigned long)size - 1, &prefix_kind) ==
                   SPNEGO_E_SUCCESS);
        FUZZ_CHECK(prefix_kind >= SPNEGO_IDENTIFY_UNKNOWN &&
                   prefix_kind <= SPNEGO_IDENTIFY_KERBEROS);
    }
    FUZZ_CHECK(spnegoIdentifyToken(data, (unsigned long)size, &kind) == SPNEGO_E_SUCCESS);
    if (size >= 8 && memcmp(data, "NTLMSSP", 8) == 0) {
        FUZZ_CHECK(kind == SPNEGO_IDENTIFY_NTLMSSP);
    }
    if (size < 2) {
        FUZZ_CHECK(kind == SPNEGO_IDENTIFY_UNKNOWN);
    }
    if (spnegoInitFromBinary(data, (unsigned long)size, &h) == SPNEGO_E_SUCCESS) {
        FUZZ_CHECK(spnegoGetTokenType(h, &type) == SPNEGO_E_SUCCESS);
        FUZZ_CHECK(kind == (type == SPNEGO_TOKEN_INIT ? SPNEGO_IDENTIFY_SPNEGO_INIT
                                                      : SPNEGO_IDENTIFY_SPNEGO_RESP));
        spnegoFreeData(h);
    }
    return 0;
}
