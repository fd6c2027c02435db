/*
 * interop_peer.h - the SPNEGO peers of the interop test driver
 * (tests/interop/spnego_interop.c): one type for libspnego's negotiation
 * layer and for MIT krb5's SPNEGO mechanism, so that every pairing
 * own/MIT x initiator/acceptor runs through one code path.
 *
 * Test code, not part of the library: it links MIT krb5's libgssapi_krb5.
 * The library does the SPNEGO layer (RFC 4178); underneath runs the RAW
 * Kerberos V5 GSS-API mechanism (1.2.840.113554.1.2.2). The same peer type
 * can instead run MIT's own SPNEGO mechanism (1.3.6.1.5.5.2), so every
 * pairing own/MIT x initiator/acceptor can be tested with one code path.
 *
 * What lives here:
 *  - struct gc_peer: a SPNEGO initiator or acceptor state machine (own or
 *    MIT), stepped one token at a time with gc_peer_step();
 *  - mechanism names and OIDs, GSS status printing, token shapes.
 */
#ifndef SPNEGO_INTEROP_PEER_H
#define SPNEGO_INTEROP_PEER_H

#include <stddef.h>
#include <stdio.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>

#include "spnego.h"
#include "spnego_gss.h"
#include "spnego_negotiate.h"

/* Results of gc_peer_step(). */
#define GC_ERROR (-1)  /* failed; *out may hold a reject token to send */
#define GC_CONTINUE 1  /* send *out (if any), then expect a peer token */
#define GC_DONE 2      /* established; send *out (if any), expect nothing */

/* Negative tests: what an own peer damages before sending. */
#define GC_CORRUPT_NONE 0
#define GC_CORRUPT_MIC 1   /* one bit of our mechListMIC */
#define GC_CORRUPT_TOKEN 2 /* one bit of the krb5 token we wrap */

#define GC_MAX_MECHS 8
#define GC_MAX_TOKEN (1024UL * 1024UL)

/* Known mechanisms (static, never freed). */
extern gss_OID_desc gc_oid_krb5;
extern gss_OID_desc gc_oid_mskrb5;
extern gss_OID_desc gc_oid_spnego;
extern gss_OID_desc gc_oid_ntlmssp;

/* A heap byte buffer owned by its holder. */
struct gc_buf {
    unsigned char *data;
    size_t len;
};

/* Per-leg structure of a SPNEGO token, for logs and comparisons. */
struct gc_shape {
    int type;          /* SPNEGO_TOKEN_INIT / _TARG, -1 if not SPNEGO */
    int neg_state;     /* SPNEGO_NEGRESULT, -1 absent */
    int has_mech;      /* supportedMech present */
    int num_mechs;     /* NegTokenInit mechTypes count */
    int has_req_flags; /* NegTokenInit reqFlags present */
    size_t token_len;  /* mechToken / responseToken, 0 absent */
    size_t mic_len;    /* mechListMIC, 0 absent */
    size_t total_len;
};

/* One own mechanism: the libspnego-gss state, wrapped so negative tests
 * can damage what it produces. */
struct gc_peer;
struct gc_mech {
    SPNEGO_GSS_MECH *gss;
    struct gc_peer *peer;
    struct gc_buf damaged;     /* a corrupted copy of a token */
    struct gc_buf damaged_mic; /* a corrupted copy of a MIC */
};

/* Zero it (memset) and set label/verbose/log/corrupt/send_req_flags before
 * gc_peer_setup(); release it with gc_peer_release() even after a failed
 * setup. */
struct gc_peer {
    int mit;          /* 1: MIT's SPNEGO mech; 0: this library + raw krb5 */
    int initiator;    /* 1: initiator; 0: acceptor */
    int corrupt;      /* GC_CORRUPT_* (own peers only) */
    int send_req_flags; /* own initiator: put reqFlags in NegTokenInit */
    int verbose;
    FILE *log;        /* verbose output (stderr when NULL) */
    const char *label;
    OM_uint32 req_flags;
    gss_OID_desc mechs[GC_MAX_MECHS]; /* initiator: offered, in order;
                                         MIT acceptor: allowed */
    size_t num_mechs;
    gss_name_t target; /* initiator */
    gss_cred_id_t cred;
    gss_ctx_id_t ctx;  /* own: raw krb5 context; MIT: SPNEGO context */
    int always_mic;   /* own: SPNEGO_NEGOTIATE_ALWAYS_MIC */
    /* own SPNEGO: the negotiation layer over libspnego-gss mechanisms */
    int legs;
    int mic_checked;  /* the peer's mechListMIC verified */
    int established;
    int neg_rc;       /* own: the last spnegoNegotiateStep() status */
    SPNEGO_NEGOTIATE_HANDLE neg;
    struct gc_mech own[GC_MAX_MECHS];
    gss_name_t src_name;    /* acceptor: authenticated initiator */
    OM_uint32 ret_flags;
    char error[256];        /* last error, for the caller's message */
};

void gc_buf_free(struct gc_buf *buf);
int gc_buf_set(struct gc_buf *buf, const void *data, size_t len);

/* Prints "what: major/minor" GSS messages to f. */
void gc_print_gss_error(FILE *f, const char *what, OM_uint32 major,
                        OM_uint32 minor);

/* "krb5", "mskrb5", "ntlmssp", "negoex", "iakerb" or dotted form; a comma
 * separated list into out (up to cap). Returns 0 or -1. OIDs from dotted
 * text point into static storage of up to GC_MAX_MECHS entries. */
int gc_parse_mechs(const char *list, gss_OID_desc *out, size_t cap,
                   size_t *out_num);
const char *gc_mech_name(const unsigned char *oid, size_t oid_len);
const char *gc_neg_state_name(int neg_state);

/* Imports "service@host" as a GSS host-based service name. */
int gc_import_service(const char *service, gss_name_t *out_name);

/*
 * Sets up a peer. Initiator: service is the target ("HTTP@localhost"),
 * mechs the offered list (own: krb5 must be in it; MIT: set with
 * gss_set_neg_mechs). Acceptor: service NULL accepts any keytab principal;
 * MIT acceptors use mechs (num 0: krb5 only) as their allowed list.
 * Returns 0 or -1 (message in p->error).
 */
int gc_peer_setup(struct gc_peer *p, int mit, int initiator,
                  const char *service, const gss_OID_desc *mechs,
                  size_t num_mechs, OM_uint32 req_flags);

/* One step. Initiator: first call with in NULL. *out is replaced (freed by
 * the caller with gc_buf_free, also after an error). */
int gc_peer_step(struct gc_peer *p, const unsigned char *in, size_t in_len,
                 struct gc_buf *out);

/* The context to use for gss_wrap/gss_get_mic after GC_DONE. */
gss_ctx_id_t gc_peer_context(const struct gc_peer *p);

/* Acceptor after GC_DONE: the client principal as text. */
int gc_peer_client_name(const struct gc_peer *p, char *buf, size_t cap);

void gc_peer_release(struct gc_peer *p);

/* Describes a token (never fails; non-SPNEGO blobs get type -1). */
void gc_token_shape(const unsigned char *tok, size_t len,
                    struct gc_shape *shape);
void gc_print_shape(FILE *f, const char *prefix, const struct gc_shape *s);

#endif /* SPNEGO_INTEROP_PEER_H */
