/* Files embedded into the binary at build time by tools/embed.c. */
#ifndef RANDA_UTIL_EMBED_H
#define RANDA_UTIL_EMBED_H

#include <stddef.h>

/* One embedded file; data is NUL-terminated after len bytes. */
struct embed_file {
    const char *name;
    const unsigned char *data;
    size_t len;
};

#endif
