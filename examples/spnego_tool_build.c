/*
 * spnego_tool_build.c - example program: `spnego build init|init2|resp`.
 *
 * Turns command-line options into the arguments of the library's builders
 * (spnegoCreateNegTokenInitEx, spnegoCreateNegTokenInit2,
 * spnegoCreateNegTokenTargEx) and writes the token as base64, hex, raw DER
 * or a "Negotiate <base64>" header value.
 */
#include "spnego_tool.h"

#include "spnego.h"
#include "spnego_http.h"

#include <stdlib.h>
#include <string.h>

#define TOOL_MAX_MECHS 64

static const char tool_usage_build[] =
    "usage: spnego build init|init2|resp [options]\n"
    "\n"
    "init and init2 (framed NegTokenInit / MS-SPNG NegTokenInit2):\n"
    "  --mech M             krb5, ms-krb5, ntlmssp, negoex, iakerb, krb5-u2u, spnego\n"
    "                       or a dotted OID; repeat in preference order (required)\n"
    "  --flags LIST         comma list of deleg,mutual,replay,sequence,anon,conf,integ;\n"
    "                       none: no reqFlags; zero: reqFlags with no flag (03 02 01 00)\n"
    "  --der-reqflags       encode reqFlags as minimal DER (03 02 06 40), not 03 02 01 xx\n"
    "  --mech-token @FILE|HEX\n"
    "  --mic @FILE|HEX      mechListMIC\n"
    "init2 only:\n"
    "  --hint-name NAME     negHints hintName (default " SPNEGO_HINT_NAME_IGNORE ")\n"
    "  --hint-address @FILE|HEX\n"
    "  --no-hint-sentinel   omit hintName when --hint-name is not given (with no\n"
    "                       --hint-address, negHints is then empty: a3 02 30 00)\n"
    "  --no-neg-hints       send no negHints [3] at all (mechListMIC stays at [4])\n"
    "resp (bare NegTokenResp):\n"
    "  --neg-state S        accept-completed, accept-incomplete, reject, request-mic\n"
    "  --supported-mech M   as --mech\n"
    "  --mech-token @FILE|HEX  responseToken\n"
    "  --mic @FILE|HEX      mechListMIC\n"
    "output:\n"
    "  --format F           base64 (default), hex, der (raw bytes) or header\n"
    "                       (\"Negotiate <base64>\")\n";


struct tool_build {
    SPNEGO_OID mechs[TOOL_MAX_MECHS];
    unsigned char *mech_bytes[TOOL_MAX_MECHS];
    unsigned long num_mechs;
    SPNEGO_OID supported;
    unsigned char *supported_bytes;
    unsigned int flags;
    int have_flags;
    struct tool_buf mech_token;
    struct tool_buf mic;
    struct tool_buf hint_address;
    const char *hint_name;
    int neg_state;
    unsigned long build_flags;
};

/* A mechanism name or dotted OID to malloc'ed content bytes. */
static int tool_parse_mech(const char *s, SPNEGO_OID *out_oid, unsigned char **out_bytes)
{
    static const struct {
        const char *name;
        SPNEGO_MECH_OID mech;
    } names[] = {
        {"krb5", spnego_mech_oid_Kerberos_V5},     {"ms-krb5", spnego_mech_oid_Kerberos_V5_Legacy},
        {"ntlmssp", spnego_mech_oid_NTLMSSP},      {"negoex", spnego_mech_oid_NegoEx},
        {"iakerb", spnego_mech_oid_IAKERB},        {"krb5-u2u", spnego_mech_oid_Kerberos_V5_U2U},
        {"spnego", spnego_mech_oid_Spnego},
    };
    unsigned long len = 0;
    size_t i;
    SPNEGO_OID named;

    *out_bytes = NULL;
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(s, names[i].name) == 0 &&
            spnegoMechOidGet(names[i].mech, &named) == SPNEGO_E_SUCCESS) {
            *out_oid = named;
            return 1;
        }
    }
    if (spnegoOidFromString(s, NULL, &len) != SPNEGO_E_BUFFER_TOO_SMALL || len == 0) {
        return 0;
    }
    *out_bytes = malloc(len);
    if (*out_bytes == NULL || spnegoOidFromString(s, *out_bytes, &len) != SPNEGO_E_SUCCESS) {
        free(*out_bytes);
        *out_bytes = NULL;
        return 0;
    }
    out_oid->pbOid = *out_bytes;
    out_oid->ulOidLen = len;
    return 1;
}

static int tool_parse_flags(const char *s, unsigned int *out)
{
    static const char *const names[7] = {"deleg", "mutual", "replay", "sequence",
                                         "anon",  "conf",   "integ"};
    unsigned int flags = 0;
    const char *p = s;
    size_t n;
    unsigned int i;

    if (strcmp(s, "none") == 0) {
        *out = 0;
        return 1;
    }
    while (*p != '\0') {
        n = strcspn(p, ",");
        for (i = 0; i < 7; i++) {
            if (strlen(names[i]) == n && strncmp(p, names[i], n) == 0) {
                flags |= 0x80u >> i;
                break;
            }
        }
        if (i == 7) {
            return 0;
        }
        p += n;
        if (*p == ',') {
            p++;
            if (*p == '\0') {
                return 0;
            }
        }
    }
    *out = flags;
    return flags != 0;
}

/* @FILE or HEX to bytes (an empty file gives zero bytes, which the
 * library then refuses). */
static int tool_blob_arg(const char *s, struct tool_buf *out)
{
    FILE *f;
    int ok;

    free(out->data);
    out->data = NULL;
    out->len = 0;
    if (s[0] == '@') {
        f = fopen(s + 1, "rb");
        if (f == NULL) {
            return 0;
        }
        ok = tool_read_stream(f, out);
        fclose(f);
        return ok;
    }
    return tool_parse_hex(s, strlen(s), out);
}

static void tool_build_free(struct tool_build *b)
{
    unsigned long i;

    for (i = 0; i < b->num_mechs; i++) {
        free(b->mech_bytes[i]);
    }
    free(b->supported_bytes);
    free(b->mech_token.data);
    free(b->mic.data);
    free(b->hint_address.data);
}

static int tool_write_output(const unsigned char *tok, size_t len, const char *format)
{
    unsigned long cap = 0;
    char *text = NULL;
    size_t i;
    int rc;

    if (strcmp(format, "der") == 0) {
        if (fwrite(tok, 1, len, stdout) != len) {
            return TOOL_EXIT_INTERNAL;
        }
        return TOOL_EXIT_OK;
    }
    if (strcmp(format, "hex") == 0) {
        for (i = 0; i < len; i++) {
            printf("%02x", tok[i]);
        }
        putchar('\n');
        return TOOL_EXIT_OK;
    }
    if (strcmp(format, "base64") == 0) {
        (void)spnegoBase64Encode(tok, (unsigned long)len, NULL, &cap);
    } else {
        (void)spnegoHttpFormatNegotiate(tok, (unsigned long)len, NULL, &cap);
    }
    text = malloc(cap > 0 ? cap : 1);
    if (text == NULL) {
        return TOOL_EXIT_INTERNAL;
    }
    rc = strcmp(format, "base64") == 0
             ? spnegoBase64Encode(tok, (unsigned long)len, text, &cap)
             : spnegoHttpFormatNegotiate(tok, (unsigned long)len, text, &cap);
    if (rc == SPNEGO_E_SUCCESS) {
        puts(text);
    }
    free(text);
    return rc == SPNEGO_E_SUCCESS ? TOOL_EXIT_OK : TOOL_EXIT_INTERNAL;
}

/* Options of `build`, and which forms take them (bit 1 init, 2 init2,
 * 4 resp). */
static const struct {
    const char *name;
    unsigned int forms;
    int takes_value;
} tool_build_opts[] = {
    {"--mech", 3, 1},          {"--flags", 3, 1},          {"--der-reqflags", 3, 0},
    {"--mech-token", 7, 1},    {"--mic", 7, 1},            {"--hint-name", 2, 1},
    {"--hint-address", 2, 1},  {"--no-hint-sentinel", 2, 0}, {"--no-neg-hints", 2, 0},
    {"--neg-state", 4, 1},
    {"--supported-mech", 4, 1}, {"--format", 7, 1},
};

int tool_cmd_build(int argc, char **argv)
{
    static const char *const states[4] = {"accept-completed", "accept-incomplete", "reject",
                                          "request-mic"};
    struct tool_build b;
    SPNEGO_TOKEN_HANDLE h = NULL;
    const char *form;
    const char *format = "base64";
    const unsigned char *tok;
    unsigned long tok_len;
    unsigned int form_bit;
    size_t k;
    int i;
    int rc = TOOL_EXIT_USAGE;
    int st;

    if (argc >= 1 && strcmp(argv[0], "--help") == 0) {
        fputs(tool_usage_build, stdout);
        return TOOL_EXIT_OK;
    }
    if (argc < 1) {
        return tool_usage_error("build ", "%s", "missing form: init, init2 or resp");
    }
    form = argv[0];
    if (strcmp(form, "init") == 0) {
        form_bit = 1;
    } else if (strcmp(form, "init2") == 0) {
        form_bit = 2;
    } else if (strcmp(form, "resp") == 0) {
        form_bit = 4;
    } else {
        return tool_usage_error("build ", "unknown form '%s' (init, init2 or resp)", form);
    }
    memset(&b, 0, sizeof(b));
    b.neg_state = -1;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = NULL;
        const char *eq = strchr(a, '=');
        size_t name_len = eq != NULL ? (size_t)(eq - a) : strlen(a);

        if (strcmp(a, "--help") == 0) {
            fputs(tool_usage_build, stdout);
            rc = TOOL_EXIT_OK;
            goto done;
        }
        for (k = 0; k < sizeof(tool_build_opts) / sizeof(tool_build_opts[0]); k++) {
            if (strlen(tool_build_opts[k].name) == name_len &&
                strncmp(a, tool_build_opts[k].name, name_len) == 0) {
                break;
            }
        }
        if (k == sizeof(tool_build_opts) / sizeof(tool_build_opts[0])) {
            rc = tool_usage_error("build ", "unknown option '%s'", a);
            goto done;
        }
        if (!(tool_build_opts[k].forms & form_bit)) {
            fprintf(stderr, "spnego: option '%s' does not apply to 'build %s'\n",
                    tool_build_opts[k].name, form);
            rc = tool_usage_error("build ", "%s", "see the option list");
            goto done;
        }
        if (tool_build_opts[k].takes_value) {
            if (eq != NULL) {
                v = eq + 1;
            } else if (i + 1 < argc) {
                v = argv[++i];
            } else {
                rc = tool_usage_error("build ", "option '%s' needs a value", a);
                goto done;
            }
        } else if (eq != NULL) {
            rc = tool_usage_error("build ", "option '%s' takes no value",
                                  tool_build_opts[k].name);
            goto done;
        }
        a = tool_build_opts[k].name;
        if (strcmp(a, "--mech") == 0) {
            if (b.num_mechs == TOOL_MAX_MECHS) {
                rc = tool_usage_error("build ", "%s", "too many --mech options");
                goto done;
            }
            if (!tool_parse_mech(v, &b.mechs[b.num_mechs], &b.mech_bytes[b.num_mechs])) {
                rc = tool_usage_error("build ", "unknown mechanism or bad OID '%s'", v);
                goto done;
            }
            b.num_mechs++;
        } else if (strcmp(a, "--supported-mech") == 0) {
            free(b.supported_bytes);
            if (!tool_parse_mech(v, &b.supported, &b.supported_bytes)) {
                rc = tool_usage_error("build ", "unknown mechanism or bad OID '%s'", v);
                goto done;
            }
        } else if (strcmp(a, "--flags") == 0) {
            /* "zero": the field present with no flag, as Java sends it
             * (03 02 01 00); "none" and a zero list omit the field. */
            b.build_flags &= ~SPNEGO_BUILD_ZERO_REQFLAGS;
            if (strcmp(v, "zero") == 0) {
                b.flags = 0;
                b.build_flags |= SPNEGO_BUILD_ZERO_REQFLAGS;
            } else if (!tool_parse_flags(v, &b.flags)) {
                rc = tool_usage_error("build ", "bad --flags list '%s' (deleg,mutual,replay,"
                                                "sequence,anon,conf,integ)", v);
                goto done;
            }
        } else if (strcmp(a, "--der-reqflags") == 0) {
            b.build_flags |= SPNEGO_BUILD_DER_REQFLAGS;
        } else if (strcmp(a, "--no-hint-sentinel") == 0) {
            b.build_flags |= SPNEGO_BUILD_NO_HINT_SENTINEL;
        } else if (strcmp(a, "--no-neg-hints") == 0) {
            b.build_flags |= SPNEGO_BUILD_OMIT_NEG_HINTS;
        } else if (strcmp(a, "--hint-name") == 0) {
            b.hint_name = v;
        } else if (strcmp(a, "--neg-state") == 0) {
            for (st = 0; st < 4 && strcmp(v, states[st]) != 0; st++) {
            }
            if (st == 4) {
                rc = tool_usage_error("build ", "unknown --neg-state '%s' (accept-completed, "
                                                "accept-incomplete, reject, request-mic)", v);
                goto done;
            }
            b.neg_state = st;
        } else if (strcmp(a, "--format") == 0) {
            if (strcmp(v, "base64") != 0 && strcmp(v, "hex") != 0 && strcmp(v, "der") != 0 &&
                strcmp(v, "header") != 0) {
                rc = tool_usage_error("build ", "unknown --format '%s' (base64, hex, der, "
                                                "header)", v);
                goto done;
            }
            format = v;
        } else {
            struct tool_buf *dst = strcmp(a, "--mech-token") == 0 ? &b.mech_token
                                   : strcmp(a, "--mic") == 0      ? &b.mic
                                                                  : &b.hint_address;
            if (!tool_blob_arg(v, dst)) {
                rc = tool_usage_error("build ", v[0] == '@' ? "cannot read '%s'"
                                                            : "bad hex '%s' (even number of "
                                                              "hex digits, spaces and colons "
                                                              "allowed)", v);
                goto done;
            }
        }
    }
    if (form_bit != 4 && b.num_mechs == 0) {
        rc = tool_usage_error("build ", "%s", "at least one --mech is required");
        goto done;
    }
    if (form_bit == 1) {
        st = spnegoCreateNegTokenInitEx(b.mechs, b.num_mechs, (unsigned char)b.flags,
                                        b.mech_token.data, (unsigned long)b.mech_token.len,
                                        b.mic.data, (unsigned long)b.mic.len, b.build_flags, &h);
    } else if (form_bit == 2) {
        st = spnegoCreateNegTokenInit2(b.mechs, b.num_mechs, (unsigned char)b.flags,
                                       b.mech_token.data, (unsigned long)b.mech_token.len,
                                       b.hint_name, b.hint_address.data,
                                       (unsigned long)b.hint_address.len, b.mic.data,
                                       (unsigned long)b.mic.len, b.build_flags, &h);
    } else {
        st = spnegoCreateNegTokenTargEx(b.supported.pbOid != NULL ? &b.supported : NULL,
                                        (SPNEGO_NEGRESULT)b.neg_state, b.mech_token.data,
                                        (unsigned long)b.mech_token.len, b.mic.data,
                                        (unsigned long)b.mic.len, &h);
    }
    if (st != SPNEGO_E_SUCCESS) {
        fprintf(stderr, "spnego: the library refused to build this token: %s (%d): %s\n",
                tool_error_name(st), st, spnegoErrorString(st));
        rc = st == SPNEGO_E_OUT_OF_MEMORY ? TOOL_EXIT_INTERNAL : TOOL_EXIT_USAGE;
        goto done;
    }
    if (spnegoTokenGetBinaryPtr(h, &tok, &tok_len) != SPNEGO_E_SUCCESS) {
        rc = TOOL_EXIT_INTERNAL;
        goto done;
    }
    rc = tool_write_output(tok, (size_t)tok_len, format);
done:
    spnegoFreeData(h);
    tool_build_free(&b);
    return rc;
}
