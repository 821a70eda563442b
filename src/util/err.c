/* Error names and the code-to-status table. */
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
    int code;
    const char *name;
    int http;
} err_table[] = {
    {ERR_OK, "ok", 200},
    {ERR_INVAL, "invalid", 422},
    {ERR_NOTFOUND, "not found", 404},
    {ERR_CONFLICT, "conflict", 409},
    {ERR_TOOBIG, "too big", 413},
    {ERR_DB, "database error", 500},
    {ERR_IO, "i/o error", 500},
    {ERR_EXISTS, "exists", 409},
    {ERR_CANCELLED, "cancelled", 503},
    {ERR_SYNTAX, "malformed", 400},
};

#define ERR_TABLE_LEN (sizeof(err_table) / sizeof(err_table[0]))

const char *err_str(int code)
{
    for (size_t i = 0; i < ERR_TABLE_LEN; i++)
        if (err_table[i].code == code)
            return err_table[i].name;
    return "unknown error";
}

int err_http_status(int code)
{
    for (size_t i = 0; i < ERR_TABLE_LEN; i++)
        if (err_table[i].code == code)
            return err_table[i].http;
    return 500;
}

int err_exit_status(int code)
{
    return code == ERR_OK ? 0 : 1;
}

void err_clear(struct err_info *ei)
{
    if (!ei)
        return;
    ei->code = ERR_OK;
    ei->field[0] = '\0';
    ei->msg[0] = '\0';
}

int err_set(struct err_info *ei, int code, const char *field, const char *fmt,
            ...)
{
    if (!ei)
        return code;
    ei->code = code;
    snprintf(ei->field, sizeof(ei->field), "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ei->msg, sizeof(ei->msg), fmt, ap);
    va_end(ap);
    return code;
}
