/*
 * negotiate_server.c - HTTP "Negotiate" authentication (RFC 4559) added to
 * a libmicrohttpd server: libmicrohttpd does HTTP (parsing, framing,
 * keep-alive, concurrency, limits); libspnego's negotiation layer does
 * SPNEGO; libspnego-gss runs Kerberos (and NTLM through gss-ntlmssp).
 *
 *   negotiate-server [-port N] [-portfile FILE] [-mechs krb5,ntlmssp]
 *                    [-init2] [-exit-after N] [-verbose]
 *
 * Every path needs authentication. The keytab comes from KRB5_KTNAME, NTLM
 * users from NTLM_USER_FILE. Answers:
 *   no token           401 + "WWW-Authenticate: Negotiate" (with -init2:
 *                      "Negotiate <NegTokenInit2>", the acceptor speaking
 *                      first, as SMB servers do)
 *   token, more legs   401 + "Negotiate <next token>" (NTLM, request-mic)
 *   authenticated      200 + "Negotiate <final token>" (the Kerberos AP-REP
 *                      the client checks) + who and how
 *   refused            401 + "Negotiate <reject>", or 400 for a token that
 *                      is not SPNEGO; 403 after too many legs
 * -port 0 (the default) takes a free loopback port and writes it to
 * -portfile; -exit-after N stops after N authenticated requests.
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <microhttpd.h>

#include "negotiation.h"
#include "spnego_http.h"

/* HTTP's limits are libmicrohttpd's: a request head over MAX_HEAD bytes
 * (64 KiB holds a Kerberos ticket with a large PAC) gets 431 from it. */
#define MAX_HEAD (64U * 1024U)
#define MAX_CONNECTIONS 64U
#define IDLE_TIMEOUT 10U /* seconds without a byte */
#define MAX_LEGS 8       /* krb5 takes 1, NTLM 3 */
#define MAX_BODY (1024UL * 1024UL)

struct server {
    const char *mechs;
    int init2;
    int verbose;
    long exit_after;     /* 0: run until SIGTERM */
    long authenticated;  /* 200s delivered */
    pthread_mutex_t lock;
    int stop_pipe[2];    /* main() waits on it */
};

/* Per TCP connection: a multi-leg exchange (NTLM) must stay on one
 * connection, and nothing of it may leak to another. */
struct connection {
    struct negotiation neg;
    int active;         /* neg holds an exchange in progress */
    int awaiting_init;  /* we sent a NegTokenInit2: the client's
                           NegTokenInit continues this exchange */
    int legs;
    unsigned long body_len;
    unsigned int status; /* of the current request */
};

static struct server *g_server; /* for the signal handler only */

static void end_exchange(struct connection *c)
{
    if (c->active)
        negotiation_end(&c->neg);
    c->active = 0;
    c->awaiting_init = 0;
    c->legs = 0;
}

static void on_connection(void *cls, struct MHD_Connection *mhd,
                          void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    (void)cls;
    (void)mhd;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        *socket_context = calloc(1, sizeof(struct connection));
    } else if (*socket_context != NULL) {
        end_exchange(*socket_context);
        free(*socket_context);
        *socket_context = NULL;
    }
}

/* Queues a response. A token goes out as "WWW-Authenticate: Negotiate
 * <base64>"; with no token, challenge asks for a bare "Negotiate". */
static enum MHD_Result reply(struct MHD_Connection *mhd, struct connection *c,
                             unsigned int status, const unsigned char *token,
                             unsigned long token_len, int challenge,
                             const char *body)
{
    struct MHD_Response *r;
    char *header = NULL;
    unsigned long header_len = 0;
    enum MHD_Result ret = MHD_NO;

    r = MHD_create_response_from_buffer(strlen(body), (void *)(size_t)body,
                                        MHD_RESPMEM_MUST_COPY);
    if (r == NULL)
        return MHD_NO;
    if (token_len > 0 || challenge) {
        /* "Negotiate <base64>": the library formats it. */
        if (spnegoHttpFormatNegotiate(token, token_len, NULL, &header_len) !=
                SPNEGO_E_BUFFER_TOO_SMALL ||
            (header = malloc(header_len)) == NULL ||
            spnegoHttpFormatNegotiate(token, token_len, header,
                                      &header_len) != SPNEGO_E_SUCCESS ||
            MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
                                    header) != MHD_YES)
            goto out;
    }
    if (status == MHD_HTTP_BAD_REQUEST || status == MHD_HTTP_FORBIDDEN)
        (void)MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    (void)MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                                  "text/plain");
    c->status = status;
    ret = MHD_queue_response(mhd, status, r);
out:
    free(header);
    MHD_destroy_response(r);
    return ret;
}

/* How many times a request carries a header. */
struct header_count {
    const char *name;
    int n;
};

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind,
                                    const char *key, const char *value)
{
    struct header_count *count = cls;

    (void)kind;
    (void)value;
    if (strcasecmp(key, count->name) == 0)
        count->n++;
    return MHD_YES;
}

static int header_count(struct MHD_Connection *mhd, const char *name)
{
    struct header_count count;

    count.name = name;
    count.n = 0;
    (void)MHD_get_connection_values(mhd, MHD_HEADER_KIND, count_header, &count);
    return count.n;
}

/* 401 with a challenge; with -init2 the challenge is our NegTokenInit2,
 * and the exchange it starts waits for the client's NegTokenInit. */
static enum MHD_Result challenge(struct MHD_Connection *mhd,
                                 struct connection *c, const struct server *s,
                                 const char *body)
{
    const unsigned char *out = NULL;
    unsigned long out_len = 0;

    end_exchange(c);
    if (s->init2) {
        if (negotiation_start(&c->neg, SPNEGO_NEGOTIATE_ACCEPTOR, s->mechs,
                              NULL) != 0) {
            negotiation_end(&c->neg);
        } else {
            c->active = 1;
            c->awaiting_init = spnegoNegotiateStep(c->neg.ctx, NULL, 0, &out,
                                                   &out_len) ==
                               SPNEGO_NEGOTIATE_CONTINUE;
        }
    }
    return reply(mhd, c, MHD_HTTP_UNAUTHORIZED,
                 c->awaiting_init ? out : NULL,
                 c->awaiting_init ? out_len : 0, 1, body);
}

/* The Negotiate part of a request: everything this example adds. */
static enum MHD_Result authenticate(struct MHD_Connection *mhd,
                                    struct connection *c, struct server *s)
{
    const char *value, *b64;
    unsigned long b64_len, token_len = 0;
    unsigned char *token = NULL;
    const unsigned char *out;
    unsigned long out_len;
    int rc, kind = SPNEGO_IDENTIFY_UNKNOWN;
    char user[256], body[512];
    enum MHD_Result ret;

    if (header_count(mhd, MHD_HTTP_HEADER_AUTHORIZATION) > 1) {
        end_exchange(c);
        return reply(mhd, c, MHD_HTTP_BAD_REQUEST, NULL, 0, 0,
                     "more than one Authorization header\n");
    }
    value = MHD_lookup_connection_value(mhd, MHD_HEADER_KIND,
                                        MHD_HTTP_HEADER_AUTHORIZATION);
    if (value == NULL ||
        spnegoHttpParseNegotiate(value, (unsigned long)strlen(value), &b64,
                                 &b64_len) != SPNEGO_E_SUCCESS ||
        b64 == NULL) /* none, another scheme, or a bare "Negotiate" */
        return challenge(mhd, c, s, "Negotiate authentication required\n");

    /* Base64 into a buffer of the size the library asks for. */
    rc = spnegoBase64Decode(b64, b64_len, NULL, &token_len);
    if (rc == SPNEGO_E_BUFFER_TOO_SMALL && (token = malloc(token_len)) != NULL)
        rc = spnegoBase64Decode(b64, b64_len, token, &token_len);
    if (rc != SPNEGO_E_SUCCESS) {
        end_exchange(c);
        ret = reply(mhd, c, MHD_HTTP_BAD_REQUEST, NULL, 0, 0,
                    "bad base64 in Authorization\n");
        goto out;
    }

    /* A NegTokenInit starts a new exchange on this connection (or answers
     * our NegTokenInit2); a NegTokenResp continues the one in progress. */
    (void)spnegoIdentifyToken(token, token_len, &kind);
    if (kind == SPNEGO_IDENTIFY_SPNEGO_INIT && !c->awaiting_init) {
        end_exchange(c);
        if (negotiation_start(&c->neg, SPNEGO_NEGOTIATE_ACCEPTOR, s->mechs,
                              NULL) != 0) {
            negotiation_end(&c->neg);
            ret = reply(mhd, c, MHD_HTTP_INTERNAL_SERVER_ERROR, NULL, 0, 0,
                        "cannot start the negotiation\n");
            goto out;
        }
        c->active = 1;
    } else if (!c->active || (kind != SPNEGO_IDENTIFY_SPNEGO_INIT &&
                              kind != SPNEGO_IDENTIFY_SPNEGO_RESP)) {
        end_exchange(c);
        ret = reply(mhd, c, MHD_HTTP_BAD_REQUEST, NULL, 0, 0,
                    "not a SPNEGO token, or no exchange in progress\n");
        goto out;
    }
    c->awaiting_init = 0;
    if (++c->legs > MAX_LEGS) {
        end_exchange(c);
        ret = reply(mhd, c, MHD_HTTP_FORBIDDEN, NULL, 0, 0, "too many legs\n");
        goto out;
    }

    rc = spnegoNegotiateStep(c->neg.ctx, token, token_len, &out, &out_len);
    if (s->verbose)
        fprintf(stderr, "negotiate-server: leg %d: rc %d, %lu bytes out\n",
                c->legs, rc, out_len);
    if (rc == SPNEGO_NEGOTIATE_CONTINUE) {
        ret = reply(mhd, c, MHD_HTTP_UNAUTHORIZED, out, out_len, 1,
                    "continue the Negotiate exchange\n");
        goto out;
    }
    if (rc != SPNEGO_NEGOTIATE_COMPLETE) {
        /* An acceptor's failure output is a reject (with the Kerberos
         * error when there is one); a malformed token gets none. */
        negotiation_print_error(stderr, "negotiate-server", &c->neg, rc);
        ret = out_len > 0 ? reply(mhd, c, MHD_HTTP_UNAUTHORIZED, out, out_len,
                                  1, "authentication rejected\n")
                          : reply(mhd, c, MHD_HTTP_BAD_REQUEST, NULL, 0, 0,
                                  "malformed Negotiate token\n");
        end_exchange(c);
        goto out;
    }
    if (negotiation_peer_name(&c->neg, user, sizeof(user)) != 0)
        strcpy(user, "(unknown)");
    snprintf(body, sizeof(body),
             "hello %s\nmechanism: %s\nmechListMIC: %s\nbody: %lu bytes\n",
             user, negotiation_mech_name(&c->neg),
             negotiation_mic_text(&c->neg), c->body_len);
    fprintf(stderr, "negotiate-server: authenticated %s (%s, mechListMIC %s)\n",
            user, negotiation_mech_name(&c->neg), negotiation_mic_text(&c->neg));
    /* The final token (the AP-REP) goes with the 200: the client checks
     * it before it trusts the answer (mutual authentication). */
    ret = reply(mhd, c, MHD_HTTP_OK, out, out_len, 0, body);
    end_exchange(c);
out:
    free(token);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *mhd,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_len, void **request)
{
    const union MHD_ConnectionInfo *info;
    struct connection *c;

    (void)url;
    (void)method;
    (void)version;
    (void)upload;
    info = MHD_get_connection_info(mhd, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    c = info != NULL ? info->socket_context : NULL;
    if (c == NULL)
        return MHD_NO; /* out of memory: libmicrohttpd closes it */
    if (*request == NULL) { /* the head is in; a body may follow */
        *request = c;
        c->body_len = 0;
        c->status = 0;
        /* libmicrohttpd 0.9.75 frames the body by the first of several
         * Content-Length headers; a proxy in front may take another:
         * refuse the request and close (RFC 9112 section 6.3). */
        if (header_count(mhd, MHD_HTTP_HEADER_CONTENT_LENGTH) > 1) {
            end_exchange(c);
            return reply(mhd, c, MHD_HTTP_BAD_REQUEST, NULL, 0, 0,
                         "more than one Content-Length\n");
        }
        return MHD_YES;
    }
    if (*upload_len > 0) { /* a body (POST): counted, not kept */
        c->body_len += *upload_len;
        *upload_len = 0;
        if (c->body_len > MAX_BODY && c->status == 0) {
            end_exchange(c);
            return reply(mhd, c, MHD_HTTP_CONTENT_TOO_LARGE, NULL, 0, 0,
                         "body too large\n");
        }
        return MHD_YES;
    }
    if (c->status != 0)
        return MHD_YES; /* answered already */
    return authenticate(mhd, c, cls);
}

/* main() sleeps on a pipe until a signal or -exit-after wakes it. */
static void wake_main(struct server *s)
{
    ssize_t n = write(s->stop_pipe[1], "x", 1);

    (void)n; /* a full pipe is already awake */
}

/* Counts the 200s actually delivered, for -exit-after. */
static void on_completed(void *cls, struct MHD_Connection *mhd,
                         void **request, enum MHD_RequestTerminationCode toe)
{
    struct server *s = cls;
    struct connection *c = *request;

    (void)mhd;
    if (c == NULL || c->status != MHD_HTTP_OK ||
        toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)
        return;
    pthread_mutex_lock(&s->lock);
    if (++s->authenticated == s->exit_after)
        wake_main(s);
    pthread_mutex_unlock(&s->lock);
}

static void on_signal(int sig)
{
    (void)sig;
    wake_main(g_server);
}

static int write_port_file(const char *path, unsigned int port)
{
    char tmp[4096];
    FILE *f;

    /* Written under another name then renamed: readers never see half. */
    if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp) ||
        (f = fopen(tmp, "w")) == NULL)
        return -1;
    fprintf(f, "%u\n", port);
    if (fclose(f) != 0)
        return -1;
    return rename(tmp, path);
}

int main(int argc, char **argv)
{
    struct server s;
    struct sockaddr_in addr;
    struct MHD_Daemon *d;
    const union MHD_DaemonInfo *info;
    const char *port_file = NULL;
    unsigned long port = 0;
    int i;
    char x;

    memset(&s, 0, sizeof(s));
    s.mechs = "krb5";
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-port") == 0 && i + 1 < argc)
            port = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "-portfile") == 0 && i + 1 < argc)
            port_file = argv[++i];
        else if (strcmp(argv[i], "-mechs") == 0 && i + 1 < argc)
            s.mechs = argv[++i];
        else if (strcmp(argv[i], "-exit-after") == 0 && i + 1 < argc)
            s.exit_after = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "-init2") == 0)
            s.init2 = 1;
        else if (strcmp(argv[i], "-verbose") == 0)
            s.verbose = 1;
        else {
            fprintf(stderr, "usage: negotiate-server [-port N] [-portfile F] "
                            "[-mechs krb5,ntlmssp] [-init2] [-exit-after N] "
                            "[-verbose]\n");
            return 2;
        }
    }
    if (port > 65535 || pthread_mutex_init(&s.lock, NULL) != 0 ||
        pipe(s.stop_pipe) != 0)
        return 1;
    g_server = &s;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* loopback only */
    d = MHD_start_daemon(
        MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL,
        on_request, &s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, 4U,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)MAX_HEAD,
        MHD_OPTION_CONNECTION_LIMIT, MAX_CONNECTIONS,
        MHD_OPTION_CONNECTION_TIMEOUT, IDLE_TIMEOUT,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, &s, MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "negotiate-server: cannot listen on port %lu\n", port);
        return 1;
    }
    info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    if (info == NULL ||
        (port_file != NULL && write_port_file(port_file, info->port) != 0)) {
        MHD_stop_daemon(d);
        return 1;
    }
    fprintf(stderr, "negotiate-server: listening on 127.0.0.1:%u (%s)\n",
            (unsigned int)info->port, s.mechs);
    while (read(s.stop_pipe[0], &x, 1) < 0) /* EINTR: read again */
        ;
    MHD_stop_daemon(d);
    fprintf(stderr, "negotiate-server: stopped after %ld authentications\n",
            s.authenticated);
    close(s.stop_pipe[0]);
    close(s.stop_pipe[1]);
    pthread_mutex_destroy(&s.lock);
    return 0;
}
