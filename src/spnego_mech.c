/*
 * spnego_mech.c - L1: the table of named mechanism OIDs.
 *
 * The table maps the public SPNEGO_MECH_OID values to DER content bytes.
 * OIDs are compared by bytes everywhere, so an OID with an arc wider than
 * any integer type is still matched exactly; only the dotted text form has
 * to decode arcs, and it refuses arcs over 64 bits instead of truncating.
 */
#include "spnego_token.h"

#include <string.h>

const unsigned char spnego_mech_spnego_oid[6] = {0x2B, 0x06, 0x01,
                                                 0x05, 0x05, 0x02};

static const unsigned char mech_oid_krb5_legacy[] = {0x2A, 0x86, 0x48, 0x82, 0xF7,
                                                     0x12, 0x01, 0x02, 0x02};
static const unsigned char mech_oid_krb5[] = {0x2A, 0x86, 0x48, 0x86, 0xF7,
                                              0x12, 0x01, 0x02, 0x02};
static const unsigned char mech_oid_ntlmssp[] = {0x2B, 0x06, 0x01, 0x04, 0x01,
                                                 0x82, 0x37, 0x02, 0x02, 0x0A};
static const unsigned char mech_oid_negoex[] = {0x2B, 0x06, 0x01, 0x04, 0x01,
                                                0x82, 0x37, 0x02, 0x02, 0x1E};
static const unsigned char mech_oid_iakerb[] = {0x2B, 0x06, 0x01, 0x05, 0x02, 0x05};
static const unsigned char mech_oid_krb5_u2u[] = {0x2A, 0x86, 0x48, 0x86, 0xF7,
                                                  0x12, 0x01, 0x02, 0x02, 0x03};

struct mech_entry {
    SPNEGO_MECH_OID mech;
    const unsigned char *oid;
    size_t oid_len;
};

/* One row per named mechanism, in SPNEGO_MECH_OID order (searched). */
static const struct mech_entry mech_table[] = {
    {spnego_mech_oid_Kerberos_V5_Legacy, mech_oid_krb5_legacy, sizeof(mech_oid_krb5_legacy)},
    {spnego_mech_oid_Kerberos_V5, mech_oid_krb5, sizeof(mech_oid_krb5)},
    {spnego_mech_oid_Spnego, spnego_mech_spnego_oid, sizeof(spnego_mech_spnego_oid)},
    {spnego_mech_oid_NTLMSSP, mech_oid_ntlmssp, sizeof(mech_oid_ntlmssp)},
    {spnego_mech_oid_NegoEx, mech_oid_negoex, sizeof(mech_oid_negoex)},
    {spnego_mech_oid_IAKERB, mech_oid_iakerb, sizeof(mech_oid_iakerb)},
    {spnego_mech_oid_Kerberos_V5_U2U, mech_oid_krb5_u2u, sizeof(mech_oid_krb5_u2u)},
};

#define MECH_TABLE_SIZE (sizeof(mech_table) / sizeof(mech_table[0]))

int spnego_mech_oid(SPNEGO_MECH_OID mech, const unsigned char **out_oid,
                    size_t *out_len)
{
    size_t i;

    for (i = 0; i < MECH_TABLE_SIZE; i++) {
        if (mech_table[i].mech == mech) {
            *out_oid = mech_table[i].oid;
            *out_len = mech_table[i].oid_len;
            return 1;
        }
    }
    return 0;
}

SPNEGO_MECH_OID spnego_mech_lookup(const unsigned char *oid, size_t oid_len)
{
    size_t i;

    for (i = 0; i < MECH_TABLE_SIZE; i++) {
        if (mech_table[i].oid_len == oid_len &&
            memcmp(mech_table[i].oid, oid, oid_len) == 0) {
            return mech_table[i].mech;
        }
    }
    return spnego_mech_oid_Unknown;
}
