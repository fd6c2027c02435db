/*
 * gss_adapter_test.c - libspnego-gss against real MIT krb5 and gss-ntlmssp
 * contexts (run by realm.sh under the interop realm fixture).
 *
 *   gss_adapter_test krb5    the callbacks over two raw krb5 contexts:
 *                            a MIC verifies once; a replayed MIC, an
 *                            out-of-order MIC and a flipped bit fail (only
 *                            a clean GSS_S_COMPLETE counts); no "MIC
 *                            required" for krb5; integrity present
 *   gss_adapter_test ntlm    the same over gss-ntlmssp: the mechanism
 *                            requires the MIC exchange (its AUTHENTICATE
 *                            carries a MIC), and the RC4 reset after each
 *                            MIC keeps both sides in step
 *   gss_adapter_test args    argument checks, the Microsoft Kerberos OID
 *
 * Prints one line per check and "N passed, N failed"; exits non-zero on
 * any failure.
 */
#include "spnego_gss.h"

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>

#include <stdio.h>
#include <string.h>

static int passed;
static int failed;

static void check(int ok, const char *what)
{
    if (ok) {
        passed++;
        printf("ok   %s\n", what);
    } else {
        failed++;
        printf("FAIL %s\n", what);
    }
}

static gss_name_t import_service(const char *service)
{
    gss_buffer_desc text;
    gss_name_t name = GSS_C_NO_NAME;
    OM_uint32 minor;

    text.value = (void *)service;
    text.length = strlen(service);
    if (gss_import_name(&minor, &text, GSS_C_NT_HOSTBASED_SERVICE, &name) != GSS_S_COMPLETE)
        return GSS_C_NO_NAME;
    return name;
}

/* A displayed name as a C string (names fit easily; longer ones are cut). */
static const char *display(const gss_buffer_desc *text)
{
    static char buf[256];
    size_t n = text->length < sizeof(buf) - 1 ? text->length : sizeof(buf) - 1;

    memcpy(buf, text->value, n);
    buf[n] = '\0';
    return buf;
}

/* Runs the inner handshake through the adapter's step callbacks only. */
static int handshake(SPNEGO_GSS_MECH *ini, SPNEGO_GSS_MECH *acc)
{
    const SPNEGO_MECH_CALLBACKS *cb = spnegoGssCallbacks();
    unsigned char buf[65536];
    const unsigned char *out;
    unsigned long out_len, in_len = 0;
    int ini_rc = SPNEGO_MECH_CONTINUE, acc_rc = SPNEGO_MECH_CONTINUE;
    int legs;

    for (legs = 0; legs < 10; legs++) {
        if (ini_rc == SPNEGO_MECH_CONTINUE) {
            ini_rc = cb->step(ini, legs == 0 ? NULL : buf, in_len, &out, &out_len);
            if (ini_rc == SPNEGO_MECH_FAILED || out_len > sizeof(buf))
                return -1;
            if (out_len == 0)
                break;
            memcpy(buf, out, out_len);
            in_len = out_len;
        }
        if (acc_rc == SPNEGO_MECH_CONTINUE) {
            acc_rc = cb->step(acc, buf, in_len, &out, &out_len);
            if (acc_rc == SPNEGO_MECH_FAILED || out_len > sizeof(buf))
                return -1;
            if (out_len == 0)
                break;
            memcpy(buf, out, out_len);
            in_len = out_len;
        }
        if (ini_rc == SPNEGO_MECH_COMPLETE && acc_rc == SPNEGO_MECH_COMPLETE)
            break;
    }
    return ini_rc == SPNEGO_MECH_COMPLETE && acc_rc == SPNEGO_MECH_COMPLETE ? 0 : -1;
}

/* A copy of a MIC made by one side (the adapter reuses its buffer). */
static int make_mic(SPNEGO_GSS_MECH *m, const char *msg, unsigned char *mic,
                    unsigned long *mic_len)
{
    const unsigned char *p;
    unsigned long n;

    if (spnegoGssCallbacks()->get_mic(m, (const unsigned char *)msg, strlen(msg), &p, &n) != 0 ||
        n > *mic_len)
        return -1;
    memcpy(mic, p, n);
    *mic_len = n;
    return 0;
}

static int verify(SPNEGO_GSS_MECH *m, const char *msg, const unsigned char *mic,
                  unsigned long mic_len)
{
    return spnegoGssCallbacks()->verify_mic(m, (const unsigned char *)msg, strlen(msg), mic,
                                            mic_len);
}

/* The raw gss-ntlmssp inquiry the adapter makes: 1/0 as answered, -1
 * when the mechanism does not answer it. */
static int ntlm_inquiry(gss_ctx_id_t ctx)
{
    static gss_OID_desc require_mic = {11, (void *)"\x2b\x06\x01\x04\x01\xb7\x7d\x85\x0f\x01\x02"};
    gss_buffer_set_t values = GSS_C_NO_BUFFER_SET;
    OM_uint32 major, minor;
    int answer = -1;

    major = gss_inquire_sec_context_by_oid(&minor, ctx, &require_mic, &values);
    if (major == GSS_S_COMPLETE && values != GSS_C_NO_BUFFER_SET && values->count > 0)
        answer = values->elements[0].length > 0 &&
                 ((const unsigned char *)values->elements[0].value)[0] != 0;
    if (values != GSS_C_NO_BUFFER_SET)
        (void)gss_release_buffer_set(&minor, &values);
    return answer;
}

static void mic_checks(SPNEGO_GSS_MECH *ini, SPNEGO_GSS_MECH *acc, int ntlm)
{
    const SPNEGO_MECH_CALLBACKS *cb = spnegoGssCallbacks();
    unsigned char mic1[512], mic2[512];
    unsigned long len1 = sizeof(mic1), len2 = sizeof(mic2);
    OM_uint32 major = 0, minor = 0;

    check(cb->has_integrity(ini) && cb->has_integrity(acc), "both contexts have integrity");
    if (ntlm) {
        /* gss-ntlmssp signs its AUTHENTICATE with a MIC: SPNEGO's MIC
         * exchange becomes mandatory (MS-SPNG 3.3.5.1). */
        /* gss-ntlmssp signs its AUTHENTICATE with a MIC only when the
         * SPNEGO layer asked about REQUIRE_MECHLIST_MIC before it was
         * made (the adapter asks after every leg); the initiator then
         * requires the mechListMIC exchange. Without that question the
         * AUTHENTICATE went out with no MIC (16 bytes shorter than MIT's)
         * and nothing required one. gss-ntlmssp 1.2's acceptor answers 0
         * even then; the initiator's MIC makes the acceptor answer anyway
         * (a MIC received must be answered). */
        int acc_answer = ntlm_inquiry(spnegoGssMechGetContext(acc));

        check(ntlm_inquiry(spnegoGssMechGetContext(ini)) == 1,
              "ntlm: gss-ntlmssp put a MIC in the AUTHENTICATE (the initiator answers 1)");
        check(cb->mic_required(ini) == 1, "ntlm: the initiator's mic_required reports it");
        check((acc_answer == 0 || acc_answer == 1) && cb->mic_required(acc) == acc_answer,
              "ntlm: the acceptor's mic_required reports gss-ntlmssp's answer");
    } else {
        check(ntlm_inquiry(spnegoGssMechGetContext(acc)) == -1,
              "krb5: the REQUIRE_MECHLIST_MIC inquiry fails");
        check(cb->mic_required(ini) == 0 && cb->mic_required(acc) == 0,
              "krb5: no mechanism-required MIC");
    }
    check(make_mic(ini, "mechlist", mic1, &len1) == 0 && len1 > 0, "initiator get_mic");
    check(cb->mic_done(ini, 0) == 0, "mic_done after get_mic");
    check(verify(acc, "mechlist", mic1, len1) == 0, "acceptor verify_mic: clean");
    check(cb->mic_done(acc, 1) == 0, "mic_done after verify_mic");
    if (!ntlm) {
        check(verify(acc, "mechlist", mic1, len1) != 0, "a replayed MIC fails");
        spnegoGssMechGetStatus(acc, &major, &minor);
        check((major & GSS_S_DUPLICATE_TOKEN) != 0, "... with GSS_S_DUPLICATE_TOKEN");
        len1 = sizeof(mic1);
        check(make_mic(ini, "one", mic1, &len1) == 0 && make_mic(ini, "two", mic2, &len2) == 0,
              "two more MICs");
        /* MIT returns GSS_S_COMPLETE | GSS_S_GAP_TOKEN for a MIC that
         * skips one: the MIC is fine, the sequence is not, and only a
         * clean GSS_S_COMPLETE may count. */
        check(verify(acc, "two", mic2, len2) != 0, "a MIC that skips one fails");
        spnegoGssMechGetStatus(acc, &major, &minor);
        check((major & GSS_S_GAP_TOKEN) != 0 && !GSS_ERROR(major),
              "... with only the GSS_S_GAP_TOKEN supplementary bit");
        check(verify(acc, "one", mic1, len1) != 0, "then the skipped one fails (out of order)");
        spnegoGssMechGetStatus(acc, &major, &minor);
        check((major & (GSS_S_OLD_TOKEN | GSS_S_UNSEQ_TOKEN)) != 0,
              "... with an OLD or UNSEQ supplementary bit");
    }
    /* The other direction, with a flipped bit. */
    len1 = sizeof(mic1);
    check(make_mic(acc, "reply", mic1, &len1) == 0, "acceptor get_mic");
    check(cb->mic_done(acc, 0) == 0, "acceptor mic_done after get_mic");
    mic1[len1 - 1] ^= 0x01;
    check(verify(ini, "reply", mic1, len1) != 0, "a MIC with a flipped bit fails");
    mic1[len1 - 1] ^= 0x01;
    check(verify(ini, "other message", mic1, len1) != 0, "a MIC over another message fails");
}

static int run_mech(const SPNEGO_OID *oid, int ntlm)
{
    SPNEGO_GSS_MECH *ini = NULL, *acc = NULL;
    gss_name_t target = import_service("HTTP@localhost");
    gss_name_t who;
    OM_uint32 flags = GSS_C_MUTUAL_FLAG | GSS_C_REPLAY_FLAG | GSS_C_SEQUENCE_FLAG;
    OM_uint32 minor;
    SPNEGO_NEGOTIATE_MECH entry;

    check(target != GSS_C_NO_NAME, "import HTTP@localhost");
    check(spnegoGssMechCreate(oid, SPNEGO_NEGOTIATE_INITIATOR, GSS_C_NO_CREDENTIAL, target,
                              flags, &ini) == SPNEGO_E_SUCCESS,
          "create the initiator state");
    check(spnegoGssMechCreate(oid, SPNEGO_NEGOTIATE_ACCEPTOR, GSS_C_NO_CREDENTIAL,
                              GSS_C_NO_NAME, 0, &acc) == SPNEGO_E_SUCCESS,
          "create the acceptor state");
    check(spnegoGssMechEntry(ini, &entry) == SPNEGO_E_SUCCESS && entry.pState == ini &&
              entry.pCallbacks == spnegoGssCallbacks() && entry.Oid.ulOidLen == oid->ulOidLen &&
              memcmp(entry.Oid.pbOid, oid->pbOid, oid->ulOidLen) == 0,
          "the entry carries the OID, the callbacks and the state");
    check(spnegoGssMechGetContext(ini) == GSS_C_NO_CONTEXT, "no context before completion");
    check(spnegoGssMechGetSourceName(acc, &who) == SPNEGO_E_ELEMENT_UNAVAILABLE,
          "no client name before completion");
    if (ini != NULL && acc != NULL && handshake(ini, acc) == 0) {
        gss_buffer_desc text;

        check(1, "inner handshake through the step callbacks");
        check(spnegoGssMechGetContext(ini) != GSS_C_NO_CONTEXT, "initiator context");
        check((spnegoGssMechGetFlags(ini) & GSS_C_INTEG_FLAG) != 0,
              "GSS_C_INTEG_FLAG was added to the request");
        check(spnegoGssMechGetSourceName(acc, &who) == SPNEGO_E_SUCCESS &&
                  gss_display_name(&minor, who, &text, NULL) == GSS_S_COMPLETE &&
                  strstr(display(&text), "alice") != NULL,
              "the acceptor names alice");
        mic_checks(ini, acc, ntlm);
    } else {
        OM_uint32 major = 0;

        spnegoGssMechGetStatus(acc, &major, &minor);
        printf("acceptor status %u/%u\n", (unsigned)major, (unsigned)minor);
        check(0, "inner handshake through the step callbacks");
    }
    spnegoGssMechFree(ini);
    spnegoGssMechFree(acc);
    gss_release_name(&minor, &target);
    return 0;
}

static void arg_checks(void)
{
    static const unsigned char mskrb5[] = {0x2a, 0x86, 0x48, 0x82, 0xf7,
                                           0x12, 0x01, 0x02, 0x02};
    SPNEGO_OID ms = {mskrb5, sizeof(mskrb5)};
    SPNEGO_OID empty = {mskrb5, 0};
    SPNEGO_GSS_MECH *m = (SPNEGO_GSS_MECH *)1;
    SPNEGO_NEGOTIATE_MECH entry;

    check(spnegoGssMechCreate(NULL, SPNEGO_NEGOTIATE_ACCEPTOR, GSS_C_NO_CREDENTIAL,
                              GSS_C_NO_NAME, 0, &m) == SPNEGO_E_INVALID_PARAMETER &&
              m == NULL,
          "NULL OID: INVALID_PARAMETER and *ppMech NULL");
    check(spnegoGssMechCreate(&empty, SPNEGO_NEGOTIATE_ACCEPTOR, GSS_C_NO_CREDENTIAL,
                              GSS_C_NO_NAME, 0, &m) == SPNEGO_E_INVALID_PARAMETER,
          "empty OID: INVALID_PARAMETER");
    check(spnegoGssMechCreate(&ms, 7, GSS_C_NO_CREDENTIAL, GSS_C_NO_NAME, 0, &m) ==
              SPNEGO_E_INVALID_PARAMETER,
          "bad role: INVALID_PARAMETER");
    check(spnegoGssMechCreate(&ms, SPNEGO_NEGOTIATE_INITIATOR, GSS_C_NO_CREDENTIAL,
                              GSS_C_NO_NAME, 0, &m) == SPNEGO_E_INVALID_PARAMETER,
          "initiator without a target: INVALID_PARAMETER");
    check(spnegoGssMechCreate(&ms, SPNEGO_NEGOTIATE_ACCEPTOR, GSS_C_NO_CREDENTIAL,
                              GSS_C_NO_NAME, 0, NULL) == SPNEGO_E_INVALID_PARAMETER,
          "NULL output: INVALID_PARAMETER");
    check(spnegoGssMechCreate(&ms, SPNEGO_NEGOTIATE_ACCEPTOR, GSS_C_NO_CREDENTIAL,
                              GSS_C_NO_NAME, 0, &m) == SPNEGO_E_SUCCESS &&
              spnegoGssMechEntry(m, &entry) == SPNEGO_E_SUCCESS &&
              entry.Oid.ulOidLen == sizeof(mskrb5) &&
              memcmp(entry.Oid.pbOid, mskrb5, sizeof(mskrb5)) == 0,
          "Microsoft's Kerberos OID is offered as is");
    check(spnegoGssMechEntry(NULL, &entry) == SPNEGO_E_INVALID_PARAMETER &&
              spnegoGssMechEntry(m, NULL) == SPNEGO_E_INVALID_PARAMETER,
          "entry: NULL arguments");
    spnegoGssMechFree(m);
    spnegoGssMechFree(NULL);
}

int main(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "";

    if (strcmp(what, "krb5") == 0) {
        run_mech(&spnegoGssOidKrb5, 0);
    } else if (strcmp(what, "ntlm") == 0) {
        run_mech(&spnegoGssOidNtlmssp, 1);
    } else if (strcmp(what, "args") == 0) {
        arg_checks();
    } else {
        fprintf(stderr, "usage: gss_adapter_test krb5|ntlm|args\n");
        return 2;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 && passed > 0 ? 0 : 1;
}
