/*
 * spnego_der_read.c - L0: bounds-checked DER reader.
 *
 * Every function either succeeds and advances the view past what it read,
 * or fails and leaves the view untouched. No pointer is formed past the
 * end of the view: lengths are compared with what remains.
 */
#include "spnego_der.h"

#include <stdint.h>

/* X.690 8.3.2 (INTEGER) and 8.4 (ENUMERATED): two's complement, at least
 * one octet, the first nine bits not all equal. */
enum spnego_der_status spnego_der_parse_small_int(const struct spnego_der_view *content,
                                                  long *out_value)
{
    const unsigned char *p = content->data;
    size_t i;
    unsigned long acc;

    if (content->len == 0 || content->len > 4) {
        return SPNEGO_DER_BAD_VALUE;
    }
    if (content->len > 1 && ((p[0] == 0x00u && (p[1] & 0x80u) == 0) ||
                             (p[0] == 0xFFu && (p[1] & 0x80u) != 0))) {
        return SPNEGO_DER_NOT_MINIMAL;
    }
    acc = (p[0] & 0x80u) ? 0xFFFFFFFFUL : 0;
    for (i = 0; i < content->len; i++) {
        acc = ((acc << 8) | p[i]) & 0xFFFFFFFFUL;
    }
    /* Sign-extend from 32 bits without relying on implementation-defined
     * conversion of out-of-range unsigned values. */
    if (acc & 0x80000000UL) {
        *out_value = -(long)(0xFFFFFFFFUL - acc) - 1;
    } else {
        *out_value = (long)acc;
    }
    return SPNEGO_DER_OK;
}

/* X.690 8.6.2: the first content octet counts unused bits (0..7) in the
 * last octet, and is 0 when there are no further octets. 11.2.1: unused
 * bits are zero. 11.2.2: a named bit list drops trailing zero bits, which
 * is what "minimal" reports. */
enum spnego_der_status spnego_der_parse_bit_string(const struct spnego_der_view *content,
                                                   unsigned char *out_first,
                                                   int *out_minimal)
{
    const unsigned char *p = content->data;
    unsigned unused;
    unsigned char last;
    unsigned char pad_mask;

    if (content->len == 0) {
        return SPNEGO_DER_BAD_VALUE;
    }
    unused = p[0];
    if (unused > 7) {
        return SPNEGO_DER_BAD_VALUE;
    }
    if (content->len == 1) {
        if (unused != 0) {
            return SPNEGO_DER_BAD_VALUE;
        }
        *out_first = 0;
        *out_minimal = 1;
        return SPNEGO_DER_OK;
    }
    last = p[content->len - 1];
    pad_mask = (unsigned char)((1u << unused) - 1u);
    if ((last & pad_mask) != 0) {
        return SPNEGO_DER_BAD_VALUE;
    }
    *out_first = p[1];
    /* Minimal: the last used bit is 1 (so nothing could be trimmed). */
    *out_minimal = (((unsigned)last >> unused) & 1u) != 0;
    return SPNEGO_DER_OK;
}
