/*
 * fuzz_dissect.c - the `spnego dump` inner token dissectors (Kerberos,
 * NTLM, NegoEx; examples/spnego_dissect*.c) on any bytes.
 *
 * The input is dissected as a raw inner token and, when it parses as
 * SPNEGO, its mechToken / responseToken is dissected too, each from an
 * exact-size heap copy (ASan sees any over-read). Invariants: every field
 * reported lies inside the inner token (offset, length and value bytes);
 * an error offset lies inside it or at its end; both printers run.
 *
 * The replay program (ctest: fuzz.fuzz_dissect.replay) also feeds every
 * truncation of every inner token: each must dissect without a crash and
 * report an error with its offset, unless it ends exactly between two
 * NegoEx messages (a shorter stream is still a valid one).
 */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spnego.h"
#include "spnego_dissect.h"

/* Bounds of the inner token, for the field check. */
struct fd_bounds {
    const unsigned char *lo;
    const unsigned char *hi;
    size_t num_fields;
};

static void fd_check(void *arg, const struct dis_field *f)
{
    struct fd_bounds *b = (struct fd_bounds *)arg;
    const unsigned char *at;

    FUZZ_CHECK(f->id != NULL && f->label != NULL);
    FUZZ_CHECK(f->depth >= 0 && f->depth < 32);
    at = b->lo + f->off; /* off counts from base == lo here */
    FUZZ_CHECK(f->off <= (size_t)(b->hi - b->lo));
    FUZZ_CHECK(f->len <= (size_t)(b->hi - at));
    if (f->type == DIS_ERROR) {
        FUZZ_CHECK(f->sym != NULL);
    }
    if (f->bytes != NULL) {
        FUZZ_CHECK(f->bytes >= b->lo && f->bytes <= b->hi);
        FUZZ_CHECK(f->bytes_len <= (size_t)(b->hi - f->bytes));
    }
    b->num_fields++;
}

/* Dissects p[0..len) (an exact-size block); returns 1 when recognised and
 * *out_failed says whether an error was reported. */
static int fd_run(const unsigned char *p, size_t len, int *out_failed)
{
    struct dis_ctx c;
    struct fd_bounds b;
    int known;

    memset(&c, 0, sizeof(c));
    b.lo = p;
    b.hi = p + len;
    b.num_fields = 0;
    c.base = p;
    c.sink.field = fd_check;
    c.sink.arg = &b;
    c.allow_negoex = 1;
    known = dis_inner(&c, p, len);
    if (c.failed) {
        FUZZ_CHECK(known);
        FUZZ_CHECK(c.err_off <= len);
        FUZZ_CHECK(c.err_msg != NULL);
    }
    if (!known) {
        FUZZ_CHECK(b.num_fields == 0);
    }
    *out_failed = c.failed;
    return known;
}

/* Both printers, into a scratch file. */
static void fd_print(const unsigned char *p, size_t len)
{
    static FILE *scratch;

    if (scratch == NULL) {
        scratch = tmpfile();
        if (scratch == NULL) {
            return;
        }
    }
    rewind(scratch);
    dis_print_text(scratch, p, p, len, 0);
    dis_print_json(scratch, p, p, len);
}

/* 1 when n is a message boundary of a NegoEx stream p[0..len). */
static int fd_negoex_boundary(const unsigned char *p, size_t len, size_t n)
{
    size_t pos = 0;

    while (pos < n && len - pos >= 24) {
        unsigned long m = dis_le32(p + pos + 20);
        if (m < 40 || m > len - pos) {
            return 0;
        }
        pos += (size_t)m;
    }
    return pos == n;
}

static void fd_one(const unsigned char *data, size_t len, int prefixes)
{
    unsigned char *copy = fuzz_dup(data, len);
    int failed = 0;
    int known = fd_run(copy, len, &failed);
    size_t n;

    fd_print(copy, len);
    if (prefixes && known && !failed) {
        for (n = 0; n < len; n++) {
            unsigned char *pre = fuzz_dup(data, n);
            int pre_failed = 0;
            int pre_known = fd_run(pre, n, &pre_failed);
            if (pre_known && !pre_failed &&
                !(len >= 8 && memcmp(data, "NEGOEXTS", 8) == 0 &&
                  fd_negoex_boundary(data, len, n))) {
                fprintf(stderr, "fuzz_dissect: prefix of %lu/%lu bytes dissects without error\n",
                        (unsigned long)n, (unsigned long)len);
                fuzz_fail(__FILE__, __LINE__, "a truncated inner token reports its error");
            }
            fd_print(pre, n);
            free(pre);
        }
    }
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    const unsigned char *mt;
    unsigned long mt_len;
    int prefixes = 0;

#ifdef SPNEGO_FUZZ_REPLAY
    prefixes = 1;
#endif
    fd_one(data, size, 0);
    if (size > 0 && spnegoInitFromBinaryEx(data, (unsigned long)size, SPNEGO_PARSE_NOCOPY, &h) ==
                        SPNEGO_E_SUCCESS) {
        if (spnegoGetMechTokenPtr(h, &mt, &mt_len) == SPNEGO_E_SUCCESS) {
            fd_one(mt, (size_t)mt_len, prefixes);
        }
        spnegoFreeData(h);
    }
    return 0;
}
