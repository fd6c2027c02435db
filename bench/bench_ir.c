/*
 * bench_ir.c - the --ir mode of spnego-bench: instruction counts next to
 * the times, for every row, in one command. Not part of the library.
 *
 * For each measured row and each of its columns the program re-executes
 * itself (or the --peer-bin program, for the "2002 Ir" column) as
 *   valgrind --tool=callgrind --callgrind-out-file=$TMPDIR/... \
 *     --collect-atstart=no --toggle-collect=bench_run_loop \
 *     BIN --callgrind --op NAME --iters N
 * and reads the total Ir from the callgrind output file. Ir per operation
 * is that total divided by N; the loop's own cost (the noop row) is
 * included in every figure and never subtracted. Counting instructions
 * does not depend on load, so up to --ir-jobs runs go in parallel, after
 * the timed part of the run has finished.
 *
 * Everything here is POSIX process handling (fork, execvp, waitpid); a
 * missing valgrind or a failed run leaves "-" in the table and says why
 * on stderr.
 */
#define _POSIX_C_SOURCE 200809L

#include "bench.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define IR_MAX_ARGS 24
#define IR_MAX_PARALLEL 16
#define IR_LIST_MAX 65536

/* ---- processes ---- */

/* Starts argv[0] (searched in PATH) with stdout on out_fd (-1: /dev/null)
 * and stderr on /dev/null. Returns the pid, or -1. */
static pid_t ir_spawn(char *const argv[], int out_fd)
{
    pid_t pid = fork();

    if (pid == 0) {
        int null_fd = open("/dev/null", O_WRONLY);
        if (null_fd >= 0) {
            dup2(out_fd >= 0 ? out_fd : null_fd, STDOUT_FILENO);
            dup2(null_fd, STDERR_FILENO);
        }
        execvp(argv[0], argv);
        _exit(127);
    }
    return pid;
}

/* waitpid that retries after a signal. */
static pid_t ir_wait(pid_t pid, int *status)
{
    pid_t got;

    do {
        got = waitpid(pid, status, 0);
    } while (got < 0 && errno == EINTR);
    return got;
}

/* Runs argv and reads up to out_len - 1 bytes of its stdout into out.
 * Returns the exit status, or -1 when it could not run. */
static int ir_capture(char *const argv[], char *out, size_t out_len)
{
    int fds[2];
    size_t used = 0;
    int status = 0;
    pid_t pid;

    out[0] = '\0';
    if (pipe(fds) != 0) {
        return -1;
    }
    pid = ir_spawn(argv, fds[1]);
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        return -1;
    }
    for (;;) {
        char chunk[512];
        ssize_t n = read(fds[0], chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        if (used + 1 < out_len) { /* keep what fits, drain the rest */
            size_t take = (size_t)n;
            if (take > out_len - 1 - used) {
                take = out_len - 1 - used;
            }
            memcpy(out + used, chunk, take);
            used += take;
        }
    }
    out[used] = '\0';
    close(fds[0]);
    if (ir_wait(pid, &status) != pid || !WIFEXITED(status)) {
        return -1;
    }
    return WEXITSTATUS(status);
}

int bench_ir_probe(char *out, size_t out_len)
{
    char *argv[3];
    char text[256];

    argv[0] = (char *)"valgrind";
    argv[1] = (char *)"--version";
    argv[2] = NULL;
    if (ir_capture(argv, text, sizeof(text)) != 0 || strncmp(text, "valgrind", 8) != 0) {
        return -1;
    }
    snprintf(out, out_len, "%.*s", (int)strcspn(text, "\r\n"), text);
    return 0;
}

int bench_ir_list(const char *bin, char *out, size_t out_len)
{
    char *argv[3];
    char *text = (char *)malloc(IR_LIST_MAX);
    char *line;
    size_t used = 1;
    int rc;

    if (text == NULL || out_len < 2) {
        free(text);
        return -1;
    }
    argv[0] = (char *)bin;
    argv[1] = (char *)"--list";
    argv[2] = NULL;
    rc = ir_capture(argv, text, IR_LIST_MAX);
    memcpy(out, "\n", 2);
    for (line = text; rc == 0 && *line != '\0';) {
        size_t n = strcspn(line, " \t\r\n");
        if (n > 0 && used + n + 2 <= out_len) {
            memcpy(out + used, line, n);
            used += n;
            memcpy(out + used, "\n", 2);
            used++;
        }
        line += strcspn(line, "\n");
        line += *line == '\n';
    }
    free(text);
    return rc == 0 ? 0 : -1;
}

/* ---- callgrind runs ---- */

struct ir_slot {
    pid_t pid; /* 0: free */
    size_t job;
    char path[1024];
};

/* The summary ("summary: N") or total ("totals: N") line of a callgrind
 * output file; the first event is Ir. 0 on success. */
static int ir_read_total(const char *path, double *out)
{
    FILE *f = fopen(path, "r");
    char line[1024];
    int rc = -1;

    if (f == NULL) {
        return -1;
    }
    while (rc != 0 && fgets(line, sizeof(line), f) != NULL) {
        if (strncmp(line, "summary:", 8) == 0 || strncmp(line, "totals:", 7) == 0) {
            char *num = strchr(line, ':') + 1;
            char *end;
            double v = strtod(num, &end);
            if (end != num && v > 0) {
                *out = v;
                rc = 0;
            }
        }
    }
    fclose(f);
    return rc;
}

/* The valgrind command line of a job, also printed when a run fails. */
static size_t ir_argv(const struct bench_ir_job *job, const char *path, char *cg_out,
                      size_t cg_out_len, char *iters, size_t iters_len, char *argv[])
{
    size_t n = 0;
    size_t i;

    snprintf(cg_out, cg_out_len, "--callgrind-out-file=%s", path);
    snprintf(iters, iters_len, "%lu", job->iters);
    argv[n++] = (char *)"valgrind";
    argv[n++] = (char *)"--tool=callgrind";
    argv[n++] = cg_out;
    argv[n++] = (char *)"--collect-atstart=no";
    argv[n++] = (char *)"--toggle-collect=bench_run_loop";
    argv[n++] = (char *)job->bin;
    argv[n++] = (char *)"--callgrind";
    argv[n++] = (char *)"--op";
    argv[n++] = (char *)job->op;
    argv[n++] = (char *)"--iters";
    argv[n++] = iters;
    for (i = 0; job->args != NULL && job->args[i] != NULL && n + 1 < IR_MAX_ARGS; i++) {
        argv[n++] = (char *)job->args[i];
    }
    argv[n] = NULL;
    return n;
}

static void ir_report(const struct bench_ir_job *job, const char *path, const char *what)
{
    char cg_out[1100];
    char iters[32];
    char *argv[IR_MAX_ARGS];
    size_t n = ir_argv(job, path, cg_out, sizeof(cg_out), iters, sizeof(iters), argv);
    size_t i;

    fprintf(stderr, "spnego-bench: --ir: %s %s; by hand:\n ", job->op, what);
    for (i = 0; i < n; i++) {
        fprintf(stderr, " %s", argv[i]);
    }
    fprintf(stderr, "\n");
}

/* Creates the output file in $TMPDIR and starts valgrind. 0 on success. */
static int ir_start(const struct bench_ir_job *job, struct ir_slot *slot)
{
    const char *dir = getenv("TMPDIR");
    char cg_out[1100];
    char iters[32];
    char *argv[IR_MAX_ARGS];
    int fd;

    if (dir == NULL || dir[0] == '\0') {
        dir = "/tmp";
    }
    /* valgrind expands %p and %q{} in the name: keep such dirs out. */
    if (strchr(dir, '%') != NULL) {
        dir = "/tmp";
    }
    snprintf(slot->path, sizeof(slot->path), "%s/spnego-bench-ir-XXXXXX", dir);
    fd = mkstemp(slot->path);
    if (fd < 0) {
        fprintf(stderr, "spnego-bench: --ir: cannot create a file in %s\n", dir);
        return -1;
    }
    close(fd);
    ir_argv(job, slot->path, cg_out, sizeof(cg_out), iters, sizeof(iters), argv);
    fflush(NULL);
    slot->pid = ir_spawn(argv, -1);
    if (slot->pid < 0) {
        slot->pid = 0;
        unlink(slot->path);
        return -1;
    }
    return 0;
}

/* Reads the finished job's output file and removes it. 0 on success. */
static int ir_finish(const struct bench_ir_job *job, struct ir_slot *slot, int status)
{
    double total = 0;
    int rc = -1;

    if (!WIFEXITED(status)) {
        ir_report(job, slot->path, "was killed");
    } else if (WEXITSTATUS(status) == 127) {
        ir_report(job, slot->path, "did not start (valgrind or the program missing)");
    } else if (WEXITSTATUS(status) != 0) {
        ir_report(job, slot->path, "failed (the operation or valgrind exited non-zero)");
    } else if (ir_read_total(slot->path, &total) != 0) {
        ir_report(job, slot->path, "left no summary/totals line in the callgrind file");
    } else {
        *job->out_ir = total / (double)job->iters;
        rc = 0;
    }
    unlink(slot->path);
    slot->pid = 0;
    return rc;
}

size_t bench_ir_run(struct bench_ir_job *jobs, size_t num_jobs, unsigned max_parallel)
{
    struct ir_slot slots[IR_MAX_PARALLEL];
    size_t next = 0;
    size_t failed = 0;
    unsigned running = 0;
    unsigned s;

    if (max_parallel == 0) {
        max_parallel = 1;
    } else if (max_parallel > IR_MAX_PARALLEL) {
        max_parallel = IR_MAX_PARALLEL;
    }
    memset(slots, 0, sizeof(slots));
    while (next < num_jobs || running > 0) {
        int status = 0;
        pid_t pid;

        for (s = 0; s < max_parallel && next < num_jobs; s++) {
            if (slots[s].pid != 0) {
                continue;
            }
            if (jobs[next].iters == 0 || ir_start(&jobs[next], &slots[s]) != 0) {
                failed++;
            } else {
                slots[s].job = next;
                running++;
            }
            next++;
        }
        if (running == 0) {
            continue;
        }
        pid = ir_wait(-1, &status);
        if (pid < 0) {
            break; /* no children left: cannot happen while running > 0 */
        }
        for (s = 0; s < max_parallel; s++) {
            if (slots[s].pid == pid) {
                failed += ir_finish(&jobs[slots[s].job], &slots[s], status) != 0;
                running--;
                break;
            }
        }
    }
    return failed;
}

/* ---- the --ir mode over the rows ---- */

static struct {
    int ran;
    char valgrind[64];
    const char *peer_bin; /* NULL: no peer column */
} ir_state;

/* Iterations of one callgrind run: enough to make the per-call rounding
 * vanish, few enough that the 64K and 1M rows stay quick. */
static unsigned long ir_iters(const struct bench_row *row, unsigned long fixed)
{
    if (fixed > 0) {
        return fixed;
    }
    if (row->c.token_len >= 65536) {
        return 20;
    }
    return row->c.token_len >= 4096 ? 200 : 1000;
}

static void ir_job(struct bench_ir_job *job, const char *bin, const char *const *args,
                   const char *op, const char *base, unsigned long iters, double *out)
{
    job->bin = bin;
    job->args = args;
    if (base != NULL) {
        snprintf(job->op, sizeof(job->op), "%s:%s", op, base);
    } else {
        snprintf(job->op, sizeof(job->op), "%s", op);
    }
    job->iters = iters;
    job->out_ir = out;
}

int bench_ir_measure(struct bench_row *rows, size_t num_rows, const struct bench_ir_opts *o)
{
    struct bench_ir_job *jobs;
    char *peer_names = NULL;
    char want[80];
    size_t num_jobs = 0;
    size_t failed;
    size_t i;
    unsigned b;
    int have_valgrind;

    memset(&ir_state, 0, sizeof(ir_state));
    ir_state.ran = 1; /* from here on the table is printed, "-" if need be */
    have_valgrind = bench_ir_probe(ir_state.valgrind, sizeof(ir_state.valgrind)) == 0;
    if (!have_valgrind) {
        snprintf(ir_state.valgrind, sizeof(ir_state.valgrind), "no valgrind");
        fprintf(stderr, "spnego-bench: --ir: valgrind does not run (Debian: apt-get install "
                        "valgrind); the Ir columns show -\n");
    }
    if (o->peer_bin != NULL && have_valgrind) {
        peer_names = (char *)malloc(IR_LIST_MAX);
        if (peer_names == NULL || bench_ir_list(o->peer_bin, peer_names, IR_LIST_MAX) != 0) {
            fprintf(stderr, "spnego-bench: --ir: `%s --list` failed; no peer column\n",
                    o->peer_bin);
            free(peer_names);
            peer_names = NULL;
        } else {
            ir_state.peer_bin = o->peer_bin;
        }
    }
    jobs = (struct bench_ir_job *)calloc(num_rows * (BENCH_NUM_BASE + 2),
                                         sizeof(*jobs));
    if (jobs == NULL) {
        free(peer_names);
        return -1;
    }
    for (i = 0; i < num_rows; i++) {
        struct bench_row *row = &rows[i];
        /* noop always: the loop overhead every figure includes. */
        if (!row->r.done && row->op != bench_op_noop) {
            continue;
        }
        row->ir_iters = ir_iters(row, o->iters);
        ir_job(&jobs[num_jobs++], o->self, o->self_args, row->name, NULL, row->ir_iters,
               &row->r.ir);
        for (b = 0; b < BENCH_NUM_BASE; b++) {
            if (row->base[b] != NULL && row->r.done) {
                ir_job(&jobs[num_jobs++], o->self, o->self_args, row->name,
                       row->base_name[b], row->ir_iters, &row->rb[b].ir);
            }
        }
        snprintf(want, sizeof(want), "\n%s\n", row->name);
        if (peer_names != NULL && row->r.done && strstr(peer_names, want) != NULL) {
            ir_job(&jobs[num_jobs++], o->peer_bin, NULL, row->name, NULL, row->ir_iters,
                   &row->peer_ir);
        }
    }
    if (have_valgrind) {
        fprintf(stderr, "spnego-bench: --ir: %lu callgrind runs, %u at a time\n",
                (unsigned long)num_jobs, o->jobs);
        failed = bench_ir_run(jobs, num_jobs, o->jobs);
        if (failed > 0) {
            fprintf(stderr, "spnego-bench: --ir: %lu of %lu runs failed (shown as -)\n",
                    (unsigned long)failed, (unsigned long)num_jobs);
        }
    }
    free(jobs);
    free(peer_names);
    return have_valgrind ? 0 : -1;
}

static void ir_print_pair(FILE *out, double ir, double op_ir)
{
    if (ir > 0 && op_ir > 0) {
        fprintf(out, " %11.1f %6.2f", ir, op_ir / ir);
    } else if (ir > 0) {
        fprintf(out, " %11.1f %6s", ir, "-");
    } else {
        fprintf(out, " %11s %6s", "-", "-");
    }
}

static void ir_print_row(FILE *out, const struct bench_row *row)
{
    unsigned b;

    fprintf(out, "%-26s %8lu %10.1f %6lu", row->name, (unsigned long)row->c.token_len,
            row->r.median_ns, row->ir_iters);
    if (row->r.ir > 0) {
        fprintf(out, " %11.1f", row->r.ir);
    } else {
        fprintf(out, " %11s", "-");
    }
    for (b = 0; b < BENCH_NUM_BASE; b++) {
        fprintf(out, " |");
        ir_print_pair(out, row->rb[b].ir, row->r.ir);
    }
    if (ir_state.peer_bin != NULL) { /* ratio the other way: peer / ours */
        if (row->peer_ir > 0 && row->r.ir > 0) {
            fprintf(out, " | %11.1f %7.2f", row->peer_ir, row->peer_ir / row->r.ir);
        } else {
            fprintf(out, " | %11s %7s", "-", "-");
        }
    }
    fprintf(out, "\n");
}

void bench_ir_print_text(FILE *out, const struct bench_row *rows, size_t num_rows)
{
    const struct bench_row *noop = NULL;
    size_t i;
    size_t j;
    size_t k;

    if (!ir_state.ran) {
        return;
    }
    fprintf(out, "\nInstructions per operation (%s, callgrind Ir inside bench_run_loop "
                 "/ iters; median ns from the timed run above)\n",
            ir_state.valgrind);
    fprintf(out, "%-26s %8s %10s %6s %11s |%12s %6s |%12s %6s |%12s %6s", "operation",
            "token B", "median ns", "iters", "Ir/op", "floorA Ir", "op/fA", "floorT Ir",
            "op/fT", "tasn1 Ir", "op/ta");
    if (ir_state.peer_bin != NULL) {
        fprintf(out, " |%12s %7s", "2002 Ir", "2002/op");
    }
    fprintf(out, "\n");
    for (i = 0; i < num_rows; i++) {
        int seen = 0;
        if (rows[i].op == bench_op_noop) {
            noop = &rows[i];
        }
        for (k = 0; k < i; k++) {
            seen |= strcmp(rows[k].group, rows[i].group) == 0;
        }
        for (j = i; j < num_rows && !seen; j++) {
            if (strcmp(rows[j].group, rows[i].group) == 0 && rows[j].r.done) {
                ir_print_row(out, &rows[j]);
            }
        }
    }
    if (noop != NULL && noop->r.ir > 0) {
        fprintf(out, "Every Ir/op includes the loop and its indirect call, %.1f Ir per "
                     "iteration (noop/-); nothing is subtracted.\n",
                noop->r.ir);
    }
    if (ir_state.peer_bin != NULL) {
        fprintf(out, "2002 Ir: %s, same row names; 2002/op above 1: libspnego runs fewer "
                     "instructions.\n",
                ir_state.peer_bin);
    }
}

void bench_ir_print_json_meta(FILE *out)
{
    if (ir_state.ran) {
        fprintf(out, "  \"ir\": {\"valgrind\": \"%s\", \"peer_bin\": \"%s\", "
                     "\"includes_loop\": true},\n",
                ir_state.valgrind, ir_state.peer_bin != NULL ? ir_state.peer_bin : "");
    }
}

void bench_ir_print_json_row(FILE *out, const struct bench_row *row)
{
    unsigned b;

    if (!ir_state.ran) {
        return;
    }
    fprintf(out, ",\n      \"ir\": {\"iters\": %lu", row->ir_iters);
    if (row->r.ir > 0) {
        fprintf(out, ", \"op\": %.1f", row->r.ir);
    }
    for (b = 0; b < BENCH_NUM_BASE; b++) {
        if (row->rb[b].ir > 0) {
            fprintf(out, ", \"%s\": %.1f", row->base_name[b], row->rb[b].ir);
            if (row->r.ir > 0) {
                fprintf(out, ", \"ratio_%s\": %.3f", row->base_name[b],
                        row->r.ir / row->rb[b].ir);
            }
        }
    }
    if (row->peer_ir > 0) {
        fprintf(out, ", \"peer\": %.1f", row->peer_ir);
        if (row->r.ir > 0) {
            fprintf(out, ", \"ratio_peer_to_op\": %.3f", row->peer_ir / row->r.ir);
        }
    }
    fprintf(out, "}");
}

void bench_ir_self(const char *argv0, char *out, size_t out_len)
{
    ssize_t n = readlink("/proc/self/exe", out, out_len - 1);

    if (n > 0 && (size_t)n < out_len - 1) {
        out[n] = '\0';
    } else {
        snprintf(out, out_len, "%s", argv0);
    }
}
