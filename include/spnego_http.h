/**
 * @file spnego_http.h
 * spnego_http.h - base64 and HTTP "Negotiate" header helpers (RFC 4559).
 *
 * Same conventions as spnego.h: int status codes, copy-out protocol (on
 * entry *pulOutLen is the capacity; NULL or too small gives
 * SPNEGO_E_BUFFER_TOO_SMALL with the size needed), no allocation, no
 * global state. Text outputs are NUL terminated and their sizes count the
 * NUL. Compiles as C89, C99 and C++.
 */
#ifndef SPNEGO_HTTP_H
#define SPNEGO_HTTP_H

#include "spnego.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Longest header value the parsers accept. Windows' largest Kerberos
 * tokens (MaxTokenSize 65535) are 87,380 base64 characters; anything past
 * this limit is refused with SPNEGO_E_TOO_LARGE before it is decoded.
 */
#define SPNEGO_HTTP_MAX_VALUE_LEN 131072UL

/**
 * Encodes bytes as standard base64 (RFC 4648 section 4, with '=' padding),
 * NUL terminated. ulDataLen 0 gives the empty string.
 */
SPNEGO_EXPORT int spnegoBase64Encode(const unsigned char *pbData,
                                     unsigned long ulDataLen, char *szOut,
                                     unsigned long *pulOutLen);

/**
 * Decodes base64 (copy-out): standard alphabet, length a multiple of 4,
 * '=' only as final padding. Any other character (also whitespace, NUL,
 * '-' or '_') is SPNEGO_E_INVALID_BASE64. Inputs over
 * SPNEGO_HTTP_MAX_VALUE_LEN are SPNEGO_E_TOO_LARGE. The bits that padding
 * drops from the last group ("QR==": the low 4 bits of 'R') are ignored,
 * as RFC 4648 section 3.5 allows and mainstream decoders do (Windows sends
 * such tokens); spnegoBase64DecodeEx() with SPNEGO_BASE64_STRICT refuses
 * them.
 */
SPNEGO_EXPORT int spnegoBase64Decode(const char *pszIn, unsigned long ulInLen,
                                     unsigned char *pbOut,
                                     unsigned long *pulOutLen);

/** spnegoBase64DecodeEx() flag: padding bits must be zero (canonical
 * base64, one text per byte string), otherwise SPNEGO_E_INVALID_BASE64. */
#define SPNEGO_BASE64_STRICT 0x1UL

/**
 * spnegoBase64Decode() with flags: 0 (the same lenient decoding) or
 * SPNEGO_BASE64_STRICT. Other flag bits are SPNEGO_E_INVALID_PARAMETER.
 */
SPNEGO_EXPORT int spnegoBase64DecodeEx(const char *pszIn, unsigned long ulInLen,
                                       unsigned long ulFlags,
                                       unsigned char *pbOut,
                                       unsigned long *pulOutLen);

/**
 * Finds the token in an Authorization / WWW-Authenticate /
 * Proxy-Authorization header *value* (not the "Name:" part): the scheme
 * "Negotiate" in any case, then one or more spaces or tabs and the base64
 * token; spaces and tabs around the value are ignored. On success
 * *ppszToken / *pulTokenLen point at the base64 text inside pszValue; a
 * bare "Negotiate" challenge gives *ppszToken NULL and *pulTokenLen 0.
 * Errors: INVALID_HEADER (another scheme, or junk after the token),
 * TOO_LARGE (value over SPNEGO_HTTP_MAX_VALUE_LEN), INVALID_PARAMETER.
 */
SPNEGO_EXPORT int spnegoHttpParseNegotiate(const char *pszValue,
                                           unsigned long ulValueLen,
                                           const char **ppszToken,
                                           unsigned long *pulTokenLen);

/**
 * spnegoHttpParseNegotiate() then spnegoBase64Decode() into pbToken
 * (copy-out). A bare challenge gives ELEMENT_UNAVAILABLE.
 */
SPNEGO_EXPORT int spnegoHttpDecodeNegotiate(const char *pszValue,
                                            unsigned long ulValueLen,
                                            unsigned char *pbToken,
                                            unsigned long *pulTokenLen);

/**
 * Formats "Negotiate <base64>" (NUL terminated, copy-out). pbToken NULL
 * with ulTokenLen 0 formats the bare challenge "Negotiate".
 */
SPNEGO_EXPORT int spnegoHttpFormatNegotiate(const unsigned char *pbToken,
                                            unsigned long ulTokenLen,
                                            char *szOut,
                                            unsigned long *pulOutLen);

#ifdef __cplusplus
}
#endif

#endif /* SPNEGO_HTTP_H */
