/*
 * peer_lines.h - the line protocol shared by the out-of-process interop
 * peers (own_peer.c: libspnego + MIT; heimdal_peer.c: libspnego + Heimdal
 * only): one "TAG <base64>" line per token on stdin/stdout, and a private
 * gss-ntlmssp user file. Only the C library and libspnego's base64
 * helpers, so it links into either peer.
 */
#ifndef SPNEGO_INTEROP_PEER_LINES_H
#define SPNEGO_INTEROP_PEER_LINES_H

#include <stddef.h>

/* Longest token a peer takes, and the line that carries it in base64. */
#define PEER_MAX_TOKEN (1024UL * 1024UL)
#define PEER_MAX_LINE (4UL * PEER_MAX_TOKEN / 3UL + 64UL)

/* Reads one line into buf (cap bytes), without its newline; NULL at EOF. */
char *peer_read_line(char *buf, size_t cap);

/* Prints "TAG <base64 of data>" on stdout; 0 or -1. */
int peer_put_b64(const char *tag, const void *data, size_t len);

/* Decodes base64 text into a malloc'ed buffer (free() it); 0, or -1 with
 * *out NULL (bad or empty base64, no memory). */
int peer_get_b64(const char *text, unsigned char **out, size_t *out_len);

/* -ntlm-user DOMAIN:user:password: writes a gss-ntlmssp user file for this
 * process only (in $SPNEGO_REALM_DIR, removed at exit) and points
 * NTLM_USER_FILE at it; 0 or -1. */
int peer_set_user_file(const char *line);

#endif /* SPNEGO_INTEROP_PEER_LINES_H */
