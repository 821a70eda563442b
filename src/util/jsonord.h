/*
 * A total order of JSON values, and their canonical text: what randa
 * export sorts records and keys by and writes them as, so that the same
 * data gives the same bytes whichever database it comes from.
 */
#ifndef RANDA_UTIL_JSONORD_H
#define RANDA_UTIL_JSONORD_H

#include <jansson.h>

/*
 * Compares a and b: negative, 0 or positive. null < false < true <
 * numbers (by value; an integer before a real of the same value) <
 * strings (byte by byte, which for UTF-8 is the order of code points) <
 * arrays (element by element; a prefix first) < objects (by their
 * canonical text). NULL pointers sort first.
 */
int jsonord_cmp(const json_t *a, const json_t *b);

/*
 * The canonical text of v: compact, object members sorted by name, UTF-8
 * as it is, integers in decimal. The caller frees it; NULL when v holds a
 * string that is not UTF-8 (jansson refuses to make those).
 */
char *jsonord_text(const json_t *v);

#endif
