/*
 * bench_2002_loop.c - the measured loop of spnego-bench-2002. Like
 * bench_loop.c for spnego-bench, it lives alone in its file (no LTO in the
 * bench build) so that it is a real function the timer brackets and that
 * callgrind counts exactly with
 *   --collect-atstart=no --toggle-collect=bench_run_loop
 * It cannot be bench_loop.c itself: that file includes bench.h, which
 * needs this library's spnego.h, and spnego-bench-2002 sees only the 2002
 * headers (the two spnego.h files and their function names clash).
 */
#include "bench_2002.h"

int bench_run_loop(bench_2002_fn fn, const struct bench_2002_case *c,
                   unsigned long iters)
{
    unsigned long i;

    for (i = 0; i < iters; i++) {
        if (fn(c) != 0) {
            return -1;
        }
    }
    return 0;
}
