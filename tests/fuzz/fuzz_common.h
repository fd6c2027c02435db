/*
 * fuzz_common.h - shared declarations of the libspnego fuzz targets.
 *
 * Every target defines LLVMFuzzerTestOneInput(). It is linked either with
 * libFuzzer (the <target>_fuzzer programs, built only with
 * -DSPNEGO_FUZZ_LIBFUZZER=ON by scripts/ci/fuzz.sh) or with replay_main.c
 * (the <target>_replay programs, built by any C99 compiler and run by
 * ctest over the seed corpus). A broken invariant calls abort(), which
 * both drivers report as a failure.
 */
#ifndef SPNEGO_FUZZ_COMMON_H
#define SPNEGO_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "spnego.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reports the broken invariant on stderr and aborts: libFuzzer then saves
 * the input, and the replay program fails its ctest. */
void fuzz_fail(const char *file, int line, const char *what);

#define FUZZ_CHECK(cond)                                                     \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fuzz_fail(__FILE__, __LINE__, #cond);                            \
        }                                                                    \
    } while (0)

/* Prints bytes as hex on stderr (for mismatch reports). */
void fuzz_dump(const char *label, const unsigned char *p, size_t len);

/* An exact-size heap copy (len 0 gives a 1-byte block), so ASan sees any
 * read past the end; aborts when out of memory. */
unsigned char *fuzz_dup(const unsigned char *p, size_t len);

/* A fresh block of len bytes (len 0 gives a 1-byte block) filled with
 * 0xEE; aborts when out of memory. */
unsigned char *fuzz_alloc(size_t len);

/* Compares a successfully built handle with a fresh parse of its own bytes
 * through every public getter (tests/check_built.h) and aborts on the
 * first difference, with the bytes dumped. The replay programs link the
 * ordinary library, whose builders skip the SPNEGO_CHECK_BUILD_SPANS
 * comparison; this one runs in every build. */
void fuzz_check_built(SPNEGO_TOKEN_HANDLE built);

/* Aborts when a builder returned SPNEGO_E_PARSE_FAILED: its size and write
 * passes disagreed, or (SPNEGO_CHECK_BUILD_SPANS) the index of the write
 * pass differs from a parse. Builders return it for nothing else. */
void fuzz_check_build_rc(int rc);

/* A byte-by-byte reader of the fuzzer input, for targets that derive
 * parameters from it. Reading past the end yields zeros / nothing. */
struct fuzz_input {
    const uint8_t *data;
    size_t len;
};

unsigned fuzz_byte(struct fuzz_input *in);

/* Takes up to want bytes; *out_len is how many were available. */
const uint8_t *fuzz_take(struct fuzz_input *in, size_t want, size_t *out_len);

#endif /* SPNEGO_FUZZ_COMMON_H */
