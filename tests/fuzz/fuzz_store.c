/*
 * The few store functions the API's readers call (api_arg_specialty), as
 * stubs with no database: the fuzz targets link src/api/json.c without the
 * store. One specialty code exists, so both answers are reachable.
 */
#include "store/store.h"

#include <string.h>

#define FUZZ_STORE_CODE "allmanmedicin"
#define FUZZ_STORE_ID   7

int store_specialty_find(struct store *s, const char *code, int64_t *id,
                         struct err_info *ei)
{
    (void)s;
    if (strcmp(code, FUZZ_STORE_CODE) != 0)
        return err_set(ei, ERR_NOTFOUND, "specialty", "no such specialty");
    *id = FUZZ_STORE_ID;
    return 0;
}
