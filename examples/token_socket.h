/*
 * token_socket.h - loopback TCP for the sign-server / sign-client pair:
 * listen, connect, and tokens framed with a 4-byte big-endian length (the
 * framing of the GSS-API guide's gss-server / gss-client). Not part of the
 * library; the HTTP examples need none of it (their HTTP library does I/O).
 */
#ifndef SPNEGO_EXAMPLES_TOKEN_SOCKET_H
#define SPNEGO_EXAMPLES_TOKEN_SOCKET_H

#include <stddef.h>

#define TOKEN_SOCKET_MAX (64UL * 1024UL) /* largest token we receive */
#define TOKEN_SOCKET_TIMEOUT 10          /* seconds per read or write */

/* Listens on 127.0.0.1:port (0: any free port); when port_file is not
 * NULL, writes the bound port there (for scripts). Returns the socket or
 * -1 after printing why. */
int token_listen(unsigned short port, const char *port_file);

/* Accepts one client (with the read/write timeout set). -1 on error. */
int token_accept(int listen_fd);

/* Connects to 127.0.0.1:port. -1 after printing why. */
int token_connect(unsigned short port);

/* Sends len bytes with their length in front. 0 or -1. */
int token_send(int fd, const void *data, size_t len);

/* Receives one framed token into a malloc'd buffer (free() it). 0 or -1
 * (closed, timed out, or longer than TOKEN_SOCKET_MAX). */
int token_recv(int fd, unsigned char **out_data, size_t *out_len);

#endif /* SPNEGO_EXAMPLES_TOKEN_SOCKET_H */
