/*
 * negotiate_mitm.h - the man in the middle of the L3 tamper tests
 * (test_negotiate_tamper.c, test_negotiate_tamper_mic.c): a testpair
 * tamper callback that rewrites one token of the exchange with the public
 * parse/build API. Include after negotiate_test_util.h.
 */
#ifndef NEGOTIATE_MITM_H
#define NEGOTIATE_MITM_H

#define F_STATE 0
#define F_MECH 1
#define F_TOK 2
#define F_MIC 3

#define OP_FIELD 1   /* set (value) or remove (NULL) one NegTokenResp field */
#define OP_LIST 2    /* rebuild the NegTokenInit with list[], keep or drop token */
#define OP_REPLACE 3 /* the whole token becomes value */
#define OP_FLIP_MIC 4 /* flip the low bit of the MIC's last byte */
#define OP_TRUNC 5   /* drop the last byte */

struct mitm {
    int index; /* which token of the exchange */
    int op;
    int field;
    const unsigned char *value;
    size_t value_len;
    SPNEGO_OID list[6];
    unsigned long num_list;
    int drop_token;
    int done; /* the rewrite happened */
};

/* Rewrites one field of the NegTokenResp in buf with the public API. */
static inline void edit_resp(unsigned char *buf, size_t *len, int field, const unsigned char *value,
                      size_t value_len)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    SPNEGO_NEGRESULT st = spnego_negresult_NotUsed;
    unsigned char mech[32];
    unsigned char tok[64];
    unsigned char mic[64];
    SPNEGO_OID oid;
    const unsigned char *b;
    unsigned long b_len;
    size_t mech_len = 0;
    size_t tok_len = 0;
    size_t mic_len = 0;
    int has_mech;
    int has_tok;
    int has_mic;
    int rc;

    assert_int_equal(spnegoInitFromBinary(buf, (unsigned long)*len, &h), SPNEGO_E_SUCCESS);
    if (spnegoGetNegotiationResult(h, &st) != SPNEGO_E_SUCCESS) {
        st = spnego_negresult_NotUsed;
    }
    has_mech = spnegoGetSupportedMechOID(h, &oid) == SPNEGO_E_SUCCESS;
    if (has_mech) {
        mech_len = oid.ulOidLen;
        memcpy(mech, oid.pbOid, mech_len);
    }
    has_tok = spnegoGetMechTokenPtr(h, &b, &b_len) == SPNEGO_E_SUCCESS;
    if (has_tok) {
        tok_len = b_len;
        memcpy(tok, b, tok_len);
    }
    has_mic = spnegoGetMechListMICPtr(h, &b, &b_len) == SPNEGO_E_SUCCESS;
    if (has_mic) {
        mic_len = b_len;
        memcpy(mic, b, mic_len);
    }
    spnegoFreeData(h);
    h = NULL;
    switch (field) {
    case F_STATE:
        st = value == NULL ? spnego_negresult_NotUsed : (SPNEGO_NEGRESULT)value[0];
        break;
    case F_MECH:
        has_mech = value != NULL;
        mech_len = value_len;
        if (has_mech) {
            memcpy(mech, value, value_len);
        }
        break;
    case F_TOK:
        has_tok = value != NULL;
        tok_len = value_len;
        if (has_tok) {
            memcpy(tok, value, value_len);
        }
        break;
    default:
        has_mic = value != NULL;
        mic_len = value_len;
        if (has_mic) {
            memcpy(mic, value, value_len);
        }
        break;
    }
    oid.pbOid = mech;
    oid.ulOidLen = (unsigned long)mech_len;
    rc = spnegoCreateNegTokenTargEx(has_mech ? &oid : NULL, st, has_tok ? tok : NULL,
                                    (unsigned long)tok_len, has_mic ? mic : NULL,
                                    (unsigned long)mic_len, &h);
    assert_int_equal(rc, SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoTokenGetBinaryPtr(h, &b, &b_len), SPNEGO_E_SUCCESS);
    memcpy(buf, b, b_len);
    *len = b_len;
    spnegoFreeData(h);
}

/* Rebuilds the framed NegTokenInit in buf with another mech list. */
static inline void edit_init(unsigned char *buf, size_t *len, const SPNEGO_OID *list,
                      unsigned long num, int drop_token)
{
    SPNEGO_TOKEN_HANDLE h = NULL;
    unsigned char tok[64];
    unsigned long tok_len = 0;
    const unsigned char *b;
    unsigned long b_len;

    assert_int_equal(spnegoInitFromBinary(buf, (unsigned long)*len, &h), SPNEGO_E_SUCCESS);
    if (spnegoGetMechTokenPtr(h, &b, &b_len) == SPNEGO_E_SUCCESS) {
        tok_len = b_len;
        memcpy(tok, b, tok_len);
    }
    spnegoFreeData(h);
    h = NULL;
    if (drop_token) {
        tok_len = 0;
    }
    assert_int_equal(spnegoCreateNegTokenInitEx(list, num, 0, tok_len > 0 ? tok : NULL,
                                                tok_len, NULL, 0, 0, &h),
                     SPNEGO_E_SUCCESS);
    assert_int_equal(spnegoTokenGetBinaryPtr(h, &b, &b_len), SPNEGO_E_SUCCESS);
    memcpy(buf, b, b_len);
    *len = b_len;
    spnegoFreeData(h);
}

static inline void tamper(struct testpair *p, int index, int from_ini, unsigned char *buf,
                   size_t *len)
{
    struct mitm *m = (struct mitm *)p->tamper_arg;
    size_t at;
    size_t mic_len = 0;

    (void)from_ini;
    if (index != m->index) {
        return;
    }
    m->done = 1;
    switch (m->op) {
    case OP_FIELD:
        edit_resp(buf, len, m->field, m->value, m->value_len);
        break;
    case OP_LIST:
        edit_init(buf, len, m->list, m->num_list, m->drop_token);
        break;
    case OP_REPLACE:
        memcpy(buf, m->value, m->value_len);
        *len = m->value_len;
        break;
    case OP_FLIP_MIC:
        at = nt_content_at(buf, *len, SPNEGO_ELEMENT_MECH_LIST_MIC, &mic_len);
        buf[at + mic_len - 1] ^= 0x01;
        break;
    default:
        (*len)--;
        break;
    }
}

/* Creates the contexts and runs the exchange through m. */
static inline void run_mitm(struct nt_fixture *f, struct mitm *m)
{
    nt_create(f);
    f->pair.tamper = tamper;
    f->pair.tamper_arg = m;
    testpair_run(&f->pair, 0);
    assert_int_equal(m->done, 1);
    assert_int_equal(f->pair.overflow, 0);
}

/* The acceptor failed: its last token is a reject (negState 2, the
 * 9 bytes when there is no error token). */
static inline void assert_acc_rejected(const struct testpair *p)
{
    int i = p->num_tok - 1;

    assert_true(i >= 0);
    assert_int_equal(p->tok_from_ini[i], 0);
    assert_int_equal(p->tok_len[i], sizeof(reject9));
    assert_memory_equal(p->tok[i], reject9, sizeof(reject9));
}

static inline void free_pair(struct nt_fixture *f)
{
    spnegoNegotiateFree(f->pair.ini);
    spnegoNegotiateFree(f->pair.acc);
    memset(f, 0, sizeof(*f));
}


/* Initiator [NTLM, krb5, IAKERB], acceptor runs krb5 only: non-first, so
 * the MIC exchange is required. Each rewrite keeps krb5 a non-first
 * choice, so selection is unchanged and only the MIC can tell. */
static inline void setup_required(struct nt_fixture *f, int legs)
{
    NT_INI(f, oid_ntlm, legs, 'n');
    NT_INI(f, oid_krb5, legs, 'k');
    NT_INI(f, oid_iakerb, legs, 'i');
    NT_ACC(f, oid_krb5, legs, 'k');
}


#endif /* NEGOTIATE_MITM_H */
