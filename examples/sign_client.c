/*
 * sign_client.c - the classic GSS-API "sign" client over TCP: establish a
 * context with sign-server, send a gss_wrap'ed message, verify the MIC the
 * server returns. Tokens travel with a 4-byte big-endian length prefix.
 *
 *   sign-client [-host H] -port N [-msg TEXT] [-verbose] [-logfile FILE]
 *               [-mitspnego] [-mechs LIST] [-noflags] [service]
 *
 * service defaults to host@localhost; credentials come from the ccache.
 * By default the SPNEGO layer is libspnego around MIT's raw krb5 mech
 * (offering -mechs in order, default krb5; "ntlmssp,krb5" makes the
 * acceptor ask for mechListMICs); -mitspnego uses MIT's SPNEGO mech with
 * -mechs as its negotiable list.
 */
#define _POSIX_C_SOURCE 200809L

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "gss_common.h"

static void usage(void)
{
    fprintf(stderr,
            "usage: sign-client [-host H] -port N [-msg TEXT] [-verbose]\n"
            "                   [-logfile FILE] [-mitspnego] [-mechs LIST]\n"
            "                   [-noflags] [service]\n");
}

int main(int argc, char **argv)
{
    gss_OID_desc mechs[GC_MAX_MECHS];
    size_t num_mechs = 1;
    const char *host = "localhost", *service = "host@localhost";
    const char *msg = "hello from sign-client";
    unsigned short port = 0;
    int i, fd = -1, mit = 0, verbose = 0, flags = 1, conf = 0;
    int rc, result = 1;
    FILE *log = stderr;
    struct gc_peer ini;
    struct gc_buf in = {NULL, 0}, out = {NULL, 0};
    struct gc_shape shape;
    OM_uint32 major, minor;
    gss_buffer_desc plain, wrapped = GSS_C_EMPTY_BUFFER, mic;

    mechs[0] = gc_oid_krb5;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-port") == 0 && i + 1 < argc) {
            if (gc_parse_port(argv[++i], &port) != 0) {
                usage();
                return 2;
            }
        } else if (strcmp(argv[i], "-host") == 0 && i + 1 < argc) {
            host = argv[++i];
        } else if (strcmp(argv[i], "-msg") == 0 && i + 1 < argc) {
            msg = argv[++i];
        } else if (strcmp(argv[i], "-mechs") == 0 && i + 1 < argc) {
            if (gc_parse_mechs(argv[++i], mechs, GC_MAX_MECHS, &num_mechs) !=
                0) {
                usage();
                return 2;
            }
        } else if (strcmp(argv[i], "-verbose") == 0) {
            verbose = 1;
        } else if (strcmp(argv[i], "-mitspnego") == 0) {
            mit = 1;
        } else if (strcmp(argv[i], "-noflags") == 0) {
            flags = 0;
        } else if (strcmp(argv[i], "-logfile") == 0 && i + 1 < argc) {
            log = fopen(argv[++i], "a");
            if (log == NULL) {
                perror("sign-client: -logfile");
                return 2;
            }
        } else if (argv[i][0] != '-' && i == argc - 1) {
            service = argv[i];
        } else {
            usage();
            return 2;
        }
    }
    if (port == 0) {
        usage();
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    memset(&ini, 0, sizeof(ini));
    ini.label = mit ? "sign-client/mit" : "sign-client/own";
    ini.verbose = verbose;
    ini.log = log;
    ini.send_req_flags = flags;
    mic.length = 0;
    mic.value = NULL;
    if (gc_peer_setup(&ini, mit, 1, service, mechs, num_mechs,
                      GSS_C_MUTUAL_FLAG | GSS_C_INTEG_FLAG |
                          GSS_C_CONF_FLAG | GSS_C_SEQUENCE_FLAG |
                          GSS_C_REPLAY_FLAG) != 0) {
        fprintf(log, "sign-client: %s\n", ini.error);
        goto out;
    }
    fd = gc_tcp_connect(host, port);
    if (fd < 0) {
        fprintf(log, "sign-client: cannot connect to %s:%u\n", host,
                (unsigned)port);
        goto out;
    }
    rc = gc_peer_step(&ini, NULL, 0, &out);
    for (;;) {
        if (out.len > 0) {
            if (verbose) {
                gc_token_shape(out.data, out.len, &shape);
                gc_print_shape(log, "sign-client ->", &shape);
            }
            if (gc_send_token(fd, out.data, out.len) != 0) {
                fprintf(log, "sign-client: failed to send a token\n");
                goto out;
            }
        }
        if (rc == GC_ERROR) {
            fprintf(log, "sign-client: context failed: %s\n", ini.error);
            goto out;
        }
        if (rc == GC_DONE)
            break;
        if (gc_recv_token(fd, &in) != 0) {
            fprintf(log, "sign-client: failed to receive a token\n");
            goto out;
        }
        if (verbose) {
            gc_token_shape(in.data, in.len, &shape);
            gc_print_shape(log, "sign-client <-", &shape);
        }
        rc = gc_peer_step(&ini, in.data, in.len, &out);
    }
    fprintf(log, "sign-client: context established (%s%s)\n",
            mit ? "MIT SPNEGO" : "libspnego + raw krb5",
            !mit && ini.mic_checked ? ", mechListMIC verified both ways" : "");
    if ((ini.ret_flags & GSS_C_MUTUAL_FLAG) == 0) {
        fprintf(log, "sign-client: mutual authentication not performed\n");
        goto out;
    }

    plain.value = (void *)(size_t)msg;
    plain.length = strlen(msg);
    major = gss_wrap(&minor, gc_peer_context(&ini), 1, GSS_C_QOP_DEFAULT,
                     &plain, &conf, &wrapped);
    if (GSS_ERROR(major)) {
        gc_print_gss_error(log, "sign-client: gss_wrap", major, minor);
        goto out;
    }
    if (gc_send_token(fd, wrapped.value, wrapped.length) != 0 ||
        gc_recv_token(fd, &in) != 0) {
        fprintf(log, "sign-client: message exchange failed\n");
        goto out;
    }
    mic.value = in.data;
    mic.length = in.len;
    major = gss_verify_mic(&minor, gc_peer_context(&ini), &plain, &mic, NULL);
    mic.value = NULL;
    mic.length = 0;
    if (GSS_ERROR(major)) {
        gc_print_gss_error(log, "sign-client: gss_verify_mic", major, minor);
        goto out;
    }
    fprintf(log, "sign-client: %s message sent, signature verified\n",
            conf ? "sealed" : "signed");
    result = 0;
out:
    if (fd >= 0)
        close(fd);
    gss_release_buffer(&minor, &wrapped);
    gc_buf_free(&in);
    gc_buf_free(&out);
    gc_peer_release(&ini);
    if (log != stderr)
        fclose(log);
    return result;
}
