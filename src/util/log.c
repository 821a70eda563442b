/* The process-wide log level and the line writer. */
#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>

static enum log_level log_level = LOG_INFO;

static const char *const log_names[] = {"error", "warning", "info", "debug"};

void log_set_level(enum log_level level)
{
    log_level = level;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    if (level > log_level)
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    /* One write per line, so lines from threads do not interleave. */
    fprintf(stderr, "randa: %s: %s\n", log_names[level], line);
}
