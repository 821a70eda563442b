/*
 * A growable byte buffer, always NUL-terminated, with a size cap so that
 * outside input cannot grow it without bound (git's strbuf with curl's
 * dynbuf cap).
 *
 *     struct buf b = BUF_INIT(1 << 20);
 *     buf_addf(&b, "%d trainees", n);
 *     ... b.data is a C string of b.len bytes ...
 *     buf_release(&b);
 *
 * data is never NULL after BUF_INIT; release leaves the buffer reusable.
 */
#ifndef RANDA_UTIL_BUF_H
#define RANDA_UTIL_BUF_H

#include <stddef.h>

struct buf {
    char *data; /* NUL-terminated; points at a shared "" until first growth */
    size_t len;
    size_t alloc; /* private: 0 while data is the shared empty string */
    size_t max;   /* cap on len; 0 means no cap */
};

extern char buf_empty[];

#define BUF_INIT(cap)                                                          \
    {                                                                          \
        buf_empty, 0, 0, (cap)                                                 \
    }

/* Appends n bytes; returns 0, or ERR_TOOBIG (buffer unchanged) past the cap. */
int buf_add(struct buf *b, const void *data, size_t n);

/* Appends a C string; as buf_add. */
int buf_adds(struct buf *b, const char *s);

/* Appends printf-style text; as buf_add. */
int buf_addf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Empties the buffer, keeping its memory. */
void buf_reset(struct buf *b);

/* Frees the memory; the buffer is empty and reusable afterwards. */
void buf_release(struct buf *b);

/* Returns the string, which the caller frees, and empties the buffer. */
char *buf_detach(struct buf *b);

#endif
