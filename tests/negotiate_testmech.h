/*
 * negotiate_testmech.h - a deterministic mechanism for the L3 tests.
 *
 * An SPNEGO_MECH_CALLBACKS implementation with no cryptography, used by
 * tests/test_negotiate*.c and tests/fuzz/fuzz_negotiate.c to drive an
 * initiator and an acceptor context against each other in one process.
 *
 * Inner exchange: legs (1, 2 or 3) tokens in all, the initiator sending
 * the first. Token n is three bytes: 'I' or 'A' (who sends it), the digit
 * of that side's count ('1', '2'), and the mechanism's tag, so the third
 * token of a mech tagged 'n' is "I2n". Each side checks that the token it
 * receives is exactly the one due: any other fails the step. The side
 * that sends token number legs completes with it; the other completes on
 * receiving it, with no output (legs 2 is krb5 with mutual
 * authentication: the acceptor completes first; legs 3 is NTLM: the
 * initiator completes first).
 *
 * MIC: TESTMECH_MIC_LEN bytes, 'M', the maker's direction ('I' or 'A'),
 * then a 32-bit FNV-1a hash (big-endian) over the key byte, the direction
 * byte and the message. verify_mic expects the peer's direction, so a MIC
 * reflected back to its maker fails, and a MIC from an exchange with
 * another key fails. Both sides must be given the same key.
 *
 * Each test owns its struct testmech values (no global state); the tests
 * include negotiate_testmech.c into their single source file, the fuzz
 * target links it.
 */
#ifndef NEGOTIATE_TESTMECH_H
#define NEGOTIATE_TESTMECH_H

#include <stddef.h>

#include "spnego_negotiate.h"

#define TESTMECH_TOKEN_LEN 3
#define TESTMECH_MIC_LEN 6
#define TESTMECH_LOG_MAX 40
#define TESTMECH_MSG_MAX 256

struct testmech {
    /* configuration (testmech_init() sets the defaults) */
    int initiator;          /* 1: initiator side, 0: acceptor side */
    int legs;               /* 1, 2 or 3 tokens in the inner exchange */
    unsigned char tag;      /* third byte of every token */
    unsigned char key;      /* MIC key, the same on both sides */
    int fail_step;          /* this 1-based step call fails; 0: none */
    const unsigned char *error_token; /* output of the failing step */
    unsigned long error_token_len;
    int no_creds;           /* the initiator's first step fails */
    int mic_required;       /* mic_required hook answers 1 */
    int no_integrity;       /* has_integrity hook answers 0 */
    int fail_get_mic;       /* get_mic fails */
    int fail_mic_done;      /* mic_done fails */
    int mic_equals_token;   /* get_mic returns the last token sent */
    /* observed */
    int next;               /* number of the next token of the exchange */
    int complete;           /* inner context established */
    int bad_input;          /* a step received a token it did not expect */
    int misuse;             /* a MIC op before completion, a step after it */
    int num_steps;
    int num_get_mic;
    int num_verify;         /* verify_mic calls */
    int num_verify_ok;      /* ... that succeeded */
    int num_mic_required;
    int num_has_integrity;
    int num_mic_done;
    /* Events in order: S step, G get_mic, V verify ok, X verify failed,
     * D mic_done(0), d mic_done(1), R mic_required, H has_integrity. */
    char log[TESTMECH_LOG_MAX + 1];
    size_t log_len;
    /* The message covered by the last get_mic/verify_mic. */
    unsigned char msg[TESTMECH_MSG_MAX];
    size_t msg_len;
    /* Buffers the callbacks hand out (valid until the next callback). */
    unsigned char out[TESTMECH_TOKEN_LEN];
    unsigned char mic[TESTMECH_MIC_LEN];
};

/* Every callback, hooks included. */
extern const SPNEGO_MECH_CALLBACKS testmech_callbacks;
/* Only the three required callbacks (the hooks are NULL). */
extern const SPNEGO_MECH_CALLBACKS testmech_callbacks_min;

/* Defaults: no knob set, key 0x5A. */
void testmech_init(struct testmech *m, int initiator, int legs, unsigned char tag);

/* Token number n (1-based) of the exchange of a mech tagged tag. */
void testmech_token(unsigned char tag, int n, unsigned char out[TESTMECH_TOKEN_LEN]);

/* The MIC the initiator (from_initiator 1) or the acceptor makes. */
void testmech_mic(unsigned char key, int from_initiator, const unsigned char *msg,
                  size_t msg_len, unsigned char out[TESTMECH_MIC_LEN]);

/* An SPNEGO_NEGOTIATE_MECH entry for m under the given OID. */
SPNEGO_NEGOTIATE_MECH testmech_entry(struct testmech *m, const unsigned char *oid,
                                     unsigned long oid_len);

/* ---- two contexts talking to each other ---- */

#define TESTPAIR_NOT_RUN 100 /* rc of a side that has not stepped yet */
#define TESTPAIR_MAX_TOKENS 12
#define TESTPAIR_TOKEN_MAX 512

struct testpair;

/* Called on every token on its way to the peer (index: 0-based number in
 * the exchange): may rewrite buf (capacity TESTPAIR_TOKEN_MAX) and *len;
 * *len 0 drops the token. */
typedef void (*testpair_tamper_fn)(struct testpair *p, int index, int from_initiator,
                                   unsigned char *buf, size_t *len);

struct testpair {
    SPNEGO_NEGOTIATE_HANDLE ini;
    SPNEGO_NEGOTIATE_HANDLE acc;
    int ini_rc;     /* last step result, TESTPAIR_NOT_RUN before */
    int acc_rc;
    int ini_steps;
    int acc_steps;
    /* Every token that went out, as delivered (after tampering). */
    unsigned char tok[TESTPAIR_MAX_TOKENS][TESTPAIR_TOKEN_MAX];
    size_t tok_len[TESTPAIR_MAX_TOKENS];
    int tok_from_ini[TESTPAIR_MAX_TOKENS];
    int num_tok;
    int undelivered; /* a token was left for a side that had finished */
    int overflow;    /* more or bigger tokens than the arrays hold */
    testpair_tamper_fn tamper;
    void *tamper_arg;
};

/* Zeroes p, rcs to TESTPAIR_NOT_RUN; the caller sets ini and acc. */
void testpair_init(struct testpair *p, SPNEGO_NEGOTIATE_HANDLE ini,
                   SPNEGO_NEGOTIATE_HANDLE acc);

/*
 * Runs the exchange: the initiator steps first with no input (or the
 * acceptor, when acceptor_first), each output goes to the other side,
 * until a side has nothing to send or the receiving side has finished.
 * Stops on any step result. Returns p->num_tok.
 */
int testpair_run(struct testpair *p, int acceptor_first);

#endif /* NEGOTIATE_TESTMECH_H */
