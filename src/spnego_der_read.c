/*
 * spnego_der_read.c - L0: bounds-checked DER reader.
 *
 * Every function either succeeds and advances the view past what it read,
 * or fails and leaves the view untouched. No pointer is formed past the
 * end of the view: lengths are compared with what remains.
 */
#include "spnego_der.h"

#include <stdint.h>
#include <string.h>

void spnego_der_view_init(struct spnego_der_view *view,
                          const unsigned char *data, size_t len)
{
    view->data = data;
    view->len = len;
}

int spnego_der_peek_tag(const struct spnego_der_view *view, unsigned *out_tag)
{
    if (view->len == 0) {
        return 0;
    }
    *out_tag = view->data[0];
    return 1;
}

/*
 * X.690 8.19.2: each subidentifier is base-128, high bit set on every
 * octet but its last, and the first octet of a subidentifier is not 0x80
 * (that would be a leading zero digit).
 *
 * So an OID is broken when its first octet is 0x80, its last octet has
 * the high bit, or an octet 0x80 follows an octet without it. The pairs
 * are tested eight at a time: `cur` holds octets i..i+7 and `prev` octets
 * i-1..i+6, both loaded the same way, so lane k of each holds neighbours
 * whatever the byte order of the host. A lane of cur ^ 0x80.. is zero
 * exactly where the octet is 0x80; the zero test below is exact per lane
 * (no carry crosses lanes because each lane's high bit is cleared first).
 */
enum spnego_der_status spnego_der_check_oid(const unsigned char *oid,
                                            size_t oid_len)
{
    static const uint64_t high = 0x8080808080808080u;
    static const uint64_t low = 0x7F7F7F7F7F7F7F7Fu;
    uint64_t bad = 0;
    size_t i = 1;

    if (oid_len == 0 || oid[0] == 0x80u || (oid[oid_len - 1] & 0x80u) != 0) {
        return SPNEGO_DER_BAD_OID;
    }
    for (; oid_len - i >= 8; i += 8) {
        uint64_t prev;
        uint64_t cur;
        uint64_t x;

        memcpy(&prev, oid + i - 1, sizeof(prev));
        memcpy(&cur, oid + i, sizeof(cur));
        x = cur ^ high;
        bad |= ~(((x & low) + low) | x) & ~prev & high;
    }
    for (; i < oid_len; i++) {
        bad |= (uint64_t)(oid[i] == 0x80u && (oid[i - 1] & 0x80u) == 0);
    }
    return bad != 0 ? SPNEGO_DER_BAD_OID : SPNEGO_DER_OK;
}

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
