/*
 * spnego_oid.c - L1: OIDs as dotted text ("1.2.840.113554.1.2.2").
 *
 * Only the text form has to turn arcs into numbers; everything else in the
 * library compares OIDs by their bytes. Arcs are decoded into 64-bit
 * integers and an arc that does not fit is refused (OID_TOO_LARGE), never
 * truncated into a different OID. Both directions count first (out NULL),
 * then write; the public copy-out wrappers live in spnego.c (L2). Text
 * whose length (with a NUL) would not fit a size_t is TOO_LARGE. The
 * first subidentifier (X * 40 + Y) is itself limited to 64 bits, so under
 * arc 2 the second arc may be at most 2^64 - 81.
 */
#include "spnego_token.h"

#include <stdint.h>
#include <string.h>

#define OID_ARC_MAX UINT64_MAX

/* Decimal digits of v. */
static size_t oid_digits(uint64_t v)
{
    size_t n = 1;

    while (v >= 10) {
        v /= 10;
        n++;
    }
    return n;
}

/* Writes v in decimal at out (exactly oid_digits(v) chars). */
static void oid_put_decimal(char *out, uint64_t v)
{
    size_t n = oid_digits(v);

    while (n > 0) {
        out[--n] = (char)('0' + (int)(v % 10));
        v /= 10;
    }
}

/*
 * Walks the subidentifiers of OID content bytes, emitting arcs (the first
 * subidentifier is split into two arcs, X.690 8.19.4). With out == NULL it
 * only counts the characters. Returns a SPNEGO_E_* code.
 */
static int oid_render(const unsigned char *oid, size_t oid_len, char *out,
                      size_t *out_chars)
{
    size_t i;
    size_t chars = 0;
    uint64_t sub = 0;
    int first = 1;

    for (i = 0; i < oid_len; i++) {
        uint64_t arcs[2];
        size_t num_arcs = 1;
        size_t k;

        if (sub > (OID_ARC_MAX >> 7)) {
            return SPNEGO_E_OID_TOO_LARGE;
        }
        sub = (sub << 7) | (uint64_t)(oid[i] & 0x7Fu);
        if (oid[i] & 0x80u) {
            continue;
        }
        if (first) {
            arcs[0] = sub < 40 ? 0 : (sub < 80 ? 1 : 2);
            arcs[1] = sub - arcs[0] * 40;
            num_arcs = 2;
        } else {
            arcs[0] = sub;
        }
        for (k = 0; k < num_arcs; k++) {
            size_t n = oid_digits(arcs[k]);
            size_t dot = (!first || k > 0) ? 1u : 0u;
            /* The count (and the caller's NUL after it) must not wrap: with
             * a 32-bit size_t, 2^30 one-octet arcs (".127" each) pass
             * SIZE_MAX, and a wrapped size query would let the write pass
             * run past the buffer sized from it. */
            if (n + dot > SIZE_MAX - 1u - chars) {
                return SPNEGO_E_TOO_LARGE;
            }
            if (dot) {
                if (out != NULL) {
                    out[chars] = '.';
                }
                chars++;
            }
            if (out != NULL) {
                oid_put_decimal(out + chars, arcs[k]);
            }
            chars += n;
        }
        first = 0;
        sub = 0;
    }
    *out_chars = chars;
    return SPNEGO_E_SUCCESS;
}

int spnego_oid_to_text(const unsigned char *oid, size_t oid_len, char *out,
                       size_t *out_chars)
{
    if (spnego_der_check_oid(oid, oid_len) != SPNEGO_DER_OK) {
        return SPNEGO_E_INVALID_OID;
    }
    return oid_render(oid, oid_len, out, out_chars);
}

/* Parses one decimal arc: no sign, no leading zero, at least one digit. */
static int oid_parse_arc(const char **p, uint64_t *out)
{
    const char *s = *p;
    uint64_t v = 0;

    if (*s < '0' || *s > '9') {
        return SPNEGO_E_INVALID_OID;
    }
    if (*s == '0' && s[1] >= '0' && s[1] <= '9') {
        return SPNEGO_E_INVALID_OID;
    }
    while (*s >= '0' && *s <= '9') {
        unsigned d = (unsigned)(*s - '0');
        if (v > (OID_ARC_MAX - d) / 10) {
            return SPNEGO_E_OID_TOO_LARGE;
        }
        v = v * 10 + d;
        s++;
    }
    *p = s;
    *out = v;
    return SPNEGO_E_SUCCESS;
}

/* Octets of a base-128 subidentifier. */
static size_t oid_sub_len(uint64_t v)
{
    size_t n = 1;

    while (v >= 0x80u) {
        v >>= 7;
        n++;
    }
    return n;
}

/*
 * Two passes over the text: the first validates and counts octets, the
 * second (out != NULL) writes them.
 */
static int oid_encode(const char *text, unsigned char *out, size_t *out_len)
{
    const char *p = text;
    uint64_t first_arc = 0;
    size_t num_arcs = 0;
    size_t len = 0;
    int rc;

    for (;;) {
        uint64_t arc;
        uint64_t sub;
        size_t n;

        rc = oid_parse_arc(&p, &arc);
        if (rc != SPNEGO_E_SUCCESS) {
            return rc;
        }
        num_arcs++;
        if (num_arcs == 1) {
            if (arc > 2) {
                return SPNEGO_E_INVALID_OID;
            }
            first_arc = arc;
        } else {
            if (num_arcs == 2) {
                if (first_arc < 2 && arc > 39) {
                    return SPNEGO_E_INVALID_OID;
                }
                if (arc > OID_ARC_MAX - first_arc * 40) {
                    return SPNEGO_E_OID_TOO_LARGE;
                }
                sub = first_arc * 40 + arc;
            } else {
                sub = arc;
            }
            n = oid_sub_len(sub);
            if (out != NULL) {
                size_t k;
                for (k = 0; k < n; k++) {
                    unsigned char octet = (unsigned char)((sub >> (7 * (n - 1 - k))) & 0x7Fu);
                    out[len + k] = (unsigned char)(k + 1 < n ? (octet | 0x80u) : octet);
                }
            }
            len += n;
        }
        if (*p == '\0') {
            break;
        }
        if (*p != '.') {
            return SPNEGO_E_INVALID_OID;
        }
        p++;
    }
    if (num_arcs < 2) {
        return SPNEGO_E_INVALID_OID;
    }
    *out_len = len;
    return SPNEGO_E_SUCCESS;
}

int spnego_oid_from_text(const char *text, unsigned char *out, size_t *out_len)
{
    return oid_encode(text, out, out_len);
}
