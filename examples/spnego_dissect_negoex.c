/*
 * spnego_dissect_negoex.c - example program: NegoEx message streams
 * (MS-NEGOEX 2.2), message by message.
 *
 * A NegoEx mech token is a sequence of messages, each starting with a
 * 40-byte MESSAGE_HEADER ("NEGOEXTS", type, sequence number, header and
 * message lengths, conversation id). Vectors inside a message hold
 * offsets from the start of that message; each is checked against the
 * message length before it is read. The token inside an exchange message
 * (META_DATA, CHALLENGE, AP_REQUEST) goes to the other dissectors in turn
 * (a PKU2U AP_REQUEST holds a GSS-framed Kerberos AP-REQ).
 */
#include "spnego_dissect.h"

#include <string.h>

#define NX_HEADER_LEN 40u

static const char *const nx_types[8] = {
    "INITIATOR_NEGO", "ACCEPTOR_NEGO", "INITIATOR_META_DATA", "ACCEPTOR_META_DATA",
    "CHALLENGE",      "AP_REQUEST",    "VERIFY",              "ALERT",
};

/* A vector {offset u32, count or length} inside message m of m_len bytes:
 * 1 if count items of size each fit at offset. */
static int nx_fits(size_t m_len, unsigned long off, unsigned long count, size_t each)
{
    if (off > m_len) {
        return 0;
    }
    return count == 0 || (m_len - off) / each >= count;
}

/* The token of an exchange message, dissected when it is a known format.
 * dis_inner() does not come back here: allow_negoex is cleared, so the
 * nesting is at most NegoEx -> Kerberos or NTLM. */
static void nx_exchange(struct dis_ctx *c, const unsigned char *m, size_t m_len,
                        const unsigned char *vec)
{
    unsigned long off = dis_le32(vec);
    unsigned long n = dis_le32(vec + 4);
    const char *proto = c->protocol;
    const char *msg = c->message;

    if (!nx_fits(m_len, off, n, 1)) {
        (void)dis_fail(c, vec, "exchange byte vector runs past the message");
        return;
    }
    if (n == 0) {
        dis_text(c, "negoex.exchange", "exchange", vec, 8, "empty");
        return;
    }
    dis_group(c, "negoex.exchange", "exchange", m + off, (size_t)n, NULL);
    c->depth++;
    c->allow_negoex = 0;
    if (!dis_inner(c, m + off, (size_t)n)) {
        dis_bytes(c, "negoex.exchange.bytes", "bytes", m + off, (size_t)n, DIS_HEX);
    }
    c->depth--;
    c->allow_negoex = 1;
    c->protocol = proto;
    c->message = msg;
}

static void nx_nego(struct dis_ctx *c, const unsigned char *m, size_t m_len)
{
    unsigned long off;
    unsigned long n;
    unsigned long i;

    if (dis_le32(m + 16) < 96 || m_len < 96) {
        (void)dis_fail(c, m + 16, "NEGO_MESSAGE header shorter than 96 bytes");
        return;
    }
    dis_bytes(c, "negoex.random", "random", m + 40, 32, DIS_HEX);
    dis_int(c, "negoex.protocol_version", "protocol_version", m + 72, 8,
            (long long)dis_le64(m + 72));
    off = dis_le32(m + 80);
    n = dis_le16(m + 84);
    if (!nx_fits(m_len, off, n, 16)) {
        (void)dis_fail(c, m + 80, "auth scheme vector runs past the message");
        return;
    }
    dis_int(c, "negoex.auth_scheme_count", "auth_schemes", m + 80, 8, (long long)n);
    c->depth++;
    for (i = 0; i < n; i++) {
        dis_bytes(c, "negoex.auth_scheme", "auth_scheme", m + off + 16 * i, 16, DIS_GUID);
    }
    c->depth--;
    off = dis_le32(m + 88);
    n = dis_le16(m + 92);
    if (!nx_fits(m_len, off, n, 12)) {
        (void)dis_fail(c, m + 88, "extension vector runs past the message");
        return;
    }
    dis_int(c, "negoex.extension_count", "extensions", m + 88, 8, (long long)n);
    c->depth++;
    for (i = 0; i < n && !c->failed; i++) {
        const unsigned char *e = m + off + 12 * i;
        unsigned long voff = dis_le32(e + 4);
        unsigned long vlen = dis_le32(e + 8);
        dis_int(c, "negoex.extension.type", "extension_type", e, 12, (long long)dis_le32(e));
        if (!nx_fits(m_len, voff, vlen, 1)) {
            (void)dis_fail(c, e + 4, "extension value runs past the message");
            break;
        }
        c->depth++;
        dis_bytes(c, "negoex.extension.value", "value", m + voff, (size_t)vlen, DIS_HEX);
        c->depth--;
    }
    c->depth--;
}

static void nx_verify(struct dis_ctx *c, const unsigned char *m, size_t m_len)
{
    unsigned long off;
    unsigned long n;
    unsigned long scheme;

    if (dis_le32(m + 16) < 76 || m_len < 76) {
        (void)dis_fail(c, m + 16, "VERIFY_MESSAGE header shorter than 76 bytes");
        return;
    }
    dis_bytes(c, "negoex.auth_scheme", "auth_scheme", m + 40, 16, DIS_GUID);
    scheme = dis_le32(m + 60);
    dis_group(c, "negoex.checksum", "checksum", m + 56, 20, NULL);
    c->depth++;
    dis_enum(c, "negoex.checksum.scheme", "scheme", m + 60, 4, (long long)scheme,
             scheme == 1 ? "CHECKSUM_SCHEME_RFC3961" : NULL);
    dis_int(c, "negoex.checksum.type", "type", m + 64, 4, (long long)dis_le32(m + 64));
    off = dis_le32(m + 68);
    n = dis_le32(m + 72);
    if (!nx_fits(m_len, off, n, 1)) {
        (void)dis_fail(c, m + 68, "checksum value runs past the message");
    } else {
        dis_bytes(c, "negoex.checksum.value", "value", m + off, (size_t)n, DIS_HEX);
    }
    c->depth--;
}

static void nx_alert(struct dis_ctx *c, const unsigned char *m, size_t m_len)
{
    unsigned long off;
    unsigned long n;
    unsigned long i;

    if (dis_le32(m + 16) < 68 || m_len < 68) {
        (void)dis_fail(c, m + 16, "ALERT_MESSAGE header shorter than 68 bytes");
        return;
    }
    dis_bytes(c, "negoex.auth_scheme", "auth_scheme", m + 40, 16, DIS_GUID);
    /* An NTSTATUS: printed as 0x%08x (a flags field with no names). */
    dis_flags(c, "negoex.error_code", "error_code", m + 56, 4, dis_le32(m + 56), NULL, 0);
    off = dis_le32(m + 60);
    n = dis_le16(m + 64);
    if (!nx_fits(m_len, off, n, 12)) {
        (void)dis_fail(c, m + 60, "alert vector runs past the message");
        return;
    }
    dis_int(c, "negoex.alert_count", "alerts", m + 60, 8, (long long)n);
    c->depth++;
    for (i = 0; i < n && !c->failed; i++) {
        const unsigned char *a = m + off + 12 * i;
        unsigned long type = dis_le32(a);
        unsigned long voff = dis_le32(a + 4);
        unsigned long vlen = dis_le32(a + 8);
        dis_enum(c, "negoex.alert.type", "alert_type", a, 12, (long long)type,
                 type == 1 ? "ALERT_TYPE_PULSE" : NULL);
        if (!nx_fits(m_len, voff, vlen, 1)) {
            (void)dis_fail(c, a + 4, "alert value runs past the message");
            break;
        }
        c->depth++;
        if (type == 1 && vlen >= 8) {
            unsigned long reason = dis_le32(m + voff + 4);
            dis_enum(c, "negoex.alert.reason", "reason", m + voff, (size_t)vlen,
                     (long long)reason, reason == 1 ? "ALERT_VERIFY_NO_KEY" : NULL);
        } else {
            dis_bytes(c, "negoex.alert.value", "value", m + voff, (size_t)vlen, DIS_HEX);
        }
        c->depth--;
    }
    c->depth--;
}

int dis_negoex(struct dis_ctx *c, const unsigned char *p, size_t len)
{
    size_t pos = 0;

    c->protocol = "negoex";
    while (pos < len && !c->failed) {
        const unsigned char *m = p + pos;
        size_t left = len - pos;
        unsigned long type;
        unsigned long hdr_len;
        unsigned long msg_len;
        const char *name;

        if (left < NX_HEADER_LEN) {
            (void)dis_fail(c, m, "NegoEx message header truncated (40 bytes needed)");
            break;
        }
        if (memcmp(m, "NEGOEXTS", 8) != 0) {
            (void)dis_fail(c, m, "NegoEx message without the NEGOEXTS signature");
            break;
        }
        type = dis_le32(m + 8);
        hdr_len = dis_le32(m + 16);
        msg_len = dis_le32(m + 20);
        name = type < 8 ? nx_types[type] : NULL;
        if (pos == 0) {
            c->message = name;
        }
        dis_group(c, "negoex.message", "message", m,
                  msg_len <= left && msg_len >= NX_HEADER_LEN ? (size_t)msg_len : left,
                  name != NULL ? name : "unknown type");
        c->depth++;
        dis_enum(c, "negoex.message_type", "message_type", m + 8, 4, (long long)type, name);
        dis_int(c, "negoex.sequence", "sequence", m + 12, 4, (long long)dis_le32(m + 12));
        dis_int(c, "negoex.header_length", "header_length", m + 16, 4, (long long)hdr_len);
        dis_int(c, "negoex.message_length", "message_length", m + 20, 4, (long long)msg_len);
        dis_bytes(c, "negoex.conversation_id", "conversation_id", m + 24, 16, DIS_GUID);
        if (msg_len > left || msg_len < NX_HEADER_LEN || hdr_len < NX_HEADER_LEN ||
            hdr_len > msg_len) {
            (void)dis_fail(c, m + 16, "NegoEx header/message length out of bounds");
            c->depth--;
            break;
        }
        switch (type) {
        case 0:
        case 1: nx_nego(c, m, (size_t)msg_len); break;
        case 2:
        case 3:
        case 4:
        case 5:
            if (hdr_len < 64) {
                (void)dis_fail(c, m + 16, "EXCHANGE_MESSAGE header shorter than 64 bytes");
                break;
            }
            dis_bytes(c, "negoex.auth_scheme", "auth_scheme", m + 40, 16, DIS_GUID);
            nx_exchange(c, m, (size_t)msg_len, m + 56);
            break;
        case 6: nx_verify(c, m, (size_t)msg_len); break;
        case 7: nx_alert(c, m, (size_t)msg_len); break;
        default: break;
        }
        c->depth--;
        pos += (size_t)msg_len;
    }
    return 1;
}
