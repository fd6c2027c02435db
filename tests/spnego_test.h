/*
 * spnego_test.h - shared helpers of the cmocka unit tests.
 *
 * Include after <stdarg.h>, <stddef.h>, <setjmp.h> and <cmocka.h>.
 */
#ifndef SPNEGO_TEST_H
#define SPNEGO_TEST_H

#include <stddef.h>

/* Allocator seam (see src/spnego.c): when fail_at >= 0, the allocation
 * with that 0-based number fails. Counters are reset by
 * spnego_test_alloc_reset(). */
void spnego_test_alloc_reset(long fail_at);
long spnego_test_alloc_calls(void);  /* allocations attempted */
long spnego_test_alloc_live(void);   /* allocated and not yet freed */

/* Reads tests/vectors/<name> into an exact-size heap block (so ASan sees
 * any over-read); aborts the test if missing. Free with free(). */
unsigned char *spnego_test_read_vector(const char *name, size_t *out_len);

/* Reads any file into an exact-size heap block; NULL if unreadable. */
unsigned char *spnego_test_read_file(const char *path, size_t *out_len);

/* Exact-size heap copy of len bytes (len 0 gives a 1-byte block). */
unsigned char *spnego_test_dup(const unsigned char *data, size_t len);

/* Decodes a hex string (no separators) into an exact-size heap block. */
unsigned char *spnego_test_hex(const char *hex, size_t *out_len);

#endif
