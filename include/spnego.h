/**
 * @file spnego.h
 * spnego.h - libspnego public API.
 *
 * Parses and builds SPNEGO tokens (RFC 4178, RFC 2478, Microsoft MS-SPNG).
 * The first part keeps the 2002 Microsoft "SPNEGO Token Handler API"
 * (spnegohelp) name for name; the second part adds what real peers need.
 *
 * Conventions (they hold for every function unless its comment says else):
 *  - Every function returns an int status: SPNEGO_E_SUCCESS (0) or a
 *    negative SPNEGO_E_* code. spnegoErrorString() names each code.
 *  - Input buffers are never modified and never kept, except by a handle
 *    parsed with SPNEGO_PARSE_NOCOPY, which references the caller's buffer.
 *  - Copy-out getters: on entry *pulDataLen is the capacity of the output
 *    buffer. If the buffer is NULL or too small, the getter returns
 *    SPNEGO_E_BUFFER_TOO_SMALL, stores the size needed in *pulDataLen and
 *    writes nothing. On success *pulDataLen is the number of bytes written.
 *    A present element of length 0 succeeds with *pulDataLen 0 whatever
 *    the buffer (even NULL).
 *  - An element the token does not carry gives SPNEGO_E_ELEMENT_UNAVAILABLE.
 *  - Constructors set *phSpnegoToken to NULL first and hand over a handle
 *    only on success. Release it with spnegoFreeData(), which accepts NULL.
 *  - OIDs are DER content bytes (without the 06 tag and length), exactly as
 *    in a GSS-API gss_OID_desc.
 *  - Handles are not shared between threads without external locking; the
 *    library itself has no global state, so distinct handles are independent.
 *
 * This header compiles as C89, C99 and C++.
 */
#ifndef SPNEGO_H
#define SPNEGO_H

#ifdef __cplusplus
extern "C" {
#endif

/* Single source of the version: CMake reads these three lines. */
#define SPNEGO_VERSION_MAJOR 1 /**< incompatible API/ABI changes */
#define SPNEGO_VERSION_MINOR 0 /**< compatible additions */
#define SPNEGO_VERSION_PATCH 0 /**< fixes */
#define SPNEGO_VERSION_STRING "1.0.0" /**< "MAJOR.MINOR.PATCH" */
/** 0xMMmmpp: comparable with < and >. */
#define SPNEGO_VERSION_NUMBER                                          \
    ((SPNEGO_VERSION_MAJOR << 16) | (SPNEGO_VERSION_MINOR << 8) |       \
     SPNEGO_VERSION_PATCH)

/*
 * SPNEGO_EXPORT marks the public functions. A shared build defines
 * SPNEGO_BUILDING_SHARED while compiling the library; static and vendored
 * builds (plain cc -c of the src/ files) leave it empty.
 */
#ifndef SPNEGO_EXPORT
#if defined(SPNEGO_BUILDING_SHARED) && defined(_WIN32)
/* First: mingw is GCC too, and a DLL with no dllexport exports every
 * global symbol, the library's internals included. */
#define SPNEGO_EXPORT __declspec(dllexport)
#elif defined(SPNEGO_BUILDING_SHARED) && (defined(__GNUC__) || defined(__clang__))
#define SPNEGO_EXPORT __attribute__((visibility("default")))
#else
#define SPNEGO_EXPORT
#endif
#endif

/* ------------------------------------------------------------------------ */
/* 2002 API: types and constants (values are part of the ABI)               */
/* ------------------------------------------------------------------------ */

/** Opaque token handle. 2002 declared it void *; an opaque struct pointer is
 * source compatible for callers that use this typedef and lets the
 * compiler catch mix-ups (code that stored handles in a plain void * needs
 * the typedef). */
typedef struct SpnegoToken *SPNEGO_TOKEN_HANDLE;

/** Token types returned by spnegoGetTokenType(). */
#define SPNEGO_TOKEN_INIT 0 /**< NegTokenInit or NegTokenInit2 */
#define SPNEGO_TOKEN_TARG 1 /**< NegTokenResp (2002: NegTokenTarg) */

/* Status codes. 0 to -13 are the 2002 codes; -14 and below are new. */
#define SPNEGO_E_SUCCESS 0 /**< success */
#define SPNEGO_E_INVALID_TOKEN -1 /**< not a SPNEGO token at all */
#define SPNEGO_E_INVALID_LENGTH -2 /**< bad/truncated/overlong DER length */
#define SPNEGO_E_PARSE_FAILED -3 /**< internal: size and write passes disagreed */
#define SPNEGO_E_NOT_FOUND -4 /**< mechanism not in the mech list */
#define SPNEGO_E_ELEMENT_UNAVAILABLE -5 /**< token does not carry the element */
#define SPNEGO_E_OUT_OF_MEMORY -6 /**< the handle could not be allocated */
#define SPNEGO_E_NOT_IMPLEMENTED -7 /**< kept for 2002 compatibility; never returned */
#define SPNEGO_E_INVALID_PARAMETER -8 /**< bad argument from the caller */
#define SPNEGO_E_UNEXPECTED_OID -9 /**< framing OID is not SPNEGO */
#define SPNEGO_E_TOKEN_NOT_FOUND -10 /**< framing without NegotiationToken */
#define SPNEGO_E_UNEXPECTED_TYPE -11 /**< wrong ASN.1 tag for an element */
#define SPNEGO_E_BUFFER_TOO_SMALL -12 /**< copy-out: see *pulDataLen */
#define SPNEGO_E_INVALID_ELEMENT -13 /**< element value out of its range */
#define SPNEGO_E_TRAILING_DATA -14 /**< bytes left over inside a TLV */
#define SPNEGO_E_INVALID_OID -15 /**< malformed OID encoding */
#define SPNEGO_E_ELEMENT_ORDER -16 /**< duplicate or out-of-order field */
#define SPNEGO_E_NOT_DER -17 /**< valid BER, not DER (refused) */
#define SPNEGO_E_MISSING_ELEMENT -18 /**< a required element is absent */
#define SPNEGO_E_OID_TOO_LARGE -19 /**< OID arc too wide for dotted form */
#define SPNEGO_E_INVALID_BASE64 -20 /**< bad base64 character or padding */
#define SPNEGO_E_INVALID_HEADER -21 /**< not a Negotiate header value */
#define SPNEGO_E_TOO_LARGE -22 /**< input over a documented limit */
/* Negotiation (spnego_negotiate.h) failures. */
#define SPNEGO_E_NO_COMMON_MECH -23 /**< no mechanism both sides run */
#define SPNEGO_E_REJECTED -24 /**< the peer sent negState reject */
#define SPNEGO_E_MECH_FAILED -25 /**< the inner mechanism failed */
#define SPNEGO_E_MIC_MISSING -26 /**< a required mechListMIC is missing */
#define SPNEGO_E_MIC_INVALID -27 /**< a mechListMIC did not verify */
#define SPNEGO_E_PROTOCOL -28 /**< the peer broke the exchange rules */

/** Mechanism OIDs known by name. 0..2 are the 2002 values. */
typedef enum spnego_mech_oid {
    spnego_mech_oid_Kerberos_V5_Legacy = 0, /**< 1.2.840.48018.1.2.2 */
    spnego_mech_oid_Kerberos_V5 = 1, /**< 1.2.840.113554.1.2.2 */
    spnego_mech_oid_Spnego = 2, /**< 1.3.6.1.5.5.2 */
    spnego_mech_oid_NTLMSSP = 3, /**< 1.3.6.1.4.1.311.2.2.10 */
    spnego_mech_oid_NegoEx = 4, /**< 1.3.6.1.4.1.311.2.2.30 */
    spnego_mech_oid_IAKERB = 5, /**< 1.3.6.1.5.2.5 */
    spnego_mech_oid_Kerberos_V5_U2U = 6, /**< 1.2.840.113554.1.2.2.3 */
    spnego_mech_oid_Unknown = 7, /**< any other OID */
    spnego_mech_oid_NotUsed = -1
} SPNEGO_MECH_OID;

/** negState values (RFC 4178 NegState). */
typedef enum spnego_negResult {
    spnego_negresult_success = 0, /**< accept-completed */
    spnego_negresult_incomplete = 1, /**< accept-incomplete */
    spnego_negresult_rejected = 2, /**< reject */
    spnego_negresult_request_mic = 3, /**< request-mic */
    spnego_negresult_NotUsed = -1
} SPNEGO_NEGRESULT;

/** reqFlags (ContextFlags) as the first octet of the BIT STRING: bit n of
 * the ASN.1 type is mask 0x80 >> n. These are NOT the GSS-API values; see
 * spnegoFlagsToGss(). */
#define SPNEGO_NEGINIT_CONTEXT_DELEG_FLAG 0x80 /**< delegFlag (bit 0) */
#define SPNEGO_NEGINIT_CONTEXT_MUTUAL_FLAG 0x40 /**< mutualFlag (bit 1) */
#define SPNEGO_NEGINIT_CONTEXT_REPLAY_FLAG 0x20 /**< replayFlag (bit 2) */
#define SPNEGO_NEGINIT_CONTEXT_SEQUENCE_FLAG 0x10 /**< sequenceFlag (bit 3) */
#define SPNEGO_NEGINIT_CONTEXT_ANON_FLAG 0x08 /**< anonFlag (bit 4) */
#define SPNEGO_NEGINIT_CONTEXT_CONF_FLAG 0x04 /**< confFlag (bit 5) */
#define SPNEGO_NEGINIT_CONTEXT_INTEG_FLAG 0x02 /**< integFlag (bit 6) */
#define SPNEGO_NEGINIT_CONTEXT_MASK 0xFE /**< every named flag */

/* ------------------------------------------------------------------------ */
/* 2002 API: functions                                                      */
/* ------------------------------------------------------------------------ */

/**
 * Parses a SPNEGO token (a framed NegTokenInit/NegTokenInit2 or a bare
 * NegTokenResp, plus the tolerated forms listed at SPNEGO_WARN_*) and
 * returns a handle holding a private copy of its bytes. Same as
 * spnegoInitFromBinaryEx(pbTokenData, ulLength, 0, phSpnegoToken).
 * Errors: INVALID_PARAMETER (NULL pointers), OUT_OF_MEMORY, and for a bad
 * token the code naming the rule it breaks (INVALID_TOKEN, INVALID_LENGTH,
 * UNEXPECTED_OID, TOKEN_NOT_FOUND, UNEXPECTED_TYPE, INVALID_ELEMENT,
 * TRAILING_DATA, INVALID_OID, ELEMENT_ORDER, NOT_DER, MISSING_ELEMENT).
 */
SPNEGO_EXPORT int spnegoInitFromBinary(const unsigned char *pbTokenData,
                                       unsigned long ulLength,
                                       SPNEGO_TOKEN_HANDLE *phSpnegoToken);

/**
 * Builds a framed NegTokenInit offering the one mechanism MechType.
 * ucContextFlags: 0 omits reqFlags; otherwise SPNEGO_NEGINIT_CONTEXT_*
 * bits (0x01 is not a flag: INVALID_PARAMETER). pbMechToken and
 * pbMechListMIC may be NULL (with length 0) to omit the element; a
 * non-NULL pointer with length 0 or a NULL pointer with a length is
 * INVALID_PARAMETER. MechType must be a named mechanism (not NotUsed or
 * Unknown).
 */
SPNEGO_EXPORT int spnegoCreateNegTokenInit(SPNEGO_MECH_OID MechType,
                                           unsigned char ucContextFlags,
                                           const unsigned char *pbMechToken,
                                           unsigned long ulMechTokenLen,
                                           const unsigned char *pbMechListMIC,
                                           unsigned long ulMechListMICLen,
                                           SPNEGO_TOKEN_HANDLE *phSpnegoToken);

/**
 * Builds a bare NegTokenResp. MechType spnego_mech_oid_NotUsed omits
 * supportedMech (allowed for every negResult: replies after the first omit
 * it, RFC 4178 4.2.2); spnego_negresult_NotUsed omits negState. Buffer
 * rules as for spnegoCreateNegTokenInit(). A token with no field at all,
 * or with supportedMech but no negState (only a first reply names the
 * mech, and it must carry negState), is INVALID_PARAMETER.
 */
SPNEGO_EXPORT int spnegoCreateNegTokenTarg(SPNEGO_MECH_OID MechType,
                                           SPNEGO_NEGRESULT spnegoNegResult,
                                           const unsigned char *pbMechToken,
                                           unsigned long ulMechTokenLen,
                                           const unsigned char *pbMechListMIC,
                                           unsigned long ulMechListMICLen,
                                           SPNEGO_TOKEN_HANDLE *phSpnegoToken);

/** Copies out the token's bytes (without any trailing bytes the parsed input
 * had after the token). */
SPNEGO_EXPORT int spnegoTokenGetBinary(SPNEGO_TOKEN_HANDLE hSpnegoToken,
                                       unsigned char *pbTokenData,
                                       unsigned long *pulDataLen);

/** Releases a handle. NULL is a no-op. */
SPNEGO_EXPORT void spnegoFreeData(SPNEGO_TOKEN_HANDLE hSpnegoToken);

/** SPNEGO_TOKEN_INIT (NegTokenInit or NegTokenInit2) or SPNEGO_TOKEN_TARG. */
SPNEGO_EXPORT int spnegoGetTokenType(SPNEGO_TOKEN_HANDLE hSpnegoToken,
                                     int *piTokenType);

/**
 * Looks for a named mechanism in mechTypes; on success *piMechTypeIndex is
 * its 0-based position. NOT_FOUND if absent; ELEMENT_UNAVAILABLE when the
 * token has no mechTypes; INVALID_PARAMETER for NotUsed/Unknown.
 */
SPNEGO_EXPORT int spnegoIsMechTypeAvailable(SPNEGO_TOKEN_HANDLE hSpnegoToken,
                                            SPNEGO_MECH_OID MechOID,
                                            int *piMechTypeIndex);

/** reqFlags: the first octet of the BIT STRING (0 when the BIT STRING has no
 * octets). */
SPNEGO_EXPORT int spnegoGetContextFlags(SPNEGO_TOKEN_HANDLE hSpnegoToken,
                                        unsigned char *pucContextFlags);

/** negState of a NegTokenResp. */
SPNEGO_EXPORT int spnegoGetNegotiationResult(SPNEGO_TOKEN_HANDLE hSpnegoToken,
                                             SPNEGO_NEGRESULT *pnegResult);

/** supportedMech of a NegTokenResp as a named mechanism;
 * spnego_mech_oid_Unknown for any other OID (read it with
 * spnegoGetSupportedMechOID()). */
SPNEGO_EXPORT int spnegoGetSupportedMechType(SPNEGO_TOKEN_HANDLE hSpnegoToken,
                                             SPNEGO_MECH_OID *pMechOID);

/** Copies out mechToken (NegTokenInit) or responseToken (NegTokenResp). */
SPNEGO_EXPORT int spnegoGetMechToken(SPNEGO_TOKEN_HANDLE hSpnegoToken,
                                     unsigned char *pbTokenData,
                                     unsigned long *pulDataLen);

/** Copies out mechListMIC (NegTokenInit [3], NegTokenInit2 [4],
 * NegTokenResp [3]). */
SPNEGO_EXPORT int spnegoGetMechListMIC(SPNEGO_TOKEN_HANDLE hSpnegoToken,
                                       unsigned char *pbMICData,
                                       unsigned long *pulDataLen);

/* ------------------------------------------------------------------------ */
/* Extensions                                                               */
/* ------------------------------------------------------------------------ */

/** An OID as DER content bytes; layout-compatible in spirit with
 * gss_OID_desc (copy the two fields across). */
typedef struct spnego_oid {
    const unsigned char *pbOid; /**< DER content bytes */
    unsigned long ulOidLen;     /**< their number */
} SPNEGO_OID;

/* Flags of spnegoInitFromBinaryEx(). */
/** The handle references pbTokenData instead of copying it: the buffer must
 * stay unchanged and alive until spnegoFreeData(). One allocation, for the
 * handle alone. */
#define SPNEGO_PARSE_NOCOPY 0x01UL
/** Strict DER and RFC 4178 only: every SPNEGO_WARN_* condition is refused
 * with its own error code instead of tolerated. Rules on one element are
 * judged as it is read; rules across elements (missing negState or
 * mechTypes, MIC equal to the token, unframed NegTokenInit) after all
 * elements are read, so a later single-element error is reported first. */
#define SPNEGO_PARSE_STRICT 0x02UL

/*
 * Deviations that default parsing tolerates, reported by
 * spnegoGetParseWarnings(). Under SPNEGO_PARSE_STRICT each is an error
 * (the code in brackets).
 */
/** a DER length in long form or with leading zero octets: 81 14, 82 00 14
 * [NOT_DER] */
#define SPNEGO_WARN_NONMINIMAL_LENGTH 0x0001UL
/** bytes after the complete outer token; GetBinary omits them
 * [TRAILING_DATA] */
#define SPNEGO_WARN_TRAILING_BYTES 0x0002UL
/** reqFlags BIT STRING whose unused-bits count is not minimal, e.g. the
 * 03 02 01 40 that MIT, Java and 2002 code emit [NOT_DER] */
#define SPNEGO_WARN_REQFLAGS_NOT_DER 0x0004UL
/** reqFlags present but carrying no named flag, or bits past the seven
 * named ones (they are ignored) [INVALID_ELEMENT] */
#define SPNEGO_WARN_REQFLAGS_UNUSUAL 0x0008UL
/** a NegTokenInit without the RFC 2743 [APPLICATION 0] framing (gokrb5
 * data, Java continuations) [INVALID_TOKEN] */
#define SPNEGO_WARN_UNFRAMED_INIT 0x0010UL
/** a NegTokenResp inside [APPLICATION 0] framing (old Sun SPNEGO)
 * [INVALID_TOKEN] */
#define SPNEGO_WARN_FRAMED_RESP 0x0020UL
/** an unknown extension field after the known ones was skipped
 * [UNEXPECTED_TYPE] */
#define SPNEGO_WARN_UNKNOWN_FIELD 0x0040UL
/** a NegTokenInit without mechTypes (MS-SPNG makes it OPTIONAL in a
 * NegTokenInit2, but no peer omits it and a server can do nothing with
 * such a token) [MISSING_ELEMENT] */
#define SPNEGO_WARN_MISSING_MECHTYPES 0x0080UL
/** a NegTokenResp with no field at all [MISSING_ELEMENT] */
#define SPNEGO_WARN_EMPTY_RESP 0x0100UL
/** a NegTokenResp naming supportedMech (so a first reply) without negState
 * [MISSING_ELEMENT] */
#define SPNEGO_WARN_MISSING_NEGSTATE 0x0200UL
/** mechToken/responseToken present with zero length [INVALID_ELEMENT] */
#define SPNEGO_WARN_EMPTY_MECH_TOKEN 0x0400UL
/** mechListMIC byte-equal to the mech token (Windows 2000 / WebSphere bug):
 * it is no MIC, do not verify it [INVALID_ELEMENT] */
#define SPNEGO_WARN_MIC_IS_MECH_TOKEN 0x0800UL
/** mechListMIC present with zero length: no MIC at all [INVALID_ELEMENT] */
#define SPNEGO_WARN_EMPTY_MIC 0x1000UL
/** hintName holds a 00 byte: it cannot be passed on as a C string (the
 * copy-out getters still return every byte) [INVALID_ELEMENT] */
#define SPNEGO_WARN_HINT_NAME_NUL 0x2000UL

/* Flags of the Ex builders. */
/** Emit reqFlags as minimal DER (03 02 06 40 for mutual) instead of the
 * 03 02 01 xx form, which is the only one MIT krb5 accepts. */
#define SPNEGO_BUILD_DER_REQFLAGS 0x01UL
/** spnegoCreateNegTokenInit2(): a NULL hint name is omitted instead of
 * replaced by SPNEGO_HINT_NAME_IGNORE (with no address either, negHints is
 * an empty SEQUENCE, a3 02 30 00). */
#define SPNEGO_BUILD_NO_HINT_SENTINEL 0x02UL
/** spnegoCreateNegTokenInit2(): send no negHints [3] at all (hint name and
 * address must be NULL); a mechListMIC still goes to [4]. */
#define SPNEGO_BUILD_OMIT_NEG_HINTS 0x04UL
/** Write reqFlags even when no flag is set: 03 02 01 00, as Java sends
 * (03 01 00 with SPNEGO_BUILD_DER_REQFLAGS); without it a zero
 * ucContextFlags omits the field. */
#define SPNEGO_BUILD_ZERO_REQFLAGS 0x08UL

/** The hint name MS-SPNG peers send when they have none to give. */
#define SPNEGO_HINT_NAME_IGNORE "not_defined_in_RFC4178@please_ignore"

/**
 * Parses like spnegoInitFromBinary() with SPNEGO_PARSE_* flags. Unknown
 * flag bits are INVALID_PARAMETER.
 */
SPNEGO_EXPORT int spnegoInitFromBinaryEx(const unsigned char *pbTokenData,
                                         unsigned long ulLength,
                                         unsigned long ulFlags,
                                         SPNEGO_TOKEN_HANDLE *phSpnegoToken);

/**
 * Checks a token without allocating anything: the same rules and results
 * as spnegoInitFromBinaryEx(). The optional outputs are always written:
 * the warnings seen and, on a token error, the byte offset from
 * pbTokenData of the element where parsing stopped (0 otherwise).
 */
SPNEGO_EXPORT int spnegoValidateToken(const unsigned char *pbTokenData,
                                      unsigned long ulLength,
                                      unsigned long ulFlags,
                                      unsigned long *pulWarnings,
                                      unsigned long *pulErrorOffset);

/** SPNEGO_WARN_* bits seen while parsing (0 for built tokens). */
SPNEGO_EXPORT int spnegoGetParseWarnings(SPNEGO_TOKEN_HANDLE hSpnegoToken,
                                         unsigned long *pulWarnings);

/** Number of OIDs in mechTypes. */
SPNEGO_EXPORT int spnegoGetMechTypeCount(SPNEGO_TOKEN_HANDLE hSpnegoToken,
                                         unsigned long *pulCount);

/** Copies out the OID content bytes at ulIndex (0-based) of mechTypes;
 * NOT_FOUND past the end. The handle remembers where the last read ended,
 * so reading in ascending index order (a loop from 0) is linear in the
 * list size; a lower index than the last restarts from the list head. */
SPNEGO_EXPORT int spnegoGetMechTypeOID(SPNEGO_TOKEN_HANDLE hSpnegoToken,
                                       unsigned long ulIndex,
                                       unsigned char *pbOid,
                                       unsigned long *pulOidLen);

/** Points pOid at the OID content bytes at ulIndex inside the handle (valid
 * until spnegoFreeData()). */
SPNEGO_EXPORT int spnegoGetMechTypeOIDPtr(SPNEGO_TOKEN_HANDLE hSpnegoToken,
                                          unsigned long ulIndex,
                                          SPNEGO_OID *pOid);

/** Copies out the exact MechTypeList bytes received (30 L 06 ...), the input
 * of the RFC 4178 mechListMIC. Never re-encoded. */
SPNEGO_EXPORT int spnegoGetMechListBytes(SPNEGO_TOKEN_HANDLE hSpnegoToken,
                                         unsigned char *pbData,
                                         unsigned long *pulDataLen);

/** Pointer form of spnegoGetMechListBytes(). */
SPNEGO_EXPORT int spnegoGetMechListBytesPtr(SPNEGO_TOKEN_HANDLE hSpnegoToken,
                                            const unsigned char **ppbData,
                                            unsigned long *pulDataLen);

/** supportedMech as OID bytes inside the handle. */
SPNEGO_EXPORT int spnegoGetSupportedMechOID(SPNEGO_TOKEN_HANDLE hSpnegoToken,
                                            SPNEGO_OID *pOid);

/** Pointer getters: *ppbData points inside the handle (or the caller's
 * buffer for NOCOPY handles) and is valid until spnegoFreeData(). */
SPNEGO_EXPORT int spnegoGetMechTokenPtr(SPNEGO_TOKEN_HANDLE hSpnegoToken,
                                        const unsigned char **ppbData,
                                        unsigned long *pulDataLen);
/** Pointer form of spnegoGetMechListMIC(). */
SPNEGO_EXPORT int spnegoGetMechListMICPtr(SPNEGO_TOKEN_HANDLE hSpnegoToken,
                                          const unsigned char **ppbData,
                                          unsigned long *pulDataLen);
/** Pointer form of spnegoTokenGetBinary(). */
SPNEGO_EXPORT int spnegoTokenGetBinaryPtr(SPNEGO_TOKEN_HANDLE hSpnegoToken,
                                          const unsigned char **ppbData,
                                          unsigned long *pulDataLen);

/**
 * Builds a framed NegTokenInit offering ulNumMechs OIDs in the given order
 * (at least one; each a valid OID encoding, else INVALID_OID). ulFlags:
 * SPNEGO_BUILD_DER_REQFLAGS or 0. Other arguments as for
 * spnegoCreateNegTokenInit().
 */
SPNEGO_EXPORT int spnegoCreateNegTokenInitEx(const SPNEGO_OID *pMechTypes,
                                             unsigned long ulNumMechs,
                                             unsigned char ucContextFlags,
                                             const unsigned char *pbMechToken,
                                             unsigned long ulMechTokenLen,
                                             const unsigned char *pbMechListMIC,
                                             unsigned long ulMechListMICLen,
                                             unsigned long ulFlags,
                                             SPNEGO_TOKEN_HANDLE *phSpnegoToken);

/**
 * Builds a bare NegTokenResp. pSupportedMech NULL omits supportedMech;
 * spnego_negresult_NotUsed omits negState. Errors: INVALID_PARAMETER (no
 * field at all, negResult out of range, supportedMech without negState, a
 * pointer/length mismatch, a mechListMIC equal to the mech token),
 * INVALID_OID (malformed supportedMech), INVALID_LENGTH (a length that
 * does not fit a DER token), OUT_OF_MEMORY.
 */
SPNEGO_EXPORT int spnegoCreateNegTokenTargEx(const SPNEGO_OID *pSupportedMech,
                                             SPNEGO_NEGRESULT spnegoNegResult,
                                             const unsigned char *pbMechToken,
                                             unsigned long ulMechTokenLen,
                                             const unsigned char *pbMechListMIC,
                                             unsigned long ulMechListMICLen,
                                             SPNEGO_TOKEN_HANDLE *phSpnegoToken);

/**
 * Builds a framed MS-SPNG NegTokenInit2: mechTypes, reqFlags, mechToken,
 * negHints [3] { hintName, hintAddress }, mechListMIC [4]. szHintName NULL
 * sends SPNEGO_HINT_NAME_IGNORE (unless SPNEGO_BUILD_NO_HINT_SENTINEL);
 * "" sends an empty GeneralString. pbHintAddress NULL omits hintAddress; a
 * zero length with a pointer is INVALID_PARAMETER. ulFlags:
 * SPNEGO_BUILD_DER_REQFLAGS, SPNEGO_BUILD_NO_HINT_SENTINEL,
 * SPNEGO_BUILD_OMIT_NEG_HINTS (INVALID_PARAMETER with a hint argument, or
 * without a mechListMIC: the token would be a plain NegTokenInit, which
 * spnegoCreateNegTokenInitEx() builds).
 */
SPNEGO_EXPORT int spnegoCreateNegTokenInit2(const SPNEGO_OID *pMechTypes,
                                            unsigned long ulNumMechs,
                                            unsigned char ucContextFlags,
                                            const unsigned char *pbMechToken,
                                            unsigned long ulMechTokenLen,
                                            const char *szHintName,
                                            const unsigned char *pbHintAddress,
                                            unsigned long ulHintAddressLen,
                                            const unsigned char *pbMechListMIC,
                                            unsigned long ulMechListMICLen,
                                            unsigned long ulFlags,
                                            SPNEGO_TOKEN_HANDLE *phSpnegoToken);

/** *piIsInit2 = 1 for a NegTokenInit2 (negHints or a [4] mechListMIC),
 * 0 otherwise. */
SPNEGO_EXPORT int spnegoIsNegTokenInit2(SPNEGO_TOKEN_HANDLE hSpnegoToken,
                                        int *piIsInit2);

/** Copies out negHints.hintName (GeneralString bytes, no NUL added). Treat
 * it as untrusted text. */
SPNEGO_EXPORT int spnegoGetNegHintName(SPNEGO_TOKEN_HANDLE hSpnegoToken,
                                       unsigned char *pbName,
                                       unsigned long *pulNameLen);

/** Copies out negHints.hintAddress. */
SPNEGO_EXPORT int spnegoGetNegHintAddress(SPNEGO_TOKEN_HANDLE hSpnegoToken,
                                          unsigned char *pbAddress,
                                          unsigned long *pulAddressLen);

/** Pointer form of spnegoGetNegHintName(). */
SPNEGO_EXPORT int spnegoGetNegHintNamePtr(SPNEGO_TOKEN_HANDLE hSpnegoToken,
                                          const unsigned char **ppbName,
                                          unsigned long *pulNameLen);
/** Pointer form of spnegoGetNegHintAddress(). */
SPNEGO_EXPORT int spnegoGetNegHintAddressPtr(SPNEGO_TOKEN_HANDLE hSpnegoToken,
                                             const unsigned char **ppbAddress,
                                             unsigned long *pulAddressLen);

/**
 * Element identifiers for spnegoGetElementSpan(). MECH_TOKEN is mechToken
 * in a NegTokenInit and responseToken in a NegTokenResp.
 */
#define SPNEGO_ELEMENT_MECH_TYPES 0 /**< NegTokenInit [0] mechTypes */
#define SPNEGO_ELEMENT_REQ_FLAGS 1 /**< NegTokenInit [1] reqFlags */
#define SPNEGO_ELEMENT_MECH_TOKEN 2 /**< [2] mechToken / responseToken */
#define SPNEGO_ELEMENT_MECH_LIST_MIC 3 /**< [3] (Init2: [4]) mechListMIC */
#define SPNEGO_ELEMENT_NEG_HINTS 4 /**< NegTokenInit2 [3] negHints */
#define SPNEGO_ELEMENT_HINT_NAME 5 /**< negHints [0] hintName */
#define SPNEGO_ELEMENT_HINT_ADDRESS 6 /**< negHints [1] hintAddress */
#define SPNEGO_ELEMENT_NEG_STATE 7 /**< NegTokenResp [0] negState */
#define SPNEGO_ELEMENT_SUPPORTED_MECH 8 /**< NegTokenResp [1] supportedMech */
#define SPNEGO_ELEMENT_COUNT 9 /**< number of element identifiers */

/**
 * Where an element sits in the token returned by spnegoTokenGetBinaryPtr():
 * *pulOffset and *pulLen cover its whole explicit [n] TLV, header included.
 * For diagnostics (the spnego dump tool); ELEMENT_UNAVAILABLE if absent.
 */
SPNEGO_EXPORT int spnegoGetElementSpan(SPNEGO_TOKEN_HANDLE hSpnegoToken,
                                       int nElement, unsigned long *pulOffset,
                                       unsigned long *pulLen);

/** Points pOid at the static OID of a named mechanism. INVALID_PARAMETER
 * for NotUsed, Unknown or out-of-range values. */
SPNEGO_EXPORT int spnegoMechOidGet(SPNEGO_MECH_OID MechType, SPNEGO_OID *pOid);

/** The named mechanism with exactly these OID bytes, or
 * spnego_mech_oid_Unknown. */
SPNEGO_EXPORT SPNEGO_MECH_OID spnegoMechOidLookup(const SPNEGO_OID *pOid);

/**
 * Writes the dotted form ("1.2.840.113554.1.2.2") of an OID, NUL
 * terminated. Copy-out protocol, the size counting the NUL. INVALID_OID for
 * a malformed encoding; OID_TOO_LARGE for an arc wider than 64 bits (the
 * OID itself is valid: compare such OIDs by bytes); TOO_LARGE when the
 * text with its NUL would not fit a size_t or an unsigned long (an OID of
 * 1 GiB or more where either is 32 bits), before anything is written.
 */
SPNEGO_EXPORT int spnegoOidToString(const SPNEGO_OID *pOid, char *szOut,
                                    unsigned long *pulOutLen);

/**
 * Encodes a dotted OID to DER content bytes (copy-out). INVALID_OID for
 * syntax errors (empty, leading zeros, first arc > 2, second arc > 39 under
 * arcs 0 and 1, fewer than two arcs); OID_TOO_LARGE for an arc over 64 bits
 * (and under arc 2 for a second arc over 2^64 - 81, since X * 40 + Y is
 * one 64-bit subidentifier).
 */
SPNEGO_EXPORT int spnegoOidFromString(const char *szDotted,
                                      unsigned char *pbOid,
                                      unsigned long *pulOidLen);

/** A static, never NULL, English description of a status code. */
SPNEGO_EXPORT const char *spnegoErrorString(int nError);

/** Converts reqFlags (SPNEGO_NEGINIT_CONTEXT_*) to GSS-API req_flags
 * (GSS_C_DELEG_FLAG 1, MUTUAL 2, REPLAY 4, SEQUENCE 8, CONF 16, INTEG 32,
 * ANON 64) and back; bits without a counterpart are dropped. */
SPNEGO_EXPORT unsigned long spnegoFlagsToGss(unsigned char ucContextFlags);
/** GSS-API req_flags to reqFlags; see spnegoFlagsToGss(). */
SPNEGO_EXPORT unsigned char spnegoFlagsFromGss(unsigned long ulGssFlags);

/** What a blob in a Negotiate exchange is (spnegoIdentifyToken). */
#define SPNEGO_IDENTIFY_UNKNOWN 0
#define SPNEGO_IDENTIFY_SPNEGO_INIT 1 /**< 60..06 06 2b0601050502 a0, or first byte a0 */
#define SPNEGO_IDENTIFY_SPNEGO_RESP 2 /**< first byte a1 (or framed a1) */
#define SPNEGO_IDENTIFY_NTLMSSP 3 /**< raw "NTLMSSP\0" message */
#define SPNEGO_IDENTIFY_KERBEROS 4 /**< 60..06 (krb5 OID), RFC 1964 token; or a bare AP-REQ (6e), AP-REP (6f), KRB-ERROR (7e) */

/**
 * Classifies a blob by its first bytes only (it does not validate the
 * whole token: parse it for that). Old clients send raw NTLMSSP or raw
 * Kerberos in a Negotiate header.
 */
SPNEGO_EXPORT int spnegoIdentifyToken(const unsigned char *pbData,
                                      unsigned long ulDataLen, int *piKind);

/** The library's version string, e.g. "1.0.0" (may differ from the header
 * the caller was compiled with). */
SPNEGO_EXPORT const char *spnegoGetVersion(void);

#ifdef __cplusplus
}
#endif

#endif /* SPNEGO_H */
