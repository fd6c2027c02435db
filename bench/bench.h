/*
 * bench.h - shared declarations of the spnego-bench program (not part of
 * the library). The benchmark links its own static copy of the library
 * built with SPNEGO_TEST_ALLOC, so every allocation the library makes goes
 * through bench_alloc.c and is counted there.
 */
#ifndef SPNEGO_BENCH_H
#define SPNEGO_BENCH_H

#include <stddef.h>

#include "spnego.h"

/* Everything one operation needs, prepared once at start-up. Operations
 * only read it (the caller buffer `out` is scratch space). */
struct bench_case {
    const unsigned char *token;      /* the DER token parsed or built */
    size_t token_len;
    const unsigned char *mech_token; /* the inner mech token (NULL: absent) */
    size_t mech_len;
    size_t mech_off;                 /* where the mech token sits in token */
    const SPNEGO_OID *mechs;         /* mech list of built NegTokenInits */
    size_t num_mechs;
    const char *header;              /* "Negotiate <base64>" */
    size_t header_len;
    size_t handle_len;               /* bytes of a NOCOPY handle (measured) */
    unsigned char *out;              /* caller buffer for copy-out getters */
    size_t out_cap;
    const void *tasn1;               /* libtasn1 definitions, or NULL */
};

/* One operation: returns 0 when it produced the expected result. */
typedef int (*bench_op_fn)(const struct bench_case *c);

/* ---- bench_cases.c: the operations and the floors ---- */

/* Library operations (see the row list in spnego_bench.c). */
int bench_op_noop(const struct bench_case *c);
int bench_op_parse_copy(const struct bench_case *c);
int bench_op_parse_nocopy(const struct bench_case *c);
int bench_op_parse_only(const struct bench_case *c);
int bench_op_parse_walk(const struct bench_case *c);
int bench_op_parse_walk_nocopy(const struct bench_case *c);
int bench_op_build_init(const struct bench_case *c);
int bench_op_build_resp(const struct bench_case *c);
int bench_op_http(const struct bench_case *c);

/* Floors: what any copying API must at least do (bench/README.md). */
int bench_floor_parse_api(const struct bench_case *c);
int bench_floor_build_api(const struct bench_case *c);
int bench_floor_token(const struct bench_case *c);
int bench_floor_handle(const struct bench_case *c);

/* Fills the derived fields of a case whose token is set: mech_off (from
 * a NOCOPY parse), handle_len (from the allocation seam). 0 on success. */
int bench_case_index(struct bench_case *c);

/* Builds a framed NegTokenInit / bare NegTokenResp with the library and
 * stores a malloc'd copy of its bytes in c->token. 0 on success. */
int bench_case_make_init(struct bench_case *c);
int bench_case_make_resp(struct bench_case *c);

/* Formats c->header = "Negotiate <base64 of c->token>" (malloc'd).
 * 0 on success; -1 when the library refuses the size. */
int bench_case_make_header(struct bench_case *c);

/* ---- bench_alloc.c: the allocator seam, with counters ---- */

void *spnego_test_malloc(size_t size);
void spnego_test_free(void *ptr);

struct bench_alloc_stats {
    unsigned long allocs;
    unsigned long frees;
    size_t bytes;     /* total bytes requested */
    size_t last_size; /* size of the most recent request */
};

void bench_alloc_snapshot(struct bench_alloc_stats *out);

/* ---- bench_loop.c: kept in its own file so that it is never inlined and
 * callgrind can count exactly its instructions (--toggle-collect) ---- */

/* Runs fn(c) iters times; returns 0, or -1 at the first failure. */
int bench_run_loop(bench_op_fn fn, const struct bench_case *c,
                   unsigned long iters);

/* ---- bench_tasn1.c: the libtasn1 baseline (stubs without libtasn1) ---- */

/* 1 when the program was built with libtasn1. */
int bench_tasn1_available(void);

/* Loads the ASN.1 module from path; NULL (and a message in err) on
 * failure. */
const void *bench_tasn1_load(const char *path, char *err, size_t err_len);

void bench_tasn1_unload(const void *defs);

/* Decodes c->token as an InitialContextToken and reads the mech token into
 * c->out. */
int bench_tasn1_parse(const struct bench_case *c);

/* Decodes c->token and reads every mechTypes OID and the count. */
int bench_tasn1_parse_walk(const struct bench_case *c);

/* A value the compiler must assume is used. */
extern volatile unsigned long bench_sink;

#endif /* SPNEGO_BENCH_H */
