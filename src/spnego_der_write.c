/*
 * spnego_der_write.c - L0: the reverse DER writer.
 *
 * The size and put functions are inline in spnego_der.h (one call each
 * per element of every token built); what is left here runs once per
 * token.
 */
#include "spnego_der.h"

void spnego_der_writer_init(struct spnego_der_writer *w, unsigned char *buf,
                            size_t buf_len)
{
    w->start = buf;
    w->pos = buf + buf_len;
}
