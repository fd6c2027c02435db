/*
 * heimdal_peer.c - Heimdal's own SPNEGO (libgssapi.so.3, mechanism
 * 1.3.6.1.5.5.2) as an initiator or acceptor speaking the line protocol of
 * tests/interop/peer_pipe.py (the same as own_peer.c).
 *
 * Built against Heimdal only (-I/usr/include/heimdal, Heimdal's
 * libgssapi.so.3); it must never load MIT's libgssapi_krb5 too, so it runs
 * in its own process. libspnego's core library (standard C, no GSS-API) is
 * used for base64 only. Heimdal reads the same KRB5_CONFIG, KRB5CCNAME and
 * KRB5_KTNAME as MIT; its acceptor looks for a key of GSSAPI_SPNEGO_NAME
 * (set it to HTTP@localhost).
 *
 *   heimdal_peer init [-target HTTP@localhost] [-nomutual]
 *                     [-ntlm-user DOMAIN:user:password]
 *
 * Heimdal's NTLM initiator keeps only the user-file lines whose domain is
 * the target host (LOCALHOST:alice:pw for HTTP@localhost); -ntlm-user
 * writes such a file for this process only.
 *   heimdal_peer acc
 *
 * "start" (acceptor) calls gss_accept_sec_context with an empty token:
 * Heimdal then speaks first with a NegTokenInit2 (its mechanisms and a
 * hint), as SMB servers do.
 *
 * "done" reports mech=<dotted OID of the negotiated mechanism>
 * flags=<mutual,integ,conf> and, for an acceptor, client=<principal>.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include <gssapi/gssapi.h>

#include "spnego.h"
#include "spnego_http.h"

#include "peer_lines.h"

#define SKIP 77

static gss_OID_desc oid_spnego = {6, (void *)"\x2b\x06\x01\x05\x05\x02"};

struct peer {
    int initiator;
    OM_uint32 req_flags;
    gss_name_t target;
    gss_ctx_id_t ctx;
    gss_name_t src;
    gss_OID mech;
    OM_uint32 ret_flags;
    int established;
    int failed;
};

static void print_status(const char *what, OM_uint32 major, OM_uint32 minor,
                         gss_OID mech)
{
    OM_uint32 m, more = 0;
    gss_buffer_desc text;

    fprintf(stderr, "[heimdal] %s: major 0x%08lx minor %lu\n", what,
            (unsigned long)major, (unsigned long)minor);
    do {
        if (GSS_ERROR(gss_display_status(&m, major, GSS_C_GSS_CODE,
                                         GSS_C_NO_OID, &more, &text)))
            break;
        fprintf(stderr, "[heimdal]   %.*s\n", (int)text.length,
                (const char *)text.value);
        gss_release_buffer(&m, &text);
    } while (more != 0);
    more = 0;
    if (minor != 0) {
        do {
            if (GSS_ERROR(gss_display_status(&m, minor, GSS_C_MECH_CODE, mech,
                                             &more, &text)))
                break;
            fprintf(stderr, "[heimdal]   %.*s\n", (int)text.length,
                    (const char *)text.value);
            gss_release_buffer(&m, &text);
        } while (more != 0);
    }
}

static void print_oid(gss_OID oid)
{
    SPNEGO_OID o;
    char dotted[128];
    unsigned long cap = sizeof(dotted);

    if (oid == GSS_C_NO_OID) {
        printf("?");
        return;
    }
    o.pbOid = (const unsigned char *)oid->elements;
    o.ulOidLen = oid->length;
    if (spnegoOidToString(&o, dotted, &cap) == SPNEGO_E_SUCCESS)
        printf("%s", dotted);
    else
        printf("?");
}

static void print_done(struct peer *p)
{
    OM_uint32 minor;
    gss_buffer_desc name;

    printf("done mech=");
    print_oid(p->mech);
    printf(" flags=%s%s%s", (p->ret_flags & GSS_C_MUTUAL_FLAG) ? "mutual," : "",
           (p->ret_flags & GSS_C_INTEG_FLAG) ? "integ," : "",
           (p->ret_flags & GSS_C_CONF_FLAG) ? "conf," : "");
    if (!p->initiator && p->src != GSS_C_NO_NAME &&
        !GSS_ERROR(gss_display_name(&minor, p->src, &name, NULL))) {
        printf(" client=%.*s", (int)name.length, (const char *)name.value);
        gss_release_buffer(&minor, &name);
    }
    printf("\n");
}

static void step(struct peer *p, gss_buffer_desc *in)
{
    OM_uint32 major, minor = 0, m;
    gss_buffer_desc out = GSS_C_EMPTY_BUFFER;

    if (p->established || p->failed) {
        printf("fail context already finished\n");
        return;
    }
    if (p->initiator) {
        major = gss_init_sec_context(&minor, GSS_C_NO_CREDENTIAL, &p->ctx,
                                     p->target, &oid_spnego, p->req_flags, 0,
                                     GSS_C_NO_CHANNEL_BINDINGS,
                                     in != NULL ? in : GSS_C_NO_BUFFER,
                                     &p->mech, &out, &p->ret_flags, NULL);
    } else {
        if (p->src != GSS_C_NO_NAME)
            gss_release_name(&m, &p->src);
        major = gss_accept_sec_context(&minor, &p->ctx, GSS_C_NO_CREDENTIAL,
                                       in, GSS_C_NO_CHANNEL_BINDINGS, &p->src,
                                       &p->mech, &out, &p->ret_flags, NULL,
                                       NULL);
    }
    if (out.length > 0 && peer_put_b64("tok", out.value, out.length) != 0) {
        gss_release_buffer(&m, &out);
        printf("fail base64\n");
        return;
    }
    gss_release_buffer(&m, &out);
    if (GSS_ERROR(major)) {
        p->failed = 1;
        print_status(p->initiator ? "gss_init_sec_context(spnego)"
                                  : "gss_accept_sec_context(spnego)",
                     major, minor, p->mech);
        printf("fail Heimdal %s: major 0x%08lx minor %lu\n",
               p->initiator ? "gss_init_sec_context" : "gss_accept_sec_context",
               (unsigned long)major, (unsigned long)minor);
        return;
    }
    if (major & GSS_S_CONTINUE_NEEDED) {
        printf("cont\n");
        return;
    }
    p->established = 1;
    print_done(p);
}

static void do_wrap(struct peer *p, const char *text)
{
    OM_uint32 major, minor;
    gss_buffer_desc msg, wrapped = GSS_C_EMPTY_BUFFER;

    if (!p->established) {
        printf("fail not established\n");
        return;
    }
    msg.value = (void *)(size_t)text;
    msg.length = strlen(text);
    major = gss_wrap(&minor, p->ctx, 1, GSS_C_QOP_DEFAULT, &msg, NULL,
                     &wrapped);
    if (GSS_ERROR(major)) {
        print_status("gss_wrap", major, minor, p->mech);
        printf("fail gss_wrap\n");
        return;
    }
    if (peer_put_b64("tok", wrapped.value, wrapped.length) != 0)
        printf("fail base64\n");
    else
        printf("ok\n");
    gss_release_buffer(&minor, &wrapped);
}

static void do_unwrap(struct peer *p, const char *b64)
{
    OM_uint32 major, minor;
    gss_buffer_desc in, plain = GSS_C_EMPTY_BUFFER;
    unsigned char *data;
    size_t data_len;

    if (!p->established || peer_get_b64(b64, &data, &data_len) != 0) {
        printf("fail not established or bad base64\n");
        return;
    }
    in.value = data;
    in.length = data_len;
    major = gss_unwrap(&minor, p->ctx, &in, &plain, NULL, NULL);
    if (GSS_ERROR(major)) {
        print_status("gss_unwrap", major, minor, p->mech);
        printf("fail gss_unwrap\n");
    } else {
        printf("ok %.*s\n", (int)plain.length, (const char *)plain.value);
    }
    gss_release_buffer(&minor, &plain);
    free(in.value);
}

int main(int argc, char **argv)
{
    struct peer p;
    const char *target = "HTTP@localhost";
    gss_buffer_desc name, in;
    OM_uint32 major, minor;
    char *line, *line_buf;
    int i;

    if (getenv("KRB5_CONFIG") == NULL) {
        printf("fail no test realm (run under tests/interop/realm.sh)\n");
        return SKIP;
    }
    if (argc < 2 || (strcmp(argv[1], "init") != 0 && strcmp(argv[1], "acc") != 0)) {
        fprintf(stderr, "usage: heimdal_peer init|acc [-target S] [-nomutual]\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    memset(&p, 0, sizeof(p));
    p.initiator = strcmp(argv[1], "init") == 0;
    p.req_flags = GSS_C_MUTUAL_FLAG | GSS_C_INTEG_FLAG | GSS_C_CONF_FLAG |
                  GSS_C_SEQUENCE_FLAG | GSS_C_REPLAY_FLAG;
    p.ctx = GSS_C_NO_CONTEXT;
    p.target = GSS_C_NO_NAME;
    p.src = GSS_C_NO_NAME;
    for (i = 2; i < argc; i++) {
        if (strcmp(argv[i], "-target") == 0 && i + 1 < argc)
            target = argv[++i];
        else if (strcmp(argv[i], "-nomutual") == 0)
            p.req_flags &= ~(OM_uint32)GSS_C_MUTUAL_FLAG;
        else if (strcmp(argv[i], "-ntlm-user") == 0 && i + 1 < argc) {
            if (peer_set_user_file(argv[++i]) != 0) {
                printf("fail cannot write the NTLM user file\n");
                return 1;
            }
        }
        else {
            fprintf(stderr, "heimdal_peer: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    line_buf = malloc(PEER_MAX_LINE);
    if (line_buf == NULL)
        return 1;
    if (p.initiator) {
        name.value = (void *)(size_t)target;
        name.length = strlen(target);
        major = gss_import_name(&minor, &name, GSS_C_NT_HOSTBASED_SERVICE,
                                &p.target);
        if (GSS_ERROR(major)) {
            print_status("gss_import_name", major, minor, GSS_C_NO_OID);
            printf("fail gss_import_name\n");
            free(line_buf);
            return 1;
        }
        step(&p, NULL);
    }
    for (;;) {
        line = peer_read_line(line_buf, PEER_MAX_LINE);
        if (line == NULL || strcmp(line, "quit") == 0)
            break;
        if (strncmp(line, "tok ", 4) == 0) {
            unsigned char *data;
            size_t data_len;

            if (peer_get_b64(line + 4, &data, &data_len) != 0) {
                printf("fail bad base64 input\n");
                continue;
            }
            in.value = data;
            in.length = data_len;
            step(&p, &in);
            free(data);
        } else if (strcmp(line, "start") == 0 && !p.initiator) {
            in.value = NULL;
            in.length = 0;
            step(&p, &in);
        } else if (strncmp(line, "wrap ", 5) == 0) {
            do_wrap(&p, line + 5);
        } else if (strncmp(line, "unwrap ", 7) == 0) {
            do_unwrap(&p, line + 7);
        } else {
            printf("fail unknown command\n");
        }
    }
    if (p.ctx != GSS_C_NO_CONTEXT)
        gss_delete_sec_context(&minor, &p.ctx, GSS_C_NO_BUFFER);
    if (p.target != GSS_C_NO_NAME)
        gss_release_name(&minor, &p.target);
    if (p.src != GSS_C_NO_NAME)
        gss_release_name(&minor, &p.src);
    free(line_buf);
    return 0;
}
