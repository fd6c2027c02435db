/*
 * interop_peer.c - the interop test driver's SPNEGO peers: libspnego's
 * negotiation layer over libspnego-gss ("own"), or MIT krb5's own SPNEGO
 * mechanism ("mit"), stepped one token at a time. Test code, not part of
 * the library; see interop_peer.h.
 *
 * The own-SPNEGO state machines follow RFC 4178 as MIT's peers expect it:
 *  - krb5 first and accepted: NegTokenInit(AP-REQ) -> accept-completed +
 *    supportedMech + AP-REP; no mechListMIC either way.
 *  - krb5 chosen but not the initiator's first choice: the acceptor answers
 *    request-mic + supportedMech; both sides then send a mechListMIC over
 *    the exact MechTypeList bytes (section 5), made with gss_get_mic on the
 *    krb5 context: acceptor with the AP-REP, initiator in its final token.
 *  - a peer that sends a mechListMIC always gets one back.
 */
#define _POSIX_C_SOURCE 200809L

#include "interop_peer.h"

#include <stdlib.h>
#include <string.h>



gss_OID_desc gc_oid_krb5 = {9, (void *)"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02"};
gss_OID_desc gc_oid_mskrb5 = {9, (void *)"\x2a\x86\x48\x82\xf7\x12\x01\x02\x02"};
gss_OID_desc gc_oid_spnego = {6, (void *)"\x2b\x06\x01\x05\x05\x02"};
gss_OID_desc gc_oid_ntlmssp = {10,
                               (void *)"\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a"};

/* ------------------------------------------------------------------------ */
/* buffers, names, errors                                                   */
/* ------------------------------------------------------------------------ */

void gc_buf_free(struct gc_buf *buf)
{
    if (buf == NULL)
        return;
    free(buf->data);
    buf->data = NULL;
    buf->len = 0;
}

int gc_buf_set(struct gc_buf *buf, const void *data, size_t len)
{
    unsigned char *copy;

    copy = malloc(len + 1); /* +1: room for a NUL, and never malloc(0) */
    if (copy == NULL)
        return -1;
    if (len > 0)
        memcpy(copy, data, len);
    copy[len] = 0;
    free(buf->data);
    buf->data = copy;
    buf->len = len;
    return 0;
}

static void print_status_list(FILE *f, OM_uint32 code, int type,
                              const gss_OID mech)
{
    OM_uint32 minor, more = 0;
    gss_buffer_desc text;

    do {
        text.length = 0;
        text.value = NULL;
        if (GSS_ERROR(gss_display_status(&minor, code, type, mech, &more,
                                         &text)))
            return;
        fprintf(f, "  %.*s\n", (int)text.length, (const char *)text.value);
        gss_release_buffer(&minor, &text);
    } while (more != 0);
}

void gc_print_gss_error(FILE *f, const char *what, OM_uint32 major,
                        OM_uint32 minor)
{
    fprintf(f, "%s: GSS major 0x%08lx minor %lu\n", what,
            (unsigned long)major, (unsigned long)minor);
    print_status_list(f, major, GSS_C_GSS_CODE, GSS_C_NO_OID);
    if (minor != 0)
        print_status_list(f, minor, GSS_C_MECH_CODE, GSS_C_NO_OID);
}

static int oid_is(const gss_OID_desc *oid, const unsigned char *bytes,
                  size_t len)
{
    return oid->length == len && memcmp(oid->elements, bytes, len) == 0;
}

static int is_krb5_oid(const unsigned char *bytes, size_t len)
{
    return oid_is(&gc_oid_krb5, bytes, len) ||
           oid_is(&gc_oid_mskrb5, bytes, len);
}

const char *gc_mech_name(const unsigned char *oid, size_t oid_len)
{
    SPNEGO_OID o;

    o.pbOid = oid;
    o.ulOidLen = (unsigned long)oid_len;
    switch (spnegoMechOidLookup(&o)) {
    case spnego_mech_oid_Kerberos_V5_Legacy:
        return "mskrb5";
    case spnego_mech_oid_Kerberos_V5:
        return "krb5";
    case spnego_mech_oid_Spnego:
        return "spnego";
    case spnego_mech_oid_NTLMSSP:
        return "ntlmssp";
    case spnego_mech_oid_NegoEx:
        return "negoex";
    case spnego_mech_oid_IAKERB:
        return "iakerb";
    case spnego_mech_oid_Kerberos_V5_U2U:
        return "krb5-u2u";
    default:
        return "other";
    }
}

const char *gc_neg_state_name(int neg_state)
{
    switch (neg_state) {
    case spnego_negresult_success:
        return "accept-completed";
    case spnego_negresult_incomplete:
        return "accept-incomplete";
    case spnego_negresult_rejected:
        return "reject";
    case spnego_negresult_request_mic:
        return "request-mic";
    default:
        return "absent";
    }
}

int gc_parse_mechs(const char *list, gss_OID_desc *out, size_t cap,
                   size_t *out_num)
{
    static unsigned char dotted[GC_MAX_MECHS][32];
    static size_t next_dotted;
    const char *p = list;
    size_t num = 0;

    while (*p != '\0') {
        char name[64];
        size_t n = strcspn(p, ",");
        SPNEGO_MECH_OID m = spnego_mech_oid_NotUsed;
        SPNEGO_OID o;

        if (n == 0 || n >= sizeof(name) || num >= cap)
            return -1;
        memcpy(name, p, n);
        name[n] = '\0';
        if (strcmp(name, "krb5") == 0)
            m = spnego_mech_oid_Kerberos_V5;
        else if (strcmp(name, "mskrb5") == 0)
            m = spnego_mech_oid_Kerberos_V5_Legacy;
        else if (strcmp(name, "ntlmssp") == 0 || strcmp(name, "ntlm") == 0)
            m = spnego_mech_oid_NTLMSSP;
        else if (strcmp(name, "negoex") == 0)
            m = spnego_mech_oid_NegoEx;
        else if (strcmp(name, "iakerb") == 0)
            m = spnego_mech_oid_IAKERB;
        if (m != spnego_mech_oid_NotUsed) {
            if (spnegoMechOidGet(m, &o) != SPNEGO_E_SUCCESS)
                return -1;
        } else {
            unsigned long len = sizeof(dotted[0]);

            if (next_dotted >= GC_MAX_MECHS ||
                spnegoOidFromString(name, dotted[next_dotted], &len) !=
                    SPNEGO_E_SUCCESS)
                return -1;
            o.pbOid = dotted[next_dotted++];
            o.ulOidLen = len;
        }
        out[num].length = (OM_uint32)o.ulOidLen;
        out[num].elements = (void *)(size_t)o.pbOid; /* GSS wants void * */
        num++;
        p += n;
        if (*p == ',')
            p++;
    }
    if (num == 0)
        return -1;
    *out_num = num;
    return 0;
}

int gc_import_service(const char *service, gss_name_t *out_name)
{
    OM_uint32 major, minor;
    gss_buffer_desc text;

    text.value = (void *)(size_t)service;
    text.length = strlen(service);
    major = gss_import_name(&minor, &text, GSS_C_NT_HOSTBASED_SERVICE,
                            out_name);
    if (GSS_ERROR(major)) {
        gc_print_gss_error(stderr, "gss_import_name", major, minor);
        return -1;
    }
    return 0;
}

static void peer_fail(struct gc_peer *p, const char *what, OM_uint32 major,
                      OM_uint32 minor)
{
    snprintf(p->error, sizeof(p->error), "%s failed", what);
    if (major != 0)
        gc_print_gss_error(stderr, what, major, minor);
}

static void peer_err(struct gc_peer *p, const char *msg, int spnego_rc)
{
    if (spnego_rc != 0)
        snprintf(p->error, sizeof(p->error), "%s: %s (%d)", msg,
                 spnegoErrorString(spnego_rc), spnego_rc);
    else
        snprintf(p->error, sizeof(p->error), "%s", msg);
}

static void vlog(const struct gc_peer *p, const char *msg, size_t n)
{
    if (p->verbose)
        fprintf(p->log != NULL ? p->log : stderr, "[%s] %s %lu\n",
                p->label != NULL ? p->label : "peer", msg, (unsigned long)n);
}

static int make_oid_set(const gss_OID_desc *mechs, size_t num,
                        gss_OID_set *out_set)
{
    OM_uint32 major, minor;
    size_t i;

    major = gss_create_empty_oid_set(&minor, out_set);
    if (GSS_ERROR(major))
        return -1;
    for (i = 0; i < num; i++) {
        major = gss_add_oid_set_member(&minor, (gss_OID)(size_t)&mechs[i],
                                       out_set);
        if (GSS_ERROR(major)) {
            gss_release_oid_set(&minor, out_set);
            return -1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* setup / release                                                          */
/* ------------------------------------------------------------------------ */

static int own_setup(struct gc_peer *p, gss_cred_id_t cred);

int gc_peer_setup(struct gc_peer *p, int mit, int initiator,
                  const char *service, const gss_OID_desc *mechs,
                  size_t num_mechs, OM_uint32 req_flags)
{
    OM_uint32 major, minor;
    gss_OID_set set = GSS_C_NO_OID_SET;
    gss_name_t name = GSS_C_NO_NAME;
    int rc = -1;
    size_t i;

    /* Keep the caller's label, verbosity, log and corruption settings. */
    p->mit = mit;
    p->initiator = initiator;
    p->req_flags = req_flags;
    p->target = GSS_C_NO_NAME;
    p->cred = GSS_C_NO_CREDENTIAL;
    p->ctx = GSS_C_NO_CONTEXT;
    p->src_name = GSS_C_NO_NAME;
    p->legs = 0;
    p->mic_checked = p->established = 0;
    p->neg = NULL;
    memset(p->own, 0, sizeof(p->own));
    p->ret_flags = 0;
    p->error[0] = '\0';
    if (num_mechs > GC_MAX_MECHS) {
        peer_err(p, "too many mechanisms", 0);
        return -1;
    }
    if (num_mechs == 0) {
        mechs = &gc_oid_krb5;
        num_mechs = 1;
    }
    for (i = 0; i < num_mechs; i++)
        p->mechs[i] = mechs[i];
    p->num_mechs = num_mechs;

    if (initiator) {
        if (service == NULL || gc_import_service(service, &p->target) != 0) {
            peer_err(p, "bad target service name", 0);
            goto out;
        }
        if (!mit) {
            rc = own_setup(p, GSS_C_NO_CREDENTIAL); /* the default ccache */
            goto out;
        }
        if (make_oid_set(&gc_oid_spnego, 1, &set) != 0)
            goto out;
        major = gss_acquire_cred(&minor, GSS_C_NO_NAME, GSS_C_INDEFINITE,
                                 set, GSS_C_INITIATE, &p->cred, NULL, NULL);
        if (GSS_ERROR(major)) {
            peer_fail(p, "gss_acquire_cred(spnego, initiate)", major, minor);
            goto out;
        }
    } else {
        if (service != NULL && gc_import_service(service, &name) != 0) {
            peer_err(p, "bad acceptor service name", 0);
            goto out;
        }
        if (make_oid_set(mit ? &gc_oid_spnego : &gc_oid_krb5, 1, &set) != 0)
            goto out;
        major = gss_acquire_cred(&minor, name, GSS_C_INDEFINITE, set,
                                 GSS_C_ACCEPT, &p->cred, NULL, NULL);
        if (GSS_ERROR(major)) {
            peer_fail(p, mit ? "gss_acquire_cred(spnego, accept)"
                             : "gss_acquire_cred(krb5, accept)",
                      major, minor);
            goto out;
        }
        if (!mit) {
            rc = own_setup(p, p->cred);
            goto out;
        }
    }
    /* MIT SPNEGO: restrict (and order) the negotiable mechanisms. */
    gss_release_oid_set(&minor, &set);
    if (make_oid_set(p->mechs, p->num_mechs, &set) != 0)
        goto out;
    major = gss_set_neg_mechs(&minor, p->cred, set);
    if (GSS_ERROR(major)) {
        peer_fail(p, "gss_set_neg_mechs", major, minor);
        goto out;
    }
    rc = 0;
out:
    if (set != GSS_C_NO_OID_SET)
        gss_release_oid_set(&minor, &set);
    if (name != GSS_C_NO_NAME)
        gss_release_name(&minor, &name);
    return rc;
}

void gc_peer_release(struct gc_peer *p)
{
    OM_uint32 minor;
    size_t i;

    /* Own peers: the context first, then the mechanisms it used. */
    spnegoNegotiateFree(p->neg);
    p->neg = NULL;
    for (i = 0; i < GC_MAX_MECHS; i++) {
        spnegoGssMechFree(p->own[i].gss);
        p->own[i].gss = NULL;
        gc_buf_free(&p->own[i].damaged);
        gc_buf_free(&p->own[i].damaged_mic);
    }
    if (!p->mit)
        p->ctx = GSS_C_NO_CONTEXT; /* owned by the mechanism, freed above */

    if (p->ctx != GSS_C_NO_CONTEXT)
        gss_delete_sec_context(&minor, &p->ctx, GSS_C_NO_BUFFER);
    if (p->cred != GSS_C_NO_CREDENTIAL)
        gss_release_cred(&minor, &p->cred);
    if (p->target != GSS_C_NO_NAME)
        gss_release_name(&minor, &p->target);
    if (p->src_name != GSS_C_NO_NAME)
        gss_release_name(&minor, &p->src_name);
}

gss_ctx_id_t gc_peer_context(const struct gc_peer *p)
{
    return p->ctx;
}

int gc_peer_client_name(const struct gc_peer *p, char *buf, size_t cap)
{
    OM_uint32 major, minor;
    gss_buffer_desc text;
    int rc = -1;

    if (p->src_name == GSS_C_NO_NAME || cap == 0)
        return -1;
    major = gss_display_name(&minor, p->src_name, &text, NULL);
    if (GSS_ERROR(major))
        return -1;
    if (text.length < cap) {
        memcpy(buf, text.value, text.length);
        buf[text.length] = '\0';
        rc = 0;
    }
    gss_release_buffer(&minor, &text);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* own peers: the negotiation layer over libspnego-gss                      */
/* ------------------------------------------------------------------------ */

/*
 * Negative tests damage what an own peer sends, one bit of its first
 * mechanism token or of its mechListMIC. That is done by wrapping the
 * adapter's callbacks in a table of our own: the same way any caller can
 * put its own mechanism (SSPI, a custom NTLM) under the negotiation layer.
 */
static int corrupt_step(void *state, const unsigned char *in, unsigned long in_len,
                        const unsigned char **out, unsigned long *out_len)
{
    struct gc_mech *m = (struct gc_mech *)state;
    int rc = spnegoGssCallbacks()->step(m->gss, in, in_len, out, out_len);

    if (m->peer->corrupt == GC_CORRUPT_TOKEN && *out_len > 8 && rc != SPNEGO_MECH_FAILED) {
        /* The last bytes of an AP-REQ/AP-REP are ciphertext. */
        if (gc_buf_set(&m->damaged, *out, *out_len) != 0)
            return SPNEGO_MECH_FAILED;
        m->damaged.data[m->damaged.len - 4] ^= 0x01;
        m->peer->corrupt = GC_CORRUPT_NONE;
        *out = m->damaged.data;
    }
    return rc;
}

static int corrupt_get_mic(void *state, const unsigned char *msg, unsigned long msg_len,
                           const unsigned char **mic, unsigned long *mic_len)
{
    struct gc_mech *m = (struct gc_mech *)state;
    int rc = spnegoGssCallbacks()->get_mic(m->gss, msg, msg_len, mic, mic_len);

    if (rc == 0 && m->peer->corrupt == GC_CORRUPT_MIC && *mic_len > 8) {
        if (gc_buf_set(&m->damaged_mic, *mic, *mic_len) != 0)
            return -1;
        m->damaged_mic.data[m->damaged_mic.len - 4] ^= 0x01; /* the checksum */
        m->peer->corrupt = GC_CORRUPT_NONE;
        *mic = m->damaged_mic.data;
    }
    return rc;
}

static int corrupt_verify_mic(void *state, const unsigned char *msg, unsigned long msg_len,
                              const unsigned char *mic, unsigned long mic_len)
{
    return spnegoGssCallbacks()->verify_mic(((struct gc_mech *)state)->gss, msg,
                                            msg_len, mic, mic_len);
}

static int corrupt_mic_required(void *state)
{
    return spnegoGssCallbacks()->mic_required(((struct gc_mech *)state)->gss);
}

static int corrupt_has_integrity(void *state)
{
    return spnegoGssCallbacks()->has_integrity(((struct gc_mech *)state)->gss);
}

static int corrupt_mic_done(void *state, int verified)
{
    return spnegoGssCallbacks()->mic_done(((struct gc_mech *)state)->gss, verified);
}

static const SPNEGO_MECH_CALLBACKS corrupt_callbacks = {
    corrupt_step,         corrupt_get_mic,       corrupt_verify_mic,
    corrupt_mic_required, corrupt_has_integrity, corrupt_mic_done,
};

/* One libspnego-gss mechanism per offered/accepted OID, and the context. */
static int own_setup(struct gc_peer *p, gss_cred_id_t cred)
{
    SPNEGO_NEGOTIATE_MECH entries[GC_MAX_MECHS];
    size_t i;
    int rc;

    for (i = 0; i < p->num_mechs; i++) {
        struct gc_mech *m = &p->own[i];
        SPNEGO_OID oid;

        oid.pbOid = (const unsigned char *)p->mechs[i].elements;
        oid.ulOidLen = p->mechs[i].length;
        /* Named acceptor credentials only make sense for Kerberos. */
        rc = spnegoGssMechCreate(&oid,
                                 p->initiator ? SPNEGO_NEGOTIATE_INITIATOR
                                              : SPNEGO_NEGOTIATE_ACCEPTOR,
                                 is_krb5_oid(oid.pbOid, oid.ulOidLen) ? cred
                                                                      : GSS_C_NO_CREDENTIAL,
                                 p->target, p->req_flags, &m->gss);
        if (rc != SPNEGO_E_SUCCESS) {
            peer_err(p, "spnegoGssMechCreate", rc);
            return -1;
        }
        m->peer = p;
        (void)spnegoGssMechEntry(m->gss, &entries[i]);
        entries[i].pCallbacks = &corrupt_callbacks;
        entries[i].pState = m;
    }
    rc = spnegoNegotiateCreate(p->initiator ? SPNEGO_NEGOTIATE_INITIATOR
                                            : SPNEGO_NEGOTIATE_ACCEPTOR,
                               entries, (unsigned long)p->num_mechs,
                               p->always_mic ? SPNEGO_NEGOTIATE_ALWAYS_MIC : 0, &p->neg);
    if (rc != SPNEGO_E_SUCCESS) {
        peer_err(p, "spnegoNegotiateCreate", rc);
        return -1;
    }
    if (p->initiator && p->send_req_flags)
        (void)spnegoNegotiateSetReqFlags(p->neg, spnegoFlagsFromGss(p->req_flags));
    return 0;
}

/* Why the chosen mechanism failed, from its last GSS-API status. */
static int take_buffer(struct gc_buf *dst, gss_buffer_desc *src)
{
    OM_uint32 minor;
    int rc = gc_buf_set(dst, src->value, src->length);

    gss_release_buffer(&minor, src);
    return rc;
}

static void own_mech_error(struct gc_peer *p)
{
    unsigned long index;
    OM_uint32 major = 0, minor = 0;

    if (spnegoNegotiateGetMech(p->neg, &index, NULL) != SPNEGO_E_SUCCESS)
        return;
    spnegoGssMechGetStatus(p->own[index].gss, &major, &minor);
    if (major != 0)
        gc_print_gss_error(stderr, "mechanism", major, minor);
}

static int own_step(struct gc_peer *p, const unsigned char *in, size_t in_len,
                    struct gc_buf *out)
{
    const unsigned char *tok;
    unsigned long tok_len, index, mic_state = 0;
    int rc;

    rc = spnegoNegotiateStep(p->neg, in, (unsigned long)in_len, &tok, &tok_len);
    p->neg_rc = rc;
    if (tok_len > 0 && gc_buf_set(out, tok, tok_len) != 0) {
        peer_err(p, "out of memory", 0);
        return GC_ERROR;
    }
    vlog(p, "SPNEGO token bytes", tok_len);
    if (rc != SPNEGO_NEGOTIATE_COMPLETE && rc != SPNEGO_NEGOTIATE_CONTINUE) {
        if (rc == SPNEGO_E_MECH_FAILED)
            own_mech_error(p);
        peer_err(p, p->initiator ? "negotiation failed" : "negotiation failed (reject sent)",
                 rc);
        return GC_ERROR;
    }
    if (rc == SPNEGO_NEGOTIATE_CONTINUE)
        return GC_CONTINUE;
    (void)spnegoNegotiateGetMicState(p->neg, &mic_state);
    p->mic_checked = (mic_state & SPNEGO_NEGOTIATE_MIC_VERIFIED) != 0;
    if (spnegoNegotiateGetMech(p->neg, &index, NULL) == SPNEGO_E_SUCCESS) {
        gss_name_t src;

        p->ctx = spnegoGssMechGetContext(p->own[index].gss);
        p->ret_flags = spnegoGssMechGetFlags(p->own[index].gss);
        if (!p->initiator &&
            spnegoGssMechGetSourceName(p->own[index].gss, &src) == SPNEGO_E_SUCCESS) {
            OM_uint32 minor;

            (void)gss_duplicate_name(&minor, src, &p->src_name);
        }
    }
    if (p->initiator && (p->req_flags & GSS_C_MUTUAL_FLAG) != 0 &&
        (p->ret_flags & GSS_C_MUTUAL_FLAG) == 0) {
        peer_err(p, "mutual authentication was not performed", 0);
        return GC_ERROR;
    }
    p->established = 1;
    return GC_DONE;
}

/* ------------------------------------------------------------------------ */
/* MIT SPNEGO peers                                                         */
/* ------------------------------------------------------------------------ */

static int mit_step(struct gc_peer *p, const unsigned char *in, size_t in_len,
                    struct gc_buf *out)
{
    OM_uint32 major, minor;
    gss_buffer_desc ib, ob = GSS_C_EMPTY_BUFFER;
    gss_name_t src = GSS_C_NO_NAME;

    ib.value = (void *)(size_t)in;
    ib.length = in_len;
    if (p->initiator)
        major = gss_init_sec_context(
            &minor, p->cred, &p->ctx, p->target, &gc_oid_spnego, p->req_flags,
            0, GSS_C_NO_CHANNEL_BINDINGS, in != NULL ? &ib : GSS_C_NO_BUFFER,
            NULL, &ob, &p->ret_flags, NULL);
    else
        major = gss_accept_sec_context(&minor, &p->ctx, p->cred, &ib,
                                       GSS_C_NO_CHANNEL_BINDINGS, &src, NULL,
                                       &ob, &p->ret_flags, NULL, NULL);
    if (take_buffer(out, &ob) != 0 || GSS_ERROR(major)) {
        peer_fail(p,
                  p->initiator ? "MIT gss_init_sec_context(spnego)"
                               : "MIT gss_accept_sec_context(spnego)",
                  major, minor);
        if (src != GSS_C_NO_NAME)
            gss_release_name(&minor, &src);
        return GC_ERROR;
    }
    if (src != GSS_C_NO_NAME) {
        if (p->src_name != GSS_C_NO_NAME)
            gss_release_name(&minor, &p->src_name);
        p->src_name = src;
    }
    if (major == GSS_S_COMPLETE) {
        p->established = 1;
        return GC_DONE;
    }
    return GC_CONTINUE;
}

/* ------------------------------------------------------------------------ */
/* dispatch                                                                 */
/* ------------------------------------------------------------------------ */

int gc_peer_step(struct gc_peer *p, const unsigned char *in, size_t in_len,
                 struct gc_buf *out)
{
    int status;

    gc_buf_free(out);
    if (p->established) {
        peer_err(p, "context already established", 0);
        return GC_ERROR;
    }
    if (in == NULL && (!p->initiator || p->legs != 0)) {
        peer_err(p, "missing input token", 0);
        return GC_ERROR;
    }
    if (in != NULL && in_len == 0) {
        peer_err(p, "empty input token", 0);
        return GC_ERROR;
    }
    if (p->mit)
        status = mit_step(p, in, in_len, out);
    else
        status = own_step(p, in, in_len, out);
    p->legs++;
    return status;
}

/* ------------------------------------------------------------------------ */
/* token shapes                                                             */
/* ------------------------------------------------------------------------ */

void gc_token_shape(const unsigned char *tok, size_t len,
                    struct gc_shape *s)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_NEGRESULT state;
    SPNEGO_OID oid;
    const unsigned char *p;
    unsigned long n, count;
    unsigned char flags;

    memset(s, 0, sizeof(*s));
    s->type = -1;
    s->neg_state = -1;
    s->total_len = len;
    if (tok == NULL || len == 0 ||
        spnegoInitFromBinary(tok, (unsigned long)len, &h) != SPNEGO_E_SUCCESS)
        return;
    (void)spnegoGetTokenType(h, &s->type);
    if (spnegoGetNegotiationResult(h, &state) == SPNEGO_E_SUCCESS)
        s->neg_state = (int)state;
    s->has_mech = spnegoGetSupportedMechOID(h, &oid) == SPNEGO_E_SUCCESS;
    if (spnegoGetMechTypeCount(h, &count) == SPNEGO_E_SUCCESS)
        s->num_mechs = (int)count;
    s->has_req_flags =
        spnegoGetContextFlags(h, &flags) == SPNEGO_E_SUCCESS;
    if (spnegoGetMechTokenPtr(h, &p, &n) == SPNEGO_E_SUCCESS)
        s->token_len = n;
    if (spnegoGetMechListMICPtr(h, &p, &n) == SPNEGO_E_SUCCESS)
        s->mic_len = n;
    spnegoFreeData(h);
}

void gc_print_shape(FILE *f, const char *prefix, const struct gc_shape *s)
{
    if (s->type == SPNEGO_TOKEN_INIT)
        fprintf(f, "%s %lu bytes: NegTokenInit mechs=%d reqFlags=%s "
                   "mechToken=%lu mechListMIC=%lu\n",
                prefix, (unsigned long)s->total_len, s->num_mechs,
                s->has_req_flags ? "yes" : "no",
                (unsigned long)s->token_len, (unsigned long)s->mic_len);
    else if (s->type == SPNEGO_TOKEN_TARG)
        fprintf(f, "%s %lu bytes: NegTokenResp negState=%s supportedMech=%s "
                   "responseToken=%lu mechListMIC=%lu\n",
                prefix, (unsigned long)s->total_len,
                gc_neg_state_name(s->neg_state), s->has_mech ? "yes" : "no",
                (unsigned long)s->token_len, (unsigned long)s->mic_len);
    else
        fprintf(f, "%s %lu bytes: not a SPNEGO token\n", prefix,
                (unsigned long)s->total_len);
}
