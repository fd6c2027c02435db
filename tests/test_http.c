/*
 * test_http.c - base64 (RFC 4648) and "Negotiate" header values (RFC 4559).
 *
 * Base64 vectors are RFC 4648 section 10; the header values are the ones
 * gokrb5 publishes for the tokens in tests/vectors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "spnego.h"
#include "spnego_http.h"
#include "spnego_test.h"

static const struct {
    const char *plain;
    const char *b64;
} rfc4648[] = {
    {"", ""},
    {"f", "Zg=="},
    {"fo", "Zm8="},
    {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="},
    {"fooba", "Zm9vYmE="},
    {"foobar", "Zm9vYmFy"},
};

static unsigned long ul_strlen(const char *s)
{
    return (unsigned long)strlen(s);
}

static void torture_http_b64_rfc4648_encode(void **state)
{
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(rfc4648) / sizeof(rfc4648[0]); i++) {
        char out[16];
        unsigned long len = sizeof(out);
        const unsigned char *in = (const unsigned char *)rfc4648[i].plain;
        unsigned long in_len = ul_strlen(rfc4648[i].plain);

        memset(out, 'Z', sizeof(out));
        assert_int_equal(spnegoBase64Encode(in_len > 0 ? in : NULL, in_len, out, &len),
                         SPNEGO_E_SUCCESS);
        assert_int_equal(len, strlen(rfc4648[i].b64) + 1);
        assert_string_equal(out, rfc4648[i].b64);
    }
}

static void torture_http_b64_rfc4648_decode(void **state)
{
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(rfc4648) / sizeof(rfc4648[0]); i++) {
        unsigned char out[16];
        unsigned long len = sizeof(out);
        size_t want_len = strlen(rfc4648[i].plain);

        memset(out, 0xA5, sizeof(out));
        assert_int_equal(spnegoBase64Decode(rfc4648[i].b64, ul_strlen(rfc4648[i].b64), out,
                                            &len),
                         SPNEGO_E_SUCCESS);
        assert_int_equal(len, want_len);
        assert_memory_equal(out, rfc4648[i].plain, want_len);
        assert_int_equal(out[want_len], 0xA5);
    }
    /* every byte value survives a round trip */
    {
        unsigned char all[256];
        char text[400];
        unsigned long text_len = sizeof(text);
        unsigned char back[256];
        unsigned long back_len = sizeof(back);
        size_t k;

        for (k = 0; k < 256; k++) {
            all[k] = (unsigned char)k;
        }
        assert_int_equal(spnegoBase64Encode(all, 256, text, &text_len), SPNEGO_E_SUCCESS);
        assert_int_equal(text_len, 4 * 86 + 1); /* 256 = 85*3 + 1 */
        assert_memory_equal(text, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g", 44);
        assert_memory_equal(text + 4 * 85, "/w==", 5);
        assert_int_equal(spnegoBase64Decode(text, text_len - 1, back, &back_len),
                         SPNEGO_E_SUCCESS);
        assert_int_equal(back_len, 256);
        assert_memory_equal(back, all, 256);
    }
}

static void torture_http_b64_copy_out(void **state)
{
    static const unsigned char foobar[] = "foobar";
    char text[16];
    unsigned char bytes[16];
    unsigned long len;
    size_t i;
    (void)state;

    /* encode: "Zm9vYmFy" + NUL = 9 */
    len = 0;
    assert_int_equal(spnegoBase64Encode(foobar, 6, NULL, &len), SPNEGO_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, 9);
    memset(text, 'Z', sizeof(text));
    len = 8;
    assert_int_equal(spnegoBase64Encode(foobar, 6, text, &len), SPNEGO_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, 9);
    for (i = 0; i < sizeof(text); i++) {
        assert_int_equal(text[i], 'Z');
    }
    len = 9;
    assert_int_equal(spnegoBase64Encode(foobar, 6, text, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, 9);
    assert_string_equal(text, "Zm9vYmFy");
    assert_int_equal(text[9], 'Z');
    len = sizeof(text);
    assert_int_equal(spnegoBase64Encode(foobar, 6, text, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, 9);
    /* the empty string still needs its NUL */
    len = 0;
    assert_int_equal(spnegoBase64Encode(NULL, 0, NULL, &len), SPNEGO_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, 1);
    len = 0;
    assert_int_equal(spnegoBase64Encode(NULL, 0, text, &len), SPNEGO_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, 1);
    /* arguments */
    assert_int_equal(spnegoBase64Encode(NULL, 3, text, &len), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoBase64Encode(foobar, 6, text, NULL), SPNEGO_E_INVALID_PARAMETER);

    /* decode: 6 bytes */
    len = 0;
    assert_int_equal(spnegoBase64Decode("Zm9vYmFy", 8, NULL, &len),
                     SPNEGO_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, 6);
    memset(bytes, 0xA5, sizeof(bytes));
    len = 5;
    assert_int_equal(spnegoBase64Decode("Zm9vYmFy", 8, bytes, &len),
                     SPNEGO_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, 6);
    for (i = 0; i < sizeof(bytes); i++) {
        assert_int_equal(bytes[i], 0xA5);
    }
    len = 6;
    assert_int_equal(spnegoBase64Decode("Zm9vYmFy", 8, bytes, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, 6);
    assert_memory_equal(bytes, "foobar", 6);
    assert_int_equal(bytes[6], 0xA5);
    len = sizeof(bytes);
    assert_int_equal(spnegoBase64Decode("Zm9vYmFy", 8, bytes, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, 6);
    /* "Zg==" needs 1, not 3 */
    len = 0;
    assert_int_equal(spnegoBase64Decode("Zg==", 4, NULL, &len), SPNEGO_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, 1);
    len = 1;
    assert_int_equal(spnegoBase64Decode("Zg==", 4, bytes, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, 1);
    assert_int_equal(bytes[0], 'f');
    /* empty input */
    len = sizeof(bytes);
    assert_int_equal(spnegoBase64Decode(NULL, 0, bytes, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, 0);
    /* arguments */
    assert_int_equal(spnegoBase64Decode(NULL, 4, bytes, &len), SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoBase64Decode("Zm9v", 4, bytes, NULL), SPNEGO_E_INVALID_PARAMETER);
}

static void torture_http_b64_decode_errors(void **state)
{
    static const struct {
        const char *text;
        unsigned long len;
    } bad[] = {
        {"Zm9!", 4},          /* not in the alphabet */
        {"Zm-v", 4},          /* base64url */
        {"Zm_v", 4},
        {"Zm\0v", 4},         /* embedded NUL */
        {"Zm9v\0\0\0\0", 8},
        {"Zm 9", 4},          /* space in the middle */
        {"Zm9v Zm9", 8},
        {"Zm9v\nZm9", 8},     /* newline */
        {"Zm9v\r\nZm", 8},
        {" Zm9", 4},
        {"Zm9 ", 4},
        {"Zm9\t", 4},
        {"Z", 1},             /* length not a multiple of 4 */
        {"Zm", 2},
        {"Zm9", 3},
        {"Zm9vY", 5},
        {"Zm9vYmFy=", 9},
        {"Zg=", 3},
        {"Zg==Zm9v", 8},      /* '=' in the middle */
        {"Z=9v", 4},
        {"Zm=v", 4},
        {"=Zm9", 4},
        {"Z===", 4},          /* three pads */
        {"====", 4},
        {"Zm9v====", 8},
        {"\xc3\xa9=" "=", 4}, /* non-ASCII */
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        unsigned char out[16];
        unsigned long len = sizeof(out);
        int rc;

        memset(out, 0xA5, sizeof(out));
        rc = spnegoBase64Decode(bad[i].text, bad[i].len, out, &len);
        if (rc != SPNEGO_E_INVALID_BASE64) {
            fail_msg("case %lu: %d", (unsigned long)i, rc);
        }
        assert_int_equal(out[0], 0xA5);
        len = 0;
        assert_int_equal(spnegoBase64Decode(bad[i].text, bad[i].len, NULL, &len),
                         SPNEGO_E_INVALID_BASE64);
    }
    /* valid neighbours of the padding cases */
    {
        unsigned char out[4];
        unsigned long len = sizeof(out);
        assert_int_equal(spnegoBase64Decode("QQ==", 4, out, &len), SPNEGO_E_SUCCESS);
        assert_int_equal(len, 1);
        assert_int_equal(out[0], 'A');
    }
}

/* Padding bits (the bits '=' drops from the last group) that are not
 * zero: accepted by default (RFC 4648 3.5; Windows sends them), refused
 * with SPNEGO_BASE64_STRICT. Each row decodes to the bytes of its
 * canonical twin. */
static void torture_http_b64_padding_bits(void **state)
{
    static const struct {
        const char *text;
        const char *bytes;
        unsigned long len;
    } rows[] = {
        {"QR==", "A", 1},          /* canonical QQ== */
        {"Zh==", "f", 1},          /* Zg== */
        {"Z/==", "g", 1},          /* Zw==, every padding bit set */
        {"Zm9=", "fo", 2},         /* Zm8= */
        {"Zm9vYh==", "foob", 4},   /* Zm9vYg== */
        {"Zm9vYmF=", "fooba", 5},  /* Zm9vYmE= */
        {"Zm9vYm//", "foobo\xff", 6},     /* no padding: nothing dropped */
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        unsigned long text_len = (unsigned long)strlen(rows[i].text);
        int has_pad = rows[i].text[text_len - 1] == '=';
        unsigned char out[8];
        unsigned long len = sizeof(out);

        memset(out, 0xA5, sizeof(out));
        assert_int_equal(spnegoBase64Decode(rows[i].text, text_len, out, &len),
                         SPNEGO_E_SUCCESS);
        assert_int_equal(len, rows[i].len);
        assert_memory_equal(out, rows[i].bytes, rows[i].len);
        len = sizeof(out);
        assert_int_equal(spnegoBase64DecodeEx(rows[i].text, text_len, 0, out, &len),
                         SPNEGO_E_SUCCESS);
        assert_int_equal(len, rows[i].len);
        len = sizeof(out);
        memset(out, 0xA5, sizeof(out));
        assert_int_equal(spnegoBase64DecodeEx(rows[i].text, text_len, SPNEGO_BASE64_STRICT,
                                              out, &len),
                         has_pad ? SPNEGO_E_INVALID_BASE64 : SPNEGO_E_SUCCESS);
        if (has_pad) {
            assert_int_equal(out[0], 0xA5);
            assert_int_equal(len, sizeof(out));
        }
    }
    /* Unknown flags. */
    {
        unsigned long len = 0;
        assert_int_equal(spnegoBase64DecodeEx("QQ==", 4, 0x2UL, NULL, &len),
                         SPNEGO_E_INVALID_PARAMETER);
    }
    /* A real NegTokenResp (gokrb5-http-reject, a1 07 30 05 a0 03 0a 01 02,
     * "oQcwBaADCgEC") cut to 8 bytes so its text ends in one '=', with the
     * two padding bits set: the header helper decodes it. */
    {
        static const char value[] = "Negotiate oQcwBaADCgF=";
        static const unsigned char want[8] = {0xA1, 0x07, 0x30, 0x05, 0xA0, 0x03, 0x0A, 0x01};
        unsigned char out[8];
        unsigned long len = sizeof(out);
        assert_int_equal(spnegoHttpDecodeNegotiate(value, sizeof(value) - 1, out, &len),
                         SPNEGO_E_SUCCESS);
        assert_int_equal(len, 8);
        assert_memory_equal(out, want, 8);
    }
}

static void torture_http_b64_too_large(void **state)
{
    size_t big = SPNEGO_HTTP_MAX_VALUE_LEN + 1;
    char *text = (char *)malloc(big);
    unsigned long len;
    (void)state;

    assert_non_null(text);
    memset(text, 'A', big);
    /* exactly the limit: 131072 chars -> 98304 bytes */
    len = 0;
    assert_int_equal(spnegoBase64Decode(text, SPNEGO_HTTP_MAX_VALUE_LEN, NULL, &len),
                     SPNEGO_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, 98304);
    /* one more (not even a multiple of 4: the size check comes first) */
    len = 0;
    assert_int_equal(spnegoBase64Decode(text, (unsigned long)big, NULL, &len),
                     SPNEGO_E_TOO_LARGE);
    text[big - 1] = '!';
    assert_int_equal(spnegoBase64Decode(text, (unsigned long)big, NULL, &len),
                     SPNEGO_E_TOO_LARGE);
    free(text);
}

/* ---- spnegoHttpParseNegotiate ---- */

static void expect_token(const char *value, unsigned long value_len, size_t want_off,
                         unsigned long want_len)
{
    const char *tok = NULL;
    unsigned long len = 12345;

    assert_int_equal(spnegoHttpParseNegotiate(value, value_len, &tok, &len),
                     SPNEGO_E_SUCCESS);
    assert_ptr_equal(tok, value + want_off);
    assert_int_equal(len, want_len);
}

static void expect_bare(const char *value)
{
    static const char marker[] = "x";
    const char *tok = marker;
    unsigned long len = 12345;

    assert_int_equal(spnegoHttpParseNegotiate(value, ul_strlen(value), &tok, &len),
                     SPNEGO_E_SUCCESS);
    assert_null(tok);
    assert_int_equal(len, 0);
}

static void torture_http_parse_ok(void **state)
{
    (void)state;

    expect_token("Negotiate abc=", 14, 10, 4);
    expect_token("NEGOTIATE   tok", 15, 12, 3);
    expect_token("negotiate tok", 13, 10, 3);
    expect_token("NeGoTiAtE\ttok", 13, 10, 3);
    expect_token(" \t Negotiate \t tok\t ", 20, 15, 3);
    expect_token("Negotiate oQcwBaADCgEC", 22, 10, 12);
    /* the length bounds the value: what follows is not read */
    expect_token("Negotiate abc=XYZ junk", 14, 10, 4);
    expect_bare("Negotiate");
    expect_bare("negotiate");
    expect_bare("  Negotiate \t ");
    expect_bare("NEGOTIATE\t");
}

static void torture_http_parse_errors(void **state)
{
    static const struct {
        const char *value;
        unsigned long len;
    } bad[] = {
        {"NegotiateX tok", 14},
        {"NegotiateX", 10},
        {"Negotiat", 8},
        {"Negotiat tok", 12},
        {"Basic xyz", 9},
        {"Basic", 5},
        {"Kerberos abc=", 13},
        {"NTLM TlRMTVNTUAAB", 17},
        {"Negotiate a b", 13},
        {"Negotiate a\tb", 13},
        {"Negotiate a,b", 13},
        {"Negotiate a, Basic realm=x", 26},
        {"Negotiate, Basic", 16},
        {"Negotiate\0abc", 13},
        {"Negotiate abc\0", 14},
        {"", 0},
        {"   ", 3},
        {"Nego tiate abc", 14},
        {"\"Negotiate\" abc", 15},
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *tok = NULL;
        unsigned long len = 0;
        int rc = spnegoHttpParseNegotiate(bad[i].value, bad[i].len, &tok, &len);
        if (rc != SPNEGO_E_INVALID_HEADER) {
            fail_msg("case %lu (\"%s\"): %d", (unsigned long)i, bad[i].value, rc);
        }
    }
    {
        const char *tok = NULL;
        unsigned long len = 0;
        assert_int_equal(spnegoHttpParseNegotiate(NULL, 3, &tok, &len),
                         SPNEGO_E_INVALID_PARAMETER);
        assert_int_equal(spnegoHttpParseNegotiate("Negotiate a", 11, NULL, &len),
                         SPNEGO_E_INVALID_PARAMETER);
        assert_int_equal(spnegoHttpParseNegotiate("Negotiate a", 11, &tok, NULL),
                         SPNEGO_E_INVALID_PARAMETER);
    }
}

static void torture_http_too_large(void **state)
{
    size_t big = 1024 * 1024;
    char *value = (char *)malloc(big);
    const char *tok = NULL;
    unsigned long len = 0;
    unsigned char out[4];
    unsigned long out_len = sizeof(out);
    unsigned long at_limit = SPNEGO_HTTP_MAX_VALUE_LEN;
    (void)state;

    assert_non_null(value);
    memcpy(value, "Negotiate ", 10);
    memset(value + 10, 'A', big - 10);
    assert_int_equal(spnegoHttpParseNegotiate(value, (unsigned long)big, &tok, &len),
                     SPNEGO_E_TOO_LARGE);
    assert_int_equal(spnegoHttpDecodeNegotiate(value, (unsigned long)big, out, &out_len),
                     SPNEGO_E_TOO_LARGE);
    assert_int_equal(spnegoHttpParseNegotiate(value, at_limit + 1, &tok, &len),
                     SPNEGO_E_TOO_LARGE);
    /* exactly the limit is parsed */
    assert_int_equal(spnegoHttpParseNegotiate(value, at_limit, &tok, &len), SPNEGO_E_SUCCESS);
    assert_ptr_equal(tok, value + 10);
    assert_int_equal(len, at_limit - 10);
    free(value);
}

/* ---- decode and format ---- */

static void expect_decode_vector(const char *header, const char *vector)
{
    size_t want_len = 0;
    unsigned char *want = spnego_test_read_vector(vector, &want_len);
    unsigned char *out = (unsigned char *)malloc(want_len + 4);
    unsigned long len;

    assert_non_null(out);
    len = 0;
    assert_int_equal(spnegoHttpDecodeNegotiate(header, ul_strlen(header), NULL, &len),
                     SPNEGO_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, want_len);
    len = (unsigned long)want_len - 1;
    assert_int_equal(spnegoHttpDecodeNegotiate(header, ul_strlen(header), out, &len),
                     SPNEGO_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, want_len);
    len = (unsigned long)want_len;
    assert_int_equal(spnegoHttpDecodeNegotiate(header, ul_strlen(header), out, &len),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(len, want_len);
    assert_memory_equal(out, want, want_len);
    free(out);
    free(want);
}

static void torture_http_decode_vectors(void **state)
{
    unsigned char out[16];
    unsigned long len = sizeof(out);
    (void)state;

    /* gokrb5 v8/spnego/http.go spnegoNegTokenRespReject */
    expect_decode_vector("Negotiate oQcwBaADCgEC", "gokrb5-http-reject.der");
    /* gokrb5 issue #496 WWW-Authenticate value */
    expect_decode_vector("Negotiate oRQwEqADCgEBoQsGCSqGSIb3EgECAg==",
                         "gokrb5-issue496-server-accept-incomplete.der");
    expect_decode_vector("  negotiate\toRQwEqADCgEBoQsGCSqGSIb3EgECAg== ",
                         "gokrb5-issue496-server-accept-incomplete.der");
    /* bare challenge, other scheme, bad base64 */
    assert_int_equal(spnegoHttpDecodeNegotiate("Negotiate", 9, out, &len),
                     SPNEGO_E_ELEMENT_UNAVAILABLE);
    assert_int_equal(spnegoHttpDecodeNegotiate("Basic oQcwBaADCgEC", 18, out, &len),
                     SPNEGO_E_INVALID_HEADER);
    assert_int_equal(spnegoHttpDecodeNegotiate("Negotiate oQcwBaADCgE", 21, out, &len),
                     SPNEGO_E_INVALID_BASE64);
    assert_int_equal(spnegoHttpDecodeNegotiate("Negotiate oQcw-aADCgEC", 22, out, &len),
                     SPNEGO_E_INVALID_BASE64);
    assert_int_equal(spnegoHttpDecodeNegotiate("Negotiate oQcwBaADCgEC", 22, out, NULL),
                     SPNEGO_E_INVALID_PARAMETER);
}

static void torture_http_format(void **state)
{
    static const unsigned char reject[] = {0xA1, 0x07, 0x30, 0x05, 0xA0,
                                           0x03, 0x0A, 0x01, 0x02};
    char out[64];
    unsigned long len;
    size_t i;
    (void)state;

    /* "Negotiate oQcwBaADCgEC" + NUL = 23 */
    len = 0;
    assert_int_equal(spnegoHttpFormatNegotiate(reject, 9, NULL, &len),
                     SPNEGO_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, 23);
    memset(out, 'Z', sizeof(out));
    len = 22;
    assert_int_equal(spnegoHttpFormatNegotiate(reject, 9, out, &len),
                     SPNEGO_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, 23);
    for (i = 0; i < sizeof(out); i++) {
        assert_int_equal(out[i], 'Z');
    }
    len = 23;
    assert_int_equal(spnegoHttpFormatNegotiate(reject, 9, out, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, 23);
    assert_string_equal(out, "Negotiate oQcwBaADCgEC");
    assert_int_equal(out[23], 'Z');
    len = sizeof(out);
    assert_int_equal(spnegoHttpFormatNegotiate(reject, 9, out, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, 23);

    /* bare challenge: "Negotiate" + NUL */
    len = 0;
    assert_int_equal(spnegoHttpFormatNegotiate(NULL, 0, NULL, &len),
                     SPNEGO_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, 10);
    memset(out, 'Z', sizeof(out));
    len = 9;
    assert_int_equal(spnegoHttpFormatNegotiate(NULL, 0, out, &len),
                     SPNEGO_E_BUFFER_TOO_SMALL);
    assert_int_equal(out[0], 'Z');
    len = 10;
    assert_int_equal(spnegoHttpFormatNegotiate(NULL, 0, out, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, 10);
    assert_string_equal(out, "Negotiate");
    assert_int_equal(out[10], 'Z');

    /* arguments */
    assert_int_equal(spnegoHttpFormatNegotiate(reject, 0, out, &len),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoHttpFormatNegotiate(NULL, 9, out, &len),
                     SPNEGO_E_INVALID_PARAMETER);
    assert_int_equal(spnegoHttpFormatNegotiate(reject, 9, out, NULL),
                     SPNEGO_E_INVALID_PARAMETER);
}

static void torture_http_format_round_trip(void **state)
{
    size_t tok_len = 0;
    unsigned char *tok = spnego_test_read_vector("kerberosnet-ticket-delegation.der", &tok_len);
    /* 3554 bytes -> 1185 groups -> 4740 chars; "Negotiate " + text + NUL */
    unsigned long need = 10 + 4740 + 1;
    char *header = (char *)malloc(need);
    unsigned char *back = (unsigned char *)malloc(tok_len);
    const char *b64 = NULL;
    unsigned long b64_len = 0;
    unsigned long len;
    SPNEGO_TOKEN_HANDLE h = NULL;
    (void)state;

    assert_non_null(header);
    assert_non_null(back);
    assert_int_equal(tok_len, 3554);
    len = 0;
    assert_int_equal(spnegoHttpFormatNegotiate(tok, 3554, NULL, &len),
                     SPNEGO_E_BUFFER_TOO_SMALL);
    assert_int_equal(len, need);
    assert_int_equal(spnegoHttpFormatNegotiate(tok, 3554, header, &len), SPNEGO_E_SUCCESS);
    assert_int_equal(len, need);
    assert_int_equal(strlen(header), need - 1);
    /* 60 82 0d de 06 06 -> "YIIN3gYG" */
    assert_memory_equal(header, "Negotiate YIIN3gYG", 18);
    assert_int_equal(spnegoHttpParseNegotiate(header, need - 1, &b64, &b64_len),
                     SPNEGO_E_SUCCESS);
    assert_ptr_equal(b64, header + 10);
    assert_int_equal(b64_len, 4740);
    len = (unsigned long)tok_len;
    assert_int_equal(spnegoHttpDecodeNegotiate(header, need - 1, back, &len),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(len, tok_len);
    assert_memory_equal(back, tok, tok_len);
    /* and the decoded bytes are a SPNEGO NegTokenInit */
    assert_int_equal(spnegoInitFromBinary(back, len, &h), SPNEGO_E_SUCCESS);
    spnegoFreeData(h);
    free(back);
    free(header);
    free(tok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(torture_http_b64_rfc4648_encode),
        cmocka_unit_test(torture_http_b64_rfc4648_decode),
        cmocka_unit_test(torture_http_b64_copy_out),
        cmocka_unit_test(torture_http_b64_decode_errors),
        cmocka_unit_test(torture_http_b64_padding_bits),
        cmocka_unit_test(torture_http_b64_too_large),
        cmocka_unit_test(torture_http_parse_ok),
        cmocka_unit_test(torture_http_parse_errors),
        cmocka_unit_test(torture_http_too_large),
        cmocka_unit_test(torture_http_decode_vectors),
        cmocka_unit_test(torture_http_format),
        cmocka_unit_test(torture_http_format_round_trip),
    };

    spnego_test_alloc_reset(-1);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
