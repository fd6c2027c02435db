/*
 * spnego_gss.c - libspnego-gss: GSS-API mechanisms (MIT krb5 or Heimdal)
 * for the negotiation layer (see include/spnego_gss.h).
 *
 * Not part of the core library: it links GSS-API, and lives in src/gss/ so
 * that a vendored build of the core (the files directly in src/) never
 * sees it. It uses only the public libspnego API. Each SPNEGO_MECH_CALLBACKS function maps
 * to one GSS-API call on the raw mechanism (never GSS-API's own SPNEGO);
 * output buffers are kept in the state until the next call of the same
 * kind, as the callback contract allows.
 */
#include "spnego_gss.h"

#include <stdlib.h>
#include <string.h>

#ifdef SPNEGO_GSS_HAVE_GSSAPI_EXT_H
#include <gssapi/gssapi_ext.h> /* MIT: the buffer-set and sec-context-option calls */
#endif

#define GSS_ADAPTER_MAX_OID 64

struct SpnegoGssMech {
    int role;
    unsigned char oid_bytes[GSS_ADAPTER_MAX_OID]; /* the OID on the wire */
    size_t wire_oid_len;
    gss_OID_desc oid; /* the GSS-API mechanism */
    gss_cred_id_t cred;     /* the caller's, or acquired_cred */
    gss_cred_id_t acquired; /* acquired here (acceptor), released here */
    gss_name_t target;      /* borrowed (initiator) */
    OM_uint32 req_flags;
    gss_ctx_id_t ctx;
    gss_name_t src_name; /* acceptor: the initiator, once complete */
    OM_uint32 ret_flags;
    int complete;
    gss_buffer_desc token; /* last step output */
    gss_buffer_desc mic;   /* last get_mic output */
    OM_uint32 last_major;
    OM_uint32 last_minor;
};

const SPNEGO_OID spnegoGssOidKrb5 = {
    (const unsigned char *)"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02", 9};
const SPNEGO_OID spnegoGssOidNtlmssp = {
    (const unsigned char *)"\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a", 10};

/* 1.2.840.48018.1.2.2, Microsoft's truncated spelling of Kerberos V5. */
static const unsigned char gss_adapter_mskrb5[] = {0x2a, 0x86, 0x48, 0x82, 0xf7,
                                                   0x12, 0x01, 0x02, 0x02};

/* samba(7165) gssntlmssp(655) controls(1): require_mechlist_mic(2) and
 * ntlmssp_reset_crypto(3). Spelled here, not taken from a header: MIT
 * keeps them private and Heimdal does not define them. */
static gss_OID_desc gss_adapter_oid_require_mic = {
    11, (void *)"\x2b\x06\x01\x04\x01\xb7\x7d\x85\x0f\x01\x02"};
static gss_OID_desc gss_adapter_oid_reset_crypto = {
    11, (void *)"\x2b\x06\x01\x04\x01\xb7\x7d\x85\x0f\x01\x03"};

static int gss_adapter_is_ntlm(const struct SpnegoGssMech *m)
{
    return m->oid.length == spnegoGssOidNtlmssp.ulOidLen &&
           memcmp(m->oid.elements, spnegoGssOidNtlmssp.pbOid, m->oid.length) == 0;
}

static void gss_adapter_release(gss_buffer_desc *buf)
{
    OM_uint32 minor;

    if (buf->length > 0 || buf->value != NULL) {
        (void)gss_release_buffer(&minor, buf);
    }
    buf->length = 0;
    buf->value = NULL;
}

static void gss_adapter_status(struct SpnegoGssMech *m, OM_uint32 major, OM_uint32 minor)
{
    m->last_major = major;
    m->last_minor = minor;
}

/* Acceptor credentials for exactly this mechanism, so that a token of
 * another mechanism can never be accepted under its name. */
static int gss_adapter_acceptor_cred(struct SpnegoGssMech *m)
{
    gss_OID_set_desc set;
    OM_uint32 major;
    OM_uint32 minor = 0;

    if (m->cred != GSS_C_NO_CREDENTIAL) {
        return 0;
    }
    set.count = 1;
    set.elements = &m->oid;
    major = gss_acquire_cred(&minor, GSS_C_NO_NAME, GSS_C_INDEFINITE, &set,
                             GSS_C_ACCEPT, &m->acquired, NULL, NULL);
    if (major != GSS_S_COMPLETE) {
        gss_adapter_status(m, major, minor);
        return -1;
    }
    m->cred = m->acquired;
    return 0;
}

static int gss_adapter_mic_required(void *state);

static int gss_adapter_step(void *state, const unsigned char *in, unsigned long in_len,
                            const unsigned char **out, unsigned long *out_len)
{
    struct SpnegoGssMech *m = (struct SpnegoGssMech *)state;
    gss_buffer_desc input;
    OM_uint32 major;
    OM_uint32 minor = 0;

    gss_adapter_release(&m->token);
    input.length = (size_t)in_len;
    input.value = (void *)in; /* GSS-API input buffers are not const */
    if (m->role == SPNEGO_NEGOTIATE_INITIATOR) {
        major = gss_init_sec_context(&minor, m->cred, &m->ctx, m->target, &m->oid,
                                     m->req_flags, GSS_C_INDEFINITE,
                                     GSS_C_NO_CHANNEL_BINDINGS,
                                     in_len > 0 ? &input : GSS_C_NO_BUFFER, NULL,
                                     &m->token, &m->ret_flags, NULL);
    } else {
        if (gss_adapter_acceptor_cred(m) != 0) {
            return SPNEGO_MECH_FAILED;
        }
        major = gss_accept_sec_context(&minor, &m->ctx, m->cred, &input,
                                       GSS_C_NO_CHANNEL_BINDINGS, &m->src_name, NULL,
                                       &m->token, &m->ret_flags, NULL, NULL);
    }
    *out = (const unsigned char *)m->token.value;
    *out_len = (unsigned long)m->token.length;
    if (GSS_ERROR(major)) {
        gss_adapter_status(m, major, minor);
        return SPNEGO_MECH_FAILED;
    }
    if (gss_adapter_is_ntlm(m)) {
        /* gss-ntlmssp puts a MIC in its AUTHENTICATE only once the SPNEGO
         * layer has asked about REQUIRE_MECHLIST_MIC ("the simple fact the
         * spnego layer is asking means it can handle" the mechListMIC),
         * so ask after every leg, as MIT's SPNEGO does; the answer counts
         * only at completion (mic_required). */
        (void)gss_adapter_mic_required(m);
    }
    if (major & GSS_S_CONTINUE_NEEDED) {
        return SPNEGO_MECH_CONTINUE;
    }
    m->complete = 1;
    return SPNEGO_MECH_COMPLETE;
}

static int gss_adapter_get_mic(void *state, const unsigned char *msg, unsigned long msg_len,
                               const unsigned char **mic, unsigned long *mic_len)
{
    struct SpnegoGssMech *m = (struct SpnegoGssMech *)state;
    gss_buffer_desc message;
    OM_uint32 major;
    OM_uint32 minor = 0;

    gss_adapter_release(&m->mic);
    message.length = (size_t)msg_len;
    message.value = (void *)msg;
    major = gss_get_mic(&minor, m->ctx, GSS_C_QOP_DEFAULT, &message, &m->mic);
    if (major != GSS_S_COMPLETE) {
        gss_adapter_status(m, major, minor);
        return -1;
    }
    *mic = (const unsigned char *)m->mic.value;
    *mic_len = (unsigned long)m->mic.length;
    return 0;
}

static int gss_adapter_verify_mic(void *state, const unsigned char *msg,
                                  unsigned long msg_len, const unsigned char *mic,
                                  unsigned long mic_len)
{
    struct SpnegoGssMech *m = (struct SpnegoGssMech *)state;
    gss_buffer_desc message;
    gss_buffer_desc token;
    OM_uint32 major;
    OM_uint32 minor = 0;

    message.length = (size_t)msg_len;
    message.value = (void *)msg;
    token.length = (size_t)mic_len;
    token.value = (void *)mic;
    major = gss_verify_mic(&minor, m->ctx, &message, &token, NULL);
    /* Supplementary bits (DUPLICATE, OLD, UNSEQ, GAP) ride in the major
     * status too: only a clean GSS_S_COMPLETE counts. */
    if (major != GSS_S_COMPLETE) {
        gss_adapter_status(m, major, minor);
        return -1;
    }
    return 0;
}

static int gss_adapter_mic_required(void *state)
{
    struct SpnegoGssMech *m = (struct SpnegoGssMech *)state;
    gss_buffer_set_t values = GSS_C_NO_BUFFER_SET;
    OM_uint32 major;
    OM_uint32 minor = 0;
    int required = 0;

    major = gss_inquire_sec_context_by_oid(&minor, m->ctx, &gss_adapter_oid_require_mic,
                                           &values);
    /* Mechanisms that do not know the OID (krb5) answer an error: no. */
    if (major == GSS_S_COMPLETE && values != GSS_C_NO_BUFFER_SET && values->count > 0 &&
        values->elements[0].length > 0 &&
        ((const unsigned char *)values->elements[0].value)[0] != 0) {
        required = 1;
    }
    if (values != GSS_C_NO_BUFFER_SET) {
        (void)gss_release_buffer_set(&minor, &values);
    }
    return required;
}

static int gss_adapter_has_integrity(void *state)
{
    const struct SpnegoGssMech *m = (const struct SpnegoGssMech *)state;

    return (m->ret_flags & GSS_C_INTEG_FLAG) != 0;
}

static int gss_adapter_mic_done(void *state, int verified)
{
    struct SpnegoGssMech *m = (struct SpnegoGssMech *)state;
    OM_uint32 value = verified ? 1 : 0;
    gss_buffer_desc buf;
    OM_uint32 major;
    OM_uint32 minor = 0;

    if (!gss_adapter_is_ntlm(m)) {
        return 0;
    }
    /* gss-ntlmssp reads one OM_uint32: 1 resets the receive (verify)
     * state, 0 the send (sign) state. */
    buf.length = sizeof(value);
    buf.value = &value;
    major = gss_set_sec_context_option(&minor, &m->ctx, &gss_adapter_oid_reset_crypto, &buf);
    /* An NTLM without this option (Heimdal's) answers UNAVAILABLE: it has
     * no RC4 state to reset for SPNEGO, which is not a failure. */
    if (major != GSS_S_COMPLETE && major != GSS_S_UNAVAILABLE) {
        gss_adapter_status(m, major, minor);
        return -1;
    }
    return 0;
}

static const SPNEGO_MECH_CALLBACKS gss_adapter_callbacks = {
    gss_adapter_step,         gss_adapter_get_mic,       gss_adapter_verify_mic,
    gss_adapter_mic_required, gss_adapter_has_integrity, gss_adapter_mic_done,
};

const SPNEGO_MECH_CALLBACKS *spnegoGssCallbacks(void)
{
    return &gss_adapter_callbacks;
}

int spnegoGssMechCreate(const SPNEGO_OID *pOid, int iRole, gss_cred_id_t cred,
                        gss_name_t target, OM_uint32 ulReqFlags, SPNEGO_GSS_MECH **ppMech)
{
    struct SpnegoGssMech *m;

    if (ppMech == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    *ppMech = NULL;
    if (pOid == NULL || pOid->pbOid == NULL || pOid->ulOidLen == 0 ||
        (iRole != SPNEGO_NEGOTIATE_INITIATOR && iRole != SPNEGO_NEGOTIATE_ACCEPTOR) ||
        (iRole == SPNEGO_NEGOTIATE_INITIATOR && target == GSS_C_NO_NAME)) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (pOid->ulOidLen > GSS_ADAPTER_MAX_OID) {
        return SPNEGO_E_INVALID_OID;
    }
    m = (struct SpnegoGssMech *)calloc(1, sizeof(*m));
    if (m == NULL) {
        return SPNEGO_E_OUT_OF_MEMORY;
    }
    m->role = iRole;
    memcpy(m->oid_bytes, pOid->pbOid, (size_t)pOid->ulOidLen);
    m->wire_oid_len = (size_t)pOid->ulOidLen;
    m->oid.length = (OM_uint32)pOid->ulOidLen;
    m->oid.elements = m->oid_bytes;
    if (pOid->ulOidLen == sizeof(gss_adapter_mskrb5) &&
        memcmp(pOid->pbOid, gss_adapter_mskrb5, sizeof(gss_adapter_mskrb5)) == 0) {
        /* Offered as Microsoft's Kerberos OID, run as Kerberos V5: the
         * inner tokens carry the krb5 OID, as Windows' do, and any krb5
         * acceptor takes them. */
        m->oid.length = (OM_uint32)spnegoGssOidKrb5.ulOidLen;
        m->oid.elements = (void *)spnegoGssOidKrb5.pbOid;
    }
    m->cred = cred;
    m->acquired = GSS_C_NO_CREDENTIAL;
    m->target = target;
    m->req_flags = ulReqFlags | GSS_C_INTEG_FLAG;
    m->ctx = GSS_C_NO_CONTEXT;
    m->src_name = GSS_C_NO_NAME;
    *ppMech = m;
    return SPNEGO_E_SUCCESS;
}

void spnegoGssMechFree(SPNEGO_GSS_MECH *pMech)
{
    OM_uint32 minor;

    if (pMech == NULL) {
        return;
    }
    gss_adapter_release(&pMech->token);
    gss_adapter_release(&pMech->mic);
    if (pMech->ctx != GSS_C_NO_CONTEXT) {
        (void)gss_delete_sec_context(&minor, &pMech->ctx, GSS_C_NO_BUFFER);
    }
    if (pMech->src_name != GSS_C_NO_NAME) {
        (void)gss_release_name(&minor, &pMech->src_name);
    }
    if (pMech->acquired != GSS_C_NO_CREDENTIAL) {
        (void)gss_release_cred(&minor, &pMech->acquired);
    }
    free(pMech);
}

int spnegoGssMechEntry(SPNEGO_GSS_MECH *pMech, SPNEGO_NEGOTIATE_MECH *pEntry)
{
    if (pMech == NULL || pEntry == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    pEntry->Oid.pbOid = pMech->oid_bytes;
    pEntry->Oid.ulOidLen = (unsigned long)pMech->wire_oid_len;
    pEntry->pCallbacks = &gss_adapter_callbacks;
    pEntry->pState = pMech;
    return SPNEGO_E_SUCCESS;
}

gss_ctx_id_t spnegoGssMechGetContext(const SPNEGO_GSS_MECH *pMech)
{
    if (pMech == NULL || !pMech->complete) {
        return GSS_C_NO_CONTEXT;
    }
    return pMech->ctx;
}

int spnegoGssMechGetSourceName(const SPNEGO_GSS_MECH *pMech, gss_name_t *pName)
{
    if (pMech == NULL || pName == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (!pMech->complete || pMech->src_name == GSS_C_NO_NAME) {
        return SPNEGO_E_ELEMENT_UNAVAILABLE;
    }
    *pName = pMech->src_name;
    return SPNEGO_E_SUCCESS;
}

OM_uint32 spnegoGssMechGetFlags(const SPNEGO_GSS_MECH *pMech)
{
    return pMech == NULL ? 0 : pMech->ret_flags;
}

void spnegoGssMechGetStatus(const SPNEGO_GSS_MECH *pMech, OM_uint32 *pMajor,
                            OM_uint32 *pMinor)
{
    if (pMajor != NULL) {
        *pMajor = pMech == NULL ? 0 : pMech->last_major;
    }
    if (pMinor != NULL) {
        *pMinor = pMech == NULL ? 0 : pMech->last_minor;
    }
}
