/*
 * spnego_dissect_ntlm.c - example program: NTLM messages field by field
 * (MS-NLMP 2.2.1: NEGOTIATE, CHALLENGE, AUTHENTICATE).
 *
 * Every structure is little-endian at a fixed offset from "NTLMSSP\0";
 * variable fields are {Len u16, MaxLen u16, BufferOffset u32} descriptors
 * pointing into the payload, each checked against the message length
 * before it is read. Strings are UTF-16LE when NTLMSSP_NEGOTIATE_UNICODE
 * is set (and always in AV pairs), OEM bytes otherwise.
 */
#include "spnego_dissect.h"

#include <string.h>

#define NTLM_UNICODE 0x00000001UL
#define NTLM_ESS 0x00080000UL     /* NEGOTIATE_EXTENDED_SESSIONSECURITY */
#define NTLM_VERSION 0x02000000UL /* NEGOTIATE_VERSION */

/* MS-NLMP 2.2.2.5, bit by bit (the reserved bits r1..r10 keep their
 * names so an unusual flag is still visible). */
static const struct dis_flag ntlm_flags[] = {
    {0x00000001UL, "NEGOTIATE_UNICODE"},
    {0x00000002UL, "NEGOTIATE_OEM"},
    {0x00000004UL, "REQUEST_TARGET"},
    {0x00000008UL, "r10"},
    {0x00000010UL, "NEGOTIATE_SIGN"},
    {0x00000020UL, "NEGOTIATE_SEAL"},
    {0x00000040UL, "NEGOTIATE_DATAGRAM"},
    {0x00000080UL, "NEGOTIATE_LM_KEY"},
    {0x00000100UL, "r9"},
    {0x00000200UL, "NEGOTIATE_NTLM"},
    {0x00000400UL, "r8"},
    {0x00000800UL, "ANONYMOUS"},
    {0x00001000UL, "NEGOTIATE_OEM_DOMAIN_SUPPLIED"},
    {0x00002000UL, "NEGOTIATE_OEM_WORKSTATION_SUPPLIED"},
    {0x00004000UL, "r7"},
    {0x00008000UL, "NEGOTIATE_ALWAYS_SIGN"},
    {0x00010000UL, "TARGET_TYPE_DOMAIN"},
    {0x00020000UL, "TARGET_TYPE_SERVER"},
    {0x00040000UL, "r6"},
    {0x00080000UL, "NEGOTIATE_EXTENDED_SESSIONSECURITY"},
    {0x00100000UL, "NEGOTIATE_IDENTIFY"},
    {0x00200000UL, "r5"},
    {0x00400000UL, "REQUEST_NON_NT_SESSION_KEY"},
    {0x00800000UL, "NEGOTIATE_TARGET_INFO"},
    {0x01000000UL, "r4"},
    {0x02000000UL, "NEGOTIATE_VERSION"},
    {0x04000000UL, "r3"},
    {0x08000000UL, "r2"},
    {0x10000000UL, "r1"},
    {0x20000000UL, "NEGOTIATE_128"},
    {0x40000000UL, "NEGOTIATE_KEY_EXCH"},
    {0x80000000UL, "NEGOTIATE_56"},
};

/* MS-NLMP 2.2.2.1 MsvAvFlags. */
static const struct dis_flag ntlm_av_flags[] = {
    {0x1UL, "ACCOUNT_AUTHENTICATION_CONSTRAINED"},
    {0x2UL, "MIC_PRESENT"},
    {0x4UL, "UNTRUSTED_SPN_SOURCE"},
};

/* MS-NLMP 2.2.2.1 AvId. */
static const char *const ntlm_av_names[] = {
    "MsvAvEOL",          "MsvAvNbComputerName", "MsvAvNbDomainName",
    "MsvAvDnsComputerName", "MsvAvDnsDomainName", "MsvAvDnsTreeName",
    "MsvAvFlags",        "MsvAvTimestamp",      "MsvAvSingleHost",
    "MsvAvTargetName",   "MsvAvChannelBindings",
};

/* What the AUTHENTICATE walk learns from the target info. */
struct ntlm_av_info {
    int has_flags;
    unsigned long flags;
};

/* A {Len, MaxLen, BufferOffset} descriptor at msg+at. */
struct ntlm_buf {
    const unsigned char *desc;
    const unsigned char *data;
    size_t len;
};

/* Reads the descriptor and checks the buffer lies inside the message. */
static int ntlm_buf(struct dis_ctx *c, const unsigned char *msg, size_t msg_len, size_t at,
                    const char *what, struct ntlm_buf *out)
{
    unsigned long len;
    unsigned long off;

    out->desc = msg + at;
    out->data = msg + at;
    out->len = 0;
    len = dis_le16(msg + at);
    off = dis_le32(msg + at + 4);
    if (len == 0) {
        out->data = msg + at;
        out->len = 0;
        return 1;
    }
    if (off > msg_len || len > msg_len - off) {
        return dis_fail(c, msg + at, what);
    }
    out->data = msg + off;
    out->len = (size_t)len;
    return 1;
}

/* A string buffer: UTF-16LE or OEM; an absent one prints nothing. */
static void ntlm_string(struct dis_ctx *c, const char *id, const char *label,
                        const struct ntlm_buf *b, int unicode)
{
    if (b->len > 0) {
        dis_bytes(c, id, label, b->data, b->len, unicode ? DIS_UTF16 : DIS_STR);
    }
}

static void ntlm_version(struct dis_ctx *c, const unsigned char *p)
{
    dis_bytes(c, "ntlm.version", "version", p, 8, DIS_VERSION);
}

/* AV pairs (MS-NLMP 2.2.2.1) until MsvAvEOL. */
static int ntlm_av_pairs(struct dis_ctx *c, const unsigned char *p, size_t len,
                         struct ntlm_av_info *info)
{
    size_t pos = 0;
    int saw_eol = 0;
    int ok = 1;

    c->depth++;
    while (pos < len) {
        unsigned long id;
        unsigned long av_len;
        const unsigned char *v;
        const char *name;

        if (len - pos < 4) {
            ok = dis_fail(c, p + pos, "AV pair header runs past the target info");
            break;
        }
        id = dis_le16(p + pos);
        av_len = dis_le16(p + pos + 2);
        if (av_len > len - pos - 4) {
            ok = dis_fail(c, p + pos, "AV pair value runs past the target info");
            break;
        }
        v = p + pos + 4;
        name = id < DIS_COUNT(ntlm_av_names) ? ntlm_av_names[id] : NULL;
        dis_enum(c, "ntlm.av.id", "av_pair", p + pos, 4 + (size_t)av_len, (long long)id, name);
        c->depth++;
        switch (id) {
        case 0:
            saw_eol = 1;
            break;
        case 1: case 2: case 3: case 4: case 5: case 9:
            dis_bytes(c, "ntlm.av.value", name, v, (size_t)av_len, DIS_UTF16);
            break;
        case 6:
            if (av_len != 4) {
                ok = dis_fail(c, p + pos, "MsvAvFlags is not 4 bytes");
                break;
            }
            info->has_flags = 1;
            info->flags = dis_le32(v);
            dis_flags(c, "ntlm.av.flags", "flags", v, 4, info->flags, ntlm_av_flags,
                      DIS_COUNT(ntlm_av_flags));
            break;
        case 7: {
            struct dis_field f;
            if (av_len != 8) {
                ok = dis_fail(c, p + pos, "MsvAvTimestamp is not 8 bytes");
                break;
            }
            dis_field_init(&f, c, "ntlm.av.timestamp", "timestamp", v, 8, DIS_FILETIME);
            f.num = (long long)dis_le64(v);
            dis_emit(c, &f);
            break;
        }
        case 10:
            dis_bytes(c, "ntlm.av.channel_bindings", "channel_bindings", v, (size_t)av_len,
                      DIS_HEX);
            break;
        default:
            if (av_len > 0) {
                dis_bytes(c, "ntlm.av.value", "value", v, (size_t)av_len, DIS_HEX);
            }
            break;
        }
        c->depth--;
        pos += 4 + (size_t)av_len;
        if (!ok || saw_eol) {
            break;
        }
    }
    if (ok && !saw_eol) {
        ok = dis_fail(c, p + pos, "target info has no MsvAvEOL");
    }
    c->depth--;
    return ok;
}

static int ntlm_negotiate(struct dis_ctx *c, const unsigned char *m, size_t len)
{
    struct ntlm_buf dom;
    struct ntlm_buf ws;
    unsigned long flags;

    /* 2.2.1.1: flags @12, DomainNameFields @16, WorkstationFields @24,
     * Version @32 (when NEGOTIATE_VERSION). */
    if (len < 16) {
        return dis_fail(c, m + 12, "NEGOTIATE flags truncated");
    }
    flags = dis_le32(m + 12);
    dis_flags(c, "ntlm.flags", "flags", m + 12, 4, flags, ntlm_flags, DIS_COUNT(ntlm_flags));
    if (len < 32) {
        return dis_fail(c, m + 16, "NEGOTIATE domain/workstation fields truncated");
    }
    if (!ntlm_buf(c, m, len, 16, "NEGOTIATE domain name runs past the message", &dom) ||
        !ntlm_buf(c, m, len, 24, "NEGOTIATE workstation runs past the message", &ws)) {
        return 0;
    }
    if ((flags & NTLM_VERSION) != 0) {
        if (len < 40) {
            return dis_fail(c, m + 32, "NEGOTIATE version truncated");
        }
        ntlm_version(c, m + 32);
    }
    /* NEGOTIATE strings are OEM (2.2.1.1). */
    ntlm_string(c, "ntlm.domain", "domain", &dom, 0);
    ntlm_string(c, "ntlm.workstation", "workstation", &ws, 0);
    return 1;
}

static int ntlm_challenge(struct dis_ctx *c, const unsigned char *m, size_t len)
{
    struct ntlm_buf target;
    struct ntlm_buf info;
    struct ntlm_av_info av;
    unsigned long flags;

    /* 2.2.1.2: TargetNameFields @12, flags @20, ServerChallenge @24,
     * Reserved @32, TargetInfoFields @40, Version @48. */
    if (len < 32) {
        return dis_fail(c, m + (len < 12 ? len : 12), "CHALLENGE shorter than 32 bytes");
    }
    flags = dis_le32(m + 20);
    if (!ntlm_buf(c, m, len, 12, "CHALLENGE target name runs past the message", &target)) {
        return 0;
    }
    dis_flags(c, "ntlm.flags", "flags", m + 20, 4, flags, ntlm_flags, DIS_COUNT(ntlm_flags));
    dis_bytes(c, "ntlm.server_challenge", "server_challenge", m + 24, 8, DIS_HEX);
    ntlm_string(c, "ntlm.target_name", "target_name", &target, (flags & NTLM_UNICODE) != 0);
    if (len < 48) {
        return dis_fail(c, m + (len < 40 ? len : 40), "CHALLENGE target info fields truncated");
    }
    if (!ntlm_buf(c, m, len, 40, "CHALLENGE target info runs past the message", &info)) {
        return 0;
    }
    if ((flags & NTLM_VERSION) != 0) {
        if (len < 56) {
            return dis_fail(c, m + 48, "CHALLENGE version truncated");
        }
        ntlm_version(c, m + 48);
    }
    if (info.len > 0) {
        dis_group(c, "ntlm.target_info", "target_info", info.data, info.len, NULL);
        memset(&av, 0, sizeof(av));
        return ntlm_av_pairs(c, info.data, info.len, &av);
    }
    return 1;
}

/* The NT response: its kind, and for NTLMv2 the client blob (2.2.2.7). */
static int ntlm_nt_response(struct dis_ctx *c, const struct ntlm_buf *nt, int ess,
                            const struct ntlm_buf *lm, struct ntlm_av_info *av)
{
    const unsigned char *p = nt->data;
    const char *kind;
    size_t i;
    int lm_zero = 1;

    for (i = 0; i < lm->len; i++) {
        lm_zero = lm_zero && lm->data[i] == 0;
    }
    if (nt->len == 0) {
        kind = "none (anonymous)";
    } else if (nt->len == 24) {
        kind = ess && lm->len == 24 && !lm_zero ? "NTLM2 session response (NTLMv1 with ESS)"
                                                : "NTLMv1";
    } else if (nt->len >= 16 + 28) {
        kind = "NTLMv2";
    } else {
        kind = "unknown";
    }
    dis_text(c, "ntlm.nt_response", "nt_response", nt->len > 0 ? nt->data : nt->desc,
             nt->len > 0 ? nt->len : 8, kind);
    if (nt->len < 16 + 28 || nt->len == 24) {
        return 1;
    }
    c->depth++;
    dis_bytes(c, "ntlm.ntv2.nt_proof", "nt_proof_str", p, 16, DIS_HEX);
    p += 16;
    dis_group(c, "ntlm.ntv2.client_blob", "client_blob", p, nt->len - 16, NULL);
    c->depth++;
    dis_int(c, "ntlm.ntv2.resp_type", "resp_type", p, 1, p[0]);
    dis_int(c, "ntlm.ntv2.hi_resp_type", "hi_resp_type", p + 1, 1, p[1]);
    {
        struct dis_field f;
        dis_field_init(&f, c, "ntlm.ntv2.timestamp", "timestamp", p + 8, 8, DIS_FILETIME);
        f.num = (long long)dis_le64(p + 8);
        dis_emit(c, &f);
    }
    dis_bytes(c, "ntlm.ntv2.client_challenge", "client_challenge", p + 16, 8, DIS_HEX);
    dis_group(c, "ntlm.ntv2.av_pairs", "av_pairs", p + 28, nt->len - 16 - 28, NULL);
    if (!ntlm_av_pairs(c, p + 28, nt->len - 16 - 28, av)) {
        return 0;
    }
    c->depth -= 2;
    return 1;
}

static int ntlm_authenticate(struct dis_ctx *c, const unsigned char *m, size_t len)
{
    struct ntlm_buf lm, nt, dom, user, ws, key;
    struct ntlm_av_info av;
    unsigned long flags;
    size_t payload;
    int unicode;
    const struct ntlm_buf *all[6];
    size_t i;

    /* 2.2.1.3: Lm @12, Nt @20, Domain @28, User @36, Workstation @44,
     * EncryptedRandomSessionKey @52, flags @60, Version @64, MIC @72. */
    if (len < 64) {
        return dis_fail(c, m + (len < 12 ? len : 12), "AUTHENTICATE shorter than 64 bytes");
    }
    flags = dis_le32(m + 60);
    unicode = (flags & NTLM_UNICODE) != 0;
    dis_flags(c, "ntlm.flags", "flags", m + 60, 4, flags, ntlm_flags, DIS_COUNT(ntlm_flags));
    if (!ntlm_buf(c, m, len, 12, "LM response runs past the message", &lm) ||
        !ntlm_buf(c, m, len, 20, "NT response runs past the message", &nt) ||
        !ntlm_buf(c, m, len, 28, "domain name runs past the message", &dom) ||
        !ntlm_buf(c, m, len, 36, "user name runs past the message", &user) ||
        !ntlm_buf(c, m, len, 44, "workstation runs past the message", &ws) ||
        !ntlm_buf(c, m, len, 52, "session key runs past the message", &key)) {
        return 0;
    }
    /* The fixed part ends where the first payload buffer starts: 64 (no
     * version), 72 (version) or 88 (version and MIC). Empty buffers carry
     * an offset too (where they would start): count them as well. */
    all[0] = &lm; all[1] = &nt; all[2] = &dom; all[3] = &user; all[4] = &ws; all[5] = &key;
    payload = 0;
    for (i = 0; i < 6; i++) {
        unsigned long at = dis_le32(all[i]->desc + 4);
        if (at >= 64 && (payload == 0 || at < payload)) {
            payload = (size_t)at;
        }
    }
    if (payload == 0) {
        payload = len;
    } else if (payload > len) {
        return dis_fail(c, m + len, "AUTHENTICATE ends before its payload offset");
    }
    if ((flags & NTLM_VERSION) != 0 && payload >= 72) {
        ntlm_version(c, m + 64);
    }
    ntlm_string(c, "ntlm.domain", "domain", &dom, unicode);
    ntlm_string(c, "ntlm.user", "user", &user, unicode);
    ntlm_string(c, "ntlm.workstation", "workstation", &ws, unicode);
    if (lm.len > 0) {
        dis_text(c, "ntlm.lm_response", "lm_response", lm.data, lm.len,
                 lm.len == 1 ? "anonymous (one zero byte)"
                 : lm.len == 24 && nt.len > 24 ? "LMv2"
                 : lm.len == 24 && nt.len == 24 && (flags & NTLM_ESS) != 0
                     ? "client challenge (NTLM2 session response)"
                     : lm.len == 24 ? "LM" : "unknown");
    }
    memset(&av, 0, sizeof(av));
    if (!ntlm_nt_response(c, &nt, (flags & NTLM_ESS) != 0, &lm, &av)) {
        return 0;
    }
    dis_text(c, "ntlm.session_key", "session_key", key.len > 0 ? key.data : key.desc,
             key.len > 0 ? key.len : 8, key.len > 0 ? "present" : "absent");
    if (payload >= 88 && len >= 88) {
        dis_bytes(c, "ntlm.mic", "mic", m + 72, 16, DIS_HEX);
        dis_text(c, "ntlm.mic_announced", "mic_announced", m + 72, 16,
                 av.has_flags && (av.flags & 0x2UL) != 0 ? "yes (MsvAvFlags MIC_PRESENT)"
                                                          : "no (no MsvAvFlags MIC_PRESENT)");
    } else {
        dis_text(c, "ntlm.mic", "mic", m + 64, 0,
                 av.has_flags && (av.flags & 0x2UL) != 0
                     ? "absent, but MsvAvFlags announces one"
                     : "absent");
    }
    return 1;
}

int dis_ntlm(struct dis_ctx *c, const unsigned char *p, size_t len)
{
    static const char *const types[4] = {NULL, "NEGOTIATE", "CHALLENGE", "AUTHENTICATE"};
    unsigned long type;

    c->protocol = "ntlmssp";
    if (len < 12) {
        dis_group(c, "ntlm", "NTLMSSP", p, len, "NTLMSSP message");
        return dis_fail(c, p + len, "NTLMSSP message shorter than its 12-byte header"), 1;
    }
    type = dis_le32(p + 8);
    c->message = type >= 1 && type <= 3 ? types[type] : NULL;
    dis_group(c, "ntlm", "NTLMSSP", p, len, c->message != NULL ? c->message : "unknown type");
    c->depth++;
    dis_enum(c, "ntlm.message_type", "message_type", p + 8, 4, (long long)type, c->message);
    switch (type) {
    case 1: (void)ntlm_negotiate(c, p, len); break;
    case 2: (void)ntlm_challenge(c, p, len); break;
    case 3: (void)ntlm_authenticate(c, p, len); break;
    default: break;
    }
    c->depth--;
    return 1;
}
