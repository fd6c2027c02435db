/*
 * spnego_tool_exchange.c - example program: `spnego exchange`, several
 * tokens dumped as the legs of one exchange, then checked against the
 * rules of SPNEGO negotiation that hold without keys (RFC 4178 4 and 5,
 * MS-SPNG 3, and the L3 contract in DESIGN.md section 6).
 *
 * Tokens come from the arguments, from lines of standard input or a file,
 * or from the Authorization / WWW-Authenticate headers of a `curl -v`
 * transcript (the header names the direction; otherwise legs alternate,
 * starting with the initiator unless the first token is a NegTokenInit2).
 * The library parses each leg; the dissectors say what the inner tokens
 * are (an NTLM CHALLENGE, an AP-REQ asking for mutual authentication, an
 * AUTHENTICATE announcing its MIC). Each finding names the rule it breaks.
 * Nothing is verified cryptographically: a MIC is only seen to be there.
 */
#include "spnego_tool.h"

#include "spnego.h"
#include "spnego_dissect.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define EX_MAX_LEGS 64
#define EX_INIT 0
#define EX_ACC 1

/* Why a mechListMIC exchange is required (RFC 4178 5, DESIGN.md 6). */
#define EX_MIC_NONFIRST 0x1u /* the selected mech is not the initiator's first */
#define EX_MIC_REQUESTED 0x2u /* the acceptor sent request-mic */
#define EX_MIC_PEER_SENT 0x4u /* a side sent one: the other must answer */
#define EX_MIC_MECH 0x8u     /* NTLM AUTHENTICATE announces its MIC */

struct ex_leg {
    struct tool_buf tok;
    int dir;            /* EX_INIT, EX_ACC, or -1 until inferred */
    const char *source; /* "Authorization", "WWW-Authenticate", "token" */
    SPNEGO_TOKEN_HANDLE h;
    int is_resp;
    int is_init2;
    int neg_state; /* -1 when absent */
    SPNEGO_OID sup;
    int has_sup;
    int has_mic;
    const unsigned char *mt;
    unsigned long mt_len;
    int has_mt;
    const char *kind; /* tool_classify_inner() kind of the mech token */
    int mutual;       /* AP-REQ with mutual-required */
    int ntlm_mic;     /* AUTHENTICATE with MsvAvFlags MIC_PRESENT */
};

struct ex_state {
    struct ex_leg legs[EX_MAX_LEGS];
    size_t num_legs;
    int json;
    FILE *out;
    int num_findings;
    int first_finding;
};

static const char *const ex_states[4] = {"accept-completed", "accept-incomplete", "reject",
                                         "request-mic"};

/* ---- input ---- */

/* Direction named by a header line, or -1. */
static int ex_header_dir(const char *line)
{
    static const struct {
        const char *name;
        int dir;
    } names[] = {{"authorization:", EX_INIT},
                 {"proxy-authorization:", EX_INIT},
                 {"www-authenticate:", EX_ACC},
                 {"proxy-authenticate:", EX_ACC}};
    size_t i;
    size_t j;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        for (j = 0; names[i].name[j] != '\0' &&
                    tolower((unsigned char)line[j]) == names[i].name[j];
             j++) {
        }
        if (names[i].name[j] == '\0') {
            return names[i].dir;
        }
    }
    return -1;
}

/* 1 when the header line carries "Negotiate <token>" (not a bare
 * challenge, not another scheme). */
static int ex_negotiate_with_token(const char *line)
{
    const char *p = strchr(line, ':');
    size_t i;

    if (p == NULL) {
        return 0;
    }
    p++;
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    for (i = 0; i < 9; i++) {
        if (tolower((unsigned char)p[i]) != "negotiate"[i]) {
            return 0;
        }
    }
    p += 9;
    if (*p != ' ' && *p != '\t') {
        return 0;
    }
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    return *p != '\0';
}

/* Adds one leg from text (a header line or a token); 0 on a decoding
 * error (reported by tool_get_token_text). */
static int ex_add(struct ex_state *st, const char *text, int dir, const char *source)
{
    struct ex_leg *leg;

    if (st->num_legs >= EX_MAX_LEGS) {
        fprintf(stderr, "spnego: more than %d tokens\n", EX_MAX_LEGS);
        return 0;
    }
    leg = &st->legs[st->num_legs];
    memset(leg, 0, sizeof(*leg));
    if (tool_get_token_text(text, &leg->tok) != TOOL_EXIT_OK) {
        return 0;
    }
    leg->dir = dir;
    leg->source = source;
    st->num_legs++;
    return 1;
}

/* Text with one token or header per line; a `curl -v` transcript ("> "
 * and "< " prefixes) keeps only its Negotiate header lines; '#' starts a
 * comment line. Lines are
 * cut in place (text_len bytes, NUL-terminated by the caller). */
static int ex_add_lines(struct ex_state *st, char *text, size_t text_len)
{
    char *line;
    char *end;
    size_t pos;
    int headers = 0;
    int pass;
    int dir;

    /* Cut every line first: NUL at each '\n' and each trailing CR/blank. */
    for (pos = 0; pos <= text_len;) {
        char *nl = memchr(text + pos, '\n', text_len - pos);
        size_t n;
        end = nl != NULL ? nl : text + text_len;
        *end = '\0';
        n = (size_t)(end - (text + pos));
        while (n > 0 && (text[pos + n - 1] == '\r' || text[pos + n - 1] == ' ' ||
                         text[pos + n - 1] == '\t')) {
            text[pos + --n] = '\0';
        }
        pos = (size_t)(end - text) + 1;
    }
    for (pass = 0; pass < 2; pass++) {
        for (pos = 0; pos <= text_len; pos = (size_t)(end - text) + 1) {
            line = text + pos;
            end = memchr(line, '\0', text_len + 1 - pos);
            if (end == NULL) {
                break;
            }
            while (*line == ' ' || *line == '\t') {
                line++;
            }
            if ((line[0] == '>' || line[0] == '<') && (line[1] == ' ' || line[1] == '\0')) {
                line += line[1] == ' ' ? 2 : 1;
            }
            if (line[0] == '#') {
                continue; /* a comment line */
            }
            dir = ex_header_dir(line);
            if (pass == 0) {
                headers |= dir >= 0 && ex_negotiate_with_token(line);
            } else if (headers) {
                if (dir >= 0 && ex_negotiate_with_token(line) &&
                    !ex_add(st, line, dir, dir == EX_INIT ? "Authorization" : "WWW-Authenticate")) {
                    return 0;
                }
            } else if (*line != '\0' && !ex_add(st, line, -1, "token")) {
                return 0;
            }
        }
    }
    return 1;
}

/* ---- per-leg facts ---- */

struct ex_inner_facts {
    int mutual;
    int ntlm_mic;
};

static void ex_inner_field(void *arg, const struct dis_field *f)
{
    struct ex_inner_facts *facts = (struct ex_inner_facts *)arg;

    if (strcmp(f->id, "krb5.ap_options") == 0 && (f->num & 0x20000000LL) != 0) {
        facts->mutual = 1;
    }
    if (strcmp(f->id, "ntlm.av.flags") == 0 && (f->num & 0x2LL) != 0) {
        facts->ntlm_mic = 1;
    }
}

static void ex_parse(struct ex_leg *leg)
{
    SPNEGO_NEGRESULT res;
    const unsigned char *p;
    unsigned long len;
    const char *desc;
    int type;

    leg->neg_state = -1;
    if (spnegoInitFromBinaryEx(leg->tok.data, (unsigned long)leg->tok.len, SPNEGO_PARSE_NOCOPY,
                               &leg->h) != SPNEGO_E_SUCCESS) {
        leg->h = NULL;
        return;
    }
    (void)spnegoGetTokenType(leg->h, &type);
    leg->is_resp = type == SPNEGO_TOKEN_TARG;
    if (!leg->is_resp) {
        (void)spnegoIsNegTokenInit2(leg->h, &leg->is_init2);
    }
    if (spnegoGetNegotiationResult(leg->h, &res) == SPNEGO_E_SUCCESS) {
        leg->neg_state = (int)res;
    }
    leg->has_sup = spnegoGetSupportedMechOID(leg->h, &leg->sup) == SPNEGO_E_SUCCESS;
    leg->has_mic = spnegoGetMechListMICPtr(leg->h, &p, &len) == SPNEGO_E_SUCCESS;
    leg->kind = "none";
    if (spnegoGetMechTokenPtr(leg->h, &leg->mt, &leg->mt_len) == SPNEGO_E_SUCCESS) {
        struct dis_ctx c;
        struct ex_inner_facts facts;
        leg->has_mt = 1;
        tool_classify_inner(leg->mt, (size_t)leg->mt_len, &desc, &leg->kind);
        memset(&c, 0, sizeof(c));
        memset(&facts, 0, sizeof(facts));
        c.base = leg->mt;
        c.sink.field = ex_inner_field;
        c.sink.arg = &facts;
        c.allow_negoex = 1;
        (void)dis_inner(&c, leg->mt, (size_t)leg->mt_len);
        leg->mutual = facts.mutual;
        leg->ntlm_mic = facts.ntlm_mic;
    }
}

/* ---- findings ---- */

static void ex_finding(struct ex_state *st, size_t leg, const char *rule, const char *text,
                       const char *extra)
{
    st->num_findings++;
    if (st->json) {
        fprintf(st->out, "%s\n    {\"rule\": \"%s\", \"leg\": %lu, \"text\": \"%s%s\"}",
                st->first_finding ? "" : ",", rule, (unsigned long)leg + 1, text,
                extra != NULL ? extra : "");
        st->first_finding = 0;
    } else {
        fprintf(st->out, "finding: [%s] leg %lu: %s%s\n", rule, (unsigned long)leg + 1, text,
                extra != NULL ? extra : "");
    }
}

static int ex_oid_eq(const SPNEGO_OID *a, const SPNEGO_OID *b)
{
    return a->ulOidLen == b->ulOidLen && memcmp(a->pbOid, b->pbOid, a->ulOidLen) == 0;
}

/* MS-krb5 and krb5 are one mechanism (DESIGN.md 6). */
static int ex_same_mech(const SPNEGO_OID *a, const SPNEGO_OID *b)
{
    SPNEGO_MECH_OID ma = spnegoMechOidLookup(a);
    SPNEGO_MECH_OID mb = spnegoMechOidLookup(b);
    int ka = ma == spnego_mech_oid_Kerberos_V5 || ma == spnego_mech_oid_Kerberos_V5_Legacy;
    int kb = mb == spnego_mech_oid_Kerberos_V5 || mb == spnego_mech_oid_Kerberos_V5_Legacy;

    return ex_oid_eq(a, b) || (ka && kb);
}

/* The reasons a MIC is required, as text (a static buffer). */
static const char *ex_reasons(unsigned reasons)
{
    static char buf[256]; /* the four reasons take 182 bytes */

    buf[0] = '\0';
    if (reasons & EX_MIC_NONFIRST) {
        strcat(buf, ", the selected mechanism is not the initiator's first");
    }
    if (reasons & EX_MIC_REQUESTED) {
        strcat(buf, ", the acceptor sent request-mic");
    }
    if (reasons & EX_MIC_PEER_SENT) {
        strcat(buf, ", a mechListMIC was sent and must be answered");
    }
    if (reasons & EX_MIC_MECH) {
        strcat(buf, ", the NTLM AUTHENTICATE announces a MIC (MsvAvFlags)");
    }
    return buf[0] != '\0' ? buf + 2 : "not required";
}

/* The rules, leg by leg. */
static void ex_check(struct ex_state *st)
{
    SPNEGO_OID first = {NULL, 0};
    SPNEGO_OID sel = {NULL, 0};
    size_t i;
    long init_leg = -1;
    long sel_leg = -1;
    long first_reply = -1;
    long final_leg = -1;
    int after_final_done = 0;
    int init_mics = 0;
    int acc_mics = 0;
    int expect_ap_rep = 0;
    unsigned reasons = 0;
    int init_had_token = 0;
    int nonfirst = 0;
    long init_mic_leg = -1;
    long acc_mic_leg = -1;

    for (i = 0; i < st->num_legs; i++) {
        struct ex_leg *leg = &st->legs[i];
        if (leg->h == NULL) {
            ex_finding(st, i, "leg-invalid", "not a valid SPNEGO token (see its dump)", NULL);
            continue;
        }
        if (final_leg >= 0 && !after_final_done) {
            ex_finding(st, i, "after-final",
                       "a token after the acceptor ended the exchange with ",
                       ex_states[st->legs[final_leg].neg_state]);
            after_final_done = 1;
        }
        if (leg->dir == EX_INIT) {
            if (init_leg < 0 && leg->is_resp) {
                ex_finding(st, i, "first-leg-form",
                           "the initiator's first token is a NegTokenResp, not a NegTokenInit "
                           "(RFC 4178 4.2.1)",
                           NULL);
                init_leg = (long)i; /* report once */
            } else if (init_leg < 0) {
                init_leg = (long)i;
                init_had_token = leg->has_mt;
                (void)spnegoGetMechTypeOIDPtr(leg->h, 0, &first);
            } else if (!leg->is_resp) {
                ex_finding(st, i, "first-leg-form",
                           "a second NegTokenInit from the initiator (later legs are "
                           "NegTokenResp, RFC 4178 4.2.2)",
                           NULL);
            }
            if (leg->kind != NULL && strcmp(leg->kind, "krb5-ap-req") == 0 && leg->mutual) {
                expect_ap_rep = 1;
            }
        } else {
            if (!leg->is_resp) {
                if (!(leg->is_init2 && init_leg < 0)) {
                    ex_finding(st, i, "first-leg-form",
                               "a NegTokenInit from the acceptor after the initiator started "
                               "(only a NegTokenInit2 may come first, MS-SPNG 3.2.5.2)",
                               NULL);
                }
                continue;
            }
            if (first_reply < 0) {
                first_reply = (long)i;
                if (leg->neg_state < 0) {
                    ex_finding(st, i, "first-reply-fields",
                               "the acceptor's first reply has no negState (RFC 4178 4.2.2)",
                               NULL);
                }
                if (!leg->has_sup && leg->neg_state != spnego_negresult_rejected) {
                    ex_finding(st, i, "first-reply-fields",
                               "the acceptor's first reply has no supportedMech "
                               "(RFC 4178 4.2.2)",
                               NULL);
                }
            } else if (leg->neg_state == spnego_negresult_request_mic) {
                ex_finding(st, i, "request-mic-only-first",
                           "request-mic after the first reply (RFC 4178 4.2.2: only the "
                           "first reply may request the MIC)",
                           NULL);
            }
            if (leg->has_sup) {
                if (sel_leg < 0) {
                    unsigned long n = 0;
                    unsigned long k;
                    int offered = 0;
                    SPNEGO_OID o;
                    sel_leg = (long)i;
                    sel = leg->sup;
                    if (init_leg >= 0 && !st->legs[init_leg].is_resp) {
                        (void)spnegoGetMechTypeCount(st->legs[init_leg].h, &n);
                        for (k = 0; k < n; k++) {
                            if (spnegoGetMechTypeOIDPtr(st->legs[init_leg].h, k, &o) ==
                                    SPNEGO_E_SUCCESS &&
                                ex_oid_eq(&o, &sel)) {
                                offered = 1;
                            }
                        }
                        if (!offered) {
                            ex_finding(st, i, "selected-mech-offered",
                                       "supportedMech is not in the initiator's mechTypes "
                                       "(DESIGN.md 6: it must be one the initiator offered)",
                                       NULL);
                        }
                        if (first.pbOid != NULL && !ex_same_mech(&sel, &first)) {
                            reasons |= EX_MIC_NONFIRST;
                            nonfirst = 1;
                            expect_ap_rep = 0; /* the optimistic AP-REQ was discarded */
                            if (init_had_token && leg->has_mt) {
                                ex_finding(st, i, "optimistic-token",
                                           "the initiator's first choice was not selected, "
                                           "yet the first reply carries a token: the "
                                           "optimistic token counts only for the first "
                                           "mechanism (DESIGN.md 6)",
                                           NULL);
                            }
                        }
                    }
                } else if (!ex_oid_eq(&leg->sup, &sel)) {
                    ex_finding(st, i, "mech-changed",
                               "supportedMech differs from the one selected earlier "
                               "(DESIGN.md 6: it may not change in later replies)",
                               NULL);
                }
            }
            if (leg->neg_state == spnego_negresult_request_mic) {
                reasons |= EX_MIC_REQUESTED;
            }
            if (leg->kind != NULL && strcmp(leg->kind, "krb5-ap-rep") == 0) {
                expect_ap_rep = 0;
            }
        }
        if (leg->has_mic) {
            int *count = leg->dir == EX_INIT ? &init_mics : &acc_mics;
            long *where = leg->dir == EX_INIT ? &init_mic_leg : &acc_mic_leg;
            reasons |= EX_MIC_PEER_SENT;
            if (*where < 0) {
                *where = (long)i;
            }
            if (++*count == 2) {
                ex_finding(st, i, "duplicate-mic",
                           "a second mechListMIC from the same side (DESIGN.md 6: a second "
                           "MIC is a failure)",
                           NULL);
            }
            if (leg->kind != NULL && (strcmp(leg->kind, "ntlmssp-negotiate") == 0 ||
                                      strcmp(leg->kind, "ntlmssp-challenge") == 0)) {
                ex_finding(st, i, "mic-before-complete",
                           "a mechListMIC next to an NTLM NEGOTIATE or CHALLENGE: the "
                           "sender's NTLM context cannot be complete yet (RFC 4178 5)",
                           NULL);
            }
        }
        if (leg->ntlm_mic) {
            reasons |= EX_MIC_MECH;
        }
        if (leg->dir == EX_ACC && leg->is_resp &&
            (leg->neg_state == spnego_negresult_success ||
             leg->neg_state == spnego_negresult_rejected)) {
            final_leg = (long)i;
        }
        if (leg->dir == EX_ACC && leg->is_resp && leg->neg_state == spnego_negresult_success) {
            if (leg->kind != NULL && strcmp(leg->kind, "ntlmssp-challenge") == 0) {
                ex_finding(st, i, "early-complete",
                           "accept-completed with an NTLM CHALLENGE: the initiator still has "
                           "to send its AUTHENTICATE (DESIGN.md 6)",
                           NULL);
            }
            if (expect_ap_rep) {
                ex_finding(st, i, "early-complete",
                           "accept-completed without an AP-REP although the AP-REQ asked for "
                           "mutual authentication (DESIGN.md 6)",
                           NULL);
            }
            if (reasons != 0 && init_mics == 0) {
                ex_finding(st, i, "early-complete",
                           "accept-completed before the initiator's mechListMIC; required "
                           "because ",
                           ex_reasons(reasons));
            }
            if (reasons != 0 && acc_mics == 0) {
                ex_finding(st, i, "mic-missing",
                           "the acceptor completed without sending its mechListMIC; required "
                           "because ",
                           ex_reasons(reasons));
            }
        }
    }
    {
        char *dotted = sel_leg >= 0 ? tool_oid_text(sel.pbOid, sel.ulOidLen) : NULL;
        const char *name = sel_leg >= 0 ? tool_mech_name(sel.pbOid, sel.ulOidLen) : NULL;
        if (st->json) {
            fprintf(st->out, "%s],\n  \"selected_mech\": ", st->first_finding ? "" : "\n  ");
            if (dotted != NULL) {
                fprintf(st->out, "{\"leg\": %ld, \"oid\": \"%s\", \"name\": %s%s%s, "
                                 "\"initiator_first\": %s}",
                        sel_leg + 1, dotted, name != NULL ? "\"" : "",
                        name != NULL ? name : "null", name != NULL ? "\"" : "",
                        nonfirst ? "false" : "true");
            } else {
                fputs("null", st->out);
            }
            fprintf(st->out, ",\n  \"mic_required\": %s,\n  \"mic_reasons\": \"%s\",\n"
                             "  \"initiator_mic_leg\": %ld,\n  \"acceptor_mic_leg\": %ld,\n"
                             "  \"complete\": %s,\n",
                    reasons != 0 ? "true" : "false", ex_reasons(reasons), init_mic_leg + 1,
                    acc_mic_leg + 1, final_leg >= 0 ? "true" : "false");
        } else {
            if (dotted != NULL) {
                fprintf(st->out, "selected: %s%s%s%s in leg %ld, %s\n", dotted,
                        name != NULL ? " (" : "", name != NULL ? name : "",
                        name != NULL ? ")" : "", sel_leg + 1,
                        nonfirst ? "NOT the initiator's first choice"
                                 : "the initiator's first choice");
            } else {
                fputs("selected: no supportedMech seen\n", st->out);
            }
            fprintf(st->out, "mechListMIC: %s%s; initiator's in ", reasons != 0 ? "required: " : "",
                    ex_reasons(reasons));
            if (init_mic_leg >= 0) {
                fprintf(st->out, "leg %ld", init_mic_leg + 1);
            } else {
                fputs("none", st->out);
            }
            fputs(", acceptor's in ", st->out);
            if (acc_mic_leg >= 0) {
                fprintf(st->out, "leg %ld\n", acc_mic_leg + 1);
            } else {
                fputs("none\n", st->out);
            }
            if (final_leg < 0) {
                fputs("note: the exchange does not end (no accept-completed or reject)\n",
                      st->out);
            }
        }
        free(dotted);
    }
}

/* ---- command ---- */

static const char ex_usage[] =
    "usage: spnego exchange [--json] [TOKEN|HEADER|@FILE|-]...\n"
    "\n"
    "Dumps several tokens as the legs of one exchange, then checks the rules of\n"
    "SPNEGO negotiation that hold without keys: the selected mech was offered and\n"
    "never changes, the optimistic token counts only for the first mech, a\n"
    "required mechListMIC is sent both ways, no side completes early, negState\n"
    "sequences are legal. Each finding names its rule.\n"
    "\n"
    "Each argument is a token (base64, hex, DER file) or a header line; '-' or\n"
    "@FILE of text reads one token or header per line, or the Authorization /\n"
    "WWW-Authenticate lines of a `curl -v` transcript. Without a header the legs\n"
    "alternate, starting with the initiator (with the acceptor when the first\n"
    "token is a NegTokenInit2).\n"
    "\n"
    "  --json   one JSON object (schema libspnego-exchange/1, see docs/cli.md)\n"
    "\n"
    "Exit status: 0 no finding, 1 findings or an invalid token, 2 usage.\n";

/* Reads @FILE or '-' as text lines, or (binary @FILE) as one DER token. */
static int ex_add_source(struct ex_state *st, const char *arg)
{
    struct tool_buf raw;
    FILE *f = stdin;
    size_t i;
    int is_text = 1;
    int ok;

    if (arg[0] == '@') {
        f = fopen(arg + 1, "rb");
        if (f == NULL) {
            fprintf(stderr, "spnego: cannot open '%s'\n", arg + 1);
            return 0;
        }
    }
    ok = tool_read_stream(f, &raw);
    if (f != stdin) {
        fclose(f);
    }
    if (!ok) {
        fprintf(stderr, "spnego: cannot read '%s'\n", arg);
        return 0;
    }
    for (i = 0; i < raw.len; i++) {
        if (raw.data[i] == 0 || (raw.data[i] < 0x20 && raw.data[i] != '\n' &&
                                 raw.data[i] != '\r' && raw.data[i] != '\t') ||
            raw.data[i] >= 0x7F) {
            is_text = 0;
        }
    }
    if (!is_text) {
        struct ex_leg *leg = &st->legs[st->num_legs];
        if (st->num_legs >= EX_MAX_LEGS) {
            free(raw.data);
            return 0;
        }
        memset(leg, 0, sizeof(*leg));
        leg->tok = raw;
        leg->dir = -1;
        leg->source = "token";
        st->num_legs++;
        return 1;
    }
    {
        char *text = realloc(raw.data, raw.len + 1);
        if (text == NULL) {
            free(raw.data);
            return 0;
        }
        text[raw.len] = '\0';
        ok = ex_add_lines(st, text, raw.len);
        free(text);
    }
    return ok;
}

int tool_cmd_exchange(int argc, char **argv)
{
    struct ex_state *st = calloc(1, sizeof(*st));
    size_t i;
    int a;
    int rc = TOOL_EXIT_USAGE;
    int any_arg = 0;

    if (st == NULL) {
        return TOOL_EXIT_INTERNAL;
    }
    st->out = stdout;
    st->first_finding = 1;
    for (a = 0; a < argc; a++) {
        if (strcmp(argv[a], "--help") == 0) {
            fputs(ex_usage, stdout);
            rc = TOOL_EXIT_OK;
            goto done;
        } else if (strcmp(argv[a], "--json") == 0) {
            st->json = 1;
        } else if (argv[a][0] == '-' && argv[a][1] != '\0') {
            rc = tool_usage_error("exchange ", "unknown option '%s'", argv[a]);
            goto done;
        } else if (argv[a][0] == '@' || strcmp(argv[a], "-") == 0) {
            any_arg = 1;
            if (!ex_add_source(st, argv[a])) {
                goto done;
            }
        } else {
            int dir = ex_header_dir(argv[a]);
            any_arg = 1;
            if (dir >= 0 && !ex_negotiate_with_token(argv[a])) {
                continue; /* a bare challenge: no leg */
            }
            if (!ex_add(st, argv[a], dir, dir == EX_INIT  ? "Authorization"
                                          : dir == EX_ACC ? "WWW-Authenticate"
                                                          : "token")) {
                goto done;
            }
        }
    }
    if (!any_arg && !ex_add_source(st, "-")) {
        goto done;
    }
    if (st->num_legs == 0) {
        fputs("spnego: no token found in the input\n", stderr);
        goto done;
    }
    /* Parse, then give every leg without a header a direction. */
    for (i = 0; i < st->num_legs; i++) {
        struct ex_leg *leg = &st->legs[i];
        ex_parse(leg);
        if (leg->dir < 0) {
            if (i == 0) {
                leg->dir = leg->h != NULL && (leg->is_resp || leg->is_init2) ? EX_ACC : EX_INIT;
            } else {
                leg->dir = st->legs[i - 1].dir == EX_INIT ? EX_ACC : EX_INIT;
            }
        }
    }
    if (st->json) {
        fputs("{\n  \"schema\": \"libspnego-exchange/1\",\n  \"legs\": [", stdout);
    }
    for (i = 0; i < st->num_legs; i++) {
        struct ex_leg *leg = &st->legs[i];
        const char *who = leg->dir == EX_INIT ? "initiator" : "acceptor";
        if (st->json) {
            fprintf(stdout, "%s\n  {\"leg\": %lu, \"from\": \"%s\", \"source\": \"%s\", "
                            "\"valid\": %s, \"dump\": ",
                    i > 0 ? "," : "", (unsigned long)i + 1, who, leg->source,
                    leg->h != NULL ? "true" : "false");
            if (leg->h != NULL) {
                (void)tool_dump(leg->tok.data, leg->tok.len, 0, 1, stdout, stderr);
            } else {
                fputs("null", stdout);
            }
            fputs("}", stdout);
        } else {
            printf("== leg %lu: %s -> %s (%s)\n", (unsigned long)i + 1, who,
                   leg->dir == EX_INIT ? "acceptor" : "initiator", leg->source);
            (void)tool_dump(leg->tok.data, leg->tok.len, 0, 0, stdout, stdout);
        }
    }
    if (st->json) {
        fputs("\n  ],\n  \"findings\": [", stdout);
    } else {
        puts("== check: the rules of RFC 4178 / DESIGN.md 6 that hold without keys");
    }
    ex_check(st);
    if (st->json) {
        fprintf(stdout, "  \"num_findings\": %d\n}\n", st->num_findings);
    } else if (st->num_findings == 0) {
        puts("findings: none");
    } else {
        printf("findings: %d\n", st->num_findings);
    }
    rc = st->num_findings == 0 ? TOOL_EXIT_OK : TOOL_EXIT_INVALID;
done:
    for (i = 0; i < st->num_legs; i++) {
        spnegoFreeData(st->legs[i].h);
        free(st->legs[i].tok.data);
    }
    free(st);
    return rc;
}
