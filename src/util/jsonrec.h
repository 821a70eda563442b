/*
 * Reading a large JSON document a record at a time: a top-level object
 * whose members are read one by one, and the elements of a member that is
 * an array one element at a time, so that a file of millions of records
 * (randa import's region file) never has to be in memory whole.
 *
 *     struct jsonrec *r = jsonrec_new(read_fn, file, 16 << 20);
 *     struct jsonrec_item it;
 *     while ((rc = jsonrec_next(r, &it, &ei)) == 0 && it.event != JSONREC_END)
 * {
 *         ... it.name, it.value (owned by the caller), it.line ...
 *         json_decref(it.value);
 *     }
 *     jsonrec_free(r);
 *
 * This file only finds where each value begins and ends; jansson parses
 * each value (strictly: duplicate names inside a value are refused), so
 * that a document this reader reads whole is exactly one jansson reads
 * as an object with distinct member names.
 */
#ifndef RANDA_UTIL_JSONREC_H
#define RANDA_UTIL_JSONREC_H

#include "util/err.h"

#include <jansson.h>
#include <stddef.h>

/* Arrays and objects nest at most this deep inside one value. */
#define JSONREC_DEPTH_MAX 512

enum jsonrec_event {
    JSONREC_MEMBER,    /* a member whose value is not an array: name, value */
    JSONREC_ARRAY,     /* a member whose value is an array begins: name */
    JSONREC_ELEMENT,   /* the next element of that array: value */
    JSONREC_ARRAY_END, /* that array ended: name */
    JSONREC_END,       /* the object closed, with nothing after it */
};

struct jsonrec_item {
    enum jsonrec_event event;
    const char *name; /* the member's name; valid until the next call */
    json_t *value;    /* MEMBER, ELEMENT: a reference the caller owns */
    long line;        /* the line (from 1) the value or name starts on */
};

struct jsonrec;

/*
 * A reader of the document that read(arg, dst, n) yields: it returns the
 * number of bytes it put into dst (at most n), 0 at the end, or -1 when
 * reading failed. A value (a record) longer than max_value bytes is
 * refused with ERR_TOOBIG. The caller frees the reader with
 * jsonrec_free().
 */
struct jsonrec *jsonrec_new(long (*read)(void *arg, char *dst, size_t n),
                            void *arg, size_t max_value);

/*
 * Reads the next item into *out. 0, or ERR_SYNTAX (not JSON, not an
 * object, a duplicate member name, a NUL byte, text after the end; ei
 * says where),
 * ERR_TOOBIG or ERR_IO. After an error or JSONREC_END every further call
 * returns the same error or JSONREC_END again.
 */
int jsonrec_next(struct jsonrec *r, struct jsonrec_item *out,
                 struct err_info *ei);

/* The number of bytes read so far. */
size_t jsonrec_offset(const struct jsonrec *r);

/* Frees r; NULL is a no-op. */
void jsonrec_free(struct jsonrec *r);

#endif
