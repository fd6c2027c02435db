/*
 * spnego_der.h - L0: a bounds-checked DER reader and a reverse DER writer.
 *
 * This layer knows tags, lengths, OIDs and bounds; it knows nothing of
 * SPNEGO, returns its own small status codes, never allocates and never
 * reads outside the view it is given.
 *
 * Reader: a non-owning view {data, len}. Every get function returns a
 * status and, on failure, leaves the view exactly where it was. Lengths are
 * compared with what remains; p + len is never formed past the end.
 *
 * Writer: the caller computes the exact size with the pure size functions,
 * provides one buffer of that size, and writes backwards from its end
 * (content, then length, then tag). Every put checks room first.
 */
#ifndef SPNEGO_DER_H
#define SPNEGO_DER_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The hot paths of a parse are a few comparisons each; a call around
 * them costs more than the work. These ask the compiler to inline them
 * (and to keep their rare paths out of line) where it knows how; other
 * compilers decide for themselves, with the same results. */
#if defined(__GNUC__) || defined(__clang__)
#define SPNEGO_FORCE_INLINE static inline __attribute__((always_inline))
#define SPNEGO_NOINLINE __attribute__((noinline))
#elif defined(_MSC_VER)
#define SPNEGO_FORCE_INLINE static __forceinline
#define SPNEGO_NOINLINE __declspec(noinline)
#else
#define SPNEGO_FORCE_INLINE static inline
#define SPNEGO_NOINLINE
#endif

/* Universal tags used by SPNEGO (and anything else). */
#define SPNEGO_DER_TAG_BIT_STRING 0x03u
#define SPNEGO_DER_TAG_OCTET_STRING 0x04u
#define SPNEGO_DER_TAG_OID 0x06u
#define SPNEGO_DER_TAG_ENUMERATED 0x0Au
#define SPNEGO_DER_TAG_GENERAL_STRING 0x1Bu
#define SPNEGO_DER_TAG_SEQUENCE 0x30u
/* Class and form bits of the identifier octet. */
#define SPNEGO_DER_CLASS_APPLICATION 0x40u
#define SPNEGO_DER_CLASS_CONTEXT 0x80u
#define SPNEGO_DER_CONSTRUCTED 0x20u
/* [n] EXPLICIT (context-specific, constructed) for small n. */
#define SPNEGO_DER_CONTEXT(n) (SPNEGO_DER_CLASS_CONTEXT | SPNEGO_DER_CONSTRUCTED | (unsigned)(n))

/* Longest length this layer reads or writes: four length octets. */
#define SPNEGO_DER_MAX_LEN 0xFFFFFFFFUL

enum spnego_der_status {
    SPNEGO_DER_OK = 0,
    SPNEGO_DER_TRUNCATED,   /* header or content runs past the view */
    SPNEGO_DER_BAD_LENGTH,  /* indefinite, reserved 0xFF, > 4 octets */
    SPNEGO_DER_HIGH_TAG,    /* tag number >= 31 (multi-octet tag) */
    SPNEGO_DER_WRONG_TAG,   /* a different tag than asked for */
    SPNEGO_DER_BAD_OID,     /* empty, 0x80 lead octet, unterminated */
    SPNEGO_DER_BAD_VALUE,   /* content that breaks its type's rules */
    SPNEGO_DER_NOT_MINIMAL, /* BER but not DER (e.g. 0a 02 00 01) */
    SPNEGO_DER_NO_ROOM      /* writer: buffer too small */
};

struct spnego_der_view {
    const unsigned char *data;
    size_t len;
};

/* One parsed TLV: its tag, the whole element and its contents. */
struct spnego_der_tlv {
    unsigned tag;
    struct spnego_der_view whole;
    struct spnego_der_view content;
    int nonminimal_len; /* the length octets were not the shortest form */
};

/* ---- reader ---- */

static inline void spnego_der_view_init(struct spnego_der_view *view,
                                        const unsigned char *data, size_t len)
{
    view->data = data;
    view->len = len;
}

/* The two TLV readers are the hot path of every parse (one call per
 * element): they are defined here, static inline, so each layer-1 loop
 * compiles them in place instead of calling across files. */

/*
 * spnego_der_get_any: reads the next TLV of any tag. It reads one TLV
 * header and checks its content fits. The rules, by X.690
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
static inline enum spnego_der_status spnego_der_get_any(struct spnego_der_view *view,
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
#if ULONG_MAX > SIZE_MAX
            /* Only where size_t is narrower than unsigned long; elsewhere
             * the test is always false (-Wtype-limits on LLP64). */
            if (acc > SIZE_MAX) {
                return SPNEGO_DER_TRUNCATED;
            }
#endif
            if ((size_t)acc > remaining - header_len) {
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

/* spnego_der_get_tag: reads the next TLV and requires its tag to be `tag`
 * (WRONG_TAG if not; the view does not move). */
static inline enum spnego_der_status spnego_der_get_tag(struct spnego_der_view *view,
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


/* The identifier octet of the next element, without consuming it.
 * Returns 0 when the view is empty. (inline: once per field parsed) */
static inline int spnego_der_peek_tag(const struct spnego_der_view *view,
                                      unsigned *out_tag)
{
    if (view->len == 0) {
        return 0;
    }
    *out_tag = view->data[0];
    return 1;
}

/*
 * Checks OID content bytes (inline: once per OID of every token parsed).
 * X.690 8.19.2: each subidentifier is base-128, high bit set on every
 * octet but its last, and the first octet of a subidentifier is not 0x80
 * (that would be a leading zero digit).
 *
 * So an OID is broken when its first octet is 0x80, its last octet has
 * the high bit, or an octet 0x80 follows an octet without it. The pairs
 * are tested eight at a time: spnego_der_oid_window() loads octets k..k+7
 * and k+1..k+8 the same way, so lane j of each holds neighbours whatever
 * the byte order of the host. A lane of cur ^ 0x80.. is zero exactly where
 * the octet is 0x80; the zero test is exact per lane (no carry crosses
 * lanes because each lane's high bit is cleared first).
 */
static inline uint64_t spnego_der_oid_window(const unsigned char *p)
{
    const uint64_t high = 0x8080808080808080u;
    const uint64_t low = 0x7F7F7F7F7F7F7F7Fu;
    uint64_t prev;
    uint64_t cur;
    uint64_t x;

    memcpy(&prev, p, sizeof(prev));
    memcpy(&cur, p + 1, sizeof(cur));
    x = cur ^ high;
    return ~(((x & low) + low) | x) & ~prev & high;
}

static inline enum spnego_der_status spnego_der_check_oid(const unsigned char *oid,
                                                          size_t oid_len)
{
    uint64_t bad = 0;
    size_t i;

    if (oid_len == 0 || oid[0] == 0x80u || (oid[oid_len - 1] & 0x80u) != 0) {
        return SPNEGO_DER_BAD_OID;
    }
    if (oid_len >= 9) {
        /* Windows at 0, 8, ... then one ending at the last octet (it may
         * overlap the one before): every pair is tested at least once. */
        for (i = 0; i + 9 < oid_len; i += 8) {
            bad |= spnego_der_oid_window(oid + i);
        }
        bad |= spnego_der_oid_window(oid + oid_len - 9);
    } else {
        for (i = 1; i < oid_len; i++) {
            bad |= (uint64_t)(oid[i] == 0x80u && (oid[i - 1] & 0x80u) == 0);
        }
    }
    return bad != 0 ? SPNEGO_DER_BAD_OID : SPNEGO_DER_OK;
}

/* Decodes ENUMERATED or INTEGER content: minimal two's complement of at
 * most 4 octets (BAD_VALUE when empty or wider, NOT_MINIMAL when padded). */
enum spnego_der_status spnego_der_parse_small_int(const struct spnego_der_view *content,
                                                  long *out_value);

/*
 * Checks BIT STRING content: unused-bits octet 0..7, 0 when no data
 * octets, padding bits zero. *out_minimal tells whether it is the DER form
 * of a named bit list (no trailing zero bits). *out_first is the first
 * data octet (0 when none).
 */
enum spnego_der_status spnego_der_parse_bit_string(const struct spnego_der_view *content,
                                                   unsigned char *out_first,
                                                   int *out_minimal);

/* ---- sizes ---- */

/* The size and write functions are a few instructions each and run once
 * per element of every token built: they are defined here, inline. */

/* a + b into *out; 0 on overflow. */
static inline int spnego_der_add(size_t a, size_t b, size_t *out)
{
    if (a > (size_t)-1 - b) {
        return 0;
    }
    *out = a + b;
    return 1;
}

/* Octets of the length field for content_len (1..5). */
static inline size_t spnego_der_len_size(size_t content_len)
{
    if (content_len < 0x80u) {
        return 1;
    }
    if (content_len <= 0xFFu) {
        return 2;
    }
    if (content_len <= 0xFFFFu) {
        return 3;
    }
    if (content_len <= 0xFFFFFFu) {
        return 4;
    }
    return 5;
}

/* Size of a single-octet-tag TLV around content_len bytes into *out;
 * 0 if content_len exceeds SPNEGO_DER_MAX_LEN or the sum overflows. */
static inline int spnego_der_tlv_size(size_t content_len, size_t *out)
{
    if (content_len < 0x80u) {
        *out = content_len + 2; /* the common case: one length octet */
        return 1;
    }
    if (content_len > SPNEGO_DER_MAX_LEN) {
        return 0;
    }
    return spnego_der_add(content_len, 1 + spnego_der_len_size(content_len), out);
}

/* ---- writer ---- */

/*
 * Writing backwards means a TLV's length is known when its header is
 * written, so the caller never has to reserve or move bytes. The caller
 * sizes the buffer exactly with spnego_der_tlv_size(); every put still
 * checks room so a sizing bug becomes an error, never an overflow.
 */
struct spnego_der_writer {
    unsigned char *start; /* first byte of the buffer */
    unsigned char *pos;   /* first written byte; moves toward start */
};

static inline void spnego_der_writer_init(struct spnego_der_writer *w, unsigned char *buf,
                                          size_t buf_len)
{
    w->start = buf;
    w->pos = buf + buf_len;
}

/* Bytes still free in front of what was written (0 when the buffer was
 * sized exactly and the write is complete). */
static inline size_t spnego_der_writer_room(const struct spnego_der_writer *w)
{
    return (size_t)(w->pos - w->start);
}

/* Each put writes in front of what was already written. */
static inline enum spnego_der_status spnego_der_put_raw(struct spnego_der_writer *w,
                                                        const unsigned char *data,
                                                        size_t len)
{
    if (spnego_der_writer_room(w) < len) {
        return SPNEGO_DER_NO_ROOM;
    }
    if (len > 0) {
        w->pos -= len;
        memcpy(w->pos, data, len);
    }
    return SPNEGO_DER_OK;
}

static inline enum spnego_der_status spnego_der_put_byte(struct spnego_der_writer *w,
                                                         unsigned char byte)
{
    if (w->pos == w->start) {
        return SPNEGO_DER_NO_ROOM;
    }
    w->pos--;
    *w->pos = byte;
    return SPNEGO_DER_OK;
}

/* Minimal DER length octets; BAD_LENGTH beyond SPNEGO_DER_MAX_LEN. */
static inline enum spnego_der_status spnego_der_put_len(struct spnego_der_writer *w,
                                                        size_t len)
{
    size_t len_size = spnego_der_len_size(len);
    size_t i;

    if (len > SPNEGO_DER_MAX_LEN) {
        return SPNEGO_DER_BAD_LENGTH;
    }
    if (spnego_der_writer_room(w) < len_size) {
        return SPNEGO_DER_NO_ROOM;
    }
    if (len_size == 1) {
        *--w->pos = (unsigned char)len;
        return SPNEGO_DER_OK;
    }
    /* Long form: big-endian octets assembled by shifting, then the count. */
    for (i = 1; i < len_size; i++) {
        *--w->pos = (unsigned char)(len & 0xFFu);
        len >>= 8;
    }
    *--w->pos = (unsigned char)(0x80u | (len_size - 1));
    return SPNEGO_DER_OK;
}

/* The long-form case of spnego_der_put_header() (spnego_der_write.c). */
enum spnego_der_status spnego_der_put_header_long(struct spnego_der_writer *w,
                                                  unsigned tag, size_t content_len);

/* Length then tag, for content_len bytes already written. Headers of up
 * to three octets (lengths below 64 KiB) are stored after one room check;
 * longer ones take spnego_der_put_header_long(). */
static inline enum spnego_der_status spnego_der_put_header(struct spnego_der_writer *w,
                                                           unsigned tag,
                                                           size_t content_len)
{
    size_t room = spnego_der_writer_room(w);
    unsigned char *p = w->pos;

    if (content_len < 0x80u) {
        if (room < 2) {
            return SPNEGO_DER_NO_ROOM;
        }
        p -= 2;
        p[1] = (unsigned char)content_len;
    } else if (content_len <= 0xFFu) {
        if (room < 3) {
            return SPNEGO_DER_NO_ROOM;
        }
        p -= 3;
        p[1] = 0x81u;
        p[2] = (unsigned char)content_len;
    } else if (content_len <= 0xFFFFu) {
        if (room < 4) {
            return SPNEGO_DER_NO_ROOM;
        }
        p -= 4;
        p[1] = 0x82u;
        p[2] = (unsigned char)(content_len >> 8);
        p[3] = (unsigned char)(content_len & 0xFFu);
    } else {
        return spnego_der_put_header_long(w, tag, content_len);
    }
    p[0] = (unsigned char)tag;
    w->pos = p;
    return SPNEGO_DER_OK;
}

#endif /* SPNEGO_DER_H */
