/*
 * fuzz_negotiate.c - one L3 negotiation context against fuzzed peer tokens.
 *
 * The context runs the deterministic test mechanism of
 * tests/negotiate_testmech.c (its tokens "I1k", "A1k"..., its keyed MICs)
 * and the fuzzer plays the peer. Input:
 *   byte 0  bit 0 role (0 initiator, 1 acceptor); bits 1-2 legs (0 -> 2);
 *           bit 3 ALWAYS_MIC; bit 4 REFUSE_W2K_MIC; bit 5
 *           ALLOW_NTLM_NO_MIC; bit 6 FOLLOW_HINTS; bit 7 the mechanisms'
 *           mic_required hook answers 1
 *   byte 1  bits 0-1 our mechanisms: [krb5], [NTLM, krb5], [krb5, NTLM],
 *           [MS-krb5, NTLM, IAKERB]; bit 2 no integrity; bit 3 the first
 *           mechanism has no credentials; bit 4 acceptor first (the
 *           acceptor steps with no input / the initiator's first input is
 *           the acceptor's NegTokenInit2); bits 5-7 the 1-based step of
 *           every mechanism that fails (0: none)
 *   then    up to 8 peer tokens, each a 2-byte big-endian length and the
 *           bytes (a short last one takes what is left).
 * Invariants (abort on violation):
 *   - COMPLETE only with the chosen mechanism complete, and the MIC rules
 *     met: MIC_REQUIRED means our MIC sent and the peer's verified (the
 *     one exception: an initiator under ALLOW_NTLM_NO_MIC with NTLMSSP as
 *     the chosen first choice, MIC sent); a MIC sent and a MIC verified go
 *     together; a non-first choice (of the initiator's list) sets
 *     MIC_REQUIRED; mic_done ran after each MIC operation; no MIC callback
 *     before completion, no step after it;
 *   - the output parses; an acceptor's failure output is a reject;
 *   - an acceptor completes with nothing to send only on the initiator's
 *     MIC answering the one it sent in an earlier leg (else the initiator
 *     waits for ever); a failing step sets no MIC_SENT (nothing went out);
 *   - after COMPLETE or a failure every step returns INVALID_PARAMETER.
 * The seed corpus (tests/fuzz/corpus/fuzz_negotiate) holds the peer
 * tokens of real exchanges between two contexts, in this format.
 */
#include "fuzz_common.h"

#include <stdlib.h>
#include <string.h>

#include "spnego_negotiate.h"
#include "negotiate_testmech.h"

#define FN_MAX_TOKENS 8
#define FN_MAX_MECHS 3

static const unsigned char fn_krb5[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x12, 0x01, 0x02, 0x02};
static const unsigned char fn_mskrb5[] = {0x2A, 0x86, 0x48, 0x82, 0xF7,
                                          0x12, 0x01, 0x02, 0x02};
static const unsigned char fn_ntlm[] = {0x2B, 0x06, 0x01, 0x04, 0x01,
                                        0x82, 0x37, 0x02, 0x02, 0x0A};
static const unsigned char fn_iakerb[] = {0x2B, 0x06, 0x01, 0x05, 0x02, 0x05};

struct fn_state {
    int acceptor;
    unsigned long flags;
    struct testmech mech[FN_MAX_MECHS];
    SPNEGO_NEGOTIATE_MECH entry[FN_MAX_MECHS];
    unsigned long num;
    SPNEGO_NEGOTIATE_HANDLE ctx;
    /* acceptor: the first OID of the NegTokenInit it selected from */
    unsigned char peer_first[64];
    size_t peer_first_len;
    int have_peer_first;
};

static void fn_add(struct fn_state *s, const unsigned char *oid, size_t oid_len, int legs,
                   unsigned char tag)
{
    struct testmech *m = &s->mech[s->num];

    testmech_init(m, !s->acceptor, legs, tag);
    s->entry[s->num] = testmech_entry(m, oid, (unsigned long)oid_len);
    s->num++;
}

static int fn_is_krb5(const unsigned char *oid, size_t len)
{
    return (len == sizeof(fn_krb5) && memcmp(oid, fn_krb5, len) == 0) ||
           (len == sizeof(fn_mskrb5) && memcmp(oid, fn_mskrb5, len) == 0);
}

static int fn_same_mech(const unsigned char *a, size_t a_len, const unsigned char *b,
                        size_t b_len)
{
    return (a_len == b_len && memcmp(a, b, a_len) == 0) ||
           (fn_is_krb5(a, a_len) && fn_is_krb5(b, b_len));
}

/* Remembers the first OID of the NegTokenInit in in (acceptor). */
static void fn_note_init(struct fn_state *s, const unsigned char *in, size_t in_len)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_OID oid;

    if (spnegoInitFromBinary(in, (unsigned long)in_len, &h) != SPNEGO_E_SUCCESS) {
        return;
    }
    if (spnegoGetMechTypeOIDPtr(h, 0, &oid) == SPNEGO_E_SUCCESS &&
        oid.ulOidLen <= sizeof(s->peer_first)) {
        memcpy(s->peer_first, oid.pbOid, oid.ulOidLen);
        s->peer_first_len = oid.ulOidLen;
        s->have_peer_first = 1;
    }
    spnegoFreeData(h);
}

/* The invariants of a COMPLETE context. */
static void fn_check_complete(struct fn_state *s)
{
    unsigned long index = 0;
    unsigned long bits = 0;
    unsigned long first = 0;
    const struct testmech *m;
    SPNEGO_OID oid;
    int first_choice;
    int ntlm_switch;

    FUZZ_CHECK(spnegoNegotiateGetMech(s->ctx, &index, &oid) == SPNEGO_E_SUCCESS);
    FUZZ_CHECK(index < s->num);
    FUZZ_CHECK(spnegoNegotiateGetMicState(s->ctx, &bits) == SPNEGO_E_SUCCESS);
    m = &s->mech[index];
    FUZZ_CHECK(m->complete);
    FUZZ_CHECK(m->misuse == 0);
    FUZZ_CHECK(m->num_mic_done == m->num_get_mic + m->num_verify_ok);
    if (s->acceptor) {
        FUZZ_CHECK(s->have_peer_first);
        first_choice = fn_same_mech(s->peer_first, s->peer_first_len, oid.pbOid,
                                    oid.ulOidLen);
    } else {
        FUZZ_CHECK(spnegoNegotiateGetOffered(s->ctx, 0, &first) == SPNEGO_E_SUCCESS);
        first_choice = first == index;
    }
    if (!first_choice) {
        FUZZ_CHECK((bits & SPNEGO_NEGOTIATE_MIC_REQUIRED) != 0);
    }
    ntlm_switch = !s->acceptor && (s->flags & SPNEGO_NEGOTIATE_ALLOW_NTLM_NO_MIC) != 0 &&
                  first_choice && oid.ulOidLen == sizeof(fn_ntlm) &&
                  memcmp(oid.pbOid, fn_ntlm, sizeof(fn_ntlm)) == 0;
    if ((bits & SPNEGO_NEGOTIATE_MIC_VERIFIED) != 0) {
        FUZZ_CHECK((bits & SPNEGO_NEGOTIATE_MIC_SENT) != 0);
        FUZZ_CHECK(m->num_verify_ok == 1);
    }
    if ((bits & SPNEGO_NEGOTIATE_MIC_SENT) != 0) {
        FUZZ_CHECK(m->num_get_mic == 1);
        FUZZ_CHECK((bits & SPNEGO_NEGOTIATE_MIC_VERIFIED) != 0 || ntlm_switch);
    }
    if ((bits & SPNEGO_NEGOTIATE_MIC_REQUIRED) != 0) {
        FUZZ_CHECK((bits & SPNEGO_NEGOTIATE_MIC_SENT) != 0);
    }
}

/* One step and the checks that follow it; returns the step's result. */
static int fn_step(struct fn_state *s, const unsigned char *in, size_t in_len)
{
    const unsigned char *out = NULL;
    unsigned long out_len = 0;
    unsigned long index = 0;
    int had_mech = spnegoNegotiateGetMech(s->ctx, &index, NULL) == SPNEGO_E_SUCCESS;
    unsigned char *copy = in_len > 0 ? fuzz_dup(in, in_len) : NULL;
    unsigned long bits_before = 0;
    unsigned long bits_after = 0;
    int rc;

    FUZZ_CHECK(spnegoNegotiateGetMicState(s->ctx, &bits_before) == SPNEGO_E_SUCCESS);

    rc = spnegoNegotiateStep(s->ctx, copy, (unsigned long)in_len, &out, &out_len);
    FUZZ_CHECK(rc == SPNEGO_NEGOTIATE_COMPLETE || rc == SPNEGO_NEGOTIATE_CONTINUE ||
               (rc < 0 && rc != SPNEGO_E_OUT_OF_MEMORY && rc != SPNEGO_E_INVALID_PARAMETER));
    if (s->acceptor && !had_mech && in_len > 0 &&
        spnegoNegotiateGetMech(s->ctx, &index, NULL) == SPNEGO_E_SUCCESS) {
        fn_note_init(s, in, in_len);
    }
    free(copy);
    FUZZ_CHECK((out == NULL) == (out_len == 0));
    if (out_len > 0) {
        SPNEGO_TOKEN_HANDLE h = NULL;
        SPNEGO_NEGRESULT result;

        FUZZ_CHECK(spnegoInitFromBinaryEx(out, out_len, SPNEGO_PARSE_STRICT, &h) ==
                   SPNEGO_E_SUCCESS);
        if (rc < 0) {
            FUZZ_CHECK(s->acceptor);
            FUZZ_CHECK(spnegoGetNegotiationResult(h, &result) == SPNEGO_E_SUCCESS);
            FUZZ_CHECK(result == spnego_negresult_rejected);
        }
        spnegoFreeData(h);
    } else if (rc < 0 && s->acceptor && rc != SPNEGO_E_REJECTED) {
        /* No allocation fails here: the reject must have gone out. */
        FUZZ_CHECK(0);
    }
    FUZZ_CHECK(spnegoNegotiateGetMicState(s->ctx, &bits_after) == SPNEGO_E_SUCCESS);
    if (rc < 0) {
        FUZZ_CHECK((bits_after & ~bits_before & SPNEGO_NEGOTIATE_MIC_SENT) == 0);
    }
    if (rc == SPNEGO_NEGOTIATE_COMPLETE) {
        fn_check_complete(s);
        if (s->acceptor && out_len == 0) {
            FUZZ_CHECK((bits_before & SPNEGO_NEGOTIATE_MIC_SENT) != 0);
            FUZZ_CHECK((bits_after & SPNEGO_NEGOTIATE_MIC_VERIFIED) != 0);
        }
    }
    if (rc != SPNEGO_NEGOTIATE_CONTINUE) {
        FUZZ_CHECK(spnegoNegotiateStep(s->ctx, NULL, 0, &out, &out_len) ==
                   SPNEGO_E_INVALID_PARAMETER);
        FUZZ_CHECK(out == NULL && out_len == 0);
    }
    return rc;
}

/* The context of the configuration bytes (see the file comment): its
 * mechanisms and flags in s; returns whether the acceptor speaks first. */
static int fn_config(struct fn_state *s, unsigned cfg, unsigned mcfg)
{
    int legs = (int)((cfg >> 1) & 3U);
    int fail_step = (int)((mcfg >> 5) & 7U);
    unsigned long k;

    memset(s, 0, sizeof(*s));
    s->acceptor = (int)(cfg & 1U);
    if (legs == 0) {
        legs = 2;
    }
    s->flags = (cfg >> 3) & 0x0FUL;
    switch (mcfg & 3U) {
    case 0:
        fn_add(s, fn_krb5, sizeof(fn_krb5), legs, 'k');
        break;
    case 1:
        fn_add(s, fn_ntlm, sizeof(fn_ntlm), legs, 'n');
        fn_add(s, fn_krb5, sizeof(fn_krb5), legs, 'k');
        break;
    case 2:
        fn_add(s, fn_krb5, sizeof(fn_krb5), legs, 'k');
        fn_add(s, fn_ntlm, sizeof(fn_ntlm), legs, 'n');
        break;
    default:
        fn_add(s, fn_mskrb5, sizeof(fn_mskrb5), legs, 'k');
        fn_add(s, fn_ntlm, sizeof(fn_ntlm), legs, 'n');
        fn_add(s, fn_iakerb, sizeof(fn_iakerb), legs, 'i');
        break;
    }
    for (k = 0; k < s->num; k++) {
        s->mech[k].mic_required = (cfg & 0x80U) != 0;
        s->mech[k].no_integrity = (mcfg & 0x04U) != 0;
        s->mech[k].fail_step = fail_step;
    }
    s->mech[0].no_creds = (mcfg & 0x08U) != 0;
    return (mcfg & 0x10U) != 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input in;
    struct fn_state s;
    unsigned cfg;
    unsigned mcfg;
    int acc_first;
    int rc;
    int num_tokens = 0;

    in.data = data;
    in.len = size;
    cfg = fuzz_byte(&in);
    mcfg = fuzz_byte(&in);
    acc_first = fn_config(&s, cfg, mcfg);
    FUZZ_CHECK(spnegoNegotiateCreate(s.acceptor ? SPNEGO_NEGOTIATE_ACCEPTOR
                                                : SPNEGO_NEGOTIATE_INITIATOR,
                                     s.entry, s.num, s.flags, &s.ctx) == SPNEGO_E_SUCCESS);
    rc = SPNEGO_NEGOTIATE_CONTINUE;
    if (!s.acceptor && !acc_first) {
        rc = fn_step(&s, NULL, 0);
    } else if (s.acceptor && acc_first) {
        rc = fn_step(&s, NULL, 0);
        FUZZ_CHECK(rc == SPNEGO_NEGOTIATE_CONTINUE);
    }
    while (rc == SPNEGO_NEGOTIATE_CONTINUE && in.len > 0 && num_tokens < FN_MAX_TOKENS) {
        size_t want = (size_t)fuzz_byte(&in) << 8;
        size_t got = 0;
        const uint8_t *tok;

        want |= fuzz_byte(&in);
        tok = fuzz_take(&in, want, &got);
        num_tokens++;
        rc = fn_step(&s, tok, got);
    }
    spnegoNegotiateFree(s.ctx);
    return 0;
}
