/*
 * spnego_dissect.c - example program: which dissector an inner token
 * goes to, and the helpers the dissectors share (field reports, bounded
 * little-endian reads, name tables).
 *
 * The choice reads the first bytes only, like tool_classify_inner():
 * "NTLMSSP\0" is NTLM (MS-NLMP 2.2.1), "NEGOEXTS" is NegoEx (MS-NEGOEX
 * 2.2.6.1), a GSS-API framed token or a bare [APPLICATION 14/15/30] (and
 * the Kerberos messages IAKERB carries) is Kerberos.
 */
#include "spnego_dissect.h"

#include <stdio.h>
#include <string.h>

int dis_inner(struct dis_ctx *c, const unsigned char *p, size_t len)
{
    if (len >= 8 && memcmp(p, "NTLMSSP\0", 8) == 0) {
        return dis_ntlm(c, p, len);
    }
    if (len >= 8 && memcmp(p, "NEGOEXTS", 8) == 0) {
        return c->allow_negoex ? dis_negoex(c, p, len) : 0;
    }
    if (len >= 2 && (p[0] == 0x60 || p[0] == 0x6A || p[0] == 0x6B || p[0] == 0x6C ||
                     p[0] == 0x6D || p[0] == 0x6E || p[0] == 0x6F || p[0] == 0x7E)) {
        return dis_krb5(c, p, len);
    }
    return 0;
}

void dis_field_init(struct dis_field *f, struct dis_ctx *c, const char *id, const char *label,
                    const unsigned char *p, size_t len, enum dis_type t)
{
    memset(f, 0, sizeof(*f));
    f->id = id;
    f->label = label;
    f->off = (size_t)(p - c->base);
    f->len = len;
    f->depth = c->depth;
    f->type = t;
}

void dis_emit(struct dis_ctx *c, const struct dis_field *f)
{
    if (!c->failed) {
        c->sink.field(c->sink.arg, f);
    }
}

void dis_group(struct dis_ctx *c, const char *id, const char *label, const unsigned char *p,
               size_t len, const char *what)
{
    struct dis_field f;

    dis_field_init(&f, c, id, label, p, len, DIS_GROUP);
    f.sym = what;
    dis_emit(c, &f);
}

void dis_int(struct dis_ctx *c, const char *id, const char *label, const unsigned char *p,
             size_t len, long long v)
{
    struct dis_field f;

    dis_field_init(&f, c, id, label, p, len, DIS_INT);
    f.num = v;
    dis_emit(c, &f);
}

void dis_enum(struct dis_ctx *c, const char *id, const char *label, const unsigned char *p,
              size_t len, long long v, const char *name)
{
    struct dis_field f;

    dis_field_init(&f, c, id, label, p, len, DIS_ENUM);
    f.num = v;
    f.sym = name;
    dis_emit(c, &f);
}

void dis_flags(struct dis_ctx *c, const char *id, const char *label, const unsigned char *p,
               size_t len, unsigned long v, const struct dis_flag *flags, size_t num_flags)
{
    struct dis_field f;

    dis_field_init(&f, c, id, label, p, len, DIS_FLAGS);
    f.num = (long long)v;
    f.flags = flags;
    f.num_flags = num_flags;
    dis_emit(c, &f);
}

void dis_bytes(struct dis_ctx *c, const char *id, const char *label, const unsigned char *p,
               size_t len, enum dis_type t)
{
    struct dis_field f;

    dis_field_init(&f, c, id, label, p, len, t);
    f.bytes = p;
    f.bytes_len = len;
    if (t == DIS_GUID && len == 16) {
        f.sym = dis_guid_name(p);
    }
    dis_emit(c, &f);
}

void dis_text(struct dis_ctx *c, const char *id, const char *label, const unsigned char *p,
              size_t len, const char *text)
{
    struct dis_field f;

    dis_field_init(&f, c, id, label, p, len, DIS_TEXT);
    f.sym = text;
    dis_emit(c, &f);
}

int dis_fail(struct dis_ctx *c, const unsigned char *p, const char *what)
{
    struct dis_field f;

    if (c->failed) {
        return 0;
    }
    dis_field_init(&f, c, "error", "error", p, 0, DIS_ERROR);
    f.sym = what;
    dis_emit(c, &f);
    c->failed = 1;
    c->err_off = f.off;
    c->err_msg = what;
    return 0;
}

int dis_fail_der(struct dis_ctx *c, const unsigned char *p, const char *what, int st)
{
    static const char *const texts[] = {
        "ok", "truncated (runs past its container)", "bad length encoding",
        "multi-octet tag", "unexpected tag", "malformed OID", "bad value",
        "not minimal DER", "no room"};
    const char *t = st >= 0 && (size_t)st < DIS_COUNT(texts) ? texts[st] : "unreadable";

    if (c->failed) {
        return 0;
    }
    (void)snprintf(c->err_text, sizeof(c->err_text), "%s: %s", what, t);
    return dis_fail(c, p, c->err_text);
}

unsigned long dis_le16(const unsigned char *p)
{
    return (unsigned long)p[0] | ((unsigned long)p[1] << 8);
}

unsigned long dis_le32(const unsigned char *p)
{
    return dis_le16(p) | (dis_le16(p + 2) << 16);
}

unsigned long long dis_le64(const unsigned char *p)
{
    return (unsigned long long)dis_le32(p) | ((unsigned long long)dis_le32(p + 4) << 32);
}

const char *dis_lookup(const struct dis_name *table, size_t n, long long v)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (table[i].value == v) {
            return table[i].name;
        }
    }
    return NULL;
}

/* NegoEx auth schemes, as the wire bytes of the GUID (Data1..3 are
 * little-endian). PKU2U: 0d53335c-f9ea-4d0d-b2ec-4ae3786ec308, the scheme
 * Windows offers for peer-to-peer / Azure AD (MS-NEGOEX, Kerberos.NET). */
const char *dis_guid_name(const unsigned char *guid)
{
    static const unsigned char pku2u[16] = {0x5c, 0x33, 0x53, 0x0d, 0xea, 0xf9, 0x0d, 0x4d,
                                            0xb2, 0xec, 0x4a, 0xe3, 0x78, 0x6e, 0xc3, 0x08};

    if (memcmp(guid, pku2u, 16) == 0) {
        return "PKU2U";
    }
    return NULL;
}
