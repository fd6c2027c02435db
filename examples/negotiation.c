/*
 * negotiation.c - the SPNEGO exchange shared by the example programs: the
 * negotiation layer (spnego_negotiate.h) over libspnego-gss mechanisms
 * (spnego_gss.h). Not part of the library. See negotiation.h.
 */
#include "negotiation.h"

#include <string.h>

/* Our name for a mechanism, and its OID as it goes on the wire. */
static int mech_oid(const char *name, size_t len, SPNEGO_OID *out_oid)
{
    SPNEGO_MECH_OID mech;

    if (len == 4 && memcmp(name, "krb5", 4) == 0)
        mech = spnego_mech_oid_Kerberos_V5;
    else if (len == 6 && memcmp(name, "mskrb5", 6) == 0)
        mech = spnego_mech_oid_Kerberos_V5_Legacy; /* run as krb5 */
    else if (len == 7 && memcmp(name, "ntlmssp", 7) == 0)
        mech = spnego_mech_oid_NTLMSSP; /* gss-ntlmssp, NTLM_USER_FILE */
    else
        return -1;
    return spnegoMechOidGet(mech, out_oid) == SPNEGO_E_SUCCESS ? 0 : -1;
}

int negotiation_start(struct negotiation *n, int role, const char *mechs,
                      const char *service)
{
    SPNEGO_NEGOTIATE_MECH table[NEGOTIATION_MAX_MECHS];
    OM_uint32 major, minor;
    int rc;

    memset(n, 0, sizeof(*n));
    n->target = GSS_C_NO_NAME;
    if (service != NULL) {
        gss_buffer_desc text;

        text.value = (void *)(size_t)service; /* GSS-API takes void * */
        text.length = strlen(service);
        major = gss_import_name(&minor, &text, GSS_C_NT_HOSTBASED_SERVICE,
                                &n->target);
        if (GSS_ERROR(major)) {
            fprintf(stderr, "bad service name %s\n", service);
            return -1;
        }
    }
    /* One mechanism state per mechanism we run, in our preference order.
     * GSS_C_MUTUAL_FLAG: an initiator trusts the server only after its
     * final token (the Kerberos AP-REP) verifies. */
    while (*mechs != '\0' && n->num_mechs < NEGOTIATION_MAX_MECHS) {
        size_t len = strcspn(mechs, ",");
        SPNEGO_OID oid;

        if (mech_oid(mechs, len, &oid) != 0) {
            fprintf(stderr, "unknown mechanism \"%.*s\" (krb5, mskrb5, "
                            "ntlmssp)\n", (int)len, mechs);
            return -1;
        }
        rc = spnegoGssMechCreate(&oid, role, GSS_C_NO_CREDENTIAL, n->target,
                                 GSS_C_MUTUAL_FLAG | GSS_C_CONF_FLAG |
                                     GSS_C_SEQUENCE_FLAG | GSS_C_REPLAY_FLAG,
                                 &n->mech[n->num_mechs]);
        if (rc != SPNEGO_E_SUCCESS ||
            spnegoGssMechEntry(n->mech[n->num_mechs], &table[n->num_mechs]) !=
                SPNEGO_E_SUCCESS) {
            fprintf(stderr, "spnegoGssMechCreate: %s\n", spnegoErrorString(rc));
            return -1;
        }
        n->num_mechs++;
        mechs += len;
        if (*mechs == ',')
            mechs++;
    }
    if (n->num_mechs == 0 || *mechs != '\0') {
        fprintf(stderr, "give 1 to %d mechanisms\n", NEGOTIATION_MAX_MECHS);
        return -1;
    }
    /* The layer picks the mechanism, makes and checks the mechListMICs
     * and refuses what a peer may not do. */
    rc = spnegoNegotiateCreate(role, table, n->num_mechs, 0, &n->ctx);
    if (rc != SPNEGO_E_SUCCESS) {
        fprintf(stderr, "spnegoNegotiateCreate: %s\n", spnegoErrorString(rc));
        return -1;
    }
    return 0;
}

void negotiation_end(struct negotiation *n)
{
    OM_uint32 minor;
    unsigned long i;

    /* The context uses the mechanisms: it goes first. */
    spnegoNegotiateFree(n->ctx);
    n->ctx = NULL;
    for (i = 0; i < n->num_mechs; i++)
        spnegoGssMechFree(n->mech[i]);
    n->num_mechs = 0;
    if (n->target != GSS_C_NO_NAME)
        gss_release_name(&minor, &n->target);
}

/* The mechanism the layer chose, or NULL before it chose one. */
static SPNEGO_GSS_MECH *chosen(const struct negotiation *n)
{
    unsigned long index;

    if (spnegoNegotiateGetMech(n->ctx, &index, NULL) != SPNEGO_E_SUCCESS ||
        index >= n->num_mechs)
        return NULL;
    return n->mech[index];
}

const char *negotiation_mech_name(const struct negotiation *n)
{
    unsigned long index;
    SPNEGO_OID oid; /* as it went on the wire */

    if (spnegoNegotiateGetMech(n->ctx, &index, &oid) != SPNEGO_E_SUCCESS)
        return "none";
    switch (spnegoMechOidLookup(&oid)) {
    case spnego_mech_oid_Kerberos_V5:
        return "krb5";
    case spnego_mech_oid_Kerberos_V5_Legacy:
        return "mskrb5";
    case spnego_mech_oid_NTLMSSP:
        return "ntlmssp";
    default:
        return "other";
    }
}

const char *negotiation_mic_text(const struct negotiation *n)
{
    unsigned long state = 0;

    (void)spnegoNegotiateGetMicState(n->ctx, &state);
    return (state & SPNEGO_NEGOTIATE_MIC_VERIFIED) != 0 ? "verified"
                                                        : "not exchanged";
}

int negotiation_peer_name(const struct negotiation *n, char *buf, size_t cap)
{
    SPNEGO_GSS_MECH *mech = chosen(n);
    gss_name_t name;
    gss_buffer_desc text;
    OM_uint32 minor;
    int rc = -1;

    if (mech == NULL ||
        spnegoGssMechGetSourceName(mech, &name) != SPNEGO_E_SUCCESS ||
        GSS_ERROR(gss_display_name(&minor, name, &text, NULL)))
        return -1;
    if (text.length < cap) {
        memcpy(buf, text.value, text.length);
        buf[text.length] = '\0';
        rc = 0;
    }
    gss_release_buffer(&minor, &text);
    return rc;
}

gss_ctx_id_t negotiation_gss_context(const struct negotiation *n)
{
    SPNEGO_GSS_MECH *mech = chosen(n);

    return mech != NULL ? spnegoGssMechGetContext(mech) : GSS_C_NO_CONTEXT;
}

static void print_status(FILE *f, OM_uint32 code, int type)
{
    OM_uint32 minor, more = 0;
    gss_buffer_desc text;

    do {
        if (GSS_ERROR(gss_display_status(&minor, code, type, GSS_C_NO_OID,
                                         &more, &text)))
            return;
        fprintf(f, "  %.*s\n", (int)text.length, (const char *)text.value);
        gss_release_buffer(&minor, &text);
    } while (more != 0);
}

void negotiation_print_error(FILE *f, const char *who,
                             const struct negotiation *n, int rc)
{
    unsigned long i;

    fprintf(f, "%s: %s (%d)\n", who, spnegoErrorString(rc), rc);
    for (i = 0; i < n->num_mechs; i++) {
        OM_uint32 major = 0, minor = 0;

        spnegoGssMechGetStatus(n->mech[i], &major, &minor);
        if (major != 0) {
            print_status(f, major, GSS_C_GSS_CODE);
            if (minor != 0)
                print_status(f, minor, GSS_C_MECH_CODE);
        }
    }
}
