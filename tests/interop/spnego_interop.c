/*
 * spnego_interop.c - interop test driver: libspnego against MIT krb5's own
 * SPNEGO implementation, in one process or over TCP (the examples' sign
 * protocol), and tokens for the hostile-HTTP test. Run under
 * tests/interop/realm.sh (it provides the KDC, keytab and ccache through
 * KRB5_* variables); exit 77 means "skipped".
 *
 *   spnego_interop inproc INIT ACC [-mechs L] [-acc-mechs L] [-noflags]
 *                  [-corrupt mic|token] [-expect-refused] [-expect-legs N]
 *                  [-expect-mic | -expect-no-mic] [-compare]
 *       INIT, ACC: own (libspnego + raw krb5) or mit (MIT SPNEGO mech).
 *       Runs the handshake token by token, prints each leg's structure,
 *       then checks gss_wrap/gss_unwrap and MICs across the two contexts.
 *       -corrupt damages our own side's MIC or krb5 token; the MIT peer
 *       must then refuse (-expect-refused). -compare runs the same
 *       negotiation MIT-to-MIT and requires the same token structure.
 *
 *   spnego_interop sign-server [-mechs L] [-port N] [-portfile F]
 *   spnego_interop sign-client -port N [-mechs L]
 *       MIT's SPNEGO mechanism as the other end of examples/sign_*.c
 *       (one client; -mechs: allowed / offered list, default krb5).
 *
 *   spnego_interop make-token [-corrupt token]
 *       Prints the base64 of a fresh NegTokenInit for HTTP@localhost.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "interop_peer.h"
#include "spnego_http.h"
#include "token_socket.h"

#define SKIP 77
#define MAX_LEGS 12

struct leg {
    int from_init;
    struct gc_shape shape;
};

struct run {
    struct leg legs[MAX_LEGS];
    int num_legs;
    int failed_side; /* 0 none, 1 initiator, 2 acceptor */
    int failed_rc;   /* an own side's SPNEGO_E_* status when it failed */
    int tampered;    /* tokens the man in the middle changed */
    int ini_done, acc_done;
    char error[300];
};

static const char *side_name(int mit, int initiator)
{
    if (initiator)
        return mit ? "MIT-init" : "own-init";
    return mit ? "MIT-acc" : "own-acc";
}

/* Wraps one message each way and exchanges MICs. */
static int check_contexts(struct gc_peer *ini, struct gc_peer *acc)
{
    OM_uint32 major, minor;
    gss_buffer_desc msg, wrapped = GSS_C_EMPTY_BUFFER;
    gss_buffer_desc plain = GSS_C_EMPTY_BUFFER, mic = GSS_C_EMPTY_BUFFER;
    int conf = 0, rc = -1;

    msg.value = (void *)(size_t)"interop message";
    msg.length = 15;
    major = gss_wrap(&minor, gc_peer_context(ini), 1, GSS_C_QOP_DEFAULT, &msg,
                     &conf, &wrapped);
    if (GSS_ERROR(major)) {
        gc_print_gss_error(stderr, "gss_wrap", major, minor);
        goto out;
    }
    major = gss_unwrap(&minor, gc_peer_context(acc), &wrapped, &plain, &conf,
                       NULL);
    if (GSS_ERROR(major) || plain.length != msg.length ||
        memcmp(plain.value, msg.value, msg.length) != 0) {
        gc_print_gss_error(stderr, "gss_unwrap", major, minor);
        goto out;
    }
    major = gss_get_mic(&minor, gc_peer_context(acc), GSS_C_QOP_DEFAULT, &msg,
                        &mic);
    if (GSS_ERROR(major)) {
        gc_print_gss_error(stderr, "gss_get_mic", major, minor);
        goto out;
    }
    major = gss_verify_mic(&minor, gc_peer_context(ini), &msg, &mic, NULL);
    if (GSS_ERROR(major)) {
        gc_print_gss_error(stderr, "gss_verify_mic", major, minor);
        goto out;
    }
    rc = 0;
out:
    gss_release_buffer(&minor, &wrapped);
    gss_release_buffer(&minor, &plain);
    gss_release_buffer(&minor, &mic);
    return rc;
}

struct inproc_opts {
    int init_mit, acc_mit;
    gss_OID_desc mechs[GC_MAX_MECHS];
    size_t num_mechs;
    gss_OID_desc acc_mechs[GC_MAX_MECHS];
    size_t num_acc_mechs;
    int flags;
    int corrupt;
    const char *tamper; /* a man in the middle: see tamper() */
};

/*
 * A man in the middle between the two peers rewrites one kind of token
 * (with the public parse and build API) before it is delivered:
 *   supported-mech      the acceptor's first reply names NegoEx instead
 *   strip-aprep         the acceptor's accept-completed loses its token
 *                       (mutual authentication skipped)
 *   drop-acceptor-mic   every acceptor reply loses its mechListMIC
 *   flip-initiator-mic  one bit of the initiator's mechListMIC flips
 *   drop-initiator-mic  the initiator's mechListMIC is removed
 *   strip-first-mech    the NegTokenInit loses its first mechanism and
 *                       the optimistic token (a downgrade)
 * Returns 1 when it changed the token.
 */
static int tamper(const char *kind, int from_init, struct gc_buf *tok)
{
    static const unsigned char negoex[] = {0x2b, 0x06, 0x01, 0x04, 0x01,
                                           0x82, 0x37, 0x02, 0x02, 0x1e};
    SPNEGO_TOKEN_HANDLE in = NULL, out = NULL;
    SPNEGO_NEGRESULT state = spnego_negresult_NotUsed;
    SPNEGO_OID mech, *oids = NULL;
    const unsigned char *t = NULL, *mic = NULL, *bytes;
    unsigned long t_len = 0, mic_len = 0, n = 0, i, len;
    unsigned char flipped[4096];
    int type = -1, changed = 0, has_mech;

    if (kind == NULL ||
        spnegoInitFromBinary(tok->data, (unsigned long)tok->len, &in) != SPNEGO_E_SUCCESS)
        return 0;
    (void)spnegoGetTokenType(in, &type);
    (void)spnegoGetNegotiationResult(in, &state);
    has_mech = spnegoGetSupportedMechOID(in, &mech) == SPNEGO_E_SUCCESS;
    if (spnegoGetMechTokenPtr(in, &t, &t_len) != SPNEGO_E_SUCCESS)
        t = NULL, t_len = 0;
    if (spnegoGetMechListMICPtr(in, &mic, &mic_len) != SPNEGO_E_SUCCESS)
        mic = NULL, mic_len = 0;
    if (type == SPNEGO_TOKEN_INIT && from_init && strcmp(kind, "strip-first-mech") == 0 &&
        spnegoGetMechTypeCount(in, &n) == SPNEGO_E_SUCCESS && n > 1 &&
        (oids = calloc(n, sizeof(*oids))) != NULL) {
        for (i = 1; i < n; i++)
            (void)spnegoGetMechTypeOIDPtr(in, i, &oids[i - 1]);
        changed = spnegoCreateNegTokenInitEx(oids, n - 1, 0, NULL, 0, NULL, 0, 0, &out) ==
                  SPNEGO_E_SUCCESS;
    } else if (type == SPNEGO_TOKEN_TARG && !from_init) {
        if (strcmp(kind, "supported-mech") == 0 && has_mech) {
            mech.pbOid = negoex;
            mech.ulOidLen = sizeof(negoex);
            changed = 1;
        } else if (strcmp(kind, "strip-aprep") == 0 && state == spnego_negresult_success &&
                   t != NULL) {
            t = NULL, t_len = 0;
            changed = 1;
        } else if (strcmp(kind, "drop-acceptor-mic") == 0 && mic != NULL) {
            mic = NULL, mic_len = 0;
            changed = 1;
        }
    } else if (type == SPNEGO_TOKEN_TARG && from_init && mic != NULL &&
               mic_len <= sizeof(flipped)) {
        if (strcmp(kind, "flip-initiator-mic") == 0) {
            memcpy(flipped, mic, mic_len);
            flipped[mic_len - 1] ^= 0x01;
            mic = flipped;
            changed = 1;
        } else if (strcmp(kind, "drop-initiator-mic") == 0) {
            mic = NULL, mic_len = 0;
            changed = 1;
        }
    }
    if (changed && out == NULL &&
        spnegoCreateNegTokenTargEx(has_mech ? &mech : NULL, state, t, t_len, mic, mic_len,
                                   &out) != SPNEGO_E_SUCCESS)
        changed = 0;
    if (changed && spnegoTokenGetBinaryPtr(out, &bytes, &len) == SPNEGO_E_SUCCESS &&
        gc_buf_set(tok, bytes, len) == 0)
        printf("tamper: %s\n", kind);
    else
        changed = 0;
    free(oids);
    spnegoFreeData(out);
    spnegoFreeData(in);
    return changed;
}

/* Runs one in-process handshake; 0 when both sides established. */
static int run_handshake(const struct inproc_opts *o, struct run *r,
                         int check_wrap, const char *tag)
{
    struct gc_peer ini, acc;
    struct gc_peer *peers[2];
    struct gc_buf tok = {NULL, 0}, reply = {NULL, 0};
    int rc, cur, result = -1;
    char prefix[64];

    memset(r, 0, sizeof(*r));
    memset(&ini, 0, sizeof(ini));
    memset(&acc, 0, sizeof(acc));
    ini.label = side_name(o->init_mit, 1);
    acc.label = side_name(o->acc_mit, 0);
    ini.send_req_flags = o->flags;
    if (!o->init_mit)
        ini.corrupt = o->corrupt;
    if (!o->acc_mit)
        acc.corrupt = o->corrupt;
    if (gc_peer_setup(&ini, o->init_mit, 1, "HTTP@localhost", o->mechs,
                      o->num_mechs,
                      GSS_C_MUTUAL_FLAG | GSS_C_INTEG_FLAG |
                          GSS_C_CONF_FLAG | GSS_C_SEQUENCE_FLAG |
                          GSS_C_REPLAY_FLAG) != 0) {
        snprintf(r->error, sizeof(r->error), "initiator setup: %s",
                 ini.error);
        goto out;
    }
    if (gc_peer_setup(&acc, o->acc_mit, 0, NULL, o->acc_mechs,
                      o->num_acc_mechs, 0) != 0) {
        snprintf(r->error, sizeof(r->error), "acceptor setup: %s",
                 acc.error);
        goto out;
    }
    peers[0] = &ini;
    peers[1] = &acc;
    rc = gc_peer_step(&ini, NULL, 0, &tok);
    if (rc == GC_ERROR) {
        r->failed_side = 1;
        snprintf(r->error, sizeof(r->error), "%s: %s", ini.label, ini.error);
        goto out;
    }
    cur = 0; /* who sent tok */
    while (tok.len > 0) {
        struct gc_peer *to = peers[1 - cur];

        if (r->num_legs == MAX_LEGS) {
            snprintf(r->error, sizeof(r->error), "too many legs");
            goto out;
        }
        r->legs[r->num_legs].from_init = cur == 0;
        gc_token_shape(tok.data, tok.len, &r->legs[r->num_legs].shape);
        snprintf(prefix, sizeof(prefix), "%sleg %d %s -> %s", tag,
                 r->num_legs + 1, peers[cur]->label, to->label);
        gc_print_shape(stdout, prefix, &r->legs[r->num_legs].shape);
        r->num_legs++;
        if (tamper(o->tamper, cur == 0, &tok))
            r->tampered++;
        rc = gc_peer_step(to, tok.data, tok.len, &reply);
        if (rc == GC_ERROR) {
            r->failed_side = to == &ini ? 1 : 2;
            r->failed_rc = to->neg_rc;
            snprintf(r->error, sizeof(r->error), "%s refused: %s", to->label,
                     to->error);
            if (reply.len > 0) {
                struct gc_shape s;

                gc_token_shape(reply.data, reply.len, &s);
                snprintf(prefix, sizeof(prefix), "%s(error reply) %s", tag,
                         to->label);
                gc_print_shape(stdout, prefix, &s);
            }
            goto out;
        }
        gc_buf_free(&tok);
        tok = reply;
        reply.data = NULL;
        reply.len = 0;
        cur = 1 - cur;
    }
    r->ini_done = ini.established;
    r->acc_done = acc.established;
    if (!ini.established || !acc.established) {
        snprintf(r->error, sizeof(r->error),
                 "exchange stopped: initiator %s, acceptor %s",
                 ini.established ? "done" : "not done",
                 acc.established ? "done" : "not done");
        goto out;
    }
    if (check_wrap && check_contexts(&ini, &acc) != 0) {
        snprintf(r->error, sizeof(r->error), "contexts do not interoperate");
        goto out;
    }
    result = 0;
out:
    gc_buf_free(&tok);
    gc_buf_free(&reply);
    gc_peer_release(&ini);
    gc_peer_release(&acc);
    return result;
}

static int mic_count(const struct run *r, int from_init)
{
    int i, n = 0;

    for (i = 0; i < r->num_legs; i++)
        if (r->legs[i].from_init == from_init && r->legs[i].shape.mic_len > 0)
            n++;
    return n;
}

static int compare_runs(const struct run *own, const struct run *mit,
                        int first_is_krb5)
{
    int i, ok = 1;

    if (own->num_legs != mit->num_legs) {
        printf("compare: %d legs, MIT-to-MIT had %d\n", own->num_legs,
               mit->num_legs);
        return -1;
    }
    for (i = 0; i < own->num_legs; i++) {
        const struct gc_shape *a = &own->legs[i].shape, *b = &mit->legs[i].shape;
        /* MIT sends an optimistic token for a non-krb5 first choice (e.g.
         * NTLM NEGOTIATE); we cannot, so leg 1's token may differ. */
        int token_ok = (a->token_len > 0) == (b->token_len > 0) ||
                       (i == 0 && !first_is_krb5);

        if (a->type != b->type || a->neg_state != b->neg_state ||
            a->has_mech != b->has_mech || !token_ok ||
            (a->mic_len > 0) != (b->mic_len > 0)) {
            printf("compare: leg %d differs from MIT-to-MIT\n", i + 1);
            ok = 0;
        }
    }
    return ok ? 0 : -1;
}

static int cmd_inproc(int argc, char **argv)
{
    struct inproc_opts o;
    struct run r, ref;
    int i, expect_refused = 0, expect_legs = 0, expect_mic = -1, compare = 0;
    int expect_side = 0, expect_code = 0, expect_incomplete = 0;
    int rc, ok = 1;

    if (argc < 2)
        return 2;
    memset(&o, 0, sizeof(o));
    o.init_mit = strcmp(argv[0], "mit") == 0;
    o.acc_mit = strcmp(argv[1], "mit") == 0;
    o.mechs[0] = gc_oid_krb5;
    o.num_mechs = 1;
    o.acc_mechs[0] = gc_oid_krb5;
    o.num_acc_mechs = 1;
    o.flags = 1;
    for (i = 2; i < argc; i++) {
        if (strcmp(argv[i], "-mechs") == 0 && i + 1 < argc) {
            if (gc_parse_mechs(argv[++i], o.mechs, GC_MAX_MECHS,
                               &o.num_mechs) != 0)
                return 2;
        } else if (strcmp(argv[i], "-acc-mechs") == 0 && i + 1 < argc) {
            if (gc_parse_mechs(argv[++i], o.acc_mechs, GC_MAX_MECHS,
                               &o.num_acc_mechs) != 0)
                return 2;
        } else if (strcmp(argv[i], "-noflags") == 0) {
            o.flags = 0;
        } else if (strcmp(argv[i], "-corrupt") == 0 && i + 1 < argc) {
            i++;
            o.corrupt = strcmp(argv[i], "mic") == 0 ? GC_CORRUPT_MIC
                                                    : GC_CORRUPT_TOKEN;
        } else if (strcmp(argv[i], "-expect-refused") == 0) {
            expect_refused = 1;
        } else if (strcmp(argv[i], "-expect-legs") == 0 && i + 1 < argc) {
            expect_legs = atoi(argv[++i]);
        } else if (strcmp(argv[i], "-expect-mic") == 0) {
            expect_mic = 1;
        } else if (strcmp(argv[i], "-expect-no-mic") == 0) {
            expect_mic = 0;
        } else if (strcmp(argv[i], "-compare") == 0) {
            compare = 1;
        } else if (strcmp(argv[i], "-tamper") == 0 && i + 1 < argc) {
            o.tamper = argv[++i];
        } else if (strcmp(argv[i], "-expect-own-fail") == 0 && i + 2 < argc) {
            expect_side = strcmp(argv[++i], "init") == 0 ? 1 : 2;
            expect_code = atoi(argv[++i]);
        } else if (strcmp(argv[i], "-expect-own-incomplete") == 0) {
            expect_incomplete = 1;
        } else {
            fprintf(stderr, "inproc: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    printf("inproc: %s -> %s\n", side_name(o.init_mit, 1),
           side_name(o.acc_mit, 0));
    rc = run_handshake(&o, &r, !expect_refused, "");
    if (o.tamper != NULL && r.tampered == 0) {
        printf("FAIL: the man in the middle found no token to change (%s)\n", o.tamper);
        return 1;
    }
    if (expect_side != 0) {
        /* A tampered exchange: our side must refuse with exactly this code. */
        if (rc == 0 || r.failed_side != expect_side || r.failed_rc != expect_code) {
            printf("FAIL: expected the own %s to fail with %d (%s), got: %s (side %d, "
                   "status %d)\n",
                   expect_side == 1 ? "initiator" : "acceptor", expect_code,
                   spnegoErrorString(expect_code), rc == 0 ? "success" : r.error,
                   r.failed_side, r.failed_rc);
            return 1;
        }
        printf("OK: %s (as expected)\n", r.error);
        return 0;
    }
    if (expect_incomplete) {
        /* Our side must never report success, whoever stops first. */
        int own_done = o.init_mit ? r.acc_done : r.ini_done;

        if (rc == 0 || own_done) {
            printf("FAIL: the own side completed a tampered exchange\n");
            return 1;
        }
        printf("OK: the own side did not complete: %s\n", r.error);
        return 0;
    }
    if (expect_refused) {
        /* The damaged token comes from our side; the MIT side must say no. */
        int mit_side = o.init_mit ? 1 : 2;

        if (rc == 0) {
            printf("FAIL: the damaged %s was accepted\n",
                   o.corrupt == GC_CORRUPT_MIC ? "mechListMIC" : "krb5 token");
            return 1;
        }
        if (r.failed_side != mit_side) {
            printf("FAIL: failed on the wrong side: %s\n", r.error);
            return 1;
        }
        printf("OK: %s (as expected)\n", r.error);
        return 0;
    }
    if (rc != 0) {
        printf("FAIL: %s\n", r.error);
        return 1;
    }
    if (expect_legs != 0 && r.num_legs != expect_legs) {
        printf("FAIL: %d legs, expected %d\n", r.num_legs, expect_legs);
        ok = 0;
    }
    if (expect_mic == 1 && (mic_count(&r, 1) == 0 || mic_count(&r, 0) == 0)) {
        printf("FAIL: expected a mechListMIC in each direction\n");
        ok = 0;
    }
    if (expect_mic == 0 && (mic_count(&r, 1) != 0 || mic_count(&r, 0) != 0)) {
        printf("FAIL: unexpected mechListMIC\n");
        ok = 0;
    }
    if (!o.init_mit && r.legs[0].shape.has_req_flags != o.flags) {
        printf("FAIL: reqFlags %s in our NegTokenInit\n",
               o.flags ? "missing" : "present");
        ok = 0;
    }
    if (compare && ok && o.mechs[0].length == gc_oid_ntlmssp.length &&
        memcmp(o.mechs[0].elements, gc_oid_ntlmssp.elements,
               gc_oid_ntlmssp.length) == 0 &&
        (getenv("SPNEGO_HAVE_NTLMSSP") == NULL ||
         strcmp(getenv("SPNEGO_HAVE_NTLMSSP"), "1") != 0)) {
        /* MIT's initiator cannot offer ntlmssp without gss-ntlmssp. */
        printf("compare: skipped (gss-ntlmssp not installed)\n");
        compare = 0;
    }
    if (compare && ok) {
        struct inproc_opts m = o;

        m.init_mit = 1;
        m.acc_mit = 1;
        m.corrupt = GC_CORRUPT_NONE;
        printf("reference: MIT-init -> MIT-acc, same mechanisms\n");
        if (run_handshake(&m, &ref, 1, "  ref ") != 0) {
            printf("FAIL: reference MIT-to-MIT run: %s\n", ref.error);
            ok = 0;
        } else if (compare_runs(&r, &ref,
                                o.mechs[0].length == gc_oid_krb5.length &&
                                    memcmp(o.mechs[0].elements,
                                           gc_oid_krb5.elements,
                                           gc_oid_krb5.length) == 0) != 0) {
            ok = 0;
        } else {
            printf("compare: same structure as MIT-to-MIT\n");
        }
    }
    if (!ok)
        return 1;
    printf("OK: %d legs, mechListMIC init->acc %d acc->init %d, "
           "wrap/unwrap and MIC across contexts verified\n",
           r.num_legs, mic_count(&r, 1), mic_count(&r, 0));
    return 0;
}

/* ------------------------------------------------------------------------ */
/* MIT's SPNEGO speaking the sign protocol (examples/sign_*.c)              */
/* ------------------------------------------------------------------------ */

/* Runs the exchange over fd until both sides are done. 0 on success. */
static int sign_exchange(int fd, struct gc_peer *p)
{
    struct gc_buf out = {NULL, 0};
    unsigned char *in = NULL;
    size_t in_len = 0;
    int rc = GC_CONTINUE, result = -1;

    if (p->initiator)
        rc = gc_peer_step(p, NULL, 0, &out);
    for (;;) {
        if (out.len > 0 && token_send(fd, out.data, out.len) != 0)
            break;
        if (rc == GC_ERROR) {
            printf("%s: %s\n", p->label, p->error);
            break;
        }
        if (rc == GC_DONE) {
            result = 0;
            break;
        }
        free(in);
        if (token_recv(fd, &in, &in_len) != 0) {
            printf("%s: no token from the peer\n", p->label);
            break;
        }
        rc = gc_peer_step(p, in, in_len, &out);
    }
    free(in);
    gc_buf_free(&out);
    return result;
}

/*
 * sign-server (MIT SPNEGO acceptor, one client) or sign-client (MIT
 * SPNEGO initiator): the other end of the examples' sign pair, so that
 * own/MIT x client/server all run over TCP.
 */
static int cmd_sign(int server, int argc, char **argv)
{
    gss_OID_desc mechs[GC_MAX_MECHS];
    size_t num_mechs = 0;
    const char *port_file = NULL, *msg = "hello from MIT's SPNEGO";
    unsigned long port = 0;
    struct gc_peer p;
    gss_buffer_desc plain = GSS_C_EMPTY_BUFFER, wire = GSS_C_EMPTY_BUFFER;
    gss_buffer_desc mic = GSS_C_EMPTY_BUFFER;
    OM_uint32 major, minor;
    unsigned char *in = NULL;
    size_t in_len;
    int i, lfd = -1, fd = -1, result = 1;

    for (i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-mechs") == 0 && i + 1 < argc) {
            if (gc_parse_mechs(argv[++i], mechs, GC_MAX_MECHS, &num_mechs) != 0)
                return 2;
        } else if (strcmp(argv[i], "-portfile") == 0 && i + 1 < argc) {
            port_file = argv[++i];
        } else if (strcmp(argv[i], "-port") == 0 && i + 1 < argc) {
            port = strtoul(argv[++i], NULL, 10);
        } else {
            return 2;
        }
    }
    if (num_mechs == 0) {
        mechs[0] = gc_oid_krb5;
        num_mechs = 1;
    }
    memset(&p, 0, sizeof(p));
    p.label = server ? "MIT sign-server" : "MIT sign-client";
    if (gc_peer_setup(&p, 1, !server, server ? NULL : "host@localhost", mechs,
                      num_mechs,
                      GSS_C_MUTUAL_FLAG | GSS_C_INTEG_FLAG | GSS_C_CONF_FLAG |
                          GSS_C_SEQUENCE_FLAG | GSS_C_REPLAY_FLAG) != 0) {
        printf("%s: %s\n", p.label, p.error);
        goto out;
    }
    if (server) {
        if (port > 65535 ||
            (lfd = token_listen((unsigned short)port, port_file)) < 0 ||
            (fd = token_accept(lfd)) < 0)
            goto out;
    } else if (port == 0 || port > 65535 ||
               (fd = token_connect((unsigned short)port)) < 0) {
        goto out;
    }
    if (sign_exchange(fd, &p) != 0)
        goto out;
    if (server) {
        /* unwrap the client's message, answer with its MIC */
        if (token_recv(fd, &in, &in_len) != 0)
            goto out;
        wire.value = in;
        wire.length = in_len;
        major = gss_unwrap(&minor, gc_peer_context(&p), &wire, &plain, NULL,
                           NULL);
        wire.value = NULL;
        wire.length = 0;
        if (GSS_ERROR(major) ||
            GSS_ERROR(gss_get_mic(&minor, gc_peer_context(&p),
                                  GSS_C_QOP_DEFAULT, &plain, &mic)) ||
            token_send(fd, mic.value, mic.length) != 0)
            goto out;
        printf("%s: message \"%.*s\" unwrapped, MIC sent\n", p.label,
               (int)plain.length, (const char *)plain.value);
    } else {
        gss_buffer_desc text;

        text.value = (void *)(size_t)msg;
        text.length = strlen(msg);
        if (GSS_ERROR(gss_wrap(&minor, gc_peer_context(&p), 1,
                               GSS_C_QOP_DEFAULT, &text, NULL, &wire)) ||
            token_send(fd, wire.value, wire.length) != 0 ||
            token_recv(fd, &in, &in_len) != 0)
            goto out;
        mic.value = in;
        mic.length = in_len;
        major = gss_verify_mic(&minor, gc_peer_context(&p), &text, &mic, NULL);
        mic.value = NULL;
        mic.length = 0;
        if (GSS_ERROR(major)) {
            printf("%s: the server's MIC does not verify\n", p.label);
            goto out;
        }
        printf("%s: message sent, signature verified\n", p.label);
    }
    result = 0;
out:
    gss_release_buffer(&minor, &plain);
    gss_release_buffer(&minor, &wire);
    gss_release_buffer(&minor, &mic);
    free(in);
    if (fd >= 0)
        close(fd);
    if (lfd >= 0)
        close(lfd);
    gc_peer_release(&p);
    return result;
}

/* ------------------------------------------------------------------------ */
/* make-token: a fresh NegTokenInit for the hostile-HTTP test               */
/* ------------------------------------------------------------------------ */

/* Prints the base64 of our NegTokenInit for HTTP@localhost (krb5 first,
 * optimistic AP-REQ): material for tests/interop/hostile_http.py to
 * truncate and damage. -corrupt token damages the AP-REQ's ciphertext. */
static int cmd_make_token(int argc, char **argv)
{
    struct gc_peer p;
    struct gc_buf tok = {NULL, 0};
    char *b64 = NULL;
    unsigned long b64_len = 0;
    int result = 1;

    memset(&p, 0, sizeof(p));
    p.label = "make-token";
    p.send_req_flags = 1;
    if (argc == 2 && strcmp(argv[0], "-corrupt") == 0 &&
        strcmp(argv[1], "token") == 0)
        p.corrupt = GC_CORRUPT_TOKEN;
    else if (argc != 0)
        return 2;
    if (gc_peer_setup(&p, 0, 1, "HTTP@localhost", NULL, 0,
                      GSS_C_MUTUAL_FLAG | GSS_C_INTEG_FLAG) != 0 ||
        gc_peer_step(&p, NULL, 0, &tok) != GC_CONTINUE) {
        printf("make-token: %s\n", p.error);
        goto out;
    }
    if (spnegoBase64Encode(tok.data, (unsigned long)tok.len, NULL, &b64_len) !=
            SPNEGO_E_BUFFER_TOO_SMALL ||
        (b64 = malloc(b64_len)) == NULL ||
        spnegoBase64Encode(tok.data, (unsigned long)tok.len, b64, &b64_len) !=
            SPNEGO_E_SUCCESS)
        goto out;
    printf("%s\n", b64);
    result = 0;
out:
    free(b64);
    gc_buf_free(&tok);
    gc_peer_release(&p);
    return result;
}

int main(int argc, char **argv)
{
    if (getenv("KRB5_CONFIG") == NULL) {
        printf("no test realm (run under tests/interop/realm.sh): skipped\n");
        return SKIP;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc >= 2 && strcmp(argv[1], "inproc") == 0)
        return cmd_inproc(argc - 2, argv + 2);
    if (argc >= 2 && strcmp(argv[1], "sign-server") == 0)
        return cmd_sign(1, argc - 2, argv + 2);
    if (argc >= 2 && strcmp(argv[1], "sign-client") == 0)
        return cmd_sign(0, argc - 2, argv + 2);
    if (argc >= 2 && strcmp(argv[1], "make-token") == 0)
        return cmd_make_token(argc - 2, argv + 2);
    fprintf(stderr, "usage: spnego_interop inproc INIT ACC [options] | "
                    "sign-server [-mechs L] [-portfile F] | "
                    "sign-client -port N [-mechs L] | "
                    "make-token [-corrupt token]\n");
    return 2;
}
