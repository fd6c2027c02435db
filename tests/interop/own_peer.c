/*
 * own_peer.c - libspnego's own SPNEGO peer (the negotiation layer over
 * libspnego-gss, MIT krb5 / gss-ntlmssp underneath: gc_peer "own") speaking
 * the line protocol of tests/interop/peer_pipe.py, so that it can meet
 * SPNEGO implementations that must live in another process (Heimdal's
 * libgssapi, Samba's gensec with its bundled Heimdal).
 *
 *   own_peer init|acc [-mechs L] [-service S] [-corrupt mic|token]
 *            [-refuse-w2k-mic] [-always-mic] [-noflags] [-mit] [-wait]
 *            [-ntlm-user DOMAIN:user:password]
 *
 * -mit runs MIT's own SPNEGO mechanism instead (gc_peer "mit", with -mechs
 * as its gss_set_neg_mechs list): a reference for what MIT does with the
 * same peer.
 *
 * Protocol (one line each, stdout; logs go to stderr):
 *   in:  "tok <base64>"    the peer's SPNEGO token
 *        "wrap <text>"     gss_wrap text with the established context
 *        "unwrap <base64>" gss_unwrap and print the text
 *        "quit"
 *   out: ["tok <base64>"] then one status line: "cont", "done k=v ...",
 *        "fail <why>"; wrap: "tok <base64>" + "ok"; unwrap: "ok <text>".
 * An initiator answers once at start (its NegTokenInit) without input;
 * with -wait it waits for the acceptor's NegTokenInit2 instead
 * (server-initiated SPNEGO) and answers that.
 * "done" carries mech=<dotted OID as on the wire>, mic=<MIC state bits>
 * (required,sent,verified) and, for an acceptor, client=<principal>.
 *
 * -refuse-w2k-mic turns on SPNEGO_NEGOTIATE_REFUSE_W2K_MIC (Windows 2000
 * mechListMIC copies then count as MICs, and fail); it rebuilds the
 * negotiation context over the adapter's own callbacks, so -corrupt has no
 * effect with it.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "interop_peer.h"
#include "spnego_http.h"

#include "peer_lines.h"

#define SKIP 77

/* Recreates the negotiation context with extra SPNEGO_NEGOTIATE_* flags,
 * over the adapter's callbacks (before the first step). */
static int reflag(struct gc_peer *p, unsigned long flags)
{
    SPNEGO_NEGOTIATE_MECH entries[GC_MAX_MECHS];
    size_t i;

    for (i = 0; i < p->num_mechs; i++)
        if (spnegoGssMechEntry(p->own[i].gss, &entries[i]) != SPNEGO_E_SUCCESS)
            return -1;
    spnegoNegotiateFree(p->neg);
    p->neg = NULL;
    if (p->always_mic)
        flags |= SPNEGO_NEGOTIATE_ALWAYS_MIC;
    if (spnegoNegotiateCreate(p->initiator ? SPNEGO_NEGOTIATE_INITIATOR
                                           : SPNEGO_NEGOTIATE_ACCEPTOR,
                              entries, (unsigned long)p->num_mechs, flags,
                              &p->neg) != SPNEGO_E_SUCCESS)
        return -1;
    if (p->initiator && p->send_req_flags)
        (void)spnegoNegotiateSetReqFlags(p->neg,
                                         spnegoFlagsFromGss(p->req_flags));
    return 0;
}

static void print_done(const struct gc_peer *p)
{
    unsigned long index, mic = 0;
    SPNEGO_OID oid;
    char dotted[128], client[256];
    unsigned long cap = sizeof(dotted);

    if (p->mit) {
        printf("done mech=(MIT SPNEGO)");
        if (!p->initiator && gc_peer_client_name(p, client, sizeof(client)) == 0)
            printf(" client=%s", client);
        printf("\n");
        return;
    }
    strcpy(dotted, "?");
    if (spnegoNegotiateGetMech(p->neg, &index, &oid) != SPNEGO_E_SUCCESS ||
        spnegoOidToString(&oid, dotted, &cap) != SPNEGO_E_SUCCESS)
        strcpy(dotted, "?");
    (void)spnegoNegotiateGetMicState(p->neg, &mic);
    printf("done mech=%s mic=%s%s%s%s", dotted,
           (mic & SPNEGO_NEGOTIATE_MIC_REQUIRED) ? "required," : "",
           (mic & SPNEGO_NEGOTIATE_MIC_SENT) ? "sent," : "",
           (mic & SPNEGO_NEGOTIATE_MIC_VERIFIED) ? "verified," : "",
           mic == 0 ? "none" : "");
    if (!p->initiator && gc_peer_client_name(p, client, sizeof(client)) == 0)
        printf(" client=%s", client);
    printf("\n");
}

/* One negotiation step; prints the token (if any) and the status line. */
static void step(struct gc_peer *p, const unsigned char *in, size_t in_len)
{
    struct gc_buf out = {NULL, 0};
    int rc = gc_peer_step(p, in, in_len, &out);

    if (out.len > 0 && peer_put_b64("tok", out.data, out.len) != 0) {
        printf("fail base64\n");
        gc_buf_free(&out);
        return;
    }
    gc_buf_free(&out);
    if (rc == GC_ERROR)
        printf("fail %s\n", p->error);
    else if (rc == GC_DONE)
        print_done(p);
    else
        printf("cont\n");
}

static void do_wrap(struct gc_peer *p, const char *text)
{
    OM_uint32 major, minor;
    gss_buffer_desc msg, wrapped = GSS_C_EMPTY_BUFFER;

    if (!p->established) {
        printf("fail not established\n");
        return;
    }
    msg.value = (void *)(size_t)text;
    msg.length = strlen(text);
    major = gss_wrap(&minor, gc_peer_context(p), 1, GSS_C_QOP_DEFAULT, &msg,
                     NULL, &wrapped);
    if (GSS_ERROR(major)) {
        gc_print_gss_error(stderr, "gss_wrap", major, minor);
        printf("fail gss_wrap\n");
        return;
    }
    if (peer_put_b64("tok", wrapped.value, wrapped.length) != 0)
        printf("fail base64\n");
    else
        printf("ok\n");
    gss_release_buffer(&minor, &wrapped);
}

static void do_unwrap(struct gc_peer *p, const char *b64)
{
    OM_uint32 major, minor;
    gss_buffer_desc in, plain = GSS_C_EMPTY_BUFFER;
    struct gc_buf buf = {NULL, 0};

    if (!p->established || peer_get_b64(b64, &buf.data, &buf.len) != 0) {
        printf("fail not established or bad base64\n");
        return;
    }
    in.value = buf.data;
    in.length = buf.len;
    major = gss_unwrap(&minor, gc_peer_context(p), &in, &plain, NULL, NULL);
    if (GSS_ERROR(major)) {
        gc_print_gss_error(stderr, "gss_unwrap", major, minor);
        printf("fail gss_unwrap\n");
    } else {
        printf("ok %.*s\n", (int)plain.length, (const char *)plain.value);
    }
    gss_release_buffer(&minor, &plain);
    gc_buf_free(&buf);
}

int main(int argc, char **argv)
{
    struct gc_peer p;
    gss_OID_desc mechs[GC_MAX_MECHS];
    size_t num_mechs = 1;
    const char *service = "HTTP@localhost";
    int i, initiator, flags = 1, refuse_w2k = 0, mit = 0, wait = 0, rc = 0;
    struct gc_buf in = {NULL, 0};
    char *line, *line_buf;

    if (getenv("KRB5_CONFIG") == NULL) {
        printf("fail no test realm (run under tests/interop/realm.sh)\n");
        return SKIP;
    }
    if (argc < 2 || (strcmp(argv[1], "init") != 0 && strcmp(argv[1], "acc") != 0)) {
        fprintf(stderr, "usage: own_peer init|acc [-mechs L] [-service S] "
                        "[-corrupt mic|token] [-refuse-w2k-mic] "
                        "[-always-mic] [-noflags]\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    initiator = strcmp(argv[1], "init") == 0;
    memset(&p, 0, sizeof(p));
    p.label = initiator ? "own-init" : "own-acc";
    mechs[0] = gc_oid_krb5;
    for (i = 2; i < argc; i++) {
        if (strcmp(argv[i], "-mechs") == 0 && i + 1 < argc) {
            if (gc_parse_mechs(argv[++i], mechs, GC_MAX_MECHS, &num_mechs) != 0)
                return 2;
        } else if (strcmp(argv[i], "-service") == 0 && i + 1 < argc) {
            service = argv[++i];
        } else if (strcmp(argv[i], "-corrupt") == 0 && i + 1 < argc) {
            i++;
            p.corrupt = strcmp(argv[i], "mic") == 0 ? GC_CORRUPT_MIC
                                                    : GC_CORRUPT_TOKEN;
        } else if (strcmp(argv[i], "-refuse-w2k-mic") == 0) {
            refuse_w2k = 1;
        } else if (strcmp(argv[i], "-always-mic") == 0) {
            p.always_mic = 1;
        } else if (strcmp(argv[i], "-noflags") == 0) {
            flags = 0;
        } else if (strcmp(argv[i], "-mit") == 0) {
            mit = 1;
        } else if (strcmp(argv[i], "-wait") == 0) {
            wait = 1;
        } else if (strcmp(argv[i], "-ntlm-user") == 0 && i + 1 < argc) {
            if (peer_set_user_file(argv[++i]) != 0) {
                printf("fail cannot write the NTLM user file\n");
                return 1;
            }
        } else {
            fprintf(stderr, "own_peer: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    p.send_req_flags = flags;
    line_buf = malloc(PEER_MAX_LINE);
    if (line_buf == NULL)
        return 1;
    if (mit)
        p.label = initiator ? "MIT-init" : "MIT-acc";
    if (gc_peer_setup(&p, mit, initiator, initiator ? service : NULL, mechs,
                      num_mechs,
                      initiator ? GSS_C_MUTUAL_FLAG | GSS_C_INTEG_FLAG |
                                      GSS_C_CONF_FLAG | GSS_C_SEQUENCE_FLAG |
                                      GSS_C_REPLAY_FLAG
                                : 0) != 0 ||
        (refuse_w2k && !mit &&
         reflag(&p, SPNEGO_NEGOTIATE_REFUSE_W2K_MIC) != 0)) {
        printf("fail setup: %s\n", p.error);
        rc = 1;
        goto out;
    }
    if (initiator && !wait)
        step(&p, NULL, 0);
    for (;;) {
        line = peer_read_line(line_buf, PEER_MAX_LINE);
        if (line == NULL || strcmp(line, "quit") == 0)
            break;
        if (strncmp(line, "tok ", 4) == 0) {
            gc_buf_free(&in);
            if (peer_get_b64(line + 4, &in.data, &in.len) != 0) {
                printf("fail bad base64 input\n");
                continue;
            }
            step(&p, in.data, in.len);
        } else if (strncmp(line, "wrap ", 5) == 0) {
            do_wrap(&p, line + 5);
        } else if (strncmp(line, "unwrap ", 7) == 0) {
            do_unwrap(&p, line + 7);
        } else {
            printf("fail unknown command\n");
        }
    }
out:
    gc_buf_free(&in);
    gc_peer_release(&p);
    free(line_buf);
    return rc;
}
