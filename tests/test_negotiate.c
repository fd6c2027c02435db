/*
 * test_negotiate.c - L3 negotiation: an initiator and an acceptor context
 * talking to each other in one process (the idea of picotls
 * t/picotls.c test_handshake), over the deterministic test mechanism of
 * negotiate_testmech.c. Every rule of DESIGN.md section 6 that a clean
 * exchange exercises: selection, the optimistic token, when MICs are
 * made and in which order, krb5 aliasing, and the exact bytes of two
 * whole exchanges. The offer, NegTokenInit2 and
 * the getters by stage: test_negotiate_offer.c. Failures and compatibility
 * switches: test_negotiate_fail.c; a man in the middle:
 * test_negotiate_tamper.c and test_negotiate_tamper_mic.c; allocation
 * failures: test_negotiate_alloc.c.
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

/* ---- first choice: the optimistic token is used ------------------------- */

/* 1 leg (krb5 without mutual authentication): the acceptor completes on
 * the optimistic token and answers accept-completed naming the mech; no
 * MIC anywhere (first choice, nothing asks). */
static void test_first_choice_1leg(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct testmech *ik = NT_INI(f, oid_krb5, 1, 'k');
    struct testmech *in = NT_INI(f, oid_ntlm, 1, 'n');
    struct testmech *ak = NT_ACC(f, oid_krb5, 1, 'k');
    SPNEGO_OID offer[2];

    offer[0] = OID(oid_krb5);
    offer[1] = OID(oid_ntlm);
    assert_int_equal(nt_run(f, 0), 2);
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.undelivered, 0);
    assert_init(&f->pair, 0, offer, 2, "I1k");
    assert_resp(&f->pair, 1, spnego_negresult_success, oid_krb5, sizeof(oid_krb5), NULL, 0);
    nt_assert_mic_state(f->pair.ini, 0);
    nt_assert_mic_state(f->pair.acc, 0);
    nt_assert_mech(f->pair.ini, 0, oid_krb5, sizeof(oid_krb5));
    nt_assert_mech(f->pair.acc, 0, oid_krb5, sizeof(oid_krb5));
    /* Hooks asked once each, after completion; no MIC operation. */
    assert_string_equal(ik->log, "SRH");
    assert_string_equal(ak->log, "SRH");
    assert_int_equal(in->num_steps, 0); /* offered without a trial */
    assert_int_equal(ik->complete, 1);
    assert_int_equal(ak->complete, 1);
}

/* 3 legs (NTLM-like), first choice, no MIC: the initiator completes with
 * its last token, and the acceptor must still answer accept-completed.
 * Regression: the acceptor completed silently, so the initiator waited
 * for ever (returned CONTINUE with nothing to come). */
static void test_first_choice_3leg_no_mic(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct testmech *in = NT_INI(f, oid_ntlm, 3, 'n');
    struct testmech *an = NT_ACC(f, oid_ntlm, 3, 'n');
    static const unsigned char want_final[] = {
        0xA1, 0x07,       /* [1] negTokenResp, 7 bytes */
        0x30, 0x05,       /* SEQUENCE */
        0xA0, 0x03,       /* [0] negState */
        0x0A, 0x01, 0x00, /* ENUMERATED accept-completed */
    };

    assert_int_equal(nt_run(f, 0), 4);
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_resp(&f->pair, 1, spnego_negresult_incomplete, oid_ntlm, sizeof(oid_ntlm), "A1n",
                0);
    assert_resp(&f->pair, 2, spnego_negresult_incomplete, NULL, 0, "I2n", 0);
    NT_TOK(&f->pair, 3, 0, want_final);
    nt_assert_mic_state(f->pair.ini, 0);
    nt_assert_mic_state(f->pair.acc, 0);
    assert_string_equal(in->log, "SSRH");
    assert_string_equal(an->log, "SSRH");
}

/* 2 legs with the hooks left NULL: the same exchange as with hooks that
 * answer "no MIC needed, integrity available". */
static void test_first_choice_no_hooks(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct testmech *ik = NT_INI(f, oid_krb5, 2, 'k');
    struct testmech *ak = NT_ACC(f, oid_krb5, 2, 'k');

    f->ini.entry[0].pCallbacks = &testmech_callbacks_min;
    f->acc.entry[0].pCallbacks = &testmech_callbacks_min;
    assert_int_equal(nt_run(f, 0), 2);
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_resp(&f->pair, 1, spnego_negresult_success, oid_krb5, sizeof(oid_krb5), "A1k", 0);
    assert_string_equal(ik->log, "SS");
    assert_string_equal(ak->log, "S");
}

/* A NegTokenInit without optimistic token (first choice): the acceptor
 * answers accept-incomplete with supportedMech and waits. Built by hand:
 * our initiator always sends its first token. */
static void test_first_choice_no_optimistic_token(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct testmech *ak = NT_ACC(f, oid_krb5, 2, 'k');
    SPNEGO_TOKEN_HANDLE init = NULL;
    SPNEGO_OID offer = OID(oid_krb5);
    const unsigned char *bin;
    unsigned long bin_len;
    const unsigned char *out;
    unsigned long out_len;
    static const unsigned char want[] = {
        0xA1, 0x14, 0x30, 0x12,                   /* negTokenResp, SEQUENCE */
        0xA0, 0x03, 0x0A, 0x01, 0x01,             /* negState accept-incomplete */
        0xA1, 0x0B, 0x06, 0x09, 0x2A, 0x86, 0x48, /* supportedMech krb5 */
        0x86, 0xF7, 0x12, 0x01, 0x02, 0x02,
    };
    static const unsigned char i1k[] = {0xA1, 0x0E, 0x30, 0x0C, 0xA0, 0x03, 0x0A, 0x01,
                                        0x01, 0xA2, 0x05, 0x04, 0x03, 'I', '1', 'k'};

    NT_INI(f, oid_krb5, 2, 'k');
    nt_create(f);
    assert_int_equal(spnegoCreateNegTokenInitEx(&offer, 1, 0, NULL, 0, NULL, 0, 0, &init),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoTokenGetBinaryPtr(init, &bin, &bin_len), SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoNegotiateStep(f->pair.acc, bin, bin_len, &out, &out_len),
                     SPNEGO_NEGOTIATE_CONTINUE);
    spnegoFreeData(init);
    assert_int_equal(out_len, sizeof(want));
    assert_memory_equal(out, want, sizeof(want));
    assert_int_equal(ak->num_steps, 0);
    nt_assert_mech(f->pair.acc, 0, oid_krb5, sizeof(oid_krb5));
    /* The initiator's first krb5 token in a NegTokenResp completes it. */
    assert_int_equal(spnegoNegotiateStep(f->pair.acc, i1k, sizeof(i1k), &out, &out_len),
                     SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(out_len, 16);
    assert_memory_equal(out,
                        "\xA1\x0E\x30\x0C\xA0\x03\x0A\x01\x00\xA2\x05\x04\x03"
                        "A1k",
                        16);
    nt_assert_mic_state(f->pair.acc, 0);
}

/* ---- exact bytes: krb5 first, 2 legs, no MIC ---------------------------- */

/*
 * Initiator offers [krb5, NTLMSSP], the test mech under the krb5 OID with
 * 2 legs (krb5 with mutual authentication); the acceptor runs krb5. First
 * choice and nothing asks: no MIC (RFC 4178 5 a).
 */
static void test_bytes_krb5_first(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    static const unsigned char tok1[] = {
        0x60, 0x2E,                         /* [APPLICATION 0], 46 bytes */
        0x06, 0x06, 0x2B, 0x06, 0x01, 0x05, /* thisMech OID 1.3.6.1.5.5.2 */
        0x05, 0x02,
        0xA0, 0x24,                         /* [0] negTokenInit, 36 */
        0x30, 0x22,                         /* NegTokenInit SEQUENCE, 34 */
        0xA0, 0x19,                         /* [0] mechTypes, 25 */
        0x30, 0x17,                         /* MechTypeList, 23 */
        0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, /* krb5 1.2.840.113554.1.2.2 */
        0xF7, 0x12, 0x01, 0x02, 0x02,
        0x06, 0x0A, 0x2B, 0x06, 0x01, 0x04, /* NTLMSSP 1.3.6.1.4.1.311.2.2.10 */
        0x01, 0x82, 0x37, 0x02, 0x02, 0x0A,
        0xA2, 0x05,                         /* [2] mechToken (no reqFlags) */
        0x04, 0x03, 'I', '1', 'k',          /* OCTET STRING: krb5 token 1 */
    };
    static const unsigned char tok2[] = {
        0xA1, 0x1B,                         /* [1] negTokenResp, 27 (unframed) */
        0x30, 0x19,                         /* NegTokenResp SEQUENCE, 25 */
        0xA0, 0x03, 0x0A, 0x01, 0x00,       /* [0] negState accept-completed */
        0xA1, 0x0B,                         /* [1] supportedMech (first reply) */
        0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, /* krb5 */
        0xF7, 0x12, 0x01, 0x02, 0x02,
        0xA2, 0x05,                         /* [2] responseToken */
        0x04, 0x03, 'A', '1', 'k',          /* krb5 token 2 (the AP-REP) */
    };

    NT_INI(f, oid_krb5, 2, 'k');
    NT_INI(f, oid_ntlm, 2, 'n');
    NT_ACC(f, oid_krb5, 2, 'k');
    assert_int_equal(nt_run(f, 0), 2);
    NT_TOK(&f->pair, 0, 1, tok1);
    NT_TOK(&f->pair, 1, 0, tok2);
    /* The acceptor is done with its reply, the initiator on reading it,
     * with nothing to send. */
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.acc_steps, 1);
    assert_int_equal(f->pair.ini_steps, 2);
    nt_assert_mic_state(f->pair.ini, 0);
    nt_assert_mic_state(f->pair.acc, 0);
}

/* ---- exact bytes: NTLM offered first, acceptor runs only krb5 ---------- */

/*
 * Initiator offers [NTLMSSP, krb5]; the acceptor runs only krb5 (2 legs).
 * Not the first choice: the acceptor discards the optimistic NTLM token
 * and answers request-mic without a token (RFC 4178 5 b); the initiator
 * then starts krb5. The acceptor completes first (AP-REP) and sends its
 * MIC with its last token; the initiator verifies it, then sends its own.
 * Both MICs cover the initiator's MechTypeList bytes, exactly.
 */
static void test_bytes_ntlm_then_krb5(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct testmech *in;
    struct testmech *ik;
    struct testmech *ak;
    static const unsigned char tok1[] = {
        0x60, 0x2E,                         /* [APPLICATION 0], 46 */
        0x06, 0x06, 0x2B, 0x06, 0x01, 0x05, /* thisMech SPNEGO */
        0x05, 0x02,
        0xA0, 0x24, 0x30, 0x22,             /* [0] negTokenInit, SEQUENCE */
        0xA0, 0x19,                         /* [0] mechTypes */
        0x30, 0x17,                         /* MechTypeList (the MIC's input) */
        0x06, 0x0A, 0x2B, 0x06, 0x01, 0x04, /* NTLMSSP first */
        0x01, 0x82, 0x37, 0x02, 0x02, 0x0A,
        0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, /* krb5 second */
        0xF7, 0x12, 0x01, 0x02, 0x02,
        0xA2, 0x05, 0x04, 0x03, 'I', '1', 'n', /* optimistic NTLM token */
    };
    /* The MechTypeList value, 30 17 ..., as the MIC covers it. */
    static const unsigned char mech_list[] = {
        0x30, 0x17, 0x06, 0x0A, 0x2B, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02,
        0x0A, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x12, 0x01, 0x02, 0x02,
    };
    static const unsigned char tok2[] = {
        0xA1, 0x14, 0x30, 0x12,             /* negTokenResp, SEQUENCE 18 */
        0xA0, 0x03, 0x0A, 0x01, 0x03,       /* negState request-mic */
        0xA1, 0x0B, 0x06, 0x09, 0x2A, 0x86, /* supportedMech krb5; no token */
        0x48, 0x86, 0xF7, 0x12, 0x01, 0x02, 0x02,
    };
    static const unsigned char tok3[] = {
        0xA1, 0x0E, 0x30, 0x0C,             /* initiator's negTokenResp */
        0xA0, 0x03, 0x0A, 0x01, 0x01,       /* negState accept-incomplete */
        0xA2, 0x05, 0x04, 0x03, 'I', '1', 'k', /* first krb5 token (AP-REQ) */
    };
    unsigned char tok4[26] = {
        0xA1, 0x18, 0x30, 0x16,             /* negTokenResp, SEQUENCE 22 */
        0xA0, 0x03, 0x0A, 0x01, 0x01,       /* accept-incomplete: waits for */
                                            /* the initiator's MIC */
        0xA2, 0x05, 0x04, 0x03, 'A', '1', 'k', /* AP-REP */
        0xA3, 0x08, 0x04, 0x06,             /* [3] mechListMIC, 6 bytes: */
    };                                      /* the acceptor's MIC follows */
    unsigned char tok5[19] = {
        0xA1, 0x11, 0x30, 0x0F,             /* initiator's negTokenResp */
        0xA0, 0x03, 0x0A, 0x01, 0x00,       /* accept-completed */
        0xA3, 0x08, 0x04, 0x06,             /* its MIC, no token */
    };

    in = NT_INI(f, oid_ntlm, 2, 'n');
    ik = NT_INI(f, oid_krb5, 2, 'k');
    ak = NT_ACC(f, oid_krb5, 2, 'k');
    /* MIC bytes: 'M', direction, FNV-1a of key, direction, mech_list. */
    testmech_mic(0x5A, 0, mech_list, sizeof(mech_list), tok4 + 20);
    testmech_mic(0x5A, 1, mech_list, sizeof(mech_list), tok5 + 13);
    assert_memory_equal(tok4 + 20, "MA", 2);
    assert_memory_equal(tok5 + 13, "MI", 2);

    assert_int_equal(nt_run(f, 0), 5);
    NT_TOK(&f->pair, 0, 1, tok1);
    NT_TOK(&f->pair, 1, 0, tok2);
    NT_TOK(&f->pair, 2, 1, tok3);
    NT_TOK(&f->pair, 3, 0, tok4);
    NT_TOK(&f->pair, 4, 1, tok5);
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
    /* The acceptor completes on the initiator's MIC, with nothing to send. */
    assert_int_equal(f->pair.acc_steps, 3);
    assert_int_equal(f->pair.ini_steps, 3);
    assert_int_equal(f->pair.undelivered, 0);
    /* The MICs covered exactly the MechTypeList bytes. */
    assert_int_equal(ak->msg_len, sizeof(mech_list));
    assert_memory_equal(ak->msg, mech_list, sizeof(mech_list));
    assert_int_equal(ik->msg_len, sizeof(mech_list));
    assert_memory_equal(ik->msg, mech_list, sizeof(mech_list));
    /* NTLM ran its first step only (the optimistic token). */
    assert_string_equal(in->log, "S");
    /* Acceptor: make + mic_done(0) after completing; then verify +
     * mic_done(1). Initiator: verify the acceptor's before making its
     * own. */
    assert_string_equal(ak->log, "SRHGDVd");
    assert_string_equal(ik->log, "SSRHVdGD");
    nt_assert_mic_state(f->pair.ini, SPNEGO_NEGOTIATE_MIC_REQUIRED | SPNEGO_NEGOTIATE_MIC_SENT |
                                         SPNEGO_NEGOTIATE_MIC_VERIFIED);
    nt_assert_mic_state(f->pair.acc, SPNEGO_NEGOTIATE_MIC_REQUIRED | SPNEGO_NEGOTIATE_MIC_SENT |
                                         SPNEGO_NEGOTIATE_MIC_VERIFIED);
    nt_assert_mech(f->pair.ini, 1, oid_krb5, sizeof(oid_krb5));
    nt_assert_mech(f->pair.acc, 0, oid_krb5, sizeof(oid_krb5));
}

/* ---- non-first choice, 1 and 3 legs ------------------------------------- */

/* 1 leg: the initiator completes with its first krb5 token and sends its
 * MIC with it; the acceptor verifies, then answers with its own. */
static void test_non_first_1leg(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct testmech *ik;
    struct testmech *ak;

    NT_INI(f, oid_ntlm, 1, 'n');
    ik = NT_INI(f, oid_krb5, 1, 'k');
    ak = NT_ACC(f, oid_krb5, 1, 'k');
    assert_int_equal(nt_run(f, 0), 4);
    assert_resp(&f->pair, 1, spnego_negresult_request_mic, oid_krb5, sizeof(oid_krb5), NULL,
                0);
    assert_resp(&f->pair, 2, spnego_negresult_incomplete, NULL, 0, "I1k", 1);
    assert_resp(&f->pair, 3, spnego_negresult_success, NULL, 0, NULL, 1);
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_string_equal(ik->log, "SRHGDVd");
    assert_string_equal(ak->log, "SRHVdGD");
    nt_assert_mic_state(f->pair.ini, 7);
    nt_assert_mic_state(f->pair.acc, 7);
}

/* 3 legs (NTLM as the second choice): the initiator completes first and
 * sends its MIC with its last token. */
static void test_non_first_3leg(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct testmech *in;
    struct testmech *an;

    NT_INI(f, oid_krb5, 2, 'k');
    in = NT_INI(f, oid_ntlm, 3, 'n');
    an = NT_ACC(f, oid_ntlm, 3, 'n');
    assert_int_equal(nt_run(f, 0), 6);
    assert_resp(&f->pair, 1, spnego_negresult_request_mic, oid_ntlm, sizeof(oid_ntlm), NULL,
                0);
    assert_resp(&f->pair, 2, spnego_negresult_incomplete, NULL, 0, "I1n", 0);
    assert_resp(&f->pair, 3, spnego_negresult_incomplete, NULL, 0, "A1n", 0);
    assert_resp(&f->pair, 4, spnego_negresult_incomplete, NULL, 0, "I2n", 1);
    assert_resp(&f->pair, 5, spnego_negresult_success, NULL, 0, NULL, 1);
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_string_equal(in->log, "SSRHGDVd");
    assert_string_equal(an->log, "SSRHVdGD");
    nt_assert_mech(f->pair.ini, 1, oid_ntlm, sizeof(oid_ntlm));
    nt_assert_mech(f->pair.acc, 0, oid_ntlm, sizeof(oid_ntlm));
}

/* The acceptor runs several mechanisms in its own order; the initiator's
 * order decides (its first one the acceptor runs). */
static void test_selection_initiator_order(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct testmech *an;
    struct testmech *ak;

    NT_INI(f, oid_iakerb, 2, 'i');
    NT_INI(f, oid_ntlm, 2, 'n');
    NT_INI(f, oid_krb5, 2, 'k');
    ak = NT_ACC(f, oid_krb5, 2, 'k');
    an = NT_ACC(f, oid_ntlm, 2, 'n');
    assert_int_equal(nt_run(f, 0), 5);
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_resp(&f->pair, 1, spnego_negresult_request_mic, oid_ntlm, sizeof(oid_ntlm), NULL,
                0);
    nt_assert_mech(f->pair.ini, 1, oid_ntlm, sizeof(oid_ntlm));
    nt_assert_mech(f->pair.acc, 1, oid_ntlm, sizeof(oid_ntlm));
    assert_int_equal(ak->num_steps, 0);
    assert_int_equal(an->complete, 1);
}

/* ---- MIC forced by the mechanism, or always ----------------------------- */

/* First choice, but the mechanism requires the MIC exchange (NTLM whose
 * AUTHENTICATE carries a MIC): 3 legs, the initiator's MIC goes with its
 * last token. Only the hook forces it: MIC_REQUIRED is set. */
static void test_mic_forced_by_hook(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct testmech *in = NT_INI(f, oid_ntlm, 3, 'n');
    struct testmech *an = NT_ACC(f, oid_ntlm, 3, 'n');

    in->mic_required = 1;
    an->mic_required = 1;
    assert_int_equal(nt_run(f, 0), 4);
    assert_resp(&f->pair, 1, spnego_negresult_incomplete, oid_ntlm, sizeof(oid_ntlm), "A1n",
                0);
    assert_resp(&f->pair, 2, spnego_negresult_incomplete, NULL, 0, "I2n", 1);
    assert_resp(&f->pair, 3, spnego_negresult_success, NULL, 0, NULL, 1);
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_string_equal(in->log, "SSRHGDVd");
    assert_string_equal(an->log, "SSRHVdGD");
    nt_assert_mic_state(f->pair.ini, 7);
    nt_assert_mic_state(f->pair.acc, 7);
}

/* The hook on the acceptor's side only (2 legs): the acceptor sends its
 * MIC with the AP-REP and accept-incomplete; the initiator answers. */
static void test_mic_forced_by_acceptor_hook(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    struct testmech *ak;

    NT_INI(f, oid_krb5, 2, 'k');
    ak = NT_ACC(f, oid_krb5, 2, 'k');
    ak->mic_required = 1;
    assert_int_equal(nt_run(f, 0), 3);
    assert_resp(&f->pair, 1, spnego_negresult_incomplete, oid_krb5, sizeof(oid_krb5), "A1k",
                1);
    assert_resp(&f->pair, 2, spnego_negresult_success, NULL, 0, NULL, 1);
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
    /* The initiator did not require it, but answered the MIC it got. */
    nt_assert_mic_state(f->pair.ini, SPNEGO_NEGOTIATE_MIC_SENT | SPNEGO_NEGOTIATE_MIC_VERIFIED);
    nt_assert_mic_state(f->pair.acc, 7);
}

/* ALWAYS_MIC on the acceptor, 1, 2 and 3 legs: its MIC goes out as soon
 * as its mechanism completes, the initiator answers. */
static void test_always_mic_acceptor(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    int legs;

    for (legs = 1; legs <= 3; legs++) {
        struct testmech *ik;
        struct testmech *ak;

        memset(f, 0, sizeof(*f));
        ik = NT_INI(f, oid_krb5, legs, 'k');
        ak = NT_ACC(f, oid_krb5, legs, 'k');
        f->acc.flags = SPNEGO_NEGOTIATE_ALWAYS_MIC;
        assert_int_equal(nt_run(f, 0), legs == 3 ? 5 : 3);
        assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
        assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
        assert_int_equal(ak->num_get_mic, 1);
        assert_int_equal(ak->num_verify_ok, 1);
        assert_int_equal(ik->num_get_mic, 1);
        assert_int_equal(ik->num_verify_ok, 1);
        /* Not required by the rules: sent and verified. */
        nt_assert_mic_state(f->pair.acc,
                            SPNEGO_NEGOTIATE_MIC_SENT | SPNEGO_NEGOTIATE_MIC_VERIFIED);
        nt_assert_mic_state(f->pair.ini,
                            SPNEGO_NEGOTIATE_MIC_SENT | SPNEGO_NEGOTIATE_MIC_VERIFIED);
        /* The acceptor's MIC is verified before the initiator makes its
         * own. */
        assert_string_equal(ik->log, legs == 1 ? "SRHVdGD" : "SSRHVdGD");
        assert_string_equal(ak->log, legs == 3 ? "SSRHGDVd" : "SRHGDVd");
        spnegoNegotiateFree(f->pair.ini);
        spnegoNegotiateFree(f->pair.acc);
        f->pair.ini = NULL;
        f->pair.acc = NULL;
    }
}

/* ALWAYS_MIC on the initiator: with 3 legs its MIC goes with its last
 * token and the acceptor answers. With 1 or 2 legs the acceptor's
 * accept-completed ends the exchange before the initiator can send one,
 * and the initiator completes without MIC (see the report: open
 * question). */
static void test_always_mic_initiator(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    int legs;

    for (legs = 1; legs <= 3; legs++) {
        struct testmech *ik;
        struct testmech *ak;

        memset(f, 0, sizeof(*f));
        ik = NT_INI(f, oid_krb5, legs, 'k');
        ak = NT_ACC(f, oid_krb5, legs, 'k');
        f->ini.flags = SPNEGO_NEGOTIATE_ALWAYS_MIC;
        assert_int_equal(nt_run(f, 0), legs == 3 ? 4 : 2);
        assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
        assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
        if (legs == 3) {
            assert_resp(&f->pair, 2, spnego_negresult_incomplete, NULL, 0, "I2k", 1);
            assert_resp(&f->pair, 3, spnego_negresult_success, NULL, 0, NULL, 1);
            assert_string_equal(ik->log, "SSRHGDVd");
            assert_string_equal(ak->log, "SSRHVdGD");
            nt_assert_mic_state(f->pair.ini,
                                SPNEGO_NEGOTIATE_MIC_SENT | SPNEGO_NEGOTIATE_MIC_VERIFIED);
            nt_assert_mic_state(f->pair.acc,
                                SPNEGO_NEGOTIATE_MIC_SENT | SPNEGO_NEGOTIATE_MIC_VERIFIED);
        } else {
            assert_int_equal(ik->num_get_mic, 0);
            nt_assert_mic_state(f->pair.ini, 0);
        }
        spnegoNegotiateFree(f->pair.ini);
        spnegoNegotiateFree(f->pair.acc);
        f->pair.ini = NULL;
        f->pair.acc = NULL;
    }
}

/* ---- krb5 / MS-krb5 aliasing -------------------------------------------- */

/* The initiator lists the Microsoft OID, the acceptor runs krb5: one
 * mechanism; supportedMech names the OID the initiator listed, and both
 * contexts report it. */
static void test_alias_mskrb5(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;
    static const unsigned char want_reply[] = {
        0xA1, 0x1B, 0x30, 0x19,
        0xA0, 0x03, 0x0A, 0x01, 0x00,       /* accept-completed */
        0xA1, 0x0B, 0x06, 0x09,             /* supportedMech: */
        0x2A, 0x86, 0x48, 0x82, 0xF7, 0x12, /* 1.2.840.48018.1.2.2 (MS) */
        0x01, 0x02, 0x02,
        0xA2, 0x05, 0x04, 0x03, 'A', '1', 'k',
    };

    NT_INI(f, oid_mskrb5, 2, 'k');
    NT_INI(f, oid_ntlm, 2, 'n');
    NT_ACC(f, oid_krb5, 2, 'k');
    assert_int_equal(nt_run(f, 0), 2);
    NT_TOK(&f->pair, 1, 0, want_reply);
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
    nt_assert_mech(f->pair.acc, 0, oid_mskrb5, sizeof(oid_mskrb5));
    nt_assert_mech(f->pair.ini, 0, oid_mskrb5, sizeof(oid_mskrb5));
    /* First choice through the alias: no MIC. */
    nt_assert_mic_state(f->pair.acc, 0);
}

/* The other way round: the initiator lists krb5, the acceptor's entry is
 * the MS OID; the reply names krb5. Also when MS-krb5 and krb5 are both
 * listed (as Windows does), the first is chosen and is the first choice. */
static void test_alias_krb5_to_mskrb5(void **state)
{
    struct nt_fixture *f = (struct nt_fixture *)*state;

    NT_INI(f, oid_mskrb5, 2, 'k');
    NT_INI(f, oid_krb5, 2, 'K');
    NT_ACC(f, oid_mskrb5, 2, 'K');
    /* Swap: the initiator's krb5 entry ('K') first. */
    {
        SPNEGO_NEGOTIATE_MECH t = f->ini.entry[0];
        f->ini.entry[0] = f->ini.entry[1];
        f->ini.entry[1] = t;
    }
    assert_int_equal(nt_run(f, 0), 2);
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(f->pair.acc_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_resp(&f->pair, 1, spnego_negresult_success, oid_krb5, sizeof(oid_krb5), "A1K", 0);
    nt_assert_mech(f->pair.acc, 0, oid_krb5, sizeof(oid_krb5));
    nt_assert_mech(f->pair.ini, 0, oid_krb5, sizeof(oid_krb5));
    nt_assert_mic_state(f->pair.ini, 0);
}

/* After COMPLETE: Samba's acceptor sends a bare accept-completed after
 * the initiator's final MIC; the initiator takes it and stays complete
 * with no output. Any other token, or the same one at an acceptor, is the
 * caller's mistake: INVALID_PARAMETER, and nothing changes. */
static void test_after_complete(void **state)
{
    static const unsigned char accept_completed[] = {0xA1, 0x07, 0x30, 0x05, 0xA0,
                                                     0x03, 0x0A, 0x01, 0x00};
    struct nt_fixture *f = (struct nt_fixture *)*state;
    const unsigned char *out = (const unsigned char *)"x";
    unsigned long out_len = 99;

    NT_INI(f, oid_ntlm, 2, 'n');
    NT_INI(f, oid_krb5, 2, 'k');
    NT_ACC(f, oid_krb5, 2, 'k');
    assert_int_equal(nt_run(f, 0), 5);
    assert_int_equal(f->pair.ini_rc, SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(spnegoNegotiateStep(f->pair.ini, accept_completed,
                                         sizeof(accept_completed), &out, &out_len),
                     SPNEGO_NEGOTIATE_COMPLETE);
    assert_null(out);
    assert_int_equal(out_len, 0);
    assert_int_equal(spnegoNegotiateStep(f->pair.ini, accept_completed,
                                         sizeof(accept_completed), &out, &out_len),
                     SPNEGO_NEGOTIATE_COMPLETE);
    assert_int_equal(spnegoNegotiateStep(f->pair.ini, reject9, sizeof(reject9), &out,
                                         &out_len),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoNegotiateStep(f->pair.ini, accept_completed,
                                         sizeof(accept_completed) - 1, &out, &out_len),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoNegotiateStep(f->pair.acc, accept_completed,
                                         sizeof(accept_completed), &out, &out_len),
                     SPNEGO_E_INVALID_PARAMETER);
    nt_assert_mic_state(f->pair.ini, 7);
    nt_assert_mech(f->pair.ini, 1, oid_krb5, sizeof(oid_krb5));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_first_choice_1leg, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_first_choice_3leg_no_mic, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_first_choice_no_hooks, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_first_choice_no_optimistic_token, nt_setup,
                                        nt_teardown),
        cmocka_unit_test_setup_teardown(test_bytes_krb5_first, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_bytes_ntlm_then_krb5, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_non_first_1leg, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_non_first_3leg, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_selection_initiator_order, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_mic_forced_by_hook, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_mic_forced_by_acceptor_hook, nt_setup,
                                        nt_teardown),
        cmocka_unit_test_setup_teardown(test_always_mic_acceptor, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_always_mic_initiator, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_alias_mskrb5, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_alias_krb5_to_mskrb5, nt_setup, nt_teardown),
        cmocka_unit_test_setup_teardown(test_after_complete, nt_setup, nt_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
