/*
 * spnego_dissect_print.c - example program: the two sinks of the inner
 * token dissectors: text rows (offset, length, indented label and value,
 * as the rest of `spnego dump`) and the JSON "inner" object of
 * libspnego-dump/2 (docs/cli.md). Every byte from the token is untrusted:
 * text escapes controls, JSON output is always ASCII.
 */
#include "spnego_dissect.h"

#include "spnego_der.h"
#include "spnego_tool.h"

#include <string.h>

/* ---- value rendering shared by both sinks ---- */

/* Civil date of a day count from 1970-01-01 (proleptic Gregorian). */
static void pr_civil(long long z, long long *y, unsigned *m, unsigned *d)
{
    long long era;
    unsigned long long doe;
    unsigned long long yoe;
    unsigned long long doy;
    unsigned long long mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = (unsigned long long)(z - era * 146097);
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = (long long)yoe + era * 400 + (*m <= 2 ? 1 : 0);
}

/* FILETIME (100 ns since 1601) as an ISO 8601 UTC date. */
static void pr_filetime(char *out, size_t cap, unsigned long long ft)
{
    unsigned long long secs = ft / 10000000ULL;
    unsigned long frac = (unsigned long)(ft % 10000000ULL);
    long long days = (long long)(secs / 86400ULL) - 134774LL; /* 1601 -> 1970 */
    unsigned long rem = (unsigned long)(secs % 86400ULL);
    long long y;
    unsigned m;
    unsigned d;

    pr_civil(days, &y, &m, &d);
    (void)snprintf(out, cap, "%04lld-%02u-%02uT%02lu:%02lu:%02lu.%07luZ", y, m, d, rem / 3600,
                   rem / 60 % 60, rem % 60, frac);
}

static void pr_guid(char *out, size_t cap, const unsigned char *g)
{
    (void)snprintf(out, cap, "%08lx-%04lx-%04lx-%02x%02x-%02x%02x%02x%02x%02x%02x",
                   dis_le32(g), dis_le16(g + 4), dis_le16(g + 6), g[8], g[9], g[10], g[11],
                   g[12], g[13], g[14], g[15]);
}

static void pr_version(char *out, size_t cap, const unsigned char *v)
{
    (void)snprintf(out, cap, "%u.%u.%lu", v[0], v[1], dis_le16(v + 2));
}

/* Dotted OID of content bytes whose arcs fit 64 bits ("?" otherwise). */
static void pr_oid(char *out, size_t cap, const unsigned char *oid, size_t len)
{
    unsigned long long arc = 0;
    size_t used = 0;
    size_t i;
    int first = 1;
    int n;

    out[0] = '\0';
    for (i = 0; i < len; i++) {
        if (arc > (~0ULL >> 7)) {
            (void)snprintf(out, cap, "(OID with a wide arc)");
            return;
        }
        arc = (arc << 7) | (oid[i] & 0x7Fu);
        if (oid[i] & 0x80u) {
            continue;
        }
        if (first) {
            unsigned top = arc < 40 ? 0u : arc < 80 ? 1u : 2u;
            n = snprintf(out + used, cap - used, "%u.%llu", top, arc - 40ULL * top);
            first = 0;
        } else {
            n = snprintf(out + used, cap - used, ".%llu", arc);
        }
        if (n < 0 || (size_t)n >= cap - used) {
            return;
        }
        used += (size_t)n;
        arc = 0;
    }
}

/* Decodes one UTF-16LE code point at p (len bytes left); *out_used is the
 * number of bytes taken (2 or 4); lone surrogates come back as is. */
static unsigned long pr_utf16(const unsigned char *p, size_t len, size_t *out_used)
{
    unsigned long u = dis_le16(p);
    unsigned long lo;

    *out_used = 2;
    if (u >= 0xD800 && u < 0xDC00 && len >= 4) {
        lo = dis_le16(p + 2);
        if (lo >= 0xDC00 && lo < 0xE000) {
            *out_used = 4;
            return 0x10000UL + ((u - 0xD800UL) << 10) + (lo - 0xDC00UL);
        }
    }
    return u;
}

/* ---- text ---- */

/* One code point of untrusted text: printable ASCII as is ('"', '\'
 * escaped), other printable characters as UTF-8, the rest as \uXXXX. */
static void txt_cp(FILE *out, unsigned long cp)
{
    if (cp == '"' || cp == '\\') {
        fprintf(out, "\\%c", (int)cp);
    } else if (cp >= 0x20 && cp < 0x7F) {
        fputc((int)cp, out);
    } else if (cp < 0xA0 || (cp >= 0xD800 && cp < 0xE000) || cp == 0xFEFF) {
        fprintf(out, "\\u%04lx", cp);
    } else if (cp < 0x800) {
        fputc((int)(0xC0 | (cp >> 6)), out);
        fputc((int)(0x80 | (cp & 0x3F)), out);
    } else if (cp < 0x10000) {
        fputc((int)(0xE0 | (cp >> 12)), out);
        fputc((int)(0x80 | ((cp >> 6) & 0x3F)), out);
        fputc((int)(0x80 | (cp & 0x3F)), out);
    } else {
        fputc((int)(0xF0 | (cp >> 18)), out);
        fputc((int)(0x80 | ((cp >> 12) & 0x3F)), out);
        fputc((int)(0x80 | ((cp >> 6) & 0x3F)), out);
        fputc((int)(0x80 | (cp & 0x3F)), out);
    }
}

/* 8-bit text (GeneralString, OEM): bytes >= 0x80 print as \xHH. */
static void txt_bytes(FILE *out, const unsigned char *p, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        if (p[i] >= 0x80) {
            fprintf(out, "\\x%02x", p[i]);
        } else {
            txt_cp(out, p[i]);
        }
    }
}

static void txt_utf16(FILE *out, const unsigned char *p, size_t len)
{
    size_t i = 0;
    size_t used;

    while (len - i >= 2) {
        txt_cp(out, pr_utf16(p + i, len - i, &used));
        i += used;
    }
    if (i < len) {
        fprintf(out, "\\x%02x", p[i]);
    }
}

/* The components of a validated name-string, joined by '/'; a '/', '@'
 * or '\' inside a component is escaped with '\' (RFC 1964 2.1.1). */
static void txt_principal(FILE *out, const unsigned char *p, size_t len, int json)
{
    struct spnego_der_view v;
    struct spnego_der_tlv comp;
    size_t i;
    int first = 1;

    v.data = p;
    v.len = len;
    while (spnego_der_get_any(&v, &comp) == SPNEGO_DER_OK) {
        if (!first) {
            fputc('/', out);
        }
        first = 0;
        for (i = 0; i < comp.content.len; i++) {
            unsigned char b = comp.content.data[i];
            if (b == '/' || b == '@' || b == '\\') {
                fputs(json ? "\\\\" : "\\", out);
                fputc(b, out);
            } else if (b == '"' || b < 0x20 || b >= 0x7F) {
                fprintf(out, json ? "\\u%04x" : "\\x%02x", (unsigned)b);
            } else {
                fputc(b, out);
            }
        }
    }
}

static void txt_hex(FILE *out, const unsigned char *p, size_t len, size_t max)
{
    size_t i;

    for (i = 0; i < len && i < max; i++) {
        fprintf(out, "%02x", p[i]);
    }
    if (len > max) {
        fprintf(out, "... (%lu bytes)", (unsigned long)len);
    }
}

struct txt_state {
    FILE *out;
    int depth;
};

static void txt_field(void *arg, const struct dis_field *f)
{
    struct txt_state *st = (struct txt_state *)arg;
    FILE *out = st->out;
    char buf[96];
    size_t i;
    int any = 0;

    if (f->type == DIS_ERROR) {
        fprintf(out, "%6lu  %6s  %*serror: %s (at byte offset %lu)\n", (unsigned long)f->off, "-",
                (st->depth + f->depth) * 2, "", f->sym, (unsigned long)f->off);
        return;
    }
    fprintf(out, "%6lu  %6lu  %*s%s", (unsigned long)f->off, (unsigned long)f->len,
            (st->depth + f->depth) * 2, "", f->label);
    switch (f->type) {
    case DIS_GROUP:
        if (f->sym != NULL) {
            fprintf(out, ": %s", f->sym);
        }
        break;
    case DIS_INT: fprintf(out, ": %lld", f->num); break;
    case DIS_ENUM:
        fprintf(out, ": %lld", f->num);
        if (f->sym != NULL) {
            fprintf(out, " %s", f->sym);
        }
        break;
    case DIS_FLAGS:
        fprintf(out, ": 0x%08lx", (unsigned long)f->num);
        for (i = 0; i < f->num_flags; i++) {
            if ((unsigned long)f->num & f->flags[i].bit) {
                fprintf(out, "%s%s", any ? ", " : " ", f->flags[i].name);
                any = 1;
            }
        }
        break;
    case DIS_STR:
        fputs(": \"", out);
        txt_bytes(out, f->bytes, f->bytes_len);
        fputc('"', out);
        break;
    case DIS_UTF16:
        fputs(": \"", out);
        txt_utf16(out, f->bytes, f->bytes_len);
        fputc('"', out);
        break;
    case DIS_HEX:
        fputs(": ", out);
        txt_hex(out, f->bytes, f->bytes_len, 32);
        if (f->sym != NULL) {
            fprintf(out, " %s", f->sym);
        }
        break;
    case DIS_BLOB: fprintf(out, ": %lu bytes", (unsigned long)f->bytes_len); break;
    case DIS_GUID:
        pr_guid(buf, sizeof(buf), f->bytes);
        fprintf(out, ": %s%s%s%s", buf, f->sym != NULL ? " (" : "",
                f->sym != NULL ? f->sym : "", f->sym != NULL ? ")" : "");
        break;
    case DIS_FILETIME:
        pr_filetime(buf, sizeof(buf), (unsigned long long)f->num);
        fprintf(out, ": %s", buf);
        break;
    case DIS_VERSION:
        pr_version(buf, sizeof(buf), f->bytes);
        fprintf(out, ": %s (NTLM revision %u)", buf, f->bytes[7]);
        break;
    case DIS_OID:
        pr_oid(buf, sizeof(buf), f->bytes, f->bytes_len);
        fprintf(out, ": %s", buf);
        if (tool_mech_name(f->bytes, f->bytes_len) != NULL) {
            fprintf(out, " (%s)", tool_mech_name(f->bytes, f->bytes_len));
        }
        break;
    case DIS_TEXT: fprintf(out, ": %s", f->sym); break;
    case DIS_PRINCIPAL:
        fputs(": ", out);
        txt_principal(out, f->bytes, f->bytes_len, 0);
        fprintf(out, " (%lld%s%s)", f->num, f->sym != NULL ? " " : "",
                f->sym != NULL ? f->sym : "");
        break;
    case DIS_ERROR: break;
    }
    fputc('\n', out);
}

void dis_print_text(FILE *out, const unsigned char *tok, const unsigned char *p, size_t len,
                    int depth)
{
    struct dis_ctx c;
    struct txt_state st;

    memset(&c, 0, sizeof(c));
    st.out = out;
    st.depth = depth;
    c.base = tok;
    c.sink.field = txt_field;
    c.sink.arg = &st;
    c.allow_negoex = 1;
    (void)dis_inner(&c, p, len);
}

/* ---- JSON ---- */

static void js_cp(FILE *out, unsigned long cp)
{
    if (cp == '"' || cp == '\\') {
        fprintf(out, "\\%c", (int)cp);
    } else if (cp >= 0x20 && cp < 0x7F) {
        fputc((int)cp, out);
    } else if (cp >= 0x10000) {
        cp -= 0x10000;
        fprintf(out, "\\u%04lx\\u%04lx", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
    } else {
        fprintf(out, "\\u%04lx", cp);
    }
}

static void js_str(FILE *out, const char *s)
{
    if (s == NULL) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    while (*s != '\0') {
        js_cp(out, (unsigned char)*s++);
    }
    fputc('"', out);
}

struct js_state {
    FILE *out;
    int first;
};

static void js_field(void *arg, const struct dis_field *f)
{
    struct js_state *st = (struct js_state *)arg;
    FILE *out = st->out;
    char buf[96];
    size_t i;
    size_t used;
    int any = 0;

    if (f->type == DIS_ERROR) {
        return; /* reported once, in "error" */
    }
    fprintf(out, "%s\n      {\"name\": \"%s\", \"offset\": %lu, \"length\": %lu, \"depth\": %d, "
                 "\"value\": ",
            st->first ? "" : ",", f->id, (unsigned long)f->off, (unsigned long)f->len,
            f->depth);
    st->first = 0;
    switch (f->type) {
    case DIS_GROUP:
    case DIS_BLOB:
    case DIS_ERROR: fputs("null", out); break;
    case DIS_INT:
    case DIS_ENUM: fprintf(out, "%lld", f->num); break;
    case DIS_FLAGS: fprintf(out, "%lu", (unsigned long)f->num); break;
    case DIS_STR:
        fputc('"', out);
        for (i = 0; i < f->bytes_len; i++) {
            js_cp(out, f->bytes[i]); /* read as Latin-1 */
        }
        fputc('"', out);
        break;
    case DIS_UTF16:
        fputc('"', out);
        for (i = 0; f->bytes_len - i >= 2; i += used) {
            js_cp(out, pr_utf16(f->bytes + i, f->bytes_len - i, &used));
        }
        fputc('"', out);
        break;
    case DIS_HEX:
        fputc('"', out);
        txt_hex(out, f->bytes, f->bytes_len, f->bytes_len);
        fputc('"', out);
        break;
    case DIS_GUID: pr_guid(buf, sizeof(buf), f->bytes); js_str(out, buf); break;
    case DIS_FILETIME:
        pr_filetime(buf, sizeof(buf), (unsigned long long)f->num);
        js_str(out, buf);
        break;
    case DIS_VERSION:
        pr_version(buf, sizeof(buf), f->bytes);
        js_str(out, buf);
        break;
    case DIS_OID: pr_oid(buf, sizeof(buf), f->bytes, f->bytes_len); js_str(out, buf); break;
    case DIS_TEXT: js_str(out, f->sym); break;
    case DIS_PRINCIPAL:
        fputc('"', out);
        txt_principal(out, f->bytes, f->bytes_len, 1);
        fputc('"', out);
        break;
    }
    fputs(", \"symbol\": ", out);
    switch (f->type) {
    case DIS_GROUP:
    case DIS_ENUM:
    case DIS_HEX:
    case DIS_GUID:
    case DIS_PRINCIPAL: js_str(out, f->sym); break;
    case DIS_OID: js_str(out, tool_mech_name(f->bytes, f->bytes_len)); break;
    case DIS_VERSION: fprintf(out, "\"NTLM revision %u\"", f->bytes[7]); break;
    default: fputs("null", out); break;
    }
    if (f->type == DIS_FLAGS) {
        fputs(", \"names\": [", out);
        for (i = 0; i < f->num_flags; i++) {
            if ((unsigned long)f->num & f->flags[i].bit) {
                fprintf(out, "%s\"%s\"", any ? ", " : "", f->flags[i].name);
                any = 1;
            }
        }
        fputc(']', out);
    }
    if (f->type == DIS_PRINCIPAL) {
        fprintf(out, ", \"name_type\": %lld", f->num);
    }
    fputc('}', out);
}

static void js_null_field(void *arg, const struct dis_field *f)
{
    (void)arg;
    (void)f;
}

void dis_print_json(FILE *out, const unsigned char *tok, const unsigned char *p, size_t len)
{
    struct dis_ctx c;
    struct js_state st;

    /* Pass 1 learns the protocol, message and error; pass 2 prints. */
    memset(&c, 0, sizeof(c));
    c.base = tok;
    c.sink.field = js_null_field;
    c.allow_negoex = 1;
    if (!dis_inner(&c, p, len)) {
        fputs("null", out);
        return;
    }
    fputs("{\"protocol\": ", out);
    js_str(out, c.protocol);
    fputs(", \"message\": ", out);
    js_str(out, c.message);
    fputs(", \"error\": ", out);
    if (c.failed) {
        fprintf(out, "{\"offset\": %lu, \"text\": ", (unsigned long)c.err_off);
        js_str(out, c.err_msg);
        fputc('}', out);
    } else {
        fputs("null", out);
    }
    fputs(", \"fields\": [", out);
    memset(&c, 0, sizeof(c));
    c.base = tok;
    st.out = out;
    st.first = 1;
    c.sink.field = js_field;
    c.sink.arg = &st;
    c.allow_negoex = 1;
    (void)dis_inner(&c, p, len);
    fputs(st.first ? "]}" : "\n    ]}", out);
}
