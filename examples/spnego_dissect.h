/*
 * spnego_dissect.h - example program: dissectors of the inner mechanism
 * tokens shown by `spnego dump` (Kerberos, NTLM, NegoEx).
 *
 * Not part of the library. A dissector walks one inner token and reports
 * every field it understands to a sink, in structure order: an id, a
 * label, the absolute offset and length of the field in the SPNEGO token,
 * a nesting depth and a typed value that points into the token. Nothing is
 * allocated per field and nothing is copied: the sink prints the field
 * (text or JSON, spnego_dissect_print.c) and forgets it.
 *
 * DER is read only through the library's L0 reader (src/spnego_der.h);
 * little-endian NTLM/NegoEx structures through the bounded helpers below.
 * A malformed inner token is reported as far as it parses, then one
 * DIS_ERROR field gives the offset of the problem and the walk stops; the
 * SPNEGO verdict never depends on it.
 *
 * Files: spnego_dissect.c (dispatch, shared helpers), _krb5.c, _ntlm.c,
 * _negoex.c (one protocol each), _print.c (text and JSON sinks).
 */
#ifndef SPNEGO_DISSECT_H
#define SPNEGO_DISSECT_H

#include <stddef.h>
#include <stdio.h>

/* What a field's value is; decides how the sinks print it. */
enum dis_type {
    DIS_GROUP,    /* a structure; sym (if set) says what it is */
    DIS_INT,      /* num */
    DIS_ENUM,     /* num and sym (its name, or NULL when unknown) */
    DIS_FLAGS,    /* num and the bits named by flags[] */
    DIS_STR,      /* bytes: 8-bit text (GeneralString, OEM), untrusted */
    DIS_UTF16,    /* bytes: UTF-16LE text, untrusted */
    DIS_HEX,      /* bytes, shown in hex */
    DIS_BLOB,     /* bytes, shown as a length only (ciphertext) */
    DIS_GUID,     /* bytes: 16-byte GUID; sym names a known one */
    DIS_FILETIME, /* num: 100 ns since 1601-01-01 UTC */
    DIS_VERSION,  /* bytes: 8-byte NTLM VERSION (MS-NLMP 2.2.2.10) */
    DIS_OID,      /* bytes: OID content octets (validated) */
    DIS_TEXT,     /* sym: a fixed text (a kind, "present") */
    DIS_PRINCIPAL,/* num: name-type; bytes: contents of the name-string
                     SEQUENCE OF KerberosString (already validated) */
    DIS_ERROR     /* sym: what is wrong at off */
};

/* One named bit of a DIS_FLAGS field. */
struct dis_flag {
    unsigned long bit;
    const char *name;
};

struct dis_field {
    const char *id;    /* stable JSON name, e.g. "krb5.ticket.realm" */
    const char *label; /* text label, e.g. "realm" */
    size_t off;        /* absolute offset in the SPNEGO token */
    size_t len;
    int depth;         /* nesting below the mech token row */
    enum dis_type type;
    long long num;
    const char *sym;
    const unsigned char *bytes;
    size_t bytes_len;
    const struct dis_flag *flags;
    size_t num_flags;
};

/* Receives each field. */
struct dis_sink {
    void (*field)(void *arg, const struct dis_field *f);
    void *arg;
};

/* The state of one dissection. */
struct dis_ctx {
    const unsigned char *base; /* the SPNEGO token: offsets count from it */
    struct dis_sink sink;
    int depth;
    int failed;        /* a DIS_ERROR was reported: the walk stops */
    size_t err_off;
    const char *err_msg;  /* what dis_fail() reported */
    const char *protocol; /* "krb5", "ntlmssp", "negoex" or NULL */
    const char *message;  /* "AP-REQ", "AUTHENTICATE", ... or NULL */
    int allow_negoex;     /* 0 inside NegoEx (no nesting) */
    char err_text[160];   /* the text of a composed error */
};

/* ---- entry points ---- */

/* Dissects the inner token p[0..len) (inside ctx->base). Returns 1 when
 * the bytes are a format it knows (even if malformed: see ctx->failed),
 * 0 when it does not recognise them (nothing was reported). */
int dis_inner(struct dis_ctx *c, const unsigned char *p, size_t len);

int dis_krb5(struct dis_ctx *c, const unsigned char *p, size_t len);
int dis_ntlm(struct dis_ctx *c, const unsigned char *p, size_t len);
int dis_negoex(struct dis_ctx *c, const unsigned char *p, size_t len);

/* The printers (spnego_dissect_print.c). dis_print_text prints one row
 * per field at base indentation depth; dis_print_json prints the value of
 * the "inner" key (an object, or null when nothing was recognised). */
void dis_print_text(FILE *out, const unsigned char *tok, const unsigned char *p, size_t len,
                    int depth);
void dis_print_json(FILE *out, const unsigned char *tok, const unsigned char *p, size_t len);

/* ---- helpers for the dissectors ---- */

/* Reports a field (nothing once failed). */
void dis_emit(struct dis_ctx *c, const struct dis_field *f);

/* A field of type t at p..p+len with the current depth. */
void dis_field_init(struct dis_field *f, struct dis_ctx *c, const char *id, const char *label,
                    const unsigned char *p, size_t len, enum dis_type t);

/* Shorthands: each builds and emits one field. */
void dis_group(struct dis_ctx *c, const char *id, const char *label, const unsigned char *p,
               size_t len, const char *what);
void dis_int(struct dis_ctx *c, const char *id, const char *label, const unsigned char *p,
             size_t len, long long v);
void dis_enum(struct dis_ctx *c, const char *id, const char *label, const unsigned char *p,
              size_t len, long long v, const char *name);
void dis_flags(struct dis_ctx *c, const char *id, const char *label, const unsigned char *p,
               size_t len, unsigned long v, const struct dis_flag *flags, size_t num_flags);
void dis_bytes(struct dis_ctx *c, const char *id, const char *label, const unsigned char *p,
               size_t len, enum dis_type t);
void dis_text(struct dis_ctx *c, const char *id, const char *label, const unsigned char *p,
              size_t len, const char *text);

/* Reports the problem at p and stops the walk; returns 0. */
int dis_fail(struct dis_ctx *c, const unsigned char *p, const char *what);

/* The same for a DER read that failed with L0 status st. */
int dis_fail_der(struct dis_ctx *c, const unsigned char *p, const char *what, int st);

/* Little-endian reads; the caller checked the bounds. */
unsigned long dis_le16(const unsigned char *p);
unsigned long dis_le32(const unsigned char *p);
unsigned long long dis_le64(const unsigned char *p);

/* Name of a GUID the tool knows (NegoEx auth schemes), or NULL. */
const char *dis_guid_name(const unsigned char *guid);

/* Name in a {value, name} table, or NULL. */
struct dis_name {
    long long value;
    const char *name;
};
const char *dis_lookup(const struct dis_name *table, size_t n, long long v);

#define DIS_COUNT(a) (sizeof(a) / sizeof((a)[0]))

#endif /* SPNEGO_DISSECT_H */
