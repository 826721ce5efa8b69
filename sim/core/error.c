/*
 * The shared error record: a status, the scenario key at fault and a message.
 */
#include "cascade/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

cascade_status cascade_error_set(cascade_error *err, cascade_status status, const char *key,
                                 const char *fmt, ...)
{
    if (err == NULL) {
        return status;
    }
    err->status = status;
    snprintf(err->key, sizeof err->key, "%s", key ? key : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return status;
}

void cascade_error_clear(cascade_error *err)
{
    if (err != NULL) {
        memset(err, 0, sizeof *err);
    }
}

int cascade_status_exit_code(cascade_status status)
{
    switch (status) {
    case CASCADE_OK:
        return CASCADE_EXIT_OK;
    case CASCADE_EINVAL:
        return CASCADE_EXIT_USAGE;
    default:
        return CASCADE_EXIT_FAILURE;
    }
}
