/*
 * spnego_tool_dump.c - example program: `spnego dump`, text and JSON.
 *
 * The library parses and validates the token; this file only reads the
 * parsed handle (getters, spnegoGetElementSpan) and walks the few DER
 * headers the handle has no span for (the GSS framing, the OIDs inside
 * mechTypes, the value inside each [n]) to print where every byte sits.
 * The JSON schema is documented in docs/cli.md; keep the two in step.
 */
#include "spnego_tool.h"

#include "spnego.h"
#include "spnego_dissect.h"

#include <stdlib.h>
#include <string.h>

/* A TLV of the token: offset and length of the whole encoding. */
struct dump_span {
    int present;
    size_t off;
    size_t len;
};

/* An OCTET STRING / GeneralString value inside an explicit [n]. */
struct dump_value {
    struct dump_span tlv; /* the [n] element */
    size_t value_off;     /* the contents of the inner TLV */
    size_t value_len;
};

/* Everything the two printers need, gathered once. */
struct dump_info {
    const unsigned char *tok;
    size_t tok_len;
    size_t input_len;
    int strict;
    int is_resp;
    int is_init2;
    int framed;
    unsigned long warnings;
    struct dump_span outer;     /* [APPLICATION 0], if framed */
    struct dump_span this_mech; /* 06 .. inside the framing */
    struct dump_span choice;    /* [0] or [1] NegotiationToken */
    struct dump_span elem[SPNEGO_ELEMENT_COUNT];
    struct dump_span mech_list; /* the 30 .. MechTypeList */
    struct dump_span *mechs;    /* each 06 .. of mechTypes */
    size_t num_mechs;
    struct dump_value mech_token;
    struct dump_value mic;
    struct dump_value hint_name;
    struct dump_value hint_address;
    unsigned int flags;
    struct dump_span flags_bits; /* the 03 .. BIT STRING */
    int neg_state;
    struct dump_span supported; /* 06 .. inside [1] */
};

/* Warning bits, in bit order: name, constant, meaning. */
static const struct {
    unsigned long bit;
    const char *name;
    const char *constant;
    const char *text;
} dump_warnings[] = {
    {SPNEGO_WARN_NONMINIMAL_LENGTH, "nonminimal-length", "SPNEGO_WARN_NONMINIMAL_LENGTH",
     "a DER length is not in its minimal form"},
    {SPNEGO_WARN_TRAILING_BYTES, "trailing-bytes", "SPNEGO_WARN_TRAILING_BYTES",
     "bytes after the complete token were ignored"},
    {SPNEGO_WARN_REQFLAGS_NOT_DER, "reqflags-not-der", "SPNEGO_WARN_REQFLAGS_NOT_DER",
     "reqFlags BIT STRING is not minimal DER (the common 03 02 01 xx form)"},
    {SPNEGO_WARN_REQFLAGS_UNUSUAL, "reqflags-unusual", "SPNEGO_WARN_REQFLAGS_UNUSUAL",
     "reqFlags carries no named flag or unknown bits"},
    {SPNEGO_WARN_UNFRAMED_INIT, "unframed-init", "SPNEGO_WARN_UNFRAMED_INIT",
     "NegTokenInit without the GSS-API [APPLICATION 0] framing"},
    {SPNEGO_WARN_FRAMED_RESP, "framed-resp", "SPNEGO_WARN_FRAMED_RESP",
     "NegTokenResp inside GSS-API [APPLICATION 0] framing"},
    {SPNEGO_WARN_UNKNOWN_FIELD, "unknown-field", "SPNEGO_WARN_UNKNOWN_FIELD",
     "an unknown extension field was skipped"},
    {SPNEGO_WARN_MISSING_MECHTYPES, "missing-mechtypes", "SPNEGO_WARN_MISSING_MECHTYPES",
     "NegTokenInit without mechTypes"},
    {SPNEGO_WARN_EMPTY_RESP, "empty-resp", "SPNEGO_WARN_EMPTY_RESP",
     "NegTokenResp with no field at all"},
    {SPNEGO_WARN_MISSING_NEGSTATE, "missing-negstate", "SPNEGO_WARN_MISSING_NEGSTATE",
     "NegTokenResp names supportedMech but has no negState"},
    {SPNEGO_WARN_EMPTY_MECH_TOKEN, "empty-mech-token", "SPNEGO_WARN_EMPTY_MECH_TOKEN",
     "mechToken/responseToken is present but empty"},
    {SPNEGO_WARN_MIC_IS_MECH_TOKEN, "mic-is-mech-token", "SPNEGO_WARN_MIC_IS_MECH_TOKEN",
     "mechListMIC equals the mech token (Windows 2000 bug): not a MIC"},
    {SPNEGO_WARN_EMPTY_MIC, "empty-mic", "SPNEGO_WARN_EMPTY_MIC",
     "mechListMIC is present but empty: no MIC at all"},
    {SPNEGO_WARN_HINT_NAME_NUL, "hint-name-nul", "SPNEGO_WARN_HINT_NAME_NUL",
     "hintName holds a 00 byte (not usable as a C string)"},
};

#define DUMP_NUM_WARNINGS (sizeof(dump_warnings) / sizeof(dump_warnings[0]))

/* The bits of dump_warnings; any other bit is printed as unnamed rather
 * than dropped (tests/cli/warnings.sh checks that none is). */
static unsigned long dump_known_warnings(void)
{
    unsigned long all = 0;
    size_t i;

    for (i = 0; i < DUMP_NUM_WARNINGS; i++) {
        all |= dump_warnings[i].bit;
    }
    return all;
}

static const char *const dump_neg_states[4] = {"accept-completed", "accept-incomplete",
                                               "reject", "request-mic"};

/* ---- gathering ---- */

/* The span of element n, walked one header down to its inner TLV. */
static int dump_inner(const struct dump_info *info, int n, struct dump_span *out_inner)
{
    struct tool_tlv outer;
    struct tool_tlv inner;
    const struct dump_span *s = &info->elem[n];

    if (!s->present || !tool_tlv_read(info->tok, info->tok_len, s->off, &outer) ||
        !tool_tlv_read(info->tok, info->tok_len, s->off + outer.hdr_len, &inner)) {
        return 0;
    }
    out_inner->present = 1;
    out_inner->off = inner.off;
    out_inner->len = inner.hdr_len + inner.content_len;
    return 1;
}

/* Offset and length of a value the library handed out as a pointer into
 * the token (NOCOPY handle: same buffer). */
static void dump_set_value(const struct dump_info *info, int n, const unsigned char *ptr,
                           unsigned long ptr_len, struct dump_value *out_value)
{
    out_value->tlv = info->elem[n];
    out_value->value_off = (size_t)(ptr - info->tok);
    out_value->value_len = (size_t)ptr_len;
}

/* Walks mechTypes: [0] { 30 { 06 .. 06 .. } }. */
static int dump_walk_mechs(struct dump_info *info)
{
    struct tool_tlv seq;
    struct tool_tlv oid;
    size_t pos;
    size_t end;
    size_t n = 0;

    if (!dump_inner(info, SPNEGO_ELEMENT_MECH_TYPES, &info->mech_list) ||
        !tool_tlv_read(info->tok, info->tok_len, info->mech_list.off, &seq)) {
        return 0;
    }
    pos = seq.off + seq.hdr_len;
    end = pos + seq.content_len;
    while (pos < end) {
        if (!tool_tlv_read(info->tok, end, pos, &oid)) {
            return 0;
        }
        pos += oid.hdr_len + oid.content_len;
        n++;
    }
    info->mechs = calloc(n > 0 ? n : 1, sizeof(*info->mechs));
    if (info->mechs == NULL) {
        return 0;
    }
    pos = seq.off + seq.hdr_len;
    for (info->num_mechs = 0; info->num_mechs < n; info->num_mechs++) {
        (void)tool_tlv_read(info->tok, end, pos, &oid);
        info->mechs[info->num_mechs].present = 1;
        info->mechs[info->num_mechs].off = pos;
        info->mechs[info->num_mechs].len = oid.hdr_len + oid.content_len;
        pos += oid.hdr_len + oid.content_len;
    }
    return 1;
}

/* Fills info from a parsed handle; 0 on an inconsistency (a bug). */
static int dump_gather(SPNEGO_TOKEN_HANDLE h, struct dump_info *info)
{
    const unsigned char *ptr;
    unsigned long ptr_len;
    unsigned long off;
    unsigned long len;
    struct tool_tlv tlv;
    size_t pos = 0;
    int type;
    int n;
    unsigned char flags;
    SPNEGO_NEGRESULT res;
    SPNEGO_OID oid;

    if (spnegoTokenGetBinaryPtr(h, &ptr, &ptr_len) != SPNEGO_E_SUCCESS ||
        spnegoGetTokenType(h, &type) != SPNEGO_E_SUCCESS ||
        spnegoGetParseWarnings(h, &info->warnings) != SPNEGO_E_SUCCESS) {
        return 0;
    }
    info->tok = ptr;
    info->tok_len = (size_t)ptr_len;
    info->is_resp = type == SPNEGO_TOKEN_TARG;
    if (!info->is_resp && spnegoIsNegTokenInit2(h, &info->is_init2) != SPNEGO_E_SUCCESS) {
        return 0;
    }
    info->framed = info->tok_len > 0 && info->tok[0] == 0x60;
    if (info->framed) {
        if (!tool_tlv_read(info->tok, info->tok_len, 0, &tlv)) {
            return 0;
        }
        info->outer.present = 1;
        info->outer.len = tlv.hdr_len + tlv.content_len;
        pos = tlv.hdr_len;
        if (!tool_tlv_read(info->tok, info->tok_len, pos, &tlv)) {
            return 0;
        }
        info->this_mech.present = 1;
        info->this_mech.off = pos;
        info->this_mech.len = tlv.hdr_len + tlv.content_len;
        pos += info->this_mech.len;
    }
    if (!tool_tlv_read(info->tok, info->tok_len, pos, &tlv)) {
        return 0;
    }
    info->choice.present = 1;
    info->choice.off = pos;
    info->choice.len = tlv.hdr_len + tlv.content_len;

    for (n = 0; n < SPNEGO_ELEMENT_COUNT; n++) {
        if (spnegoGetElementSpan(h, n, &off, &len) == SPNEGO_E_SUCCESS) {
            info->elem[n].present = 1;
            info->elem[n].off = (size_t)off;
            info->elem[n].len = (size_t)len;
        }
    }
    if (info->elem[SPNEGO_ELEMENT_MECH_TYPES].present && !dump_walk_mechs(info)) {
        return 0;
    }
    if (spnegoGetContextFlags(h, &flags) == SPNEGO_E_SUCCESS) {
        info->flags = flags;
        (void)dump_inner(info, SPNEGO_ELEMENT_REQ_FLAGS, &info->flags_bits);
    }
    if (spnegoGetMechTokenPtr(h, &ptr, &ptr_len) == SPNEGO_E_SUCCESS) {
        dump_set_value(info, SPNEGO_ELEMENT_MECH_TOKEN, ptr, ptr_len, &info->mech_token);
    }
    if (spnegoGetMechListMICPtr(h, &ptr, &ptr_len) == SPNEGO_E_SUCCESS) {
        dump_set_value(info, SPNEGO_ELEMENT_MECH_LIST_MIC, ptr, ptr_len, &info->mic);
    }
    /* The hint getters copy out; the value sits inside the span's inner
     * TLV, which the walk finds. */
    if (info->elem[SPNEGO_ELEMENT_HINT_NAME].present) {
        struct dump_span in;
        if (!dump_inner(info, SPNEGO_ELEMENT_HINT_NAME, &in) ||
            !tool_tlv_read(info->tok, info->tok_len, in.off, &tlv)) {
            return 0;
        }
        info->hint_name.tlv = info->elem[SPNEGO_ELEMENT_HINT_NAME];
        info->hint_name.value_off = tlv.off + tlv.hdr_len;
        info->hint_name.value_len = tlv.content_len;
    }
    if (info->elem[SPNEGO_ELEMENT_HINT_ADDRESS].present) {
        struct dump_span in;
        if (!dump_inner(info, SPNEGO_ELEMENT_HINT_ADDRESS, &in) ||
            !tool_tlv_read(info->tok, info->tok_len, in.off, &tlv)) {
            return 0;
        }
        info->hint_address.tlv = info->elem[SPNEGO_ELEMENT_HINT_ADDRESS];
        info->hint_address.value_off = tlv.off + tlv.hdr_len;
        info->hint_address.value_len = tlv.content_len;
    }
    info->neg_state = -1;
    if (spnegoGetNegotiationResult(h, &res) == SPNEGO_E_SUCCESS) {
        info->neg_state = (int)res;
    }
    if (spnegoGetSupportedMechOID(h, &oid) == SPNEGO_E_SUCCESS) {
        info->supported.present = 1;
        (void)dump_inner(info, SPNEGO_ELEMENT_SUPPORTED_MECH, &info->supported);
    }
    return 1;
}

static const char *dump_form(const struct dump_info *info)
{
    if (info->is_resp) {
        return "NegTokenResp";
    }
    return info->is_init2 ? "NegTokenInit2" : "NegTokenInit";
}

/* The OID content of a 06 TLV span. */
static void dump_oid_content(const struct dump_info *info, const struct dump_span *s,
                             const unsigned char **out_oid, size_t *out_len)
{
    struct tool_tlv tlv;

    *out_oid = NULL;
    *out_len = 0;
    if (s->present && tool_tlv_read(info->tok, info->tok_len, s->off, &tlv)) {
        *out_oid = info->tok + tlv.off + tlv.hdr_len;
        *out_len = tlv.content_len;
    }
}

/* ---- text ---- */

static void text_hex(FILE *out, const unsigned char *p, size_t len, size_t max)
{
    size_t i;

    for (i = 0; i < len && i < max; i++) {
        fprintf(out, "%02x", p[i]);
    }
    if (len > max) {
        fputs("...", out);
    }
}

/* Untrusted text: printable ASCII as is, '"' and '\' escaped, other
 * bytes as \xHH. */
static void text_safe(FILE *out, const unsigned char *p, size_t len)
{
    size_t i;

    fputc('"', out);
    for (i = 0; i < len; i++) {
        if (p[i] == '"' || p[i] == '\\') {
            fprintf(out, "\\%c", p[i]);
        } else if (p[i] >= 0x20 && p[i] < 0x7F) {
            fputc(p[i], out);
        } else {
            fprintf(out, "\\x%02x", p[i]);
        }
    }
    fputc('"', out);
}

static void text_row(FILE *out, const struct dump_span *s, int depth, const char *label)
{
    fprintf(out, "%6lu  %6lu  %*s%s", (unsigned long)s->off, (unsigned long)s->len,
            depth * 2, "", label);
}

static void text_oid(FILE *out, const struct dump_info *info, const struct dump_span *s)
{
    const unsigned char *oid;
    size_t oid_len;
    const char *name;
    char *dotted;

    dump_oid_content(info, s, &oid, &oid_len);
    dotted = oid != NULL ? tool_oid_text(oid, oid_len) : NULL;
    name = oid != NULL ? tool_mech_name(oid, oid_len) : NULL;
    fputs(dotted != NULL ? dotted : "(malformed OID)", out);
    if (name != NULL) {
        fprintf(out, " (%s)", name);
    }
    free(dotted);
}

static void text_blob(FILE *out, const struct dump_info *info, const struct dump_value *v,
                      int depth, const char *label, int is_mic)
{
    const char *desc;
    const char *kind;
    const unsigned char *p = info->tok + v->value_off;

    if (is_mic) {
        tool_classify_mic(p, v->value_len, &desc, &kind);
    } else {
        tool_classify_inner(p, v->value_len, &desc, &kind);
    }
    text_row(out, &v->tlv, depth, label);
    fprintf(out, ": %lu bytes, %s", (unsigned long)v->value_len, desc);
    if (v->value_len > 0 && v->value_len <= 32) {
        fputs(": ", out);
        text_hex(out, p, v->value_len, 32);
    }
    fputc('\n', out);
    if (!is_mic) {
        dis_print_text(out, info->tok, p, v->value_len, depth + 1);
    }
}

static void dump_text(const struct dump_info *info, FILE *out)
{
    char names[128];
    size_t i;
    int depth = 0;
    int any = 0;

    fprintf(out, "form: %s, %s\n", dump_form(info), info->framed ? "framed" : "unframed");
    fprintf(out, "size: %lu bytes\n", (unsigned long)info->tok_len);
    fputs("offset  length  element\n", out);
    if (info->framed) {
        text_row(out, &info->outer, 0, "[APPLICATION 0] InitialContextToken\n");
        text_row(out, &info->this_mech, 1, "thisMech: ");
        text_oid(out, info, &info->this_mech);
        fputc('\n', out);
        depth = 1;
    }
    text_row(out, &info->choice, depth,
             info->tok[info->choice.off] == 0xA1 ? "[1] negTokenResp\n" : "[0] negTokenInit\n");
    depth++;
    if (info->elem[SPNEGO_ELEMENT_NEG_STATE].present) {
        text_row(out, &info->elem[SPNEGO_ELEMENT_NEG_STATE], depth, "[0] negState: ");
        fprintf(out, "%d %s\n", info->neg_state,
                info->neg_state >= 0 && info->neg_state < 4 ? dump_neg_states[info->neg_state]
                                                            : "?");
    }
    if (info->elem[SPNEGO_ELEMENT_SUPPORTED_MECH].present) {
        text_row(out, &info->elem[SPNEGO_ELEMENT_SUPPORTED_MECH], depth, "[1] supportedMech: ");
        text_oid(out, info, &info->supported);
        fputc('\n', out);
    }
    if (info->elem[SPNEGO_ELEMENT_MECH_TYPES].present) {
        text_row(out, &info->elem[SPNEGO_ELEMENT_MECH_TYPES], depth, "[0] mechTypes: ");
        fprintf(out, "%lu mechanism%s\n", (unsigned long)info->num_mechs,
                info->num_mechs == 1 ? "" : "s");
        for (i = 0; i < info->num_mechs; i++) {
            text_row(out, &info->mechs[i], depth + 1, "");
            text_oid(out, info, &info->mechs[i]);
            fputc('\n', out);
        }
    }
    if (info->elem[SPNEGO_ELEMENT_REQ_FLAGS].present) {
        tool_flag_names(info->flags, names, sizeof(names));
        text_row(out, &info->elem[SPNEGO_ELEMENT_REQ_FLAGS], depth, "[1] reqFlags: ");
        fprintf(out, "0x%02x %s", info->flags, names);
        if (info->flags_bits.present) {
            fputs(" (BIT STRING ", out);
            text_hex(out, info->tok + info->flags_bits.off, info->flags_bits.len, 16);
            fputc(')', out);
        }
        fputc('\n', out);
    }
    if (info->elem[SPNEGO_ELEMENT_MECH_TOKEN].present) {
        text_blob(out, info, &info->mech_token, depth,
                  info->is_resp ? "[2] responseToken" : "[2] mechToken", 0);
    }
    if (info->elem[SPNEGO_ELEMENT_NEG_HINTS].present) {
        text_row(out, &info->elem[SPNEGO_ELEMENT_NEG_HINTS], depth, "[3] negHints\n");
        if (info->elem[SPNEGO_ELEMENT_HINT_NAME].present) {
            text_row(out, &info->hint_name.tlv, depth + 1, "[0] hintName: ");
            text_safe(out, info->tok + info->hint_name.value_off, info->hint_name.value_len);
            fputc('\n', out);
        }
        if (info->elem[SPNEGO_ELEMENT_HINT_ADDRESS].present) {
            text_row(out, &info->hint_address.tlv, depth + 1, "[1] hintAddress: ");
            fprintf(out, "%lu bytes: ", (unsigned long)info->hint_address.value_len);
            text_hex(out, info->tok + info->hint_address.value_off,
                     info->hint_address.value_len, 32);
            fputc('\n', out);
        }
    }
    if (info->elem[SPNEGO_ELEMENT_MECH_LIST_MIC].present) {
        text_blob(out, info, &info->mic, depth,
                  !info->is_resp && info->is_init2 ? "[4] mechListMIC" : "[3] mechListMIC", 1);
    }
    if (info->input_len > info->tok_len) {
        size_t extra = info->input_len - info->tok_len;
        fprintf(out, "trailing: %lu byte%s after the token (ignored)\n", (unsigned long)extra,
                extra == 1 ? "" : "s");
    }
    for (i = 0; i < DUMP_NUM_WARNINGS; i++) {
        if (info->warnings & dump_warnings[i].bit) {
            fprintf(out, "warning: %s (%s): %s\n", dump_warnings[i].name,
                    dump_warnings[i].constant, dump_warnings[i].text);
            any = 1;
        }
    }
    if (info->warnings & ~dump_known_warnings()) {
        fprintf(out, "warning: unnamed (0x%lx): a warning bit this tool has no name for\n",
                info->warnings & ~dump_known_warnings());
        any = 1;
    }
    if (!any) {
        fputs("warnings: none\n", out);
    }
}

/* ---- JSON ---- */

/* JSON string of untrusted bytes: printable ASCII as is, '"' and '\'
 * escaped, every other byte as \u00XX (the byte read as Latin-1, so the
 * output is always valid UTF-8 JSON). */
static void json_string(FILE *out, const unsigned char *p, size_t len)
{
    size_t i;

    fputc('"', out);
    for (i = 0; i < len; i++) {
        if (p[i] == '"' || p[i] == '\\') {
            fprintf(out, "\\%c", p[i]);
        } else if (p[i] >= 0x20 && p[i] < 0x7F) {
            fputc(p[i], out);
        } else {
            fprintf(out, "\\u%04x", (unsigned int)p[i]);
        }
    }
    fputc('"', out);
}

static void json_cstr(FILE *out, const char *s)
{
    if (s == NULL) {
        fputs("null", out);
    } else {
        json_string(out, (const unsigned char *)s, strlen(s));
    }
}

static void json_hex(FILE *out, const unsigned char *p, size_t len)
{
    fputc('"', out);
    text_hex(out, p, len, len);
    fputc('"', out);
}

/* "offset": .., "length": .., "hex": ".." (no braces). */
static void json_span_fields(FILE *out, const struct dump_info *info, const struct dump_span *s)
{
    fprintf(out, "\"offset\": %lu, \"length\": %lu, \"hex\": ", (unsigned long)s->off,
            (unsigned long)s->len);
    json_hex(out, info->tok + s->off, s->len);
}

static void json_span(FILE *out, const struct dump_info *info, const struct dump_span *s)
{
    if (!s->present) {
        fputs("null", out);
        return;
    }
    fputc('{', out);
    json_span_fields(out, info, s);
    fputc('}', out);
}

/* An OID object: span of the element given, the OID read from oid_tlv. */
static void json_oid(FILE *out, const struct dump_info *info, const struct dump_span *s,
                     const struct dump_span *oid_tlv)
{
    const unsigned char *oid;
    size_t oid_len;
    char *dotted;

    dump_oid_content(info, oid_tlv, &oid, &oid_len);
    dotted = oid != NULL ? tool_oid_text(oid, oid_len) : NULL;
    fputc('{', out);
    json_span_fields(out, info, s);
    fputs(", \"oid\": ", out);
    json_cstr(out, dotted);
    fputs(", \"name\": ", out);
    json_cstr(out, oid != NULL ? tool_mech_name(oid, oid_len) : NULL);
    fputc('}', out);
    free(dotted);
}

static void json_blob(FILE *out, const struct dump_info *info, const struct dump_value *v,
                      int present, int is_mic)
{
    const char *desc;
    const char *kind;
    const unsigned char *p = info->tok + v->value_off;

    if (!present) {
        fputs("null", out);
        return;
    }
    if (is_mic) {
        tool_classify_mic(p, v->value_len, &desc, &kind);
    } else {
        tool_classify_inner(p, v->value_len, &desc, &kind);
    }
    fputc('{', out);
    json_span_fields(out, info, &v->tlv);
    fprintf(out, ", \"value_offset\": %lu, \"value_length\": %lu, \"value_hex\": ",
            (unsigned long)v->value_off, (unsigned long)v->value_len);
    json_hex(out, p, v->value_len);
    fputs(", \"kind\": ", out);
    json_cstr(out, kind);
    fputs(", \"description\": ", out);
    json_cstr(out, desc);
    fputs(", \"inner\": ", out);
    if (is_mic) {
        fputs("null", out);
    } else {
        dis_print_json(out, info->tok, p, v->value_len);
    }
    fputc('}', out);
}

static void json_mech_types(FILE *out, const struct dump_info *info)
{
    size_t i;

    if (!info->elem[SPNEGO_ELEMENT_MECH_TYPES].present) {
        fputs("null", out);
        return;
    }
    fputc('{', out);
    json_span_fields(out, info, &info->elem[SPNEGO_ELEMENT_MECH_TYPES]);
    fputs(", \"list\": ", out);
    json_span(out, info, &info->mech_list);
    fputs(", \"items\": [", out);
    for (i = 0; i < info->num_mechs; i++) {
        fputs(i > 0 ? ", " : "", out);
        json_oid(out, info, &info->mechs[i], &info->mechs[i]);
    }
    fputs("]}", out);
}

static void json_req_flags(FILE *out, const struct dump_info *info)
{
    static const char *const names[7] = {"deleg", "mutual", "replay", "sequence",
                                         "anon",  "conf",   "integ"};
    unsigned int i;
    int first = 1;

    if (!info->elem[SPNEGO_ELEMENT_REQ_FLAGS].present) {
        fputs("null", out);
        return;
    }
    fputc('{', out);
    json_span_fields(out, info, &info->elem[SPNEGO_ELEMENT_REQ_FLAGS]);
    fprintf(out, ", \"value\": %u, \"names\": [", info->flags);
    for (i = 0; i < 7; i++) {
        if (info->flags & (0x80u >> i)) {
            fprintf(out, "%s\"%s\"", first ? "" : ", ", names[i]);
            first = 0;
        }
    }
    fputs("], \"bit_string\": ", out);
    json_span(out, info, &info->flags_bits);
    fputc('}', out);
}

static void json_hints(FILE *out, const struct dump_info *info)
{
    const struct dump_value *v;

    if (!info->elem[SPNEGO_ELEMENT_NEG_HINTS].present) {
        fputs("null", out);
        return;
    }
    fputc('{', out);
    json_span_fields(out, info, &info->elem[SPNEGO_ELEMENT_NEG_HINTS]);
    fputs(", \"hint_name\": ", out);
    v = &info->hint_name;
    if (info->elem[SPNEGO_ELEMENT_HINT_NAME].present) {
        fputc('{', out);
        json_span_fields(out, info, &v->tlv);
        fprintf(out, ", \"value_offset\": %lu, \"value_length\": %lu, \"value_hex\": ",
                (unsigned long)v->value_off, (unsigned long)v->value_len);
        json_hex(out, info->tok + v->value_off, v->value_len);
        fputs(", \"text\": ", out);
        json_string(out, info->tok + v->value_off, v->value_len);
        fputc('}', out);
    } else {
        fputs("null", out);
    }
    fputs(", \"hint_address\": ", out);
    v = &info->hint_address;
    if (info->elem[SPNEGO_ELEMENT_HINT_ADDRESS].present) {
        fputc('{', out);
        json_span_fields(out, info, &v->tlv);
        fprintf(out, ", \"value_offset\": %lu, \"value_length\": %lu, \"value_hex\": ",
                (unsigned long)v->value_off, (unsigned long)v->value_len);
        json_hex(out, info->tok + v->value_off, v->value_len);
        fputc('}', out);
    } else {
        fputs("null", out);
    }
    fputc('}', out);
}

static void dump_json(const struct dump_info *info, FILE *out)
{
    struct dump_span whole;
    size_t i;
    int first = 1;
    int mt = info->elem[SPNEGO_ELEMENT_MECH_TOKEN].present;

    whole.present = 1;
    whole.off = 0;
    whole.len = info->tok_len;
    fputs("{\n", out);
    fputs("  \"schema\": \"libspnego-dump/2\",\n", out);
    fprintf(out, "  \"form\": \"%s\",\n", dump_form(info));
    fprintf(out, "  \"framed\": %s,\n", info->framed ? "true" : "false");
    fprintf(out, "  \"strict\": %s,\n", info->strict ? "true" : "false");
    fprintf(out, "  \"input_length\": %lu,\n", (unsigned long)info->input_len);
    fprintf(out, "  \"trailing_bytes\": %lu,\n", (unsigned long)(info->input_len - info->tok_len));
    fputs("  \"token\": ", out);
    json_span(out, info, &whole);
    fputs(",\n  \"this_mech\": ", out);
    if (info->this_mech.present) {
        json_oid(out, info, &info->this_mech, &info->this_mech);
    } else {
        fputs("null", out);
    }
    fputs(",\n  \"negotiation_token\": ", out);
    json_span(out, info, &info->choice);
    fputs(",\n  \"mech_types\": ", out);
    json_mech_types(out, info);
    fputs(",\n  \"req_flags\": ", out);
    json_req_flags(out, info);
    fputs(",\n  \"mech_token\": ", out);
    json_blob(out, info, &info->mech_token, mt && !info->is_resp, 0);
    fputs(",\n  \"neg_hints\": ", out);
    json_hints(out, info);
    fputs(",\n  \"neg_state\": ", out);
    if (info->elem[SPNEGO_ELEMENT_NEG_STATE].present) {
        fputc('{', out);
        json_span_fields(out, info, &info->elem[SPNEGO_ELEMENT_NEG_STATE]);
        fprintf(out, ", \"value\": %d, \"name\": ", info->neg_state);
        json_cstr(out, info->neg_state >= 0 && info->neg_state < 4
                           ? dump_neg_states[info->neg_state]
                           : NULL);
        fputc('}', out);
    } else {
        fputs("null", out);
    }
    fputs(",\n  \"supported_mech\": ", out);
    if (info->elem[SPNEGO_ELEMENT_SUPPORTED_MECH].present) {
        json_oid(out, info, &info->elem[SPNEGO_ELEMENT_SUPPORTED_MECH], &info->supported);
    } else {
        fputs("null", out);
    }
    fputs(",\n  \"response_token\": ", out);
    json_blob(out, info, &info->mech_token, mt && info->is_resp, 0);
    fputs(",\n  \"mech_list_mic\": ", out);
    json_blob(out, info, &info->mic, info->elem[SPNEGO_ELEMENT_MECH_LIST_MIC].present, 1);
    fprintf(out, ",\n  \"warning_mask\": %lu,\n  \"warnings\": [", info->warnings);
    for (i = 0; i < DUMP_NUM_WARNINGS; i++) {
        if (info->warnings & dump_warnings[i].bit) {
            fprintf(out, "%s\n    {\"name\": \"%s\", \"constant\": \"%s\", \"text\": ",
                    first ? "" : ",", dump_warnings[i].name, dump_warnings[i].constant);
            json_cstr(out, dump_warnings[i].text);
            fputc('}', out);
            first = 0;
        }
    }
    if (info->warnings & ~dump_known_warnings()) {
        fprintf(out, "%s\n    {\"name\": \"unnamed\", \"constant\": null, \"text\": "
                     "\"bits 0x%lx: a warning bit this tool has no name for\"}",
                first ? "" : ",", info->warnings & ~dump_known_warnings());
        first = 0;
    }
    fputs(first ? "]\n}\n" : "\n  ]\n}\n", out);
}

/* ---- entry ---- */

/* Under --strict, names the rule a refused token breaks: the leniencies
 * default parsing reports for it (the error code alone, e.g. "element
 * value out of range" for a MIC equal to the mech token, does not say). */
static void dump_strict_rule(const unsigned char *data, size_t len, FILE *err)
{
    unsigned long warnings = 0;
    size_t i;

    if (spnegoValidateToken(data, (unsigned long)len, 0, &warnings, NULL) !=
            SPNEGO_E_SUCCESS ||
        warnings == 0) {
        return;
    }
    for (i = 0; i < DUMP_NUM_WARNINGS; i++) {
        if (warnings & dump_warnings[i].bit) {
            fprintf(err, "spnego: --strict refuses %s (%s): %s\n", dump_warnings[i].name,
                    dump_warnings[i].constant, dump_warnings[i].text);
        }
    }
    if (warnings & ~dump_known_warnings()) {
        fprintf(err, "spnego: --strict refuses unnamed warning bits 0x%lx\n",
                warnings & ~dump_known_warnings());
    }
}

/* Says what a blob that failed to parse looks like, when that helps. */
static void dump_explain(const unsigned char *data, size_t len, FILE *err)
{
    const char *desc;
    const char *kind;

    tool_classify_inner(data, len, &desc, &kind);
    if (strcmp(kind, "opaque") != 0 && strcmp(kind, "empty") != 0) {
        fprintf(err, "spnego: note: the input looks like a raw %s, not SPNEGO\n", desc);
    }
}

int tool_dump(const unsigned char *data, size_t len, int strict, int json, FILE *out,
              FILE *err)
{
    struct dump_info info;
    SPNEGO_TOKEN_HANDLE h = NULL;
    unsigned long flags = strict ? SPNEGO_PARSE_STRICT : 0UL;
    unsigned long warnings = 0;
    unsigned long err_off = 0;
    int rc;
    int status = TOOL_EXIT_INVALID;

    memset(&info, 0, sizeof(info));
    rc = spnegoValidateToken(data, (unsigned long)len, flags, &warnings, &err_off);
    if (rc != SPNEGO_E_SUCCESS) {
        fprintf(err, "spnego: invalid token: %s (%d): %s, at byte offset %lu\n",
                tool_error_name(rc), rc, spnegoErrorString(rc), err_off);
        if (strict) {
            dump_strict_rule(data, len, err);
        }
        dump_explain(data, len, err);
        goto done;
    }
    rc = spnegoInitFromBinaryEx(data, (unsigned long)len, flags | SPNEGO_PARSE_NOCOPY, &h);
    if (rc != SPNEGO_E_SUCCESS) {
        /* ValidateToken accepted it: the two must agree. */
        fprintf(err, "spnego: internal error: validate accepted, parse gave %s (%d)\n",
                tool_error_name(rc), rc);
        status = TOOL_EXIT_INTERNAL;
        goto done;
    }
    info.input_len = len;
    info.strict = strict;
    if (!dump_gather(h, &info)) {
        fputs("spnego: internal error: parsed token has an inconsistent layout\n", err);
        status = TOOL_EXIT_INTERNAL;
        goto done;
    }
    if (json) {
        dump_json(&info, out);
    } else {
        dump_text(&info, out);
    }
    status = TOOL_EXIT_OK;
done:
    free(info.mechs);
    spnegoFreeData(h);
    return status;
}
