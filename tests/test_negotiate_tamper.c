/*
 * test_negotiate_tamper.c - L3 negotiation with a man in the middle.
 *
 * Both contexts run in one process (picotls test_handshake); between them
 * the tamper callback of the testpair rewrites one token with the public
 * parse/build API (or, where the builders refuse the form, with bytes
 * written here). Every case asserts the exact status of both sides, which
 * side (if any) still reports COMPLETE and why that is sound, and that a
 * failing acceptor's output is a reject.
 *
 * What no MIC can catch: with krb5 as the initiator's first choice and the
 * MIC optional (nothing asks, RFC 4178 5 a), no MIC is exchanged, so
 * reordering or stripping the mechanisms *after* the first one goes
 * unnoticed (both complete). That is no downgrade: the first choice was
 * used. Stripping the first one *is* a downgrade; the acceptor cannot see
 * it (to it the second mech is now the first choice) and completes, but
 * the initiator, for which the mechanism is not its first choice, requires
 * the MIC and fails (MIC_MISSING). SPNEGO_NEGOTIATE_ALWAYS_MIC on the
 * acceptor makes it send a MIC over the list it received, and the
 * initiator detects all of these (MIC_INVALID). ALWAYS_MIC on the
 * initiator alone cannot help with a 2-leg mechanism: the acceptor's
 * accept-completed ends the exchange before the initiator can send one.
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
#include "negotiate_mitm.h"

/* tests/CMakeLists.txt builds every test_*.c from that one file. */
#include "negotiate_testmech.c"


/* ---- the mech list, with the MIC exchange on ----------------------------- */

static void set_list(struct mitm *m, int which)
{
    m->index = 0;
    m->op = OP_LIST;
    if (which == 0) { /* reorder the tail */
        m->list[0] = OID(oid_ntlm);
        m->list[1] = OID(oid_iakerb);
        m->list[2] = OID(oid_krb5);
        m->num_list = 3;
    } else if (which == 1) { /* strip IAKERB */
        m->list[0] = OID(oid_ntlm);
        m->list[1] = OID(oid_krb5);
        m->num_list = 2;
    } else { /* prepend NegoEx */
        m->list[0] = OID(oid_negoex);
        m->list[1] = OID(oid_ntlm);
        m->list[2] = OID(oid_krb5);
        m->list[3] = OID(oid_iakerb);
        m->num_list = 4;
    }
}

/* 2 legs: the acceptor completes first and its MIC covers the list it
 * received: the initiator's verify fails (MIC_INVALID). The acceptor
 * waits for a MIC that never comes (CONTINUE). 3 legs: the initiator's
 * MIC comes first and the acceptor's verify fails (MIC_INVALID, reject);
 * the initiator then reads the reject (REJECTED). */
static void test_list_tamper_mic_required(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    int which;
    int legs;

    for (legs = 2; legs <= 3; legs++) {
        for (which = 0; which < 3; which++) {
            struct mitm m;

            memset(&m, 0, sizeof(m));
            setup_required(f, legs);
            set_list(&m, which);
            run_mitm(f, &m);
            if (legs == 2) {
                assert_int_equal(f->pair.ini_rc, SPNEGO_E_MIC_INVALID);
                assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_CONTINUE);
                assert_int_equal(f->pair.num_tok, 4);
                assert_int_equal(f->ini.mech[1].num_verify_ok, 0);
                assert_int_equal(f->ini.mech[1].num_get_mic, 0);
            } else {
                assert_int_equal(f->pair.acc_rc, SPNEGO_E_MIC_INVALID);
                assert_acc_rejected(&f->pair);
                assert_int_equal(f->pair.ini_rc, SPNEGO_E_REJECTED);
                assert_int_equal(f->pair.num_tok, 6);
            }
            free_pair(f);
        }
    }
}

/* ---- the mech list, MIC optional (krb5 first) ---------------------------- */

static void setup_optional(struct nt_fixture *f, int legs)
{
    NT_INI(f, oid_krb5, legs, 'k');
    NT_INI(f, oid_ntlm, legs, 'n');
    NT_INI(f, oid_iakerb, legs, 'i');
    NT_ACC(f, oid_krb5, legs, 'k');
    NT_ACC(f, oid_ntlm, legs, 'n');
}

static void set_tail_list(struct mitm *m, int which)
{
    m->index = 0;
    m->op = OP_LIST;
    m->list[0] = OID(oid_krb5);
    if (which == 0) { /* reorder the tail */
        m->list[1] = OID(oid_iakerb);
        m->list[2] = OID(oid_ntlm);
        m->num_list = 3;
    } else { /* strip NTLM */
        m->list[1] = OID(oid_iakerb);
        m->num_list = 2;
    }
}

/* No MIC exchanged: undetected (both complete; the first choice was used,
 * so nothing was downgraded). */
static void test_list_tail_tamper_undetected(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    int which;

    for (which = 0; which < 2; which++) {
        struct mitm m;

        memset(&m, 0, sizeof(m));
        setup_optional(f, 2);
        set_tail_list(&m, which);
        run_mitm(f, &m);
        assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
        assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
        nt_assert_mic_state(f->pair.ini, 0);
        free_pair(f);
    }
}

/* ALWAYS_MIC on the acceptor: its MIC over the rewritten list fails at
 * the initiator. With 3 legs, ALWAYS_MIC on the initiator: its MIC goes
 * first and fails at the acceptor. With 2 legs ALWAYS_MIC on the
 * initiator alone still completes without a MIC (see the file comment). */
static void test_list_tail_tamper_always_mic(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    int which;

    for (which = 0; which < 2; which++) {
        struct mitm m;

        memset(&m, 0, sizeof(m));
        setup_optional(f, 2);
        f->acc.flags = SPNEGO_NEGOTIATE_ALWAYS_MIC;
        set_tail_list(&m, which);
        run_mitm(f, &m);
        assert_int_equal(f->pair.ini_rc, SPNEGO_E_MIC_INVALID);
        assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_CONTINUE);
        free_pair(f);

        memset(&m, 0, sizeof(m));
        setup_optional(f, 3);
        f->ini.flags = SPNEGO_NEGOTIATE_ALWAYS_MIC;
        set_tail_list(&m, which);
        run_mitm(f, &m);
        assert_int_equal(f->pair.acc_rc, SPNEGO_E_MIC_INVALID);
        assert_acc_rejected(&f->pair);
        assert_int_equal(f->pair.ini_rc, SPNEGO_E_REJECTED);
        free_pair(f);

        memset(&m, 0, sizeof(m));
        setup_optional(f, 2);
        f->ini.flags = SPNEGO_NEGOTIATE_ALWAYS_MIC;
        set_tail_list(&m, which);
        run_mitm(f, &m);
        assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
        assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
        free_pair(f);
    }
}

/* The downgrade: krb5 (first) and its optimistic token stripped. The
 * acceptor sees NTLM as the first choice and, with 2 legs and no MIC,
 * completes (it cannot know); the initiator requires the MIC for its
 * second choice and fails. Acceptor ALWAYS_MIC: the initiator sees a bad
 * MIC. 3 legs: the initiator's MIC goes first and the acceptor catches
 * it. */
static void test_list_downgrade(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    int variant;

    for (variant = 0; variant < 3; variant++) {
        struct mitm m;

        memset(&m, 0, sizeof(m));
        setup_optional(f, variant == 2 ? 3 : 2);
        if (variant == 1) {
            f->acc.flags = SPNEGO_NEGOTIATE_ALWAYS_MIC;
        }
        m.index = 0;
        m.op = OP_LIST;
        m.list[0] = OID(oid_ntlm);
        m.list[1] = OID(oid_iakerb);
        m.num_list = 2;
        m.drop_token = 1;
        run_mitm(f, &m);
        nt_assert_mech(f->pair.acc, 1, oid_ntlm, sizeof(oid_ntlm));
        if (variant == 0) {
            assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
            assert_int_equal(f->pair.ini_rc, SPNEGO_E_MIC_MISSING);
        } else if (variant == 1) {
            assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_CONTINUE);
            assert_int_equal(f->pair.ini_rc, SPNEGO_E_MIC_INVALID);
        } else {
            assert_int_equal(f->pair.acc_rc, SPNEGO_E_MIC_INVALID);
            assert_acc_rejected(&f->pair);
            assert_int_equal(f->pair.ini_rc, SPNEGO_E_REJECTED);
        }
        free_pair(f);
    }
}

/* ---- supportedMech and negState ----------------------------------------- */

/* krb5 first (2 legs): the first reply names a mech never offered, or
 * another offered one (a non-first choice that came with a token): the
 * initiator refuses (PROTOCOL). The acceptor had completed with its
 * reply. */
static void test_supported_mech_changed_first_reply(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    int which;

    for (which = 0; which < 2; which++) {
        struct mitm m;

        memset(&m, 0, sizeof(m));
        NT_INI(f, oid_krb5, 2, 'k');
        NT_INI(f, oid_ntlm, 2, 'n');
        NT_ACC(f, oid_krb5, 2, 'k');
        m.index = 1;
        m.op = OP_FIELD;
        m.field = F_MECH;
        m.value = which == 0 ? oid_iakerb : oid_ntlm;
        m.value_len = which == 0 ? sizeof(oid_iakerb) : sizeof(oid_ntlm);
        run_mitm(f, &m);
        assert_int_equal(f->pair.ini_rc, SPNEGO_E_PROTOCOL);
        assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
        assert_int_equal(f->ini.mech[0].num_steps, 1);
        assert_int_equal(f->ini.mech[1].num_steps, 0);
        free_pair(f);
    }
}

/* NTLM then krb5: a later reply (the AP-REP with the acceptor's MIC)
 * names another mech: PROTOCOL at the initiator. The same in the
 * initiator's NegTokenResp: PROTOCOL at the acceptor, with a reject. */
static void test_supported_mech_changed_later(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct mitm m;

    memset(&m, 0, sizeof(m));
    setup_required(f, 2);
    m.index = 3;
    m.op = OP_FIELD;
    m.field = F_MECH;
    m.value = oid_ntlm;
    m.value_len = sizeof(oid_ntlm);
    run_mitm(f, &m);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_PROTOCOL);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_CONTINUE);
    assert_int_equal(f->ini.mech[1].num_verify, 0);
    free_pair(f);

    memset(&m, 0, sizeof(m));
    setup_required(f, 2);
    m.index = 2;
    m.op = OP_FIELD;
    m.field = F_MECH;
    m.value = oid_ntlm;
    m.value_len = sizeof(oid_ntlm);
    run_mitm(f, &m);
    assert_int_equal(f->pair.acc_rc, SPNEGO_E_PROTOCOL);
    assert_acc_rejected(&f->pair);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_REJECTED);
    free_pair(f);
}

/* Repeating the same supportedMech later is allowed (and the krb5 alias
 * is the same mech). */
static void test_supported_mech_repeated(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct mitm m;

    memset(&m, 0, sizeof(m));
    setup_required(f, 2);
    m.index = 3;
    m.op = OP_FIELD;
    m.field = F_MECH;
    m.value = oid_krb5;
    m.value_len = sizeof(oid_krb5);
    run_mitm(f, &m);
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
}

/* The first reply naming MS-krb5 where the initiator offered krb5 is
 * accepted: one mechanism to a caller that runs krb5 (as MIT's initiator
 * does). GetMech reports the initiator's own OID. */
static void test_supported_mech_alias_accepted(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct mitm m;

    memset(&m, 0, sizeof(m));
    NT_INI(f, oid_krb5, 2, 'k');
    NT_INI(f, oid_ntlm, 2, 'n');
    NT_ACC(f, oid_krb5, 2, 'k');
    m.index = 1;
    m.op = OP_FIELD;
    m.field = F_MECH;
    m.value = oid_mskrb5;
    m.value_len = sizeof(oid_mskrb5);
    run_mitm(f, &m);
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
    nt_assert_mech(f->pair.ini, 0, oid_krb5, sizeof(oid_krb5));
    nt_assert_mic_state(f->pair.ini, 0);
}

/* The first reply without negState (hand-built: the builder refuses
 * supportedMech without negState): PROTOCOL. */
static void test_first_reply_without_neg_state(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct mitm m;
    static const unsigned char no_state[] = {
        0xA1, 0x16, 0x30, 0x14,                   /* negTokenResp, SEQUENCE 20 */
        0xA1, 0x0B, 0x06, 0x09, 0x2A, 0x86, 0x48, /* supportedMech krb5, */
        0x86, 0xF7, 0x12, 0x01, 0x02, 0x02,       /* no [0] negState */
        0xA2, 0x05, 0x04, 0x03, 'A', '1', 'k',    /* responseToken */
    };

    memset(&m, 0, sizeof(m));
    NT_INI(f, oid_krb5, 2, 'k');
    NT_ACC(f, oid_krb5, 2, 'k');
    m.index = 1;
    m.op = OP_REPLACE;
    m.value = no_state;
    m.value_len = sizeof(no_state);
    run_mitm(f, &m);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_PROTOCOL);
    assert_int_equal(f->ini.mech[0].num_steps, 1);
}

/* accept-completed while the initiator's mechanism still expects a token
 * (mutual authentication skipped: the AP-REP removed): PROTOCOL. Also a
 * non-first first reply claiming accept-completed. */
static void test_accept_completed_early(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct mitm m;
    static const unsigned char completed_no_token[] = {
        0xA1, 0x14, 0x30, 0x12, 0xA0, 0x03, 0x0A, 0x01, 0x00, /* accept-completed */
        0xA1, 0x0B, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x12, 0x01, 0x02, 0x02,
    };
    static const unsigned char completed = spnego_negresult_success;

    memset(&m, 0, sizeof(m));
    NT_INI(f, oid_krb5, 2, 'k');
    NT_ACC(f, oid_krb5, 2, 'k');
    m.index = 1;
    m.op = OP_REPLACE;
    m.value = completed_no_token;
    m.value_len = sizeof(completed_no_token);
    run_mitm(f, &m);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_PROTOCOL);
    assert_int_equal(f->ini.mech[0].complete, 0);
    free_pair(f);

    /* 3 legs: A1 with accept-completed instead of accept-incomplete is not
     * early for the initiator (A1 completes it), but the acceptor then
     * gets a final I2 after being told nothing more comes: the initiator
     * completes with I2 sent; the acceptor completes on it. */
    memset(&m, 0, sizeof(m));
    NT_INI(f, oid_ntlm, 3, 'n');
    NT_ACC(f, oid_ntlm, 3, 'n');
    m.index = 1;
    m.op = OP_FIELD;
    m.field = F_STATE;
    m.value = &completed;
    m.value_len = 1;
    run_mitm(f, &m);
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.num_tok, 4);
    free_pair(f);

    /* Non-first: request-mic rewritten to accept-completed. */
    memset(&m, 0, sizeof(m));
    setup_required(f, 2);
    m.index = 1;
    m.op = OP_FIELD;
    m.field = F_STATE;
    m.value = &completed;
    m.value_len = 1;
    run_mitm(f, &m);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_PROTOCOL);
    assert_int_equal(f->ini.mech[1].num_steps, 0);
}

/* request-mic rewritten to accept-incomplete (what Heimdal sends): the
 * initiator requires the MIC anyway, the exchange completes with MICs. */
static void test_non_first_without_request_mic(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct mitm m;
    static const unsigned char incomplete = spnego_negresult_incomplete;

    memset(&m, 0, sizeof(m));
    setup_required(f, 2);
    m.index = 1;
    m.op = OP_FIELD;
    m.field = F_STATE;
    m.value = &incomplete;
    m.value_len = 1;
    run_mitm(f, &m);
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
    nt_assert_mic_state(f->pair.ini, 7);
}

/* Tolerated: the initiator's NegTokenResp legs without negState (Samba
 * sends none), and a later acceptor reply without it (an absent negState
 * repeats the last one, RFC 4178 4.2.2): the exchange completes. */
static void test_neg_state_omitted_tolerated(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    int index;

    /* NTLM then krb5, 2 legs: tokens 2 (I1k) and 4 (the initiator's MIC)
     * come from the initiator. 3 legs: token 3 (A1k) from the acceptor. */
    for (index = 2; index <= 4; index++) {
        struct mitm m;

        memset(&m, 0, sizeof(m));
        setup_required(f, index == 3 ? 3 : 2);
        m.index = index;
        m.op = OP_FIELD;
        m.field = F_STATE;
        run_mitm(f, &m);
        assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
        assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
        nt_assert_mic_state(f->pair.ini, 7);
        nt_assert_mic_state(f->pair.acc, 7);
        free_pair(f);
    }
}

/* krb5 first, accept-completed rewritten to request-mic: the initiator
 * now requires the MIC the acceptor never sends (MIC_MISSING). */
static void test_request_mic_injected(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct mitm m;
    static const unsigned char request_mic = spnego_negresult_request_mic;

    memset(&m, 0, sizeof(m));
    NT_INI(f, oid_krb5, 2, 'k');
    NT_ACC(f, oid_krb5, 2, 'k');
    m.index = 1;
    m.op = OP_FIELD;
    m.field = F_STATE;
    m.value = &request_mic;
    m.value_len = 1;
    run_mitm(f, &m);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
    /* The reply that completed the initiator's mechanism had to carry the
     * acceptor's MIC (it completed first): MIC_MISSING at once. */
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_MIC_MISSING);
    assert_int_equal(f->pair.undelivered, 0);
    nt_assert_mic_state(f->pair.ini, SPNEGO_NEGOTIATE_MIC_REQUIRED);
}

/* ---- tokens out of place ------------------------------------------------- */

/* A responseToken after the mechanism completed: at the initiator (in the
 * acceptor's final accept-completed, 3 legs with MICs) and at the acceptor
 * (in the initiator's final MIC token, 2 legs): PROTOCOL. */
static void test_token_after_completion(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct mitm m;
    static const unsigned char extra[] = {'A', '2', 'n'};
    static const unsigned char extra_i[] = {'I', '2', 'k'};

    memset(&m, 0, sizeof(m));
    NT_INI(f, oid_ntlm, 3, 'n')->mic_required = 1;
    NT_ACC(f, oid_ntlm, 3, 'n')->mic_required = 1;
    m.index = 3;
    m.op = OP_FIELD;
    m.field = F_TOK;
    m.value = extra;
    m.value_len = sizeof(extra);
    run_mitm(f, &m);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_PROTOCOL);
    assert_int_equal(f->ini.mech[0].num_steps, 2);
    assert_int_equal(f->ini.mech[0].misuse, 0);
    free_pair(f);

    memset(&m, 0, sizeof(m));
    setup_required(f, 2);
    m.index = 4;
    m.op = OP_FIELD;
    m.field = F_TOK;
    m.value = extra_i;
    m.value_len = sizeof(extra_i);
    run_mitm(f, &m);
    assert_int_equal(f->pair.acc_rc, SPNEGO_E_PROTOCOL);
    assert_acc_rejected(&f->pair);
    assert_int_equal(f->acc.mech[0].misuse, 0);
}

/* A NegTokenResp where the NegTokenInit is due (acceptor), a NegTokenInit
 * where a NegTokenResp is due (initiator): PROTOCOL. */
static void test_wrong_token_type(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct mitm m;
    static const unsigned char resp[] = {0xA1, 0x0E, 0x30, 0x0C, 0xA0, 0x03, 0x0A, 0x01,
                                         0x01, 0xA2, 0x05, 0x04, 0x03, 'I', '1', 'k'};
    unsigned char init[64];

    memset(&m, 0, sizeof(m));
    NT_INI(f, oid_krb5, 2, 'k');
    NT_ACC(f, oid_krb5, 2, 'k');
    m.index = 0;
    m.op = OP_REPLACE;
    m.value = resp;
    m.value_len = sizeof(resp);
    run_mitm(f, &m);
    assert_int_equal(f->pair.acc_rc, SPNEGO_E_PROTOCOL);
    assert_acc_rejected(&f->pair);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_REJECTED);
    free_pair(f);

    /* The initiator's own NegTokenInit sent back to it. */
    NT_INI(f, oid_krb5, 2, 'k');
    NT_ACC(f, oid_krb5, 2, 'k');
    assert_int_equal(nt_run(f, 0), 2);
    assert_int_equal(f->pair.tok_len[0], 0x24); /* 60 22 ... */
    memcpy(init, f->pair.tok[0], 0x24);
    free_pair(f);
    NT_INI(f, oid_krb5, 2, 'k');
    NT_ACC(f, oid_krb5, 2, 'k');
    memset(&m, 0, sizeof(m));
    m.index = 1;
    m.op = OP_REPLACE;
    m.value = init;
    m.value_len = 0x24;
    run_mitm(f, &m);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_PROTOCOL);
}

/* Garbage and truncation: the parser's code, a reject from the acceptor. */
static void test_garbage(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct mitm m;
    static const unsigned char garbage[] = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};

    memset(&m, 0, sizeof(m));
    NT_INI(f, oid_krb5, 2, 'k');
    NT_ACC(f, oid_krb5, 2, 'k');
    m.index = 0;
    m.op = OP_REPLACE;
    m.value = garbage;
    m.value_len = sizeof(garbage);
    run_mitm(f, &m);
    assert_int_equal(f->pair.acc_rc, SPNEGO_E_INVALID_TOKEN);
    assert_acc_rejected(&f->pair);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_REJECTED);
    assert_int_equal(f->acc.mech[0].num_steps, 0);
    free_pair(f);

    memset(&m, 0, sizeof(m));
    NT_INI(f, oid_krb5, 2, 'k');
    NT_ACC(f, oid_krb5, 2, 'k');
    m.index = 0;
    m.op = OP_TRUNC;
    run_mitm(f, &m);
    assert_int_equal(f->pair.acc_rc, SPNEGO_E_INVALID_LENGTH);
    assert_acc_rejected(&f->pair);
    free_pair(f);

    memset(&m, 0, sizeof(m));
    NT_INI(f, oid_krb5, 2, 'k');
    NT_ACC(f, oid_krb5, 2, 'k');
    m.index = 1;
    m.op = OP_REPLACE;
    m.value = garbage;
    m.value_len = sizeof(garbage);
    run_mitm(f, &m);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_INVALID_TOKEN);
    free_pair(f);

    memset(&m, 0, sizeof(m));
    NT_INI(f, oid_krb5, 2, 'k');
    NT_ACC(f, oid_krb5, 2, 'k');
    m.index = 1;
    m.op = OP_TRUNC;
    run_mitm(f, &m);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_INVALID_LENGTH);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_list_tamper_mic_required, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_list_tail_tamper_undetected, nt_setup,
                                        nt_teardown),
        cmocka_unit_test_setup_teardown(test_list_tail_tamper_always_mic, nt_setup,
                                        nt_teardown),
        cmocka_unit_test_setup_teardown(test_list_downgrade, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_supported_mech_changed_first_reply, nt_setup,
                                        nt_teardown),
        cmocka_unit_test_setup_teardown(test_supported_mech_changed_later, nt_setup,
                                        nt_teardown),
        cmocka_unit_test_setup_teardown(test_supported_mech_repeated, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_supported_mech_alias_accepted, nt_setup,
                                        nt_teardown),
        cmocka_unit_test_setup_teardown(test_first_reply_without_neg_state, nt_setup,
                                        nt_teardown),
        cmocka_unit_test_setup_teardown(test_accept_completed_early, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_non_first_without_request_mic, nt_setup,
                                        nt_teardown),
        cmocka_unit_test_setup_teardown(test_neg_state_omitted_tolerated, nt_setup,
                                        nt_teardown),
        cmocka_unit_test_setup_teardown(test_request_mic_injected, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_token_after_completion, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_wrong_token_type, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_garbage, nt_setup, nt_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
