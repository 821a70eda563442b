/* Allocation that aborts on failure, so call sites need no NULL checks. */
#ifndef RANDA_UTIL_XALLOC_H
#define RANDA_UTIL_XALLOC_H

#include <stddef.h>

/* Like malloc, calloc, realloc and strdup, but never return NULL. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);

/* Grows *p (holding *cap elements of elem bytes) to hold at least need. */
void xgrow(void **p, size_t *cap, size_t need, size_t elem);

#endif
