/*
 * The basic pieces every store header shares: the store handle, the marker
 * of an absent number and the sizes of text fields. Include store/store.h or
 * an area header rather than this one.
 */
#ifndef RANDA_STORE_TYPES_H
#define RANDA_STORE_TYPES_H

#include <stdint.h>

struct store;

#define STORE_NONE INT32_MIN /* an absent optional number */

/* Text field sizes in bytes, including the NUL. */
#define STORE_CODE_MAX  65
#define STORE_NAME_MAX  201
#define STORE_TITLE_MAX 301
#define STORE_EMAIL_MAX 255
#define STORE_HSA_MAX   32
#define STORE_ORGNR_MAX 12
#define STORE_DATE_MAX  11
#define STORE_TIME_MAX  21
#define STORE_NOTE_MAX  201

/* How many goals or units a single row may list. */
#define STORE_LIST_MAX 64

#endif
