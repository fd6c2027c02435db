/*
 * spnego_negotiate.c - L3: the SPNEGO exchange (RFC 4178 sections 4 and 5,
 * MS-SPNG 3.x) for any mechanism, over the public L2 API only.
 *
 * Sans-I/O: the caller moves tokens, this file decides. Each call of
 * spnegoNegotiateStep() parses the peer's token with spnegoInitFromBinary(),
 * runs the mechanism's callbacks, and builds the answer with the public
 * builders; the answer's handle is kept in the context until the next call.
 * The rules of DESIGN.md section 6 each sit in one place:
 *   - selection and the optimistic token: neg_acc_select(),
 *     neg_init_first_reply();
 *   - when a MIC is required: neg_mic_needed() (plus the first-choice test);
 *   - MIC order (first to complete sends first; never before completion;
 *     a second MIC, a MIC without integrity or a bad MIC fail):
 *     neg_read_mic(), neg_init_finish(), neg_acc_finish();
 *   - the initiator's checks of the acceptor (supportedMech offered and
 *     unchanged, no early accept-completed): neg_init_reply();
 *   - reject tokens: neg_fail().
 * Allocation: the context (one block) and a copy of the MechTypeList bytes,
 * through the seam of spnego_mem.h; tokens through the L2 handle API.
 */
#include "spnego_negotiate.h"
#include "spnego_mem.h"

#include <string.h>

/* Context states. */
#define NEG_START 0     /* nothing sent or received */
#define NEG_INIT2_SENT 1 /* acceptor: sent NegTokenInit2, awaits the Init */
#define NEG_INIT_SENT 2 /* initiator: sent NegTokenInit, awaits 1st reply */
#define NEG_RUNNING 3   /* mechanism chosen, legs going on */
#define NEG_DONE 4      /* SPNEGO_NEGOTIATE_COMPLETE was returned */
#define NEG_FAILED 5    /* a failure was returned */

#define NEG_KNOWN_FLAGS                                                      \
    (SPNEGO_NEGOTIATE_ALWAYS_MIC | SPNEGO_NEGOTIATE_REFUSE_W2K_MIC |         \
     SPNEGO_NEGOTIATE_ALLOW_NTLM_NO_MIC | SPNEGO_NEGOTIATE_FOLLOW_HINTS)

/* Longest OID a context copies (the OIDs SPNEGO peers use are 6..10
 * bytes; room to spare for private mechanisms). */
#define NEG_MAX_OID_LEN 64

struct neg_mech {
    const SPNEGO_MECH_CALLBACKS *cb;
    void *state;
    unsigned char oid[NEG_MAX_OID_LEN];
    size_t oid_len;
};

struct SpnegoNegotiateContext {
    int role;
    int state;
    unsigned long flags;
    unsigned char req_flags;
    size_t num_mechs;
    /* Initiator: indices into mechs[] of what was offered, in order
     * (num_mechs slots, in the same block after mechs[]). */
    size_t *offered;
    size_t num_offered;
    int first_step_rc; /* initiator: result of offered[0]'s first step */
    /* The chosen mechanism; sel_oid is the OID as it went on the wire. */
    int have_selected;
    size_t selected;
    const unsigned char *sel_oid;
    size_t sel_oid_len;
    int first_choice;  /* selected is the initiator's first mechanism */
    int mech_complete; /* ... and reported its context complete */
    int hooks_asked;   /* mic_required/has_integrity read at completion */
    int integrity;
    int mic_required;  /* the rules require the MIC exchange */
    int mic_sent;
    int mic_verified;
    int peer_neg_state; /* last negState received, -1 none yet */
    unsigned char *mech_list; /* MechTypeList bytes, the MIC's input */
    size_t mech_list_len;
    SPNEGO_TOKEN_HANDLE in;  /* the peer's last token, parsed */
    SPNEGO_TOKEN_HANDLE out; /* our last token */
    const unsigned char *reject_token;
    unsigned long reject_token_len;
    /* One block per context, sized to its mechanisms: these num_mechs
     * entries, then offered[]. A fixed table of the most mechanisms would
     * be 3 KB to allocate and clear for the usual one or two. */
    struct neg_mech mechs[];
};

/* Mechanism output of one leg, before it goes into a token. */
struct neg_leg {
    const unsigned char *token;
    unsigned long token_len;
    const unsigned char *mic;
    unsigned long mic_len;
};

/* ---- OIDs ---- */

static int neg_oid_is(const unsigned char *oid, size_t len,
                      const unsigned char *known, size_t known_len)
{
    return len == known_len && memcmp(oid, known, len) == 0;
}

/* The library's name for an OID (spnego_mech_oid_Unknown for others). */
static SPNEGO_MECH_OID neg_oid_kind(const unsigned char *oid, size_t len)
{
    SPNEGO_OID o;

    o.pbOid = oid;
    o.ulOidLen = (unsigned long)len;
    return spnegoMechOidLookup(&o);
}

static int neg_is_krb5(const unsigned char *oid, size_t len)
{
    SPNEGO_MECH_OID kind = neg_oid_kind(oid, len);

    return kind == spnego_mech_oid_Kerberos_V5 || kind == spnego_mech_oid_Kerberos_V5_Legacy;
}

/* One mechanism to the caller: equal bytes, or both Kerberos V5 (the
 * Microsoft OID is krb5 with a truncated arc, DESIGN.md section 6). */
static int neg_oid_match(const unsigned char *a, size_t a_len,
                         const unsigned char *b, size_t b_len)
{
    return neg_oid_is(a, a_len, b, b_len) ||
           (neg_is_krb5(a, a_len) && neg_is_krb5(b, b_len));
}

/* ---- outcome ---- */

static void neg_drop_out(SPNEGO_NEGOTIATE_HANDLE ctx)
{
    spnegoFreeData(ctx->out);
    ctx->out = NULL;
}

/*
 * Ends the exchange with a failure. An acceptor answers every failure but
 * an allocation failure with a reject (MS-SPNG 3.2.5.2; MIT does the same),
 * carrying the mechanism's error token when there is one. An initiator
 * sends nothing: the acceptor learns from the missing answer.
 */
static int neg_fail(SPNEGO_NEGOTIATE_HANDLE ctx, int code,
                const unsigned char *error_token, unsigned long error_token_len)
{
    neg_drop_out(ctx);
    ctx->state = NEG_FAILED;
    if (ctx->role == SPNEGO_NEGOTIATE_ACCEPTOR && code != SPNEGO_E_OUT_OF_MEMORY &&
        code != SPNEGO_E_REJECTED) {
        /* Best effort: without memory for it, no reject goes out. */
        (void)spnegoCreateNegTokenTargEx(NULL, spnego_negresult_rejected,
                                         error_token_len > 0 ? error_token : NULL,
                                         error_token_len, NULL, 0, &ctx->out);
    }
    return code;
}

static int neg_emit_resp(SPNEGO_NEGOTIATE_HANDLE ctx, SPNEGO_NEGRESULT neg_state,
                         int with_mech, const struct neg_leg *leg)
{
    SPNEGO_OID mech;
    int rc;

    mech.pbOid = ctx->sel_oid;
    mech.ulOidLen = (unsigned long)ctx->sel_oid_len;
    rc = spnegoCreateNegTokenTargEx(with_mech ? &mech : NULL, neg_state,
                                    leg->token_len > 0 ? leg->token : NULL,
                                    leg->token_len, leg->mic_len > 0 ? leg->mic : NULL,
                                    leg->mic_len, &ctx->out);
    if (rc != SPNEGO_E_SUCCESS) {
        /* The MIC equals the token only if a mechanism returned the same
         * bytes for both: its fault, and the builder refuses it. */
        return neg_fail(ctx, rc == SPNEGO_E_INVALID_PARAMETER ? SPNEGO_E_MECH_FAILED : rc,
                    NULL, 0);
    }
    return SPNEGO_E_SUCCESS;
}

/* ---- the mechanism ---- */

static struct neg_mech *neg_sel(SPNEGO_NEGOTIATE_HANDLE ctx)
{
    return &ctx->mechs[ctx->selected];
}

/* Runs one step of the selected mechanism; on failure an acceptor's
 * reject carries the mechanism's error token. */
static int neg_mech_step(SPNEGO_NEGOTIATE_HANDLE ctx, const unsigned char *in,
                         unsigned long in_len, struct neg_leg *leg)
{
    struct neg_mech *m = neg_sel(ctx);
    const unsigned char *out = NULL;
    unsigned long out_len = 0;
    int rc;

    rc = m->cb->step(m->state, in, in_len, &out, &out_len);
    if (out == NULL) {
        out_len = 0;
    }
    if (rc == SPNEGO_MECH_COMPLETE) {
        ctx->mech_complete = 1;
    } else if (rc != SPNEGO_MECH_CONTINUE) {
        return neg_fail(ctx, SPNEGO_E_MECH_FAILED, out, out_len);
    }
    leg->token = out;
    leg->token_len = out_len;
    return SPNEGO_E_SUCCESS;
}

/* Reads the mechanism's hooks once its context is complete. */
static void neg_ask_hooks(SPNEGO_NEGOTIATE_HANDLE ctx)
{
    struct neg_mech *m = neg_sel(ctx);

    if (!ctx->mech_complete || ctx->hooks_asked) {
        return;
    }
    ctx->hooks_asked = 1;
    if (m->cb->mic_required != NULL && m->cb->mic_required(m->state)) {
        ctx->mic_required = 1;
    }
    ctx->integrity = m->cb->has_integrity == NULL || m->cb->has_integrity(m->state);
}

/* The MIC exchange is on: required by the rules, or started by either
 * side (a MIC received must be answered, a MIC sent must be answered). */
static int neg_mic_needed(SPNEGO_NEGOTIATE_HANDLE ctx)
{
    return ctx->mic_required || ctx->mic_sent || ctx->mic_verified;
}

static int neg_make_mic(SPNEGO_NEGOTIATE_HANDLE ctx, struct neg_leg *leg)
{
    struct neg_mech *m = neg_sel(ctx);
    const unsigned char *mic = NULL;
    unsigned long mic_len = 0;

    if (m->cb->get_mic(m->state, ctx->mech_list, (unsigned long)ctx->mech_list_len,
                       &mic, &mic_len) != 0 ||
        mic == NULL || mic_len == 0) {
        return neg_fail(ctx, SPNEGO_E_MECH_FAILED, NULL, 0);
    }
    if (m->cb->mic_done != NULL && m->cb->mic_done(m->state, 0) != 0) {
        return neg_fail(ctx, SPNEGO_E_MECH_FAILED, NULL, 0);
    }
    ctx->mic_sent = 1;
    leg->mic = mic;
    leg->mic_len = mic_len;
    return SPNEGO_E_SUCCESS;
}

/*
 * Reads the peer's mechListMIC, after its token went through the
 * mechanism. A field equal to the token of the same message is the
 * Windows 2000 / WebSphere copy, ignored unless REFUSE_W2K_MIC. A MIC is
 * never accepted before the mechanism completes, never twice, never
 * without integrity, and counts only when verify_mic says so.
 */
static int neg_read_mic(SPNEGO_NEGOTIATE_HANDLE ctx, const unsigned char *token,
                    unsigned long token_len)
{
    struct neg_mech *m;
    const unsigned char *mic;
    unsigned long mic_len;

    if (spnegoGetMechListMICPtr(ctx->in, &mic, &mic_len) != SPNEGO_E_SUCCESS) {
        return SPNEGO_E_SUCCESS;
    }
    if ((ctx->flags & SPNEGO_NEGOTIATE_REFUSE_W2K_MIC) == 0 && token != NULL &&
        token_len > 0 && mic_len == token_len && memcmp(mic, token, mic_len) == 0) {
        return SPNEGO_E_SUCCESS;
    }
    if (!ctx->mech_complete || ctx->mic_verified) {
        return neg_fail(ctx, SPNEGO_E_PROTOCOL, NULL, 0);
    }
    neg_ask_hooks(ctx);
    if (!ctx->integrity) {
        return neg_fail(ctx, SPNEGO_E_MIC_INVALID, NULL, 0);
    }
    m = neg_sel(ctx);
    if (m->cb->verify_mic(m->state, ctx->mech_list, (unsigned long)ctx->mech_list_len,
                          mic, mic_len) != 0) {
        return neg_fail(ctx, SPNEGO_E_MIC_INVALID, NULL, 0);
    }
    if (m->cb->mic_done != NULL && m->cb->mic_done(m->state, 1) != 0) {
        return neg_fail(ctx, SPNEGO_E_MECH_FAILED, NULL, 0);
    }
    ctx->mic_verified = 1;
    return SPNEGO_E_SUCCESS;
}

/*
 * Whichever side completes first sends its MIC with its last token (RFC
 * 4178 section 5). When our step consumed the peer's token, completed, and
 * has nothing to send back, the peer completed first: a required MIC had to
 * come in that same message. Missing, it fails now rather than leaving the
 * exchange to stall (or our MIC to go out before the peer's was checked).
 */
static int neg_check_peer_mic_due(SPNEGO_NEGOTIATE_HANDLE ctx, int consumed_token,
                                  const struct neg_leg *leg)
{
    if (!consumed_token || !ctx->mech_complete || leg->token_len > 0) {
        return SPNEGO_E_SUCCESS;
    }
    neg_ask_hooks(ctx);
    if (ctx->mic_required && !ctx->mic_verified) {
        return neg_fail(ctx, SPNEGO_E_MIC_MISSING, NULL, 0);
    }
    return SPNEGO_E_SUCCESS;
}

/*
 * The peer's token and MIC of one leg, in the order both roles follow: the
 * token through the mechanism (never once it completed), then the MIC
 * (which needs the completed mechanism), then whether a MIC due in this
 * message came.
 */
static int neg_take_leg(SPNEGO_NEGOTIATE_HANDLE ctx, const unsigned char *tok,
                        unsigned long tok_len, struct neg_leg *leg)
{
    int rc;

    if (tok != NULL) {
        if (ctx->mech_complete) {
            return neg_fail(ctx, SPNEGO_E_PROTOCOL, NULL, 0);
        }
        rc = neg_mech_step(ctx, tok, tok_len, leg);
        if (rc != SPNEGO_E_SUCCESS) {
            return rc;
        }
    }
    rc = neg_read_mic(ctx, tok, tok_len);
    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    return neg_check_peer_mic_due(ctx, tok != NULL, leg);
}

/* Keeps a private copy of the MechTypeList bytes (the MIC's input). */
static int neg_keep_mech_list(SPNEGO_NEGOTIATE_HANDLE ctx, SPNEGO_TOKEN_HANDLE h)
{
    const unsigned char *list;
    unsigned long list_len;

    if (spnegoGetMechListBytesPtr(h, &list, &list_len) != SPNEGO_E_SUCCESS ||
        list_len == 0) {
        return SPNEGO_E_MISSING_ELEMENT;
    }
    ctx->mech_list = (unsigned char *)spnego_mem_alloc((size_t)list_len);
    if (ctx->mech_list == NULL) {
        return SPNEGO_E_OUT_OF_MEMORY;
    }
    memcpy(ctx->mech_list, list, (size_t)list_len);
    ctx->mech_list_len = (size_t)list_len;
    return SPNEGO_E_SUCCESS;
}

/* Parses the peer's token into ctx->in; a malformed one fails the
 * exchange with the parser's code. */
static int neg_parse(SPNEGO_NEGOTIATE_HANDLE ctx, const unsigned char *in,
                     unsigned long in_len, int want_type)
{
    int type = -1;
    int rc;

    rc = spnegoInitFromBinary(in, in_len, &ctx->in);
    if (rc != SPNEGO_E_SUCCESS) {
        return neg_fail(ctx, rc, NULL, 0);
    }
    if (spnegoGetTokenType(ctx->in, &type) != SPNEGO_E_SUCCESS || type != want_type) {
        return neg_fail(ctx, SPNEGO_E_PROTOCOL, NULL, 0);
    }
    return SPNEGO_E_SUCCESS;
}

/* negState of ctx->in, or -1 when absent. */
static int neg_state_of(SPNEGO_NEGOTIATE_HANDLE ctx)
{
    SPNEGO_NEGRESULT result;

    if (spnegoGetNegotiationResult(ctx->in, &result) != SPNEGO_E_SUCCESS) {
        return -1;
    }
    return (int)result;
}

/* A reject ends the exchange; its responseToken (a KRB-ERROR, say) is
 * kept for spnegoNegotiateGetRejectToken(). */
static int neg_rejected(SPNEGO_NEGOTIATE_HANDLE ctx)
{
    const unsigned char *tok;
    unsigned long tok_len;

    if (spnegoGetMechTokenPtr(ctx->in, &tok, &tok_len) == SPNEGO_E_SUCCESS &&
        tok_len > 0) {
        ctx->reject_token = tok;
        ctx->reject_token_len = tok_len;
    }
    return neg_fail(ctx, SPNEGO_E_REJECTED, NULL, 0);
}

/* A supportedMech after the first reply may only repeat the choice
 * (RFC 4178 4.2.2 allows it only in the first reply). */
static int neg_check_repeated_mech(SPNEGO_NEGOTIATE_HANDLE ctx)
{
    SPNEGO_OID mech;

    if (spnegoGetSupportedMechOID(ctx->in, &mech) != SPNEGO_E_SUCCESS) {
        return SPNEGO_E_SUCCESS;
    }
    if (!neg_oid_match(mech.pbOid, mech.ulOidLen, ctx->sel_oid, ctx->sel_oid_len)) {
        return neg_fail(ctx, SPNEGO_E_PROTOCOL, NULL, 0);
    }
    return SPNEGO_E_SUCCESS;
}

/* The peer's token of this leg, or NULL/0. */
static void neg_peer_token(SPNEGO_NEGOTIATE_HANDLE ctx, const unsigned char **tok,
                           unsigned long *tok_len)
{
    if (spnegoGetMechTokenPtr(ctx->in, tok, tok_len) != SPNEGO_E_SUCCESS ||
        *tok_len == 0) {
        *tok = NULL;
        *tok_len = 0;
    }
}

static int neg_complete(SPNEGO_NEGOTIATE_HANDLE ctx)
{
    ctx->state = NEG_DONE;
    return SPNEGO_NEGOTIATE_COMPLETE;
}

static int neg_continue(SPNEGO_NEGOTIATE_HANDLE ctx)
{
    ctx->state = NEG_RUNNING;
    return SPNEGO_NEGOTIATE_CONTINUE;
}

/* ======================================================================== */
/* Initiator                                                                */
/* ======================================================================== */

/* Under FOLLOW_HINTS, whether the acceptor's NegTokenInit2 listed mech. */
static int neg_init_hinted(SPNEGO_NEGOTIATE_HANDLE ctx, const struct neg_mech *m)
{
    unsigned long count = 0;
    unsigned long i;
    SPNEGO_OID oid;

    if (ctx->in == NULL || (ctx->flags & SPNEGO_NEGOTIATE_FOLLOW_HINTS) == 0) {
        return 1;
    }
    if (spnegoGetMechTypeCount(ctx->in, &count) != SPNEGO_E_SUCCESS) {
        return 0;
    }
    for (i = 0; i < count; i++) {
        if (spnegoGetMechTypeOIDPtr(ctx->in, i, &oid) == SPNEGO_E_SUCCESS &&
            neg_oid_match(oid.pbOid, oid.ulOidLen, m->oid, m->oid_len)) {
            return 1;
        }
    }
    return 0;
}

/*
 * The offer. The first mechanism whose first step succeeds leads and its
 * token goes out as the optimistic mechToken; those before it that failed
 * (no credentials) are left out, as MIT and .NET do. The ones after it
 * are offered without a trial: their first step runs only if the acceptor
 * picks them.
 */
static int neg_init_offer(SPNEGO_NEGOTIATE_HANDLE ctx)
{
    SPNEGO_OID oids[SPNEGO_NEGOTIATE_MAX_MECHS];
    const unsigned char *tok = NULL;
    unsigned long tok_len = 0;
    size_t i;
    int rc;

    ctx->num_offered = 0;
    for (i = 0; i < ctx->num_mechs; i++) {
        struct neg_mech *m = &ctx->mechs[i];

        if (!neg_init_hinted(ctx, m)) {
            continue;
        }
        if (ctx->num_offered == 0) {
            tok = NULL;
            tok_len = 0;
            rc = m->cb->step(m->state, NULL, 0, &tok, &tok_len);
            if (rc != SPNEGO_MECH_CONTINUE && rc != SPNEGO_MECH_COMPLETE) {
                continue;
            }
            ctx->first_step_rc = rc;
            if (tok == NULL) {
                tok_len = 0;
            }
        }
        oids[ctx->num_offered].pbOid = m->oid;
        oids[ctx->num_offered].ulOidLen = (unsigned long)m->oid_len;
        ctx->offered[ctx->num_offered++] = i;
    }
    if (ctx->num_offered == 0) {
        return neg_fail(ctx, SPNEGO_E_NO_COMMON_MECH, NULL, 0);
    }
    rc = spnegoCreateNegTokenInitEx(oids, (unsigned long)ctx->num_offered, ctx->req_flags,
                                    tok_len > 0 ? tok : NULL, tok_len, NULL, 0, 0,
                                    &ctx->out);
    if (rc == SPNEGO_E_SUCCESS) {
        rc = neg_keep_mech_list(ctx, ctx->out);
    }
    if (rc != SPNEGO_E_SUCCESS) {
        return neg_fail(ctx, rc, NULL, 0);
    }
    ctx->state = NEG_INIT_SENT;
    return SPNEGO_NEGOTIATE_CONTINUE;
}

/*
 * The acceptor's first reply: negState and supportedMech are required
 * (RFC 4178 4.2.2), the mechanism must be one we offered. A mechanism
 * other than our first makes the MIC exchange required whatever negState
 * says (Heimdal answers accept-incomplete, not request-mic), discards the
 * optimistic token, and starts that mechanism now: the acceptor cannot
 * have a token for it yet.
 */
static int neg_init_first_reply(SPNEGO_NEGOTIATE_HANDLE ctx, int neg_state,
                            struct neg_leg *leg)
{
    SPNEGO_OID mech;
    size_t k;

    if (neg_state < 0 || spnegoGetSupportedMechOID(ctx->in, &mech) != SPNEGO_E_SUCCESS) {
        return neg_fail(ctx, SPNEGO_E_PROTOCOL, NULL, 0);
    }
    for (k = 0; k < ctx->num_offered; k++) {
        const struct neg_mech *m = &ctx->mechs[ctx->offered[k]];

        if (neg_oid_match(mech.pbOid, mech.ulOidLen, m->oid, m->oid_len)) {
            break;
        }
    }
    if (k == ctx->num_offered) {
        return neg_fail(ctx, SPNEGO_E_PROTOCOL, NULL, 0);
    }
    ctx->have_selected = 1;
    ctx->selected = ctx->offered[k];
    ctx->sel_oid = ctx->mechs[ctx->selected].oid;
    ctx->sel_oid_len = ctx->mechs[ctx->selected].oid_len;
    ctx->first_choice = k == 0;
    if (neg_state == spnego_negresult_request_mic) {
        ctx->mic_required = 1;
    }
    if (ctx->first_choice) {
        ctx->mech_complete = ctx->first_step_rc == SPNEGO_MECH_COMPLETE;
        return SPNEGO_E_SUCCESS;
    }
    ctx->mic_required = 1;
    if (neg_state == spnego_negresult_success ||
        spnegoGetMechTokenPtr(ctx->in, &leg->token, &leg->token_len) == SPNEGO_E_SUCCESS) {
        return neg_fail(ctx, SPNEGO_E_PROTOCOL, NULL, 0);
    }
    return neg_mech_step(ctx, NULL, 0, leg);
}

/*
 * After the reply's token and MIC went in: what the initiator sends and
 * whether it is done. Complete needs the mechanism complete, the acceptor
 * done (accept-completed, or the MIC exchange finished by our MIC), and
 * every required MIC made and verified. The initiator's MIC goes out as
 * soon as its mechanism is complete (with its last token when it
 * completes first, as NTLM does; after verifying the acceptor's when the
 * acceptor completed first, as krb5 with mutual authentication does).
 */
static int neg_init_finish(SPNEGO_NEGOTIATE_HANDLE ctx, int neg_state, struct neg_leg *leg)
{
    int acceptor_done = neg_state == spnego_negresult_success;
    int rc;

    if (!ctx->mech_complete) {
        if (acceptor_done) {
            /* accept-completed while our mechanism expects a token: the
             * acceptor skipped mutual authentication. */
            return neg_fail(ctx, SPNEGO_E_PROTOCOL, NULL, 0);
        }
        if (leg->token_len == 0) {
            /* Our mechanism waits for a token the acceptor did not send:
             * answering with nothing would only loop. */
            return neg_fail(ctx, SPNEGO_E_PROTOCOL, NULL, 0);
        }
        rc = neg_emit_resp(ctx, spnego_negresult_incomplete, 0, leg);
        return rc != SPNEGO_E_SUCCESS ? rc : neg_continue(ctx);
    }
    neg_ask_hooks(ctx);
    if (!ctx->mic_sent && acceptor_done && neg_mic_needed(ctx) && !ctx->mic_verified) {
        /* The acceptor is done without the MIC: ours would never go out. */
        return neg_fail(ctx, SPNEGO_E_MIC_MISSING, NULL, 0);
    }
    if (!ctx->mic_sent &&
        (neg_mic_needed(ctx) ||
         ((ctx->flags & SPNEGO_NEGOTIATE_ALWAYS_MIC) != 0 && !acceptor_done &&
          ctx->integrity))) {
        if (!ctx->integrity) {
            return neg_fail(ctx, SPNEGO_E_MIC_MISSING, NULL, 0);
        }
        rc = neg_make_mic(ctx, leg);
        if (rc != SPNEGO_E_SUCCESS) {
            return rc;
        }
    }
    if (neg_mic_needed(ctx) && !ctx->mic_verified) {
        if (acceptor_done) {
            /* Pre-Vista NTLM acceptors never send their MIC; allowed only
             * by the switch, and only for our first choice. */
            if ((ctx->flags & SPNEGO_NEGOTIATE_ALLOW_NTLM_NO_MIC) != 0 &&
                ctx->first_choice && ctx->mic_sent && leg->token_len == 0 &&
                leg->mic_len == 0 &&
                neg_oid_kind(ctx->sel_oid, ctx->sel_oid_len) == spnego_mech_oid_NTLMSSP) {
                return neg_complete(ctx);
            }
            return neg_fail(ctx, SPNEGO_E_MIC_MISSING, NULL, 0);
        }
        if (leg->token_len == 0 && leg->mic_len == 0) {
            /* Nothing to say and nothing new heard: a stalled exchange. */
            return neg_fail(ctx, SPNEGO_E_PROTOCOL, NULL, 0);
        }
        rc = neg_emit_resp(ctx, spnego_negresult_incomplete, 0, leg);
        return rc != SPNEGO_E_SUCCESS ? rc : neg_continue(ctx);
    }
    if (neg_mic_needed(ctx)) {
        /* Both MICs done: ours (if it goes out now) ends the exchange. */
        if (leg->token_len > 0 || leg->mic_len > 0) {
            rc = neg_emit_resp(ctx, spnego_negresult_success, 0, leg);
            if (rc != SPNEGO_E_SUCCESS) {
                return rc;
            }
        }
        return neg_complete(ctx);
    }
    if (acceptor_done) {
        if (leg->token_len > 0) {
            rc = neg_emit_resp(ctx, spnego_negresult_success, 0, leg);
            if (rc != SPNEGO_E_SUCCESS) {
                return rc;
            }
        }
        return neg_complete(ctx);
    }
    if (leg->token_len == 0) {
        return neg_fail(ctx, SPNEGO_E_PROTOCOL, NULL, 0);
    }
    rc = neg_emit_resp(ctx, spnego_negresult_incomplete, 0, leg);
    return rc != SPNEGO_E_SUCCESS ? rc : neg_continue(ctx);
}

/* A NegTokenResp from the acceptor. */
static int neg_init_reply(SPNEGO_NEGOTIATE_HANDLE ctx, const unsigned char *in,
                      unsigned long in_len)
{
    struct neg_leg leg = {NULL, 0, NULL, 0};
    const unsigned char *tok;
    unsigned long tok_len;
    int neg_state;
    int rc;

    rc = neg_parse(ctx, in, in_len, SPNEGO_TOKEN_TARG);
    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    neg_state = neg_state_of(ctx);
    if (neg_state == spnego_negresult_rejected) {
        return neg_rejected(ctx);
    }
    neg_peer_token(ctx, &tok, &tok_len);
    if (ctx->state == NEG_INIT_SENT) {
        rc = neg_init_first_reply(ctx, neg_state, &leg);
        if (rc != SPNEGO_E_SUCCESS) {
            return rc;
        }
        if (!ctx->first_choice) {
            /* No MIC can exist before our first token for this mechanism. */
            const unsigned char *mic;
            unsigned long mic_len;

            if (spnegoGetMechListMICPtr(ctx->in, &mic, &mic_len) == SPNEGO_E_SUCCESS) {
                return neg_fail(ctx, SPNEGO_E_PROTOCOL, NULL, 0);
            }
            ctx->peer_neg_state = neg_state;
            return neg_init_finish(ctx, neg_state, &leg);
        }
    } else {
        rc = neg_check_repeated_mech(ctx);
        if (rc != SPNEGO_E_SUCCESS) {
            return rc;
        }
        if (neg_state < 0) {
            /* RFC 4178 4.2.2: an absent negState repeats the last one. */
            neg_state = ctx->peer_neg_state;
        }
        if (neg_state == spnego_negresult_request_mic) {
            ctx->mic_required = 1;
        }
    }
    ctx->peer_neg_state = neg_state;
    rc = neg_take_leg(ctx, tok, tok_len, &leg);
    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    return neg_init_finish(ctx, neg_state, &leg);
}

/* An acceptor's NegTokenInit2 before our offer: hints only (untrusted). */
static int neg_init_hints(SPNEGO_NEGOTIATE_HANDLE ctx, const unsigned char *in,
                      unsigned long in_len)
{
    return neg_parse(ctx, in, in_len, SPNEGO_TOKEN_INIT);
}

/* ======================================================================== */
/* Acceptor                                                                 */
/* ======================================================================== */

/* Server-initiated SPNEGO: a NegTokenInit2 listing what we run, with the
 * RFC 4178 "please ignore" hint name (as MIT and Heimdal send). */
static int neg_acc_announce(SPNEGO_NEGOTIATE_HANDLE ctx)
{
    SPNEGO_OID oids[SPNEGO_NEGOTIATE_MAX_MECHS];
    size_t i;
    int rc;

    for (i = 0; i < ctx->num_mechs; i++) {
        oids[i].pbOid = ctx->mechs[i].oid;
        oids[i].ulOidLen = (unsigned long)ctx->mechs[i].oid_len;
    }
    rc = spnegoCreateNegTokenInit2(oids, (unsigned long)ctx->num_mechs, 0, NULL, 0, NULL,
                                   NULL, 0, NULL, 0, 0, &ctx->out);
    if (rc != SPNEGO_E_SUCCESS) {
        return neg_fail(ctx, rc, NULL, 0);
    }
    ctx->state = NEG_INIT2_SENT;
    return SPNEGO_NEGOTIATE_CONTINUE;
}

/* Initiator's preference: the first OID of its list that we run. The
 * answer names the OID as the initiator listed it. */
static int neg_acc_select(SPNEGO_NEGOTIATE_HANDLE ctx)
{
    unsigned long count = 0;
    unsigned long k;
    size_t i;
    SPNEGO_OID oid;

    if (spnegoGetMechTypeCount(ctx->in, &count) != SPNEGO_E_SUCCESS) {
        return neg_fail(ctx, SPNEGO_E_PROTOCOL, NULL, 0);
    }
    for (k = 0; k < count; k++) {
        if (spnegoGetMechTypeOIDPtr(ctx->in, k, &oid) != SPNEGO_E_SUCCESS) {
            return neg_fail(ctx, SPNEGO_E_PROTOCOL, NULL, 0);
        }
        for (i = 0; i < ctx->num_mechs; i++) {
            const struct neg_mech *m = &ctx->mechs[i];

            if (!neg_oid_match(oid.pbOid, oid.ulOidLen, m->oid, m->oid_len)) {
                continue;
            }
            ctx->have_selected = 1;
            ctx->selected = i;
            ctx->first_choice = k == 0;
            /* The initiator's spelling: ours, or the other krb5 OID
             * (the library's static copy, valid for the context's life). */
            ctx->sel_oid = m->oid;
            ctx->sel_oid_len = m->oid_len;
            if (!neg_oid_is(oid.pbOid, oid.ulOidLen, m->oid, m->oid_len)) {
                SPNEGO_OID alias;

                alias.pbOid = NULL;
                alias.ulOidLen = 0;
                if (spnegoMechOidGet(neg_oid_kind(oid.pbOid, oid.ulOidLen), &alias) ==
                    SPNEGO_E_SUCCESS) {
                    ctx->sel_oid = alias.pbOid;
                    ctx->sel_oid_len = (size_t)alias.ulOidLen;
                }
            }
            return SPNEGO_E_SUCCESS;
        }
    }
    return neg_fail(ctx, SPNEGO_E_NO_COMMON_MECH, NULL, 0);
}

/*
 * After the initiator's token and MIC went in: what the acceptor sends.
 * The acceptor's MIC goes out with its last token when its mechanism
 * completes first (krb5), or right after verifying the initiator's (NTLM).
 * It completes when every required MIC is made and verified; after its
 * own MIC it waits for the initiator's, and completes on it without
 * another token (as MIT's acceptor does).
 */
static int neg_acc_finish(SPNEGO_NEGOTIATE_HANDLE ctx, int first_reply, struct neg_leg *leg)
{
    int rc;

    if (!ctx->mech_complete) {
        rc = neg_emit_resp(ctx, spnego_negresult_incomplete, first_reply, leg);
        return rc != SPNEGO_E_SUCCESS ? rc : neg_continue(ctx);
    }
    neg_ask_hooks(ctx);
    if (ctx->mic_sent && !ctx->mic_verified) {
        /* We sent ours; this leg had to carry the initiator's. */
        return neg_fail(ctx, SPNEGO_E_MIC_MISSING, NULL, 0);
    }
    if (!ctx->mic_sent &&
        (neg_mic_needed(ctx) ||
         ((ctx->flags & SPNEGO_NEGOTIATE_ALWAYS_MIC) != 0 && ctx->integrity))) {
        if (!ctx->integrity) {
            return neg_fail(ctx, SPNEGO_E_MIC_MISSING, NULL, 0);
        }
        rc = neg_make_mic(ctx, leg);
        if (rc != SPNEGO_E_SUCCESS) {
            return rc;
        }
        if (!ctx->mic_verified) {
            rc = neg_emit_resp(ctx, spnego_negresult_incomplete, first_reply, leg);
            return rc != SPNEGO_E_SUCCESS ? rc : neg_continue(ctx);
        }
    }
    /* Silent only after a MIC of ours sent in an earlier leg: the
     * initiator completed when it sent the MIC just verified. Otherwise it
     * waits for accept-completed (after an NTLM-like last token without
     * MICs: an empty accept-completed, as MIT sends). */
    if (leg->token_len > 0 || leg->mic_len > 0 || first_reply || !ctx->mic_sent) {
        rc = neg_emit_resp(ctx, spnego_negresult_success, first_reply, leg);
        if (rc != SPNEGO_E_SUCCESS) {
            return rc;
        }
    }
    return neg_complete(ctx);
}

/* The initiator's NegTokenInit. */
static int neg_acc_init(SPNEGO_NEGOTIATE_HANDLE ctx, const unsigned char *in,
                    unsigned long in_len)
{
    struct neg_leg leg = {NULL, 0, NULL, 0};
    const unsigned char *tok;
    unsigned long tok_len;
    int rc;

    rc = neg_parse(ctx, in, in_len, SPNEGO_TOKEN_INIT);
    if (rc == SPNEGO_E_SUCCESS) {
        rc = neg_acc_select(ctx);
    }
    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    rc = neg_keep_mech_list(ctx, ctx->in);
    if (rc != SPNEGO_E_SUCCESS) {
        return neg_fail(ctx, rc, NULL, 0);
    }
    /* A mechListMIC in the NegTokenInit is ignored: it cannot be checked
     * before the mechanism completes, so it never counts. */
    if (!ctx->first_choice) {
        /* The optimistic token was for another mechanism: discard it and
         * ask for the MIC exchange (RFC 4178 5 b). */
        ctx->mic_required = 1;
        rc = neg_emit_resp(ctx, spnego_negresult_request_mic, 1, &leg);
        return rc != SPNEGO_E_SUCCESS ? rc : neg_continue(ctx);
    }
    neg_peer_token(ctx, &tok, &tok_len);
    if (tok == NULL) {
        rc = neg_emit_resp(ctx, spnego_negresult_incomplete, 1, &leg);
        return rc != SPNEGO_E_SUCCESS ? rc : neg_continue(ctx);
    }
    rc = neg_mech_step(ctx, tok, tok_len, &leg);
    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    return neg_acc_finish(ctx, 1, &leg);
}

/* A NegTokenResp from the initiator (negState optional: Samba sends
 * none). */
static int neg_acc_resp(SPNEGO_NEGOTIATE_HANDLE ctx, const unsigned char *in,
                    unsigned long in_len)
{
    struct neg_leg leg = {NULL, 0, NULL, 0};
    const unsigned char *tok;
    unsigned long tok_len;
    int rc;

    rc = neg_parse(ctx, in, in_len, SPNEGO_TOKEN_TARG);
    if (rc == SPNEGO_E_SUCCESS) {
        rc = neg_check_repeated_mech(ctx);
    }
    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    if (neg_state_of(ctx) == spnego_negresult_rejected) {
        return neg_rejected(ctx);
    }
    neg_peer_token(ctx, &tok, &tok_len);
    if (tok == NULL && !ctx->mech_complete) {
        /* Nothing for a mechanism that waits for a token. */
        return neg_fail(ctx, SPNEGO_E_PROTOCOL, NULL, 0);
    }
    rc = neg_take_leg(ctx, tok, tok_len, &leg);
    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    return neg_acc_finish(ctx, 0, &leg);
}

/* ======================================================================== */
/* Public API                                                               */
/* ======================================================================== */

static int neg_valid_mech(const SPNEGO_NEGOTIATE_MECH *m)
{
    unsigned long text_len = 0;
    int rc;

    if (m->pCallbacks == NULL || m->pCallbacks->step == NULL ||
        m->pCallbacks->get_mic == NULL || m->pCallbacks->verify_mic == NULL ||
        m->Oid.pbOid == NULL || m->Oid.ulOidLen == 0) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (m->Oid.ulOidLen > NEG_MAX_OID_LEN) {
        return SPNEGO_E_INVALID_OID;
    }
    /* The dotted-form size query validates the encoding; an arc too wide
     * for text is still a valid OID. */
    rc = spnegoOidToString(&m->Oid, NULL, &text_len);
    if (rc == SPNEGO_E_INVALID_OID) {
        return rc;
    }
    return SPNEGO_E_SUCCESS;
}

int spnegoNegotiateCreate(int iRole, const SPNEGO_NEGOTIATE_MECH *pMechs,
                          unsigned long ulNumMechs, unsigned long ulFlags,
                          SPNEGO_NEGOTIATE_HANDLE *phContext)
{
    SPNEGO_NEGOTIATE_HANDLE ctx;
    size_t i;
    size_t j;
    int rc;

    if (phContext == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    *phContext = NULL;
    if ((iRole != SPNEGO_NEGOTIATE_INITIATOR && iRole != SPNEGO_NEGOTIATE_ACCEPTOR) ||
        pMechs == NULL || ulNumMechs == 0 || ulNumMechs > SPNEGO_NEGOTIATE_MAX_MECHS ||
        (ulFlags & ~NEG_KNOWN_FLAGS) != 0) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    for (i = 0; i < ulNumMechs; i++) {
        rc = neg_valid_mech(&pMechs[i]);
        if (rc != SPNEGO_E_SUCCESS) {
            return rc;
        }
        for (j = 0; j < i; j++) {
            if (neg_oid_is(pMechs[i].Oid.pbOid, pMechs[i].Oid.ulOidLen,
                           pMechs[j].Oid.pbOid, pMechs[j].Oid.ulOidLen)) {
                return SPNEGO_E_INVALID_PARAMETER;
            }
        }
    }
    /* ulNumMechs <= SPNEGO_NEGOTIATE_MAX_MECHS: the size cannot wrap. */
    ctx = (SPNEGO_NEGOTIATE_HANDLE)spnego_mem_alloc(
        sizeof(*ctx) + (size_t)ulNumMechs * (sizeof(struct neg_mech) + sizeof(size_t)));
    if (ctx == NULL) {
        return SPNEGO_E_OUT_OF_MEMORY;
    }
    memset(ctx, 0, sizeof(*ctx));
    ctx->offered = (size_t *)(void *)&ctx->mechs[ulNumMechs];
    ctx->role = iRole;
    ctx->state = NEG_START;
    ctx->flags = ulFlags;
    ctx->peer_neg_state = -1;
    ctx->integrity = 1;
    ctx->num_mechs = (size_t)ulNumMechs;
    for (i = 0; i < ctx->num_mechs; i++) {
        ctx->mechs[i].cb = pMechs[i].pCallbacks;
        ctx->mechs[i].state = pMechs[i].pState;
        ctx->mechs[i].oid_len = (size_t)pMechs[i].Oid.ulOidLen;
        memcpy(ctx->mechs[i].oid, pMechs[i].Oid.pbOid, ctx->mechs[i].oid_len);
    }
    *phContext = ctx;
    return SPNEGO_E_SUCCESS;
}

int spnegoNegotiateSetReqFlags(SPNEGO_NEGOTIATE_HANDLE hContext,
                               unsigned char ucContextFlags)
{
    /* A bit that is no flag (0x01) would fail the offer's builder only at
     * the first step, after the mechanism ran: refuse it here. */
    if (hContext == NULL || hContext->role != SPNEGO_NEGOTIATE_INITIATOR ||
        hContext->state != NEG_START ||
        (ucContextFlags & ~SPNEGO_NEGINIT_CONTEXT_MASK) != 0) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    hContext->req_flags = ucContextFlags;
    return SPNEGO_E_SUCCESS;
}

/* The one switch over the states: which leg the input is. */
static int neg_dispatch(SPNEGO_NEGOTIATE_HANDLE ctx, const unsigned char *in,
                        unsigned long in_len)
{
    int rc;

    if (ctx->role == SPNEGO_NEGOTIATE_INITIATOR) {
        switch (ctx->state) {
        case NEG_START:
            if (in_len > 0) {
                rc = neg_init_hints(ctx, in, in_len);
                if (rc != SPNEGO_E_SUCCESS) {
                    return rc;
                }
            }
            return neg_init_offer(ctx);
        case NEG_INIT_SENT:
        case NEG_RUNNING:
            if (in_len == 0) {
                return neg_fail(ctx, SPNEGO_E_PROTOCOL, NULL, 0);
            }
            return neg_init_reply(ctx, in, in_len);
        default:
            return SPNEGO_E_INVALID_PARAMETER;
        }
    }
    switch (ctx->state) {
    case NEG_START:
        if (in_len == 0) {
            return neg_acc_announce(ctx);
        }
        return neg_acc_init(ctx, in, in_len);
    case NEG_INIT2_SENT:
        if (in_len == 0) {
            return neg_fail(ctx, SPNEGO_E_PROTOCOL, NULL, 0);
        }
        return neg_acc_init(ctx, in, in_len);
    case NEG_RUNNING:
        if (in_len == 0) {
            return neg_fail(ctx, SPNEGO_E_PROTOCOL, NULL, 0);
        }
        return neg_acc_resp(ctx, in, in_len);
    default:
        return SPNEGO_E_INVALID_PARAMETER;
    }
}

/*
 * A complete initiator may still be handed the acceptor's bare
 * accept-completed: Samba's acceptor sends one after the initiator's final
 * MIC, which already completed the exchange here. It changes nothing and
 * needs no answer. Anything else after completion is the caller's mistake.
 * The context, its output and its state stay as they were.
 */
static int neg_after_complete(SPNEGO_NEGOTIATE_HANDLE ctx, const unsigned char *in,
                              unsigned long in_len)
{
    static const unsigned char accept_completed[] = {0xa1, 0x07, 0x30, 0x05, 0xa0,
                                                     0x03, 0x0a, 0x01, 0x00};

    if (ctx->role == SPNEGO_NEGOTIATE_INITIATOR && in_len == sizeof(accept_completed) &&
        memcmp(in, accept_completed, sizeof(accept_completed)) == 0) {
        return SPNEGO_NEGOTIATE_COMPLETE;
    }
    return SPNEGO_E_INVALID_PARAMETER;
}

int spnegoNegotiateStep(SPNEGO_NEGOTIATE_HANDLE hContext, const unsigned char *pbIn,
                        unsigned long ulInLen, const unsigned char **ppbOut,
                        unsigned long *pulOutLen)
{
    int rc;

    if (ppbOut != NULL) {
        *ppbOut = NULL;
    }
    if (pulOutLen != NULL) {
        *pulOutLen = 0;
    }
    if (hContext == NULL || ppbOut == NULL || pulOutLen == NULL ||
        (pbIn == NULL && ulInLen > 0) || hContext->state == NEG_FAILED) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (hContext->state == NEG_DONE) {
        return neg_after_complete(hContext, pbIn, ulInLen);
    }
    /* Nothing of the last leg survives but what the rules keep. */
    neg_drop_out(hContext);
    spnegoFreeData(hContext->in);
    hContext->in = NULL;
    rc = neg_dispatch(hContext, pbIn, ulInLen);
    if (hContext->out != NULL &&
        spnegoTokenGetBinaryPtr(hContext->out, ppbOut, pulOutLen) != SPNEGO_E_SUCCESS) {
        *ppbOut = NULL;
        *pulOutLen = 0;
    }
    return rc;
}

void spnegoNegotiateFree(SPNEGO_NEGOTIATE_HANDLE hContext)
{
    if (hContext == NULL) {
        return;
    }
    spnegoFreeData(hContext->out);
    spnegoFreeData(hContext->in);
    spnego_mem_free(hContext->mech_list);
    spnego_mem_free(hContext);
}

int spnegoNegotiateGetMech(SPNEGO_NEGOTIATE_HANDLE hContext, unsigned long *pulIndex,
                           SPNEGO_OID *pOid)
{
    if (hContext == NULL || pulIndex == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (!hContext->have_selected) {
        return SPNEGO_E_ELEMENT_UNAVAILABLE;
    }
    *pulIndex = (unsigned long)hContext->selected;
    if (pOid != NULL) {
        pOid->pbOid = hContext->sel_oid;
        pOid->ulOidLen = (unsigned long)hContext->sel_oid_len;
    }
    return SPNEGO_E_SUCCESS;
}

int spnegoNegotiateGetMicState(SPNEGO_NEGOTIATE_HANDLE hContext,
                               unsigned long *pulMicState)
{
    unsigned long bits = 0;

    if (hContext == NULL || pulMicState == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (hContext->mic_required) {
        bits |= SPNEGO_NEGOTIATE_MIC_REQUIRED;
    }
    if (hContext->mic_sent) {
        bits |= SPNEGO_NEGOTIATE_MIC_SENT;
    }
    if (hContext->mic_verified) {
        bits |= SPNEGO_NEGOTIATE_MIC_VERIFIED;
    }
    *pulMicState = bits;
    return SPNEGO_E_SUCCESS;
}

int spnegoNegotiateGetOfferedCount(SPNEGO_NEGOTIATE_HANDLE hContext,
                                   unsigned long *pulCount)
{
    if (hContext == NULL || pulCount == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (hContext->role != SPNEGO_NEGOTIATE_INITIATOR || hContext->num_offered == 0) {
        return SPNEGO_E_ELEMENT_UNAVAILABLE;
    }
    *pulCount = (unsigned long)hContext->num_offered;
    return SPNEGO_E_SUCCESS;
}

int spnegoNegotiateGetOffered(SPNEGO_NEGOTIATE_HANDLE hContext, unsigned long ulPosition,
                              unsigned long *pulIndex)
{
    unsigned long count = 0;
    int rc;

    if (pulIndex == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    rc = spnegoNegotiateGetOfferedCount(hContext, &count);
    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    if (ulPosition >= count) {
        return SPNEGO_E_NOT_FOUND;
    }
    *pulIndex = (unsigned long)hContext->offered[ulPosition];
    return SPNEGO_E_SUCCESS;
}

int spnegoNegotiateGetPeerHintName(SPNEGO_NEGOTIATE_HANDLE hContext,
                                   const unsigned char **ppbName,
                                   unsigned long *pulNameLen)
{
    if (hContext == NULL || ppbName == NULL || pulNameLen == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (hContext->role != SPNEGO_NEGOTIATE_INITIATOR || hContext->in == NULL) {
        return SPNEGO_E_ELEMENT_UNAVAILABLE;
    }
    return spnegoGetNegHintNamePtr(hContext->in, ppbName, pulNameLen);
}

int spnegoNegotiateGetRejectToken(SPNEGO_NEGOTIATE_HANDLE hContext,
                                  const unsigned char **ppbToken,
                                  unsigned long *pulTokenLen)
{
    if (hContext == NULL || ppbToken == NULL || pulTokenLen == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (hContext->reject_token == NULL) {
        return SPNEGO_E_ELEMENT_UNAVAILABLE;
    }
    *ppbToken = hContext->reject_token;
    *pulTokenLen = hContext->reject_token_len;
    return SPNEGO_E_SUCCESS;
}
