/*
 * spnego_mem.h - L2: the allocator seam, shared by the handle API (L2) and
 * the negotiation layer (L3).
 *
 * Every allocation of the library goes through these two functions, so
 * tests can fail the Nth one (SPNEGO_TEST_ALLOC) without any global state
 * in the library. Internal: hidden from the shared library.
 */
#ifndef SPNEGO_MEM_H
#define SPNEGO_MEM_H

#include <stddef.h>

void *spnego_mem_alloc(size_t size);
void spnego_mem_free(void *ptr);

#endif /* SPNEGO_MEM_H */
