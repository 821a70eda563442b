/*
 * Writing JSON text straight into a buf, for the few responses that are
 * large and hot (the place overview): no tree of values to build and free.
 * The caller writes the structure ("{", ",", ...) itself with buf_adds;
 * these add the values.
 */
#ifndef RANDA_UTIL_JSONW_H
#define RANDA_UTIL_JSONW_H

#include "util/buf.h"

#include <stdint.h>

/* A JSON string: quoted, with quotes, backslashes and control characters
 * escaped (UTF-8 passes through unchanged). */
int jsonw_str(struct buf *b, const char *s);

/* A whole number. */
int jsonw_int(struct buf *b, int64_t v);

/* Hundredths as a number: 150 is 1.5, 200 is 2, 5 is 0.05. */
int jsonw_hundredths(struct buf *b, int v);

#endif
