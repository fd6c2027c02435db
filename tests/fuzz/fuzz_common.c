/*
 * fuzz_common.c - helpers shared by the fuzz targets (test code, not part
 * of the library).
 */
#include "fuzz_common.h"

#include "check_built.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fuzz_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
    fflush(stderr);
    abort();
}

void fuzz_dump(const char *label, const unsigned char *p, size_t len)
{
    size_t i;

    fprintf(stderr, "%s (%lu bytes): ", label, (unsigned long)len);
    for (i = 0; i < len; i++) {
        fprintf(stderr, "%02x", p[i]);
    }
    fprintf(stderr, "\n");
}

void fuzz_check_built(SPNEGO_TOKEN_HANDLE built)
{
    char why[256];
    const unsigned char *bytes = NULL;
    unsigned long len = 0;

    if (!spnego_test_check_built(built, why, sizeof(why))) {
        if (spnegoTokenGetBinaryPtr(built, &bytes, &len) == SPNEGO_E_SUCCESS) {
            fuzz_dump("built token", bytes, (size_t)len);
        }
        fprintf(stderr, "built handle and parse differ: %s\n", why);
        fuzz_fail(__FILE__, __LINE__, "built handle differs from a parse of its bytes");
    }
}

void fuzz_check_build_rc(int rc)
{
    if (rc == SPNEGO_E_PARSE_FAILED) {
        fuzz_fail(__FILE__, __LINE__, "a builder returned SPNEGO_E_PARSE_FAILED (write "
                                      "pass index or size differs from its output)");
    }
}

unsigned char *fuzz_dup(const unsigned char *p, size_t len)
{
    unsigned char *copy = (unsigned char *)malloc(len > 0 ? len : 1);

    if (copy == NULL) {
        fuzz_fail(__FILE__, __LINE__, "out of memory");
        return NULL;
    }
    if (len > 0) {
        memcpy(copy, p, len);
    }
    return copy;
}

unsigned char *fuzz_alloc(size_t len)
{
    unsigned char *block = (unsigned char *)malloc(len > 0 ? len : 1);

    if (block == NULL) {
        fuzz_fail(__FILE__, __LINE__, "out of memory");
        return NULL;
    }
    memset(block, 0xEE, len > 0 ? len : 1);
    return block;
}

unsigned fuzz_byte(struct fuzz_input *in)
{
    unsigned b = 0;

    if (in->len > 0) {
        b = in->data[0];
        in->data++;
        in->len--;
    }
    return b;
}

const uint8_t *fuzz_take(struct fuzz_input *in, size_t want, size_t *out_len)
{
    const uint8_t *p = in->data;

    if (want > in->len) {
        want = in->len;
    }
    in->data += want;
    in->len -= want;
    *out_len = want;
    return p;
}
