/*
 * test_negotiate_offer.c - L3 negotiation: the initiator's offer and the
 * acceptor speaking first. Both peers in one process over the test
 * mechanism (negotiate_testmech.c): the offer without mechanisms that
 * cannot start, reqFlags, the NegTokenInit2 of an acceptor called first
 * (exact bytes, hint name read by the initiator, its own offer kept unless
 * FOLLOW_HINTS), and every getter at each stage of an exchange.
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

/* ---- acceptor first: NegTokenInit2 -------------------------------------- */

static const unsigned char init2_krb5[] = {
    0x60, 0x47,                         /* [APPLICATION 0], 71 */
    0x06, 0x06, 0x2B, 0x06, 0x01, 0x05, /* thisMech SPNEGO */
    0x05, 0x02,
    0xA0, 0x3D, 0x30, 0x3B,             /* [0] NegTokenInit2 SEQUENCE, 59 */
    0xA0, 0x0D, 0x30, 0x0B,             /* [0] mechTypes: the acceptor's */
    0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, /* krb5 */
    0xF7, 0x12, 0x01, 0x02, 0x02,
    0xA3, 0x2A, 0x30, 0x28,             /* [3] negHints SEQUENCE (not a MIC) */
    0xA0, 0x26,                         /* [0] hintName */
    0x1B, 0x24,                         /* GeneralString, 36 bytes: */
    'n', 'o', 't', '_', 'd', 'e', 'f', 'i', 'n', 'e', 'd', '_', 'i', 'n', '_', 'R', 'F', 'C',
    '4', '1', '7', '8', '@', 'p', 'l', 'e', 'a', 's', 'e', '_', 'i', 'g', 'n', 'o', 'r', 'e',
};

/* The acceptor speaks first; the initiator reads the hint name and keeps
 * its own offer [NTLM, krb5] (as MIT): the acceptor then selects krb5 as
 * a non-first choice and the MIC exchange runs. */
static void test_init2_hint_kept_offer(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    const unsigned char *out;
    unsigned long out_len;
    const unsigned char *name = NULL;
    unsigned long name_len = 0;
    unsigned long count = 0;
    SPNEGO_OID offer[2];

    NT_INI(f, oid_ntlm, 2, 'n');
    NT_INI(f, oid_krb5, 2, 'k');
    NT_ACC(f, oid_krb5, 2, 'k');
    nt_create(f);
    assert_int_equal(spnegoNegotiateStep(f->pair.acc, NULL, 0, &out, &out_len),
                     SPNEGO_NEGOTIATE_CONTINUE);
    assert_int_equal(out_len, sizeof(init2_krb5));
    assert_memory_equal(out, init2_krb5, sizeof(init2_krb5));
    assert_int_equal(spnegoNegotiateGetMech(f->pair.acc, &count, NULL),
                     SPNEGO_E_ELEMENT_UNAVAILABLE);
    /* Before any input the initiator has no hint. */
    assert_int_equal(spnegoNegotiateGetPeerHintName(f->pair.ini, &name, &name_len),
                     SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_int_equal(spnegoNegotiateStep(f->pair.ini, init2_krb5, sizeof(init2_krb5), &out,
                                         &out_len),
                     SPNEGO_NEGOTIATE_CONTINUE);
    assert_int_equal(spnegoNegotiateGetPeerHintName(f->pair.ini, &name, &name_len),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(name_len, 36);
    assert_memory_equal(name, SPNEGO_HINT_NAME_IGNORE, 36);
    assert_int_equal(spnegoNegotiateGetOfferedCount(f->pair.ini, &count), SPNEGO_E_SUCCESS);
    assert_int_equal(count, 2);
    offer[0] = OID(oid_ntlm);
    offer[1] = OID(oid_krb5);
    /* Run the rest with the pair driver from the initiator's offer. */
    f->pair.num_tok = 1;
    f->pair.tok_len[0] = out_len;
    f->pair.tok_from_ini[0] = 1;
    memcpy(f->pair.tok[0], out, out_len);
    assert_init(&f->pair, 0, offer, 2, "I1n");
    {
        const unsigned char *o2;
        unsigned long o2_len;
        unsigned char buf[TESTPAIR_TOKEN_MAX];
        unsigned long buf_len;
        int rc_i = SPNEGO_NEGOTIATE_CONTINUE;
        int rc_a = SPNEGO_NEGOTIATE_CONTINUE;
        int turn_acc = 1;
        int legs_run = 0;

        memcpy(buf, out, out_len);
        buf_len = out_len;
        while (buf_len > 0 && legs_run < 10) {
            if (turn_acc) {
                rc_a = spnegoNegotiateStep(f->pair.acc, buf, buf_len, &o2, &o2_len);
            } else {
                rc_i = spnegoNegotiateStep(f->pair.ini, buf, buf_len, &o2, &o2_len);
            }
            if (o2_len > 0) {
                memcpy(buf, o2, o2_len);
            }
            buf_len = o2_len;
            turn_acc = !turn_acc;
            legs_run++;
        }
        assert_int_equal(legs_run, 5);
        assert_int_equal(rc_i, SPNEGO_NEGOTIATE_COMPLETE);
        assert_int_equal(rc_a, SPNEGO_NEGOTIATE_COMPLETE);
    }
    nt_assert_mech(f->pair.acc, 0, oid_krb5, sizeof(oid_krb5));
    nt_assert_mech(f->pair.ini, 1, oid_krb5, sizeof(oid_krb5));
    nt_assert_mic_state(f->pair.ini, 7);
    nt_assert_mic_state(f->pair.acc, 7);
}

/* With FOLLOW_HINTS the initiator offers only what the acceptor listed:
 * krb5 becomes the first choice and no MIC is needed. */
static void test_init2_follow_hints(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct testmech *in;
    unsigned long count = 0;
    unsigned long index = 99;
    SPNEGO_OID offer[1];

    in = NT_INI(f, oid_ntlm, 2, 'n');
    NT_INI(f, oid_krb5, 2, 'k');
    NT_ACC(f, oid_krb5, 2, 'k');
    f->ini.flags = SPNEGO_NEGOTIATE_FOLLOW_HINTS;
    assert_int_equal(nt_run(f, 1), 3);
    assert_int_equal(f->pair.tok_from_ini[0], 0);
    assert_int_equal(f->pair.tok_len[0], sizeof(init2_krb5));
    assert_memory_equal(f->pair.tok[0], init2_krb5, sizeof(init2_krb5));
    offer[0] = OID(oid_krb5);
    assert_init(&f->pair, 1, offer, 1, "I1k");
    assert_resp(&f->pair, 2, spnego_negresult_success, oid_krb5, sizeof(oid_krb5), "A1k", 0);
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(spnegoNegotiateGetOfferedCount(f->pair.ini, &count), SPNEGO_E_SUCCESS);
    assert_int_equal(count, 1);
    assert_int_equal(spnegoNegotiateGetOffered(f->pair.ini, 0, &index), SPNEGO_E_SUCCESS);
    assert_int_equal(index, 1);
    assert_int_equal(in->num_steps, 0);
    nt_assert_mic_state(f->pair.ini, 0);
}

/* FOLLOW_HINTS with nothing in common: no offer at all. */
static void test_init2_follow_hints_nothing_common(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    const unsigned char *out;
    unsigned long out_len;

    NT_INI(f, oid_ntlm, 2, 'n');
    NT_ACC(f, oid_krb5, 2, 'k');
    f->ini.flags = SPNEGO_NEGOTIATE_FOLLOW_HINTS;
    nt_create(f);
    assert_int_equal(spnegoNegotiateStep(f->pair.ini, init2_krb5, sizeof(init2_krb5), &out,
                                         &out_len),
                     SPNEGO_E_NO_COMMON_MECH);
    assert_int_equal(out_len, 0);
    assert_null(out);
}

/* ---- the offer ---------------------------------------------------------- */

/* A mechanism whose first step fails (no credentials) is left out of the
 * offer; the next one leads with its token. */
static void test_offer_skips_failed_mech(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct testmech *ik;
    struct testmech *in;
    unsigned long count = 0;
    unsigned long index = 99;
    SPNEGO_OID offer[2];

    ik = NT_INI(f, oid_krb5, 2, 'k');
    NT_INI(f, oid_iakerb, 2, 'i');
    in = NT_INI(f, oid_ntlm, 3, 'n');
    ik->no_creds = 1;
    NT_ACC(f, oid_krb5, 2, 'k');
    NT_ACC(f, oid_ntlm, 3, 'n');
    nt_create(f);
    assert_int_equal(spnegoNegotiateGetOfferedCount(f->pair.ini, &count),
                     SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_int_equal(testpair_run(&f->pair, 0), 6);
    offer[0] = OID(oid_iakerb);
    offer[1] = OID(oid_ntlm);
    /* iakerb's first step succeeded: it leads; ntlm follows untried. */
    assert_init(&f->pair, 0, offer, 2, "I1i");
    assert_int_equal(spnegoNegotiateGetOfferedCount(f->pair.ini, &count), SPNEGO_E_SUCCESS);
    assert_int_equal(count, 2);
    assert_int_equal(spnegoNegotiateGetOffered(f->pair.ini, 0, &index), SPNEGO_E_SUCCESS);
    assert_int_equal(index, 1);
    assert_int_equal(spnegoNegotiateGetOffered(f->pair.ini, 1, &index), SPNEGO_E_SUCCESS);
    assert_int_equal(index, 2);
    assert_int_equal(spnegoNegotiateGetOffered(f->pair.ini, 2, &index), SPNEGO_E_NOT_FOUND);
    assert_int_equal(ik->num_steps, 1);
    /* The acceptor runs ntlm (krb5 was not offered): non-first choice. */
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
    nt_assert_mech(f->pair.ini, 2, oid_ntlm, sizeof(oid_ntlm));
    nt_assert_mech(f->pair.acc, 1, oid_ntlm, sizeof(oid_ntlm));
    assert_true(in->complete);
    nt_assert_mic_state(f->pair.ini, 7);
}

/* Every mechanism's first step fails: NO_COMMON_MECH, nothing sent. */
static void test_offer_none_can_start(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    const unsigned char *out = (const unsigned char *)"x";
    unsigned long out_len = 5;
    unsigned long count = 0;

    NT_INI(f, oid_krb5, 2, 'k')->no_creds = 1;
    NT_INI(f, oid_ntlm, 2, 'n')->no_creds = 1;
    NT_ACC(f, oid_krb5, 2, 'k');
    nt_create(f);
    assert_int_equal(spnegoNegotiateStep(f->pair.ini, NULL, 0, &out, &out_len),
                     SPNEGO_E_NO_COMMON_MECH);
    assert_null(out);
    assert_int_equal(out_len, 0);
    assert_int_equal(spnegoNegotiateGetOfferedCount(f->pair.ini, &count),
                     SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_int_equal(spnegoNegotiateStep(f->pair.ini, NULL, 0, &out, &out_len),
                     SPNEGO_E_INVALID_PARAMETER);
}

/* reqFlags set before the first step go into the NegTokenInit in the
 * 03 02 01 xx form MIT requires. */
static void test_offer_req_flags(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    const unsigned char *out;
    unsigned long out_len;
    static const unsigned char want[] = {
        0x60, 0x28, 0x06, 0x06, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x02, /* framing, 40 */
        0xA0, 0x1E, 0x30, 0x1C,             /* negTokenInit, SEQUENCE 28 */
        0xA0, 0x0D, 0x30, 0x0B,             /* mechTypes */
        0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x12, 0x01, 0x02, 0x02,
        0xA1, 0x04, 0x03, 0x02, 0x01, 0x40, /* [1] reqFlags: mutual, 1 unused */
        0xA2, 0x05, 0x04, 0x03, 'I', '1', 'k',
    };

    NT_INI(f, oid_krb5, 2, 'k');
    NT_ACC(f, oid_krb5, 2, 'k');
    nt_create(f);
    assert_int_equal(spnegoNegotiateSetReqFlags(f->pair.ini, SPNEGO_NEGINIT_CONTEXT_MUTUAL_FLAG),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoNegotiateSetReqFlags(f->pair.acc, SPNEGO_NEGINIT_CONTEXT_MUTUAL_FLAG),
                     SPNEGO_E_INVALID_PARAMETER);
    /* 0x01 is no flag. Regression: accepted here, then the first step
     * failed (INVALID_PARAMETER from the builder) after the mechanism ran,
     * leaving the context finished. The flags set before stay. */
    assert_int_equal(spnegoNegotiateSetReqFlags(f->pair.ini, 0x01), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoNegotiateSetReqFlags(f->pair.ini, 0x41), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoNegotiateStep(f->pair.ini, NULL, 0, &out, &out_len),
                     SPNEGO_NEGOTIATE_CONTINUE);
    assert_int_equal(out_len, sizeof(want));
    assert_memory_equal(out, want, sizeof(want));
    /* Too late now. */
    assert_int_equal(spnegoNegotiateSetReqFlags(f->pair.ini, 0), SPNEGO_E_INVALID_PARAMETER);
}

/* ---- getters at each stage ---------------------------------------------- */

static void test_getters_by_stage(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    const unsigned char *out;
    unsigned long out_len;
    unsigned char t[TESTPAIR_TOKEN_MAX];
    unsigned long t_len;
    unsigned long index = 99;
    unsigned long count = 0;
    const unsigned char *b;
    unsigned long b_len;

    NT_INI(f, oid_ntlm, 2, 'n');
    NT_INI(f, oid_krb5, 2, 'k');
    NT_ACC(f, oid_krb5, 2, 'k');
    nt_create(f);
    /* Created: nothing chosen, no MIC, no offer, no reject token. */
    assert_int_equal(spnegoNegotiateGetMech(f->pair.ini, &index, NULL),
                     SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_int_equal(spnegoNegotiateGetMech(f->pair.acc, &index, NULL),
                     SPNEGO_E_ELEMENT_UNAVAILABLE);
    nt_assert_mic_state(f->pair.ini, 0);
    assert_int_equal(spnegoNegotiateGetRejectToken(f->pair.ini, &b, &b_len),
                     SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_int_equal(spnegoNegotiateGetOfferedCount(f->pair.acc, &count),
                     SPNEGO_E_ELEMENT_UNAVAILABLE);
    /* Offer sent: still nothing chosen. */
    assert_int_equal(spnegoNegotiateStep(f->pair.ini, NULL, 0, &out, &out_len),
                     SPNEGO_NEGOTIATE_CONTINUE);
    memcpy(t, out, out_len);
    t_len = out_len;
    assert_int_equal(spnegoNegotiateGetMech(f->pair.ini, &index, NULL),
                     SPNEGO_E_ELEMENT_UNAVAILABLE);
    /* Acceptor read the offer: krb5 chosen, MIC required, none yet. */
    assert_int_equal(spnegoNegotiateStep(f->pair.acc, t, t_len, &out, &out_len),
                     SPNEGO_NEGOTIATE_CONTINUE);
    memcpy(t, out, out_len);
    t_len = out_len;
    nt_assert_mech(f->pair.acc, 0, oid_krb5, sizeof(oid_krb5));
    nt_assert_mic_state(f->pair.acc, SPNEGO_NEGOTIATE_MIC_REQUIRED);
    /* Initiator read request-mic: krb5 (index 1), required. */
    assert_int_equal(spnegoNegotiateStep(f->pair.ini, t, t_len, &out, &out_len),
                     SPNEGO_NEGOTIATE_CONTINUE);
    memcpy(t, out, out_len);
    t_len = out_len;
    nt_assert_mech(f->pair.ini, 1, oid_krb5, sizeof(oid_krb5));
    nt_assert_mic_state(f->pair.ini, SPNEGO_NEGOTIATE_MIC_REQUIRED);
    /* Acceptor completed its mechanism and sent its MIC. */
    assert_int_equal(spnegoNegotiateStep(f->pair.acc, t, t_len, &out, &out_len),
                     SPNEGO_NEGOTIATE_CONTINUE);
    memcpy(t, out, out_len);
    t_len = out_len;
    nt_assert_mic_state(f->pair.acc, SPNEGO_NEGOTIATE_MIC_REQUIRED | SPNEGO_NEGOTIATE_MIC_SENT);
    /* Initiator verified it and sent its own: complete. */
    assert_int_equal(spnegoNegotiateStep(f->pair.ini, t, t_len, &out, &out_len),
                     SPNEGO_NEGOTIATE_COMPLETE);
    memcpy(t, out, out_len);
    t_len = out_len;
    nt_assert_mic_state(f->pair.ini, 7);
    assert_int_equal(spnegoNegotiateStep(f->pair.acc, t, t_len, &out, &out_len),
                     SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(out_len, 0);
    assert_null(out);
    nt_assert_mic_state(f->pair.acc, 7);
    /* Finished: getters still answer, steps do not. */
    nt_assert_mech(f->pair.ini, 1, oid_krb5, sizeof(oid_krb5));
    assert_int_equal(spnegoNegotiateStep(f->pair.ini, t, t_len, &out, &out_len),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoNegotiateStep(f->pair.acc, t, t_len, &out, &out_len),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoNegotiateStep(f->pair.acc, NULL, 0, &out, &out_len),
                     SPNEGO_E_INVALID_PARAMETER);
    nt_assert_mic_state(f->pair.acc, 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_init2_hint_kept_offer, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_init2_follow_hints, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_init2_follow_hints_nothing_common, nt_setup,
                                        nt_teardown),
        cmocka_unit_test_setup_teardown(test_offer_skips_failed_mech, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_offer_none_can_start, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_offer_req_flags, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_getters_by_stage, nt_setup, nt_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
