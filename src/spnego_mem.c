/*
 * spnego_mem.c - L2: the allocator seam (see spnego_mem.h).
 *
 * Tests build the library with SPNEGO_TEST_ALLOC defined and provide
 * spnego_test_malloc()/spnego_test_free(), so they can fail the Nth
 * allocation; every other build uses the C library.
 */
#include "spnego_mem.h"

#include <stdlib.h>

#ifdef SPNEGO_TEST_ALLOC
void *spnego_test_malloc(size_t size);
void spnego_test_free(void *ptr);
#endif

void *spnego_mem_alloc(size_t size)
{
#ifdef SPNEGO_TEST_ALLOC
    return spnego_test_malloc(size);
#else
    return malloc(size);
#endif
}

void spnego_mem_free(void *ptr)
{
#ifdef SPNEGO_TEST_ALLOC
    spnego_test_free(ptr);
#else
    free(ptr);
#endif
}
