/*
 * consumer_gss.c - a program built against an installed libspnego-gss
 * (find_package(spnego COMPONENTS gss) + spnego::gss, or pkg-config
 * spnego-gss) by scripts/ci/consumers.sh.
 *
 * It needs no KDC: an acceptor with the Kerberos mechanism of the adapter,
 * stepped with no input, speaks first with a NegTokenInit2, whose bytes are
 * fixed (the acceptor's mech list and the RFC 4178 "please ignore" hint).
 */
#include <spnego_gss.h>
#include <spnego_negotiate.h>

#include <stdio.h>
#include <string.h>

int main(void)
{
    static const unsigned char want[] = {
        0x60, 0x47, 0x06, 0x06, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x02, /* framing */
        0xA0, 0x3D, 0x30, 0x3B,                                     /* NegTokenInit2 */
        0xA0, 0x0D, 0x30, 0x0B, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, /* [krb5] */
        0xF7, 0x12, 0x01, 0x02, 0x02,
        0xA3, 0x2A, 0x30, 0x28, 0xA0, 0x26, 0x1B, 0x24,             /* negHints */
        'n', 'o', 't', '_', 'd', 'e', 'f', 'i', 'n', 'e', 'd', '_', 'i', 'n', '_', 'R', 'F', 'C',
        '4', '1', '7', '8', '@', 'p', 'l', 'e', 'a', 's', 'e', '_', 'i', 'g', 'n', 'o', 'r', 'e'};
    SPNEGO_GSS_MECH *krb5 = NULL;
    SPNEGO_NEGOTIATE_MECH entry;
    SPNEGO_NEGOTIATE_HANDLE ctx = NULL;
    const unsigned char *out = NULL;
    unsigned long out_len = 0;
    int ok;

    ok = spnegoGssMechCreate(&spnegoGssOidKrb5, SPNEGO_NEGOTIATE_ACCEPTOR, GSS_C_NO_CREDENTIAL,
                             GSS_C_NO_NAME, 0, &krb5) == SPNEGO_E_SUCCESS &&
         spnegoGssMechEntry(krb5, &entry) == SPNEGO_E_SUCCESS &&
         spnegoNegotiateCreate(SPNEGO_NEGOTIATE_ACCEPTOR, &entry, 1, 0, &ctx) ==
             SPNEGO_E_SUCCESS &&
         spnegoNegotiateStep(ctx, NULL, 0, &out, &out_len) == SPNEGO_NEGOTIATE_CONTINUE &&
         out_len == sizeof(want) && memcmp(out, want, sizeof(want)) == 0;
    spnegoNegotiateFree(ctx);
    spnegoGssMechFree(krb5);
    printf("consumer_gss: %s (%lu-byte NegTokenInit2)\n", ok ? "ok" : "FAILED", out_len);
    return ok ? 0 : 1;
}
