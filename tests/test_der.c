/*
 * test_der.c - L0 unit tests: the DER reader and the reverse writer of
 * src/spnego_der.h, called directly.
 *
 * Every input lives in an exact-size heap block so ASan and valgrind see
 * any read past its end. Rows name the rule they exercise; the tests named
 * regress_2002_* pin the bugs of the 2002 sample parser (3-byte lengths,
 * over-read after a length octet, zero-length last element, a length
 * whose top octet has its high bit set taken as negative).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "spnego_der.h"

/* Every TLV output starts defined: gcc -O2 cannot see that a failed
 * cmocka assertion stops the test, and would warn on later reads. */
#define DER_TLV_ZERO {0, {NULL, 0}, {NULL, 0}, 0}
#include "spnego_test.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* hex bytes followed by fill_len pattern bytes, in one exact-size block. */
static unsigned char *der_input(const char *hex, size_t fill_len, size_t *out_len)
{
    size_t hex_len = 0;
    unsigned char *head = spnego_test_hex(hex, &hex_len);
    size_t total = hex_len + fill_len;
    unsigned char *buf = (unsigned char *)malloc(total > 0 ? total : 1);
    size_t i;

    assert_non_null(buf);
    if (hex_len > 0) {
        memcpy(buf, head, hex_len);
    }
    for (i = 0; i < fill_len; i++) {
        buf[hex_len + i] = (unsigned char)(i * 7u + 1u);
    }
    free(head);
    *out_len = total;
    return buf;
}

/* ------------------------------------------------------------------ */
/* spnego_der_get_any: one row per header form                         */
/* ------------------------------------------------------------------ */

struct header_row {
    const char *name;
    const char *hex;   /* identifier and length octets (maybe partial) */
    size_t fill_len;   /* content bytes present after them */
    enum spnego_der_status status;
    size_t header_len; /* when OK */
    size_t content_len;
    int nonminimal;
};

static const struct header_row header_rows[] = {
    {"short 0", "0400", 0, SPNEGO_DER_OK, 2, 0, 0},
    {"short 1", "0401", 1, SPNEGO_DER_OK, 2, 1, 0},
    {"short 127", "047f", 127, SPNEGO_DER_OK, 2, 127, 0},
    {"long1 128", "048180", 128, SPNEGO_DER_OK, 3, 128, 0},
    {"long1 255", "0481ff", 255, SPNEGO_DER_OK, 3, 255, 0},
    {"long2 256", "04820100", 256, SPNEGO_DER_OK, 4, 256, 0},
    {"long2 65535", "0482ffff", 65535, SPNEGO_DER_OK, 4, 65535, 0},
    {"long3 65536", "0483010000", 65536, SPNEGO_DER_OK, 5, 65536, 0},
    {"long3 16777215", "0483ffffff", 16777215, SPNEGO_DER_OK, 5, 16777215, 0},
    {"long4 16777216", "048401000000", 16777216, SPNEGO_DER_OK, 6, 16777216, 0},
    {"constructed context tag", "a203", 3, SPNEGO_DER_OK, 2, 3, 0},
    {"application tag", "6000", 0, SPNEGO_DER_OK, 2, 0, 0},
    /* X.690 10.1: reported, not refused (policy is the caller's). */
    {"nonminimal 81 05", "048105", 5, SPNEGO_DER_OK, 3, 5, 1},
    {"nonminimal 81 7f", "04817f", 127, SPNEGO_DER_OK, 3, 127, 1},
    {"nonminimal 82 00 80", "04820080", 128, SPNEGO_DER_OK, 4, 128, 1},
    {"nonminimal 82 00 05", "04820005", 5, SPNEGO_DER_OK, 4, 5, 1},
    {"nonminimal 83 00 01 00", "0483000100", 256, SPNEGO_DER_OK, 5, 256, 1},
    {"nonminimal 84 00 00 00 05", "048400000005", 5, SPNEGO_DER_OK, 6, 5, 1},
    {"nonminimal 81 00", "048100", 0, SPNEGO_DER_OK, 3, 0, 1},
    /* X.690 8.1.3.6 / 10.1: indefinite form. */
    {"indefinite 80", "0480", 4, SPNEGO_DER_BAD_LENGTH, 0, 0, 0},
    /* X.690 8.1.3.5 c): reserved. */
    {"reserved ff", "04ff", 4, SPNEGO_DER_BAD_LENGTH, 0, 0, 0},
    {"five octets 85", "04850000000001", 1, SPNEGO_DER_BAD_LENGTH, 0, 0, 0},
    {"127 octets ff-1", "04fe", 4, SPNEGO_DER_BAD_LENGTH, 0, 0, 0},
    {"high tag 1f", "1f0100", 0, SPNEGO_DER_HIGH_TAG, 0, 0, 0},
    {"high tag bf 1f", "bf1f0100", 0, SPNEGO_DER_HIGH_TAG, 0, 0, 0},
    {"empty view", "", 0, SPNEGO_DER_TRUNCATED, 0, 0, 0},
    {"tag only", "04", 0, SPNEGO_DER_TRUNCATED, 0, 0, 0},
    {"short past end", "0405", 4, SPNEGO_DER_TRUNCATED, 0, 0, 0},
    {"long1 past end", "048180", 127, SPNEGO_DER_TRUNCATED, 0, 0, 0},
    {"long2 past end", "04820100", 255, SPNEGO_DER_TRUNCATED, 0, 0, 0},
    {"long3 past end", "0483010000", 65535, SPNEGO_DER_TRUNCATED, 0, 0, 0},
    {"ffffffff with 3 bytes", "0484ffffffff", 3, SPNEGO_DER_TRUNCATED, 0, 0, 0},
    {"80000000 with 4 bytes", "048480000000", 4, SPNEGO_DER_TRUNCATED, 0, 0, 0},
    {"ends in length octets 82 01", "048201", 0, SPNEGO_DER_TRUNCATED, 0, 0, 0},
    {"ends after 84", "0484", 0, SPNEGO_DER_TRUNCATED, 0, 0, 0},
};

static void check_header_row(const struct header_row *row, size_t extra)
{
    size_t len = 0;
    unsigned char *buf = der_input(row->hex, row->fill_len + extra, &len);
    struct spnego_der_view view;
    struct spnego_der_tlv tlv = DER_TLV_ZERO;
    enum spnego_der_status status;

    spnego_der_view_init(&view, buf, len);
    memset(&tlv, 0, sizeof(tlv));
    status = spnego_der_get_any(&view, &tlv);
    if (status != row->status) {
        fail_msg("%s (+%lu): status %d, expected %d", row->name,
                 (unsigned long)extra, (int)status, (int)row->status);
    }
    if (status == SPNEGO_DER_OK) {
        assert_int_equal(tlv.tag, buf[0]);
        assert_ptr_equal(tlv.whole.data, buf);
        assert_int_equal(tlv.whole.len, row->header_len + row->content_len);
        assert_ptr_equal(tlv.content.data, buf + row->header_len);
        assert_int_equal(tlv.content.len, row->content_len);
        assert_int_equal(tlv.nonminimal_len, row->nonminimal);
        assert_ptr_equal(view.data, buf + row->header_len + row->content_len);
        assert_int_equal(view.len, extra);
    } else {
        /* A failed read leaves the view unmoved. */
        assert_ptr_equal(view.data, buf);
        assert_int_equal(view.len, len);
    }
    free(buf);
}

static void test_get_any_rows(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < ARRAY_LEN(header_rows); i++) {
        check_header_row(&header_rows[i], 0);
        /* One more byte after the element: it stays in the view. Rows
         * that fail for want of bytes are skipped (the extra byte would
         * complete them). */
        if (header_rows[i].status != SPNEGO_DER_TRUNCATED) {
            check_header_row(&header_rows[i], 1);
        }
    }
}

/* get_tag: the tag is checked before the length and a mismatch never
 * moves the view. */
static void test_get_tag(void **state)
{
    size_t len = 0;
    unsigned char *buf = der_input("0403aabbcc", 0, &len);
    struct spnego_der_view view;
    struct spnego_der_tlv tlv = DER_TLV_ZERO;

    (void)state;
    spnego_der_view_init(&view, buf, len);
    assert_int_equal(spnego_der_get_tag(&view, 0x30, &tlv), SPNEGO_DER_WRONG_TAG);
    assert_ptr_equal(view.data, buf);
    assert_int_equal(view.len, 5);
    assert_int_equal(spnego_der_get_tag(&view, 0x04, &tlv), SPNEGO_DER_OK);
    assert_int_equal(tlv.content.len, 3);
    assert_ptr_equal(tlv.content.data, buf + 2);
    assert_int_equal(view.len, 0);
    /* Empty view: nothing to read, whatever the tag. */
    assert_int_equal(spnego_der_get_tag(&view, 0x04, &tlv), SPNEGO_DER_TRUNCATED);
    free(buf);

    /* Wrong tag wins over a broken length; the view stays put. */
    buf = der_input("0480", 0, &len);
    spnego_der_view_init(&view, buf, len);
    assert_int_equal(spnego_der_get_tag(&view, 0x30, &tlv), SPNEGO_DER_WRONG_TAG);
    assert_int_equal(spnego_der_get_tag(&view, 0x04, &tlv), SPNEGO_DER_BAD_LENGTH);
    assert_ptr_equal(view.data, buf);
    assert_int_equal(view.len, 2);
    free(buf);

    /* bf 1f is [31] in high-tag form, never [1] (a1) or anything else. */
    buf = der_input("bf1f0100", 0, &len);
    spnego_der_view_init(&view, buf, len);
    assert_int_equal(spnego_der_get_tag(&view, 0xa1, &tlv), SPNEGO_DER_HIGH_TAG);
    assert_int_equal(spnego_der_get_tag(&view, 0xbf, &tlv), SPNEGO_DER_HIGH_TAG);
    assert_ptr_equal(view.data, buf);
    assert_int_equal(view.len, 4);
    free(buf);
}

static void test_peek_tag(void **state)
{
    size_t len = 0;
    unsigned char *buf = der_input("a100", 0, &len);
    struct spnego_der_view view;
    unsigned tag = 0x1234u;

    (void)state;
    spnego_der_view_init(&view, buf, 0);
    assert_int_equal(spnego_der_peek_tag(&view, &tag), 0);
    assert_int_equal(tag, 0x1234u); /* untouched */
    spnego_der_view_init(&view, buf, len);
    assert_int_equal(spnego_der_peek_tag(&view, &tag), 1);
    assert_int_equal(tag, 0xa1u);
    assert_ptr_equal(view.data, buf); /* peek does not consume */
    assert_int_equal(view.len, 2);
    free(buf);
}

/* ------------------------------------------------------------------ */
/* OIDs, small integers, bit strings                                   */
/* ------------------------------------------------------------------ */

struct oid_row {
    const char *name;
    const char *hex; /* content bytes */
    enum spnego_der_status status;
};

static const struct oid_row oid_rows[] = {
    {"empty", "", SPNEGO_DER_BAD_OID},
    {"krb5", "2a864886f712010202", SPNEGO_DER_OK},
    {"spnego", "2b0601050502", SPNEGO_DER_OK},
    {"single 0.0", "00", SPNEGO_DER_OK},
    {"77-bit arc", "2affffffffffffffffffff7f", SPNEGO_DER_OK},
    {"0x80 inside a subid is fine", "2a818001", SPNEGO_DER_OK},
    {"0x80 leading first subid", "80", SPNEGO_DER_BAD_OID},
    {"0x80 leading first subid 80 01", "800106", SPNEGO_DER_BAD_OID},
    {"0x80 leading later subid", "2a8001", SPNEGO_DER_BAD_OID},
    {"0x80 leading last subid", "2a864886f71201028002", SPNEGO_DER_BAD_OID},
    {"unterminated single", "86", SPNEGO_DER_BAD_OID},
    {"unterminated last", "2a864886f712010282", SPNEGO_DER_BAD_OID},
    {"unterminated lone 80", "2a80", SPNEGO_DER_BAD_OID},
};

static void test_check_oid(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < ARRAY_LEN(oid_rows); i++) {
        size_t len = 0;
        unsigned char *buf = der_input(oid_rows[i].hex, 0, &len);
        enum spnego_der_status status = spnego_der_check_oid(buf, len);
        if (status != oid_rows[i].status) {
            fail_msg("oid %s: %d, expected %d", oid_rows[i].name, (int)status,
                     (int)oid_rows[i].status);
        }
        free(buf);
    }
}

struct int_row {
    const char *hex;
    enum spnego_der_status status;
    long value;
};

static const struct int_row int_rows[] = {
    {"", SPNEGO_DER_BAD_VALUE, 0},
    {"00", SPNEGO_DER_OK, 0},
    {"01", SPNEGO_DER_OK, 1},
    {"03", SPNEGO_DER_OK, 3},
    {"7f", SPNEGO_DER_OK, 127},
    {"80", SPNEGO_DER_OK, -128},
    {"ff", SPNEGO_DER_OK, -1},
    {"0080", SPNEGO_DER_OK, 128},
    {"ff7f", SPNEGO_DER_OK, -129},
    {"0100", SPNEGO_DER_OK, 256},
    {"7fffff", SPNEGO_DER_OK, 8388607L},
    {"7fffffff", SPNEGO_DER_OK, 2147483647L},
    {"80000000", SPNEGO_DER_OK, -2147483647L - 1},
    {"ffffff7f", SPNEGO_DER_NOT_MINIMAL, 0}, /* nine leading one bits */
    {"0001", SPNEGO_DER_NOT_MINIMAL, 0},
    {"0000", SPNEGO_DER_NOT_MINIMAL, 0},
    {"ff80", SPNEGO_DER_NOT_MINIMAL, 0},
    {"ffff", SPNEGO_DER_NOT_MINIMAL, 0},
    {"0000007f", SPNEGO_DER_NOT_MINIMAL, 0},
    {"0100000000", SPNEGO_DER_BAD_VALUE, 0},
    {"0000000001", SPNEGO_DER_BAD_VALUE, 0},
    {"ff00000000", SPNEGO_DER_BAD_VALUE, 0},
};

static void test_small_int(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < ARRAY_LEN(int_rows); i++) {
        const struct int_row *row = &int_rows[i];
        struct spnego_der_view content;
        size_t len = 0;
        unsigned char *buf = der_input(row->hex, 0, &len);
        enum spnego_der_status expect = row->status;
        long value = 12345;
        enum spnego_der_status status;

        spnego_der_view_init(&content, buf, len);
        status = spnego_der_parse_small_int(&content, &value);
        if (status != expect) {
            fail_msg("int %s: %d, expected %d", row->hex, (int)status, (int)expect);
        }
        if (status == SPNEGO_DER_OK && value != row->value) {
            fail_msg("int %s: value %ld, expected %ld", row->hex, value, row->value);
        }
        free(buf);
    }
}

struct bits_row {
    const char *hex; /* BIT STRING content, unused-bits octet first */
    enum spnego_der_status status;
    unsigned char first;
    int minimal;
};

static const struct bits_row bits_rows[] = {
    {"", SPNEGO_DER_BAD_VALUE, 0, 0},         /* no unused-bits octet */
    {"00", SPNEGO_DER_OK, 0, 1},              /* zero bits */
    {"01", SPNEGO_DER_BAD_VALUE, 0, 0},       /* 8.6.2.3: no octets, unused 1 */
    {"07", SPNEGO_DER_BAD_VALUE, 0, 0},
    {"0840", SPNEGO_DER_BAD_VALUE, 0, 0},     /* unused 8 */
    {"0876", SPNEGO_DER_BAD_VALUE, 0, 0},
    {"ff40", SPNEGO_DER_BAD_VALUE, 0, 0},
    {"0177", SPNEGO_DER_BAD_VALUE, 0, 0},     /* 11.2.1: padding bit set */
    {"0741", SPNEGO_DER_BAD_VALUE, 0, 0},
    {"020140", SPNEGO_DER_OK, 0x01, 0},       /* last used bit 0 */
    {"020104", SPNEGO_DER_OK, 0x01, 1},       /* last used bit 1 */
    {"024001", SPNEGO_DER_BAD_VALUE, 0, 0},   /* padding in the LAST octet */
    {"0640", SPNEGO_DER_OK, 0x40, 1},         /* DER mutual */
    {"0140", SPNEGO_DER_OK, 0x40, 0},         /* MIT/Java 03 02 01 40 */
    {"0040", SPNEGO_DER_OK, 0x40, 0},
    {"0780", SPNEGO_DER_OK, 0x80, 1},         /* deleg alone */
    {"0080", SPNEGO_DER_OK, 0x80, 0},
    {"0001", SPNEGO_DER_OK, 0x01, 1},
    {"0176", SPNEGO_DER_OK, 0x76, 1},         /* gokrb5/Java: happens to be DER */
    {"0004", SPNEGO_DER_OK, 0x04, 0},         /* pyspnego */
    {"0204", SPNEGO_DER_OK, 0x04, 1},
    {"0440", SPNEGO_DER_OK, 0x40, 0},
    {"0000", SPNEGO_DER_OK, 0x00, 0},         /* one zero octet */
    {"024000", SPNEGO_DER_OK, 0x40, 0},       /* trailing zero octet */
    {"00ff01", SPNEGO_DER_OK, 0xff, 1},
};

static void test_bit_string(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < ARRAY_LEN(bits_rows); i++) {
        const struct bits_row *row = &bits_rows[i];
        struct spnego_der_view content;
        size_t len = 0;
        unsigned char *buf = der_input(row->hex, 0, &len);
        unsigned char first = 0xAA;
        int minimal = -1;
        enum spnego_der_status status;

        spnego_der_view_init(&content, buf, len);
        status = spnego_der_parse_bit_string(&content, &first, &minimal);
        if (status != row->status) {
            fail_msg("bits %s: %d, expected %d", row->hex, (int)status, (int)row->status);
        }
        if (status == SPNEGO_DER_OK &&
            (first != row->first || minimal != row->minimal)) {
            fail_msg("bits %s: first %02x minimal %d, expected %02x %d", row->hex,
                     first, minimal, row->first, row->minimal);
        }
        free(buf);
    }
}

/* ------------------------------------------------------------------ */
/* sizes and the writer                                                */
/* ------------------------------------------------------------------ */

struct size_row {
    size_t content_len;
    size_t len_size;
    const char *len_hex; /* the length octets the writer emits */
};

static const struct size_row size_rows[] = {
    {0, 1, "00"},
    {1, 1, "01"},
    {127, 1, "7f"},
    {128, 2, "8180"},
    {255, 2, "81ff"},
    {256, 3, "820100"},
    {65535, 3, "82ffff"},
    {65536, 4, "83010000"},
    {16777215, 4, "83ffffff"},
    {16777216, 5, "8401000000"},
    {0xFFFFFFFFUL, 5, "84ffffffff"},
};

static void test_sizes_and_put_len(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < ARRAY_LEN(size_rows); i++) {
        const struct size_row *row = &size_rows[i];
        size_t expect_len = 0;
        unsigned char *expect = spnego_test_hex(row->len_hex, &expect_len);
        unsigned char buf[8];
        struct spnego_der_writer w;
        size_t tlv = 0;

        assert_int_equal(spnego_der_len_size(row->content_len), row->len_size);
        assert_int_equal(expect_len, row->len_size);
        if (row->content_len <= SIZE_MAX - 6) {
            assert_int_equal(spnego_der_tlv_size(row->content_len, &tlv), 1);
            assert_int_equal(tlv, 1 + row->len_size + row->content_len);
        } else {
            /* 32-bit size_t: 0xFFFFFFFF + 6 does not fit. */
            assert_int_equal(spnego_der_tlv_size(row->content_len, &tlv), 0);
        }
        /* put_len into exactly len_size bytes, then into one less. */
        memset(buf, 0xEE, sizeof(buf));
        spnego_der_writer_init(&w, buf + 1, row->len_size);
        assert_int_equal(spnego_der_put_len(&w, row->content_len), SPNEGO_DER_OK);
        assert_int_equal(spnego_der_writer_room(&w), 0);
        assert_ptr_equal(w.pos, buf + 1);
        assert_memory_equal(buf + 1, expect, expect_len);
        assert_int_equal(buf[0], 0xEE);
        assert_int_equal(buf[1 + row->len_size], 0xEE);

        memset(buf, 0xEE, sizeof(buf));
        spnego_der_writer_init(&w, buf + 1, row->len_size - 1);
        assert_int_equal(spnego_der_put_len(&w, row->content_len), SPNEGO_DER_NO_ROOM);
        assert_int_equal(spnego_der_writer_room(&w), row->len_size - 1);
        assert_int_equal(buf[0], 0xEE);
        assert_int_equal(buf[1], 0xEE); /* nothing written on failure */
        free(expect);
    }
}

/* Lengths past four octets: refused by the size function and the writer
 * (only where size_t can hold them). */
static void test_sizes_over_4_octets(void **state)
{
    (void)state;
#if SIZE_MAX > 0xFFFFFFFFUL
    {
        unsigned char buf[8];
        struct spnego_der_writer w;
        size_t tlv = 777;
        size_t big = (size_t)0xFFFFFFFFUL + 1u;

        assert_int_equal(spnego_der_len_size(big), 5);
        assert_int_equal(spnego_der_tlv_size(big, &tlv), 0);
        assert_int_equal(tlv, 777);
        assert_int_equal(spnego_der_tlv_size(SIZE_MAX, &tlv), 0);
        memset(buf, 0xEE, sizeof(buf));
        spnego_der_writer_init(&w, buf, sizeof(buf));
        assert_int_equal(spnego_der_put_len(&w, big), SPNEGO_DER_BAD_LENGTH);
        assert_int_equal(spnego_der_writer_room(&w), sizeof(buf));
        assert_int_equal(spnego_der_put_header(&w, 0x04, big), SPNEGO_DER_BAD_LENGTH);
        assert_int_equal(spnego_der_writer_room(&w), sizeof(buf));
        assert_int_equal(buf[7], 0xEE);
    }
#endif
    {
        size_t out = 0;
        assert_int_equal(spnego_der_add(SIZE_MAX, 1, &out), 0);
        assert_int_equal(spnego_der_add(SIZE_MAX - 1, 1, &out), 1);
        assert_true(out == SIZE_MAX);
        assert_int_equal(spnego_der_add(0, 0, &out), 1);
        assert_int_equal(out, 0);
    }
}

/* Write a TLV of every length class with the writer, read it back. */
static void test_write_read_round_trip(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < ARRAY_LEN(size_rows); i++) {
        size_t content_len = size_rows[i].content_len;
        size_t total = 0;
        unsigned char *content;
        unsigned char *buf;
        struct spnego_der_writer w;
        struct spnego_der_view view;
        struct spnego_der_tlv tlv = DER_TLV_ZERO;
        size_t j;

        if (content_len > 16777216u) {
            continue; /* 4 GiB: size checks only (above) */
        }
        assert_int_equal(spnego_der_tlv_size(content_len, &total), 1);
        content = (unsigned char *)malloc(content_len > 0 ? content_len : 1);
        buf = (unsigned char *)malloc(total);
        assert_non_null(content);
        assert_non_null(buf);
        for (j = 0; j < content_len; j++) {
            content[j] = (unsigned char)(j ^ (j >> 8));
        }
        spnego_der_writer_init(&w, buf, total);
        assert_int_equal(spnego_der_put_raw(&w, content, content_len), SPNEGO_DER_OK);
        assert_int_equal(spnego_der_put_header(&w, 0x04, content_len), SPNEGO_DER_OK);
        assert_int_equal(spnego_der_writer_room(&w), 0);
        assert_int_equal(buf[0], 0x04);

        spnego_der_view_init(&view, buf, total);
        assert_int_equal(spnego_der_get_any(&view, &tlv), SPNEGO_DER_OK);
        assert_int_equal(tlv.tag, 0x04);
        assert_int_equal(tlv.nonminimal_len, 0);
        assert_int_equal(tlv.content.len, content_len);
        assert_ptr_equal(tlv.content.data, buf + 1 + size_rows[i].len_size);
        assert_int_equal(view.len, 0);
        assert_true(content_len == 0 ||
                    memcmp(tlv.content.data, content, content_len) == 0);
        free(buf);
        free(content);
    }
}

/*
 * The nested TLV the writer tests build:
 *   30 81 8c
 *      06 03 2a 03 04
 *      04 81 80 <128 bytes 00..7f>
 *      a0 02 04 00
 */
#define NESTED_SIZE (3 + 5 + 131 + 4)

static enum spnego_der_status write_nested(struct spnego_der_writer *w,
                                           const unsigned char *blob)
{
    static const unsigned char oid[3] = {0x2a, 0x03, 0x04};
    enum spnego_der_status status = SPNEGO_DER_OK;
    size_t mark = spnego_der_writer_room(w);
    int step;

    /* Back to front; each put either succeeds or leaves the writer where
     * it was. */
    for (step = 0; step < 8 && status == SPNEGO_DER_OK; step++) {
        size_t before = spnego_der_writer_room(w);
        switch (step) {
        case 0:
            status = spnego_der_put_header(w, 0x04, 0);
            break;
        case 1:
            status = spnego_der_put_header(w, 0xa0, 2);
            break;
        case 2:
            status = spnego_der_put_raw(w, blob, 128);
            break;
        case 3:
            status = spnego_der_put_header(w, 0x04, 128);
            break;
        case 4:
            status = spnego_der_put_raw(w, oid, sizeof(oid));
            break;
        case 5:
            status = spnego_der_put_byte(w, 0x03);
            break;
        case 6:
            status = spnego_der_put_byte(w, 0x06);
            break;
        default:
            status = spnego_der_put_header(w, 0x30, mark - before);
            break;
        }
        if (status != SPNEGO_DER_OK) {
            assert_int_equal(spnego_der_writer_room(w), before);
        }
    }
    return status;
}

#define GUARD_LEN 16

static void test_writer_every_buffer_size(void **state)
{
    unsigned char blob[128];
    unsigned char expect[NESTED_SIZE];
    unsigned char *block;
    size_t size;
    size_t i;
    size_t inner = 0;
    size_t nested = 0;

    (void)state;
    for (i = 0; i < sizeof(blob); i++) {
        blob[i] = (unsigned char)i;
    }
    /* The size functions agree with the hand count. */
    assert_int_equal(spnego_der_tlv_size(128, &inner), 1);
    assert_int_equal(inner, 131);
    assert_int_equal(spnego_der_tlv_size(5 + 131 + 4, &nested), 1);
    assert_int_equal(nested, NESTED_SIZE);

    memcpy(expect, "\x30\x81\x8c\x06\x03\x2a\x03\x04\x04\x81\x80", 11);
    memcpy(expect + 11, blob, 128);
    memcpy(expect + 139, "\xa0\x02\x04\x00", 4);

    block = (unsigned char *)malloc(NESTED_SIZE + 2 * GUARD_LEN + 1);
    assert_non_null(block);
    for (size = 0; size <= NESTED_SIZE + 1; size++) {
        struct spnego_der_writer w;
        enum spnego_der_status status;

        memset(block, 0x5A, NESTED_SIZE + 2 * GUARD_LEN + 1);
        spnego_der_writer_init(&w, block + GUARD_LEN, size);
        status = write_nested(&w, blob);
        if (size < NESTED_SIZE) {
            assert_int_equal(status, SPNEGO_DER_NO_ROOM);
        } else {
            assert_int_equal(status, SPNEGO_DER_OK);
            assert_int_equal(spnego_der_writer_room(&w), size - NESTED_SIZE);
            assert_ptr_equal(w.pos, block + GUARD_LEN + size - NESTED_SIZE);
            assert_memory_equal(w.pos, expect, NESTED_SIZE);
        }
        /* Nothing outside [start, start + size). */
        for (i = 0; i < GUARD_LEN; i++) {
            assert_int_equal(block[i], 0x5A);
        }
        for (i = GUARD_LEN + size; i < NESTED_SIZE + 2 * GUARD_LEN + 1; i++) {
            assert_int_equal(block[i], 0x5A);
        }
    }
    free(block);
}

/* put_raw/put_byte/put_header on a zero-size buffer and with len 0. */
static void test_writer_edges(void **state)
{
    unsigned char buf[4] = {0x11, 0x22, 0x33, 0x44};
    struct spnego_der_writer w;

    (void)state;
    spnego_der_writer_init(&w, buf + 2, 0);
    assert_int_equal(spnego_der_put_raw(&w, buf, 0), SPNEGO_DER_OK);
    assert_int_equal(spnego_der_put_byte(&w, 0x99), SPNEGO_DER_NO_ROOM);
    assert_int_equal(spnego_der_put_raw(&w, buf, 1), SPNEGO_DER_NO_ROOM);
    assert_int_equal(spnego_der_put_header(&w, 0x04, 0), SPNEGO_DER_NO_ROOM);
    spnego_der_writer_init(&w, buf + 2, 1);
    assert_int_equal(spnego_der_put_header(&w, 0x04, 0), SPNEGO_DER_NO_ROOM);
    assert_int_equal(spnego_der_writer_room(&w), 1);
    assert_memory_equal(buf, "\x11\x22\x33\x44", 4);
    spnego_der_writer_init(&w, buf, 2);
    assert_int_equal(spnego_der_put_header(&w, 0x05, 0), SPNEGO_DER_OK);
    assert_memory_equal(buf, "\x05\x00\x33\x44", 4);
}

/* ------------------------------------------------------------------ */
/* Regressions of the 2002 sample parser                               */
/* ------------------------------------------------------------------ */

/* 2002 read and wrote 3-byte lengths wrongly: 83 01 00 00 is 65536. */
static void test_regress_2002_three_byte_length(void **state)
{
    static const size_t lens[] = {65536u, 65537u, 1000000u, 16777215u};
    size_t i;

    (void)state;
    for (i = 0; i < ARRAY_LEN(lens); i++) {
        size_t total = 0;
        unsigned char *buf;
        struct spnego_der_writer w;
        struct spnego_der_view view;
        struct spnego_der_tlv tlv = DER_TLV_ZERO;

        assert_int_equal(spnego_der_len_size(lens[i]), 4);
        assert_int_equal(spnego_der_tlv_size(lens[i], &total), 1);
        assert_int_equal(total, lens[i] + 5);
        buf = (unsigned char *)calloc(1, total);
        assert_non_null(buf);
        spnego_der_writer_init(&w, buf, total);
        w.pos -= lens[i]; /* content is zeros, already in place */
        assert_int_equal(spnego_der_put_header(&w, 0xa2, lens[i]), SPNEGO_DER_OK);
        assert_ptr_equal(w.pos, buf);
        assert_int_equal(buf[0], 0xa2);
        assert_int_equal(buf[1], 0x83);
        assert_int_equal(buf[2], (lens[i] >> 16) & 0xFFu);
        assert_int_equal(buf[3], (lens[i] >> 8) & 0xFFu);
        assert_int_equal(buf[4], lens[i] & 0xFFu);
        spnego_der_view_init(&view, buf, total);
        assert_int_equal(spnego_der_get_any(&view, &tlv), SPNEGO_DER_OK);
        assert_int_equal(tlv.content.len, lens[i]);
        assert_int_equal(tlv.nonminimal_len, 0);
        free(buf);
    }
}

/* 2002 read the length octets after `a1 81` without checking they were
 * there. In an exact-size block the reader must stop at the end. */
static void test_regress_2002_a1_81_no_overread(void **state)
{
    static const char *const inputs[] = {"a181", "a182", "a18201", "a184000000", "a1"};
    size_t i;

    (void)state;
    for (i = 0; i < ARRAY_LEN(inputs); i++) {
        size_t len = 0;
        unsigned char *buf = der_input(inputs[i], 0, &len);
        struct spnego_der_view view;
        struct spnego_der_tlv tlv = DER_TLV_ZERO;

        spnego_der_view_init(&view, buf, len);
        assert_int_equal(spnego_der_get_any(&view, &tlv), SPNEGO_DER_TRUNCATED);
        assert_int_equal(spnego_der_get_tag(&view, 0xa1, &tlv), SPNEGO_DER_TRUNCATED);
        assert_ptr_equal(view.data, buf);
        assert_int_equal(view.len, len);
        free(buf);
    }
}

/* A zero-length element as the very last bytes (04 00 at the end). */
static void test_regress_2002_zero_length_last(void **state)
{
    size_t len = 0;
    unsigned char *buf = der_input("30050201050400", 0, &len);
    struct spnego_der_view view;
    struct spnego_der_view inner;
    struct spnego_der_tlv tlv = DER_TLV_ZERO;

    (void)state;
    spnego_der_view_init(&view, buf, len);
    assert_int_equal(spnego_der_get_tag(&view, 0x30, &tlv), SPNEGO_DER_OK);
    assert_int_equal(view.len, 0);
    inner = tlv.content;
    assert_int_equal(spnego_der_get_tag(&inner, 0x02, &tlv), SPNEGO_DER_OK);
    assert_int_equal(spnego_der_get_tag(&inner, 0x04, &tlv), SPNEGO_DER_OK);
    assert_int_equal(tlv.content.len, 0);
    assert_ptr_equal(tlv.content.data, buf + len);
    assert_int_equal(tlv.whole.len, 2);
    assert_int_equal(inner.len, 0);
    assert_ptr_equal(inner.data, buf + len);
    assert_int_equal(spnego_der_get_any(&inner, &tlv), SPNEGO_DER_TRUNCATED);
    free(buf);
}

/*
 * 84 80 00 00 00 is 2 GiB, not a negative length. With a short buffer it
 * is TRUNCATED; on 64-bit hosts a view that claims the bytes are there
 * (the reader only looks at the header) must give content.len 0x80000000.
 */
static void test_regress_2002_high_bit_length(void **state)
{
    size_t len = 0;
    unsigned char *buf = der_input("0484800000000102", 0, &len);
    struct spnego_der_view view;
    struct spnego_der_tlv tlv = DER_TLV_ZERO;

    (void)state;
    spnego_der_view_init(&view, buf, len);
    assert_int_equal(spnego_der_get_any(&view, &tlv), SPNEGO_DER_TRUNCATED);
    assert_ptr_equal(view.data, buf);
#if SIZE_MAX > 0xFFFFFFFFUL
    /* Only the 6 header bytes are ever read. */
    spnego_der_view_init(&view, buf, (size_t)0x80000006UL);
    assert_int_equal(spnego_der_get_any(&view, &tlv), SPNEGO_DER_OK);
    assert_true(tlv.content.len == (size_t)0x80000000UL);
    assert_int_equal(tlv.nonminimal_len, 0);
    assert_ptr_equal(tlv.content.data, buf + 6);
    assert_int_equal(view.len, 0);
    spnego_der_view_init(&view, buf, (size_t)0x80000005UL);
    assert_int_equal(spnego_der_get_any(&view, &tlv), SPNEGO_DER_TRUNCATED);
    assert_ptr_equal(view.data, buf);
#endif
    free(buf);

    buf = der_input("0484ffffffff", 0, &len);
    spnego_der_view_init(&view, buf, len);
    assert_int_equal(spnego_der_get_any(&view, &tlv), SPNEGO_DER_TRUNCATED);
#if SIZE_MAX > 0xFFFFFFFFUL
    spnego_der_view_init(&view, buf, (size_t)0xFFFFFFFFUL + 6u);
    assert_int_equal(spnego_der_get_any(&view, &tlv), SPNEGO_DER_OK);
    assert_true(tlv.content.len == (size_t)0xFFFFFFFFUL);
    spnego_der_view_init(&view, buf, (size_t)0xFFFFFFFFUL + 5u);
    assert_int_equal(spnego_der_get_any(&view, &tlv), SPNEGO_DER_TRUNCATED);
#endif
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_any_rows),
        cmocka_unit_test(test_get_tag),
        cmocka_unit_test(test_peek_tag),
        cmocka_unit_test(test_check_oid),
        cmocka_unit_test(test_small_int),
        cmocka_unit_test(test_bit_string),
        cmocka_unit_test(test_sizes_and_put_len),
        cmocka_unit_test(test_sizes_over_4_octets),
        cmocka_unit_test(test_write_read_round_trip),
        cmocka_unit_test(test_writer_every_buffer_size),
        cmocka_unit_test(test_writer_edges),
        cmocka_unit_test(test_regress_2002_three_byte_length),
        cmocka_unit_test(test_regress_2002_a1_81_no_overread),
        cmocka_unit_test(test_regress_2002_zero_length_last),
        cmocka_unit_test(test_regress_2002_high_bit_length),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
