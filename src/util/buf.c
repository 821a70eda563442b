/* The capped, always NUL-terminated growable buffer. */
#include "util/buf.h"

#include "util/err.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char buf_empty[1];

static int buf_grow(struct buf *b, size_t extra)
{
    if (b->max && (extra > b->max || b->len > b->max - extra))
        return ERR_TOOBIG;
    size_t need = b->len + extra + 1;
    if (need <= b->alloc)
        return 0;
    size_t n = b->alloc ? b->alloc : 64;
    while (n < need)
        n *= 2;
    if (b->alloc == 0) {
        b->data = xmalloc(n);
        b->data[0] = '\0';
    } else {
        b->data = xrealloc(b->data, n);
    }
    b->alloc = n;
    return 0;
}

int buf_add(struct buf *b, const void *data, size_t n)
{
    if (n == 0)
        return 0;
    int rc = buf_grow(b, n);
    if (rc)
        return rc;
    memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int buf_adds(struct buf *b, const char *s)
{
    return buf_add(b, s, strlen(s));
}

int buf_addf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return ERR_INVAL;
    int rc = buf_grow(b, (size_t)n);
    if (rc)
        return rc;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->alloc)
        b->data[0] = '\0';
}

void buf_release(struct buf *b)
{
    if (b->alloc)
        free(b->data);
    b->data = buf_empty;
    b->len = 0;
    b->alloc = 0;
}

char *buf_detach(struct buf *b)
{
    char *s = b->alloc ? b->data : xstrdup("");
    b->data = buf_empty;
    b->len = 0;
    b->alloc = 0;
    return s;
}
