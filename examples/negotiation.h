/*
 * negotiation.h - the SPNEGO exchange shared by the example programs
 * (negotiate-server, negotiate-client, sign-server, sign-client).
 *
 * Not part of the library. It shows the one pattern every user of
 * libspnego's negotiation layer writes: create one libspnego-gss mechanism
 * per mechanism you run (Kerberos, NTLM through gss-ntlmssp), hand them to
 * spnegoNegotiateCreate(), then call spnegoNegotiateStep() with each token
 * the peer sends until it says complete. The programs move the tokens
 * (HTTP headers, a socket); the layer decides everything SPNEGO decides.
 */
#ifndef SPNEGO_EXAMPLES_NEGOTIATION_H
#define SPNEGO_EXAMPLES_NEGOTIATION_H

#include <stdio.h>

#include <gssapi/gssapi.h>

#include "spnego_gss.h"
#include "spnego_negotiate.h"

#define NEGOTIATION_MAX_MECHS 4

/* One exchange: the negotiation context and the mechanisms under it. */
struct negotiation {
    SPNEGO_NEGOTIATE_HANDLE ctx;
    SPNEGO_GSS_MECH *mech[NEGOTIATION_MAX_MECHS];
    unsigned long num_mechs;
    gss_name_t target; /* initiator: the service, e.g. HTTP@localhost */
};

/*
 * Starts an exchange. role: SPNEGO_NEGOTIATE_INITIATOR or _ACCEPTOR.
 * mechs: "krb5", "mskrb5", "ntlmssp" separated by commas, in our order of
 * preference. service: the initiator's target ("HTTP@localhost"); NULL for
 * an acceptor, which accepts any key of the keytab (KRB5_KTNAME). Returns
 * 0, or -1 after printing why. Release with negotiation_end(), also after
 * a failed start.
 */
int negotiation_start(struct negotiation *n, int role, const char *mechs,
                      const char *service);

/* Releases the context, then the mechanisms (in that order). */
void negotiation_end(struct negotiation *n);

/* After completion: the negotiated mechanism ("krb5", "ntlmssp"...). */
const char *negotiation_mech_name(const struct negotiation *n);

/* After completion: "verified" when the peer's mechListMIC was checked,
 * else "not exchanged". */
const char *negotiation_mic_text(const struct negotiation *n);

/* Acceptor, after completion: the authenticated client ("alice@REALM").
 * Returns 0, or -1 when the name does not fit in cap bytes. */
int negotiation_peer_name(const struct negotiation *n, char *buf, size_t cap);

/* After completion: the GSS-API context, for gss_wrap / gss_get_mic. */
gss_ctx_id_t negotiation_gss_context(const struct negotiation *n);

/* Prints why a step failed: the SPNEGO_E_* code, and the GSS-API status
 * of the mechanism when it was the mechanism that failed. */
void negotiation_print_error(FILE *f, const char *who,
                             const struct negotiation *n, int rc);

#endif /* SPNEGO_EXAMPLES_NEGOTIATION_H */
