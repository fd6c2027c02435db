/*
 * bench_file.c - reading a whole file (bench_file.h).
 */
#include "bench_file.h"

#include <stdio.h>
#include <stdlib.h>

unsigned char *bench_read_file(const char *path, size_t *out_len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data = NULL;
    long size;

    if (f == NULL) {
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (data = (unsigned char *)malloc((size_t)size)) != NULL) {
        if (fread(data, 1, (size_t)size, f) != (size_t)size) {
            free(data);
            data = NULL;
        } else {
            *out_len = (size_t)size;
        }
    }
    fclose(f);
    return data;
}
