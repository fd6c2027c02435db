/*
 * spnego_tool.c - example program: the `spnego` command-line tool.
 *
 *   spnego dump [--json] [--strict] [--input FMT] [TOKEN|-|@FILE]
 *   spnego identify [--input FMT] [TOKEN|-|@FILE]
 *   spnego build init|init2|resp [options]
 *
 * This file holds the command line, the input decoding (raw DER, base64,
 * hex, an HTTP Negotiate header line) and the identify command;
 * spnego_tool_dump.c prints tokens, spnego_tool_build.c builds them. docs/cli.md and docs/spnego.1 are the
 * manual; tests/cli/run.sh checks every behaviour described there.
 */
#include "spnego_tool.h"

#include "spnego.h"
#include "spnego_http.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Inputs larger than this are refused (the largest real Kerberos tokens
 * are 64 KiB; base64 and hex make them at most 2x larger). */
#define TOOL_MAX_INPUT (4UL * 1024UL * 1024UL)

enum tool_input_fmt { FMT_AUTO, FMT_DER, FMT_BASE64, FMT_HEX, FMT_HEADER };

static const char tool_usage_main[] =
    "usage: spnego <command> [options] [TOKEN|-|@FILE]\n"
    "\n"
    "Commands:\n"
    "  dump      print every element of a SPNEGO token with its offset and length\n"
    "  identify  say in one line what a blob is (SPNEGO, raw NTLMSSP, raw Kerberos)\n"
    "  build     build a NegTokenInit, NegTokenInit2 or NegTokenResp\n"
    "  exchange  dump several tokens as one exchange and check the SPNEGO rules\n"
    "\n"
    "TOKEN is raw DER, base64, hex (spaces and colons allowed) or a whole HTTP\n"
    "header line (\"Authorization: Negotiate ...\"); '-' or no TOKEN reads stdin,\n"
    "@FILE reads a file. 'spnego <command> --help' describes each command.\n"
    "\n"
    "Options: --help, --version\n"
    "Exit status: 0 ok, 1 invalid token, 2 usage or undecodable input, 3 internal error\n";

static const char tool_usage_dump[] =
    "usage: spnego dump [--json] [--strict] [--input FORMAT] [TOKEN|-|@FILE]\n"
    "\n"
    "Prints the form of the token, the offset and length of every element, the\n"
    "mechanisms by name, reqFlags, negState, hints, what the inner mechanism token\n"
    "is, and every parse warning.\n"
    "\n"
    "  --json          one JSON object (schema libspnego-dump/2, see docs/cli.md)\n"
    "  --strict        parse with SPNEGO_PARSE_STRICT (strict DER, RFC 4178 only)\n"
    "  --input FORMAT  auto (default), der, base64, hex or header\n"
    "\n"
    "Exit status: 0 parsed (warnings may be printed), 1 invalid token (the\n"
    "SPNEGO_E_* code and byte offset go to stderr), 2 usage or undecodable input.\n";

static const char tool_usage_identify[] =
    "usage: spnego identify [--input FORMAT] [TOKEN|-|@FILE]\n"
    "\n"
    "Prints one line: SPNEGO init, SPNEGO resp, raw NTLMSSP <type>,\n"
    "raw Kerberos <message> or unknown. Only the first bytes are looked at.\n"
    "\n"
    "  --input FORMAT  auto (default), der, base64, hex or header\n";

/* ---- small helpers ---- */

int tool_usage_error(const char *cmd, const char *fmt, const char *arg)
{
    fputs("spnego: ", stderr);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'spnego %s--help'.\n", cmd);
    return TOOL_EXIT_USAGE;
}

static int tool_hex_value(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

static int tool_is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Decodes hex with optional 0x prefix, spaces and colons. 1 on success
 * (at least one byte), 0 on a bad character or an odd digit count. */
int tool_parse_hex(const char *s, size_t len, struct tool_buf *out)
{
    size_t i;
    size_t n = 0;
    int hi = -1;

    if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s += 2;
        len -= 2;
    }
    out->data = malloc(len / 2 + 1);
    out->len = 0;
    if (out->data == NULL) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        int v = tool_hex_value((unsigned char)s[i]);
        if (v < 0) {
            if (tool_is_space((unsigned char)s[i]) || s[i] == ':') {
                continue;
            }
            goto fail;
        }
        if (hi < 0) {
            hi = v;
        } else {
            out->data[n++] = (unsigned char)((hi << 4) | v);
            hi = -1;
        }
    }
    if (hi >= 0 || n == 0) {
        goto fail;
    }
    out->len = n;
    return 1;
fail:
    free(out->data);
    out->data = NULL;
    return 0;
}

/* Reads a whole stream; 0 on error or over TOOL_MAX_INPUT. */
int tool_read_stream(FILE *f, struct tool_buf *out)
{
    size_t cap = 4096;
    size_t n;

    out->len = 0;
    out->data = malloc(cap);
    if (out->data == NULL) {
        return 0;
    }
    for (;;) {
        if (out->len == cap) {
            unsigned char *p;
            if (cap >= TOOL_MAX_INPUT) {
                goto fail;
            }
            cap *= 2;
            p = realloc(out->data, cap);
            if (p == NULL) {
                goto fail;
            }
            out->data = p;
        }
        n = fread(out->data + out->len, 1, cap - out->len, f);
        out->len += n;
        if (n == 0) {
            break;
        }
    }
    if (ferror(f)) {
        goto fail;
    }
    return 1;
fail:
    free(out->data);
    out->data = NULL;
    return 0;
}

/* TOKEN, '-' (stdin), @FILE or FILE (an argument naming an existing file:
 * what every user types first) as bytes; *out_literal says it came from
 * the command line. A usage error is printed here. */
static int tool_load(const char *arg, struct tool_buf *out, int *out_literal)
{
    FILE *f;
    int ok;

    *out_literal = 0;
    if (arg == NULL || strcmp(arg, "-") == 0) {
        if (!tool_read_stream(stdin, out)) {
            fputs("spnego: cannot read standard input\n", stderr);
            return TOOL_EXIT_USAGE;
        }
        return TOOL_EXIT_OK;
    }
    if (arg[0] == '@') {
        f = fopen(arg + 1, "rb");
        if (f == NULL) {
            fprintf(stderr, "spnego: cannot open '%s'\n", arg + 1);
            return TOOL_EXIT_USAGE;
        }
        ok = tool_read_stream(f, out);
        fclose(f);
        if (!ok) {
            fprintf(stderr, "spnego: cannot read '%s' (or larger than %lu bytes)\n", arg + 1,
                    TOOL_MAX_INPUT);
            return TOOL_EXIT_USAGE;
        }
        return TOOL_EXIT_OK;
    }
    f = fopen(arg, "rb");
    if (f != NULL) {
        ok = tool_read_stream(f, out);
        fclose(f);
        if (!ok) {
            fprintf(stderr, "spnego: cannot read '%s' (or larger than %lu bytes)\n", arg,
                    TOOL_MAX_INPUT);
            return TOOL_EXIT_USAGE;
        }
        return TOOL_EXIT_OK;
    }
    out->len = strlen(arg);
    out->data = malloc(out->len + 1);
    if (out->data == NULL) {
        return TOOL_EXIT_INTERNAL;
    }
    memcpy(out->data, arg, out->len + 1);
    *out_literal = 1;
    return TOOL_EXIT_OK;
}

/* Standard or URL-safe base64, whitespace ignored, padding optional. */
static int tool_parse_base64(const char *s, size_t len, struct tool_buf *out)
{
    char *clean = malloc(len + 4);
    size_t n = 0;
    size_t i;
    unsigned long cap;
    int rc;

    out->data = NULL;
    out->len = 0;
    if (clean == NULL) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        if (tool_is_space((unsigned char)s[i])) {
            continue;
        }
        clean[n++] = s[i] == '-' ? '+' : s[i] == '_' ? '/' : s[i];
    }
    while (n % 4 != 0 && n % 4 != 1) {
        clean[n++] = '=';
    }
    cap = (unsigned long)(n / 4 * 3 + 3);
    out->data = malloc(cap);
    rc = out->data != NULL && n > 0
             ? spnegoBase64Decode(clean, (unsigned long)n, out->data, &cap)
             : SPNEGO_E_INVALID_BASE64;
    free(clean);
    if (rc != SPNEGO_E_SUCCESS || cap == 0) {
        free(out->data);
        out->data = NULL;
        return 0;
    }
    out->len = (size_t)cap;
    return 1;
}

/* The header value of a line "Name: Negotiate ..." or "Negotiate ...";
 * NULL if the text is no such line. */
static const char *tool_header_value(const char *text)
{
    static const char *const names[] = {"authorization:", "www-authenticate:",
                                        "proxy-authorization:", "proxy-authenticate:"};
    size_t i;
    size_t j;
    size_t n;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        n = strlen(names[i]);
        for (j = 0; j < n && text[j] != '\0' && tolower((unsigned char)text[j]) == names[i][j];
             j++) {
        }
        if (j == n) {
            text += n;
            while (*text == ' ' || *text == '\t') {
                text++;
            }
            return text;
        }
    }
    for (i = 0; i < 9 && text[i] != '\0' && tolower((unsigned char)text[i]) == "negotiate"[i];
         i++) {
    }
    if (i == 9 && (text[9] == '\0' || text[9] == ' ' || text[9] == '\t')) {
        return text;
    }
    return NULL;
}

/* Header line to token bytes. */
static int tool_decode_header(const char *value, struct tool_buf *out)
{
    const char *b64;
    unsigned long b64_len;
    int rc;

    rc = spnegoHttpParseNegotiate(value, (unsigned long)strlen(value), &b64, &b64_len);
    if (rc != SPNEGO_E_SUCCESS) {
        fprintf(stderr, "spnego: bad Negotiate header: %s (%d): %s\n", tool_error_name(rc), rc,
                spnegoErrorString(rc));
        return TOOL_EXIT_USAGE;
    }
    if (b64 == NULL) {
        fputs("spnego: the header is a bare 'Negotiate' challenge and carries no token\n",
              stderr);
        return TOOL_EXIT_INVALID;
    }
    if (!tool_parse_base64(b64, (size_t)b64_len, out)) {
        fputs("spnego: the Negotiate header holds invalid base64\n", stderr);
        return TOOL_EXIT_USAGE;
    }
    return TOOL_EXIT_OK;
}

static int tool_input_format(const char *s, enum tool_input_fmt *out)
{
    static const char *const names[] = {"auto", "der", "base64", "hex", "header"};
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(s, names[i]) == 0) {
            *out = (enum tool_input_fmt)i;
            return 1;
        }
    }
    return 0;
}

/*
 * Turns the argument into token bytes. Auto-detection: bytes that are not
 * all printable ASCII are raw DER (a DER token always holds a control
 * byte); text is a header line if it starts with a known header name or
 * "Negotiate", hex if it holds only hex digits, spaces and colons, else
 * base64.
 */
static int tool_get_token(const char *arg, enum tool_input_fmt fmt, struct tool_buf *out)
{
    struct tool_buf raw;
    char *text = NULL;
    const char *value;
    size_t start = 0;
    size_t end;
    size_t i;
    int literal;
    int is_text = 1;
    int is_hex = 1;
    int rc;

    out->data = NULL;
    out->len = 0;
    rc = tool_load(arg, &raw, &literal);
    if (rc != TOOL_EXIT_OK) {
        return rc;
    }
    if (fmt == FMT_AUTO && !literal) {
        for (i = 0; i < raw.len; i++) {
            if (!(raw.data[i] >= 0x20 && raw.data[i] < 0x7F) && !tool_is_space(raw.data[i])) {
                is_text = 0;
                break;
            }
        }
        if (!is_text) {
            fmt = FMT_DER;
        }
    }
    if (fmt == FMT_DER || (fmt == FMT_AUTO && raw.len == 0)) {
        /* An empty input is an (invalid) empty token: the parser says so. */
        *out = raw;
        return TOOL_EXIT_OK;
    }
    /* Text: a NUL-terminated, trimmed copy. */
    end = raw.len;
    while (start < end && tool_is_space(raw.data[start])) {
        start++;
    }
    while (end > start && tool_is_space(raw.data[end - 1])) {
        end--;
    }
    text = malloc(end - start + 1);
    if (text == NULL) {
        free(raw.data);
        return TOOL_EXIT_INTERNAL;
    }
    memcpy(text, raw.data + start, end - start);
    text[end - start] = '\0';
    free(raw.data);
    rc = TOOL_EXIT_USAGE;
    if (text[0] == '\0' || memchr(text, '\0', end - start) != NULL) {
        fputs("spnego: empty input\n", stderr);
        goto done;
    }
    value = tool_header_value(text);
    if (fmt == FMT_AUTO) {
        for (i = 0; text[i] != '\0'; i++) {
            if (tool_hex_value((unsigned char)text[i]) < 0 && text[i] != ':' &&
                !tool_is_space((unsigned char)text[i]) &&
                !(i == 1 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))) {
                is_hex = 0;
                break;
            }
        }
        fmt = value != NULL ? FMT_HEADER : is_hex ? FMT_HEX : FMT_BASE64;
    }
    if (fmt == FMT_HEADER) {
        if (value == NULL) {
            fputs("spnego: input is not a Negotiate header line\n", stderr);
            goto done;
        }
        rc = tool_decode_header(value, out);
    } else if (fmt == FMT_HEX) {
        if (!tool_parse_hex(text, strlen(text), out)) {
            fputs("spnego: bad hex in the input (odd digit count or a non-hex character)\n",
                  stderr);
            goto done;
        }
        rc = TOOL_EXIT_OK;
    } else {
        if (!tool_parse_base64(text, strlen(text), out)) {
            if (literal) {
                /* Say both readings: a mistyped file name lands here. */
                fprintf(stderr,
                        "spnego: '%.60s%s' is neither an existing file nor a token (DER, hex, "
                        "base64 or a Negotiate header line)\n",
                        text, strlen(text) > 60 ? "..." : "");
            } else {
                fputs("spnego: cannot decode the input: it is not DER, hex, base64 or a "
                      "Negotiate header line\n",
                      stderr);
            }
            goto done;
        }
        rc = TOOL_EXIT_OK;
    }
done:
    free(text);
    return rc;
}

int tool_get_token_text(const char *text, struct tool_buf *out)
{
    return tool_get_token(text, FMT_AUTO, out);
}

/* ---- dump and identify ---- */

static int tool_cmd_dump(int argc, char **argv, int identify)
{
    const char *cmd = identify ? "identify " : "dump ";
    const char *arg = NULL;
    enum tool_input_fmt fmt = FMT_AUTO;
    struct tool_buf tok;
    int json = 0;
    int strict = 0;
    int opts_done = 0;
    int i;
    int rc;

    for (i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!opts_done && strcmp(a, "--") == 0) {
            opts_done = 1;
        } else if (!opts_done && strcmp(a, "--help") == 0) {
            fputs(identify ? tool_usage_identify : tool_usage_dump, stdout);
            return TOOL_EXIT_OK;
        } else if (!opts_done && !identify && strcmp(a, "--json") == 0) {
            json = 1;
        } else if (!opts_done && !identify && strcmp(a, "--strict") == 0) {
            strict = 1;
        } else if (!opts_done && strncmp(a, "--input=", 8) == 0) {
            if (!tool_input_format(a + 8, &fmt)) {
                return tool_usage_error(cmd, "unknown input format '%s'", a + 8);
            }
        } else if (!opts_done && strcmp(a, "--input") == 0) {
            if (i + 1 >= argc) {
                return tool_usage_error(cmd, "option '%s' needs a value", a);
            }
            if (!tool_input_format(argv[++i], &fmt)) {
                return tool_usage_error(cmd, "unknown input format '%s'", argv[i]);
            }
        } else if (!opts_done && a[0] == '-' && a[1] != '\0') {
            return tool_usage_error(cmd, "unknown option '%s'", a);
        } else if (arg == NULL) {
            arg = a;
        } else {
            return tool_usage_error(cmd, "more than one token given ('%s')", a);
        }
    }
    rc = tool_get_token(arg, fmt, &tok);
    if (rc != TOOL_EXIT_OK) {
        return rc;
    }
    if (identify) {
        int kind = SPNEGO_IDENTIFY_UNKNOWN;
        const char *desc;
        const char *k;
        (void)spnegoIdentifyToken(tok.data, (unsigned long)tok.len, &kind);
        tool_classify_inner(tok.data, tok.len, &desc, &k);
        switch (kind) {
        case SPNEGO_IDENTIFY_SPNEGO_INIT: puts("SPNEGO init"); break;
        case SPNEGO_IDENTIFY_SPNEGO_RESP: puts("SPNEGO resp"); break;
        case SPNEGO_IDENTIFY_NTLMSSP:
        case SPNEGO_IDENTIFY_KERBEROS: printf("raw %s\n", desc); break;
        default:
            puts("unknown");
            break;
        }
        rc = TOOL_EXIT_OK;
    } else {
        rc = tool_dump(tok.data, tok.len, strict, json, stdout, stderr);
    }
    free(tok.data);
    return rc;
}

int main(int argc, char **argv)
{
    int rc;

    if (argc < 2) {
        fputs(tool_usage_main, stderr);
        return TOOL_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(tool_usage_main, stdout);
        return TOOL_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("spnego (libspnego) %s\n", spnegoGetVersion());
        return TOOL_EXIT_OK;
    }
    if (strcmp(argv[1], "dump") == 0) {
        rc = tool_cmd_dump(argc - 2, argv + 2, 0);
    } else if (strcmp(argv[1], "identify") == 0) {
        rc = tool_cmd_dump(argc - 2, argv + 2, 1);
    } else if (strcmp(argv[1], "build") == 0) {
        rc = tool_cmd_build(argc - 2, argv + 2);
    } else if (strcmp(argv[1], "exchange") == 0) {
        rc = tool_cmd_exchange(argc - 2, argv + 2);
    } else {
        return tool_usage_error("", "unknown command '%s' (dump, identify, build, exchange)",
                                argv[1]);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("spnego: write error on standard output\n", stderr);
        return TOOL_EXIT_INTERNAL;
    }
    return rc;
}
