/**
 * @file spnego_gss.h
 * spnego_gss.h - libspnego-gss: GSS-API mechanisms for the negotiation layer.
 *
 * An optional companion library (CMake target spnego::gss, pkg-config
 * spnego-gss), built when GSS-API headers are found, so that the core
 * library stays standard C only. It turns a raw GSS-API mechanism of MIT
 * krb5 or Heimdal (Kerberos V5, NTLM through gss-ntlmssp, or any OID the
 * caller names) into an SPNEGO_NEGOTIATE_MECH for spnegoNegotiateCreate():
 *
 * @code
 *   SPNEGO_GSS_MECH *krb5;
 *   SPNEGO_NEGOTIATE_MECH entry;
 *   spnegoGssMechCreate(&spnegoGssOidKrb5, SPNEGO_NEGOTIATE_ACCEPTOR,
 *                       GSS_C_NO_CREDENTIAL, GSS_C_NO_NAME, 0, &krb5);
 *   spnegoGssMechEntry(krb5, &entry);
 *   spnegoNegotiateCreate(SPNEGO_NEGOTIATE_ACCEPTOR, &entry, 1, 0, &ctx);
 *   ... spnegoNegotiateStep() until complete ...
 *   spnegoGssMechGetSourceName(krb5, &client);  // who authenticated
 *   spnegoNegotiateFree(ctx);
 *   spnegoGssMechFree(krb5);
 * @endcode
 *
 * The SPNEGO layer is libspnego's own: the GSS-API calls use the raw
 * mechanism OIDs, never the GSS-API SPNEGO mechanism. What the adapter
 * does for each callback:
 *  - step: gss_init_sec_context / gss_accept_sec_context on the raw
 *    mechanism; an acceptor's failure output (a KRB-ERROR) becomes the
 *    error token of the reject;
 *  - get_mic / verify_mic: gss_get_mic / gss_verify_mic over the
 *    MechTypeList; only GSS_S_COMPLETE verifies (DUPLICATE_TOKEN,
 *    OLD_TOKEN, UNSEQ_TOKEN and GAP_TOKEN are failures);
 *  - mic_required: gss_inquire_sec_context_by_oid with
 *    GSS_C_INQ_REQUIRE_MECHLIST_MIC (1.3.6.1.4.1.7165.655.1.2), which
 *    gss-ntlmssp answers when its AUTHENTICATE carries a MIC (asked after
 *    every NTLM leg too: gss-ntlmssp adds that MIC only for a SPNEGO
 *    layer that asked);
 *  - has_integrity: GSS_C_INTEG_FLAG in the context's flags;
 *  - mic_done: for NTLM, gss_set_sec_context_option with
 *    GSS_C_NTLMSSP_RESET_CRYPTO (1.3.6.1.4.1.7165.655.1.3), as MIT's
 *    SPNEGO does (MS-SPNG 3.3.5.1).
 *
 * Conventions as in spnego.h: int status, SPNEGO_E_* codes. A mechanism
 * state serves one exchange; it is not shared between threads.
 */
#ifndef SPNEGO_GSS_H
#define SPNEGO_GSS_H

#include <gssapi/gssapi.h>

#include "spnego_negotiate.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef SPNEGO_GSS_EXPORT
#if defined(SPNEGO_GSS_BUILDING_SHARED) && (defined(__GNUC__) || defined(__clang__))
#define SPNEGO_GSS_EXPORT __attribute__((visibility("default")))
#else
#define SPNEGO_GSS_EXPORT
#endif
#endif

/** One GSS-API mechanism context for one exchange (opaque). */
typedef struct SpnegoGssMech SPNEGO_GSS_MECH;

/** Kerberos V5, 1.2.840.113554.1.2.2 (also matches the Microsoft OID
 * 1.2.840.48018.1.2.2 when the negotiation layer compares OIDs). */
SPNEGO_GSS_EXPORT extern const SPNEGO_OID spnegoGssOidKrb5;
/** NTLMSSP (gss-ntlmssp), 1.3.6.1.4.1.311.2.2.10. */
SPNEGO_GSS_EXPORT extern const SPNEGO_OID spnegoGssOidNtlmssp;

/**
 * Creates the state of one mechanism for one exchange. pOid: the raw
 * GSS-API mechanism OID, offered on the wire as is (copied; Microsoft's
 * Kerberos OID 1.2.840.48018.1.2.2 is offered as is and run as Kerberos
 * V5, whose OID the inner tokens then carry, as Windows does). iRole:
 * SPNEGO_NEGOTIATE_INITIATOR or _ACCEPTOR. cred: credentials to use, or
 * GSS_C_NO_CREDENTIAL (initiator: the default ones; acceptor: acceptor
 * credentials for this mechanism are acquired on the first step, from the
 * default keytab or gss-ntlmssp's user file). target: the initiator's
 * service name (e.g. HTTP\@host imported as GSS_C_NT_HOSTBASED_SERVICE;
 * borrowed, must outlive the state); GSS_C_NO_NAME for an acceptor.
 * ulReqFlags: GSS_C_*_FLAG for gss_init_sec_context; GSS_C_INTEG_FLAG is
 * always added (the mechListMIC needs it). Errors: INVALID_PARAMETER,
 * INVALID_OID, OUT_OF_MEMORY.
 */
SPNEGO_GSS_EXPORT int spnegoGssMechCreate(const SPNEGO_OID *pOid, int iRole,
                                          gss_cred_id_t cred, gss_name_t target,
                                          OM_uint32 ulReqFlags,
                                          SPNEGO_GSS_MECH **ppMech);

/** Releases the state: its GSS-API context, names, acquired credentials
 * and buffers. NULL is accepted. Call it after spnegoNegotiateFree() of
 * every context that uses it. */
SPNEGO_GSS_EXPORT void spnegoGssMechFree(SPNEGO_GSS_MECH *pMech);

/** Fills *pEntry (OID, callbacks, state) for spnegoNegotiateCreate(). */
SPNEGO_GSS_EXPORT int spnegoGssMechEntry(SPNEGO_GSS_MECH *pMech,
                                         SPNEGO_NEGOTIATE_MECH *pEntry);

/** The callbacks of every adapter state (one constant table). */
SPNEGO_GSS_EXPORT const SPNEGO_MECH_CALLBACKS *spnegoGssCallbacks(void);

/** The GSS-API context once the exchange is complete (for gss_wrap,
 * gss_get_mic...; still owned by the state). GSS_C_NO_CONTEXT before. */
SPNEGO_GSS_EXPORT gss_ctx_id_t spnegoGssMechGetContext(const SPNEGO_GSS_MECH *pMech);

/** Acceptor: the authenticated initiator's name (owned by the state).
 * ELEMENT_UNAVAILABLE before the mechanism completed. */
SPNEGO_GSS_EXPORT int spnegoGssMechGetSourceName(const SPNEGO_GSS_MECH *pMech,
                                                 gss_name_t *pName);

/** The GSS-API context flags returned by the last step (ret_flags). */
SPNEGO_GSS_EXPORT OM_uint32 spnegoGssMechGetFlags(const SPNEGO_GSS_MECH *pMech);

/** The last GSS-API major and minor status of a failed call (0/0 when no
 * call failed), for gss_display_status() in error messages. */
SPNEGO_GSS_EXPORT void spnegoGssMechGetStatus(const SPNEGO_GSS_MECH *pMech,
                                              OM_uint32 *pMajor, OM_uint32 *pMinor);

#ifdef __cplusplus
}
#endif

#endif /* SPNEGO_GSS_H */
