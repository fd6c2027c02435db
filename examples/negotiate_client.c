/*
 * negotiate_client.c - an HTTP client that authenticates with "Negotiate"
 * (RFC 4559): libcurl does HTTP (connections, keep-alive, parsing);
 * libspnego's negotiation layer does SPNEGO, libspnego-gss runs Kerberos
 * (and NTLM through gss-ntlmssp). curl's own GSS-API support is not used.
 *
 *   negotiate-client [-mechs krb5,ntlmssp] [-service HTTP@host]
 *                    [-expect-reject] [-verbose] URL
 *
 * Credentials come from the ccache (KRB5CCNAME; kinit first) or, for NTLM,
 * NTLM_USER_FILE. The client offers -mechs in that order (default krb5),
 * asks for mutual authentication, and trusts a 200 only once the server's
 * final token has verified. It prints the body. -expect-reject succeeds
 * only when the server refuses with a SPNEGO reject.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "negotiation.h"
#include "spnego_http.h"

#define MAX_LEGS 8 /* krb5 takes 2 requests, NTLM 4 */

/* What we read from one response: its Negotiate header and its body. */
struct response {
    char *negotiate;  /* "Negotiate ..." value, or NULL */
    int num_negotiate;
    char body[4096];
    size_t body_len;
};

static void response_clear(struct response *r)
{
    free(r->negotiate);
    memset(r, 0, sizeof(*r));
}

/* libcurl hands us each header line; we keep the Negotiate challenge. */
static size_t on_header(char *line, size_t size, size_t count, void *arg)
{
    struct response *r = arg;
    size_t len = size * count, n;
    const char *token;
    unsigned long token_len;

    if (len >= 5 && memcmp(line, "HTTP/", 5) == 0) {
        response_clear(r); /* a new response starts (after a 100) */
    } else if (len > 17 && strncasecmp(line, "WWW-Authenticate:", 17) == 0) {
        n = len - 17;
        while (n > 0 && (line[17 + n - 1] == '\r' || line[17 + n - 1] == '\n'))
            n--;
        /* Another scheme (Basic...) is not ours: skip it. */
        if (spnegoHttpParseNegotiate(line + 17, n, &token, &token_len) !=
            SPNEGO_E_SUCCESS)
            return len;
        r->num_negotiate++;
        free(r->negotiate);
        r->negotiate = malloc(n + 1);
        if (r->negotiate == NULL)
            return 0; /* curl stops with an error */
        memcpy(r->negotiate, line + 17, n);
        r->negotiate[n] = '\0';
    }
    return len;
}

static size_t on_body(char *data, size_t size, size_t count, void *arg)
{
    struct response *r = arg;
    size_t len = size * count, room = sizeof(r->body) - 1 - r->body_len;

    memcpy(r->body + r->body_len, data, len < room ? len : room);
    r->body_len += len < room ? len : room;
    r->body[r->body_len] = '\0';
    return len;
}

/* Decodes the token of a "Negotiate <base64>" value into a malloc'd
 * buffer. *out_token NULL for a bare "Negotiate". Returns 0 or -1. */
static int decode_negotiate(const char *value, unsigned char **out_token,
                            unsigned long *out_len)
{
    unsigned long len = 0;
    int rc;

    *out_token = NULL;
    *out_len = 0;
    rc = spnegoHttpDecodeNegotiate(value, strlen(value), NULL, &len);
    if (rc == SPNEGO_E_ELEMENT_UNAVAILABLE)
        return 0;
    if (rc != SPNEGO_E_BUFFER_TOO_SMALL || (*out_token = malloc(len)) == NULL)
        return -1;
    if (spnegoHttpDecodeNegotiate(value, strlen(value), *out_token, &len) !=
        SPNEGO_E_SUCCESS)
        return -1;
    *out_len = len;
    return 0;
}

/* "Authorization: Negotiate <base64>" for our next request. */
static struct curl_slist *authorization(const unsigned char *token,
                                        unsigned long len)
{
    static const char name[] = "Authorization: ";
    struct curl_slist *list = NULL;
    unsigned long value_len = 0;
    char *line;

    if (spnegoHttpFormatNegotiate(token, len, NULL, &value_len) !=
            SPNEGO_E_BUFFER_TOO_SMALL ||
        (line = malloc(sizeof(name) - 1 + value_len)) == NULL)
        return NULL;
    memcpy(line, name, sizeof(name) - 1);
    if (spnegoHttpFormatNegotiate(token, len, line + sizeof(name) - 1,
                                  &value_len) == SPNEGO_E_SUCCESS)
        list = curl_slist_append(NULL, line);
    free(line);
    return list;
}

int main(int argc, char **argv)
{
    const char *mechs = "krb5", *service = NULL, *url;
    char service_buf[300];
    int i, leg, expect_reject = 0, verbose = 0, exit_code = 1;
    int rc = SPNEGO_NEGOTIATE_CONTINUE, started = 0, tokens_sent = 0;
    struct negotiation neg;
    struct response r;
    struct curl_slist *headers = NULL;
    unsigned char *in = NULL;
    unsigned long in_len = 0;
    const unsigned char *out;
    unsigned long out_len;
    CURL *curl = NULL;

    for (i = 1; i < argc - 1; i++) {
        if (strcmp(argv[i], "-mechs") == 0 && i + 1 < argc - 1)
            mechs = argv[++i];
        else if (strcmp(argv[i], "-service") == 0 && i + 1 < argc - 1)
            service = argv[++i];
        else if (strcmp(argv[i], "-expect-reject") == 0)
            expect_reject = 1;
        else if (strcmp(argv[i], "-verbose") == 0)
            verbose = 1;
        else
            break;
    }
    if (i != argc - 1) {
        fprintf(stderr, "usage: negotiate-client [-mechs krb5,ntlmssp] "
                        "[-service HTTP@host] [-expect-reject] [-verbose] "
                        "URL\n");
        return 2;
    }
    url = argv[i];
    memset(&r, 0, sizeof(r));
    memset(&neg, 0, sizeof(neg));
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
        (curl = curl_easy_init()) == NULL)
        goto out;
    if (service == NULL) { /* HTTP@<the URL's host>, as browsers do */
        CURLU *u = curl_url();
        char *host = NULL;

        if (u != NULL && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
            curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
            snprintf(service_buf, sizeof(service_buf), "HTTP@%s", host);
        curl_free(host);
        curl_url_cleanup(u);
        service = service_buf;
    }
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_VERBOSE, (long)verbose);

    /* The first request carries no token: the server's 401 says whether
     * it speaks Negotiate (and, from an acceptor that speaks first, brings
     * its NegTokenInit2). Every later request on the same easy handle
     * reuses the connection, which multi-leg mechanisms (NTLM) need. */
    for (leg = 0; leg <= MAX_LEGS; leg++) {
        long status = 0, new_connections = 0;

        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        if (curl_easy_perform(curl) != CURLE_OK)
            goto out;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &new_connections);
        printf("HTTP %ld (request %d)\n", status, leg + 1);
        if (tokens_sent > 1 && new_connections > 0) {
            fprintf(stderr, "negotiate-client: the connection closed in the "
                            "middle of the exchange\n");
            goto out;
        }
        free(in);
        in = NULL;
        if (r.num_negotiate > 1 ||
            (r.negotiate != NULL &&
             decode_negotiate(r.negotiate, &in, &in_len) != 0)) {
            fprintf(stderr, "negotiate-client: bad WWW-Authenticate\n");
            goto out;
        }
        if (status == 200 && tokens_sent > 0) {
            /* Trust the 200 only once the final token (the AP-REP) has
             * verified: then the server proved who it is. */
            if (rc == SPNEGO_NEGOTIATE_CONTINUE && in != NULL)
                rc = spnegoNegotiateStep(neg.ctx, in, in_len, &out, &out_len);
            else if (in != NULL) /* we had completed: nothing may follow */
                rc = SPNEGO_E_PROTOCOL;
            if (rc != SPNEGO_NEGOTIATE_COMPLETE) {
                if (rc < 0)
                    negotiation_print_error(stderr, "negotiate-client", &neg,
                                            rc);
                fprintf(stderr, "negotiate-client: 200 without a verified "
                                "final token: not trusted\n");
                goto out;
            }
            printf("authenticated: mutual authentication verified (%s, "
                   "mechListMIC %s)\n%s",
                   negotiation_mech_name(&neg), negotiation_mic_text(&neg),
                   r.body);
            exit_code = expect_reject;
            goto out;
        }
        if (status != 401 || r.negotiate == NULL ||
            rc != SPNEGO_NEGOTIATE_CONTINUE) {
            fprintf(stderr, "negotiate-client: HTTP %ld, %s\n", status,
                    r.negotiate != NULL ? "the server wants more"
                                        : "no Negotiate challenge");
            goto out;
        }
        if (!started &&
            negotiation_start(&neg, SPNEGO_NEGOTIATE_INITIATOR, mechs,
                              service) != 0)
            goto out;
        started = 1;
        rc = spnegoNegotiateStep(neg.ctx, in, in != NULL ? in_len : 0, &out,
                                 &out_len);
        if (rc == SPNEGO_E_REJECTED && expect_reject) {
            printf("rejected by the server, as expected\n");
            exit_code = 0;
            goto out;
        }
        if (rc < 0 || out_len == 0) {
            negotiation_print_error(stderr, "negotiate-client", &neg, rc);
            goto out;
        }
        curl_slist_free_all(headers);
        if ((headers = authorization(out, out_len)) == NULL)
            goto out;
        tokens_sent++;
    }
    fprintf(stderr, "negotiate-client: too many legs\n");
out:
    free(in);
    response_clear(&r);
    curl_slist_free_all(headers);
    negotiation_end(&neg);
    curl_easy_cleanup(curl);
    curl_global_cleanup();
    return exit_code;
}
