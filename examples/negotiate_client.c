/*
 * negotiate_client.c - an HTTP client that authenticates with "Negotiate"
 * (RFC 4559): libspnego builds and parses the SPNEGO tokens, MIT's raw krb5
 * GSS-API mechanism makes the Kerberos tokens (see gss_common.c).
 *
 *   negotiate-client [-mechs krb5,...] [-service HTTP@host] [-noflags]
 *                    [-expect-reject] [-expect-body TEXT] [-verbose]
 *                    host port path
 *
 * The credentials come from the ccache (KRB5CCNAME, kinit first). The
 * client offers -mechs in that order (default krb5; "ntlmssp,krb5" makes a
 * careful server ask for mechListMICs), sends reqFlags unless -noflags,
 * requests mutual authentication and integrity, and fails unless the
 * server's final token carries a valid AP-REP. It prints the body on
 * success. -expect-reject succeeds only on a 401 whose token is a SPNEGO
 * reject (it prints the negState and the token in hex).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "gss_common.h"

static void usage(void)
{
    fprintf(stderr,
            "usage: negotiate-client [-mechs LIST] [-service S] [-noflags]\n"
            "                        [-expect-reject] [-expect-body TEXT]\n"
            "                        [-verbose] host port path\n");
}

static void print_hex(const char *label, const struct gc_buf *b)
{
    size_t i;

    printf("%s", label);
    for (i = 0; i < b->len; i++)
        printf(" %02x", b->data[i]);
    printf("\n");
}

int main(int argc, char **argv)
{
    gss_OID_desc mechs[GC_MAX_MECHS];
    size_t num_mechs = 1;
    const char *service = NULL, *expect_body = NULL;
    const char *host, *path;
    char service_buf[300];
    unsigned short port;
    int i, fd = -1, expect_reject = 0, send_flags = 1, verbose = 0;
    int rc = GC_ERROR, exit_code = 1, round;
    struct gc_peer ini;
    struct gc_buf out = {NULL, 0}, in = {NULL, 0};
    struct gc_http_response resp;
    struct gc_shape shape;

    mechs[0] = gc_oid_krb5;
    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-mechs") == 0 && i + 1 < argc) {
            if (gc_parse_mechs(argv[++i], mechs, GC_MAX_MECHS, &num_mechs) !=
                0) {
                fprintf(stderr, "negotiate-client: bad -mechs list\n");
                return 2;
            }
        } else if (strcmp(argv[i], "-service") == 0 && i + 1 < argc) {
            service = argv[++i];
        } else if (strcmp(argv[i], "-expect-body") == 0 && i + 1 < argc) {
            expect_body = argv[++i];
        } else if (strcmp(argv[i], "-expect-reject") == 0) {
            expect_reject = 1;
        } else if (strcmp(argv[i], "-noflags") == 0) {
            send_flags = 0;
        } else if (strcmp(argv[i], "-verbose") == 0) {
            verbose = 1;
        } else {
            usage();
            return 2;
        }
    }
    if (argc - i != 3 || gc_parse_port(argv[i + 1], &port) != 0) {
        usage();
        return 2;
    }
    host = argv[i];
    path = argv[i + 2];
    if (service == NULL) {
        snprintf(service_buf, sizeof(service_buf), "HTTP@%s", host);
        service = service_buf;
    }

    memset(&ini, 0, sizeof(ini));
    ini.label = "negotiate-client";
    ini.verbose = verbose;
    ini.send_req_flags = send_flags;
    memset(&resp, 0, sizeof(resp));
    if (gc_peer_setup(&ini, 0, 1, service, mechs, num_mechs,
                      GSS_C_MUTUAL_FLAG | GSS_C_INTEG_FLAG |
                          GSS_C_SEQUENCE_FLAG | GSS_C_REPLAY_FLAG) != 0) {
        fprintf(stderr, "negotiate-client: %s\n", ini.error);
        goto out;
    }
    rc = gc_peer_step(&ini, NULL, 0, &out);
    if (rc == GC_ERROR) {
        fprintf(stderr, "negotiate-client: %s\n", ini.error);
        goto out;
    }
    fd = gc_tcp_connect(host, port);
    if (fd < 0) {
        fprintf(stderr, "negotiate-client: cannot connect to %s:%u\n", host,
                (unsigned)port);
        goto out;
    }
    for (round = 1; round <= 8; round++) {
        if (verbose) {
            gc_token_shape(out.data, out.len, &shape);
            gc_print_shape(stderr, "client -> server", &shape);
        }
        gc_http_response_free(&resp);
        if (gc_http_exchange(fd, host, path, out.len > 0 ? out.data : NULL,
                             out.len, NULL, &resp) != 0) {
            fprintf(stderr, "negotiate-client: HTTP exchange failed\n");
            goto out;
        }
        printf("HTTP %d (leg %d)\n", resp.status, round);
        gc_buf_free(&in);
        if (resp.www_authenticate != NULL &&
            gc_http_decode(resp.www_authenticate, &in) != 0) {
            fprintf(stderr, "negotiate-client: bad WWW-Authenticate: %s\n",
                    resp.www_authenticate);
            goto out;
        }
        if (in.len > 0) {
            gc_token_shape(in.data, in.len, &shape);
            if (verbose)
                gc_print_shape(stderr, "client <- server", &shape);
        } else {
            shape.type = -1;
            shape.neg_state = -1;
        }
        if (expect_reject) {
            if (resp.status == 401 && shape.type == SPNEGO_TOKEN_TARG) {
                printf("negState: %s\n", gc_neg_state_name(shape.neg_state));
                print_hex("token:", &in);
                if (shape.neg_state == spnego_negresult_rejected)
                    exit_code = 0;
                else if (shape.neg_state == spnego_negresult_request_mic ||
                         shape.neg_state == spnego_negresult_incomplete)
                    goto step; /* not rejected yet: keep going */
            } else {
                fprintf(stderr, "negotiate-client: expected 401 + reject, "
                                "got %d %s\n",
                        resp.status, in.len > 0 ? "with token" : "no token");
            }
            goto out;
        }
        if (resp.status == 200) {
            if (in.len > 0) {
                if (ini.established) {
                    fprintf(stderr, "negotiate-client: token after the "
                                    "context completed\n");
                    goto out;
                }
                rc = gc_peer_step(&ini, in.data, in.len, &out);
                if (rc != GC_DONE || out.len > 0) {
                    fprintf(stderr, "negotiate-client: final token refused: "
                                    "%s\n",
                            rc == GC_ERROR ? ini.error : "context incomplete");
                    goto out;
                }
            } else if (!ini.established) {
                fprintf(stderr, "negotiate-client: 200 without the final "
                                "token: mutual authentication not done\n");
                goto out;
            }
            printf("mutual authentication verified%s\n",
                   ini.mic_checked ? ", mechListMIC verified both ways" : "");
            printf("%s", resp.body.len > 0 ? (char *)resp.body.data : "");
            if (expect_body != NULL &&
                (resp.body.len == 0 ||
                 strstr((char *)resp.body.data, expect_body) == NULL)) {
                fprintf(stderr, "negotiate-client: body lacks \"%s\"\n",
                        expect_body);
                goto out;
            }
            exit_code = 0;
            goto out;
        }
        if (resp.status != 401 || in.len == 0) {
            fprintf(stderr, "negotiate-client: HTTP %d without a token\n",
                    resp.status);
            goto out;
        }
    step:
        if (ini.established || resp.connection_close) {
            fprintf(stderr, "negotiate-client: the server cannot continue\n");
            goto out;
        }
        rc = gc_peer_step(&ini, in.data, in.len, &out);
        if (rc == GC_ERROR) {
            fprintf(stderr, "negotiate-client: %s (negState %s)\n", ini.error,
                    gc_neg_state_name(shape.neg_state));
            goto out;
        }
        if (out.len == 0) {
            fprintf(stderr, "negotiate-client: nothing to send, yet the "
                            "server wants more\n");
            goto out;
        }
    }
    fprintf(stderr, "negotiate-client: too many legs\n");
out:
    if (fd >= 0)
        close(fd);
    gc_http_response_free(&resp);
    gc_buf_free(&out);
    gc_buf_free(&in);
    gc_peer_release(&ini);
    return exit_code;
}
