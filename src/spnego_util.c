/*
 * spnego_util.c - L2: status strings, GSS flag conversion and version.
 *
 * Small pure functions of the public API that touch no token.
 */
#include "spnego.h"

#include <stddef.h>

const char *spnegoErrorString(int nError)
{
    switch (nError) {
    case SPNEGO_E_SUCCESS: return "success";
    case SPNEGO_E_INVALID_TOKEN: return "not a SPNEGO token";
    case SPNEGO_E_INVALID_LENGTH: return "invalid, truncated or overlong DER length";
    case SPNEGO_E_PARSE_FAILED: return "internal error: token could not be written";
    case SPNEGO_E_NOT_FOUND: return "mechanism or index not found";
    case SPNEGO_E_ELEMENT_UNAVAILABLE: return "element not present in the token";
    case SPNEGO_E_OUT_OF_MEMORY: return "out of memory";
    case SPNEGO_E_NOT_IMPLEMENTED: return "not implemented";
    case SPNEGO_E_INVALID_PARAMETER: return "invalid parameter";
    case SPNEGO_E_UNEXPECTED_OID: return "framing OID is not SPNEGO (1.3.6.1.5.5.2)";
    case SPNEGO_E_TOKEN_NOT_FOUND: return "framing holds no NegotiationToken";
    case SPNEGO_E_UNEXPECTED_TYPE: return "unexpected ASN.1 tag";
    case SPNEGO_E_BUFFER_TOO_SMALL: return "output buffer too small";
    case SPNEGO_E_INVALID_ELEMENT: return "element value out of range";
    case SPNEGO_E_TRAILING_DATA: return "unexpected bytes after an element";
    case SPNEGO_E_INVALID_OID: return "malformed OID encoding";
    case SPNEGO_E_ELEMENT_ORDER: return "duplicate or out-of-order element";
    case SPNEGO_E_NOT_DER: return "encoding is not DER";
    case SPNEGO_E_MISSING_ELEMENT: return "required element missing";
    case SPNEGO_E_OID_TOO_LARGE: return "OID arc wider than 64 bits";
    case SPNEGO_E_INVALID_BASE64: return "invalid base64";
    case SPNEGO_E_INVALID_HEADER: return "not a Negotiate header value";
    case SPNEGO_E_TOO_LARGE: return "input larger than the supported limit";
    case SPNEGO_E_NO_COMMON_MECH: return "no mechanism in common with the peer";
    case SPNEGO_E_REJECTED: return "the peer rejected the negotiation";
    case SPNEGO_E_MECH_FAILED: return "the negotiated mechanism failed";
    case SPNEGO_E_MIC_MISSING: return "a required mechListMIC is missing";
    case SPNEGO_E_MIC_INVALID: return "the mechListMIC did not verify";
    case SPNEGO_E_PROTOCOL: return "the peer broke the SPNEGO exchange rules";
    default: return "unknown error code";
    }
}

/* The two bit assignments, pairwise: RFC 4178 ContextFlags bit n is mask
 * 0x80 >> n; GSS-API (RFC 2744) has its own values. */
static const struct {
    unsigned char spnego;
    unsigned long gss;
} util_flag_map[] = {
    {SPNEGO_NEGINIT_CONTEXT_DELEG_FLAG, 1UL},     /* GSS_C_DELEG_FLAG */
    {SPNEGO_NEGINIT_CONTEXT_MUTUAL_FLAG, 2UL},    /* GSS_C_MUTUAL_FLAG */
    {SPNEGO_NEGINIT_CONTEXT_REPLAY_FLAG, 4UL},    /* GSS_C_REPLAY_FLAG */
    {SPNEGO_NEGINIT_CONTEXT_SEQUENCE_FLAG, 8UL},  /* GSS_C_SEQUENCE_FLAG */
    {SPNEGO_NEGINIT_CONTEXT_CONF_FLAG, 16UL},     /* GSS_C_CONF_FLAG */
    {SPNEGO_NEGINIT_CONTEXT_INTEG_FLAG, 32UL},    /* GSS_C_INTEG_FLAG */
    {SPNEGO_NEGINIT_CONTEXT_ANON_FLAG, 64UL},     /* GSS_C_ANON_FLAG */
};

#define UTIL_FLAG_COUNT (sizeof(util_flag_map) / sizeof(util_flag_map[0]))

unsigned long spnegoFlagsToGss(unsigned char ucContextFlags)
{
    unsigned long gss = 0;
    size_t i;

    for (i = 0; i < UTIL_FLAG_COUNT; i++) {
        if (ucContextFlags & util_flag_map[i].spnego) {
            gss |= util_flag_map[i].gss;
        }
    }
    return gss;
}

unsigned char spnegoFlagsFromGss(unsigned long ulGssFlags)
{
    unsigned char flags = 0;
    size_t i;

    for (i = 0; i < UTIL_FLAG_COUNT; i++) {
        if (ulGssFlags & util_flag_map[i].gss) {
            flags = (unsigned char)(flags | util_flag_map[i].spnego);
        }
    }
    return flags;
}

const char *spnegoGetVersion(void)
{
    return SPNEGO_VERSION_STRING;
}
