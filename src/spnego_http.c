/*
 * spnego_http.c - L2 helpers: base64 and RFC 4559 Negotiate header
 * values. No allocation, no SPNEGO knowledge: these only move text.
 */
#include "spnego_http.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

static const char http_b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static const char http_scheme[] = "Negotiate";
#define HTTP_SCHEME_LEN (sizeof(http_scheme) - 1)

/* The 6-bit value of each byte as a base64 character, or -1. A table,
 * not a chain of range tests: decoding is per byte, and the branches of a
 * chain mispredict on real base64 text. */
static const signed char http_b64_values[256] = {
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 62, -1, -1, -1, 63,
    52, 53, 54, 55, 56, 57, 58, 59, 60, 61, -1, -1, -1, -1, -1, -1,
    -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
    15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, -1, -1, -1, -1, -1,
    -1, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
    41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
};

static int http_b64_value(char c)
{
    return http_b64_values[(unsigned char)c];
}

/* Characters of the base64 text for len bytes, without the NUL; 0 on
 * overflow of unsigned long (callers check len first). */
static int http_b64_text_len(unsigned long len, unsigned long *out)
{
    unsigned long groups = len / 3 + (len % 3 != 0);

    if (groups > (ULONG_MAX - 1) / 4) {
        return 0;
    }
    *out = groups * 4;
    return 1;
}

static void http_b64_write(const unsigned char *data, unsigned long len, char *out)
{
    unsigned long i;
    unsigned long o = 0;

    for (i = 0; i + 2 < len; i += 3) {
        unsigned long v = ((unsigned long)data[i] << 16) |
                          ((unsigned long)data[i + 1] << 8) | data[i + 2];
        out[o++] = http_b64_alphabet[(v >> 18) & 0x3F];
        out[o++] = http_b64_alphabet[(v >> 12) & 0x3F];
        out[o++] = http_b64_alphabet[(v >> 6) & 0x3F];
        out[o++] = http_b64_alphabet[v & 0x3F];
    }
    if (len - i == 1) {
        unsigned long v = (unsigned long)data[i] << 16;
        out[o++] = http_b64_alphabet[(v >> 18) & 0x3F];
        out[o++] = http_b64_alphabet[(v >> 12) & 0x3F];
        out[o++] = '=';
        out[o++] = '=';
    } else if (len - i == 2) {
        unsigned long v = ((unsigned long)data[i] << 16) | ((unsigned long)data[i + 1] << 8);
        out[o++] = http_b64_alphabet[(v >> 18) & 0x3F];
        out[o++] = http_b64_alphabet[(v >> 12) & 0x3F];
        out[o++] = http_b64_alphabet[(v >> 6) & 0x3F];
        out[o++] = '=';
    }
    out[o] = '\0';
}

int spnegoBase64Encode(const unsigned char *pbData, unsigned long ulDataLen, char *szOut,
                       unsigned long *pulOutLen)
{
    unsigned long text_len;

    if (pulOutLen == NULL || (pbData == NULL && ulDataLen != 0)) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (!http_b64_text_len(ulDataLen, &text_len)) {
        return SPNEGO_E_TOO_LARGE;
    }
    if (szOut == NULL || *pulOutLen < text_len + 1) {
        *pulOutLen = text_len + 1;
        return SPNEGO_E_BUFFER_TOO_SMALL;
    }
    http_b64_write(pbData, ulDataLen, szOut);
    *pulOutLen = text_len + 1;
    return SPNEGO_E_SUCCESS;
}

/*
 * Validates the whole text before writing anything, so a failed decode
 * leaves the output untouched: length a multiple of 4, alphabet only,
 * at most two '=' and only at the end. Strict: the bits that padding
 * drops are zero too (otherwise two texts decode to the same bytes);
 * lenient decoding ignores them (RFC 4648 3.5; Windows sets them).
 */
static int http_b64_check(const char *in, unsigned long len, int strict,
                          unsigned long *out_bytes)
{
    unsigned long i;
    unsigned long pad = 0;

    if (len % 4 != 0) {
        return SPNEGO_E_INVALID_BASE64;
    }
    if (len >= 1 && in[len - 1] == '=') {
        pad = (len >= 2 && in[len - 2] == '=') ? 2 : 1;
    }
    for (i = 0; i < len - pad; i++) {
        if (http_b64_value(in[i]) < 0) {
            return SPNEGO_E_INVALID_BASE64;
        }
    }
    if (strict && pad > 0) {
        int last = http_b64_value(in[len - pad - 1]);
        if ((pad == 1 && (last & 0x03) != 0) || (pad == 2 && (last & 0x0F) != 0)) {
            return SPNEGO_E_INVALID_BASE64;
        }
    }
    *out_bytes = len / 4 * 3 - pad;
    return SPNEGO_E_SUCCESS;
}

int spnegoBase64Decode(const char *pszIn, unsigned long ulInLen, unsigned char *pbOut,
                       unsigned long *pulOutLen)
{
    return spnegoBase64DecodeEx(pszIn, ulInLen, 0, pbOut, pulOutLen);
}

int spnegoBase64DecodeEx(const char *pszIn, unsigned long ulInLen, unsigned long ulFlags,
                         unsigned char *pbOut, unsigned long *pulOutLen)
{
    unsigned long bytes = 0;
    unsigned long i;
    unsigned long o = 0;
    int rc;

    if (pulOutLen == NULL || (pszIn == NULL && ulInLen != 0) ||
        (ulFlags & ~SPNEGO_BASE64_STRICT) != 0) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (ulInLen > SPNEGO_HTTP_MAX_VALUE_LEN) {
        return SPNEGO_E_TOO_LARGE;
    }
    rc = http_b64_check(pszIn, ulInLen, (ulFlags & SPNEGO_BASE64_STRICT) != 0, &bytes);
    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    if (bytes == 0) {
        *pulOutLen = 0;
        return SPNEGO_E_SUCCESS;
    }
    if (pbOut == NULL || *pulOutLen < bytes) {
        *pulOutLen = bytes;
        return SPNEGO_E_BUFFER_TOO_SMALL;
    }
    /* Every character was checked: the full groups decode without tests,
     * only the last group may hold padding. */
    for (i = 0; i + 4 < ulInLen; i += 4) {
        unsigned long v = ((unsigned long)http_b64_value(pszIn[i]) << 18) |
                          ((unsigned long)http_b64_value(pszIn[i + 1]) << 12) |
                          ((unsigned long)http_b64_value(pszIn[i + 2]) << 6) |
                          (unsigned long)http_b64_value(pszIn[i + 3]);
        pbOut[o] = (unsigned char)(v >> 16);
        pbOut[o + 1] = (unsigned char)((v >> 8) & 0xFF);
        pbOut[o + 2] = (unsigned char)(v & 0xFF);
        o += 3;
    }
    {
        unsigned long v = 0;
        unsigned k;
        for (k = 0; k < 4; k++) {
            int d = pszIn[i + k] == '=' ? 0 : http_b64_value(pszIn[i + k]);
            v = (v << 6) | (unsigned long)d;
        }
        pbOut[o++] = (unsigned char)(v >> 16);
        if (o < bytes) {
            pbOut[o++] = (unsigned char)((v >> 8) & 0xFF);
        }
        if (o < bytes) {
            pbOut[o++] = (unsigned char)(v & 0xFF);
        }
    }
    *pulOutLen = bytes;
    return SPNEGO_E_SUCCESS;
}

static int http_is_space(char c)
{
    return c == ' ' || c == '\t';
}

int spnegoHttpParseNegotiate(const char *pszValue, unsigned long ulValueLen,
                             const char **ppszToken, unsigned long *pulTokenLen)
{
    unsigned long start = 0;
    unsigned long end = ulValueLen;
    unsigned long i;
    unsigned long token_start;

    if (pszValue == NULL || ppszToken == NULL || pulTokenLen == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (ulValueLen > SPNEGO_HTTP_MAX_VALUE_LEN) {
        return SPNEGO_E_TOO_LARGE;
    }
    while (start < end && http_is_space(pszValue[start])) {
        start++;
    }
    while (end > start && http_is_space(pszValue[end - 1])) {
        end--;
    }
    if (end - start < HTTP_SCHEME_LEN) {
        return SPNEGO_E_INVALID_HEADER;
    }
    /* The auth-scheme is case-insensitive (RFC 9110 11.1). */
    for (i = 0; i < HTTP_SCHEME_LEN; i++) {
        char c = pszValue[start + i];
        char want = http_scheme[i];
        if (c >= 'A' && c <= 'Z') {
            c = (char)(c - 'A' + 'a');
        }
        if (want >= 'A' && want <= 'Z') {
            want = (char)(want - 'A' + 'a');
        }
        if (c != want) {
            return SPNEGO_E_INVALID_HEADER;
        }
    }
    token_start = start + HTTP_SCHEME_LEN;
    if (token_start == end) {
        *ppszToken = NULL;
        *pulTokenLen = 0;
        return SPNEGO_E_SUCCESS;
    }
    if (!http_is_space(pszValue[token_start])) {
        return SPNEGO_E_INVALID_HEADER; /* "NegotiateX" is another scheme */
    }
    while (token_start < end && http_is_space(pszValue[token_start])) {
        token_start++;
    }
    /* One token68 and nothing after it. */
    for (i = token_start; i < end; i++) {
        if (http_is_space(pszValue[i]) || pszValue[i] == ',' || pszValue[i] == '\0') {
            return SPNEGO_E_INVALID_HEADER;
        }
    }
    *ppszToken = pszValue + token_start;
    *pulTokenLen = end - token_start;
    return SPNEGO_E_SUCCESS;
}

int spnegoHttpDecodeNegotiate(const char *pszValue, unsigned long ulValueLen,
                              unsigned char *pbToken, unsigned long *pulTokenLen)
{
    const char *b64 = NULL;
    unsigned long b64_len = 0;
    int rc;

    if (pulTokenLen == NULL) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    rc = spnegoHttpParseNegotiate(pszValue, ulValueLen, &b64, &b64_len);
    if (rc != SPNEGO_E_SUCCESS) {
        return rc;
    }
    if (b64 == NULL) {
        return SPNEGO_E_ELEMENT_UNAVAILABLE;
    }
    return spnegoBase64Decode(b64, b64_len, pbToken, pulTokenLen);
}

int spnegoHttpFormatNegotiate(const unsigned char *pbToken, unsigned long ulTokenLen,
                              char *szOut, unsigned long *pulOutLen)
{
    unsigned long text_len = 0;
    unsigned long need;

    if (pulOutLen == NULL || (pbToken == NULL) != (ulTokenLen == 0)) {
        return SPNEGO_E_INVALID_PARAMETER;
    }
    if (pbToken != NULL && !http_b64_text_len(ulTokenLen, &text_len)) {
        return SPNEGO_E_TOO_LARGE;
    }
    /* "Negotiate" [" " base64] NUL */
    need = HTTP_SCHEME_LEN + 1;
    if (pbToken != NULL) {
        if (text_len > ULONG_MAX - need - 1) {
            return SPNEGO_E_TOO_LARGE;
        }
        need += 1 + text_len;
    }
    if (szOut == NULL || *pulOutLen < need) {
        *pulOutLen = need;
        return SPNEGO_E_BUFFER_TOO_SMALL;
    }
    memcpy(szOut, http_scheme, HTTP_SCHEME_LEN);
    if (pbToken != NULL) {
        szOut[HTTP_SCHEME_LEN] = ' ';
        http_b64_write(pbToken, ulTokenLen, szOut + HTTP_SCHEME_LEN + 1);
    } else {
        szOut[HTTP_SCHEME_LEN] = '\0';
    }
    *pulOutLen = need;
    return SPNEGO_E_SUCCESS;
}
