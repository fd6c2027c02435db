/*
 * fuzz_http.c - base64 and "Negotiate" header helpers (spnego_http.h).
 *
 * The input is used three ways:
 *  1. as raw bytes: encode -> decode gives the bytes back; format ->
 *     parse -> decode gives them back too;
 *  2. as base64 text: a successful strict decode re-encodes to exactly the
 *     same text (strict base64 is canonical);
 *  3. as a header value: a parsed token lies inside the value, has no
 *     space, tab, comma or NUL, and decoding the header equals decoding
 *     the token.
 * Every copy-out call is also made with a NULL and a one-short buffer,
 * which must report the exact size and write nothing.
 */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spnego_http.h"

#define CANARY 0x5Au

/* Encodes bytes into a fresh NUL-terminated block (checks the size
 * protocol on the way). */
static char *encode(const unsigned char *p, unsigned long len, unsigned long *out_size)
{
    unsigned long need = 0;
    char *text;

    FUZZ_CHECK(spnegoBase64Encode(p, len, NULL, &need) == SPNEGO_E_BUFFER_TOO_SMALL);
    FUZZ_CHECK(need == (len + 2) / 3 * 4 + 1);
    text = (char *)fuzz_alloc((size_t)need);
    memset(text, CANARY, (size_t)need);
    *out_size = need - 1;
    FUZZ_CHECK(spnegoBase64Encode(p, len, text, out_size) == SPNEGO_E_BUFFER_TOO_SMALL);
    FUZZ_CHECK(*out_size == need && (unsigned char)text[0] == CANARY);
    FUZZ_CHECK(spnegoBase64Encode(p, len, text, out_size) == SPNEGO_E_SUCCESS);
    FUZZ_CHECK(*out_size == need && text[need - 1] == '\0' && strlen(text) == need - 1);
    return text;
}

/* Decodes text; returns the status, the bytes in *out (fresh block). */
static int decode(const char *text, unsigned long len, unsigned char **out,
                  unsigned long *out_len)
{
    unsigned long need = 0;
    unsigned char *bytes;
    int rc = spnegoBase64Decode(text, len, NULL, &need);

    *out = NULL;
    *out_len = 0;
    if (rc == SPNEGO_E_SUCCESS) {
        FUZZ_CHECK(need == 0);
        *out = fuzz_alloc(0);
        return rc;
    }
    if (rc != SPNEGO_E_BUFFER_TOO_SMALL) {
        FUZZ_CHECK(rc == SPNEGO_E_INVALID_BASE64 || rc == SPNEGO_E_TOO_LARGE);
        return rc;
    }
    FUZZ_CHECK(need >= 1 && need <= len / 4 * 3);
    bytes = fuzz_alloc((size_t)need);
    memset(bytes, CANARY, (size_t)need);
    *out_len = need - 1;
    FUZZ_CHECK(spnegoBase64Decode(text, len, bytes, out_len) == SPNEGO_E_BUFFER_TOO_SMALL);
    FUZZ_CHECK(*out_len == need && bytes[0] == CANARY);
    FUZZ_CHECK(spnegoBase64Decode(text, len, bytes, out_len) == SPNEGO_E_SUCCESS);
    FUZZ_CHECK(*out_len == need);
    *out = bytes;
    return SPNEGO_E_SUCCESS;
}

/* 1. bytes -> base64 -> bytes, and bytes -> header -> bytes. */
static void check_bytes(const unsigned char *data, unsigned long size)
{
    unsigned long text_len = 0;
    unsigned long header_len = 0;
    unsigned long back_len = 0;
    const char *token = NULL;
    unsigned long token_len = 0;
    unsigned char *back;
    char *text = encode(data, size, &text_len);
    char *header;

    FUZZ_CHECK(decode(text, text_len - 1, &back, &back_len) == SPNEGO_E_SUCCESS);
    FUZZ_CHECK(back_len == size && (size == 0 || memcmp(back, data, size) == 0));
    free(back);

    if (size > 0) {
        FUZZ_CHECK(spnegoHttpFormatNegotiate(data, size, NULL, &header_len) ==
                   SPNEGO_E_BUFFER_TOO_SMALL);
        FUZZ_CHECK(header_len == 10 + text_len);
        header = (char *)fuzz_alloc((size_t)header_len);
        FUZZ_CHECK(spnegoHttpFormatNegotiate(data, size, header, &header_len) ==
                   SPNEGO_E_SUCCESS);
        FUZZ_CHECK(memcmp(header, "Negotiate ", 10) == 0);
        FUZZ_CHECK(strcmp(header + 10, text) == 0);
        FUZZ_CHECK(spnegoHttpParseNegotiate(header, header_len - 1, &token, &token_len) ==
                   SPNEGO_E_SUCCESS);
        FUZZ_CHECK(token == header + 10 && token_len == text_len - 1);
        back = fuzz_dup(data, size);
        back_len = size;
        FUZZ_CHECK(spnegoHttpDecodeNegotiate(header, header_len - 1, back, &back_len) ==
                   SPNEGO_E_SUCCESS);
        FUZZ_CHECK(back_len == size && memcmp(back, data, size) == 0);
        free(back);
        free(header);
    }
    free(text);
}

/* 2. base64 text -> bytes -> the same text when the padding bits are
 * zero (SPNEGO_BASE64_STRICT accepts it); otherwise the default decoder
 * gave the bytes of the text with those bits cleared: the re-encoded text
 * differs from the input only in the last character before the '='. */
static void check_text(const char *text, unsigned long len)
{
    unsigned char *bytes = NULL;
    unsigned long bytes_len = 0;
    unsigned long again_len = 0;
    unsigned long strict_len = 0;
    char *again;
    int strict_rc;

    strict_rc = spnegoBase64DecodeEx(text, len, SPNEGO_BASE64_STRICT, NULL, &strict_len);
    if (decode(text, len, &bytes, &bytes_len) != SPNEGO_E_SUCCESS) {
        FUZZ_CHECK(strict_rc != SPNEGO_E_SUCCESS && strict_rc != SPNEGO_E_BUFFER_TOO_SMALL);
        return;
    }
    again = encode(bytes, bytes_len, &again_len);
    FUZZ_CHECK(again_len == len + 1);
    if (strict_rc == SPNEGO_E_SUCCESS || strict_rc == SPNEGO_E_BUFFER_TOO_SMALL) {
        FUZZ_CHECK(strict_len == bytes_len);
        FUZZ_CHECK(memcmp(again, text, (size_t)len) == 0);
    } else {
        unsigned long pad = text[len - 2] == '=' ? 2 : 1;
        unsigned long last = len - pad - 1;
        FUZZ_CHECK(strict_rc == SPNEGO_E_INVALID_BASE64 && text[len - 1] == '=');
        FUZZ_CHECK(memcmp(again, text, (size_t)last) == 0 && again[last] != text[last] &&
                   memcmp(again + last + 1, text + last + 1, (size_t)pad) == 0);
    }
    free(again);
    free(bytes);
}

/* 3. the input as a header value. */
static void check_header(const char *value, unsigned long len)
{
    const char *token = NULL;
    unsigned long token_len = 0;
    unsigned long i;
    unsigned char *direct = NULL;
    unsigned long direct_len = 0;
    unsigned char *via;
    unsigned long via_len = 0;
    int rc = spnegoHttpParseNegotiate(value, len, &token, &token_len);
    int drc;

    if (rc != SPNEGO_E_SUCCESS) {
        FUZZ_CHECK(rc == SPNEGO_E_INVALID_HEADER || rc == SPNEGO_E_TOO_LARGE);
        FUZZ_CHECK(spnegoHttpDecodeNegotiate(value, len, NULL, &via_len) == rc);
        return;
    }
    if (token == NULL) {
        FUZZ_CHECK(token_len == 0);
        FUZZ_CHECK(spnegoHttpDecodeNegotiate(value, len, NULL, &via_len) ==
                   SPNEGO_E_ELEMENT_UNAVAILABLE);
        return;
    }
    FUZZ_CHECK(token > value && token_len >= 1 &&
               (unsigned long)(token - value) + token_len <= len);
    for (i = 0; i < token_len; i++) {
        FUZZ_CHECK(token[i] != ' ' && token[i] != '\t' && token[i] != ',' && token[i] != 0);
    }
    drc = decode(token, token_len, &direct, &direct_len);
    rc = spnegoHttpDecodeNegotiate(value, len, NULL, &via_len);
    if (drc != SPNEGO_E_SUCCESS) {
        FUZZ_CHECK(rc == drc);
        return;
    }
    if (direct_len == 0) {
        FUZZ_CHECK(rc == SPNEGO_E_SUCCESS && via_len == 0);
    } else {
        FUZZ_CHECK(rc == SPNEGO_E_BUFFER_TOO_SMALL && via_len == direct_len);
        via = fuzz_dup(direct, (size_t)direct_len);
        memset(via, CANARY, (size_t)direct_len);
        FUZZ_CHECK(spnegoHttpDecodeNegotiate(value, len, via, &via_len) == SPNEGO_E_SUCCESS);
        FUZZ_CHECK(via_len == direct_len && memcmp(via, direct, (size_t)direct_len) == 0);
        free(via);
    }
    free(direct);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t empty[1] = {0};

    if (data == NULL) {
        data = empty;
    }
    if (size > 3 * SPNEGO_HTTP_MAX_VALUE_LEN) {
        return 0;
    }
    check_bytes(data, (unsigned long)size);
    check_text((const char *)data, (unsigned long)size);
    check_header((const char *)data, (unsigned long)size);
    return 0;
}
