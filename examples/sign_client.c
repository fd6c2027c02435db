/*
 * sign_client.c - the GSS-API guide's "sign" client on libspnego: run a
 * SPNEGO exchange with sign-server over TCP, send it a gss_wrap'ed
 * message, and verify the MIC it sends back.
 *
 *   sign-client -port N [-mechs krb5,ntlmssp] [-msg TEXT] [service]
 *
 * service defaults to host@localhost; credentials come from the ccache
 * (KRB5CCNAME) or, for NTLM, NTLM_USER_FILE. -mechs is offered in that
 * order ("ntlmssp,krb5" with a krb5-only server gives the request-mic
 * exchange: mechListMICs both ways).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "negotiation.h"
#include "token_socket.h"

int main(int argc, char **argv)
{
    const char *mechs = "krb5", *service = "host@localhost";
    const char *msg = "hello from sign-client";
    unsigned long port = 0;
    int i, fd = -1, rc, result = 1;
    struct negotiation neg;
    unsigned char *in = NULL;
    size_t in_len = 0;
    const unsigned char *out;
    unsigned long out_len;
    gss_buffer_desc plain, wrapped = GSS_C_EMPTY_BUFFER, mic;
    OM_uint32 major, minor;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-port") == 0 && i + 1 < argc)
            port = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "-mechs") == 0 && i + 1 < argc)
            mechs = argv[++i];
        else if (strcmp(argv[i], "-msg") == 0 && i + 1 < argc)
            msg = argv[++i];
        else if (argv[i][0] != '-' && i == argc - 1)
            service = argv[i];
        else
            break;
    }
    if (i != argc || port == 0 || port > 65535) {
        fprintf(stderr, "usage: sign-client -port N [-mechs krb5,ntlmssp] "
                        "[-msg TEXT] [service]\n");
        return 2;
    }
    if (negotiation_start(&neg, SPNEGO_NEGOTIATE_INITIATOR, mechs, service) != 0 ||
        (fd = token_connect((unsigned short)port)) < 0)
        goto out;
    /* First step without input: our NegTokenInit. Then one step per
     * token of the server, until the layer says complete. */
    for (;;) {
        rc = spnegoNegotiateStep(neg.ctx, in, in_len, &out, &out_len);
        if (rc < 0) {
            negotiation_print_error(stderr, "sign-client", &neg, rc);
            goto out;
        }
        if (out_len > 0 && token_send(fd, out, out_len) != 0)
            goto out;
        if (rc == SPNEGO_NEGOTIATE_COMPLETE)
            break;
        free(in);
        if (token_recv(fd, &in, &in_len) != 0) {
            fprintf(stderr, "sign-client: no token from the server\n");
            goto out;
        }
    }
    fprintf(stderr, "sign-client: context established (%s, mechListMIC %s)\n",
            negotiation_mech_name(&neg), negotiation_mic_text(&neg));

    /* From here on it is plain GSS-API on the negotiated context. */
    plain.value = (void *)(size_t)msg;
    plain.length = strlen(msg);
    major = gss_wrap(&minor, negotiation_gss_context(&neg), 1,
                     GSS_C_QOP_DEFAULT, &plain, NULL, &wrapped);
    free(in);
    in = NULL;
    if (GSS_ERROR(major) || token_send(fd, wrapped.value, wrapped.length) != 0 ||
        token_recv(fd, &in, &in_len) != 0)
        goto out;
    mic.value = in;
    mic.length = in_len;
    major = gss_verify_mic(&minor, negotiation_gss_context(&neg), &plain, &mic,
                           NULL);
    if (GSS_ERROR(major)) {
        fprintf(stderr, "sign-client: the server's MIC does not verify\n");
        goto out;
    }
    printf("sign-client: message sent, signature verified\n");
    result = 0;
out:
    if (fd >= 0)
        close(fd);
    gss_release_buffer(&minor, &wrapped);
    free(in);
    negotiation_end(&neg);
    return result;
}
