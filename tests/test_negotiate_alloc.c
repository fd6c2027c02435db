/*
 * test_negotiate_alloc.c - L3 negotiation under allocation failure.
 *
 * The sweep of SQLite's faultsim over whole exchanges: for fail_at = 0,
 * 1, 2, ... the allocator seam (tests/spnego_test.c) fails the allocation
 * with that number, counted from spnegoNegotiateCreate() of the initiator
 * through every step of both sides. Each call must return what the clean
 * run returned at that point or OUT_OF_MEMORY (never crash, never another
 * code); a context that returned OUT_OF_MEMORY sends nothing and returns
 * INVALID_PARAMETER from then on; after freeing both contexts no block is
 * live. The sweep ends with the first run that never reached the failing
 * allocation, which must equal the clean run.
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

#define MAX_STEPS 12

/* One exchange configuration. */
struct scenario {
    const char *name;
    void (*setup)(struct nt_fixture *f);
    int acceptor_first;
};

/* What a run did, step by step. */
struct trace {
    int create_ini_rc;
    int create_acc_rc;
    int num_steps;
    int rc[MAX_STEPS];
    int from_ini[MAX_STEPS];
    size_t out_len[MAX_STEPS];
    int oom; /* some call returned OUT_OF_MEMORY */
    long calls;
};

/* Creates both contexts and runs the exchange by hand, recording every
 * result; stops at the first OUT_OF_MEMORY (after checking that the
 * context is finished) or when the exchange ends. Frees everything. */
static void run_once(const struct scenario *s, long fail_at, struct trace *t)
{
    struct nt_fixture f;
    SPNEGO_NEGOTIATE_HANDLE ini = NULL;
    SPNEGO_NEGOTIATE_HANDLE acc = NULL;
    unsigned char buf[TESTPAIR_TOKEN_MAX];
    unsigned long buf_len = 0;
    int side_ini = !s->acceptor_first;
    int ini_rc = TESTPAIR_NOT_RUN;
    int acc_rc = TESTPAIR_NOT_RUN;

    memset(&f, 0, sizeof(f));
    memset(t, 0, sizeof(*t));
    s->setup(&f);
    spnego_test_alloc_reset(fail_at);
    t->create_ini_rc = spnegoNegotiateCreate(SPNEGO_NEGOTIATE_INITIATOR, f.ini.entry,
                                             f.ini.num, f.ini.flags, &ini);
    if (t->create_ini_rc != SPNEGO_E_SUCCESS) {
        assert_null(ini);
        t->oom = 1;
        goto done;
    }
    t->create_acc_rc = spnegoNegotiateCreate(SPNEGO_NEGOTIATE_ACCEPTOR, f.acc.entry,
                                             f.acc.num, f.acc.flags, &acc);
    if (t->create_acc_rc != SPNEGO_E_SUCCESS) {
        assert_null(acc);
        t->oom = 1;
        goto done;
    }
    while (t->num_steps < MAX_STEPS) {
        SPNEGO_NEGOTIATE_HANDLE h = side_ini ? ini : acc;
        const unsigned char *out = NULL;
        unsigned long out_len = 0;
        int rc;
        int peer_rc;

        rc = spnegoNegotiateStep(h, buf_len > 0 ? buf : NULL, buf_len, &out, &out_len);
        t->rc[t->num_steps] = rc;
        t->from_ini[t->num_steps] = side_ini;
        t->out_len[t->num_steps] = (size_t)out_len;
        t->num_steps++;
        if (side_ini) {
            ini_rc = rc;
        } else {
            acc_rc = rc;
        }
        if (rc == SPNEGO_E_OUT_OF_MEMORY) {
            t->oom = 1;
            assert_int_equal(out_len, 0);
            assert_null(out);
            /* Finished: nothing more, whatever comes. */
            assert_int_equal(spnegoNegotiateStep(h, NULL, 0, &out, &out_len),
                             SPNEGO_E_INVALID_PARAMETER);
            assert_int_equal(spnegoNegotiateStep(h, reject9, sizeof(reject9), &out, &out_len),
                             SPNEGO_E_INVALID_PARAMETER);
            break;
        }
        if (out_len == 0) {
            break;
        }
        peer_rc = side_ini ? acc_rc : ini_rc;
        if (peer_rc != TESTPAIR_NOT_RUN && peer_rc != SPNEGO_NEGOTIATE_CONTINUE) {
            break;
        }
        assert_true(out_len <= sizeof(buf));
        memcpy(buf, out, out_len);
        buf_len = out_len;
        side_ini = !side_ini;
    }
done:
    t->calls = spnego_test_alloc_calls();
    spnegoNegotiateFree(ini);
    spnegoNegotiateFree(acc);
    assert_int_equal(spnego_test_alloc_live(), 0);
}

static void sweep(const struct scenario *s)
{
    struct trace clean;
    struct trace t;
    long fail_at;
    long num_step_oom = 0;
    int i;

    run_once(s, -1, &clean);
    assert_int_equal(clean.oom, 0);
    assert_true(clean.num_steps >= 2);
    assert_int_equal(clean.create_ini_rc, SPNEGO_E_SUCCESS);
    assert_int_equal(clean.create_acc_rc, SPNEGO_E_SUCCESS);
    for (fail_at = 0;; fail_at++) {
        run_once(s, fail_at, &t);
        if (t.calls <= fail_at) {
            /* The failure was never reached: the clean run again. */
            assert_int_equal(t.oom, 0);
            assert_int_equal(t.num_steps, clean.num_steps);
            for (i = 0; i < t.num_steps; i++) {
                assert_int_equal(t.rc[i], clean.rc[i]);
                assert_int_equal(t.out_len[i], clean.out_len[i]);
            }
            assert_int_equal(t.calls, clean.calls);
            break;
        }
        if (t.create_ini_rc != SPNEGO_E_SUCCESS || t.create_acc_rc != SPNEGO_E_SUCCESS) {
            assert_int_equal(t.create_ini_rc != SPNEGO_E_SUCCESS ? t.create_ini_rc
                                                                 : t.create_acc_rc,
                             SPNEGO_E_OUT_OF_MEMORY);
            continue;
        }
        /* Every step as in the clean run, up to the one that ran out. */
        assert_true(t.num_steps <= clean.num_steps);
        for (i = 0; i < t.num_steps; i++) {
            assert_int_equal(t.from_ini[i], clean.from_ini[i]);
            if (t.rc[i] == SPNEGO_E_OUT_OF_MEMORY) {
                assert_int_equal(i, t.num_steps - 1);
                num_step_oom++;
                break;
            }
            assert_int_equal(t.rc[i], clean.rc[i]);
            /* A failure's reject is best effort: sent, or nothing. */
            if (t.out_len[i] != clean.out_len[i]) {
                assert_true(clean.rc[i] < 0);
                assert_int_equal(t.out_len[i], 0);
            }
        }
        /* Either a context ran out, or only a best-effort reject did. */
        if (!t.oom) {
            assert_true(clean.rc[t.num_steps - 1] < 0);
        }
    }
    /* The sweep went through every allocation of the clean run; all but
     * the two contexts' and at most one best-effort reject failed a step. */
    assert_int_equal(fail_at, clean.calls);
    assert_true(num_step_oom >= clean.calls - 3);
}

/* ---- scenarios ----------------------------------------------------------- */

static void setup_krb5_first(struct nt_fixture *f)
{
    NT_INI(f, oid_krb5, 2, 'k');
    NT_INI(f, oid_ntlm, 2, 'n');
    NT_ACC(f, oid_krb5, 2, 'k');
}

static void setup_ntlm_then_krb5(struct nt_fixture *f)
{
    NT_INI(f, oid_ntlm, 2, 'n');
    NT_INI(f, oid_krb5, 2, 'k');
    NT_ACC(f, oid_krb5, 2, 'k');
}

static void setup_ntlm_hook(struct nt_fixture *f)
{
    NT_INI(f, oid_ntlm, 3, 'n')->mic_required = 1;
    NT_ACC(f, oid_ntlm, 3, 'n')->mic_required = 1;
}

static void setup_3leg_no_mic(struct nt_fixture *f)
{
    NT_INI(f, oid_ntlm, 3, 'n');
    NT_ACC(f, oid_ntlm, 3, 'n');
}

static void setup_init2(struct nt_fixture *f)
{
    NT_INI(f, oid_ntlm, 1, 'n');
    NT_INI(f, oid_krb5, 1, 'k');
    NT_ACC(f, oid_krb5, 1, 'k');
}

static void setup_no_common(struct nt_fixture *f)
{
    NT_INI(f, oid_ntlm, 2, 'n');
    NT_ACC(f, oid_krb5, 2, 'k');
}

static const unsigned char sweep_error_token[] = {0x7E, 0x01, 0x00};

static void setup_mech_failed(struct nt_fixture *f)
{
    struct testmech *ak;

    NT_INI(f, oid_krb5, 2, 'k');
    ak = NT_ACC(f, oid_krb5, 2, 'k');
    ak->fail_step = 1;
    ak->error_token = sweep_error_token;
    ak->error_token_len = sizeof(sweep_error_token);
}

static void setup_always_mic(struct nt_fixture *f)
{
    NT_INI(f, oid_mskrb5, 2, 'k');
    NT_ACC(f, oid_krb5, 2, 'k');
    f->acc.flags = SPNEGO_NEGOTIATE_ALWAYS_MIC;
}

static const struct scenario scenarios[] = {
    {"krb5 first", setup_krb5_first, 0},
    {"ntlm then krb5", setup_ntlm_then_krb5, 0},
    {"ntlm with hook", setup_ntlm_hook, 0},
    {"3 legs no mic", setup_3leg_no_mic, 0},
    {"acceptor first", setup_init2, 1},
    {"no common mech", setup_no_common, 0},
    {"mech failed", setup_mech_failed, 0},
    {"always mic, ms-krb5", setup_always_mic, 0},
};

static void test_alloc_sweep(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
        sweep(&scenarios[i]);
    }
}

/* The clean runs' allocation counts: the context (1 block), the
 * MechTypeList copy (1, on each side), one parsed handle per input and
 * one built token per output. */
static void test_alloc_counts(void **state)
{
    struct trace t;

    (void)state;
    /* krb5 first: create 2, ini offer (token + list copy) 2, acc
     * (parse + list copy + reply) 3, ini (parse) 1. */
    run_once(&scenarios[0], -1, &t);
    assert_int_equal(t.num_steps, 3);
    assert_int_equal(t.calls, 8);
    /* NTLM then krb5: + request-mic, I1, A1+MIC, MIC legs. */
    run_once(&scenarios[1], -1, &t);
    assert_int_equal(t.num_steps, 6);
    assert_int_equal(t.calls, 2 + 2 + 3 + 2 + 2 + 2 + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_sweep),
        cmocka_unit_test(test_alloc_counts),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
