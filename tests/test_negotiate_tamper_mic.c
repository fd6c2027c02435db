/*
 * test_negotiate_tamper_mic.c - L3 negotiation with a man in the middle
 * on the mechListMICs: dropped (from either side, first or last), a bit
 * flipped, reflected back to its maker, replayed from another exchange,
 * sent before the mechanism completed, sent twice. Same machinery as
 * test_negotiate_tamper.c (negotiate_mitm.h); every case asserts the exact
 * status of both sides.
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

/* ---- MICs ----------------------------------------------------------------- */

/* The acceptor's MIC dropped from the AP-REP (2 legs, required): that
 * message completed the initiator's mechanism, so the acceptor had
 * completed first and its MIC was due there: MIC_MISSING, and the
 * initiator's MIC never goes out; the acceptor keeps waiting for it. */
static void test_mic_dropped_acceptor_first(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct mitm m;

    memset(&m, 0, sizeof(m));
    setup_required(f, 2);
    m.index = 3;
    m.op = OP_FIELD;
    m.field = F_MIC;
    run_mitm(f, &m);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_MIC_MISSING);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_CONTINUE);
    nt_assert_mic_state(f->pair.ini, SPNEGO_NEGOTIATE_MIC_REQUIRED);
    nt_assert_mic_state(f->pair.acc, SPNEGO_NEGOTIATE_MIC_REQUIRED | SPNEGO_NEGOTIATE_MIC_SENT);
}

/* The initiator's MIC dropped from its final token (2 legs): the
 * acceptor gets accept-completed without it: MIC_MISSING, reject (the
 * initiator had completed on the acceptor's verified MIC). */
static void test_mic_dropped_initiator_last(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct mitm m;

    memset(&m, 0, sizeof(m));
    setup_required(f, 2);
    m.index = 4;
    m.op = OP_FIELD;
    m.field = F_MIC;
    run_mitm(f, &m);
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.acc_rc, SPNEGO_E_MIC_MISSING);
    assert_acc_rejected(&f->pair);
    assert_int_equal(f->pair.undelivered, 1);
}

/* The acceptor's MIC dropped from its final accept-completed (3 legs,
 * NTLM-like with the hook): the initiator's MIC_MISSING. */
static void test_mic_dropped_acceptor_last(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct mitm m;

    memset(&m, 0, sizeof(m));
    NT_INI(f, oid_ntlm, 3, 'n')->mic_required = 1;
    NT_ACC(f, oid_ntlm, 3, 'n')->mic_required = 1;
    m.index = 3;
    m.op = OP_FIELD;
    m.field = F_MIC;
    run_mitm(f, &m);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_MIC_MISSING);
}

/* The initiator's MIC dropped from its last token (3 legs, required):
 * that token completed the acceptor's mechanism with nothing to answer,
 * so the initiator had completed first and its MIC was due there:
 * MIC_MISSING and a reject, which the initiator reads as REJECTED. */
static void test_mic_dropped_initiator_first(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct mitm m;

    memset(&m, 0, sizeof(m));
    setup_required(f, 3);
    m.index = 4;
    m.op = OP_FIELD;
    m.field = F_MIC;
    run_mitm(f, &m);
    assert_int_equal(f->pair.acc_rc, SPNEGO_E_MIC_MISSING);
    assert_acc_rejected(&f->pair);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_REJECTED);
    nt_assert_mic_state(f->pair.acc, SPNEGO_NEGOTIATE_MIC_REQUIRED);
}

/* A flipped bit in either MIC: MIC_INVALID where it is verified. */
static void test_mic_bit_flipped(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct mitm m;

    /* the acceptor's (2 legs, token 3) */
    memset(&m, 0, sizeof(m));
    setup_required(f, 2);
    m.index = 3;
    m.op = OP_FLIP_MIC;
    run_mitm(f, &m);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_MIC_INVALID);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_CONTINUE);
    assert_int_equal(f->ini.mech[1].num_get_mic, 0);
    free_pair(f);
    /* the initiator's (3 legs, token 4) */
    memset(&m, 0, sizeof(m));
    setup_required(f, 3);
    m.index = 4;
    m.op = OP_FLIP_MIC;
    run_mitm(f, &m);
    assert_int_equal(f->pair.acc_rc, SPNEGO_E_MIC_INVALID);
    assert_acc_rejected(&f->pair);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_REJECTED);
    assert_int_equal(f->acc.mech[0].num_get_mic, 0);
    free_pair(f);
    /* the initiator's last one (2 legs, token 4) */
    memset(&m, 0, sizeof(m));
    setup_required(f, 2);
    m.index = 4;
    m.op = OP_FLIP_MIC;
    run_mitm(f, &m);
    assert_int_equal(f->pair.acc_rc, SPNEGO_E_MIC_INVALID);
    assert_acc_rejected(&f->pair);
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
}

/* Reflection: the acceptor's own MIC sent back to it as the initiator's
 * (2 legs), and the initiator's sent back to it (3 legs): the direction
 * differs, MIC_INVALID. */
static unsigned char reflected[TESTMECH_MIC_LEN];

static void tamper_reflect(struct testpair *p, int index, int from_ini, unsigned char *buf,
                           size_t *len)
{
    int *at = (int *)p->tamper_arg;

    (void)from_ini;
    if (index == at[0]) {
        nt_get_mic(buf, *len, reflected);
    } else if (index == at[1]) {
        edit_resp(buf, len, F_MIC, reflected, sizeof(reflected));
        at[2] = 1;
    }
}

static void test_mic_reflected(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    int at[3];

    setup_required(f, 2);
    nt_create(f);
    at[0] = 3; /* the acceptor's MIC ... */
    at[1] = 4; /* ... replaces the initiator's */
    at[2] = 0;
    f->pair.tamper = tamper_reflect;
    f->pair.tamper_arg = at;
    testpair_run(&f->pair, 0);
    assert_int_equal(at[2], 1);
    assert_memory_equal(reflected, "MA", 2);
    assert_int_equal(f->pair.acc_rc, SPNEGO_E_MIC_INVALID);
    assert_acc_rejected(&f->pair);
    free_pair(f);

    setup_required(f, 3);
    nt_create(f);
    at[0] = 4; /* the initiator's MIC ... */
    at[1] = 5; /* ... replaces the acceptor's */
    at[2] = 0;
    f->pair.tamper = tamper_reflect;
    f->pair.tamper_arg = at;
    testpair_run(&f->pair, 0);
    assert_int_equal(at[2], 1);
    assert_memory_equal(reflected, "MI", 2);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_MIC_INVALID);
}

/* Replay: the acceptor's MIC from another exchange (another session key,
 * same mech list) in this one: MIC_INVALID. */
static void test_mic_replayed(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    unsigned char old_mic[TESTMECH_MIC_LEN];
    struct mitm m;

    setup_required(f, 2);
    f->ini.mech[1].key = 0x11;
    f->acc.mech[0].key = 0x11;
    assert_int_equal(nt_run(f, 0), 5);
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
    nt_get_mic(f->pair.tok[3], f->pair.tok_len[3], old_mic);
    free_pair(f);

    memset(&m, 0, sizeof(m));
    setup_required(f, 2);
    m.index = 3;
    m.op = OP_FIELD;
    m.field = F_MIC;
    m.value = old_mic;
    m.value_len = sizeof(old_mic);
    run_mitm(f, &m);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_MIC_INVALID);
    assert_int_equal(f->ini.mech[1].num_verify, 1);
    assert_int_equal(f->ini.mech[1].num_verify_ok, 0);
}

/* A MIC before the mechanism completed: in the request-mic reply (no
 * token of this mech exists yet), and with the initiator's first token
 * of a 3-leg mech (the acceptor's mechanism is not complete after it):
 * PROTOCOL. */
static void test_mic_too_early(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct mitm m;
    static const unsigned char fake[] = {'M', 'A', 1, 2, 3, 4};

    memset(&m, 0, sizeof(m));
    setup_required(f, 2);
    m.index = 1;
    m.op = OP_FIELD;
    m.field = F_MIC;
    m.value = fake;
    m.value_len = sizeof(fake);
    run_mitm(f, &m);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_PROTOCOL);
    /* krb5's first step ran (it starts on this reply), nothing else. */
    assert_string_equal(f->ini.mech[1].log, "S");
    free_pair(f);

    memset(&m, 0, sizeof(m));
    setup_required(f, 3);
    m.index = 2;
    m.op = OP_FIELD;
    m.field = F_MIC;
    m.value = fake;
    m.value_len = sizeof(fake);
    run_mitm(f, &m);
    assert_int_equal(f->pair.acc_rc, SPNEGO_E_PROTOCOL);
    assert_acc_rejected(&f->pair);
    assert_int_equal(f->pair.ini_rc, SPNEGO_E_REJECTED);
    assert_int_equal(f->acc.mech[0].num_verify, 0);
}

/* A second MIC cannot reach a running context: each side completes (or
 * fails) in the step that verifies the peer's MIC, so the next token,
 * MIC or not, meets a finished context: INVALID_PARAMETER. */
static void test_mic_second(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    const unsigned char *out;
    unsigned long out_len;

    setup_required(f, 2);
    assert_int_equal(nt_run(f, 0), 5);
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(spnegoNegotiateStep(f->pair.ini, f->pair.tok[3],
                                         (unsigned long)f->pair.tok_len[3], &out, &out_len),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoNegotiateStep(f->pair.acc, f->pair.tok[4],
                                         (unsigned long)f->pair.tok_len[4], &out, &out_len),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(f->ini.mech[1].num_verify, 1);
    assert_int_equal(f->acc.mech[0].num_verify, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_mic_dropped_acceptor_first, nt_setup,
                                        nt_teardown),
        cmocka_unit_test_setup_teardown(test_mic_dropped_initiator_last, nt_setup,
                                        nt_teardown),
        cmocka_unit_test_setup_teardown(test_mic_dropped_acceptor_last, nt_setup,
                                        nt_teardown),
        cmocka_unit_test_setup_teardown(test_mic_dropped_initiator_first, nt_setup,
                                        nt_teardown),
        cmocka_unit_test_setup_teardown(test_mic_bit_flipped, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_mic_reflected, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_mic_replayed, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_mic_too_early, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_mic_second, nt_setup, nt_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
