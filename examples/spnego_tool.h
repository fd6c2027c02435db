/*
 * spnego_tool.h - example program: the `spnego` command-line tool.
 *
 * Shared declarations of the tool's files: spnego_tool.c (commands,
 * options, input decoding, identify), spnego_tool_build.c (build),
 * spnego_tool_dump.c (the text and JSON dumps) and spnego_tool_util.c
 * (names, OID text, token classification). Not part of the library: the tool may allocate and
 * print; the library does neither.
 */
#ifndef SPNEGO_TOOL_H
#define SPNEGO_TOOL_H

#include <stddef.h>
#include <stdio.h>

/* Exit codes (documented in docs/cli.md and docs/spnego.1). */
#define TOOL_EXIT_OK 0
#define TOOL_EXIT_INVALID 1  /* the token is not valid SPNEGO */
#define TOOL_EXIT_USAGE 2    /* bad command line or undecodable input */
#define TOOL_EXIT_INTERNAL 3 /* out of memory, write error */

/* A malloc'ed byte buffer. */
struct tool_buf {
    unsigned char *data;
    size_t len;
};

/* Prints "spnego: <fmt with arg>" and a --help hint to stderr; returns
 * TOOL_EXIT_USAGE. cmd is "" or "dump " etc. */
int tool_usage_error(const char *cmd, const char *fmt, const char *arg);

/* Hex (optional 0x, spaces, colons) to bytes; 0 on bad or empty input. */
int tool_parse_hex(const char *s, size_t len, struct tool_buf *out);

/* A whole stream into out (bounded); 0 on a read error or too large. */
int tool_read_stream(FILE *f, struct tool_buf *out);

/* `spnego build ...` with argv after "build"; a TOOL_EXIT_* code. */
int tool_cmd_build(int argc, char **argv);

/* `spnego exchange ...` (spnego_tool_exchange.c); a TOOL_EXIT_* code. */
int tool_cmd_exchange(int argc, char **argv);

/* One token given as text (base64, hex or a header line, detected as for
 * `dump`) into out; a TOOL_EXIT_* code, errors printed on stderr. */
int tool_get_token_text(const char *text, struct tool_buf *out);

/* One DER header as read by tool_tlv_read(). */
struct tool_tlv {
    unsigned int tag;    /* the single identifier octet */
    size_t off;          /* offset of the identifier octet */
    size_t hdr_len;      /* identifier and length octets */
    size_t content_len;  /* length of the contents */
};

/* Reads the TLV header at buf[off]; 1 on success, 0 if it does not fit in
 * len or uses a form the tool does not walk (high tag, indefinite). */
int tool_tlv_read(const unsigned char *buf, size_t len, size_t off,
                  struct tool_tlv *out_tlv);

/* Short name of a mechanism OID (krb5, ms-krb5, ...) or NULL. */
const char *tool_mech_name(const unsigned char *oid, size_t oid_len);

/* Dotted text of OID content bytes into a malloc'ed string; an arc wider
 * than 64 bits is written as 0x<hex>. NULL for a malformed OID or OOM. */
char *tool_oid_text(const unsigned char *oid, size_t oid_len);

/* Name of a SPNEGO_E_* code ("SPNEGO_E_INVALID_LENGTH"). */
const char *tool_error_name(int status);

/* One-line description of an inner mechanism token ("Kerberos AP-REQ",
 * "NTLMSSP CHALLENGE", "opaque") and a stable kind id for JSON
 * ("krb5-ap-req", "ntlmssp-challenge", "opaque"). */
void tool_classify_inner(const unsigned char *data, size_t len,
                         const char **out_text, const char **out_kind);

/* The same for a mechListMIC. */
void tool_classify_mic(const unsigned char *data, size_t len,
                       const char **out_text, const char **out_kind);

/* Names of the reqFlags bits, in bit order, joined by ','. Writes at most
 * cap bytes (NUL included); "none" for 0. */
void tool_flag_names(unsigned int flags, char *out, size_t cap);

/* Prints the dump of a token; returns a TOOL_EXIT_* code. strict selects
 * SPNEGO_PARSE_STRICT; json the JSON form. Errors go to err. */
int tool_dump(const unsigned char *data, size_t len, int strict, int json,
              FILE *out, FILE *err);

#endif /* SPNEGO_TOOL_H */
