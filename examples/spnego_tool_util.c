/*
 * spnego_tool_util.c - example program: helpers of the `spnego` tool.
 *
 * Facts the library does not print: short mechanism names, dotted OIDs
 * with arcs of any width, SPNEGO_E_* names, reqFlags names, and what the
 * bytes inside a mechToken or mechListMIC are (Kerberos, NTLMSSP, NegoEx).
 * The classification reads only the first bytes; it validates nothing.
 */
#include "spnego_tool.h"

#include "spnego_der.h"

#include "spnego.h"

#include <stdlib.h>
#include <string.h>

int tool_tlv_read(const unsigned char *buf, size_t len, size_t off,
                  struct tool_tlv *out_tlv)
{
    /* The library's L0 reader (static inline in src/spnego_der.h): one DER
     * reader in the tree, with its bounds checks and X.690 rules. */
    struct spnego_der_view view;
    struct spnego_der_tlv tlv;

    if (off >= len) {
        return 0;
    }
    view.data = buf + off;
    view.len = len - off;
    if (spnego_der_get_any(&view, &tlv) != SPNEGO_DER_OK) {
        return 0;
    }
    out_tlv->tag = tlv.tag;
    out_tlv->off = off;
    out_tlv->hdr_len = tlv.whole.len - tlv.content.len;
    out_tlv->content_len = tlv.content.len;
    return 1;
}

const char *tool_mech_name(const unsigned char *oid, size_t oid_len)
{
    SPNEGO_OID o;

    o.pbOid = oid;
    o.ulOidLen = (unsigned long)oid_len;
    switch (spnegoMechOidLookup(&o)) {
    case spnego_mech_oid_Kerberos_V5_Legacy: return "ms-krb5";
    case spnego_mech_oid_Kerberos_V5: return "krb5";
    case spnego_mech_oid_Spnego: return "spnego";
    case spnego_mech_oid_NTLMSSP: return "ntlmssp";
    case spnego_mech_oid_NegoEx: return "negoex";
    case spnego_mech_oid_IAKERB: return "iakerb";
    case spnego_mech_oid_Kerberos_V5_U2U: return "krb5-u2u";
    default: return NULL;
    }
}

/* Appends the value of one subidentifier (big-endian bytes in v[0..n))
 * minus sub (0, 40 or 80): decimal if it fits 64 bits, else 0x<hex>. */
static void oid_arc_text(unsigned char *v, size_t n, unsigned int sub, char *out)
{
    unsigned long long dec = 0;
    unsigned int borrow = sub;
    size_t i;
    size_t first = 0;
    char *p = out;

    for (i = n; i-- > 0 && borrow > 0;) {
        unsigned int cur = v[i];
        unsigned int take = borrow & 0xFFu;
        borrow >>= 8;
        if (cur < take) {
            cur += 0x100u;
            borrow += 1;
        }
        v[i] = (unsigned char)(cur - take);
    }
    while (first + 1 < n && v[first] == 0) {
        first++;
    }
    if (n - first <= 8) {
        for (i = first; i < n; i++) {
            dec = (dec << 8) | v[i];
        }
        sprintf(p, "%llu", dec);
        return;
    }
    p += sprintf(p, "0x%x", (unsigned int)v[first]);
    for (i = first + 1; i < n; i++) {
        p += sprintf(p, "%02x", (unsigned int)v[i]);
    }
}

/* Packs the k 7-bit groups of one subidentifier (most significant first)
 * into the big-endian number v[0..n), n = (7k + 7) / 8 + 1 bytes: each
 * group is placed at its bit position from the low end, so the work is
 * linear in k (shifting the whole number per group made a long OID
 * quadratic: 64 KiB took 6 s, the 4 MiB input limit hours). */
static void oid_pack(unsigned char *v, size_t n, const unsigned char *groups, size_t k)
{
    size_t bit = 0;
    size_t i;

    memset(v, 0, n);
    for (i = k; i-- > 0; bit += 7) {
        unsigned int g = groups[i] & 0x7Fu;
        size_t byte = n - 1 - bit / 8;
        unsigned int shift = (unsigned int)(bit % 8);
        v[byte] = (unsigned char)(v[byte] | ((g << shift) & 0xFFu));
        if (shift > 1) {
            v[byte - 1] = (unsigned char)(v[byte - 1] | (g >> (8u - shift)));
        }
    }
}

char *tool_oid_text(const unsigned char *oid, size_t oid_len)
{
    /* Each arc takes at most 2 + 2 * bytes characters plus a dot. */
    size_t cap = 4 * oid_len + 32;
    char *out = malloc(cap);
    unsigned char *v = malloc(oid_len + 2);
    size_t pos = 0;
    size_t start;
    size_t n;
    size_t w = 0;

    if (out == NULL || v == NULL || oid_len == 0 || (oid[oid_len - 1] & 0x80u) != 0) {
        goto fail;
    }
    while (pos < oid_len) {
        start = pos;
        if (oid[pos] == 0x80u) {
            goto fail; /* non-minimal subidentifier */
        }
        while (oid[pos] & 0x80u) {
            pos++;
        }
        pos++;
        /* Room for the 7-bit groups and for the borrow of 40 / 80. */
        n = (7 * (pos - start) + 7) / 8 + 1;
        oid_pack(v, n, oid + start, pos - start);
        if (start == 0) {
            /* X.690 8.19.4: first subidentifier is 40 * X + Y. */
            size_t j;
            int small = 1;
            unsigned int first;
            for (j = 0; j + 1 < n; j++) {
                if (v[j] != 0) {
                    small = 0;
                }
            }
            first = small ? v[n - 1] : 80u;
            if (small && first < 40u) {
                w += (size_t)sprintf(out + w, "0.");
                oid_arc_text(v, n, 0, out + w);
            } else if (small && first < 80u) {
                w += (size_t)sprintf(out + w, "1.");
                oid_arc_text(v, n, 40, out + w);
            } else {
                w += (size_t)sprintf(out + w, "2.");
                oid_arc_text(v, n, 80, out + w);
            }
        } else {
            out[w++] = '.';
            oid_arc_text(v, n, 0, out + w);
        }
        w += strlen(out + w);
    }
    free(v);
    return out;
fail:
    free(v);
    free(out);
    return NULL;
}

const char *tool_error_name(int status)
{
    static const char *const names[] = {
        "SPNEGO_E_SUCCESS",          "SPNEGO_E_INVALID_TOKEN",   "SPNEGO_E_INVALID_LENGTH",
        "SPNEGO_E_PARSE_FAILED",     "SPNEGO_E_NOT_FOUND",       "SPNEGO_E_ELEMENT_UNAVAILABLE",
        "SPNEGO_E_OUT_OF_MEMORY",    "SPNEGO_E_NOT_IMPLEMENTED", "SPNEGO_E_INVALID_PARAMETER",
        "SPNEGO_E_UNEXPECTED_OID",   "SPNEGO_E_TOKEN_NOT_FOUND", "SPNEGO_E_UNEXPECTED_TYPE",
        "SPNEGO_E_BUFFER_TOO_SMALL", "SPNEGO_E_INVALID_ELEMENT", "SPNEGO_E_TRAILING_DATA",
        "SPNEGO_E_INVALID_OID",      "SPNEGO_E_ELEMENT_ORDER",   "SPNEGO_E_NOT_DER",
        "SPNEGO_E_MISSING_ELEMENT",  "SPNEGO_E_OID_TOO_LARGE",   "SPNEGO_E_INVALID_BASE64",
        "SPNEGO_E_INVALID_HEADER",   "SPNEGO_E_TOO_LARGE",       "SPNEGO_E_NO_COMMON_MECH",
        "SPNEGO_E_REJECTED",         "SPNEGO_E_MECH_FAILED",     "SPNEGO_E_MIC_MISSING",
        "SPNEGO_E_MIC_INVALID",      "SPNEGO_E_PROTOCOL",
    };

    if (status > 0 || status < -(int)(sizeof(names) / sizeof(names[0]) - 1)) {
        return "SPNEGO_E_UNKNOWN";
    }
    return names[-status];
}

void tool_flag_names(unsigned int flags, char *out, size_t cap)
{
    static const char *const names[7] = {"deleg", "mutual", "replay", "sequence",
                                         "anon",  "conf",   "integ"};
    size_t w = 0;
    unsigned int i;
    int n;

    out[0] = '\0';
    for (i = 0; i < 8; i++) {
        if (!(flags & (0x80u >> i))) {
            continue;
        }
        if (i < 7) {
            n = snprintf(out + w, cap - w, "%s%s", w > 0 ? "," : "", names[i]);
        } else {
            n = snprintf(out + w, cap - w, "%s0x01", w > 0 ? "," : "");
        }
        if (n < 0 || (size_t)n >= cap - w) {
            return;
        }
        w += (size_t)n;
    }
    if (w == 0) {
        snprintf(out, cap, "none");
    }
}

static unsigned long util_le32(const unsigned char *p)
{
    return (unsigned long)p[0] | ((unsigned long)p[1] << 8) | ((unsigned long)p[2] << 16) |
           ((unsigned long)p[3] << 24);
}

/* RFC 1964 1.1 / RFC 4121 4.1: two-octet TOK_ID after the GSS header. */
static void util_krb5_tok_id(const unsigned char *p, const char **out_text,
                             const char **out_kind)
{
    if (p[0] == 0x01 && p[1] == 0x00) {
        *out_text = "Kerberos AP-REQ";
        *out_kind = "krb5-ap-req";
    } else if (p[0] == 0x02 && p[1] == 0x00) {
        *out_text = "Kerberos AP-REP";
        *out_kind = "krb5-ap-rep";
    } else if (p[0] == 0x03 && p[1] == 0x00) {
        *out_text = "Kerberos KRB-ERROR";
        *out_kind = "krb5-error";
    } else if (p[0] == 0x04 && p[1] == 0x00) {
        *out_text = "Kerberos user-to-user TGT-REQ";
        *out_kind = "krb5-tgt-req";
    } else {
        *out_text = "Kerberos GSS token (unknown TOK_ID)";
        *out_kind = "krb5-other";
    }
}

void tool_classify_inner(const unsigned char *data, size_t len, const char **out_text,
                         const char **out_kind)
{
    static const char *const ntlm_types[4] = {NULL, "NTLMSSP NEGOTIATE", "NTLMSSP CHALLENGE",
                                              "NTLMSSP AUTHENTICATE"};
    static const char *const ntlm_kinds[4] = {NULL, "ntlmssp-negotiate", "ntlmssp-challenge",
                                              "ntlmssp-authenticate"};
    struct tool_tlv outer;
    struct tool_tlv oid;
    const char *name;
    size_t pos;

    *out_text = "opaque";
    *out_kind = "opaque";
    if (len == 0) {
        *out_text = "empty";
        *out_kind = "empty";
    } else if (len >= 12 && memcmp(data, "NTLMSSP\0", 8) == 0) {
        unsigned long type = util_le32(data + 8);
        *out_text = type >= 1 && type <= 3 ? ntlm_types[type] : "NTLMSSP (unknown type)";
        *out_kind = type >= 1 && type <= 3 ? ntlm_kinds[type] : "ntlmssp-other";
    } else if (len >= 8 && memcmp(data, "NEGOEXTS", 8) == 0) {
        *out_text = "NegoEx messages";
        *out_kind = "negoex";
    } else if (data[0] == 0x60 && len >= 2) {
        /* RFC 2743 3.1 framing: 60 L 06 L <OID> then the mech's bytes. The
         * framing length may overrun a truncated capture: read the header
         * length octets only. */
        pos = data[1] < 0x80u ? 2 : 2 + (size_t)(data[1] & 0x7Fu);
        if (!tool_tlv_read(data, len, pos, &oid) || oid.tag != 0x06) {
            *out_text = "GSS-API token (unreadable)";
            *out_kind = "gss-other";
            return;
        }
        pos = oid.off + oid.hdr_len;
        name = tool_mech_name(data + pos, oid.content_len);
        pos += oid.content_len;
        if (name != NULL && (strcmp(name, "krb5") == 0 || strcmp(name, "ms-krb5") == 0 ||
                             strcmp(name, "krb5-u2u") == 0)) {
            if (len - pos >= 2) {
                util_krb5_tok_id(data + pos, out_text, out_kind);
            } else {
                *out_text = "Kerberos GSS token (truncated)";
                *out_kind = "krb5-other";
            }
        } else if (name != NULL && strcmp(name, "iakerb") == 0) {
            *out_text = "IAKERB GSS token";
            *out_kind = "iakerb";
        } else {
            *out_text = "GSS-API token of another mechanism";
            *out_kind = "gss-other";
        }
    } else if (tool_tlv_read(data, len, 0, &outer) && outer.hdr_len + outer.content_len == len &&
               (data[0] == 0x6E || data[0] == 0x6F || data[0] == 0x7E)) {
        /* RFC 4120 5.5.1, 5.5.2, 5.9.1: [APPLICATION 14], [15], [30]. */
        *out_text = data[0] == 0x6E ? "Kerberos AP-REQ (no GSS header)"
                    : data[0] == 0x6F ? "Kerberos AP-REP (no GSS header)"
                                      : "Kerberos KRB-ERROR (no GSS header)";
        *out_kind = data[0] == 0x6E ? "krb5-ap-req" : data[0] == 0x6F ? "krb5-ap-rep" : "krb5-error";
    }
}

void tool_classify_mic(const unsigned char *data, size_t len, const char **out_text,
                       const char **out_kind)
{
    *out_text = "opaque";
    *out_kind = "opaque";
    if (len == 16 && data[0] == 0x01 && data[1] == 0 && data[2] == 0 && data[3] == 0) {
        /* MS-NLMP 2.2.2.9: NTLMSSP_MESSAGE_SIGNATURE, Version 1. */
        *out_text = "NTLMSSP signature v1";
        *out_kind = "ntlmssp-signature";
    } else if (len >= 16 && data[0] == 0x04 && data[1] == 0x04) {
        /* RFC 4121 4.2.6.1: MIC token, TOK_ID 04 04. */
        *out_text = "Kerberos MIC token (RFC 4121)";
        *out_kind = "krb5-mic";
    } else if (len >= 2 && data[0] == 0x60) {
        *out_text = "GSS-API framed token";
        *out_kind = "gss-framed";
    }
}
