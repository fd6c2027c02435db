/*
 * spnego_dissect_krb5.c - example program: Kerberos messages field by
 * field: the RFC 1964 / RFC 4121 GSS-API framing (mech OID and TOK_ID),
 * the IAKERB header (RFC draft-ietf-kitten-iakerb), and the RFC 4120
 * messages a Negotiate exchange carries: AP-REQ, AP-REP, KRB-ERROR, the
 * user-to-user TGT-REQ, and the KDC-REQ an IAKERB proxy forwards.
 *
 * Every DER element is read with the library's L0 reader (spnego_der.h,
 * its static inline TLV readers); this file only knows the Kerberos
 * ASN.1 module. Encrypted parts stay opaque: the authenticator (and so
 * the GSS checksum with its flags and channel bindings, RFC 4121 4.1.1)
 * cannot be seen without the service key, only its etype and length.
 */
#include "spnego_dissect.h"

#include "spnego_der.h"

#include <string.h>

#define K5_GENERAL_STRING 0x1Bu
#define K5_GENERALIZED_TIME 0x18u
#define K5_INTEGER 0x02u

/* RFC 3961 / 3962 / 4757 / 8009 / 6803 encryption types. */
static const struct dis_name k5_etypes[] = {
    {1, "des-cbc-crc"},
    {2, "des-cbc-md4"},
    {3, "des-cbc-md5"},
    {5, "des3-cbc-md5"},
    {7, "des3-cbc-sha1"},
    {16, "des3-cbc-sha1-kd"},
    {17, "aes128-cts-hmac-sha1-96"},
    {18, "aes256-cts-hmac-sha1-96"},
    {19, "aes128-cts-hmac-sha256-128"},
    {20, "aes256-cts-hmac-sha384-192"},
    {23, "rc4-hmac"},
    {24, "rc4-hmac-exp"},
    {25, "camellia128-cts-cmac"},
    {26, "camellia256-cts-cmac"},
};

/* RFC 4120 6.2 (and 6806 NT-ENTERPRISE, MS-KILE NT-MS-PRINCIPAL...). */
static const struct dis_name k5_name_types[] = {
    {0, "NT-UNKNOWN"},
    {1, "NT-PRINCIPAL"},
    {2, "NT-SRV-INST"},
    {3, "NT-SRV-HST"},
    {4, "NT-SRV-XHST"},
    {5, "NT-UID"},
    {6, "NT-X500-PRINCIPAL"},
    {7, "NT-SMTP-NAME"},
    {10, "NT-ENTERPRISE"},
    {11, "NT-WELLKNOWN"},
    {-128, "NT-MS-PRINCIPAL"},
    {-129, "NT-MS-PRINCIPAL-AND-ID"},
    {-130, "NT-ENT-PRINCIPAL-AND-ID"},
};

/* RFC 4120 7.5.9, RFC 4556 and 6113 error codes. */
static const struct dis_name k5_errors[] = {
    {0, "KDC_ERR_NONE"},
    {1, "KDC_ERR_NAME_EXP"},
    {2, "KDC_ERR_SERVICE_EXP"},
    {3, "KDC_ERR_BAD_PVNO"},
    {4, "KDC_ERR_C_OLD_MAST_KVNO"},
    {5, "KDC_ERR_S_OLD_MAST_KVNO"},
    {6, "KDC_ERR_C_PRINCIPAL_UNKNOWN"},
    {7, "KDC_ERR_S_PRINCIPAL_UNKNOWN"},
    {8, "KDC_ERR_PRINCIPAL_NOT_UNIQUE"},
    {9, "KDC_ERR_NULL_KEY"},
    {10, "KDC_ERR_CANNOT_POSTDATE"},
    {11, "KDC_ERR_NEVER_VALID"},
    {12, "KDC_ERR_POLICY"},
    {13, "KDC_ERR_BADOPTION"},
    {14, "KDC_ERR_ETYPE_NOSUPP"},
    {15, "KDC_ERR_SUMTYPE_NOSUPP"},
    {16, "KDC_ERR_PADATA_TYPE_NOSUPP"},
    {17, "KDC_ERR_TRTYPE_NOSUPP"},
    {18, "KDC_ERR_CLIENT_REVOKED"},
    {19, "KDC_ERR_SERVICE_REVOKED"},
    {20, "KDC_ERR_TGT_REVOKED"},
    {21, "KDC_ERR_CLIENT_NOTYET"},
    {22, "KDC_ERR_SERVICE_NOTYET"},
    {23, "KDC_ERR_KEY_EXPIRED"},
    {24, "KDC_ERR_PREAUTH_FAILED"},
    {25, "KDC_ERR_PREAUTH_REQUIRED"},
    {26, "KDC_ERR_SERVER_NOMATCH"},
    {27, "KDC_ERR_MUST_USE_USER2USER"},
    {28, "KDC_ERR_PATH_NOT_ACCEPTED"},
    {29, "KDC_ERR_SVC_UNAVAILABLE"},
    {31, "KRB_AP_ERR_BAD_INTEGRITY"},
    {32, "KRB_AP_ERR_TKT_EXPIRED"},
    {33, "KRB_AP_ERR_TKT_NYV"},
    {34, "KRB_AP_ERR_REPEAT"},
    {35, "KRB_AP_ERR_NOT_US"},
    {36, "KRB_AP_ERR_BADMATCH"},
    {37, "KRB_AP_ERR_SKEW"},
    {38, "KRB_AP_ERR_BADADDR"},
    {39, "KRB_AP_ERR_BADVERSION"},
    {40, "KRB_AP_ERR_MSG_TYPE"},
    {41, "KRB_AP_ERR_MODIFIED"},
    {42, "KRB_AP_ERR_BADORDER"},
    {44, "KRB_AP_ERR_BADKEYVER"},
    {45, "KRB_AP_ERR_NOKEY"},
    {46, "KRB_AP_ERR_MUT_FAIL"},
    {47, "KRB_AP_ERR_BADDIRECTION"},
    {48, "KRB_AP_ERR_METHOD"},
    {49, "KRB_AP_ERR_BADSEQ"},
    {50, "KRB_AP_ERR_INAPP_CKSUM"},
    {51, "KRB_AP_PATH_NOT_ACCEPTED"},
    {52, "KRB_ERR_RESPONSE_TOO_BIG"},
    {60, "KRB_ERR_GENERIC"},
    {61, "KRB_ERR_FIELD_TOOLONG"},
    {62, "KDC_ERR_CLIENT_NOT_TRUSTED"},
    {63, "KDC_ERR_KDC_NOT_TRUSTED"},
    {64, "KDC_ERR_INVALID_SIG"},
    {65, "KDC_ERR_DH_KEY_PARAMETERS_NOT_ACCEPTED"},
    {66, "KDC_ERR_CERTIFICATE_MISMATCH"},
    {67, "KRB_AP_ERR_NO_TGT"},
    {68, "KDC_ERR_WRONG_REALM"},
    {69, "KRB_AP_ERR_USER_TO_USER_REQUIRED"},
    {70, "KDC_ERR_CANT_VERIFY_CERTIFICATE"},
    {71, "KDC_ERR_INVALID_CERTIFICATE"},
    {72, "KDC_ERR_REVOKED_CERTIFICATE"},
    {73, "KDC_ERR_REVOCATION_STATUS_UNKNOWN"},
    {74, "KDC_ERR_REVOCATION_STATUS_UNAVAILABLE"},
    {75, "KDC_ERR_CLIENT_NAME_MISMATCH"},
    {76, "KDC_ERR_KDC_NAME_MISMATCH"},
    {90, "KDC_ERR_PREAUTH_EXPIRED"},
    {91, "KDC_ERR_MORE_PREAUTH_DATA_REQUIRED"},
    {93, "KDC_ERR_UNKNOWN_CRITICAL_FAST_OPTIONS"},
};

/* RFC 4120 7.5.2, RFC 4556, RFC 6113, RFC 8070, MS-KILE / MS-SFU padata
 * types. */
static const struct dis_name k5_padata[] = {
    {1, "PA-TGS-REQ"},
    {2, "PA-ENC-TIMESTAMP"},
    {3, "PA-PW-SALT"},
    {11, "PA-ETYPE-INFO"},
    {16, "PA-PK-AS-REQ"},
    {17, "PA-PK-AS-REP"},
    {19, "PA-ETYPE-INFO2"},
    {128, "PA-PAC-REQUEST"},
    {129, "PA-FOR-USER"},
    {133, "PA-FX-COOKIE"},
    {136, "PA-FX-FAST"},
    {137, "PA-FX-ERROR"},
    {138, "PA-ENCRYPTED-CHALLENGE"},
    {149, "PA-REQ-ENC-PA-REP"},
    {150, "PA-AS-FRESHNESS"},
    {167, "PA-PAC-OPTIONS"},
};

/* RFC 4120 7.5.7 message types (16, 17: user-to-user TGT-REQ/REP). */
static const struct dis_name k5_msg_types[] = {
    {10, "AS-REQ"},   {11, "AS-REP"},   {12, "TGS-REQ"},  {13, "TGS-REP"},
    {14, "AP-REQ"},   {15, "AP-REP"},   {16, "TGT-REQ"},  {17, "TGT-REP"},
    {20, "KRB-SAFE"}, {21, "KRB-PRIV"}, {22, "KRB-CRED"}, {30, "KRB-ERROR"},
};

/* RFC 4120 5.5.1 APOptions, bit 0 = the first bit of the BIT STRING. */
static const struct dis_flag k5_ap_options[] = {
    {0x80000000UL, "reserved"},
    {0x40000000UL, "use-session-key"},
    {0x20000000UL, "mutual-required"},
};

/* RFC 4120 5.4.1 KDCOptions. */
static const struct dis_flag k5_kdc_options[] = {
    {0x80000000UL, "reserved"},        {0x40000000UL, "forwardable"},
    {0x20000000UL, "forwarded"},       {0x10000000UL, "proxiable"},
    {0x08000000UL, "proxy"},           {0x04000000UL, "allow-postdate"},
    {0x02000000UL, "postdated"},       {0x00800000UL, "renewable"},
    {0x00010000UL, "canonicalize"},    {0x00000020UL, "disable-transited-check"},
    {0x00000010UL, "renewable-ok"},    {0x00000008UL, "enc-tkt-in-skey"},
    {0x00000002UL, "renew"},           {0x00000001UL, "validate"},
};

/* Field ids of one EncryptedData (they differ by where it sits). */
struct k5_enc_ids {
    const char *group;
    const char *etype;
    const char *kvno;
    const char *cipher;
};

/* Two's complement INTEGER content of 1..8 octets. */
static int k5_int_value(struct dis_ctx *c, const struct spnego_der_tlv *t, const char *what,
                        long long *out)
{
    unsigned long long acc;
    size_t i;

    if (t->content.len == 0 || t->content.len > 8) {
        return dis_fail(c, t->whole.data, what);
    }
    acc = (t->content.data[0] & 0x80u) ? ~0ULL : 0ULL;
    for (i = 0; i < t->content.len; i++) {
        acc = (acc << 8) | t->content.data[i];
    }
    *out = (long long)acc;
    return 1;
}

/*
 * The next element of seq if it is [n] EXPLICIT: reads it and the one TLV
 * inside (tag inner, or any when inner is 0) and checks nothing follows
 * that TLV. Returns 1 read, 0 absent or failed (c->failed says which).
 */
static int k5_field(struct dis_ctx *c, struct spnego_der_view *seq, unsigned n, unsigned inner,
                    const char *what, struct spnego_der_tlv *out_whole,
                    struct spnego_der_tlv *out_inner)
{
    struct spnego_der_view in;
    enum spnego_der_status st;

    /* Defined outputs on every path (gcc -O2 cannot see they are unused
     * when 0 is returned). */
    memset(out_whole, 0, sizeof(*out_whole));
    memset(out_inner, 0, sizeof(*out_inner));
    if (c->failed || seq->len == 0 || seq->data[0] != SPNEGO_DER_CONTEXT(n)) {
        return 0;
    }
    st = spnego_der_get_tag(seq, SPNEGO_DER_CONTEXT(n), out_whole);
    if (st != SPNEGO_DER_OK) {
        return dis_fail_der(c, seq->data, what, (int)st);
    }
    in = out_whole->content;
    st = inner != 0 ? spnego_der_get_tag(&in, inner, out_inner) : spnego_der_get_any(&in, out_inner);
    if (st != SPNEGO_DER_OK) {
        return dis_fail_der(c, in.len > 0 ? in.data : out_whole->whole.data, what, (int)st);
    }
    if (in.len != 0) {
        (void)snprintf(c->err_text, sizeof(c->err_text), "%s: bytes after the value", what);
        return dis_fail(c, in.data, c->err_text);
    }
    return 1;
}

/* k5_field for a required element: absent is an error. */
static int k5_need(struct dis_ctx *c, struct spnego_der_view *seq, unsigned n, unsigned inner,
                   const char *what, struct spnego_der_tlv *out_whole,
                   struct spnego_der_tlv *out_inner)
{
    if (k5_field(c, seq, n, inner, what, out_whole, out_inner)) {
        return 1;
    }
    if (!c->failed) {
        (void)snprintf(c->err_text, sizeof(c->err_text), "%s: missing", what);
        (void)dis_fail(c, seq->len > 0 ? seq->data : seq->data, c->err_text);
    }
    return 0;
}

/* [n] INTEGER, reported as an int or an enum from table. */
static int k5_int_field(struct dis_ctx *c, struct spnego_der_view *seq, unsigned n, int required,
                        const char *id, const char *label, const struct dis_name *table,
                        size_t table_len, long long *out_value)
{
    struct spnego_der_tlv whole;
    struct spnego_der_tlv val;
    long long v = 0;
    int got = required ? k5_need(c, seq, n, K5_INTEGER, label, &whole, &val)
                       : k5_field(c, seq, n, K5_INTEGER, label, &whole, &val);

    if (!got || !k5_int_value(c, &val, label, &v)) {
        return 0;
    }
    if (table != NULL) {
        dis_enum(c, id, label, whole.whole.data, whole.whole.len, v,
                 dis_lookup(table, table_len, v));
    } else {
        dis_int(c, id, label, whole.whole.data, whole.whole.len, v);
    }
    if (out_value != NULL) {
        *out_value = v;
    }
    return 1;
}

/* [n] GeneralString (or GeneralizedTime), reported as text. */
static int k5_str_field(struct dis_ctx *c, struct spnego_der_view *seq, unsigned n, unsigned tag,
                        int required, const char *id, const char *label)
{
    struct spnego_der_tlv whole;
    struct spnego_der_tlv val;
    struct dis_field f;
    int got = required ? k5_need(c, seq, n, tag, label, &whole, &val)
                       : k5_field(c, seq, n, tag, label, &whole, &val);

    if (!got) {
        return 0;
    }
    dis_field_init(&f, c, id, label, whole.whole.data, whole.whole.len, DIS_STR);
    f.bytes = val.content.data;
    f.bytes_len = val.content.len;
    dis_emit(c, &f);
    return 1;
}

/* [n] BIT STRING of flags (APOptions, KDCOptions): the first 32 bits. */
static int k5_flags_field(struct dis_ctx *c, struct spnego_der_view *seq, unsigned n,
                          const char *id, const char *label, const struct dis_flag *names,
                          size_t num_names)
{
    struct spnego_der_tlv whole;
    struct spnego_der_tlv val;
    unsigned long v = 0;
    size_t i;

    if (!k5_need(c, seq, n, SPNEGO_DER_TAG_BIT_STRING, label, &whole, &val)) {
        return 0;
    }
    if (val.content.len < 1 || val.content.data[0] > 7) {
        return dis_fail(c, val.whole.data, "flags: bad BIT STRING");
    }
    for (i = 0; i < 4; i++) {
        v = (v << 8) | (i + 1 < val.content.len ? val.content.data[i + 1] : 0u);
    }
    dis_flags(c, id, label, whole.whole.data, whole.whole.len, v, names, num_names);
    return 1;
}

/* PrincipalName ::= SEQUENCE { name-type [0] Int32, name-string [1]
 * SEQUENCE OF KerberosString }, inside [n]. */
static int k5_principal(struct dis_ctx *c, struct spnego_der_view *seq, unsigned n, int required,
                        const char *id, const char *label)
{
    struct spnego_der_tlv whole;
    struct spnego_der_tlv pn;
    struct spnego_der_tlv tmp;
    struct spnego_der_tlv strings;
    struct spnego_der_tlv comp;
    struct spnego_der_view body;
    struct spnego_der_view walk;
    struct dis_field f;
    long long type = 0;
    enum spnego_der_status st;
    int got = required ? k5_need(c, seq, n, SPNEGO_DER_TAG_SEQUENCE, label, &whole, &pn)
                       : k5_field(c, seq, n, SPNEGO_DER_TAG_SEQUENCE, label, &whole, &pn);

    if (!got) {
        return 0;
    }
    body = pn.content;
    if (!k5_need(c, &body, 0, K5_INTEGER, "name-type", &tmp, &strings) ||
        !k5_int_value(c, &strings, "name-type", &type) ||
        !k5_need(c, &body, 1, SPNEGO_DER_TAG_SEQUENCE, "name-string", &tmp, &strings)) {
        return 0;
    }
    walk = strings.content;
    while (walk.len > 0) {
        st = spnego_der_get_tag(&walk, K5_GENERAL_STRING, &comp);
        if (st != SPNEGO_DER_OK) {
            return dis_fail_der(c, walk.data, "name-string component", (int)st);
        }
    }
    dis_field_init(&f, c, id, label, whole.whole.data, whole.whole.len, DIS_PRINCIPAL);
    f.num = type;
    f.sym = dis_lookup(k5_name_types, DIS_COUNT(k5_name_types), type);
    f.bytes = strings.content.data;
    f.bytes_len = strings.content.len;
    dis_emit(c, &f);
    return 1;
}

/* EncryptedData ::= SEQUENCE { etype [0], kvno [1] OPTIONAL, cipher [2] }
 * inside [n]. */
static int k5_enc(struct dis_ctx *c, struct spnego_der_view *seq, unsigned n, const char *label,
                  const struct k5_enc_ids *ids)
{
    struct spnego_der_tlv whole;
    struct spnego_der_tlv ed;
    struct spnego_der_tlv w2;
    struct spnego_der_tlv cipher;
    struct spnego_der_view body;
    int ok;

    if (!k5_need(c, seq, n, SPNEGO_DER_TAG_SEQUENCE, label, &whole, &ed)) {
        return 0;
    }
    dis_group(c, ids->group, label, whole.whole.data, whole.whole.len, "EncryptedData");
    c->depth++;
    body = ed.content;
    ok = k5_int_field(c, &body, 0, 1, ids->etype, "etype", k5_etypes, DIS_COUNT(k5_etypes),
                      NULL);
    if (ok && !k5_int_field(c, &body, 1, 0, ids->kvno, "kvno", NULL, 0, NULL) && c->failed) {
        ok = 0;
    }
    if (ok && k5_need(c, &body, 2, SPNEGO_DER_TAG_OCTET_STRING, "cipher", &w2, &cipher)) {
        dis_bytes(c, ids->cipher, "cipher", cipher.content.data, cipher.content.len, DIS_BLOB);
    }
    c->depth--;
    return !c->failed;
}

/* pvno [p] and msg-type [p+1], checked against the expected type. */
static int k5_header(struct dis_ctx *c, struct spnego_der_view *body, unsigned p)
{
    return k5_int_field(c, body, p, 1, "krb5.pvno", "pvno", NULL, 0, NULL) &&
           k5_int_field(c, body, p + 1, 1, "krb5.msg_type", "msg-type", k5_msg_types,
                        DIS_COUNT(k5_msg_types), NULL);
}

/* Ticket ::= [APPLICATION 1] SEQUENCE { tkt-vno [0], realm [1],
 * sname [2], enc-part [3] } inside [n]. */
static int k5_ticket(struct dis_ctx *c, struct spnego_der_view *seq, unsigned n)
{
    static const struct k5_enc_ids ids = {"krb5.ticket.enc_part", "krb5.ticket.enc_part.etype",
                                          "krb5.ticket.enc_part.kvno",
                                          "krb5.ticket.enc_part.cipher"};
    struct spnego_der_tlv whole;
    struct spnego_der_tlv app;
    struct spnego_der_tlv sq;
    struct spnego_der_view in;
    struct spnego_der_view body;
    enum spnego_der_status st;

    if (!k5_need(c, seq, n, 0x61u, "ticket", &whole, &app)) {
        return 0;
    }
    dis_group(c, "krb5.ticket", "ticket", whole.whole.data, whole.whole.len, "Ticket");
    c->depth++;
    in = app.content;
    st = spnego_der_get_tag(&in, SPNEGO_DER_TAG_SEQUENCE, &sq);
    if (st != SPNEGO_DER_OK) {
        return dis_fail_der(c, app.content.data, "Ticket", (int)st);
    }
    body = sq.content;
    if (k5_int_field(c, &body, 0, 1, "krb5.ticket.tkt_vno", "tkt-vno", NULL, 0, NULL) &&
        k5_str_field(c, &body, 1, K5_GENERAL_STRING, 1, "krb5.ticket.realm", "realm") &&
        k5_principal(c, &body, 2, 1, "krb5.ticket.sname", "sname")) {
        (void)k5_enc(c, &body, 3, "enc-part", &ids);
    }
    c->depth--;
    return !c->failed;
}

/* RFC 4120 5.5.1. */
static void k5_ap_req(struct dis_ctx *c, struct spnego_der_view *body)
{
    static const struct k5_enc_ids ids = {"krb5.authenticator", "krb5.authenticator.etype",
                                          "krb5.authenticator.kvno",
                                          "krb5.authenticator.cipher"};

    if (k5_header(c, body, 0) &&
        k5_flags_field(c, body, 2, "krb5.ap_options", "ap-options", k5_ap_options,
                       DIS_COUNT(k5_ap_options)) &&
        k5_ticket(c, body, 3)) {
        (void)k5_enc(c, body, 4, "authenticator", &ids);
    }
}

/* RFC 4120 5.5.2. */
static void k5_ap_rep(struct dis_ctx *c, struct spnego_der_view *body)
{
    static const struct k5_enc_ids ids = {"krb5.enc_part", "krb5.enc_part.etype",
                                          "krb5.enc_part.kvno", "krb5.enc_part.cipher"};

    if (k5_header(c, body, 0)) {
        (void)k5_enc(c, body, 2, "enc-part", &ids);
    }
}

/* e-data: METHOD-DATA (SEQUENCE OF PA-DATA {[1] type, [2] value}),
 * TYPED-DATA (SEQUENCE OF {[0] type, [1] value}) or MS-KILE
 * KERB-ERROR-DATA (SEQUENCE {[1] data-type, [2] data-value}). */
static void k5_e_data(struct dis_ctx *c, const struct spnego_der_tlv *octets)
{
    struct spnego_der_view v = octets->content;
    struct spnego_der_view items;
    struct spnego_der_view one;
    struct spnego_der_tlv outer;
    struct spnego_der_tlv item;
    struct spnego_der_tlv w;
    struct spnego_der_tlv t;
    long long type;

    if (spnego_der_get_tag(&v, SPNEGO_DER_TAG_SEQUENCE, &outer) != SPNEGO_DER_OK || v.len != 0) {
        dis_text(c, "krb5.e_data.kind", "e-data-kind", octets->content.data, octets->content.len,
                 "opaque (not DER)");
        return;
    }
    items = outer.content;
    if (items.len > 0 && items.data[0] == SPNEGO_DER_CONTEXT(1)) {
        dis_text(c, "krb5.e_data.kind", "e-data-kind", outer.whole.data, outer.whole.len,
                 "KERB-ERROR-DATA (MS-KILE 2.2.1)");
        one = items;
        (void)k5_int_field(c, &one, 1, 1, "krb5.e_data.type", "data-type", NULL, 0, NULL);
        if (k5_field(c, &one, 2, SPNEGO_DER_TAG_OCTET_STRING, "data-value", &w, &t)) {
            dis_bytes(c, "krb5.e_data.value", "data-value", t.content.data, t.content.len,
                      DIS_HEX);
        }
        return;
    }
    /* SEQUENCE OF SEQUENCE: PA-DATA starts with [1], TYPED-DATA with [0]. */
    one = items;
    if (spnego_der_get_tag(&one, SPNEGO_DER_TAG_SEQUENCE, &item) == SPNEGO_DER_OK &&
        item.content.len > 0 && item.content.data[0] == SPNEGO_DER_CONTEXT(0)) {
        dis_text(c, "krb5.e_data.kind", "e-data-kind", outer.whole.data, outer.whole.len,
                 "TYPED-DATA");
    } else {
        dis_text(c, "krb5.e_data.kind", "e-data-kind", outer.whole.data, outer.whole.len,
                 "METHOD-DATA");
    }
    while (items.len > 0 && !c->failed) {
        enum spnego_der_status st = spnego_der_get_tag(&items, SPNEGO_DER_TAG_SEQUENCE, &item);
        if (st != SPNEGO_DER_OK) {
            (void)dis_fail_der(c, items.data, "e-data entry", (int)st);
            return;
        }
        one = item.content;
        c->depth++;
        if (one.len > 0 && one.data[0] == SPNEGO_DER_CONTEXT(0)) {
            (void)k5_int_field(c, &one, 0, 1, "krb5.e_data.type", "data-type", NULL, 0, &type);
        } else {
            (void)k5_int_field(c, &one, 1, 1, "krb5.e_data.padata_type", "padata-type",
                               k5_padata, DIS_COUNT(k5_padata), &type);
        }
        c->depth--;
    }
}

/* RFC 4120 5.9.1. */
static void k5_error(struct dis_ctx *c, struct spnego_der_view *body)
{
    struct spnego_der_tlv w;
    struct spnego_der_tlv t;

    if (!k5_header(c, body, 0)) {
        return;
    }
    (void)k5_str_field(c, body, 2, K5_GENERALIZED_TIME, 0, "krb5.ctime", "ctime");
    (void)k5_int_field(c, body, 3, 0, "krb5.cusec", "cusec", NULL, 0, NULL);
    if (!c->failed) {
        (void)k5_str_field(c, body, 4, K5_GENERALIZED_TIME, 1, "krb5.stime", "stime");
    }
    if (!c->failed) {
        (void)k5_int_field(c, body, 5, 1, "krb5.susec", "susec", NULL, 0, NULL);
    }
    if (!c->failed) {
        (void)k5_int_field(c, body, 6, 1, "krb5.error_code", "error-code", k5_errors,
                           DIS_COUNT(k5_errors), NULL);
    }
    (void)k5_str_field(c, body, 7, K5_GENERAL_STRING, 0, "krb5.crealm", "crealm");
    (void)k5_principal(c, body, 8, 0, "krb5.cname", "cname");
    if (!c->failed) {
        (void)k5_str_field(c, body, 9, K5_GENERAL_STRING, 1, "krb5.realm", "realm");
    }
    if (!c->failed) {
        (void)k5_principal(c, body, 10, 1, "krb5.sname", "sname");
    }
    (void)k5_str_field(c, body, 11, K5_GENERAL_STRING, 0, "krb5.e_text", "e-text");
    if (k5_field(c, body, 12, SPNEGO_DER_TAG_OCTET_STRING, "e-data", &w, &t)) {
        dis_group(c, "krb5.e_data", "e-data", w.whole.data, w.whole.len, NULL);
        c->depth++;
        k5_e_data(c, &t);
        c->depth--;
    }
}

/* KDC-REQ ::= SEQUENCE { pvno [1], msg-type [2], padata [3] OPTIONAL,
 * req-body [4] KDC-REQ-BODY } (RFC 4120 5.4.1): what IAKERB forwards. */
static void k5_kdc_req(struct dis_ctx *c, struct spnego_der_view *body)
{
    struct spnego_der_tlv w;
    struct spnego_der_tlv t;
    struct spnego_der_tlv item;
    struct spnego_der_view rb;
    struct spnego_der_view pa;
    struct spnego_der_view one;
    enum spnego_der_status st;

    if (!k5_header(c, body, 1)) {
        return;
    }
    if (k5_field(c, body, 3, SPNEGO_DER_TAG_SEQUENCE, "padata", &w, &t)) {
        pa = t.content;
        while (pa.len > 0 && !c->failed) {
            st = spnego_der_get_tag(&pa, SPNEGO_DER_TAG_SEQUENCE, &item);
            if (st != SPNEGO_DER_OK) {
                (void)dis_fail_der(c, pa.data, "padata entry", (int)st);
                return;
            }
            one = item.content;
            (void)k5_int_field(c, &one, 1, 1, "krb5.padata_type", "padata-type", k5_padata,
                               DIS_COUNT(k5_padata), NULL);
        }
    }
    if (!k5_need(c, body, 4, SPNEGO_DER_TAG_SEQUENCE, "req-body", &w, &t)) {
        return;
    }
    dis_group(c, "krb5.req_body", "req-body", w.whole.data, w.whole.len, "KDC-REQ-BODY");
    c->depth++;
    rb = t.content;
    if (k5_flags_field(c, &rb, 0, "krb5.kdc_options", "kdc-options", k5_kdc_options,
                       DIS_COUNT(k5_kdc_options))) {
        (void)k5_principal(c, &rb, 1, 0, "krb5.cname", "cname");
        if (!c->failed && k5_str_field(c, &rb, 2, K5_GENERAL_STRING, 1, "krb5.realm", "realm")) {
            (void)k5_principal(c, &rb, 3, 0, "krb5.sname", "sname");
        }
    }
    c->depth--;
}

/* KERB-TGT-REQUEST ::= SEQUENCE { pvno [0], msg-type [1] (16),
 * server-name [2] OPTIONAL, realm [3] OPTIONAL } (user-to-user draft). */
static void k5_tgt_req(struct dis_ctx *c, struct spnego_der_view *body)
{
    if (k5_header(c, body, 0)) {
        (void)k5_principal(c, body, 2, 0, "krb5.sname", "server-name");
        (void)k5_str_field(c, body, 3, K5_GENERAL_STRING, 0, "krb5.realm", "realm");
    }
}

/* One Kerberos message by its outer tag. */
static void k5_message(struct dis_ctx *c, const unsigned char *p, size_t len)
{
    struct spnego_der_view v;
    struct spnego_der_view in;
    struct spnego_der_tlv outer;
    struct spnego_der_tlv sq;
    enum spnego_der_status st;
    const char *name;
    const char *app;
    unsigned tag = p[0];

    v.data = p;
    v.len = len;
    switch (tag) {
    case 0x6Eu: name = "AP-REQ"; app = "[APPLICATION 14]"; break;
    case 0x6Fu: name = "AP-REP"; app = "[APPLICATION 15]"; break;
    case 0x7Eu: name = "KRB-ERROR"; app = "[APPLICATION 30]"; break;
    case 0x6Au: name = "AS-REQ"; app = "[APPLICATION 10]"; break;
    case 0x6Cu: name = "TGS-REQ"; app = "[APPLICATION 12]"; break;
    case 0x6Bu: name = "AS-REP"; app = "[APPLICATION 11]"; break;
    case 0x6Du: name = "TGS-REP"; app = "[APPLICATION 13]"; break;
    case 0x30u: name = "TGT-REQ"; app = "SEQUENCE"; break;
    default: name = NULL; app = "unknown (not dissected)"; break;
    }
    c->message = name;
    st = spnego_der_get_any(&v, &outer);
    if (st != SPNEGO_DER_OK) {
        dis_group(c, "krb5.message", name != NULL ? name : "message", p, len, app);
        (void)dis_fail_der(c, p, name != NULL ? name : "Kerberos message", (int)st);
        return;
    }
    dis_group(c, "krb5.message", name != NULL ? name : "message", outer.whole.data,
              outer.whole.len, app);
    if (name == NULL) {
        return;
    }
    c->depth++;
    if (tag == 0x30u) {
        in = outer.content;
        k5_tgt_req(c, &in);
    } else {
        in = outer.content;
        st = spnego_der_get_tag(&in, SPNEGO_DER_TAG_SEQUENCE, &sq);
        if (st != SPNEGO_DER_OK) {
            (void)dis_fail_der(c, outer.content.data, name, (int)st);
        } else {
            in = sq.content;
            switch (tag) {
            case 0x6Eu: k5_ap_req(c, &in); break;
            case 0x6Fu: k5_ap_rep(c, &in); break;
            case 0x7Eu: k5_error(c, &in); break;
            case 0x6Au: case 0x6Cu: k5_kdc_req(c, &in); break;
            default: (void)k5_header(c, &in, 0); break;
            }
        }
    }
    c->depth--;
    if (!c->failed && v.len > 0) {
        (void)dis_fail(c, v.data, "bytes after the Kerberos message");
    }
}

/* IAKERB-HEADER ::= SEQUENCE { target-realm [1] UTF8String, cookie [2]
 * OCTET STRING OPTIONAL, ... }; returns the bytes after it. */
static const unsigned char *k5_iakerb_header(struct dis_ctx *c, const unsigned char *p,
                                             size_t len)
{
    struct spnego_der_view v;
    struct spnego_der_view body;
    struct spnego_der_tlv hdr;
    struct spnego_der_tlv w;
    struct spnego_der_tlv t;
    enum spnego_der_status st;

    v.data = p;
    v.len = len;
    st = spnego_der_get_tag(&v, SPNEGO_DER_TAG_SEQUENCE, &hdr);
    if (st != SPNEGO_DER_OK) {
        (void)dis_fail_der(c, p, "IAKERB-HEADER", (int)st);
        return NULL;
    }
    dis_group(c, "krb5.iakerb", "iakerb-header", hdr.whole.data, hdr.whole.len, "IAKERB-HEADER");
    c->depth++;
    body = hdr.content;
    (void)k5_str_field(c, &body, 1, 0x0Cu, 1, "krb5.iakerb.target_realm", "target-realm");
    if (k5_field(c, &body, 2, SPNEGO_DER_TAG_OCTET_STRING, "cookie", &w, &t)) {
        dis_bytes(c, "krb5.iakerb.cookie", "cookie", t.content.data, t.content.len, DIS_HEX);
    }
    c->depth--;
    return c->failed ? NULL : v.data;
}

int dis_krb5(struct dis_ctx *c, const unsigned char *p, size_t len)
{
    static const unsigned char iakerb_oid[6] = {0x2B, 0x06, 0x01, 0x05, 0x02, 0x05};
    struct spnego_der_view v;
    struct spnego_der_view in;
    struct spnego_der_tlv gss;
    struct spnego_der_tlv oid;
    enum spnego_der_status st;
    const unsigned char *rest;
    const char *tok_name;
    unsigned tok;

    c->protocol = "krb5";
    if (p[0] != 0x60) {
        k5_message(c, p, len);
        return 1;
    }
    /* RFC 2743 3.1: 60 L 06 L <mech OID> <innerToken>; RFC 4121 4.1: the
     * innerToken starts with a 2-byte TOK_ID. */
    v.data = p;
    v.len = len;
    st = spnego_der_get_tag(&v, 0x60u, &gss);
    if (st != SPNEGO_DER_OK) {
        dis_group(c, "krb5.gss", "GSS-API", p, len, "InitialContextToken");
        return dis_fail_der(c, p, "GSS-API framing", (int)st), 1;
    }
    dis_group(c, "krb5.gss", "GSS-API", gss.whole.data, gss.whole.len, "InitialContextToken");
    c->depth++;
    in = gss.content;
    st = spnego_der_get_tag(&in, SPNEGO_DER_TAG_OID, &oid);
    if (st != SPNEGO_DER_OK) {
        c->depth--;
        return dis_fail_der(c, gss.content.data, "mech OID", (int)st), 1;
    }
    dis_bytes(c, "krb5.gss.mech", "mech", oid.content.data, oid.content.len, DIS_OID);
    if (in.len < 2) {
        c->depth--;
        return dis_fail(c, in.data,
                        v.len > 0 ? "TOK_ID missing: the framing length ends after the OID"
                                  : "TOK_ID missing"),
               1;
    }
    tok = ((unsigned)in.data[0] << 8) | in.data[1];
    switch (tok) {
    case 0x0100u: tok_name = "KRB_AP_REQ"; break;
    case 0x0200u: tok_name = "KRB_AP_REP"; break;
    case 0x0300u: tok_name = "KRB_ERROR"; break;
    case 0x0400u: tok_name = "KRB_TGT_REQ"; break;
    case 0x0401u: tok_name = "KRB_TGT_REP"; break;
    case 0x0501u: tok_name = "IAKERB_PROXY"; break;
    default: tok_name = NULL; break;
    }
    {
        struct dis_field f;
        dis_field_init(&f, c, "krb5.gss.tok_id", "tok-id", in.data, 2, DIS_HEX);
        f.bytes = in.data;
        f.bytes_len = 2;
        f.sym = tok_name;
        dis_emit(c, &f);
    }
    rest = in.data + 2;
    if (oid.content.len == sizeof(iakerb_oid) &&
        memcmp(oid.content.data, iakerb_oid, sizeof(iakerb_oid)) == 0) {
        rest = k5_iakerb_header(c, rest, in.len - 2);
        if (rest == NULL) {
            c->depth--;
            return 1;
        }
    }
    if (rest == in.data + in.len) {
        c->depth--;
        return dis_fail(c, rest, "no Kerberos message after the TOK_ID"), 1;
    }
    k5_message(c, rest, (size_t)(in.data + in.len - rest));
    c->depth--;
    if (!c->failed && v.len > 0) {
        (void)dis_fail(c, v.data, "bytes after the GSS-API framing");
    }
    return 1;
}
