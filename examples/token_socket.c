/*
 * token_socket.c - loopback TCP and length-framed tokens for the sign pair.
 * Not part of the library. See token_socket.h.
 */
#define _POSIX_C_SOURCE 200809L

#include "token_socket.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static struct sockaddr_in loopback(unsigned short port)
{
    struct sockaddr_in sa;

    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* never another address */
    return sa;
}

/* A peer that stops talking must not hold the program forever. */
static void set_timeout(int fd)
{
    struct timeval tv;

    tv.tv_sec = TOKEN_SOCKET_TIMEOUT;
    tv.tv_usec = 0;
    (void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, (socklen_t)sizeof(tv));
    (void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, (socklen_t)sizeof(tv));
}

int token_listen(unsigned short port, const char *port_file)
{
    struct sockaddr_in sa = loopback(port);
    socklen_t sa_len = (socklen_t)sizeof(sa);
    char tmp[4096];
    FILE *f;
    int fd, on = 1;

    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, (socklen_t)sizeof(on));
    if (bind(fd, (struct sockaddr *)&sa, sa_len) != 0 || listen(fd, 16) != 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &sa_len) != 0) {
        perror("listen on 127.0.0.1");
        close(fd);
        return -1;
    }
    fprintf(stderr, "listening on 127.0.0.1:%u\n", (unsigned)ntohs(sa.sin_port));
    if (port_file == NULL)
        return fd;
    /* Written under another name then renamed: readers never see half. */
    if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", port_file) < sizeof(tmp) &&
        (f = fopen(tmp, "w")) != NULL) {
        fprintf(f, "%u\n", (unsigned)ntohs(sa.sin_port));
        if (fclose(f) == 0 && rename(tmp, port_file) == 0)
            return fd;
    }
    perror(port_file);
    close(fd);
    return -1;
}

int token_accept(int listen_fd)
{
    int fd;

    do
        fd = accept(listen_fd, NULL, NULL);
    while (fd < 0 && errno == EINTR);
    if (fd >= 0)
        set_timeout(fd);
    return fd;
}

int token_connect(unsigned short port)
{
    struct sockaddr_in sa = loopback(port);
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, (socklen_t)sizeof(sa)) == 0) {
        set_timeout(fd);
        return fd;
    }
    perror("connect to 127.0.0.1");
    if (fd >= 0)
        close(fd);
    return -1;
}

static int io_all(int fd, unsigned char *p, size_t len, int writing)
{
    while (len > 0) {
        ssize_t n = writing ? write(fd, p, len) : read(fd, p, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int token_send(int fd, const void *data, size_t len)
{
    unsigned char hdr[4];

    if (len > TOKEN_SOCKET_MAX) /* the peer would refuse it */
        return -1;
    hdr[0] = (unsigned char)(len >> 24);
    hdr[1] = (unsigned char)(len >> 16);
    hdr[2] = (unsigned char)(len >> 8);
    hdr[3] = (unsigned char)len;
    if (io_all(fd, hdr, 4, 1) != 0)
        return -1;
    return io_all(fd, (unsigned char *)(size_t)data, len, 1);
}

int token_recv(int fd, unsigned char **out_data, size_t *out_len)
{
    unsigned char hdr[4];
    size_t len;

    *out_data = NULL;
    *out_len = 0;
    if (io_all(fd, hdr, 4, 0) != 0)
        return -1;
    len = ((size_t)hdr[0] << 24) | ((size_t)hdr[1] << 16) |
          ((size_t)hdr[2] << 8) | hdr[3];
    if (len > TOKEN_SOCKET_MAX || (*out_data = malloc(len + 1)) == NULL)
        return -1;
    if (io_all(fd, *out_data, len, 0) != 0) {
        free(*out_data);
        *out_data = NULL;
        return -1;
    }
    *out_len = len;
    return 0;
}
