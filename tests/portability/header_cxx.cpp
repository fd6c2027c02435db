/*
 * header_cxx.cpp - the public headers compile as C++ and link from C++.
 *
 * scripts/ci/portability.sh compiles this file with g++ -std=c++98 and
 * -std=c++17 (-Wall -Wextra -pedantic -Werror) and links it against the
 * shared library: the extern "C" block must give C linkage to every
 * function, and the types must be usable from C++ without casts.
 */
#include "spnego.h"
#include "spnego_http.h"
#include "spnego_negotiate.h"

#include <cstdio>
#include <cstring>

#if __cplusplus >= 201103L
static_assert(SPNEGO_E_SUCCESS == 0, "status codes are plain ints");
static_assert(spnego_mech_oid_Kerberos_V5 == 1, "2002 enum values");
#endif

namespace {

int failed = 0;

void check(bool ok, const char *what)
{
    if (!ok) {
        failed++;
        std::printf("FAIL: %s\n", what);
    }
}

// RAII owner, the way a C++ caller wraps the handle.
class Token {
public:
    Token() : h_(0) {}
    ~Token() { spnegoFreeData(h_); }
    SPNEGO_TOKEN_HANDLE *out() { return &h_; }
    SPNEGO_TOKEN_HANDLE get() const { return h_; }

private:
    Token(const Token &);
    Token &operator=(const Token &);
    SPNEGO_TOKEN_HANDLE h_;
};

} // namespace

int main()
{
    static const unsigned char mech_token[] = {0x01, 0x02, 0x03};
    SPNEGO_OID mechs[2];
    Token built;
    Token parsed;
    const unsigned char *p = 0;
    unsigned long len = 0;
    unsigned long count = 0;
    int index = -1;
    int init2 = -1;
    unsigned char flags = 0;
    char name[64];
    unsigned long name_len = sizeof(name);

    check(spnegoMechOidGet(spnego_mech_oid_Kerberos_V5, &mechs[0]) == SPNEGO_E_SUCCESS,
          "krb5 OID");
    check(spnegoMechOidGet(spnego_mech_oid_NTLMSSP, &mechs[1]) == SPNEGO_E_SUCCESS,
          "NTLM OID");
    check(spnegoCreateNegTokenInit2(mechs, 2, SPNEGO_NEGINIT_CONTEXT_MUTUAL_FLAG, mech_token,
                                    sizeof(mech_token), 0, 0, 0, 0, 0,
                                    SPNEGO_BUILD_DER_REQFLAGS, built.out()) == SPNEGO_E_SUCCESS,
          "build Init2");
    check(spnegoTokenGetBinaryPtr(built.get(), &p, &len) == SPNEGO_E_SUCCESS && len > 0,
          "binary");
    // DER reqFlags, so the token is strict DER and STRICT parsing takes it.
    check(spnegoInitFromBinaryEx(p, len, SPNEGO_PARSE_STRICT | SPNEGO_PARSE_NOCOPY,
                                 parsed.out()) == SPNEGO_E_SUCCESS,
          "parse strict");
    check(spnegoGetMechTypeCount(parsed.get(), &count) == SPNEGO_E_SUCCESS && count == 2,
          "mech count");
    check(spnegoIsMechTypeAvailable(parsed.get(), spnego_mech_oid_NTLMSSP, &index) ==
                  SPNEGO_E_SUCCESS &&
              index == 1,
          "NTLM index");
    check(spnegoIsNegTokenInit2(parsed.get(), &init2) == SPNEGO_E_SUCCESS && init2 == 1,
          "Init2");
    check(spnegoGetContextFlags(parsed.get(), &flags) == SPNEGO_E_SUCCESS &&
              flags == SPNEGO_NEGINIT_CONTEXT_MUTUAL_FLAG,
          "flags");
    check(spnegoGetNegHintName(parsed.get(), reinterpret_cast<unsigned char *>(name),
                               &name_len) == SPNEGO_E_SUCCESS &&
              name_len == std::strlen(SPNEGO_HINT_NAME_IGNORE) &&
              std::memcmp(name, SPNEGO_HINT_NAME_IGNORE, name_len) == 0,
          "hint sentinel");
    check(spnegoGetMechTokenPtr(parsed.get(), &p, &len) == SPNEGO_E_SUCCESS &&
              len == sizeof(mech_token) && std::memcmp(p, mech_token, len) == 0,
          "mech token");
    check(std::strcmp(spnegoGetVersion(), SPNEGO_VERSION_STRING) == 0, "version");
    {
        SPNEGO_NEGOTIATE_HANDLE ctx = 0;
        check(spnegoNegotiateCreate(SPNEGO_NEGOTIATE_ACCEPTOR, 0, 1, 0, &ctx) ==
                      SPNEGO_E_INVALID_PARAMETER &&
                  ctx == 0,
              "negotiation layer: C linkage, argument check");
        spnegoNegotiateFree(ctx);
    }
    std::printf("header_cxx (C++ %ld): %s\n", static_cast<long>(__cplusplus),
                failed == 0 ? "ok" : "FAILED");
    return failed == 0 ? 0 : 1;
}
