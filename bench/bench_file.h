/*
 * bench_file.h - reading a whole file, for spnego-bench and
 * spnego-bench-2002 alike (no SPNEGO header here: the 2002 program must
 * not see ours).
 */
#ifndef SPNEGO_BENCH_FILE_H
#define SPNEGO_BENCH_FILE_H

#include <stddef.h>

/* The bytes of the file at path (malloc'd, *out_len of them), or NULL
 * when it cannot be read or is empty. */
unsigned char *bench_read_file(const char *path, size_t *out_len);

#endif /* SPNEGO_BENCH_FILE_H */
