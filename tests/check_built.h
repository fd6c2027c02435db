/*
 * check_built.h - test code shared by the unit tests (test_build_spans.c)
 * and the fuzz targets (fuzz_common.c): a built handle against a fresh
 * parse of its own bytes, through the public API only (issue #15).
 *
 * Builders index their token in the write pass instead of parsing it back;
 * this comparison keeps the guarantee the re-parse gave, for every library
 * a test links (the replay programs link the ordinary one, without
 * SPNEGO_CHECK_BUILD_SPANS). Not part of the library.
 */
#ifndef SPNEGO_CHECK_BUILT_H
#define SPNEGO_CHECK_BUILT_H

#include <stddef.h>

#include "spnego.h"

/*
 * Gets the bytes of built (spnegoTokenGetBinaryPtr), parses them with
 * SPNEGO_PARSE_NOCOPY and compares, getter by getter, what a caller can
 * read from both handles: token type, NegTokenInit2 or not, parse warnings
 * (a built handle has none; the parse may add SPNEGO_WARN_REQFLAGS_NOT_DER,
 * and SPNEGO_WARN_REQFLAGS_UNUSUAL when reqFlags is all zero), the status
 * and (offset, length) of spnegoGetElementSpan for every element id, every
 * pointer getter as (offset from its handle's token start, length), the
 * copy-out getters' status and length, mech count and every OID (read
 * upwards, then downwards), spnegoIsMechTypeAvailable for every named
 * mechanism, context flags, negotiation result, supportedMech.
 *
 * Returns 1 when everything agrees. Otherwise returns 0 and writes a
 * NUL-terminated description of the first difference into out_why
 * (why_len bytes; nothing when why_len is 0). Allocates only the parsed
 * handle, released before returning.
 */
int spnego_test_check_built(SPNEGO_TOKEN_HANDLE built, char *out_why, size_t why_len);

#endif /* SPNEGO_CHECK_BUILT_H */
