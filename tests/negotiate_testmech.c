/*
 * negotiate_testmech.c - the deterministic test mechanism of the L3 tests
 * (see negotiate_testmech.h). Test code only: no cryptography, a keyed
 * FNV-1a hash stands in for a MIC.
 */
#include "negotiate_testmech.h"

#include <string.h>

static void testmech_log(struct testmech *m, char event)
{
    if (m->log_len < TESTMECH_LOG_MAX) {
        m->log[m->log_len++] = event;
        m->log[m->log_len] = '\0';
    }
}

static void testmech_keep_msg(struct testmech *m, const unsigned char *msg,
                              unsigned long msg_len)
{
    m->msg_len = msg_len < TESTMECH_MSG_MAX ? (size_t)msg_len : TESTMECH_MSG_MAX;
    if (m->msg_len > 0) {
        memcpy(m->msg, msg, m->msg_len);
    }
}

void testmech_init(struct testmech *m, int initiator, int legs, unsigned char tag)
{
    memset(m, 0, sizeof(*m));
    m->initiator = initiator;
    m->legs = legs;
    m->tag = tag;
    m->key = 0x5A;
    m->next = 1;
}

void testmech_token(unsigned char tag, int n, unsigned char out[TESTMECH_TOKEN_LEN])
{
    out[0] = (unsigned char)(n % 2 == 1 ? 'I' : 'A');
    out[1] = (unsigned char)('0' + (n + 1) / 2);
    out[2] = tag;
}

void testmech_mic(unsigned char key, int from_initiator, const unsigned char *msg,
                  size_t msg_len, unsigned char out[TESTMECH_MIC_LEN])
{
    unsigned long h = 2166136261UL;
    unsigned char dir = (unsigned char)(from_initiator ? 'I' : 'A');
    size_t i;

    h = ((h ^ key) * 16777619UL) & 0xFFFFFFFFUL;
    h = ((h ^ dir) * 16777619UL) & 0xFFFFFFFFUL;
    for (i = 0; i < msg_len; i++) {
        h = ((h ^ msg[i]) * 16777619UL) & 0xFFFFFFFFUL;
    }
    out[0] = 'M';
    out[1] = dir;
    out[2] = (unsigned char)((h >> 24) & 0xFF);
    out[3] = (unsigned char)((h >> 16) & 0xFF);
    out[4] = (unsigned char)((h >> 8) & 0xFF);
    out[5] = (unsigned char)(h & 0xFF);
}

SPNEGO_NEGOTIATE_MECH testmech_entry(struct testmech *m, const unsigned char *oid,
                                     unsigned long oid_len)
{
    SPNEGO_NEGOTIATE_MECH e;

    e.Oid.pbOid = oid;
    e.Oid.ulOidLen = oid_len;
    e.pCallbacks = &testmech_callbacks;
    e.pState = m;
    return e;
}

/* Token number n is sent by the initiator when n is odd. */
static int testmech_sends(const struct testmech *m, int n)
{
    return (n % 2 == 1) == (m->initiator != 0);
}

static int testmech_step(void *state, const unsigned char *in, unsigned long in_len,
                         const unsigned char **out, unsigned long *out_len)
{
    struct testmech *m = (struct testmech *)state;
    unsigned char want[TESTMECH_TOKEN_LEN];

    m->num_steps++;
    testmech_log(m, 'S');
    *out = NULL;
    *out_len = 0;
    if (m->complete) {
        m->misuse++;
        return SPNEGO_MECH_FAILED;
    }
    if ((m->fail_step > 0 && m->num_steps == m->fail_step) ||
        (m->no_creds && m->initiator && m->num_steps == 1)) {
        *out = m->error_token;
        *out_len = m->error_token_len;
        return SPNEGO_MECH_FAILED;
    }
    if (!testmech_sends(m, m->next)) {
        /* The peer's token is due. */
        testmech_token(m->tag, m->next, want);
        if (in == NULL || in_len != TESTMECH_TOKEN_LEN ||
            memcmp(in, want, TESTMECH_TOKEN_LEN) != 0) {
            m->bad_input++;
            return SPNEGO_MECH_FAILED;
        }
        m->next++;
    } else if (in != NULL || in_len != 0) {
        /* Only an initiator's first step has no input. */
        m->bad_input++;
        return SPNEGO_MECH_FAILED;
    }
    if (m->next <= m->legs) {
        testmech_token(m->tag, m->next, m->out);
        m->next++;
        *out = m->out;
        *out_len = TESTMECH_TOKEN_LEN;
    }
    if (m->next > m->legs) {
        m->complete = 1;
        return SPNEGO_MECH_COMPLETE;
    }
    return SPNEGO_MECH_CONTINUE;
}

static int testmech_get_mic(void *state, const unsigned char *msg, unsigned long msg_len,
                            const unsigned char **mic, unsigned long *mic_len)
{
    struct testmech *m = (struct testmech *)state;

    m->num_get_mic++;
    testmech_log(m, 'G');
    testmech_keep_msg(m, msg, msg_len);
    if (!m->complete) {
        m->misuse++;
        return 1;
    }
    if (m->fail_get_mic) {
        return 1;
    }
    if (m->mic_equals_token) {
        *mic = m->out;
        *mic_len = TESTMECH_TOKEN_LEN;
        return 0;
    }
    testmech_mic(m->key, m->initiator, msg, (size_t)msg_len, m->mic);
    *mic = m->mic;
    *mic_len = TESTMECH_MIC_LEN;
    return 0;
}

static int testmech_verify_mic(void *state, const unsigned char *msg,
                               unsigned long msg_len, const unsigned char *mic,
                               unsigned long mic_len)
{
    struct testmech *m = (struct testmech *)state;
    unsigned char want[TESTMECH_MIC_LEN];

    m->num_verify++;
    testmech_keep_msg(m, msg, msg_len);
    if (!m->complete) {
        m->misuse++;
        testmech_log(m, 'X');
        return 1;
    }
    /* The peer made it: the other direction. */
    testmech_mic(m->key, !m->initiator, msg, (size_t)msg_len, want);
    if (mic_len != TESTMECH_MIC_LEN || memcmp(mic, want, TESTMECH_MIC_LEN) != 0) {
        testmech_log(m, 'X');
        return 1;
    }
    m->num_verify_ok++;
    testmech_log(m, 'V');
    return 0;
}

static int testmech_mic_required(void *state)
{
    struct testmech *m = (struct testmech *)state;

    m->num_mic_required++;
    testmech_log(m, 'R');
    return m->mic_required;
}

static int testmech_has_integrity(void *state)
{
    struct testmech *m = (struct testmech *)state;

    m->num_has_integrity++;
    testmech_log(m, 'H');
    return !m->no_integrity;
}

static int testmech_mic_done(void *state, int verified)
{
    struct testmech *m = (struct testmech *)state;

    m->num_mic_done++;
    testmech_log(m, verified ? 'd' : 'D');
    return m->fail_mic_done ? 1 : 0;
}

const SPNEGO_MECH_CALLBACKS testmech_callbacks = {
    testmech_step,          testmech_get_mic,       testmech_verify_mic,
    testmech_mic_required, testmech_has_integrity, testmech_mic_done};

const SPNEGO_MECH_CALLBACKS testmech_callbacks_min = {
    testmech_step, testmech_get_mic, testmech_verify_mic, NULL, NULL, NULL};

/* ---- two contexts talking to each other ---- */

void testpair_init(struct testpair *p, SPNEGO_NEGOTIATE_HANDLE ini,
                   SPNEGO_NEGOTIATE_HANDLE acc)
{
    memset(p, 0, sizeof(*p));
    p->ini = ini;
    p->acc = acc;
    p->ini_rc = TESTPAIR_NOT_RUN;
    p->acc_rc = TESTPAIR_NOT_RUN;
}

int testpair_run(struct testpair *p, int acceptor_first)
{
    int side_ini = !acceptor_first;
    const unsigned char *in = NULL;
    unsigned long in_len = 0;

    for (;;) {
        const unsigned char *out = NULL;
        unsigned long out_len = 0;
        int rc;
        int peer_rc;
        size_t len;

        if (side_ini) {
            rc = spnegoNegotiateStep(p->ini, in, in_len, &out, &out_len);
            p->ini_rc = rc;
            p->ini_steps++;
        } else {
            rc = spnegoNegotiateStep(p->acc, in, in_len, &out, &out_len);
            p->acc_rc = rc;
            p->acc_steps++;
        }
        if (out_len == 0) {
            break;
        }
        if (p->num_tok >= TESTPAIR_MAX_TOKENS || out_len > TESTPAIR_TOKEN_MAX) {
            p->overflow = 1;
            break;
        }
        len = (size_t)out_len;
        memcpy(p->tok[p->num_tok], out, len);
        if (p->tamper != NULL) {
            p->tamper(p, p->num_tok, side_ini, p->tok[p->num_tok], &len);
        }
        p->tok_len[p->num_tok] = len;
        p->tok_from_ini[p->num_tok] = side_ini;
        p->num_tok++;
        if (len == 0) {
            break;
        }
        peer_rc = side_ini ? p->acc_rc : p->ini_rc;
        if (peer_rc != TESTPAIR_NOT_RUN && peer_rc != SPNEGO_NEGOTIATE_CONTINUE) {
            p->undelivered = 1;
            break;
        }
        in = p->tok[p->num_tok - 1];
        in_len = (unsigned long)len;
        side_ini = !side_ini;
    }
    return p->num_tok;
}
