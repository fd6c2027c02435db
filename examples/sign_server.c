/*
 * sign_server.c - the GSS-API guide's "sign" server on libspnego: accept a
 * SPNEGO exchange over TCP, receive a gss_wrap'ed message, unwrap it and
 * send back its MIC (gss_get_mic), which sign-client verifies.
 *
 *   sign-server [-port N] [-portfile FILE] [-mechs krb5,ntlmssp] [-once]
 *
 * The keytab comes from KRB5_KTNAME (any of its keys is accepted); NTLM
 * users from NTLM_USER_FILE. Clients are served one at a time, each with
 * a 10 s timeout per read: a demonstration of the token exchange, not a
 * server design (negotiate-server leaves concurrency to its HTTP library).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "negotiation.h"
#include "token_socket.h"

/* Runs the exchange, then the signed message. 0 on success. */
static int serve(int fd, const char *mechs)
{
    struct negotiation neg;
    unsigned char *in = NULL;
    size_t in_len;
    const unsigned char *out;
    unsigned long out_len;
    gss_buffer_desc wrapped, plain = GSS_C_EMPTY_BUFFER, mic = GSS_C_EMPTY_BUFFER;
    OM_uint32 major, minor;
    int rc = SPNEGO_NEGOTIATE_CONTINUE, result = -1;
    char user[256];

    if (negotiation_start(&neg, SPNEGO_NEGOTIATE_ACCEPTOR, mechs, NULL) != 0)
        goto out;
    /* The acceptor answers every token; on failure its answer is the
     * reject, which the client should see too. */
    while (rc == SPNEGO_NEGOTIATE_CONTINUE) {
        free(in);
        if (token_recv(fd, &in, &in_len) != 0) {
            fprintf(stderr, "sign-server: no token from the client\n");
            goto out;
        }
        rc = spnegoNegotiateStep(neg.ctx, in, in_len, &out, &out_len);
        if (out_len > 0 && token_send(fd, out, out_len) != 0)
            goto out;
    }
    if (rc != SPNEGO_NEGOTIATE_COMPLETE) {
        negotiation_print_error(stderr, "sign-server", &neg, rc);
        goto out;
    }
    if (negotiation_peer_name(&neg, user, sizeof(user)) != 0)
        strcpy(user, "(unknown)");
    fprintf(stderr, "sign-server: accepted %s (%s, mechListMIC %s)\n", user,
            negotiation_mech_name(&neg), negotiation_mic_text(&neg));

    /* From here on it is plain GSS-API on the negotiated context. */
    free(in);
    if (token_recv(fd, &in, &in_len) != 0)
        goto out;
    wrapped.value = in;
    wrapped.length = in_len;
    major = gss_unwrap(&minor, negotiation_gss_context(&neg), &wrapped,
                       &plain, NULL, NULL);
    if (!GSS_ERROR(major))
        major = gss_get_mic(&minor, negotiation_gss_context(&neg),
                            GSS_C_QOP_DEFAULT, &plain, &mic);
    if (GSS_ERROR(major)) {
        fprintf(stderr, "sign-server: gss_unwrap/gss_get_mic failed\n");
        goto out;
    }
    fprintf(stderr, "sign-server: message \"%.*s\"\n", (int)plain.length,
            (const char *)plain.value);
    result = token_send(fd, mic.value, mic.length);
out:
    gss_release_buffer(&minor, &plain);
    gss_release_buffer(&minor, &mic);
    free(in);
    negotiation_end(&neg);
    return result;
}

int main(int argc, char **argv)
{
    const char *mechs = "krb5", *port_file = NULL;
    unsigned long port = 0;
    int i, once = 0, lfd, fd, result = 0;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-port") == 0 && i + 1 < argc)
            port = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "-portfile") == 0 && i + 1 < argc)
            port_file = argv[++i];
        else if (strcmp(argv[i], "-mechs") == 0 && i + 1 < argc)
            mechs = argv[++i];
        else if (strcmp(argv[i], "-once") == 0)
            once = 1;
        else {
            fprintf(stderr, "usage: sign-server [-port N] [-portfile FILE] "
                            "[-mechs krb5,ntlmssp] [-once]\n");
            return 2;
        }
    }
    if (port > 65535 || (lfd = token_listen((unsigned short)port, port_file)) < 0)
        return 1;
    do {
        fd = token_accept(lfd);
        if (fd < 0)
            break;
        result = serve(fd, mechs) == 0 ? 0 : 1;
        close(fd);
    } while (!once);
    close(lfd);
    return fd < 0 ? 1 : result;
}
