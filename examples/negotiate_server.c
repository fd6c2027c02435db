/*
 * negotiate_server.c - an HTTP/1.1 server on loopback that protects every
 * path with "Negotiate" (RFC 4559): libspnego does the SPNEGO layer, MIT's
 * raw krb5 GSS-API mechanism the Kerberos part (see gss_common.c).
 *
 *   negotiate-server [-port N] [-portfile FILE] [-once] [-max-requests N]
 *                    [-service HTTP@localhost] [-verbose] [-logfile FILE]
 *
 * The keytab comes from KRB5_KTNAME. -port 0 (the default) binds a free
 * port and writes it to -portfile. -once exits after the first successful
 * authentication (200); -max-requests after N requests of any outcome.
 *
 * Answers: no or non-Negotiate Authorization -> 401 + bare challenge;
 * undecodable base64, non-SPNEGO blob or malformed SPNEGO -> 400; raw
 * NTLMSSP -> 401 (we only speak SPNEGO); no acceptable mechanism or a
 * failed krb5 check -> 401 + NegTokenResp reject; a continuing handshake
 * (request-mic) -> 401 + NegTokenResp on the same connection; success ->
 * 200 + the final NegTokenResp (AP-REP for mutual auth) + "hello <user>".
 * Bad requests never stop the server.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/socket.h>
#include <unistd.h>

#include "gss_common.h"
#include "spnego_http.h"

#define MAX_HEAD (256UL * 1024UL)

struct options {
    unsigned short port;
    const char *port_file;
    const char *service;
    int once;
    long max_requests;
    int verbose;
    FILE *log;
};

struct conn {
    int fd;
    char *buf;
    size_t have;
    int active; /* a handshake is in progress in acc */
    struct gc_peer acc;
};

static void usage(void)
{
    fprintf(stderr,
            "usage: negotiate-server [-port N] [-portfile FILE] [-once]\n"
            "                        [-max-requests N] [-service S]\n"
            "                        [-verbose] [-logfile FILE]\n");
}

static void conn_reset(struct conn *c)
{
    if (c->active)
        gc_peer_release(&c->acc);
    c->active = 0;
}

/* Finds a header value in the head (case-insensitive name). */
static int find_header(const char *head, size_t head_len, const char *name,
                       const char **out_value, size_t *out_len)
{
    size_t name_len = strlen(name);
    const char *p = strstr(head, "\r\n"), *end = head + head_len;

    while (p != NULL && p + 2 < end) {
        const char *line = p + 2, *eol = strstr(line, "\r\n");
        size_t i;

        if (eol == NULL || eol > end)
            break;
        if ((size_t)(eol - line) > name_len && line[name_len] == ':') {
            for (i = 0; i < name_len; i++) {
                char a = line[i], b = name[i];

                if (a >= 'A' && a <= 'Z')
                    a = (char)(a - 'A' + 'a');
                if (a != b)
                    break;
            }
            if (i == name_len) {
                const char *v = line + name_len + 1;

                *out_value = v;
                *out_len = (size_t)(eol - v);
                return 1;
            }
        }
        p = eol;
    }
    return 0;
}

/* Reads one request head (and skips any body). 1 ok, 0 closed, -1 error. */
static int read_request(struct conn *c, size_t *out_head_len,
                        size_t *out_total_len)
{
    char *end;
    size_t head_len;
    long body = 0;
    const char *cl;
    size_t cl_len;

    for (;;) {
        ssize_t n;

        c->buf[c->have] = '\0';
        end = strstr(c->buf, "\r\n\r\n");
        if (end != NULL)
            break;
        if (c->have >= MAX_HEAD)
            return -1;
        n = read(c->fd, c->buf + c->have, MAX_HEAD - c->have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return c->have == 0 ? 0 : -1;
        c->have += (size_t)n;
    }
    head_len = (size_t)(end - c->buf) + 4;
    /* GET has no body; skip one if a client sends it anyway. */
    if (find_header(c->buf, head_len, "content-length", &cl, &cl_len))
        body = atol(cl);
    if (body < 0 || (unsigned long)body > MAX_HEAD)
        return -1;
    *out_head_len = head_len;
    *out_total_len = head_len + (size_t)body;
    while (c->have < head_len + (size_t)body) {
        ssize_t n = read(c->fd, c->buf + c->have,
                         MAX_HEAD + 1 + MAX_HEAD - c->have);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        c->have += (size_t)n;
    }
    return 1;
}

static void consume_request(struct conn *c, size_t len)
{
    memmove(c->buf, c->buf + len, c->have - len);
    c->have -= len;
}

static int send_response(struct conn *c, int status, const char *reason,
                         const struct gc_buf *token, int bare_challenge,
                         int close_conn, const char *body)
{
    char head[512];
    char *auth = NULL;
    unsigned long auth_len = 0;
    int rc = -1;

    if (token != NULL && token->len > 0) {
        if (spnegoHttpFormatNegotiate(token->data, (unsigned long)token->len,
                                      NULL, &auth_len) !=
            SPNEGO_E_BUFFER_TOO_SMALL)
            return -1;
        auth = malloc(auth_len);
        if (auth == NULL ||
            spnegoHttpFormatNegotiate(token->data, (unsigned long)token->len,
                                      auth, &auth_len) != SPNEGO_E_SUCCESS)
            goto out;
    }
    snprintf(head, sizeof(head),
             "HTTP/1.1 %d %s\r\nServer: libspnego-negotiate-server\r\n"
             "Content-Type: text/plain\r\nContent-Length: %lu\r\n%s%s",
             status, reason, (unsigned long)strlen(body),
             close_conn ? "Connection: close\r\n" : "",
             auth != NULL || bare_challenge ? "WWW-Authenticate: " : "");
    if (gc_write_all(c->fd, head, strlen(head)) != 0)
        goto out;
    if (auth != NULL || bare_challenge) {
        const char *v = auth != NULL ? auth : "Negotiate";

        if (gc_write_all(c->fd, v, strlen(v)) != 0 ||
            gc_write_all(c->fd, "\r\n", 2) != 0)
            goto out;
    }
    if (gc_write_all(c->fd, "\r\n", 2) != 0 ||
        gc_write_all(c->fd, body, strlen(body)) != 0)
        goto out;
    rc = 0;
out:
    free(auth);
    return rc;
}

/*
 * Handles one request. Returns the HTTP status sent (0 if the connection
 * broke); *out_close tells the caller to close the connection.
 */
static int handle_request(struct conn *c, const struct options *o,
                          size_t head_len, int *out_close)
{
    const char *value, *b64;
    size_t value_len;
    unsigned long b64_len;
    char line[256], user[256], body[512];
    struct gc_buf token = {NULL, 0}, out = {NULL, 0};
    struct gc_shape shape;
    int kind = SPNEGO_IDENTIFY_UNKNOWN, status = 0, rc;
    const char *why = "";
    FILE *log = o->log;

    *out_close = 0;
    {
        size_t n = strcspn(c->buf, "\r\n");

        if (n >= sizeof(line))
            n = sizeof(line) - 1;
        memcpy(line, c->buf, n);
        line[n] = '\0';
    }
    if (strncmp(line, "GET ", 4) != 0 && strncmp(line, "HEAD ", 5) != 0) {
        *out_close = 1;
        status = 400;
        why = "only GET is served";
        goto bad_request;
    }
    if (!find_header(c->buf, head_len, "authorization", &value, &value_len)) {
        conn_reset(c);
        status = 401;
        if (send_response(c, 401, "Unauthorized", NULL, 1, 0,
                          "authentication required\n") != 0)
            status = 0;
        goto done;
    }
    rc = spnegoHttpParseNegotiate(value, (unsigned long)value_len, &b64,
                                  &b64_len);
    if (rc == SPNEGO_E_INVALID_HEADER || (rc == SPNEGO_E_SUCCESS && b64 == NULL)) {
        /* Basic, NTLM, bare Negotiate...: offer Negotiate again. */
        conn_reset(c);
        status = 401;
        if (send_response(c, 401, "Unauthorized", NULL, 1, 0,
                          "Negotiate with a SPNEGO token required\n") != 0)
            status = 0;
        goto done;
    }
    if (rc != SPNEGO_E_SUCCESS) {
        status = 400;
        why = spnegoErrorString(rc);
        goto bad_request;
    }
    {
        unsigned long len = 0;

        rc = spnegoBase64Decode(b64, b64_len, NULL, &len);
        if (rc == SPNEGO_E_BUFFER_TOO_SMALL) {
            token.data = malloc(len + 1);
            if (token.data == NULL)
                rc = SPNEGO_E_OUT_OF_MEMORY;
            else
                rc = spnegoBase64Decode(b64, b64_len, token.data, &len);
            token.len = len;
        }
        if (rc != SPNEGO_E_SUCCESS || token.len == 0) {
            status = 400;
            why = "bad base64 in Authorization";
            goto bad_request;
        }
    }
    if (o->verbose) {
        gc_token_shape(token.data, token.len, &shape);
        gc_print_shape(log, "server <- client", &shape);
    }
    (void)spnegoIdentifyToken(token.data, (unsigned long)token.len, &kind);
    if (kind == SPNEGO_IDENTIFY_NTLMSSP || kind == SPNEGO_IDENTIFY_KERBEROS) {
        conn_reset(c);
        status = 401;
        fprintf(log, "negotiate-server: raw %s token refused (SPNEGO only)\n",
                kind == SPNEGO_IDENTIFY_NTLMSSP ? "NTLMSSP" : "Kerberos");
        if (send_response(c, 401, "Unauthorized", NULL, 1, 0,
                          "raw NTLMSSP/Kerberos tokens are not accepted; "
                          "send SPNEGO\n") != 0)
            status = 0;
        goto done;
    }
    if (kind == SPNEGO_IDENTIFY_SPNEGO_INIT) {
        /* A new NegTokenInit always starts a new handshake. */
        conn_reset(c);
        memset(&c->acc, 0, sizeof(c->acc));
        c->acc.label = "negotiate-server";
        c->acc.verbose = o->verbose;
        c->acc.log = log;
        if (gc_peer_setup(&c->acc, 0, 0, o->service, NULL, 0, 0) != 0) {
            fprintf(log, "negotiate-server: %s\n", c->acc.error);
            gc_peer_release(&c->acc);
            status = 500;
            *out_close = 1;
            if (send_response(c, 500, "Internal Server Error", NULL, 0, 1,
                              "no acceptor credentials\n") != 0)
                status = 0;
            goto done;
        }
        c->active = 1;
    } else if (kind != SPNEGO_IDENTIFY_SPNEGO_RESP || !c->active) {
        status = 400;
        why = kind == SPNEGO_IDENTIFY_SPNEGO_RESP
                  ? "NegTokenResp without a handshake in progress"
                  : "not a SPNEGO token";
        goto bad_request;
    }
    rc = gc_peer_step(&c->acc, token.data, token.len, &out);
    if (o->verbose && out.len > 0) {
        gc_token_shape(out.data, out.len, &shape);
        gc_print_shape(log, "server -> client", &shape);
    }
    if (rc == GC_DONE) {
        if (gc_peer_client_name(&c->acc, user, sizeof(user)) != 0)
            strcpy(user, "(unknown)");
        snprintf(body, sizeof(body), "hello %s\n", user);
        fprintf(log, "negotiate-server: authenticated %s (%s)\n", user,
                c->acc.mic_checked ? "mechListMIC verified" : "no MIC");
        status = 200;
        if (send_response(c, 200, "OK", &out, 0, 0, body) != 0)
            status = 0;
        conn_reset(c);
    } else if (rc == GC_CONTINUE) {
        status = 401;
        if (send_response(c, 401, "Unauthorized", &out, 1, 0,
                          "continue the Negotiate handshake\n") != 0)
            status = 0;
    } else if (out.len > 0) {
        fprintf(log, "negotiate-server: rejected: %s\n", c->acc.error);
        status = 401;
        if (send_response(c, 401, "Unauthorized", &out, 1, 0,
                          "authentication rejected\n") != 0)
            status = 0;
        conn_reset(c);
    } else {
        status = 400;
        why = c->acc.error;
        fprintf(log, "negotiate-server: bad token: %s\n", why);
        conn_reset(c);
        goto bad_request;
    }
    goto done;

bad_request:
    conn_reset(c);
    *out_close = 1;
    fprintf(log, "negotiate-server: 400: %s\n", why);
    snprintf(body, sizeof(body), "bad request: %s\n", why);
    if (send_response(c, 400, "Bad Request", NULL, 0, 1, body) != 0)
        status = 0;
done:
    gc_buf_free(&token);
    gc_buf_free(&out);
    return status;
}

int main(int argc, char **argv)
{
    struct options o;
    struct conn c;
    unsigned short port = 0;
    long served = 0;
    int lfd, i, stop = 0, exit_code = 1;

    memset(&o, 0, sizeof(o));
    o.log = stderr;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-port") == 0 && i + 1 < argc) {
            if (gc_parse_port(argv[++i], &o.port) != 0) {
                usage();
                return 2;
            }
        } else if (strcmp(argv[i], "-portfile") == 0 && i + 1 < argc) {
            o.port_file = argv[++i];
        } else if (strcmp(argv[i], "-service") == 0 && i + 1 < argc) {
            o.service = argv[++i];
        } else if (strcmp(argv[i], "-max-requests") == 0 && i + 1 < argc) {
            o.max_requests = atol(argv[++i]);
        } else if (strcmp(argv[i], "-once") == 0) {
            o.once = 1;
        } else if (strcmp(argv[i], "-verbose") == 0) {
            o.verbose = 1;
        } else if (strcmp(argv[i], "-logfile") == 0 && i + 1 < argc) {
            o.log = fopen(argv[++i], "a");
            if (o.log == NULL) {
                perror("negotiate-server: -logfile");
                return 2;
            }
            setvbuf(o.log, NULL, _IOLBF, 0);
        } else {
            usage();
            return 2;
        }
    }
    signal(SIGPIPE, SIG_IGN);
    lfd = gc_tcp_listen(o.port, &port);
    if (lfd < 0) {
        perror("negotiate-server: listen");
        return 1;
    }
    if (o.port_file != NULL && gc_write_port_file(o.port_file, port) != 0) {
        perror("negotiate-server: -portfile");
        close(lfd);
        return 1;
    }
    fprintf(o.log, "negotiate-server: listening on 127.0.0.1:%u\n",
            (unsigned)port);
    memset(&c, 0, sizeof(c));
    c.buf = malloc(2 * MAX_HEAD + 2);
    if (c.buf == NULL) {
        close(lfd);
        return 1;
    }
    while (!stop) {
        c.fd = accept(lfd, NULL, NULL);
        if (c.fd < 0) {
            if (errno == EINTR)
                continue;
            perror("negotiate-server: accept");
            break;
        }
        (void)gc_set_timeout(c.fd, 15);
        c.have = 0;
        while (!stop) {
            size_t head_len = 0, total_len = 0;
            int close_conn = 0, status;

            if (read_request(&c, &head_len, &total_len) <= 0)
                break;
            status = handle_request(&c, &o, head_len, &close_conn);
            consume_request(&c, total_len);
            served++;
            fprintf(o.log, "negotiate-server: request %ld -> %d\n", served,
                    status);
            if (status == 200 && o.once) {
                stop = 1;
                exit_code = 0;
            }
            if (o.max_requests > 0 && served >= o.max_requests) {
                stop = 1;
                exit_code = 0;
            }
            if (status == 0 || close_conn)
                break;
        }
        conn_reset(&c);
        close(c.fd);
    }
    if (!o.once && o.max_requests <= 0)
        exit_code = 0;
    free(c.buf);
    close(lfd);
    if (o.log != stderr)
        fclose(o.log);
    return exit_code;
}
