/*
 * spnego_test.c - helpers shared by the unit tests: the counting,
 * failing allocator behind the library's seam, and vector loading.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "spnego_test.h"

/* Test-only state: the library itself has none. */
static long test_fail_at = -1;
static long test_calls;
static long test_live;

void *spnego_test_malloc(size_t size);
void spnego_test_free(void *ptr);

void *spnego_test_malloc(size_t size)
{
    long n = test_calls++;
    void *p;

    if (test_fail_at >= 0 && n == test_fail_at) {
        return NULL;
    }
    p = malloc(size);
    if (p != NULL) {
        test_live++;
    }
    return p;
}

void spnego_test_free(void *ptr)
{
    if (ptr != NULL) {
        test_live--;
    }
    free(ptr);
}

void spnego_test_alloc_reset(long fail_at)
{
    test_fail_at = fail_at;
    test_calls = 0;
    test_live = 0;
}

long spnego_test_alloc_calls(void)
{
    return test_calls;
}

long spnego_test_alloc_live(void)
{
    return test_live;
}

unsigned char *spnego_test_read_file(const char *path, size_t *out_len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    long size;

    if (f == NULL) {
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    buf = (unsigned char *)malloc(size > 0 ? (size_t)size : 1);
    if (buf != NULL && size > 0 && fread(buf, 1, (size_t)size, f) != (size_t)size) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *out_len = (size_t)size;
    return buf;
}

unsigned char *spnego_test_read_vector(const char *name, size_t *out_len)
{
    char path[1024];
    unsigned char *buf;

    snprintf(path, sizeof(path), "%s/%s", SPNEGO_TEST_VECTORS_DIR, name);
    buf = spnego_test_read_file(path, out_len);
    if (buf == NULL) {
        fail_msg("cannot read vector %s", path);
    }
    return buf;
}

unsigned char *spnego_test_dup(const unsigned char *data, size_t len)
{
    unsigned char *copy = (unsigned char *)malloc(len > 0 ? len : 1);

    assert_non_null(copy);
    if (len > 0) {
        memcpy(copy, data, len);
    }
    return copy;
}

static int test_hex_digit(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

unsigned char *spnego_test_hex(const char *hex, size_t *out_len)
{
    size_t n = strlen(hex);
    size_t i;
    unsigned char *out;

    assert_int_equal(n % 2, 0);
    out = (unsigned char *)malloc(n / 2 > 0 ? n / 2 : 1);
    assert_non_null(out);
    for (i = 0; i < n / 2; i++) {
        int hi = test_hex_digit(hex[2 * i]);
        int lo = test_hex_digit(hex[2 * i + 1]);
        assert_true(hi >= 0 && lo >= 0);
        out[i] = (unsigned char)(hi * 16 + lo);
    }
    *out_len = n / 2;
    return out;
}
