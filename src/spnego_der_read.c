/*
 * spnego_der_read.c - L0: bounds-checked DER reader.
 *
 * Every function either succeeds and advances the view past what it read,
 * or fails and leaves the view untouched. No pointer is formed past the
 * end of the view: lengths are compared with what remains.
 */
#include "spnego_der.h"

#include <stdint.h>

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
 * Reads one TLV header and checks its content fits. The rules, by X.690
 * clause:
 *  - 8.1.2.4: tag numbers >= 31 use further identifier octets. SPNEGO has
 *    none, and reading one as a single octet would misread [31] as
 *    something else, so refuse it.
 *  - 8.1.3.6: 0x80 is the indefinite form, BER only (10.1 forbids it).
 *  - 8.1.3.5 c): 0xFF is reserved.
 *  - more than 4 length octets cannot describe a length we can hold on
 *    every platform, and is never minimal for one that fits.
 *  - 10.1: the long form for lengths < 128, or leading zero octets, is not
 *    minimal; it is reported (not refused) so the caller applies policy.
 */
enum spnego_der_status spnego_der_get_any(struct spnego_der_view *view,
                                          struct spnego_der_tlv *out_tlv)
{
    size_t remaining = view->len;
    const unsigned char *p = view->data;
    size_t header_len;
    size_t content_len = 0;
    unsigned first_len;
    int nonminimal = 0;

    if (remaining < 2) {
        return SPNEGO_DER_TRUNCATED;
    }
    if ((p[0] & 0x1Fu) == 0x1Fu) {
        return SPNEGO_DER_HIGH_TAG;
    }
    first_len = p[1];
    if (first_len < 0x80u) {
        content_len = first_len;
        header_len = 2;
    } else if (first_len == 0x80u || first_len == 0xFFu) {
        return SPNEGO_DER_BAD_LENGTH;
    } else {
        size_t num_octets = first_len & 0x7Fu;
        size_t i;
        if (num_octets > 4) {
            return SPNEGO_DER_BAD_LENGTH;
        }
        if (remaining - 2 < num_octets) {
            return SPNEGO_DER_TRUNCATED;
        }
        /* Assembled byte by byte: byte order of the host never matters.
         * Four octets fit in 32 bits; compare with what remains before
         * treating it as a size so a 32-bit size_t cannot wrap. */
        {
            unsigned long acc = 0;
            for (i = 0; i < num_octets; i++) {
                acc = (acc << 8) | p[2 + i];
            }
            if (p[2] == 0 || acc < 0x80UL) {
                nonminimal = 1;
            }
            header_len = 2 + num_octets;
            if (acc > SIZE_MAX || (size_t)acc > remaining - header_len) {
                return SPNEGO_DER_TRUNCATED;
            }
            content_len = (size_t)acc;
        }
    }
    if (content_len > remaining - header_len) {
        return SPNEGO_DER_TRUNCATED;
    }
    out_tlv->tag = p[0];
    out_tlv->whole.data = p;
    out_tlv->whole.len = header_len + content_len;
    out_tlv->content.data = p + header_len;
    out_tlv->content.len = content_len;
    out_tlv->nonminimal_len = nonminimal;
    view->data = p + header_len + content_len;
    view->len = remaining - header_len - content_len;
    return SPNEGO_DER_OK;
}

enum spnego_der_status spnego_der_get_tag(struct spnego_der_view *view,
                                          unsigned tag,
                                          struct spnego_der_tlv *out_tlv)
{
    if (view->len > 0 && view->data[0] != tag) {
        /* A wrong tag is the more useful report, even when the length is
         * broken too. A high tag number is still reported as such. */
        if ((view->data[0] & 0x1Fu) == 0x1Fu) {
            return SPNEGO_DER_HIGH_TAG;
        }
        return SPNEGO_DER_WRONG_TAG;
    }
    /* spnego_der_get_any() moves the view and fills out_tlv only on
     * success, so no copy is needed here. */
    return spnego_der_get_any(view, out_tlv);
}

/* X.690 8.19.2: each subidentifier is base-128, high bit set on every
 * octet but its last, and the first octet of a subidentifier is not 0x80
 * (that would be a leading zero digit). */
enum spnego_der_status spnego_der_check_oid(const unsigned char *oid,
                                            size_t oid_len)
{
    size_t i;
    int at_start = 1;

    if (oid_len == 0) {
        return SPNEGO_DER_BAD_OID;
    }
    for (i = 0; i < oid_len; i++) {
        if (at_start && oid[i] == 0x80u) {
            return SPNEGO_DER_BAD_OID;
        }
        at_start = (oid[i] & 0x80u) == 0;
    }
    if (!at_start) {
        return SPNEGO_DER_BAD_OID;
    }
    return SPNEGO_DER_OK;
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
