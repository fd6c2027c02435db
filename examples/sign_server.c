/*
 * sign_server.c - the classic GSS-API "sign" server over TCP: establish a
 * context, receive a gss_wrap'ed message, unwrap it, send back
 * gss_get_mic of the plaintext. Tokens travel with a 4-byte big-endian
 * length prefix.
 *
 *   sign-server [-port N] [-portfile FILE] [-once] [-verbose]
 *               [-logfile FILE] [-mitspnego] [-mechs LIST] [service]
 *
 * service defaults to host@localhost (the keytab from KRB5_KTNAME must
 * hold host/localhost). By default the SPNEGO layer is libspnego around
 * MIT's raw krb5 mech; -mitspnego uses MIT's own SPNEGO mech instead
 * (allowed mechanisms -mechs, default krb5), so all four own/MIT pairings
 * with sign-client can be run.
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

struct options {
    unsigned short port;
    const char *port_file;
    const char *service;
    int once;
    int verbose;
    int mit;
    gss_OID_desc mechs[GC_MAX_MECHS];
    size_t num_mechs;
    FILE *log;
};

static void usage(void)
{
    fprintf(stderr,
            "usage: sign-server [-port N] [-portfile FILE] [-once] [-verbose]\n"
            "                   [-logfile FILE] [-mitspnego] [-mechs LIST]\n"
            "                   [service]\n");
}

/* Serves one client. Returns 0 on a complete, verified exchange. */
static int serve(int fd, const struct options *o)
{
    struct gc_peer acc;
    struct gc_buf in = {NULL, 0}, out = {NULL, 0};
    struct gc_shape shape;
    OM_uint32 major, minor;
    gss_buffer_desc wrapped, plain = GSS_C_EMPTY_BUFFER, mic;
    int rc = GC_CONTINUE, conf = 0, result = -1;
    char name[256];

    memset(&acc, 0, sizeof(acc));
    acc.label = o->mit ? "sign-server/mit" : "sign-server/own";
    acc.verbose = o->verbose;
    acc.log = o->log;
    mic.length = 0;
    mic.value = NULL;
    if (gc_peer_setup(&acc, o->mit, 0, o->service, o->mechs, o->num_mechs,
                      0) != 0) {
        fprintf(o->log, "sign-server: %s\n", acc.error);
        goto out;
    }
    while (rc == GC_CONTINUE) {
        if (gc_recv_token(fd, &in) != 0) {
            fprintf(o->log, "sign-server: failed to receive a token\n");
            goto out;
        }
        if (o->verbose) {
            gc_token_shape(in.data, in.len, &shape);
            gc_print_shape(o->log, "sign-server <-", &shape);
        }
        rc = gc_peer_step(&acc, in.data, in.len, &out);
        if (out.len > 0) {
            if (o->verbose) {
                gc_token_shape(out.data, out.len, &shape);
                gc_print_shape(o->log, "sign-server ->", &shape);
            }
            if (gc_send_token(fd, out.data, out.len) != 0) {
                fprintf(o->log, "sign-server: failed to send a token\n");
                goto out;
            }
        }
        if (rc == GC_ERROR) {
            fprintf(o->log, "sign-server: context failed: %s\n", acc.error);
            goto out;
        }
    }
    if (gc_peer_client_name(&acc, name, sizeof(name)) != 0)
        strcpy(name, "(unknown)");
    fprintf(o->log, "sign-server: accepted %s (%s%s)\n", name,
            o->mit ? "MIT SPNEGO" : "libspnego + raw krb5",
            !o->mit && acc.mic_checked ? ", mechListMIC verified" : "");

    if (gc_recv_token(fd, &in) != 0) {
        fprintf(o->log, "sign-server: failed to receive the message\n");
        goto out;
    }
    wrapped.value = in.data;
    wrapped.length = in.len;
    major = gss_unwrap(&minor, gc_peer_context(&acc), &wrapped, &plain, &conf,
                       NULL);
    if (GSS_ERROR(major)) {
        gc_print_gss_error(o->log, "sign-server: gss_unwrap", major, minor);
        goto out;
    }
    fprintf(o->log, "sign-server: received %s message: \"%.*s\"\n",
            conf ? "sealed" : "signed", (int)plain.length,
            (const char *)plain.value);
    major = gss_get_mic(&minor, gc_peer_context(&acc), GSS_C_QOP_DEFAULT,
                        &plain, &mic);
    if (GSS_ERROR(major)) {
        gc_print_gss_error(o->log, "sign-server: gss_get_mic", major, minor);
        goto out;
    }
    if (gc_send_token(fd, mic.value, mic.length) != 0) {
        fprintf(o->log, "sign-server: failed to send the MIC\n");
        goto out;
    }
    result = 0;
out:
    gss_release_buffer(&minor, &plain);
    gss_release_buffer(&minor, &mic);
    gc_buf_free(&in);
    gc_buf_free(&out);
    gc_peer_release(&acc);
    return result;
}

int main(int argc, char **argv)
{
    struct options o;
    unsigned short port = 0;
    int lfd, i, result = 0;

    memset(&o, 0, sizeof(o));
    o.log = stderr;
    o.service = "host@localhost";
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-port") == 0 && i + 1 < argc) {
            if (gc_parse_port(argv[++i], &o.port) != 0) {
                usage();
                return 2;
            }
        } else if (strcmp(argv[i], "-portfile") == 0 && i + 1 < argc) {
            o.port_file = argv[++i];
        } else if (strcmp(argv[i], "-mechs") == 0 && i + 1 < argc) {
            if (gc_parse_mechs(argv[++i], o.mechs, GC_MAX_MECHS,
                               &o.num_mechs) != 0) {
                usage();
                return 2;
            }
        } else if (strcmp(argv[i], "-once") == 0) {
            o.once = 1;
        } else if (strcmp(argv[i], "-verbose") == 0) {
            o.verbose = 1;
        } else if (strcmp(argv[i], "-mitspnego") == 0) {
            o.mit = 1;
        } else if (strcmp(argv[i], "-logfile") == 0 && i + 1 < argc) {
            o.log = fopen(argv[++i], "a");
            if (o.log == NULL) {
                perror("sign-server: -logfile");
                return 2;
            }
            setvbuf(o.log, NULL, _IOLBF, 0);
        } else if (argv[i][0] != '-' && i == argc - 1) {
            o.service = argv[i];
        } else {
            usage();
            return 2;
        }
    }
    signal(SIGPIPE, SIG_IGN);
    lfd = gc_tcp_listen(o.port, &port);
    if (lfd < 0) {
        perror("sign-server: listen");
        return 1;
    }
    if (o.port_file != NULL && gc_write_port_file(o.port_file, port) != 0) {
        perror("sign-server: -portfile");
        close(lfd);
        return 1;
    }
    fprintf(o.log, "sign-server: %s on 127.0.0.1:%u as %s\n",
            o.mit ? "MIT SPNEGO" : "libspnego + raw krb5", (unsigned)port,
            o.service);
    for (;;) {
        int fd = accept(lfd, NULL, NULL);

        if (fd < 0) {
            if (errno == EINTR)
                continue;
            perror("sign-server: accept");
            result = 1;
            break;
        }
        (void)gc_set_timeout(fd, 15);
        result = serve(fd, &o) == 0 ? 0 : 1;
        close(fd);
        if (o.once)
            break;
    }
    close(lfd);
    if (o.log != stderr)
        fclose(o.log);
    return result;
}
