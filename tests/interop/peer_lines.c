/*
 * peer_lines.c - see peer_lines.h.
 */
#define _POSIX_C_SOURCE 200809L /* setenv, getpid */

#include "peer_lines.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spnego.h"
#include "spnego_http.h"

char *peer_read_line(char *buf, size_t cap)
{
    size_t n;

    if (cap > (size_t)0x7fffffff || fgets(buf, (int)cap, stdin) == NULL)
        return NULL;
    n = strlen(buf);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    return buf;
}

int peer_put_b64(const char *tag, const void *data, size_t len)
{
    unsigned long cap = 0;
    char *text;
    int rc;

    if (spnegoBase64Encode((const unsigned char *)data, (unsigned long)len, NULL, &cap) !=
        SPNEGO_E_BUFFER_TOO_SMALL)
        return -1;
    text = malloc(cap);
    if (text == NULL)
        return -1;
    rc = spnegoBase64Encode((const unsigned char *)data, (unsigned long)len, text, &cap);
    if (rc == SPNEGO_E_SUCCESS)
        printf("%s %s\n", tag, text);
    free(text);
    return rc == SPNEGO_E_SUCCESS ? 0 : -1;
}

int peer_get_b64(const char *text, unsigned char **out, size_t *out_len)
{
    unsigned long len = 0;
    unsigned long n = (unsigned long)strlen(text);

    *out = NULL;
    *out_len = 0;
    if (spnegoBase64Decode(text, n, NULL, &len) != SPNEGO_E_BUFFER_TOO_SMALL || len == 0)
        return -1;
    *out = malloc(len);
    if (*out == NULL)
        return -1;
    if (spnegoBase64Decode(text, n, *out, &len) != SPNEGO_E_SUCCESS) {
        free(*out);
        *out = NULL;
        return -1;
    }
    *out_len = len;
    return 0;
}

static char peer_user_file[4096];

static void peer_remove_user_file(void)
{
    if (peer_user_file[0] != '\0')
        (void)remove(peer_user_file);
}

int peer_set_user_file(const char *line)
{
    const char *dir = getenv("SPNEGO_REALM_DIR");
    FILE *f;

    if (dir == NULL || (size_t)snprintf(peer_user_file, sizeof(peer_user_file),
                                        "%s/ntlm_users.%ld", dir,
                                        (long)getpid()) >= sizeof(peer_user_file))
        return -1;
    f = fopen(peer_user_file, "w");
    if (f == NULL)
        return -1;
    fprintf(f, "%s\n", line);
    if (fclose(f) != 0)
        return -1;
    atexit(peer_remove_user_file);
    return setenv("NTLM_USER_FILE", peer_user_file, 1);
}
