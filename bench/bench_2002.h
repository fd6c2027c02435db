/*
 * bench_2002.h - shared declarations of spnego-bench-2002 (bench_2002.c),
 * the program that runs the peer_* rows of spnego-bench with the 2002
 * Microsoft SPNEGO Token Handler API (spnegohelp). Not part of the
 * library, and it includes none of its headers.
 */
#ifndef SPNEGO_BENCH_2002_H
#define SPNEGO_BENCH_2002_H

/* Everything one operation needs, prepared once at start-up. Operations
 * only read it (the caller buffer `out` is scratch space). */
struct bench_2002_case {
    unsigned char *token;   /* parsed token (parse rows) */
    unsigned long token_len;
    unsigned char *payload; /* mech token to wrap (build rows) */
    unsigned long payload_len;
    unsigned char *out;     /* caller buffer for the copy-out getters */
    unsigned long out_cap;
    /* What every iteration must read. */
    int idx_ms_krb5;        /* index of MS-krb5 in mechTypes, -1: absent */
    int idx_krb5;           /* index of krb5 in mechTypes, -1: absent */
    unsigned long mech_len; /* mechToken / responseToken, 0: absent */
    unsigned long out_len;  /* bytes a build produces */
};

/* One operation: returns 0 when it read or produced the expected values. */
typedef int (*bench_2002_fn)(const struct bench_2002_case *c);

/* bench_2002_loop.c: runs fn(c) iters times; 0, or -1 at the first
 * failure. Its own file so that callgrind can count exactly it. */
int bench_run_loop(bench_2002_fn fn, const struct bench_2002_case *c,
                   unsigned long iters);

#endif /* SPNEGO_BENCH_2002_H */
