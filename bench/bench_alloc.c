/*
 * bench_alloc.c - the allocator seam of the SPNEGO_TEST_ALLOC build, for
 * the benchmark: plain malloc/free plus counters. The floor baselines call
 * the same two functions, so library and floor pay the same allocator.
 * This file is its own translation unit so the compiler cannot see that
 * these are malloc and free and elide a malloc/memcpy/free floor.
 */
#include "bench.h"

#include <stdlib.h>

static struct bench_alloc_stats bench_stats;

volatile unsigned long bench_sink;

void *spnego_test_malloc(size_t size)
{
    bench_stats.allocs++;
    bench_stats.bytes += size;
    bench_stats.last_size = size;
    return malloc(size);
}

void spnego_test_free(void *ptr)
{
    if (ptr != NULL) {
        bench_stats.frees++;
    }
    free(ptr);
}

void bench_alloc_snapshot(struct bench_alloc_stats *out)
{
    *out = bench_stats;
}
