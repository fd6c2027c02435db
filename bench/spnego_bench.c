/*
 * spnego_bench.c - spnego-bench: parse and build speed, allocations and
 * scaling of libspnego, side by side with floors (malloc + memcpy + free)
 * and, when available, libtasn1 decoding the same tokens.
 *
 * Method: each row is one operation plus its baselines. All of them are
 * calibrated to about --sample-ms per sample, warmed up, then sampled in
 * turn (op, floor, floor, libtasn1, op, ...) so that load from other
 * processes hits every column alike. Reported: median and minimum ns/op
 * over the samples (CLOCK_MONOTONIC), bytes/s of the token, and the
 * allocations one operation makes through the library's allocator seam.
 *
 * --callgrind --op NAME runs one operation a fixed number of times and
 * nothing else timed; see bench/README.md for the valgrind command.
 * --ir does that for every row and column itself (bench_ir.c) and prints
 * the instruction counts next to the times.
 * This program is a tool, never a test: it exits 0 whatever it measures.
 */
#define _POSIX_C_SOURCE 200112L

#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#ifndef SPNEGO_BENCH_BUILD_TYPE
#define SPNEGO_BENCH_BUILD_TYPE "unknown"
#endif
#ifndef SPNEGO_BENCH_CFLAGS
#define SPNEGO_BENCH_CFLAGS "unknown"
#endif
#ifndef SPNEGO_BENCH_VECTOR_DIR
#define SPNEGO_BENCH_VECTOR_DIR "tests/vectors"
#endif
#ifndef SPNEGO_BENCH_ASN_FILE
#define SPNEGO_BENCH_ASN_FILE "bench/rfc4178.asn"
#endif

#define BENCH_VECTOR "kerberosnet-rc4-ticket-claims.der"
#define BENCH_MAX_SAMPLES 101
#define BENCH_NUM_SIZES 6
#define BENCH_NUM_COUNTS 7
#define BENCH_MAX_MECHS 64
#define BENCH_MAX_ROWS 128

static const size_t bench_sizes[BENCH_NUM_SIZES] = {0, 64, 1536, 12288, 65536, 1048576};
static const size_t bench_counts[BENCH_NUM_COUNTS] = {1, 2, 4, 8, 16, 32, 64};

/* The four mechanisms of a Windows client, in its order: MS Kerberos
 * (legacy arc), Kerberos V5, NegoEx, NTLMSSP. */
static const unsigned char oid_ms_krb5[] = {0x2A, 0x86, 0x48, 0x82, 0xF7, 0x12, 0x01, 0x02, 0x02};
static const unsigned char oid_krb5[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x12, 0x01, 0x02, 0x02};
static const unsigned char oid_negoex[] = {0x2B, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x1E};
static const unsigned char oid_ntlm[] = {0x2B, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0A};

static const SPNEGO_OID bench_mechs_1[1] = {{oid_krb5, sizeof(oid_krb5)}};
static const SPNEGO_OID bench_mechs_4[4] = {
    {oid_ms_krb5, sizeof(oid_ms_krb5)},
    {oid_krb5, sizeof(oid_krb5)},
    {oid_negoex, sizeof(oid_negoex)},
    {oid_ntlm, sizeof(oid_ntlm)}};

/* Scaling table: 1.3.6.1.4.1.311.2.2.(64+i), every OID 10 bytes. */
static unsigned char bench_scale_oid_bytes[BENCH_MAX_MECHS][10];
static SPNEGO_OID bench_scale_mechs[BENCH_MAX_MECHS];

static const char *const bench_base_names[BENCH_NUM_BASE] = {"floor_api", "floor_tok",
                                                             "tasn1"};

struct bench_opts {
    int json;
    int quick;
    int callgrind;
    int list;
    unsigned samples;
    double sample_ns;
    unsigned long cg_iters;
    const char *filter;
    const char *json_out; /* also write the JSON to this file */
    const char *op;
    const char *asn;
    const char *vectors;
    int ir;                  /* --ir: callgrind Ir next to the times */
    unsigned ir_jobs;
    unsigned long ir_iters;  /* 0: by token size */
    const char *peer_bin;    /* --peer-bin: the "2002 Ir" column */
};

static struct bench_row bench_rows[BENCH_MAX_ROWS];
static size_t bench_num_rows;

/* ---- timing ---- */

static double bench_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Nanoseconds for iters operations, or a negative value on failure. */
static double bench_time(bench_op_fn fn, const struct bench_case *c, unsigned long iters)
{
    double t0 = bench_now_ns();

    if (bench_run_loop(fn, c, iters) != 0) {
        return -1.0;
    }
    return bench_now_ns() - t0;
}

/* Iterations that take about target_ns, found by doubling. 0 on failure. */
static unsigned long bench_calibrate(bench_op_fn fn, const struct bench_case *c,
                                     double target_ns)
{
    unsigned long iters = 1;
    double t;
    double want;

    for (;;) {
        t = bench_time(fn, c, iters);
        if (t < 0) {
            return 0;
        }
        if (t >= target_ns / 4 || iters >= (1UL << 30)) {
            break;
        }
        iters *= 2;
    }
    want = (double)iters * target_ns / (t > 1.0 ? t : 1.0);
    if (want < 1.0) {
        want = 1.0;
    }
    return (unsigned long)want;
}

static int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;

    return (x > y) - (x < y);
}

/* Allocations of one operation, through the seam. */
static int bench_count_allocs(bench_op_fn fn, const struct bench_case *c,
                              struct bench_result *r)
{
    struct bench_alloc_stats before;
    struct bench_alloc_stats after;

    bench_alloc_snapshot(&before);
    if (fn(c) != 0) {
        return -1;
    }
    bench_alloc_snapshot(&after);
    r->allocs = (double)(after.allocs - before.allocs);
    r->frees = (double)(after.frees - before.frees);
    r->alloc_bytes = (double)(after.bytes - before.bytes);
    return 0;
}

/* Measures a row: the operation and its baselines, interleaved. */
static int bench_measure(struct bench_row *row, const struct bench_opts *o)
{
    bench_op_fn fns[1 + BENCH_NUM_BASE];
    struct bench_result *res[1 + BENCH_NUM_BASE];
    static double samples[1 + BENCH_NUM_BASE][BENCH_MAX_SAMPLES];
    unsigned num = 0;
    unsigned i;
    unsigned s;

    fns[num] = row->op;
    res[num++] = &row->r;
    for (i = 0; i < BENCH_NUM_BASE; i++) {
        if (row->base[i] != NULL) {
            fns[num] = row->base[i];
            res[num++] = &row->rb[i];
        }
    }
    for (i = 0; i < num; i++) {
        if (bench_count_allocs(fns[i], &row->c, res[i]) != 0) {
            fprintf(stderr, "spnego-bench: %s: operation %u failed\n", row->name, i);
            return -1;
        }
        res[i]->iters = bench_calibrate(fns[i], &row->c, o->sample_ns);
        /* Warm-up: one more sample's worth, discarded. */
        if (res[i]->iters == 0 || bench_time(fns[i], &row->c, res[i]->iters) < 0) {
            fprintf(stderr, "spnego-bench: %s: operation %u failed\n", row->name, i);
            return -1;
        }
    }
    for (s = 0; s < o->samples; s++) {
        for (i = 0; i < num; i++) {
            double t = bench_time(fns[i], &row->c, res[i]->iters);
            if (t < 0) {
                return -1;
            }
            samples[i][s] = t / (double)res[i]->iters;
        }
    }
    for (i = 0; i < num; i++) {
        qsort(samples[i], o->samples, sizeof(double), bench_cmp_double);
        res[i]->min_ns = samples[i][0];
        res[i]->median_ns = samples[i][o->samples / 2];
        res[i]->done = 1;
    }
    return 0;
}

/* ---- rows ---- */

struct bench_row *bench_add(const char *group, const char *label,
                            const struct bench_case *c, bench_op_fn op)
{
    struct bench_row *row;

    if (bench_num_rows == BENCH_MAX_ROWS) {
        return NULL;
    }
    row = &bench_rows[bench_num_rows++];
    memset(row, 0, sizeof(*row));
    row->group = group;
    snprintf(row->label, sizeof(row->label), "%s", label);
    snprintf(row->name, sizeof(row->name), "%s/%s", group, label);
    row->c = *c;
    row->op = op;
    memcpy(row->base_name, bench_base_names, sizeof(row->base_name));
    return row;
}

static void bench_size_label(size_t size, char *out, size_t out_len)
{
    if (size >= 1048576 && size % 1048576 == 0) {
        snprintf(out, out_len, "%luM", (unsigned long)(size / 1048576));
    } else if (size >= 1024 && size % 1024 == 0) {
        snprintf(out, out_len, "%luK", (unsigned long)(size / 1024));
    } else {
        snprintf(out, out_len, "%lu", (unsigned long)size);
    }
}

/* Builds every token and every row. */
static int bench_setup(const struct bench_opts *o, const void *tasn1)
{
    static unsigned char *payload;
    struct bench_case base;
    struct bench_case c;
    struct bench_case init4_1536;
    struct bench_case resp_64;
    struct bench_row *row;
    char label[24];
    char path[1024];
    unsigned long count = 0;
    size_t i;
    size_t max = bench_sizes[BENCH_NUM_SIZES - 1];
    unsigned x = 0x2545F491u;
    SPNEGO_TOKEN_HANDLE h;

    payload = (unsigned char *)malloc(max);
    memset(&base, 0, sizeof(base));
    memset(&init4_1536, 0, sizeof(init4_1536));
    memset(&resp_64, 0, sizeof(resp_64));
    base.out_cap = 2 * max + 4096;
    base.out = (unsigned char *)malloc(base.out_cap);
    base.tasn1 = tasn1;
    if (payload == NULL || base.out == NULL) {
        return -1;
    }
    for (i = 0; i < max; i++) { /* xorshift32: incompressible bytes */
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        payload[i] = (unsigned char)(x >> 24);
    }
    for (i = 0; i < BENCH_MAX_MECHS; i++) {
        static const unsigned char prefix[9] = {0x2B, 0x06, 0x01, 0x04, 0x01,
                                                0x82, 0x37, 0x02, 0x02};
        memcpy(bench_scale_oid_bytes[i], prefix, sizeof(prefix));
        bench_scale_oid_bytes[i][9] = (unsigned char)(64 + i);
        bench_scale_mechs[i].pbOid = bench_scale_oid_bytes[i];
        bench_scale_mechs[i].ulOidLen = 10;
    }

    bench_add("noop", "-", &base, bench_op_noop);

    for (i = 0; i < BENCH_NUM_SIZES; i++) {
        struct bench_case c1;
        struct bench_case c4;
        struct bench_case cr;

        bench_size_label(bench_sizes[i], label, sizeof(label));
        c1 = base;
        c1.mechs = bench_mechs_1;
        c1.num_mechs = 1;
        c1.mech_token = bench_sizes[i] ? payload : NULL;
        c1.mech_len = bench_sizes[i];
        c4 = c1;
        c4.mechs = bench_mechs_4;
        c4.num_mechs = 4;
        cr = c1;
        if (bench_case_make_init(&c1) != 0 || bench_case_make_init(&c4) != 0 ||
            bench_case_make_resp(&cr) != 0) {
            fprintf(stderr, "spnego-bench: cannot build the %s tokens\n", label);
            return -1;
        }
        if (bench_sizes[i] == 1536) {
            init4_1536 = c4;
        } else if (bench_sizes[i] == 64) {
            resp_64 = cr;
        }
        row = bench_add("parse_copy", label, &c1, bench_op_parse_copy);
        row->base[0] = bench_floor_parse_api;
        row->base[1] = bench_floor_token;
        row->base[2] = tasn1 != NULL ? bench_tasn1_parse : NULL;
        row = bench_add("parse_nocopy", label, &c1, bench_op_parse_nocopy);
        row->base[0] = bench_floor_handle;
        row->base_name[0] = "floor_handle";
        row = bench_add("build_init1", label, &c1, bench_op_build_init);
        row->base[0] = bench_floor_build_api;
        row->base[1] = bench_floor_token;
        row = bench_add("build_init4", label, &c4, bench_op_build_init);
        row->base[0] = bench_floor_build_api;
        row->base[1] = bench_floor_token;
        row = bench_add("build_resp", label, &cr, bench_op_build_resp);
        row->base[0] = bench_floor_build_api;
        row->base[1] = bench_floor_token;
        if (bench_case_make_header(&c1) == 0) {
            row = bench_add("http_parse", label, &c1, bench_op_http);
        } else if (!o->json && !o->callgrind && !o->list) {
            fprintf(stderr, "spnego-bench: http_parse/%s skipped: header over "
                            "SPNEGO_HTTP_MAX_VALUE_LEN\n", label);
        }
    }

    /* The real 4-mech Windows-style NegTokenInit. */
    snprintf(path, sizeof(path), "%s/%s", o->vectors, BENCH_VECTOR);
    c = base;
    c.token = bench_read_file(path, &c.token_len);
    if (c.token == NULL || bench_case_index(&c) != 0 ||
        spnegoInitFromBinary(c.token, (unsigned long)c.token_len, &h) != SPNEGO_E_SUCCESS) {
        fprintf(stderr, "spnego-bench: cannot read %s\n", path);
        return -1;
    }
    spnegoGetMechTypeCount(h, &count);
    spnegoFreeData(h);
    c.num_mechs = count;
    row = bench_add("parse_walk4", "vector", &c, bench_op_parse_walk);
    row->base[1] = bench_floor_token;
    row->base[2] = tasn1 != NULL ? bench_tasn1_parse_walk : NULL;
    row = bench_add("parse_copy", "vector", &c, bench_op_parse_copy);
    row->base[0] = bench_floor_parse_api;
    row->base[1] = bench_floor_token;
    row->base[2] = tasn1 != NULL ? bench_tasn1_parse : NULL;

    /* Rows shared with spnego-bench-2002 (bench_peer.c). */
    if (bench_peer_setup(o->vectors, &base, &init4_1536, &resp_64) != 0) {
        return -1;
    }

    /* Mech-count scaling, 64-byte mech token. */
    for (i = 0; i < BENCH_NUM_COUNTS; i++) {
        c = base;
        c.mechs = bench_scale_mechs;
        c.num_mechs = bench_counts[i];
        c.mech_token = payload;
        c.mech_len = 64;
        if (bench_case_make_init(&c) != 0) {
            return -1;
        }
        snprintf(label, sizeof(label), "%lu", (unsigned long)bench_counts[i]);
        bench_add("scale_parse", label, &c, bench_op_parse_only);
        row = bench_add("scale_walk", label, &c, bench_op_parse_walk_nocopy);
        row->base[2] = tasn1 != NULL ? bench_tasn1_parse_walk : NULL;
        row = bench_add("scale_build", label, &c, bench_op_build_init);
        row->base[0] = bench_floor_build_api;
    }

    /* Whole L3 exchanges (bench_negotiate.c), columns codec and mech. */
    {
        const struct bench_negotiate_row *neg = NULL;
        size_t num_neg = bench_negotiate_rows(&neg);

        for (i = 0; i < num_neg; i++) {
            c = base;
            c.token_len = neg[i].bytes; /* all the exchange's messages */
            row = bench_add("negotiate", neg[i].label, &c, neg[i].op);
            if (row == NULL) {
                return -1;
            }
            row->base[0] = neg[i].codec;
            row->base_name[0] = "codec";
            row->base[1] = neg[i].mech;
            row->base_name[1] = "mech";
        }
        if (num_neg == 0) {
            return -1;
        }
    }
    return 0;
}

/* ---- output ---- */

static void bench_machine(char *cpu, size_t cpu_len, unsigned *out_cpus)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];

    snprintf(cpu, cpu_len, "unknown");
    *out_cpus = 0;
    if (f == NULL) {
        return;
    }
    while (fgets(line, sizeof(line), f) != NULL) {
        char *colon = strchr(line, ':');
        if (strncmp(line, "processor", 9) == 0) {
            (*out_cpus)++;
        } else if (strncmp(line, "model name", 10) == 0 && colon != NULL && *out_cpus == 1) {
            size_t n;
            colon += 2;
            n = strcspn(colon, "\n");
            snprintf(cpu, cpu_len, "%.*s", (int)n, colon);
        }
    }
    fclose(f);
}

static const char *bench_compiler(void)
{
#if defined(__clang__)
    return "clang " __clang_version__;
#elif defined(__GNUC__)
    return "gcc " __VERSION__;
#else
    return "unknown";
#endif
}

static int bench_row_selected(const struct bench_row *row, const struct bench_opts *o)
{
    if (row->op == bench_op_noop && o->filter != NULL) {
        return 0;
    }
    return o->filter == NULL || strstr(row->name, o->filter) != NULL;
}

static void bench_print_ratio(FILE *out, const struct bench_result *op,
                              const struct bench_result *b)
{
    if (b->done) {
        fprintf(out, " %10.1f %6.2f", b->median_ns, op->median_ns / b->median_ns);
    } else {
        fprintf(out, " %10s %6s", "-", "-");
    }
}

static const struct bench_row *bench_find(const char *group, const char *label)
{
    size_t i;

    for (i = 0; i < bench_num_rows; i++) {
        if (strcmp(bench_rows[i].group, group) == 0 &&
            strcmp(bench_rows[i].label, label) == 0 && bench_rows[i].r.done) {
            return &bench_rows[i];
        }
    }
    return NULL;
}

/* Marginal cost per KiB of token between consecutive sizes: flat when the
 * cost is linear in the token size. The scaling summaries use the minimum,
 * the sample least disturbed by other processes on a shared machine. */
static void bench_print_size_scaling(FILE *out)
{
    static const char *const groups[] = {"parse_copy", "build_init1", "http_parse"};
    const struct bench_row *prev[3] = {NULL, NULL, NULL};
    char label[24];
    size_t i;
    unsigned g;

    fprintf(out, "\nToken-size scaling: min ns, and marginal ns per KiB from the previous size\n");
    fprintf(out, "%8s |%11s %9s %9s |%11s %9s %9s |%11s %9s\n", "size", "parse_copy", "ns/KiB",
            "floorA/KiB", "build_init1", "ns/KiB", "floorA/KiB", "http_parse", "ns/KiB");
    for (i = 0; i < BENCH_NUM_SIZES; i++) {
        bench_size_label(bench_sizes[i], label, sizeof(label));
        fprintf(out, "%8s |", label);
        for (g = 0; g < 3; g++) {
            const struct bench_row *row = bench_find(groups[g], label);
            if (row == NULL) {
                fprintf(out, "%11s %9s", "-", "-");
            } else if (prev[g] == NULL || row->c.token_len <= prev[g]->c.token_len) {
                fprintf(out, "%11.1f %9s", row->r.min_ns, "-");
            } else {
                double kib = (double)(row->c.token_len - prev[g]->c.token_len) / 1024.0;
                fprintf(out, "%11.1f %9.1f", row->r.min_ns,
                        (row->r.min_ns - prev[g]->r.min_ns) / kib);
                if (g < 2) {
                    fprintf(out, " %9.1f |",
                            (row->rb[0].min_ns - prev[g]->rb[0].min_ns) / kib);
                    prev[g] = row;
                    continue;
                }
            }
            fprintf(out, g < 2 ? " %9s |" : " |", "-");
            if (row != NULL) {
                prev[g] = row;
            }
        }
        fprintf(out, "\n");
    }
}

/* Cost per mechanism: constant when linear in the mech count. */
static void bench_print_mech_scaling(FILE *out)
{
    const struct bench_row *prev_parse = NULL;
    const struct bench_row *prev_build = NULL;
    char label[24];
    size_t i;

    fprintf(out, "\nMech-count scaling (64-byte mech token): min ns; d/mech = marginal ns per added mech\n");
    fprintf(out, "%5s %7s |%9s %8s |%10s %9s %9s |%9s %8s |%10s\n", "mechs", "token B",
            "parse", "d/mech", "parse+walk", "walk", "walk/mech", "build", "d/mech",
            "tasn1 walk");
    for (i = 0; i < BENCH_NUM_COUNTS; i++) {
        const struct bench_row *parse;
        const struct bench_row *walk;
        const struct bench_row *build;
        double n = (double)bench_counts[i];
        snprintf(label, sizeof(label), "%lu", (unsigned long)bench_counts[i]);
        parse = bench_find("scale_parse", label);
        walk = bench_find("scale_walk", label);
        build = bench_find("scale_build", label);
        if (parse == NULL || walk == NULL || build == NULL) {
            continue;
        }
        fprintf(out, "%5lu %7lu |%9.1f ", (unsigned long)bench_counts[i],
                (unsigned long)parse->c.token_len, parse->r.min_ns);
        if (prev_parse != NULL) {
            fprintf(out, "%8.1f |", (parse->r.min_ns - prev_parse->r.min_ns) /
                                        (n - (double)prev_parse->c.num_mechs));
        } else {
            fprintf(out, "%8s |", "-");
        }
        fprintf(out, "%10.1f %9.1f %9.1f |%9.1f ", walk->r.min_ns,
                walk->r.min_ns - parse->r.min_ns,
                (walk->r.min_ns - parse->r.min_ns) / n, build->r.min_ns);
        if (prev_build != NULL) {
            fprintf(out, "%8.1f |", (build->r.min_ns - prev_build->r.min_ns) /
                                        (n - (double)prev_build->c.num_mechs));
        } else {
            fprintf(out, "%8s |", "-");
        }
        if (walk->rb[2].done) {
            fprintf(out, "%10.1f\n", walk->rb[2].min_ns);
        } else {
            fprintf(out, "%10s\n", "-");
        }
        prev_parse = parse;
        prev_build = build;
    }
}

static void bench_print_row(FILE *out, const struct bench_row *row)
{
    const struct bench_result *r = &row->r;

    fprintf(out, "%-26s %8lu %10.1f %10.1f %9.1f %6.0f |", row->name,
            (unsigned long)row->c.token_len, r->median_ns, r->min_ns,
            r->median_ns > 0 ? (double)row->c.token_len * 1e3 / r->median_ns : 0.0,
            r->allocs);
    bench_print_ratio(out, r, &row->rb[0]);
    fprintf(out, " |");
    bench_print_ratio(out, r, &row->rb[1]);
    fprintf(out, " |");
    bench_print_ratio(out, r, &row->rb[2]);
    fprintf(out, "\n");
}

/* The main table, grouped by operation in order of first appearance. */
static void bench_print_text(FILE *out)
{
    size_t i;
    size_t j;
    size_t k;

    fprintf(out, "%-26s %8s %10s %10s %9s %6s |%11s %6s |%11s %6s |%11s %6s\n",
            "operation", "token B", "median ns", "min ns", "MB/s", "allocs", "floorA ns",
            "op/fA", "floorT ns", "op/fT", "tasn1 ns", "op/ta");
    for (i = 0; i < bench_num_rows; i++) {
        int seen = 0;
        for (k = 0; k < i; k++) {
            seen |= strcmp(bench_rows[k].group, bench_rows[i].group) == 0;
        }
        for (j = i; j < bench_num_rows && !seen; j++) {
            if (strcmp(bench_rows[j].group, bench_rows[i].group) == 0 &&
                bench_rows[j].r.done) {
                bench_print_row(out, &bench_rows[j]);
            }
        }
    }
    bench_print_size_scaling(out);
    bench_print_mech_scaling(out);
}

static void bench_print_result_json(FILE *out, const char *key,
                                    const struct bench_result *r)
{
    fprintf(out, "\"%s\": {\"median_ns\": %.2f, \"min_ns\": %.2f, \"iters_per_sample\": %lu, "
           "\"allocs_per_op\": %.0f, \"frees_per_op\": %.0f, \"alloc_bytes_per_op\": %.0f}",
           key, r->median_ns, r->min_ns, r->iters, r->allocs, r->frees, r->alloc_bytes);
}

static void bench_print_json(FILE *out, const struct bench_opts *o, const char *cpu,
                             unsigned cpus, const struct utsname *u)
{
    size_t i;
    unsigned b;
    int first = 1;

    fprintf(out, "{\n  \"machine\": {\"cpu\": \"%s\", \"cpus\": %u, \"kernel\": \"%s %s %s\"},\n",
           cpu, cpus, u->sysname, u->release, u->machine);
    fprintf(out, "  \"build\": {\"compiler\": \"%s\", \"build_type\": \"%s\", \"cflags\": \"%s\", "
           "\"libtasn1\": %s},\n",
           bench_compiler(), SPNEGO_BENCH_BUILD_TYPE, SPNEGO_BENCH_CFLAGS,
           bench_tasn1_available() ? "true" : "false");
    bench_ir_print_json_meta(out);
    fprintf(out, "  \"method\": {\"samples\": %u, \"sample_ms\": %.1f, \"clock\": "
           "\"CLOCK_MONOTONIC\"},\n  \"rows\": [\n",
           o->samples, o->sample_ns / 1e6);
    for (i = 0; i < bench_num_rows; i++) {
        const struct bench_row *row = &bench_rows[i];
        if (!row->r.done) {
            continue;
        }
        fprintf(out, "%s    {\"name\": \"%s\", \"group\": \"%s\", \"label\": \"%s\", "
               "\"token_len\": %lu, \"mech_token_len\": %lu, \"num_mechs\": %lu,\n      ",
               first ? "" : ",\n", row->name, row->group, row->label,
               (unsigned long)row->c.token_len, (unsigned long)row->c.mech_len,
               (unsigned long)row->c.num_mechs);
        first = 0;
        bench_print_result_json(out, "op", &row->r);
        for (b = 0; b < BENCH_NUM_BASE; b++) {
            if (row->rb[b].done) {
                fprintf(out, ",\n      ");
                bench_print_result_json(out, row->base_name[b], &row->rb[b]);
                fprintf(out, ", \"ratio_%s\": %.3f", row->base_name[b],
                       row->r.median_ns / row->rb[b].median_ns);
            }
        }
        bench_ir_print_json_row(out, row);
        fprintf(out, "}");
    }
    fprintf(out, "\n  ]\n}\n");
}

/* ---- command line ---- */

static void bench_usage(void)
{
    fprintf(stderr,
            "usage: spnego-bench [--quick] [--json | --json-out FILE] [--filter TEXT]\n"
            "                    [--samples N] [--sample-ms MS] [--asn FILE]\n"
            "                    [--vectors DIR]\n"
            "       spnego-bench --ir [--peer-bin PATH] [--ir-jobs N] [--ir-iters N]\n"
            "                    [timing options above]\n"
            "       spnego-bench --list\n"
            "       spnego-bench --callgrind --op NAME [--iters N]\n"
            "NAME is a row name (parse_copy/1536K) or a baseline of it\n"
            "(parse_copy/1536:floor_api, :floor_tok, :tasn1).\n");
}

static int bench_parse_args(int argc, char **argv, struct bench_opts *o)
{
    int i;

    memset(o, 0, sizeof(*o));
    o->samples = 11;
    o->sample_ns = 15e6;
    o->cg_iters = 1000;
    o->ir_jobs = 2;
    o->asn = SPNEGO_BENCH_ASN_FILE;
    o->vectors = SPNEGO_BENCH_VECTOR_DIR;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--json") == 0) {
            o->json = 1;
        } else if (strcmp(a, "--quick") == 0) {
            o->quick = 1;
        } else if (strcmp(a, "--callgrind") == 0) {
            o->callgrind = 1;
        } else if (strcmp(a, "--list") == 0) {
            o->list = 1;
        } else if (strcmp(a, "--ir") == 0) {
            o->ir = 1;
        } else if (v != NULL && strcmp(a, "--peer-bin") == 0) {
            o->peer_bin = v;
            i++;
        } else if (v != NULL && strcmp(a, "--ir-jobs") == 0) {
            o->ir_jobs = (unsigned)strtoul(v, NULL, 10);
            i++;
        } else if (v != NULL && strcmp(a, "--ir-iters") == 0) {
            o->ir_iters = strtoul(v, NULL, 10);
            i++;
        } else if (v != NULL && strcmp(a, "--filter") == 0) {
            o->filter = v;
            i++;
        } else if (v != NULL && strcmp(a, "--json-out") == 0) {
            o->json_out = v;
            i++;
        } else if (v != NULL && strcmp(a, "--op") == 0) {
            o->op = v;
            i++;
        } else if (v != NULL && strcmp(a, "--asn") == 0) {
            o->asn = v;
            i++;
        } else if (v != NULL && strcmp(a, "--vectors") == 0) {
            o->vectors = v;
            i++;
        } else if (v != NULL && strcmp(a, "--iters") == 0) {
            o->cg_iters = strtoul(v, NULL, 10);
            i++;
        } else if (v != NULL && strcmp(a, "--samples") == 0) {
            o->samples = (unsigned)strtoul(v, NULL, 10);
            i++;
        } else if (v != NULL && strcmp(a, "--sample-ms") == 0) {
            o->sample_ns = strtod(v, NULL) * 1e6;
            i++;
        } else {
            return -1;
        }
    }
    if (o->quick) {
        o->sample_ns = 1e6;
    }
    if (o->samples < 11 || o->samples > BENCH_MAX_SAMPLES || o->sample_ns <= 0 ||
        (o->callgrind && o->op == NULL)) {
        return -1;
    }
    return 0;
}

/* --callgrind: run one named operation or baseline cg_iters times. */
static int bench_callgrind(const struct bench_opts *o)
{
    size_t i;
    unsigned b;
    char name[96];

    for (i = 0; i < bench_num_rows; i++) {
        struct bench_row *row = &bench_rows[i];
        bench_op_fn fn = NULL;
        if (strcmp(row->name, o->op) == 0) {
            fn = row->op;
        }
        for (b = 0; b < BENCH_NUM_BASE && fn == NULL; b++) {
            snprintf(name, sizeof(name), "%s:%s", row->name, row->base_name[b]);
            if (row->base[b] != NULL && strcmp(name, o->op) == 0) {
                fn = row->base[b];
            }
        }
        if (fn != NULL) {
            /* One call outside the counted loop: lazy symbol binding and
             * the allocator's first growth are not per-operation costs. */
            if (fn(&row->c) != 0 || bench_run_loop(fn, &row->c, o->cg_iters) != 0) {
                fprintf(stderr, "spnego-bench: %s failed\n", o->op);
                return 1;
            }
            fprintf(stderr, "spnego-bench: ran %s %lu times in bench_run_loop\n", o->op,
                    o->cg_iters);
            return 0;
        }
    }
    fprintf(stderr, "spnego-bench: no operation %s (see --list)\n", o->op);
    return 1;
}

int main(int argc, char **argv)
{
    struct bench_opts o;
    struct utsname u;
    char cpu[256];
    char err[512];
    unsigned cpus;
    const void *tasn1;
    size_t i;
    unsigned b;
    struct bench_ir_opts iro;
    const char *self_args[5];
    char self[1024];

    if (bench_parse_args(argc, argv, &o) != 0) {
        bench_usage();
        return 2;
    }
    err[0] = '\0';
    tasn1 = bench_tasn1_load(o.asn, err, sizeof(err));
    if (tasn1 == NULL && !o.json) {
        fprintf(stderr, "spnego-bench: libtasn1 baseline off: %s\n", err);
    }
    if (bench_setup(&o, tasn1) != 0) {
        return 1;
    }
    if (o.list) {
        for (i = 0; i < bench_num_rows; i++) {
            printf("%s", bench_rows[i].name);
            for (b = 0; b < BENCH_NUM_BASE; b++) {
                if (bench_rows[i].base[b] != NULL) {
                    printf("  :%s", bench_rows[i].base_name[b]);
                }
            }
            printf("\n");
        }
        return 0;
    }
    if (o.callgrind) {
        return bench_callgrind(&o);
    }
    /* --ir runs this same program, with the same tokens, under callgrind. */
    bench_ir_self(argv[0], self, sizeof(self));
    self_args[0] = "--vectors";
    self_args[1] = o.vectors;
    self_args[2] = "--asn";
    self_args[3] = o.asn;
    self_args[4] = NULL;
    iro.self = self;
    iro.self_args = self_args;
    iro.peer_bin = o.peer_bin;
    iro.iters = o.ir_iters;
    iro.jobs = o.ir_jobs;
    bench_machine(cpu, sizeof(cpu), &cpus);
    if (uname(&u) != 0) {
        memset(&u, 0, sizeof(u));
    }
    if (!o.json) {
        printf("spnego-bench: %s, %u cpus, %s %s\n", cpu, cpus, u.sysname, u.release);
        printf("build: %s, %s, flags \"%s\"; libtasn1 baseline: %s\n", bench_compiler(),
               SPNEGO_BENCH_BUILD_TYPE, SPNEGO_BENCH_CFLAGS, tasn1 != NULL ? "on" : "off");
        printf("method: %u samples of ~%.0f ms per column, interleaved; ns per operation\n\n",
               o.samples, o.sample_ns / 1e6);
#ifndef __OPTIMIZE__
        printf("WARNING: built without optimisation; numbers are meaningless\n\n");
#endif
        fflush(stdout);
    }
    for (i = 0; i < bench_num_rows; i++) {
        if (bench_row_selected(&bench_rows[i], &o) && bench_measure(&bench_rows[i], &o) != 0) {
            return 1;
        }
    }
    if (o.ir) {
        bench_ir_measure(bench_rows, bench_num_rows, &iro);
    }
    if (o.json) {
        bench_print_json(stdout, &o, cpu, cpus, &u);
    } else {
        bench_print_text(stdout);
        bench_ir_print_text(stdout, bench_rows, bench_num_rows);
        bench_negotiate_print_text(stdout, bench_rows, bench_num_rows);
    }
    if (o.json_out != NULL) {
        FILE *f = fopen(o.json_out, "w");
        if (f == NULL) {
            fprintf(stderr, "spnego-bench: cannot write %s\n", o.json_out);
            return 1;
        }
        bench_print_json(f, &o, cpu, cpus, &u);
        fclose(f);
    }
    bench_tasn1_unload(tasn1);
    return 0;
}
