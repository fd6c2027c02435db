/*
 * test_negotiate_fail.c - L3 negotiation: how exchanges fail, the
 * compatibility switches, and argument errors. Both peers run in one
 * process over the test mechanism (negotiate_testmech.c); where a peer
 * bug is needed (Windows 2000 MIC copy, pre-Vista NTLM acceptor) the
 * acceptor's token is rewritten with the public builders on its way.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "spnego_negotiate.h"
#include "spnego_test.h"
#include "negotiate_testmech.h"
#include "negotiate_test_util.h"

/* tests/CMakeLists.txt builds every test_*.c from that one file. */
#include "negotiate_testmech.c"

/* ---- no common mechanism, rejects ---------------------------------------- */

/* The acceptor runs nothing the initiator offers: NO_COMMON_MECH and the
 * 9-byte reject; the initiator reading it: REJECTED, no error token. */
static void test_no_common_mech(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct testmech *ak;
    const unsigned char *b = NULL;
    unsigned long b_len = 0;
    unsigned long index;

    NT_INI(f, oid_ntlm, 3, 'n');
    NT_INI(f, oid_iakerb, 2, 'i');
    ak = NT_ACC(f, oid_krb5, 2, 'k');
    assert_int_equal(nt_run(f, 0), 2);
    assert_int_equal(f->pair.acc_rc, SPNEGO_E_NO_COMMON_MECH);
    NT_TOK(&f->pair, 1, 0, reject9);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_REJECTED);
    assert_int_equal(spnegoNegotiateGetRejectToken(f->pair.ini, &b, &b_len),
                     SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_int_equal(spnegoNegotiateGetMech(f->pair.acc, &index, NULL),
                     SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_int_equal(ak->num_steps, 0);
}

/* The acceptor's mechanism fails on the optimistic token with an error
 * token (a KRB-ERROR): the reject carries it as responseToken, and the
 * initiator hands it to its caller. */
static void test_mech_failed_error_token(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct testmech *ak;
    static const unsigned char krb_error[] = {0x7E, 0x03, 0x02, 0x01, 0x1E};
    static const unsigned char want[] = {
        0xA1, 0x10, 0x30, 0x0E,                   /* negTokenResp, SEQUENCE 14 */
        0xA0, 0x03, 0x0A, 0x01, 0x02,             /* negState reject */
        0xA2, 0x07, 0x04, 0x05,                   /* responseToken: */
        0x7E, 0x03, 0x02, 0x01, 0x1E,             /* the error token */
    };
    const unsigned char *b = NULL;
    unsigned long b_len = 0;

    NT_INI(f, oid_krb5, 2, 'k');
    ak = NT_ACC(f, oid_krb5, 2, 'k');
    ak->fail_step = 1;
    ak->error_token = krb_error;
    ak->error_token_len = sizeof(krb_error);
    assert_int_equal(nt_run(f, 0), 2);
    assert_int_equal(f->pair.acc_rc, SPNEGO_E_MECH_FAILED);
    NT_TOK(&f->pair, 1, 0, want);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_REJECTED);
    assert_int_equal(spnegoNegotiateGetRejectToken(f->pair.ini, &b, &b_len), SPNEGO_E_SUCCESS);
    assert_int_equal(b_len, sizeof(krb_error));
    assert_memory_equal(b, krb_error, sizeof(krb_error));
    /* Both finished. */
    assert_int_equal(spnegoNegotiateStep(f->pair.ini, want, sizeof(want), &b, &b_len),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoNegotiateStep(f->pair.acc, want, sizeof(want), &b, &b_len),
                     SPNEGO_E_INVALID_PARAMETER);
}

/* Without an error token: the plain 9-byte reject; a later leg (3 legs,
 * the acceptor's second step) fails the same way. */
static void test_mech_failed_no_error_token(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct testmech *an;
    const unsigned char *b = NULL;
    unsigned long b_len = 0;

    NT_INI(f, oid_ntlm, 3, 'n');
    an = NT_ACC(f, oid_ntlm, 3, 'n');
    an->fail_step = 2;
    assert_int_equal(nt_run(f, 0), 4);
    assert_int_equal(f->pair.acc_rc, SPNEGO_E_MECH_FAILED);
    NT_TOK(&f->pair, 3, 0, reject9);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_REJECTED);
    assert_int_equal(spnegoNegotiateGetRejectToken(f->pair.ini, &b, &b_len),
                     SPNEGO_E_ELEMENT_UNAVAILABLE);
}

/* The initiator's mechanism fails on the acceptor's token: MECH_FAILED,
 * and an initiator sends nothing. */
static void test_initiator_mech_failed(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct testmech *ik;
    static const unsigned char err[] = {'E', 'R', 'R'};

    ik = NT_INI(f, oid_krb5, 2, 'k');
    ik->fail_step = 2;
    ik->error_token = err;
    ik->error_token_len = sizeof(err);
    NT_ACC(f, oid_krb5, 2, 'k');
    assert_int_equal(nt_run(f, 0), 2);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_MECH_FAILED);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.ini_steps, 2);
}

/* A wrong inner token is the mechanism's failure (the test mech checks
 * every token): the acceptor rejects. */
static void test_wrong_inner_token(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct testmech *ak;

    NT_INI(f, oid_krb5, 2, 'x');
    ak = NT_ACC(f, oid_krb5, 2, 'k');
    assert_int_equal(nt_run(f, 0), 2);
    assert_int_equal(ak->bad_input, 1);
    assert_int_equal(f->pair.acc_rc, SPNEGO_E_MECH_FAILED);
    NT_TOK(&f->pair, 1, 0, reject9);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_REJECTED);
}

/* The initiator sends negState reject (as a client giving up): the
 * acceptor returns REJECTED and answers nothing. */
static void test_initiator_reject(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    const unsigned char *out;
    unsigned long out_len;

    NT_INI(f, oid_ntlm, 3, 'n');
    NT_ACC(f, oid_ntlm, 3, 'n');
    nt_create(f);
    assert_int_equal(spnegoNegotiateStep(f->pair.ini, NULL, 0, &out, &out_len),
                     SPNEGO_NEGOTIATE_CONTINUE);
    assert_int_equal(spnegoNegotiateStep(f->pair.acc, out, out_len, &out, &out_len),
                     SPNEGO_NEGOTIATE_CONTINUE);
    assert_int_equal(spnegoNegotiateStep(f->pair.acc, reject9, sizeof(reject9), &out, &out_len),
                     SPNEGO_E_REJECTED);
    assert_int_equal(out_len, 0);
    assert_null(out);
}

/* ---- MIC failures inside the mechanism ---------------------------------- */

/* The MIC is required (non-first) but the acceptor's context has no
 * integrity: MIC_MISSING and a reject. */
static void test_no_integrity_acceptor(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct testmech *ak;

    NT_INI(f, oid_ntlm, 2, 'n');
    NT_INI(f, oid_krb5, 2, 'k');
    ak = NT_ACC(f, oid_krb5, 2, 'k');
    ak->no_integrity = 1;
    assert_int_equal(nt_run(f, 0), 4);
    assert_int_equal(f->pair.acc_rc, SPNEGO_E_MIC_MISSING);
    NT_TOK(&f->pair, 3, 0, reject9);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_REJECTED);
    assert_int_equal(ak->num_get_mic, 0);
}

/* A MIC arrives at an initiator whose context has no integrity:
 * MIC_INVALID, before verify_mic is even asked. */
static void test_no_integrity_initiator(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct testmech *ik;

    NT_INI(f, oid_ntlm, 2, 'n');
    ik = NT_INI(f, oid_krb5, 2, 'k');
    ik->no_integrity = 1;
    NT_ACC(f, oid_krb5, 2, 'k');
    assert_int_equal(nt_run(f, 0), 4);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_MIC_INVALID);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_CONTINUE);
    assert_int_equal(ik->num_verify, 0);
}

/* No integrity when the MIC is optional: the exchange completes. */
static void test_no_integrity_optional(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;

    NT_INI(f, oid_krb5, 2, 'k')->no_integrity = 1;
    NT_ACC(f, oid_krb5, 2, 'k')->no_integrity = 1;
    f->acc.flags = SPNEGO_NEGOTIATE_ALWAYS_MIC; /* only where it can */
    assert_int_equal(nt_run(f, 0), 2);
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
    nt_assert_mic_state(f->pair.acc, 0);
}

/* get_mic, mic_done failing, or a mechanism handing out its token as its
 * MIC: MECH_FAILED (the acceptor with a reject). */
static void test_mic_callbacks_fail(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    int knob;

    for (knob = 0; knob < 4; knob++) {
        struct testmech *ak;

        memset(f, 0, sizeof(*f));
        NT_INI(f, oid_ntlm, 2, 'n');
        NT_INI(f, oid_krb5, 2, 'k');
        ak = NT_ACC(f, oid_krb5, 2, 'k');
        if (knob == 0) {
            ak->fail_get_mic = 1;
        } else if (knob == 1) {
            ak->fail_mic_done = 1;
        } else if (knob == 2) {
            ak->mic_equals_token = 1;
        } else {
            /* the initiator's mic_done fails after its verify */
            f->ini.mech[1].fail_mic_done = 1;
        }
        assert_int_equal(nt_run(f, 0), 4);
        if (knob < 3) {
            assert_int_equal(f->pair.acc_rc, SPNEGO_E_MECH_FAILED);
            NT_TOK(&f->pair, 3, 0, reject9);
            assert_int_equal(f->pair.ini_rc, SPNEGO_E_REJECTED);
        } else {
            assert_int_equal(f->pair.ini_rc, SPNEGO_E_MECH_FAILED);
            assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_CONTINUE);
            assert_string_equal(f->ini.mech[1].log, "SSRHVd");
        }
        spnegoNegotiateFree(f->pair.ini);
        spnegoNegotiateFree(f->pair.acc);
        f->pair.ini = NULL;
        f->pair.acc = NULL;
    }
}

/* The mechanism requires the MIC on the initiator's side only (2 legs):
 * the acceptor, not knowing, completes with accept-completed; the
 * initiator then misses the acceptor's MIC. It fails without making a
 * MIC that would never go out. Regression: it called get_mic and
 * mic_done and reported MIC_SENT although nothing was sent. */
static void test_hook_initiator_only(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;

    NT_INI(f, oid_krb5, 2, 'k')->mic_required = 1;
    NT_ACC(f, oid_krb5, 2, 'k');
    assert_int_equal(nt_run(f, 0), 2);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_MIC_MISSING);
    nt_assert_mic_state(f->pair.ini, SPNEGO_NEGOTIATE_MIC_REQUIRED);
    assert_string_equal(f->ini.mech[0].log, "SSRH");
}

/* ---- Windows 2000 / WebSphere: mechListMIC = responseToken --------------- */

/* Rewrites the acceptor's reply (token 1) as a W2K acceptor sends it:
 * accept-completed, supportedMech krb5, responseToken A1k and a
 * mechListMIC field holding the same bytes. The builder refuses that
 * token, so it is built with another 3-byte MIC and patched. */
static void tamper_w2k(struct testpair *p, int index, int from_ini, unsigned char *buf,
                       size_t *len)
{
    size_t at;
    size_t mic_len = 0;

    (void)p;
    (void)from_ini;
    if (index != 1) {
        return;
    }
    nt_build_resp(oid_krb5, sizeof(oid_krb5), spnego_negresult_success, "A1k",
                  (const unsigned char *)"ZZZ", 3, buf, len);
    at = nt_content_at(buf, *len, SPNEGO_ELEMENT_MECH_LIST_MIC, &mic_len);
    assert_int_equal(mic_len, 3);
    memcpy(buf + at, "A1k", 3);
}

static const unsigned char w2k_reply[] = {
    0xA1, 0x22, 0x30, 0x20,                   /* negTokenResp, SEQUENCE 32 */
    0xA0, 0x03, 0x0A, 0x01, 0x00,             /* accept-completed */
    0xA1, 0x0B, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x12, 0x01, 0x02, 0x02,
    0xA2, 0x05, 0x04, 0x03, 'A', '1', 'k',   /* responseToken */
    0xA3, 0x05, 0x04, 0x03, 'A', '1', 'k',   /* mechListMIC: the same bytes */
};

/* By default the copy is ignored (as MIT, .NET, pyspnego): complete,
 * no MIC counted. */
static void test_w2k_mic_ignored(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct testmech *ik = NT_INI(f, oid_krb5, 2, 'k');

    NT_ACC(f, oid_krb5, 2, 'k');
    nt_create(f);
    f->pair.tamper = tamper_w2k;
    assert_int_equal(testpair_run(&f->pair, 0), 2);
    NT_TOK(&f->pair, 1, 0, w2k_reply);
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
    nt_assert_mic_state(f->pair.ini, 0);
    assert_int_equal(ik->num_verify, 0);
}

/* With REFUSE_W2K_MIC the field is a MIC, and it does not verify. */
static void test_w2k_mic_refused(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct testmech *ik = NT_INI(f, oid_krb5, 2, 'k');

    NT_ACC(f, oid_krb5, 2, 'k');
    f->ini.flags = SPNEGO_NEGOTIATE_REFUSE_W2K_MIC;
    nt_create(f);
    f->pair.tamper = tamper_w2k;
    assert_int_equal(testpair_run(&f->pair, 0), 2);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_MIC_INVALID);
    assert_int_equal(ik->num_verify, 1);
    assert_int_equal(ik->num_verify_ok, 0);
}

/* An ignored copy never counts as a MIC: when the MIC is required
 * (non-first), the acceptor's real MIC replaced by the copy leaves the
 * initiator without one in the message that completed its mechanism (the
 * acceptor completed first, so its MIC was due there): MIC_MISSING, and
 * the initiator's own MIC never goes out. */
static void tamper_w2k_required(struct testpair *p, int index, int from_ini,
                                unsigned char *buf, size_t *len)
{
    size_t at;
    size_t mic_len = 0;

    (void)p;
    (void)from_ini;
    if (index != 3) {
        return;
    }
    nt_build_resp(NULL, 0, spnego_negresult_incomplete, "A1k", (const unsigned char *)"ZZZ", 3,
                  buf, len);
    at = nt_content_at(buf, *len, SPNEGO_ELEMENT_MECH_LIST_MIC, &mic_len);
    memcpy(buf + at, "A1k", 3);
}

static void test_w2k_mic_not_a_mic(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;

    NT_INI(f, oid_ntlm, 2, 'n');
    NT_INI(f, oid_krb5, 2, 'k');
    NT_ACC(f, oid_krb5, 2, 'k');
    nt_create(f);
    f->pair.tamper = tamper_w2k_required;
    assert_int_equal(testpair_run(&f->pair, 0), 4);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_MIC_MISSING);
    nt_assert_mic_state(f->pair.ini, SPNEGO_NEGOTIATE_MIC_REQUIRED);
    assert_int_equal(f->ini.mech[1].num_verify, 0);
    assert_int_equal(f->ini.mech[1].num_get_mic, 0);
}

/* ---- pre-Vista NTLM acceptors: no MIC in the final accept-completed ----- */

/* Replaces token tamper_arg (an int index) with a bare accept-completed. */
static void tamper_bare_completed(struct testpair *p, int index, int from_ini,
                                  unsigned char *buf, size_t *len)
{
    (void)from_ini;
    if (index != *(const int *)p->tamper_arg) {
        return;
    }
    nt_build_resp(NULL, 0, spnego_negresult_success, NULL, NULL, 0, buf, len);
}

/* NTLM first choice (3 legs, AUTHENTICATE with MIC: the hook), the
 * acceptor's final accept-completed stripped of its MIC. */
static void run_ntlm_no_mic(struct nt_fixture *f, unsigned long flags, int ntlm_first)
{
    static int index;
    struct testmech *in;
    struct testmech *an;

    memset(f, 0, sizeof(*f));
    if (!ntlm_first) {
        NT_INI(f, oid_krb5, 2, 'k');
    }
    in = NT_INI(f, oid_ntlm, 3, 'n');
    an = NT_ACC(f, oid_ntlm, 3, 'n');
    in->mic_required = 1;
    an->mic_required = 1;
    f->ini.flags = flags;
    nt_create(f);
    index = ntlm_first ? 3 : 5;
    f->pair.tamper = tamper_bare_completed;
    f->pair.tamper_arg = &index;
    assert_int_equal(testpair_run(&f->pair, 0), ntlm_first ? 4 : 6);
    nt_assert_tok(&f->pair, index, 0, (const unsigned char *)"\xA1\x07\x30\x05\xA0\x03\x0A\x01\x00", 9);
}

static void free_pair(struct nt_fixture *f)
{
    spnegoNegotiateFree(f->pair.ini);
    spnegoNegotiateFree(f->pair.acc);
    f->pair.ini = NULL;
    f->pair.acc = NULL;
}

static void test_ntlm_no_mic(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    const unsigned long mic_sent = SPNEGO_NEGOTIATE_MIC_REQUIRED | SPNEGO_NEGOTIATE_MIC_SENT;

    /* Default: the missing MIC fails. */
    run_ntlm_no_mic(f, 0, 1);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_MIC_MISSING);
    nt_assert_mic_state(f->pair.ini, mic_sent);
    free_pair(f);
    /* The switch: NTLM was the first choice, ours went out: complete. */
    run_ntlm_no_mic(f, SPNEGO_NEGOTIATE_ALLOW_NTLM_NO_MIC, 1);
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
    nt_assert_mic_state(f->pair.ini, mic_sent);
    free_pair(f);
    /* NTLM not the first choice: a downgrade is possible, the switch does
     * not apply. */
    run_ntlm_no_mic(f, SPNEGO_NEGOTIATE_ALLOW_NTLM_NO_MIC, 0);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_MIC_MISSING);
    nt_assert_mic_state(f->pair.ini, mic_sent);
    free_pair(f);
}

/* The switch is for NTLM only: krb5 (its hook requiring the MIC) with the
 * acceptor's MIC stripped still fails. */
static void tamper_strip_to_completed_a1k(struct testpair *p, int index, int from_ini,
                                          unsigned char *buf, size_t *len)
{
    (void)p;
    (void)from_ini;
    if (index == 1) {
        nt_build_resp(oid_krb5, sizeof(oid_krb5), spnego_negresult_success, "A1k", NULL, 0,
                      buf, len);
    }
}

static void test_ntlm_no_mic_switch_not_krb5(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;

    NT_INI(f, oid_krb5, 2, 'k')->mic_required = 1;
    NT_ACC(f, oid_krb5, 2, 'k')->mic_required = 1;
    f->ini.flags = SPNEGO_NEGOTIATE_ALLOW_NTLM_NO_MIC;
    nt_create(f);
    f->pair.tamper = tamper_strip_to_completed_a1k;
    assert_int_equal(testpair_run(&f->pair, 0), 2);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_MIC_MISSING);
}

/* ---- argument errors ----------------------------------------------------- */

static const SPNEGO_MECH_CALLBACKS cb_no_step = {NULL, NULL, NULL, NULL, NULL, NULL};

static void test_create_arguments(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    SPNEGO_NEGOTIATE_MECH m[SPNEGO_NEGOTIATE_MAX_MECHS + 1];
    unsigned char oids[SPNEGO_NEGOTIATE_MAX_MECHS + 1][9];
    SPNEGO_MECH_CALLBACKS cb;
    SPNEGO_NEGOTIATE_HANDLE h;
    static const unsigned char bad_trailing[] = {0x2A, 0x86};        /* open arc */
    static const unsigned char bad_leading[] = {0x2A, 0x80, 0x01};   /* 0x80 lead */
    unsigned char long_oid[65];
    struct testmech tm;
    size_t i;

    (void)f;
    testmech_init(&tm, 1, 2, 'k');
    for (i = 0; i <= SPNEGO_NEGOTIATE_MAX_MECHS; i++) {
        /* 1.3.6.1.4.1.99999.i: distinct valid OIDs */
        static const unsigned char base[] = {0x2B, 0x06, 0x01, 0x04, 0x01, 0x86, 0x8D, 0x1F};
        memcpy(oids[i], base, sizeof(base));
        oids[i][8] = (unsigned char)i;
        m[i] = testmech_entry(&tm, oids[i], 9);
    }
    assert_int_equal(spnegoNegotiateCreate(SPNEGO_NEGOTIATE_INITIATOR, m, 1, 0, NULL),
                     SPNEGO_E_INVALID_PARAMETER);
#define CREATE_FAILS(role, mechs, n, flags, want)                                         \
    do {                                                                                  \
        h = (SPNEGO_NEGOTIATE_HANDLE)(void *)&tm;                                         \
        assert_int_equal(spnegoNegotiateCreate(role, mechs, n, flags, &h), want);         \
        assert_null(h);                                                                   \
    } while (0)
    CREATE_FAILS(2, m, 1, 0, SPNEGO_E_INVALID_PARAMETER);
    CREATE_FAILS(-1, m, 1, 0, SPNEGO_E_INVALID_PARAMETER);
    CREATE_FAILS(SPNEGO_NEGOTIATE_INITIATOR, NULL, 1, 0, SPNEGO_E_INVALID_PARAMETER);
    CREATE_FAILS(SPNEGO_NEGOTIATE_INITIATOR, m, 0, 0, SPNEGO_E_INVALID_PARAMETER);
    CREATE_FAILS(SPNEGO_NEGOTIATE_ACCEPTOR, m, SPNEGO_NEGOTIATE_MAX_MECHS + 1, 0,
                 SPNEGO_E_INVALID_PARAMETER);
    CREATE_FAILS(SPNEGO_NEGOTIATE_ACCEPTOR, m, 1, 0x10, SPNEGO_E_INVALID_PARAMETER);
    CREATE_FAILS(SPNEGO_NEGOTIATE_ACCEPTOR, m, 1, 0x80000000UL, SPNEGO_E_INVALID_PARAMETER);
    /* 32 is the limit, and every known flag together is fine. */
    h = NULL;
    assert_int_equal(spnegoNegotiateCreate(SPNEGO_NEGOTIATE_ACCEPTOR, m,
                                           SPNEGO_NEGOTIATE_MAX_MECHS, 0x0F, &h),
                     SPNEGO_E_SUCCESS);
    assert_non_null(h);
    spnegoNegotiateFree(h);
    /* Duplicate OID. */
    m[1].Oid = m[0].Oid;
    CREATE_FAILS(SPNEGO_NEGOTIATE_INITIATOR, m, 2, 0, SPNEGO_E_INVALID_PARAMETER);
    m[1].Oid.pbOid = oids[1];
    /* OIDs: missing, empty, malformed, too long. */
    m[1].Oid.pbOid = NULL;
    CREATE_FAILS(SPNEGO_NEGOTIATE_INITIATOR, m, 2, 0, SPNEGO_E_INVALID_PARAMETER);
    m[1].Oid.pbOid = oids[1];
    m[1].Oid.ulOidLen = 0;
    CREATE_FAILS(SPNEGO_NEGOTIATE_INITIATOR, m, 2, 0, SPNEGO_E_INVALID_PARAMETER);
    m[1].Oid.pbOid = bad_trailing;
    m[1].Oid.ulOidLen = sizeof(bad_trailing);
    CREATE_FAILS(SPNEGO_NEGOTIATE_INITIATOR, m, 2, 0, SPNEGO_E_INVALID_OID);
    m[1].Oid.pbOid = bad_leading;
    m[1].Oid.ulOidLen = sizeof(bad_leading);
    CREATE_FAILS(SPNEGO_NEGOTIATE_ACCEPTOR, m, 2, 0, SPNEGO_E_INVALID_OID);
    memset(long_oid, 0x01, sizeof(long_oid));
    long_oid[0] = 0x2B;
    m[1].Oid.pbOid = long_oid;
    m[1].Oid.ulOidLen = sizeof(long_oid);
    CREATE_FAILS(SPNEGO_NEGOTIATE_ACCEPTOR, m, 2, 0, SPNEGO_E_INVALID_OID);
    m[1].Oid.pbOid = oids[1];
    m[1].Oid.ulOidLen = 9;
    /* Callbacks: none, or any required one missing. */
    m[1].pCallbacks = NULL;
    CREATE_FAILS(SPNEGO_NEGOTIATE_INITIATOR, m, 2, 0, SPNEGO_E_INVALID_PARAMETER);
    m[1].pCallbacks = &cb_no_step;
    CREATE_FAILS(SPNEGO_NEGOTIATE_INITIATOR, m, 2, 0, SPNEGO_E_INVALID_PARAMETER);
    for (i = 0; i < 3; i++) {
        cb = testmech_callbacks;
        if (i == 0) {
            cb.step = NULL;
        } else if (i == 1) {
            cb.get_mic = NULL;
        } else {
            cb.verify_mic = NULL;
        }
        m[1].pCallbacks = &cb;
        CREATE_FAILS(SPNEGO_NEGOTIATE_ACCEPTOR, m, 2, 0, SPNEGO_E_INVALID_PARAMETER);
    }
#undef CREATE_FAILS
    /* Nothing was called. */
    assert_int_equal(tm.num_steps, 0);
}

static void test_step_and_getter_arguments(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    const unsigned char *out = (const unsigned char *)"x";
    unsigned long out_len = 7;
    unsigned long ul = 0;
    const unsigned char *b;
    unsigned long b_len;
    SPNEGO_OID oid;

    NT_INI(f, oid_krb5, 2, 'k');
    NT_ACC(f, oid_krb5, 2, 'k');
    nt_create(f);
    assert_int_equal(spnegoNegotiateStep(NULL, NULL, 0, &out, &out_len),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_null(out);
    assert_int_equal(out_len, 0);
    assert_int_equal(spnegoNegotiateStep(f->pair.ini, NULL, 0, NULL, &out_len),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoNegotiateStep(f->pair.ini, NULL, 0, &out, NULL),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoNegotiateStep(f->pair.ini, NULL, 3, &out, &out_len),
                     SPNEGO_E_INVALID_PARAMETER);
    /* Argument errors do not finish the context. */
    assert_int_equal(spnegoNegotiateStep(f->pair.ini, NULL, 0, &out, &out_len),
                     SPNEGO_NEGOTIATE_CONTINUE);
    assert_int_equal(spnegoNegotiateSetReqFlags(NULL, 0), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoNegotiateGetMech(NULL, &ul, &oid), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoNegotiateGetMech(f->pair.ini, NULL, &oid),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoNegotiateGetMicState(NULL, &ul), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoNegotiateGetMicState(f->pair.ini, NULL), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoNegotiateGetOfferedCount(NULL, &ul), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoNegotiateGetOfferedCount(f->pair.ini, NULL),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoNegotiateGetOffered(f->pair.ini, 0, NULL),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoNegotiateGetOffered(NULL, 0, &ul), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoNegotiateGetPeerHintName(NULL, &b, &b_len),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoNegotiateGetPeerHintName(f->pair.ini, NULL, &b_len),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoNegotiateGetPeerHintName(f->pair.ini, &b, NULL),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoNegotiateGetPeerHintName(f->pair.acc, &b, &b_len),
                     SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_int_equal(spnegoNegotiateGetRejectToken(NULL, &b, &b_len),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoNegotiateGetRejectToken(f->pair.ini, NULL, &b_len),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoNegotiateGetRejectToken(f->pair.ini, &b, NULL),
                     SPNEGO_E_INVALID_PARAMETER);
    spnegoNegotiateFree(NULL);
}

/* A step after a failure: INVALID_PARAMETER, also with input. */
static void test_step_after_failure(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    const unsigned char *out;
    unsigned long out_len;
    static const unsigned char garbage[] = {0x30, 0x00};

    NT_INI(f, oid_krb5, 2, 'k');
    NT_ACC(f, oid_krb5, 2, 'k');
    nt_create(f);
    assert_int_equal(spnegoNegotiateStep(f->pair.acc, garbage, sizeof(garbage), &out, &out_len),
                     SPNEGO_E_INVALID_TOKEN);
    assert_int_equal(out_len, sizeof(reject9));
    assert_memory_equal(out, reject9, sizeof(reject9));
    assert_int_equal(spnegoNegotiateStep(f->pair.acc, garbage, sizeof(garbage), &out, &out_len),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(out_len, 0);
    assert_int_equal(spnegoNegotiateStep(f->pair.acc, NULL, 0, &out, &out_len),
                     SPNEGO_E_INVALID_PARAMETER);
    /* An initiator fed a reply before its offer is a protocol error
     * (it expects a NegTokenInit2 there at most). */
    assert_int_equal(spnegoNegotiateStep(f->pair.ini, reject9, sizeof(reject9), &out, &out_len),
                     SPNEGO_E_PROTOCOL);
    assert_int_equal(out_len, 0);
    assert_int_equal(spnegoNegotiateStep(f->pair.ini, NULL, 0, &out, &out_len),
                     SPNEGO_E_INVALID_PARAMETER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_no_common_mech, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_mech_failed_error_token, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_mech_failed_no_error_token, nt_setup,
                                        nt_teardown),
        cmocka_unit_test_setup_teardown(test_initiator_mech_failed, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_wrong_inner_token, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_initiator_reject, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_no_integrity_acceptor, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_no_integrity_initiator, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_no_integrity_optional, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_mic_callbacks_fail, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_hook_initiator_only, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_w2k_mic_ignored, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_w2k_mic_refused, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_w2k_mic_not_a_mic, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_ntlm_no_mic, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_ntlm_no_mic_switch_not_krb5, nt_setup,
                                        nt_teardown),
        cmocka_unit_test_setup_teardown(test_create_arguments, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_step_and_getter_arguments, nt_setup,
                                        nt_teardown),
        cmocka_unit_test_setup_teardown(test_step_after_failure, nt_setup, nt_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
