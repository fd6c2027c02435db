/*
 * spnego_der_write.c - L0: the reverse DER writer.
 *
 * The size and put functions are inline in spnego_der.h (one call each
 * per element of every token built); what is left here runs once per
 * long-form header of 64 KiB or more.
 */
#include "spnego_der.h"

enum spnego_der_status spnego_der_put_header_long(struct spnego_der_writer *w,
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
    *--w->pos = (unsigned char)tag;
    return SPNEGO_DER_OK;
}
