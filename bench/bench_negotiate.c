/*
 * bench_negotiate.c - whole SPNEGO exchanges through the negotiation layer
 * (L3, spnegoNegotiate*) for spnego-bench, and the two baselines that
 * price L3's own work (issue #15: at most 1.5 x the codec calls it makes).
 *
 * One operation is one exchange: an initiator and an acceptor context are
 * created, step against each other in one process until both return
 * COMPLETE, and are freed. The mechanism is the deterministic test
 * mechanism of the L3 tests (tests/negotiate_testmech.c: 3-byte tokens,
 * a keyed FNV-1a hash as MIC, no cryptography), so almost all the cost is
 * SPNEGO's. Three flows:
 *   krb5-2leg          krb5-like first choice, 2 inner tokens, no MIC:
 *                      2 SPNEGO messages;
 *   ntlm-3leg-mic      NTLM-like first choice, 3 inner tokens, the
 *                      mechanism requires the MIC exchange: 4 messages;
 *   second-choice-mic  the initiator prefers krb5, the acceptor runs only
 *                      NTLM: request-mic, then 3 inner tokens and both
 *                      MICs: 6 messages.
 *
 * Baselines, per flow:
 *   codec  the same public L2 calls that L3 makes for the flow, in its
 *          order with its arguments (spnegoNegotiateCreate's OID checks,
 *          every parse, getter, builder, spnegoTokenGetBinaryPtr and
 *          spnegoFreeData, the NULL frees included), plus the same
 *          mechanism callbacks on the same bytes, hand-sequenced with no
 *          decisions. The MechTypeList is copied into a stack buffer
 *          (L3 copies it into a heap block). Not in it: L3's context
 *          allocation, its state machine and checks, and its mechListMIC
 *          copy on the heap.
 *   mech   the mechanism callbacks alone (and the reset of the mechanism
 *          states, which every column pays).
 * So op/codec is L3's overhead with the mechanism's work on both sides,
 * and (op - mech) / (codec - mech) is L3's cost over the codec calls.
 *
 * The call lists were read from src/spnego_negotiate.c and checked with a
 * debugger trace of both sides (bench/README.md). At start-up
 * bench_negotiate_rows() runs each flow once through each column and
 * refuses the rows unless the baselines send the same messages, byte for
 * byte, and make the same mechanism calls (the test mechanism's event
 * log) as L3: a change in L3 that the baselines no longer follow stops
 * the benchmark instead of measuring something else.
 */
#include "bench.h"
#include "negotiate_testmech.h"
#include "spnego_negotiate.h"

#include <stdio.h>
#include <string.h>

#define BENCH_NEG_NUM_FLOWS 3
#define BENCH_NEG_MAX_MSGS 8
#define BENCH_NEG_MSG_MAX 128
#define BENCH_NEG_LIST_MAX 64

static const unsigned char bench_neg_oid_krb5[] = {0x2A, 0x86, 0x48, 0x86, 0xF7,
                                                   0x12, 0x01, 0x02, 0x02};
static const unsigned char bench_neg_oid_ntlm[] = {0x2B, 0x06, 0x01, 0x04, 0x01,
                                                   0x82, 0x37, 0x02, 0x02, 0x0A};

/* The mechanism states: krb5-like ('k', 2 tokens) and NTLM-like ('n',
 * 3 tokens, MIC required) on each side. Operations reset the ones their
 * flow uses; nothing else writes them. */
static struct testmech bench_neg_ik;
static struct testmech bench_neg_in;
static struct testmech bench_neg_ak;
static struct testmech bench_neg_an;

/* Mechanism lists of the contexts, per flow (set by bench_negotiate_rows). */
static SPNEGO_NEGOTIATE_MECH bench_neg_krb5_ini[2]; /* krb5, ntlm */
static SPNEGO_NEGOTIATE_MECH bench_neg_krb5_acc[2]; /* krb5, ntlm */
static SPNEGO_NEGOTIATE_MECH bench_neg_ntlm_ini[1]; /* ntlm */
static SPNEGO_NEGOTIATE_MECH bench_neg_ntlm_acc[2]; /* krb5, ntlm */
static SPNEGO_NEGOTIATE_MECH bench_neg_second_ini[2]; /* krb5, ntlm */
static SPNEGO_NEGOTIATE_MECH bench_neg_second_acc[1]; /* ntlm */

/* The MechTypeList of [ntlm] and of [krb5, ntlm]: the MIC input of the
 * mech column (the other columns take it from the NegTokenInit). */
static unsigned char bench_neg_list1[BENCH_NEG_LIST_MAX];
static unsigned long bench_neg_list1_len;
static unsigned char bench_neg_list2[BENCH_NEG_LIST_MAX];
static unsigned long bench_neg_list2_len;

static const SPNEGO_OID bench_neg_oids_krb5_ntlm[2] = {
    {bench_neg_oid_krb5, sizeof(bench_neg_oid_krb5)},
    {bench_neg_oid_ntlm, sizeof(bench_neg_oid_ntlm)}};
static const SPNEGO_OID bench_neg_oid_ntlm1 = {bench_neg_oid_ntlm,
                                               sizeof(bench_neg_oid_ntlm)};
static const SPNEGO_OID bench_neg_oid_krb51 = {bench_neg_oid_krb5,
                                               sizeof(bench_neg_oid_krb5)};

/* The messages of one run, kept only during the start-up check. */
struct bench_neg_trace {
    unsigned char msg[BENCH_NEG_MAX_MSGS][BENCH_NEG_MSG_MAX];
    unsigned long msg_len[BENCH_NEG_MAX_MSGS];
    size_t num_msgs;
    int overflow;
};

static struct bench_neg_trace *bench_neg_trace;

static void bench_neg_record(const unsigned char *msg, unsigned long msg_len)
{
    struct bench_neg_trace *t = bench_neg_trace;

    if (t == NULL) {
        return;
    }
    if (t->num_msgs == BENCH_NEG_MAX_MSGS || msg_len > BENCH_NEG_MSG_MAX) {
        t->overflow = 1;
        return;
    }
    memcpy(t->msg[t->num_msgs], msg, (size_t)msg_len);
    t->msg_len[t->num_msgs++] = msg_len;
}

static void bench_neg_reset_krb5(struct testmech *m, int initiator)
{
    testmech_init(m, initiator, 2, 'k');
}

static void bench_neg_reset_ntlm(struct testmech *m, int initiator)
{
    testmech_init(m, initiator, 3, 'n');
    m->mic_required = 1;
}

/* ======================================================================== */
/* The operations: one exchange through L3                                  */
/* ======================================================================== */

/* Creates both contexts, passes every output to the other side until the
 * side that stepped has nothing to send, checks that both completed after
 * want_msgs messages, frees both. */
static int bench_neg_exchange(const SPNEGO_NEGOTIATE_MECH *ini_mechs, unsigned long num_ini,
                              const SPNEGO_NEGOTIATE_MECH *acc_mechs, unsigned long num_acc,
                              size_t want_msgs)
{
    SPNEGO_NEGOTIATE_HANDLE ini = NULL;
    SPNEGO_NEGOTIATE_HANDLE acc = NULL;
    const unsigned char *in = NULL;
    unsigned long in_len = 0;
    int ini_rc = SPNEGO_NEGOTIATE_CONTINUE;
    int acc_rc = SPNEGO_NEGOTIATE_CONTINUE;
    int side_ini = 1;
    size_t num_msgs = 0;
    int ret = -1;

    if (spnegoNegotiateCreate(SPNEGO_NEGOTIATE_INITIATOR, ini_mechs, num_ini, 0, &ini) !=
            SPNEGO_E_SUCCESS ||
        spnegoNegotiateCreate(SPNEGO_NEGOTIATE_ACCEPTOR, acc_mechs, num_acc, 0, &acc) !=
            SPNEGO_E_SUCCESS) {
        goto done;
    }
    for (;;) {
        const unsigned char *out = NULL;
        unsigned long out_len = 0;
        int rc = spnegoNegotiateStep(side_ini ? ini : acc, in, in_len, &out, &out_len);

        if (rc != SPNEGO_NEGOTIATE_CONTINUE && rc != SPNEGO_NEGOTIATE_COMPLETE) {
            goto done;
        }
        if (side_ini) {
            ini_rc = rc;
        } else {
            acc_rc = rc;
        }
        if (out_len == 0 || num_msgs == want_msgs) {
            break;
        }
        bench_neg_record(out, out_len);
        num_msgs++;
        /* The output stays valid until this side's next step. */
        in = out;
        in_len = out_len;
        side_ini = !side_ini;
    }
    if (ini_rc == SPNEGO_NEGOTIATE_COMPLETE && acc_rc == SPNEGO_NEGOTIATE_COMPLETE &&
        num_msgs == want_msgs) {
        ret = 0;
    }
done:
    spnegoNegotiateFree(ini);
    spnegoNegotiateFree(acc);
    return ret;
}

static int bench_neg_op_krb5(const struct bench_case *c)
{
    (void)c;
    bench_neg_reset_krb5(&bench_neg_ik, 1);
    bench_neg_reset_krb5(&bench_neg_ak, 0);
    return bench_neg_exchange(bench_neg_krb5_ini, 2, bench_neg_krb5_acc, 2, 2);
}

static int bench_neg_op_ntlm(const struct bench_case *c)
{
    (void)c;
    bench_neg_reset_ntlm(&bench_neg_in, 1);
    bench_neg_reset_ntlm(&bench_neg_an, 0);
    return bench_neg_exchange(bench_neg_ntlm_ini, 1, bench_neg_ntlm_acc, 2, 4);
}

static int bench_neg_op_second(const struct bench_case *c)
{
    (void)c;
    bench_neg_reset_krb5(&bench_neg_ik, 1);
    bench_neg_reset_ntlm(&bench_neg_in, 1);
    bench_neg_reset_ntlm(&bench_neg_an, 0);
    return bench_neg_exchange(bench_neg_second_ini, 2, bench_neg_second_acc, 1, 6);
}

/* ======================================================================== */
/* The codec baseline: L3's public calls and mechanism calls, replayed     */
/* ======================================================================== */

/* What one side holds between legs: its last output and the peer's last
 * token (as L3 does), and the MechTypeList for the MICs. */
struct bench_neg_side {
    SPNEGO_TOKEN_HANDLE out;
    SPNEGO_TOKEN_HANDLE in;
    unsigned char list[BENCH_NEG_LIST_MAX];
    unsigned long list_len;
};

/* spnegoNegotiateCreate: one OID check (the dotted-form size query) per
 * mechanism. */
static int bench_neg_codec_create(const SPNEGO_NEGOTIATE_MECH *mechs, size_t num)
{
    size_t i;

    for (i = 0; i < num; i++) {
        unsigned long text_len = 0;
        if (spnegoOidToString(&mechs[i].Oid, NULL, &text_len) != SPNEGO_E_BUFFER_TOO_SMALL) {
            return -1;
        }
    }
    return 0;
}

/* spnegoNegotiateStep's start (drop the last output and input) and, with
 * a token, the parse and its type check. */
static int bench_neg_codec_take(struct bench_neg_side *s, const unsigned char *msg,
                                unsigned long msg_len, int want_type)
{
    int type = -1;

    spnegoFreeData(s->out);
    s->out = NULL;
    spnegoFreeData(s->in);
    s->in = NULL;
    if (msg == NULL) {
        return 0;
    }
    if (spnegoInitFromBinary(msg, msg_len, &s->in) != SPNEGO_E_SUCCESS ||
        spnegoGetTokenType(s->in, &type) != SPNEGO_E_SUCCESS || type != want_type) {
        return -1;
    }
    return 0;
}

/* spnegoNegotiateStep's end: the output's bytes. */
static int bench_neg_codec_send(struct bench_neg_side *s, const unsigned char **msg,
                                unsigned long *msg_len)
{
    if (spnegoTokenGetBinaryPtr(s->out, msg, msg_len) != SPNEGO_E_SUCCESS) {
        return -1;
    }
    bench_neg_record(*msg, *msg_len);
    return 0;
}

/* The MechTypeList of h, copied (the handle goes before the MICs). */
static int bench_neg_codec_keep_list(struct bench_neg_side *s, SPNEGO_TOKEN_HANDLE h)
{
    const unsigned char *list;
    unsigned long list_len;

    if (spnegoGetMechListBytesPtr(h, &list, &list_len) != SPNEGO_E_SUCCESS ||
        list_len == 0 || list_len > BENCH_NEG_LIST_MAX) {
        return -1;
    }
    memcpy(s->list, list, (size_t)list_len);
    s->list_len = list_len;
    return 0;
}

/* spnegoNegotiateFree: both handles. */
static void bench_neg_codec_free(struct bench_neg_side *s)
{
    spnegoFreeData(s->out);
    spnegoFreeData(s->in);
}

/* A getter whose element must be absent. */
static int bench_neg_absent(int rc)
{
    return rc == SPNEGO_E_ELEMENT_UNAVAILABLE ? 0 : -1;
}

/* The acceptor's side of a NegTokenInit: type count and the OID at k. */
static int bench_neg_codec_mech_at(SPNEGO_TOKEN_HANDLE h, unsigned long k,
                                   unsigned long want_count, SPNEGO_OID *oid)
{
    unsigned long count = 0;

    if (k == 0 && (spnegoGetMechTypeCount(h, &count) != SPNEGO_E_SUCCESS ||
                   count != want_count)) {
        return -1;
    }
    return spnegoGetMechTypeOIDPtr(h, k, oid) == SPNEGO_E_SUCCESS ? 0 : -1;
}

static int bench_neg_codec_krb5(const struct bench_case *c)
{
    const SPNEGO_MECH_CALLBACKS *cb = &testmech_callbacks;
    struct bench_neg_side ini = {NULL, NULL, {0}, 0};
    struct bench_neg_side acc = {NULL, NULL, {0}, 0};
    const unsigned char *msg = NULL;
    unsigned long msg_len = 0;
    const unsigned char *tok = NULL;
    unsigned long tok_len = 0;
    SPNEGO_NEGRESULT result;
    SPNEGO_OID oid;
    int ret = -1;

    (void)c;
    bench_neg_reset_krb5(&bench_neg_ik, 1);
    bench_neg_reset_krb5(&bench_neg_ak, 0);
    if (bench_neg_codec_create(bench_neg_krb5_ini, 2) != 0 ||
        bench_neg_codec_create(bench_neg_krb5_acc, 2) != 0) {
        goto done;
    }
    /* initiator: the offer with the optimistic token */
    if (bench_neg_codec_take(&ini, NULL, 0, 0) != 0 ||
        cb->step(&bench_neg_ik, NULL, 0, &tok, &tok_len) != SPNEGO_MECH_CONTINUE ||
        spnegoCreateNegTokenInitEx(bench_neg_oids_krb5_ntlm, 2, 0, tok, tok_len, NULL, 0, 0,
                                   &ini.out) != SPNEGO_E_SUCCESS ||
        bench_neg_codec_keep_list(&ini, ini.out) != 0 ||
        bench_neg_codec_send(&ini, &msg, &msg_len) != 0) {
        goto done;
    }
    /* acceptor: selects krb5 (first), completes, accept-completed */
    if (bench_neg_codec_take(&acc, msg, msg_len, SPNEGO_TOKEN_INIT) != 0 ||
        bench_neg_codec_mech_at(acc.in, 0, 2, &oid) != 0 ||
        bench_neg_codec_keep_list(&acc, acc.in) != 0 ||
        spnegoGetMechTokenPtr(acc.in, &tok, &tok_len) != SPNEGO_E_SUCCESS ||
        cb->step(&bench_neg_ak, tok, tok_len, &tok, &tok_len) != SPNEGO_MECH_COMPLETE) {
        goto done;
    }
    (void)cb->mic_required(&bench_neg_ak);
    (void)cb->has_integrity(&bench_neg_ak);
    if (spnegoCreateNegTokenTargEx(&bench_neg_oid_krb51, spnego_negresult_success, tok, tok_len,
                                   NULL, 0, &acc.out) != SPNEGO_E_SUCCESS ||
        bench_neg_codec_send(&acc, &msg, &msg_len) != 0) {
        goto done;
    }
    /* initiator: the last inner token, nothing to send */
    if (bench_neg_codec_take(&ini, msg, msg_len, SPNEGO_TOKEN_TARG) != 0 ||
        spnegoGetNegotiationResult(ini.in, &result) != SPNEGO_E_SUCCESS ||
        spnegoGetMechTokenPtr(ini.in, &tok, &tok_len) != SPNEGO_E_SUCCESS ||
        spnegoGetSupportedMechOID(ini.in, &oid) != SPNEGO_E_SUCCESS ||
        cb->step(&bench_neg_ik, tok, tok_len, &tok, &tok_len) != SPNEGO_MECH_COMPLETE ||
        bench_neg_absent(spnegoGetMechListMICPtr(ini.in, &tok, &tok_len)) != 0) {
        goto done;
    }
    (void)cb->mic_required(&bench_neg_ik);
    (void)cb->has_integrity(&bench_neg_ik);
    ret = 0;
done:
    bench_neg_codec_free(&ini);
    bench_neg_codec_free(&acc);
    return ret;
}

static int bench_neg_codec_ntlm(const struct bench_case *c)
{
    const SPNEGO_MECH_CALLBACKS *cb = &testmech_callbacks;
    struct bench_neg_side ini = {NULL, NULL, {0}, 0};
    struct bench_neg_side acc = {NULL, NULL, {0}, 0};
    const unsigned char *msg = NULL;
    unsigned long msg_len = 0;
    const unsigned char *tok = NULL;
    unsigned long tok_len = 0;
    const unsigned char *mic = NULL;
    unsigned long mic_len = 0;
    SPNEGO_NEGRESULT result;
    SPNEGO_OID oid;
    int ret = -1;

    (void)c;
    bench_neg_reset_ntlm(&bench_neg_in, 1);
    bench_neg_reset_ntlm(&bench_neg_an, 0);
    if (bench_neg_codec_create(bench_neg_ntlm_ini, 1) != 0 ||
        bench_neg_codec_create(bench_neg_ntlm_acc, 2) != 0) {
        goto done;
    }
    /* initiator: NEGOTIATE in the offer */
    if (bench_neg_codec_take(&ini, NULL, 0, 0) != 0 ||
        cb->step(&bench_neg_in, NULL, 0, &tok, &tok_len) != SPNEGO_MECH_CONTINUE ||
        spnegoCreateNegTokenInitEx(&bench_neg_oid_ntlm1, 1, 0, tok, tok_len, NULL, 0, 0,
                                   &ini.out) != SPNEGO_E_SUCCESS ||
        bench_neg_codec_keep_list(&ini, ini.out) != 0 ||
        bench_neg_codec_send(&ini, &msg, &msg_len) != 0) {
        goto done;
    }
    /* acceptor: ntlm is its second mechanism (one OID lookup), CHALLENGE */
    if (bench_neg_codec_take(&acc, msg, msg_len, SPNEGO_TOKEN_INIT) != 0 ||
        bench_neg_codec_mech_at(acc.in, 0, 1, &oid) != 0 ||
        spnegoMechOidLookup(&oid) != spnego_mech_oid_NTLMSSP ||
        bench_neg_codec_keep_list(&acc, acc.in) != 0 ||
        spnegoGetMechTokenPtr(acc.in, &tok, &tok_len) != SPNEGO_E_SUCCESS ||
        cb->step(&bench_neg_an, tok, tok_len, &tok, &tok_len) != SPNEGO_MECH_CONTINUE ||
        spnegoCreateNegTokenTargEx(&bench_neg_oid_ntlm1, spnego_negresult_incomplete, tok,
                                   tok_len, NULL, 0, &acc.out) != SPNEGO_E_SUCCESS ||
        bench_neg_codec_send(&acc, &msg, &msg_len) != 0) {
        goto done;
    }
    /* initiator: AUTHENTICATE completes it; its MIC goes with it */
    if (bench_neg_codec_take(&ini, msg, msg_len, SPNEGO_TOKEN_TARG) != 0 ||
        spnegoGetNegotiationResult(ini.in, &result) != SPNEGO_E_SUCCESS ||
        spnegoGetMechTokenPtr(ini.in, &tok, &tok_len) != SPNEGO_E_SUCCESS ||
        spnegoGetSupportedMechOID(ini.in, &oid) != SPNEGO_E_SUCCESS ||
        cb->step(&bench_neg_in, tok, tok_len, &tok, &tok_len) != SPNEGO_MECH_COMPLETE ||
        bench_neg_absent(spnegoGetMechListMICPtr(ini.in, &mic, &mic_len)) != 0 ||
        cb->mic_required(&bench_neg_in) != 1 || cb->has_integrity(&bench_neg_in) != 1 ||
        cb->get_mic(&bench_neg_in, ini.list, ini.list_len, &mic, &mic_len) != 0 ||
        cb->mic_done(&bench_neg_in, 0) != 0 ||
        spnegoCreateNegTokenTargEx(NULL, spnego_negresult_incomplete, tok, tok_len, mic,
                                   mic_len, &ini.out) != SPNEGO_E_SUCCESS ||
        bench_neg_codec_send(&ini, &msg, &msg_len) != 0) {
        goto done;
    }
    /* acceptor: completes, verifies, answers with its MIC */
    if (bench_neg_codec_take(&acc, msg, msg_len, SPNEGO_TOKEN_TARG) != 0 ||
        bench_neg_absent(spnegoGetSupportedMechOID(acc.in, &oid)) != 0 ||
        spnegoGetNegotiationResult(acc.in, &result) != SPNEGO_E_SUCCESS ||
        spnegoGetMechTokenPtr(acc.in, &tok, &tok_len) != SPNEGO_E_SUCCESS ||
        cb->step(&bench_neg_an, tok, tok_len, &tok, &tok_len) != SPNEGO_MECH_COMPLETE ||
        spnegoGetMechListMICPtr(acc.in, &mic, &mic_len) != SPNEGO_E_SUCCESS ||
        cb->mic_required(&bench_neg_an) != 1 || cb->has_integrity(&bench_neg_an) != 1 ||
        cb->verify_mic(&bench_neg_an, acc.list, acc.list_len, mic, mic_len) != 0 ||
        cb->mic_done(&bench_neg_an, 1) != 0 ||
        cb->get_mic(&bench_neg_an, acc.list, acc.list_len, &mic, &mic_len) != 0 ||
        cb->mic_done(&bench_neg_an, 0) != 0 ||
        spnegoCreateNegTokenTargEx(NULL, spnego_negresult_success, NULL, 0, mic, mic_len,
                                   &acc.out) != SPNEGO_E_SUCCESS ||
        bench_neg_codec_send(&acc, &msg, &msg_len) != 0) {
        goto done;
    }
    /* initiator: verifies, done */
    if (bench_neg_codec_take(&ini, msg, msg_len, SPNEGO_TOKEN_TARG) != 0 ||
        spnegoGetNegotiationResult(ini.in, &result) != SPNEGO_E_SUCCESS ||
        bench_neg_absent(spnegoGetMechTokenPtr(ini.in, &tok, &tok_len)) != 0 ||
        bench_neg_absent(spnegoGetSupportedMechOID(ini.in, &oid)) != 0 ||
        spnegoGetMechListMICPtr(ini.in, &mic, &mic_len) != SPNEGO_E_SUCCESS ||
        cb->verify_mic(&bench_neg_in, ini.list, ini.list_len, mic, mic_len) != 0 ||
        cb->mic_done(&bench_neg_in, 1) != 0) {
        goto done;
    }
    ret = 0;
done:
    bench_neg_codec_free(&ini);
    bench_neg_codec_free(&acc);
    return ret;
}

static int bench_neg_codec_second(const struct bench_case *c)
{
    const SPNEGO_MECH_CALLBACKS *cb = &testmech_callbacks;
    struct bench_neg_side ini = {NULL, NULL, {0}, 0};
    struct bench_neg_side acc = {NULL, NULL, {0}, 0};
    const unsigned char *msg = NULL;
    unsigned long msg_len = 0;
    const unsigned char *tok = NULL;
    unsigned long tok_len = 0;
    const unsigned char *mic = NULL;
    unsigned long mic_len = 0;
    SPNEGO_NEGRESULT result;
    SPNEGO_OID oid;
    int ret = -1;

    (void)c;
    bench_neg_reset_krb5(&bench_neg_ik, 1);
    bench_neg_reset_ntlm(&bench_neg_in, 1);
    bench_neg_reset_ntlm(&bench_neg_an, 0);
    if (bench_neg_codec_create(bench_neg_second_ini, 2) != 0 ||
        bench_neg_codec_create(bench_neg_second_acc, 1) != 0) {
        goto done;
    }
    /* initiator: offers krb5, ntlm with a krb5 token */
    if (bench_neg_codec_take(&ini, NULL, 0, 0) != 0 ||
        cb->step(&bench_neg_ik, NULL, 0, &tok, &tok_len) != SPNEGO_MECH_CONTINUE ||
        spnegoCreateNegTokenInitEx(bench_neg_oids_krb5_ntlm, 2, 0, tok, tok_len, NULL, 0, 0,
                                   &ini.out) != SPNEGO_E_SUCCESS ||
        bench_neg_codec_keep_list(&ini, ini.out) != 0 ||
        bench_neg_codec_send(&ini, &msg, &msg_len) != 0) {
        goto done;
    }
    /* acceptor: krb5 (two lookups: krb5 and its own ntlm) is not run
     * here, ntlm is: request-mic, no token */
    if (bench_neg_codec_take(&acc, msg, msg_len, SPNEGO_TOKEN_INIT) != 0 ||
        bench_neg_codec_mech_at(acc.in, 0, 2, &oid) != 0 ||
        spnegoMechOidLookup(&oid) != spnego_mech_oid_Kerberos_V5 ||
        spnegoMechOidLookup(&bench_neg_oid_ntlm1) != spnego_mech_oid_NTLMSSP ||
        bench_neg_codec_mech_at(acc.in, 1, 2, &oid) != 0 ||
        bench_neg_codec_keep_list(&acc, acc.in) != 0 ||
        spnegoCreateNegTokenTargEx(&bench_neg_oid_ntlm1, spnego_negresult_request_mic, NULL,
                                   0, NULL, 0, &acc.out) != SPNEGO_E_SUCCESS ||
        bench_neg_codec_send(&acc, &msg, &msg_len) != 0) {
        goto done;
    }
    /* initiator: ntlm is its second offer (one lookup), starts it */
    if (bench_neg_codec_take(&ini, msg, msg_len, SPNEGO_TOKEN_TARG) != 0 ||
        spnegoGetNegotiationResult(ini.in, &result) != SPNEGO_E_SUCCESS ||
        bench_neg_absent(spnegoGetMechTokenPtr(ini.in, &tok, &tok_len)) != 0 ||
        spnegoGetSupportedMechOID(ini.in, &oid) != SPNEGO_E_SUCCESS ||
        spnegoMechOidLookup(&oid) != spnego_mech_oid_NTLMSSP ||
        bench_neg_absent(spnegoGetMechTokenPtr(ini.in, &tok, &tok_len)) != 0 ||
        cb->step(&bench_neg_in, NULL, 0, &tok, &tok_len) != SPNEGO_MECH_CONTINUE ||
        bench_neg_absent(spnegoGetMechListMICPtr(ini.in, &mic, &mic_len)) != 0 ||
        spnegoCreateNegTokenTargEx(NULL, spnego_negresult_incomplete, tok, tok_len, NULL, 0,
                                   &ini.out) != SPNEGO_E_SUCCESS ||
        bench_neg_codec_send(&ini, &msg, &msg_len) != 0) {
        goto done;
    }
    /* acceptor: CHALLENGE */
    if (bench_neg_codec_take(&acc, msg, msg_len, SPNEGO_TOKEN_TARG) != 0 ||
        bench_neg_absent(spnegoGetSupportedMechOID(acc.in, &oid)) != 0 ||
        spnegoGetNegotiationResult(acc.in, &result) != SPNEGO_E_SUCCESS ||
        spnegoGetMechTokenPtr(acc.in, &tok, &tok_len) != SPNEGO_E_SUCCESS ||
        cb->step(&bench_neg_an, tok, tok_len, &tok, &tok_len) != SPNEGO_MECH_CONTINUE ||
        bench_neg_absent(spnegoGetMechListMICPtr(acc.in, &mic, &mic_len)) != 0 ||
        spnegoCreateNegTokenTargEx(NULL, spnego_negresult_incomplete, tok, tok_len, NULL, 0,
                                   &acc.out) != SPNEGO_E_SUCCESS ||
        bench_neg_codec_send(&acc, &msg, &msg_len) != 0) {
        goto done;
    }
    /* initiator: AUTHENTICATE and its MIC */
    if (bench_neg_codec_take(&ini, msg, msg_len, SPNEGO_TOKEN_TARG) != 0 ||
        spnegoGetNegotiationResult(ini.in, &result) != SPNEGO_E_SUCCESS ||
        spnegoGetMechTokenPtr(ini.in, &tok, &tok_len) != SPNEGO_E_SUCCESS ||
        bench_neg_absent(spnegoGetSupportedMechOID(ini.in, &oid)) != 0 ||
        cb->step(&bench_neg_in, tok, tok_len, &tok, &tok_len) != SPNEGO_MECH_COMPLETE ||
        bench_neg_absent(spnegoGetMechListMICPtr(ini.in, &mic, &mic_len)) != 0 ||
        cb->mic_required(&bench_neg_in) != 1 || cb->has_integrity(&bench_neg_in) != 1 ||
        cb->get_mic(&bench_neg_in, ini.list, ini.list_len, &mic, &mic_len) != 0 ||
        cb->mic_done(&bench_neg_in, 0) != 0 ||
        spnegoCreateNegTokenTargEx(NULL, spnego_negresult_incomplete, tok, tok_len, mic,
                                   mic_len, &ini.out) != SPNEGO_E_SUCCESS ||
        bench_neg_codec_send(&ini, &msg, &msg_len) != 0) {
        goto done;
    }
    /* acceptor: completes, verifies, answers with its MIC */
    if (bench_neg_codec_take(&acc, msg, msg_len, SPNEGO_TOKEN_TARG) != 0 ||
        bench_neg_absent(spnegoGetSupportedMechOID(acc.in, &oid)) != 0 ||
        spnegoGetNegotiationResult(acc.in, &result) != SPNEGO_E_SUCCESS ||
        spnegoGetMechTokenPtr(acc.in, &tok, &tok_len) != SPNEGO_E_SUCCESS ||
        cb->step(&bench_neg_an, tok, tok_len, &tok, &tok_len) != SPNEGO_MECH_COMPLETE ||
        spnegoGetMechListMICPtr(acc.in, &mic, &mic_len) != SPNEGO_E_SUCCESS ||
        cb->mic_required(&bench_neg_an) != 1 || cb->has_integrity(&bench_neg_an) != 1 ||
        cb->verify_mic(&bench_neg_an, acc.list, acc.list_len, mic, mic_len) != 0 ||
        cb->mic_done(&bench_neg_an, 1) != 0 ||
        cb->get_mic(&bench_neg_an, acc.list, acc.list_len, &mic, &mic_len) != 0 ||
        cb->mic_done(&bench_neg_an, 0) != 0 ||
        spnegoCreateNegTokenTargEx(NULL, spnego_negresult_success, NULL, 0, mic, mic_len,
                                   &acc.out) != SPNEGO_E_SUCCESS ||
        bench_neg_codec_send(&acc, &msg, &msg_len) != 0) {
        goto done;
    }
    /* initiator: verifies, done */
    if (bench_neg_codec_take(&ini, msg, msg_len, SPNEGO_TOKEN_TARG) != 0 ||
        spnegoGetNegotiationResult(ini.in, &result) != SPNEGO_E_SUCCESS ||
        bench_neg_absent(spnegoGetMechTokenPtr(ini.in, &tok, &tok_len)) != 0 ||
        bench_neg_absent(spnegoGetSupportedMechOID(ini.in, &oid)) != 0 ||
        spnegoGetMechListMICPtr(ini.in, &mic, &mic_len) != SPNEGO_E_SUCCESS ||
        cb->verify_mic(&bench_neg_in, ini.list, ini.list_len, mic, mic_len) != 0 ||
        cb->mic_done(&bench_neg_in, 1) != 0) {
        goto done;
    }
    ret = 0;
done:
    bench_neg_codec_free(&ini);
    bench_neg_codec_free(&acc);
    return ret;
}

/* ======================================================================== */
/* The mech baseline: the mechanism calls alone                            */
/* ======================================================================== */

static int bench_neg_mech_krb5(const struct bench_case *c)
{
    const SPNEGO_MECH_CALLBACKS *cb = &testmech_callbacks;
    const unsigned char *tok = NULL;
    unsigned long tok_len = 0;

    (void)c;
    bench_neg_reset_krb5(&bench_neg_ik, 1);
    bench_neg_reset_krb5(&bench_neg_ak, 0);
    if (cb->step(&bench_neg_ik, NULL, 0, &tok, &tok_len) != SPNEGO_MECH_CONTINUE ||
        cb->step(&bench_neg_ak, tok, tok_len, &tok, &tok_len) != SPNEGO_MECH_COMPLETE) {
        return -1;
    }
    (void)cb->mic_required(&bench_neg_ak);
    (void)cb->has_integrity(&bench_neg_ak);
    if (cb->step(&bench_neg_ik, tok, tok_len, &tok, &tok_len) != SPNEGO_MECH_COMPLETE) {
        return -1;
    }
    (void)cb->mic_required(&bench_neg_ik);
    (void)cb->has_integrity(&bench_neg_ik);
    return 0;
}

/* The NTLM-like inner exchange with both MICs over list, from the
 * initiator's first token on (shared by the two MIC flows). */
static int bench_neg_mech_ntlm_legs(const unsigned char *list, unsigned long list_len)
{
    const SPNEGO_MECH_CALLBACKS *cb = &testmech_callbacks;
    const unsigned char *tok = NULL;
    unsigned long tok_len = 0;
    const unsigned char *mic = NULL;
    unsigned long mic_len = 0;

    if (cb->step(&bench_neg_in, NULL, 0, &tok, &tok_len) != SPNEGO_MECH_CONTINUE ||
        cb->step(&bench_neg_an, tok, tok_len, &tok, &tok_len) != SPNEGO_MECH_CONTINUE ||
        cb->step(&bench_neg_in, tok, tok_len, &tok, &tok_len) != SPNEGO_MECH_COMPLETE ||
        cb->mic_required(&bench_neg_in) != 1 || cb->has_integrity(&bench_neg_in) != 1 ||
        cb->get_mic(&bench_neg_in, list, list_len, &mic, &mic_len) != 0 ||
        cb->mic_done(&bench_neg_in, 0) != 0 ||
        cb->step(&bench_neg_an, tok, tok_len, &tok, &tok_len) != SPNEGO_MECH_COMPLETE ||
        cb->mic_required(&bench_neg_an) != 1 || cb->has_integrity(&bench_neg_an) != 1 ||
        cb->verify_mic(&bench_neg_an, list, list_len, mic, mic_len) != 0 ||
        cb->mic_done(&bench_neg_an, 1) != 0 ||
        cb->get_mic(&bench_neg_an, list, list_len, &mic, &mic_len) != 0 ||
        cb->mic_done(&bench_neg_an, 0) != 0 ||
        cb->verify_mic(&bench_neg_in, list, list_len, mic, mic_len) != 0 ||
        cb->mic_done(&bench_neg_in, 1) != 0) {
        return -1;
    }
    return 0;
}

static int bench_neg_mech_ntlm(const struct bench_case *c)
{
    (void)c;
    bench_neg_reset_ntlm(&bench_neg_in, 1);
    bench_neg_reset_ntlm(&bench_neg_an, 0);
    return bench_neg_mech_ntlm_legs(bench_neg_list1, bench_neg_list1_len);
}

static int bench_neg_mech_second(const struct bench_case *c)
{
    const unsigned char *tok = NULL;
    unsigned long tok_len = 0;

    (void)c;
    bench_neg_reset_krb5(&bench_neg_ik, 1);
    bench_neg_reset_ntlm(&bench_neg_in, 1);
    bench_neg_reset_ntlm(&bench_neg_an, 0);
    /* The optimistic krb5 token, then NTLM as in ntlm-3leg-mic. */
    if (testmech_callbacks.step(&bench_neg_ik, NULL, 0, &tok, &tok_len) !=
        SPNEGO_MECH_CONTINUE) {
        return -1;
    }
    return bench_neg_mech_ntlm_legs(bench_neg_list2, bench_neg_list2_len);
}

/* ======================================================================== */
/* Rows, the start-up check and the per-leg summary                         */
/* ======================================================================== */

static struct bench_negotiate_row bench_neg_rows[BENCH_NEG_NUM_FLOWS] = {
    {"krb5-2leg", bench_neg_op_krb5, bench_neg_codec_krb5, bench_neg_mech_krb5, 2, 0},
    {"ntlm-3leg-mic", bench_neg_op_ntlm, bench_neg_codec_ntlm, bench_neg_mech_ntlm, 4, 0},
    {"second-choice-mic", bench_neg_op_second, bench_neg_codec_second, bench_neg_mech_second,
     6, 0}};

/* What the mechanism states saw in one run. */
struct bench_neg_seen {
    char log[4][TESTMECH_LOG_MAX + 1];
    size_t msg_len[4];
    unsigned char msg[4][TESTMECH_MSG_MAX];
};

static struct testmech *const bench_neg_states[4] = {&bench_neg_ik, &bench_neg_in,
                                                     &bench_neg_ak, &bench_neg_an};

/* Runs fn once from fresh states; records messages and what the
 * mechanism states saw. */
static int bench_neg_observe(bench_op_fn fn, struct bench_neg_trace *t,
                             struct bench_neg_seen *seen)
{
    size_t i;
    int rc;

    bench_neg_reset_krb5(&bench_neg_ik, 1);
    bench_neg_reset_ntlm(&bench_neg_in, 1);
    bench_neg_reset_krb5(&bench_neg_ak, 0);
    bench_neg_reset_ntlm(&bench_neg_an, 0);
    memset(t, 0, sizeof(*t));
    bench_neg_trace = t;
    rc = fn(NULL);
    bench_neg_trace = NULL;
    memset(seen, 0, sizeof(*seen));
    for (i = 0; i < 4; i++) {
        memcpy(seen->log[i], bench_neg_states[i]->log, sizeof(seen->log[i]));
        seen->msg_len[i] = bench_neg_states[i]->msg_len;
        memcpy(seen->msg[i], bench_neg_states[i]->msg, sizeof(seen->msg[i]));
    }
    return rc == 0 && !t->overflow ? 0 : -1;
}

/* The MechTypeList of a NegTokenInit offering oids. */
static int bench_neg_list_of(const SPNEGO_OID *oids, unsigned long num, unsigned char *out,
                             unsigned long *out_len)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    int rc;

    *out_len = BENCH_NEG_LIST_MAX;
    rc = spnegoCreateNegTokenInitEx(oids, num, 0, NULL, 0, NULL, 0, 0, &h);
    if (rc == SPNEGO_E_SUCCESS) {
        rc = spnegoGetMechListBytes(h, out, out_len);
    }
    spnegoFreeData(h);
    return rc == SPNEGO_E_SUCCESS ? 0 : -1;
}

size_t bench_negotiate_rows(const struct bench_negotiate_row **out_rows)
{
    static struct bench_neg_trace t_op;
    static struct bench_neg_trace t_base;
    static struct bench_neg_seen s_op;
    static struct bench_neg_seen s_base;
    SPNEGO_NEGOTIATE_MECH ik;
    SPNEGO_NEGOTIATE_MECH in;
    SPNEGO_NEGOTIATE_MECH ak;
    SPNEGO_NEGOTIATE_MECH an;
    size_t f;
    size_t i;

    ik = testmech_entry(&bench_neg_ik, bench_neg_oid_krb5, sizeof(bench_neg_oid_krb5));
    in = testmech_entry(&bench_neg_in, bench_neg_oid_ntlm, sizeof(bench_neg_oid_ntlm));
    ak = testmech_entry(&bench_neg_ak, bench_neg_oid_krb5, sizeof(bench_neg_oid_krb5));
    an = testmech_entry(&bench_neg_an, bench_neg_oid_ntlm, sizeof(bench_neg_oid_ntlm));
    bench_neg_krb5_ini[0] = ik;
    bench_neg_krb5_ini[1] = in;
    bench_neg_krb5_acc[0] = ak;
    bench_neg_krb5_acc[1] = an;
    bench_neg_ntlm_ini[0] = in;
    bench_neg_ntlm_acc[0] = ak;
    bench_neg_ntlm_acc[1] = an;
    bench_neg_second_ini[0] = ik;
    bench_neg_second_ini[1] = in;
    bench_neg_second_acc[0] = an;
    if (bench_neg_list_of(&bench_neg_oid_ntlm1, 1, bench_neg_list1, &bench_neg_list1_len) !=
            0 ||
        bench_neg_list_of(bench_neg_oids_krb5_ntlm, 2, bench_neg_list2,
                          &bench_neg_list2_len) != 0) {
        fprintf(stderr, "spnego-bench: negotiate: cannot build the MechTypeLists\n");
        return 0;
    }
    for (f = 0; f < BENCH_NEG_NUM_FLOWS; f++) {
        struct bench_negotiate_row *r = &bench_neg_rows[f];
        const char *what = NULL;

        if (bench_neg_observe(r->op, &t_op, &s_op) != 0 ||
            t_op.num_msgs != r->num_msgs) {
            what = "the L3 exchange fails";
        } else if (bench_neg_observe(r->codec, &t_base, &s_base) != 0) {
            what = "the codec baseline fails";
        } else if (t_base.num_msgs != t_op.num_msgs) {
            what = "the codec baseline sends another number of messages";
        } else if (memcmp(&s_base, &s_op, sizeof(s_op)) != 0) {
            what = "the codec baseline makes other mechanism calls";
        } else if (bench_neg_observe(r->mech, &t_base, &s_base) != 0 ||
                   t_base.num_msgs != 0) {
            what = "the mech baseline fails";
        } else if (memcmp(&s_base, &s_op, sizeof(s_op)) != 0) {
            what = "the mech baseline makes other mechanism calls";
        }
        if (what == NULL) {
            /* Same messages, byte for byte, from L3 and the codec column. */
            (void)bench_neg_observe(r->codec, &t_base, &s_base);
            r->bytes = 0;
            for (i = 0; i < t_op.num_msgs && what == NULL; i++) {
                if (t_base.msg_len[i] != t_op.msg_len[i] ||
                    memcmp(t_base.msg[i], t_op.msg[i], (size_t)t_op.msg_len[i]) != 0) {
                    what = "the codec baseline sends other bytes";
                }
                r->bytes += (size_t)t_op.msg_len[i];
            }
        }
        if (what != NULL) {
            fprintf(stderr, "spnego-bench: negotiate/%s: %s (bench_negotiate.c no longer "
                            "follows src/spnego_negotiate.c)\n", r->label, what);
            return 0;
        }
    }
    *out_rows = bench_neg_rows;
    return BENCH_NEG_NUM_FLOWS;
}

/* Per exchange / legs, op/codec and (op - mech) / (codec - mech); dashes
 * for a column that was not measured (Ir without --ir). */
static void bench_neg_print_cols(FILE *out, double op, double codec, double mech,
                                 double legs)
{
    if (op <= 0 || mech <= 0 || codec <= mech) {
        fprintf(out, " %9s %9s %8s %8s %6s", "-", "-", "-", "-", "-");
        return;
    }
    fprintf(out, " %9.1f %9.1f %8.1f %8.2f %6.2f", op / legs, codec / legs, mech / legs,
            op / codec, (op - mech) / (codec - mech));
}

void bench_negotiate_print_text(FILE *out, const struct bench_row *rows, size_t num_rows)
{
    int header = 0;
    size_t i;
    size_t f;

    for (i = 0; i < num_rows; i++) {
        const struct bench_row *row = &rows[i];
        const struct bench_negotiate_row *nr = NULL;

        if (strcmp(row->group, "negotiate") != 0 || !row->r.done || !row->rb[0].done ||
            !row->rb[1].done) {
            continue;
        }
        for (f = 0; f < BENCH_NEG_NUM_FLOWS; f++) {
            if (strcmp(bench_neg_rows[f].label, row->label) == 0) {
                nr = &bench_neg_rows[f];
            }
        }
        if (nr == NULL) {
            continue;
        }
        if (!header) {
            fprintf(out, "\nNegotiation layer per leg (one SPNEGO message; median ns, and "
                         "Ir after --ir): op = the L3 exchange, codec = its L2 and mechanism "
                         "calls\nwithout L3, mech = the mechanism calls alone; "
                         "L3 = (op - mech) / (codec - mech), issue #15 goal <= 1.5\n");
            fprintf(out, "%-28s %4s | %9s %9s %8s %8s %6s | %9s %9s %8s %8s %6s\n",
                    "operation", "legs", "op ns", "codec ns", "mech ns", "op/codec", "L3",
                    "op Ir", "codec Ir", "mech Ir", "op/codec", "L3");
            header = 1;
        }
        fprintf(out, "%-28s %4lu |", row->name, (unsigned long)nr->num_msgs);
        bench_neg_print_cols(out, row->r.median_ns, row->rb[0].median_ns,
                             row->rb[1].median_ns, (double)nr->num_msgs);
        fprintf(out, " |");
        bench_neg_print_cols(out, row->r.ir, row->rb[0].ir, row->rb[1].ir,
                             (double)nr->num_msgs);
        fprintf(out, "\n");
    }
}
