/*
 * bench_loop.c - the measured loop. It lives alone in this file (no LTO in
 * the bench build) so it is a real function: the timer brackets it, and
 * callgrind counts exactly its instructions with
 *   --collect-atstart=no --toggle-collect=bench_run_loop
 * which excludes start-up, token synthesis and libtasn1 module loading.
 * The indirect call per iteration (about 1 ns, see the "noop" row) is paid
 * by every row alike.
 */
#include "bench.h"

int bench_run_loop(bench_op_fn fn, const struct bench_case *c,
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
