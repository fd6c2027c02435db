/**
 * @file spnego_negotiate.h
 * spnego_negotiate.h - libspnego negotiation layer (L3): the SPNEGO exchange.
 *
 * A negotiation context runs one SPNEGO exchange (RFC 4178 sections 4 and 5,
 * MS-SPNG 3.x) as initiator or acceptor, for any mechanism the caller can
 * run. It does no I/O and no cryptography: the caller moves the tokens, and
 * a table of callbacks (SPNEGO_MECH_CALLBACKS) runs the inner mechanism
 * (Kerberos, NTLM... through GSS-API, SSPI or anything else). The context
 * decides everything SPNEGO decides: which mechanism is used, whether the
 * optimistic token counts, when a mechListMIC is made, verified or
 * required, and what to refuse.
 *
 * Use (both roles):
 * @code
 *   SPNEGO_NEGOTIATE_HANDLE ctx;
 *   rc = spnegoNegotiateCreate(SPNEGO_NEGOTIATE_ACCEPTOR, mechs, n, 0, &ctx);
 *   for (;;) {
 *       rc = spnegoNegotiateStep(ctx, in, in_len, &out, &out_len);
 *       if (out_len > 0) send(out, out_len);     // also on failure: a reject
 *       if (rc != SPNEGO_NEGOTIATE_CONTINUE) break;
 *       in = receive(&in_len);
 *   }
 *   // rc == SPNEGO_NEGOTIATE_COMPLETE: authenticated; else a SPNEGO_E_* code
 *   spnegoNegotiateFree(ctx);
 * @endcode
 *
 * Conventions: as in spnego.h (int status, SPNEGO_E_* codes, OIDs as DER
 * content bytes, constructors hand over a handle only on success). A
 * context is not shared between threads without external locking. The
 * mechanism callbacks are called only from inside spnegoNegotiateStep(),
 * on the caller's thread.
 *
 * This header compiles as C89, C99 and C++.
 */
#ifndef SPNEGO_NEGOTIATE_H
#define SPNEGO_NEGOTIATE_H

#include "spnego.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque negotiation context. */
typedef struct SpnegoNegotiateContext *SPNEGO_NEGOTIATE_HANDLE;

/** Roles of spnegoNegotiateCreate(). */
#define SPNEGO_NEGOTIATE_INITIATOR 0 /**< the side that sends the first NegTokenInit */
#define SPNEGO_NEGOTIATE_ACCEPTOR 1 /**< the side that answers (the server) */

/* ------------------------------------------------------------------------ */
/* Step results                                                             */
/* ------------------------------------------------------------------------ */

/** The exchange is established: the mechanism context is complete and
 * every MIC the rules require was made and verified. Send the output
 * token if it is not empty; expect nothing more. */
#define SPNEGO_NEGOTIATE_COMPLETE 0
/** Send the output token (it may be empty only on an acceptor that waits
 * for nothing but the peer's next token; never in practice), then call
 * spnegoNegotiateStep() again with the peer's answer. */
#define SPNEGO_NEGOTIATE_CONTINUE 1

/* ------------------------------------------------------------------------ */
/* Mechanism callbacks                                                      */
/* ------------------------------------------------------------------------ */

/** Results of SPNEGO_MECH_CALLBACKS.step. */
#define SPNEGO_MECH_COMPLETE 0 /**< inner context established */
#define SPNEGO_MECH_CONTINUE 1 /**< inner context needs the peer's token */
#define SPNEGO_MECH_FAILED (-1) /**< failed; the output may hold an error
                                     token (a KRB-ERROR) for the peer */

/**
 * What a mechanism does, as callbacks over the caller's state pointer
 * (pState of SPNEGO_NEGOTIATE_MECH), which the library never owns, frees or
 * looks into. Output buffers returned through callbacks belong to the
 * mechanism and must stay valid until the next callback on the same state
 * (or until the caller releases the state): the library copies them before
 * it calls the mechanism again.
 *
 * Required: step, get_mic, verify_mic. Optional (NULL): the rest.
 */
typedef struct SPNEGO_MECH_CALLBACKS {
    /**
     * One leg of the inner mechanism. pbIn/ulInLen is the peer's inner
     * token (NULL/0 on an initiator's first call). Sets *ppbOut and *pulOutLen
     * to the token for the peer (NULL/0 for none). Returns
     * SPNEGO_MECH_CONTINUE, SPNEGO_MECH_COMPLETE or SPNEGO_MECH_FAILED (on
     * failure the output, if any, is an error token that an acceptor puts
     * in its reject). An initiator's first call that fails means "this
     * mechanism cannot run here" (no credentials): the context leaves it
     * out of its offer.
     */
    int (*step)(void *pState, const unsigned char *pbIn, unsigned long ulInLen,
                const unsigned char **ppbOut, unsigned long *pulOutLen);
    /** Makes a MIC over pbMsg with the established inner context. Returns
     * 0 and sets *ppbMic and *pulMicLen, or non-zero on failure. */
    int (*get_mic)(void *pState, const unsigned char *pbMsg,
                   unsigned long ulMsgLen, const unsigned char **ppbMic,
                   unsigned long *pulMicLen);
    /** Verifies pbMic over pbMsg. Returns 0 only for a MIC that verifies
     * cleanly (for GSS-API: GSS_S_COMPLETE with no supplementary bit such
     * as DUPLICATE, OLD, UNSEQ or GAP); anything else is a failure. */
    int (*verify_mic)(void *pState, const unsigned char *pbMsg,
                      unsigned long ulMsgLen, const unsigned char *pbMic,
                      unsigned long ulMicLen);
    /** Optional. Asked once the inner context is complete: non-zero when
     * the mechanism itself requires the MIC exchange (NTLM whose
     * AUTHENTICATE carries a MIC; GSS_C_INQ_REQUIRE_MECHLIST_MIC). */
    int (*mic_required)(void *pState);
    /** Optional. Asked once the inner context is complete: zero when the
     * context cannot make or verify MICs (no integrity). NULL means it
     * can. A MIC that the rules require without integrity fails the
     * exchange. */
    int (*has_integrity)(void *pState);
    /** Optional. Called right after each MIC operation: iVerified 0 after
     * get_mic, 1 after a successful verify_mic. NTLM resets its RC4 state
     * here (MS-SPNG 3.3.5.1; GSS_C_NTLMSSP_RESET_CRYPTO with that value).
     * Non-zero fails the exchange. */
    int (*mic_done)(void *pState, int iVerified);
} SPNEGO_MECH_CALLBACKS;

/**
 * One mechanism the caller runs: its OID (DER content bytes, as offered on
 * the wire), its callbacks and its state. The context copies the struct
 * and the OID bytes; pCallbacks and pState must outlive the context.
 * Kerberos V5 (1.2.840.113554.1.2.2) and its Microsoft alias
 * (1.2.840.48018.1.2.2) match each other when the context compares OIDs
 * with the peer's, so one krb5 entry serves both.
 */
typedef struct SPNEGO_NEGOTIATE_MECH {
    SPNEGO_OID Oid;                          /**< the mechanism's OID */
    const SPNEGO_MECH_CALLBACKS *pCallbacks; /**< what it does */
    void *pState;                            /**< passed to each callback */
} SPNEGO_NEGOTIATE_MECH;

/* ------------------------------------------------------------------------ */
/* Options (ulFlags of spnegoNegotiateCreate)                               */
/* ------------------------------------------------------------------------ */

/** Send a mechListMIC even where the rules leave it optional (when the
 * inner context has integrity); the peer must then answer with its own.
 * A MIC needs a leg to travel in: an acceptor sends it with its last
 * token; an initiator only while the acceptor has not yet answered
 * accept-completed (after that the exchange is over, and an exchange on
 * the initiator's first choice cannot have been downgraded anyway). */
#define SPNEGO_NEGOTIATE_ALWAYS_MIC 0x01UL
/** Compatibility switch, off by default: treat a mechListMIC that equals
 * the responseToken of the same NegTokenResp as a real MIC that must
 * verify (and so fail). By default such a field is ignored, as MIT, .NET
 * and pyspnego do: Windows 2000 and old WebSphere acceptors copy the
 * response token into mechListMIC. An ignored field never counts as a
 * MIC, so an exchange that requires one still fails without it. */
#define SPNEGO_NEGOTIATE_REFUSE_W2K_MIC 0x02UL
/** Compatibility switch, off by default, initiator only: accept an NTLM
 * acceptor's final accept-completed without a mechListMIC after ours was
 * sent, when NTLMSSP was our first choice (so no downgrade is possible).
 * Pre-Vista Windows NTLM acceptors (2000, XP, 2003) never send one. */
#define SPNEGO_NEGOTIATE_ALLOW_NTLM_NO_MIC 0x04UL
/** Initiator only: when the acceptor spoke first (NegTokenInit2), offer
 * only the mechanisms it listed. Off by default (as MIT): the acceptor's
 * list is an untrusted hint that no MIC covers, so following it weakens
 * downgrade protection. */
#define SPNEGO_NEGOTIATE_FOLLOW_HINTS 0x08UL

/* ------------------------------------------------------------------------ */
/* Context                                                                  */
/* ------------------------------------------------------------------------ */

/**
 * Creates a negotiation context. iRole: SPNEGO_NEGOTIATE_INITIATOR or
 * SPNEGO_NEGOTIATE_ACCEPTOR. pMechs: the mechanisms the caller runs, in
 * its order of preference (1 to SPNEGO_NEGOTIATE_MAX_MECHS, each with a
 * valid OID and the three required callbacks; no OID twice). The
 * initiator offers them in this order; the acceptor picks the first
 * mechanism of the initiator's list that it runs. ulFlags:
 * SPNEGO_NEGOTIATE_* options. Errors: INVALID_PARAMETER, INVALID_OID,
 * OUT_OF_MEMORY.
 */
SPNEGO_EXPORT int spnegoNegotiateCreate(int iRole,
                                        const SPNEGO_NEGOTIATE_MECH *pMechs,
                                        unsigned long ulNumMechs,
                                        unsigned long ulFlags,
                                        SPNEGO_NEGOTIATE_HANDLE *phContext);

/** Most mechanisms one context takes. */
#define SPNEGO_NEGOTIATE_MAX_MECHS 32

/** Initiator: the reqFlags (SPNEGO_NEGINIT_CONTEXT_* bits) to send in the
 * NegTokenInit; 0 (the default) sends none, as MIT and Heimdal do. Call
 * before the first step. Errors: INVALID_PARAMETER. */
SPNEGO_EXPORT int spnegoNegotiateSetReqFlags(SPNEGO_NEGOTIATE_HANDLE hContext,
                                             unsigned char ucContextFlags);

/**
 * Runs one leg. pbIn/ulInLen is the peer's token; NULL/0 on an initiator's
 * first call, or on an acceptor's first call to send a NegTokenInit2 first
 * (server-initiated SPNEGO). *ppbOut and *pulOutLen receive the token to send
 * (NULL/0 for none); it belongs to the context and stays valid until the
 * next call or spnegoNegotiateFree().
 *
 * Returns SPNEGO_NEGOTIATE_CONTINUE, SPNEGO_NEGOTIATE_COMPLETE, or a
 * failure, after which the context is finished (every later step returns
 * INVALID_PARAMETER). A complete initiator also accepts a bare
 * accept-completed (a1 07 30 05 a0 03 0a 01 00, which some acceptors such
 * as Samba send after the initiator's final MIC) and returns COMPLETE
 * again with no output; any other token after completion is
 * INVALID_PARAMETER. On failure an acceptor's output is a reject token
 * (negState reject, with the mechanism's error token when it gave one):
 * send it. Failures:
 *  - NO_COMMON_MECH: the peer offered none of our mechanisms, or none of
 *    ours could start (initiator);
 *  - REJECTED: the peer sent negState reject (see
 *    spnegoNegotiateGetRejectToken());
 *  - MECH_FAILED: the mechanism's step or a hook failed;
 *  - MIC_MISSING: a MIC the rules require did not come, or cannot be made
 *    (no integrity);
 *  - MIC_INVALID: a MIC failed to verify, or came without integrity;
 *  - PROTOCOL: the peer broke the exchange rules (a mechanism it was not
 *    offered, a changed supportedMech, accept-completed too early, a MIC
 *    before the mechanism completed, a second MIC, a token out of place);
 *  - the parse codes of spnegoInitFromBinary(): the peer's token is
 *    malformed;
 *  - INVALID_PARAMETER (bad arguments, or the context is finished),
 *    OUT_OF_MEMORY.
 */
SPNEGO_EXPORT int spnegoNegotiateStep(SPNEGO_NEGOTIATE_HANDLE hContext,
                                      const unsigned char *pbIn,
                                      unsigned long ulInLen,
                                      const unsigned char **ppbOut,
                                      unsigned long *pulOutLen);

/** Releases the context (NULL is accepted). The mechanisms' states are the
 * caller's to release. */
SPNEGO_EXPORT void spnegoNegotiateFree(SPNEGO_NEGOTIATE_HANDLE hContext);

/* ------------------------------------------------------------------------ */
/* Getters                                                                  */
/* ------------------------------------------------------------------------ */

/**
 * The negotiated mechanism: *pulIndex its index in the caller's pMechs,
 * and pOid (optional, may be NULL) the OID as it went on the wire (e.g.
 * the Microsoft Kerberos OID when the initiator listed that one; the
 * bytes stay valid until spnegoNegotiateFree()). ELEMENT_UNAVAILABLE
 * before a mechanism is chosen.
 */
SPNEGO_EXPORT int spnegoNegotiateGetMech(SPNEGO_NEGOTIATE_HANDLE hContext,
                                         unsigned long *pulIndex,
                                         SPNEGO_OID *pOid);

/** MIC state bits of spnegoNegotiateGetMicState(). */
#define SPNEGO_NEGOTIATE_MIC_REQUIRED 0x01UL /**< the rules require the exchange */
#define SPNEGO_NEGOTIATE_MIC_SENT 0x02UL     /**< ours was made and sent */
#define SPNEGO_NEGOTIATE_MIC_VERIFIED 0x04UL /**< the peer's verified */

/** *pulMicState = SPNEGO_NEGOTIATE_MIC_* bits: whether MICs were
 * exchanged. */
SPNEGO_EXPORT int spnegoNegotiateGetMicState(SPNEGO_NEGOTIATE_HANDLE hContext,
                                             unsigned long *pulMicState);

/** Initiator: how many mechanisms went into the NegTokenInit (those whose
 * first step failed are left out), and the index in pMechs of each, in
 * offer order. ELEMENT_UNAVAILABLE before the offer; NOT_FOUND for an
 * index past the count. */
SPNEGO_EXPORT int spnegoNegotiateGetOfferedCount(SPNEGO_NEGOTIATE_HANDLE hContext,
                                                 unsigned long *pulCount);
/** See spnegoNegotiateGetOfferedCount(). */
SPNEGO_EXPORT int spnegoNegotiateGetOffered(SPNEGO_NEGOTIATE_HANDLE hContext,
                                            unsigned long ulPosition,
                                            unsigned long *pulIndex);

/** Initiator: the hintName of the acceptor's NegTokenInit2, if it sent one
 * (untrusted text, not NUL-terminated; valid until the next step).
 * ELEMENT_UNAVAILABLE otherwise. */
SPNEGO_EXPORT int spnegoNegotiateGetPeerHintName(SPNEGO_NEGOTIATE_HANDLE hContext,
                                                 const unsigned char **ppbName,
                                                 unsigned long *pulNameLen);

/** After REJECTED: the mechanism error token the peer's reject carried
 * (e.g. a KRB-ERROR; valid until spnegoNegotiateFree()).
 * ELEMENT_UNAVAILABLE when there is none. */
SPNEGO_EXPORT int spnegoNegotiateGetRejectToken(SPNEGO_NEGOTIATE_HANDLE hContext,
                                                const unsigned char **ppbToken,
                                                unsigned long *pulTokenLen);

#ifdef __cplusplus
}
#endif

#endif /* SPNEGO_NEGOTIATE_H */
