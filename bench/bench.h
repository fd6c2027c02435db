/*
 * bench.h - shared declarations of the spnego-bench program (not part of
 * the library). The benchmark links its own static copy of the library
 * built with SPNEGO_TEST_ALLOC, so every allocation the library makes goes
 * through bench_alloc.c and is counted there.
 */
#ifndef SPNEGO_BENCH_H
#define SPNEGO_BENCH_H

#include <stddef.h>
#include <stdio.h>

#include "bench_file.h"
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
    size_t oids_len;                 /* peer_* rows: sum of the mechTypes
                                        OID content lengths */
    int neg_result;                  /* peer_* rows on a NegTokenResp: the
                                        expected negState */
    unsigned char *out;              /* caller buffer for copy-out getters */
    size_t out_cap;
    const void *tasn1;               /* libtasn1 definitions, or NULL */
};

/* One operation: returns 0 when it produced the expected result. */
typedef int (*bench_op_fn)(const struct bench_case *c);

#define BENCH_NUM_BASE 3 /* baseline columns */

/* What was measured of one column (the operation or a baseline). */
struct bench_result {
    double median_ns;
    double min_ns;
    unsigned long iters;  /* per sample */
    double allocs;        /* per operation */
    double frees;
    double alloc_bytes;
    int done;
    double ir;            /* --ir: instructions per operation (0: none) */
};

/* One row of the tables: an operation on one case, and its baselines. */
struct bench_row {
    const char *group; /* table section */
    char name[64];     /* "group/label", the --filter and --op name */
    char label[24];
    struct bench_case c;
    bench_op_fn op;
    bench_op_fn base[BENCH_NUM_BASE]; /* NULL: column not measured */
    const char *base_name[BENCH_NUM_BASE];
    struct bench_result r;
    struct bench_result rb[BENCH_NUM_BASE];
    unsigned long ir_iters; /* --ir: iterations of each callgrind run */
    double peer_ir;         /* --ir --peer-bin: the peer's Ir/op (0: none) */
};

/* spnego_bench.c: appends a row named "group/label" (NULL when full). */
struct bench_row *bench_add(const char *group, const char *label,
                            const struct bench_case *c, bench_op_fn op);

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

/* The peer_* rows (bench/README.md "Rows shared with spnego-bench-2002"):
 * what a peer does with a received token. */
int bench_op_peer_init(const struct bench_case *c);
int bench_op_peer_init_nocopy(const struct bench_case *c);
int bench_op_peer_resp(const struct bench_case *c);

/* bench_peer.c: appends the peer_* rows (vectors read from the directory
 * vectors; init4_1536 and resp_64 are the build_init4/1536 and
 * build_resp/64 cases). 0 on success. */
int bench_peer_setup(const char *vectors, const struct bench_case *base,
                     const struct bench_case *init4_1536,
                     const struct bench_case *resp_64);

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

/* peer_parse baselines: the count, every OID and the mech token of a
 * NegTokenInit; negState, supportedMech and responseToken of a bare
 * NegTokenResp. */
int bench_tasn1_peer_init(const struct bench_case *c);
int bench_tasn1_peer_resp(const struct bench_case *c);

/* ---- bench_ir.c: instruction counts through callgrind (--ir) ---- */

/* One run of `bin --callgrind --op OP --iters N [args...]` under
 * valgrind --tool=callgrind, collecting inside bench_run_loop only. */
struct bench_ir_job {
    const char *bin;         /* program to run (this one or a peer) */
    const char *const *args; /* extra arguments, NULL-terminated, or NULL */
    char op[96];             /* the --op argument */
    unsigned long iters;
    double *out_ir;          /* Ir per iteration, written on success */
};

/* Writes valgrind's version ("valgrind-3.19.0") to out and returns 0, or
 * returns -1 when `valgrind --version` does not run. */
int bench_ir_probe(char *out, size_t out_len);

/* Runs the jobs, at most max_parallel at a time; each writes *out_ir or
 * reports its failure on stderr. Returns the number of failed jobs. */
size_t bench_ir_run(struct bench_ir_job *jobs, size_t num_jobs,
                    unsigned max_parallel);

/* Reads the row names printed by `bin --list` (first word of each line)
 * into out as "\nNAME\nNAME\n"; 0 on success. */
int bench_ir_list(const char *bin, char *out, size_t out_len);

/* What the --ir mode runs. */
struct bench_ir_opts {
    const char *self;             /* this program (bench_ir_self) */
    const char *const *self_args; /* passed on to it: --vectors, --asn */
    const char *peer_bin;         /* --peer-bin, or NULL */
    unsigned long iters;          /* --ir-iters; 0: by token size */
    unsigned jobs;                /* --ir-jobs: runs at a time */
};

/* Counts Ir/op for the operation and each baseline of every timed row,
 * the noop row, and the peer's row of the same name. 0 when valgrind
 * ran (single runs may still have failed: their Ir stays 0); -1 when it
 * does not run. */
int bench_ir_measure(struct bench_row *rows, size_t num_rows,
                     const struct bench_ir_opts *o);

/* The Ir table, and the "ir" JSON fields (nothing before a measure). */
void bench_ir_print_text(FILE *out, const struct bench_row *rows, size_t num_rows);
void bench_ir_print_json_meta(FILE *out);
void bench_ir_print_json_row(FILE *out, const struct bench_row *row);

/* The path of this program: /proc/self/exe, else argv0. */
void bench_ir_self(const char *argv0, char *out, size_t out_len);

/* ---- bench_negotiate.c: whole L3 exchanges (spnegoNegotiate*) with the
 * test mechanism of tests/negotiate_testmech.c, and their baselines ---- */

struct bench_negotiate_row {
    const char *label;   /* "krb5-2leg", "ntlm-3leg-mic", "second-choice-mic" */
    bench_op_fn op;      /* one exchange through L3, contexts created and freed */
    bench_op_fn codec;   /* the same public L2 calls and mechanism calls, no L3 */
    bench_op_fn mech;    /* the mechanism calls alone */
    size_t num_msgs;     /* SPNEGO messages per exchange: divide by it per leg */
    size_t bytes;        /* their total size */
};

/* Runs every flow once through each column and checks that the baselines
 * send the same messages and make the same mechanism calls as L3. Returns
 * the number of rows (and the table in *out_rows), or 0 with a message on
 * stderr when a baseline no longer follows L3. */
size_t bench_negotiate_rows(const struct bench_negotiate_row **out_rows);

/* Text output: the negotiate rows per leg (per SPNEGO message), median ns
 * and, after --ir, Ir, with op/codec and L3's own ratio
 * (op - mech) / (codec - mech). Prints nothing without those rows. */
void bench_negotiate_print_text(FILE *out, const struct bench_row *rows, size_t num_rows);

/* A value the compiler must assume is used. */
extern volatile unsigned long bench_sink;

#endif /* SPNEGO_BENCH_H */
