/*
 * replay_main.c - runs a fuzz target over files, without libFuzzer.
 *
 * Linked with any fuzz_*.c in place of libFuzzer's main (the idea of c-ares
 * test/ares-fuzz.c): every argument is a file or a directory (its regular
 * files, not recursive); each file is read into an exact-size heap block
 * (so a sanitizer build sees any over-read) and passed to
 * LLVMFuzzerTestOneInput() once. ctest runs it over the seed corpus, so
 * every corpus and regression input is checked with any C99 compiler.
 * Exit status: 0 when every input ran (a broken invariant aborts), 1 when
 * an argument cannot be read.
 */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <windows.h>
#else
#include <dirent.h>
#include <sys/stat.h>
#endif

/* Reads a whole file into an exact-size block; NULL on error. */
static unsigned char *replay_read(const char *path, size_t *out_len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    unsigned char chunk[4096];
    size_t len = 0;
    size_t n;

    if (f == NULL) {
        return NULL;
    }
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        unsigned char *grown = (unsigned char *)realloc(buf, len + n);
        if (grown == NULL) {
            free(buf);
            fclose(f);
            return NULL;
        }
        buf = grown;
        memcpy(buf + len, chunk, n);
        len += n;
    }
    if (ferror(f)) {
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    if (buf == NULL) {
        buf = (unsigned char *)malloc(1); /* empty file: zero-length input */
        if (buf == NULL) {
            return NULL;
        }
    }
    *out_len = len;
    return buf;
}

static int replay_file(const char *path, unsigned long *num_run)
{
    size_t len = 0;
    unsigned char *data = replay_read(path, &len);

    if (data == NULL) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        return 0;
    }
    fprintf(stderr, "replay: %s (%lu bytes)\n", path, (unsigned long)len);
    LLVMFuzzerTestOneInput(data, len);
    free(data);
    (*num_run)++;
    return 1;
}

/* Builds dir + "/" + name in a fresh block. */
static char *replay_join(const char *dir, const char *name)
{
    size_t dir_len = strlen(dir);
    size_t name_len = strlen(name);
    char *path = (char *)malloc(dir_len + name_len + 2);

    if (path != NULL) {
        memcpy(path, dir, dir_len);
        path[dir_len] = '/';
        memcpy(path + dir_len + 1, name, name_len + 1);
    }
    return path;
}

#ifdef _WIN32
static int replay_path(const char *path, unsigned long *num_run)
{
    WIN32_FIND_DATAA found;
    HANDLE h;
    char *pattern;
    int ok = 1;
    DWORD attr = GetFileAttributesA(path);

    if (attr == INVALID_FILE_ATTRIBUTES) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        return 0;
    }
    if ((attr & FILE_ATTRIBUTE_DIRECTORY) == 0) {
        return replay_file(path, num_run);
    }
    pattern = replay_join(path, "*");
    if (pattern == NULL) {
        return 0;
    }
    h = FindFirstFileA(pattern, &found);
    free(pattern);
    if (h == INVALID_HANDLE_VALUE) {
        return 1;
    }
    do {
        if ((found.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) == 0) {
            char *file = replay_join(path, found.cFileName);
            ok = file != NULL && replay_file(file, num_run) && ok;
            free(file);
        }
    } while (FindNextFileA(h, &found));
    FindClose(h);
    return ok;
}
#else
static int replay_path(const char *path, unsigned long *num_run)
{
    struct stat st;
    struct dirent *entry;
    DIR *dir;
    int ok = 1;

    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        return 0;
    }
    if (!S_ISDIR(st.st_mode)) {
        return replay_file(path, num_run);
    }
    dir = opendir(path);
    if (dir == NULL) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return 0;
    }
    while ((entry = readdir(dir)) != NULL) {
        char *file = replay_join(path, entry->d_name);
        if (file == NULL) {
            ok = 0;
            break;
        }
        if (stat(file, &st) == 0 && S_ISREG(st.st_mode)) {
            ok = replay_file(file, num_run) && ok;
        }
        free(file);
    }
    closedir(dir);
    return ok;
}
#endif

int main(int argc, char **argv)
{
    unsigned long num_run = 0;
    int ok = 1;
    int i;

    for (i = 1; i < argc; i++) {
        ok = replay_path(argv[i], &num_run) && ok;
    }
    printf("replay: %lu inputs, %s\n", num_run, ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}
