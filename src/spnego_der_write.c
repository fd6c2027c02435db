/*
 * spnego_der_write.c - L0: size functions and the reverse DER writer.
 *
 * Writing backwards means a TLV's length is known when its header is
 * written, so the caller never has to reserve or move bytes. The caller
 * sizes the buffer exactly with spnego_der_tlv_size(); every put still
 * checks room so a sizing bug becomes an error, never an overflow.
 */
#include "spnego_der.h"

#include <string.h>

int spnego_der_add(size_t a, size_t b, size_t *out)
{
    if (a > (size_t)-1 - b) {
        return 0;
    }
    *out = a + b;
    return 1;
}

size_t spnego_der_len_size(size_t content_len)
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

int spnego_der_tlv_size(size_t content_len, size_t *out)
{
    if (content_len > SPNEGO_DER_MAX_LEN) {
        return 0;
    }
    return spnego_der_add(content_len, 1 + spnego_der_len_size(content_len),
                          out);
}

void spnego_der_writer_init(struct spnego_der_writer *w, unsigned char *buf,
                            size_t buf_len)
{
    w->start = buf;
    w->pos = buf + buf_len;
}

size_t spnego_der_writer_room(const struct spnego_der_writer *w)
{
    return (size_t)(w->pos - w->start);
}

enum spnego_der_status spnego_der_put_raw(struct spnego_der_writer *w,
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

enum spnego_der_status spnego_der_put_byte(struct spnego_der_writer *w,
                                           unsigned char byte)
{
    if (w->pos == w->start) {
        return SPNEGO_DER_NO_ROOM;
    }
    w->pos--;
    *w->pos = byte;
    return SPNEGO_DER_OK;
}

enum spnego_der_status spnego_der_put_len(struct spnego_der_writer *w,
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

enum spnego_der_status spnego_der_put_header(struct spnego_der_writer *w,
                                             unsigned tag, size_t content_len)
{
    enum spnego_der_status status;

    if (spnego_der_writer_room(w) < 1 + spnego_der_len_size(content_len)) {
        return SPNEGO_DER_NO_ROOM;
    }
    status = spnego_der_put_len(w, content_len);
    if (status != SPNEGO_DER_OK) {
        return status;
    }
    return spnego_der_put_byte(w, (unsigned char)tag);
}
