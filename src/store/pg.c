/* The store's PostgreSQL backend (in progress). */
#include "store/store_impl.h"

static int pg_open(const char *target, unsigned flags, struct store **out,
                   struct err_info *ei)
{
    (void)target;
    (void)flags;
    (void)out;
    return err_set(ei, ERR_INVAL, "db", "PostgreSQL is not built in");
}

const struct store_backend store_pg_backend = {
    .name = "postgresql",
    .open = pg_open,
};
